import { describe, expect, it } from 'vitest';
import { runEntry } from './runner.js';

const echo = (...a: unknown[]) => (a.length === 1 ? a[0] : a);
const T = 'test:lists/test#';

function eqList(a: ArrayLike<unknown>, b: readonly unknown[], what: string): void {
  const x = Array.from(a);
  if (x.length !== b.length || x.some((v, i) => !Object.is(v, b[i]) && JSON.stringify(v) !== JSON.stringify(b[i]))) {
    throw new Error(`${what}: got ${JSON.stringify(x, (_k, v) => (typeof v === 'bigint' ? String(v) : v))}`);
  }
}

describe('jco runtime fixtures: lists, records, variants, flavorful', () => {
  it('lists: every element kind; no guest memory leaked', () => {
    const minmax = (u: ArrayLike<unknown>, s: ArrayLike<unknown>, wu: unknown[], ws: unknown[]) => {
      eqList(u, wu, 'unsigned');
      eqList(s, ws, 'signed');
      return [u, s];
    };
    const { inst, calls } = runEntry('transpile/runtime/lists.component.wasm', {
      [`${T}empty-list-param`]: (a: Uint8Array) => eqList(a, [], 'empty-list-param'),
      [`${T}empty-string-param`]: (a: string) => expect(a).toBe(''),
      [`${T}empty-list-result`]: () => new Uint8Array(0),
      [`${T}empty-string-result`]: () => '',
      [`${T}list-param`]: (a: Uint8Array) => eqList(a, [1, 2, 3, 4], 'list-param'),
      [`${T}list-param2`]: (a: string) => expect(a).toBe('foo'),
      [`${T}list-param3`]: (a: string[]) => expect(a).toEqual(['foo', 'bar', 'baz']),
      [`${T}list-param4`]: (a: string[][]) => expect(a).toEqual([['foo', 'bar'], ['baz']]),
      [`${T}list-param5`]: (a: unknown[]) => expect(a).toEqual([[1, 2, 3], [4, 5, 6]]),
      [`${T}list-param-large`]: (a: string[]) => expect(a.length).toBe(1000),
      [`${T}list-result`]: () => new Uint8Array([1, 2, 3, 4, 5]),
      [`${T}list-result2`]: () => 'hello!',
      [`${T}list-result3`]: () => ['hello,', 'world!'],
      [`${T}list-roundtrip`]: (a: Uint8Array) => a,
      [`${T}string-roundtrip`]: (a: string) => a,
      [`${T}list-minmax8`]: (u: Uint8Array, s: Int8Array) => minmax(u, s, [0, 255], [-128, 127]),
      [`${T}list-minmax16`]: (u: Uint16Array, s: Int16Array) => minmax(u, s, [0, 65535], [-32768, 32767]),
      [`${T}list-minmax32`]: (u: Uint32Array, s: Int32Array) => minmax(u, s, [0, 4294967295], [-2147483648, 2147483647]),
      [`${T}list-minmax64`]: (u: BigUint64Array, s: BigInt64Array) =>
        minmax(u, s, [0n, 18446744073709551615n], [-9223372036854775808n, 9223372036854775807n]),
      [`${T}list-minmax-float`]: (f: Float32Array, d: Float64Array) =>
        minmax(f, d, [-3.4028234663852886e38, 3.4028234663852886e38, -Infinity, Infinity], [-Number.MAX_VALUE, Number.MAX_VALUE, -Infinity, Infinity]),
    });
    expect(calls).toBe(19);
    // The placeholder steps (<record as B0> / <equals B0>) are the leak check: run it again explicitly.
    const before = inst.exports.func('allocated-bytes').call([]);
    inst.exports.func('test:lists/test#list-result3').call([]);
    inst.exports.func('test:lists/test#list-param3').call([['foo', 'bar', 'baz']]);
    expect(inst.exports.func('allocated-bytes').call([])).toEqual(before);
    expect(inst.handleCount).toBe(0);
  });

  it('records: tuples, multi-value, flags of every width', () => {
    const { calls } = runEntry('transpile/runtime/records.component.wasm', {
      'test:records/test#multiple-results': () => [4, 5],
      'test:records/test#swap-tuple': ([a, b]: [number, number]) => [b, a],
      'test:records/test#roundtrip-flags1': echo,
      'test:records/test#roundtrip-flags2': echo,
      'test:records/test#roundtrip-flags3': echo,
      'test:records/test#roundtrip-record1': echo,
      'test:records/test#tuple1': echo,
    });
    expect(calls).toBe(13);
  });

  it('variants: options, results, enums, variant joins', () => {
    const { calls } = runEntry('transpile/runtime/variants.component.wasm', {
      'test:variants/test#roundtrip-option': echo,
      'test:variants/test#roundtrip-result': (r: { tag: string; val: number }) => (r.tag === 'ok' ? r : { tag: 'err', val: Math.round(r.val) }),
      'test:variants/test#roundtrip-enum': echo,
      'test:variants/test#invert-bool': (b: boolean) => !b,
      'test:variants/test#variant-casts': echo,
      'test:variants/test#variant-zeros': echo,
      'test:variants/test#variant-typedefs': () => undefined,
      'test:variants/test#variant-enums': (a: boolean, b: { tag: string }, c: string) => {
        expect([a, b, c]).toEqual([true, { tag: 'ok' }, 'success']);
        return [false, { tag: 'err' }, 'a'];
      },
    });
    expect(calls).toBe(15);
  });

  it('flavorful: lists inside records and variants', () => {
    let errnoCalls = 0;
    const F = 'test:flavorful/test#';
    const { calls } = runEntry('jco/components/flavorful.component.wasm', {
      [`${F}f-list-in-record1`]: (a: { a: string }) => expect(a).toEqual({ a: 'list_in_record1' }),
      [`${F}f-list-in-record2`]: () => ({ a: 'list_in_record2' }),
      [`${F}f-list-in-record3`]: (a: { a: string }) => {
        expect(a.a).toBe('list_in_record3 input');
        return { a: 'list_in_record3 output' };
      },
      [`${F}f-list-in-record4`]: (a: { a: string }) => {
        expect(a.a).toBe('input4');
        return { a: 'result4' };
      },
      [`${F}f-list-in-variant1`]: (a: unknown, b: unknown) => expect([a, b]).toEqual(['foo', { tag: 'err', val: 'bar' }]),
      [`${F}f-list-in-variant2`]: () => 'list_in_variant2',
      [`${F}f-list-in-variant3`]: (a: unknown) => {
        expect(a).toBe('input3');
        return 'output3';
      },
      [`${F}errno-result`]: () => (errnoCalls++ === 0 ? { tag: 'err', val: 'b' } : { tag: 'ok' }),
      [`${F}list-typedefs`]: (a: string, c: string[]) => {
        expect([a, c]).toEqual(['typedef1', ['typedef2']]);
        return [new Uint8Array([116, 121, 112, 101, 100, 101, 102, 51]), ['typedef4']];
      },
      [`${F}list-of-variants`]: (a: boolean[], b: unknown[], c: string[]) => {
        expect([a, b, c]).toEqual([[true, false], [{ tag: 'ok' }, { tag: 'err' }], ['success', 'a']]);
        return [[false, true], [{ tag: 'err' }, { tag: 'ok' }], ['a', 'b']];
      },
    });
    expect(calls).toBeGreaterThanOrEqual(10);
  });
});
