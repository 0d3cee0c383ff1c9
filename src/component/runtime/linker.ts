// The Linker: host definitions by interface name (and at the root), matched to a component's imports by
// name with semver-compatible versions, type-checked at instantiation (LinkError names the import).
import { LinkError } from '../../vm/errors.js';
import { typeName } from '../../abi/scalars.js';
import { Module, type HostFunction, type Store } from '../../vm/api.js';
import { ResourceType, type FuncType } from '../value-types.js';
import type { CoreModuleType, ExternType, InstanceType } from '../types.js';
import { ShapeCtx, SubtypeCtx, externSubtype, moduleSubtype } from '../validator/subtype.js';
import { moduleType } from './module-types.js';
import { hostFunc } from './calls.js';
import { lookupVersioned } from './names.js';
import { runPlan } from './plan.js';
import { trap } from './resources.js';
import type { Component } from './component.js';
import { ComponentInstance, Exports, Func } from './instance.js';
import { AotModules, type RComponent, type RExtern, type RFunc, type RInstance } from './state.js';
import type { CompiledComponent } from '../../vm/jstier/runtime.js';
import { checkAotFormat } from '../../vm/jstier/aot-format.js';
import { moduleHash } from '../../vm/runtime/module-hash.js';

type HostFn = HostFunction;

type Definition =
  | { readonly kind: 'func'; readonly type: FuncType | undefined; readonly fn: HostFn }
  | { readonly kind: 'resource'; readonly type: ResourceType }
  | { readonly kind: 'instance'; readonly instance: LinkerInstance }
  | { readonly kind: 'extern'; readonly extern: RExtern };

/** A set of named host definitions: the linker's root, or one (possibly nested) interface instance. */
export class LinkerInstance {
  /** @internal */
  readonly defs = new Map<string, Definition>();

  /**
   * Define a host function. `func(name, fn)`: a plain JS function, typed by the import it satisfies: it
   * receives the arguments as JS values and returns the result as one (see Func for the mapping); what
   * it throws propagates to the caller of the export and locks the calling instance down, as a trap does.
   * `func(name, type, fn)`: with a component function type, checked against the import.
   */
  func(name: string, fn: HostFunction): this;
  func(name: string, type: FuncType, fn: HostFunction): this;
  func(name: string, typeOrFn: FuncType | HostFunction, fn?: HostFunction): this {
    if (typeof typeOrFn === 'function') this.defs.set(name, { kind: 'func', type: undefined, fn: typeOrFn });
    else if (typeof typeOrFn === 'object' && typeOrFn !== null && (typeOrFn as { kind?: unknown }).kind === 'func') {
      if (typeof fn !== 'function') throw new TypeError(`Linker.func(\`${name}\`): expected a host function after the type, got ${typeName(fn)}`);
      this.defs.set(name, { kind: 'func', type: typeOrFn, fn });
    } else throw new TypeError(`Linker.func(\`${name}\`): expected a host function, got ${typeName(typeOrFn)}`);
    return this;
  }

