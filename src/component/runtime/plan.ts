// Instantiation plans: the planner listens to the validator's walk of a decoded component (a
// DefinitionHook, validator/validate-component.ts): after each definition validates, with the static
// types of every index space in the validator's Scope, it emits one step for it — a closure that, given a
// fresh InstanceState, creates the run-time item (core instance, lifted/lowered function, alias, resource
// type …). So every typing rule has one implementation, the validator's. Instantiating executes the
// steps. Nested components get their own plan, built once; core modules are compiled once per plan.
import type { ComponentAst, Definition, CoreInstanceExpr, InstanceExpr, SortIndex, Canon } from '../../decoder/component/ast.js';
import { CompileError } from '../../decoder/errors.js';
import { ResourceType } from '../value-types.js';
import type { ComponentType, ExternType, InstanceType } from '../types.js';
import { coreFeatures, type Scope, type ValidateOptions } from '../validator/state.js';
import { CORE_SPACES } from '../validator/index-spaces.js';
import { isFreshImport, validateAst, type DefinitionDetail, type DefinitionHook } from '../validator/validate-component.js';
import { Instance, Module, type Imports, type Store } from '../../vm/api.js';
import { canonStep } from './canon-steps.js';
import { setModuleType } from './module-types.js';
import { setResourceImpl } from './resources.js';
import { destructorFunc } from './calls.js';
import { registerInstance, unregisterFrom } from './store-instances.js';
import { InstanceState, type AotModules, type CoreExports, type RExtern, type RInstance } from './state.js';

export type Step = (st: InstanceState, args: ReadonlyMap<string, RExtern>) => void;

export interface ComponentPlan {
  /** The component's type: imports and exports (static; resources abstract). */
  readonly type: ComponentType;
  /** The validator scope of this component (static types of every index space). */
  readonly scope: Scope;
  readonly steps: readonly Step[];
  /** The decoded definitions (for embedder policies that look at where an item comes from). */
  readonly ast: ComponentAst;
}

/** Validate `ast` with `options` and build its plan (and the plans of nested components). */
export function buildPlan(ast: ComponentAst, options?: ValidateOptions): ComponentPlan {
  const planner = new Planner(ast);
  const { type, scope } = validateAst(ast, options, planner);
  return planner.plan(type, scope);
}

/** Builds the steps of one component as the validator walks it. */
class Planner implements DefinitionHook {
  readonly steps: Step[] = [];
  /** Names the component gives its resources, for messages (resource definitions are anonymous). */
  readonly names = new Map<ResourceType, string>();

  constructor(readonly ast: ComponentAst) {}

  defined(d: Definition, scope: Scope, detail: DefinitionDetail): void {
    this.steps.push(planDefinition(this.ast, d, scope, detail, this.names));
  }

  nested(component: ComponentAst): Planner {
    return new Planner(component);
  }

  plan(type: ComponentType, scope: Scope): ComponentPlan {
    for (const [label, t] of scope.exportedResourceNames) if (!this.names.has(t.canonical)) this.names.set(t.canonical, label);
    return { type, scope, steps: this.steps, ast: this.ast };
  }
}

/** Execute a plan on a fresh instance state. */
export function runPlan(plan: ComponentPlan, env: InstanceState | undefined, args: ReadonlyMap<string, RExtern>, store?: Store, aot?: AotModules | null): InstanceState {
  const st = new InstanceState(env, store, aot);
  st.async = plan.scope.options.componentAsync;
  st.memory64 = plan.scope.options.componentMemory64;
  // Its handle table and flags are part of the store's snapshots (store-instances.ts).
  const mark = registerInstance(st, plan);
  try {
    for (const s of plan.steps) s(st, args);
  } catch (e) {
    unregisterFrom(st.store, mark);
    throw e;
  }
  return st;
}

/** Record the run-time resource `r` supplies for the static resource type `t` (when it is one). */
function bindType(st: InstanceState, t: unknown, r: RExtern): void {
  if (t instanceof ResourceType && r.kind === 'type' && r.type !== undefined) st.resMap.set(t.canonical, r.type.canonical);
}

