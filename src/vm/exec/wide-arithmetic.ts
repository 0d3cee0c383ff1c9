// The wide-arithmetic instructions (0xFC 19..22), the wide-arithmetic pack's execution
// (`purewasm/wide-arithmetic`; the cold path hands WIDE over, vm/pack.ts). An i64 is two int32 words in the
// store's I32 view (low word first), so a 128-bit value is four words: ops/wide.ts computes on them.
//
// Internal form (translate/wide-arithmetic.ts):  WIDE sub d d2 a b x y
//   add128/sub128: (b:a) ± (y:x) → (d2:d); mul_wide_s/_u: a × b → (d2:d).
import { W, wide } from '../ops/wide.js';
import type { InstanceState } from '../runtime/instance-state.js';

export function execWide(code: Int32Array, pc: number, fp: number, inst: InstanceState): number {
  const I = inst.store.I32;
  for (let k = 0; k < 4; k++) {
    const u = fp + code[pc + 4 + k];
    W[2 * k] = I[u];
    W[2 * k + 1] = I[u + 1];
  }
  wide(code[pc + 1]);
  const d = fp + code[pc + 2];
  const d2 = fp + code[pc + 3];
  I[d] = W[8];
  I[d + 1] = W[9];
  I[d2] = W[10];
  I[d2 + 1] = W[11];
  return pc + 8;
}
