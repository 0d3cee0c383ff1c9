// A table: a JS array of references (null, a FuncInst for funcref, any JS value for externref).
import type { ValidatedModule } from '../../validate/validated-module.js';
import type { ValType } from '../../decoder/module.js';

/** Tables may not exceed this many elements (the JS API's limit; also keeps the JS array sane). */
export const MAX_TABLE_SIZE = 10_000_000;

export class TableInst {
  elements: unknown[];
  readonly max: number | undefined;
  /** @internal Element reference type (decoder encoding). */
  readonly elemType: ValType;
  /** table64: indices are i64. */
  index64 = false;
  /** The embedder's cap (a store's `limits.tableElements`), below MAX_TABLE_SIZE. */
  cap = MAX_TABLE_SIZE;
  wrapper: unknown = undefined;
  /** The module whose type index space `elemType` refers to (concrete reference types); null from JS. */
  owner: ValidatedModule | null = null;

  constructor(elemType: ValType, initial: number, max: number | undefined, init: unknown) {
    this.elemType = elemType;
    this.max = max;
    if (initial > MAX_TABLE_SIZE) throw new RangeError('table size exceeds the limit');
    this.elements = new Array(initial).fill(init);
  }

  get size(): number {
    return this.elements.length;
  }

  /** table.grow: the old size, or -1 when the table cannot grow by `delta`. */
  grow(delta: number, init: unknown): number {
    const old = this.elements.length;
    delta = delta >>> 0;
    const limit = Math.min(this.max === undefined ? MAX_TABLE_SIZE : this.max, this.cap);
    if (old + delta > limit) return -1;
    for (let i = 0; i < delta; i++) this.elements.push(init);
    return old;
  }
}
