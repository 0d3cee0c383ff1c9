// Pairs: two adjacent instructions run in one dispatch. Without a JIT a dispatch (the switch's type and range
// checks on the opcode, the jump back to the loop head) costs about as much as a simple instruction's work,
// so the adjacent pairs most frequent in the benchmark kernels (compiled C: loops, array walks, calls,
// hashing, 64-bit mixing, f64 updates) get a case each whose body is the two instructions' own bodies, one
// after the other (exec/interpreter.ts; opcodes `A__B`). The pair opcode replaces A's; B keeps its own
// (a branch to B runs B's), so pairing needs no knowledge of labels, branches or fusions: it is a pass over
// finished code. Debug stores are not paired (a stop at B must stop before B). The pairs came from counts of
// consecutive dispatches in the kernels, then of fall-through adjacency only (B the next instruction in the
// code, not a branch target: only such pairs can fire; bench/RESULTS.md, "Faster interpreter").
// Tuples (`A__B__C`, `A__B__C__D`) work the same way for the hottest straight runs that pairs split in two
// (a loop's whole body, a guest interpreter's dispatch), chosen from counts of the runs between branches
// (session 7). Every position gets the longest match, not only the first of a run: a fused instruction reads
// only the operands of the ones it covers, never their opcodes, so B and C can carry fused opcodes of their
// own, which a branch to them (a loop head inside a run) then finds. The 23 pairs that ran (almost) no more in
// any kernel once the tuples were in were dropped: their bytes paid for the tuples (the core's size budget).
// Session 10 added six pairs from real programs (sql.js, esbuild, the C fixtures: bench/RESULTS.md), numbered after
// the packed forms so that no opcode was renumbered. A fused case updates pc once: each part's operand reads and trap
// positions are offset by the parts before it (test/vm/pairs.test.ts checks the copies with that shift).
// Fused opcodes sit before COLD_START (the first ones) or after the packed forms. They fuse the packed forms (translate/packed-operands.ts, which runs first) where an
// instruction has one: code whose operands did not fit keeps the unpacked opcodes, and pairs nothing.
import { Op, instructionLength as length } from './opcodes.js';

