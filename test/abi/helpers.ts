// Test doubles for the ABI: a growable JS memory with a bump realloc that records its calls, and a
// simple handle table (spec-like: index 0 reserved, traps on unknown handles).
import type { AbiMemory, AbiOptions, HandleTables, StringEncoding } from '../../src/abi/index.js';
import type { HandleType } from '../../src/component/value-types.js';
import { Trap } from '../../src/vm/errors.js';

export interface TestMemory extends AbiMemory {
  u8: Uint8Array;
  top: number;
  calls: [number, number, number, number][];
  realloc(old: number, oldSize: number, align: number, newSize: number): number;
  grow(min: number): void;
}

/** A memory of `size` bytes; realloc bumps, copies on growth, shrinks in place, grows the memory. */
export function testMemory(size = 1 << 16, opts: { record?: boolean; grow?: boolean } = {}): TestMemory {
  const m: TestMemory = {
    u8: new Uint8Array(size),
    top: 16,
    calls: [],
    bytes() {
      return m.u8;
    },
    grow(min: number) {
      let n = m.u8.length;
      while (n < min) n *= 2;
      const next = new Uint8Array(n);
      next.set(m.u8);
      m.u8 = next; // a new view: the ABI must re-read it
    },
    realloc(old, oldSize, align, newSize) {
      if (opts.record) m.calls.push([old, oldSize, align, newSize]);
      if (old !== 0 && newSize <= oldSize) return old;
      const ptr = Math.ceil(m.top / align) * align;
      m.top = ptr + newSize;
      if (m.top > m.u8.length) {
        if (opts.grow === false) return ptr; // let the ABI detect the bad pointer
        m.grow(m.top);
      }
      if (old !== 0) m.u8.copyWithin(ptr, old, old + Math.min(oldSize, newSize));
      return ptr;
    },
  };
  return m;
}

export function testOptions(enc: StringEncoding = 'utf8', mem = testMemory()): AbiOptions & { mem: TestMemory } {
  return { memory: mem, realloc: mem.realloc, stringEncoding: enc, mem };
}

/** Handle tables keyed by resource type; host values are stored as the handle's "rep". */
export class TestHandles implements HandleTables {
  private tables = new Map<unknown, ({ value: unknown; own: boolean } | undefined)[]>();
  private table(t: HandleType) {
    let tb = this.tables.get(t.resource);
    if (!tb) this.tables.set(t.resource, (tb = [undefined]));
    return tb;
  }
  private add(t: HandleType, value: unknown, own: boolean): number {
    const tb = this.table(t);
    tb.push({ value, own });
    return tb.length - 1;
  }
  lowerOwn(t: HandleType, value: unknown): number {
    return this.add(t, value, true);
  }
  lowerBorrow(t: HandleType, value: unknown): number {
    return this.add(t, value, false);
  }
  liftOwn(t: HandleType, i: number): unknown {
    const tb = this.table(t);
    const e = tb[i];
    if (e === undefined) throw new Trap('unknown handle index ' + i);
    if (!e.own) throw new Trap('not an own handle');
    tb[i] = undefined;
    return e.value;
  }
  liftBorrow(t: HandleType, i: number): unknown {
    const e = this.table(t)[i];
    if (e === undefined) throw new Trap('unknown handle index ' + i);
    return e.value;
  }
}
