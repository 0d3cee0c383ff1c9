// The decoded form of a component binary (component-model Binary.md, version 0x0d, layer 0x01).
//
// The decoder keeps the binary's structure: one `Definition` per item of every section, in order, because
// validation builds the index spaces incrementally in exactly that order. Nested core modules stay as byte
// ranges (decoded and validated by the core layer on demand); nested components are decoded eagerly.
// Type references inside value types are either a primitive's name or a type index (`ValTypeRef`), resolved
// by the validator against the index space current at that point.
import type { PrimitiveKind } from '../../component/value-types.js';
import type { FieldType, ValType, TableType, MemoryType, GlobalType } from '../module.js';

export type CoreSort = 'func' | 'table' | 'memory' | 'global' | 'tag' | 'type' | 'module' | 'instance';
/** Component-level sorts; core sorts are written `core func`, `core module` … */
export type Sort = 'func' | 'value' | 'type' | 'component' | 'instance' | `core ${CoreSort}`;

/** A primitive value type by name, or an index into the type index space. */
export type ValTypeRef = PrimitiveKind | number;

// ---------------------------------------------------------------------------------------------------
// Core types (section 3 and module-type declarators)
// ---------------------------------------------------------------------------------------------------
export interface CoreFuncTypeDef {
  readonly kind: 'func';
  readonly params: readonly ValType[];
  readonly results: readonly ValType[];
}
/** A GC struct or array type (fields are storage types: value types or packed i8/i16). */
export interface CoreStructTypeDef {
  readonly kind: 'struct';
  readonly fields: readonly FieldType[];
}
export interface CoreArrayTypeDef {
  readonly kind: 'array';
  readonly element: FieldType;
}
export type CoreCompositeDef = CoreFuncTypeDef | CoreStructTypeDef | CoreArrayTypeDef;
/** GC sub types and rec groups: each introduces one type index per composite. */
export interface CoreGcTypeDef {
  readonly kind: 'gc';
  readonly types: readonly CoreCompositeDef[];
  /** Per type: `sub final` / plain (true) or open `sub` (false), and declared supertype indices. */
  readonly subs: readonly { readonly final: boolean; readonly supertypes: readonly number[] }[];
}
export type CoreImportDesc =
  | { readonly kind: 'func'; readonly typeIndex: number }
  | { readonly kind: 'table'; readonly type: TableType }
  | { readonly kind: 'memory'; readonly type: MemoryType }
  | { readonly kind: 'global'; readonly type: GlobalType }
  | { readonly kind: 'tag'; readonly typeIndex: number };
export type CoreModuleDecl =
  | { readonly tag: 'import'; readonly module: string; readonly name: string; readonly desc: CoreImportDesc; readonly offset: number }
  | { readonly tag: 'type'; readonly type: CoreTypeDef; readonly offset: number }
  | { readonly tag: 'alias'; readonly sort: CoreSort; readonly count: number; readonly index: number; readonly offset: number }
  | { readonly tag: 'export'; readonly name: string; readonly desc: CoreImportDesc; readonly offset: number };
export interface CoreModuleTypeDef {
  readonly kind: 'module';
  readonly decls: readonly CoreModuleDecl[];
}
export type CoreTypeDef = CoreFuncTypeDef | CoreGcTypeDef | CoreModuleTypeDef;

// ---------------------------------------------------------------------------------------------------
// Component types (section 7)
// ---------------------------------------------------------------------------------------------------
export interface LabeledRef {
  readonly name: string;
  readonly type: ValTypeRef;
}
export type DefValTypeDef =
  | { readonly kind: 'prim'; readonly prim: PrimitiveKind }
  | { readonly kind: 'record'; readonly fields: readonly LabeledRef[] }
  | { readonly kind: 'variant'; readonly cases: readonly { readonly name: string; readonly type: ValTypeRef | undefined }[] }
  | { readonly kind: 'list'; readonly element: ValTypeRef; readonly length: number | undefined }
  | { readonly kind: 'tuple'; readonly elements: readonly ValTypeRef[] }
  | { readonly kind: 'flags'; readonly names: readonly string[] }
  | { readonly kind: 'enum'; readonly names: readonly string[] }
  | { readonly kind: 'option'; readonly element: ValTypeRef }
  | { readonly kind: 'result'; readonly ok: ValTypeRef | undefined; readonly err: ValTypeRef | undefined }
  | { readonly kind: 'own' | 'borrow'; readonly index: number }
  | { readonly kind: 'stream' | 'future'; readonly element: ValTypeRef | undefined }
  | { readonly kind: 'map'; readonly key: ValTypeRef; readonly value: ValTypeRef };
