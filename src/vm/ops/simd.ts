// SIMD (0xFD prefix) operations: the WebAssembly 2.0 SIMD proposal plus relaxed SIMD.
//
// Calling convention (all state in module-level scratch registers from ./simd-regs.ts, re-exported here):
//   A, B, C   v128 operands (Int32Array(4) + views A8/AU8/A16/AU16/AU32/AF32/AF64 etc.), little-endian
//             lanes. Unary ops read A; binary ops read A (first/left operand) and B (second); ternary ops
//             (bitselect, relaxed madd/nmadd, relaxed laneselect, relaxed dot_add) read A, B, C in operand
//             order (C is the last operand: the mask, the addend).
//   R         v128 result. R is a separate buffer: the caller copies A/B/C in and R out.
//   S         scalar register Int32Array(2) (+ SF32, SF64 views). Scalars travel as BITS:
//               in:  splat (i8/i16/i32 value or f32 bits in S[0]; i64 or f64 bits as S[0]=lo, S[1]=hi),
//                    replace_lane (same, with A the vector), shifts (count in S[0], taken modulo lane width);
//               out: extract_lane (i8/i16 *_s sign-extended, *_u zero-extended, i32 and f32 bits in S[0];
//                    i64 and f64 bits in S[0]=lo, S[1]=hi), v128.any_true, *.all_true, *.bitmask (S[0]).
//   SH        Uint8Array(16): i8x16.shuffle's lane indices; fill it (or call shuffle4 with the four
//             little-endian packed immediate words) before dispatching 0x0d.
//
// Dispatch:
//   simdOps[op](lane)    every non-memory 0xFD instruction, indexed by its sub-opcode (0x0d..0xff, 0x100..
//                        0x113); `lane` is the lane-index immediate (extract/replace lane) and is ignored
//                        elsewhere. v128.const (0x0c) is not in the table: the interpreter copies its
//                        immediate into R itself (or calls v128_const).
//   simdMemOps[op](mem, addr, lane)
//                        v128.load* / store / load_splat / load_zero / load_lane / store_lane (0x00..0x0b,
//                        0x54..0x5d). `addr` is the effective address, already bounds-checked by the caller
//                        for the access width; loads write R (load_lane: R = A with one lane replaced);
//                        stores read A; `lane` is the lane immediate of *_lane ops.
//   Unused opcodes are `undefined`.
//
// Float NaN rules: see ./simd-float.ts. Relaxed choices: see ./simd-relaxed.ts.

import {
  A, A8, AU8, A16, AU16, B, BU8, C, R, R8, RU8, R16, RU16, S, SH,
} from './simd-regs.js';
import * as Int from './simd-int.js';
import * as Flt from './simd-float.js';
import * as Rlx from './simd-relaxed.js';

export * from './simd-regs.js';

// ---------------------------------------------------------------------------------------------------------
// v128 bitwise

export function v128_not(): void { R[0] = ~A[0]; R[1] = ~A[1]; R[2] = ~A[2]; R[3] = ~A[3]; }
export function v128_and(): void { R[0] = A[0] & B[0]; R[1] = A[1] & B[1]; R[2] = A[2] & B[2]; R[3] = A[3] & B[3]; }
export function v128_andnot(): void { R[0] = A[0] & ~B[0]; R[1] = A[1] & ~B[1]; R[2] = A[2] & ~B[2]; R[3] = A[3] & ~B[3]; }
export function v128_or(): void { R[0] = A[0] | B[0]; R[1] = A[1] | B[1]; R[2] = A[2] | B[2]; R[3] = A[3] | B[3]; }
export function v128_xor(): void { R[0] = A[0] ^ B[0]; R[1] = A[1] ^ B[1]; R[2] = A[2] ^ B[2]; R[3] = A[3] ^ B[3]; }
/** v128.bitselect(A, B, C): A where C is 1, B where C is 0. */
export function v128_bitselect(): void {
  for (let i = 0; i < 4; i++) { const c = C[i]; R[i] = (A[i] & c) | (B[i] & ~c); }
}
/** Scalar result in S[0]. */
export function v128_any_true(): void { S[0] = (A[0] | A[1] | A[2] | A[3]) !== 0 ? 1 : 0; }
/** v128.const: R = (w0, w1, w2, w3) (the 16 immediate bytes read as four little-endian int32 words). */
export function v128_const(w0: number, w1: number, w2: number, w3: number): void {
  R[0] = w0; R[1] = w1; R[2] = w2; R[3] = w3;
}

