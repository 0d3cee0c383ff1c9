// GC instructions (0xFB prefix and ref.eq), all through the generic cold instruction
//   GC sub d x y s0 s1 s2 s3 s4
// sub: the 0xFB sub-opcode (0xd3 for ref.eq); d: result slot (-1 none); x, y: immediates (type index,
// field / segment / second type index, heap type); s0..s4: operand slots in operand order (-1 none).
// struct.new and array.new_fixed take their operands contiguous from s0 (y = count for new_fixed).
import { CONCRETE_BASE, HeapType, I8, I16, V128 } from '../../decoder/module.js';
import { canonicalSubtype } from '../../validate/index.js';
import { OOB_MEMORY, OOB_TABLE, Trap } from '../errors.js';
import { FuncInst } from '../runtime/func.js';
import {
  ArrayRef, I31Ref, StructRef, anyConvertExtern, arrayLayout, externConvertAny, refEq, storeField,
  structLayout,
} from '../runtime/gc-objects.js';
import type { ArrayLayout } from '../runtime/gc-objects.js';
import type { InstanceState } from '../runtime/instance-state.js';

// Repeated messages are one constant so the bundle holds the text once.
const OOB_ARRAY = 'out of bounds array access';

const ZERO = new Int32Array(4);

/** Whether non-null-or-null reference v belongs to heap type `heap` (nullable: null matches). */
export function refMatches(v: unknown, heap: number, nullable: boolean, inst: InstanceState): boolean {
  if (v === null) return nullable;
  if (heap >= CONCRETE_BASE) {
    const cid = inst.vm.canonicalTypeIds[heap - CONCRETE_BASE];
    let id: number;
    if (v instanceof StructRef || v instanceof ArrayRef || v instanceof FuncInst) id = v.typeId;
    else return false;
    return id === cid || canonicalSubtype(id, cid);
  }
  switch (heap) {
    case HeapType.any: case HeapType.extern: case HeapType.func: case HeapType.exn: return true;
    case HeapType.eq: return v instanceof StructRef || v instanceof ArrayRef || v instanceof I31Ref;
    case HeapType.i31: return v instanceof I31Ref;
    case HeapType.struct: return v instanceof StructRef;
    case HeapType.array: return v instanceof ArrayRef;
    default: return false; // none, nofunc, noextern, noexn: only null
  }
}

function newArray(l: ArrayLayout, n: number): ArrayRef {
  if (n > 0x10000000) throw new Trap('out of memory'); // far beyond what a JS heap holds
  return new ArrayRef(l.typeId, n, l.esize, new Int32Array(n * l.esize), l.isRef ? new Array<unknown>(n * l.esize).fill(null) : null);
}

/** Reads `l.bytes` little-endian bytes of a data segment at p into dst[d..] (element storage form: an i8 or
 *  i16 in one unit, anything wider as 32-bit words). */
function elemFromBytes(l: ArrayLayout, seg: Uint8Array, p: number, dst: Int32Array, d: number): void {
  if (l.bytes < 4) dst[d] = l.bytes === 1 ? seg[p] : seg[p] | (seg[p + 1] << 8);
  else for (let k = 0; k < l.bytes; k += 4) dst[d + (k >> 2)] = seg[p + k] | (seg[p + k + 1] << 8) | (seg[p + k + 2] << 16) | (seg[p + k + 3] << 24);
}

/** A new struct from contiguous values at I[base..] (or defaults when base < 0). */
export function newStruct(inst: InstanceState, x: number, I: Int32Array, refs: unknown[], base: number): StructRef {
  const l = structLayout(inst.vm, x);
  const u = new Int32Array(l.units);
  const r = l.hasRefs ? new Array<unknown>(l.units).fill(null) : null;
  if (base >= 0) {
    for (let i = 0; i < l.types.length; i++) {
      const t = l.types[i];
      const o = l.offsets[i];
      storeField(t, u, r, o, I, base + o, refs[base + o]);
    }
  }
  return new StructRef(l.typeId, u, r);
}