/** Record run-time resource types for the static ones an instance type exports. */
function bindInstanceResources(st: InstanceState, t: InstanceType, inst: RInstance): void {
  for (const [name, e] of t.exports) {
    const r = inst.exports.get(name);
    if (r !== undefined) bindExternResources(st, e, r);
  }
}
export function bindExternResources(st: InstanceState, t: ExternType, r: RExtern): void {
  if (t.kind === 'type') bindType(st, t.type, r);
  else if (t.kind === 'instance' && r.kind === 'instance') bindInstanceResources(st, t.type, r.instance);
}

/** The index space of each kind of run-time item (an RExtern of kind `k` carries the item as its field `k`). */
const SPACES = { func: 'funcs', type: 'types', instance: 'instances', module: 'coreModules', component: 'components', value: 'values' } as const;

/** The run-time item a `sortidx` names. */
function item(st: InstanceState, si: SortIndex): RExtern {
  const kind = si.sort === 'core module' ? 'module' : (si.sort as RExtern['kind']);
  const space = SPACES[kind];
  if (space === undefined) throw new Error(`unexpected sort ${si.sort}`);
  return { kind, [kind]: st[space][si.index] } as unknown as RExtern;
}

/** Push a run-time item on the index space of its kind. */
function push(st: InstanceState, e: RExtern): void {
  (st[SPACES[e.kind]] as unknown[]).push((e as unknown as Record<string, unknown>)[e.kind]);
}

/** A core index space (`sort`: `func` or `core func`, and so on). */
function coreSpace(st: InstanceState, sort: string): unknown[] {
  const s = sort.replace('core ', '');
  const space = (CORE_SPACES as Record<string, (typeof CORE_SPACES)[keyof typeof CORE_SPACES]>)[s];
  if (space === undefined) throw new Error(`unexpected core sort ${sort}`);
  return st[space];
}

