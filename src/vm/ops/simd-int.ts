// Integer SIMD lane operations (i8x16, i16x8, i32x4, i64x2). Each reads A (and B) and writes R; shift
// counts and scalar results go through S (see ./simd.ts for the full convention).

import {
  A, A8, AU8, A16, AU16, AU32, B, B8, BU8, B16, BU16, BU32, R, R8, RU8, R16, RU16, S,
} from './simd-regs.js';
import * as I64 from './i64.js';

const o64 = I64.out;

// ---------------------------------------------------------------------------------------------------------
// i8x16

export function i8x16_eq(): void { for (let i = 0; i < 16; i++) R8[i] = A8[i] === B8[i] ? -1 : 0; }
export function i8x16_ne(): void { for (let i = 0; i < 16; i++) R8[i] = A8[i] !== B8[i] ? -1 : 0; }
export function i8x16_lt_s(): void { for (let i = 0; i < 16; i++) R8[i] = A8[i] < B8[i] ? -1 : 0; }
export function i8x16_lt_u(): void { for (let i = 0; i < 16; i++) R8[i] = AU8[i] < BU8[i] ? -1 : 0; }
export function i8x16_gt_s(): void { for (let i = 0; i < 16; i++) R8[i] = A8[i] > B8[i] ? -1 : 0; }
export function i8x16_gt_u(): void { for (let i = 0; i < 16; i++) R8[i] = AU8[i] > BU8[i] ? -1 : 0; }
export function i8x16_le_s(): void { for (let i = 0; i < 16; i++) R8[i] = A8[i] <= B8[i] ? -1 : 0; }
export function i8x16_le_u(): void { for (let i = 0; i < 16; i++) R8[i] = AU8[i] <= BU8[i] ? -1 : 0; }
export function i8x16_ge_s(): void { for (let i = 0; i < 16; i++) R8[i] = A8[i] >= B8[i] ? -1 : 0; }
export function i8x16_ge_u(): void { for (let i = 0; i < 16; i++) R8[i] = AU8[i] >= BU8[i] ? -1 : 0; }

export function i8x16_abs(): void { for (let i = 0; i < 16; i++) { const v = A8[i]; R8[i] = v < 0 ? -v : v; } }
export function i8x16_neg(): void { for (let i = 0; i < 16; i++) R8[i] = -A8[i]; }
export function i8x16_popcnt(): void {
  for (let i = 0; i < 16; i++) {
    let v = AU8[i];
    v = v - ((v >>> 1) & 0x55);
    v = (v & 0x33) + ((v >>> 2) & 0x33);
    RU8[i] = (v + (v >>> 4)) & 0x0f;
  }
}
/** Scalar result in S[0]. */
export function i8x16_all_true(): void {
  let r = 1;
  for (let i = 0; i < 16; i++) if (AU8[i] === 0) { r = 0; break; }
  S[0] = r;
}
/** Scalar result in S[0]. */
export function i8x16_bitmask(): void {
  let m = 0;
  for (let i = 0; i < 16; i++) m |= (AU8[i] >>> 7) << i;
  S[0] = m;
}
export function i8x16_narrow_i16x8_s(): void {
  for (let i = 0; i < 8; i++) {
    const a = A16[i];
    const b = B16[i];
    R8[i] = a > 127 ? 127 : a < -128 ? -128 : a;
    R8[i + 8] = b > 127 ? 127 : b < -128 ? -128 : b;
  }
}
export function i8x16_narrow_i16x8_u(): void {
  for (let i = 0; i < 8; i++) {
    const a = A16[i];
    const b = B16[i];
    RU8[i] = a > 255 ? 255 : a < 0 ? 0 : a;
    RU8[i + 8] = b > 255 ? 255 : b < 0 ? 0 : b;
  }
}
/** Shift count in S[0]. */
export function i8x16_shl(): void { const k = S[0] & 7; for (let i = 0; i < 16; i++) R8[i] = A8[i] << k; }
export function i8x16_shr_s(): void { const k = S[0] & 7; for (let i = 0; i < 16; i++) R8[i] = A8[i] >> k; }
export function i8x16_shr_u(): void { const k = S[0] & 7; for (let i = 0; i < 16; i++) RU8[i] = AU8[i] >>> k; }
export function i8x16_add(): void { for (let i = 0; i < 16; i++) R8[i] = A8[i] + B8[i]; }
export function i8x16_sub(): void { for (let i = 0; i < 16; i++) R8[i] = A8[i] - B8[i]; }
export function i8x16_add_sat_s(): void {
  for (let i = 0; i < 16; i++) { const v = A8[i] + B8[i]; R8[i] = v > 127 ? 127 : v < -128 ? -128 : v; }
}
export function i8x16_add_sat_u(): void {
  for (let i = 0; i < 16; i++) { const v = AU8[i] + BU8[i]; RU8[i] = v > 255 ? 255 : v; }
}
export function i8x16_sub_sat_s(): void {
  for (let i = 0; i < 16; i++) { const v = A8[i] - B8[i]; R8[i] = v > 127 ? 127 : v < -128 ? -128 : v; }
}
export function i8x16_sub_sat_u(): void {
  for (let i = 0; i < 16; i++) { const v = AU8[i] - BU8[i]; RU8[i] = v < 0 ? 0 : v; }
}
export function i8x16_min_s(): void { for (let i = 0; i < 16; i++) { const a = A8[i], b = B8[i]; R8[i] = a < b ? a : b; } }
export function i8x16_min_u(): void { for (let i = 0; i < 16; i++) { const a = AU8[i], b = BU8[i]; RU8[i] = a < b ? a : b; } }
export function i8x16_max_s(): void { for (let i = 0; i < 16; i++) { const a = A8[i], b = B8[i]; R8[i] = a > b ? a : b; } }
export function i8x16_max_u(): void { for (let i = 0; i < 16; i++) { const a = AU8[i], b = BU8[i]; RU8[i] = a > b ? a : b; } }
export function i8x16_avgr_u(): void { for (let i = 0; i < 16; i++) RU8[i] = (AU8[i] + BU8[i] + 1) >>> 1; }

