// Resource substitution: instantiating a component type replaces its imported abstract resources by the
// arguments' resources and its defined resources by fresh ones. Types are immutable, so substitution
// rebuilds only the nodes that change and returns the same object otherwise (sharing stays cheap).
import { ResourceType } from '../value-types.js';
import * as V from '../value-types.js';
import type { ComponentDefinedType, ComponentType, ExternType, FuncType, InstanceType, ValueType } from '../types.js';

export type ResourceMap = ReadonlyMap<ResourceType, ResourceType>;

export class Substituter {
  private readonly memo = new Map<object, object>();
  /** `types`: imported value types (`eq` bounds) replaced by the instantiation arguments' types. */
  constructor(private readonly map: ResourceMap, types?: ReadonlyMap<ValueType, ValueType>) {
    if (types) for (const [k, v] of types) this.memo.set(k, v);
  }

  resource(r: ResourceType): ResourceType {
    return this.map.get(r.canonical) ?? r;
  }

  /** `build(t)`, once per type object (shared subtrees are substituted once and stay shared). */
  private memoized<T extends object>(t: T, build: (t: T) => T): T {
    let out = this.memo.get(t) as T | undefined;
    if (out === undefined) this.memo.set(t, (out = build(t)));
    return out;
  }

  value(t: ValueType): ValueType {
    return this.memoized(t, (t) => {
      if (t.kind === 'own' || t.kind === 'borrow') {
        const r = this.resource(t.resource);
        return r === t.resource ? t : t.kind === 'own' ? V.own(r) : V.borrow(r);
      }
      const cs = V.childTypes(t);
      const ns = cs.map((c) => c && this.value(c));
      return ns.every((c, i) => c === cs[i]) ? t : V.withChildTypes(t, ns);
    });
  }

  func(t: FuncType): FuncType {
    const ps = t.params.map((p) => ({ name: p.name, type: this.value(p.type) }));
    const r = t.result === undefined ? undefined : this.value(t.result);
    return ps.every((p, i) => p.type === t.params[i].type) && r === t.result ? t : V.funcType(ps, r, t.async);
  }

  defined(t: ComponentDefinedType): ComponentDefinedType {
    if (t instanceof ResourceType) return this.resource(t);
    switch (t.kind) {
      case 'func':
        return this.func(t);
      case 'instance':
        return this.instance(t);
      case 'component':
        return this.component(t);
      default:
        return this.value(t);
    }
  }

  instance(t: InstanceType): InstanceType {
    return this.memoized(t, (t) => ({
      kind: 'instance',
      exports: this.externs(t.exports),
      definedResources: t.definedResources.map((r) => this.resource(r)),
    }));
  }

  component(t: ComponentType): ComponentType {
    return this.memoized(t, (t) => ({
      kind: 'component',
      imports: this.externs(t.imports),
      exports: this.externs(t.exports),
      importedResources: t.importedResources.map((r) => this.resource(r)),
      definedResources: t.definedResources.map((r) => this.resource(r)),
    }));
  }

  externs(m: ReadonlyMap<string, ExternType>): Map<string, ExternType> {
    const out = new Map<string, ExternType>();
    for (const [k, v] of m) out.set(k, this.extern(v));
    return out;
  }

  /** An extern's type substituted by the method of its kind (`defined` for types); core modules stay. */
  extern(e: ExternType): ExternType {
    if (e.kind === 'module') return e;
    const sub = this[e.kind === 'type' ? 'defined' : e.kind] as (t: unknown) => unknown;
    return { kind: e.kind, type: sub.call(this, e.type) } as ExternType;
  }
}

/** A copy of `t` whose defined resources are fresh abstract resources (one instance per import). */
export function freshInstance(t: InstanceType, state: 'abstract' | 'instantiated'): InstanceType {
  if (t.definedResources.length === 0) return t;
  const map = new Map<ResourceType, ResourceType>();
  for (const r of t.definedResources) map.set(r, new ResourceType(state, r.name));
  return new Substituter(map).instance(t);
}
