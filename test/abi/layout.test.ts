// Sizes, alignments and flattenings, case by case from CanonicalABI.md.
import { describe, expect, it } from 'vitest';
import * as T from '../../src/component/value-types.js';
import { alignmentOf, discriminantSize, flattenType, join, sizeOf, flattenTypes } from '../../src/abi/index.js';

const rec = (...ts: T.ValueType[]) => T.record(ts.map((type, i) => ({ name: `f${i}`, type })));
const vnt = (...ts: (T.ValueType | undefined)[]) => T.variant(ts.map((type, i) => ({ name: `c${i}`, type })));
const names = (n: number) => Array.from({ length: n }, (_, i) => `n${i}`);

describe('primitives', () => {
  const cases: [T.ValueType, number, number, string[]][] = [
    [T.bool, 1, 1, ['i32']],
    [T.s8, 1, 1, ['i32']],
    [T.u8, 1, 1, ['i32']],
    [T.s16, 2, 2, ['i32']],
    [T.u16, 2, 2, ['i32']],
    [T.s32, 4, 4, ['i32']],
    [T.u32, 4, 4, ['i32']],
    [T.s64, 8, 8, ['i64']],
    [T.u64, 8, 8, ['i64']],
    [T.f32, 4, 4, ['f32']],
    [T.f64, 8, 8, ['f64']],
    [T.char, 4, 4, ['i32']],
    [T.string, 8, 4, ['i32', 'i32']],
    [T.list(T.u8), 8, 4, ['i32', 'i32']],
    [T.errorContext, 4, 4, ['i32']],
    [T.own(new T.ResourceType('host', 'r')), 4, 4, ['i32']],
    [T.borrow(new T.ResourceType('host', 'r')), 4, 4, ['i32']],
    [T.stream(T.u8), 4, 4, ['i32']],
    [T.future(), 4, 4, ['i32']],
  ];
  for (const [t, size, align, flat] of cases) {
    it(`${t.kind}: size ${size}, align ${align}, flat ${flat.join(',')}`, () => {
      expect(sizeOf(t)).toBe(size);
      expect(alignmentOf(t)).toBe(align);
      expect(flattenType(t)).toEqual(flat);
    });
  }
});

describe('records and tuples', () => {
  it('pads fields to their alignment and the end to the record alignment', () => {
    expect(sizeOf(rec(T.u8, T.u16, T.u32))).toBe(8);
    expect(sizeOf(rec(T.u8, T.u32, T.u8))).toBe(12);
    expect(alignmentOf(rec(T.u8, T.u32, T.u8))).toBe(4);
    expect(sizeOf(rec(T.u8, T.u64))).toBe(16);
    expect(alignmentOf(rec(T.u8, T.u64))).toBe(8);
    expect(sizeOf(T.tuple([T.u8, T.u8, T.u8]))).toBe(3);
    expect(alignmentOf(T.tuple([T.u8, T.u8, T.u8]))).toBe(1);
  });
  it('flattens to the concatenation of the fields', () => {
    expect(flattenType(rec(T.u8, T.string, T.f64, T.u64))).toEqual(['i32', 'i32', 'i32', 'f64', 'i64']);
    expect(flattenType(T.tuple([T.f32, T.tuple([T.u8, T.s64])]))).toEqual(['f32', 'i32', 'i64']);
  });
});

