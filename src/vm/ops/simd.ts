// SIMD (0xFD prefix) operations: the WebAssembly 2.0 SIMD proposal plus relaxed SIMD.
//
// Calling convention (all state in module-level scratch registers from ./simd-regs.ts, re-exported here):
//   A, B, C   v128 operands (Int32Array(4) + views A8/AU8/A16/AU16/AU32/AF32/AF64 etc.), little-endian
//             lanes. Unary ops read A; binary ops read A (first/left operand) and B (second); ternary ops
//             (bitselect, relaxed madd/nmadd, relaxed laneselect, relaxed dot_add) read A, B, C in operand
//             order (C is the last operand: the mask, the addend).
//   R         v128 result. R is a separate buffer: the caller copies A/B/C in and R out.
//   S         scalar register Int32Array(2). Scalars travel as BITS:
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
//                        for the access width; loads write R (load_lane: R = A with one lane replaced) and
//                        may overwrite A (the other loads read through it); stores read A; `lane` is the
//                        lane immediate of *_lane ops.
//   Unused opcodes are `undefined`.
//
// Float NaN rules: see ./simd-float.ts. Relaxed choices: see ./simd-relaxed.ts.

import { A, A8, AU8, A16, AU16, B, BU8, C, R, R8, RU8, R16, S, SH } from './simd-regs.js';
import { intOps } from './simd-int.js';
import { floatOps } from './simd-float.js';
import { relaxedOps } from './simd-relaxed.js';
import { lanes, type View } from './simd-lanes.js';

export * from './simd-regs.js';

export type SimdOp = (lane: number) => void;
export type SimdMemOp = (mem: Uint8Array, addr: number, lane: number) => void;

/** Non-memory SIMD ops by 0xFD sub-opcode. */
export const simdOps: Array<SimdOp | undefined> = new Array(0x114).fill(undefined);
/** Memory SIMD ops by sub-opcode, and the width in bytes of each one's access (for the caller's bounds check). */
export const simdMemOps: Array<SimdMemOp | undefined> = [];
export const simdMemWidth: Array<number | undefined> = [];

/** v128.const: R = (w0, w1, w2, w3) (the 16 immediate bytes read as four little-endian int32 words). */
export function v128_const(w0: number, w1: number, w2: number, w3: number): void {
  R[0] = w0; R[1] = w1; R[2] = w2; R[3] = w3;
}

/** i8x16.shuffle with indices in SH: R[i] = SH[i] < 16 ? A[SH[i]] : B[SH[i] - 16]. */
const i8x16_shuffle = lanes(R8, SH, SH, (k) => (k < 16 ? AU8[k] : BU8[k & 15]));
/** i8x16.shuffle with the 16 index bytes packed little-endian in four int32 words (the immediate as read). */
export function shuffle4(w0: number, w1: number, w2: number, w3: number): void {
  for (let i = 0; i < 4; i++) {
    const w = i === 0 ? w0 : i === 1 ? w1 : i === 2 ? w2 : w3;
    SH[4 * i] = w; SH[4 * i + 1] = w >>> 8; SH[4 * i + 2] = w >>> 16; SH[4 * i + 3] = w >>> 24;
  }
  i8x16_shuffle(0);
}
simdOps[0x0d] = i8x16_shuffle;

// v128 bitwise: not and andnot or xor bitselect (bitselect(A, B, C): A where C is 1, B where C is 0), any_true
[
  (x: number) => ~x, (x: number, y: number) => x & y, (x: number, y: number) => x & ~y,
  (x: number, y: number) => x | y, (x: number, y: number) => x ^ y,
  (x: number, y: number, i: number) => (x & C[i]) | (y & ~C[i]),
].forEach((f, k) => { simdOps[0x4d + k] = lanes(R, A, B, f); });
simdOps[0x53] = () => { S[0] = (A[0] | A[1] | A[2] | A[3]) !== 0 ? 1 : 0; };

