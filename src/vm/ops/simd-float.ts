// Floating-point SIMD lane operations (f32x4, f64x2) and the lane conversions between integer and float
// shapes. Each reads A (and B) and writes R.
//
// NaN rules: arithmetic results that are NaN are whatever NaN the engine produced (an arithmetic NaN; the
// canonical one on engines that canonicalize), which the spec allows. abs/neg and pmin/pmax move BITS
// (pmin/pmax return one operand unchanged, payload included), so they go through the integer views.

import {
  A, AU32, AF32, AF64, B, BF32, BF64, R, RF32, RF64,
} from './simd-regs.js';
import { ceil, floor, trunc, nearest, min, max } from './float.js';
import { i32_trunc_sat_s, i32_trunc_sat_u } from './convert.js';

// ---------------------------------------------------------------------------------------------------------
// f32x4

export function f32x4_eq(): void { for (let i = 0; i < 4; i++) R[i] = AF32[i] === BF32[i] ? -1 : 0; }
export function f32x4_ne(): void { for (let i = 0; i < 4; i++) R[i] = AF32[i] !== BF32[i] ? -1 : 0; }
export function f32x4_lt(): void { for (let i = 0; i < 4; i++) R[i] = AF32[i] < BF32[i] ? -1 : 0; }
export function f32x4_gt(): void { for (let i = 0; i < 4; i++) R[i] = AF32[i] > BF32[i] ? -1 : 0; }
export function f32x4_le(): void { for (let i = 0; i < 4; i++) R[i] = AF32[i] <= BF32[i] ? -1 : 0; }
export function f32x4_ge(): void { for (let i = 0; i < 4; i++) R[i] = AF32[i] >= BF32[i] ? -1 : 0; }

export function f32x4_abs(): void { for (let i = 0; i < 4; i++) R[i] = A[i] & 0x7fffffff; }
export function f32x4_neg(): void { for (let i = 0; i < 4; i++) R[i] = A[i] ^ 0x80000000; }
export function f32x4_sqrt(): void { for (let i = 0; i < 4; i++) RF32[i] = Math.sqrt(AF32[i]); }
export function f32x4_add(): void { for (let i = 0; i < 4; i++) RF32[i] = AF32[i] + BF32[i]; }
export function f32x4_sub(): void { for (let i = 0; i < 4; i++) RF32[i] = AF32[i] - BF32[i]; }
export function f32x4_mul(): void { for (let i = 0; i < 4; i++) RF32[i] = AF32[i] * BF32[i]; }
export function f32x4_div(): void { for (let i = 0; i < 4; i++) RF32[i] = AF32[i] / BF32[i]; }
export function f32x4_min(): void { for (let i = 0; i < 4; i++) RF32[i] = min(AF32[i], BF32[i]); }
export function f32x4_max(): void { for (let i = 0; i < 4; i++) RF32[i] = max(AF32[i], BF32[i]); }
/** pmin: b < a ? b : a (bits of the chosen operand). */
export function f32x4_pmin(): void { for (let i = 0; i < 4; i++) R[i] = BF32[i] < AF32[i] ? B[i] : A[i]; }
/** pmax: a < b ? b : a (bits of the chosen operand). */
export function f32x4_pmax(): void { for (let i = 0; i < 4; i++) R[i] = AF32[i] < BF32[i] ? B[i] : A[i]; }
export function f32x4_ceil(): void { for (let i = 0; i < 4; i++) RF32[i] = ceil(AF32[i]); }
export function f32x4_floor(): void { for (let i = 0; i < 4; i++) RF32[i] = floor(AF32[i]); }
export function f32x4_trunc(): void { for (let i = 0; i < 4; i++) RF32[i] = trunc(AF32[i]); }
export function f32x4_nearest(): void { for (let i = 0; i < 4; i++) RF32[i] = nearest(AF32[i]); }

// ---------------------------------------------------------------------------------------------------------
// f64x2

export function f64x2_eq(): void { const r0 = AF64[0] === BF64[0] ? -1 : 0, r1 = AF64[1] === BF64[1] ? -1 : 0; R[0] = R[1] = r0; R[2] = R[3] = r1; }
export function f64x2_ne(): void { const r0 = AF64[0] !== BF64[0] ? -1 : 0, r1 = AF64[1] !== BF64[1] ? -1 : 0; R[0] = R[1] = r0; R[2] = R[3] = r1; }
export function f64x2_lt(): void { const r0 = AF64[0] < BF64[0] ? -1 : 0, r1 = AF64[1] < BF64[1] ? -1 : 0; R[0] = R[1] = r0; R[2] = R[3] = r1; }
export function f64x2_gt(): void { const r0 = AF64[0] > BF64[0] ? -1 : 0, r1 = AF64[1] > BF64[1] ? -1 : 0; R[0] = R[1] = r0; R[2] = R[3] = r1; }
export function f64x2_le(): void { const r0 = AF64[0] <= BF64[0] ? -1 : 0, r1 = AF64[1] <= BF64[1] ? -1 : 0; R[0] = R[1] = r0; R[2] = R[3] = r1; }
export function f64x2_ge(): void { const r0 = AF64[0] >= BF64[0] ? -1 : 0, r1 = AF64[1] >= BF64[1] ? -1 : 0; R[0] = R[1] = r0; R[2] = R[3] = r1; }

