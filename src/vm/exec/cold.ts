// Instructions outside the dispatch loop: i64 division and bit counts, the rarer float operations and
// conversions, memory/table size and bulk operations, references, v128 moves and SIMD. Called from the
// loop's `default` with the instruction at code[pc]; returns the next pc. State comes from the instance's store.
import { OOB_TABLE, Trap } from '../errors.js';
import * as cv from '../ops/convert.js';
import * as fl from '../ops/float.js';
import * as i64 from '../ops/i64.js';
import { Op } from '../translate/opcodes.js';
import type { FuncInst } from '../runtime/func.js';
import type { InstanceState } from '../runtime/instance-state.js';
import type { MemoryInst } from '../runtime/memory.js';
import type { TableInst } from '../runtime/table.js';

import { fuelCheck } from './fuel.js';
import { PACK_RUNTIME, vmPack } from '../pack.js';
import { refEq } from '../runtime/gc-objects.js';
import { WasmException } from '../runtime/tag.js';
import { units, unitsOf } from '../runtime/func.js';
import { isRefType } from '../../decoder/module.js';
import { memoryCopy, memoryFill, memoryInit, tableCopy, tableFill, tableInit } from './bulk.js';
import { memAccess } from './mem-access.js';

const out = i64.out;

const I64_DIVISIONS = [i64.div_s, i64.div_u, i64.rem_s, i64.rem_u];
const I64_COUNTS = [i64.clz, i64.ctz, i64.popcnt];
const F32_OPS: Array<(x: number, y: number) => number> = [Math.sqrt, Math.ceil, Math.floor, Math.trunc, fl.nearest, Math.min, Math.max];
const F64_OPS: Array<(x: number, y: number) => number> = [Math.ceil, Math.floor, Math.trunc, fl.nearest, Math.min, Math.max];
/**
 * Conversions I32_TRUNC_F32_S..I64_TRUNC_SAT_F64_U in opcode order: I32_TRUNC_F32_S/_U, I32_TRUNC_F64_U, I64_TRUNC_F32_S/_U,
 * I64_TRUNC_F64_S/_U, F32_CONVERT_I32_S/_U, F32_CONVERT_I64_S/_U, F32_DEMOTE_F64, F64_CONVERT_I32_U,
 * F64_CONVERT_I64_S/_U, F64_PROMOTE_F32, then the saturating I32_ and I64_TRUNC_SAT_F32_S/_U, _F64_S/_U.
 * CONVERSION_KINDS gives each one's operand and result: i an i32 (or f32 bits) in I, l an i64 (or f64 bits) as
 * two words (the result through `out`), f an f32 value in F32, d an f64 value in F64. (Conversions the
 * dispatch loop runs itself are not here.)
 */
const CONVERSIONS: Array<(x: number, y: number) => number | void> = [
  cv.i32_trunc_s, cv.i32_trunc_u, cv.i32_trunc_u, cv.i64_trunc_s, cv.i64_trunc_u, cv.i64_trunc_s, cv.i64_trunc_u,
  cv.f32_convert_i32_s, cv.f32_convert_i32_u, cv.f32_convert_i64_s, cv.f32_convert_i64_u, cv.f32_demote_f64_bits,
  cv.f64_convert_i32_u, cv.f64_convert_i64_s, cv.f64_convert_i64_u, cv.f64_promote_f32_bits,
  cv.i32_trunc_sat_s, cv.i32_trunc_sat_u, cv.i32_trunc_sat_s, cv.i32_trunc_sat_u,
  cv.i64_trunc_sat_s, cv.i64_trunc_sat_u, cv.i64_trunc_sat_s, cv.i64_trunc_sat_u,
];
const CONVERSION_KINDS = 'fi fi di fl fl dl dl if if lf lf li id ld ld il fi fi di di fl fl dl dl';

/** Stores an f64 result; a NaN becomes the canonical quiet NaN (engines may pass a signalling NaN through
 *  Math.floor & co. unchanged, but wasm requires an arithmetic NaN). */
