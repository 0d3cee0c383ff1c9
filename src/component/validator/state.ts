// The validation state of one component, component type or instance type: every index space, the
// imports and exports seen so far, and the resource bookkeeping needed for resource and naming rules.
import { CompileError } from '../../decoder/errors.js';
import type { CoreFeatures, GcPack, LegacyExceptionsPack, PackFamily, SimdPack, ThreadsPack, WideArithmeticPack } from '../../decoder/features.js';
import type { GlobalType, MemoryType, TableType } from '../../decoder/module.js';
import type { CoreArrayTypeDef, CoreStructTypeDef } from '../../decoder/component/ast.js';
import type { ResourceType } from '../value-types.js';
import type { ComponentAsync } from '../runtime/async-pack.js';
import type { ComponentMemory64 } from '../runtime/memory64-pack.js';
import type {
  ComponentDefinedType, ComponentType, CoreFuncType, CoreInstanceType, CoreModuleType, ExternType, FuncType, InstanceType, ValueType,
} from '../types.js';

/** An entry of the core type index space (GC struct/array types are checked by the GC ABI). */
export type CoreTypeEntry = CoreFuncType | CoreModuleType | CoreStructTypeDef | CoreArrayTypeDef;

/** `bag`: the exports of an inline-export instance, checked like an instance type's declarations. */
export type ScopeKind = 'component' | 'component-type' | 'instance-type' | 'bag';

/**
 * Feature switches for extensions beyond the component-model MVP (wasm-tools / wasmtime feature names in
 * the comments). An option left out takes its default: every extension purewasm implements is on, except
 * nested names (wasm-tools and the component-model tests reject `a:b:c/d` unless asked). A switched-off
 * feature makes the validator reject what uses it, with wasm-tools' error text.
 */
export interface ValidateOptions {
  /** Nested package/interface names `a:b:c/d/e` (wasm-tools `cm-nested-names`). Default off. */
  readonly nestedNames?: boolean;
  /**
   * 64-bit memories as canonical-ABI `memory` options, `i64` resource reps and `i64` context slots
   * (wasm-tools `cm64`, wasmtime `component_model_memory64`). Default on.
   */
  readonly cm64?: boolean;
  /**
   * The later async builtins: `async` `stream.cancel-*` / `future.cancel-*` / `subtask.cancel` and
   * `resource.drop async` (wasm-tools `cm-more-async-builtins`). Default on.
   */
  readonly moreAsyncBuiltins?: boolean;
  /** The `thread.*` builtins of cooperative threads and context slot 1 (wasm-tools `cm-threading`). Default on. */
  readonly threading?: boolean;
  /** `(implements "ns:pkg/iface")` on import/export names (`cm-implements`, wasmtime `component_model_implements`). Default on. */
  readonly implements?: boolean;
  /**
   * Shared memories, tables and types in core modules, and the `thread.spawn-*` /
   * `thread.available-parallelism` builtins (`shared-everything-threads`). Default on.
   */
  readonly sharedEverythingThreads?: boolean;
  /** The SIMD instructions for the component's core modules (`import { simd } from 'purewasm/simd'`). */
  readonly simd?: SimdPack;
  /** The GC instructions for the component's core modules (`import { gc } from 'purewasm/gc'`). */
  readonly gc?: GcPack;
  /** The threads proposal's atomic instructions for its core modules (`import { threads } from 'purewasm/threads'`). */
  readonly threads?: ThreadsPack;
  /**
   * The legacy exception-handling instructions for its core modules (`import { legacyExceptions } from
   * 'purewasm/legacy-exceptions'`).
   */
  readonly legacyExceptions?: LegacyExceptionsPack;
  /**
   * The wide-arithmetic instructions for its core modules (`import { wideArithmetic } from
   * 'purewasm/wide-arithmetic'`).
   */
  readonly wideArithmetic?: WideArithmeticPack;
  /**
   * Component-model async (`import { componentAsync } from 'purewasm/async'`): async lift and lower, async
   * function types, streams, futures, error contexts and the async builtins. Without it a component that
   * uses them validates as before but is refused by `new Component` (a CompileError naming the definition).
   */
  readonly componentAsync?: ComponentAsync;
  /**
   * The 64-bit canonical ABI (`import { componentMemory64 } from 'purewasm/component-memory64'`): 64-bit memories as
   * canonical `memory` options. Without it such a component validates as before (the `cm64` switch decides
   * that) but is refused by `new Component` (a CompileError naming the definition).
   */
  readonly componentMemory64?: ComponentMemory64;
}

/** The on/off switches of ValidateOptions (the instruction packs are objects, given or not). */
type Switches = Omit<ValidateOptions, PackFamily | ComponentPack>;
/** The component packs of ValidateOptions (objects, given or not). */
type ComponentPack = 'componentAsync' | 'componentMemory64';
/** ValidateOptions with every switch decided. */
export type ResolvedValidateOptions = Required<Switches> & Pick<ValidateOptions, PackFamily | ComponentPack>;

/** The switches of the public API when left out (see ValidateOptions). */
export const DEFAULT_VALIDATE_OPTIONS: Required<Switches> = {
  nestedNames: false,
  cm64: true,
  moreAsyncBuiltins: true,
  threading: true,
  implements: true,
  sharedEverythingThreads: true,
};

