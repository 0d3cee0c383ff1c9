// Resolving value and function types of the binary (type indices into the current scope) into the
// shared immutable type objects, with the well-formedness rules of Binary.md: non-empty records, variants,
// tuples, flags (≤ 32) and enums; unique kebab-case labels; own/borrow only of resources; no borrow in
// function results.
import * as V from '../value-types.js';
import { ResourceType } from '../value-types.js';
import { isValueType } from '../types.js';
import type { FuncType, ValueType } from '../types.js';
import type { DefValTypeDef, FuncTypeDef, ValTypeRef } from '../../decoder/component/ast.js';
import { isKebab } from './names.js';
import type { Scope } from './state.js';
import { TOO_BIG } from './type-size.js';

export const MAX_FLAGS = 32;
/** wasm-tools' wording for a `stream<char>` (rejected for now by the component model). */
export const STREAM_CHAR = '`stream<char>` is not valid at this time, use `stream<u8>` with a defined by encoding instead for now';
export const MAX_LIST_LENGTH = 1 << 30;

export function resolveValType(ref: ValTypeRef, scope: Scope, offset: number): ValueType {
  if (typeof ref === 'string') return V.primitive(ref);
  const t = scope.type(ref, offset);
  if (!isValueType(t)) scope.fail(`type index ${ref} is not a defined type`, offset);
  return t;
}

function checkLabels(names: readonly string[], what: string, prev: string, scope: Scope, offset: number): void {
  const seen = new Map<string, string>();
  for (const n of names) {
    if (n === '') scope.fail(`${what} name cannot be empty`, offset);
    if (!isKebab(n)) scope.fail(`${what} name \`${n}\` is not in kebab case`, offset);
    const key = n.toLowerCase();
    const before = seen.get(key);
    if (before !== undefined) scope.fail(`${what} name \`${n}\` conflicts with previous ${prev} name \`${before}\``, offset);
    seen.set(key, n);
  }
}

export function resolveResource(index: number, scope: Scope, offset: number): ResourceType {
  const t = scope.type(index, offset);
  if (!(t instanceof ResourceType)) scope.fail(`type index ${index} is not a resource type`, offset);
  return t;
}

/** Nesting depth of value types (wasmtime rejects deeper types; it bounds recursion everywhere). */
export const MAX_TYPE_DEPTH = 100;
const depths = new WeakMap<ValueType, number>();
function depthOf(t: ValueType | undefined): number {
  return t === undefined ? 0 : depths.get(t) ?? 1;
}
/** Size of a value type counted as nodes of its tree (shared subtrees count each time they appear). */
export const MAX_TYPE_SIZE = 1_000_000;
const sizes = new WeakMap<ValueType, number>();

export function resolveDefValType(d: DefValTypeDef, scope: Scope, offset: number): ValueType {
  const t = resolveDefValTypeUnchecked(d, scope, offset);
  const children = V.childTypes(t);
  const depth = 1 + Math.max(0, ...children.map(depthOf));
  if (depth > MAX_TYPE_DEPTH) scope.fail('type nesting is too deep', offset);
  if (depth > 1) depths.set(t, depth);
  let size = 1;
  for (const c of children) if (c !== undefined) size += sizes.get(c) ?? 1;
  if (size > MAX_TYPE_SIZE) scope.fail(TOO_BIG, offset);
  if (size > 1) sizes.set(t, size);
  return t;
}

function resolveDefValTypeUnchecked(d: DefValTypeDef, scope: Scope, offset: number): ValueType {
  const vt = (r: ValTypeRef): ValueType => resolveValType(r, scope, offset);
  const opt = (r: ValTypeRef | undefined): ValueType | undefined => (r === undefined ? undefined : vt(r));
  switch (d.kind) {
    case 'prim':
      return V.primitive(d.prim);
    case 'record':
      if (d.fields.length === 0) scope.fail('record type must have at least one field', offset);
      checkLabels(d.fields.map((f) => f.name), 'record field', 'field', scope, offset);
      return V.record(d.fields.map((f) => ({ name: f.name, type: vt(f.type) })));
    case 'variant':
      if (d.cases.length === 0) scope.fail('variant type must have at least one case', offset);
      checkLabels(d.cases.map((c) => c.name), 'variant case', 'case', scope, offset);
      return V.variant(d.cases.map((c) => ({ name: c.name, type: opt(c.type) })));
    case 'list':
      if (d.length !== undefined && d.length === 0) scope.fail('Fixed-length lists must have more than zero elements', offset);
      if (d.length !== undefined && d.length > MAX_LIST_LENGTH) scope.fail(`fixed-length list element count exceeds limit of ${MAX_LIST_LENGTH}`, offset);
      return V.list(vt(d.element), d.length);
    case 'tuple':
      if (d.elements.length === 0) scope.fail('tuple type must have at least one type', offset);
      return V.tuple(d.elements.map(vt));
    case 'flags':
      if (d.names.length === 0) scope.fail('flags must have at least one entry', offset);
      if (d.names.length > MAX_FLAGS) scope.fail(`cannot have more than ${MAX_FLAGS} flags`, offset);
      checkLabels(d.names, 'flag', 'flag', scope, offset);
      return V.flags(d.names);
    case 'enum':
      if (d.names.length === 0) scope.fail('enum type must have at least one variant', offset);
      checkLabels(d.names, 'enum tag', 'tag', scope, offset);
      return V.enumType(d.names);
    case 'option':
      return V.option(vt(d.element));
    case 'result':
      return V.result(opt(d.ok), opt(d.err));
    case 'own':
      return V.own(resolveResource(d.index, scope, offset));
    case 'borrow':
      return V.borrow(resolveResource(d.index, scope, offset));
    case 'stream': {
      const e = opt(d.element);
      if (e !== undefined && e.kind === 'char') scope.fail(STREAM_CHAR, offset);
      return V.stream(e);
    }
    case 'future':
      return V.future(opt(d.element));
    case 'map':
      // Maps have no value type of their own yet: they travel as a list of key/value pairs.
      return V.list(V.tuple([vt(d.key), vt(d.value)]));
  }
}

/** True when `t` transitively contains a handle of one of `kinds` (`borrow`; `own` too for any resource). */
export function containsHandle(t: ValueType, kinds: readonly string[], seen = new Set<ValueType>()): boolean {
  if (seen.has(t)) return false;
  seen.add(t);
  return kinds.includes(t.kind) || V.childTypes(t).some((c) => c !== undefined && containsHandle(c, kinds, seen));
}

export function resolveFuncType(d: FuncTypeDef, scope: Scope, offset: number): FuncType {
  if (d.namedResults !== undefined) scope.fail('invalid leading byte (0x1) for component function results: named results are not supported', offset);
  checkLabels(d.params.map((p) => p.name), 'function parameter', 'parameter', scope, offset);
  const params = d.params.map((p) => ({ name: p.name, type: resolveValType(p.type, scope, offset) }));
  const result = d.result === undefined ? undefined : resolveValType(d.result, scope, offset);
  let size = 1;
  for (const t of [...params.map((p) => p.type), result]) if (t !== undefined) size += sizes.get(t) ?? 1;
  if (size > MAX_TYPE_SIZE) scope.fail(TOO_BIG, offset);
  if (result !== undefined && containsHandle(result, ['borrow'])) scope.fail('function result cannot contain a `borrow` type', offset);
  return V.funcType(params, result, d.async);
}
