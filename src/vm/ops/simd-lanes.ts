// The one lane loop every SIMD lane operation is built from (see ./simd.ts for the register convention).
// SIMD is cold in the interpreter (one generic instruction per op, operands copied through registers), so a
// closure call per lane costs little, and it replaces ~200 hand-written loops that differed only in the
// lane shape and the expression.

import type { SimdOp } from './simd.js';
import { A, A8, AU8, A16, AF32, AF64, B, B8, BU8, B16, BF32, BF64, R, R8, R16, RF32, RF64 } from './simd-regs.js';

/** A lane view of a register (any element type; f32/f64 views hold values, the others bits). */
export type View =
  | Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array | Float32Array | Float64Array;

/**
 * `r[i] = f(a[i], b[i], i)` for every lane of `r` (`a`, `b` may have other shapes: `f` then reads by `i`).
 *
 * The general loop reads and writes views of every element type, and V8 shares the loop's type feedback
 * among all the closures made here, so its element accesses go megamorphic (i32x4.add 1.5x slower than a
 * loop of its own). The usual shapes — R from A and B (B also read for unary ops: `f` ignores it) as i8, u8,
 * i16, i32, f32 or f64 lanes — get a loop each, whose accesses stay monomorphic.
 */
export function lanes(r: View, a: View, b: View, f: (x: number, y: number, i: number) => number): SimdOp {
  if (r === R && a === A && (b === B || b === a)) {
    return () => { for (let i = 0; i < 4; i++) R[i] = f(A[i], B[i], i); };
  }
  if (r === RF32 && a === AF32 && (b === BF32 || b === a)) {
    return () => { for (let i = 0; i < 4; i++) RF32[i] = f(AF32[i], BF32[i], i); };
  }
  if (r === RF64 && a === AF64 && (b === BF64 || b === a)) {
    return () => { for (let i = 0; i < 2; i++) RF64[i] = f(AF64[i], BF64[i], i); };
  }
  if (r === R16 && a === A16 && (b === B16 || b === a)) {
    return () => { for (let i = 0; i < 8; i++) R16[i] = f(A16[i], B16[i], i); };
  }
  if (r === R8 && a === A8 && (b === B8 || b === a)) {
    return () => { for (let i = 0; i < 16; i++) R8[i] = f(A8[i], B8[i], i); };
  }
  if (r === R8 && a === AU8 && (b === BU8 || b === a)) {
    return () => { for (let i = 0; i < 16; i++) R8[i] = f(AU8[i], BU8[i], i); };
  }
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