  /** Define a host resource type (`ResourceType.host(name, destructor)`). */
  resource(name: string, type: ResourceType): this {
    if (!(type instanceof ResourceType) || type.state !== 'host') {
      throw new TypeError(`Linker.resource(\`${name}\`): expected a host resource type (ResourceType.host(name, destructor)), got ${type instanceof ResourceType ? `the ${type.state} resource \`${type.name}\`` : typeName(type)}`);
    }
    this.defs.set(name, { kind: 'resource', type });
    return this;
  }

  /** Define a core module (for `(import "m" (core module ...))`). */
  module(name: string, module: Module): this {
    this.defs.set(name, { kind: 'extern', extern: { kind: 'module', module } });
    return this;
  }

  /** Define a component (for `(import "c" (component ...))`); the importer instantiates it. */
  component(name: string, component: Component): this {
    this.defs.set(name, { kind: 'extern', extern: { kind: 'component', component: { plan: component.plan, env: undefined } } });
    return this;
  }

  /** The nested instance `name` (created on first use). */
  instance(name: string): LinkerInstance {
    const d = this.defs.get(name);
    if (d !== undefined && d.kind === 'instance') return d.instance;
    const i = new LinkerInstance();
    this.defs.set(name, { kind: 'instance', instance: i });
    return i;
  }

  /**
   * Define `name` as something another component instance exports (linking components together): a whole
   * instance, one of its exported instances (`exports.instance('ns:pkg/iface')`) or functions.
   */
  define(name: string, item: ComponentInstance | Exports | Func<any, any>): this;
  /** @internal Run-time items (the test-script host). */
  define(name: string, item: RExtern | ComponentInstance | RInstance | Exports | Func<any, any>): this;
  define(name: string, item: RExtern | ComponentInstance | RInstance | Exports | Func<any, any>): this {
    const extern: RExtern =
      item instanceof ComponentInstance ? { kind: 'instance', instance: item.state }
        : item instanceof Exports ? { kind: 'instance', instance: item.raw }
          : item instanceof Func ? { kind: 'func', func: item.raw }
            : 'kind' in item ? item : { kind: 'instance', instance: item };
    this.defs.set(name, { kind: 'extern', extern });
    return this;
  }
}

export class Linker extends LinkerInstance {
  /** Instantiate `component` with this linker's definitions, into `options.store` (default: a new store).
   *  `options.compiled`: its core modules compiled to JS ahead of time (`purewasm compile --js`). */
  instantiate(component: Component, options: { store?: Store; compiled?: CompiledComponent } = {}): ComponentInstance {
    const ct = component.type;
    const ctx = new SubtypeCtx(new Set(ct.importedResources.map((r) => r.canonical)));
    const args = new Map<string, RExtern>();
    for (const [name, it] of ct.imports) args.set(name, resolveImport(this, name, it, ctx, name));
    let aot: AotModules | null = null;
    if (options.compiled !== undefined) {
      // JS made from exactly these component bytes, or none at all (as for a core module)
      checkAotFormat(options.compiled, 'component');
      if (options.compiled.hash !== moduleHash(component.bytes)) throw new LinkError('compiled JS was made from another component (hash mismatch)');
      aot = new AotModules(options.compiled);
    }
    return ComponentInstance.make(runPlan(component.plan, undefined, args, options.store, aot), component);
  }

  /** Define every import of `component` not yet defined as functions that trap when called. */
  defineUnknownImportsAsTraps(component: Component): this {
    // One stub per static resource: an import that re-exports an earlier one (`(eq $r)`) gets the same type.
    const stubs = new Map<ResourceType, ResourceType>();
    for (const [name, it] of component.type.imports) stubInto(this, name, it, stubs);
    return this;
  }
}

/** A LinkError about import `path` (`wrongType`: its item has the wrong type, `reason` says how). */
function linkError(path: string, reason: string, wrongType = false): never {
  throw new LinkError(`import \`${path}\`${wrongType ? ' has the wrong type' : ''}: ${reason}`);
}

function stubInto(li: LinkerInstance, name: string, it: ExternType, stubs: Map<ResourceType, ResourceType>): void {
  const d = lookupVersioned(li.defs, name);
  switch (it.kind) {
    case 'func':
      if (d === undefined) li.func(name, () => trap(`unimplemented import \`${name}\` was called`));
      return;
    case 'type': {
      if (!(it.type instanceof ResourceType)) return;
      const r = it.type.canonical;
      if (d !== undefined) {
        if (d.kind === 'resource' && !stubs.has(r)) stubs.set(r, d.type);
        return;
      }
      const stub = stubs.get(r) ?? ResourceType.host(name);
      stubs.set(r, stub);
      li.resource(name, stub);
      return;
    }
    case 'instance': {
      if (d !== undefined && d.kind !== 'instance') return;
      const inner = li.instance(name);
      // Types first, as instantiation binds them: a function's handle types name them.
      for (const [n, e] of it.type.exports) if (e.kind === 'type') stubInto(inner, n, e, stubs);
      for (const [n, e] of it.type.exports) if (e.kind !== 'type') stubInto(inner, n, e, stubs);
      return;
    }
    default:
      return;
  }
}

function resolveImport(li: LinkerInstance, name: string, it: ExternType, ctx: SubtypeCtx, path: string): RExtern {
  const d = lookupVersioned(li.defs, name);
  if (d === undefined) {
    // Instances that export nothing (recursively) need no definition (wasmtime does the same).
    // Its type exports are still aliased by the importer (a types-only interface such as wasi:clocks/types).
    if (it.kind === 'instance' && isEmptyInstance(it.type)) return { kind: 'instance', instance: resolveInstance(new LinkerInstance(), it.type, ctx, path) };
    // Non-resource types (`eq` bounds) have no run-time form: nothing to supply.
    if (it.kind === 'type' && !(it.type instanceof ResourceType)) return { kind: 'type', type: undefined };
    // A resource type `eq`-bound to one an earlier import supplied is that type: nothing more to supply.
    if (it.kind === 'type' && it.type instanceof ResourceType) {
      const bound = ctx.bind.get(it.type.canonical);
      if (bound !== undefined) return { kind: 'type', type: bound };
    }
    throw new LinkError(`missing import \`${path}\`: no definition was found in the linker`);
  }
  if (d.kind === 'extern') {
    checkExtern(d.extern, it, ctx, path);
    return d.extern;
  }
  switch (it.kind) {
    case 'func': {
      if (d.kind !== 'func') linkError(path, `expected a function, found a ${d.kind}`);
      if (d.type !== undefined) {
        const check = new ResourceIdentityCtx(ctx.bindable, ctx.bind);
        const err = externSubtype(check, { kind: 'func', type: d.type }, it);
        if (err !== undefined) {
          const why = check.mismatched ? 'mismatched resource types: ' : '';
          linkError(path, `${why}${err}`, true);
        }
      }
      return { kind: 'func', func: hostFunc(it.type, d.fn, path) };
    }
    case 'type': {
      if (!(it.type instanceof ResourceType)) return { kind: 'type', type: undefined };
      if (d.kind !== 'resource') linkError(path, `expected a resource type, found a ${d.kind}`);
      bindResource(ctx, it.type, d.type, path);
      return { kind: 'type', type: d.type };
    }
    case 'instance': {
      if (d.kind !== 'instance') linkError(path, `expected an instance, found a ${d.kind}`);
      return { kind: 'instance', instance: resolveInstance(d.instance, it.type, ctx, path) };
    }
    default:
      linkError(path, `${it.kind} imports are not supported by the linker`);
  }
}

/** An instance type's exports, types first: functions mention the resources those bind. */
function typesFirst(t: InstanceType): [string, ExternType][] {
  return [...t.exports].sort((a, b) => (a[1].kind === 'type' ? 0 : 1) - (b[1].kind === 'type' ? 0 : 1));
}

function resolveInstance(li: LinkerInstance, t: InstanceType, ctx: SubtypeCtx, path: string): RInstance {
  const exports = new Map<string, RExtern>();
  for (const [name, e] of typesFirst(t)) {
    if (e.kind === 'type' && !(e.type instanceof ResourceType)) {
      exports.set(name, { kind: 'type', type: undefined });
      continue;
    }
    exports.set(name, resolveImport(li, name, e, ctx, `${path}#${name}`));
  }
  return { exports };
}

/**
 * Bind the static resource `expected` (as the component's import type names it) to the run-time resource
 * `actual`. A resource already bound by an earlier import (`(eq $r)` on an imported `$r`, or the same
 * resource reached twice) must be supplied as the very same run-time type: identity is what resources are.
 */
function bindResource(ctx: SubtypeCtx, expected: ResourceType, actual: ResourceType, path: string): void {
  const prev = ctx.bind.get(expected.canonical);
  if (prev !== undefined && prev !== actual.canonical) {
    linkError(path, `mismatched resource types: expected the resource type bound to \`${prev.name}\` by an earlier import, found \`${actual.canonical.name}\``);
  }
  ctx.bind.set(expected.canonical, actual.canonical);
}

/** A core module satisfies a module import when its type is a subtype (fewer imports, more exports). */
function checkModule(m: Module, t: CoreModuleType, path: string): void {
  const mt = moduleType(m);
  if (mt !== undefined) {
    const err = moduleSubtype(mt, t);
    if (err !== undefined) linkError(path, err);
    return;
  }
  for (const i of Module.imports(m)) {
    if (!t.imports.some((x) => x.module === i.module && x.name === i.name)) linkError(path, `missing expected import \`${i.module}::${i.name}\``);
  }
  const exports = new Set(Module.exports(m).map((e) => e.name));
  for (const name of t.exports.keys()) if (!exports.has(name)) linkError(path, `missing expected export \`${name}\``);
}

function isEmptyInstance(t: InstanceType): boolean {
  for (const e of t.exports.values()) {
    if (e.kind === 'type' && !(e.type instanceof ResourceType)) continue;
    if (e.kind !== 'instance' || !isEmptyInstance(e.type)) return false;
  }
  return true;
}

const KIND_WORDS: Record<string, string> = { func: 'function', module: 'module', instance: 'instance', type: 'type', component: 'component', value: 'value' };

/** Shares the import bindings; remembers whether a failed check was a resource-identity mismatch. */
class ResourceIdentityCtx extends SubtypeCtx {
  mismatched = false;
  override resource(actual: ResourceType, expected: ResourceType): boolean {
    const same = super.resource(actual, expected);
    if (!same) this.mismatched = true;
    return same;
  }
}

/** Check an item exported by a component instance against the import type it is given for. */
function checkExtern(r: RExtern, it: ExternType, ctx: SubtypeCtx, path: string): void {
  if (r.kind !== it.kind) linkError(path, `expected ${KIND_WORDS[it.kind]} found ${KIND_WORDS[r.kind]}`);
  switch (it.kind) {
    case 'module':
      checkModule((r as { module: Module }).module, it.type, path);
      return;
    case 'func': {
      const err = externSubtype(new ShapeCtx(), { kind: 'func', type: (r as { func: RFunc }).func.type }, it);
      if (err !== undefined) linkError(path, err, true);
      return;
    }
    case 'type': {
      const rt = (r as { type: ResourceType | undefined }).type;
      if (it.type instanceof ResourceType) {
        if (rt === undefined) linkError(path, 'expected a resource type');
        bindResource(ctx, it.type, rt, path);
      }
      return;
    }
    case 'component': {
      // Checked like an instantiation argument: the component's own abstract imports bind to the import's.
      const c = (r as { component: RComponent }).component;
      const err = externSubtype(new SubtypeCtx(), { kind: 'component', type: c.plan.type }, it);
      if (err !== undefined) linkError(path, err, true);
      return;
    }
    case 'instance': {
      const inst = (r as { instance: RInstance }).instance;
      for (const [name, e] of typesFirst(it.type)) {
        const x = inst.exports.get(name);
        if (x === undefined) linkError(path, `export \`${name}\` was not found`);
        checkExtern(x, e, ctx, `${path}#${name}`);
      }
      return;
    }
    default:
      return;
  }
}
