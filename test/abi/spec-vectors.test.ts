// Test vectors from the component-model repo's canonical-abi/run_tests.py, restated in our JS mapping:
// flat lifting (wrapping, chars, variant coercions), NaN canonicalization, lists in memory with padding,
// flags, and flatten_functype.
import { describe, expect, it } from 'vitest';
import * as T from '../../src/component/value-types.js';
import { AbiContext, exportPlan, flattenType, importPlan, memoryCodec, type FlatValue } from '../../src/abi/index.js';
import { Trap } from '../../src/vm/errors.js';
import { testOptions } from './helpers.js';

const fn = (params: T.ValueType[], result?: T.ValueType) =>
  T.funcType(params.map((type, i) => ({ name: `p${i}`, type })), result);
const cases = (...ts: (T.ValueType | undefined)[]) => T.variant(ts.map((type, i) => ({ name: String(i), type })));
const names = (n: number) => Array.from({ length: n }, (_, i) => `n${i}`);

/** Lift `vals` (given as in run_tests.py: ints for i32/i64 slots, floats for f32/f64) as a `t` param. */
function lift(t: T.ValueType, vals: (number | bigint)[], bytes?: number[]): unknown {
  const flat = flattenType(t);
  const f: FlatValue[] = vals.map((v, i) => (flat[i] === 'i64' ? BigInt(v) : Number(v)));
  const o = testOptions();
  const cx = new AbiContext(o);
  if (bytes) cx.u8.set(bytes, 0);
  return importPlan(fn([t])).liftParams(cx, f)[0];
}

function expectLift(t: T.ValueType, vals: (number | bigint)[], v: unknown, bytes?: number[]) {
  if (v === null) {
    expect(() => lift(t, vals, bytes)).toThrow(Trap);
    return;
  }
  expect(lift(t, vals, bytes)).toEqual(v);
  // And the value lowers and lifts back unchanged.
  const cx = new AbiContext(testOptions());
  const ft = fn([t]);
  expect(importPlan(ft).liftParams(cx, exportPlan(ft).lowerParams(cx, [v]))[0]).toEqual(v);
}

