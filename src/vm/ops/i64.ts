// 64-bit integer operations on (lo, hi) int32 halves, without BigInt.
//
// Conventions
//   - An i64 is passed as two int32 numbers: `lo` (bits 0..31) and `hi` (bits 32..63). Any JS number whose
//     ToInt32 is the right pattern is accepted (uint32 forms included).
//   - Functions producing an i64 write it to the exported register `out`: out[0] = lo, out[1] = hi (int32),
//     and return nothing. Read `out` before the next call.
//   - Predicates return 0 or 1; clz/ctz/popcnt return a number 0..64 (the caller stores it as an i64 with hi 0).
//   - Traps throw `Trap` with the spec's wording.
// No allocation per call; module-level scratch only.

import { DIVIDE_BY_ZERO, INTEGER_OVERFLOW, Trap } from '../errors.js';
import { popcnt as popcnt32 } from './i32.js';

/** Result register of every i64-producing function: out[0] = lo, out[1] = hi (out[2], out[3]: the high
 *  i64 of the JS tier's wide arithmetic, rt.wide). */
export const out = new Int32Array(4);

const TWO32 = 4294967296;

// ---------------------------------------------------------------------------------------------------------
// Multiplication

/**
 * High 32 bits of the unsigned 32x32 product a*b, as a number in [0, 2^32 + 2^17) whose ToInt32 is the
 * answer (callers add more terms and apply `| 0` / `>>> 0`). 16-bit limbs keep every partial sum < 2^32.
 */
export function mulHighU32(a: number, b: number): number {
  const a0 = a & 0xffff;
  const a1 = a >>> 16;
  const b0 = b & 0xffff;
  const b1 = b >>> 16;
  let t = ((a0 * b0) >>> 16) + a1 * b0; // < 2^32
  let hi = t >>> 16;
  t = (t & 0xffff) + a0 * b1; // < 2^32
  hi += (t >>> 16) + a1 * b1;
  return hi;
}

/** i64.mul (wrapping). */
export function mul(alo: number, ahi: number, blo: number, bhi: number): void {
  out[0] = Math.imul(alo, blo);
  out[1] = (mulHighU32(alo, blo) + Math.imul(alo, bhi) + Math.imul(ahi, blo)) | 0;
}

// ---------------------------------------------------------------------------------------------------------
// Division. The unsigned core leaves its results in module scratch (qlo, qhi, rlo, rhi).

let qlo = 0;
let qhi = 0;
let rlo = 0;
let rhi = 0;