function setF64(I: Int32Array, F64: Float64Array, d: number, v: number): void {
  if (v !== v) {
    I[d] = 0;
    I[d + 1] = 0x7ff80000;
  } else F64[d >> 1] = v;
}

/** An address/length operand as an unsigned number (an i64 exactly up to 2^53; beyond, far out of bounds). */
function addr(I: Int32Array, u: number, is64: boolean): number {
  return is64 ? (I[u] >>> 0) + (I[u + 1] >>> 0) * 4294967296 : I[u] >>> 0;
}

/** Copies a v128's four units. */
function copy128(dst: Int32Array, d: number, src: Int32Array, s: number): void {
  dst[d] = src[s];
  dst[d + 1] = src[s + 1];
  dst[d + 2] = src[s + 2];
  dst[d + 3] = src[s + 3];
}

/** Records the throw site for the unwinder (interpreter.ts execute), then throws. */
function throwAt(m: InstanceState['store'], fp: number, pc: number, e: unknown): never {
  m.excFn = m.curFn;
  m.excFp = fp;
  m.excPc = pc;
  throw e;
}

export function execCold(code: Int32Array, pc: number, fp: number, inst: InstanceState): number {
  const m = inst.store;
  const I = m.I32;
  const F32 = m.F32;
  const F64 = m.F64;
  const refs = m.refs;
  const op = code[pc];
  const d = fp + code[pc + 1];
  const a = fp + code[pc + 2];
  switch (op) {
    // ---- i64 division and bit counts: d a b
    case 240: /* I64_DIV_S */
    case 241: /* I64_DIV_U */
    case 242: /* I64_REM_S */
    case 243: /* I64_REM_U */ {
      const b = fp + code[pc + 3];
      I64_DIVISIONS[op - Op.I64_DIV_S](I[a], I[a + 1], I[b], I[b + 1]);
      I[d] = out[0];
      I[d + 1] = out[1];
      return pc + 4;
    }
    case 244: /* I64_CLZ */
    case 245: /* I64_CTZ */
    case 246: /* I64_POPCNT */
      I[d] = I64_COUNTS[op - Op.I64_CLZ](I[a], I[a + 1]);
      I[d + 1] = 0;
      return pc + 3;
    case 247: /* I64_EXTEND8_S */
    case 248: /* I64_EXTEND16_S */
    case 249: /* I64_EXTEND32_S */ {
      const k = 32 - (8 << (op - Op.I64_EXTEND8_S)); // 24, 16, 0
      const v = (I[a] << k) >> k;
      I[d] = v;
      I[d + 1] = v >> 31;
      return pc + 3;
    }

    // ---- floats through F32_OPS / F64_OPS (in opcode order); the binary ones read b at pc + 3
    case 250: /* F32_SQRT */
    case 251: /* F32_CEIL */
    case 252: /* F32_FLOOR */
    case 253: /* F32_TRUNC */
    case 254: /* F32_NEAREST */
    case 255: /* F32_MIN */
    case 256: /* F32_MAX */
      F32[d] = F32_OPS[op - Op.F32_SQRT](F32[a], F32[fp + code[pc + 3]]);
      return op < Op.F32_MIN ? pc + 3 : pc + 4;
    case 257: /* F32_COPYSIGN */
      I[d] = (I[a] & 0x7fffffff) | (I[fp + code[pc + 3]] & -2147483648);
      return pc + 4;
    case 258: /* F64_CEIL */
    case 259: /* F64_FLOOR */
    case 260: /* F64_TRUNC */
    case 261: /* F64_NEAREST */
    case 262: /* F64_MIN */
    case 263: /* F64_MAX */
      setF64(I, F64, d, F64_OPS[op - Op.F64_CEIL](F64[a >> 1], F64[(fp + code[pc + 3]) >> 1]));
      return op < Op.F64_MIN ? pc + 3 : pc + 4;
    case 264: /* F64_COPYSIGN */ {
      const b = fp + code[pc + 3];
      const hi = (I[a + 1] & 0x7fffffff) | (I[b + 1] & -2147483648);
      I[d] = I[a];
      I[d + 1] = hi;
      return pc + 4;
    }

    // ---- conversions (CONVERSIONS below)
    case 265: /* I32_TRUNC_F32_S */
    case 266: /* I32_TRUNC_F32_U */
    case 267: /* I32_TRUNC_F64_U */
    case 268: /* I64_TRUNC_F32_S */
    case 269: /* I64_TRUNC_F32_U */
    case 270: /* I64_TRUNC_F64_S */
    case 271: /* I64_TRUNC_F64_U */
    case 272: /* F32_CONVERT_I32_S */
    case 273: /* F32_CONVERT_I32_U */
    case 274: /* F32_CONVERT_I64_S */
    case 275: /* F32_CONVERT_I64_U */
    case 276: /* F32_DEMOTE_F64 */
    case 277: /* F64_CONVERT_I32_U */
    case 278: /* F64_CONVERT_I64_S */
    case 279: /* F64_CONVERT_I64_U */
    case 280: /* F64_PROMOTE_F32 */
    case 281: /* I32_TRUNC_SAT_F32_S */
    case 282: /* I32_TRUNC_SAT_F32_U */
    case 283: /* I32_TRUNC_SAT_F64_S */
    case 284: /* I32_TRUNC_SAT_F64_U */
    case 285: /* I64_TRUNC_SAT_F32_S */
    case 286: /* I64_TRUNC_SAT_F32_U */
    case 287: /* I64_TRUNC_SAT_F64_S */
    case 288: /* I64_TRUNC_SAT_F64_U */ {
      const k = op - Op.I32_TRUNC_F32_S;
      const from = CONVERSION_KINDS[3 * k];
      const to = CONVERSION_KINDS[3 * k + 1];
      const r = CONVERSIONS[k](from === 'f' ? F32[a] : from === 'd' ? F64[a >> 1] : I[a], I[a + 1]) as number;
      if (to === 'i') I[d] = r;
      else if (to === 'f') F32[d] = r;
      else if (to === 'd') F64[d >> 1] = r;
      else {
        I[d] = out[0];
        I[d + 1] = out[1];
      }
      return pc + 3;
    }

    // ---- memory: sizes in pages; bulk operations in bulk.ts
    case 289: /* MEMORY_SIZE */ {
      const pages = inst.memories[code[pc + 2]].pages; // above 2^32 only for a 64-bit memory of 1-byte pages
      I[d] = pages;
      I[d + 1] = pages / 4294967296;
      return pc + 3;
    }
    case 290: /* MEMORY_GROW */ {
      const mem = inst.memories[code[pc + 2]];
      const r = mem.grow(addr(I, fp + code[pc + 3], mem.index64));
      I[d] = r;
      I[d + 1] = mem.index64 ? (r < 0 ? -1 : r / 4294967296) : 0;
      return pc + 4;
    }
    case 291: /* MEMORY_FILL */ {
      const mem = inst.memories[code[pc + 1]];
      memoryFill(mem, addr(I, a, mem.index64), I[fp + code[pc + 3]], addr(I, fp + code[pc + 4], mem.index64));
      return pc + 5;
    }
    case 292: /* MEMORY_COPY */
    case 300: /* TABLE_COPY */ {
      // dst src d s n, on memories or on tables: n is 64-bit only when both are
      const onMemory = op === Op.MEMORY_COPY;
      const space: ReadonlyArray<MemoryInst | TableInst> = onMemory ? inst.memories : inst.tables;
      const dst = space[code[pc + 1]];
      const src = space[code[pc + 2]];
      const n = addr(I, fp + code[pc + 5], dst.index64 && src.index64);
      const at = addr(I, fp + code[pc + 3], dst.index64);
      const from = addr(I, fp + code[pc + 4], src.index64);
      if (onMemory) memoryCopy(dst as MemoryInst, src as MemoryInst, at, from, n);
      else tableCopy(dst as TableInst, src as TableInst, at, from, n);
      return pc + 6;
    }
    case 293: /* MEMORY_INIT */
    case 301: /* TABLE_INIT */ {
      // x seg d s n: a data segment into a memory, an element segment into a table
      const onMemory = op === Op.MEMORY_INIT;
      const x = code[pc + 1];
      const into = onMemory ? inst.memories[x] : inst.tables[x];
      const at = addr(I, fp + code[pc + 3], into.index64);
      const from = I[fp + code[pc + 4]] >>> 0;
      const n = I[fp + code[pc + 5]] >>> 0;
      if (onMemory) memoryInit(into as MemoryInst, inst.datas[code[pc + 2]], at, from, n);
      else tableInit(into as TableInst, inst.elems[code[pc + 2]], at, from, n);
      return pc + 6;
    }
    case 294: /* DATA_DROP */
      inst.datas[code[pc + 1]] = null;
      return pc + 2;

    // ---- tables
    case 295: /* TABLE_GET */ // d x i
    case 296: /* TABLE_SET */ { // x i v
      const get = op === Op.TABLE_GET;
      const t = inst.tables[code[pc + (get ? 2 : 1)]];
      const elems = t.elements;
      const i = addr(I, get ? fp + code[pc + 3] : a, t.index64);
      if (i >= elems.length) throw new Trap(OOB_TABLE);
      if (get) refs[d] = elems[i];
      else elems[i] = refs[fp + code[pc + 3]];
      return pc + 4;
    }
    case 297: /* TABLE_SIZE */
      I[d] = inst.tables[code[pc + 2]].elements.length;
      I[d + 1] = 0;
      return pc + 3;
    case 298: /* TABLE_GROW */ {
      const t = inst.tables[code[pc + 2]];
      const u = fp + code[pc + 4];
      const r = t.index64 && I[u + 1] !== 0 ? -1 : t.grow(I[u], refs[fp + code[pc + 3]]);
      I[d] = r;
      I[d + 1] = t.index64 && r < 0 ? -1 : 0;
      return pc + 5;
    }
    case 299: /* TABLE_FILL */ {
      const t = inst.tables[code[pc + 1]];
      tableFill(t, addr(I, a, t.index64), refs[fp + code[pc + 3]], addr(I, fp + code[pc + 4], t.index64));
      return pc + 5;
    }
    case 302: /* ELEM_DROP */
      inst.elems[code[pc + 1]] = null;
      return pc + 2;

    // ---- references
    case 303: /* REF_NULL */
      refs[d] = null;
      return pc + 2;
    case 304: /* REF_IS_NULL */
      I[d] = refs[a] === null ? 1 : 0;
      return pc + 3;
    case 326: /* REF_EQ */ // the core's (function references: ref.eq is in 3.0 without the GC pack)
      I[d] = refEq(refs[a], refs[fp + code[pc + 3]]) ? 1 : 0;
      I[d + 1] = 0;
      refs[d] = null;
      return pc + 4;
    case 305: /* REF_FUNC */
      refs[d] = m.funcs[code[pc + 2]] as FuncInst;
      return pc + 3;
    case 306: /* SELECT_REF */
      refs[d] = refs[fp + (I[a] !== 0 ? code[pc + 3] : code[pc + 4])];
      return pc + 5;
    case 307: /* GLOBAL_GET_REF */
      refs[d] = m.globalRefs[code[pc + 2]];
      return pc + 3;
    case 308: /* GLOBAL_SET_REF */
      m.globalRefs[code[pc + 1]] = refs[a];
      return pc + 3;
    case 324: /* FUEL */ {
      const n = code[pc + 1];
      if (m.budget >= n) m.budget -= n;
      else fuelCheck(m, n, fp, pc);
      return pc + 2;
    }
    case 327: /* OSR */ { // k loop: a loop header in code of a store that compiles hot loops
      if (--code[pc + 1] > 0) return pc + 3;
      // (jsRt: jsLoops > 0 only with a code generator)
      // ran the rest of the call, its results at fp: the code's last RETURN (translator.ts finish), after the
      // dispatch loop reloaded what the call may have moved (~pc)
      if (m.jsRt!.osr(m.curFn!, fp, m.depth, code[pc + 2])) return ~(code.length - 1);
      // not entered (the loop cannot be compiled, or compiled code may not run now: callAsync, interpretOnly):
      // never asked again, a jump over this instruction (counting on would cost a cold call per iteration)
      code[pc] = Op.BR;
      code[pc + 1] = pc + 3;
      return pc + 3;
    }
    case 325: /* BREAK */ // (only in a debug store's code: exec/debug.ts, of purewasm/debug)
      return m.debug!.onBreak(m, pc, fp);
    case 322: /* GLOBAL_GET_X */ // d x units: a global of another store, through its GlobalInst
    case 323: /* GLOBAL_SET_X */ { // x v units
      const get = op === Op.GLOBAL_GET_X;
      const g = inst.globalInsts[code[pc + (get ? 2 : 1)]];
      const G = g.store.globals;
      const R = g.store.globalRefs;
      for (let i = 0; i < code[pc + 3]; i++) {
        if (get) I[d + i] = G[g.addr + i];
        else G[g.addr + i] = I[a + i];
      }
      if (get) refs[d] = R[g.addr];
      else R[g.addr] = refs[a];
      return pc + 4;
    }

    // ---- v128 values (4 units)
    case 309: /* CONST128 */
      copy128(I, d, code, pc + 2);
      return pc + 6;
    case 310: /* SELECT128 */
      copy128(I, d, I, fp + (I[a] !== 0 ? code[pc + 3] : code[pc + 4]));
      return pc + 5;
    case 311: /* GLOBAL_GET128 */
      copy128(I, d, m.globals, code[pc + 2]);
      return pc + 3;
    case 312: /* GLOBAL_SET128 */
      copy128(m.globals, code[pc + 1], I, a);
      return pc + 3;
    // ---- loads and stores on a memory other than 0 (multi-memory)
    case 317: /* MEM_ACCESS */
      memAccess(code[pc + 1], inst.memories[code[pc + 2]], I, fp + code[pc + 3], fp + code[pc + 4], code[pc + 5]);
      return pc + 6;
    case 318: /* ATOMIC */ // the threads pack's (vm/pack.ts)
      return vmPack(inst.vm, 'threads').exec!(code, pc, fp, inst, PACK_RUNTIME);
    case 328: /* WIDE */ // the wide-arithmetic pack's (vm/pack.ts)
      return vmPack(inst.vm, 'wideArithmetic').exec!(code, pc, fp, inst, PACK_RUNTIME);

    // ---- exceptions
    case 319: /* THROW */ {
      const tag = inst.tags[code[pc + 1]];
      const n = unitsOf(tag.params);
      const u = I.slice(a, a + n);
      const r: unknown[] = new Array<unknown>(n).fill(null);
      for (let j = 0, o = 0; j < tag.params.length; o += units(tag.params[j]), j++) {
        if (isRefType(tag.params[j])) r[o] = refs[a + o];
      }
      return throwAt(m, fp, pc, new WasmException(tag, u, r));
    }
    case 321: /* GC */ // the GC pack's (vm/pack.ts)
      return vmPack(inst.vm, 'gc').exec!(code, pc, fp, inst, PACK_RUNTIME);
    case 320: /* THROW_REF */ {
      const e = refs[d];
      if (e === null || e === undefined) throw new Trap('null exception reference');
      return throwAt(m, fp, pc, e);
    }

    // ---- typed function references
    case 314: /* REF_AS_NON_NULL */
      if (refs[a] === null) throw new Trap('null reference');
      refs[d] = refs[a];
      return pc + 3;
    case 315: /* BR_ON_NULL */
      return refs[d] === null ? code[pc + 2] : pc + 3;
    case 316: /* BR_ON_NON_NULL */
      return refs[d] !== null ? code[pc + 2] : pc + 3;
    default: // SIMD: the SIMD pack's (vm/pack.ts)
      return vmPack(inst.vm, 'simd').exec!(code, pc, fp, inst, PACK_RUNTIME);
  }
}
