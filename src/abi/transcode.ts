// store_string_into_range for a GuestString (guest-string.ts): the source is still bytes in the lifting
// side's memory, so each case follows CanonicalABI.md's store_string_copy / store_string_to_utf8 /
// store_utf8_to_utf16 / store_string_to_latin1_or_utf16 / store_probably_utf16_to_latin1_or_utf16 step by
// step: check the size against MAX_STRING_BYTE_LENGTH, call realloc, check the result's bounds (cx.realloc),
// and only then read the source, one code point at a time. Nothing before the first realloc is
// proportional to the string's length, so a destination that refuses a huge string fails at once.
// Ill-formed source text traps while it is copied.
import type { AbiContext } from './context.js';
import { GuestString, SRC_LATIN1, SRC_UTF16, SRC_UTF8 } from './guest-string.js';
import { MAX_STRING_BYTE_LENGTH, UTF16_TAG } from './layout.js';
import { ENC_LATIN1_UTF16, ENC_UTF16, ENC_UTF8 } from './options.js';
import { stringTooLong, trap } from './trap.js';

/** Source offset after the code point the last nextCodePoint call read. */
let next = 0;

/** The code point at byte offset `i` of `s` (strict: ill-formed UTF-8 or a lone surrogate traps). */
function nextCodePoint(s: GuestString, i: number, end: number): number {
  const u8 = s.bytes;
  if (s.kind === SRC_LATIN1) {
    next = i + 1;
    return u8[i];
  }
  if (s.kind === SRC_UTF16) {
    const u = u8[i] | (u8[i + 1] << 8);
    next = i + 2;
    if (u < 0xd800 || u > 0xdfff) return u;
    if (u > 0xdbff || i + 4 > end) trap('invalid UTF-16 string');
    const v = u8[i + 2] | (u8[i + 3] << 8);
    if (v < 0xdc00 || v > 0xdfff) trap('invalid UTF-16 string');
    next = i + 4;
    return 0x10000 + ((u - 0xd800) << 10) + (v - 0xdc00);
  }
  const b0 = u8[i];
  if (b0 < 0x80) {
    next = i + 1;
    return b0;
  }
  let need: number;
  let cp: number;
  let lo = 0x80;
  let hi = 0xbf;
  if (b0 >= 0xc2 && b0 <= 0xdf) {
    need = 1;
    cp = b0 & 0x1f;
  } else if (b0 >= 0xe0 && b0 <= 0xef) {
    need = 2;
    cp = b0 & 0x0f;
    if (b0 === 0xe0) lo = 0xa0; // no overlong forms
    if (b0 === 0xed) hi = 0x9f; // no surrogates
  } else if (b0 >= 0xf0 && b0 <= 0xf4) {
    need = 3;
    cp = b0 & 0x07;
    if (b0 === 0xf0) lo = 0x90;
    if (b0 === 0xf4) hi = 0x8f;
  } else trap('invalid UTF-8 string');
  if (i + need >= end) trap('invalid UTF-8 string'); // truncated sequence
  for (let k = 1; k <= need; k++) {
    const b = u8[i + k];
    if (k === 1 ? b < lo || b > hi : (b & 0xc0) !== 0x80) trap('invalid UTF-8 string');
    cp = (cp << 6) | (b & 0x3f);
  }
  next = i + 1 + need;
  return cp;
}

function putUtf8(d: Uint8Array, p: number, c: number): number {
  if (c < 0x80) d[p++] = c;
  else if (c < 0x800) {
    d[p++] = 0xc0 | (c >> 6);
    d[p++] = 0x80 | (c & 0x3f);
  } else if (c < 0x10000) {
    d[p++] = 0xe0 | (c >> 12);
    d[p++] = 0x80 | ((c >> 6) & 0x3f);
    d[p++] = 0x80 | (c & 0x3f);
  } else {
    d[p++] = 0xf0 | (c >> 18);
    d[p++] = 0x80 | ((c >> 12) & 0x3f);
    d[p++] = 0x80 | ((c >> 6) & 0x3f);
    d[p++] = 0x80 | (c & 0x3f);
  }
  return p;
}

function putUtf16(d: Uint8Array, p: number, c: number): number {
  if (c >= 0x10000) {
    c -= 0x10000;
    const h = 0xd800 | (c >> 10);
    const l = 0xdc00 | (c & 0x3ff);
    d[p] = h & 0xff;
    d[p + 1] = h >> 8;
    d[p + 2] = l & 0xff;
    d[p + 3] = l >> 8;
    return p + 4;
  }
  d[p] = c & 0xff;
  d[p + 1] = c >> 8;
  return p + 2;
}

/** Lower a GuestString into the destination's memory; returns the pointer, the (tagged) length in cx.strLen. */
export function storeGuestString(cx: AbiContext, s: GuestString): number {
  const kind = s.kind;
  if (cx.enc === ENC_UTF8) {
    if (kind === SRC_UTF8) return storeCopy(cx, s, 1, 1);
    return storeToUtf8(cx, s, kind === SRC_UTF16 ? 3 * s.units : 2 * s.units);
  }
  if (cx.enc === ENC_UTF16) {
    if (kind === SRC_UTF8) return storeUtf8ToUtf16(cx, s);
    return storeCopy(cx, s, 2, 2);
  }
  if (kind === SRC_LATIN1) return storeCopy(cx, s, 1, 2);
  if (kind === SRC_UTF16 && s.srcEnc === ENC_LATIN1_UTF16) return storeProbablyUtf16(cx, s);
  return storeToLatin1OrUtf16(cx, s);
}

