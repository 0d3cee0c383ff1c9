// Floating-point SIMD lane operations (f32x4, f64x2) and the lane conversions between integer and float
// shapes, entered into the dispatch table by sub-opcode. Each reads A (and B) and writes R.
//
// NaN rules: arithmetic results that are NaN are whatever NaN the engine produced (an arithmetic NaN; the
// canonical one on engines that canonicalize), which the spec allows. abs/neg and pmin/pmax move BITS
// (pmin/pmax return one operand unchanged, payload included), so they go through the integer views.
//
// Both shapes share one definition per operation (`t`: 0 f32x4, 1 f64x2): f64x2's opcodes follow f32x4's
// at a fixed distance, and bit operations index the 32-bit words, word i being in lane i >> t.

import { A, AU32, AF32, AF64, B, BF32, BF64, R, RF32, RF64 } from './simd-regs.js';
import { ceil, floor, trunc, nearest, min, max } from './float.js';
import { i32_trunc_sat_s, i32_trunc_sat_u } from './convert.js';
import { CMP, lanes } from './simd-lanes.js';
import type { SimdOp } from './simd.js';

const ARITH: Array<(x: number, y: number) => number> = [
  (x, y) => x + y, (x, y) => x - y, (x, y) => x * y, (x, y) => x / y, min, max,
];

/** Enters the float lane operations and the int ↔ float lane conversions into `ops`. */
export function floatOps(ops: Array<SimdOp | undefined>): void {
  for (let t = 0; t < 2; t++) {
    const fa = t ? AF64 : AF32, fb = t ? BF64 : BF32, fr = t ? RF64 : RF32;
    const base = 0xe0 + 12 * t;
    // eq ne lt gt le ge: every bit of the lane set when true
    for (let k = 0; k < 6; k++) ops[0x41 + 6 * t + k] = lanes(R, A, B, (_, __, i) => (CMP[k](fa[i >> t], fb[i >> t]) ? -1 : 0));
    // abs, neg: the sign bit only (the high word of an f64 lane)
    ops[base] = lanes(R, A, A, (x, _, i) => (t && !(i & 1) ? x : x & 0x7fffffff));
    ops[base + 1] = lanes(R, A, A, (x, _, i) => (t && !(i & 1) ? x : x ^ 0x80000000));
    ops[base + 3] = lanes(fr, fa, fa, Math.sqrt);
    for (let k = 0; k < 6; k++) ops[base + 4 + k] = lanes(fr, fa, fb, ARITH[k]); // add sub mul div min max
    // pmin: b < a ? b : a; pmax: a < b ? b : a (the bits of the chosen operand)
    ops[base + 10] = lanes(R, A, B, (x, y, i) => (fb[i >> t] < fa[i >> t] ? y : x));
    ops[base + 11] = lanes(R, A, B, (x, y, i) => (fa[i >> t] < fb[i >> t] ? y : x));
  }
  [ceil, floor, trunc, nearest].forEach((f, k) => {
    ops[0x67 + k] = lanes(RF32, AF32, AF32, f);
    ops[[0x74, 0x75, 0x7a, 0x94][k]] = lanes(RF64, AF64, AF64, f);
  });
  ops[0x5e] = lanes(RF32, AF64, AF64, (x, _, i) => (i < 2 ? x : 0)); // f32x4.demote_f64x2_zero
  ops[0x5f] = lanes(RF64, AF32, AF32, (x) => x); // f64x2.promote_low_f32x4
  ops[0xf8] = lanes(R, AF32, AF32, i32_trunc_sat_s); // i32x4.trunc_sat_f32x4_s
  ops[0xf9] = lanes(R, AF32, AF32, i32_trunc_sat_u);
  // Float32Array stores round the exact double once: correct round-to-nearest-even.
  ops[0xfa] = lanes(RF32, A, A, (x) => x); // f32x4.convert_i32x4_s
  ops[0xfb] = lanes(RF32, AU32, AU32, (x) => x);
  ops[0xfc] = lanes(R, AF64, AF64, (x, _, i) => (i < 2 ? i32_trunc_sat_s(x) : 0)); // i32x4.trunc_sat_f64x2_s_zero
  ops[0xfd] = lanes(R, AF64, AF64, (x, _, i) => (i < 2 ? i32_trunc_sat_u(x) : 0));
  ops[0xfe] = lanes(RF64, A, A, (x) => x); // f64x2.convert_low_i32x4_s
  ops[0xff] = lanes(RF64, AU32, AU32, (x) => x);
}
