// Execution of the generic SIMD instruction (the SIMD pack's, `purewasm/simd`; see translate/simd.ts for its layout): operands are copied
// from the value stack into the scratch registers of ops/simd (vectors to A, B, C in operand order, a
// scalar to S as bits), the op runs by sub-opcode, and R (or S for scalar results) is copied back.
import { F32, F64, I32, I64, V128 } from '../../decoder/module.js';
import { A, B, C, R, S, shuffle4, simdMemOps, simdMemWidth, simdOps } from '../ops/simd.js';
import { simdAccesses as memOps, simdSignatures as signatures } from '../../validate/simd-instructions.js';
import type { PackRuntime } from '../pack.js';
import type { InstanceState } from '../runtime/instance-state.js';

const VECS = [A, B, C];
/** The bytes of a SIMD access to a segmented memory. */
const SCRATCH = new Uint8Array(16);
/** Per sub-opcode: param kinds (0 none, 1 v128, 2 32-bit scalar, 3 64-bit scalar) ×3 and result kind. */
const shapes = new Int8Array(0x200 * 4);
function kind(t: number | undefined): number {
  if (t === undefined) return 0;
  if (t === V128) return 1;
  if (t === I32 || t === F32) return 2;
  if (t === I64 || t === F64) return 3;
  return 0;
}
for (let sub = 0; sub < 0x200; sub++) {
  const sig = signatures[sub < 0x100 ? 0xfd00 + sub : 0xff00 | (sub - 0x100)];
  if (sig === undefined) continue;
  for (let k = 0; k < 3; k++) shapes[sub * 4 + k] = kind(sig.params[k]);
  shapes[sub * 4 + 3] = kind(sig.results[0]);
}
shapes.set([1, 1, 0, 1], 0x0d * 4); // i8x16.shuffle

export function execSimd(code: Int32Array, pc: number, fp: number, inst: InstanceState, rt: PackRuntime): number {
  const I = inst.store.I32;
  const sub = code[pc + 1];
  const d = code[pc + 2];
  if (sub < 0x100 && memOps[0xfd00 + sub] !== undefined) {
    const mem = inst.memories[code[pc + 8]];
    const s = fp + code[pc + 3];
    const ea = rt.effectiveAddress(I, s, code[pc + 10] !== 0, code[pc + 7], code[pc + 9]);
    const width = simdMemWidth[sub]!;
    const b = code[pc + 4];
    if (b >= 0) for (let i = 0; i < 4; i++) A[i] = I[fp + b + i]; // (scratch: loading it before a trap is harmless)
    if (ea + width <= mem.u8.length) {
      simdMemOps[sub]!(mem.u8, ea, code[pc + 6]);
    } else {
      // a segmented memory (runtime/memory.ts): run the op on a copy of the bytes; stores (no result) write back
      if (mem.segments === null || ea + width > mem.byteLength) throw new rt.Trap(rt.OOB_MEMORY);
      mem.readBytes(ea, SCRATCH, 0, width);
      simdMemOps[sub]!(SCRATCH, 0, code[pc + 6]);
      if (d < 0) mem.writeBytes(ea, SCRATCH, 0, width);
    }
    if (d >= 0) for (let i = 0; i < 4; i++) I[fp + d + i] = R[i];
    return pc + 11;
  }
  let v = 0;
  for (let k = 0; k < 3; k++) {
    const sk = shapes[sub * 4 + k];
    if (sk === 0) break;
    const s = fp + code[pc + 3 + k];
    if (sk === 1) {
      const reg = VECS[v++];
      reg[0] = I[s];
      reg[1] = I[s + 1];
      reg[2] = I[s + 2];
      reg[3] = I[s + 3];
    } else {
      S[0] = I[s];
      S[1] = I[s + 1];
    }
  }
  if (sub === 0x0d) shuffle4(code[pc + 7], code[pc + 8], code[pc + 9], code[pc + 10]);
  else {
    const f = simdOps[sub];
    if (f === undefined) throw new Error(`internal error: SIMD sub-opcode 0x${sub.toString(16)} has no implementation`);
    f(code[pc + 6]);
  }
  const rk = shapes[sub * 4 + 3];
  if (rk === 1) {
    const o = fp + d;
    I[o] = R[0];
    I[o + 1] = R[1];
    I[o + 2] = R[2];
    I[o + 3] = R[3];
  } else if (rk >= 2) {
    I[fp + d] = S[0];
    I[fp + d + 1] = rk === 3 ? S[1] : 0;
  }
  return pc + 11;
}
