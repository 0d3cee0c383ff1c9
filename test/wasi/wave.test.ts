// WAVE values for `purewasm run --invoke` on components: parsing against a type into the dynamic API's
// JS values, printing back, and clear errors for bad literals.
import { describe, expect, it } from 'vitest';
import { formatWave, parseWave, parseWaveArgs, splitCall } from '../../src/cli/wave.js';
import * as t from '../../src/component/value-types.js';

describe('WAVE', () => {
  it('round-trips every kind of value', () => {
    const rec = t.record([{ name: 'my-field', type: t.u32 }, { name: 'opt', type: t.option(t.string) }]);
    const cases: [string, t.ValueType, unknown][] = [
      ['true', t.bool, true],
      ['-128', t.s8, -128],
      ['18446744073709551615', t.u64, 18446744073709551615n],
      ['1.5', t.f64, 1.5],
      ['-inf', t.f32, -Infinity],
      ["'🚀'", t.char, '🚀'],
      ['"a\\n\\"b\\" \\u{1f600}"', t.string, 'a\n"b" 😀'],
      ['[1, 2, 3]', t.list(t.u8), new Uint8Array([1, 2, 3])],
      ['["x", "y"]', t.list(t.string), ['x', 'y']],
      ['(1, "a")', t.tuple([t.u32, t.string]), [1, 'a']],
      ['{my-field: 7, opt: some("x")}', rec, { myField: 7, opt: 'x' }],
      ['{my-field: 7}', rec, { myField: 7 }],
      ['b(5)', t.variant([{ name: 'a', type: undefined }, { name: 'b', type: t.u32 }]), { tag: 'b', val: 5 }],
      ['a', t.variant([{ name: 'a', type: undefined }, { name: 'b', type: t.u32 }]), { tag: 'a' }],
      ['green', t.enumType(['red', 'green']), 'green'],
      ['none', t.option(t.u32), undefined],
      ['some(none)', t.option(t.option(t.u32)), { tag: 'some', val: undefined }],
      ['none', t.option(t.option(t.u32)), { tag: 'none' }],
      ['ok(1)', t.result(t.u32, t.string), { tag: 'ok', val: 1 }],
      ['err', t.result(t.u32), { tag: 'err' }],
      ['{read, exec-it}', t.flags(['read', 'write', 'exec-it']), { read: true, write: false, execIt: true }],
    ];
    for (const [text, type, value] of cases) {
      expect(parseWave(text, type), text).toEqual(value);
      expect(parseWave(formatWave(value, type), type), text).toEqual(value);
    }
    expect(formatWave(Number.NaN, t.f64)).toBe('nan');
  });

  it('parses argument lists and calls', () => {
    expect(splitCall('add(1, 2)')).toEqual({ name: 'add', args: '1, 2' });
    expect(splitCall('ns:pkg/iface#f')).toEqual({ name: 'ns:pkg/iface#f', args: undefined });
    expect(parseWaveArgs('1, "x",', [t.u32, t.string])).toEqual([1, 'x']);
    expect(parseWaveArgs('', [])).toEqual([]);
  });

  it('rejects bad literals with a message saying what was expected', () => {
    expect(() => parseWave('abc', t.u32)).toThrow(/expected an integer \(u32\) at offset 0/);
    expect(() => parseWave('256', t.u8)).toThrow(/256 is out of range for u8/);
    expect(() => parseWave('-1', t.u32)).toThrow(/out of range for u32/);
    expect(() => parseWave('1.5', t.s32)).toThrow(/an integer/);
    expect(() => parseWave('"abc', t.string)).toThrow(/closing "/);
    expect(() => parseWave("'ab'", t.char)).toThrow(/a char is one character/);
    expect(() => parseWave('{x: 1}', t.record([{ name: 'y', type: t.u8 }]))).toThrow(/unknown field x \(fields: y\)/);
    expect(() => parseWave('{}', t.record([{ name: 'y', type: t.u8 }]))).toThrow(/missing field y/);
    expect(() => parseWave('blue', t.enumType(['red']))).toThrow(/unknown case blue \(cases: red\)/);
    expect(() => parseWave('maybe', t.option(t.u8))).toThrow(/some\(…\) or none/);
    expect(() => parseWave('1 2', t.u8)).toThrow(/end of the value/);
    expect(() => parseWaveArgs('1, 2', [t.u8])).toThrow(/too many arguments/);
    expect(() => parseWaveArgs('1', [t.u8, t.u8])).toThrow(/takes 2 arguments, got 1/);
  });
});
