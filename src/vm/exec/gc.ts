// GC instructions (0xFB prefix), all through the generic cold instruction (ref.eq is the core's own REF_EQ:
// exec/cold.ts). The GC pack's execution (`purewasm/gc`, src/gc): the core's classes, layouts and canonical
// types come in `rt` (vm/pack.ts), so objects made here are the core's.
//   GC sub d x y s0 s1 s2 s3 s4
// sub: the 0xFB sub-opcode; d: result slot (-1 none); x, y: immediates (type index,
// field / segment / second type index, heap type); s0..s4: operand slots in operand order (-1 none).
// struct.new and array.new_fixed take their operands contiguous from s0 (y = count for new_fixed).
import { I8, I16, I32, V128 } from '../../decoder/module.js';
import type { ArrayType, StructType } from '../../decoder/module.js';
import type { Reader } from '../../decoder/reader.js';
import type { PackRuntime } from '../pack.js';
import type { ArrayLayout, ArrayRef, I31Ref, StructRef } from '../runtime/gc-objects.js';
import type { ConstValue } from '../runtime/const-expr.js';
import type { InstanceState } from '../runtime/instance-state.js';

// Repeated messages are one constant so the bundle holds the text once.
const OOB_ARRAY = 'out of bounds array access';

const ZERO = new Int32Array(4);

function newArray(l: ArrayLayout, n: number, rt: PackRuntime): ArrayRef {
  if (n > 0x10000000) throw new rt.Trap('out of memory'); // far beyond what a JS heap holds
  return new rt.ArrayRef(l.typeId, n, l.esize, new Int32Array(n * l.esize), l.isRef ? new Array<unknown>(n * l.esize).fill(null) : null);
}

/** Reads `l.bytes` little-endian bytes of a data segment at p into dst[d..] (element storage form: an i8 or
 *  i16 in one unit, anything wider as 32-bit words). */
function elemFromBytes(l: ArrayLayout, seg: Uint8Array, p: number, dst: Int32Array, d: number): void {
  if (l.bytes < 4) dst[d] = l.bytes === 1 ? seg[p] : seg[p] | (seg[p + 1] << 8);
  else for (let k = 0; k < l.bytes; k += 4) dst[d + (k >> 2)] = seg[p + k] | (seg[p + k + 1] << 8) | (seg[p + k + 2] << 16) | (seg[p + k + 3] << 24);
}

/** A new struct from contiguous values at I[base..] (or defaults when base < 0). */
function newStruct(inst: InstanceState, x: number, I: Int32Array, refs: unknown[], base: number, rt: PackRuntime): StructRef {
  const l = rt.structLayout(inst.vm, x);
  const u = new Int32Array(l.units);
  const r = l.hasRefs ? new Array<unknown>(l.units).fill(null) : null;
  if (base >= 0) {
    for (let i = 0; i < l.types.length; i++) {
      const t = l.types[i];
      const o = l.offsets[i];
      rt.storeField(t, u, r, o, I, base + o, refs[base + o]);
    }
  }
  return new rt.StructRef(l.typeId, u, r);
}

/** array.new_fixed from contiguous values at I[base..]; array.new (n copies of one value) when fill. */
function newArrayOf(inst: InstanceState, x: number, n: number, I: Int32Array, refs: unknown[], base: number, fill: boolean, rt: PackRuntime): ArrayRef {
  const l = rt.arrayLayout(inst.vm, x);
  const a = newArray(l, n, rt);
  if (base < 0) return a;
  for (let i = 0; i < n; i++) {
    const s = fill ? base : base + i * l.esize;
    rt.storeField(l.type, a.units, a.refs, i * l.esize, I, s, refs[s]);
  }
  return a;
}

/**
 * array.new_data / array.new_elem (`a` null: a new array of n elements) and array.init_data /
 * array.init_elem (into `a` from element d): n elements of data segment `seg` (from byte s) or of element
 * segment `seg` (from element s), after the segment's bounds check.
 */
