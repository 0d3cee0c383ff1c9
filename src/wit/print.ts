// WIT printer: a component type as WIT text, laid out as `wasm-tools component wit` does — the root world
// (`package root:component; world root { import …; export …; }`) — followed by every interface the world
// imports or exports, in `package ns:name@version { interface x { … } }` blocks, so the text is complete.
// Types are named by the interface that exports them; a type whose definition lives in another interface
// is brought in with `use`.
//
// Part of `purewasm/wit` (src/wit/index.ts): the component layer's reflection (world.ts) and type helpers it
// uses are those of `purewasm` (the build resolves them to its `__internals`, src/internals.ts), so a
// ResourceType here is the class the components were built with.
import { ResourceType, isPrimitiveKind } from '../component/value-types.js';
import type { ComponentDefinedType, ComponentType, ExternType, FuncType, InstanceType, ValueType } from '../component/types.js';
import { typeRoot } from '../component/validator/visibility.js';
import { parseExternName } from '../component/validator/names.js';
import { interfaceInfo, isNominal, worldItems } from '../component/world.js';
import type { InterfaceInfo, PackageName } from '../component/world.js';

/** WIT keywords must be written with a leading `%` when used as identifiers. */
const KEYWORDS = new Set([
  'as', 'async', 'bool', 'borrow', 'char', 'constructor', 'enum', 'export', 'f32', 'f64', 'flags', 'from', 'func', 'future',
  'import', 'include', 'interface', 'list', 'option', 'own', 'package', 'record', 'resource', 'result', 's16', 's32', 's64',
  's8', 'static', 'stream', 'string', 'tuple', 'type', 'u16', 'u32', 'u64', 'u8', 'use', 'variant', 'with', 'world', 'error-context',
]);
function id(name: string): string {
  return KEYWORDS.has(name) ? `%${name}` : name;
}

/** Where a type is defined: the interface (undefined for the world) and its name there. */
interface Home {
  readonly iface: InterfaceInfo | undefined;
  readonly name: string;
}

/** Names visible while printing one interface or the world body. */
class NameScope {
  private readonly byIdentity = new Map<object, string>();
  private readonly byRoot = new Map<object, string>();
  constructor(private readonly global: Map<object, Home>) {}

  add(name: string, t: ComponentDefinedType): void {
    if (!this.byIdentity.has(t)) this.byIdentity.set(t, name);
    // Primitive aliases are named by identity only (every other u64 is just u64).
    if (!(t instanceof ResourceType) && isPrimitiveKind(t.kind)) return;
    const r = typeRoot(t);
    if (!this.byRoot.has(r)) this.byRoot.set(r, name);
  }

  /** The local name of `t`, if it has one in this scope. */
  local(t: ComponentDefinedType): string | undefined {
    return this.byIdentity.get(t) ?? this.byRoot.get(typeRoot(t));
  }

  name(t: ComponentDefinedType): string | undefined {
    return this.local(t) ?? this.global.get(typeRoot(t))?.name;
  }
}

function pkgKey(p: PackageName): string {
  return `${p.namespace}:${p.name}${p.version !== undefined ? `@${p.version}` : ''}`;
}

class WitPrinter {
  /** First definition site of every type root, over all interfaces in print order. */
  private readonly homes = new Map<object, Home>();
  private anon = 0;

  constructor(private readonly ct: ComponentType) {}

  print(): string {
    const imports = worldItems(this.ct.imports);
    const exports = worldItems(this.ct.exports);
    // An interface both imported and exported is printed once, from the side that carries more of it
    // (a component imports only what it calls, but exports the whole interface).
    const byName = new Map<string, InterfaceInfo>();
    for (const side of [imports, exports]) {
      for (const i of side.interfaces.values()) {
        if (i.package === undefined) continue;
        const prev = byName.get(i.name);
        if (prev === undefined || i.order.length > prev.order.length) byName.set(i.name, i);
      }
    }
    const interfaces = [...byName.values()];
    for (const side of [imports, exports]) for (const i of side.interfaces.values()) this.registerHomes(i);

    const out: string[] = ['package root:component;', '', 'world root {'];
    const body = this.worldBody(this.ct.imports, 'import').concat([''], this.worldBody(this.ct.exports, 'export'));
    while (body.length && body[body.length - 1] === '') body.pop();
    while (body.length && body[0] === '') body.shift();
    out.push(...body.map((l) => (l ? `  ${l}` : l)), '}');

    // Every named interface, grouped by package.
    const packages = new Map<string, InterfaceInfo[]>();
    for (const i of interfaces) {
      const k = pkgKey(i.package!);
      if (!packages.has(k)) packages.set(k, []);
      packages.get(k)!.push(i);
    }
    for (const [k, list] of packages) {
      out.push('', `package ${k} {`);
      list.forEach((i, n) => {
        if (n > 0) out.push('');
        out.push(`  interface ${id(i.interfaceName)} {`);
        out.push(...this.interfaceBody(i).map((l) => (l ? `    ${l}` : l)));
        out.push('  }');
      });
      out.push('}');
    }
    return out.join('\n') + '\n';
  }