export function f64x2_abs(): void { R[0] = A[0]; R[1] = A[1] & 0x7fffffff; R[2] = A[2]; R[3] = A[3] & 0x7fffffff; }
export function f64x2_neg(): void { R[0] = A[0]; R[1] = A[1] ^ 0x80000000; R[2] = A[2]; R[3] = A[3] ^ 0x80000000; }
export function f64x2_sqrt(): void { RF64[0] = Math.sqrt(AF64[0]); RF64[1] = Math.sqrt(AF64[1]); }
export function f64x2_add(): void { RF64[0] = AF64[0] + BF64[0]; RF64[1] = AF64[1] + BF64[1]; }
export function f64x2_sub(): void { RF64[0] = AF64[0] - BF64[0]; RF64[1] = AF64[1] - BF64[1]; }
export function f64x2_mul(): void { RF64[0] = AF64[0] * BF64[0]; RF64[1] = AF64[1] * BF64[1]; }
export function f64x2_div(): void { RF64[0] = AF64[0] / BF64[0]; RF64[1] = AF64[1] / BF64[1]; }
export function f64x2_min(): void { RF64[0] = min(AF64[0], BF64[0]); RF64[1] = min(AF64[1], BF64[1]); }
export function f64x2_max(): void { RF64[0] = max(AF64[0], BF64[0]); RF64[1] = max(AF64[1], BF64[1]); }
export function f64x2_pmin(): void {
  for (let j = 0; j < 2; j++) {
    const s = BF64[j] < AF64[j] ? B : A;
    R[2 * j] = s[2 * j];
    R[2 * j + 1] = s[2 * j + 1];
  }
}
export function f64x2_pmax(): void {
  for (let j = 0; j < 2; j++) {
    const s = AF64[j] < BF64[j] ? B : A;
    R[2 * j] = s[2 * j];
    R[2 * j + 1] = s[2 * j + 1];
  }
}
export function f64x2_ceil(): void { RF64[0] = ceil(AF64[0]); RF64[1] = ceil(AF64[1]); }
export function f64x2_floor(): void { RF64[0] = floor(AF64[0]); RF64[1] = floor(AF64[1]); }
export function f64x2_trunc(): void { RF64[0] = trunc(AF64[0]); RF64[1] = trunc(AF64[1]); }
export function f64x2_nearest(): void { RF64[0] = nearest(AF64[0]); RF64[1] = nearest(AF64[1]); }

// ---------------------------------------------------------------------------------------------------------
// Conversions

export function i32x4_trunc_sat_f32x4_s(): void { for (let i = 0; i < 4; i++) R[i] = i32_trunc_sat_s(AF32[i]); }
export function i32x4_trunc_sat_f32x4_u(): void { for (let i = 0; i < 4; i++) R[i] = i32_trunc_sat_u(AF32[i]); }
/** Float32Array stores round the exact double once: correct round-to-nearest-even. */
export function f32x4_convert_i32x4_s(): void { for (let i = 0; i < 4; i++) RF32[i] = A[i]; }
export function f32x4_convert_i32x4_u(): void { for (let i = 0; i < 4; i++) RF32[i] = AU32[i]; }
export function i32x4_trunc_sat_f64x2_s_zero(): void {
  const a0 = AF64[0], a1 = AF64[1];
  R[0] = i32_trunc_sat_s(a0); R[1] = i32_trunc_sat_s(a1); R[2] = 0; R[3] = 0;
}
export function i32x4_trunc_sat_f64x2_u_zero(): void {
  const a0 = AF64[0], a1 = AF64[1];
  R[0] = i32_trunc_sat_u(a0); R[1] = i32_trunc_sat_u(a1); R[2] = 0; R[3] = 0;
}
export function f64x2_convert_low_i32x4_s(): void { const a0 = A[0], a1 = A[1]; RF64[0] = a0; RF64[1] = a1; }
export function f64x2_convert_low_i32x4_u(): void { const a0 = AU32[0], a1 = AU32[1]; RF64[0] = a0; RF64[1] = a1; }
export function f32x4_demote_f64x2_zero(): void {
  const a0 = AF64[0], a1 = AF64[1];
  RF32[0] = a0; RF32[1] = a1; R[2] = 0; R[3] = 0;
}
export function f64x2_promote_low_f32x4(): void { const a0 = AF32[0], a1 = AF32[1]; RF64[0] = a0; RF64[1] = a1; }