function fromSegment(inst: InstanceState, x: number, data: boolean, seg: number, s: number, n: number, a: ArrayRef | null, d: number, rt: PackRuntime): ArrayRef {
  const l = rt.arrayLayout(inst.vm, x);
  const bytes = inst.datas[seg];
  const elems = inst.elems[seg];
  if (data ? s + n * l.bytes > (bytes?.length ?? 0) : s + n > (elems?.length ?? 0)) {
    throw new rt.Trap(data ? rt.OOB_MEMORY : rt.OOB_TABLE);
  }
  if (a === null) a = newArray(l, n, rt);
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

function arrayOperand(v: unknown, rt: PackRuntime): ArrayRef {
  if (v === null) throw new rt.Trap('null array reference');
  return v as ArrayRef;
}

export function execGc(code: Int32Array, pc: number, fp: number, inst: InstanceState, rt: PackRuntime): number {
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
    case 0x00: res = newStruct(inst, x, I, R, s0, rt); break;
    case 0x01: res = newStruct(inst, x, ZERO, [], -1, rt); break;
    case 0x02: case 0x03: case 0x04: case 0x05: { // struct.get(_s/_u) x y, struct.set x y
      const s = R[s0] as StructRef | null;
      if (s === null) throw new rt.Trap('null structure reference');
      const l = rt.structLayout(inst.vm, x);
      if (sub === 0x05) rt.storeField(l.types[y], s.units, s.refs, l.offsets[y], I, s1, R[s1]);
      else loadField(l.types[y], s.units, s.refs, l.offsets[y], I, R, D, sub === 0x03);
      return next;
    }
    case 0x06: res = newArrayOf(inst, x, I[s1] >>> 0, I, R, s0, true, rt); break;
    case 0x07: res = newArrayOf(inst, x, I[s0] >>> 0, I, R, -1, false, rt); break;
    case 0x08: res = newArrayOf(inst, x, y, I, R, y > 0 ? s0 : -1, false, rt); break;
    case 0x09: case 0x0a: res = fromSegment(inst, x, sub === 0x09, y, I[s0] >>> 0, I[s1] >>> 0, null, 0, rt); break;
    case 0x0b: case 0x0c: case 0x0d: case 0x0e: { // array.get(_s/_u) x, array.set x
      const a = arrayOperand(R[s0], rt);
      const i = I[s1] >>> 0;
      if (i >= a.length) throw new rt.Trap(OOB_ARRAY);
      const t = rt.arrayLayout(inst.vm, x).type;
      if (sub === 0x0e) rt.storeField(t, a.units, a.refs, i * a.esize, I, s2, R[s2]);
      else loadField(t, a.units, a.refs, i * a.esize, I, R, D, sub === 0x0c);
      return next;
    }
    case 0x0f: n = arrayOperand(R[s0], rt).length; break;
    case 0x10: { // array.fill x: ref off val n
      const a = arrayOperand(R[s0], rt);
      const off = I[s1] >>> 0, n = I[s3] >>> 0;
      if (off + n > a.length) throw new rt.Trap(OOB_ARRAY);
      const t = rt.arrayLayout(inst.vm, x).type;
      for (let i = 0; i < n; i++) rt.storeField(t, a.units, a.refs, (off + i) * a.esize, I, s2, R[s2]);
      return next;
    }
    case 0x11: { // array.copy x y: dst doff src soff n
      const dst = arrayOperand(R[s0], rt);
      const src = arrayOperand(R[s2], rt);
      const doff = I[s1] >>> 0, soff = I[s3] >>> 0, n = I[s4] >>> 0;
      if (doff + n > dst.length || soff + n > src.length) throw new rt.Trap(OOB_ARRAY);
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
      const a = arrayOperand(R[s0], rt);
      const d = I[s1] >>> 0, n = I[s3] >>> 0;
      if (d + n > a.length) throw new rt.Trap(OOB_ARRAY);
      fromSegment(inst, x, sub === 0x12, y, I[s2] >>> 0, n, a, d, rt);
      return next;
    }
    case 0x14: case 0x15: // ref.test (null) ht
      n = rt.refMatches(R[s0], x, sub === 0x15, inst.vm.canonicalTypeIds) ? 1 : 0;
      break;
    case 0x16: case 0x17: { // ref.cast (null) ht
      const v = R[s0];
      if (!rt.refMatches(v, x, sub === 0x17, inst.vm.canonicalTypeIds)) throw new rt.Trap('cast failure');
      res = v;
      break;
    }
    case 0x18: case 0x19: // br_on_cast(_fail) helper: test into d (y: target nullable)
      n = rt.refMatches(R[s0], x, y !== 0, inst.vm.canonicalTypeIds) ? 1 : 0;
      break;
    case 0x1a: res = rt.anyConvertExtern(R[s0]); break;
    case 0x1b: res = rt.externConvertAny(R[s0]); break;
    case 0x1c: res = new rt.I31Ref(I[s0] & 0x7fffffff); break;
    case 0x1d: case 0x1e: {
      const v = R[s0] as I31Ref | null;
      if (v === null) throw new rt.Trap('null i31 reference');
      n = sub === 0x1d ? (v.v << 1) >> 1 : v.v;
      break;
    }
    default:
      throw new Error(`internal error: GC sub-opcode 0x${sub.toString(16)}`);
  }
  R[D] = res;
  I[D] = n;
  I[D + 1] = 0;
  return next;
}