/** Unsigned 64-bit division of (nlo,nhi) by (dlo,dhi) != 0; sets qlo/qhi/rlo/rhi (int32 patterns). */
function udivmod(nlo: number, nhi: number, dlo: number, dhi: number): void {
  const nl = nlo >>> 0;
  const nh = nhi >>> 0;
  const dl = dlo >>> 0;
  const dh = dhi >>> 0;
  if (dh === 0) {
    if (nh === 0) {
      const q = Math.floor(nl / dl);
      qlo = q | 0;
      qhi = 0;
      rlo = (nl - q * dl) | 0;
      rhi = 0;
      return;
    }
    if (nh < 0x200000) {
      // dividend < 2^53: double division is exact after flooring.
      const n = nh * TWO32 + nl;
      const q = Math.floor(n / dl);
      const r = n - q * dl;
      qhi = Math.floor(q / TWO32) | 0;
      qlo = q | 0;
      rlo = r | 0;
      rhi = 0;
      return;
    }
    // Divisor < 2^32: long division with a 32-bit top digit and two 16-bit digits (all exact in doubles).
    const qh = Math.floor(nh / dl);
    let r = nh - qh * dl;
    let t = r * 65536 + (nl >>> 16);
    const q1 = Math.floor(t / dl);
    r = t - q1 * dl;
    t = r * 65536 + (nl & 0xffff);
    const q0 = Math.floor(t / dl);
    r = t - q0 * dl;
    qhi = qh | 0;
    qlo = (q1 * 65536 + q0) | 0;
    rlo = r | 0;
    rhi = 0;
    return;
  }
  // Divisor >= 2^32: the quotient is < 2^32. Estimate with doubles (error < 2 units), step down by one so the
  // estimate is never too large, then correct upwards with exact arithmetic.
  if (nh < dh || (nh === dh && nl < dl)) {
    qlo = 0;
    qhi = 0;
    rlo = nlo | 0;
    rhi = nhi | 0;
    return;
  }
  let q = Math.floor((nh * TWO32 + nl) / (dh * TWO32 + dl));
  if (q > 0) q -= 1;
  // p = q * d  (q < 2^32, fits in 64 bits because q <= true quotient)
  const qi = q | 0; // int32 pattern of q (keeps mulHighU32 on small-integer feedback)
  const plo = Math.imul(qi, dlo) >>> 0;
  const phi = (mulHighU32(qi, dlo | 0) + Math.imul(qi, dhi)) >>> 0;
  // r = n - p
  let lo = nl - plo;
  let hi = nh - phi;
  if (lo < 0) {
    lo += TWO32;
    hi -= 1;
  }
  // while r >= d: r -= d, q++
  while (hi > dh || (hi === dh && lo >= dl)) {
    lo -= dl;
    hi -= dh;
    if (lo < 0) {
      lo += TWO32;
      hi -= 1;
    }
    q += 1;
  }
  qlo = q | 0;
  qhi = 0;
  rlo = lo | 0;
  rhi = hi | 0;
}

/** i64.div_u. Traps on a zero divisor. */
export function div_u(alo: number, ahi: number, blo: number, bhi: number): void {
  if ((blo | bhi) === 0) throw new Trap(DIVIDE_BY_ZERO);
  udivmod(alo, ahi, blo, bhi);
  out[0] = qlo;
  out[1] = qhi;
}

/** i64.rem_u. Traps on a zero divisor. */
export function rem_u(alo: number, ahi: number, blo: number, bhi: number): void {
  if ((blo | bhi) === 0) throw new Trap(DIVIDE_BY_ZERO);
  udivmod(alo, ahi, blo, bhi);
  out[0] = rlo;
  out[1] = rhi;
}

/** i64.div_s. Traps on a zero divisor and on INT64_MIN / -1. */
export function div_s(alo: number, ahi: number, blo: number, bhi: number): void {
  alo |= 0;
  ahi |= 0;
  blo |= 0;
  bhi |= 0;
  if ((blo | bhi) === 0) throw new Trap(DIVIDE_BY_ZERO);
  if (ahi === alo >> 31 && bhi === blo >> 31) {
    // Both fit in int32: the quotient fits in 33 bits; double division is exact.
    const q = Math.trunc(alo / blo);
    out[0] = q | 0;
    out[1] = q < 0 ? -1 : 0;
    return;
  }
  if (ahi === -2147483648 && alo === 0 && (blo & bhi) === -1) throw new Trap(INTEGER_OVERFLOW);
  const aneg = ahi < 0;
  const bneg = bhi < 0;
  let nlo = alo;
  let nhi = ahi;
  let dlo = blo;
  let dhi = bhi;
  if (aneg) {
    nlo = -alo | 0;
    nhi = (~ahi + (alo === 0 ? 1 : 0)) | 0;
  }
  if (bneg) {
    dlo = -blo | 0;
    dhi = (~bhi + (blo === 0 ? 1 : 0)) | 0;
  }
  udivmod(nlo, nhi, dlo, dhi);
  if (aneg !== bneg) {
    out[0] = -qlo | 0;
    out[1] = (~qhi + (qlo === 0 ? 1 : 0)) | 0;
  } else {
    out[0] = qlo;
    out[1] = qhi;
  }
}

