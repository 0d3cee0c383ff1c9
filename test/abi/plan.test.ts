// Function plans: core signatures per flatten_functype, caching, and full calls through callExport /
// hostTrampoline against a "guest" written in JS over the test memory.
import { describe, expect, it } from 'vitest';
import * as T from '../../src/component/value-types.js';
import { AbiContext, callExport, exportPlan, hostTrampoline, importPlan, type FlatValue } from '../../src/abi/index.js';
import { testMemory, testOptions } from './helpers.js';

const fn = (params: T.ValueType[], result?: T.ValueType) =>
  T.funcType(params.map((type, i) => ({ name: `p${i}`, type })), result);

describe('core signatures', () => {
  it('flat params and a single flat result', () => {
    const ft = fn([T.u8, T.string, T.f64], T.u64);
    expect(exportPlan(ft).coreParams).toEqual(['i32', 'i32', 'i32', 'f64']);
    expect(exportPlan(ft).coreResults).toEqual(['i64']);
    expect(importPlan(ft).coreParams).toEqual(['i32', 'i32', 'i32', 'f64']);
    expect(importPlan(ft).coreResults).toEqual(['i64']);
  });
  it('more than 16 flat params spill to one pointer', () => {
    const ft = fn(Array.from({ length: 17 }, () => T.u32));
    expect(exportPlan(ft).coreParams).toEqual(['i32']);
    expect(importPlan(ft).coreParams).toEqual(['i32']);
    expect(exportPlan(fn(Array.from({ length: 16 }, () => T.u32))).coreParams).toHaveLength(16);
  });
  it('more than 1 flat result: return pointer (lift) or out-pointer param (lower)', () => {
    const ft = fn([T.u32], T.string);
    expect(exportPlan(ft).coreResults).toEqual(['i32']);
    expect(importPlan(ft).coreParams).toEqual(['i32', 'i32']);
    expect(importPlan(ft).coreResults).toEqual([]);
  });
  it('no result', () => {
    expect(exportPlan(fn([])).coreResults).toEqual([]);
    expect(importPlan(fn([])).coreResults).toEqual([]);
  });
  it('plans are built once per function type object', () => {
    const ft = fn([T.string]);
    expect(exportPlan(ft)).toBe(exportPlan(ft));
    expect(importPlan(ft)).toBe(importPlan(ft));
  });
});

describe('calls', () => {
  it('callExport lowers, calls, lifts and runs post-return', () => {
    // Guest: (s: string, n: u32) -> string, returns s repeated n times through a return pointer.
    const o = testOptions('utf8');
    const post: unknown[][] = [];
    const opts = { ...o, postReturn: (...r: unknown[]) => void post.push(r) };
    const core = (args: FlatValue[]): FlatValue[] => {
      const [ptr, len, n] = args as number[];
      const u8 = o.mem.u8;
      const total = len * n;
      const out = o.mem.realloc(0, 0, 1, total);
      for (let i = 0; i < n; i++) o.mem.u8.copyWithin(out + i * len, ptr, ptr + len);
      void u8;
      const ret = o.mem.realloc(0, 0, 4, 8);
      const dv = new DataView(o.mem.u8.buffer);
      dv.setUint32(ret, out, true);
      dv.setUint32(ret + 4, total, true);
      return [ret];
    };
    const ft = fn([T.string, T.u32], T.string);
    expect(callExport(ft, opts, undefined, core, ['ab€', 3])).toBe('ab€ab€ab€');
    expect(post).toHaveLength(1);
  });

  it('hostTrampoline lifts params, calls the host and stores a big result through the out-pointer', () => {
    const o = testOptions('utf16');
    const ft = fn([T.list(T.u32), T.option(T.string)], T.tuple([T.u64, T.string]));
    const host = (xs: Uint32Array, label: string | undefined) => [xs.reduce((a, b) => a + BigInt(b), 0n), label ?? 'none'];
    const tramp = hostTrampoline(ft, o, undefined, host as (...a: unknown[]) => unknown);
    // The "guest" prepares its arguments in memory, like compiled code would.
    const cx = new AbiContext(o);
    const args = exportPlan(fn([T.list(T.u32), T.option(T.string)])).lowerParams(cx, [Uint32Array.of(1, 2, 3), 'sum']);
    const out = o.mem.realloc(0, 0, 8, 16);
    expect(tramp([...args, out])).toEqual([]);
    const back = exportPlan(fn([], T.tuple([T.u64, T.string]))).liftResult(new AbiContext(o), [out]);
    expect(back).toEqual([6n, 'sum']);
  });

  it('a memory that grows during lowering is re-read', () => {
    const m = testMemory(256);
    const o = { memory: m, realloc: m.realloc };
    const ft = fn([T.list(T.record([{ name: 'name', type: T.string }, { name: 'n', type: T.u32 }]))]);
    const v = Array.from({ length: 200 }, (_, i) => ({ name: `name-${i}-é`, n: i }));
    const cx = new AbiContext(o);
    const flat = exportPlan(ft).lowerParams(cx, [v]);
    expect(m.u8.length).toBeGreaterThan(256);
    expect(importPlan(ft).liftParams(new AbiContext(o), flat)).toEqual([v]);
  });

  it('argument count is checked', () => {
    expect(() => exportPlan(fn([T.u8])).lowerParams(new AbiContext({}), [])).toThrow(TypeError);
  });
});