/** i8x16.swizzle (also relaxed_swizzle): R[i] = B[i] < 16 ? A[B[i]] : 0. */
export function i8x16_swizzle(): void {
  for (let i = 0; i < 16; i++) { const k = BU8[i]; RU8[i] = k < 16 ? AU8[k] : 0; }
}

// ---------------------------------------------------------------------------------------------------------
// i16x8

export function i16x8_eq(): void { for (let i = 0; i < 8; i++) R16[i] = A16[i] === B16[i] ? -1 : 0; }
export function i16x8_ne(): void { for (let i = 0; i < 8; i++) R16[i] = A16[i] !== B16[i] ? -1 : 0; }
export function i16x8_lt_s(): void { for (let i = 0; i < 8; i++) R16[i] = A16[i] < B16[i] ? -1 : 0; }
export function i16x8_lt_u(): void { for (let i = 0; i < 8; i++) R16[i] = AU16[i] < BU16[i] ? -1 : 0; }
export function i16x8_gt_s(): void { for (let i = 0; i < 8; i++) R16[i] = A16[i] > B16[i] ? -1 : 0; }
export function i16x8_gt_u(): void { for (let i = 0; i < 8; i++) R16[i] = AU16[i] > BU16[i] ? -1 : 0; }
export function i16x8_le_s(): void { for (let i = 0; i < 8; i++) R16[i] = A16[i] <= B16[i] ? -1 : 0; }
export function i16x8_le_u(): void { for (let i = 0; i < 8; i++) R16[i] = AU16[i] <= BU16[i] ? -1 : 0; }
export function i16x8_ge_s(): void { for (let i = 0; i < 8; i++) R16[i] = A16[i] >= B16[i] ? -1 : 0; }
export function i16x8_ge_u(): void { for (let i = 0; i < 8; i++) R16[i] = AU16[i] >= BU16[i] ? -1 : 0; }

