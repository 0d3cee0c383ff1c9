// 128-bit integer arithmetic on int32 words, for the wide-arithmetic instructions (i64.add128, i64.sub128,
// i64.mul_wide_s, i64.mul_wide_u): the wide-arithmetic pack's execution (exec/wide-arithmetic.ts) and the JS
// tier's run time (rt.wide) share it. Add and sub go word by word with the carry (or borrow); the wide
// multiplies by 16-bit limbs, every partial product and column sum exact in a double; the signed one corrects
// the unsigned high half. No BigInt, no allocation: module-level scratch only.

/** Operand words (first: 0..3, second: 4..7, low word first) and result words (8..11). */
export const W = new Int32Array(12);
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

/**
 * Runs wide-arithmetic instruction `sub` (the 0xFC sub-opcode) on the operand words in W[0..7] (add128/sub128:
 * the first 128-bit value in W[0..3], the second in W[4..7]; mul_wide_s/_u: the operands in W[0..1] and
 * W[2..3]), leaving the result's four words in W[8..11], low word first. The JS tier's run time shares it.
 */
export function wide(sub: number): void {
  if (sub <= 0x14) return addSub(sub === 0x13 ? 1 : -1);
  // the second multiplicand, b, to W[4..5] (W[4..7] is unused for a multiply)
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

/** W[10..11] −= (hi:lo), mod 2^64. */
function subHigh(lo: number, hi: number): void {
  const t = (W[10] >>> 0) - (lo >>> 0);
  W[10] = t | 0;
  W[11] = (W[11] - hi - (t < 0 ? 1 : 0)) | 0;
}