// ---------------------------------------------------------------------------------------------------------
// Shuffle

/** i8x16.shuffle with indices in SH: R[i] = SH[i] < 16 ? A[SH[i]] : B[SH[i] - 16]. */
export function i8x16_shuffle(): void {
  for (let i = 0; i < 16; i++) { const k = SH[i]; RU8[i] = k < 16 ? AU8[k] : BU8[k & 15]; }
}
/** i8x16.shuffle with the 16 index bytes packed little-endian in four int32 words (the immediate as read). */
export function shuffle4(w0: number, w1: number, w2: number, w3: number): void {
  for (let i = 0; i < 4; i++) {
    const w = i === 0 ? w0 : i === 1 ? w1 : i === 2 ? w2 : w3;
    SH[4 * i] = w; SH[4 * i + 1] = w >>> 8; SH[4 * i + 2] = w >>> 16; SH[4 * i + 3] = w >>> 24;
  }
  i8x16_shuffle();
}

// ---------------------------------------------------------------------------------------------------------
// Splat / extract / replace (scalars through S)

export function i8x16_splat(): void { const v = S[0] & 0xff; R[0] = R[1] = R[2] = R[3] = v * 0x01010101; }
export function i16x8_splat(): void { const v = S[0] & 0xffff; R[0] = R[1] = R[2] = R[3] = v | (v << 16); }
export function i32x4_splat(): void { R[0] = R[1] = R[2] = R[3] = S[0]; }
export function i64x2_splat(): void { R[0] = R[2] = S[0]; R[1] = R[3] = S[1]; }
export const f32x4_splat = i32x4_splat; // bits
export const f64x2_splat = i64x2_splat; // bits

export function i8x16_extract_lane_s(l: number): void { S[0] = A8[l & 15]; }
export function i8x16_extract_lane_u(l: number): void { S[0] = AU8[l & 15]; }
export function i16x8_extract_lane_s(l: number): void { S[0] = A16[l & 7]; }
export function i16x8_extract_lane_u(l: number): void { S[0] = AU16[l & 7]; }
export function i32x4_extract_lane(l: number): void { S[0] = A[l & 3]; }
export function i64x2_extract_lane(l: number): void { const j = (l & 1) << 1; S[0] = A[j]; S[1] = A[j + 1]; }
export const f32x4_extract_lane = i32x4_extract_lane; // bits
export const f64x2_extract_lane = i64x2_extract_lane; // bits

function copyA(): void { R[0] = A[0]; R[1] = A[1]; R[2] = A[2]; R[3] = A[3]; }
export function i8x16_replace_lane(l: number): void { copyA(); R8[l & 15] = S[0]; }
export function i16x8_replace_lane(l: number): void { copyA(); R16[l & 7] = S[0]; }
export function i32x4_replace_lane(l: number): void { copyA(); R[l & 3] = S[0]; }
export function i64x2_replace_lane(l: number): void { copyA(); const j = (l & 1) << 1; R[j] = S[0]; R[j + 1] = S[1]; }
export const f32x4_replace_lane = i32x4_replace_lane; // bits
export const f64x2_replace_lane = i64x2_replace_lane; // bits

// ---------------------------------------------------------------------------------------------------------
// Memory. `mem` is the memory's byte view; `addr` is already bounds-checked by the caller.

function rd32(mem: Uint8Array, a: number): number {
  return mem[a] | (mem[a + 1] << 8) | (mem[a + 2] << 16) | (mem[a + 3] << 24);
}
function wr32(mem: Uint8Array, a: number, v: number): void {
  mem[a] = v; mem[a + 1] = v >>> 8; mem[a + 2] = v >>> 16; mem[a + 3] = v >>> 24;
}

