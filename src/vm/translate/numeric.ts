// Wasm numeric opcodes → internal opcode, arity and result type. The translator handles every entry the
// same way (pop operands, push one result, emit `op d a [b]`); special cases (immediate forms, fused
// compare-and-branch, no-op reinterprets) are decided in translator.ts.
import { F32, F64, I32, I64 } from '../../decoder/module.js';
import { Op } from './opcodes.js';

export interface NumericOp {
  readonly op: number;
  readonly arity: 1 | 2;
  readonly result: number;
}

/** Indexed by the wasm opcode (single byte, or 0xFC00 | subop for the saturating truncations). */
export const NUMERIC = new Map<number, NumericOp>();
/** Opcodes whose effect is only a change of type (wrap, reinterpret): no code. Value = new type. */
export const RETYPE = new Map<number, number>([
  [0xa7, I32], // i32.wrap_i64: the low half already is the i32
  [0xbc, I32],
  [0xbd, I64],
  [0xbe, F32],
  [0xbf, F64],
]);

function def(wasm: number, op: number, arity: 1 | 2, result: number): void {
  NUMERIC.set(wasm, { op, arity, result });
}

// Comparisons (result i32).
def(0x45, Op.I32_EQZ, 1, I32);
const i32cmp = [Op.I32_EQ, Op.I32_NE, Op.I32_LT_S, Op.I32_LT_U, Op.I32_GT_S, Op.I32_GT_U, Op.I32_LE_S, Op.I32_LE_U, Op.I32_GE_S, Op.I32_GE_U];
i32cmp.forEach((op, i) => def(0x46 + i, op, 2, I32));
def(0x50, Op.I64_EQZ, 1, I32);
const i64cmp = [Op.I64_EQ, Op.I64_NE, Op.I64_LT_S, Op.I64_LT_U, Op.I64_GT_S, Op.I64_GT_U, Op.I64_LE_S, Op.I64_LE_U, Op.I64_GE_S, Op.I64_GE_U];
i64cmp.forEach((op, i) => def(0x51 + i, op, 2, I32));
[Op.F32_EQ, Op.F32_NE, Op.F32_LT, Op.F32_GT, Op.F32_LE, Op.F32_GE].forEach((op, i) => def(0x5b + i, op, 2, I32));
[Op.F64_EQ, Op.F64_NE, Op.F64_LT, Op.F64_GT, Op.F64_LE, Op.F64_GE].forEach((op, i) => def(0x61 + i, op, 2, I32));

// i32 / i64 arithmetic.
[Op.I32_CLZ, Op.I32_CTZ, Op.I32_POPCNT].forEach((op, i) => def(0x67 + i, op, 1, I32));
[Op.I32_ADD, Op.I32_SUB, Op.I32_MUL, Op.I32_DIV_S, Op.I32_DIV_U, Op.I32_REM_S, Op.I32_REM_U, Op.I32_AND, Op.I32_OR, Op.I32_XOR,
  Op.I32_SHL, Op.I32_SHR_S, Op.I32_SHR_U, Op.I32_ROTL, Op.I32_ROTR].forEach((op, i) => def(0x6a + i, op, 2, I32));
[Op.I64_CLZ, Op.I64_CTZ, Op.I64_POPCNT].forEach((op, i) => def(0x79 + i, op, 1, I64));
[Op.I64_ADD, Op.I64_SUB, Op.I64_MUL, Op.I64_DIV_S, Op.I64_DIV_U, Op.I64_REM_S, Op.I64_REM_U, Op.I64_AND, Op.I64_OR, Op.I64_XOR,
  Op.I64_SHL, Op.I64_SHR_S, Op.I64_SHR_U, Op.I64_ROTL, Op.I64_ROTR].forEach((op, i) => def(0x7c + i, op, 2, I64));

