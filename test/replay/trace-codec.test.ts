// The trace's value codec and SHA-256: every kind of value survives a round trip bit for bit (NaN payloads,
// -0, BigInts past 64 bits, typed arrays), damaged bytes are a TraceFormatError, and SHA-256 agrees with
// Node's crypto at every padding boundary.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { TraceFormatError, TraceReader, hex, sha256 } from '../../src/replay/index.js';
import { TraceWriter, type TraceValue } from '../../src/replay/trace-codec.js';

function roundTrip(v: TraceValue): TraceValue {
  const w = new TraceWriter();
  w.value(v);
  const r = new TraceReader(w.finish());
  const out = r.value();
  expect(r.atEnd).toBe(true);
  return out;
}

describe('trace values', () => {
  it('numbers keep their bits: integers, -0, floats, NaN with a payload', () => {
    for (const n of [0, 1, 127, 128, 2 ** 31, 2 ** 53 - 1, -1, -(2 ** 53 - 1), 0.5, -1e300, Infinity, -Infinity]) expect(Object.is(roundTrip(n), n)).toBe(true);
    expect(Object.is(roundTrip(-0), -0)).toBe(true);
    const f = new Float64Array(1);
    const bits = new BigUint64Array(f.buffer);
    bits[0] = 0xfff8000000000123n; // a quiet NaN with a sign and a payload (a number holds no signalling NaN on V8)
    f[0] = roundTrip(f[0]) as number;
    expect(bits[0]).toBe(0xfff8000000000123n);
  });

  it('BigInts of every size and sign', () => {
    for (const b of [0n, 1n, -1n, 63n, 64n, -64n, -65n, 2n ** 63n - 1n, -(2n ** 63n), 2n ** 64n - 1n, 2n ** 64n, -(2n ** 63n) - 1n, 10n ** 30n, -(10n ** 30n)]) expect(roundTrip(b)).toBe(b);
  });

  it('strings, bytes, typed arrays, arrays and objects', () => {
    const v: TraceValue = { s: 'asdf中文🀄️⏰', b: new Uint8Array([0, 255, 7]), u32: new Uint32Array([1, 2 ** 32 - 1]), f32: new Float32Array([1.5, -0]),
      i64: new BigInt64Array([-1n, 5n]), list: [undefined, null, true, false, [1, 'x']], nested: { a: { b: [] } } };
    expect(roundTrip(v)).toEqual(v);
  });

  it('truncated or unknown bytes are a TraceFormatError', () => {
    const w = new TraceWriter();
    w.value('hello');
    const bytes = w.finish();
    expect(() => new TraceReader(bytes.subarray(0, 3)).value()).toThrow(TraceFormatError);
    expect(() => new TraceReader(new Uint8Array([99])).value()).toThrow(/unknown value tag 99 at byte 0/);
  });
});

describe('sha256', () => {
  it('agrees with node:crypto around every block boundary', () => {
    for (const n of [0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 128, 1000, 70_000]) {
      const data = Uint8Array.from({ length: n }, (_, i) => (i * 131 + 7) & 255);
      expect(hex(sha256(data))).toBe(createHash('sha256').update(data).digest('hex'));
    }
  });
});
