// Strings across the boundary (CanonicalABI.md load_string_from_range / store_string_into_range).
// Host strings are JS strings, i.e. UTF-16 code units, so lowering follows the spec's sequences for a
// 'utf16' source: exact-size allocation for UTF-8 (see storeUtf16ToUtf8), worst case then shrink for latin1+utf16; bounds/alignment traps.
import type { AbiContext } from './context.js';
import { MAX_STRING_BYTE_LENGTH, UTF16_TAG } from './layout.js';
import { ENC_UTF16, ENC_UTF8 } from './options.js';
import { decodeLatin1, decodeUtf16, decodeUtf8, encodeUtf16Into, encodeUtf8Into, utf8Length } from './text-codec.js';
import { stringTooLong, trap } from './trap.js';
import { GuestString, LAZY_STRING_BYTES } from './guest-string.js';
import { storeGuestString } from './transcode.js';

/**
 * Lift a string from guest memory given its pointer and (tagged) code-unit count. Strings of
 * LAZY_STRING_BYTES or more stay in memory as a GuestString (guest-string.ts).
 */
export function loadStringFromRange(cx: AbiContext, ptr: number, tagged: number): string | GuestString {
  return loadStringAt(cx, ptr >>> 0, tagged >>> 0);
}

/**
 * loadStringFromRange for an unsigned `ptr` of any size (64-bit memories) and a tagged length in the
 * 32-bit form (UTF16_TAG = bit 31; strings64.ts converts the 64-bit form).
 */
export function loadStringAt(cx: AbiContext, ptr: number, tagged: number): string | GuestString {
  cx.needMemory();
  let align: number;
  let byteLength: number;
  let kind: 0 | 1 | 2; // 0 utf8, 1 utf16, 2 latin1
  if (cx.enc === ENC_UTF8) {
    align = 1;
    byteLength = tagged;
    kind = 0;
  } else if (cx.enc === ENC_UTF16) {
    align = 2;
    byteLength = 2 * tagged;
    kind = 1;
  } else if ((tagged & UTF16_TAG) !== 0) {
    align = 2;
    byteLength = 2 * (tagged ^ UTF16_TAG);
    kind = 1;
  } else {
    align = 2;
    byteLength = tagged;
    kind = 2;
  }
  if (byteLength > MAX_STRING_BYTE_LENGTH) stringTooLong();
  if ((ptr & (align - 1)) !== 0) trap('misaligned string pointer');
  if (ptr + byteLength > cx.size) trap('out-of-bounds string');
  let u8 = cx.u8;
  if (cx.big !== undefined) {
    // A memory no typed array holds: decode a copy of the range.
    u8 = cx.abi64!.readRange(cx.big, ptr, byteLength);
    ptr = 0;
  }
  if (byteLength >= LAZY_STRING_BYTES) return new GuestString(u8, ptr, kind, kind === 1 ? byteLength / 2 : byteLength, cx.enc);
  if (kind === 0) return decodeUtf8(u8, ptr, byteLength);
  if (kind === 1) return decodeUtf16(u8, ptr, byteLength / 2);
  return decodeLatin1(u8, ptr, byteLength);
}

/**
 * Lower a host string into freshly realloc'ed guest memory. Returns the pointer; the (tagged) code-unit
 * count is left in `cx.strLen` to avoid allocating a pair per string.
 */
export function storeStringIntoRange(cx: AbiContext, s: string | GuestString): number {
  if (typeof s !== 'string') {
    if (s instanceof GuestString) return storeGuestString(cx, s);
    throw new TypeError(`expected a string, got ${typeof s}`);
  }
  const units = s.length;
  if (cx.enc === ENC_UTF8) return storeUtf16ToUtf8(cx, s, units);
  if (cx.enc === ENC_UTF16) return storeUtf16Copy(cx, s, units);
  return storeUtf16ToLatin1OrUtf16(cx, s, units);
}

// A host string into UTF-8: copy the ASCII prefix, and at the first non-ASCII unit count the exact
// encoded length and allocate once. The spec's store_utf16_to_utf8 (grow to 3 bytes per unit, then shrink)
// describes a guest-to-guest transcoder; a host string is the host's own value, and real guests' allocators
// depend on one allocation per string (the WASI preview1 adapter asserts it), as wasmtime and jco do.
function storeUtf16ToUtf8(cx: AbiContext, s: string, units: number): number {
  if (units > MAX_STRING_BYTE_LENGTH) trap('string too long');
  let ascii = 0;
  while (ascii < units && s.charCodeAt(ascii) < 0x80) ascii++;
  const len = ascii === units ? units : ascii + utf8Length(s, ascii);
  if (len > MAX_STRING_BYTE_LENGTH) trap('string too long');
  const ptr = cx.realloc(0, 0, 1, len);
  const u8 = cx.u8;
  for (let i = 0; i < ascii; i++) u8[ptr + i] = s.charCodeAt(i);
  if (ascii < units) encodeUtf8Into(s, ascii, u8, ptr + ascii);
  cx.strLen = len;
  return ptr;
}

// store_string_copy with 2-byte code units.
function storeUtf16Copy(cx: AbiContext, s: string, units: number): number {
  const byteLength = 2 * units;
  if (byteLength > MAX_STRING_BYTE_LENGTH) trap('string too long');
  const ptr = cx.realloc(0, 0, 2, byteLength);
  encodeUtf16Into(s, 0, cx.u8, ptr);
  cx.strLen = units;
  return ptr;
}

// store_string_to_latin1_or_utf16: Latin-1 while every code point fits a byte; at the first one that does
// not, grow to UTF-16, widen the bytes already written (backwards, in place) and tag the length.
function storeUtf16ToLatin1OrUtf16(cx: AbiContext, s: string, units: number): number {
  if (units > MAX_STRING_BYTE_LENGTH) trap('string too long');
  let ptr = cx.realloc(0, 0, 2, units);
  let u8 = cx.u8;
  for (let i = 0; i < units; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x100) {
      u8[ptr + i] = c;
      continue;
    }
    const worst = 2 * units;
    if (worst > MAX_STRING_BYTE_LENGTH) trap('string too long');
    ptr = cx.realloc(ptr, units, 2, worst);
    u8 = cx.u8;
    for (let j = i - 1; j >= 0; j--) {
      u8[ptr + 2 * j] = u8[ptr + j];
      u8[ptr + 2 * j + 1] = 0;
    }
    encodeUtf16Into(s, i, u8, ptr + 2 * i);
    // A UTF-16 source has exactly `units` code units, so the worst case is exact: no shrink.
    cx.strLen = (units | UTF16_TAG) >>> 0;
    return ptr;
  }
  cx.strLen = units;
  return ptr;
}