// Floats.
[Op.F32_ABS, Op.F32_NEG, Op.F32_CEIL, Op.F32_FLOOR, Op.F32_TRUNC, Op.F32_NEAREST, Op.F32_SQRT].forEach((op, i) => def(0x8b + i, op, 1, F32));
[Op.F32_ADD, Op.F32_SUB, Op.F32_MUL, Op.F32_DIV, Op.F32_MIN, Op.F32_MAX, Op.F32_COPYSIGN].forEach((op, i) => def(0x92 + i, op, 2, F32));
[Op.F64_ABS, Op.F64_NEG, Op.F64_CEIL, Op.F64_FLOOR, Op.F64_TRUNC, Op.F64_NEAREST, Op.F64_SQRT].forEach((op, i) => def(0x99 + i, op, 1, F64));
[Op.F64_ADD, Op.F64_SUB, Op.F64_MUL, Op.F64_DIV, Op.F64_MIN, Op.F64_MAX, Op.F64_COPYSIGN].forEach((op, i) => def(0xa0 + i, op, 2, F64));

// Conversions.
def(0xa8, Op.I32_TRUNC_F32_S, 1, I32);
def(0xa9, Op.I32_TRUNC_F32_U, 1, I32);
def(0xaa, Op.I32_TRUNC_F64_S, 1, I32);
def(0xab, Op.I32_TRUNC_F64_U, 1, I32);
def(0xac, Op.I64_EXTEND_I32_S, 1, I64);
def(0xad, Op.I64_EXTEND_I32_U, 1, I64);
def(0xae, Op.I64_TRUNC_F32_S, 1, I64);
def(0xaf, Op.I64_TRUNC_F32_U, 1, I64);
def(0xb0, Op.I64_TRUNC_F64_S, 1, I64);
def(0xb1, Op.I64_TRUNC_F64_U, 1, I64);
def(0xb2, Op.F32_CONVERT_I32_S, 1, F32);
def(0xb3, Op.F32_CONVERT_I32_U, 1, F32);
def(0xb4, Op.F32_CONVERT_I64_S, 1, F32);
def(0xb5, Op.F32_CONVERT_I64_U, 1, F32);
def(0xb6, Op.F32_DEMOTE_F64, 1, F32);
def(0xb7, Op.F64_CONVERT_I32_S, 1, F64);
def(0xb8, Op.F64_CONVERT_I32_U, 1, F64);
def(0xb9, Op.F64_CONVERT_I64_S, 1, F64);
def(0xba, Op.F64_CONVERT_I64_U, 1, F64);
def(0xbb, Op.F64_PROMOTE_F32, 1, F64);
def(0xc0, Op.I32_EXTEND8_S, 1, I32);
def(0xc1, Op.I32_EXTEND16_S, 1, I32);
def(0xc2, Op.I64_EXTEND8_S, 1, I64);
def(0xc3, Op.I64_EXTEND16_S, 1, I64);
def(0xc4, Op.I64_EXTEND32_S, 1, I64);
[Op.I32_TRUNC_SAT_F32_S, Op.I32_TRUNC_SAT_F32_U, Op.I32_TRUNC_SAT_F64_S, Op.I32_TRUNC_SAT_F64_U].forEach((op, i) => def(0xfc00 + i, op, 1, I32));
[Op.I64_TRUNC_SAT_F32_S, Op.I64_TRUNC_SAT_F32_U, Op.I64_TRUNC_SAT_F64_S, Op.I64_TRUNC_SAT_F64_U].forEach((op, i) => def(0xfc04 + i, op, 1, I64));

/** i32 binary ops with a form taking the right operand as an immediate. */
export const IMM_FORM = new Map<number, number>([
  [Op.I32_ADD, Op.I32_ADD_I],
  [Op.I32_MUL, Op.I32_MUL_I],
  [Op.I32_AND, Op.I32_AND_I],
  [Op.I32_OR, Op.I32_OR_I],
  [Op.I32_XOR, Op.I32_XOR_I],
  [Op.I32_SHL, Op.I32_SHL_I],
  [Op.I32_SHR_S, Op.I32_SHR_S_I],
  [Op.I32_SHR_U, Op.I32_SHR_U_I],
  ...i32cmp.map((op, i): [number, number] => [op, Op.I32_EQ_I + i]),
]);