// splat (scalars in S as bits), extract_lane (into S), replace_lane (A with one lane from S); the float
// shapes move bits, so they are the integer ops of their width. `l` is the lane immediate.
const copyA = lanes(R, A, A, (x) => x);
const RS: View[] = [R8, R16, R];
for (let s = 0; s < 3; s++) {
  const r = RS[s], m = (16 >> s) - 1;
  simdOps[0x0f + s] = lanes(r, S, S, () => S[0]);
  simdOps[s === 2 ? 0x1b : 0x15 + 3 * s] = (l) => { S[0] = (s === 0 ? A8 : s === 1 ? A16 : A)[l & m]; };
  if (s < 2) simdOps[0x16 + 3 * s] = (l) => { S[0] = (s === 0 ? AU8 : AU16)[l & m]; };
  simdOps[s === 2 ? 0x1c : 0x17 + 3 * s] = (l) => { copyA(0); r[l & m] = S[0]; };
}
simdOps[0x12] = lanes(R, S, S, (_, __, i) => S[i & 1]);
simdOps[0x1d] = (l) => { const j = (l & 1) << 1; S[0] = A[j]; S[1] = A[j + 1]; };
simdOps[0x1e] = (l) => { copyA(0); const j = (l & 1) << 1; R[j] = S[0]; R[j + 1] = S[1]; };
// f32x4 and f64x2 splat, extract_lane, replace_lane: the i32x4 and i64x2 ones
for (const [to, from] of [[0x13, 0x11], [0x14, 0x12], [0x1f, 0x1b], [0x20, 0x1c], [0x21, 0x1d], [0x22, 0x1e]]) {
  simdOps[to] = simdOps[from];
}

intOps(simdOps);
floatOps(simdOps);
relaxedOps(simdOps);

// ---------------------------------------------------------------------------------------------------------
// Memory. `mem` is the memory's byte view; `addr` is already bounds-checked by the caller. Loads that extend
// or splat go through A: the `w` bytes read (the rest zero), then `then` turns A into R.

function memOp(op: number, w: number, f: SimdMemOp): void {
  simdMemOps[op] = f;
  simdMemWidth[op] = w;
}
function load(w: number, then?: SimdOp): SimdMemOp {
  if (then === undefined) {
    // v128.load, load32_zero, load64_zero: straight into R
    return (mem, addr) => {
      for (let k = 0; k < 4; k++) {
        const p = addr + 4 * k;
        R[k] = 4 * k < w ? mem[p] | (mem[p + 1] << 8) | (mem[p + 2] << 16) | (mem[p + 3] << 24) : 0;
      }
    };
  }
  return (mem, addr) => {
    A.fill(0);
    for (let k = 0; k < w; k++) AU8[k] = mem[addr + k];
    then(0);
  };
}
memOp(0x00, 16, load(16)); // v128.load
// load8x8_s/u, load16x4_s/u, load32x2_s/u: 8 bytes, then the extend_low of the next wider shape
for (let k = 0; k < 6; k++) memOp(0x01 + k, 8, load(8, simdOps[0x87 + (k >> 1) * 0x20 + (k & 1) * 2]));
for (let k = 0; k < 4; k++) {
  const w = 1 << k;
  // load8/16/32/64_splat: the first w bytes repeated
  memOp(0x07 + k, w, load(w, () => {
    for (let i = w; i < 16; i++) AU8[i] = AU8[i - w];
    copyA(0);
  }));
  // load8/16/32/64_lane, store8/16/32/64_lane: byte p of the vector is lane l's first
  memOp(0x54 + k, w, (mem, addr, l) => {
    copyA(0);
    const p = (l & (15 >> k)) * w;
    for (let i = 0; i < w; i++) RU8[p + i] = mem[addr + i];
  });
  memOp(0x58 + k, w, (mem, addr, l) => {
    const p = (l & (15 >> k)) * w;
    for (let i = 0; i < w; i++) mem[addr + i] = AU8[p + i];
  });
}
memOp(0x0b, 16, (mem, addr) => { // v128.store
  for (let k = 0; k < 4; k++) {
    const v = A[k], p = addr + 4 * k;
    mem[p] = v; mem[p + 1] = v >>> 8; mem[p + 2] = v >>> 16; mem[p + 3] = v >>> 24;
  }
});
memOp(0x5c, 4, load(4)); // v128.load32_zero
memOp(0x5d, 8, load(8)); // v128.load64_zero
