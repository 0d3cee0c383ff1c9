// The component validator's driver: walks a decoded component's definitions in order, building the index
// spaces (state.ts) and checking each definition (Binary.md validation notes, Explainer.md). A
// `DefinitionHook` listens to the walk: the runtime's planner (runtime/plan.ts) builds one instantiation
// step per definition from it, so each typing rule has one implementation, here.
import { ResourceType } from '../value-types.js';
import type { ComponentType, CoreExternType, CoreInstanceType, ExternType, InstanceType, ValueType } from '../types.js';
import { isValueType } from '../types.js';
import type { ComponentAst, CoreInstanceExpr, Definition, InstanceExpr, SortIndex } from '../../decoder/component/ast.js';
import { validateCanon } from './canon.js';
import { moduleTypeOf } from './core-module.js';
import { declareByDesc, declareExtern, exportType } from './externs.js';
import { applyAlias } from './aliases.js';
import { Substituter } from './substitute.js';
import { SubtypeCtx, coreExternSubtype, externSubtype, valueEq } from './subtype.js';
import { defineCoreType, resolveTypeDef } from './type-defs.js';
import { resolveValType } from './value-types.js';
import { Scope } from './state.js';
import { checkTypeSize } from './type-size.js';
import type { ComponentInfo, ValidateOptions } from './state.js';

/** The section a definition comes from, as errors name it ("component core module", "component canonical function"). */
function sectionOf(tag: Definition['tag']): string {
  return `component ${tag === 'canon' ? 'canonical function' : tag.replace('-', ' ')}`;
}

/** What a definition's validation computed that its scope does not keep. */
export interface DefinitionDetail {
  /** An export ascribed a fresh resource type (`(export "r" (type (sub resource)))`). */
  readonly fresh?: boolean;
  /** A nested component: its own walk (scope, type, and the hook that listened to it). */
  readonly nested?: { readonly scope: Scope; readonly type: ComponentType; readonly hook: DefinitionHook | undefined };
}

/** Listens to the validator's walk of one component's definitions. */
export interface DefinitionHook {
  /** Definition `d` is valid; `scope` already holds what it added (the new index, an import, an export). */
  defined(d: Definition, scope: Scope, detail: DefinitionDetail): void;
  /** The hook for the walk of nested component `component`, defined here (undefined: none). */
  nested(component: ComponentAst): DefinitionHook | undefined;
}

const NO_DETAIL: DefinitionDetail = {};

export function validateAst(ast: ComponentAst, options?: ValidateOptions, hook?: DefinitionHook): ComponentInfo {
  const scope = new Scope('component', undefined, options);
  const type = validateIn(ast, scope, hook);
  return { type, scope };
}

function validateIn(ast: ComponentAst, scope: Scope, hook: DefinitionHook | undefined): ComponentType {
  for (const d of ast.definitions) {
    scope.section = sectionOf(d.tag);
    const detail = validateDefinition(ast, d, scope, hook);
    if (hook !== undefined) hook.defined(d, scope, detail);
  }
  scope.section = 'component';
  scope.values.forEach((v, i) => {
    if (!v.used) scope.fail(`value index ${i} was not used as part of an instantiation, start function, or export`, ast.end);
  });
  return {
    kind: 'component',
    imports: scope.imports,
    exports: scope.exports,
    importedResources: scope.importedResources,
    definedResources: scope.definedResources,
  };
}

