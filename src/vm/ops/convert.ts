// Numeric conversions: float -> int truncation (trapping and saturating), int -> float conversion with
// exact round-to-nearest-even, demote/promote, and reinterpret helpers.
//
// Conventions
//   - i32 operands/results are JS numbers (int32; uint32 forms accepted as input).
//   - i64 operands are (lo, hi) int32 halves; i64 results go to `out` (out[0] = lo, out[1] = hi), the same
//     register as `./i64.ts` exports (shared so the interpreter reads one place).
//   - Float OPERANDS of truncations and of demote/promote are JS numbers (a NaN payload is irrelevant:
//     truncation traps or saturates to 0, demote/promote may return any arithmetic NaN).
//   - Float RESULTS of convert_* / demote / promote are JS numbers (never NaN for convert_*; for
//     demote/promote of a NaN the result is the canonical NaN, which the spec allows). Store them with a
//     Float32Array/Float64Array view.
//   - Reinterpret helpers convert between bit patterns and numbers through one shared 8-byte scratch
//     buffer. They are only exact for NaNs on engines that keep NaN payloads in numbers (V8, SpiderMonkey,
//     JSC), and even there an f32 SIGNALLING NaN is quieted by the float->double conversion of a
//     Float32Array read. So the interpreter keeps floats as bits and reinterpret is a no-op for it.

import { INTEGER_OVERFLOW, INVALID_CONVERSION, Trap } from '../errors.js';
import { out } from './i64.js';

export { out };

const TWO32 = 4294967296;
const TWO63 = 9223372036854775808;
const TWO64 = 18446744073709551616;

// Shared scratch for reinterpretation (little-endian host assumed for the f64 halves, as everywhere in the
// VM: all wasm memory views rely on it).
const scratch = new ArrayBuffer(8);
const sF32 = new Float32Array(scratch, 0, 1);
const sF64 = new Float64Array(scratch);
const sI32 = new Int32Array(scratch);

// ---------------------------------------------------------------------------------------------------------
// float -> i32 (trapping)

/** x truncated toward zero, which must lie in [min, end) (else the trap the spec names). */
function truncIn(x: number, min: number, end: number): number {
  if (x !== x) throw new Trap(INVALID_CONVERSION);
  const t = Math.trunc(x);
  if (t < min || t >= end) throw new Trap(INTEGER_OVERFLOW);
  return t;
}

/** i32.trunc_f32_s / i32.trunc_f64_s. `x` is the float value as a number. */
export function i32_trunc_s(x: number): number {
  return truncIn(x, -2147483648, 2147483648) | 0;
}

/** i32.trunc_f32_u / i32.trunc_f64_u. Returns the int32 pattern of the unsigned result. */
export function i32_trunc_u(x: number): number {
  return truncIn(x, 0, TWO32) | 0;
}

// float -> i32 (saturating)

/** i32.trunc_sat_f32_s / i32.trunc_sat_f64_s. */
export function i32_trunc_sat_s(x: number): number {
  if (x !== x) return 0;
  if (x <= -2147483648) return -2147483648;
  if (x >= 2147483647) return 2147483647;
  return x | 0; // ToInt32 truncates toward zero
}

/** i32.trunc_sat_f32_u / i32.trunc_sat_f64_u (int32 pattern of the unsigned result). */
export function i32_trunc_sat_u(x: number): number {
  if (x !== x || x <= 0) return 0;
  if (x >= 4294967295) return -1;
  return Math.trunc(x) | 0;
}

// ---------------------------------------------------------------------------------------------------------
// float -> i64

/** Writes the integer-valued number t (|t| < 2^64, t >= -2^63) as a 64-bit pattern into `out`. */
function setI64FromInt(t: number): void {
  const hi = Math.floor(t / TWO32);
  out[0] = (t - hi * TWO32) | 0;
  out[1] = hi | 0;
}

/** i64.trunc_f32_s / i64.trunc_f64_s -> out. */
export function i64_trunc_s(x: number): void {
  setI64FromInt(truncIn(x, -TWO63, TWO63));
}

/** i64.trunc_f32_u / i64.trunc_f64_u -> out. */
export function i64_trunc_u(x: number): void {
  setI64FromInt(truncIn(x, 0, TWO64));
}

/** i64.trunc_sat_f32_s / i64.trunc_sat_f64_s -> out. */
export function i64_trunc_sat_s(x: number): void {
  if (x !== x) {
    out[0] = 0;
    out[1] = 0;
  } else if (x < -TWO63) {
    out[0] = 0;
    out[1] = -2147483648;
  } else if (x >= TWO63) {
    out[0] = -1;
    out[1] = 2147483647;
  } else {
    setI64FromInt(Math.trunc(x));
  }
}

/** i64.trunc_sat_f32_u / i64.trunc_sat_f64_u -> out. */
export function i64_trunc_sat_u(x: number): void {
  if (x !== x || x <= 0) {
    out[0] = 0;
    out[1] = 0;
  } else if (x >= TWO64) {
    out[0] = -1;
    out[1] = -1;
  } else {
    setI64FromInt(Math.trunc(x));
  }
}