export interface FuncTypeDef {
  readonly kind: 'func';
  readonly params: readonly LabeledRef[];
  readonly result: ValTypeRef | undefined;
  /** Named results of the pre-0x0d encoding (only the empty list is still accepted). */
  readonly namedResults: readonly LabeledRef[] | undefined;
  readonly async: boolean;
}
export interface ResourceTypeDef {
  readonly kind: 'resource';
  readonly rep: ValType;
  readonly dtor: number | undefined;
  readonly async: boolean;
  readonly callback: number | undefined;
}
export type TypeBound = { readonly kind: 'eq'; readonly index: number } | { readonly kind: 'sub-resource' };
export type ExternDesc =
  | { readonly kind: 'module'; readonly index: number }
  | { readonly kind: 'func'; readonly index: number }
  | { readonly kind: 'value'; readonly type: ValTypeRef }
  | { readonly kind: 'type'; readonly bound: TypeBound }
  | { readonly kind: 'component'; readonly index: number }
  | { readonly kind: 'instance'; readonly index: number };
export type TypeDecl =
  | { readonly tag: 'core-type'; readonly type: CoreTypeDef; readonly offset: number }
  | { readonly tag: 'type'; readonly type: TypeDef; readonly offset: number }
  | { readonly tag: 'alias'; readonly alias: Alias; readonly offset: number }
  | { readonly tag: 'import'; readonly name: string; readonly implements?: string; readonly versionSuffix?: string; readonly desc: ExternDesc; readonly offset: number }
  | { readonly tag: 'export'; readonly name: string; readonly implements?: string; readonly versionSuffix?: string; readonly desc: ExternDesc; readonly offset: number };
export interface ComponentTypeDef {
  readonly kind: 'component';
  readonly decls: readonly TypeDecl[];
}
export interface InstanceTypeDef {
  readonly kind: 'instance';
  readonly decls: readonly TypeDecl[];
}
export type TypeDef = DefValTypeDef | FuncTypeDef | ResourceTypeDef | ComponentTypeDef | InstanceTypeDef;

// ---------------------------------------------------------------------------------------------------
// Aliases, instances, canon, start, imports, exports
// ---------------------------------------------------------------------------------------------------
export type AliasTarget =
  | { readonly kind: 'export'; readonly instance: number; readonly name: string }
  | { readonly kind: 'core-export'; readonly instance: number; readonly name: string }
  | { readonly kind: 'outer'; readonly count: number; readonly index: number };
export interface Alias {
  readonly sort: Sort;
  readonly target: AliasTarget;
}

export interface CoreInlineExport {
  readonly name: string;
  readonly sort: CoreSort;
  readonly index: number;
}
export type CoreInstanceExpr =
  | { readonly kind: 'instantiate'; readonly module: number; readonly args: readonly { readonly name: string; readonly sort: CoreSort; readonly index: number }[] }
  | { readonly kind: 'exports'; readonly exports: readonly CoreInlineExport[] };

export interface SortIndex {
  readonly sort: Sort;
  readonly index: number;
}
export type InstanceExpr =
  | { readonly kind: 'instantiate'; readonly component: number; readonly args: readonly ({ readonly name: string } & SortIndex)[] }
  | { readonly kind: 'exports'; readonly exports: readonly ({ readonly name: string; readonly implements?: string; readonly versionSuffix?: string } & SortIndex)[] };

export type StringEncoding = 'utf8' | 'utf16' | 'latin1+utf16';
export type CanonOpt =
  | { readonly kind: 'string-encoding'; readonly encoding: StringEncoding }
  | { readonly kind: 'memory' | 'realloc' | 'post-return' | 'callback' | 'core-type'; readonly index: number }
  | { readonly kind: 'async' | 'always-task-return' | 'gc' };

