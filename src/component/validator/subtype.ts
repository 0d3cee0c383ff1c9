// Subtyping of extern types (Explainer.md "Subtyping"): instance types by export width and depth,
// component types contravariantly in imports, value and function types by structural equality, core
// module/instance types and core definitions by the core matching rules. Abstract resources of the
// expected side may be bound to the actual side's resources (`bindable`), which is how instantiation
// arguments substitute a component's imported resource types.
import { ResourceType } from '../value-types.js';
import type { Limits, MemoryType, TableType } from '../../decoder/module.js';
import type { ComponentDefinedType, ComponentType, CoreExternType, CoreFuncType, CoreModuleType, ExternType, FuncType, InstanceType, ValueType } from '../types.js';

export class SubtypeCtx {
  constructor(
    readonly bindable: ReadonlySet<ResourceType> = new Set(),
    readonly bind = new Map<ResourceType, ResourceType>(),
  ) {}

  /** A context that may also bind `more` (sharing this one's bindings). */
  with(more: readonly ResourceType[]): SubtypeCtx {
    if (more.length === 0) return this;
    return new SubtypeCtx(new Set([...this.bindable, ...more.map((r) => r.canonical)]), this.bind);
  }

  resource(actual: ResourceType, expected: ResourceType): boolean {
    actual = actual.canonical;
    expected = expected.canonical;
    if (actual === expected) return true;
    const b = this.bind.get(expected);
    if (b !== undefined) return b === actual;
    // A binding made in the other direction (component imports are compared contravariantly).
    if (this.bind.get(actual) === expected) return true;
    if (this.bindable.has(expected)) {
      this.bind.set(expected, actual);
      return true;
    }
    return false;
  }
}

function optEq(ctx: SubtypeCtx, a: ValueType | undefined, b: ValueType | undefined): boolean {
  return a === undefined ? b === undefined : b !== undefined && valueEq(ctx, a, b);
}

export function valueEq(ctx: SubtypeCtx, a: ValueType, b: ValueType): boolean {
  if (a === b) return true;
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case 'list': {
      const o = b as typeof a;
      return a.length === o.length && valueEq(ctx, a.element, o.element);
    }
    case 'option':
      return valueEq(ctx, a.element, (b as typeof a).element);
    case 'record': {
      const o = b as typeof a;
      return a.fields.length === o.fields.length && a.fields.every((f, i) => f.name === o.fields[i].name && valueEq(ctx, f.type, o.fields[i].type));
    }
    case 'tuple': {
      const o = b as typeof a;
      return a.elements.length === o.elements.length && a.elements.every((e, i) => valueEq(ctx, e, o.elements[i]));
    }
    case 'variant': {
      const o = b as typeof a;
      return a.cases.length === o.cases.length && a.cases.every((c, i) => c.name === o.cases[i].name && optEq(ctx, c.type, o.cases[i].type));
    }
    case 'enum':
    case 'flags': {
      const o = b as typeof a;
      return a.names.length === o.names.length && a.names.every((n, i) => n === o.names[i]);
    }
    case 'result': {
      const o = b as typeof a;
      return optEq(ctx, a.ok, o.ok) && optEq(ctx, a.err, o.err);
    }
    case 'own':
    case 'borrow':
      return ctx.resource(a.resource, (b as typeof a).resource);
    case 'stream':
    case 'future':
      return optEq(ctx, a.element, (b as typeof a).element);
    default:
      return true;
  }
}

export function funcSubtype(ctx: SubtypeCtx, a: FuncType, b: FuncType): string | undefined {
  if (a.async !== b.async) return 'mismatch in async attribute';
  if (a.params.length !== b.params.length) return 'expected ' + b.params.length + ' parameters, found ' + a.params.length;
  for (let i = 0; i < a.params.length; i++) {
    if (a.params[i].name !== b.params[i].name) return `expected parameter named \`${b.params[i].name}\`, found \`${a.params[i].name}\``;
    if (!valueEq(ctx, a.params[i].type, b.params[i].type)) return `type mismatch in function parameter \`${a.params[i].name}\``;
  }
  if (!optEq(ctx, a.result, b.result)) return 'type mismatch with result type';
  return undefined;
}

export function instanceSubtype(ctx: SubtypeCtx, a: InstanceType, b: InstanceType): string | undefined {
  if (a === b && ctx.bindable.size === 0) return undefined;
  ctx = ctx.with(b.definedResources);
  for (const [name, bt] of b.exports) {
    const at = a.exports.get(name);
    if (at === undefined) return `missing expected export \`${name}\``;
    const e = externSubtype(ctx, at, bt);
    if (e !== undefined) return `type mismatch in instance export \`${name}\`: ${e}`;
  }
  return undefined;
}

export function componentSubtype(ctx: SubtypeCtx, a: ComponentType, b: ComponentType): string | undefined {
  if (a === b && ctx.bindable.size === 0) return undefined;
  // `a`'s abstract imports may be instantiated with `b`'s; `b`'s defined resources stand for `a`'s.
  ctx = ctx.with([...a.importedResources, ...b.definedResources]);
  // Imports are contravariant: everything `a` imports must be provided by what `b` imports.
  for (const [name, at] of a.imports) {
    const bt = b.imports.get(name);
    if (bt === undefined) return `missing expected import \`${name}\``;
    const e = externSubtype(ctx, bt, at);
    if (e !== undefined) return `type mismatch in import \`${name}\`: ${e}`;
  }
  for (const [name, bt] of b.exports) {
    const at = a.exports.get(name);
    if (at === undefined) return `missing expected export \`${name}\``;
    const e = externSubtype(ctx, at, bt);
    if (e !== undefined) return `type mismatch in export \`${name}\`: ${e}`;
  }
  return undefined;
}

