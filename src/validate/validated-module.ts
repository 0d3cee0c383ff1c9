// What validation hands to the later layers (VM translator, instantiation, component layer).
import type { TypeTable } from './type-table.js';
import type { FuncType, GlobalType, MemoryType, Module, TableType, ValType } from '../decoder/module.js';

export interface ValidatedModule {
  readonly module: Module;
  /**
   * Canonical id of every type index (iso-recursive equivalence, WebAssembly 3.0 §3.1.3 "type
   * canonicalization"). Two type indices — in this module or in any other module validated in the same
   * process — denote equivalent types iff their canonical ids are equal. See `canonical-types.ts` for
   * the registry (supertype of a canonical id, for cross-module subtyping at link time).
   */
  readonly canonicalTypeIds: Int32Array;
  /** @internal For every type index, the smallest type index with the same canonical id (used to normalize
   *  concrete heap types so that `===` decides equality inside the module). */
  readonly representative: Int32Array;
  /** The module's types, normalized, with the subtyping relation (used by the body walk). */
  readonly types: TypeTable;
  /** @internal Function type of every function in the function index space (imports first). */
  readonly funcTypes: readonly FuncType[];
  /** @internal Every global in the global index space (imports first). */
  readonly globalTypes: readonly GlobalType[];
  /** @internal Every table in the table index space (imports first). */
  readonly tableTypes: readonly TableType[];
  /** @internal Every memory in the memory index space (imports first). */
  readonly memoryTypes: readonly MemoryType[];
  /** @internal Type index (a function type with empty results) of every tag in the tag index space. */
  readonly tagTypeIndices: readonly number[];
  /** @internal Parameter types of every tag (what `throw` pops and `catch` pushes). */
  readonly tagParams: readonly (readonly ValType[])[];
  /** @internal Element type of every element segment. */
  readonly elementTypes: readonly ValType[];
  /** @internal 1 at function index i iff i is in C.refs (may be used by ref.func inside function bodies). */
  readonly declaredFuncRefs: Uint8Array;
  /** Number of data segments (data count section or data section). */
  readonly dataSegmentCount: number;
  /** Code the VM's JS tier generated from this module (src/vm/jstier/runtime.ts), by code generator, filled on
   *  demand: it depends on the module and the generator alone, so every instance in every store shares it.
   *  Opaque here (validation knows nothing of the VM). */
  jsCode: unknown;
}