/** Every `canon` form. Fields not meaningful for a form are undefined. */
export interface Canon {
  readonly kind: CanonKind;
  /** lift: core function; lower: component function. */
  readonly func: number | undefined;
  /** lift: function type; resource.*: resource type; stream.* / future.*: the stream/future type;
   *  thread.*: core function type. */
  readonly type: number | undefined;
  readonly opts: readonly CanonOpt[];
  /** task.return: result type. */
  readonly result: ValTypeRef | undefined;
  /** The `async?` / `cancellable?` / `shared?` flag of the forms that have one. */
  readonly flag: boolean;
  /** context.get/set: core value type and slot. */
  readonly valType: ValType | undefined;
  readonly slot: number | undefined;
  /** waitable-set.wait/poll: memory; thread.*-indirect: table. */
  readonly memory: number | undefined;
  readonly table: number | undefined;
}
export type CanonKind =
  | 'lift' | 'lower'
  | 'resource.new' | 'resource.drop' | 'resource.drop-async' | 'resource.rep'
  | 'task.return' | 'task.cancel' | 'context.get' | 'context.set'
  | 'backpressure.set' | 'backpressure.inc' | 'backpressure.dec' | 'thread.yield'
  | 'subtask.cancel' | 'subtask.drop'
  | 'stream.new' | 'stream.read' | 'stream.write' | 'stream.cancel-read' | 'stream.cancel-write'
  | 'stream.drop-readable' | 'stream.drop-writable'
  | 'future.new' | 'future.read' | 'future.write' | 'future.cancel-read' | 'future.cancel-write'
  | 'future.drop-readable' | 'future.drop-writable'
  | 'error-context.new' | 'error-context.debug-message' | 'error-context.drop'
  | 'waitable-set.new' | 'waitable-set.wait' | 'waitable-set.poll' | 'waitable-set.drop' | 'waitable.join'
  | 'thread.index' | 'thread.new-indirect' | 'thread.suspend' | 'thread.resume-later'
  | 'thread.suspend-then-resume' | 'thread.yield-then-resume' | 'thread.suspend-then-promote'
  | 'thread.yield-then-promote' | 'thread.spawn-ref' | 'thread.spawn-indirect' | 'thread.available-parallelism';

/** A component-level value definition (🪙, section 12): kept as its type and raw bytes. */
export interface ValueDef {
  readonly type: ValTypeRef;
  readonly start: number;
  readonly end: number;
}

export type Definition =
  | { readonly tag: 'core-module'; readonly start: number; readonly end: number; readonly offset: number }
  | { readonly tag: 'core-instance'; readonly expr: CoreInstanceExpr; readonly offset: number }
  | { readonly tag: 'core-type'; readonly type: CoreTypeDef; readonly offset: number }
  | { readonly tag: 'component'; readonly component: ComponentAst; readonly offset: number }
  | { readonly tag: 'instance'; readonly expr: InstanceExpr; readonly offset: number }
  | { readonly tag: 'alias'; readonly alias: Alias; readonly offset: number }
  | { readonly tag: 'type'; readonly type: TypeDef; readonly offset: number }
  | { readonly tag: 'canon'; readonly canon: Canon; readonly offset: number }
  | { readonly tag: 'start'; readonly func: number; readonly args: readonly number[]; readonly results: number; readonly offset: number }
  | { readonly tag: 'import'; readonly name: string; readonly implements?: string; readonly versionSuffix?: string; readonly desc: ExternDesc; readonly offset: number }
  | { readonly tag: 'export'; readonly name: string; readonly implements?: string; readonly versionSuffix?: string; readonly sortIndex: SortIndex; readonly desc: ExternDesc | undefined; readonly offset: number }
  | { readonly tag: 'value'; readonly value: ValueDef; readonly offset: number };

export interface CustomSectionRef {
  readonly name: string;
  readonly start: number;
  readonly end: number;
}

export interface ComponentAst {
  /** The whole binary this component lives in (nested components share their parent's bytes). */
  readonly bytes: Uint8Array;
  /** Byte range of this component (preamble included). */
  readonly start: number;
  readonly end: number;
  readonly definitions: readonly Definition[];
  readonly customs: readonly CustomSectionRef[];
}
