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

import { A8, AF32, AF64, B8, BF32, BF64, C, CF32, CF64, R, R16, RF32, RF64 } from './simd-regs.js';
import { clamp, lanes } from './simd-lanes.js';
import type { SimdOp } from './simd.js';

/** Enters the relaxed operations into `ops`; the integer, float and bitwise ones they reuse must be there. */
export function relaxedOps(ops: Array<SimdOp | undefined>): void {
  const same = (at: number, ...from: number[]): void => from.forEach((f, k) => { ops[at + k] = ops[f]; });
  same(0x100, 0x0e); // swizzle
  same(0x101, 0xf8, 0xf9, 0xfc, 0xfd); // trunc: the saturating ones
  same(0x109, 0x52, 0x52, 0x52, 0x52); // laneselect: v128.bitselect
  same(0x10d, 0xe8, 0xe9, 0xf4, 0xf5); // f32x4/f64x2 min, max
  same(0x111, 0x82); // i16x8.q15mulr_sat_s
  ops[0x105] = lanes(RF32, AF32, BF32, (x, y, i) => Math.fround(x * y) + CF32[i]); // f32x4.relaxed_madd
  ops[0x106] = lanes(RF32, AF32, BF32, (x, y, i) => -Math.fround(x * y) + CF32[i]); // f32x4.relaxed_nmadd
  ops[0x107] = lanes(RF64, AF64, BF64, (x, y, i) => x * y + CF64[i]); // f64x2.relaxed_madd
  ops[0x108] = lanes(RF64, AF64, BF64, (x, y, i) => -(x * y) + CF64[i]); // f64x2.relaxed_nmadd
  // i16x8.relaxed_dot_i8x16_i7x16_s, i32x4.relaxed_dot_i8x16_i7x16_add_s
  const dot = (k: number): number => A8[k] * B8[k] + A8[k + 1] * B8[k + 1];
  ops[0x112] = lanes(R16, A8, A8, (_, __, i) => clamp(dot(2 * i), -32768, 32767));
  ops[0x113] = lanes(R, A8, A8, (_, __, i) => dot(4 * i) + dot(4 * i + 2) + C[i]);
}
