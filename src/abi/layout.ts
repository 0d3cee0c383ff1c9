// Canonical ABI layout: alignment, element size and flattening of component value types
// (CanonicalABI.md §Alignment, §Element Size, §Flattening). Results are cached per type object, because
// types are immutable and shared, and plans ask for the same nodes many times while compiling.
// `ptr64` selects the layout for a 64-bit memory option (the spec's ptr_type 'i64'): a string or list
// is then two i64s in flat form and 2×8 bytes aligned to 8 in memory; one cache per pointer size.
import type { Case, ValueType } from '../component/value-types.js';

/** A core value type of a flattened signature. */
export type FlatType = 'i32' | 'i64' | 'f32' | 'f64';

export const MAX_FLAT_PARAMS = 16;
export const MAX_FLAT_RESULTS = 1;
/**
 * Flattening stops after this many values: past MAX_FLAT_PARAMS a value travels through memory whatever
 * its flat length, so longer flat vectors are never used (and a fixed-length list of 2^30 elements must
 * not expand to one). A capped vector is a prefix of the full one.
 */
// Object.freeze under a short name: a bundler cannot shorten a global's property (called in every layout).
const freeze = Object.freeze;
const FLAT_CAP = MAX_FLAT_PARAMS + 1;
/** Strings longer than this many bytes trap (CanonicalABI.md MAX_STRING_BYTE_LENGTH). */
export const MAX_STRING_BYTE_LENGTH = 0x7fff_ffff;
/** High bit of a latin1+utf16 string's length: the string is stored as UTF-16. */
export const UTF16_TAG = 0x8000_0000;
/** The same tag in a 64-bit string length (utf16_tag('i64') = 1 << 63). */
export const UTF16_TAG_64 = 1n << 63n;

export interface Layout {
  readonly align: number;
  readonly size: number;
  readonly flat: readonly FlatType[];
}

/**
 * `build`, made on first use per type object and pointer size and cached (layouts, the memory codecs, the
 * function plans).
 */
export function perPointerSize<T extends object, R>(build: (t: T, p64: boolean) => R): (t: T, ptr64?: boolean) => R {
  const caches = [new WeakMap<T, R>(), new WeakMap<T, R>()];
  return (t, ptr64 = false) => {
    const cache = caches[+ptr64];
    let r = cache.get(t);
    if (r === undefined) cache.set(t, (r = build(t, ptr64)));
    return r;
  };
}

/** Alignment, element size and flattening of `t`, computed once per type object and pointer size. */
export const layoutOf: (t: ValueType, ptr64?: boolean) => Layout = perPointerSize((t: ValueType, p64) => computeLayout(t, p64));

export const alignmentOf = (t: ValueType, ptr64 = false): number => layoutOf(t, ptr64).align;
export const sizeOf = (t: ValueType, ptr64 = false): number => layoutOf(t, ptr64).size;
export const flattenType = (t: ValueType, ptr64 = false): readonly FlatType[] => layoutOf(t, ptr64).flat;

export function alignTo(ptr: number, align: number): number {
  return Math.ceil(ptr / align) * align;
}

/** Byte width of the discriminant of a variant with `n` cases: the smallest of u8/u16/u32 that fits. */
export function discriminantSize(n: number): 1 | 2 | 4 {
  if (n <= 0) throw new TypeError('a variant needs at least one case');
  if (n <= 0x100) return 1;
  if (n <= 0x1_0000) return 2;
  return 4;
}

/** Flags pack into 1, 2 or 4 bytes; beyond 32 labels (older spec), into ceil(n/32) i32 words. */
export function flagsWords(n: number): number {
  return Math.ceil(n / 32);
}

/**
 * The flat type a variant slot takes when two cases put `a` and `b` in it: equal types stay, i32 and f32
 * share an i32 (floats travel as their bits), anything else widens to i64.
 */
export function join(a: FlatType, b: FlatType): FlatType {
  if (a === b) return a;
  if ((a === 'i32' && b === 'f32') || (a === 'f32' && b === 'i32')) return 'i32';
  return 'i64';
}

/** Payload types of a variant-like type's cases, in case order (`undefined` = no payload). */
export function casesOf(t: ValueType): readonly (ValueType | undefined)[] {
  switch (t.kind) {
    case 'variant':
      return t.cases.map((c: Case) => c.type);
    case 'enum':
      return t.names.map(() => undefined);
    case 'option':
      return [undefined, t.element];
    case 'result':
      return [t.ok, t.err];
    default:
      throw new TypeError(`not a variant-like type: ${t.kind}`);
  }
}

/** The flat types after the discriminant of a variant: the slot-wise join of all case payloads. */
export function variantPayloadFlat(cases: readonly (ValueType | undefined)[], ptr64 = false): FlatType[] {
  const flat: FlatType[] = [];
  for (const c of cases) {
    if (c === undefined) continue;
    const f = flattenType(c, ptr64);
    for (let i = 0; i < f.length; i++) flat[i] = i < flat.length ? join(flat[i], f[i]) : f[i];
  }
  return flat;
}

