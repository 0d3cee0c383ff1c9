// The packed forms of the instruction tables (signatures.ts for the core, simd-instructions.ts and
// threads-instructions.ts for the SIMD and threads packs): one character per simple instruction, three per
// memory instruction.
import { F32, F64, I32, I64, V128, type ValType } from '../decoder/module.js';

export interface Signature {
  readonly params: readonly ValType[];
  readonly results: readonly ValType[];
}

/**
 * Memory instructions: natural alignment (log2), value type moved, and shape.
 * shape: 0 load, 1 store, 2 atomic rmw, 3 atomic cmpxchg, 4 wait, 5 notify (the threads pack's), 6 load lane,
 * 7 store lane (the SIMD pack's).
 */
export interface MemOp {
  readonly align: number;
  readonly type: ValType;
  readonly shape: number;
}

// Each op's signature is one character: its index (from '0') into SIGS, whose entries spell the parameter
// types and then the one result (i i32, l i64, f f32, d f64, v v128); a space: not a simple instruction.
// test/validate/signatures.test.ts checks every entry against Node's validator.
const TYPE_OF: Record<string, ValType> = { i: I32, l: I64, f: F32, d: F64, v: V128 };
const SIGS: Signature[] = (
  'ii iii li lli ffi ddi ll lll ff fff dd ddd fi di il fl dl if lf df id ld fd ' +
  'vvv iv lv fv dv vi viv vl vlv vf vfv vd vdv vv vvvv'
).split(' ').map((k) => ({
  params: k.slice(0, -1).split('').map((c) => TYPE_OF[c]),
  results: [TYPE_OF[k[k.length - 1]]],
}));

/** Enters into `into` the signatures of consecutive opcodes from `from`, rows of the table joined. */
export function enterSignatures(into: (Signature | undefined)[], from: number, rows: string[]): void {
  const codes = rows.join('');
  for (let i = 0; i < codes.length; i++) if (codes[i] !== ' ') into[from + i] = SIGS[codes.charCodeAt(i) - 48];
}

/**
 * Enters into `into` consecutive memory instructions from `from`: three characters per opcode — the natural
 * alignment (log2), the value type (a letter of TYPE_OF) and the shape.
 */
export function enterMemOps(into: (MemOp | undefined)[], from: number, codes: string): void {
  for (let i = 0; i < codes.length; i += 3) {
    into[from + i / 3] = { align: +codes[i], type: TYPE_OF[codes[i + 1]], shape: +codes[i + 2] };
  }
}