/** i64.rem_s (sign of the dividend). Traps on a zero divisor; INT64_MIN rem -1 is 0. */
export function rem_s(alo: number, ahi: number, blo: number, bhi: number): void {
  alo |= 0;
  ahi |= 0;
  blo |= 0;
  bhi |= 0;
  if ((blo | bhi) === 0) throw new Trap(DIVIDE_BY_ZERO);
  if (ahi === alo >> 31 && bhi === blo >> 31) {
    const r = blo === -1 ? 0 : alo % blo;
    out[0] = r;
    out[1] = r < 0 ? -1 : 0;
    return;
  }
  const aneg = ahi < 0;
  let nlo = alo;
  let nhi = ahi;
  let dlo = blo;
  let dhi = bhi;
  if (aneg) {
    nlo = -alo | 0;
    nhi = (~ahi + (alo === 0 ? 1 : 0)) | 0;
  }
  if (bhi < 0) {
    dlo = -blo | 0;
    dhi = (~bhi + (blo === 0 ? 1 : 0)) | 0;
  }
  udivmod(nlo, nhi, dlo, dhi);
  if (aneg) {
    out[0] = -rlo | 0;
    out[1] = (~rhi + (rlo === 0 ? 1 : 0)) | 0;
  } else {
    out[0] = rlo;
    out[1] = rhi;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Shifts and rotates (the count is taken modulo 64; only its low word matters).

/** i64.shl. */
export function shl(alo: number, ahi: number, k: number): void {
  k &= 63;
  if (k === 0) {
    out[0] = alo;
    out[1] = ahi;
  } else if (k < 32) {
    out[0] = alo << k;
    out[1] = (ahi << k) | (alo >>> (32 - k));
  } else {
    out[0] = 0;
    out[1] = alo << (k - 32);
  }
}

/** i64.shr_s. */
export function shr_s(alo: number, ahi: number, k: number): void {
  k &= 63;
  if (k === 0) {
    out[0] = alo;
    out[1] = ahi;
  } else if (k < 32) {
    out[0] = (alo >>> k) | (ahi << (32 - k));
    out[1] = ahi >> k;
  } else {
    out[0] = ahi >> (k - 32);
    out[1] = ahi >> 31;
  }
}

/** i64.shr_u. */
export function shr_u(alo: number, ahi: number, k: number): void {
  k &= 63;
  if (k === 0) {
    out[0] = alo;
    out[1] = ahi;
  } else if (k < 32) {
    out[0] = (alo >>> k) | (ahi << (32 - k));
    out[1] = ahi >>> k;
  } else {
    out[0] = ahi >>> (k - 32);
    out[1] = 0;
  }
}

/** i64.rotl. */
export function rotl(alo: number, ahi: number, k: number): void {
  k &= 63;
  if (k >= 32) {
    const t = alo;
    alo = ahi;
    ahi = t;
    k -= 32;
  }
  if (k === 0) {
    out[0] = alo;
    out[1] = ahi;
  } else {
    out[0] = (alo << k) | (ahi >>> (32 - k));
    out[1] = (ahi << k) | (alo >>> (32 - k));
  }
}

/** i64.rotr. */
export function rotr(alo: number, ahi: number, k: number): void {
  rotl(alo, ahi, 64 - (k & 63));
}

// ---------------------------------------------------------------------------------------------------------
// Bit counting (results are numbers 0..64).

/** i64.clz. */
export function clz(lo: number, hi: number): number {
  return hi !== 0 ? Math.clz32(hi) : 32 + Math.clz32(lo);
}

/** i64.ctz. */
export function ctz(lo: number, hi: number): number {
  if (lo !== 0) return 31 - Math.clz32(lo & -lo);
  if (hi !== 0) return 63 - Math.clz32(hi & -hi);
  return 64;
}

/** i64.popcnt. */
export function popcnt(lo: number, hi: number): number {
  return popcnt32(lo) + popcnt32(hi);
}

// ---------------------------------------------------------------------------------------------------------
// Comparisons (0/1). eq/ne/eqz are trivial: (alo === blo && ahi === bhi).

export function eq(alo: number, ahi: number, blo: number, bhi: number): number {
  return (alo | 0) === (blo | 0) && (ahi | 0) === (bhi | 0) ? 1 : 0;
}
export function ne(alo: number, ahi: number, blo: number, bhi: number): number {
  return (alo | 0) === (blo | 0) && (ahi | 0) === (bhi | 0) ? 0 : 1;
}
export function eqz(lo: number, hi: number): number {
  return (lo | hi) === 0 ? 1 : 0;
}
export function lt_s(alo: number, ahi: number, blo: number, bhi: number): number {
  ahi |= 0;
  bhi |= 0;
  return ahi < bhi || (ahi === bhi && alo >>> 0 < blo >>> 0) ? 1 : 0;
}
export function lt_u(alo: number, ahi: number, blo: number, bhi: number): number {
  ahi >>>= 0;
  bhi >>>= 0;
  return ahi < bhi || (ahi === bhi && alo >>> 0 < blo >>> 0) ? 1 : 0;
}
export function gt_s(alo: number, ahi: number, blo: number, bhi: number): number {
  ahi |= 0;
  bhi |= 0;
  return ahi > bhi || (ahi === bhi && alo >>> 0 > blo >>> 0) ? 1 : 0;
}
export function gt_u(alo: number, ahi: number, blo: number, bhi: number): number {
  ahi >>>= 0;
  bhi >>>= 0;
  return ahi > bhi || (ahi === bhi && alo >>> 0 > blo >>> 0) ? 1 : 0;
}
export function le_s(alo: number, ahi: number, blo: number, bhi: number): number {
  ahi |= 0;
  bhi |= 0;
  return ahi < bhi || (ahi === bhi && alo >>> 0 <= blo >>> 0) ? 1 : 0;
}
export function le_u(alo: number, ahi: number, blo: number, bhi: number): number {
  ahi >>>= 0;
  bhi >>>= 0;
  return ahi < bhi || (ahi === bhi && alo >>> 0 <= blo >>> 0) ? 1 : 0;
}
export function ge_s(alo: number, ahi: number, blo: number, bhi: number): number {
  ahi |= 0;
  bhi |= 0;
  return ahi > bhi || (ahi === bhi && alo >>> 0 >= blo >>> 0) ? 1 : 0;
}
export function ge_u(alo: number, ahi: number, blo: number, bhi: number): number {
  ahi >>>= 0;
  bhi >>>= 0;
  return ahi > bhi || (ahi === bhi && alo >>> 0 >= blo >>> 0) ? 1 : 0;
}

// ---------------------------------------------------------------------------------------------------------
// Add/sub/neg (the interpreter inlines these; provided for completeness and for the SIMD code).

export function add(alo: number, ahi: number, blo: number, bhi: number): void {
  const lo = (alo >>> 0) + (blo >>> 0);
  out[0] = lo | 0;
  out[1] = (ahi + bhi + (lo >= TWO32 ? 1 : 0)) | 0;
}
export function sub(alo: number, ahi: number, blo: number, bhi: number): void {
  const lo = (alo >>> 0) - (blo >>> 0);
  out[0] = lo | 0;
  out[1] = (ahi - bhi - (lo < 0 ? 1 : 0)) | 0;
}

// ---------------------------------------------------------------------------------------------------------
// Sign extension (i64.extend8_s / extend16_s / extend32_s); only the low word of the operand matters.

export function extend8_s(lo: number): void {
  const v = (lo << 24) >> 24;
  out[0] = v;
  out[1] = v >> 31;
}
export function extend16_s(lo: number): void {
  const v = (lo << 16) >> 16;
  out[0] = v;
  out[1] = v >> 31;
}
export function extend32_s(lo: number): void {
  out[0] = lo | 0;
  out[1] = (lo | 0) >> 31;
}
/** i64.extend_i32_s (same as extend32_s). */
export const extend_i32_s = extend32_s;
/** i64.extend_i32_u. */
export function extend_i32_u(lo: number): void {
  out[0] = lo | 0;
  out[1] = 0;
}
