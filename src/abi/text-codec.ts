// Our own UTF-8 / UTF-16 / Latin-1 codecs over byte arrays: QuickJS and Hermes have no host text
// encoding API (GUIDE §2.8). Decoders are strict, as the canonical ABI requires (bad input traps);
// encoders refuse host strings with lone surrogates, which are not Unicode strings (TypeError).
import { trap } from './trap.js';
// Repeated messages are one constant so the bundle holds the text once.
const BAD_UTF8 = 'invalid UTF-8 string';

/** Host byte order: typed-array copies of UTF-16 code units are only valid on little-endian hosts. */
export const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

const CHUNK = 0x2000;
/** Up to this many code units a string is built and stored unit by unit: for short strings (the common
 *  case in calls and records) a typed-array view or subarray costs more than the loop. */
const SHORT = 16;

/** String from UTF-16 code units (any array-like of numbers), in chunks to stay under argument limits. */
export function fromCodeUnits(units: Uint16Array | Uint8Array, start: number, end: number): string {
  if (end - start <= SHORT) {
    // Short strings (the common case in records): a loop beats making a subarray for apply.
    let s = '';
    for (let i = start; i < end; i++) s += String.fromCharCode(units[i]);
    return s;
  }
  if (end - start <= CHUNK) return String.fromCharCode.apply(null, units.subarray(start, end) as unknown as number[]);
  let s = '';
  for (let i = start; i < end; i += CHUNK) {
    s += String.fromCharCode.apply(null, units.subarray(i, Math.min(end, i + CHUNK)) as unknown as number[]);
  }
  return s;
}

/** Strict UTF-8 decode of `u8[ptr, ptr+len)`; traps on any ill-formed sequence. */
export function decodeUtf8(u8: Uint8Array, ptr: number, len: number): string {
  const end = ptr + len;
  let i = ptr;
  // ASCII prefix: convert straight from the bytes.
  while (i < end && u8[i] < 0x80) i++;
  if (i === end) return fromCodeUnits(u8, ptr, end);
  const out = new Uint16Array(len);
  let n = 0;
  for (let j = ptr; j < i; j++) out[n++] = u8[j];
  while (i < end) {
    const b0 = u8[i];
    if (b0 < 0x80) {
      out[n++] = b0;
      i++;
      continue;
    }
    let cp: number;
    if (b0 >= 0xc2 && b0 <= 0xdf) {
      if (i + 1 >= end) trap(BAD_UTF8);
      const b1 = u8[i + 1];
      if ((b1 & 0xc0) !== 0x80) trap(BAD_UTF8);
      cp = ((b0 & 0x1f) << 6) | (b1 & 0x3f);
      i += 2;
    } else if (b0 >= 0xe0 && b0 <= 0xef) {
      if (i + 2 >= end) trap(BAD_UTF8);
      const b1 = u8[i + 1];
      const b2 = u8[i + 2];
      // Second-byte ranges exclude overlong forms (E0) and surrogates (ED).
      const lo = b0 === 0xe0 ? 0xa0 : 0x80;
      const hi = b0 === 0xed ? 0x9f : 0xbf;
      if (b1 < lo || b1 > hi || (b2 & 0xc0) !== 0x80) trap(BAD_UTF8);
      cp = ((b0 & 0x0f) << 12) | ((b1 & 0x3f) << 6) | (b2 & 0x3f);
      i += 3;
    } else if (b0 >= 0xf0 && b0 <= 0xf4) {
      if (i + 3 >= end) trap(BAD_UTF8);
      const b1 = u8[i + 1];
      const b2 = u8[i + 2];
      const b3 = u8[i + 3];
      const lo = b0 === 0xf0 ? 0x90 : 0x80;
      const hi = b0 === 0xf4 ? 0x8f : 0xbf;
      if (b1 < lo || b1 > hi || (b2 & 0xc0) !== 0x80 || (b3 & 0xc0) !== 0x80) trap(BAD_UTF8);
      cp = ((b0 & 0x07) << 18) | ((b1 & 0x3f) << 12) | ((b2 & 0x3f) << 6) | (b3 & 0x3f);
      i += 4;
      cp -= 0x10000;
      out[n++] = 0xd800 | (cp >> 10);
      out[n++] = 0xdc00 | (cp & 0x3ff);
      continue;
    } else {
      trap(BAD_UTF8);
    }
    out[n++] = cp;
  }
  return fromCodeUnits(out, 0, n);
}

