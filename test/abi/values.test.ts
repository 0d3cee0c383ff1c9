// Lifting and lowering individual values: the JS mapping (GUIDE §3) and the spec's lift rules.
import { describe, expect, it } from 'vitest';
import * as T from '../../src/component/value-types.js';
import { AbiContext, exportPlan, importPlan, memoryCodec, type FlatValue } from '../../src/abi/index.js';
import { testOptions, TestHandles } from './helpers.js';

const fn = (params: T.ValueType[], result?: T.ValueType) =>
  T.funcType(params.map((type, i) => ({ name: `p${i}`, type })), result);

/** Store then load through memory. */
function viaMemory(t: T.ValueType, v: unknown, enc: 'utf8' | 'utf16' | 'latin1+utf16' = 'utf8'): unknown {
  const o = testOptions(enc);
  const cx = new AbiContext(o, new TestHandles());
  const c = memoryCodec(t);
  const ptr = cx.realloc(0, 0, 8, 64);
  c.store(cx, v, ptr);
  return c.load(cx, ptr);
}

/** Lower as export params, lift as import params (the flat path). */
function viaFlat(t: T.ValueType, v: unknown): { flat: FlatValue[]; back: unknown } {
  const o = testOptions();
  const cx = new AbiContext(o, new TestHandles());
  const ft = fn([t]);
  const flat = exportPlan(ft).lowerParams(cx, [v]);
  return { flat, back: importPlan(ft).liftParams(cx, flat)[0] };
}

