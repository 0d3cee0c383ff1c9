// Translation of the wide-arithmetic instructions (0xFC 19..22) into the generic WIDE instruction (the
// wide-arithmetic pack's part, `purewasm/wide-arithmetic`, through the translator's pack hooks; run by
// exec/wide-arithmetic.ts)
//   WIDE sub d d2 a b x y
// sub: the 0xFC sub-opcode; d, d2 the result's low and high i64 (pushed in that order); i64.add128 and
// i64.sub128: a, b the first 128-bit operand's low and high halves, x, y the second's; i64.mul_wide_s/_u:
// a, b the two operands (x, y repeat them: every slot operand is a real slot, for relocation).
import { I64 } from '../../decoder/module.js';
import { Op } from './opcodes.js';
import type { Translator } from './translator.js';

export function wideArithmeticSink(t: Translator, op: number): void {
  const n = op <= 0xfc14 ? 4 : 2;
  const a = t.packOperand(n - 1);
  const b = t.packOperand(n - 2);
  const x = n === 4 ? t.packOperand(1) : a;
  const y = n === 4 ? t.packOperand(0) : b;
  t.packPop(n);
  const d = t.packPush(I64);
  const d2 = t.packPush(I64);
  t.packEmit(Op.WIDE, op & 0xff, d, d2, a, b, x, y);
}
