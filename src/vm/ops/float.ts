// f32/f64 operations with the spec's exact semantics.
//
// Conventions
//   - Arithmetic (add/sub/mul/div/sqrt/min/max/ceil/floor/trunc/nearest) takes and returns JS numbers. f32
//     inputs must be f32 values (read through a Float32Array) and f32 results are rounded with Math.fround.
//     When a result is NaN it is whatever NaN the JS engine produced: an arithmetic NaN on every engine
//     (QuickJS/Hermes return the canonical NaN), which the spec allows ("nans" results).
//     Double rounding is innocuous for f32 add/sub/mul/div/sqrt computed in f64 (53 >= 2*24 + 2).
//   - Sign operations (abs, neg, copysign) work ON BITS so NaN payloads survive exactly:
//       f32: the uint32 pattern as an int32 number;
//       f64: only the high word changes, so they take and return the high int32 half (the low half is
//            passed through unchanged by the caller).
//   - Comparisons (eq/ne/lt/gt/le/ge) are the plain JS operators on numbers and are not wrapped here.

const TWO52 = 4503599627370496;

// ---------------------------------------------------------------------------------------------------------
// Rounding

/** f32.nearest / f64.nearest: round to nearest integer, ties to even; keeps -0, ±inf, NaN. */
export function nearest(x: number): number {
  if (x > 0) {
    // Values >= 2^52 are already integers; adding and subtracting 2^52 rounds ties-to-even in hardware.
    return x < TWO52 ? x + TWO52 - TWO52 : x;
  }
  if (x < 0) {
    if (x > -TWO52) {
      const r = TWO52 - x - TWO52; // nearest(|x|)
      return -r; // -0 when |x| <= 0.5
    }
    return x;
  }
  return x === x ? x : NaN; // ±0; a NaN operand (possibly signalling) gives the canonical NaN
}
export const f32_nearest = nearest;
export const f64_nearest = nearest;

// ceil/floor/trunc are Math.ceil/floor/trunc (sign of zero included), except that V8 returns a signalling
// NaN operand unchanged, while the spec requires an arithmetic (quiet) NaN: NaN maps to the canonical NaN.
export function ceil(x: number): number {
  return x === x ? Math.ceil(x) : NaN;
}
export function floor(x: number): number {
  return x === x ? Math.floor(x) : NaN;
}
export function trunc(x: number): number {
  return x === x ? Math.trunc(x) : NaN;
}
export const f32_ceil = ceil;
export const f32_floor = floor;
export const f32_trunc = trunc;
export const f64_ceil = ceil;
export const f64_floor = floor;
export const f64_trunc = trunc;

// ---------------------------------------------------------------------------------------------------------
// min / max: NaN if either operand is NaN; -0 < +0. Math.min/Math.max have these semantics except that an
// engine may hand back a signalling NaN operand unchanged, so NaNs are mapped to the canonical NaN first.

export function min(a: number, b: number): number {
  return a === a && b === b ? Math.min(a, b) : NaN;
}
export function max(a: number, b: number): number {
  return a === a && b === b ? Math.max(a, b) : NaN;
}
export const f32_min = min;
export const f32_max = max;
export const f64_min = min;
export const f64_max = max;

// ---------------------------------------------------------------------------------------------------------
// f32 arithmetic (f64 arithmetic is the plain JS operators).

export function f32_add(a: number, b: number): number {
  return Math.fround(a + b);
}
export function f32_sub(a: number, b: number): number {
  return Math.fround(a - b);
}
export function f32_mul(a: number, b: number): number {
  return Math.fround(a * b);
}
export function f32_div(a: number, b: number): number {
  return Math.fround(a / b);
}
export function f32_sqrt(a: number): number {
  return Math.fround(Math.sqrt(a));
}
export const f64_sqrt = Math.sqrt;

// ---------------------------------------------------------------------------------------------------------
// Sign operations on bits

/** f32.abs on the bit pattern. */
export function f32_abs_bits(bits: number): number {
  return bits & 0x7fffffff;
}
/** f32.neg on the bit pattern. */
export function f32_neg_bits(bits: number): number {
  return bits ^ 0x80000000;
}
/** f32.copysign(a, b) on bit patterns: magnitude of a, sign of b. */
export function f32_copysign_bits(a: number, b: number): number {
  return (a & 0x7fffffff) | (b & 0x80000000);
}
/** f64.abs: new high word (low word unchanged). */
export function f64_abs_hi(hi: number): number {
  return hi & 0x7fffffff;
}
/** f64.neg: new high word (low word unchanged). */
export function f64_neg_hi(hi: number): number {
  return hi ^ 0x80000000;
}
/** f64.copysign(a, b): new high word from a's and b's high words (a's low word unchanged). */
export function f64_copysign_hi(ahi: number, bhi: number): number {
  return (ahi & 0x7fffffff) | (bhi & 0x80000000);
}

// ---------------------------------------------------------------------------------------------------------
// NaN classification on bits (used by tests and by embedders that check spec "nan:canonical/arithmetic").

/** 1 if the f32 pattern is a NaN. */
export function f32_isNaN_bits(bits: number): number {
  return (bits & 0x7f800000) === 0x7f800000 && (bits & 0x7fffff) !== 0 ? 1 : 0;
}
/** 1 if the f64 pattern (lo, hi) is a NaN. */
export function f64_isNaN_bits(lo: number, hi: number): number {
  return (hi & 0x7ff00000) === 0x7ff00000 && ((hi & 0xfffff) | lo) !== 0 ? 1 : 0;
}