describe('JS mapping', () => {
  it('records use camelCase keys', () => {
    const t = T.record([
      { name: 'my-field', type: T.u8 },
      { name: 'http-URL', type: T.string },
    ]);
    expect(viaMemory(t, { myField: 3, httpUrl: 'x' })).toEqual({ myField: 3, httpUrl: 'x' });
    expect(viaFlat(t, { myField: 3, httpUrl: 'x' }).back).toEqual({ myField: 3, httpUrl: 'x' });
  });
  it('variants are { tag, val } without val for payload-less cases', () => {
    const t = T.variant([
      { name: 'a-b', type: undefined },
      { name: 'c', type: T.u32 },
    ]);
    expect(viaMemory(t, { tag: 'a-b' })).toStrictEqual({ tag: 'a-b' });
    expect(viaMemory(t, { tag: 'c', val: 7 })).toEqual({ tag: 'c', val: 7 });
    expect(viaFlat(t, { tag: 'c', val: 7 }).flat).toEqual([1, 7]);
  });
  it('enums are strings', () => {
    const t = T.enumType(['red', 'dark-green']);
    expect(viaMemory(t, 'dark-green')).toBe('dark-green');
    expect(viaFlat(t, 'dark-green').flat).toEqual([1]);
  });
  it('options are T | undefined, nested ones tagged at the outer level', () => {
    expect(viaMemory(T.option(T.u8), 5)).toBe(5);
    expect(viaMemory(T.option(T.u8), undefined)).toBe(undefined);
    expect(viaMemory(T.option(T.u8), null)).toBe(undefined);
    const oo = T.option(T.option(T.u8));
    expect(viaMemory(oo, { tag: 'none' })).toEqual({ tag: 'none' });
    expect(viaMemory(oo, { tag: 'some', val: undefined })).toEqual({ tag: 'some', val: undefined });
    expect(viaMemory(oo, { tag: 'some', val: 4 })).toEqual({ tag: 'some', val: 4 });
    expect(viaFlat(oo, { tag: 'some', val: 4 }).flat).toEqual([1, 1, 4]);
  });
  it('results are { tag: ok | err, val }', () => {
    const t = T.result(T.string, T.u8);
    expect(viaMemory(t, { tag: 'ok', val: 'hi' })).toEqual({ tag: 'ok', val: 'hi' });
    expect(viaMemory(t, { tag: 'err', val: 2 })).toEqual({ tag: 'err', val: 2 });
    expect(viaMemory(T.result(), { tag: 'err' })).toEqual({ tag: 'err', val: undefined });
  });
  it('flags are objects of booleans with camelCase keys', () => {
    const t = T.flags(['read', 'write-all', 'exec']);
    expect(viaMemory(t, { writeAll: true })).toEqual({ read: false, writeAll: true, exec: false });
    expect(viaFlat(t, { read: true, exec: true }).flat).toEqual([5]);
  });
  it('tuples are arrays', () => {
    expect(viaMemory(T.tuple([T.u8, T.string]), [1, 'a'])).toEqual([1, 'a']);
  });
  it('lists of numbers are typed arrays, other lists arrays', () => {
    const kinds: [T.ValueType, unknown][] = [
      [T.u8, Uint8Array.of(1, 255)],
      [T.s8, Int8Array.of(-1, 127)],
      [T.u16, Uint16Array.of(1, 65535)],
      [T.s16, Int16Array.of(-2, 3)],
      [T.u32, Uint32Array.of(0xffffffff, 1)],
      [T.s32, Int32Array.of(-5, 5)],
      [T.u64, BigUint64Array.of(2n ** 64n - 1n, 1n)],
      [T.s64, BigInt64Array.of(-(2n ** 63n), 1n)],
      [T.f32, Float32Array.of(1.5, -0)],
      [T.f64, Float64Array.of(Math.PI, -Infinity)],
    ];
    for (const [e, v] of kinds) {
      expect(viaMemory(T.list(e), v)).toEqual(v);
      expect(viaFlat(T.list(e), v).back).toEqual(v);
    }
    // Plain arrays are accepted for lists of numbers, range-checked.
    expect(viaMemory(T.list(T.u16), [1, 2])).toEqual(Uint16Array.of(1, 2));
    expect(() => viaMemory(T.list(T.u8), [256])).toThrow(RangeError);
    expect(viaMemory(T.list(T.bool), [true, false])).toEqual([true, false]);
    expect(viaMemory(T.list(T.string), ['a', 'bc'])).toEqual(['a', 'bc']);
    expect(viaMemory(T.list(T.u32, 3), [1, 2, 3])).toEqual(Uint32Array.of(1, 2, 3));
    expect(viaFlat(T.list(T.u32, 3), [1, 2, 3]).flat).toEqual([1, 2, 3]);
    expect(() => viaMemory(T.list(T.u32, 3), [1, 2])).toThrow(TypeError);
  });
  it('u64/s64 are bigints, chars one code point', () => {
    expect(viaMemory(T.u64, 2n ** 64n - 1n)).toBe(2n ** 64n - 1n);
    expect(viaMemory(T.s64, -(2n ** 63n))).toBe(-(2n ** 63n));
    expect(viaFlat(T.u64, 2n ** 64n - 1n).flat).toEqual([-1n]);
    expect(viaMemory(T.char, '😀')).toBe('😀');
    expect(viaFlat(T.char, '😀').flat).toEqual([0x1f600]);
  });
  it('own and borrow go through the handle tables', () => {
    const r = new T.ResourceType('host', 'r');
    const obj = { name: 'resource' };
    expect(viaMemory(T.own(r), obj)).toBe(obj);
    expect(viaFlat(T.borrow(r), obj).back).toBe(obj);
  });
});

describe('host value checks on lowering', () => {
  const bad: [T.ValueType, unknown, ErrorConstructor][] = [
    [T.u8, 256, RangeError],
    [T.u8, -1, RangeError],
    [T.u8, 1.5, RangeError],
    [T.u8, '1', TypeError],
    [T.s8, -129, RangeError],
    [T.u16, 65536, RangeError],
    [T.s16, 32768, RangeError],
    [T.u32, 2 ** 32, RangeError],
    [T.s32, 2 ** 31, RangeError],
    [T.u64, -1n, RangeError],
    [T.u64, 2n ** 64n, RangeError],
    [T.s64, 2n ** 63n, RangeError],
    [T.u64, 'x', TypeError],
    [T.u64, 0.5, RangeError],
    [T.bool, 1, TypeError],
    [T.f32, '1', TypeError],
    [T.char, 'ab', TypeError],
    [T.char, '\ud800', TypeError],
    [T.string, 5, TypeError],
    [T.string, 'a\ud800b', TypeError],
    [T.enumType(['a']), 'b', TypeError],
    [T.variant([{ name: 'a', type: undefined }]), { tag: 'b' }, TypeError],
    [T.result(), { tag: 'fine' }, TypeError],
    [T.record([{ name: 'a', type: T.u8 }]), 5, TypeError],
    [T.tuple([T.u8, T.u8]), [1], TypeError],
    [T.list(T.u8), 'abc', TypeError],
    [T.flags(['a']), 3, TypeError],
  ];
  for (const [t, v, E] of bad) {
    it(`${t.kind} rejects ${typeof v === 'bigint' ? v + 'n' : JSON.stringify(v)}`, () => {
      expect(() => viaMemory(t, v)).toThrow(E);
      expect(() => viaFlat(t, v)).toThrow(E);
    });
  }
  it('u64 accepts safe-integer numbers', () => {
    expect(viaMemory(T.u64, 5)).toBe(5n);
  });
});