export function i16x8_abs(): void { for (let i = 0; i < 8; i++) { const v = A16[i]; R16[i] = v < 0 ? -v : v; } }
export function i16x8_neg(): void { for (let i = 0; i < 8; i++) R16[i] = -A16[i]; }
export function i16x8_q15mulr_sat_s(): void {
  for (let i = 0; i < 8; i++) {
    const v = (A16[i] * B16[i] + 0x4000) >> 15;
    R16[i] = v > 32767 ? 32767 : v;
  }
}
/** Scalar result in S[0]. */
export function i16x8_all_true(): void {
  let r = 1;
  for (let i = 0; i < 8; i++) if (AU16[i] === 0) { r = 0; break; }
  S[0] = r;
}
/** Scalar result in S[0]. */
export function i16x8_bitmask(): void {
  let m = 0;
  for (let i = 0; i < 8; i++) m |= (AU16[i] >>> 15) << i;
  S[0] = m;
}
export function i16x8_narrow_i32x4_s(): void {
  for (let i = 0; i < 4; i++) {
    const a = A[i];
    const b = B[i];
    R16[i] = a > 32767 ? 32767 : a < -32768 ? -32768 : a;
    R16[i + 4] = b > 32767 ? 32767 : b < -32768 ? -32768 : b;
  }
}
export function i16x8_narrow_i32x4_u(): void {
  for (let i = 0; i < 4; i++) {
    const a = A[i];
    const b = B[i];
    RU16[i] = a > 65535 ? 65535 : a < 0 ? 0 : a;
    RU16[i + 4] = b > 65535 ? 65535 : b < 0 ? 0 : b;
  }
}
export function i16x8_extend_low_i8x16_s(): void { for (let i = 0; i < 8; i++) R16[i] = A8[i]; }
export function i16x8_extend_high_i8x16_s(): void { for (let i = 0; i < 8; i++) R16[i] = A8[i + 8]; }
export function i16x8_extend_low_i8x16_u(): void { for (let i = 0; i < 8; i++) R16[i] = AU8[i]; }
export function i16x8_extend_high_i8x16_u(): void { for (let i = 0; i < 8; i++) R16[i] = AU8[i + 8]; }
/** Shift count in S[0]. */
export function i16x8_shl(): void { const k = S[0] & 15; for (let i = 0; i < 8; i++) R16[i] = A16[i] << k; }
export function i16x8_shr_s(): void { const k = S[0] & 15; for (let i = 0; i < 8; i++) R16[i] = A16[i] >> k; }
export function i16x8_shr_u(): void { const k = S[0] & 15; for (let i = 0; i < 8; i++) RU16[i] = AU16[i] >>> k; }
export function i16x8_add(): void { for (let i = 0; i < 8; i++) R16[i] = A16[i] + B16[i]; }
export function i16x8_sub(): void { for (let i = 0; i < 8; i++) R16[i] = A16[i] - B16[i]; }
export function i16x8_mul(): void { for (let i = 0; i < 8; i++) R16[i] = Math.imul(A16[i], B16[i]); }
export function i16x8_add_sat_s(): void {
  for (let i = 0; i < 8; i++) { const v = A16[i] + B16[i]; R16[i] = v > 32767 ? 32767 : v < -32768 ? -32768 : v; }
}
export function i16x8_add_sat_u(): void {
  for (let i = 0; i < 8; i++) { const v = AU16[i] + BU16[i]; RU16[i] = v > 65535 ? 65535 : v; }
}
export function i16x8_sub_sat_s(): void {
  for (let i = 0; i < 8; i++) { const v = A16[i] - B16[i]; R16[i] = v > 32767 ? 32767 : v < -32768 ? -32768 : v; }
}
export function i16x8_sub_sat_u(): void {
  for (let i = 0; i < 8; i++) { const v = AU16[i] - BU16[i]; RU16[i] = v < 0 ? 0 : v; }
}
export function i16x8_min_s(): void { for (let i = 0; i < 8; i++) { const a = A16[i], b = B16[i]; R16[i] = a < b ? a : b; } }
export function i16x8_min_u(): void { for (let i = 0; i < 8; i++) { const a = AU16[i], b = BU16[i]; RU16[i] = a < b ? a : b; } }
export function i16x8_max_s(): void { for (let i = 0; i < 8; i++) { const a = A16[i], b = B16[i]; R16[i] = a > b ? a : b; } }
export function i16x8_max_u(): void { for (let i = 0; i < 8; i++) { const a = AU16[i], b = BU16[i]; RU16[i] = a > b ? a : b; } }
export function i16x8_avgr_u(): void { for (let i = 0; i < 8; i++) RU16[i] = (AU16[i] + BU16[i] + 1) >>> 1; }
export function i16x8_extadd_pairwise_i8x16_s(): void { for (let i = 0; i < 8; i++) R16[i] = A8[2 * i] + A8[2 * i + 1]; }
export function i16x8_extadd_pairwise_i8x16_u(): void { for (let i = 0; i < 8; i++) R16[i] = AU8[2 * i] + AU8[2 * i + 1]; }
export function i16x8_extmul_low_i8x16_s(): void { for (let i = 0; i < 8; i++) R16[i] = A8[i] * B8[i]; }
export function i16x8_extmul_high_i8x16_s(): void { for (let i = 8; i < 16; i++) R16[i - 8] = A8[i] * B8[i]; }
export function i16x8_extmul_low_i8x16_u(): void { for (let i = 0; i < 8; i++) RU16[i] = AU8[i] * BU8[i]; }
export function i16x8_extmul_high_i8x16_u(): void { for (let i = 8; i < 16; i++) RU16[i - 8] = AU8[i] * BU8[i]; }