describe('flat lifting vectors', () => {
  it('records, tuples and flags', () => {
    expectLift(T.record([{ name: 'x', type: T.u8 }, { name: 'y', type: T.u16 }, { name: 'z', type: T.u32 }]), [1, 2, 3], { x: 1, y: 2, z: 3 });
    expectLift(T.tuple([T.tuple([T.u8, T.u8]), T.u8]), [1, 2, 3], [[1, 2], 3]);
    const ab = T.flags(['a', 'b']);
    expectLift(ab, [0], { a: false, b: false });
    expectLift(ab, [2], { a: false, b: true });
    expectLift(ab, [3], { a: true, b: true });
    expect(lift(ab, [4])).toEqual({ a: false, b: false });
    const f33 = T.flags(names(33));
    expectLift(f33, [0xffffffff, 1], Object.fromEntries(names(33).map((n) => [n, true])));
  });
  it('variants coerce joined slots', () => {
    const t = T.variant([
      { name: 'x', type: T.u8 },
      { name: 'y', type: T.f32 },
      { name: 'z', type: undefined },
    ]);
    expectLift(t, [0, 42], { tag: 'x', val: 42 });
    expect(lift(t, [0, 256])).toEqual({ tag: 'x', val: 0 });
    expectLift(t, [1, 0x4048f5c3], { tag: 'y', val: Math.fround(3.14) });
    expect(lift(t, [2, 0xffffffff])).toEqual({ tag: 'z' });
    const u = cases(T.u32, T.u64);
    expectLift(u, [0, 42], { tag: '0', val: 42 });
    expect(lift(u, [0, 2 ** 35])).toEqual({ tag: '0', val: 0 });
    expectLift(u, [1, 2 ** 35], { tag: '1', val: 2n ** 35n });
    const fu = cases(T.f32, T.u64);
    expectLift(fu, [0, 0x4048f5c3], { tag: '0', val: Math.fround(3.14) });
    expect(lift(fu, [0, 2 ** 35])).toEqual({ tag: '0', val: 0 });
    const du = cases(T.f64, T.u64);
    expectLift(du, [0, 0x40091eb851eb851fn], { tag: '0', val: 3.14 });
    expect((lift(du, [0, 2 ** 35]) as { val: number }).val).toBeCloseTo(1.69759663277e-313, 320);
    expect(() => lift(cases(T.u8), [1, 256])).toThrow(Trap);
    expect(lift(cases(T.u8), [0, 256])).toEqual({ tag: '0', val: 0 });
    const tu = cases(T.tuple([T.u8, T.f32]), T.u64);
    expectLift(tu, [0, 42, 3.14], { tag: '0', val: [42, Math.fround(3.14)] });
    expectLift(tu, [1, 2 ** 35, 0], { tag: '1', val: 2n ** 35n });
    expectLift(T.option(T.f32), [0, 3.14], undefined);
    expectLift(T.option(T.f32), [1, 3.14], Math.fround(3.14));
    expectLift(T.result(T.u8, T.u32), [0, 42], { tag: 'ok', val: 42 });
    expectLift(T.result(T.u8, T.u32), [1, 1000], { tag: 'err', val: 1000 });
  });
  it('scalars wrap; chars and enums trap out of range', () => {
    const pairs: [T.ValueType, [number | bigint, unknown][]][] = [
      [T.bool, [[0, false], [1, true], [2, true], [4294967295, true]]],
      [T.u8, [[127, 127], [128, 128], [255, 255], [256, 0], [4294967295, 255], [4294967168, 128], [4294967167, 127]]],
      [T.s8, [[127, 127], [128, -128], [255, -1], [256, 0], [4294967295, -1], [4294967168, -128], [4294967167, 127]]],
      [T.u16, [[32767, 32767], [32768, 32768], [65535, 65535], [65536, 0], [2 ** 32 - 1, 65535], [2 ** 32 - 32768, 32768], [2 ** 32 - 32769, 32767]]],
      [T.s16, [[32767, 32767], [32768, -32768], [65535, -1], [65536, 0], [2 ** 32 - 1, -1], [2 ** 32 - 32768, -32768], [2 ** 32 - 32769, 32767]]],
      [T.u32, [[2 ** 31 - 1, 2 ** 31 - 1], [2 ** 31, 2 ** 31], [2 ** 32 - 1, 2 ** 32 - 1]]],
      [T.s32, [[2 ** 31 - 1, 2 ** 31 - 1], [2 ** 31, -(2 ** 31)], [2 ** 32 - 1, -1]]],
      [T.u64, [[2n ** 63n - 1n, 2n ** 63n - 1n], [2n ** 63n, 2n ** 63n], [2n ** 64n - 1n, 2n ** 64n - 1n]]],
      [T.s64, [[2n ** 63n - 1n, 2n ** 63n - 1n], [2n ** 63n, -(2n ** 63n)], [2n ** 64n - 1n, -1n]]],
      [T.f64, [[3.14, 3.14]]],
      [T.char, [[0, '\0'], [65, 'A'], [0xd7ff, '\ud7ff'], [0xd800, null], [0xdfff, null], [0xe000, '\ue000'], [0x10ffff, '\u{10ffff}'], [0x110000, null], [0xffffffff, null]]],
      [T.enumType(['a', 'b']), [[0, 'a'], [1, 'b'], [2, null]]],
    ];
    for (const [t, ps] of pairs) for (const [arg, v] of ps) (v === null ? expectLift(t, [arg], null) : expect(lift(t, [arg])).toEqual(v));
  });
});

describe('NaN canonicalization vectors', () => {
  const f32 = (bits: number) => {
    const cx = new AbiContext(testOptions());
    cx.dv.setUint32(0, bits, true);
    const v = memoryCodec(T.f32).load(cx, 0) as number;
    memoryCodec(T.f32).store(cx, v, 8);
    return cx.dv.getUint32(8, true);
  };
  const f64 = (bits: bigint) => {
    const cx = new AbiContext(testOptions());
    cx.dv.setBigUint64(0, bits, true);
    const v = memoryCodec(T.f64).load(cx, 0) as number;
    memoryCodec(T.f64).store(cx, v, 8);
    return cx.dv.getBigUint64(8, true);
  };
  it('f32', () => {
    for (const b of [0x7fc00000, 0x7fc00001, 0x7fe00000, 0x7fffffff, 0xffffffff]) expect(f32(b)).toBe(0x7fc00000);
    expect(f32(0x7f800000)).toBe(0x7f800000);
    expect(f32(0x3fc00000)).toBe(0x3fc00000);
  });
  it('f64', () => {
    for (const b of [0x7ff8000000000000n, 0x7ff8000000000001n, 0x7ffc000000000000n, 0x7fffffffffffffffn, 0xffffffffffffffffn]) {
      expect(f64(b)).toBe(0x7ff8000000000000n);
    }
    expect(f64(0x7ff0000000000000n)).toBe(0x7ff0000000000000n);
    expect(f64(0x3ff0000000000000n)).toBe(0x3ff0000000000000n);
  });
});