/** Alignment of the payload area of a variant: the largest case alignment. */
export function maxCaseAlignment(cases: readonly (ValueType | undefined)[], ptr64 = false): number {
  let a = 1;
  for (const c of cases) if (c !== undefined) a = Math.max(a, alignmentOf(c, ptr64));
  return a;
}

/** Offset of the payload inside a variant's memory representation. */
export function variantPayloadOffset(cases: readonly (ValueType | undefined)[], ptr64 = false): number {
  return alignTo(discriminantSize(cases.length), maxCaseAlignment(cases, ptr64));
}

function layoutVariant(cases: readonly (ValueType | undefined)[], ptr64: boolean): Layout {
  const disc = discriminantSize(cases.length);
  const caseAlign = maxCaseAlignment(cases, ptr64);
  const align = Math.max(disc, caseAlign);
  let payload = 0;
  for (const c of cases) if (c !== undefined) payload = Math.max(payload, sizeOf(c, ptr64));
  const size = alignTo(alignTo(disc, caseAlign) + payload, align);
  return { align, size, flat: freeze(['i32' as FlatType, ...variantPayloadFlat(cases, ptr64)]) };
}

function layoutRecord(types: readonly ValueType[], ptr64: boolean): Layout {
  let align = 1;
  let size = 0;
  const flat: FlatType[] = [];
  for (const t of types) {
    const l = layoutOf(t, ptr64);
    align = Math.max(align, l.align);
    size = alignTo(size, l.align) + l.size;
    for (const f of l.flat) if (flat.length < FLAT_CAP) flat.push(f);
  }
  return { align, size: alignTo(size, align), flat: freeze(flat) };
}

const I32: readonly FlatType[] = freeze(['i32']);
const I64: readonly FlatType[] = freeze(['i64']);
const I32X2: readonly FlatType[] = freeze(['i32', 'i32']);
const I64X2: readonly FlatType[] = freeze(['i64', 'i64']);
/** A string or list: (pointer, length), each of the pointer size. */
const PTR_PAIR_32: Layout = { align: 4, size: 8, flat: I32X2 };
const PTR_PAIR_64: Layout = { align: 8, size: 16, flat: I64X2 };

function computeLayout(t: ValueType, ptr64: boolean): Layout {
  switch (t.kind) {
    case 'bool':
    case 's8':
    case 'u8':
      return { align: 1, size: 1, flat: I32 };
    case 's16':
    case 'u16':
      return { align: 2, size: 2, flat: I32 };
    case 's32':
    case 'u32':
    case 'char':
      return { align: 4, size: 4, flat: I32 };
    case 's64':
    case 'u64':
      return { align: 8, size: 8, flat: I64 };
    case 'f32':
      return { align: 4, size: 4, flat: freeze(['f32']) };
    case 'f64':
      return { align: 8, size: 8, flat: freeze(['f64']) };
    case 'string':
      return ptr64 ? PTR_PAIR_64 : PTR_PAIR_32;
    case 'error-context':
    case 'own':
    case 'borrow':
    case 'stream':
    case 'future':
      return { align: 4, size: 4, flat: I32 };
    case 'list': {
      if (t.length === undefined) return ptr64 ? PTR_PAIR_64 : PTR_PAIR_32;
      // Fixed-length list: `length` elements inline, like a tuple of identical fields.
      const e = layoutOf(t.element, ptr64);
      const flat: FlatType[] = [];
      for (let i = 0; i < t.length && flat.length < FLAT_CAP; i++) for (const f of e.flat) flat.push(f);
      return { align: e.align, size: t.length * e.size, flat: freeze(flat) };
    }
    case 'record':
      return layoutRecord(t.fields.map((f) => f.type), ptr64);
    case 'tuple':
      return layoutRecord(t.elements, ptr64);
    case 'variant':
    case 'enum':
    case 'option':
    case 'result':
      return layoutVariant(casesOf(t), ptr64);
    case 'flags': {
      const n = t.names.length;
      if (n === 0) return { align: 1, size: 0, flat: freeze([]) };
      if (n <= 8) return { align: 1, size: 1, flat: I32 };
      if (n <= 16) return { align: 2, size: 2, flat: I32 };
      const words = flagsWords(n);
      return { align: 4, size: 4 * words, flat: freeze(new Array<FlatType>(words).fill('i32')) };
    }
  }
}

/** Flat types of a sequence of values (a parameter list). */
export function flattenTypes(ts: readonly ValueType[], ptr64 = false): FlatType[] {
  const out: FlatType[] = [];
  for (const t of ts) for (const f of flattenType(t, ptr64)) out.push(f);
  return out;
}
