// A disassembler for internal code, for debugging and tests: one instruction per line, operands as listed
// in opcodes.ts (slot offsets in int32 units, targets as absolute pcs). A packed instruction (pack.ts) shows
// its operands unpacked, in their places: `I32_ADD_P 4 0 2` reads as `I32_ADD 4 0 2`.
import { OPERANDS, Op } from './opcodes.js';
import { unpackedOperands } from './packed-operands.js';
import { firstPart } from './pairs.js';

export function disassemble(code: Int32Array): string {
  const lines: string[] = [];
  let pc = 0;
  while (pc < code.length) {
    const op = code[pc];
    const name = Op[op] ?? `?${op}`;
    let n = OPERANDS[op] ?? 0;
    if (op === Op.BR_TABLE) n = 2 + code[pc + 2] + 1;
    const operands = unpackedOperands(code, pc, firstPart(op)) ?? Array.from(code.subarray(pc + 1, pc + 1 + n));
    lines.push(`${String(pc).padStart(5)}  ${name} ${operands.join(' ')}`);
    pc += 1 + n;
  }
  return lines.join('\n');
}