export function v128_load(mem: Uint8Array, addr: number): void {
  R[0] = rd32(mem, addr); R[1] = rd32(mem, addr + 4); R[2] = rd32(mem, addr + 8); R[3] = rd32(mem, addr + 12);
}
export function v128_store(mem: Uint8Array, addr: number): void {
  wr32(mem, addr, A[0]); wr32(mem, addr + 4, A[1]); wr32(mem, addr + 8, A[2]); wr32(mem, addr + 12, A[3]);
}
export function v128_load8x8_s(mem: Uint8Array, addr: number): void { for (let i = 0; i < 8; i++) R16[i] = (mem[addr + i] << 24) >> 24; }
export function v128_load8x8_u(mem: Uint8Array, addr: number): void { for (let i = 0; i < 8; i++) R16[i] = mem[addr + i]; }
export function v128_load16x4_s(mem: Uint8Array, addr: number): void {
  for (let i = 0; i < 4; i++) R[i] = ((mem[addr + 2 * i] | (mem[addr + 2 * i + 1] << 8)) << 16) >> 16;
}
export function v128_load16x4_u(mem: Uint8Array, addr: number): void {
  for (let i = 0; i < 4; i++) R[i] = mem[addr + 2 * i] | (mem[addr + 2 * i + 1] << 8);
}
export function v128_load32x2_s(mem: Uint8Array, addr: number): void {
  const a = rd32(mem, addr), b = rd32(mem, addr + 4);
  R[0] = a; R[1] = a >> 31; R[2] = b; R[3] = b >> 31;
}
export function v128_load32x2_u(mem: Uint8Array, addr: number): void {
  R[0] = rd32(mem, addr); R[1] = 0; R[2] = rd32(mem, addr + 4); R[3] = 0;
}
export function v128_load8_splat(mem: Uint8Array, addr: number): void { R[0] = R[1] = R[2] = R[3] = mem[addr] * 0x01010101; }
export function v128_load16_splat(mem: Uint8Array, addr: number): void {
  const v = mem[addr] | (mem[addr + 1] << 8);
  R[0] = R[1] = R[2] = R[3] = v | (v << 16);
}
export function v128_load32_splat(mem: Uint8Array, addr: number): void { R[0] = R[1] = R[2] = R[3] = rd32(mem, addr); }
export function v128_load64_splat(mem: Uint8Array, addr: number): void {
  R[0] = R[2] = rd32(mem, addr); R[1] = R[3] = rd32(mem, addr + 4);
}
export function v128_load32_zero(mem: Uint8Array, addr: number): void { R[0] = rd32(mem, addr); R[1] = R[2] = R[3] = 0; }
export function v128_load64_zero(mem: Uint8Array, addr: number): void {
  R[0] = rd32(mem, addr); R[1] = rd32(mem, addr + 4); R[2] = R[3] = 0;
}
export function v128_load8_lane(mem: Uint8Array, addr: number, l: number): void { copyA(); RU8[l & 15] = mem[addr]; }
export function v128_load16_lane(mem: Uint8Array, addr: number, l: number): void {
  copyA(); RU16[l & 7] = mem[addr] | (mem[addr + 1] << 8);
}
export function v128_load32_lane(mem: Uint8Array, addr: number, l: number): void { copyA(); R[l & 3] = rd32(mem, addr); }
export function v128_load64_lane(mem: Uint8Array, addr: number, l: number): void {
  copyA(); const j = (l & 1) << 1; R[j] = rd32(mem, addr); R[j + 1] = rd32(mem, addr + 4);
}
export function v128_store8_lane(mem: Uint8Array, addr: number, l: number): void { mem[addr] = AU8[l & 15]; }
export function v128_store16_lane(mem: Uint8Array, addr: number, l: number): void {
  const v = AU16[l & 7]; mem[addr] = v; mem[addr + 1] = v >>> 8;
}
export function v128_store32_lane(mem: Uint8Array, addr: number, l: number): void { wr32(mem, addr, A[l & 3]); }
export function v128_store64_lane(mem: Uint8Array, addr: number, l: number): void {
  const j = (l & 1) << 1; wr32(mem, addr, A[j]); wr32(mem, addr + 4, A[j + 1]);
}

// ---------------------------------------------------------------------------------------------------------
// Dispatch tables

export type SimdOp = (lane: number) => void;
export type SimdMemOp = (mem: Uint8Array, addr: number, lane: number) => void;