/** A GC instruction in a constant expression (VmPack.evalConst): struct.new(_default), array.new(_default,
 *  _fixed), the any/extern conversions, ref.i31. */
export function evalGcConst(sub: number, r: Reader, stack: ConstValue[], inst: InstanceState, rt: PackRuntime): void {
  const vm = inst.vm;
  // the top k values, laid out as stack slots (2 units, 4 for v128) with their refs
  // (refs only at a value's first slot: newStruct/newArrayOf read them for reference types alone)
  const take = (types: readonly number[]): [Int32Array, unknown[]] => {
    const vals = stack.splice(stack.length - types.length);
    const u: number[] = [];
    const rf: unknown[] = [];
    types.forEach((t, i) => {
      rf[u.length] = vals[i].ref;
      u.push(...vals[i].units.subarray(0, t === V128 ? 4 : 2));
    });
    return [Int32Array.from(u), rf];
  };
  const refOut = (v: unknown): void => void stack.push({ units: new Int32Array(4), ref: v });
  switch (sub) {
    case 0x00: { // struct.new x
      const x = r.u32();
      const [u, rf] = take((vm.module.types[x].composite as StructType).fields.map((f) => f.type));
      return refOut(newStruct(inst, x, u, rf, 0, rt));
    }
    case 0x01: return refOut(newStruct(inst, r.u32(), new Int32Array(0), [], -1, rt));
    case 0x06: case 0x07: case 0x08: { // array.new / new_default / new_fixed
      const x = r.u32();
      const et = (vm.module.types[x].composite as ArrayType).element.type;
      const st = et === I8 || et === I16 ? I32 : et;
      if (sub === 0x08) {
        const n = r.u32();
        const [u, rf] = take(new Array<number>(n).fill(st));
        return refOut(newArrayOf(inst, x, n, u, rf, n > 0 ? 0 : -1, false, rt));
      }
      const n = stack.pop()!.units[0] >>> 0;
      if (sub === 0x07) return refOut(newArrayOf(inst, x, n, new Int32Array(0), [], -1, false, rt));
      const [u, rf] = take([st]);
      return refOut(newArrayOf(inst, x, n, u, rf, 0, true, rt));
    }
    case 0x1a: return refOut(rt.anyConvertExtern(stack.pop()!.ref));
    case 0x1b: return refOut(rt.externConvertAny(stack.pop()!.ref));
    default: return refOut(new rt.I31Ref(stack.pop()!.units[0] & 0x7fffffff)); // 0x1c ref.i31 (validated)
  }
}
