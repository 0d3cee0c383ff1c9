// Component-level types beyond value types: core module/instance types, component and instance types,
// and the extern types that describe imports and exports. Like value types these are immutable and
// structurally comparable (see subtype.ts); resource types compare by identity.
import type { FuncType as CoreFuncType, GlobalType, MemoryType, TableType } from '../decoder/module.js';
import { ResourceType } from './value-types.js';
import type { FuncType, ValueType } from './value-types.js';

export * from './value-types.js';
export type { CoreFuncType };

/** Types of core definitions (what a core module imports/exports). */
export type CoreExternType =
  | { readonly kind: 'func'; readonly type: CoreFuncType }
  | { readonly kind: 'table'; readonly type: TableType }
  | { readonly kind: 'memory'; readonly type: MemoryType }
  | { readonly kind: 'global'; readonly type: GlobalType }
  | { readonly kind: 'tag'; readonly type: CoreFuncType };

export interface CoreImport {
  readonly module: string;
  readonly name: string;
  readonly type: CoreExternType;
}
export interface CoreModuleType {
  readonly kind: 'module';
  readonly imports: readonly CoreImport[];
  readonly exports: ReadonlyMap<string, CoreExternType>;
}
export interface CoreInstanceType {
  readonly kind: 'core-instance';
  readonly exports: ReadonlyMap<string, CoreExternType>;
}

/** Anything a component `type` index can denote. */
export type ComponentDefinedType = ValueType | FuncType | ResourceType | ComponentType | InstanceType;

export type ExternType =
  | { readonly kind: 'module'; readonly type: CoreModuleType }
  | { readonly kind: 'func'; readonly type: FuncType }
  | { readonly kind: 'value'; readonly type: ValueType }
  | { readonly kind: 'type'; readonly type: ComponentDefinedType }
  | { readonly kind: 'component'; readonly type: ComponentType }
  | { readonly kind: 'instance'; readonly type: InstanceType };

export interface InstanceType {
  readonly kind: 'instance';
  readonly exports: ReadonlyMap<string, ExternType>;
  /** Abstract resources this type exports (fresh per instance when a component is instantiated). */
  readonly definedResources: readonly ResourceType[];
}
export interface ComponentType {
  readonly kind: 'component';
  readonly imports: ReadonlyMap<string, ExternType>;
  readonly exports: ReadonlyMap<string, ExternType>;
  /** Abstract resources introduced by imports: substituted by the instantiation arguments. */
  readonly importedResources: readonly ResourceType[];
  /** Abstract resources introduced by exports (or defined inside): fresh per instantiation. */
  readonly definedResources: readonly ResourceType[];
}

export function isResourceType(t: ComponentDefinedType): t is ResourceType {
  return t instanceof ResourceType;
}
export function isFuncType(t: ComponentDefinedType): t is FuncType {
  return !(t instanceof ResourceType) && t.kind === 'func';
}
export function isComponentType(t: ComponentDefinedType): t is ComponentType {
  return !(t instanceof ResourceType) && t.kind === 'component';
}
export function isInstanceType(t: ComponentDefinedType): t is InstanceType {
  return !(t instanceof ResourceType) && t.kind === 'instance';
}
export function isValueType(t: ComponentDefinedType): t is ValueType {
  return !(t instanceof ResourceType) && t.kind !== 'func' && t.kind !== 'component' && t.kind !== 'instance';
}
