// Strings that stay in the source memory (GuestString) and are transcoded straight into the destination in
// the spec's order: size checks, realloc, bounds, then the copy — so a destination that refuses a huge
// string fails before any work proportional to its length.
import { describe, expect, it } from 'vitest';
import { AbiContext, loadStringFromRange, storeStringIntoRange, MAX_STRING_BYTE_LENGTH, UTF16_TAG } from '../../src/abi/index.js';
import { GuestString, LAZY_STRING_BYTES, SRC_LATIN1, SRC_UTF16, SRC_UTF8, type SourceKind } from '../../src/abi/guest-string.js';
import { ENC_LATIN1_UTF16, ENC_UTF16, ENC_UTF8, type Enc } from '../../src/abi/options.js';
import { Trap } from '../../src/vm/errors.js';
import { testMemory, testOptions } from './helpers.js';

type Encoding = 'utf8' | 'utf16' | 'latin1+utf16';

/** `s` encoded as `kind` into fresh bytes at offset 8, as a GuestString. */
function guest(s: string, kind: SourceKind, srcEnc: Enc = kind === SRC_UTF8 ? ENC_UTF8 : kind === SRC_UTF16 ? ENC_UTF16 : ENC_LATIN1_UTF16): GuestString {
  const bytes = new Uint8Array(8 + 4 * s.length + 8);
  let p = 8;
  if (kind === SRC_LATIN1) for (let i = 0; i < s.length; i++) bytes[p++] = s.charCodeAt(i);
  else if (kind === SRC_UTF16) {
    for (let i = 0; i < s.length; i++) {
      bytes[p++] = s.charCodeAt(i) & 0xff;
      bytes[p++] = s.charCodeAt(i) >> 8;
    }
  } else for (const b of Buffer.from(s, 'utf8')) bytes[p++] = b;
  const units = kind === SRC_UTF16 ? (p - 8) / 2 : p - 8;
  return new GuestString(bytes, 8, kind, units, srcEnc);
}

/** Store `g` with destination encoding `enc`, then lift it back from the destination. */
function roundtrip(g: GuestString, enc: Encoding) {
  const o = testOptions(enc, testMemory(1 << 12, { record: true }));
  const cx = new AbiContext(o);
  const ptr = storeStringIntoRange(cx, g);
  const len = cx.strLen;
  return { value: loadStringFromRange(new AbiContext(o), ptr, len), len, calls: o.mem.calls };
}

const SAMPLES = ['', 'hello', 'caf\u00e9 \u00ff', 'snow \u2603 and \u0100', 'astral \u{1f600}!'];

describe('GuestString transcoding', () => {
  for (const enc of ['utf8', 'utf16', 'latin1+utf16'] as const) {
    for (const [kindName, kind] of [['utf8', SRC_UTF8], ['utf16', SRC_UTF16], ['latin1', SRC_LATIN1]] as const) {
      it(`${kindName} source → ${enc}`, () => {
        for (const s of SAMPLES) {
          if (kind === SRC_LATIN1 && /[^\u0000-\u00ff]/.test(s)) continue;
          expect(roundtrip(guest(s, kind), enc).value).toBe(s);
        }
      });
    }
  }

  it('a latin1+utf16 source in UTF-16 form narrows to Latin-1 when every code point fits', () => {
    const r = roundtrip(guest('caf\u00e9', SRC_UTF16, ENC_LATIN1_UTF16), 'latin1+utf16');
    expect(r.value).toBe('caf\u00e9');
    expect(r.len).toBe(4); // untagged: Latin-1
    const w = roundtrip(guest('\u0100x', SRC_UTF16, ENC_LATIN1_UTF16), 'latin1+utf16');
    expect(w.len).toBe((2 | UTF16_TAG) >>> 0);
  });

  it('UTF-16 → UTF-8 follows the spec: optimistic size, worst case at the first non-ASCII, then shrink', () => {
    const r = roundtrip(guest('ab\u00ffc', SRC_UTF16), 'utf8');
    expect(r.value).toBe('ab\u00ffc');
    const [first, grow, shrink] = r.calls;
    expect(first).toEqual([0, 0, 1, 4]);
    expect(grow.slice(1)).toEqual([4, 1, 12]);
    expect(shrink.slice(1)).toEqual([12, 1, 5]);
  });

  it('ill-formed source text traps while it is copied', () => {
    const bad = new GuestString(new Uint8Array([0xc3, 0x28]), 0, SRC_UTF8, 2, ENC_UTF8);
    expect(() => roundtrip(bad, 'utf16')).toThrow(Trap);
    const lone = new GuestString(new Uint8Array([0x00, 0xd8, 0x41, 0x00]), 0, SRC_UTF16, 2, ENC_UTF16);
    expect(() => roundtrip(lone, 'utf8')).toThrow(Trap);
  });

  it('huge claimed lengths fail at realloc or at the size check, before touching the source', () => {
    // 16 bytes of source claiming 2^31 - 1 units: realloc is the first thing called, and it refuses
    const src = new Uint8Array(16);
    let calls = 0;
    const refuse = { memory: { bytes: () => new Uint8Array(64) }, realloc: () => { calls++; throw new Trap('unreachable'); } };
    const huge = new GuestString(src, 0, SRC_UTF8, MAX_STRING_BYTE_LENGTH, ENC_UTF8);
    expect(() => storeStringIntoRange(new AbiContext({ ...refuse, stringEncoding: 'utf8' }), huge)).toThrow(/unreachable/);
    expect(calls).toBe(1);
    // UTF-8 → UTF-16 needs twice the bytes: past the maximum, a trap before realloc
    expect(() => storeStringIntoRange(new AbiContext({ ...refuse, stringEncoding: 'utf16' }), huge)).toThrow(/maximum string length/);
    expect(calls).toBe(1);
  });

  it('lifting a string of LAZY_STRING_BYTES or more keeps it in memory; smaller ones decode', () => {
    const mem = testMemory(LAZY_STRING_BYTES + 64);
    mem.u8.set([0x68, 0x69], 16);
    const cx = new AbiContext(testOptions('utf8', mem));
    expect(loadStringFromRange(cx, 16, 2)).toBe('hi');
    const g = loadStringFromRange(cx, 16, LAZY_STRING_BYTES);
    expect(g).toBeInstanceOf(GuestString);
    expect((g as GuestString).units).toBe(LAZY_STRING_BYTES);
    // past the maximum byte length: a trap at lift, whatever the memory's size
    expect(() => loadStringFromRange(cx, 0, MAX_STRING_BYTE_LENGTH + 1)).toThrow(/maximum string length/);
  });
});