/** array.new_fixed from contiguous values at I[base..]; array.new (n copies of one value) when fill. */
export function newArrayOf(inst: InstanceState, x: number, n: number, I: Int32Array, refs: unknown[], base: number, fill: boolean): ArrayRef {
  const l = arrayLayout(inst.vm, x);
  const a = newArray(l, n);
  if (base < 0) return a;
  for (let i = 0; i < n; i++) {
    const s = fill ? base : base + i * l.esize;
    storeField(l.type, a.units, a.refs, i * l.esize, I, s, refs[s]);
  }
  return a;
}

/**
 * array.new_data / array.new_elem (`a` null: a new array of n elements) and array.init_data /
 * array.init_elem (into `a` from element d): n elements of data segment `seg` (from byte s) or of element
 * segment `seg` (from element s), after the segment's bounds check.
 */
function fromSegment(inst: InstanceState, x: number, data: boolean, seg: number, s: number, n: number, a: ArrayRef | null, d: number): ArrayRef {
  const l = arrayLayout(inst.vm, x);
  const bytes = inst.datas[seg];
  const elems = inst.elems[seg];
  if (data ? s + n * l.bytes > (bytes?.length ?? 0) : s + n > (elems?.length ?? 0)) {
    throw new Trap(data ? OOB_MEMORY : OOB_TABLE);
  }
  if (a === null) a = newArray(l, n);
  for (let i = 0; i < n; i++) {
    if (data) elemFromBytes(l, bytes!, s + i * l.bytes, a.units, (d + i) * a.esize);
    else a.refs![(d + i) * 2] = elems![s + i];
  }
  return a;
}

/** Reads a field of storage type t at src[o..] into the stack at D (get_s: sign-extend packed). */
function loadField(t: number, units: Int32Array, refs: unknown[] | null, o: number, I: Int32Array, R: unknown[], D: number, signed: boolean): void {
  if (t === I8 || t === I16) {
    const k = t === I8 ? 24 : 16; // the bits above the packed value
    I[D] = signed ? (units[o] << k) >> k : units[o] & (-1 >>> k);
    I[D + 1] = 0;
  } else {
    I[D] = units[o];
    I[D + 1] = units[o + 1];
    if (t === V128) {
      I[D + 2] = units[o + 2];
      I[D + 3] = units[o + 3];
    }
    if (refs !== null) R[D] = refs[o];
  }
}

function arrayOperand(v: unknown): ArrayRef {
  if (v === null) throw new Trap('null array reference');
  return v as ArrayRef;
}

