// The wide-arithmetic instructions (0xFC 19..22), the wide-arithmetic pack's execution
// (`purewasm/wide-arithmetic`; the cold path hands WIDE over, vm/pack.ts). An i64 is two int32 words in the
// store's I32 view (low word first), so the 128-bit values are four words: add and sub go word by word with
// the carry (or borrow), the wide multiplies by 16-bit limbs (every partial product and column sum is exact
// in a double), the signed one correcting the unsigned high half. No BigInt.
//
// Internal form (translate/wide-arithmetic.ts):  WIDE sub d d2 a b x y
//   add128/sub128: (b:a) ± (y:x) → (d2:d); mul_wide_s/_u: a × b → (d2:d).
import type { InstanceState } from '../runtime/instance-state.js';

/** Operand words (first: 0..3, second: 4..7, low word first) and result words (8..11). */
const W = new Int32Array(12);
/** 16-bit limbs of the two multiplicands. */
const LA = new Int32Array(4);
const LB = new Int32Array(4);

/** W[8..11] = W[0..3] + sign × W[4..7] (mod 2^128), sign 1 or -1. */
function addSub(sign: number): void {
  let c = 0; // carry (1), borrow (-1) or 0
  for (let k = 0; k < 4; k++) {
    const t = (W[k] >>> 0) + sign * (W[k + 4] >>> 0) + c;
    W[k + 8] = t | 0;
    c = (t - (t >>> 0)) / 4294967296;
  }
}

/** W[8..11] = W[0..1] × W[4..5], unsigned 64 × 64 → 128 bits. */
function mulU(): void {
  for (let k = 0; k < 2; k++) {
    LA[2 * k] = W[k] & 0xffff;
    LA[2 * k + 1] = W[k] >>> 16;
    LB[2 * k] = W[k + 4] & 0xffff;
    LB[2 * k + 1] = W[k + 4] >>> 16;
  }
  let carry = 0;
  let lowLimb = 0;
  for (let col = 0; col < 8; col++) {
    let s = carry;
    for (let i = col < 4 ? 0 : col - 3; i <= col && i < 4; i++) s += LA[i] * LB[col - i];
    const limb = s % 65536;
    carry = (s - limb) / 65536;
    if (col & 1) W[8 + (col >> 1)] = lowLimb | (limb << 16);
    else lowLimb = limb;
  }
}

export function execWide(code: Int32Array, pc: number, fp: number, inst: InstanceState): number {
  const I = inst.store.I32;
  const sub = code[pc + 1];
  for (let k = 0; k < 4; k++) {
    const u = fp + code[pc + 4 + k];
    W[2 * k] = I[u];
    W[2 * k + 1] = I[u + 1];
  }
  if (sub <= 0x14) addSub(sub === 0x13 ? 1 : -1);
  else {
    // the second multiplicand, b, at W[4..5] (x and y are unused)
    W[4] = W[2];
    W[5] = W[3];
    mulU();
    if (sub === 0x15) {
      // signed: high half − (a < 0 ? b : 0) − (b < 0 ? a : 0), mod 2^64
      const an = W[1] < 0;
      const bn = W[5] < 0;
      if (an) subHigh(W[4], W[5]);
      if (bn) subHigh(W[0], W[1]);
    }
  }
  const d = fp + code[pc + 2];
  const d2 = fp + code[pc + 3];
  I[d] = W[8];
  I[d + 1] = W[9];
  I[d2] = W[10];
  I[d2 + 1] = W[11];
  return pc + 8;
}

/** W[10..11] −= (hi:lo), mod 2^64. */
function subHigh(lo: number, hi: number): void {
  const t = (W[10] >>> 0) - (lo >>> 0);
  W[10] = t | 0;
  W[11] = (W[11] - hi - (t < 0 ? 1 : 0)) | 0;
}
