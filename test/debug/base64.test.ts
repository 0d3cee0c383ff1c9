// DAP's base64 (src/debug/dap/base64.ts) against Node's Buffer as the oracle: every length remainder, the
// encoder's chunk boundary (8,192 chars = 6,144 bytes), and decoding that skips line breaks and stray padding.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromBase64, toBase64 } from '../../src/debug/index.js';

describe('DAP base64', () => {
  it('encodes and decodes as Buffer does, across the chunk boundary', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 20_000 }), (bytes) => {
      const text = toBase64(bytes);
      expect(text).toBe(Buffer.from(bytes).toString('base64'));
      expect(Array.from(fromBase64(text))).toEqual(Array.from(bytes));
    }), { numRuns: 60 });
    for (const n of [0, 1, 2, 3, 6143, 6144, 6145, 6146, 12288, 12289]) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 131 + 7) & 255);
      expect(toBase64(bytes), `length ${n}`).toBe(Buffer.from(bytes).toString('base64'));
    }
  });

  it('decoding skips characters outside the alphabet', () => {
    expect(Array.from(fromBase64('AQID\r\nBA==\n'))).toEqual([1, 2, 3, 4]);
    expect(Array.from(fromBase64('/w=='))).toEqual([255]);
    expect(Array.from(fromBase64(''))).toEqual([]);
  });
});
