// The one lane loop every SIMD lane operation is built from (see ./simd.ts for the register convention).
// SIMD is cold in the interpreter (one generic instruction per op, operands copied through registers), so a
// closure call per lane costs little, and it replaces ~200 hand-written loops that differed only in the
// lane shape and the expression.

import type { SimdOp } from './simd.js';

/** A lane view of a register (any element type; f32/f64 views hold values, the others bits). */
export type View =
  | Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array | Float32Array | Float64Array;

/** `r[i] = f(a[i], b[i], i)` for every lane of `r` (`a`, `b` may have other shapes: `f` then reads by `i`). */
export function lanes(r: View, a: View, b: View, f: (x: number, y: number, i: number) => number): SimdOp {
  return () => {
    for (let i = 0; i < r.length; i++) r[i] = f(a[i], b[i], i);
  };
}

/** The comparisons in opcode order after eq/ne: lt, gt, le, ge. Index with `cmpOf`. */
export const CMP: Array<(x: number, y: number) => boolean> = [
  (x, y) => x === y, (x, y) => x !== y, (x, y) => x < y, (x, y) => x > y, (x, y) => x <= y, (x, y) => x >= y,
];

/** `v` clamped to [lo, hi]. */
export function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}