export function definedSubtype(ctx: SubtypeCtx, a: ComponentDefinedType, b: ComponentDefinedType): string | undefined {
  if (a instanceof ResourceType || b instanceof ResourceType) {
    if (!(a instanceof ResourceType) || !(b instanceof ResourceType)) return 'expected a resource type';
    return ctx.resource(a, b) ? undefined : 'resource types are not the same';
  }
  if (a.kind === 'func' || b.kind === 'func') {
    if (a.kind !== b.kind) return `expected ${b.kind}, found ${a.kind}`;
    return funcSubtype(ctx, a as FuncType, b as FuncType);
  }
  if (a.kind === 'instance' || b.kind === 'instance') {
    if (a.kind !== b.kind) return `expected ${b.kind}, found ${a.kind}`;
    return instanceSubtype(ctx, a as InstanceType, b as InstanceType);
  }
  if (a.kind === 'component' || b.kind === 'component') {
    if (a.kind !== b.kind) return `expected ${b.kind}, found ${a.kind}`;
    return componentSubtype(ctx, a as ComponentType, b as ComponentType);
  }
  return valueEq(ctx, a, b as ValueType) ? undefined : 'type mismatch';
}

export function externSubtype(ctx: SubtypeCtx, a: ExternType, b: ExternType): string | undefined {
  if (a.kind !== b.kind) return `expected ${b.kind}, found ${a.kind}`;
  switch (a.kind) {
    case 'module':
      return moduleSubtype(a.type, (b as typeof a).type);
    case 'func':
      return funcSubtype(ctx, a.type, (b as typeof a).type);
    case 'value':
      return valueEq(ctx, a.type, (b as typeof a).type) ? undefined : 'type mismatch in value';
    case 'type':
      return definedSubtype(ctx, a.type, (b as typeof a).type);
    case 'instance':
      return instanceSubtype(ctx, a.type, (b as typeof a).type);
    case 'component':
      return componentSubtype(ctx, a.type, (b as typeof a).type);
  }
}

// ------------------------------------------------------------------------------------------------
// Core
// ------------------------------------------------------------------------------------------------
export function coreFuncEq(a: CoreFuncType, b: CoreFuncType): boolean {
  return a.params.length === b.params.length && a.results.length === b.results.length &&
    a.params.every((p, i) => p === b.params[i]) && a.results.every((r, i) => r === b.results[i]);
}

function limitsMatch(a: Limits, b: Limits): boolean {
  if (a.min < b.min) return false;
  if (b.max !== undefined && (a.max === undefined || a.max > b.max)) return false;
  return true;
}

function memoryMatch(a: MemoryType, b: MemoryType): string | undefined {
  if (a.limits.shared !== b.limits.shared) return 'mismatch in the shared flag for memories';
  if (a.limits.index64 !== b.limits.index64) return 'mismatch in index type used for memories';
  if (a.pageSizeLog2 !== b.pageSizeLog2) return 'mismatch in page size for memories';
  return limitsMatch(a.limits, b.limits) ? undefined : 'mismatch in memory limits';
}
function tableMatch(a: TableType, b: TableType): string | undefined {
  if (a.element !== b.element) return 'mismatch in table element type';
  if (a.limits.index64 !== b.limits.index64) return 'mismatch in index type used for tables';
  return limitsMatch(a.limits, b.limits) ? undefined : 'mismatch in table limits';
}

export function coreExternSubtype(a: CoreExternType, b: CoreExternType): string | undefined {
  if (a.kind !== b.kind) return `expected ${b.kind}, found ${a.kind}`;
  switch (a.kind) {
    case 'func':
    case 'tag':
      return coreFuncEq(a.type, (b as typeof a).type) ? undefined : 'type mismatch';
    case 'table':
      return tableMatch(a.type, (b as typeof a).type);
    case 'memory':
      return memoryMatch(a.type, (b as typeof a).type);
    case 'global': {
      const o = (b as typeof a).type;
      return a.type.type === o.type && a.type.mutable === o.mutable ? undefined : 'global type mismatch';
    }
  }
}

export function moduleSubtype(a: CoreModuleType, b: CoreModuleType): string | undefined {
  for (const imp of a.imports) {
    const other = b.imports.find((i) => i.module === imp.module && i.name === imp.name);
    if (other === undefined) return `missing expected import \`${imp.module}::${imp.name}\``;
    const e = coreExternSubtype(other.type, imp.type);
    if (e !== undefined) return `type mismatch in import \`${imp.module}::${imp.name}\``;
  }
  for (const [name, bt] of b.exports) {
    const at = a.exports.get(name);
    if (at === undefined) return `missing expected export \`${name}\``;
    const e = coreExternSubtype(at, bt);
    if (e !== undefined) return `type mismatch in export \`${name}\``;
  }
  return undefined;
}