  private registerHomes(i: InterfaceInfo): void {
    for (const [name, e] of i.order) {
      if (e.kind !== 'type') continue;
      const r = typeRoot(e.type);
      if (!this.homes.has(r)) this.homes.set(r, { iface: i, name });
    }
  }

  /** One side of the world, laid out as wasm-tools does: interfaces, then types, then functions. */
  private worldBody(externs: ReadonlyMap<string, ExternType>, verb: 'import' | 'export'): string[] {
    const scope = new NameScope(this.homes);
    const w = worldItems(externs);
    const ifaceLines: string[] = [];
    const typeItems: string[][] = [];
    const funcLines: string[] = [];
    for (const [name, e] of externs) {
      if (e.kind === 'type') {
        scope.add(name, e.type);
        const home = this.homes.get(typeRoot(e.type));
        if (home?.iface !== undefined && home.iface.package !== undefined) {
          typeItems.push([`use ${home.iface.name}.{${home.name === name ? id(name) : `${id(home.name)} as ${id(name)}`}};`]);
        } else if (e.type instanceof ResourceType) {
          const r = w.resources.get(name);
          typeItems.push(this.resourceDef(name, r?.constructorType, r?.methods, r?.statics, scope));
        } else typeItems.push(this.typeDef(name, e.type, scope));
      } else if (e.kind === 'instance') {
        const info = interfaceInfo(name, e.type);
        if (info.package !== undefined) ifaceLines.push(`${verb} ${name};`);
        else {
          ifaceLines.push(`${verb} ${id(name)}: interface {`);
          ifaceLines.push(...this.interfaceBody(info).map((l) => (l ? `  ${l}` : l)));
          ifaceLines.push('}');
        }
      } else if (e.kind === 'func' && w.functions.has(name)) {
        // (resource members are printed with their resource)
        funcLines.push(`${verb} ${this.funcItem(name, e.type, scope)}`);
      }
    }
    const lines = [...ifaceLines];
    for (const item of typeItems) {
      if (lines.length > 0) lines.push('');
      lines.push(...item);
    }
    if (funcLines.length > 0 && typeItems.length > 0) lines.push('');
    lines.push(...funcLines);
    return lines;
  }

  private interfaceBody(i: InterfaceInfo): string[] {
    const scope = new NameScope(this.homes);
    const uses = new Map<string, string[]>();
    const items: string[][] = [];
    for (const [name, e] of i.order) {
      if (e.kind !== 'type') continue;
      const previous = scope.local(e.type);
      scope.add(name, e.type);
      const home = this.homes.get(typeRoot(e.type));
      if (home !== undefined && home.iface !== undefined && home.iface !== i && home.iface.name !== i.name) {
        const from = this.interfaceRef(home.iface, i);
        if (!uses.has(from)) uses.set(from, []);
        uses.get(from)!.push(home.name === name ? id(name) : `${id(home.name)} as ${id(name)}`);
        continue;
      }
      if (previous !== undefined && previous !== name) {
        items.push([`type ${id(name)} = ${id(previous)};`]);
        continue;
      }
      if (e.type instanceof ResourceType) {
        const r = i.resources.get(name);
        items.push(this.resourceDef(name, r?.constructorType, r?.methods, r?.statics, scope));
      } else items.push(this.typeDef(name, e.type, scope));
    }
    for (const [name, f] of i.functions) items.push([this.funcItem(name, f, scope)]);
    const lines: string[] = [];
    for (const [from, names] of uses) lines.push(`use ${from}.{${names.join(', ')}};`);
    items.forEach((item, n) => {
      if (n > 0 || lines.length > 0) lines.push('');
      lines.push(...item);
    });
    return lines;
  }

  /** How interface `target` is referred to from inside `from` (short within one package). */
  private interfaceRef(target: InterfaceInfo, from: InterfaceInfo): string {
    if (target.package === undefined) return target.name;
    if (from.package !== undefined && pkgKey(from.package) === pkgKey(target.package)) return id(target.interfaceName);
    return target.name;
  }

