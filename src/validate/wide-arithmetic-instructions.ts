// Validation of the wide-arithmetic instructions (0xFC 19..22): the wide-arithmetic pack's part of the body
// walk (`purewasm/wide-arithmetic`, src/wide-arithmetic; the core's walker hands these instructions over,
// body-walker.ts). They have no immediates.
import { I64 } from '../decoder/module.js';
import type { BodyWalker } from './body-walker.js';

/** i64.add128, i64.sub128: [i64 i64 i64 i64] → [i64 i64]; i64.mul_wide_s, i64.mul_wide_u: [i64 i64] → [i64 i64]. */
export function wideArithmeticInstruction(w: BodyWalker, op: number): void {
  w.take(I64, I64);
  if (op <= 0xfc14) w.take(I64, I64);
  w.push(I64);
  w.push(I64);
}
