// Imports and exports: resolving extern descriptors, the naming rules (kebab case, strong uniqueness,
// `implements`, annotated resource function names), the visibility rule (visibility.ts), and adding the
// new items to the scope's index spaces.
import { ResourceType } from '../value-types.js';
import type { ComponentDefinedType, ExternType } from '../types.js';
import { isComponentType, isFuncType, isInstanceType } from '../types.js';
import type { ExternDesc } from '../../decoder/component/ast.js';
import { externNamed, instanceNamed, nameInstanceTypes, renamed } from './visibility.js';
import { pushExtern } from './index-spaces.js';

// Re-exported so code that imported them from here keeps working (they moved to their own files).
export { applyAlias } from './aliases.js';
export { pushExtern };
import { externNameError, parseExternName, semverError, uniquenessKey } from './names.js';
import type { ParsedName } from './names.js';
import { freshInstance } from './substitute.js';
import { SubtypeCtx, externSubtype } from './subtype.js';
import { resolveValType } from './value-types.js';
import type { Scope } from './state.js';

/** Representation type of resources defined in a component (resource.new/rep signatures). */
export const resourceReps = new WeakMap<ResourceType, number>();

/** The type at `index`, which must be a `what` type (`is` tells). */
function typeOf<T extends ComponentDefinedType>(scope: Scope, index: number, offset: number, is: (t: ComponentDefinedType) => t is T, what: string): T {
  const t = scope.type(index, offset);
  if (!is(t)) scope.fail(`type index ${index} is not ${what === 'instance' ? 'an' : 'a'} ${what} type`, offset);
  return t;
}

