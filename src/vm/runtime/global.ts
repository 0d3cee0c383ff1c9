// A global: a cell of its store's `globals` (4 int32 units) plus `globalRefs` for references.
// A global created from JS (`new Global`) belongs to no instance yet: it gets a private cell store and moves
// into the first store whose instance imports it (`bindTo`), so an imported JS global is as fast as a
// module's own. Code of any other store reaches it through this object (translator: GLOBAL_GET_X).
import type { GlobalType } from '../../decoder/module.js';
import type { ValidatedModule } from '../../validate/validated-module.js';
import { Machine } from './machine.js';

export class GlobalInst {
  /** The store whose `globals` holds the cell. */
  store: Machine;
  /** Unit address in store.globals (a multiple of 4). */
  addr: number;
  /** True while the global lives in its private cell store (created from JS, not imported by wasm yet). */
  floating: boolean;
  readonly type: GlobalType;
  wrapper: unknown = undefined;
  /** The module whose type index space `type` refers to (concrete reference types); null from JS. */
  owner: ValidatedModule | null = null;

  constructor(type: GlobalType, store: Machine | null = null) {
    this.type = type;
    this.floating = store === null;
    this.store = store ?? new Machine();
    this.addr = this.store.allocGlobal();
  }

  /** Copies units/ref of a value into the cell. */
  setRaw(units: ArrayLike<number>, ref: unknown): void {
    const G = this.store.globals;
    for (let i = 0; i < 4; i++) G[this.addr + i] = units[i] ?? 0;
    this.store.globalRefs[this.addr] = ref;
  }

  /** Moves a floating global's cell into `store` (no code addresses the private cell: nothing to patch). */
  bindTo(store: Machine): void {
    if (!this.floating) return;
    const from = this.store;
    const at = this.addr;
    this.store = store;
    this.addr = store.allocGlobal();
    this.setRaw(from.globals.subarray(at, at + 4), from.globalRefs[at]);
    this.floating = false;
  }
}
