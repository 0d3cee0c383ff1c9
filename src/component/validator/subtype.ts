// Subtyping of extern types (Explainer.md "Subtyping"): instance types by export width and depth,
// component types contravariantly in imports, value and function types by structural equality, core
// module/instance types and core definitions by the core matching rules. Abstract resources of the
// expected side may be bound to the actual side's resources (`bindable`), which is how instantiation
// arguments substitute a component's imported resource types.
import { ResourceType, childTypes, isPrimitiveKind } from '../value-types.js';
import { showCoreFuncType, showValType } from './core-type-names.js';
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

/**
 * Compares shapes only: every two resources match. For types whose resources are another instance's own
 * static types (the linker's check of a component instance's function, stream and future elements).
 */
export class ShapeCtx extends SubtypeCtx {
  override resource(): boolean {
    return true;
  }
}

// Mismatch reasons follow the reference validator's wording (wasmparser), with the enclosing field or
// case named before the inner reason, so a nested mismatch reads "type mismatch in record field `x`: …".

/** How a value type is named when the other side is of a different kind. */
function desc(t: ValueType): string {
  return isPrimitive(t) ? 'primitive' : t.kind;
}
function isPrimitive(t: ValueType): boolean {
  return isPrimitiveKind(t.kind);
}

function within(context: string, reason: string | undefined): string | undefined {
  return reason === undefined ? undefined : `${context}: ${reason}`;
}

export function valueEq(ctx: SubtypeCtx, a: ValueType, b: ValueType): boolean {
  return valueMismatch(ctx, a, b) === undefined;
}

/** Why value type `a` (actual) does not match `b` (expected), or undefined when they are equal. */
/**
 * `definition`: `a` and `b` are type definitions (`(type (eq …))` bounds) rather than value types used
 * inside one; an expected primitive definition is then described as "primitive", as the reference does.
 */