describe('variants', () => {
  it('uses the smallest discriminant that covers the cases', () => {
    expect(discriminantSize(1)).toBe(1);
    expect(discriminantSize(256)).toBe(1);
    expect(discriminantSize(257)).toBe(2);
    expect(discriminantSize(65536)).toBe(2);
    expect(discriminantSize(65537)).toBe(4);
    expect(sizeOf(T.enumType(names(256)))).toBe(1);
    expect(sizeOf(T.enumType(names(257)))).toBe(2);
    expect(alignmentOf(T.enumType(names(257)))).toBe(2);
    expect(sizeOf(T.enumType(names(70000)))).toBe(4);
  });
  it('aligns the payload after the discriminant', () => {
    expect(sizeOf(T.option(T.u8))).toBe(2);
    expect(sizeOf(T.option(T.u32))).toBe(8);
    expect(sizeOf(T.option(T.u64))).toBe(16);
    expect(alignmentOf(T.option(T.u64))).toBe(8);
    expect(sizeOf(T.result(T.u8, T.u32))).toBe(8);
    expect(sizeOf(T.result())).toBe(1);
    expect(sizeOf(T.option(T.string))).toBe(12);
    expect(sizeOf(vnt(undefined, T.u16, rec(T.u8, T.u8, T.u8)))).toBe(6);
  });
  it('joins payload slots: equal stays, i32/f32 → i32, otherwise i64', () => {
    expect(join('i32', 'f32')).toBe('i32');
    expect(join('f32', 'i32')).toBe('i32');
    expect(join('f32', 'f64')).toBe('i64');
    expect(join('i32', 'i64')).toBe('i64');
    expect(join('f64', 'f64')).toBe('f64');
    expect(flattenType(vnt(T.f32, T.s32))).toEqual(['i32', 'i32']);
    expect(flattenType(vnt(T.f32, T.f64))).toEqual(['i32', 'i64']);
    expect(flattenType(vnt(T.u64, T.f32))).toEqual(['i32', 'i64']);
    expect(flattenType(vnt(undefined, T.f64))).toEqual(['i32', 'f64']);
    expect(flattenType(vnt(T.tuple([T.f32, T.u32]), T.tuple([T.u32, T.f32, T.f64])))).toEqual(['i32', 'i32', 'i32', 'f64']);
    expect(flattenType(T.result(T.string, T.tuple([T.f64, T.f32, T.u64])))).toEqual(['i32', 'i64', 'i32', 'i64']);
    expect(flattenType(T.enumType(['a', 'b']))).toEqual(['i32']);
    expect(flattenType(T.option(T.option(T.f32)))).toEqual(['i32', 'i32', 'f32']);
  });
});

describe('flags', () => {
  it('packs into 1, 2 or 4-byte words', () => {
    expect([sizeOf(T.flags(names(1))), alignmentOf(T.flags(names(1)))]).toEqual([1, 1]);
    expect([sizeOf(T.flags(names(8))), alignmentOf(T.flags(names(8)))]).toEqual([1, 1]);
    expect([sizeOf(T.flags(names(9))), alignmentOf(T.flags(names(9)))]).toEqual([2, 2]);
    expect([sizeOf(T.flags(names(16))), alignmentOf(T.flags(names(16)))]).toEqual([2, 2]);
    expect([sizeOf(T.flags(names(17))), alignmentOf(T.flags(names(17)))]).toEqual([4, 4]);
    expect([sizeOf(T.flags(names(32))), alignmentOf(T.flags(names(32)))]).toEqual([4, 4]);
    expect(flattenType(T.flags(names(32)))).toEqual(['i32']);
  });
  it('beyond 32 labels uses i32 words (older spec)', () => {
    expect(sizeOf(T.flags(names(33)))).toBe(8);
    expect(flattenType(T.flags(names(65)))).toEqual(['i32', 'i32', 'i32']);
  });
});

describe('fixed-length lists', () => {
  it('are their elements inline', () => {
    expect(sizeOf(T.list(T.u16, 3))).toBe(6);
    expect(alignmentOf(T.list(T.u16, 3))).toBe(2);
    expect(flattenType(T.list(T.u16, 3))).toEqual(['i32', 'i32', 'i32']);
    expect(sizeOf(T.list(rec(T.u64, T.u8), 2))).toBe(32);
    expect(flattenType(T.list(T.string, 2))).toEqual(['i32', 'i32', 'i32', 'i32']);
  });

  it('flatten only as far as decides that they travel through memory (MAX_FLAT_PARAMS + 1 values)', () => {
    // 2^30 elements: the full vector would not fit in memory; its first 17 values are all a signature needs.
    const huge = T.list(T.f64, 1 << 30);
    expect(flattenType(huge)).toEqual(new Array(17).fill('f64'));
    expect(sizeOf(huge)).toBe(8 * 2 ** 30);
    expect(flattenType(rec(T.u8, huge))).toEqual(['i32', ...new Array(16).fill('f64')]);
    expect(flattenType(T.list(T.u8, 16))).toHaveLength(16);
  });
});

it('flattens parameter lists', () => {
  expect(flattenTypes([T.u8, T.string, T.option(T.f64)])).toEqual(['i32', 'i32', 'i32', 'i32', 'f64']);
});