// ---------------------------------------------------------------------------------------------------------
// int -> float. Each returns a number; f32 results are already rounded to f32 (Math.fround).

/** f32.convert_i32_s. */
export function f32_convert_i32_s(x: number): number {
  return Math.fround(x | 0);
}
/** f32.convert_i32_u. */
export function f32_convert_i32_u(x: number): number {
  return Math.fround(x >>> 0);
}
/** f64.convert_i32_s. */
export function f64_convert_i32_s(x: number): number {
  return x | 0;
}
/** f64.convert_i32_u. */
export function f64_convert_i32_u(x: number): number {
  return x >>> 0;
}

/** f64.convert_i64_s: hi*2^32 and lo are exact doubles, so the single addition rounds once (to even). */
export function f64_convert_i64_s(lo: number, hi: number): number {
  return (hi | 0) * TWO32 + (lo >>> 0);
}
/** f64.convert_i64_u. */
export function f64_convert_i64_u(lo: number, hi: number): number {
  return (hi >>> 0) * TWO32 + (lo >>> 0);
}

/**
 * Unsigned 64-bit magnitude -> f32 with one rounding. For values >= 2^53 the low 11 bits are folded into a
 * sticky bit (bit 11, far below f32's rounding position), which makes the double conversion exact, so the
 * only rounding is Math.fround's.
 */
function u64ToF32(lo: number, hi: number): number {
  hi >>>= 0;
  lo >>>= 0;
  if (hi >= 0x200000) {
    lo = (lo & 0x7ff) !== 0 ? ((lo & 0xfffff800) | 0x800) >>> 0 : lo;
  }
  return Math.fround(hi * TWO32 + lo);
}

/** f32.convert_i64_s (exact round-to-nearest-even). */
export function f32_convert_i64_s(lo: number, hi: number): number {
  if ((hi | 0) < 0) {
    // magnitude = -(hi:lo) as unsigned 64 bits
    const nlo = -lo | 0;
    const nhi = ~hi + (lo | 0 ? 0 : 1);
    return -u64ToF32(nlo, nhi);
  }
  return u64ToF32(lo, hi);
}

/** f32.convert_i64_u (exact round-to-nearest-even). */
export function f32_convert_i64_u(lo: number, hi: number): number {
  return u64ToF32(lo, hi);
}

/** f32.demote_f64. */
export function f32_demote_f64(x: number): number {
  return Math.fround(x);
}

/** f64.promote_f32 (identity on numbers). */
export function f64_promote_f32(x: number): number {
  return x;
}

// ---------------------------------------------------------------------------------------------------------
// Reinterpret helpers (bits <-> numbers).

/** f32 number -> uint32 bit pattern (as an int32). */
export function f32ToBits(x: number): number {
  sF32[0] = x;
  return sI32[0];
}
/** uint32 bit pattern -> f32 number. */
export function bitsToF32(bits: number): number {
  sI32[0] = bits;
  return sF32[0];
}
/** f64 number -> bit pattern in `out` (out[0] = lo, out[1] = hi). */
export function f64ToBits(x: number): void {
  sF64[0] = x;
  out[0] = sI32[0];
  out[1] = sI32[1];
}
/** (lo, hi) bit pattern -> f64 number. */
export function bitsToF64(lo: number, hi: number): number {
  sI32[0] = lo;
  sI32[1] = hi;
  return sF64[0];
}

// Bit-level conversions for engines that canonicalize NaNs (the exact promote/demote of NaN payloads is not
// required by the spec, but these keep a NaN quiet and its sign/top payload bits, like hardware does).

/** f32.demote_f64 on bits: (lo, hi) -> f32 bits (int32). NaN inputs keep sign and top 22 payload bits. */
export function f32_demote_f64_bits(lo: number, hi: number): number {
  if ((hi & 0x7ff00000) === 0x7ff00000 && ((hi & 0xfffff) | lo) !== 0) {
    return (hi & 0x80000000) | 0x7fc00000 | ((hi & 0xfffff) << 3) | (lo >>> 29);
  }
  sI32[0] = lo;
  sI32[1] = hi;
  sF32[0] = sF64[0];
  return sI32[0];
}

/** f64.promote_f32 on bits: f32 bits -> `out` (lo, hi). NaN inputs keep sign and payload, made quiet. */
export function f64_promote_f32_bits(bits: number): void {
  if ((bits & 0x7f800000) === 0x7f800000 && (bits & 0x7fffff) !== 0) {
    out[1] = (bits & 0x80000000) | 0x7ff80000 | ((bits & 0x7fffff) >>> 3);
    out[0] = bits << 29;
    return;
  }
  sI32[0] = bits;
  sF64[0] = sF32[0];
  out[0] = sI32[0];
  out[1] = sI32[1];
}
