// Instantiation plans: walking a decoded component once, in definition order, the planner
// (1) runs the validator's per-definition rules on a Scope of its own, so every index space has the
// static types the validator computes (the validator keeps no scopes for nested components), and
// (2) emits one step per definition: a closure that, given a fresh InstanceState, creates the run-time
// item (core instance, lifted/lowered function, alias, resource type …). Instantiating executes the
// steps. Nested components get their own plan, built once; core modules are compiled once per plan.
import type { ComponentAst, Definition, CoreInstanceExpr, InstanceExpr, SortIndex, Canon } from '../../decoder/component/ast.js';
import { CompileError } from '../../decoder/errors.js';
import { ResourceType } from '../value-types.js';
import type { ComponentType, ExternType, InstanceType } from '../types.js';
import { validateCanon } from '../validator/canon.js';
import { moduleTypeOf } from '../validator/core-module.js';
import { applyAlias, declareExtern, exportType, resolveExternDesc } from '../validator/externs.js';
import { SubtypeCtx, valueEq } from '../validator/subtype.js';
import { defineCoreType, resolveTypeDef } from '../validator/type-defs.js';
import { resolveValType } from '../validator/value-types.js';
import { Scope, type ValidateOptions } from '../validator/state.js';
import { checkTypeSize } from '../validator/type-size.js';
// The per-definition typing rules are the validator's own (one implementation for both).
import { coreInstanceType, instanceType, itemType, useValue } from '../validator/validate-component.js';
import { Instance, Module, type Imports, type Store } from '../../vm/api.js';
import { canonStep } from './canon-steps.js';
import { setModuleType } from './module-types.js';
import { setResourceImpl } from './resources.js';
import { destructorFunc } from './calls.js';
import { registerInstance, unregisterFrom } from './snapshot.js';
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

const SECTION: Record<Definition['tag'], string> = {
  'core-module': 'component core module', 'core-instance': 'component core instance', 'core-type': 'component core type',
  component: 'component component', instance: 'component instance', alias: 'component alias', type: 'component type',
  canon: 'component canonical function', start: 'component start', import: 'component import', export: 'component export',
  value: 'component value',
};

/** Validate `ast` (with `options`, or its parent's) and build its plan (and the plans of nested components). */
export function buildPlan(ast: ComponentAst, parent?: Scope, options?: ValidateOptions): ComponentPlan {
  const scope = new Scope('component', parent, options);
  const steps: Step[] = [];
  // Names the component gives its resources, for messages (resource definitions are anonymous).
  const names = new Map<ResourceType, string>();
  for (const d of ast.definitions) {
    scope.section = SECTION[d.tag];
    steps.push(planDefinition(ast, d, scope, names));
  }
  scope.section = 'component';
  scope.values.forEach((v, i) => {
    if (!v.used) scope.fail(`value index ${i} was not used as part of an instantiation, start function, or export`, ast.end);
  });
  for (const [label, t] of scope.exportedResourceNames) if (!names.has(t.canonical)) names.set(t.canonical, label);
  const type: ComponentType = {
    kind: 'component', imports: scope.imports, exports: scope.exports,
    importedResources: scope.importedResources, definedResources: scope.definedResources,
  };
  return { type, scope, steps, ast };
}

/** Execute a plan on a fresh instance state. */
export function runPlan(plan: ComponentPlan, env: InstanceState | undefined, args: ReadonlyMap<string, RExtern>, store?: Store, aot?: AotModules | null): InstanceState {
  const st = new InstanceState(env, store, aot);
  // Its handle table and flags are part of the store's snapshots (snapshot.ts).
  const mark = registerInstance(st, plan);
  try {
    for (const s of plan.steps) s(st, args);
  } catch (e) {
    unregisterFrom(st.store, mark);
    throw e;
  }
  return st;
}

/** Record run-time resource types for the static ones an instance type exports. */
function bindInstanceResources(st: InstanceState, t: InstanceType, inst: RInstance): void {
  for (const [name, e] of t.exports) {
    const r = inst.exports.get(name);
    if (r === undefined) continue;
    if (e.kind === 'type' && e.type instanceof ResourceType && r.kind === 'type' && r.type !== undefined) st.resMap.set(e.type.canonical, r.type.canonical);
    else if (e.kind === 'instance' && r.kind === 'instance') bindInstanceResources(st, e.type, r.instance);
  }
}
export function bindExternResources(st: InstanceState, t: ExternType, r: RExtern): void {
  if (t.kind === 'type' && t.type instanceof ResourceType && r.kind === 'type' && r.type !== undefined) st.resMap.set(t.type.canonical, r.type.canonical);
  else if (t.kind === 'instance' && r.kind === 'instance') bindInstanceResources(st, t.type, r.instance);
}

/** The run-time item a `sortidx` names. */
function item(st: InstanceState, si: SortIndex): RExtern {
  const i = si.index;
  switch (si.sort) {
    case 'func': return { kind: 'func', func: st.funcs[i] };
    case 'type': return { kind: 'type', type: st.types[i] };
    case 'instance': return { kind: 'instance', instance: st.instances[i] };
    case 'core module': return { kind: 'module', module: st.coreModules[i] };
    case 'component': return { kind: 'component', component: st.components[i] };
    case 'value': return { kind: 'value', value: st.values[i] };
    default: throw new Error(`unexpected sort ${si.sort}`);
  }
}

