// The decoded form of a core WebAssembly module (3.0 + threads).
//
// This file is the contract between the decoder (which fills it), the validator (which checks it and walks
// function bodies), the VM (which instantiates and runs it) and the component layer (which embeds modules).
// Function bodies and constant expressions stay as byte ranges into `Module.bytes`: they are walked by the
// validator, and translated into the interpreter's internal code lazily. Nothing here copies the input.
import type { CoreFeatures } from './features.js';

// ---------------------------------------------------------------------------------------------------------
// Value types are plain numbers so that the validator's operand stack can live in an Int32Array and type
// comparison is `===` in the common case.
//   numeric/vector types: their binary byte (i32 0x7f, i64 0x7e, f32 0x7d, f64 0x7c, v128 0x7b)
//   packed storage types (struct/array fields only): i8 0x78, i16 0x77
//   reference types: REF_FLAG | (nullable ? REF_NULLABLE : 0) | heapType
//     heapType: an abstract heap type's binary byte (0x69..0x74), that byte | SHARED_HEAP for its `shared`
//     variant (shared-everything-threads, 0xe9..0xf4), or CONCRETE_BASE + module type index
// ---------------------------------------------------------------------------------------------------------
export type ValType = number;

export const I32 = 0x7f;
export const I64 = 0x7e;
export const F32 = 0x7d;
export const F64 = 0x7c;
export const V128 = 0x7b;
export const I8 = 0x78; // packed, storage only
export const I16 = 0x77; // packed, storage only

/** Abstract heap types, by their binary encoding. */
export const HeapType = {
  exn: 0x69,
  array: 0x6a,
  struct: 0x6b,
  i31: 0x6c,
  eq: 0x6d,
  any: 0x6e,
  extern: 0x6f,
  func: 0x70,
  none: 0x71,
  noextern: 0x72,
  nofunc: 0x73,
  noexn: 0x74,
} as const;

export const REF_FLAG = 0x1000_0000;
export const REF_NULLABLE = 0x0800_0000;
const HEAP_MASK = 0x07ff_ffff;
/** Heap-type values at or above this are concrete: `heap - CONCRETE_BASE` is a type index. */
export const CONCRETE_BASE = 0x100;
/**
 * Set on an abstract heap type for its `shared` variant (shared-everything-threads: `(shared func)` …).
 * The result stays below CONCRETE_BASE, so every "abstract or concrete" test keeps working; code that looks
 * at the abstract byte itself must mask this bit off (see TypeTable.heapMatches).
 */
export const SHARED_HEAP = 0x80;

export function refType(nullable: boolean, heap: number): ValType {
  return REF_FLAG | (nullable ? REF_NULLABLE : 0) | heap;
}
export function isRefType(t: ValType): boolean {
  return (t & REF_FLAG) !== 0;
}
export function isNullable(t: ValType): boolean {
  return (t & REF_NULLABLE) !== 0;
}
export function heapTypeOf(t: ValType): number {
  return t & HEAP_MASK;
}
export function isConcreteHeap(heap: number): boolean {
  return heap >= CONCRETE_BASE;
}
export function concreteHeap(typeIndex: number): number {
  return CONCRETE_BASE + typeIndex;
}

export const FUNCREF: ValType = refType(true, HeapType.func);
export const EXTERNREF: ValType = refType(true, HeapType.extern);
export const EXNREF: ValType = refType(true, HeapType.exn);

// ---------------------------------------------------------------------------------------------------------
// Types section (GC-era): a flat list of sub types, grouped into recursion groups.
// ---------------------------------------------------------------------------------------------------------
export interface FuncType {
  readonly kind: 'func';
  readonly params: readonly ValType[];
  readonly results: readonly ValType[];
}
export interface FieldType {
  /** A ValType or a packed type (I8, I16). */
  readonly type: ValType;
  readonly mutable: boolean;
}
export interface StructType {
  readonly kind: 'struct';
  readonly fields: readonly FieldType[];
}
export interface ArrayType {
  readonly kind: 'array';
  readonly element: FieldType;
}
export type CompositeType = FuncType | StructType | ArrayType;

export interface SubType {
  /** `sub final` or a plain composite type (which is final). */
  readonly final: boolean;
  /** Declared supertypes (type indices); at most one is valid. */
  readonly supertypes: readonly number[];
  readonly composite: CompositeType;
  /** `(shared (func …))` etc. (shared-everything-threads); absent means unshared. */
  readonly shared?: boolean;
}

/** A recursion group covers types [start, start + count). A plain composite type is a group of one. */
export interface RecGroup {
  readonly start: number;
  readonly count: number;
}

// ---------------------------------------------------------------------------------------------------------
// Imports, exports and the other definitions.
// ---------------------------------------------------------------------------------------------------------
export interface Limits {
  /** Minimum (pages or elements). For 64-bit limits beyond 2^53 the value is rounded (still > any valid max). */
  readonly min: number;
  readonly max: number | undefined;
  readonly shared: boolean;
  /** memory64 / table64: addresses are i64. */
  readonly index64: boolean;
}
export interface TableType {
  readonly element: ValType; // a reference type
  readonly limits: Limits;
}
export interface MemoryType {
  readonly limits: Limits;
  /** log2 of the page size: 16 normally; 0 allowed by the custom-page-sizes proposal. */
  readonly pageSizeLog2: number;
}
export interface GlobalType {
  readonly type: ValType;
  readonly mutable: boolean;
  /** `(global (shared …))` (shared-everything-threads); absent means unshared. */
  readonly shared?: boolean;
}
export interface TagType {
  /** Index of a function type whose results are empty. */
  readonly typeIndex: number;
}