/** Memory-access width in bytes of each memory SIMD op (for the caller's bounds check), by sub-opcode. */
export const simdMemWidth: Array<number | undefined> = [];
export const simdMemOps: Array<SimdMemOp | undefined> = [];
([
  [0x00, v128_load, 16], [0x01, v128_load8x8_s, 8], [0x02, v128_load8x8_u, 8], [0x03, v128_load16x4_s, 8],
  [0x04, v128_load16x4_u, 8], [0x05, v128_load32x2_s, 8], [0x06, v128_load32x2_u, 8], [0x07, v128_load8_splat, 1],
  [0x08, v128_load16_splat, 2], [0x09, v128_load32_splat, 4], [0x0a, v128_load64_splat, 8], [0x0b, v128_store, 16],
  [0x54, v128_load8_lane, 1], [0x55, v128_load16_lane, 2], [0x56, v128_load32_lane, 4], [0x57, v128_load64_lane, 8],
  [0x58, v128_store8_lane, 1], [0x59, v128_store16_lane, 2], [0x5a, v128_store32_lane, 4], [0x5b, v128_store64_lane, 8],
  [0x5c, v128_load32_zero, 4], [0x5d, v128_load64_zero, 8],
] as Array<[number, SimdMemOp, number]>).forEach(([op, f, w]) => {
  simdMemOps[op] = f;
  simdMemWidth[op] = w;
});

