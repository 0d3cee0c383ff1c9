// Iso-recursive type canonicalization (WebAssembly 3.0 "rolling up" recursion groups).
//
// Every recursion group is turned into a key in which references to types of the same group are relative
// ("r<i>") and references to earlier types are their canonical ids ("c<id>"). Equal keys mean equivalent
// groups, so a process-wide registry maps each key to a block of canonical ids; type i of the group gets
// block + i. Canonical ids are therefore comparable across modules validated in the same process.
import type { CompositeType, Module, SubType, ValType } from '../decoder/module.js';
import { CompileError, UNKNOWN_TYPE } from '../decoder/errors.js';
import { CONCRETE_BASE, heapTypeOf, isNullable, isRefType } from '../decoder/module.js';

const registry = new Map<string, number>();
let nextId = 0;
/** Canonical id → canonical id of its declared supertype (-1 if none), for cross-module subtyping. */
const superOfCanonical: number[] = [];

/** Canonical supertype of a canonical id, or -1. */
export function canonicalSuper(id: number): number {
  return superOfCanonical[id] ?? -1;
}

/** Whether canonical type `a` is a subtype of canonical type `b` (declared supertype chains). */
export function canonicalSubtype(a: number, b: number): boolean {
  for (let t = a, n = 0; t >= 0 && n < 1000; t = superOfCanonical[t] ?? -1, n++) if (t === b) return true;
  return false;
}

function keyOfType(t: ValType, start: number, end: number, canon: Int32Array): string {
  if (!isRefType(t)) return String(t);
  const h = heapTypeOf(t);
  const n = isNullable(t) ? 'n' : '';
  if (h < CONCRETE_BASE) return n + 'h' + h;
  const idx = h - CONCRETE_BASE;
  if (idx >= start && idx < end) return n + 'r' + (idx - start);
  return n + 'c' + canon[idx];
}

function keyOfComposite(c: CompositeType, start: number, end: number, canon: Int32Array): string {
  const k = (t: ValType) => keyOfType(t, start, end, canon);
  if (c.kind === 'func') return 'f(' + c.params.map(k).join(',') + ')(' + c.results.map(k).join(',') + ')';
  // s(...) for a struct's fields, a(...) for an array's element
  return c.kind[0] + '(' + (c.kind === 'struct' ? c.fields : [c.element]).map((f) => k(f.type) + (f.mutable ? 'm' : '')).join(',') + ')';
}

function keyOfSub(s: SubType, start: number, end: number, canon: Int32Array): string {
  const sup = s.supertypes.map((i) => (i >= start && i < end ? 'r' + (i - start) : 'c' + canon[i])).join(',');
  // A shared composite type never equals its unshared twin (shared-everything-threads).
  return (s.final ? 'F' : 'S') + (s.shared ? '!' : '') + '[' + sup + ']' + keyOfComposite(s.composite, start, end, canon);
}

/** Checks that every type index used in `t` is below `limit`. */
function checkTypeRefs(t: ValType, limit: number, offset: number): void {
  if (isRefType(t)) {
    const h = heapTypeOf(t);
    if (h >= CONCRETE_BASE && h - CONCRETE_BASE >= limit) throw new CompileError(UNKNOWN_TYPE, 'type', offset, 'invalid');
  }
}

/** The value types a composite type refers to: params and results, or field types. */
function valTypesOf(c: CompositeType): ValType[] {
  return c.kind === 'func' ? [...c.params, ...c.results] : c.kind === 'struct' ? c.fields.map((f) => f.type) : [c.element.type];
}

/**
 * Canonical ids of all types of the module. Also checks that type references point at defined types
 * (types of the same or an earlier recursion group; supertypes must be earlier types).
 */
export function canonicalizeTypes(m: Module): Int32Array {
  const at = Math.max(0, m.sectionOffsets?.[1] ?? 0);
  const canon = new Int32Array(m.types.length);
  for (const g of m.recGroups) {
    const end = g.start + g.count;
    const parts: string[] = [];
    for (let i = g.start; i < end; i++) {
      const s = m.types[i];
      for (const t of valTypesOf(s.composite)) checkTypeRefs(t, end, at);
      if (s.supertypes.length > 1) throw new CompileError('multiple supertypes', 'type', at, 'invalid');
      for (const sup of s.supertypes) {
        if (sup >= i) throw new CompileError(UNKNOWN_TYPE, 'type', at, 'invalid');
      }
      parts.push(keyOfSub(s, g.start, end, canon));
    }
    const key = parts.join(';');
    let base = registry.get(key);
    if (base === undefined) {
      base = nextId;
      nextId += g.count;
      registry.set(key, base);
      for (let i = 0; i < g.count; i++) {
        const s = m.types[g.start + i];
        const sup = s.supertypes.length ? s.supertypes[0] : -1;
        superOfCanonical[base + i] = sup < 0 ? -1 : sup >= g.start ? base + (sup - g.start) : canon[sup];
      }
    }
    for (let i = 0; i < g.count; i++) canon[g.start + i] = base + i;
  }
  return canon;
}

/** The canonical id of the final function type `params → ()` with no type indices in it: the type of a tag
 *  made in JS (JS API `Tag`), equal to the id a module's own `(func (param …))` gets, so it links. */
export function canonicalTagTypeId(params: readonly ValType[]): number {
  const sub: SubType = { final: true, supertypes: [], composite: { kind: 'func', params, results: [] } };
  return canonicalizeTypes({ types: [sub], recGroups: [{ start: 0, count: 1 }] } as unknown as Module)[0];
}
