// Every instruction's name, the instruction packs' included: for the text printer (the debugger's
// disassembly, `purewasm` tools), which names what it prints whatever a module was compiled with. The core VM
// does not import this (it names only its own instructions: opcodes.ts).
import { gcNames } from './gc-names.js';
import { names } from './opcodes.js';
import { simdNames } from './simd-names.js';
import { threadsNames } from './threads-names.js';

/** The name of instruction number `op` (opcodes.ts numbering), or undefined for an illegal one. */
export function instructionName(op: number): string | undefined {
  return names[op] ?? simdNames[op] ?? gcNames[op] ?? threadsNames[op];
}
