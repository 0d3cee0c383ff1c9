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
for (let i = 0; i <= 0x113; i++) simdOps.push(undefined);
/** Sets simdOps[op], simdOps[op + 1] … to `fs`. */
function at(op: number, ...fs: SimdOp[]): void {
  for (const f of fs) simdOps[op++] = f;
}
at(0x0d, i8x16_shuffle, Int.i8x16_swizzle);
at(0x0f, i8x16_splat, i16x8_splat, i32x4_splat, i64x2_splat, f32x4_splat, f64x2_splat);
at(0x15, i8x16_extract_lane_s, i8x16_extract_lane_u, i8x16_replace_lane);
at(0x18, i16x8_extract_lane_s, i16x8_extract_lane_u, i16x8_replace_lane);
at(0x1b, i32x4_extract_lane, i32x4_replace_lane, i64x2_extract_lane, i64x2_replace_lane);
at(0x1f, f32x4_extract_lane, f32x4_replace_lane, f64x2_extract_lane, f64x2_replace_lane);
at(0x23, Int.i8x16_eq, Int.i8x16_ne, Int.i8x16_lt_s, Int.i8x16_lt_u, Int.i8x16_gt_s);
at(0x28, Int.i8x16_gt_u, Int.i8x16_le_s, Int.i8x16_le_u, Int.i8x16_ge_s, Int.i8x16_ge_u);
at(0x2d, Int.i16x8_eq, Int.i16x8_ne, Int.i16x8_lt_s, Int.i16x8_lt_u, Int.i16x8_gt_s);
at(0x32, Int.i16x8_gt_u, Int.i16x8_le_s, Int.i16x8_le_u, Int.i16x8_ge_s, Int.i16x8_ge_u);
at(0x37, Int.i32x4_eq, Int.i32x4_ne, Int.i32x4_lt_s, Int.i32x4_lt_u, Int.i32x4_gt_s);
at(0x3c, Int.i32x4_gt_u, Int.i32x4_le_s, Int.i32x4_le_u, Int.i32x4_ge_s, Int.i32x4_ge_u);
at(0x41, Flt.f32x4_eq, Flt.f32x4_ne, Flt.f32x4_lt, Flt.f32x4_gt, Flt.f32x4_le, Flt.f32x4_ge);
at(0x47, Flt.f64x2_eq, Flt.f64x2_ne, Flt.f64x2_lt, Flt.f64x2_gt, Flt.f64x2_le, Flt.f64x2_ge);
at(0x4d, v128_not, v128_and, v128_andnot, v128_or, v128_xor, v128_bitselect);
at(0x53, v128_any_true);
at(0x5e, Flt.f32x4_demote_f64x2_zero, Flt.f64x2_promote_low_f32x4);
at(0x60, Int.i8x16_abs, Int.i8x16_neg, Int.i8x16_popcnt, Int.i8x16_all_true, Int.i8x16_bitmask);
at(0x65, Int.i8x16_narrow_i16x8_s, Int.i8x16_narrow_i16x8_u);
at(0x67, Flt.f32x4_ceil, Flt.f32x4_floor, Flt.f32x4_trunc, Flt.f32x4_nearest);
at(0x6b, Int.i8x16_shl, Int.i8x16_shr_s, Int.i8x16_shr_u, Int.i8x16_add, Int.i8x16_add_sat_s);
at(0x70, Int.i8x16_add_sat_u, Int.i8x16_sub, Int.i8x16_sub_sat_s, Int.i8x16_sub_sat_u);
at(0x74, Flt.f64x2_ceil, Flt.f64x2_floor);
at(0x76, Int.i8x16_min_s, Int.i8x16_min_u, Int.i8x16_max_s, Int.i8x16_max_u);
at(0x7a, Flt.f64x2_trunc, Int.i8x16_avgr_u);
at(0x7c, Int.i16x8_extadd_pairwise_i8x16_s, Int.i16x8_extadd_pairwise_i8x16_u);
at(0x7e, Int.i32x4_extadd_pairwise_i16x8_s, Int.i32x4_extadd_pairwise_i16x8_u);
at(0x80, Int.i16x8_abs, Int.i16x8_neg, Int.i16x8_q15mulr_sat_s, Int.i16x8_all_true);
at(0x84, Int.i16x8_bitmask, Int.i16x8_narrow_i32x4_s, Int.i16x8_narrow_i32x4_u);
at(0x87, Int.i16x8_extend_low_i8x16_s, Int.i16x8_extend_high_i8x16_s);
at(0x89, Int.i16x8_extend_low_i8x16_u, Int.i16x8_extend_high_i8x16_u);
at(0x8b, Int.i16x8_shl, Int.i16x8_shr_s, Int.i16x8_shr_u, Int.i16x8_add, Int.i16x8_add_sat_s);
at(0x90, Int.i16x8_add_sat_u, Int.i16x8_sub, Int.i16x8_sub_sat_s, Int.i16x8_sub_sat_u);
at(0x94, Flt.f64x2_nearest, Int.i16x8_mul);
at(0x96, Int.i16x8_min_s, Int.i16x8_min_u, Int.i16x8_max_s, Int.i16x8_max_u);
at(0x9b, Int.i16x8_avgr_u);
at(0x9c, Int.i16x8_extmul_low_i8x16_s, Int.i16x8_extmul_high_i8x16_s);
at(0x9e, Int.i16x8_extmul_low_i8x16_u, Int.i16x8_extmul_high_i8x16_u);
at(0xa0, Int.i32x4_abs, Int.i32x4_neg);
at(0xa3, Int.i32x4_all_true, Int.i32x4_bitmask);
at(0xa7, Int.i32x4_extend_low_i16x8_s, Int.i32x4_extend_high_i16x8_s);
at(0xa9, Int.i32x4_extend_low_i16x8_u, Int.i32x4_extend_high_i16x8_u);
at(0xab, Int.i32x4_shl, Int.i32x4_shr_s, Int.i32x4_shr_u, Int.i32x4_add);
at(0xb1, Int.i32x4_sub);
at(0xb5, Int.i32x4_mul, Int.i32x4_min_s, Int.i32x4_min_u, Int.i32x4_max_s, Int.i32x4_max_u);
at(0xba, Int.i32x4_dot_i16x8_s);
at(0xbc, Int.i32x4_extmul_low_i16x8_s, Int.i32x4_extmul_high_i16x8_s);
at(0xbe, Int.i32x4_extmul_low_i16x8_u, Int.i32x4_extmul_high_i16x8_u);
at(0xc0, Int.i64x2_abs, Int.i64x2_neg);
at(0xc3, Int.i64x2_all_true, Int.i64x2_bitmask);
at(0xc7, Int.i64x2_extend_low_i32x4_s, Int.i64x2_extend_high_i32x4_s);
at(0xc9, Int.i64x2_extend_low_i32x4_u, Int.i64x2_extend_high_i32x4_u);
at(0xcb, Int.i64x2_shl, Int.i64x2_shr_s, Int.i64x2_shr_u, Int.i64x2_add);
at(0xd1, Int.i64x2_sub);
at(0xd5, Int.i64x2_mul, Int.i64x2_eq, Int.i64x2_ne, Int.i64x2_lt_s, Int.i64x2_gt_s);
at(0xda, Int.i64x2_le_s, Int.i64x2_ge_s);
at(0xdc, Int.i64x2_extmul_low_i32x4_s, Int.i64x2_extmul_high_i32x4_s);
at(0xde, Int.i64x2_extmul_low_i32x4_u, Int.i64x2_extmul_high_i32x4_u);
at(0xe0, Flt.f32x4_abs, Flt.f32x4_neg);
at(0xe3, Flt.f32x4_sqrt, Flt.f32x4_add, Flt.f32x4_sub);
at(0xe6, Flt.f32x4_mul, Flt.f32x4_div, Flt.f32x4_min, Flt.f32x4_max, Flt.f32x4_pmin);
at(0xeb, Flt.f32x4_pmax);
at(0xec, Flt.f64x2_abs, Flt.f64x2_neg);
at(0xef, Flt.f64x2_sqrt, Flt.f64x2_add, Flt.f64x2_sub);
at(0xf2, Flt.f64x2_mul, Flt.f64x2_div, Flt.f64x2_min, Flt.f64x2_max, Flt.f64x2_pmin);
at(0xf7, Flt.f64x2_pmax);
at(0xf8, Flt.i32x4_trunc_sat_f32x4_s, Flt.i32x4_trunc_sat_f32x4_u);
at(0xfa, Flt.f32x4_convert_i32x4_s, Flt.f32x4_convert_i32x4_u);
at(0xfc, Flt.i32x4_trunc_sat_f64x2_s_zero, Flt.i32x4_trunc_sat_f64x2_u_zero);
at(0xfe, Flt.f64x2_convert_low_i32x4_s, Flt.f64x2_convert_low_i32x4_u);
// relaxed SIMD
at(0x100, Rlx.i8x16_relaxed_swizzle);
at(0x101, Rlx.i32x4_relaxed_trunc_f32x4_s, Rlx.i32x4_relaxed_trunc_f32x4_u);
at(0x103, Rlx.i32x4_relaxed_trunc_f64x2_s_zero, Rlx.i32x4_relaxed_trunc_f64x2_u_zero);
at(0x105, Rlx.f32x4_relaxed_madd, Rlx.f32x4_relaxed_nmadd);
at(0x107, Rlx.f64x2_relaxed_madd, Rlx.f64x2_relaxed_nmadd);
at(0x109, Rlx.relaxed_laneselect, Rlx.relaxed_laneselect, Rlx.relaxed_laneselect, Rlx.relaxed_laneselect);
at(0x10d, Rlx.f32x4_relaxed_min, Rlx.f32x4_relaxed_max, Rlx.f64x2_relaxed_min, Rlx.f64x2_relaxed_max);
at(0x111, Rlx.i16x8_relaxed_q15mulr_s);
at(0x112, Rlx.i16x8_relaxed_dot_i8x16_i7x16_s, Rlx.i32x4_relaxed_dot_i8x16_i7x16_add_s);
