// Resource substitution: instantiating a component type replaces its imported abstract resources by the
// arguments' resources and its defined resources by fresh ones. Types are immutable, so substitution
// rebuilds only the nodes that change and returns the same object otherwise (sharing stays cheap).
import { ResourceType } from '../value-types.js';
import * as V from '../value-types.js';
import type { ComponentDefinedType, ComponentType, CoreModuleType, ExternType, FuncType, InstanceType, ValueType } from '../types.js';

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

  value(t: ValueType): ValueType {
    const hit = this.memo.get(t);
    if (hit !== undefined) return hit as ValueType;
    const out = this.valueUncached(t);
    this.memo.set(t, out);
    return out;
  }

  private valueUncached(t: ValueType): ValueType {
    if (t.kind === 'own' || t.kind === 'borrow') {
      const r = this.resource(t.resource);
      return r === t.resource ? t : t.kind === 'own' ? V.own(r) : V.borrow(r);
    }
    const cs = V.childTypes(t);
    const ns = cs.map((c) => c && this.value(c));
    return ns.every((c, i) => c === cs[i]) ? t : V.withChildTypes(t, ns);
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
    const hit = this.memo.get(t);
    if (hit !== undefined) return hit as InstanceType;
    const out: InstanceType = {
      kind: 'instance',
      exports: this.externs(t.exports),
      definedResources: t.definedResources.map((r) => this.resource(r)),
    };
    this.memo.set(t, out);
    return out;
  }

  component(t: ComponentType): ComponentType {
    const hit = this.memo.get(t);
    if (hit !== undefined) return hit as ComponentType;
    const out: ComponentType = {
      kind: 'component',
      imports: this.externs(t.imports),
      exports: this.externs(t.exports),
      importedResources: t.importedResources.map((r) => this.resource(r)),
      definedResources: t.definedResources.map((r) => this.resource(r)),
    };
    this.memo.set(t, out);
    return out;
  }

  externs(m: ReadonlyMap<string, ExternType>): Map<string, ExternType> {
    const out = new Map<string, ExternType>();
    for (const [k, v] of m) out.set(k, this.extern(v));
    return out;
  }

  extern(e: ExternType): ExternType {
    switch (e.kind) {
      case 'module':
        return e as { kind: 'module'; type: CoreModuleType };
      case 'func':
        return { kind: 'func', type: this.func(e.type) };
      case 'value':
        return { kind: 'value', type: this.value(e.type) };
      case 'type':
        return { kind: 'type', type: this.defined(e.type) };
      case 'instance':
        return { kind: 'instance', type: this.instance(e.type) };
      case 'component':
        return { kind: 'component', type: this.component(e.type) };
    }
  }
}

/** A copy of `t` whose defined resources are fresh abstract resources (one instance per import). */
export function freshInstance(t: InstanceType, state: 'abstract' | 'instantiated'): InstanceType {
  if (t.definedResources.length === 0) return t;
  const map = new Map<ResourceType, ResourceType>();
  for (const r of t.definedResources) map.set(r, new ResourceType(state, r.name));
  return new Substituter(map).instance(t);
}
