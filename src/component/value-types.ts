// Component-model value types: immutable, structurally comparable, cheap to share.
//
// This module imports nothing else of `src/component`, so the canonical ABI (`src/abi`) can depend on it
// without depending on the rest of the component layer (see docs/ARCHITECTURE.md, layering rule).

export type PrimitiveKind =
  | 'bool'
  | 's8'
  | 'u8'
  | 's16'
  | 'u16'
  | 's32'
  | 'u32'
  | 's64'
  | 'u64'
  | 'f32'
  | 'f64'
  | 'char'
  | 'string'
  | 'error-context';

export interface PrimitiveType {
  readonly kind: PrimitiveKind;
}
export interface ListType {
  readonly kind: 'list';
  readonly element: ValueType;
  /** Fixed-length list (`list<T, N>`), when set. */
  readonly length: number | undefined;
}
export interface Field {
  readonly name: string;
  readonly type: ValueType;
}
export interface RecordType {
  readonly kind: 'record';
  readonly fields: readonly Field[];
}
export interface TupleType {
  readonly kind: 'tuple';
  readonly elements: readonly ValueType[];
}
export interface Case {
  readonly name: string;
  readonly type: ValueType | undefined;
}
export interface VariantType {
  readonly kind: 'variant';
  readonly cases: readonly Case[];
}
export interface EnumType {
  readonly kind: 'enum';
  readonly names: readonly string[];
}
export interface OptionType {
  readonly kind: 'option';
  readonly element: ValueType;
}
export interface ResultType {
  readonly kind: 'result';
  readonly ok: ValueType | undefined;
  readonly err: ValueType | undefined;
}
export interface FlagsType {
  readonly kind: 'flags';
  readonly names: readonly string[];
}
export interface HandleType {
  readonly kind: 'own' | 'borrow';
  readonly resource: ResourceType;
}
export interface AsyncValueType {
  readonly kind: 'stream' | 'future';
  readonly element: ValueType | undefined;
}

export type ValueType =
  | PrimitiveType
  | ListType
  | RecordType
  | TupleType
  | VariantType
  | EnumType
  | OptionType
  | ResultType
  | FlagsType
  | HandleType
  | AsyncValueType;

/**
 * A resource type. Identity is the object itself: two resource types are equal only if they are the same
 * object. `abstract`: declared by a component type, not yet instantiated; `instantiated`: defined by a
 * component instance; `host`: defined by the embedder (`ResourceType.host(name, destructor)`).
 *
 * Exporting a resource gives it a new name (the component model's "external visibility of types"): the
 * validator then creates an alias object of the original. Compare `canonical` when identity matters; an
 * alias and its original denote the same resource.
 */
export class ResourceType {
  readonly state: 'abstract' | 'instantiated' | 'host';
  readonly name: string;
  readonly destructor: ((rep: unknown) => void) | undefined;
  /** @internal The resource this one re-exports under a new name, if it is such an alias. */
  readonly aliasOf: ResourceType | undefined;
  /** @internal */
  private static nextId = 0;
  /** A stable number for printing and maps. */
  readonly id: number;

  /** Hosts define their resource types with `ResourceType.host(name, destructor)`. */
  constructor(state: 'abstract' | 'instantiated' | 'host', name: string, destructor?: (rep: unknown) => void, aliasOf?: ResourceType) {
    this.state = state;
    this.name = name;
    this.destructor = destructor;
    this.aliasOf = aliasOf?.canonical;
    this.id = ResourceType.nextId++;
  }

  /**
   * A resource type defined by the host: guests see its values as handles, the host as `rep`. Make
   * handles with `hostResource(type, value)`; `destructor` runs once when the last owned handle to a
   * value is dropped (by the guest or by the host's `drop()`). Identity matters: give two imports that
   * must share a resource the same ResourceType.
   */
  static host(name: string, destructor?: (rep: unknown) => void): ResourceType {
    return new ResourceType('host', name, destructor);
  }

  /** The original resource (itself unless it is an alias created by an export). */
  get canonical(): ResourceType {
    return this.aliasOf ?? this;
  }
}

export interface FuncParam {
  readonly name: string;
  readonly type: ValueType;
}
export interface FuncType {
  readonly kind: 'func';
  readonly params: readonly FuncParam[];
  readonly result: ValueType | undefined;
  /** `async` functions of the component-model async extension. */
  readonly async: boolean;
}

// Object.freeze under a short name: a bundler cannot shorten a global's property, and this file calls it ~20 times.
const freeze = Object.freeze;

// Shared singletons for the primitive types.
const prim = (kind: PrimitiveKind): PrimitiveType => freeze({ kind });
export const bool = prim('bool');
export const s8 = prim('s8');
export const u8 = prim('u8');
export const s16 = prim('s16');
export const u16 = prim('u16');
export const s32 = prim('s32');
export const u32 = prim('u32');
export const s64 = prim('s64');
export const u64 = prim('u64');
export const f32 = prim('f32');
export const f64 = prim('f64');
export const char = prim('char');
export const string = prim('string');
export const errorContext = prim('error-context');