/** Strict UTF-16LE decode of `count` code units at an even `ptr`; traps on unpaired surrogates. */
export function decodeUtf16(u8: Uint8Array, ptr: number, count: number): string {
  if (count <= SHORT) return decodeShortUtf16(u8, ptr, count);
  let units: Uint16Array;
  if (LITTLE_ENDIAN && ((u8.byteOffset + ptr) & 1) === 0) {
    units = new Uint16Array(u8.buffer, u8.byteOffset + ptr, count);
  } else {
    units = new Uint16Array(count);
    for (let k = 0; k < count; k++) units[k] = u8[ptr + 2 * k] | (u8[ptr + 2 * k + 1] << 8);
  }
  for (let k = 0; k < count; k++) {
    const u = units[k];
    if (u < 0xd800 || u > 0xdfff) continue;
    if (u > 0xdbff || k + 1 >= count) trap('invalid UTF-16 string');
    const v = units[k + 1];
    if (v < 0xdc00 || v > 0xdfff) trap('invalid UTF-16 string');
    k++;
  }
  return fromCodeUnits(units, 0, count);
}

/** decodeUtf16 of a short string, from the bytes (no view allocated). */
function decodeShortUtf16(u8: Uint8Array, ptr: number, count: number): string {
  let s = '';
  for (let k = 0; k < count; k++) {
    const p = ptr + 2 * k;
    const u = u8[p] | (u8[p + 1] << 8);
    if (u >= 0xd800 && u <= 0xdfff) {
      if (u > 0xdbff || k + 1 >= count) trap('invalid UTF-16 string');
      const v = u8[p + 2] | (u8[p + 3] << 8);
      if (v < 0xdc00 || v > 0xdfff) trap('invalid UTF-16 string');
      s += String.fromCharCode(u, v);
      k++;
    } else s += String.fromCharCode(u);
  }
  return s;
}

/** Latin-1 decode: every byte is its own code point. */
export function decodeLatin1(u8: Uint8Array, ptr: number, len: number): string {
  return fromCodeUnits(u8, ptr, ptr + len);
}

export function loneSurrogate(): never {
  throw new TypeError('string contains a lone surrogate and is not a valid Unicode string');
}

/** Number of UTF-8 bytes of `s[from..]` (a lone surrogate throws, as encoding would). */
export function utf8Length(s: string, from: number): number {
  const n = s.length;
  let len = 0;
  for (let i = from; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) len += 1;
    else if (c < 0x800) len += 2;
    else if (c < 0xd800 || c > 0xdfff) len += 3;
    else {
      const d = i + 1 < n ? s.charCodeAt(i + 1) : 0;
      if (c > 0xdbff || d < 0xdc00 || d > 0xdfff) loneSurrogate();
      i++;
      len += 4;
    }
  }
  return len;
}

/**
 * UTF-8 encode `s[from..]` into `u8` at `at`; the caller guarantees 3 bytes per remaining code unit.
 * Returns the end offset.
 */
export function encodeUtf8Into(s: string, from: number, u8: Uint8Array, at: number): number {
  const n = s.length;
  let p = at;
  for (let i = from; i < n; i++) {
    let c = s.charCodeAt(i);
    if (c < 0x80) {
      u8[p++] = c;
    } else if (c < 0x800) {
      u8[p++] = 0xc0 | (c >> 6);
      u8[p++] = 0x80 | (c & 0x3f);
    } else if (c < 0xd800 || c > 0xdfff) {
      u8[p++] = 0xe0 | (c >> 12);
      u8[p++] = 0x80 | ((c >> 6) & 0x3f);
      u8[p++] = 0x80 | (c & 0x3f);
    } else {
      const d = i + 1 < n ? s.charCodeAt(i + 1) : 0;
      if (c > 0xdbff || d < 0xdc00 || d > 0xdfff) loneSurrogate();
      i++;
      c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
      u8[p++] = 0xf0 | (c >> 18);
      u8[p++] = 0x80 | ((c >> 12) & 0x3f);
      u8[p++] = 0x80 | ((c >> 6) & 0x3f);
      u8[p++] = 0x80 | (c & 0x3f);
    }
  }
  return p;
}

/** UTF-16LE encode `s[from..]` at even byte offset `at`, checking that surrogates come in pairs. */
export function encodeUtf16Into(s: string, from: number, u8: Uint8Array, at: number): void {
  const n = s.length;
  const direct = n - from > SHORT && LITTLE_ENDIAN && ((u8.byteOffset + at) & 1) === 0;
  const u16 = direct ? new Uint16Array(u8.buffer, u8.byteOffset + at, n - from) : undefined;
  for (let i = from, k = 0; i < n; i++, k++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) {
      // A high surrogate followed by a low one: copy both units and skip the low one.
      const d = i + 1 < n ? s.charCodeAt(i + 1) : 0;
      if (c > 0xdbff || d < 0xdc00 || d > 0xdfff) loneSurrogate();
    }
    if (u16 !== undefined) u16[k] = c;
    else {
      u8[at + 2 * k] = c & 0xff;
      u8[at + 2 * k + 1] = c >> 8;
    }
    if (c >= 0xd800 && c <= 0xdbff) {
      i++;
      k++;
      const d = s.charCodeAt(i);
      if (u16 !== undefined) u16[k] = d;
      else {
        u8[at + 2 * k] = d & 0xff;
        u8[at + 2 * k + 1] = d >> 8;
      }
    }
  }
}
