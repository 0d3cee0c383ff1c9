// The module's types in the form the validator needs: normalized (concrete heap types point at the
// representative index of their canonical class, so `===` decides type equality), plus the subtyping
// relation on value types and heap types (WebAssembly 3.0 §3.3 "matching").
import {
  CONCRETE_BASE as CONCRETE_BASE_, HeapType as H_, REF_FLAG as REF_FLAG_, REF_NULLABLE as REF_NULLABLE_,
  SHARED_HEAP as SHARED_HEAP_, heapTypeOf as heapTypeOf_, isNullable as isNullable_, isRefType as isRefType_,
  type FieldType, type Module, type ValType,
} from '../decoder/module.js';
import { CompileError, UNKNOWN_TYPE } from '../decoder/errors.js';

// Imported bindings captured in local constants (module transforms compile imports to getter calls).
const CONCRETE_BASE = CONCRETE_BASE_;
const H = H_;
const REF_FLAG = REF_FLAG_;
const REF_NULLABLE = REF_NULLABLE_;
const SHARED_HEAP = SHARED_HEAP_;
const heapTypeOf = heapTypeOf_;
const isNullable = isNullable_;
const isRefType = isRefType_;

/** Bottom value type: what a polymorphic (unreachable) stack yields. Matches every type. */
export const BOT = 0;

export const KIND_FUNC = 0;
export const KIND_STRUCT = 1;
export const KIND_ARRAY = 2;

export class TypeTable {
  readonly count: number;
  readonly kind: Uint8Array;
  /** 1 for a shared composite type (shared-everything-threads). */
  readonly shared: Uint8Array;
  /** @internal Declared supertype (representative index) or -1. */
  readonly superOf: Int32Array;
  /** @internal */
  readonly representative: Int32Array;
  /** Normalized params/results of function types (empty for others). */
  readonly params: ValType[][];
  readonly results: ValType[][];
  /** Normalized fields of struct types; array types have one field. */
  readonly fields: FieldType[][];

  constructor(m: Module, canon: Int32Array) {
    const n = (this.count = m.types.length);
    this.kind = new Uint8Array(n);
    this.shared = new Uint8Array(n);
    this.superOf = new Int32Array(n).fill(-1);
    this.representative = new Int32Array(n);
    const first = new Map<number, number>();
    for (let i = 0; i < n; i++) {
      const c = canon[i];
      const f = first.get(c);
      if (f === undefined) {
        first.set(c, i);
        this.representative[i] = i;
      } else this.representative[i] = f;
    }
    const at = Math.max(0, m.sectionOffsets?.[1] ?? 0);
    const norm = (t: ValType) => this.normalize(t, 'type', at);
    this.params = new Array(n);
    this.results = new Array(n);
    this.fields = new Array(n);
    for (let i = 0; i < n; i++) {
      const s = m.types[i];
      this.shared[i] = s.shared ? 1 : 0;
      if (s.supertypes.length) this.superOf[i] = this.representative[s.supertypes[0]];
      const c = s.composite;
      if (c.kind === 'func') {
        this.kind[i] = KIND_FUNC;
        this.params[i] = c.params.map(norm);
        this.results[i] = c.results.map(norm);
        this.fields[i] = [];
      } else {
        this.kind[i] = c.kind === 'struct' ? KIND_STRUCT : KIND_ARRAY;
        this.params[i] = [];
        this.results[i] = [];
        const fs = c.kind === 'struct' ? c.fields : [c.element];
        this.fields[i] = fs.map((f) => ({ type: norm(f.type), mutable: f.mutable }));
      }
    }
  }

  /** Checks a value type's type index and rewrites it to the representative index. */
  normalize(t: ValType, section: string, offset: number): ValType {
    if (!isRefType(t)) return t;
    const h = heapTypeOf(t);
    return h < CONCRETE_BASE ? t : (t & ~0x07ff_ffff) | this.normalizeHeap(h, section, offset);
  }

  /** @internal */
  normalizeHeap(h: number, section: string, offset: number): number {
    if (h < CONCRETE_BASE) return h;
    const idx = h - CONCRETE_BASE;
    if (idx >= this.count) throw new CompileError(UNKNOWN_TYPE, section, offset, 'invalid');
    return CONCRETE_BASE + this.representative[idx];
  }

  /** @internal Whether a heap type is shared: a `(shared …)` abstract type or a shared composite type. */
  isSharedHeap(h: number): boolean {
    return h >= CONCRETE_BASE ? this.shared[h - CONCRETE_BASE] === 1 : (h & SHARED_HEAP) !== 0;
  }

