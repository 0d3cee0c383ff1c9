// A bounds-checked little-endian byte cursor over one DWARF section. Every read past `end` (or a LEB that
// never ends) is a DebugInfoError naming the section and the offset, so bad DWARF never crashes or hangs.
import { decodeUtf8 } from '../../decoder/reader.js';
import { DebugInfoError } from '../source-info.js';

export class Cursor {
  readonly bytes: Uint8Array;
  readonly section: string;
  pos: number;
  end: number;

  constructor(bytes: Uint8Array, section: string, pos = 0, end = bytes.length) {
    this.bytes = bytes;
    this.section = section;
    this.pos = pos;
    this.end = Math.min(end, bytes.length);
  }

  fail(what: string, offset = this.pos): never {
    throw new DebugInfoError(`${what} (${this.section} at offset 0x${offset.toString(16)})`);
  }

  atEnd(): boolean {
    return this.pos >= this.end;
  }

  need(n: number): void {
    if (n < 0 || this.pos + n > this.end) this.fail(`unexpected end of data reading ${n} bytes`);
  }

  u8(): number {
    this.need(1);
    return this.bytes[this.pos++];
  }

  u16(): number {
    this.need(2);
    const b = this.bytes, p = this.pos;
    this.pos += 2;
    return b[p] | (b[p + 1] << 8);
  }

  u24(): number {
    this.need(3);
    const b = this.bytes, p = this.pos;
    this.pos += 3;
    return b[p] | (b[p + 1] << 8) | (b[p + 2] << 16);
  }

  u32(): number {
    this.need(4);
    const b = this.bytes, p = this.pos;
    this.pos += 4;
    return (b[p] | (b[p + 1] << 8) | (b[p + 2] << 16) | (b[p + 3] << 24)) >>> 0;
  }

  /** A 64-bit unsigned value as a number (exact below 2^53; wasm32 addresses always are). */
  u64(): number {
    const lo = this.u32();
    const hi = this.u32();
    return hi * 0x1_0000_0000 + lo;
  }

  /** A 64-bit value as a BigInt (for constants that may not fit a number). */
  u64big(): bigint {
    const lo = this.u32();
    const hi = this.u32();
    return (BigInt(hi) << 32n) | BigInt(lo);
  }

  /** Unsigned of `size` bytes (1, 2, 4 or 8). */
  uN(size: number): number {
    switch (size) {
      case 1: return this.u8();
      case 2: return this.u16();
      case 4: return this.u32();
      case 8: return this.u64();
      default: return this.fail(`unsupported integer size ${size}`);
    }
  }

  /** Unsigned LEB128 as a number; bits above 2^56 are dropped rather than mis-read as negative. */
  uleb(): number {
    return this.leb(false);
  }

  /** Signed LEB128 as a number. */
  sleb(): number {
    return this.leb(true);
  }

  private leb(signed: boolean): number {
    let result = 0;
    let scale = 1;
    const start = this.pos;
    for (;;) {
      if (this.pos >= this.end) this.fail('unterminated LEB128', start);
      const b = this.bytes[this.pos++];
      if (scale < 2 ** 56) result += (b & 0x7f) * scale;
      scale *= 128;
      if ((b & 0x80) === 0) return signed && b & 0x40 ? result - scale : result;
    }
  }

  /** Signed LEB128 as a BigInt (DW_OP_consts of 64-bit constants). */
  slebBig(): bigint {
    let result = 0n;
    let shift = 0n;
    const start = this.pos;
    for (;;) {
      if (this.pos >= this.end) this.fail('unterminated LEB128', start);
      const b = this.bytes[this.pos++];
      result |= BigInt(b & 0x7f) << shift;
      shift += 7n;
      if ((b & 0x80) === 0) {
        if (b & 0x40) result -= 1n << shift;
        return result;
      }
    }
  }

  skip(n: number): void {
    this.need(n);
    this.pos += n;
  }

  bytesOf(n: number): Uint8Array {
    this.need(n);
    const v = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return v;
  }

  /** A NUL-terminated UTF-8 string. */
  cstr(): string {
    const start = this.pos;
    let p = start;
    while (p < this.end && this.bytes[p] !== 0) p++;
    if (p >= this.end) this.fail('unterminated string', start);
    this.pos = p + 1;
    return utf8(this.bytes, start, p);
  }

  /** An initial length: returns [unit length, offset size 4 or 8]. */
  initialLength(): [number, 4 | 8] {
    const len = this.u32();
    if (len === 0xffff_ffff) return [this.u64(), 8];
    if (len >= 0xffff_fff0) this.fail(`reserved unit length 0x${len.toString(16)}`, this.pos - 4);
    return [len, 4];
  }
}

/** A DebugInfoError about `section` at `offset` (for checks made outside a cursor). */
export function dwarfError(section: string, offset: number, what: string): never {
  return new Cursor(new Uint8Array(0), section).fail(what, offset);
}

/** The NUL-terminated string at `offset` of a string section. */
export function stringAt(bytes: Uint8Array, section: string, offset: number): string {
  if (offset >= bytes.length) new Cursor(bytes, section, offset).fail('string offset out of range');
  return new Cursor(bytes, section, offset).cstr();
}

/** UTF-8 via the decoder's strict decoder; malformed bytes (DWARF strings are not validated) become U+FFFD. */
export function utf8(b: Uint8Array, start: number, end: number): string {
  const s = decodeUtf8(b, start, end);
  if (s !== undefined) return s;
  let out = '';
  for (let i = start; i < end; i++) out += b[i] < 0x80 ? String.fromCharCode(b[i]) : '\ufffd';
  return out;
}
