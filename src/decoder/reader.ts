// A one-pass byte reader over a Uint8Array view with strict LEB128, IEEE bit patterns and UTF-8 names.
//
// Positions are offsets into `bytes` (the view given, so they match Module.bytes offsets). `end` is the
// current limit (the end of the section being read); reading past it is "unexpected end of section or
// function", past the whole input "unexpected end". 64-bit integers are produced as two int32 halves in
// `lo`/`hi` so no BigInt is needed.
import { CompileError, END_OF_SECTION, UNEXPECTED_END } from './errors.js';

// Repeated messages are one constant so the bundle holds the text once.
const TOO_LONG = 'integer representation too long';

export class Reader {
  readonly bytes: Uint8Array;
  pos: number;
  end: number;
  /** Section named in errors. */
  section = 'module';
  /** Low / high 32 bits of the last 64-bit integer read (u64 / s64). */
  lo = 0;
  hi = 0;
  /** shared-everything-threads encodings are accepted (CoreFeatures.sharedEverythingThreads); off, they stay
   *  malformed. (A name of its own, not the option's public one: the build renames it, scripts/mangle.mjs.) */
  sharedForms = false;
  /**
   * How running out of bytes is reported. The core reference interpreter distinguishes the end of a
   * section ("unexpected end of section or function") from the end of the input ("unexpected end",
   * "length out of bounds"); component binaries follow the reference component validator, which says
   * "unexpected end-of-file" for all of them.
   */
  endWording: 'core' | 'component' = 'core';

  constructor(bytes: Uint8Array, pos = 0, end = bytes.length) {
    this.bytes = bytes;
    this.pos = pos;
    this.end = end;
  }

  fail(reason: string, offset = this.pos): never {
    throw new CompileError(reason, this.section, offset, 'malformed');
  }

  /** Out of bytes at `offset`; `pastInput` is the core wording when the input itself has ended. */
  failEnd(pastInput = UNEXPECTED_END, offset = this.pos): never {
    if (this.endWording === 'component') this.fail('unexpected end-of-file', offset);
    this.fail(this.end < this.bytes.length ? END_OF_SECTION : pastInput, offset);
  }

  /** Out of bytes at p, inside a LEB128. */
  private endAt(p: number): never {
    this.pos = p;
    return this.failEnd();
  }

  /** A LEB128 from `start` whose last allowed byte (before p) continues (`tooLong`) or has bits beyond the
   *  integer's width. */
  private lebFail(p: number, start: number, tooLong: boolean): never {
    this.pos = p;
    return this.fail(tooLong ? TOO_LONG : 'integer too large', start);
  }

  u8(): number {
    if (this.pos >= this.end) this.failEnd();
    return this.bytes[this.pos++];
  }

  peek(): number {
    if (this.pos >= this.end) this.failEnd();
    return this.bytes[this.pos];
  }

  /** Unsigned LEB128, at most 32 bits. */
  u32(): number {
    const b = this.bytes;
    let p = this.pos;
    if (p < this.end && b[p] < 0x80) {
      this.pos = p + 1;
      return b[p];
    }
    const start = p;
    let result = 0;
    for (let shift = 0; ; shift += 7) { // (the 5th byte's case returns or fails)
      if (p >= this.end) this.endAt(p);
      const byte = b[p++];
      if (shift === 28) {
        if (byte & 0x80) this.lebFail(p, start, true);
        if (byte & 0x70) this.lebFail(p, start, false);
      }
      result |= (byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) {
        this.pos = p;
        return result >>> 0;
      }
    }
  }

  /** Signed LEB128, 32 bits. */
  s32(): number {
    const b = this.bytes;
    let p = this.pos;
    const start = p;
    let result = 0;
    for (let shift = 0; ; shift += 7) { // (the 5th byte's case returns or fails)
      if (p >= this.end) this.endAt(p);
      const byte = b[p++];
      if (shift === 28) {
        if (byte & 0x80) this.lebFail(p, start, true);
        const rest = byte & 0x78; // bit 3 is the sign bit (bit 31); bits 4-6 must repeat it
        if (rest !== 0 && rest !== 0x78) this.lebFail(p, start, false);
        this.pos = p;
        return result | (byte << 28);
      }
      result |= (byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) {
        this.pos = p;
        const used = shift + 7;
        return used < 32 && byte & 0x40 ? result | (-1 << used) : result;
      }
    }
  }

  /** Signed LEB128, 33 bits (block types, heap types). Returns a float64 in [-2^32, 2^32). */
  s33(): number {
    const b = this.bytes;
    let p = this.pos;
    if (p < this.end && b[p] < 0x80) {
      this.pos = p + 1;
      const v = b[p];
      return v & 0x40 ? v - 0x80 : v;
    }
    const start = p;
    let result = 0;
    let mul = 1;
    for (let i = 0; ; i++) { // (the 5th byte's case returns or fails)
      if (p >= this.end) this.endAt(p);
      const byte = b[p++];
      if (i === 4) {
        if (byte & 0x80) this.lebFail(p, start, true);
        const rest = byte & 0x70; // bit 4 is the sign bit (bit 32)
        if (rest !== 0 && rest !== 0x70) this.lebFail(p, start, false);
        result += (byte & 0x1f) * mul;
        this.pos = p;
        return byte & 0x10 ? result - 0x2_0000_0000 : result;
      }
      result += (byte & 0x7f) * mul;
      mul *= 128;
      if ((byte & 0x80) === 0) {
        this.pos = p;
        return byte & 0x40 ? result - mul : result;
      }
    }
  }