function validateDefinition(ast: ComponentAst, d: Definition, scope: Scope, hook: DefinitionHook | undefined): DefinitionDetail {
  switch (d.tag) {
    case 'core-module':
      scope.coreModules.push(moduleTypeOf(ast.bytes.subarray(d.start, d.end), d.offset, scope));
      return NO_DETAIL;
    case 'core-instance':
      scope.coreInstances.push(coreInstanceType(d.expr, scope, d.offset));
      return NO_DETAIL;
    case 'core-type':
      defineCoreType(scope, d.type, d.offset);
      return NO_DETAIL;
    case 'component': {
      const inner = new Scope('component', scope);
      const innerHook = hook?.nested(d.component);
      const type = validateIn(d.component, inner, innerHook);
      scope.components.push(checkTypeSize(type, scope, d.offset));
      return { nested: { scope: inner, type, hook: innerHook } };
    }
    case 'instance':
      scope.instances.push(checkTypeSize(instanceType(d.expr, scope, d.offset), scope, d.offset));
      return NO_DETAIL;
    case 'alias':
      applyAlias(scope, d.alias, d.offset);
      return NO_DETAIL;
    case 'type':
      scope.types.push(resolveTypeDef(d.type, scope, d.offset));
      return NO_DETAIL;
    case 'canon':
      validateCanon(d.canon, scope, d.offset);
      return NO_DETAIL;
    case 'start': {
      const f = scope.func(d.func, d.offset);
      if (d.args.length !== f.params.length) scope.fail(`start function requires ${f.params.length} arguments`, d.offset);
      d.args.forEach((a, i) => {
        const v = useValue(scope, a, d.offset);
        if (!valueEq(new SubtypeCtx(), v, f.params[i].type)) scope.fail(`type mismatch for component start function argument ${i}`, d.offset);
      });
      const n = f.result === undefined ? 0 : 1;
      if (d.results !== n) scope.fail('start function results size is out of bounds', d.offset);
      if (f.result !== undefined) scope.values.push({ type: f.result, used: false });
      return NO_DETAIL;
    }
    case 'import':
      declareByDesc(scope, d, true, d.offset);
      return NO_DETAIL;
    case 'export': {
      const { type: e, fresh } = exportType(itemType(d.sortIndex, scope, d.offset), d.desc, scope, d.offset, d.name);
      declareExtern(scope, d.name, e, false, d.offset, { fresh, implements: d.implements, versionSuffix: d.versionSuffix });
      return fresh ? { fresh } : NO_DETAIL;
    }
    case 'value': {
      scope.values.push({ type: resolveValType(d.value.type, scope, d.offset), used: false });
      return NO_DETAIL;
    }
  }
}

/** An import of a `(sub resource)` type: a fresh abstract resource. */
export function isFreshImport(d: Extract<Definition, { tag: 'import' }>): boolean {
  return d.desc.kind === 'type' && d.desc.bound.kind === 'sub-resource';
}

function useValue(scope: Scope, index: number, offset: number) {
  const v = scope.value(index, offset);
  if (v.used) scope.fail(`value index ${index} cannot be used more than once`, offset);
  v.used = true;
  return v.type;
}

/** The extern type of the item a `sortidx` names (marking values as consumed). */
function itemType(si: SortIndex, scope: Scope, offset: number): ExternType {
  switch (si.sort) {
    case 'core module':
      return { kind: 'module', type: scope.coreModule(si.index, offset) };
    case 'func':
      return { kind: 'func', type: scope.func(si.index, offset) };
    case 'value':
      return { kind: 'value', type: useValue(scope, si.index, offset) };
    case 'type':
      return { kind: 'type', type: scope.type(si.index, offset) };
    case 'component':
      return { kind: 'component', type: scope.component(si.index, offset) };
    case 'instance':
      return { kind: 'instance', type: scope.instance(si.index, offset) };
    default:
      return scope.fail(`${si.sort} not valid to be used as export or instantiation argument`, offset);
  }
}

function coreItem(sort: string, index: number, scope: Scope, offset: number): CoreExternType {
  switch (sort) {
    case 'func':
      return { kind: 'func', type: scope.coreFunc(index, offset) };
    case 'table':
      return { kind: 'table', type: scope.coreTable(index, offset) };
    case 'memory':
      return { kind: 'memory', type: scope.coreMemory(index, offset) };
    case 'global':
      if (index >= scope.coreGlobals.length) scope.fail(`global index out of bounds: ${index}`, offset);
      return { kind: 'global', type: scope.coreGlobals[index] };
    case 'tag':
      if (index >= scope.coreTags.length) scope.fail(`unknown tag ${index}: tag index out of bounds`, offset);
      return { kind: 'tag', type: scope.coreTags[index] };
    default:
      return scope.fail(`core ${sort} not valid in a core instance export`, offset);
  }
}

