// Conversions of scalar values between JS and the canonical ABI. Lowering checks host values strictly
// (TypeError for a wrong JS type, RangeError for a number outside the type's range); lifting follows
// the spec: integers wrap to their width, bools are "any nonzero", chars must be Unicode scalar values,
// and NaNs come out canonical (floats cross as bit patterns where the flat encoding joins them).
import { trap } from './trap.js';

export const MASK64 = 0xffff_ffff_ffff_ffffn;
const TWO63 = 0x8000_0000_0000_0000n;
const TWO64 = 0x1_0000_0000_0000_0000n;
export const CANONICAL_F32_NAN = 0x7fc0_0000;
export const CANONICAL_F64_NAN_HI = 0x7ff8_0000;

/** The JS type of a host value as messages name it (`null` and arrays by name). */
export function typeName(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
}

/** The range of each integer type of at most 32 bits. */
export const INT_RANGES: Record<'u8' | 's8' | 'u16' | 's16' | 'u32' | 's32', readonly [number, number]> = {
  u8: [0, 0xff],
  s8: [-0x80, 0x7f],
  u16: [0, 0xffff],
  s16: [-0x8000, 0x7fff],
  u32: [0, 0xffff_ffff],
  s32: [-0x8000_0000, 0x7fff_ffff],
};

/** Lower an integer of at most 32 bits: it must be an integer number in [lo, hi]. */
export function lowerInt(v: unknown, lo: number, hi: number, what: string): number {
  if (typeof v !== 'number') throw new TypeError(`expected a number for ${what}, got ${typeName(v)}`);
  if (!(v >= lo && v <= hi) || Math.floor(v) !== v) throw new RangeError(`${v} is out of range for ${what}`);
  return v;
}

function toBigInt(v: unknown, what: string): bigint {
  if (typeof v === 'bigint') return v;
  // Numbers are accepted when they are exact integers, for convenience; jco requires bigint.
  if (typeof v === 'number' && Number.isSafeInteger(v)) return BigInt(v);
  if (typeof v === 'number') throw new RangeError(`${v} is not an exact integer for ${what}`);
  throw new TypeError(`expected a bigint for ${what}, got ${typeName(v)}`);
}

export function lowerU64(v: unknown): bigint {
  const b = toBigInt(v, 'u64');
  if (b < 0n || b > MASK64) throw new RangeError(`${b} is out of range for u64`);
  return b;
}

export function lowerS64(v: unknown): bigint {
  const b = toBigInt(v, 's64');
  if (b < -TWO63 || b >= TWO63) throw new RangeError(`${b} is out of range for s64`);
  return b;
}

/** Any bigint to its unsigned 64-bit value (QuickJS's BigInt.asUintN is wrong for negatives). */
export function toU64(x: bigint): bigint {
  return x & MASK64;
}

/** Any bigint to its signed 64-bit value, without BigInt.asIntN. */
export function toS64(x: bigint): bigint {
  const u = x & MASK64;
  return u >= TWO63 ? u - TWO64 : u;
}

export function lowerBool(v: unknown): number {
  if (typeof v !== 'boolean') throw new TypeError(`expected a boolean, got ${typeName(v)}`);
  return v ? 1 : 0;
}

/** Lowering of a float type: any JS number (NaNs are made canonical where bits are written). */
const lowerFloat = (what: string) => (v: unknown): number => {
  if (typeof v !== 'number') throw new TypeError(`expected a number for ${what}, got ${typeName(v)}`);
  return v;
};
export const lowerF32 = lowerFloat('f32');
export const lowerF64 = lowerFloat('f64');

/** char_to_i32: a JS string holding exactly one Unicode scalar value. */
export function lowerChar(v: unknown): number {
  if (typeof v !== 'string') throw new TypeError(`expected a one-character string for char, got ${typeName(v)}`);
  const c = v.charCodeAt(0);
  if (v.length === 1 && (c < 0xd800 || c > 0xdfff)) return c;
  if (v.length === 2 && c >= 0xd800 && c <= 0xdbff) {
    const d = v.charCodeAt(1);
    if (d >= 0xdc00 && d <= 0xdfff) return 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
  }
  throw new TypeError(`expected exactly one Unicode scalar value for char, got ${JSON.stringify(v)}`);
}

/** convert_i32_to_char: traps on surrogates and values past U+10FFFF. */
export function liftChar(i: number): string {
  i >>>= 0;
  if (i >= 0x110000 || (i >= 0xd800 && i <= 0xdfff)) trap('invalid char');
  if (i < 0x10000) return String.fromCharCode(i);
  i -= 0x10000;
  return String.fromCharCode(0xd800 | (i >> 10), 0xdc00 | (i & 0x3ff));
}

// Scratch views for float ↔ bits conversions (no BigInt64Array: not every engine we target has it).
const scratch = new ArrayBuffer(8);
const sF32 = new Float32Array(scratch);
const sF64 = new Float64Array(scratch);
const sU32 = new Uint32Array(scratch);
const LE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const LO = LE ? 0 : 1;
const HI = LE ? 1 : 0;

/** f32 → its bits, NaN canonical (deterministic profile of maybe_scramble_nan32). */
export function f32ToBits(v: number): number {
  if (v !== v) return CANONICAL_F32_NAN;
  sF32[0] = v;
  return sU32[0];
}

export function bitsToF32(bits: number): number {
  sU32[0] = bits;
  return sF32[0]; // a NaN here is a JS NaN: canonicalize_nan32 holds by construction
}

/** f64 → its bits as a signed bigint (the flat i64 convention), NaN canonical. */
export function f64ToBits(v: number): bigint {
  if (v !== v) {
    sU32[LO] = 0;
    sU32[HI] = CANONICAL_F64_NAN_HI;
  } else sF64[0] = v;
  return toS64((BigInt(sU32[HI]) << 32n) | BigInt(sU32[LO]));
}

export function bitsToF64(bits: bigint): number {
  const u = bits & MASK64;
  sU32[LO] = Number(u & 0xffff_ffffn);
  sU32[HI] = Number(u >> 32n);
  return sF64[0];
}