// ---------------------------------------------------------------------------------------------------------
// i32x4

export function i32x4_eq(): void { for (let i = 0; i < 4; i++) R[i] = A[i] === B[i] ? -1 : 0; }
export function i32x4_ne(): void { for (let i = 0; i < 4; i++) R[i] = A[i] !== B[i] ? -1 : 0; }
export function i32x4_lt_s(): void { for (let i = 0; i < 4; i++) R[i] = A[i] < B[i] ? -1 : 0; }
export function i32x4_lt_u(): void { for (let i = 0; i < 4; i++) R[i] = AU32[i] < BU32[i] ? -1 : 0; }
export function i32x4_gt_s(): void { for (let i = 0; i < 4; i++) R[i] = A[i] > B[i] ? -1 : 0; }
export function i32x4_gt_u(): void { for (let i = 0; i < 4; i++) R[i] = AU32[i] > BU32[i] ? -1 : 0; }
export function i32x4_le_s(): void { for (let i = 0; i < 4; i++) R[i] = A[i] <= B[i] ? -1 : 0; }
export function i32x4_le_u(): void { for (let i = 0; i < 4; i++) R[i] = AU32[i] <= BU32[i] ? -1 : 0; }
export function i32x4_ge_s(): void { for (let i = 0; i < 4; i++) R[i] = A[i] >= B[i] ? -1 : 0; }
export function i32x4_ge_u(): void { for (let i = 0; i < 4; i++) R[i] = AU32[i] >= BU32[i] ? -1 : 0; }