/** [A, B, A__B] and [A, B, C(, D), A__B__C(__D)] */
const PAIRS: readonly (readonly number[])[] = [
  [Op.I32_SHL_I_P, Op.I32_ADD_I_P, Op.I32_SHL_I_P__I32_ADD_I_P],
  [Op.I32_LOAD8_U_P, Op.I32_LOAD_IDX_P, Op.I32_LOAD8_U_P__I32_LOAD_IDX_P],
  [Op.BR_LT_U_P, Op.I32_ADD_I_P, Op.BR_LT_U_P__I32_ADD_I_P],
  [Op.I32_LOAD_P, Op.I32_ADD_I_P, Op.I32_LOAD_P__I32_ADD_I_P],
  [Op.I32_ADD_I_P, Op.I32_LOAD_P, Op.I32_ADD_I_P__I32_LOAD_P],
  [Op.MOV_P, Op.I32_ADD_I_P, Op.MOV_P__I32_ADD_I_P],
  [Op.I32_ADD_P, Op.RETURN, Op.I32_ADD_P__RETURN],
  [Op.I32_LOAD8_U_P, Op.I32_ADD_SHL, Op.I32_LOAD8_U_P__I32_ADD_SHL],
  [Op.I32_STORE_P, Op.BR, Op.I32_STORE_P__BR],
  [Op.I32_ADD_I_P, Op.MOV_P, Op.I32_ADD_I_P__MOV_P],
  [Op.F64_LOAD_N_P, Op.F64_SUB, Op.F64_LOAD_N_P__F64_SUB],
  [Op.I32_STORE_P, Op.I32_ADD_I_P, Op.I32_STORE_P__I32_ADD_I_P],
  [Op.I32_LOAD_UPD, Op.BR_LT_U_P, Op.I32_LOAD_UPD__BR_LT_U_P],
  [Op.I32_ADD_I_P, Op.I32_ADD_I_P, Op.I32_ADD_I_P__I32_ADD_I_P],
  [Op.I64_XOR_SHR_U_I_P, Op.I64_XOR_SHL_I_P, Op.I64_XOR_SHR_U_I_P__I64_XOR_SHL_I_P],
  [Op.I64_LT_S, Op.SELECT, Op.I64_LT_S__SELECT],
  [Op.I64_ADD_P, Op.I64_XOR_P, Op.I64_ADD_P__I64_XOR_P],
  [Op.I64_SHR_U_I, Op.I64_MUL_P, Op.I64_SHR_U_I__I64_MUL_P],
  [Op.I32_ADD3, Op.I32_ADD_P, Op.I32_ADD3__I32_ADD_P],
  [Op.I64_LOAD_P, Op.I64_LOAD_P, Op.I64_LOAD_P__I64_LOAD_P],
  [Op.F64_MUL_P, Op.F64_LOAD_N_P, Op.F64_MUL_P__F64_LOAD_N_P],
  [Op.F64_SUB, Op.F64_MUL_P, Op.F64_SUB__F64_MUL_P],
  [Op.F64_SUB_STORE, Op.I64_LOAD_P, Op.F64_SUB_STORE__I64_LOAD_P],
  [Op.I64_LOAD_P, Op.F64_MUL3, Op.I64_LOAD_P__F64_MUL3],
  [Op.F64_MUL3, Op.F64_SUB_STORE, Op.F64_MUL3__F64_SUB_STORE],
  [Op.I32_ADD_P, Op.I32_STORE_P, Op.I32_ADD_P__I32_STORE_P],
  [Op.I32_LOAD_P, Op.I32_ROTL2_SHR_I, Op.I32_LOAD_P__I32_ROTL2_SHR_I],
  [Op.I32_ADD_I_P, Op.I32_STORE_P, Op.I32_ADD_I_P__I32_STORE_P],
  [Op.I64_XOR_SHR_U_I_P, Op.I64_MUL_P, Op.I64_XOR_SHR_U_I_P__I64_MUL_P],
  [Op.I64_XOR_P, Op.I64_ROTL, Op.I64_XOR_P__I64_ROTL],
  [Op.I64_MUL_P, Op.I64_XOR_SHR_U_I_P, Op.I64_MUL_P__I64_XOR_SHR_U_I_P],
  [Op.F64_SUB, Op.F64_MUL_ADD, Op.F64_SUB__F64_MUL_ADD],
  [Op.F64_ADD, Op.F64_SQRT, Op.F64_ADD__F64_SQRT],
  [Op.F64_MUL_P, Op.F64_DIV, Op.F64_MUL_P__F64_DIV],
  [Op.I32_ADD_I_P, Op.ADD_I_BR_NZ, Op.I32_ADD_I_P__ADD_I_BR_NZ],
  [Op.I32_ROTL3_I, Op.I32_ADD3, Op.I32_ROTL3_I__I32_ADD3],
  [Op.I32_XOR_I, Op.I32_AND_P, Op.I32_XOR_I__I32_AND_P],
  [Op.MOV_P, Op.I32_ROTL3_I, Op.MOV_P__I32_ROTL3_I],
  [Op.I32_XOR, Op.I32_AND_P, Op.I32_XOR__I32_AND_P],
  [Op.I32_AND_P, Op.I32_XOR, Op.I32_AND_P__I32_XOR],
  [Op.I32_STORE_P, Op.MOV2, Op.I32_STORE_P__MOV2],
  [Op.I32_LOAD_P, Op.BR_LT_U_P, Op.I32_LOAD_P__BR_LT_U_P],
  [Op.I32_ADD_I_P, Op.I32_LT_S, Op.I32_ADD_I_P__I32_LT_S],
  [Op.I32_LOAD_P, Op.BR, Op.I32_LOAD_P__BR],
  [Op.I32_SHL_I_P, Op.I32_ADD_I_P, Op.I32_LOAD8_U_P, Op.BR_TABLE, Op.I32_SHL_I_P__I32_ADD_I_P__I32_LOAD8_U_P__BR_TABLE],
  [Op.I32_ADD_P, Op.I32_GT_U_I, Op.I32_ADD_I_P, Op.BR_IF, Op.I32_ADD_P__I32_GT_U_I__I32_ADD_I_P__BR_IF],
  [Op.I32_ADD_I_P, Op.I32_LOAD_UPD, Op.BR_LT_U_P, Op.I32_ADD_I_P__I32_LOAD_UPD__BR_LT_U_P],
  [Op.I32_ADD_I_P, Op.I32_LOAD_P, Op.I32_ADD_I_P, Op.BR_LT_U_P, Op.I32_ADD_I_P__I32_LOAD_P__I32_ADD_I_P__BR_LT_U_P],
  [Op.I32_LOAD8_U_P, Op.I32_ADD_SHL, Op.I32_LOAD8_U_P, Op.I32_LOAD_IDX_P, Op.I32_LOAD8_U_P__I32_ADD_SHL__I32_LOAD8_U_P__I32_LOAD_IDX_P],
  [Op.MOV2, Op.MOV2, Op.MOV_P, Op.BR, Op.MOV2__MOV2__MOV_P__BR],
  [Op.MOV2, Op.I32_LOAD_P, Op.I32_AND_P, Op.MOV2__I32_LOAD_P__I32_AND_P],
  [Op.I32_ADD3, Op.I32_ADD_P, Op.BR_EQ_I, Op.I32_ADD3__I32_ADD_P__BR_EQ_I],
  [Op.I64_ADD_P, Op.I64_AND, Op.BR_I64_NEZ, Op.I64_ADD_P__I64_AND__BR_I64_NEZ],
  [Op.I32_ADD_I_P, Op.F64_MUL3, Op.F64_LOAD_N_P, Op.F64_ADD_STORE, Op.I32_ADD_I_P__F64_MUL3__F64_LOAD_N_P__F64_ADD_STORE],
  [Op.F64_LOAD_N_P, Op.F64_MUL_ADD, Op.I64_STORE, Op.F64_LOAD_N_P__F64_MUL_ADD__I64_STORE],
  [Op.MOV_P, Op.I64_ADD_P, Op.BR_I64_NE, Op.MOV_P__I64_ADD_P__BR_I64_NE],
  [Op.I32_ADD_P, Op.I32_LOAD_P, Op.I32_ADD_I_P, Op.I32_ADD_P__I32_LOAD_P__I32_ADD_I_P],
  [Op.CONST, Op.BR, Op.CONST__BR],
  [Op.I64_EXTEND_I32_U, Op.I64_ADD_P, Op.I64_EXTEND_I32_U__I64_ADD_P],
  [Op.I32_ADD_I_P, Op.GLOBAL_SET, Op.I32_ADD_I_P__GLOBAL_SET],
  [Op.I32_LOAD_P, Op.I32_LOAD_P, Op.I32_LOAD_P__I32_LOAD_P],
  [Op.I32_STORE_P, Op.I32_LOAD_P, Op.I32_STORE_P__I32_LOAD_P],
  [Op.BR_IF, Op.CONST, Op.BR_IF__CONST],
];

/** The table by its first opcode (an array: opcodes are small integers), longest sequences first. */
const byFirst: (readonly number[])[][] = [];
for (const e of [...PAIRS].sort((x, y) => y.length - x.length)) (byFirst[e[0]] = byFirst[e[0]] || []).push(e);


/**
 * Gives every instruction of `code` (relocated, final) the longest fused opcode that starts with it and the
 * instructions after it. Every position, not only the first of a run: a fused instruction never reads the
 * opcodes of the instructions it covers (only their operands), so the one at B serves the branches to B.
 */
export function pairInstructions(code: Int32Array): void {
  const original = code.slice();
  for (let pc = 0; pc < code.length; pc += length(original, pc)) {
    for (const e of byFirst[original[pc]] || []) {
      let at = pc;
      let k = 1;
      for (; k < e.length - 1; k++) {
        at += length(original, at);
        if (at >= code.length || original[at] !== e[k]) break;
      }
      if (k === e.length - 1) {
        code[pc] = e[k];
        break;
      }
    }
  }
}

/** The first instruction a fused opcode covers (the opcode itself if it is not a pair or tuple). */
export function firstPart(op: number): number {
  for (const e of PAIRS) if (e[e.length - 1] === op) return e[0];
  return op;
}