export function execGc(code: Int32Array, pc: number, fp: number, inst: InstanceState): number {
  const m = inst.store;
  const I = m.I32;
  const R = m.refs;
  const sub = code[pc + 1];
  const D = fp + code[pc + 2];
  const x = code[pc + 3];
  const y = code[pc + 4];
  const s0 = fp + code[pc + 5], s1 = fp + code[pc + 6], s2 = fp + code[pc + 7], s3 = fp + code[pc + 8], s4 = fp + code[pc + 9];
  const next = pc + 10;
  // A result: reference `res` (its units zero) or i32 `n` (its ref slot null); cases without one return.
  let res: unknown = null;
  let n = 0;
  switch (sub) {
    case 0x00: res = newStruct(inst, x, I, R, s0); break;
    case 0x01: res = newStruct(inst, x, ZERO, [], -1); break;
    case 0x02: case 0x03: case 0x04: case 0x05: { // struct.get(_s/_u) x y, struct.set x y
      const s = R[s0] as StructRef | null;
      if (s === null) throw new Trap('null structure reference');
      const l = structLayout(inst.vm, x);
      if (sub === 0x05) storeField(l.types[y], s.units, s.refs, l.offsets[y], I, s1, R[s1]);
      else loadField(l.types[y], s.units, s.refs, l.offsets[y], I, R, D, sub === 0x03);
      return next;
    }
    case 0x06: res = newArrayOf(inst, x, I[s1] >>> 0, I, R, s0, true); break;
    case 0x07: res = newArrayOf(inst, x, I[s0] >>> 0, I, R, -1, false); break;
    case 0x08: res = newArrayOf(inst, x, y, I, R, y > 0 ? s0 : -1, false); break;
    case 0x09: case 0x0a: res = fromSegment(inst, x, sub === 0x09, y, I[s0] >>> 0, I[s1] >>> 0, null, 0); break;
    case 0x0b: case 0x0c: case 0x0d: case 0x0e: { // array.get(_s/_u) x, array.set x
      const a = arrayOperand(R[s0]);
      const i = I[s1] >>> 0;
      if (i >= a.length) throw new Trap(OOB_ARRAY);
      const t = arrayLayout(inst.vm, x).type;
      if (sub === 0x0e) storeField(t, a.units, a.refs, i * a.esize, I, s2, R[s2]);
      else loadField(t, a.units, a.refs, i * a.esize, I, R, D, sub === 0x0c);
      return next;
    }
    case 0x0f: n = arrayOperand(R[s0]).length; break;
    case 0x10: { // array.fill x: ref off val n
      const a = arrayOperand(R[s0]);
      const off = I[s1] >>> 0, n = I[s3] >>> 0;
      if (off + n > a.length) throw new Trap(OOB_ARRAY);
      const t = arrayLayout(inst.vm, x).type;
      for (let i = 0; i < n; i++) storeField(t, a.units, a.refs, (off + i) * a.esize, I, s2, R[s2]);
      return next;
    }
    case 0x11: { // array.copy x y: dst doff src soff n
      const dst = arrayOperand(R[s0]);
      const src = arrayOperand(R[s2]);
      const doff = I[s1] >>> 0, soff = I[s3] >>> 0, n = I[s4] >>> 0;
      if (doff + n > dst.length || soff + n > src.length) throw new Trap(OOB_ARRAY);
      const e = dst.esize;
      if (dst === src) {
        dst.units.copyWithin(doff * e, soff * e, (soff + n) * e);
        if (dst.refs !== null) dst.refs.copyWithin(doff * e, soff * e, (soff + n) * e);
      } else {
        dst.units.set(src.units.subarray(soff * e, (soff + n) * e), doff * e);
        if (dst.refs !== null && src.refs !== null) {
          for (let i = 0; i < n * e; i++) dst.refs[doff * e + i] = src.refs[soff * e + i];
        }
      }
      return next;
    }
    case 0x12: case 0x13: { // array.init_data / array.init_elem x seg: ref d s n
      const a = arrayOperand(R[s0]);
      const d = I[s1] >>> 0, n = I[s3] >>> 0;
      if (d + n > a.length) throw new Trap(OOB_ARRAY);
      fromSegment(inst, x, sub === 0x12, y, I[s2] >>> 0, n, a, d);
      return next;
    }
    case 0x14: case 0x15: // ref.test (null) ht
      n = refMatches(R[s0], x, sub === 0x15, inst) ? 1 : 0;
      break;
    case 0x16: case 0x17: { // ref.cast (null) ht
      const v = R[s0];
      if (!refMatches(v, x, sub === 0x17, inst)) throw new Trap('cast failure');
      res = v;
      break;
    }
    case 0x18: case 0x19: // br_on_cast(_fail) helper: test into d (y: target nullable)
      n = refMatches(R[s0], x, y !== 0, inst) ? 1 : 0;
      break;
    case 0x1a: res = anyConvertExtern(R[s0]); break;
    case 0x1b: res = externConvertAny(R[s0]); break;
    case 0x1c: res = new I31Ref(I[s0] & 0x7fffffff); break;
    case 0x1d: case 0x1e: {
      const v = R[s0] as I31Ref | null;
      if (v === null) throw new Trap('null i31 reference');
      n = sub === 0x1d ? (v.v << 1) >> 1 : v.v;
      break;
    }
    case 0xd3: n = refEq(R[s0], R[s1]) ? 1 : 0; break;
    default:
      throw new Error(`internal error: GC sub-opcode 0x${sub.toString(16)}`);
  }
  R[D] = res;
  I[D] = n;
  I[D + 1] = 0;
  return next;
}