export function i32x4_abs(): void { for (let i = 0; i < 4; i++) { const v = A[i]; R[i] = v < 0 ? -v : v; } }
export function i32x4_neg(): void { for (let i = 0; i < 4; i++) R[i] = -A[i]; }
/** Scalar result in S[0]. */
export function i32x4_all_true(): void {
  S[0] = A[0] !== 0 && A[1] !== 0 && A[2] !== 0 && A[3] !== 0 ? 1 : 0;
}
/** Scalar result in S[0]. */
export function i32x4_bitmask(): void {
  S[0] = (A[0] >>> 31) | ((A[1] >>> 31) << 1) | ((A[2] >>> 31) << 2) | ((A[3] >>> 31) << 3);
}
export function i32x4_extend_low_i16x8_s(): void { for (let i = 0; i < 4; i++) R[i] = A16[i]; }
export function i32x4_extend_high_i16x8_s(): void { for (let i = 0; i < 4; i++) R[i] = A16[i + 4]; }
export function i32x4_extend_low_i16x8_u(): void { for (let i = 0; i < 4; i++) R[i] = AU16[i]; }
export function i32x4_extend_high_i16x8_u(): void { for (let i = 0; i < 4; i++) R[i] = AU16[i + 4]; }
/** Shift count in S[0]. */
export function i32x4_shl(): void { const k = S[0] & 31; for (let i = 0; i < 4; i++) R[i] = A[i] << k; }
export function i32x4_shr_s(): void { const k = S[0] & 31; for (let i = 0; i < 4; i++) R[i] = A[i] >> k; }
export function i32x4_shr_u(): void { const k = S[0] & 31; for (let i = 0; i < 4; i++) R[i] = A[i] >>> k; }
export function i32x4_add(): void { for (let i = 0; i < 4; i++) R[i] = A[i] + B[i]; }
export function i32x4_sub(): void { for (let i = 0; i < 4; i++) R[i] = A[i] - B[i]; }
export function i32x4_mul(): void { for (let i = 0; i < 4; i++) R[i] = Math.imul(A[i], B[i]); }
export function i32x4_min_s(): void { for (let i = 0; i < 4; i++) { const a = A[i], b = B[i]; R[i] = a < b ? a : b; } }
export function i32x4_min_u(): void { for (let i = 0; i < 4; i++) R[i] = AU32[i] < BU32[i] ? A[i] : B[i]; }
export function i32x4_max_s(): void { for (let i = 0; i < 4; i++) { const a = A[i], b = B[i]; R[i] = a > b ? a : b; } }
export function i32x4_max_u(): void { for (let i = 0; i < 4; i++) R[i] = AU32[i] > BU32[i] ? A[i] : B[i]; }
export function i32x4_dot_i16x8_s(): void {
  for (let i = 0; i < 4; i++) R[i] = A16[2 * i] * B16[2 * i] + A16[2 * i + 1] * B16[2 * i + 1];
}
export function i32x4_extadd_pairwise_i16x8_s(): void { for (let i = 0; i < 4; i++) R[i] = A16[2 * i] + A16[2 * i + 1]; }
export function i32x4_extadd_pairwise_i16x8_u(): void { for (let i = 0; i < 4; i++) R[i] = AU16[2 * i] + AU16[2 * i + 1]; }
export function i32x4_extmul_low_i16x8_s(): void { for (let i = 0; i < 4; i++) R[i] = A16[i] * B16[i]; }
export function i32x4_extmul_high_i16x8_s(): void { for (let i = 4; i < 8; i++) R[i - 4] = A16[i] * B16[i]; }
export function i32x4_extmul_low_i16x8_u(): void { for (let i = 0; i < 4; i++) R[i] = AU16[i] * BU16[i]; }
export function i32x4_extmul_high_i16x8_u(): void { for (let i = 4; i < 8; i++) R[i - 4] = AU16[i] * BU16[i]; }

// ---------------------------------------------------------------------------------------------------------
// i64x2 (lane j is R[2j] = lo, R[2j+1] = hi)