/** Commutative i32 ops: a constant left operand can be swapped to the right. Compares map to their mirror. */
export const SWAP_FORM = new Map<number, number>([
  [Op.I32_ADD, Op.I32_ADD],
  [Op.I32_MUL, Op.I32_MUL],
  [Op.I32_AND, Op.I32_AND],
  [Op.I32_OR, Op.I32_OR],
  [Op.I32_XOR, Op.I32_XOR],
  [Op.I32_EQ, Op.I32_EQ],
  [Op.I32_NE, Op.I32_NE],
  [Op.I32_LT_S, Op.I32_GT_S],
  [Op.I32_LT_U, Op.I32_GT_U],
  [Op.I32_GT_S, Op.I32_LT_S],
  [Op.I32_GT_U, Op.I32_LT_U],
  [Op.I32_LE_S, Op.I32_GE_S],
  [Op.I32_LE_U, Op.I32_GE_U],
  [Op.I32_GE_S, Op.I32_LE_S],
  [Op.I32_GE_U, Op.I32_LE_U],
]);

/** i32 compare (register or immediate form), i64.eq/ne → fused branch-if-true opcode. Index i of i32cmp ↔ BR_EQ + i. */
export function fusedBranch(op: number): number {
  if (op >= Op.I32_EQ && op <= Op.I32_GE_U) return Op.BR_EQ + (op - Op.I32_EQ);
  if (op >= Op.I32_EQ_I && op <= Op.I32_GE_U_I) return Op.BR_EQ_I + (op - Op.I32_EQ_I);
  if (op === Op.I64_EQ) return Op.BR_I64_EQ;
  if (op === Op.I64_NE) return Op.BR_I64_NE;
  return -1;
}

/** The fused branch with the negated condition (EQ↔NE, LT↔GE, GT↔LE). */
const NEG = [1, 0, 8, 9, 6, 7, 4, 5, 2, 3]; // positions in EQ,NE,LT_S,LT_U,GT_S,GT_U,LE_S,LE_U,GE_S,GE_U
export function negateBranch(br: number): number {
  if (br >= Op.BR_EQ && br <= Op.BR_GE_U) return Op.BR_EQ + NEG[br - Op.BR_EQ];
  if (br >= Op.BR_EQ_I && br <= Op.BR_GE_U_I) return Op.BR_EQ_I + NEG[br - Op.BR_EQ_I];
  if (br === Op.ADD_I_BR_NZ) return Op.ADD_I_BR_Z;
  if (br === Op.ADD_I_BR_Z) return Op.ADD_I_BR_NZ;
  if (br === Op.BR_I64_EQ) return Op.BR_I64_NE;
  if (br === Op.BR_I64_NE) return Op.BR_I64_EQ;
  if (br === Op.BR_I64_EQZ) return Op.BR_I64_NEZ;
  if (br === Op.BR_I64_NEZ) return Op.BR_I64_EQZ;
  if (br === Op.BR_IF) return Op.BR_IFZ;
  if (br === Op.BR_IFZ) return Op.BR_IF;
  throw new Error(`no negation for branch ${br}`);
}

/** The i32-result compare with the negated condition (integer compares only: floats have NaN), or -1. */
export function negateCompare(op: number): number {
  if (op >= Op.I32_EQ && op <= Op.I32_GE_U) return Op.I32_EQ + NEG[op - Op.I32_EQ];
  if (op >= Op.I32_EQ_I && op <= Op.I32_GE_U_I) return Op.I32_EQ_I + NEG[op - Op.I32_EQ_I];
  if (op >= Op.I64_EQ && op <= Op.I64_GE_U) return Op.I64_EQ + NEG[op - Op.I64_EQ];
  return -1;
}
