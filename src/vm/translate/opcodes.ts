// Opcodes of the internal code (Int32Array) the translator emits and the interpreter runs.
//
// Layout of one instruction: code[pc] = opcode, then its operands as listed after each name. Operand letters:
//   d, a, b, c, v, s, i, n   a value slot, as an offset in int32 units from the frame base (slot * 2);
//   k, lo, hi, w0..w3        immediate constants;  off  a memory offset (uint32 in an int32);
//   t                        an absolute branch target (index into the same code array);
//   fid, g, tab, mem, seg    store-level function id, global address, table/memory/segment of the instance.
// Numbers are positional. The dispatch loop (exec/interpreter.ts) and exec/cold.ts switch over these numbers as
// LITERALS (`case 30: /* I32_ADD */`) because V8 only builds a jump table for literal case labels;
// test/vm/opcodes.test.ts checks every such label against this table.
// Opcodes below COLD_START are handled inline by the loop; the rest by exec/cold.ts.

export enum Op {
  UNREACHABLE = 0, // 
  BR = 1, // t
  BR_IF = 2, // c t
  BR_IFZ = 3, // c t
  BR_TABLE = 4, // c n t0..tn
  RETURN = 5, // 
  CALL = 6, // fid off
  CALL_INDIRECT = 7, // tableAddr typeId off idx  (tableAddr stored as -2 - tableAddr and CALL_REF's mark -1: the
  // three calls share a case, which tells them apart by their first operand, CALL's function id the one not negative)
  MOV = 8, // d s
  MOV_REF = 9, // d s
  CONST = 10, // d lo hi
  SELECT = 11, // d c a b
  GLOBAL_GET = 12, // d g
  GLOBAL_SET = 13, // g s
  I32_LOAD = 14, // d a off k  (address = uint32(a + k) + off: a fused i32.add of a constant)
  I64_LOAD = 15, // d a off k  (address = uint32(a + k) + off: a fused i32.add of a constant)
  I32_LOAD8_S = 16, // d a off k  (address = uint32(a + k) + off: a fused i32.add of a constant)
  I32_LOAD8_U = 17, // d a off k  (address = uint32(a + k) + off: a fused i32.add of a constant)
  I32_LOAD16_S = 18, // d a off k  (address = uint32(a + k) + off: a fused i32.add of a constant)
  I32_LOAD16_U = 19, // d a off k  (address = uint32(a + k) + off: a fused i32.add of a constant)
  I64_LOAD8_S = 20, // d a off k  (address = uint32(a + k) + off: a fused i32.add of a constant)
  I64_LOAD8_U = 21, // d a off k  (address = uint32(a + k) + off: a fused i32.add of a constant)
  I64_LOAD16_S = 22, // d a off k  (address = uint32(a + k) + off: a fused i32.add of a constant)
  I64_LOAD16_U = 23, // d a off k  (address = uint32(a + k) + off: a fused i32.add of a constant)
  I64_LOAD32_S = 24, // d a off k  (address = uint32(a + k) + off: a fused i32.add of a constant)
  I64_LOAD32_U = 25, // d a off k  (address = uint32(a + k) + off: a fused i32.add of a constant)
  I32_STORE = 26, // a v off
  I64_STORE = 27, // a v off
  I32_STORE8 = 28, // a v off
  I32_STORE16 = 29, // a v off
  I32_ADD = 30, // d a b
  I32_SUB = 31, // d a b
  I32_MUL = 32, // d a b
  I32_DIV_S = 33, // d a b
  I32_DIV_U = 34, // d a b
  I32_REM_S = 35, // d a b
  I32_REM_U = 36, // d a b
  I32_AND = 37, // d a b
  I32_OR = 38, // d a b
  I32_XOR = 39, // d a b
  I32_SHL = 40, // d a b
  I32_SHR_S = 41, // d a b
  I32_SHR_U = 42, // d a b
  I32_ROTL = 43, // d a b
  I32_ROTR = 44, // d a b
  I32_EQ = 45, // d a b
  I32_NE = 46, // d a b
  I32_LT_S = 47, // d a b
  I32_LT_U = 48, // d a b
  I32_GT_S = 49, // d a b
  I32_GT_U = 50, // d a b
  I32_LE_S = 51, // d a b
  I32_LE_U = 52, // d a b
  I32_GE_S = 53, // d a b
  I32_GE_U = 54, // d a b
  I32_EQZ = 55, // d a
  I32_CLZ = 56, // d a
  I32_CTZ = 57, // d a
  I32_POPCNT = 58, // d a
  I32_EXTEND8_S = 59, // d a
  I32_EXTEND16_S = 60, // d a
  I32_ADD_I = 61, // d a k
  I32_MUL_I = 62, // d a k
  I32_AND_I = 63, // d a k
  I32_OR_I = 64, // d a k
  I32_XOR_I = 65, // d a k
  I32_SHL_I = 66, // d a k
  I32_SHR_S_I = 67, // d a k
  I32_SHR_U_I = 68, // d a k
  I32_EQ_I = 69, // d a k
  I32_NE_I = 70, // d a k
  I32_LT_S_I = 71, // d a k
  I32_LT_U_I = 72, // d a k
  I32_GT_S_I = 73, // d a k
  I32_GT_U_I = 74, // d a k
  I32_LE_S_I = 75, // d a k
  I32_LE_U_I = 76, // d a k
  I32_GE_S_I = 77, // d a k
  I32_GE_U_I = 78, // d a k
  BR_EQ = 79, // a b t
  BR_NE = 80, // a b t
  BR_LT_S = 81, // a b t
  BR_LT_U = 82, // a b t
  BR_GT_S = 83, // a b t
  BR_GT_U = 84, // a b t
  BR_LE_S = 85, // a b t
  BR_LE_U = 86, // a b t
  BR_GE_S = 87, // a b t
  BR_GE_U = 88, // a b t
  BR_EQ_I = 89, // a k t
  BR_NE_I = 90, // a k t
  BR_LT_S_I = 91, // a k t
  BR_LT_U_I = 92, // a k t
  BR_GT_S_I = 93, // a k t
  BR_GT_U_I = 94, // a k t
  BR_LE_S_I = 95, // a k t
  BR_LE_U_I = 96, // a k t
  BR_GE_S_I = 97, // a k t
  BR_GE_U_I = 98, // a k t
  I64_ADD = 99, // d a b
  I64_SUB = 100, // d a b
  I64_MUL = 101, // d a b
  I64_AND = 102, // d a b
  I64_OR = 103, // d a b
  I64_XOR = 104, // d a b
  I64_SHL = 105, // d a b
  I64_SHR_S = 106, // d a b
  I64_SHR_U = 107, // d a b
  I64_ROTL = 108, // d a b
  I64_ROTR = 109, // d a b
  I64_EQ = 110, // d a b
  I64_NE = 111, // d a b
  I64_LT_S = 112, // d a b
  I64_LT_U = 113, // d a b
  I64_GT_S = 114, // d a b
  I64_GT_U = 115, // d a b
  I64_LE_S = 116, // d a b
  I64_LE_U = 117, // d a b
  I64_GE_S = 118, // d a b
  I64_GE_U = 119, // d a b
  I64_EQZ = 120, // d a
  I64_EXTEND_I32_S = 121, // d a
  I64_EXTEND_I32_U = 122, // d a
  F32_ADD = 123, // d a b
  F32_SUB = 124, // d a b
  F32_MUL = 125, // d a b
  F32_DIV = 126, // d a b
  F64_ADD = 127, // d a b
  F64_SUB = 128, // d a b
  F64_MUL = 129, // d a b
  F64_DIV = 130, // d a b
  F32_EQ = 131, // d a b
  F32_NE = 132, // d a b
  F32_LT = 133, // d a b
  F32_GT = 134, // d a b
  F32_LE = 135, // d a b
  F32_GE = 136, // d a b
  F64_EQ = 137, // d a b
  F64_NE = 138, // d a b
  F64_LT = 139, // d a b
  F64_GT = 140, // d a b
  F64_LE = 141, // d a b
  F64_GE = 142, // d a b
  F32_NEG = 143, // d a
  F64_NEG = 144, // d a
  F32_ABS = 145, // d a
  F64_ABS = 146, // d a
  F64_SQRT = 147, // d a
  F64_CONVERT_I32_S = 148, // d a
  I32_TRUNC_F64_S = 149, // d a
  I32_ADD_SHL = 150, // d a b k  (d = a + (b << k): array indexing)
  F64_MUL_ADD = 151, // d a b c  (d = a * b + c, each rounded as the two wasm ops are)
  ADD_I_BR_NZ = 152, // d a k t  (d = a + k; branch to t when d != 0: counted loops)
  ADD_I_BR_Z = 153, // d a k t  (d = a + k; branch to t when d == 0)
  I32_LOAD_UPD = 154, // d a off x k  (x = a + k; d = i32 at uint32(x) + off: pointer bump + load)
  I32_ADD3 = 155, // d a b c  (d = a + b + c: sums of several terms)
  RETURN_CALL = 156, // fid  (tail call: the arguments are already at the frame base)
  RETURN_CALL_INDIRECT = 157, // tableAddr typeId idx  (tail call through a table)
  CALL_REF = 158, // mark off r  (call the funcref in slot r; arguments at off; mark: -1, see CALL_INDIRECT)
  RETURN_CALL_REF = 159, // r  (tail call of the funcref in slot r)
  I64_SHL_I = 160, // d a k  (k = 1..63: a constant shift count)
  I64_SHR_S_I = 161, // d a k  (k = 1..63)
  I64_SHR_U_I = 162, // d a k  (k = 1..63)
  I64_XOR_SHL_I = 163, // d a x k  (d = a ^ (x << k), k = 1..63: xorshift generators, hash mixers)
  I64_XOR_SHR_U_I = 164, // d a x k  (d = a ^ (x >>> k), k = 1..63)
  F64_MUL3 = 165, // d a b c  (d = a * b * c, rounded after each product as the two wasm ops are)
  F64_ADD_STORE = 166, // p a b off  (f64 at uint32(p) + off = a + b: an update stored straight to memory)
  F64_SUB_STORE = 167, // p a b off  (f64 at uint32(p) + off = a - b)
  F64_MUL_STORE = 168, // p a b off  (f64 at uint32(p) + off = a * b)
  I32_LOAD_IDX = 169, // d a x k off  (d = i32 at uint32(a + (x << k)) + off: an indexed array element)
  MOV2 = 170, // d s d2 s2  (two MOVs in order: runs of copies at branches and loop back edges)
  BR_I64_EQ = 171, // a b t  (i64 compare-and-branch)
  BR_I64_NE = 172, // a b t
  BR_I64_EQZ = 173, // a t
  BR_I64_NEZ = 174, // a t
  I32_ROTL_I = 175, // d a k  (k = 1..31; rotr by k is rotl by 32 - k)
  I32_XOR_ROTL_I = 176, // d a x k  (d = a ^ rotl(x, k): SHA-2 style sigma functions)
  I32_XOR_SHL_I = 177, // d a x k  (d = a ^ (x << k))
  I32_XOR_SHR_U_I = 178, // d a x k  (d = a ^ (x >>> k))
  F64_LOAD_N = 179, // d a off k  (f64 load read as a number (one getFloat64): only for a value arithmetic consumes at once, as its NaN bits need not survive)
  I32_ROTL2_I = 180, // d x k1 k2  (d = rotl(x, k1) ^ rotl(x, k2): the SHA-2 sigma functions)
  I32_ROTL3_I = 181, // d x k1 k2 k3  (d = rotl(x, k1) ^ rotl(x, k2) ^ rotl(x, k3))
  I32_ROTL2_SHR_I = 182, // d x k1 k2 k3  (d = rotl(x, k1) ^ rotl(x, k2) ^ (x >>> k3))
  I32_SHL_I_P__I32_ADD_I_P = 183, // w _ _  (I32_SHL_I_P, then I32_ADD_I_P: one dispatch)
  I32_LOAD8_U_P__I32_LOAD_IDX_P = 184, // w _ off _  (I32_LOAD8_U_P, then I32_LOAD_IDX_P: one dispatch)
  BR_LT_U_P__I32_ADD_I_P = 185, // w _ t  (BR_LT_U_P, then I32_ADD_I_P: one dispatch)
  I32_LOAD_P__I32_ADD_I_P = 186, // w _ off _  (I32_LOAD_P, then I32_ADD_I_P: one dispatch)
  I32_ADD_I_P__I32_LOAD_P = 187, // w _ _  (I32_ADD_I_P, then I32_LOAD_P: one dispatch)
  MOV_P__I32_ADD_I_P = 188, // w _  (MOV_P, then I32_ADD_I_P: one dispatch)
  I32_ADD_P__RETURN = 189, // w _ _  (I32_ADD_P, then RETURN: one dispatch)
  I32_LOAD8_U_P__I32_ADD_SHL = 190, // w _ off _  (I32_LOAD8_U_P, then I32_ADD_SHL: one dispatch)
  I32_STORE_P__BR = 191, // w _ off  (I32_STORE_P, then BR: one dispatch)
  I32_ADD_I_P__MOV_P = 192, // w _ _  (I32_ADD_I_P, then MOV_P: one dispatch)
  F64_LOAD_N_P__F64_SUB = 193, // w _ off _  (F64_LOAD_N_P, then F64_SUB: one dispatch)
  I32_STORE_P__I32_ADD_I_P = 194, // w _ off  (I32_STORE_P, then I32_ADD_I_P: one dispatch)
  I32_LOAD_UPD__BR_LT_U_P = 195, // d a off x k  (I32_LOAD_UPD, then BR_LT_U_P: one dispatch)
  I32_ADD_I_P__I32_ADD_I_P = 196, // w _ _  (I32_ADD_I_P, then I32_ADD_I_P: one dispatch)
  I64_XOR_SHR_U_I_P__I64_XOR_SHL_I_P = 197, // w _ _ k  (I64_XOR_SHR_U_I_P, then I64_XOR_SHL_I_P: one dispatch)
  I64_LT_S__SELECT = 198, // d a b  (I64_LT_S, then SELECT: one dispatch)
  I64_ADD_P__I64_XOR_P = 199, // w _ _  (I64_ADD_P, then I64_XOR_P: one dispatch)
  I64_SHR_U_I__I64_MUL_P = 200, // d a k  (I64_SHR_U_I, then I64_MUL_P: one dispatch)
  I32_ADD3__I32_ADD_P = 201, // d a b c  (I32_ADD3, then I32_ADD_P: one dispatch)
  I64_LOAD_P__I64_LOAD_P = 202, // w _ off _  (I64_LOAD_P, then I64_LOAD_P: one dispatch)
  F64_MUL_P__F64_LOAD_N_P = 203, // w _ _  (F64_MUL_P, then F64_LOAD_N_P: one dispatch)
  F64_SUB__F64_MUL_P = 204, // d a b  (F64_SUB, then F64_MUL_P: one dispatch)
  F64_SUB_STORE__I64_LOAD_P = 205, // p a b off  (F64_SUB_STORE, then I64_LOAD_P: one dispatch)
  I64_LOAD_P__F64_MUL3 = 206, // w _ off _  (I64_LOAD_P, then F64_MUL3: one dispatch)
  F64_MUL3__F64_SUB_STORE = 207, // d a b c  (F64_MUL3, then F64_SUB_STORE: one dispatch)
  I32_ADD_P__I32_STORE_P = 208, // w _ _  (I32_ADD_P, then I32_STORE_P: one dispatch)
  I32_LOAD_P__I32_ROTL2_SHR_I = 209, // w _ off _  (I32_LOAD_P, then I32_ROTL2_SHR_I: one dispatch)
  I32_ADD_I_P__I32_STORE_P = 210, // w _ _  (I32_ADD_I_P, then I32_STORE_P: one dispatch)
  I64_XOR_SHR_U_I_P__I64_MUL_P = 211, // w _ _ k  (I64_XOR_SHR_U_I_P, then I64_MUL_P: one dispatch)
  I64_XOR_P__I64_ROTL = 212, // w _ _  (I64_XOR_P, then I64_ROTL: one dispatch)
  I64_MUL_P__I64_XOR_SHR_U_I_P = 213, // w _ _  (I64_MUL_P, then I64_XOR_SHR_U_I_P: one dispatch)
  F64_SUB__F64_MUL_ADD = 214, // d a b  (F64_SUB, then F64_MUL_ADD: one dispatch)
  F64_ADD__F64_SQRT = 215, // d a b  (F64_ADD, then F64_SQRT: one dispatch)
  F64_MUL_P__F64_DIV = 216, // w _ _  (F64_MUL_P, then F64_DIV: one dispatch)
  I32_ADD_I_P__ADD_I_BR_NZ = 217, // w _ _  (I32_ADD_I_P, then ADD_I_BR_NZ: one dispatch)
  I32_ROTL3_I__I32_ADD3 = 218, // d x k1 k2 k3  (I32_ROTL3_I, then I32_ADD3: one dispatch)
  I32_XOR_I__I32_AND_P = 219, // d a k  (I32_XOR_I, then I32_AND_P: one dispatch)
  MOV_P__I32_ROTL3_I = 220, // w _  (MOV_P, then I32_ROTL3_I: one dispatch)
  I32_XOR__I32_AND_P = 221, // d a b  (I32_XOR, then I32_AND_P: one dispatch)
  I32_AND_P__I32_XOR = 222, // w _ _  (I32_AND_P, then I32_XOR: one dispatch)
  I32_STORE_P__MOV2 = 223, // w _ off  (I32_STORE_P, then MOV2: one dispatch)
  I32_LOAD_P__BR_LT_U_P = 224, // w _ off _  (I32_LOAD_P, then BR_LT_U_P: one dispatch)
  I32_ADD_I_P__I32_LT_S = 225, // w _ _  (I32_ADD_I_P, then I32_LT_S: one dispatch)
  I32_LOAD_P__BR = 226, // w _ off _  (I32_LOAD_P, then BR: one dispatch)
  I32_SHL_I_P__I32_ADD_I_P__I32_LOAD8_U_P__BR_TABLE = 227, // w _ _  (I32_SHL_I_P, then I32_ADD_I_P, then I32_LOAD8_U_P, then BR_TABLE: one dispatch)
  I32_ADD_P__I32_GT_U_I__I32_ADD_I_P__BR_IF = 228, // w _ _  (I32_ADD_P, then I32_GT_U_I, then I32_ADD_I_P, then BR_IF: one dispatch)
  I32_ADD_I_P__I32_LOAD_UPD__BR_LT_U_P = 229, // w _ _  (I32_ADD_I_P, then I32_LOAD_UPD, then BR_LT_U_P: one dispatch)
  I32_ADD_I_P__I32_LOAD_P__I32_ADD_I_P__BR_LT_U_P = 230, // w _ _  (I32_ADD_I_P, then I32_LOAD_P, then I32_ADD_I_P, then BR_LT_U_P: one dispatch)
  I32_LOAD8_U_P__I32_ADD_SHL__I32_LOAD8_U_P__I32_LOAD_IDX_P = 231, // w _ off _  (I32_LOAD8_U_P, then I32_ADD_SHL, then I32_LOAD8_U_P, then I32_LOAD_IDX_P: one dispatch)
  MOV2__MOV2__MOV_P__BR = 232, // d s d2 s2  (MOV2, then MOV2, then MOV_P, then BR: one dispatch)
  MOV2__I32_LOAD_P__I32_AND_P = 233, // d s d2 s2  (MOV2, then I32_LOAD_P, then I32_AND_P: one dispatch)
  I32_ADD3__I32_ADD_P__BR_EQ_I = 234, // d a b c  (I32_ADD3, then I32_ADD_P, then BR_EQ_I: one dispatch)
  I64_ADD_P__I64_AND__BR_I64_NEZ = 235, // w _ _  (I64_ADD_P, then I64_AND, then BR_I64_NEZ: one dispatch)
  I32_ADD_I_P__F64_MUL3__F64_LOAD_N_P__F64_ADD_STORE = 236, // w _ _  (I32_ADD_I_P, then F64_MUL3, then F64_LOAD_N_P, then F64_ADD_STORE: one dispatch)
  F64_LOAD_N_P__F64_MUL_ADD__I64_STORE = 237, // w _ off _  (F64_LOAD_N_P, then F64_MUL_ADD, then I64_STORE: one dispatch)
  MOV_P__I64_ADD_P__BR_I64_NE = 238, // w _  (MOV_P, then I64_ADD_P, then BR_I64_NE: one dispatch)
  I32_ADD_P__I32_LOAD_P__I32_ADD_I_P = 239, // w _ _  (I32_ADD_P, then I32_LOAD_P, then I32_ADD_I_P: one dispatch)
  I64_DIV_S = 240, // d a b
  I64_DIV_U = 241, // d a b
  I64_REM_S = 242, // d a b
  I64_REM_U = 243, // d a b
  I64_CLZ = 244, // d a
  I64_CTZ = 245, // d a
  I64_POPCNT = 246, // d a
  I64_EXTEND8_S = 247, // d a
  I64_EXTEND16_S = 248, // d a
  I64_EXTEND32_S = 249, // d a
  F32_SQRT = 250, // d a
  F32_CEIL = 251, // d a
  F32_FLOOR = 252, // d a
  F32_TRUNC = 253, // d a
  F32_NEAREST = 254, // d a
  F32_MIN = 255, // d a b
  F32_MAX = 256, // d a b
  F32_COPYSIGN = 257, // d a b
  F64_CEIL = 258, // d a
  F64_FLOOR = 259, // d a
  F64_TRUNC = 260, // d a
  F64_NEAREST = 261, // d a
  F64_MIN = 262, // d a b
  F64_MAX = 263, // d a b
  F64_COPYSIGN = 264, // d a b
  I32_TRUNC_F32_S = 265, // d a
  I32_TRUNC_F32_U = 266, // d a
  I32_TRUNC_F64_U = 267, // d a
  I64_TRUNC_F32_S = 268, // d a
  I64_TRUNC_F32_U = 269, // d a
  I64_TRUNC_F64_S = 270, // d a
  I64_TRUNC_F64_U = 271, // d a
  F32_CONVERT_I32_S = 272, // d a
  F32_CONVERT_I32_U = 273, // d a
  F32_CONVERT_I64_S = 274, // d a
  F32_CONVERT_I64_U = 275, // d a
  F32_DEMOTE_F64 = 276, // d a
  F64_CONVERT_I32_U = 277, // d a
  F64_CONVERT_I64_S = 278, // d a
  F64_CONVERT_I64_U = 279, // d a
  F64_PROMOTE_F32 = 280, // d a
  I32_TRUNC_SAT_F32_S = 281, // d a
  I32_TRUNC_SAT_F32_U = 282, // d a
  I32_TRUNC_SAT_F64_S = 283, // d a
  I32_TRUNC_SAT_F64_U = 284, // d a
  I64_TRUNC_SAT_F32_S = 285, // d a
  I64_TRUNC_SAT_F32_U = 286, // d a
  I64_TRUNC_SAT_F64_S = 287, // d a
  I64_TRUNC_SAT_F64_U = 288, // d a
  MEMORY_SIZE = 289, // d mem
  MEMORY_GROW = 290, // d mem a
  MEMORY_FILL = 291, // mem d v n
  MEMORY_COPY = 292, // dmem smem d s n
  MEMORY_INIT = 293, // mem seg d s n
  DATA_DROP = 294, // seg
  TABLE_GET = 295, // d tab i
  TABLE_SET = 296, // tab i v
  TABLE_SIZE = 297, // d tab
  TABLE_GROW = 298, // d tab v n
  TABLE_FILL = 299, // tab i v n
  TABLE_COPY = 300, // dtab stab d s n
  TABLE_INIT = 301, // tab seg d s n
  ELEM_DROP = 302, // seg
  REF_NULL = 303, // d
  REF_IS_NULL = 304, // d a
  REF_FUNC = 305, // d fid
  SELECT_REF = 306, // d c a b
  GLOBAL_GET_REF = 307, // d g
  GLOBAL_SET_REF = 308, // g s
  CONST128 = 309, // d w0 w1 w2 w3
  SELECT128 = 310, // d c a b
  GLOBAL_GET128 = 311, // d g
  GLOBAL_SET128 = 312, // g s
  SIMD = 313, // sub d a b c lane w0 w1 w2 w3 (memory ops: a = address, b = vector, w0/w2 = offset lo/hi, w1 = memory, w3 = 1 if 64-bit)
  REF_AS_NON_NULL = 314, // d a
  BR_ON_NULL = 315, // a t
  BR_ON_NON_NULL = 316, // a t
  MEM_ACCESS = 317, // wop mem x y off  (any load/store on memory `mem`: wop is the wasm opcode; loads x = d, y = address; stores x = address, y = value)
  ATOMIC = 318, // sub mem d a b c offLo offHi  (threads: 0xFE sub-opcode; a = address, b/c other operands, -1 when absent)
  THROW = 319, // tag a  (payload values contiguous from slot a)
  THROW_REF = 320, // a  (exnref)
  GC = 321, // sub d x y s0 s1 s2 s3 s4  (GC instructions, see exec/gc.ts; the GC pack's)
  GLOBAL_GET_X = 322, // d gi k  (global index gi of the instance, living in another store; k units)
  GLOBAL_SET_X = 323, // gi s k
  FUEL = 324, // k  (charge a segment of k wasm instructions; only in code of instrumented stores: exec/fuel.ts)
  BREAK = 325, //  (a debugger's breakpoint patched over an instruction of a debug store's code: exec/debug.ts)
  REF_EQ = 326, // d a b  (ref.eq: i32 d = 1 if the references at a and b are equal)
  OSR = 327, // k loop  (count down k at a loop header; at 0 the JS tier runs the rest of the call from there: exec/cold.ts; only in code of stores that compile hot loops)
  WIDE = 328, // sub d d2 a b x y  (wide arithmetic: 0xFC sub-opcode; d, d2 the result's low and high i64; add128/sub128: a b the first operand's halves, x y the second's; mul_wide_s/_u: a b the operands, x y = a b; the wide-arithmetic pack's)
  MOV_P = 329, // w _  (MOV, d s in w: translate/packed-operands.ts)
  I32_LOAD_P = 330, // w _ off _  (I32_LOAD, d a k in w: translate/packed-operands.ts)
  I64_LOAD_P = 331, // w _ off _  (I64_LOAD, d a k in w: translate/packed-operands.ts)
  I32_LOAD8_U_P = 332, // w _ off _  (I32_LOAD8_U, d a k in w: translate/packed-operands.ts)
  F64_LOAD_N_P = 333, // w _ off _  (F64_LOAD_N, d a k in w: translate/packed-operands.ts)
  I32_STORE_P = 334, // w _ off  (I32_STORE, a v in w: translate/packed-operands.ts)
  I32_ADD_P = 335, // w _ _  (I32_ADD, d a b in w: translate/packed-operands.ts)
  I32_AND_P = 336, // w _ _  (I32_AND, d a b in w: translate/packed-operands.ts)
  I32_ADD_I_P = 337, // w _ _  (I32_ADD_I, d a k in w: translate/packed-operands.ts)
  I32_SHL_I_P = 338, // w _ _  (I32_SHL_I, d a k in w: translate/packed-operands.ts)
  BR_LT_U_P = 339, // w _ t  (BR_LT_U, a b in w: translate/packed-operands.ts)
  BR_GE_S_I_P = 340, // w _ t  (BR_GE_S_I, a k in w: translate/packed-operands.ts)
  I64_ADD_P = 341, // w _ _  (I64_ADD, d a b in w: translate/packed-operands.ts)
  I64_XOR_P = 342, // w _ _  (I64_XOR, d a b in w: translate/packed-operands.ts)
  F64_MUL_P = 343, // w _ _  (F64_MUL, d a b in w: translate/packed-operands.ts)
  I32_LOAD_IDX_P = 344, // w _ _ k off  (I32_LOAD_IDX, d a x in w: translate/packed-operands.ts)
  I64_XOR_SHR_U_I_P = 345, // w _ _ k  (I64_XOR_SHR_U_I, d a x in w: translate/packed-operands.ts)
  I64_MUL_P = 346, // w _ _  (I64_MUL, d a b in w: translate/packed-operands.ts)
  I64_XOR_SHL_I_P = 347, // w _ _ k  (I64_XOR_SHL_I, d a x in w: translate/packed-operands.ts)
  CONST__BR = 348, // d lo hi  (CONST, then BR: one dispatch; real programs, after the packed forms)
  I64_EXTEND_I32_U__I64_ADD_P = 349, // d a  (I64_EXTEND_I32_U, then I64_ADD_P: one dispatch; real programs, after the packed forms)
  I32_ADD_I_P__GLOBAL_SET = 350, // w _ _  (I32_ADD_I_P, then GLOBAL_SET: one dispatch; real programs, after the packed forms)
  I32_LOAD_P__I32_LOAD_P = 351, // w _ off _  (I32_LOAD_P, then I32_LOAD_P: one dispatch; real programs, after the packed forms)
  I32_STORE_P__I32_LOAD_P = 352, // w _ off  (I32_STORE_P, then I32_LOAD_P: one dispatch; real programs, after the packed forms)
  BR_IF__CONST = 353, // c t  (BR_IF, then CONST: one dispatch; real programs, after the packed forms)
}

