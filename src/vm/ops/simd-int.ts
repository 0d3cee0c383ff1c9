// Integer SIMD lane operations (i8x16, i16x8, i32x4, i64x2), entered into the dispatch table by sub-opcode.
// Each reads A (and B) and writes R; shift counts and scalar results go through S (see ./simd.ts for the
// full convention).
//
// The three narrow shapes share one definition per operation (`s`: 0 i8x16, 1 i16x8, 2 i32x4): their
// opcodes sit at the same offsets from 0x60 + 0x20·s, and results are stored through the signed view of R,
// whose store wraps any exact integer (saturated, unsigned, a product) to the lane's bits. i64x2 lanes are
// (lo, hi) word pairs computed with ./i64.ts.

import { A, A8, AU8, A16, AU16, AU32, B, B8, BU8, B16, BU16, BU32, R, R8, R16, S } from './simd-regs.js';
import * as I64 from './i64.js';
import { CMP, clamp, lanes, type View } from './simd-lanes.js';
import type { SimdOp } from './simd.js';

const o64 = I64.out;
const SA: View[] = [A8, A16, A];
const UA: View[] = [AU8, AU16, AU32];
const SB: View[] = [B8, B16, B];
const UB: View[] = [BU8, BU16, BU32];
const SR: View[] = [R8, R16, R];

/** i8x16.swizzle (also relaxed_swizzle): R[i] = B[i] < 16 ? A[B[i]] : 0. */
export const i8x16_swizzle = lanes(R8, AU8, BU8, (_, k) => (k < 16 ? AU8[k] : 0));

/** Enters the integer lane operations into `ops` (indexed by sub-opcode). */
export function intOps(ops: Array<SimdOp | undefined>): void {
  ops[0x0e] = i8x16_swizzle;
  for (let s = 0; s < 3; s++) {
    const bits = 8 << s;
    const n = 16 >> s;
    const smin = -(2 ** (bits - 1));
    const smax = 2 ** (bits - 1) - 1;
    const umax = 2 ** bits - 1;
    const r = SR[s], a = SA[s], b = SB[s], ua = UA[s], ub = UB[s];
    const at = (off: number, f: SimdOp): void => { ops[0x60 + 0x20 * s + off] = f; };
    // eq ne lt_s lt_u gt_s gt_u le_s le_u ge_s ge_u
    for (let k = 0; k < 10; k++) {
      const u = k > 1 && (k & 1) === 1;
      const c = CMP[k < 2 ? k : (k >> 1) + 1];
      ops[0x23 + 10 * s + k] = lanes(r, u ? ua : a, u ? ub : b, (x, y) => (c(x, y) ? -1 : 0));
    }
    at(0, lanes(r, a, a, (x) => (x < 0 ? -x : x))); // abs
    at(1, lanes(r, a, a, (x) => -x)); // neg
    at(3, () => { // all_true
      let t = 1;
      for (let i = 0; i < n; i++) if (a[i] === 0) t = 0;
      S[0] = t;
    });
    at(4, () => { // bitmask
      let m = 0;
      for (let i = 0; i < n; i++) m |= (a[i] < 0 ? 1 : 0) << i;
      S[0] = m;
    });
    // shl shr_s shr_u: the count is taken modulo the lane width
    at(0xb, lanes(r, a, a, (x) => x << (S[0] & (bits - 1))));
    at(0xc, lanes(r, a, a, (x) => x >> (S[0] & (bits - 1))));
    at(0xd, lanes(r, ua, ua, (x) => x >>> (S[0] & (bits - 1))));
    at(0xe, lanes(r, a, b, (x, y) => x + y));
    at(0x11, lanes(r, a, b, (x, y) => x - y));
    // min_s min_u max_s max_u
    for (let k = 0; k < 4; k++) {
      const u = (k & 1) === 1;
      at(0x16 + k, lanes(r, u ? ua : a, u ? ub : b, k < 2 ? (x, y) => (x < y ? x : y) : (x, y) => (x > y ? x : y)));
    }
    if (s < 2) {
      at(0xf, lanes(r, a, b, (x, y) => clamp(x + y, smin, smax))); // add_sat_s
      at(0x10, lanes(r, ua, ub, (x, y) => clamp(x + y, 0, umax))); // add_sat_u
      at(0x12, lanes(r, a, b, (x, y) => clamp(x - y, smin, smax))); // sub_sat_s
      at(0x13, lanes(r, ua, ub, (x, y) => clamp(x - y, 0, umax))); // sub_sat_u
      at(0x1b, lanes(r, ua, ub, (x, y) => (x + y + 1) >>> 1)); // avgr_u
      // narrow_s, narrow_u: the wider signed lanes of A then of B, saturated
      const wa = SA[s + 1], wb = SB[s + 1], h = n >> 1;
      at(5, lanes(r, a, a, (_, __, i) => clamp(i < h ? wa[i] : wb[i - h], smin, smax)));
      at(6, lanes(r, a, a, (_, __, i) => clamp(i < h ? wa[i] : wb[i - h], 0, umax)));
    }
    if (s > 0) {
      // from the lanes of half the width: extend_{low,high}_{s,u}, extmul_{low,high}_{s,u}, extadd_pairwise_{s,u}
      at(0x15, lanes(r, a, b, Math.imul)); // mul
      for (let k = 0; k < 4; k++) {
        const u = k >= 2;
        const na = u ? UA[s - 1] : SA[s - 1], nb = u ? UB[s - 1] : SB[s - 1];
        const o = (k & 1) * n;
        at(7 + k, lanes(r, na, na, (_, __, i) => na[i + o]));
        at(0x1c + k, lanes(r, na, nb, (_, __, i) => na[i + o] * nb[i + o]));
      }
      for (let k = 0; k < 2; k++) {
        const na = k ? UA[s - 1] : SA[s - 1];
        ops[0x7c + 2 * (s - 1) + k] = lanes(r, na, na, (_, __, i) => na[2 * i] + na[2 * i + 1]);
      }
    }
  }
  ops[0x62] = lanes(R8, AU8, AU8, (v) => { // i8x16.popcnt
    v = v - ((v >>> 1) & 0x55);
    v = (v & 0x33) + ((v >>> 2) & 0x33);
    return (v + (v >>> 4)) & 0x0f;
  });
  ops[0x82] = lanes(R16, A16, B16, (x, y) => Math.min((x * y + 0x4000) >> 15, 32767)); // i16x8.q15mulr_sat_s
  ops[0xba] = lanes(R, A16, B16, (_, __, i) => A16[2 * i] * B16[2 * i] + A16[2 * i + 1] * B16[2 * i + 1]); // i32x4.dot_i16x8_s
  i64Ops(ops);
}