export function i64x2_eq(): void {
  const r0 = A[0] === B[0] && A[1] === B[1] ? -1 : 0;
  const r1 = A[2] === B[2] && A[3] === B[3] ? -1 : 0;
  R[0] = R[1] = r0;
  R[2] = R[3] = r1;
}
export function i64x2_ne(): void {
  const r0 = A[0] === B[0] && A[1] === B[1] ? 0 : -1;
  const r1 = A[2] === B[2] && A[3] === B[3] ? 0 : -1;
  R[0] = R[1] = r0;
  R[2] = R[3] = r1;
}
export function i64x2_lt_s(): void {
  const r0 = -I64.lt_s(A[0], A[1], B[0], B[1]);
  const r1 = -I64.lt_s(A[2], A[3], B[2], B[3]);
  R[0] = R[1] = r0;
  R[2] = R[3] = r1;
}
export function i64x2_gt_s(): void {
  const r0 = -I64.gt_s(A[0], A[1], B[0], B[1]);
  const r1 = -I64.gt_s(A[2], A[3], B[2], B[3]);
  R[0] = R[1] = r0;
  R[2] = R[3] = r1;
}
export function i64x2_le_s(): void {
  const r0 = -I64.le_s(A[0], A[1], B[0], B[1]);
  const r1 = -I64.le_s(A[2], A[3], B[2], B[3]);
  R[0] = R[1] = r0;
  R[2] = R[3] = r1;
}
export function i64x2_ge_s(): void {
  const r0 = -I64.ge_s(A[0], A[1], B[0], B[1]);
  const r1 = -I64.ge_s(A[2], A[3], B[2], B[3]);
  R[0] = R[1] = r0;
  R[2] = R[3] = r1;
}
export function i64x2_abs(): void {
  for (let j = 0; j < 4; j += 2) {
    const lo = A[j];
    const hi = A[j + 1];
    if (hi < 0) {
      R[j] = -lo;
      R[j + 1] = ~hi + (lo === 0 ? 1 : 0);
    } else {
      R[j] = lo;
      R[j + 1] = hi;
    }
  }
}
export function i64x2_neg(): void {
  for (let j = 0; j < 4; j += 2) {
    const lo = A[j];
    R[j] = -lo;
    R[j + 1] = ~A[j + 1] + (lo === 0 ? 1 : 0);
  }
}
/** Scalar result in S[0]. */
export function i64x2_all_true(): void {
  S[0] = (A[0] | A[1]) !== 0 && (A[2] | A[3]) !== 0 ? 1 : 0;
}
/** Scalar result in S[0]. */
export function i64x2_bitmask(): void {
  S[0] = (A[1] >>> 31) | ((A[3] >>> 31) << 1);
}
export function i64x2_extend_low_i32x4_s(): void {
  const a0 = A[0];
  const a1 = A[1];
  R[0] = a0; R[1] = a0 >> 31; R[2] = a1; R[3] = a1 >> 31;
}
export function i64x2_extend_high_i32x4_s(): void {
  const a2 = A[2];
  const a3 = A[3];
  R[0] = a2; R[1] = a2 >> 31; R[2] = a3; R[3] = a3 >> 31;
}
export function i64x2_extend_low_i32x4_u(): void {
  const a0 = A[0];
  const a1 = A[1];
  R[0] = a0; R[1] = 0; R[2] = a1; R[3] = 0;
}
export function i64x2_extend_high_i32x4_u(): void {
  const a2 = A[2];
  const a3 = A[3];
  R[0] = a2; R[1] = 0; R[2] = a3; R[3] = 0;
}
/** Shift count in S[0]. */
export function i64x2_shl(): void {
  const k = S[0];
  I64.shl(A[0], A[1], k); R[0] = o64[0]; R[1] = o64[1];
  I64.shl(A[2], A[3], k); R[2] = o64[0]; R[3] = o64[1];
}
export function i64x2_shr_s(): void {
  const k = S[0];
  I64.shr_s(A[0], A[1], k); R[0] = o64[0]; R[1] = o64[1];
  I64.shr_s(A[2], A[3], k); R[2] = o64[0]; R[3] = o64[1];
}
export function i64x2_shr_u(): void {
  const k = S[0];
  I64.shr_u(A[0], A[1], k); R[0] = o64[0]; R[1] = o64[1];
  I64.shr_u(A[2], A[3], k); R[2] = o64[0]; R[3] = o64[1];
}
export function i64x2_add(): void {
  I64.add(A[0], A[1], B[0], B[1]); R[0] = o64[0]; R[1] = o64[1];
  I64.add(A[2], A[3], B[2], B[3]); R[2] = o64[0]; R[3] = o64[1];
}
export function i64x2_sub(): void {
  I64.sub(A[0], A[1], B[0], B[1]); R[0] = o64[0]; R[1] = o64[1];
  I64.sub(A[2], A[3], B[2], B[3]); R[2] = o64[0]; R[3] = o64[1];
}
export function i64x2_mul(): void {
  I64.mul(A[0], A[1], B[0], B[1]); R[0] = o64[0]; R[1] = o64[1];
  I64.mul(A[2], A[3], B[2], B[3]); R[2] = o64[0]; R[3] = o64[1];
}
function extmulS(a: number, b: number, j: number): void {
  I64.mul(a, a >> 31, b, b >> 31);
  R[j] = o64[0];
  R[j + 1] = o64[1];
}
function extmulU(a: number, b: number, j: number): void {
  I64.mul(a, 0, b, 0);
  R[j] = o64[0];
  R[j + 1] = o64[1];
}
export function i64x2_extmul_low_i32x4_s(): void { const a1 = A[1], b1 = B[1]; extmulS(A[0], B[0], 0); extmulS(a1, b1, 2); }
export function i64x2_extmul_high_i32x4_s(): void { const a3 = A[3], b3 = B[3]; extmulS(A[2], B[2], 0); extmulS(a3, b3, 2); }
export function i64x2_extmul_low_i32x4_u(): void { const a1 = A[1], b1 = B[1]; extmulU(A[0], B[0], 0); extmulU(a1, b1, 2); }
export function i64x2_extmul_high_i32x4_u(): void { const a3 = A[3], b3 = B[3]; extmulU(A[2], B[2], 0); extmulU(a3, b3, 2); }
