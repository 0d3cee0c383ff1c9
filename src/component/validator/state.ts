// The validation state of one component, component type or instance type: every index space, the
// imports and exports seen so far, and the resource bookkeeping needed for resource and naming rules.
import { CompileError } from '../../decoder/errors.js';
import type { GlobalType, MemoryType, TableType } from '../../decoder/module.js';
import type { CoreArrayTypeDef, CoreStructTypeDef } from '../../decoder/component/ast.js';
import type { ResourceType } from '../value-types.js';
import type {
  ComponentDefinedType, ComponentType, CoreFuncType, CoreInstanceType, CoreModuleType, ExternType, FuncType, InstanceType, ValueType,
} from '../types.js';

/** An entry of the core type index space (GC struct/array types are checked by the GC ABI). */
export type CoreTypeEntry = CoreFuncType | CoreModuleType | CoreStructTypeDef | CoreArrayTypeDef;

/** `bag`: the exports of an inline-export instance, checked like an instance type's declarations. */
export type ScopeKind = 'component' | 'component-type' | 'instance-type' | 'bag';

/** Optional extensions beyond the component-model spec (wasm-tools feature names in comments). */
export interface ValidateOptions {
  /** Nested package/interface names `a:b:c/d/e` (wasm-tools `cm-nested-names`). */
  readonly nestedNames?: boolean;
}

export class Scope {
  readonly kind: ScopeKind;
  readonly parent: Scope | undefined;
  readonly options: ValidateOptions;
  /** Section name used in errors raised while validating this scope. */
  section = 'component';

  readonly coreFuncs: CoreFuncType[] = [];
  readonly coreTables: TableType[] = [];
  readonly coreMemories: MemoryType[] = [];
  readonly coreGlobals: GlobalType[] = [];
  readonly coreTags: CoreFuncType[] = [];
  readonly coreTypes: CoreTypeEntry[] = [];
  readonly coreModules: CoreModuleType[] = [];
  readonly coreInstances: CoreInstanceType[] = [];

  readonly funcs: FuncType[] = [];
  readonly values: { type: ValueType; used: boolean }[] = [];
  readonly types: ComponentDefinedType[] = [];
  readonly components: ComponentType[] = [];
  readonly instances: InstanceType[] = [];

  readonly imports = new Map<string, ExternType>();
  readonly exports = new Map<string, ExternType>();
  /** Strongly-unique keys of import / export names → the name that took the key. */
  readonly importKeys = new Map<string, string>();
  readonly exportKeys = new Map<string, string>();
  /** Resource types by the plain name they were imported / exported under ([method] name checks). */
  readonly importedResourceNames = new Map<string, ResourceType>();
  readonly exportedResourceNames = new Map<string, ResourceType>();

  /** Abstract resources introduced by imports (substituted when a component type is instantiated). */
  readonly importedResources: ResourceType[] = [];
  /** Resources this scope defines (resource definitions, `sub resource` exports): fresh per instance. */
  readonly definedResources: ResourceType[] = [];
  /** Resources defined by `(type (resource …))` here: the only ones resource.new/rep may use. */
  readonly localResources = new Set<ResourceType>();
  /** Record/variant/enum/flags types and resources that have a name here (were imported or exported). */
  readonly namedTypes = new Set<object>();
  /** The subset named by imports: imports may not refer to types that only exports name. */
  readonly importNamedTypes = new Set<object>();
  /** Core value type of each `context.get/set` slot used so far (all uses must agree). */
  readonly contextSlots = new Map<number, number>();

  constructor(kind: ScopeKind, parent: Scope | undefined, options?: ValidateOptions) {
    this.kind = kind;
    this.parent = parent;
    this.options = options ?? parent?.options ?? {};
  }

  fail(reason: string, offset: number): never {
    throw new CompileError(reason, this.section, offset, 'invalid');
  }

  /** The scope `count` levels out (0 = this one). */
  outer(count: number, offset: number): Scope {
    let s: Scope = this;
    for (let i = 0; i < count; i++) {
      if (s.parent === undefined) this.fail(`invalid outer alias count of ${count}`, offset);
      s = s.parent;
    }
    return s;
  }

  type(index: number, offset: number): ComponentDefinedType {
    if (index >= this.types.length) this.fail(`type index out of bounds: ${index}`, offset);
    return this.types[index];
  }
  coreType(index: number, offset: number): CoreTypeEntry {
    if (index >= this.coreTypes.length) this.fail(`core type index out of bounds: ${index} (unknown core type)`, offset);
    return this.coreTypes[index];
  }
  coreFunc(index: number, offset: number): CoreFuncType {
    if (index >= this.coreFuncs.length) this.fail(`core function index out of bounds: ${index}`, offset);
    return this.coreFuncs[index];
  }
  coreMemory(index: number, offset: number): MemoryType {
    if (index >= this.coreMemories.length) this.fail(`memory index out of bounds: ${index}`, offset);
    return this.coreMemories[index];
  }
  coreTable(index: number, offset: number): TableType {
    if (index >= this.coreTables.length) this.fail(`table index out of bounds: ${index}`, offset);
    return this.coreTables[index];
  }
  func(index: number, offset: number): FuncType {
    if (index >= this.funcs.length) this.fail(`function index out of bounds: ${index}`, offset);
    return this.funcs[index];
  }
  instance(index: number, offset: number): InstanceType {
    if (index >= this.instances.length) this.fail(`instance index out of bounds: ${index}`, offset);
    return this.instances[index];
  }
  coreInstance(index: number, offset: number): CoreInstanceType {
    if (index >= this.coreInstances.length) this.fail(`core instance index out of bounds: ${index}`, offset);
    return this.coreInstances[index];
  }
  component(index: number, offset: number): ComponentType {
    if (index >= this.components.length) this.fail(`component index out of bounds: ${index}`, offset);
    return this.components[index];
  }
  coreModule(index: number, offset: number): CoreModuleType {
    if (index >= this.coreModules.length) this.fail(`module index out of bounds: ${index}`, offset);
    return this.coreModules[index];
  }
  value(index: number, offset: number): { type: ValueType; used: boolean } {
    if (index >= this.values.length) this.fail(`value index out of bounds: ${index}`, offset);
    return this.values[index];
  }
}

/** What validating a component yields: its type, plus the scope for reflection. */
export interface ComponentInfo {
  readonly type: ComponentType;
  readonly scope: Scope;
}