/** Every switch decided: the given ones, the defaults for the rest. */
export function resolveValidateOptions(options: ValidateOptions | undefined): ResolvedValidateOptions {
  const o: Record<string, boolean> = { ...DEFAULT_VALIDATE_OPTIONS };
  if (options !== undefined) {
    for (const k of Object.keys(DEFAULT_VALIDATE_OPTIONS) as (keyof Switches)[]) {
      const v = options[k];
      if (v !== undefined) o[k] = v;
    }
  }
  return { ...(o as Required<Switches>), simd: options?.simd, gc: options?.gc, threads: options?.threads,
    legacyExceptions: options?.legacyExceptions, wideArithmetic: options?.wideArithmetic, componentAsync: options?.componentAsync, componentMemory64: options?.componentMemory64 };
}

export class Scope {
  readonly kind: ScopeKind;
  readonly parent: Scope | undefined;
  /** The feature switches, all decided (an inner scope shares its parent's). */
  readonly options: ResolvedValidateOptions;
  /** Section name used in errors raised while validating this scope. */
  section = 'component';

  readonly coreFuncs: CoreFuncType[] = [];
  readonly coreTables: TableType[] = [];
  readonly coreMemories: MemoryType[] = [];
  readonly coreGlobals: GlobalType[] = [];
  readonly coreTags: CoreFuncType[] = [];
  /** @internal */
  readonly coreTypes: CoreTypeEntry[] = [];
  readonly coreModules: CoreModuleType[] = [];
  /** @internal */
  readonly coreInstances: CoreInstanceType[] = [];

  readonly funcs: FuncType[] = [];
  readonly values: { type: ValueType; used: boolean }[] = [];
  readonly types: ComponentDefinedType[] = [];
  readonly components: ComponentType[] = [];
  readonly instances: InstanceType[] = [];

  readonly imports = new Map<string, ExternType>();
  readonly exports = new Map<string, ExternType>();
  /** @internal Strongly-unique keys of import / export names → the name that took the key. */
  readonly importKeys = new Map<string, string>();
  /** @internal */
  readonly exportKeys = new Map<string, string>();
  /** @internal Resource types by the plain name they were imported / exported under ([method] name checks). */
  readonly importedResourceNames = new Map<string, ResourceType>();
  /** @internal */
  readonly exportedResourceNames = new Map<string, ResourceType>();

  /** Abstract resources introduced by imports (substituted when a component type is instantiated). */
  readonly importedResources: ResourceType[] = [];
  /** Resources this scope defines (resource definitions, `sub resource` exports): fresh per instance. */
  readonly definedResources: ResourceType[] = [];
  /** @internal Resources defined by `(type (resource …))` here: the only ones resource.new/rep may use. */
  readonly localResources = new Set<ResourceType>();
  /** @internal Record/variant/enum/flags types and resources that have a name here (were imported or exported). */
  readonly namedTypes = new Set<object>();
  /** @internal The subset named by imports: imports may not refer to types that only exports name. */
  readonly importNamedTypes = new Set<object>();
  /** @internal Core value type of each `context.get/set` slot used so far (all uses must agree). */
  readonly contextSlots = new Map<number, number>();

  constructor(kind: ScopeKind, parent: Scope | undefined, options?: ValidateOptions) {
    this.kind = kind;
    this.parent = parent;
    this.options = options !== undefined || parent === undefined ? resolveValidateOptions(options) : parent.options;
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

  /** Entry `index` of an index space (`what` names it in the error, `word` in its second half). */
  private at<T>(space: readonly T[], index: number, offset: number, what: string, word = what): T {
    if (index >= space.length) this.fail(unknownIndex(what, index, word), offset);
    return space[index];
  }

  type(index: number, offset: number): ComponentDefinedType {
    return this.at(this.types, index, offset, 'type');
  }
  /** @internal */
  coreType(index: number, offset: number): CoreTypeEntry {
    return this.at(this.coreTypes, index, offset, 'core type');
  }
  /** @internal */
  coreFunc(index: number, offset: number): CoreFuncType {
    return this.at(this.coreFuncs, index, offset, 'core func', 'function');
  }
  /** @internal */
  coreMemory(index: number, offset: number): MemoryType {
    return this.at(this.coreMemories, index, offset, 'memory');
  }
  coreTable(index: number, offset: number): TableType {
    return this.at(this.coreTables, index, offset, 'table');
  }
  func(index: number, offset: number): FuncType {
    return this.at(this.funcs, index, offset, 'func', 'function');
  }
  instance(index: number, offset: number): InstanceType {
    return this.at(this.instances, index, offset, 'instance');
  }
  /** @internal */
  coreInstance(index: number, offset: number): CoreInstanceType {
    return this.at(this.coreInstances, index, offset, 'core instance');
  }
  component(index: number, offset: number): ComponentType {
    return this.at(this.components, index, offset, 'component');
  }
  /** @internal */
  coreModule(index: number, offset: number): CoreModuleType {
    return this.at(this.coreModules, index, offset, 'module');
  }
  value(index: number, offset: number): { type: ValueType; used: boolean } {
    return this.at(this.values, index, offset, 'value');
  }
}

/** "unknown module 3: module index out of bounds": which index space, and that the index is past its end. */
export function unknownIndex(space: string, index: number, spaceWord = space): string {
  return `unknown ${space} ${index}: ${spaceWord} index out of bounds`;
}

/** What validating a component yields: its type, plus the scope for reflection. */
export interface ComponentInfo {
  readonly type: ComponentType;
  readonly scope: Scope;
}

/** What a component's core modules are compiled with: its shared-everything switch and instruction packs. */
export function coreFeatures(o: ResolvedValidateOptions): CoreFeatures {
  return {
    sharedEverythingThreads: o.sharedEverythingThreads, simd: o.simd, gc: o.gc, threads: o.threads,
    legacyExceptions: o.legacyExceptions, wideArithmetic: o.wideArithmetic,
  };
}
