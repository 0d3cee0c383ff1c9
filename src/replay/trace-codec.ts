// The byte-level codec of a trace: a growable writer and a reader over LEB128 integers, strings, byte
// strings and self-describing ("tagged") values. Tagged values carry host-call arguments and results, so
// a divergence message can print both sides without knowing the call's signature.
import { decodeUtf8, encodeUtf8Into, utf8Length } from '../abi/text-codec.js';
import { UNCATCHABLE } from '../vm/errors.js';

/** Tags of self-describing values. */
export const Tag = {
  UNDEFINED: 0, NULL: 1, FALSE: 2, TRUE: 3,
  /** Non-negative integer up to 2^53 (unsigned LEB128). */
  UINT: 4,
  /** Negative integer down to -2^53 (magnitude as unsigned LEB128). */
  NEGINT: 5,
  /** Any other JS number: its 8 IEEE-754 bytes (NaN bits as the engine gives them). */
  FLOAT: 6,
  /** BigInt (signed LEB128). */
  BIGINT: 7,
  STRING: 8,
  BYTES: 9,
  /** Array: count, then values. */
  ARRAY: 10,
  /** Plain object: count, then key (string) and value pairs. */
  OBJECT: 11,
  /** BigInt in [-2^63, 2^64): its low 64 bits as two unsigned 32-bit halves (high, low), then 0 if it
   *  is non-negative or 1 if negative (clock values: three Number LEB128s instead of a BigInt loop). */
  BIGINT64: 12,
  /** A typed array other than Uint8Array (lifted list<u32> …): its kind (TYPED_ARRAYS index), then its bytes. */
  TYPED: 13,
  /** A JS object or function a host import returned (HostRef): its number, doubled, plus 1 for a function. */
  HOST_REF: 14,
} as const;

/**
 * A JS object or function that a host import gave the guest (an externref), named by the order of its first
 * appearance, so the trace keeps identities: the replay hands the guest one stand-in per number, and the
 * stand-in the guest passes back matches the object the recording saw (host-values.ts HostRefs).
 */
export class HostRef {
  constructor(readonly id: number, readonly callable: boolean) {}
}

type TypedArray = Int8Array | Uint8ClampedArray | Int16Array | Uint16Array | Int32Array | Uint32Array | Float32Array | Float64Array | BigInt64Array | BigUint64Array;
/** Typed-array kinds, numbered in the trace by their index here (append only). */
const TYPED_ARRAYS = [Int8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array, Float32Array, Float64Array, BigInt64Array, BigUint64Array] as const;

const TWO_63 = 1n << 63n;
const TWO_64 = 1n << 64n;

/** A value a trace can hold (host-call arguments and results of the WASI backend and of host imports). */
export type TraceValue = undefined | null | boolean | number | bigint | string | Uint8Array | TypedArray | HostRef | TraceValue[] | { [key: string]: TraceValue };

/** The TYPED_ARRAYS index of a typed array other than Uint8Array, or -1. */
export function typedKind(v: unknown): number {
  if (v === null || typeof v !== 'object' || !ArrayBuffer.isView(v)) return -1;
  return TYPED_ARRAYS.findIndex((C) => v instanceof C);
}

/** Thrown for bytes that are not a well-formed trace (truncated, unknown tag); also from a replayed host call,
 *  through the guest's frames, whose handlers never catch it. */
export class TraceFormatError extends Error {
  readonly [UNCATCHABLE] = true;
  constructor(message: string) {
    super(message);
    this.name = 'TraceFormatError';
  }
}

export class TraceWriter {
  private buf = new Uint8Array(4096);
  private f64 = new Float64Array(1);
  private f64b = new Uint8Array(this.f64.buffer);
  length = 0;

