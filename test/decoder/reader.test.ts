import { describe, expect, it } from 'vitest';
import { Reader, decodeUtf8 } from '../../src/decoder/reader.js';
import { CompileError } from '../../src/decoder/errors.js';

const rd = (...b: number[]) => new Reader(new Uint8Array(b));
function reason(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(CompileError);
    return (e as CompileError).reason;
  }
  throw new Error('no error');
}

describe('LEB128', () => {
  it('u32 decodes canonical and padded forms', () => {
    expect(rd(0x00).u32()).toBe(0);
    expect(rd(0xe5, 0x8e, 0x26).u32()).toBe(624485);
    expect(rd(0x80, 0x80, 0x80, 0x80, 0x00).u32()).toBe(0);
    expect(rd(0xff, 0xff, 0xff, 0xff, 0x0f).u32()).toBe(0xffffffff);
  });
  it('u32 rejects too long and too large', () => {
    expect(reason(() => rd(0x80, 0x80, 0x80, 0x80, 0x80, 0x00).u32())).toBe('integer representation too long');
    expect(reason(() => rd(0xff, 0xff, 0xff, 0xff, 0x1f).u32())).toBe('integer too large');
    expect(reason(() => rd(0x80, 0x80).u32())).toBe('unexpected end');
  });
  it('s32 sign extends and checks unused bits', () => {
    expect(rd(0x7f).s32()).toBe(-1);
    expect(rd(0x80, 0x7f).s32()).toBe(-128);
    expect(rd(0xff, 0xff, 0xff, 0xff, 0x07).s32()).toBe(0x7fffffff);
    expect(rd(0x80, 0x80, 0x80, 0x80, 0x78).s32()).toBe(-0x80000000);
    expect(reason(() => rd(0xff, 0xff, 0xff, 0xff, 0x0f).s32())).toBe('integer too large');
    expect(reason(() => rd(0x80, 0x80, 0x80, 0x80, 0x70).s32())).toBe('integer too large');
  });
  it('s33 covers the type index range', () => {
    expect(rd(0x40).s33()).toBe(-64);
    expect(rd(0xff, 0xff, 0xff, 0xff, 0x0f).s33()).toBe(0xffffffff);
    expect(rd(0x80, 0x80, 0x80, 0x80, 0x70).s33()).toBe(-0x100000000);
    expect(reason(() => rd(0x80, 0x80, 0x80, 0x80, 0x20).s33())).toBe('integer too large');
  });
  it('s64 and u64 produce two 32-bit halves', () => {
    const r = rd(0x7f);
    r.s64();
    expect([r.lo, r.hi]).toEqual([-1, -1]);
    const r2 = rd(0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7f);
    r2.s64();
    expect([r2.lo, r2.hi >>> 0]).toEqual([0, 0x80000000]);
    const r3 = rd(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01);
    r3.u64();
    expect([r3.lo, r3.hi]).toEqual([-1, -1]);
    const r4 = rd(0x80, 0x80, 0x80, 0x80, 0x10);
    r4.s64();
    expect([r4.lo, r4.hi]).toEqual([0, 1]);
    expect(reason(() => rd(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02).u64())).toBe('integer too large');
    expect(reason(() => rd(0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x41).s64())).toBe('integer too large');
    expect(reason(() => rd(0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00).s64())).toBe(
      'integer representation too long',
    );
  });
});

describe('reader', () => {
  it('respects the byteOffset of a view', () => {
    const buf = new Uint8Array([9, 9, 9, 0x05, 0x2a]);
    const r = new Reader(buf.subarray(3));
    expect(r.u8()).toBe(5);
    expect(r.u8()).toBe(42);
    expect(r.pos).toBe(2);
  });
  it('fails fast on a vector length larger than the input', () => {
    const r = rd(0xff, 0xff, 0xff, 0xff, 0x0f, 1, 2, 3);
    expect(reason(() => r.vecLen())).toBe('unexpected end');
  });
  it('reads f32/f64 bits exactly', () => {
    const r = rd(0x01, 0x00, 0xc0, 0x7f, 0x01, 0, 0, 0, 0, 0, 0xf8, 0x7f);
    expect(r.fixed32() >>> 0).toBe(0x7fc00001);
    r.fixed64();
    expect([r.lo, r.hi >>> 0]).toEqual([1, 0x7ff80000]);
  });
  it('reports end of section inside a section limit', () => {
    const r = new Reader(new Uint8Array([0x80, 0x80, 0]), 0, 2);
    expect(reason(() => r.u32())).toBe('unexpected end of section or function');
  });
});

describe('UTF-8', () => {
  const dec = (...b: number[]) => decodeUtf8(new Uint8Array(b), 0, b.length);
  it('decodes all sequence lengths', () => {
    expect(dec(0x61, 0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80)).toBe('aé€😀');
  });
  it('rejects overlong forms, surrogates, out of range and truncation', () => {
    expect(dec(0xc0, 0x80)).toBeUndefined();
    expect(dec(0xe0, 0x80, 0x80)).toBeUndefined();
    expect(dec(0xed, 0xa0, 0x80)).toBeUndefined();
    expect(dec(0xf4, 0x90, 0x80, 0x80)).toBeUndefined();
    expect(dec(0xe2, 0x82)).toBeUndefined();
    expect(dec(0x80)).toBeUndefined();
    expect(dec(0xff)).toBeUndefined();
  });
  it('name() raises malformed UTF-8 encoding', () => {
    expect(reason(() => rd(2, 0xc0, 0x80).name())).toBe('malformed UTF-8 encoding');
  });
  it('decodes long strings', () => {
    const bytes = new Uint8Array(10000).fill(0x41);
    expect(decodeUtf8(bytes, 0, bytes.length)).toBe('A'.repeat(10000));
  });
});