// store_string_copy: the destination size is exact; the copy checks the source is well formed.
function storeCopy(cx: AbiContext, s: GuestString, unitSize: number, align: number): number {
  const len = unitSize * s.units;
  if (len > MAX_STRING_BYTE_LENGTH) stringTooLong();
  const ptr = cx.realloc(0, 0, align, len);
  const dst = cx.u8;
  const src = s.bytes;
  const start = s.ptr;
  const end = start + s.byteLength;
  if (s.kind === SRC_LATIN1 && unitSize === 2) {
    for (let i = 0; i < s.units; i++) {
      dst[ptr + 2 * i] = src[start + i];
      dst[ptr + 2 * i + 1] = 0;
    }
  } else {
    if (s.kind !== SRC_LATIN1) for (let i = start; i < end; i = next) nextCodePoint(s, i, end); // validate
    dst.set(src.subarray(start, end), ptr);
  }
  cx.strLen = s.units;
  return ptr;
}

// store_string_to_utf8: optimistic one byte per code unit; at the first non-ASCII code point, grow to the
// worst case, finish, and shrink to the exact size.
function storeToUtf8(cx: AbiContext, s: GuestString, worst: number): number {
  const units = s.units;
  if (units > MAX_STRING_BYTE_LENGTH) stringTooLong();
  let ptr = cx.realloc(0, 0, 1, units);
  let dst = cx.u8;
  const end = s.ptr + s.byteLength;
  let n = 0;
  for (let i = s.ptr; i < end;) {
    const c = nextCodePoint(s, i, end);
    if (c < 0x80) {
      dst[ptr + n++] = c;
      i = next;
      continue;
    }
    if (worst > MAX_STRING_BYTE_LENGTH) stringTooLong();
    ptr = cx.realloc(ptr, units, 1, worst);
    dst = cx.u8;
    let p = ptr + n;
    while (i < end) {
      const cp = nextCodePoint(s, i, end);
      i = next;
      p = putUtf8(dst, p, cp);
    }
    const len = p - ptr;
    if (worst > len) ptr = cx.realloc(ptr, worst, 1, len);
    cx.strLen = len;
    return ptr;
  }
  cx.strLen = units;
  return ptr;
}

// store_utf8_to_utf16: worst case (two bytes per UTF-8 byte) up front, then shrink.
function storeUtf8ToUtf16(cx: AbiContext, s: GuestString): number {
  const worst = 2 * s.units;
  if (worst > MAX_STRING_BYTE_LENGTH) stringTooLong();
  let ptr = cx.realloc(0, 0, 2, worst);
  const dst = cx.u8;
  const end = s.ptr + s.byteLength;
  let p = ptr;
  for (let i = s.ptr; i < end; i = next) p = putUtf16(dst, p, nextCodePoint(s, i, end));
  const len = p - ptr;
  if (len < worst) ptr = cx.realloc(ptr, worst, 2, len);
  cx.strLen = len / 2;
  return ptr;
}

// store_string_to_latin1_or_utf16: Latin-1 while every code point fits a byte; at the first one that does
// not, grow to UTF-16, widen the bytes written so far in place (backwards), finish, shrink.
function storeToLatin1OrUtf16(cx: AbiContext, s: GuestString): number {
  const units = s.units;
  if (units > MAX_STRING_BYTE_LENGTH) stringTooLong();
  let ptr = cx.realloc(0, 0, 2, units);
  let dst = cx.u8;
  const end = s.ptr + s.byteLength;
  let n = 0;
  for (let i = s.ptr; i < end;) {
    const c = nextCodePoint(s, i, end);
    if (c < 0x100) {
      dst[ptr + n++] = c;
      i = next;
      continue;
    }
    const worst = 2 * units;
    if (worst > MAX_STRING_BYTE_LENGTH) stringTooLong();
    ptr = cx.realloc(ptr, units, 2, worst);
    dst = cx.u8;
    for (let j = n - 1; j >= 0; j--) {
      dst[ptr + 2 * j] = dst[ptr + j];
      dst[ptr + 2 * j + 1] = 0;
    }
    let p = ptr + 2 * n;
    while (i < end) {
      const cp = nextCodePoint(s, i, end);
      i = next;
      p = putUtf16(dst, p, cp);
    }
    const len = p - ptr;
    if (worst > len) ptr = cx.realloc(ptr, worst, 2, len);
    cx.strLen = ((len / 2) | UTF16_TAG) >>> 0;
    return ptr;
  }
  if (n < units) ptr = cx.realloc(ptr, units, 2, n);
  cx.strLen = n;
  return ptr;
}

// store_probably_utf16_to_latin1_or_utf16: a latin1+utf16 source that is UTF-16 is copied as UTF-16; if
// every code point turns out to fit Latin-1 after all, it is narrowed in place and shrunk.
function storeProbablyUtf16(cx: AbiContext, s: GuestString): number {
  const byteLength = 2 * s.units;
  if (byteLength > MAX_STRING_BYTE_LENGTH) stringTooLong();
  let ptr = cx.realloc(0, 0, 2, byteLength);
  const dst = cx.u8;
  const end = s.ptr + byteLength;
  let wide = false;
  for (let i = s.ptr; i < end; i = next) if (nextCodePoint(s, i, end) >= 0x100) wide = true;
  dst.set(s.bytes.subarray(s.ptr, end), ptr);
  if (wide) {
    cx.strLen = (s.units | UTF16_TAG) >>> 0;
    return ptr;
  }
  for (let i = 0; i < s.units; i++) dst[ptr + i] = dst[ptr + 2 * i];
  ptr = cx.realloc(ptr, byteLength, 1, s.units);
  cx.strLen = s.units;
  return ptr;
}