  private room(n: number): void {
    if (this.length + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.length + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
  }

  byte(b: number): void {
    this.room(1);
    this.buf[this.length++] = b;
  }

  /** Unsigned LEB128 of an integer in [0, 2^53). */
  uint(n: number): void {
    this.room(8);
    while (n >= 0x80) {
      this.buf[this.length++] = (n % 0x80) | 0x80;
      n = Math.floor(n / 0x80);
    }
    this.buf[this.length++] = n;
  }

  /** Signed LEB128 of a BigInt. */
  bigint(v: bigint): void {
    for (;;) {
      const b = Number(v & 0x7fn);
      v >>= 7n;
      if ((v === 0n && (b & 0x40) === 0) || (v === -1n && (b & 0x40) !== 0)) {
        this.byte(b);
        return;
      }
      this.byte(b | 0x80);
    }
  }

  float(n: number): void {
    this.f64[0] = n;
    this.raw(this.f64b);
  }

  raw(bytes: Uint8Array): void {
    this.room(bytes.length);
    this.buf.set(bytes, this.length);
    this.length += bytes.length;
  }

  bytes(bytes: Uint8Array): void {
    this.uint(bytes.length);
    this.raw(bytes);
  }

  string(s: string): void {
    const n = utf8Length(s, 0);
    this.uint(n);
    this.room(n);
    encodeUtf8Into(s, 0, this.buf, this.length);
    this.length += n;
  }

  value(v: TraceValue): void {
    if (v === undefined) this.byte(Tag.UNDEFINED);
    else if (v === null) this.byte(Tag.NULL);
    else if (v === false) this.byte(Tag.FALSE);
    else if (v === true) this.byte(Tag.TRUE);
    else if (typeof v === 'number') {
      if (Number.isSafeInteger(v) && !Object.is(v, -0)) {
        this.byte(v >= 0 ? Tag.UINT : Tag.NEGINT);
        this.uint(Math.abs(v));
      } else {
        this.byte(Tag.FLOAT);
        this.float(v);
      }
    } else if (typeof v === 'bigint') {
      if (v >= -TWO_63 && v < TWO_64) {
        const u = BigInt.asUintN(64, v);
        this.byte(Tag.BIGINT64);
        this.uint(Number(u >> 32n));
        this.uint(Number(u & 0xffffffffn));
        this.byte(v < 0n ? 1 : 0);
      } else {
        this.byte(Tag.BIGINT);
        this.bigint(v);
      }
    } else if (typeof v === 'string') {
      this.byte(Tag.STRING);
      this.string(v);
    } else if (v instanceof Uint8Array) {
      this.byte(Tag.BYTES);
      this.bytes(v);
    } else if (typedKind(v) >= 0) {
      const t = v as TypedArray;
      this.byte(Tag.TYPED);
      this.uint(typedKind(t));
      this.bytes(new Uint8Array(t.buffer, t.byteOffset, t.byteLength));
    } else if (v instanceof HostRef) {
      this.byte(Tag.HOST_REF);
      this.uint(v.id * 2 + (v.callable ? 1 : 0));
    } else if (Array.isArray(v)) {
      this.byte(Tag.ARRAY);
      this.uint(v.length);
      for (const x of v) this.value(x);
    } else {
      const o = v as { [key: string]: TraceValue };
      const keys = Object.keys(o);
      this.byte(Tag.OBJECT);
      this.uint(keys.length);
      for (const k of keys) {
        this.string(k);
        this.value(o[k]);
      }
    }
  }

  /** The bytes written so far, not copied (valid until the next write). */
  view(): Uint8Array {
    return this.buf.subarray(0, this.length);
  }

  /** The bytes written so far (a copy). */
  finish(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}

export class TraceReader {
  /** Scratch encoder for `matches` (a replay compares encodings, never decodes what matched). */
  private scratch: TraceWriter | undefined = undefined;

  pos: number;
  private f64 = new Float64Array(1);
  private f64b = new Uint8Array(this.f64.buffer);

  constructor(readonly buf: Uint8Array, pos = 0) {
    this.pos = pos;
  }

  get atEnd(): boolean {
    return this.pos >= this.buf.length;
  }

  private need(n: number): void {
    if (this.pos + n > this.buf.length) throw new TraceFormatError(`trace truncated at byte ${this.pos} (needs ${n} more)`);
  }

  byte(): number {
    this.need(1);
    return this.buf[this.pos++];
  }

  peek(): number {
    this.need(1);
    return this.buf[this.pos];
  }

  uint(): number {
    let n = 0;
    let scale = 1;
    for (;;) {
      const b = this.byte();
      n += (b & 0x7f) * scale;
      if ((b & 0x80) === 0) return n;
      scale *= 0x80;
      if (scale > 2 ** 56) throw new TraceFormatError(`integer too long at byte ${this.pos}`);
    }
  }

  bigint(): bigint {
    let v = 0n;
    let shift = 0n;
    for (;;) {
      const b = this.byte();
      v |= BigInt(b & 0x7f) << shift;
      shift += 7n;
      if ((b & 0x80) === 0) {
        if (b & 0x40) v -= 1n << shift;
        return v;
      }
      if (shift > 65536n) throw new TraceFormatError(`integer too long at byte ${this.pos}`);
    }
  }

  float(): number {
    this.f64b.set(this.raw(8));
    return this.f64[0];
  }

  raw(n: number): Uint8Array {
    this.need(n);
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  bytes(): Uint8Array {
    return this.raw(this.uint());
  }

  /** If the next bytes are `v`'s encoding, consumes them and returns true; otherwise moves nothing. */
  matches(v: TraceValue): boolean {
    const w = (this.scratch ??= new TraceWriter());
    w.length = 0;
    w.value(v);
    const n = w.length;
    if (this.pos + n > this.buf.length) return false;
    const enc = w.view();
    const buf = this.buf;
    const at = this.pos;
    for (let i = 0; i < n; i++) if (buf[at + i] !== enc[i]) return false;
    this.pos = at + n;
    return true;
  }

  string(): string {
    const b = this.bytes();
    return decodeUtf8(b, 0, b.length);
  }

  value(): TraceValue {
    const at = this.pos;
    const tag = this.byte();
    switch (tag) {
      case Tag.UNDEFINED: return undefined;
      case Tag.NULL: return null;
      case Tag.FALSE: return false;
      case Tag.TRUE: return true;
      case Tag.UINT: return this.uint();
      case Tag.NEGINT: return -this.uint();
      case Tag.FLOAT: return this.float();
      case Tag.BIGINT: return this.bigint();
      case Tag.BIGINT64: {
        const u = (BigInt(this.uint()) << 32n) | BigInt(this.uint());
        return this.byte() === 1 ? BigInt.asIntN(64, u) : u;
      }
      case Tag.STRING: return this.string();
      case Tag.BYTES: return this.bytes().slice();
      case Tag.TYPED: {
        const C = TYPED_ARRAYS[this.uint()];
        if (C === undefined) throw new TraceFormatError(`unknown typed-array kind at byte ${at}`);
        const b = this.bytes().slice();
        if (b.length % C.BYTES_PER_ELEMENT !== 0) throw new TraceFormatError(`typed-array length not a multiple of its element size at byte ${at}`);
        return new C(b.buffer, 0, b.length / C.BYTES_PER_ELEMENT);
      }
      case Tag.HOST_REF: {
        const n = this.uint();
        return new HostRef(Math.floor(n / 2), n % 2 === 1);
      }
      case Tag.ARRAY: {
        const n = this.uint();
        const out: TraceValue[] = [];
        for (let i = 0; i < n; i++) out.push(this.value());
        return out;
      }
      case Tag.OBJECT: {
        const n = this.uint();
        const out: { [key: string]: TraceValue } = {};
        for (let i = 0; i < n; i++) {
          const k = this.string();
          out[k] = this.value();
        }
        return out;
      }
      default:
        throw new TraceFormatError(`unknown value tag ${tag} at byte ${at}`);
    }
  }
}

/** A short human form of a trace value for divergence messages. */
export function describeValue(v: TraceValue): string {
  if (v === undefined) return 'nothing';
  if (typeof v === 'bigint') return `${v}n`;
  if (typeof v === 'string') return JSON.stringify(v.length > 80 ? v.slice(0, 77) + '...' : v);
  if (v instanceof Uint8Array) {
    let s = '';
    for (let i = 0; i < Math.min(v.length, 16); i++) s += (v[i] < 16 ? '0' : '') + v[i].toString(16);
    return `${v.length} bytes <${s}${v.length > 16 ? '…' : ''}>`;
  }
  if (typedKind(v) >= 0) return `${(v as TypedArray).constructor.name} [${Array.from(v as ArrayLike<number | bigint>, String).join(', ')}]`;
  if (Array.isArray(v)) return `[${v.map(describeValue).join(', ')}]`;
  if (v instanceof HostRef) return `host ${v.callable ? 'function' : 'object'} #${v.id}`;
  if (v !== null && typeof v === 'object') {
    const o = v as { [key: string]: TraceValue };
    return `{${Object.keys(o).map((k) => `${k}: ${describeValue(o[k])}`).join(', ')}}`;
  }
  return String(v);
}
