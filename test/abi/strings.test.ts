// Strings in the three encodings, with the spec's realloc sequences (store_string_* in CanonicalABI.md).
import { describe, expect, it } from 'vitest';
import { AbiContext, loadStringFromRange, storeStringIntoRange, UTF16_TAG } from '../../src/abi/index.js';
import { testMemory, type TestMemory } from './helpers.js';

function store(enc: 'utf8' | 'utf16' | 'latin1+utf16', s: string) {
  const m = testMemory(1 << 12, { record: true });
  const cx = new AbiContext({ memory: m, realloc: m.realloc, stringEncoding: enc });
  const ptr = storeStringIntoRange(cx, s);
  const len = cx.strLen;
  // Make the call log relative to the first pointer, so it reads like the spec.
  return { ptr, len, m, cx, bytes: Array.from(m.u8.subarray(ptr, ptr + byteLen(enc, len))) };
}

function byteLen(enc: string, len: number): number {
  if (enc === 'utf8') return len;
  if (enc === 'utf16') return 2 * len;
  return len & UTF16_TAG ? 2 * (len ^ UTF16_TAG) : len;
}

const calls = (m: TestMemory) => m.calls.map(([old, oldSize, a, n]) => [old === 0 ? 0 : 'p', oldSize, a, n]);

describe('store_string_into_range', () => {
  it('utf8: ASCII is copied in one allocation', () => {
    const r = store('utf8', 'abc');
    expect(calls(r.m)).toEqual([[0, 0, 1, 3]]);
    expect(r.len).toBe(3);
    expect(r.bytes).toEqual([0x61, 0x62, 0x63]);
  });
  it('utf8: a non-ASCII host string is allocated once, at its exact encoded length', () => {
    // One allocation per string: guests' allocators (the WASI preview1 adapter) depend on it.
    const r = store('utf8', 'aé');
    expect(calls(r.m)).toEqual([[0, 0, 1, 3]]);
    expect(r.len).toBe(3);
    expect(r.bytes).toEqual([0x61, 0xc3, 0xa9]);
  });
  it('utf8: 3- and 4-byte sequences are counted exactly', () => {
    const r = store('utf8', '€');
    expect(calls(r.m)).toEqual([[0, 0, 1, 3]]);
    expect(r.bytes).toEqual([0xe2, 0x82, 0xac]);
    const s = store('utf8', 'x😀');
    expect(calls(s.m)).toEqual([[0, 0, 1, 5]]);
    expect(s.bytes).toEqual([0x78, 0xf0, 0x9f, 0x98, 0x80]);
  });
  it('utf16: one allocation of 2 bytes per code unit, aligned to 2', () => {
    const r = store('utf16', 'a😀');
    expect(calls(r.m)).toEqual([[0, 0, 2, 6]]);
    expect(r.len).toBe(3);
    expect(r.bytes).toEqual([0x61, 0, 0x3d, 0xd8, 0x00, 0xde]);
  });
  it('latin1+utf16: Latin-1 while it fits', () => {
    const r = store('latin1+utf16', 'aé');
    expect(calls(r.m)).toEqual([[0, 0, 2, 2]]);
    expect(r.len).toBe(2);
    expect(r.bytes).toEqual([0x61, 0xe9]);
  });
  it('latin1+utf16: widens in place and tags the length at the first wide character', () => {
    const r = store('latin1+utf16', 'é€x');
    expect(calls(r.m)).toEqual([
      [0, 0, 2, 3],
      ['p', 3, 2, 6],
    ]);
    expect(r.len).toBe((3 | UTF16_TAG) >>> 0);
    expect(r.bytes).toEqual([0xe9, 0, 0xac, 0x20, 0x78, 0]);
  });
  it('empty strings', () => {
    for (const enc of ['utf8', 'utf16', 'latin1+utf16'] as const) {
      const r = store(enc, '');
      expect(r.len).toBe(0);
      expect(loadStringFromRange(r.cx, r.ptr, r.len)).toBe('');
    }
  });
  it('memory growth during realloc is picked up', () => {
    const m = testMemory(64);
    const cx = new AbiContext({ memory: m, realloc: m.realloc });
    const s = 'x'.repeat(1000) + 'é';
    const ptr = storeStringIntoRange(cx, s);
    expect(m.u8.length).toBeGreaterThan(64);
    expect(loadStringFromRange(cx, ptr, cx.strLen)).toBe(s);
  });
});

describe('round trips', () => {
  const samples = ['', 'hello', 'ÿé', 'a€b', '😀x😀', 'Grüße, 世界', '\u0000\u007f\u0080\u07ff\u0800\uffff', 'x'.repeat(20000) + 'ü'.repeat(9000)];
  for (const enc of ['utf8', 'utf16', 'latin1+utf16'] as const) {
    it(enc, () => {
      for (const s of samples) {
        const r = store(enc, s);
        expect(loadStringFromRange(r.cx, r.ptr, r.len)).toBe(s);
      }
    });
  }
});

describe('UTF-16 strings on both sides of the short-string limit (16 code units)', () => {
  // Short strings are stored and decoded unit by unit, longer ones through Uint16Array views: both ways
  // must agree with the JS string's own code units, and both must refuse lone surrogates.
  const units = (s: string) => Array.from({ length: s.length }, (_, i) => s.charCodeAt(i));
  const sample = (n: number) => {
    let s = '';
    for (let i = 0; s.length < n; i++) s += i % 3 === 0 && s.length + 2 <= n ? '🚀' : String.fromCharCode(0x61 + (i % 26) + (i % 2) * 0x400);
    return s;
  };
  for (const n of [0, 1, 15, 16, 17, 33]) {
    it(`${n} code units: stored as the string's units and lifted back unchanged`, () => {
      const s = sample(n);
      const r = store('utf16', s);
      expect(r.len).toBe(n);
      const got = Array.from({ length: n }, (_, k) => r.bytes[2 * k] | (r.bytes[2 * k + 1] << 8));
      expect(got).toEqual(units(s));
      expect(loadStringFromRange(r.cx, r.ptr, r.len)).toBe(s);
    });
  }
  for (const n of [3, 16, 17, 40]) {
    it(`${n} code units with a lone surrogate: the host string is refused, guest bytes trap`, () => {
      const bad = sample(n - 1).replace(/🚀/g, 'xy') + '\ud800';
      expect(() => store('utf16', bad)).toThrow(TypeError);
      const r = store('utf16', sample(n - 1).replace(/🚀/g, 'xy') + 'z');
      r.m.u8[r.ptr + 2 * (n - 1) + 1] = 0xdc; // the last unit becomes a lone low surrogate
      expect(() => loadStringFromRange(r.cx, r.ptr, r.len)).toThrow(/invalid UTF-16 string/);
    });
  }
});
