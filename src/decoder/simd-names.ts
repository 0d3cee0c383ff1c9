// The names of the 0xFD (SIMD) instructions, relaxed SIMD at 0xFF00 | (sub-opcode - 0x100) (opcodes.ts
// explains the numbering). Not in the core: the SIMD pack (`purewasm/simd`) and the text printer carry them.
import { FCMP, ICMP, defineOpcodes, pre } from './opcode-lists.js';

/** Names by instruction number (0xfd00.., 0xff00..). */
export const simdNames: string[] = [];

{
  // SIMD names that repeat per shape: `lh('extend', 'i8x16')` is extend_low_i8x16_s extend_high_i8x16_s
  // extend_low_i8x16_u extend_high_i8x16_u; `arith` the shift/add/sub run of i8x16 and i16x8.
  const lh = (o: string, from: string) =>
    `${o}_low_${from}_s ${o}_high_${from}_s ${o}_low_${from}_u ${o}_high_${from}_u`;
  const arith = 'shl shr_s shr_u add add_sat_s add_sat_u sub sub_sat_s sub_sat_u';
  defineOpcodes(
    simdNames,
    null,
    0xfd00,
    '@v128 load load8x8_s load8x8_u load16x4_s load16x4_u load32x2_s load32x2_u load8_splat load16_splat ' +
      `load32_splat load64_splat store v128.const i8x16.shuffle i8x16.swizzle ` +
      `i8x16.splat i16x8.splat i32x4.splat i64x2.splat f32x4.splat f64x2.splat ` +
      '@i8x16 extract_lane_s extract_lane_u replace_lane @i16x8 extract_lane_s extract_lane_u replace_lane ' +
      '@i32x4 extract_lane replace_lane @i64x2 extract_lane replace_lane @f32x4 extract_lane replace_lane ' +
      `@f64x2 extract_lane replace_lane ` +
      [pre('i8x16.', ICMP), pre('i16x8.', ICMP), pre('i32x4.', ICMP), pre('f32x4.', FCMP), pre('f64x2.', FCMP)].join(' ') +
      ' v128.not v128.and v128.andnot v128.or v128.xor v128.bitselect v128.any_true ' +
      `@v128 load8_lane load16_lane load32_lane load64_lane store8_lane store16_lane ` +
      `store32_lane store64_lane v128.load32_zero v128.load64_zero ` +
      '@f32x4 demote_f64x2_zero @f64x2 promote_low_f32x4 @i8x16 abs neg popcnt all_true bitmask ' +
      `narrow_i16x8_s narrow_i16x8_u @f32x4 ceil floor trunc nearest @i8x16 ${arith} @f64x2 ceil floor ` +
      '@i8x16 min_s min_u max_s max_u @f64x2 trunc @i8x16 avgr_u @i16x8 extadd_pairwise_i8x16_s ' +
      'extadd_pairwise_i8x16_u @i32x4 extadd_pairwise_i16x8_s extadd_pairwise_i16x8_u @i16x8 abs neg ' +
      `q15mulr_sat_s all_true bitmask narrow_i32x4_s narrow_i32x4_u ${lh('extend', 'i8x16')} ${arith} ` +
      `@f64x2 nearest @i16x8 mul min_s min_u max_s max_u - avgr_u ${lh('extmul', 'i8x16')} @i32x4 abs neg - ` +
      `all_true bitmask - - ${lh('extend', 'i16x8')} shl shr_s shr_u add - - sub - - - mul min_s min_u max_s ` +
      `max_u dot_i16x8_s - ${lh('extmul', 'i16x8')} @i64x2 abs neg - all_true bitmask - - ${lh('extend', 'i32x4')} ` +
      `shl shr_s shr_u add - - sub - - - mul eq ne lt_s gt_s le_s ge_s ${lh('extmul', 'i32x4')} ` +
      '@f32x4 abs neg - sqrt add sub mul div min max pmin pmax @f64x2 abs neg - sqrt add sub mul div min max ' +
      'pmin pmax @i32x4 trunc_sat_f32x4_s trunc_sat_f32x4_u @f32x4 convert_i32x4_s convert_i32x4_u @i32x4 ' +
      'trunc_sat_f64x2_s_zero trunc_sat_f64x2_u_zero @f64x2 convert_low_i32x4_s convert_low_i32x4_u',
  );
}
// relaxed SIMD (sub-opcodes 0x100.. encoded at 0xFF00..)
defineOpcodes(
  simdNames,
  null,
  0xff00,
  '@i8x16 relaxed_swizzle @i32x4 relaxed_trunc_f32x4_s relaxed_trunc_f32x4_u relaxed_trunc_f64x2_s_zero ' +
    'relaxed_trunc_f64x2_u_zero @f32x4 relaxed_madd relaxed_nmadd @f64x2 relaxed_madd relaxed_nmadd ' +
    '@i8x16 relaxed_laneselect @i16x8 relaxed_laneselect @i32x4 relaxed_laneselect @i64x2 ' +
    'relaxed_laneselect @f32x4 relaxed_min relaxed_max @f64x2 relaxed_min relaxed_max @i16x8 ' +
    'relaxed_q15mulr_s relaxed_dot_i8x16_i7x16_s @i32x4 relaxed_dot_i8x16_i7x16_add_s',
);

