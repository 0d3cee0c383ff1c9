// A global: a cell of machine.globals (4 int32 units) plus machine.globalRefs for references.
import type { GlobalType } from '../../decoder/module.js';
import type { ValidatedModule } from '../../validate/validated-module.js';
import { machine } from './machine.js';

export class GlobalInst {
  /** Unit address in machine.globals (a multiple of 4). */
  readonly addr: number;
  readonly type: GlobalType;
  wrapper: unknown = undefined;
  /** The module whose type index space `type` refers to (concrete reference types); null from JS. */
  owner: ValidatedModule | null = null;

  constructor(type: GlobalType) {
    this.type = type;
    this.addr = machine.allocGlobal();
  }

  /** Copies units/ref of a value into the cell. */
  setRaw(units: ArrayLike<number>, ref: unknown): void {
    const G = machine.globals;
    for (let i = 0; i < 4; i++) G[this.addr + i] = units[i] ?? 0;
    machine.globalRefs[this.addr] = ref;
  }
}
