// Every trap CanonicalABI.md names, as a vm Trap with a clear reason.
import { describe, expect, it } from 'vitest';
import * as T from '../../src/component/value-types.js';
import { AbiContext, exportPlan, importPlan, memoryCodec, type FlatValue } from '../../src/abi/index.js';
import { Trap } from '../../src/vm/errors.js';
import { testMemory, testOptions, TestHandles } from './helpers.js';

const fn = (params: T.ValueType[], result?: T.ValueType) =>
  T.funcType(params.map((type, i) => ({ name: `p${i}`, type })), result);

function liftParams(t: T.ValueType, flat: FlatValue[], enc: 'utf8' | 'utf16' | 'latin1+utf16' = 'utf8', setup?: (u8: Uint8Array, dv: DataView) => void) {
  const o = testOptions(enc);
  const cx = new AbiContext(o, new TestHandles());
  setup?.(cx.u8, cx.dv);
  return () => importPlan(fn([t])).liftParams(cx, flat);
}

function expectTrap(f: () => unknown, reason: RegExp) {
  let err: unknown;
  try {
    f();
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(Trap);
  expect((err as Trap).reason).toMatch(reason);
}

describe('traps', () => {
  it('invalid char: surrogates and past U+10FFFF', () => {
    expectTrap(liftParams(T.char, [0xd800]), /invalid char/);
    expectTrap(liftParams(T.char, [0xdfff]), /invalid char/);
    expectTrap(liftParams(T.char, [0x110000]), /invalid char/);
    expectTrap(liftParams(T.char, [-1]), /invalid char/);
    expect(liftParams(T.char, [0x10ffff])()).toEqual(['\u{10ffff}']);
    const cx = new AbiContext(testOptions());
    cx.dv.setUint32(8, 0xd900, true);
    expectTrap(() => memoryCodec(T.char).load(cx, 8), /invalid char/);
  });
  it('invalid discriminant for variant, enum, option, result', () => {
    expectTrap(liftParams(T.variant([{ name: 'a', type: T.u8 }]), [1, 0]), /invalid variant discriminant/);
    expectTrap(liftParams(T.enumType(['a', 'b']), [2]), /invalid enum discriminant/);
    expectTrap(liftParams(T.option(T.u8), [2, 0]), /invalid option discriminant/);
    expectTrap(liftParams(T.result(), [2]), /invalid result discriminant/);
    const cx = new AbiContext(testOptions());
    cx.u8[8] = 3;
    expectTrap(() => memoryCodec(T.result(T.u8, T.u8)).load(cx, 8), /invalid result discriminant/);
    cx.dv.setUint16(16, 300, true);
    expectTrap(() => memoryCodec(T.enumType(Array.from({ length: 300 }, (_, i) => `e${i}`))).load(cx, 16), /invalid enum discriminant/);
  });
  it('out-of-bounds and misaligned strings', () => {
    const size = 1 << 16;
    expectTrap(liftParams(T.string, [size - 2, 3]), /out-of-bounds string/);
    expectTrap(liftParams(T.string, [size - 2, 2], 'utf16'), /out-of-bounds string/);
    expectTrap(liftParams(T.string, [17, 1], 'utf16'), /misaligned string/);
    expectTrap(liftParams(T.string, [17, 1], 'latin1+utf16'), /misaligned string/);
    expectTrap(liftParams(T.string, [16, 0x8000_0000 | (size / 2)], 'latin1+utf16'), /out-of-bounds string/);
    expect(liftParams(T.string, [size - 2, 2])()).toEqual(['\0\0']);
  });
  it('invalid encodings trap', () => {
    const put = (bytes: number[]) => (u8: Uint8Array) => u8.set(bytes, 16);
    for (const bad of [[0x80], [0xc0, 0x80], [0xe0, 0x80, 0x80], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82], [0xff]]) {
      expectTrap(liftParams(T.string, [16, bad.length], 'utf8', put(bad)), /invalid UTF-8/);
    }
    expect(liftParams(T.string, [16, 4], 'utf8', put([0xf0, 0x9f, 0x98, 0x80]))()).toEqual(['😀']);
    expectTrap(liftParams(T.string, [16, 1], 'utf16', put([0x00, 0xd8])), /invalid UTF-16/);
    expectTrap(liftParams(T.string, [16, 2], 'utf16', put([0x00, 0xdc, 0x00, 0xd8])), /invalid UTF-16/);
    expectTrap(liftParams(T.string, [16, 0x8000_0001], 'latin1+utf16', put([0x00, 0xdc])), /invalid UTF-16/);
  });
  it('out-of-bounds and misaligned lists', () => {
    const size = 1 << 16;
    expectTrap(liftParams(T.list(T.u32), [size - 4, 2]), /out-of-bounds list/);
    expectTrap(liftParams(T.list(T.u32), [18, 1]), /misaligned pointer \(list\)/);
    expectTrap(liftParams(T.list(T.u64), [20, 1]), /misaligned pointer \(list\)/);
    expectTrap(liftParams(T.list(T.u8), [0, 0xffff_ffff]), /out-of-bounds list/);
    expect(liftParams(T.list(T.u8), [size, 0])()).toEqual([new Uint8Array(0)]);
    const cx = new AbiContext(testOptions());
    cx.dv.setUint32(8, size, true);
    cx.dv.setUint32(12, 1, true);
    expectTrap(() => memoryCodec(T.list(T.string)).load(cx, 8), /out-of-bounds list/);
  });
  it('list length overflow when lowering', () => {
    const cx = new AbiContext(testOptions());
    expectTrap(() => memoryCodec(T.list(T.u64)).store(cx, new Array(2 ** 29), 8), /list length overflow/);
  });
  it('misaligned or out-of-bounds pointers from realloc', () => {
    const m = testMemory();
    const cx = new AbiContext({ memory: m, realloc: () => 3 });
    expectTrap(() => memoryCodec(T.list(T.u32)).store(cx, [1], 8), /misaligned pointer returned by realloc/);
    const cx2 = new AbiContext({ memory: m, realloc: () => (1 << 16) - 2 });
    expectTrap(() => memoryCodec(T.string).store(cx2, 'abc', 8), /out-of-bounds/);
    const cx3 = new AbiContext({ memory: m, realloc: () => 3, stringEncoding: 'utf16' });
    expectTrap(() => memoryCodec(T.string).store(cx3, 'abc', 8), /misaligned/);
  });
  it('result and parameter pointers are checked', () => {
    const big = T.tuple([T.u64, T.u64]);
    const cx = new AbiContext(testOptions());
    expectTrap(() => exportPlan(fn([], big)).liftResult(cx, [4]), /misaligned pointer \(result pointer\)/);
    expectTrap(() => exportPlan(fn([], big)).liftResult(cx, [(1 << 16) - 8]), /out-of-bounds result pointer/);
    const many = fn(Array.from({ length: 17 }, () => T.u32));
    expectTrap(() => importPlan(many).liftParams(cx, [2]), /misaligned pointer \(parameter pointer\)/);
    expectTrap(() => importPlan(fn([], big)).lowerResult(cx, [1n, 2n], [(1 << 16) - 8]), /out-of-bounds result out-pointer/);
  });
  it('unknown handles trap through the handle tables', () => {
    const r = new T.ResourceType('host', 'r');
    expectTrap(liftParams(T.own(r), [5]), /unknown handle/);
    expectTrap(liftParams(T.borrow(r), [0]), /unknown handle/);
  });
  it('memory and realloc options are required when used', () => {
    const cx = new AbiContext({});
    expectTrap(() => importPlan(fn([T.string])).liftParams(cx, [0, 0]), /memory option required/);
    expectTrap(() => exportPlan(fn([T.string])).lowerParams(cx, ['a']), /realloc option required/);
  });
});