/** The type of a core instance definition. */
function coreInstanceType(expr: CoreInstanceExpr, scope: Scope, offset: number): CoreInstanceType {
  if (expr.kind === 'exports') {
    const exports = new Map<string, CoreExternType>();
    for (const e of expr.exports) {
      if (exports.has(e.name)) scope.fail(`export name \`${e.name}\` already defined`, offset);
      exports.set(e.name, coreItem(e.sort, e.index, scope, offset));
    }
    return { kind: 'core-instance', exports };
  }
  const mt = scope.coreModule(expr.module, offset);
  const args = new Map<string, CoreInstanceType>();
  for (const a of expr.args) {
    if (a.sort !== 'instance') scope.fail('only instances can be used as core instantiation arguments', offset);
    if (args.has(a.name)) scope.fail(`duplicate module instantiation argument named \`${a.name}\``, offset);
    args.set(a.name, scope.coreInstance(a.index, offset));
  }
  for (const imp of mt.imports) {
    const arg = args.get(imp.module);
    if (arg === undefined) scope.fail(`missing module instantiation argument named \`${imp.module}\``, offset);
    const e = arg.exports.get(imp.name);
    if (e === undefined) scope.fail(`module instantiation argument \`${imp.module}\` does not export an item named \`${imp.name}\``, offset);
    const err = coreExternSubtype(e, imp.type);
    if (err !== undefined) scope.fail(`type mismatch for export \`${imp.name}\` of module instantiation argument \`${imp.module}\`: ${err}`, offset);
  }
  return { kind: 'core-instance', exports: mt.exports };
}

/** The type of a component instance definition. */
function instanceType(expr: InstanceExpr, scope: Scope, offset: number): InstanceType {
  if (expr.kind === 'exports') {
    // A bag of exports is checked like an instance type's export declarations (names, uniqueness,
    // annotated resource functions), in a scope of its own.
    const bag = new Scope('bag', scope);
    bag.section = scope.section;
    for (const e of expr.exports) declareExtern(bag, e.name, itemType(e, scope, offset), false, offset, { implements: e.implements, versionSuffix: e.versionSuffix });
    return { kind: 'instance', exports: bag.exports, definedResources: [] };
  }
  const ct = scope.component(expr.component, offset);
  const args = new Map<string, ExternType>();
  for (const a of expr.args) {
    if (args.has(a.name)) scope.fail(`instantiation argument \`${a.name}\` conflicts with previous argument`, offset);
    args.set(a.name, itemType(a, scope, offset));
  }
  const ctx = new SubtypeCtx(new Set(ct.importedResources));
  for (const [name, it] of ct.imports) {
    const arg = args.get(name);
    if (arg === undefined) scope.fail(`missing import named \`${name}\``, offset);
    const err = externSubtype(ctx, arg, it);
    if (err !== undefined) scope.fail(`type mismatch for import \`${name}\`: ${err}`, offset);
  }
  const map = new Map(ctx.bind);
  for (const r of ct.definedResources) if (!map.has(r.canonical)) map.set(r.canonical, new ResourceType('instantiated', r.name));
  // Imported value types (`eq` bounds) become the arguments' types, which carry the caller's names.
  const types = new Map<ValueType, ValueType>();
  const mapTypes = (it: ExternType, arg: ExternType): void => {
    if (it.kind === 'type' && arg.kind === 'type' && isValueType(it.type) && isValueType(arg.type)) types.set(it.type, arg.type);
    else if (it.kind === 'instance' && arg.kind === 'instance') {
      // Types exported by an imported instance become the argument instance's types.
      for (const [n, e] of it.type.exports) {
        const a = arg.type.exports.get(n);
        if (a !== undefined) mapTypes(e, a);
      }
    }
  };
  for (const [name, it] of ct.imports) mapTypes(it, args.get(name)!);
  const sub = new Substituter(map, types);
  return { kind: 'instance', exports: sub.externs(ct.exports), definedResources: [] };
}