export function resolveExternDesc(desc: ExternDesc, scope: Scope, offset: number, name: string): ExternType {
  switch (desc.kind) {
    case 'module': {
      const t = scope.coreType(desc.index, offset);
      if (t.kind !== 'module') scope.fail(`core type index ${desc.index} is not a module type`, offset);
      return { kind: 'module', type: t };
    }
    case 'func':
      return { kind: 'func', type: typeOf(scope, desc.index, offset, isFuncType, 'function') };
    case 'value':
      return { kind: 'value', type: resolveValType(desc.type, scope, offset) };
    case 'type':
      if (desc.bound.kind === 'eq') return { kind: 'type', type: scope.type(desc.bound.index, offset) };
      return { kind: 'type', type: new ResourceType('abstract', name.replace(/^.*\//, '')) };
    case 'component':
      return { kind: 'component', type: typeOf(scope, desc.index, offset, isComponentType, 'component') };
    case 'instance':
      return { kind: 'instance', type: typeOf(scope, desc.index, offset, isInstanceType, 'instance') };
  }
}


/**
 * The type an export gives the item it names: the item's own, or the ascribed type it must be a subtype
 * of. A `(sub resource)` ascription hides the resource behind a new abstract resource type that this
 * component defines (resource types are generative: every instance gets its own), so the export is
 * distinct from the resource itself and from any other export of it. `fresh` says so to declareExtern.
 */
export function exportType(e: ExternType, desc: ExternDesc | undefined, scope: Scope, offset: number, name: string): { type: ExternType; fresh: boolean } {
  if (desc === undefined) return { type: e, fresh: false };
  const ascribed = resolveExternDesc(desc, scope, offset, name);
  if (desc.kind === 'type' && desc.bound.kind === 'sub-resource') {
    if (!(e.kind === 'type' && e.type instanceof ResourceType)) scope.fail(`ascribed type of export is not compatible with the item exported as \`${name}\`: expected resource, found ${e.kind === 'type' ? 'defined type' : e.kind}`, offset);
    scope.definedResources.push(ascribed.type as ResourceType);
    return { type: ascribed, fresh: true };
  }
  const err = externSubtype(new SubtypeCtx(), e, ascribed);
  if (err !== undefined) scope.fail(`ascribed type of export is not compatible with the item exported as \`${name}\`: ${err}`, offset);
  return { type: ascribed, fresh: false };
}

function annotatedChecks(scope: Scope, name: string, parsed: ParsedName, e: ExternType, isImport: boolean, offset: number): void {
  if (parsed.kind !== 'constructor' && parsed.kind !== 'method' && parsed.kind !== 'static') return;
  const fail: (reason: string) => never = (reason) => scope.fail(`${isImport ? 'import' : 'export'} name \`${name}\` is not valid: ${reason}`, offset);
  if (e.kind !== 'func') fail(`item \`${name}\` is not a func: annotated names are only valid for functions`);
  const names = isImport ? scope.importedResourceNames : scope.exportedResourceNames;
  const f = e.type;
  // The resource a constructor or method works on must be the one named by the annotation, in the same
  // (import or export) namespace.
  const checkResource = (r: ResourceType): void => {
    let label: string | undefined;
    for (const [l, t] of names) {
      if (t === r && (label === undefined || l === parsed.resource)) label = l;
    }
    if (label === undefined) fail('resource used in function does not have a name in this context');
    if (label !== parsed.resource) fail(`function does not match expected resource name \`${label}\``);
  };
  if (parsed.kind === 'constructor') {
    if (f.async) fail('constructor function cannot be async');
    const res = f.result;
    if (res === undefined) fail('function should return one value');
    const own = res.kind === 'result' ? res.ok : res;
    if (own === undefined || own.kind !== 'own') fail('function should return `(own $T)` or `(result (own $T))`');
    checkResource(own.resource);
  } else if (parsed.kind === 'method') {
    if (f.params.length === 0) fail('function should have at least one argument');
    if (f.params[0].name !== 'self') fail('function should have a first argument called `self`');
    const p = f.params[0].type;
    if (p.kind !== 'borrow') fail('function should take a first argument of `(borrow $T)`');
    checkResource(p.resource);
  } else if (!names.has(parsed.resource)) {
    fail(`static resource name is not known in this context: no resource named \`${parsed.resource}\``);
  }
}

/** Record an import (`isImport`) or export named `name` of type `e` in `scope`; returns the type added. */
export interface ExternNameOptions {
  /** The type is a new abstract resource (`sub resource`), which needs no renaming. */
  readonly fresh?: boolean;
  /** The `implements` option of the name. */
  readonly implements?: string;
  /** The `versionsuffix` option of the name (already appended to `name`). */
  readonly versionSuffix?: string;
}

export function declareExtern(scope: Scope, name: string, e: ExternType, isImport: boolean, offset: number, opts: ExternNameOptions = {}): ExternType {
  const fresh = opts.fresh ?? false;
  if (opts.versionSuffix !== undefined) checkVersionSuffix(scope, name, opts.versionSuffix, offset);
  const parsed = parseExternName(name, isImport, scope.options.nestedNames);
  if (typeof parsed === 'string') scope.fail(externNameError(name, isImport, parsed), offset);
  checkImplements(scope, name, parsed, opts.implements, e, offset);
  if (opts.versionSuffix !== undefined && e.kind !== 'instance') scope.fail('only instances can have a version suffix', offset);
  const keys = isImport ? scope.importKeys : scope.exportKeys;
  const key = uniquenessKey(name, parsed);
  const prev = keys.get(key);
  if (prev !== undefined) scope.fail(`${isImport ? 'import' : 'export'} name \`${name}\` conflicts with previous name \`${prev}\``, offset);
  keys.set(key, name);

  // Each imported instance gets its own copies of the abstract resources its type exports; so does each
  // instance exported by a type (two exports of one instance type do not share them). (Component types
  // are instantiated later.)
  if (e.kind === 'instance' && (isImport || scope.kind === 'component-type' || scope.kind === 'instance-type')) {
    const fresh = freshInstance(e.type, 'abstract');
    (isImport ? scope.importedResources : scope.definedResources).push(...fresh.definedResources);
    e = { kind: 'instance', type: fresh };
  }

  const label = parsed.kind === 'label' ? parsed.label : parsed.kind === 'interface' ? parsed.iface : name;
  // (A bag of exports re-exports existing value types as they are: only its resources get new names,
  // which is what the annotated-name checks need.)
  if (e.kind === 'type' && !fresh && (scope.kind !== 'bag' || e.type instanceof ResourceType)) e = { kind: 'type', type: renamed(e.type, label) };

  annotatedChecks(scope, name, parsed, e, isImport, offset);
  // Instance types defer this check until they are attached to a concrete import or export.
  if (scope.kind !== 'instance-type' && scope.kind !== 'bag') {
    const named = isImport ? scope.importNamedTypes : scope.namedTypes;
    const ok =
      e.kind === 'instance' ? instanceNamed(e.type, named)
        : e.kind === 'type' && !(e.type instanceof ResourceType) && e.type.kind === 'instance' ? instanceNamed(e.type, named)
          : externNamed(e, named);
    if (!ok) scope.fail(`${e.kind} not valid to be used as ${isImport ? 'import' : 'export'}`, offset);
  }

  if (e.kind === 'type') {
    const t = e.type;
    scope.namedTypes.add(t);
    if (isImport) scope.importNamedTypes.add(t);
    if (t instanceof ResourceType) {
      (isImport ? scope.importedResourceNames : scope.exportedResourceNames).set(label, t);
    }
  }
  if (e.kind === 'instance') {
    nameInstanceTypes(e.type, scope.namedTypes);
    if (isImport) nameInstanceTypes(e.type, scope.importNamedTypes);
  }
  (isImport ? scope.imports : scope.exports).set(name, e);
  // An export's new value index aliases a value that was just consumed by the export.
  pushExtern(scope, e, !isImport);
  return e;
}

/**
 * An import, or an export of a component or instance type, declared by its descriptor: a `(sub resource)`
 * one is a fresh abstract resource, imported into or defined by `scope`.
 */
export function declareByDesc(scope: Scope, d: { readonly name: string; readonly desc: ExternDesc; readonly implements?: string; readonly versionSuffix?: string }, isImport: boolean, offset: number): void {
  const e = resolveExternDesc(d.desc, scope, offset, d.name);
  const fresh = d.desc.kind === 'type' && d.desc.bound.kind === 'sub-resource';
  if (fresh) (isImport ? scope.importedResources : scope.definedResources).push(e.type as ResourceType);
  declareExtern(scope, d.name, e, isImport, offset, { fresh, implements: d.implements, versionSuffix: d.versionSuffix });
}

/**
 * A `versionsuffix` completes the abbreviated version of an interface name (`a:b/c@1` + `.2.3`): the
 * two together must be a full semantic version.
 */
function checkVersionSuffix(scope: Scope, name: string, suffix: string, offset: number): void {
  const at = name.lastIndexOf('@');
  if (at < 0) scope.fail(`invalid interface version: \`${name}\` has no version for the suffix \`${suffix}\` to complete`, offset);
  const version = name.slice(at + 1);
  const e = semverError(version);
  if (e !== undefined) scope.fail(`invalid interface version \`${version}\` (version suffix \`${suffix}\`): ${e}`, offset);
}

/**
 * `(implements "ns:pkg/iface")` on a plain-named instance import/export: the instance implements that
 * interface under another label. Only instances may carry it, and only with a plain label.
 */
export function checkImplements(scope: Scope, name: string, parsed: ParsedName, impl: string | undefined, e: ExternType, offset: number): void {
  if (impl === undefined) return;
  if (!scope.options.implements) scope.fail('the `cm-implements` feature is not active', offset);
  if (impl === '') scope.fail('`` is not a valid name', offset);
  const p = parseExternName(impl, false, scope.options.nestedNames);
  if (typeof p === 'string') scope.fail(impl.includes(':') ? `\`${impl}\` is not a valid name: ${p}` : `\`${impl}\` must be an interface`, offset);
  if (p.kind !== 'interface') scope.fail(`\`${impl}\` must be an interface`, offset);
  if (e.kind !== 'instance') scope.fail('only instances can have an `implements`', offset);
  if (parsed.kind !== 'label') scope.fail(`name \`${name}\` is not valid with \`implements\``, offset);
}