/** Push a run-time item on the index space of its kind. */
function push(st: InstanceState, e: RExtern): void {
  switch (e.kind) {
    case 'func': st.funcs.push(e.func); break;
    case 'type': st.types.push(e.type); break;
    case 'instance': st.instances.push(e.instance); break;
    case 'module': st.coreModules.push(e.module); break;
    case 'component': st.components.push(e.component); break;
    case 'value': st.values.push(e.value); break;
  }
}

function coreSpace(st: InstanceState, sort: string): unknown[] {
  switch (sort) {
    case 'func': case 'core func': return st.coreFuncs;
    case 'table': case 'core table': return st.coreTables;
    case 'memory': case 'core memory': return st.coreMemories;
    case 'global': case 'core global': return st.coreGlobals;
    case 'tag': case 'core tag': return st.coreTags;
    default: throw new Error(`unexpected core sort ${sort}`);
  }
}

function planDefinition(ast: ComponentAst, d: Definition, scope: Scope, names: Map<ResourceType, string>): Step {
  const off = d.offset;
  switch (d.tag) {
    case 'core-module': {
      const bytes = ast.bytes.subarray(d.start, d.end);
      const mt = moduleTypeOf(bytes, off, scope);
      scope.coreModules.push(mt);
      // Compiled on first instantiation, then shared by every instance of this plan.
      let mod: Module | undefined;
      return (st) => {
        if (mod === undefined) {
          mod = new Module(bytes, { sharedEverythingThreads: scope.options.sharedEverythingThreads });
          setModuleType(mod, mt);
        }
        st.coreModules.push(mod);
      };
    }
    case 'core-instance':
      scope.coreInstances.push(coreInstanceType(d.expr, scope, off));
      return coreInstanceStep(d.expr);
    case 'core-type':
      defineCoreType(scope, d.type, off);
      return () => undefined;
    case 'component': {
      const plan = buildPlan(d.component, scope);
      scope.components.push(checkTypeSize(plan.type, scope, off));
      return (st) => {
        st.components.push({ plan, env: st });
      };
    }
    case 'instance': {
      const t = checkTypeSize(instanceType(d.expr, scope, off), scope, off);
      scope.instances.push(t);
      return instanceStep(d.expr, t);
    }
    case 'alias': {
      applyAlias(scope, d.alias, off);
      const { sort, target } = d.alias;
      const staticType = sort === 'type' ? scope.types[scope.types.length - 1] : undefined;
      if (target.kind === 'export') {
        return (st) => {
          const e = st.instances[target.instance].exports.get(target.name);
          if (e === undefined) throw new Error(`instance has no export \`${target.name}\``);
          if (staticType instanceof ResourceType && e.kind === 'type' && e.type !== undefined) st.resMap.set(staticType.canonical, e.type.canonical);
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
      const t = resolveTypeDef(d.type, scope, off);
      scope.types.push(t);
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
    case 'canon': {
      validateCanon(d.canon, scope, off);
      return canonStep(d.canon as Canon, scope, off);
    }
    case 'start': {
      const f = scope.func(d.func, off);
      if (d.args.length !== f.params.length) scope.fail(`start function requires ${f.params.length} arguments`, off);
      d.args.forEach((a, i) => {
        const v = useValue(scope, a, off);
        if (!valueEq(new SubtypeCtx(), v, f.params[i].type)) scope.fail(`type mismatch for component start function argument ${i}`, off);
      });
      const n = f.result === undefined ? 0 : 1;
      if (d.results !== n) scope.fail('start function results size is out of bounds', off);
      if (f.result !== undefined) scope.values.push({ type: f.result, used: false });
      return (st) => {
        const r = st.funcs[d.func].call(d.args.map((a) => st.values[a]));
        if (n === 1) st.values.push(r);
      };
    }
    case 'import': {
      const e0 = resolveExternDesc(d.desc, scope, off, d.name);
      const fresh = d.desc.kind === 'type' && d.desc.bound.kind === 'sub-resource';
      if (fresh) scope.importedResources.push(e0.type as ResourceType);
      const e = declareExtern(scope, d.name, e0, true, off, { fresh, implements: d.implements, versionSuffix: d.versionSuffix });
      if (fresh) names.set((e0.type as ResourceType).canonical, d.name.replace(/^.*\//, ''));
      const name = d.name;
      return (st, args) => {
        const a = args.get(name);
        if (a === undefined) throw new CompileError(`missing import \`${name}\``, 'component import', off, 'invalid');
        bindExternResources(st, e, a);
        push(st, a);
      };
    }
    case 'export': {
      const { type: e, fresh } = exportType(itemType(d.sortIndex, scope, off), d.desc, scope, off, d.name);
      if (e.kind === 'type' && e.type instanceof ResourceType && !names.has(e.type.canonical)) names.set(e.type.canonical, d.name.replace(/^.*\//, ''));
      declareExtern(scope, d.name, e, false, off, { fresh, implements: d.implements, versionSuffix: d.versionSuffix });
      const si = d.sortIndex;
      const name = d.name;
      // A `(sub resource)` ascription gives the resource a new static type; at run time it is the same resource.
      const ascribed = fresh ? (e.type as ResourceType).canonical : undefined;
      return (st) => {
        const it = item(st, si);
        if (ascribed !== undefined && it.kind === 'type' && it.type !== undefined) st.resMap.set(ascribed, it.type.canonical);
        st.exports.set(name, it);
        push(st, it);
      };
    }
    case 'value': {
      scope.values.push({ type: resolveValType(d.value.type, scope, off), used: false });
      return (st) => {
        // Value definitions (🪙) are not evaluated yet: using one traps.
        st.values.push(undefined);
        void st;
      };
    }
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
      inst = new Instance(mod, imports as Imports, { store: st.store, compiled: st.aot?.of(mod) });
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
