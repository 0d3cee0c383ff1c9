// A call zeroes only the declared locals some path may read before writing them (translate/local-reads.ts):
// the others keep what an earlier frame left in their slots. Each probe here runs right after a function
// that filled the same slots with -1, so a local that should read 0 but was not zeroed reads -1.
import { describe, expect, it } from 'vitest';
import { Instance, Module, Store } from '../../src/index.js';
import type { FuncInst } from '../../src/vm/runtime/func.js';
import { buildModule, i32, i64 } from './wasm-builder.js';

const DIRTY = 0;
// (param i32 c): each reads local 1 (2 for the loop) on a path that did not write it
const PROBES = [
  // if (c) l1 = 5; return l1
  { name: 'if', locals: [i32], body: [0x20, 0, 0x04, 0x40, 0x41, 5, 0x21, 1, 0x0b, 0x20, 1], results: [i32], expect: [0, 5] },
  // block { br_if 0 (c); l1 = 7 } return l1
  { name: 'br_if', locals: [i32], body: [0x02, 0x40, 0x20, 0, 0x0d, 0, 0x41, 7, 0x21, 1, 0x0b, 0x20, 1], results: [i32], expect: [7, 0] },
  // block { block { br_table [0] 1 (c) } l1 = 9 } return l1
  { name: 'br_table', locals: [i32], body: [0x02, 0x40, 0x02, 0x40, 0x20, 0, 0x0e, 1, 0, 1, 0x0b, 0x41, 9, 0x21, 1, 0x0b, 0x20, 1], results: [i32], expect: [9, 0] },
  // loop { acc += c; i += 1; br_if 0 (i < 3) } return acc (both start at 0: read before the first write)
  { name: 'loop', locals: [i32, i32], body: [0x03, 0x40, 0x20, 1, 0x20, 0, 0x6a, 0x21, 1, 0x20, 2, 0x41, 1, 0x6a, 0x22, 2, 0x41, 3, 0x48, 0x0d, 0, 0x0b, 0x20, 1], results: [i32], expect: [0, 3] },
  // block { block { br_if 0 (c); l1 = 1; br 1 } } return l1 (the inner block's end meets the br_if's path)
  { name: 'br_if out', locals: [i32], body: [0x02, 0x40, 0x02, 0x40, 0x20, 0, 0x0d, 0, 0x41, 1, 0x21, 1, 0x0c, 1, 0x0b, 0x0b, 0x20, 1], results: [i32], expect: [1, 0] },
  // (local i64) if (c) l1 = 5; return l1 (both halves zeroed)
  { name: 'i64', locals: [i64], body: [0x20, 0, 0x04, 0x40, 0x42, 5, 0x21, 1, 0x0b, 0x20, 1], results: [i64], expect: [0n, 5n] },
];
// written on every path before any read: no zeroing
const WRITTEN = [
  // if (c) l1 = 2 else l1 = 3; return l1
  { name: 'both arms', locals: [i32], body: [0x20, 0, 0x04, 0x40, 0x41, 2, 0x21, 1, 0x05, 0x41, 3, 0x21, 1, 0x0b, 0x20, 1], expect: [3, 2] },
  // block { l1 = 4; br_if 0 (c); l1 = 6 } return l1
  { name: 'before a branch', locals: [i32], body: [0x02, 0x40, 0x41, 4, 0x21, 1, 0x20, 0, 0x0d, 0, 0x41, 6, 0x21, 1, 0x0b, 0x20, 1], expect: [6, 4] },
  // block { block { br_if 0 (c); l1 = 1; br 1 } l1 = 2 } return l1 (written on both paths that meet at the end)
  { name: 'branches meet', locals: [i32], body: [0x02, 0x40, 0x02, 0x40, 0x20, 0, 0x0d, 0, 0x41, 1, 0x21, 1, 0x0c, 1, 0x0b, 0x41, 2, 0x21, 1, 0x0b, 0x20, 1], expect: [1, 2] },
  // l1 = c; loop { l1 += 1; br_if 0 (l1 < 5) } return l1
  { name: 'before a loop', locals: [i32], body: [0x20, 0, 0x21, 1, 0x03, 0x40, 0x20, 1, 0x41, 1, 0x6a, 0x22, 1, 0x41, 5, 0x48, 0x0d, 0, 0x0b, 0x20, 1], expect: [5, 5] },
];

function instantiate() {
  const probes = [...PROBES, ...WRITTEN.map((w) => ({ ...w, results: [i32] }))];
  const bytes = buildModule({
    funcs: [
      // dirty(): eight i64 locals set to -1, the slots a probe's frame reuses
      { params: [], results: [i32], locals: Array(8).fill(i64), body: [...Array.from({ length: 8 }, (_, j) => [0x42, 0x7f, 0x21, j]).flat(), 0x41, 0] },
      ...probes.map((p) => ({ params: [i32], results: p.results, locals: p.locals, body: p.body })),
      // run_k(c) = dirty(); probe_k(c): the probe's frame starts where dirty's did
      ...probes.map((p, k) => ({ params: [i32], results: p.results, body: [0x10, DIRTY, 0x1a, 0x20, 0, 0x10, 1 + k], export: p.name })),
    ],
  });
  const store = new Store({ tier: 'interpreter' });
  const inst = new Instance(new Module(bytes), {}, { store });
  const probe = (k: number) => (store as unknown as { funcs: FuncInst[] }).funcs[1 + k];
  return { exports: inst.exports as Record<string, (c: number) => unknown>, probe };
}

describe('locals zeroed on entry', () => {
  const { exports, probe } = instantiate();
  for (const p of PROBES) {
    it(`reads 0 from a local not written on the path: ${p.name}`, () => {
      expect([exports[p.name](0), exports[p.name](1)]).toEqual(p.expect);
    });
  }
  WRITTEN.forEach((w, k) => {
    it(`zeroes nothing for a local written before any read: ${w.name}`, () => {
      expect([exports[w.name](0), exports[w.name](1)]).toEqual(w.expect);
      const f = probe(PROBES.length + k);
      expect(f.zeroTo - f.zeroFrom).toBe(0);
    });
  });
  it('zeroes the span of the locals read first', () => {
    const f = probe(PROBES.findIndex((p) => p.name === 'loop'));
    expect([f.zeroFrom, f.zeroTo]).toEqual([2, 6]);
  });
});