export function valueMismatch(ctx: SubtypeCtx, a: ValueType, b: ValueType, definition = false): string | undefined {
  if (a === b) return undefined;
  if (a.kind !== b.kind) {
    if (isPrimitive(a) && isPrimitive(b)) return `expected primitive \`${b.kind}\` found primitive \`${a.kind}\``;
    return `expected ${definition ? desc(b) : b.kind}, found ${a.kind}`;
  }
  switch (a.kind) {
    case 'list': {
      const o = b as typeof a;
      if (a.length !== o.length) return `expected list of length ${o.length ?? 'unbounded'}, found ${a.length ?? 'unbounded'}`;
      return valueMismatch(ctx, a.element, o.element);
    }
    case 'option':
      return valueMismatch(ctx, a.element, (b as typeof a).element);
    case 'record':
    case 'tuple':
    case 'variant': {
      // Members in order: names (none for a tuple) and types (a variant case's may be absent).
      const [count, nameMismatch, member] = COMPOUND[a.kind];
      const [na, ta] = members(a);
      const [nb, tb] = members(b);
      if (ta.length !== tb.length) return `expected ${tb.length} ${count}, found ${ta.length}`;
      for (let i = 0; i < ta.length; i++) {
        const name = na === undefined ? i : na[i];
        if (name !== (nb === undefined ? i : nb[i])) return `expected ${nameMismatch} \`${nb![i]}\`, found \`${name}\``;
        const [x, y] = [ta[i], tb[i]];
        if (x === undefined && y !== undefined) return `expected case \`${name}\` to have a type, found none`;
        if (x !== undefined && y === undefined) return `expected case \`${name}\` to have no type`;
        if (x === undefined || y === undefined) continue;
        const e = within(`type mismatch in ${member}${na === undefined ? ` ${i}` : ` \`${name}\``}`, valueMismatch(ctx, x, y));
        if (e !== undefined) return e;
      }
      return undefined;
    }
    case 'enum':
    case 'flags': {
      const o = b as typeof a;
      const same = a.names.length === o.names.length && a.names.every((n, i) => n === o.names[i]);
      return same ? undefined : `mismatch in ${a.kind} elements`;
    }
    case 'result': {
      const o = b as typeof a;
      return optionalPart('ok', ctx, a.ok, o.ok) ?? optionalPart('err', ctx, a.err, o.err);
    }
    case 'own':
    case 'borrow':
      return ctx.resource(a.resource, (b as typeof a).resource) ? undefined : 'resource types are not the same';
    case 'stream':
    case 'future': {
      const o = b as typeof a;
      if (a.element === undefined && o.element !== undefined) return `expected ${a.kind} type to be present`;
      if (a.element !== undefined && o.element === undefined) return `expected ${a.kind} type to not be present`;
      return a.element === undefined || o.element === undefined ? undefined : within(`type mismatch in ${a.kind}`, valueMismatch(ctx, a.element, o.element));
    }
    default:
      return undefined;
  }
}

/** How mismatches of a record, tuple or variant name their members: the count, a name, the member. */
const COMPOUND: Record<string, [string, string, string]> = {
  record: ['fields', 'field name', 'record field'],
  tuple: ['types', '', 'tuple field'],
  variant: ['cases', 'case named', 'variant case'],
};

/** The member names (undefined for a tuple) and types of a record, tuple or variant. */
function members(t: ValueType): [readonly string[] | undefined, readonly (ValueType | undefined)[]] {
  const list: readonly { name: string; type: ValueType | undefined }[] | undefined = t.kind === 'record' ? t.fields : t.kind === 'variant' ? t.cases : undefined;
  return list === undefined ? [undefined, childTypes(t)] : [list.map((m) => m.name), list.map((m) => m.type)];
}

/** The `ok` or `err` half of two result types. */
function optionalPart(which: 'ok' | 'err', ctx: SubtypeCtx, a: ValueType | undefined, b: ValueType | undefined): string | undefined {
  if (a === undefined) return b === undefined ? undefined : `expected ${which} type, but found none`;
  if (b === undefined) return `expected ${which} type to not be present`;
  return within(`type mismatch in ${which} variant`, valueMismatch(ctx, a, b));
}

export function funcSubtype(ctx: SubtypeCtx, a: FuncType, b: FuncType): string | undefined {
  if (a.async !== b.async) return 'mismatch in async attribute';
  if (a.params.length !== b.params.length) return 'expected ' + b.params.length + ' parameters, found ' + a.params.length;
  for (let i = 0; i < a.params.length; i++) {
    if (a.params[i].name !== b.params[i].name) return `expected parameter named \`${b.params[i].name}\`, found \`${a.params[i].name}\``;
    const e = within(`type mismatch in function parameter \`${a.params[i].name}\``, valueMismatch(ctx, a.params[i].type, b.params[i].type));
    if (e !== undefined) return e;
  }
  // The reference validator words a result-presence mismatch from the provided function's side: a
  // provided function with a result where none is expected reads "expected a result, found none".
  if (a.result === undefined) return b.result === undefined ? undefined : 'expected no result, found one';
  if (b.result === undefined) return 'expected a result, found none';
  return within('type mismatch with result type', valueMismatch(ctx, a.result, b.result));
}

export function instanceSubtype(ctx: SubtypeCtx, a: InstanceType, b: InstanceType): string | undefined {
  if (a === b && ctx.bindable.size === 0) return undefined;
  ctx = ctx.with(b.definedResources);
  return namedSubtype(b.exports, a.exports, 'export', 'instance export', (at, bt) => externSubtype(ctx, at, bt));
}

/**
 * Every item `want` names must be in `have` and match (`check(have's, want's)`); the first that is not
 * is reported as a missing expected `what`, or a type mismatch in `mismatch` `name`.
 */
function namedSubtype<T>(want: ReadonlyMap<string, T>, have: ReadonlyMap<string, T>, what: string, mismatch: string, check: (h: T, w: T) => string | undefined): string | undefined {
  for (const [name, w] of want) {
    const h = have.get(name);
    if (h === undefined) return `missing expected ${what} \`${name}\``;
    const e = check(h, w);
    if (e !== undefined) return `type mismatch in ${mismatch} \`${name}\`: ${e}`;
  }
  return undefined;
}

export function componentSubtype(ctx: SubtypeCtx, a: ComponentType, b: ComponentType): string | undefined {
  if (a === b && ctx.bindable.size === 0) return undefined;
  // `a`'s abstract imports may be instantiated with `b`'s; `b`'s defined resources stand for `a`'s.
  ctx = ctx.with([...a.importedResources, ...b.definedResources]);
  // Imports are contravariant: everything `a` imports must be provided by what `b` imports.
  return namedSubtype(a.imports, b.imports, 'import', 'import', (bt, at) => externSubtype(ctx, bt, at)) ??
    namedSubtype(b.exports, a.exports, 'export', 'export', (at, bt) => externSubtype(ctx, at, bt));
}

export function definedSubtype(ctx: SubtypeCtx, a: ComponentDefinedType, b: ComponentDefinedType): string | undefined {
  if (a instanceof ResourceType || b instanceof ResourceType) {
    if (!(a instanceof ResourceType)) return `expected resource, found ${kindDesc(a)}`;
    if (!(b instanceof ResourceType)) return `expected ${kindDesc(b)}, found resource`;
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
  return valueMismatch(ctx, a, b as ValueType, true);
}

/** How the reference validator names a non-resource type definition's kind. */
function kindDesc(t: ComponentDefinedType): string {
  return t instanceof ResourceType ? 'resource' : t.kind === 'func' || t.kind === 'instance' || t.kind === 'component' ? t.kind : 'defined type';
}

export function externSubtype(ctx: SubtypeCtx, a: ExternType, b: ExternType): string | undefined {
  if (a.kind !== b.kind) return `expected ${b.kind}, found ${a.kind}`;
  switch (a.kind) {
    case 'module':
      return moduleSubtype(a.type, (b as typeof a).type);
    case 'func':
      return funcSubtype(ctx, a.type, (b as typeof a).type);
    case 'value':
      return within('type mismatch in value', valueMismatch(ctx, a.type, (b as typeof a).type));
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
  if (a.element !== b.element) return `expected table element type ${showValType(b.element)}, found ${showValType(a.element)}`;
  if (a.limits.index64 !== b.limits.index64) return 'mismatch in index type used for tables';
  return limitsMatch(a.limits, b.limits) ? undefined : 'mismatch in table limits';
}

export function coreExternSubtype(a: CoreExternType, b: CoreExternType): string | undefined {
  if (a.kind !== b.kind) return `expected ${b.kind}, found ${a.kind}`;
  switch (a.kind) {
    case 'func':
    case 'tag':
      return coreFuncEq(a.type, (b as typeof a).type) ? undefined : `expected: ${showCoreFuncType((b as typeof a).type)}\nfound:    ${showCoreFuncType(a.type)}`;
    case 'table':
      return tableMatch(a.type, (b as typeof a).type);
    case 'memory':
      return memoryMatch(a.type, (b as typeof a).type);
    case 'global': {
      const o = (b as typeof a).type;
      if (a.type.mutable !== o.mutable) return 'global types differ in mutability';
      return a.type.type === o.type ? undefined : `expected global type ${showValType(o.type)}, found ${showValType(a.type.type)}`;
    }
  }
}

export function moduleSubtype(a: CoreModuleType, b: CoreModuleType): string | undefined {
  for (const imp of a.imports) {
    const other = b.imports.find((i) => i.module === imp.module && i.name === imp.name);
    if (other === undefined) return `missing expected import \`${imp.module}::${imp.name}\``;
    const e = coreExternSubtype(other.type, imp.type);
    if (e !== undefined) return `type mismatch in import \`${imp.module}::${imp.name}\`: ${e}`;
  }
  return namedSubtype(b.exports, a.exports, 'export', 'export', coreExternSubtype);
}
