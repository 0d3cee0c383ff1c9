// Relaxed SIMD (opcodes 0xFD 0x100..0x113) with ONE fixed, deterministic behaviour per instruction, always
// a member of the set the relaxed-SIMD spec allows. Operands A, B, C; result R.
//
// | opcode | instruction                          | chosen behaviour                                       |
// |--------|--------------------------------------|--------------------------------------------------------|
// | 0x100  | i8x16.relaxed_swizzle                | i8x16.swizzle (index >= 16 -> 0)                        |
// | 0x101  | i32x4.relaxed_trunc_f32x4_s          | i32x4.trunc_sat_f32x4_s (NaN -> 0, saturate)            |
// | 0x102  | i32x4.relaxed_trunc_f32x4_u          | i32x4.trunc_sat_f32x4_u                                 |
// | 0x103  | i32x4.relaxed_trunc_f64x2_s_zero     | i32x4.trunc_sat_f64x2_s_zero                            |
// | 0x104  | i32x4.relaxed_trunc_f64x2_u_zero     | i32x4.trunc_sat_f64x2_u_zero                            |
// | 0x105  | f32x4.relaxed_madd                   | unfused: round(round(a*b) + c)                          |
// | 0x106  | f32x4.relaxed_nmadd                  | unfused: round(-round(a*b) + c)                         |
// | 0x107  | f64x2.relaxed_madd                   | unfused: a*b + c (two roundings)                        |
// | 0x108  | f64x2.relaxed_nmadd                  | unfused: -(a*b) + c                                     |
// | 0x109  | i8x16.relaxed_laneselect             | v128.bitselect(a, b, c) (bitwise, every mask bit)       |
// | 0x10a  | i16x8.relaxed_laneselect             | v128.bitselect                                          |
// | 0x10b  | i32x4.relaxed_laneselect             | v128.bitselect                                          |
// | 0x10c  | i64x2.relaxed_laneselect             | v128.bitselect                                          |
// | 0x10d  | f32x4.relaxed_min                    | f32x4.min (NaN -> NaN, -0 < +0)                         |
// | 0x10e  | f32x4.relaxed_max                    | f32x4.max                                               |
// | 0x10f  | f64x2.relaxed_min                    | f64x2.min                                               |
// | 0x110  | f64x2.relaxed_max                    | f64x2.max                                               |
// | 0x111  | i16x8.relaxed_q15mulr_s              | i16x8.q15mulr_sat_s (-32768 * -32768 -> 32767)          |
// | 0x112  | i16x8.relaxed_dot_i8x16_i7x16_s      | b lanes read SIGNED; pair sum saturated to i16          |
// | 0x113  | i32x4.relaxed_dot_i8x16_i7x16_add_s  | b lanes read SIGNED; four products summed exactly (no   |
// |        |                                      | intermediate i16 saturation), + c, wrapping             |
//
// With b lanes in 0..127 (the i7 domain) both dots equal every implementation's result.

import { A, A8, AF32, AF64, B, B8, BF32, BF64, C, CF32, CF64, R, R16, RF32, RF64 } from './simd-regs.js';
import { i8x16_swizzle, i16x8_q15mulr_sat_s } from './simd-int.js';
import {
  i32x4_trunc_sat_f32x4_s, i32x4_trunc_sat_f32x4_u, i32x4_trunc_sat_f64x2_s_zero, i32x4_trunc_sat_f64x2_u_zero,
  f32x4_min, f32x4_max, f64x2_min, f64x2_max,
} from './simd-float.js';

export const i8x16_relaxed_swizzle = i8x16_swizzle;
export const i32x4_relaxed_trunc_f32x4_s = i32x4_trunc_sat_f32x4_s;
export const i32x4_relaxed_trunc_f32x4_u = i32x4_trunc_sat_f32x4_u;
export const i32x4_relaxed_trunc_f64x2_s_zero = i32x4_trunc_sat_f64x2_s_zero;
export const i32x4_relaxed_trunc_f64x2_u_zero = i32x4_trunc_sat_f64x2_u_zero;

export function f32x4_relaxed_madd(): void {
  for (let i = 0; i < 4; i++) RF32[i] = Math.fround(AF32[i] * BF32[i]) + CF32[i];
}
export function f32x4_relaxed_nmadd(): void {
  for (let i = 0; i < 4; i++) RF32[i] = -Math.fround(AF32[i] * BF32[i]) + CF32[i];
}
export function f64x2_relaxed_madd(): void {
  RF64[0] = AF64[0] * BF64[0] + CF64[0];
  RF64[1] = AF64[1] * BF64[1] + CF64[1];
}
export function f64x2_relaxed_nmadd(): void {
  RF64[0] = -(AF64[0] * BF64[0]) + CF64[0];
  RF64[1] = -(AF64[1] * BF64[1]) + CF64[1];
}

/** v128.bitselect(A, B, C): bits of A where C is 1, of B where C is 0. */
export function relaxed_laneselect(): void {
  for (let i = 0; i < 4; i++) { const c = C[i]; R[i] = (A[i] & c) | (B[i] & ~c); }
}

export const f32x4_relaxed_min = f32x4_min;
export const f32x4_relaxed_max = f32x4_max;
export const f64x2_relaxed_min = f64x2_min;
export const f64x2_relaxed_max = f64x2_max;
export const i16x8_relaxed_q15mulr_s = i16x8_q15mulr_sat_s;

export function i16x8_relaxed_dot_i8x16_i7x16_s(): void {
  for (let i = 0; i < 8; i++) {
    const v = A8[2 * i] * B8[2 * i] + A8[2 * i + 1] * B8[2 * i + 1];
    R16[i] = v > 32767 ? 32767 : v < -32768 ? -32768 : v;
  }
}
export function i32x4_relaxed_dot_i8x16_i7x16_add_s(): void {
  for (let i = 0; i < 4; i++) {
    const k = 4 * i;
    R[i] = A8[k] * B8[k] + A8[k + 1] * B8[k + 1] + A8[k + 2] * B8[k + 2] + A8[k + 3] * B8[k + 3] + C[i];
  }
}