/** An i64x2 operation: `f(j)` leaves lane j/2's result (lo, hi) in I64.out, for j = 0 and 2. */
function pair(f: (j: number) => void): SimdOp {
  return () => {
    for (let j = 0; j < 4; j += 2) {
      f(j);
      R[j] = o64[0];
      R[j + 1] = o64[1];
    }
  };
}

function i64Ops(ops: Array<SimdOp | undefined>): void {
  const at = (off: number, f: SimdOp): void => { ops[0xc0 + off] = f; };
  at(0, pair((j) => (A[j + 1] < 0 ? I64.sub(0, 0, A[j], A[j + 1]) : I64.add(A[j], A[j + 1], 0, 0)))); // abs
  at(1, pair((j) => I64.sub(0, 0, A[j], A[j + 1]))); // neg
  at(3, () => { S[0] = (A[0] | A[1]) !== 0 && (A[2] | A[3]) !== 0 ? 1 : 0; }); // all_true
  at(4, () => { S[0] = (A[1] >>> 31) | ((A[3] >>> 31) << 1); }); // bitmask
  [I64.shl, I64.shr_s, I64.shr_u].forEach((f, k) => at(0xb + k, pair((j) => f(A[j], A[j + 1], S[0]))));
  [I64.add, I64.sub, I64.mul].forEach((f, k) => at([0xe, 0x11, 0x15][k], pair((j) => f(A[j], A[j + 1], B[j], B[j + 1]))));
  // eq ne lt_s gt_s le_s ge_s: the sign of (A - B), from the high words, then the low words unsigned
  for (let k = 0; k < 6; k++) {
    at(0x16 + k, lanes(R, A, B, (_, __, i) => {
      const j = i & 2;
      return CMP[k](A[j + 1] - B[j + 1] || AU32[j] - BU32[j], 0) ? -1 : 0;
    }));
  }
  // extend_{low,high}_i32x4_{s,u}, extmul_{low,high}_i32x4_{s,u}
  for (let k = 0; k < 4; k++) {
    const u = k >= 2;
    const o = (k & 1) * 2;
    at(7 + k, pair((j) => (u ? I64.extend_i32_u : I64.extend_i32_s)(A[(j >> 1) + o])));
    at(0x1c + k, pair((j) => {
      const x = A[(j >> 1) + o], y = B[(j >> 1) + o];
      I64.mul(x, u ? 0 : x >> 31, y, u ? 0 : y >> 31);
    }));
  }
}