describe('lists in memory', () => {
  const heap = (t: T.ValueType, v: unknown, args: number[], bytes: number[]) => expectLift(T.list(t), args, v, bytes);
  it('scalars', () => {
    heap(T.bool, [true, false, true], [0, 3], [1, 0, 1]);
    heap(T.bool, [true, false, true], [0, 3], [1, 0, 2]);
    heap(T.bool, [true, false, true], [3, 3], [0xff, 0xff, 0xff, 1, 0, 1]);
    heap(T.u8, Uint8Array.of(1, 2, 3), [0, 3], [1, 2, 3]);
    heap(T.u16, Uint16Array.of(1, 2, 3), [0, 3], [1, 0, 2, 0, 3, 0]);
    heap(T.u16, null, [1, 3], [0, 1, 0, 2, 0, 3, 0]);
    heap(T.u32, Uint32Array.of(1, 2, 3), [0, 3], [1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0]);
    heap(T.u64, BigUint64Array.of(1n, 2n), [0, 2], [1, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0]);
    heap(T.s8, Int8Array.of(-1, -2, -3), [0, 3], [0xff, 0xfe, 0xfd]);
    heap(T.s16, Int16Array.of(-1, -2, -3), [0, 3], [0xff, 0xff, 0xfe, 0xff, 0xfd, 0xff]);
    heap(T.s64, BigInt64Array.of(-1n, -2n), [0, 2], [...Array(8).fill(0xff), 0xfe, ...Array(7).fill(0xff)]);
    heap(T.char, ['A', 'B', 'c'], [0, 3], [65, 0, 0, 0, 66, 0, 0, 0, 99, 0, 0, 0]);
  });
  it('strings and nested lists', () => {
    const h = 'h'.charCodeAt(0);
    heap(T.string, ['hi', 'wat'], [0, 2], [16, 0, 0, 0, 2, 0, 0, 0, 21, 0, 0, 0, 3, 0, 0, 0, h, 105, 0xf, 0xf, 0xf, 119, 97, 116]);
    heap(T.list(T.u8), [Uint8Array.of(3, 4, 5), Uint8Array.of(), Uint8Array.of(6, 7)], [0, 3], [24, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 27, 0, 0, 0, 2, 0, 0, 0, 3, 4, 5, 6, 7]);
    heap(T.list(T.u16), [Uint16Array.of(5, 6)], [0, 1], [8, 0, 0, 0, 2, 0, 0, 0, 5, 0, 6, 0]);
    heap(T.list(T.u16), null, [0, 1], [9, 0, 0, 0, 2, 0, 0, 0, 0, 5, 0, 6, 0]);
  });
  it('tuples with padding', () => {
    heap(T.tuple([T.u8, T.u8, T.u16, T.u32]), [[6, 7, 8, 9], [4, 5, 6, 7]], [0, 2], [6, 7, 8, 0, 9, 0, 0, 0, 4, 5, 6, 0, 7, 0, 0, 0]);
    heap(T.tuple([T.u8, T.u16, T.u8, T.u32]), [[6, 7, 8, 9], [4, 5, 6, 7]], [0, 2], [6, 0xff, 7, 0, 8, 0xff, 0xff, 0xff, 9, 0, 0, 0, 4, 0xff, 5, 0, 6, 0xff, 0xff, 0xff, 7, 0, 0, 0]);
    heap(T.tuple([T.u16, T.u8]), [[6, 7], [8, 9]], [0, 2], [6, 0, 7, 0xff, 8, 0, 9, 0xff]);
    heap(T.tuple([T.tuple([T.u16, T.u8]), T.u8]), [[[4, 5], 6], [[7, 8], 9]], [0, 2], [4, 0, 5, 0xff, 6, 0xff, 7, 0, 8, 0xff, 9, 0xff]);
  });
  it('variants with padding', () => {
    heap(cases(T.record([{ name: 'z', type: T.u8 }]), T.u8, T.tuple([T.u8, T.u16])), [{ tag: '0', val: { z: 0xff } }, { tag: '1', val: 42 }, { tag: '2', val: [6, 7] }], [0, 3], [0, 0xff, 0xff, 0xff, 0xff, 0xff, 1, 0xff, 42, 0xff, 0xff, 0xff, 2, 0xff, 6, 0xff, 7, 0]);
    heap(cases(T.u32, T.u8), [{ tag: '0', val: 256 }, { tag: '1', val: 42 }], [0, 2], [0, 0xff, 0xff, 0xff, 0, 1, 0, 0, 1, 0xff, 0xff, 0xff, 42, 0xff, 0xff, 0xff]);
    heap(T.tuple([cases(T.u8, T.tuple([T.u16, T.u8])), T.u8]), [[{ tag: '1', val: [5, 6] }, 7], [{ tag: '0', val: 8 }, 9]], [0, 2], [1, 0xff, 5, 0, 6, 0xff, 7, 0xff, 0, 0xff, 8, 0xff, 0xff, 0xff, 9, 0xff]);
    heap(cases(T.u8), [{ tag: '0', val: 6 }, { tag: '0', val: 7 }, { tag: '0', val: 8 }], [0, 3], [0, 6, 0, 7, 0, 8]);
  });
  it('flags', () => {
    const ab = T.flags(['a', 'b']);
    heap(ab, [{ a: false, b: false }, { a: false, b: true }, { a: true, b: true }], [0, 3], [0, 2, 3]);
    expect(lift(T.list(ab), [0, 3], [0, 2, 4])).toEqual([{ a: false, b: false }, { a: false, b: true }, { a: false, b: false }]);
    for (const n of [9, 17, 33]) {
      const t = T.flags(names(n));
      const all = (b: boolean) => Object.fromEntries(names(n).map((k) => [k, b]));
      const size = n === 9 ? 2 : n === 17 ? 4 : 8;
      const ones = [...Array(Math.floor(n / 8)).fill(0xff), 0x1];
      const extra = [...Array(Math.floor(n / 8)).fill(0xff), 0x3];
      const pad = (b: number[]) => [...b, ...Array(size - b.length).fill(0)];
      heap(t, [all(true), all(false)], [0, 2], [...pad(ones), ...Array(size).fill(0)]);
      expect(lift(T.list(t), [0, 2], [...pad(extra), ...Array(size).fill(0)])).toEqual([all(true), all(false)]);
    }
  });
});