describe('lift rules', () => {
  const liftFlat = (t: T.ValueType, flat: FlatValue[]) => {
    const cx = new AbiContext(testOptions(), new TestHandles());
    return importPlan(fn([t])).liftParams(cx, flat)[0];
  };
  it('integers wrap to their width (lift_flat_unsigned/signed)', () => {
    expect(liftFlat(T.u8, [0x1ff])).toBe(0xff);
    expect(liftFlat(T.s8, [0xff])).toBe(-1);
    expect(liftFlat(T.u16, [-1])).toBe(0xffff);
    expect(liftFlat(T.s16, [0x8000])).toBe(-0x8000);
    expect(liftFlat(T.u32, [-1])).toBe(0xffffffff);
    expect(liftFlat(T.s32, [0xffffffff])).toBe(-1);
    expect(liftFlat(T.u64, [-1n])).toBe(2n ** 64n - 1n);
    expect(liftFlat(T.s64, [2n ** 64n - 1n])).toBe(-1n);
  });
  it('bool lifts any nonzero as true (convert_int_to_bool)', () => {
    expect(liftFlat(T.bool, [2])).toBe(true);
    expect(liftFlat(T.bool, [0])).toBe(false);
    const cx = new AbiContext(testOptions());
    cx.u8[100] = 7;
    expect(memoryCodec(T.bool).load(cx, 100)).toBe(true);
  });
  it('flags ignore bits past the last label', () => {
    expect(liftFlat(T.flags(['a', 'b']), [0xff])).toEqual({ a: true, b: true });
  });
  it('NaNs lift canonical and lower canonical', () => {
    const o = testOptions();
    const cx = new AbiContext(o);
    const dv = cx.dv;
    dv.setUint32(64, 0x7fa00001, true);
    expect(memoryCodec(T.f32).load(cx, 64)).toBeNaN();
    memoryCodec(T.f32).store(cx, NaN, 64);
    expect(dv.getUint32(64, true)).toBe(0x7fc00000);
    memoryCodec(T.f64).store(cx, NaN, 72);
    expect(dv.getBigUint64(72, true)).toBe(0x7ff8000000000000n);
    // Float lists: typed-array copies are canonicalized in both directions.
    const f = new Float32Array(1);
    new Uint32Array(f.buffer)[0] = 0xffc00123;
    const ptr = 128;
    cx.dv.setUint32(120, ptr, true);
    cx.dv.setUint32(124, 1, true);
    cx.dv.setUint32(ptr, 0xffc00123, true);
    const back = memoryCodec(T.list(T.f32)).load(cx, 120) as Float32Array;
    expect(new Uint32Array(back.buffer)[0]).toBe(0x7fc00000);
  });
  it('variant slots are coerced from the joined type', () => {
    const t = T.variant([
      { name: 'f', type: T.f32 },
      { name: 'd', type: T.f64 },
      { name: 'i', type: T.u32 },
    ]);
    expect(flatOf(t, { tag: 'f', val: 1.5 })).toEqual([0, 0x3fc00000n]);
    expect(flatOf(t, { tag: 'd', val: 1.5 })).toEqual([1, 0x3ff8000000000000n]);
    expect(flatOf(t, { tag: 'i', val: 0xffffffff })).toEqual([2, 0xffffffffn]);
    expect(liftFlat(t, [0, 0x3fc00000n])).toEqual({ tag: 'f', val: 1.5 });
    expect(liftFlat(t, [1, 0x3ff8000000000000n])).toEqual({ tag: 'd', val: 1.5 });
    expect(liftFlat(t, [2, 0x1_ffffffffn])).toEqual({ tag: 'i', val: 0xffffffff });
    const u = T.variant([
      { name: 'f', type: T.f32 },
      { name: 'i', type: T.s32 },
    ]);
    expect(flatOf(u, { tag: 'f', val: -2 })).toEqual([0, 0xc0000000 | 0]);
    expect(liftFlat(u, [0, 0xc0000000 | 0])).toEqual({ tag: 'f', val: -2 });
    // Unused payload slots are zero-filled.
    expect(flatOf(T.result(T.tuple([T.u64, T.f32]), undefined), { tag: 'err' })).toEqual([1, 0n, 0]);
  });
});