  /** @internal A value type is valid in a shared context: numbers and vectors always, references to shared heap
   *  types. */
  isSharedValType(t: ValType): boolean {
    return !isRefType(t) || this.isSharedHeap(heapTypeOf(t));
  }

  /** The top of the hierarchy a heap type belongs to: any, func, extern or exn (the shared variant for a
   *  shared heap type: the shared and unshared hierarchies are disjoint). */
  top(h: number): number {
    if (h >= CONCRETE_BASE) {
      const i = h - CONCRETE_BASE;
      return (this.kind[i] === KIND_FUNC ? H.func : H.any) | (this.shared[i] ? SHARED_HEAP : 0);
    }
    if (h & SHARED_HEAP) return this.top(h & ~SHARED_HEAP) | SHARED_HEAP;
    return ABSTRACT_TOPS[h - H.exn] ?? H.any;
  }

  /** Concrete type index a is a (declared, transitive) subtype of b (both representative). */
  subIndex(a: number, b: number): boolean {
    for (let t = a, n = 0; t >= 0 && n <= this.count; t = this.superOf[t], n++) if (t === b) return true;
    return false;
  }

  /** @internal */
  heapMatches(a: number, b: number): boolean {
    if (a === b) return true;
    // Shared and unshared types are never subtypes of one another; within the shared hierarchy the
    // abstract types relate as their unshared counterparts do.
    const sa = a >= CONCRETE_BASE ? this.shared[a - CONCRETE_BASE] : a & SHARED_HEAP ? 1 : 0;
    const sb = b >= CONCRETE_BASE ? this.shared[b - CONCRETE_BASE] : b & SHARED_HEAP ? 1 : 0;
    if (sa !== sb) return false;
    if (sa) {
      if (a < CONCRETE_BASE) a &= ~SHARED_HEAP;
      if (b < CONCRETE_BASE) b &= ~SHARED_HEAP;
    }
    if (a >= CONCRETE_BASE) {
      const ai = a - CONCRETE_BASE;
      if (b >= CONCRETE_BASE) return this.subIndex(ai, b - CONCRETE_BASE);
      const k = this.kind[ai];
      if (k === KIND_FUNC) return b === H.func;
      if (b === H.any || b === H.eq) return true;
      return k === KIND_STRUCT ? b === H.struct : b === H.array;
    }
    if (b >= CONCRETE_BASE) {
      const bk = this.kind[b - CONCRETE_BASE];
      return bk === KIND_FUNC ? a === H.nofunc : a === H.none;
    }
    // Two different abstract heap types (exn 0x69 … noexn 0x74): a bit per proper supertype.
    const i = a - H.exn;
    return i >= 0 && i < ABSTRACT_SUPERS.length && ((ABSTRACT_SUPERS[i] >> (b - H.exn)) & 1) === 1;
  }

  /** Value type a matches (is a subtype of) value type b. BOT matches everything. */
  matches(a: ValType, b: ValType): boolean {
    if (a === b || a === BOT) return true;
    if (!isRefType(a) || !isRefType(b)) return false;
    if (isNullable(a) && !isNullable(b)) return false;
    return this.heapMatches(heapTypeOf(a), heapTypeOf(b));
  }

  /** Field a matches field b (struct/array subtyping): same mutability; mutable fields invariant. */
  fieldMatches(a: FieldType, b: FieldType): boolean {
    if (a.mutable !== b.mutable) return false;
    return a.mutable ? a.type === b.type : this.matches(a.type, b.type);
  }
}

/** The most repeated validation message, held once in the bundle. */
export const TYPE_MISMATCH = 'type mismatch';

/**
 * The proper supertypes of each abstract heap type, as bits (b - exn) by index (a - exn): array, struct and
 * i31 are below eq and any, eq below any; none below any, eq, i31, struct and array; nofunc, noextern and
 * noexn below func, extern and exn.
 */
const ABSTRACT_SUPERS = [0, 0x30, 0x30, 0x30, 0x20, 0, 0, 0, 0x3e, 0x40, 0x80, 0x01];

/** The top of each abstract heap type's hierarchy, by index (h - exn). */
const ABSTRACT_TOPS: readonly number[] = [
  H.exn, H.any, H.any, H.any, H.any, H.any, H.extern, H.func, H.any, H.extern, H.func, H.exn,
];

export function refOf(nullable: boolean, heap: number): ValType {
  return REF_FLAG | (nullable ? REF_NULLABLE : 0) | heap;
}

/** Defaultable: numeric, vector, or a nullable reference. */
export function isDefaultable(t: ValType): boolean {
  return !isRefType(t) || isNullable(t);
}

/** A storage type's value type (packed i8/i16 unpack to i32). */
export function unpacked(t: ValType): ValType {
  return t === 0x78 || t === 0x77 ? 0x7f : t;
}