/** The step of definition `d`, which the validator has just checked (its results are in `scope`). */
function planDefinition(ast: ComponentAst, d: Definition, scope: Scope, detail: DefinitionDetail, names: Map<ResourceType, string>): Step {
  const off = d.offset;
  switch (d.tag) {
    case 'core-module': {
      const bytes = ast.bytes.subarray(d.start, d.end);
      const mt = scope.coreModules[scope.coreModules.length - 1];
      // Compiled on first instantiation, then shared by every instance of this plan.
      let mod: Module | undefined;
      return (st) => {
        if (mod === undefined) {
          mod = new Module(bytes, coreFeatures(scope.options));
          setModuleType(mod, mt);
        }
        st.coreModules.push(mod);
      };
    }
    case 'core-instance':
      return coreInstanceStep(d.expr);
    case 'core-type':
      return () => undefined;
    case 'component': {
      const nested = detail.nested!;
      const plan = (nested.hook as Planner).plan(nested.type, nested.scope);
      return (st) => {
        st.components.push({ plan, env: st });
      };
    }
    case 'instance':
      return instanceStep(d.expr, scope.instances[scope.instances.length - 1]);
    case 'alias': {
      const { sort, target } = d.alias;
      const staticType = sort === 'type' ? scope.types[scope.types.length - 1] : undefined;
      if (target.kind === 'export') {
        return (st) => {
          const e = st.instances[target.instance].exports.get(target.name);
          if (e === undefined) throw new Error(`instance has no export \`${target.name}\``);
          bindType(st, staticType, e);
          push(st, e);
        };
      }
      if (target.kind === 'core-export') {
        return (st) => {
          const inst = st.coreInstances[target.instance];
          coreSpace(st, sort).push(inst[target.name]);
        };
      }
      return (st) => {
        const o = st.outer(target.count);
        switch (sort) {
          case 'type': st.types.push(o.types[target.index]); break;
          case 'core module': st.coreModules.push(o.coreModules[target.index]); break;
          case 'component': st.components.push(o.components[target.index]); break;
          default: break; // core types have no run-time form
        }
      };
    }
    case 'type': {
      const t = scope.types[scope.types.length - 1];
      if (d.type.kind === 'resource') {
        const dtor = d.type.dtor;
        const r = t as ResourceType;
        return (st) => {
          const rt = new ResourceType('instantiated', names.get(r) ?? 'resource');
          // The destructor runs as a sync-lifted `func(rep: u32)` of this instance (spec canon_resource_drop).
          const f = dtor === undefined ? undefined : destructorFunc(st, st.coreFuncs[dtor] as (rep: number) => unknown);
          setResourceImpl(rt, { owner: st.flags, dtor: f });
          st.resMap.set(r, rt);
          st.types.push(rt);
        };
      }
      return (st) => {
        st.types.push(undefined);
      };
    }
    case 'canon':
      return canonStep(d.canon as Canon, scope, off);
    case 'start': {
      const n = d.results;
      return (st) => {
        const r = st.funcs[d.func].call(d.args.map((a) => st.values[a]));
        if (n === 1) st.values.push(r);
      };
    }
    case 'import': {
      const name = d.name;
      const e = scope.imports.get(name)!;
      if (isFreshImport(d)) names.set((e.type as ResourceType).canonical, name.replace(/^.*\//, ''));
      return (st, args) => {
        const a = args.get(name);
        if (a === undefined) throw new CompileError(`missing import \`${name}\``, 'component import', off, 'invalid');
        bindExternResources(st, e, a);
        push(st, a);
      };
    }
    case 'export': {
      const name = d.name;
      const e = scope.exports.get(name)!;
      if (e.kind === 'type' && e.type instanceof ResourceType && !names.has(e.type.canonical)) names.set(e.type.canonical, name.replace(/^.*\//, ''));
      const si = d.sortIndex;
      // A `(sub resource)` ascription gives the resource a new static type; at run time it is the same resource.
      const ascribed = detail.fresh === true ? (e.type as ResourceType).canonical : undefined;
      return (st) => {
        const it = item(st, si);
        bindType(st, ascribed, it);
        st.exports.set(name, it);
        push(st, it);
      };
    }
    case 'value':
      return (st) => {
        // Value definitions (🪙) are not evaluated yet: using one traps.
        st.values.push(undefined);
      };
  }
}

// ---------------------------------------------------------------------------------------------------
// Core instances

function coreInstanceStep(expr: CoreInstanceExpr): Step {
  if (expr.kind === 'exports') {
    const list = expr.exports;
    return (st) => {
      const o: CoreExports = Object.create(null);
      for (const e of list) o[e.name] = coreSpace(st, e.sort)[e.index];
      st.coreInstances.push(o);
    };
  }
  const { module, args } = expr;
  return (st) => {
    const imports: Record<string, CoreExports> = Object.create(null);
    for (const a of args) imports[a.name] = st.coreInstances[a.index];
    // Core start functions run while the component instance is being created: it cannot be entered yet.
    const flags = st.flags;
    const prev = flags.mayEnter;
    flags.mayEnter = false;
    let inst: Instance;
    try {
      const mod = st.coreModules[module];
      inst = new Instance(mod, imports as Imports, { store: st.store, compiled: st.aot?.of(mod), hostErrorsTrap: true });
    } finally {
      flags.mayEnter = prev;
    }
    st.coreInstances.push(inst.exports as CoreExports);
  };
}

// ---------------------------------------------------------------------------------------------------
// Component instances

function instanceStep(expr: InstanceExpr, t: InstanceType): Step {
  if (expr.kind === 'exports') {
    const list = expr.exports;
    return (st) => {
      const exports = new Map<string, RExtern>();
      for (const e of list) exports.set(e.name, item(st, e));
      st.instances.push({ exports });
    };
  }
  const { component, args } = expr;
  return (st) => {
    const c = st.components[component];
    const a = new Map<string, RExtern>();
    for (const x of args) a.set(x.name, item(st, x));
    // In the instantiating component's store (a component imported through the Linker has no env).
    const child = runPlan(c.plan, c.env, a, st.store, st.aot);
    bindInstanceResources(st, t, child);
    st.instances.push(child);
  };
}