describe('flatten_functype vectors', () => {
  const check = (params: T.ValueType[], results: T.ValueType | undefined, flatP: string[], flatR: string[]) => {
    const ft = fn(params, results);
    const liftP = flatP.length > 16 ? ['i32'] : flatP;
    expect(exportPlan(ft).coreParams).toEqual(liftP);
    expect(exportPlan(ft).coreResults).toEqual(flatR.length > 1 ? ['i32'] : flatR);
    expect(importPlan(ft).coreParams).toEqual(flatR.length > 1 ? [...liftP, 'i32'] : liftP);
    expect(importPlan(ft).coreResults).toEqual(flatR.length > 1 ? [] : flatR);
  };
  it('matches run_tests.py', () => {
    check([T.u8, T.f32, T.f64], undefined, ['i32', 'f32', 'f64'], []);
    check([T.u8, T.f32, T.f64], T.f32, ['i32', 'f32', 'f64'], ['f32']);
    check([T.u8, T.f32, T.f64], T.u8, ['i32', 'f32', 'f64'], ['i32']);
    check([T.u8, T.f32, T.f64], T.tuple([T.f32]), ['i32', 'f32', 'f64'], ['f32']);
    check([T.u8, T.f32, T.f64], T.tuple([T.f32, T.f32]), ['i32', 'f32', 'f64'], ['f32', 'f32']);
    check(Array(17).fill(T.u8), undefined, Array(17).fill('i32'), []);
    check(Array(17).fill(T.u8), T.tuple([T.u8, T.u8]), Array(17).fill('i32'), ['i32', 'i32']);
  });
});
