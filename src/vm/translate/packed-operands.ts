// Packed operands: without a JIT every typed-array read is an inline-cache lookup (~10 ns under
// `node --jitless`, a third of a simple instruction), and most of an instruction's reads are its operands
// (`code[pc + k]`). The hottest instructions therefore have a second form, `X_P`, that reads its frame
// offsets — and a small immediate — from ONE code word: 10 bits per slot from bit 0 up, an immediate last in
// the group taking the bits left (sign-extended: `w >> 20`). `I32_ADD d a b` becomes `I32_ADD_P w _ _`,
// `L[w & 1023] = (L[(w >>> 10) & 1023] + L[w >>> 20]) | 0`: two code reads instead of four.
//
// A pass over finished code, like pairs.ts (and before it, so pairs fuse the packed forms): an instruction
// keeps its length and position — the packed word replaces the first operand of its group, the other words
// stay (unused) — so branch targets, handler ranges, pc ↔ wasm offset maps, fuel segments, snapshots of
// suspended frames and backtraces are all unchanged. An instruction whose offsets do not fit (a frame above
// 1,024 units, 512 slots) or whose immediate does not fit keeps its unpacked opcode, which still runs. Debug
// stores are not packed (as they are not paired): their code stays in the translator's form.
import { Op, SLOT_OPERANDS, instructionLength } from './opcodes.js';

/**
 * The packed instructions: [X, X_P, positions…]: the operand positions (0-based after the opcode) packed into
 * one word at the first one's place. Chosen
 * from the six benchmark kernels' instruction counts, pairs' parts included. The first 16 give most of what 57
 * gave with a JIT (~10 %) and half of it without (2–3 % against 5–7 %); the three i64 mixer ops after them
 * (session 9) give i64mix 3–4 % in both modes for 0.7 KB. Measured and left out (session 9): 27 more (i32
 * binary/immediate ops and compares, MOV2, SELECT, I32_ADD3, the f64 ops and fused forms) — about 1–3 % in all
 * for 3.8 KB of core (bench/RESULTS.md, "Faster interpreter"). An X_P case costs 60–190 bytes minified.
 * Numbers, not names: looking opcodes up by name would put the whole opcode enum into the core bundle.
 */
const PACKED: readonly (readonly number[])[] = [
  [Op.MOV, Op.MOV_P, 0, 1],
  [Op.I32_LOAD, Op.I32_LOAD_P, 0, 1, 3],
  [Op.I64_LOAD, Op.I64_LOAD_P, 0, 1, 3],
  [Op.I32_LOAD8_U, Op.I32_LOAD8_U_P, 0, 1, 3],
  [Op.F64_LOAD_N, Op.F64_LOAD_N_P, 0, 1, 3],
  [Op.I32_STORE, Op.I32_STORE_P, 0, 1],
  [Op.I32_ADD, Op.I32_ADD_P, 0, 1, 2],
  [Op.I32_AND, Op.I32_AND_P, 0, 1, 2],
  [Op.I32_ADD_I, Op.I32_ADD_I_P, 0, 1, 2],
  [Op.I32_SHL_I, Op.I32_SHL_I_P, 0, 1, 2],
  [Op.BR_LT_U, Op.BR_LT_U_P, 0, 1],
  [Op.BR_GE_S_I, Op.BR_GE_S_I_P, 0, 1],
  [Op.I64_ADD, Op.I64_ADD_P, 0, 1, 2],
  [Op.I64_XOR, Op.I64_XOR_P, 0, 1, 2],
  [Op.F64_MUL, Op.F64_MUL_P, 0, 1, 2],
  [Op.I32_LOAD_IDX, Op.I32_LOAD_IDX_P, 0, 1, 2],
  [Op.I64_XOR_SHR_U_I, Op.I64_XOR_SHR_U_I_P, 0, 1, 2],
  [Op.I64_MUL, Op.I64_MUL_P, 0, 1, 2],
  [Op.I64_XOR_SHL_I, Op.I64_XOR_SHL_I_P, 0, 1, 2],
];

/** By unpacked opcode and by packed opcode: the entry of PACKED. */
const byOp: (readonly number[])[] = [];
const byPacked: (readonly number[])[] = [];
for (const e of PACKED) {
  byOp[e[0]] = e;
  byPacked[e[1]] = e;
}

/** The packed word of entry e's operands for the instruction at pc; NaN if a field does not fit. */
function packWord(code: Int32Array, pc: number, e: readonly number[]): number {
  const slots = SLOT_OPERANDS[e[0]];
  let w = 0;
  for (let at = 2, bit = 0; at < e.length; at++, bit += 10) {
    const v = code[pc + 1 + e[at]];
    // a slot: 10 bits; an immediate (last): the bits left, signed
    const room = slots.includes(e[at]) ? 0 : 2 ** (31 - bit);
    if (room === 0 ? v < 0 || v > 1023 : v < -room || v >= room) return NaN;
    w |= v << bit;
  }
  return w;
}

/** Rewrites every instruction of finished (relocated) code that has a packed form, and fits, into it. */
export function packOperands(code: Int32Array): void {
  for (let pc = 0; pc < code.length; pc += instructionLength(code, pc)) {
    const e = byOp[code[pc]];
    if (e === undefined) continue;
    const w = packWord(code, pc, e);
    if (w !== w) continue;
    code[pc + 1 + e[2]] = w;
    code[pc] = e[1];
  }
}

/** The operands of the instruction at pc, packed as `op` is (its own opcode, or a pair's first part), as
 *  the unpacked form has them (for the disassembler); null if `op` is not packed. */
export function unpackedOperands(code: Int32Array, pc: number, op: number): number[] | null {
  const e = byPacked[op];
  if (e === undefined) return null;
  const ops = Array.from(code.subarray(pc + 1, pc + instructionLength(code, pc)));
  const slots = SLOT_OPERANDS[e[0]];
  const w = code[pc + 1 + e[2]];
  // slots: 10 bits; an immediate (always last): the rest, sign-extended
  for (let at = 2, bit = 0; at < e.length; at++, bit += 10) ops[e[at]] = slots.includes(e[at]) ? (w >>> bit) & 1023 : w >> bit;
  return ops;
}
