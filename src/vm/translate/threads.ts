// Translation of the 0xFE (threads: atomics) instructions into the generic ATOMIC instruction (the threads
// pack's part, `purewasm/threads`, through the translator's pack hooks; run by exec/atomics.ts)
//   ATOMIC sub mem d a b c offLo offHi
// sub: the 0xFE sub-opcode; d the result slot (-1 for a store); a the address; b, c the other operands in
// order (-1 when absent). atomic.fence emits nothing: one agent, every access is already ordered.
import { I32 } from '../../decoder/module.js';
import type { BodyContext } from '../../validate/sink.js';
import { threadsAccesses } from '../../validate/threads-instructions.js';
import { Op } from './opcodes.js';
import type { Translator } from './translator.js';

export function threadsSink(t: Translator, op: number, ctx: BodyContext): void {
  const mo = threadsAccesses[op];
  if (mo === undefined) return; // atomic.fence
  const imm = ctx.imm;
  // operand count by shape: 0 load, 1 store, 2 rmw, 3 cmpxchg, 4 wait, 5 notify
  const n = mo.shape === 0 ? 1 : mo.shape === 3 || mo.shape === 4 ? 3 : 2;
  const slots = [-1, -1, -1];
  for (let k = 0; k < n; k++) slots[k] = t.packOperand(n - 1 - k);
  t.packPop(n);
  const d = mo.shape === 1 ? -1 : t.packPush(mo.shape >= 4 ? I32 : mo.type);
  t.packEmit(Op.ATOMIC, op & 0xff, imm.memory, d, slots[0], slots[1], slots[2], imm.offsetLo, imm.offsetHi);
}