export type ExternKind = 'func' | 'table' | 'memory' | 'global' | 'tag';

export type ImportDesc =
  | { readonly kind: 'func'; readonly typeIndex: number }
  | { readonly kind: 'table'; readonly type: TableType }
  | { readonly kind: 'memory'; readonly type: MemoryType }
  | { readonly kind: 'global'; readonly type: GlobalType }
  | { readonly kind: 'tag'; readonly type: TagType };

export interface Import {
  readonly module: string;
  readonly name: string;
  readonly desc: ImportDesc;
}

export interface Export {
  readonly name: string;
  readonly kind: ExternKind;
  readonly index: number;
}

/** A constant expression: bytes [start, end) of Module.bytes, including the final `end` (0x0b). */
export interface ConstExpr {
  readonly start: number;
  readonly end: number;
}

export interface Table {
  readonly type: TableType;
  /** Initializer (3.0 `table` with an init expression); undefined means ref.null of the element type. */
  readonly init: ConstExpr | undefined;
}

export interface Global {
  readonly type: GlobalType;
  readonly init: ConstExpr;
}

export type SegmentMode = 'active' | 'passive' | 'declarative';

export interface ElementSegment {
  readonly mode: SegmentMode;
  /** Active only: target table and offset expression. */
  readonly table: number;
  readonly offset: ConstExpr | undefined;
  /** Reference type of the elements ((ref func) for the function-index forms, funcref for form 4). */
  readonly type: ValType;
  /** Either function indices (the compact forms) or one constant expression per element. */
  readonly funcIndices: readonly number[] | undefined;
  readonly exprs: readonly ConstExpr[] | undefined;
  /** Byte offset of the segment in the binary, for error messages. */
  readonly offsetInBinary: number;
}

export interface DataSegment {
  readonly mode: 'active' | 'passive';
  readonly memory: number;
  readonly offset: ConstExpr | undefined;
  /** A view into Module.bytes (no copy). */
  readonly data: Uint8Array;
  readonly offsetInBinary: number;
}

/** A run of `count` locals of one type, as encoded in the code section. */
export interface LocalRun {
  readonly count: number;
  readonly type: ValType;
}

export interface FunctionBody {
  readonly locals: readonly LocalRun[];
  /** Total declared locals (parameters not included). */
  readonly localCount: number;
  /** Instruction bytes [codeStart, codeEnd) of Module.bytes; the last byte is the function's `end`. */
  readonly codeStart: number;
  readonly codeEnd: number;
}

export interface NameSection {
  readonly module: string | undefined;
  /** Function index (whole index space) → name. */
  readonly functions: ReadonlyMap<number, string>;
  /** Function index → local index → name. */
  readonly locals: ReadonlyMap<number, ReadonlyMap<number, string>>;
}

export interface CustomSection {
  readonly name: string;
  /** Payload after the name, a view into Module.bytes. */
  readonly data: Uint8Array;
  /** Byte offset of the section's payload in the binary. */
  readonly offset: number;
}

export interface Module {
  /** The binary, exactly as given (a view, never copied). */
  /** @internal */
  readonly bytes: Uint8Array;
  /** @internal */
  readonly types: readonly SubType[];
  /** @internal */
  readonly recGroups: readonly RecGroup[];
  /** @internal */
  readonly imports: readonly Import[];
  /** Type index of each function defined in this module (imports excluded). */
  /** @internal */
  readonly functions: readonly number[];
  /** @internal */
  readonly tables: readonly Table[];
  /** @internal */
  readonly memories: readonly MemoryType[];
  /** @internal */
  readonly tags: readonly TagType[];
  /** @internal */
  readonly globals: readonly Global[];
  /** @internal */
  readonly exports: readonly Export[];
  /** @internal */
  readonly start: number | undefined;
  /** @internal */
  readonly elements: readonly ElementSegment[];
  /** The data count section's value, if present. */
  /** @internal */
  readonly dataCount: number | undefined;
  /** One per defined function, in order. */
  /** @internal */
  readonly codes: readonly FunctionBody[];
  /** @internal */
  readonly datas: readonly DataSegment[];
  /** @internal */
  readonly names: NameSection;
  /** @internal */
  readonly customs: readonly CustomSection[];

  // Index spaces, imports first. Filled by the decoder for convenience.
  /** @internal */
  readonly importedFuncs: number;
  /** @internal */
  readonly importedTables: number;
  /** @internal */
  readonly importedMemories: number;
  /** @internal */
  readonly importedGlobals: number;
  /** @internal */
  readonly importedTags: number;
  /** Type index of every function in the function index space (imports, then definitions). */
  /** @internal */
  readonly funcTypeIndices: readonly number[];
  /** Byte offset of each known section's payload, by section id (0..13; -1 when absent; custom: the last).
   *  Used to locate module-level validation errors. Optional: modules built by hand may omit it. */
  /** @internal */
  readonly sectionOffsets?: readonly number[];
  /** The proposals beyond 3.0 + threads the module was decoded with (absent: none). Readers of function
   *  bodies and constant expressions need them to decode the same immediates the decoder accepted. */
  /** @internal */
  readonly features?: CoreFeatures;
}