/** First opcode handled outside the dispatch loop. */
export const COLD_START = 240;

/** First packed-operand opcode (translate/packed-operands.ts): after the cold ones, yet handled by the loop. */
export const PACKED_START = 329;

/**
 * Operand layout of every opcode, in opcode order, one word each (`-`: no operands): one letter per operand,
 * `s` for a frame offset (a value slot, a call's argument base: relocated once the frame layout is final,
 * see Translator.relocatePool), `i` for anything else. BR_TABLE's word covers its first operand only (its
 * length is 2 + n + 1). One short string instead of tables keyed by name keeps the bundle small (the enum
 * itself is inlined as numbers); test/vm/opcodes.test.ts checks it against the operand comments above.
 */
const LAYOUT =
  '- i si si s - is iiss ss ss sii ssss si is ssii ssii ssii ssii ssii ssii ssii ssii ssii ssii ssii ' +
  'ssii ssi ssi ssi ssi sss sss sss sss sss sss sss sss sss sss sss sss sss sss sss sss sss sss sss ' +
  'sss sss sss sss sss sss ss ss ss ss ss ss ssi ssi ssi ssi ssi ssi ssi ssi ssi ssi ssi ssi ssi ssi ' +
  'ssi ssi ssi ssi ssi ssi ssi ssi ssi ssi ssi ssi ssi ssi sii sii sii sii sii sii sii sii sii sii ' +
  'sss sss sss sss sss sss sss sss sss sss sss sss sss sss sss sss sss sss sss sss sss ss ss ss sss ' +
  'sss sss sss sss sss sss sss sss sss sss sss sss sss sss sss sss sss sss sss ss ss ss ss ss ss ss ' +
  'sssi ssss ssii ssii ssisi ssss i iis iss s ssi ssi ssi sssi sssi ssss sssi sssi sssi sssii ssss ' +
  'ssi ssi si si ssi sssi sssi sssi ssii ssii ssiii ssiii iii iiii iii iiii iii ii iii iiii iii iii ' +
  'iiii iii ssisi iii iiii sss iii ssi ssss iiii iii sss sssi iiii ssss iii iiii iii iiii iii iii sss ' +
  'sss iii iii ssiii ssi ii sss iii iii iiii iii iiii iii iii iii iii iiii ssss ssss ssss iii iii ' +
  'iiii ii iii sss sss sss sss ss ss ss ss ss ss ss ss ss ss ss sss sss sss ss ss ss ss sss sss sss ' +
  'ss ss ss ss ss ss ss ss ss ss ss ss ss ss ss ss ss ss ss ss ss ss ss ss si sis isss iisss iisss i ' +
  'sis iss si siss isss iisss iisss i s ss si ssss si is siiii ssss si is issssiiiii ss si si iissi ' +
  'iissssii is s isiisssss sii isi i - sss ii issssss ii iiii iiii iiii iiii iii iii iii iii iii iii iii iii ' +
  'iii iii iiiii iiii iii iiii sii ss iii iiii iii si';

/** Operand count after each opcode (BR_TABLE: see LAYOUT). */
export const OPERANDS: number[] = [];
/** Operand positions (0-based, after the opcode) that hold frame offsets, per opcode. */
export const SLOT_OPERANDS: number[][] = [];
LAYOUT.split(' ').forEach((w, op) => {
  const slots: number[] = [];
  for (let p = 0; p < w.length; p++) if (w[p] === 's') slots.push(p);
  OPERANDS[op] = w === '-' ? 0 : w.length;
  SLOT_OPERANDS[op] = slots;
});

/** The length in words of the instruction at pc (opcode and operands). */
export function instructionLength(code: Int32Array, pc: number): number {
  const op = code[pc];
  return 1 + (op === Op.BR_TABLE ? 2 + code[pc + 2] + 1 : OPERANDS[op]);
}
