// A disassembler for internal code, for debugging and tests: one instruction per line, operands as listed
// in opcodes.ts (slot offsets in int32 units, targets as absolute pcs).
import { OPERANDS, Op } from './opcodes.js';

const NAMES: string[] = [];
for (const [name, n] of Object.entries(Op)) NAMES[n] = name;

export function disassemble(code: Int32Array): string {
  const lines: string[] = [];
  let pc = 0;
  while (pc < code.length) {
    const name = NAMES[code[pc]] ?? `?${code[pc]}`;
    let n = OPERANDS[name] ?? 0;
    if (name === 'BR_TABLE') n = 2 + code[pc + 2] + 1;
    lines.push(`${String(pc).padStart(5)}  ${name} ${Array.from(code.subarray(pc + 1, pc + 1 + n)).join(' ')}`);
    pc += 1 + n;
  }
  return lines.join('\n');
}