function flatOf(t: T.ValueType, v: unknown): FlatValue[] {
  return exportPlan(fn([t])).lowerParams(new AbiContext(testOptions()), [v]);
}

describe('memory layout of a stored value', () => {
  it('places fields, discriminants and payloads at the spec offsets', () => {
    const t = T.record([
      { name: 'a', type: T.u8 },
      { name: 'b', type: T.string },
      { name: 'c', type: T.option(T.u16) },
      { name: 'd', type: T.result(T.u64, T.f32) },
      { name: 'e', type: T.flags(Array.from({ length: 10 }, (_, i) => `x${i}`)) },
    ]);
    const o = testOptions();
    const cx = new AbiContext(o);
    const p = cx.realloc(0, 0, 8, 40);
    memoryCodec(t).store(cx, { a: 0xab, b: 'hi', c: 0x1234, d: { tag: 'err', val: 1 }, e: { x0: true, x9: true } }, p);
    const dv = cx.dv;
    expect(dv.getUint8(p)).toBe(0xab);
    const sp = dv.getUint32(p + 4, true);
    expect(dv.getUint32(p + 8, true)).toBe(2);
    expect([cx.u8[sp], cx.u8[sp + 1]]).toEqual([0x68, 0x69]);
    expect(dv.getUint8(p + 12)).toBe(1);
    expect(dv.getUint16(p + 14, true)).toBe(0x1234);
    expect(dv.getUint8(p + 16)).toBe(1);
    expect(dv.getFloat32(p + 24, true)).toBe(1);
    expect(dv.getUint16(p + 32, true)).toBe(0x201);
  });
  it('flat signed integers are produced as int32, i64 as signed bigint', () => {
    expect(flatOf(T.tuple([T.s8, T.s16, T.u32, T.s64]), [-1, -2, 0xffffffff, -3n])).toEqual([-1, -2, -1, -3n]);
  });
});

describe('names and joined discriminants', () => {
  it('kebab-case → lowerCamelCase like jco (heck)', async () => {
    const { toLowerCamelCase } = await import('../../src/abi/index.js');
    expect(toLowerCamelCase('my-field')).toBe('myField');
    expect(toLowerCamelCase('URL-parse')).toBe('urlParse');
    expect(toLowerCamelCase('get-HTTP-response')).toBe('getHttpResponse');
    expect(toLowerCamelCase('field-0')).toBe('field0');
    expect(toLowerCamelCase('x')).toBe('x');
  });
  it('a nested discriminant can sit in an i64 slot', () => {
    const t = T.variant([
      { name: 'a', type: T.option(T.u8) },
      { name: 'b', type: T.u64 },
    ]);
    expect(flatOf(t, { tag: 'a', val: 7 })).toEqual([0, 1n, 7]);
    expect(flatOf(t, { tag: 'b', val: 2n ** 64n - 1n })).toEqual([1, -1n, 0]);
    expect(viaFlat(t, { tag: 'a', val: 7 }).back).toEqual({ tag: 'a', val: 7 });
    expect(viaFlat(t, { tag: 'b', val: 2n ** 64n - 1n }).back).toEqual({ tag: 'b', val: 2n ** 64n - 1n });
  });
});