  private typeDef(name: string, t: ComponentDefinedType, scope: NameScope): string[] {
    if (t instanceof ResourceType) return [`resource ${id(name)};`];
    switch (t.kind) {
      case 'record':
        return [`record ${id(name)} {`, ...t.fields.map((f) => `  ${id(f.name)}: ${this.ref(f.type, scope)},`), '}'];
      case 'variant':
        return [`variant ${id(name)} {`, ...t.cases.map((c) => `  ${id(c.name)}${c.type ? `(${this.ref(c.type, scope)})` : ''},`), '}'];
      case 'enum':
        return [`enum ${id(name)} {`, ...t.names.map((n) => `  ${id(n)},`), '}'];
      case 'flags':
        return [`flags ${id(name)} {`, ...t.names.map((n) => `  ${id(n)},`), '}'];
      case 'func':
      case 'instance':
      case 'component':
        return [`// ${name}: ${t.kind} type (not expressible in WIT)`];
      default:
        return [`type ${id(name)} = ${this.ref(t, scope, t)};`];
    }
  }

  private resourceDef(
    name: string,
    ctor: FuncType | undefined,
    methods: ReadonlyMap<string, FuncType> | undefined,
    statics: ReadonlyMap<string, FuncType> | undefined,
    scope: NameScope,
  ): string[] {
    const members: string[] = [];
    if (ctor !== undefined) members.push(`constructor(${this.params(ctor.params, scope)});`);
    for (const [m, f] of methods ?? []) members.push(`${id(m)}: ${this.funcSig(f, scope, true)};`);
    for (const [m, f] of statics ?? []) members.push(`${id(m)}: static ${this.funcSig(f, scope, false)};`);
    if (members.length === 0) return [`resource ${id(name)};`];
    return [`resource ${id(name)} {`, ...members.map((m) => `  ${m}`), '}'];
  }

  private funcItem(name: string, f: FuncType, scope: NameScope): string {
    const p = parseExternName(name, true, true);
    const label = typeof p !== 'string' && p.kind === 'label' ? p.label : name;
    return `${id(label)}: ${this.funcSig(f, scope, false)};`;
  }

  private funcSig(f: FuncType, scope: NameScope, dropSelf: boolean): string {
    const params = dropSelf ? f.params.slice(1) : f.params;
    const r = f.result === undefined ? '' : ` -> ${this.ref(f.result, scope)}`;
    return `${f.async ? 'async ' : ''}func(${this.params(params, scope)})${r}`;
  }

  private params(ps: readonly { name: string; type: ValueType }[], scope: NameScope): string {
    return ps.map((p) => `${id(p.name)}: ${this.ref(p.type, scope)}`).join(', ');
  }

  /** A type expression; `self` is the type being defined (never refer to it by its own name). */
  private ref(t: ValueType, scope: NameScope, self?: ValueType): string {
    if (isPrimitiveKind(t.kind)) return t === self ? t.kind : (scope.local(t) ?? t.kind);
    if (t !== self) {
      const n = t.kind === 'own' || t.kind === 'borrow' ? undefined : scope.name(t);
      if (n !== undefined) return id(n);
    }
    switch (t.kind) {
      case 'own':
      case 'borrow': {
        const n = scope.name(t.resource) ?? (t.resource.name || `resource-${t.resource.id}`);
        return t.kind === 'own' ? id(n) : `borrow<${id(n)}>`;
      }
      case 'list':
        return t.length === undefined ? `list<${this.ref(t.element, scope)}>` : `list<${this.ref(t.element, scope)}, ${t.length}>`;
      case 'option':
        return `option<${this.ref(t.element, scope)}>`;
      case 'tuple':
        return `tuple<${t.elements.map((e) => this.ref(e, scope)).join(', ')}>`;
      case 'result':
        if (t.ok === undefined && t.err === undefined) return 'result';
        if (t.err === undefined) return `result<${this.ref(t.ok!, scope)}>`;
        return `result<${t.ok === undefined ? '_' : this.ref(t.ok, scope)}, ${this.ref(t.err, scope)}>`;
      case 'stream':
      case 'future':
        return t.element === undefined ? t.kind : `${t.kind}<${this.ref(t.element, scope)}>`;
      default:
        // A record/variant/enum/flags nobody named: WIT cannot write it inline.
        return isNominal(t) ? `anonymous-${t.kind}-${++this.anon}` : t.kind;
    }
  }
}

/** A component type as WIT (root world first, then the interfaces it uses). */
export function printComponentType(ct: ComponentType): string {
  return new WitPrinter(ct).print();
}