  /** Signed LEB128, 64 bits, into lo/hi. */
  s64(): void {
    this.leb64(true);
  }

  /** Unsigned LEB128, 64 bits, into lo/hi. */
  u64(): void {
    this.leb64(false);
  }

  private leb64(signed: boolean): void {
    const b = this.bytes;
    let p = this.pos;
    const start = p;
    let lo = 0;
    let hi = 0;
    for (let i = 0; ; i++) { // (the 10th byte's case returns or fails)
      if (p >= this.end) this.endAt(p);
      const byte = b[p++];
      const bits = byte & 0x7f;
      if (i === 9) {
        if (byte & 0x80) this.lebFail(p, start, true);
        // Only bit 0 (bit 63 of the value) is used; signed: bits 1-6 must repeat it.
        if (signed ? bits !== 0 && bits !== 0x7f : bits > 1) this.lebFail(p, start, false);
        hi |= bits << 31;
        this.pos = p;
        this.lo = lo;
        this.hi = hi;
        return;
      }
      const shift = i * 7;
      if (shift < 28) lo |= bits << shift;
      else if (shift === 28) {
        lo |= bits << 28;
        hi |= bits >>> 4;
      } else hi |= bits << (shift - 32);
      if ((byte & 0x80) === 0) {
        const used = shift + 7;
        if (signed && byte & 0x40) {
          if (used < 32) {
            lo |= -1 << used;
            hi = -1;
          } else hi |= -1 << (used - 32);
        }
        this.pos = p;
        this.lo = lo;
        this.hi = hi;
        return;
      }
    }
  }

  /** Little-endian 32 bits (f32 bit pattern), as an int32. */
  fixed32(): number {
    const p = this.pos;
    if (p + 4 > this.end) this.failEnd();
    const b = this.bytes;
    this.pos = p + 4;
    return b[p] | (b[p + 1] << 8) | (b[p + 2] << 16) | (b[p + 3] << 24);
  }

  /** Little-endian 64 bits (f64 bit pattern) into lo/hi. */
  fixed64(): void {
    this.lo = this.fixed32();
    this.hi = this.fixed32();
  }

  skip(n: number): void {
    if (n > this.end - this.pos) this.failEnd();
    this.pos += n;
  }

  /**
   * A vector length: checked against the remaining bytes (each element takes at least `minElemBytes`)
   * before anyone allocates, so a length claiming 4 GiB fails fast.
   */
  vecLen(minElemBytes = 1): number {
    const start = this.pos;
    const n = this.u32();
    if (n * minElemBytes > this.end - this.pos) {
      this.pos = start;
      this.failEnd();
    }
    return n;
  }

  /** A name: vec(byte) holding strict UTF-8. */
  name(): string {
    const start = this.pos;
    const len = this.u32();
    if (len > this.end - this.pos) this.failEnd('length out of bounds', start);
    const s = decodeUtf8(this.bytes, this.pos, this.pos + len);
    if (s === undefined) this.fail('malformed UTF-8 encoding', start);
    this.pos += len;
    return s;
  }
}

/**
 * Strict UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing above U+10FFFF.
 * Returns undefined when the bytes are not well-formed.
 */
export function decodeUtf8(b: Uint8Array, start: number, end: number): string | undefined {
  let out = '';
  let chunk: number[] = [];
  let i = start;
  while (i < end) {
    const c = b[i];
    // The sequence's length from its lead byte (0: not a lead byte); the lead's payload bits start cp.
    const n = c < 0x80 ? 1 : c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
    if (n === 0 || i + n > end) return undefined;
    let cp = n === 1 ? c : c & (0x7f >> n);
    for (let k = 1; k < n; k++) {
      const x = b[i + k];
      if ((x & 0xc0) !== 0x80) return undefined;
      cp = (cp << 6) | (x & 0x3f);
    }
    // overlong 3- and 4-byte forms, surrogates, beyond U+10FFFF (2-byte overlongs start with 0xc0/0xc1)
    if (n === 3 ? cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff) : n === 4 && (cp < 0x10000 || cp > 0x10ffff)) return undefined;
    i += n;
    if (cp < 0x10000) chunk.push(cp);
    else {
      cp -= 0x10000;
      chunk.push(0xd800 + (cp >> 10), 0xdc00 + (cp & 0x3ff));
    }
    if (chunk.length > 4096) {
      out += String.fromCharCode.apply(null, chunk);
      chunk = [];
    }
  }
  return chunk.length ? out + String.fromCharCode.apply(null, chunk) : out;
}