const PRIMITIVES: Record<PrimitiveKind, PrimitiveType> = {
  bool,
  s8,
  u8,
  s16,
  u16,
  s32,
  u32,
  s64,
  u64,
  f32,
  f64,
  char,
  string,
  'error-context': errorContext,
};
export function primitive(kind: PrimitiveKind): PrimitiveType {
  return PRIMITIVES[kind];
}

/** Whether `kind` names a primitive value type (bool … string, error-context). */
export function isPrimitiveKind(kind: string): kind is PrimitiveKind {
  return Object.prototype.hasOwnProperty.call(PRIMITIVES, kind);
}

export const list = (element: ValueType, length?: number): ListType => freeze({ kind: 'list', element, length });
export const record = (fields: readonly Field[]): RecordType =>
  freeze({ kind: 'record', fields: freeze(fields.map((f) => freeze({ ...f }))) });
export const tuple = (elements: readonly ValueType[]): TupleType => freeze({ kind: 'tuple', elements: freeze([...elements]) });
export const variant = (cases: readonly Case[]): VariantType =>
  freeze({ kind: 'variant', cases: freeze(cases.map((c) => freeze({ ...c }))) });
export const enumType = (names: readonly string[]): EnumType => freeze({ kind: 'enum', names: freeze([...names]) });
export const option = (element: ValueType): OptionType => freeze({ kind: 'option', element });
export const result = (ok?: ValueType, err?: ValueType): ResultType => freeze({ kind: 'result', ok, err });
export const flags = (names: readonly string[]): FlagsType => freeze({ kind: 'flags', names: freeze([...names]) });
export const own = (resource: ResourceType): HandleType => freeze({ kind: 'own', resource });
export const borrow = (resource: ResourceType): HandleType => freeze({ kind: 'borrow', resource });
export const stream = (element?: ValueType): AsyncValueType => freeze({ kind: 'stream', element });
export const future = (element?: ValueType): AsyncValueType => freeze({ kind: 'future', element });
export const funcType = (params: readonly FuncParam[], result?: ValueType, isAsync = false): FuncType =>
  freeze({ kind: 'func', params: freeze(params.map((p) => freeze({ ...p }))), result, async: isAsync });

/** The value types directly inside `t`, in order; `undefined` for an absent payload, ok, err or element. */
export function childTypes(t: ValueType): readonly (ValueType | undefined)[] {
  switch (t.kind) {
    case 'list':
    case 'option':
    case 'stream':
    case 'future':
      return [t.element];
    case 'record':
      return t.fields.map((f) => f.type);
    case 'tuple':
      return t.elements;
    case 'variant':
      return t.cases.map((c) => c.type);
    case 'result':
      return [t.ok, t.err];
    default:
      return [];
  }
}

/** `t` with its child types (childTypes' order) replaced by `cs`; names, lengths and the rest stay. */
export function withChildTypes(t: ValueType, cs: readonly (ValueType | undefined)[]): ValueType {
  switch (t.kind) {
    case 'list':
      return list(cs[0]!, t.length);
    case 'option':
      return option(cs[0]!);
    case 'stream':
      return stream(cs[0]);
    case 'future':
      return future(cs[0]);
    case 'record':
      return record(t.fields.map((f, i) => ({ name: f.name, type: cs[i]! })));
    case 'tuple':
      return tuple(cs as ValueType[]);
    case 'variant':
      return variant(t.cases.map((c, i) => ({ name: c.name, type: cs[i] })));
    case 'result':
      return result(cs[0], cs[1]);
    default:
      return t;
  }
}

/** The labels of a record, variant, enum or flags type (field, case, tag or flag names). */
function labelsOf(t: ValueType): readonly string[] {
  return t.kind === 'record' ? t.fields.map((f) => f.name) : t.kind === 'variant' ? t.cases.map((c) => c.name) : t.kind === 'enum' || t.kind === 'flags' ? t.names : [];
}

function optionalEqual(a: ValueType | undefined, b: ValueType | undefined): boolean {
  return a === b || (a !== undefined && b !== undefined && valueTypesEqual(a, b));
}

/** Structural equality of value types (resource types compare by identity of their canonical resource). */
export function valueTypesEqual(a: ValueType, b: ValueType): boolean {
  if (a === b) return true;
  if (a.kind !== b.kind) return false;
  if (a.kind === 'own' || a.kind === 'borrow') return a.resource.canonical === (b as HandleType).resource.canonical;
  const la = labelsOf(a);
  const lb = labelsOf(b);
  const ca = childTypes(a);
  const cb = childTypes(b);
  return (a as ListType).length === (b as ListType).length && la.length === lb.length && la.every((n, i) => n === lb[i]) &&
    ca.length === cb.length && ca.every((c, i) => optionalEqual(c, cb[i]));
}

export function funcTypesEqual(a: FuncType, b: FuncType): boolean {
  return (
    a.async === b.async &&
    a.params.length === b.params.length &&
    a.params.every((p, i) => p.name === b.params[i].name && valueTypesEqual(p.type, b.params[i].type)) &&
    optionalEqual(a.result, b.result)
  );
}
