// Reflection: a component's imports or exports as a typed tree, the way WIT sees them — interfaces
// (instances) holding functions, resources (with constructor, methods and statics) and named types, plus
// world-level functions, resources and types. Built from the validated ComponentType; nothing here
// re-reads the binary.
import { ResourceType } from './value-types.js';
import type { ComponentDefinedType, ComponentType, ExternType, FuncType, InstanceType, ValueType } from './types.js';
import { parseExternName } from './validator/names.js';

export interface ResourceInfo {
  readonly name: string;
  readonly type: ResourceType;
  readonly constructorType: FuncType | undefined;
  /** Methods by method name (the `self` parameter included in the type). */
  readonly methods: ReadonlyMap<string, FuncType>;
  readonly statics: ReadonlyMap<string, FuncType>;
}

/** Functions, resources and named types of one scope (an interface, or the world itself). */
export interface ItemSet {
  /** Plain functions (not resource members), by name. */
  readonly functions: ReadonlyMap<string, FuncType>;
  readonly resources: ReadonlyMap<string, ResourceInfo>;
  /** Named non-resource types (records, variants, enums, flags, aliases), by name. */
  readonly types: ReadonlyMap<string, ValueType>;
  /** Every item in declaration order, as extern name → type (for printers that keep order). */
  readonly order: readonly (readonly [string, ExternType])[];
}

export interface PackageName {
  readonly namespace: string;
  readonly name: string;
  readonly version: string | undefined;
}

export interface InterfaceInfo extends ItemSet {
  /** The extern name: `ns:pkg/iface@1.2.3`, or a plain label for inline interfaces. */
  readonly name: string;
  /** Set for interface names (`ns:pkg/iface@v`), undefined for plain-named instances. */
  readonly package: PackageName | undefined;
  /** The interface's own name (`iface`), or the plain label. */
  readonly interfaceName: string;
  readonly type: InstanceType;
}

export interface WorldItems extends ItemSet {
  readonly interfaces: ReadonlyMap<string, InterfaceInfo>;
  readonly modules: ReadonlyMap<string, ExternType>;
  readonly components: ReadonlyMap<string, ComponentType>;
  readonly values: ReadonlyMap<string, ValueType>;
}

interface MutableResource {
  name: string;
  type: ResourceType;
  constructorType: FuncType | undefined;
  methods: Map<string, FuncType>;
  statics: Map<string, FuncType>;
}

function itemSet(entries: Iterable<readonly [string, ExternType]>): ItemSet & { rest: [string, ExternType][] } {
  const functions = new Map<string, FuncType>();
  const resources = new Map<string, MutableResource>();
  const types = new Map<string, ValueType>();
  const order: [string, ExternType][] = [];
  const rest: [string, ExternType][] = [];
  const byCanonical = new Map<ResourceType, MutableResource>();
  const pending: [string, FuncType][] = [];
  for (const [name, e] of entries) {
    order.push([name, e]);
    if (e.kind === 'type') {
      if (e.type instanceof ResourceType) {
        const r: MutableResource = { name, type: e.type, constructorType: undefined, methods: new Map(), statics: new Map() };
        resources.set(name, r);
        byCanonical.set(e.type.canonical, r);
      } else if (e.type.kind !== 'func' && e.type.kind !== 'instance' && e.type.kind !== 'component') types.set(name, e.type);
      else rest.push([name, e]);
    } else if (e.kind === 'func') pending.push([name, e.type]);
    else rest.push([name, e]);
  }
  for (const [name, f] of pending) {
    const p = parseExternName(name, true, true);
    if (typeof p !== 'string' && (p.kind === 'constructor' || p.kind === 'method' || p.kind === 'static')) {
      const r = resources.get(p.resource);
      if (r !== undefined) {
        if (p.kind === 'constructor') r.constructorType = f;
        else (p.kind === 'method' ? r.methods : r.statics).set(p.method, f);
        continue;
      }
    }
    functions.set(name, f);
  }
  return { functions, resources, types, order, rest };
}

export function parsePackage(name: string): { pkg: PackageName; iface: string } | undefined {
  const p = parseExternName(name, false, true);
  if (typeof p === 'string' || p.kind !== 'interface') return undefined;
  return { pkg: { namespace: p.namespace, name: p.pkg, version: p.version }, iface: p.iface };
}

export function interfaceInfo(name: string, t: InstanceType): InterfaceInfo {
  const set = itemSet(t.exports);
  const parsed = parsePackage(name);
  return {
    name,
    package: parsed?.pkg,
    interfaceName: parsed?.iface ?? name,
    type: t,
    functions: set.functions,
    resources: set.resources,
    types: set.types,
    order: set.order,
  };
}

/** The world-shaped view of one side (imports or exports) of a component type. */
export function worldItems(externs: ReadonlyMap<string, ExternType>): WorldItems {
  const plain: [string, ExternType][] = [];
  const interfaces = new Map<string, InterfaceInfo>();
  const modules = new Map<string, ExternType>();
  const components = new Map<string, ComponentType>();
  const values = new Map<string, ValueType>();
  for (const [name, e] of externs) {
    if (e.kind === 'instance') interfaces.set(name, interfaceInfo(name, e.type));
    else if (e.kind === 'module') modules.set(name, e);
    else if (e.kind === 'component') components.set(name, e.type);
    else if (e.kind === 'value') values.set(name, e.type);
    else plain.push([name, e]);
  }
  const set = itemSet(plain);
  return { functions: set.functions, resources: set.resources, types: set.types, order: [...externs], interfaces, modules, components, values };
}

/** True for a defined type that WIT names (record, variant, enum, flags). */
export function isNominal(t: ComponentDefinedType): boolean {
  return !(t instanceof ResourceType) && (t.kind === 'record' || t.kind === 'variant' || t.kind === 'enum' || t.kind === 'flags');
}