/** Non-memory SIMD ops by 0xFD sub-opcode. */
export const simdOps: Array<SimdOp | undefined> = [];
const table: Array<[number, SimdOp]> = [
  [0x0d, i8x16_shuffle], [0x0e, Int.i8x16_swizzle],
  [0x0f, i8x16_splat], [0x10, i16x8_splat], [0x11, i32x4_splat], [0x12, i64x2_splat], [0x13, f32x4_splat], [0x14, f64x2_splat],
  [0x15, i8x16_extract_lane_s], [0x16, i8x16_extract_lane_u], [0x17, i8x16_replace_lane],
  [0x18, i16x8_extract_lane_s], [0x19, i16x8_extract_lane_u], [0x1a, i16x8_replace_lane],
  [0x1b, i32x4_extract_lane], [0x1c, i32x4_replace_lane], [0x1d, i64x2_extract_lane], [0x1e, i64x2_replace_lane],
  [0x1f, f32x4_extract_lane], [0x20, f32x4_replace_lane], [0x21, f64x2_extract_lane], [0x22, f64x2_replace_lane],
  [0x23, Int.i8x16_eq], [0x24, Int.i8x16_ne], [0x25, Int.i8x16_lt_s], [0x26, Int.i8x16_lt_u], [0x27, Int.i8x16_gt_s],
  [0x28, Int.i8x16_gt_u], [0x29, Int.i8x16_le_s], [0x2a, Int.i8x16_le_u], [0x2b, Int.i8x16_ge_s], [0x2c, Int.i8x16_ge_u],
  [0x2d, Int.i16x8_eq], [0x2e, Int.i16x8_ne], [0x2f, Int.i16x8_lt_s], [0x30, Int.i16x8_lt_u], [0x31, Int.i16x8_gt_s],
  [0x32, Int.i16x8_gt_u], [0x33, Int.i16x8_le_s], [0x34, Int.i16x8_le_u], [0x35, Int.i16x8_ge_s], [0x36, Int.i16x8_ge_u],
  [0x37, Int.i32x4_eq], [0x38, Int.i32x4_ne], [0x39, Int.i32x4_lt_s], [0x3a, Int.i32x4_lt_u], [0x3b, Int.i32x4_gt_s],
  [0x3c, Int.i32x4_gt_u], [0x3d, Int.i32x4_le_s], [0x3e, Int.i32x4_le_u], [0x3f, Int.i32x4_ge_s], [0x40, Int.i32x4_ge_u],
  [0x41, Flt.f32x4_eq], [0x42, Flt.f32x4_ne], [0x43, Flt.f32x4_lt], [0x44, Flt.f32x4_gt], [0x45, Flt.f32x4_le], [0x46, Flt.f32x4_ge],
  [0x47, Flt.f64x2_eq], [0x48, Flt.f64x2_ne], [0x49, Flt.f64x2_lt], [0x4a, Flt.f64x2_gt], [0x4b, Flt.f64x2_le], [0x4c, Flt.f64x2_ge],
  [0x4d, v128_not], [0x4e, v128_and], [0x4f, v128_andnot], [0x50, v128_or], [0x51, v128_xor], [0x52, v128_bitselect],
  [0x53, v128_any_true],
  [0x5e, Flt.f32x4_demote_f64x2_zero], [0x5f, Flt.f64x2_promote_low_f32x4],
  [0x60, Int.i8x16_abs], [0x61, Int.i8x16_neg], [0x62, Int.i8x16_popcnt], [0x63, Int.i8x16_all_true], [0x64, Int.i8x16_bitmask],
  [0x65, Int.i8x16_narrow_i16x8_s], [0x66, Int.i8x16_narrow_i16x8_u],
  [0x67, Flt.f32x4_ceil], [0x68, Flt.f32x4_floor], [0x69, Flt.f32x4_trunc], [0x6a, Flt.f32x4_nearest],
  [0x6b, Int.i8x16_shl], [0x6c, Int.i8x16_shr_s], [0x6d, Int.i8x16_shr_u], [0x6e, Int.i8x16_add], [0x6f, Int.i8x16_add_sat_s],
  [0x70, Int.i8x16_add_sat_u], [0x71, Int.i8x16_sub], [0x72, Int.i8x16_sub_sat_s], [0x73, Int.i8x16_sub_sat_u],
  [0x74, Flt.f64x2_ceil], [0x75, Flt.f64x2_floor],
  [0x76, Int.i8x16_min_s], [0x77, Int.i8x16_min_u], [0x78, Int.i8x16_max_s], [0x79, Int.i8x16_max_u],
  [0x7a, Flt.f64x2_trunc], [0x7b, Int.i8x16_avgr_u],
  [0x7c, Int.i16x8_extadd_pairwise_i8x16_s], [0x7d, Int.i16x8_extadd_pairwise_i8x16_u],
  [0x7e, Int.i32x4_extadd_pairwise_i16x8_s], [0x7f, Int.i32x4_extadd_pairwise_i16x8_u],
  [0x80, Int.i16x8_abs], [0x81, Int.i16x8_neg], [0x82, Int.i16x8_q15mulr_sat_s], [0x83, Int.i16x8_all_true],
  [0x84, Int.i16x8_bitmask], [0x85, Int.i16x8_narrow_i32x4_s], [0x86, Int.i16x8_narrow_i32x4_u],
  [0x87, Int.i16x8_extend_low_i8x16_s], [0x88, Int.i16x8_extend_high_i8x16_s],
  [0x89, Int.i16x8_extend_low_i8x16_u], [0x8a, Int.i16x8_extend_high_i8x16_u],
  [0x8b, Int.i16x8_shl], [0x8c, Int.i16x8_shr_s], [0x8d, Int.i16x8_shr_u], [0x8e, Int.i16x8_add], [0x8f, Int.i16x8_add_sat_s],
  [0x90, Int.i16x8_add_sat_u], [0x91, Int.i16x8_sub], [0x92, Int.i16x8_sub_sat_s], [0x93, Int.i16x8_sub_sat_u],
  [0x94, Flt.f64x2_nearest], [0x95, Int.i16x8_mul],
  [0x96, Int.i16x8_min_s], [0x97, Int.i16x8_min_u], [0x98, Int.i16x8_max_s], [0x99, Int.i16x8_max_u],
  [0x9b, Int.i16x8_avgr_u],
  [0x9c, Int.i16x8_extmul_low_i8x16_s], [0x9d, Int.i16x8_extmul_high_i8x16_s],
  [0x9e, Int.i16x8_extmul_low_i8x16_u], [0x9f, Int.i16x8_extmul_high_i8x16_u],
  [0xa0, Int.i32x4_abs], [0xa1, Int.i32x4_neg], [0xa3, Int.i32x4_all_true], [0xa4, Int.i32x4_bitmask],
  [0xa7, Int.i32x4_extend_low_i16x8_s], [0xa8, Int.i32x4_extend_high_i16x8_s],
  [0xa9, Int.i32x4_extend_low_i16x8_u], [0xaa, Int.i32x4_extend_high_i16x8_u],
  [0xab, Int.i32x4_shl], [0xac, Int.i32x4_shr_s], [0xad, Int.i32x4_shr_u], [0xae, Int.i32x4_add], [0xb1, Int.i32x4_sub],
  [0xb5, Int.i32x4_mul], [0xb6, Int.i32x4_min_s], [0xb7, Int.i32x4_min_u], [0xb8, Int.i32x4_max_s], [0xb9, Int.i32x4_max_u],
  [0xba, Int.i32x4_dot_i16x8_s],
  [0xbc, Int.i32x4_extmul_low_i16x8_s], [0xbd, Int.i32x4_extmul_high_i16x8_s],
  [0xbe, Int.i32x4_extmul_low_i16x8_u], [0xbf, Int.i32x4_extmul_high_i16x8_u],
  [0xc0, Int.i64x2_abs], [0xc1, Int.i64x2_neg], [0xc3, Int.i64x2_all_true], [0xc4, Int.i64x2_bitmask],
  [0xc7, Int.i64x2_extend_low_i32x4_s], [0xc8, Int.i64x2_extend_high_i32x4_s],
  [0xc9, Int.i64x2_extend_low_i32x4_u], [0xca, Int.i64x2_extend_high_i32x4_u],
  [0xcb, Int.i64x2_shl], [0xcc, Int.i64x2_shr_s], [0xcd, Int.i64x2_shr_u], [0xce, Int.i64x2_add], [0xd1, Int.i64x2_sub],
  [0xd5, Int.i64x2_mul], [0xd6, Int.i64x2_eq], [0xd7, Int.i64x2_ne], [0xd8, Int.i64x2_lt_s], [0xd9, Int.i64x2_gt_s],
  [0xda, Int.i64x2_le_s], [0xdb, Int.i64x2_ge_s],
  [0xdc, Int.i64x2_extmul_low_i32x4_s], [0xdd, Int.i64x2_extmul_high_i32x4_s],
  [0xde, Int.i64x2_extmul_low_i32x4_u], [0xdf, Int.i64x2_extmul_high_i32x4_u],
  [0xe0, Flt.f32x4_abs], [0xe1, Flt.f32x4_neg], [0xe3, Flt.f32x4_sqrt], [0xe4, Flt.f32x4_add], [0xe5, Flt.f32x4_sub],
  [0xe6, Flt.f32x4_mul], [0xe7, Flt.f32x4_div], [0xe8, Flt.f32x4_min], [0xe9, Flt.f32x4_max], [0xea, Flt.f32x4_pmin],
  [0xeb, Flt.f32x4_pmax],
  [0xec, Flt.f64x2_abs], [0xed, Flt.f64x2_neg], [0xef, Flt.f64x2_sqrt], [0xf0, Flt.f64x2_add], [0xf1, Flt.f64x2_sub],
  [0xf2, Flt.f64x2_mul], [0xf3, Flt.f64x2_div], [0xf4, Flt.f64x2_min], [0xf5, Flt.f64x2_max], [0xf6, Flt.f64x2_pmin],
  [0xf7, Flt.f64x2_pmax],
  [0xf8, Flt.i32x4_trunc_sat_f32x4_s], [0xf9, Flt.i32x4_trunc_sat_f32x4_u],
  [0xfa, Flt.f32x4_convert_i32x4_s], [0xfb, Flt.f32x4_convert_i32x4_u],
  [0xfc, Flt.i32x4_trunc_sat_f64x2_s_zero], [0xfd, Flt.i32x4_trunc_sat_f64x2_u_zero],
  [0xfe, Flt.f64x2_convert_low_i32x4_s], [0xff, Flt.f64x2_convert_low_i32x4_u],
  // relaxed SIMD
  [0x100, Rlx.i8x16_relaxed_swizzle],
  [0x101, Rlx.i32x4_relaxed_trunc_f32x4_s], [0x102, Rlx.i32x4_relaxed_trunc_f32x4_u],
  [0x103, Rlx.i32x4_relaxed_trunc_f64x2_s_zero], [0x104, Rlx.i32x4_relaxed_trunc_f64x2_u_zero],
  [0x105, Rlx.f32x4_relaxed_madd], [0x106, Rlx.f32x4_relaxed_nmadd],
  [0x107, Rlx.f64x2_relaxed_madd], [0x108, Rlx.f64x2_relaxed_nmadd],
  [0x109, Rlx.relaxed_laneselect], [0x10a, Rlx.relaxed_laneselect], [0x10b, Rlx.relaxed_laneselect], [0x10c, Rlx.relaxed_laneselect],
  [0x10d, Rlx.f32x4_relaxed_min], [0x10e, Rlx.f32x4_relaxed_max], [0x10f, Rlx.f64x2_relaxed_min], [0x110, Rlx.f64x2_relaxed_max],
  [0x111, Rlx.i16x8_relaxed_q15mulr_s],
  [0x112, Rlx.i16x8_relaxed_dot_i8x16_i7x16_s], [0x113, Rlx.i32x4_relaxed_dot_i8x16_i7x16_add_s],
];
for (let i = 0; i <= 0x113; i++) simdOps.push(undefined);
for (const [op, f] of table) simdOps[op] = f;
