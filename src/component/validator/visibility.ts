// External visibility of types (Explainer.md "external visibility"): records, variants, enums, flags and
// resources reachable from an imported or exported function, value or type must themselves have been
// imported or exported, so bindings can name them. Exporting a type gives it a new identity (a renamed
// copy, structurally equal to the original), which is how "named" is tracked; `typeRoot` undoes renamings.
import { ResourceType, childTypes, isPrimitiveKind } from '../value-types.js';
import type { ComponentDefinedType, ExternType, FuncType, InstanceType, ValueType } from '../types.js';

function needsName(t: ValueType): boolean {
  return t.kind === 'record' || t.kind === 'variant' || t.kind === 'enum' || t.kind === 'flags';
}

function valueNamed(t: ValueType, named: ReadonlySet<object>, self: object | undefined): boolean {
  if (needsName(t) && t !== self && !named.has(t)) return false;
  if (t.kind === 'own' || t.kind === 'borrow') return named.has(t.resource);
  return childTypes(t).every((c) => c === undefined || valueNamed(c, named, undefined));
}

function funcNamed(f: FuncType, named: ReadonlySet<object>): boolean {
  return f.params.every((p) => valueNamed(p.type, named, undefined)) && (f.result === undefined || valueNamed(f.result, named, undefined));
}

export function externNamed(e: ExternType, named: ReadonlySet<object>): boolean {
  switch (e.kind) {
    case 'func':
      return funcNamed(e.type, named);
    case 'value':
      return valueNamed(e.type, named, undefined);
    case 'type': {
      const t = e.type;
      if (t instanceof ResourceType) return true;
      if (t.kind === 'func') return funcNamed(t, named);
      if (t.kind === 'instance' || t.kind === 'component') return true;
      // The type being exported names itself; its parts must already be named.
      return valueNamed(t, named, t);
    }
    default:
      return true;
  }
}

/**
 * Exporting (or importing with an `eq` bound) gives a type a new name: a nominal type (record, variant,
 * enum, flags, resource) gets a new identity that equals the original structurally (resources through
 * `aliasOf`), so uses of the new index are "named" and uses of the old one are not.
 */
export function renamed(t: ComponentDefinedType, label: string): ComponentDefinedType {
  if (t instanceof ResourceType) return new ResourceType(t.state, label, t.destructor, t);
  // Primitives too: `type size = u64` must stay distinguishable from other u64s so printers can name it.
  if (t.kind === 'record' || t.kind === 'variant' || t.kind === 'enum' || t.kind === 'flags' || isPrimitiveKind(t.kind)) {
    const copy = Object.freeze({ ...t });
    // A fresh alias of a primitive (`type size = u64`) is its own origin: all u64s share one object.
    if (!isPrimitiveKind(t.kind) || typeOrigins.has(t)) typeOrigins.set(copy, t);
    return copy;
  }
  return t;
}

/** Renamed copy → the type it was copied from (reflection uses it to find where a type came from). */
const typeOrigins = new WeakMap<object, object>();

/** The original definition behind a chain of renamings (resources: their canonical resource). */
export function typeRoot(t: ComponentDefinedType): object {
  if (t instanceof ResourceType) return t.canonical;
  let o: object = t;
  for (let next = typeOrigins.get(o); next !== undefined; next = typeOrigins.get(o)) o = next;
  return o;
}

/** Nominal types reachable from an instance type's exports must be named by it or by `outer`. */
export function instanceNamed(t: InstanceType, outer: ReadonlySet<object>): boolean {
  const named = new Set<object>(outer);
  nameInstanceTypes(t, named);
  for (const e of t.exports.values()) {
    if (e.kind === 'instance') {
      if (!instanceNamed(e.type, named)) return false;
    } else if (!externNamed(e, named)) return false;
  }
  return true;
}

/** Types exported by an imported/exported instance (transitively) are named by it ("bundles"). */
export function nameInstanceTypes(t: InstanceType, named: Set<object>): void {
  for (const e of t.exports.values()) {
    if (e.kind === 'type') named.add(e.type);
    else if (e.kind === 'instance') nameInstanceTypes(e.type, named);
  }
}

