// i32 operations that are more than one JS operator (the interpreter inlines the rest). Operands and results
// are int32 numbers (uint32 forms accepted as input); predicates return 0/1. Traps throw `Trap`.

import { DIVIDE_BY_ZERO, INTEGER_OVERFLOW, Trap } from '../errors.js';

/** i32.div_s. Traps on zero and on INT32_MIN / -1. */
export function div_s(a: number, b: number): number {
  a |= 0;
  b |= 0;
  if (b === 0) throw new Trap(DIVIDE_BY_ZERO);
  if (a === -2147483648 && b === -1) throw new Trap(INTEGER_OVERFLOW);
  return (a / b) | 0;
}
/** i32.div_u. */
export function div_u(a: number, b: number): number {
  if ((b | 0) === 0) throw new Trap(DIVIDE_BY_ZERO);
  return ((a >>> 0) / (b >>> 0)) | 0;
}
/** i32.rem_s (sign of the dividend; INT32_MIN rem -1 is 0). */
export function rem_s(a: number, b: number): number {
  b |= 0;
  if (b === 0) throw new Trap(DIVIDE_BY_ZERO);
  return (a | 0) % b | 0;
}
/** i32.rem_u. */
export function rem_u(a: number, b: number): number {
  if ((b | 0) === 0) throw new Trap(DIVIDE_BY_ZERO);
  return (a >>> 0) % (b >>> 0) | 0;
}
/** i32.clz. */
export const clz = Math.clz32;
/** i32.ctz. */
export function ctz(a: number): number {
  a |= 0;
  return a === 0 ? 32 : 31 - Math.clz32(a & -a);
}
/** i32.popcnt. */
export function popcnt(a: number): number {
  a -= (a >>> 1) & 0x55555555;
  a = (a & 0x33333333) + ((a >>> 2) & 0x33333333);
  a = (a + (a >>> 4)) & 0x0f0f0f0f;
  return Math.imul(a, 0x01010101) >>> 24;
}
/** i32.rotl. */
export function rotl(a: number, k: number): number {
  return (a << k) | (a >>> (32 - (k & 31)));
}
/** i32.rotr. */
export function rotr(a: number, k: number): number {
  return (a >>> k) | (a << (32 - (k & 31)));
}
/** i32.extend8_s. */
export function extend8_s(a: number): number {
  return (a << 24) >> 24;
}
/** i32.extend16_s. */
export function extend16_s(a: number): number {
  return (a << 16) >> 16;
}
/** i32.wrap_i64 is just the low word; provided for symmetry. */
export function wrap_i64(lo: number): number {
  return lo | 0;
}
