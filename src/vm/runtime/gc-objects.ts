// GC proposal heap objects (reference values of the `any` hierarchy) and their type layouts.
//
// A struct or array stores its fields like stack slots: 2 int32 units per value (4 for v128), packed
// i8/i16 fields as the wrapped value in the low unit; reference fields in a parallel `refs` array (same
// unit index). `typeId` is the canonical type id (casts compare it with canonicalSubtype). An i31ref is an
// I31Ref (compared by value in ref.eq). Host values (externrefs) seen as anyref stay themselves: casts
// match them only against `any` (refMatches).
import { CONCRETE_BASE, HeapType, I8, I16, V128, isRefType } from '../../decoder/module.js';
import type { ArrayType, StructType, ValType } from '../../decoder/module.js';
import { canonicalSubtype } from '../../validate/canonical-types.js';
import type { ValidatedModule } from '../../validate/validated-module.js';
import { FuncInst } from './func.js';

export class StructRef {
  constructor(readonly typeId: number, readonly units: Int32Array, readonly refs: unknown[] | null) {}
}
export class ArrayRef {
  constructor(
    readonly typeId: number,
    readonly length: number,
    /** Units per element (2, or 4 for v128). */
    readonly esize: number,
    readonly units: Int32Array,
    readonly refs: unknown[] | null,
  ) {}
}
export class I31Ref {
  /** The 31-bit value, zero-extended. */
  constructor(readonly v: number) {}
}

export interface StructLayout {
  readonly typeId: number;
  readonly types: readonly ValType[]; // storage types (I8/I16 packed)
  readonly offsets: readonly number[];
  readonly units: number;
  readonly hasRefs: boolean;
}
export interface ArrayLayout {
  readonly typeId: number;
  readonly type: ValType; // storage type
  readonly esize: number;
  readonly isRef: boolean;
  /** Bytes per element in a data segment (array.new_data / init_data). */
  readonly bytes: number;
}

// Layouts by type index (a type is a struct or an array, never both: one list per module holds both kinds).
const layouts = new WeakMap<ValidatedModule, (StructLayout | ArrayLayout | undefined)[]>();

function layoutsOf(vm: ValidatedModule): (StructLayout | ArrayLayout | undefined)[] {
  let list = layouts.get(vm);
  if (list === undefined) layouts.set(vm, (list = []));
  return list;
}

export function structLayout(vm: ValidatedModule, x: number): StructLayout {
  const list = layoutsOf(vm);
  let l = list[x] as StructLayout | undefined;
  if (l === undefined) {
    const st = vm.module.types[x].composite as StructType;
    const offsets: number[] = [];
    let u = 0;
    let hasRefs = false;
    for (const f of st.fields) {
      offsets.push(u);
      u += f.type === V128 ? 4 : 2;
      if (isRefType(f.type)) hasRefs = true;
    }
    l = { typeId: vm.canonicalTypeIds[x], types: st.fields.map((f) => f.type), offsets, units: u, hasRefs };
    list[x] = l;
  }
  return l;
}

export function arrayLayout(vm: ValidatedModule, x: number): ArrayLayout {
  const list = layoutsOf(vm);
  let l = list[x] as ArrayLayout | undefined;
  if (l === undefined) {
    const t = (vm.module.types[x].composite as ArrayType).element.type;
    const bytes = t === I8 ? 1 : t === I16 ? 2 : t === V128 ? 16 : t === 0x7f || t === 0x7d ? 4 : 8;
    l = { typeId: vm.canonicalTypeIds[x], type: t, esize: t === V128 ? 4 : 2, isRef: isRefType(t), bytes };
    list[x] = l;
  }
  return l;
}

/** Stores a value (units at src[s..], ref) into a field of storage type t at dst[d..]. */
export function storeField(t: ValType, dst: Int32Array, dRefs: unknown[] | null, d: number, src: ArrayLike<number>, s: number, ref: unknown): void {
  if (t === I8) dst[d] = src[s] & 0xff;
  else if (t === I16) dst[d] = src[s] & 0xffff;
  else {
    dst[d] = src[s];
    dst[d + 1] = src[s + 1];
    if (t === V128) {
      dst[d + 2] = src[s + 2];
      dst[d + 3] = src[s + 3];
    }
    if (dRefs !== null && isRefType(t)) dRefs[d] = ref;
  }
}

/** ref.eq */
export function refEq(a: unknown, b: unknown): boolean {
  return a === b || (a instanceof I31Ref && b instanceof I31Ref && a.v === b.v);
}

/**
 * Whether reference v (null included) belongs to (ref null? heap): ref.test, ref.cast, br_on_cast, and the JS
 * boundary (convert.ts). `types`: the canonical type ids of the module whose type indices a concrete heap
 * type counts in (its canonicalTypeIds). A value of another hierarchy meets the abstract top types any and
 * extern only at the JS boundary, where any JS value is one of theirs.
 */
export function refMatches(v: unknown, heap: number, nullable: boolean, types: ArrayLike<number>): boolean {
  if (v === null) return nullable;
  if (heap >= CONCRETE_BASE) {
    const cid = types[heap - CONCRETE_BASE];
    if (!(v instanceof StructRef || v instanceof ArrayRef || v instanceof FuncInst)) return false;
    return v.typeId === cid || canonicalSubtype(v.typeId, cid);
  }
  switch (heap) {
    case HeapType.any: case HeapType.extern: case HeapType.exn: return true;
    case HeapType.func: return v instanceof FuncInst;
    case HeapType.eq: return v instanceof StructRef || v instanceof ArrayRef || v instanceof I31Ref;
    case HeapType.i31: return v instanceof I31Ref;
    case HeapType.struct: return v instanceof StructRef;
    case HeapType.array: return v instanceof ArrayRef;
    default: return false; // none, nofunc, noextern, noexn: only null
  }
}

/** The i31ref a JS value internalizes to (JS API): a Number that is an integer in [-2^30, 2^30), but not -0
 *  (V8 keeps -0 a host value, as it is no small integer); undefined for any other value. */
export function i31Of(v: unknown): I31Ref | undefined {
  return typeof v === 'number' && Object.is((v << 1) >> 1, v) ? new I31Ref(v & 0x7fffffff) : undefined;
}

// The conversions keep identity (a host value seen as anyref is still itself; a wasm object seen as
// externref too), so round trips and ref.eq behave and JS sees the same value either way.
// JS API: a Number in i31 range internalizes to an i31ref, and an i31ref externalizes to that Number.
export function anyConvertExtern(e: unknown): unknown {
  return i31Of(e) ?? e;
}
export function externConvertAny(a: unknown): unknown {
  return a instanceof I31Ref ? (a.v << 1) >> 1 : a;
}
