// Instantiation in the spec's order: resolve and type-check imports (LinkError naming the import) →
// functions → globals → tables → memories → exports → element segments (active: table.init then drop;
// declarative: drop) → data segments (active: memory.init then drop) → start function.
import { I64, REF_NULLABLE, V128, isRefType } from '../../decoder/module.js';
import type { ExternKind, Import, ValType } from '../../decoder/module.js';
import { canonicalSubtype, valTypeEqualsAcross, valTypeMatchesAcross } from '../../validate/index.js';
import type { ValidatedModule } from '../../validate/validated-module.js';
import { LinkError, Trap } from '../errors.js';
import { memoryInit, tableInit } from '../exec/bulk.js';
import { evalConst } from './const-expr.js';
import { bigintToHalves, funcOfJS, toRef } from './convert.js';
import { FuncInst } from './func.js';
import type { HostFunction } from './func.js';
import { GlobalInst } from './global.js';
import { InstanceState } from './instance-state.js';
import type { InstanceOptions } from './instance-state.js';
import type { Machine } from './machine.js';
import { Store, adoptJsRuntime } from './store.js';
import { moduleHash } from './module-hash.js';
import { checkAotFormat } from '../jstier/aot-format.js';
import { MemoryInst } from './memory.js';
import { TableInst } from './table.js';
import { TagInst } from './tag.js';

/** How the API layer resolves a provided import value to a store object. */
export interface ImportResolver {
  memory(v: unknown): MemoryInst | undefined;
  table(v: unknown): TableInst | undefined;
  global(v: unknown): GlobalInst | undefined;
  /** A JS API tag wrapper's TagInst (a bare TagInst is always accepted). */
  tag?(v: unknown): TagInst | undefined;
}

export interface Instantiated {
  state: InstanceState;
  /** Per export, the store object: FuncInst, TableInst, MemoryInst, GlobalInst or TagInst. */
  exports: { name: string; kind: string; value: FuncInst | TableInst | MemoryInst | GlobalInst | TagInst }[];
  globalsByIndex: GlobalInst[];
  /** Runs the start function (after the caller has built its exports object). */
  start(run: (f: FuncInst) => void): void;
}

function describe(imp: Import): string {
  return `${JSON.stringify(imp.module)} ${JSON.stringify(imp.name)}`;
}

function incompatible(imp: Import, why: string): LinkError {
  return new LinkError(`incompatible import type for ${describe(imp)}: ${why}`);
}

/** The import's value is not of its kind at all ("expected a memory"). */
function notA(imp: Import): LinkError {
  const k = imp.desc.kind;
  return incompatible(imp, `expected a ${k === 'func' ? 'function' : k}`);
}

/** A store limit (StoreLimits) that instantiating this module would pass. */
function limitExceeded(what: string): RangeError {
  return new RangeError(`store limit exceeded: ${what}`);
}

function limitsMatch(size: number, max: number | undefined, impMin: number, impMax: number | undefined): boolean {
  if (size < impMin) return false;
  if (impMax !== undefined) return max !== undefined && max <= impMax;
  return true;
}

function valTypeMatches(actual: ValType, expected: ValType): boolean {
  if (actual === expected) return true;
  // A non-nullable reference matches the nullable one of the same heap type.
  return isRefType(actual) && isRefType(expected) && (actual | REF_NULLABLE) === expected;
}

export function instantiate(vm: ValidatedModule, importObject: unknown, resolver: ImportResolver, options: InstanceOptions = {}): Instantiated {
  const m = vm.module;
  const values = m.imports.map((imp) => {
    const ns = importObject == null ? undefined : (importObject as Record<string, unknown>)[imp.module];
    const v = ns == null || (typeof ns !== 'object' && typeof ns !== 'function') ? undefined : (ns as Record<string, unknown>)[imp.name];
    if (v === undefined && !(ns != null && typeof ns === 'object' && imp.name in (ns as object))) {
      throw new LinkError(`unknown import ${describe(imp)}`);
    }
    return v;
  });
  const store = options.store ?? storeOfImports(m.imports, values, resolver) ?? new Store(options.compiler === undefined ? {} : { compiler: options.compiler });
  const limits = store.limits;
  if (limits.instances !== undefined && store.instances.length >= limits.instances) {
    throw limitExceeded(`at most ${limits.instances} instances`);
  }
  const st = new InstanceState(vm, store, options);
  if (options.compiled !== undefined) {
    // ahead-of-time JS (purewasm compile --js) of exactly these module bytes, or none at all
    checkAotFormat(options.compiled, 'module');
    if (options.compiled.hash !== moduleHash(m.bytes)) throw new LinkError('compiled JS was made from another module (hash mismatch)');
    adoptJsRuntime(store, options.compiled.runtime, 'compiled JS');
    st.aot = options.compiled;
  }
  const globalsByIndex: GlobalInst[] = [];
  const addGlobal = (g: GlobalInst): void => {
    st.globals.push(g.addr);
    st.globalInsts.push(g);
    globalsByIndex.push(g);
  };

  // ---- imports
  for (let ii = 0; ii < m.imports.length; ii++) {
    const imp = m.imports[ii];
    const v = values[ii];
    switch (imp.desc.kind) {
      case 'func': {
        if (typeof v !== 'function') throw notA(imp);
        const typeIndex = imp.desc.typeIndex;
        const tid = vm.canonicalTypeIds[typeIndex];
        const f = funcOfJS.get(v);
        if (f !== undefined) {
          if (f.typeId !== tid && !canonicalSubtype(f.typeId, tid)) throw incompatible(imp, 'function type mismatch');
          st.funcs.push(f);
        } else {
          const type = vm.funcTypes[st.funcs.length];
          // (its index: the import's function index, which names it in JS as in V8)
          const jspi = options.jspi?.(v, store);
          const host = new FuncInst(type, tid, null, st.funcs.length, jspi ?? v as HostFunction);
          host.importName = `${imp.module}.${imp.name}`;
          host.promiseIsValue = jspi === null;
          host.owner = vm;
          st.funcs.push(store.register(host));
        }
        break;
      }
      case 'memory': {
        const mem = resolver.memory(v);
        const t = imp.desc.type;
        if (mem === undefined) throw notA(imp);
        if (!limitsMatch(mem.pages, mem.max, t.limits.min, t.limits.max) || mem.shared !== t.limits.shared ||
            mem.index64 !== t.limits.index64 || mem.pageSize !== 2 ** t.pageSizeLog2) {
          throw incompatible(imp, 'memory limits mismatch');
        }
        st.memories.push(mem);
        break;
      }
      case 'table': {
        const tab = resolver.table(v);
        const t = imp.desc.type;
        if (tab === undefined) throw notA(imp);
        const elemOk = tab.owner !== null ? valTypeEqualsAcross(tab.owner, tab.elemType, vm, t.element) : tab.elemType === t.element;
        if (!elemOk || !limitsMatch(tab.size, tab.max, t.limits.min, t.limits.max) ||
            tab.index64 !== t.limits.index64) {
          throw incompatible(imp, 'table type mismatch');
        }
        st.tables.push(tab);
        break;
      }
      case 'global': {
        const t = imp.desc.type;
        let g = resolver.global(v);
        if (g === undefined) {
          // JS API: a plain number provides an immutable global, a bigint an immutable i64 one.
          const want = t.type === I64 ? 'bigint' : 'number';
          if (t.mutable || t.type === V128) throw notA(imp);
          if (!isRefType(t.type) && typeof v !== want) throw incompatible(imp, `expected a Global or a ${want}, got ${typeof v}`);
          g = new GlobalInst(t);
          g.owner = vm;
          try {
            initGlobalFromJS(g, v);
          } catch (e) {
            throw e instanceof TypeError ? incompatible(imp, e.message) : e;
          }
        } else {
          if (g.type.mutable !== t.mutable) throw incompatible(imp, 'global mutability mismatch');
          const ok = g.owner !== null
            ? (t.mutable ? valTypeEqualsAcross(g.owner, g.type.type, vm, t.type) : valTypeMatchesAcross(g.owner, g.type.type, vm, t.type))
            : t.mutable ? g.type.type === t.type : valTypeMatches(g.type.type, t.type);
          if (!ok) throw incompatible(imp, 'global type mismatch');
        }
        g.bindTo(store);
        addGlobal(g);
        break;
      }
      case 'tag': {
        const tag = v instanceof TagInst ? v : resolver.tag?.(v);
        if (tag === undefined) throw notA(imp);
        const tid = vm.canonicalTypeIds[imp.desc.type.typeIndex];
        if (tag.typeId !== tid) throw incompatible(imp, 'tag type mismatch');
        st.tags.push(tag);
        break;
      }
    }
  }

  // ---- functions
  m.functions.forEach((typeIndex, i) => {
    const index = m.importedFuncs + i;
    st.funcs.push(store.register(new FuncInst(vm.funcTypes[index], vm.canonicalTypeIds[typeIndex], st, index, null)));
  });

  // ---- tags
  for (let i = st.tags.length; i < vm.tagTypeIndices.length; i++) {
    const ti = vm.tagTypeIndices[i];
    st.tags.push(new TagInst(vm.tagParams[i], vm.canonicalTypeIds[ti], vm));
  }

  // ---- globals
  for (const gd of m.globals) {
    const g = new GlobalInst(gd.type, store);
    g.owner = vm;
    const v = evalConst(st, gd.init);
    g.setRaw(v.units, v.ref);
    addGlobal(g);
  }

  // ---- tables
  for (const td of m.tables) {
    const init = td.init === undefined ? null : evalConst(st, td.init).ref;
    if (limits.tableElements !== undefined && td.type.limits.min > limits.tableElements) {
      throw limitExceeded(`a table of ${td.type.limits.min} elements (limit ${limits.tableElements})`);
    }
    const tab = new TableInst(td.type.element, td.type.limits.min, td.type.limits.max, init);
    if (limits.tableElements !== undefined) tab.cap = Math.min(tab.cap, limits.tableElements);
    tab.index64 = td.type.limits.index64;
    tab.owner = vm;
    st.tables.push(tab);
  }

  // ---- memories
  for (const md of m.memories) {
    if (limits.memoryBytes !== undefined && md.limits.min * 2 ** md.pageSizeLog2 > limits.memoryBytes) {
      throw limitExceeded(`a memory of ${md.limits.min * 2 ** md.pageSizeLog2} bytes (limit ${limits.memoryBytes})`);
    }
    const mem = new MemoryInst(md.limits.min, md.limits.max, md.limits.shared, st.maxMemoryPages, 2 ** md.pageSizeLog2, md.limits.index64);
    st.memories.push(mem);
  }

  // ---- exports
  const spaces: Record<ExternKind, Instantiated['exports'][number]['value'][]> = {
    func: st.funcs, table: st.tables, memory: st.memories, global: globalsByIndex, tag: st.tags,
  };
  const exports: Instantiated['exports'] = m.exports.map((e) => ({ name: e.name, kind: e.kind, value: spaces[e.kind][e.index] }));

  // ---- element segments: evaluated now; passive ones stay for table.init
  for (const seg of m.elements) {
    const refs: unknown[] = seg.funcIndices !== undefined
      ? seg.funcIndices.map((fi) => st.funcs[fi])
      : seg.exprs!.map((x) => evalConst(st, x).ref);
    st.elems.push(seg.mode === 'passive' ? refs : null);
    if (seg.mode === 'active') {
      const off = evalConst(st, seg.offset!).units[0];
      tableInit(st.tables[seg.table], refs, off >>> 0, 0, refs.length);
    }
  }
  for (const seg of m.datas) {
    st.datas.push(seg.mode === 'passive' ? seg.data : null);
    if (seg.mode === 'active') {
      const u = evalConst(st, seg.offset!).units;
      const mem = st.memories[seg.memory];
      memoryInit(mem, seg.data, (u[0] >>> 0) + (mem.index64 ? (u[1] >>> 0) * 4294967296 : 0), 0, seg.data.length);
    }
  }

  store.instances.push(st);
  return {
    state: st,
    exports,
    globalsByIndex,
    start(run) {
      if (m.start !== undefined) run(st.funcs[m.start]);
    },
  };
}

/** The store an instantiation joins by default: that of its first import living in one (see store.ts). */
function storeOfImports(imports: readonly Import[], values: readonly unknown[], resolver: ImportResolver): Machine | null {
  for (let i = 0; i < imports.length; i++) {
    const v = values[i];
    switch (imports[i].desc.kind) {
      case 'func': {
        const f = typeof v === 'function' ? funcOfJS.get(v) : undefined;
        if (f !== undefined && f.store !== null) return f.store;
        break;
      }
      case 'global': {
        const g = resolver.global(v);
        if (g !== undefined && !g.floating) return g.store;
        break;
      }
    }
  }
  return null;
}

function initGlobalFromJS(g: GlobalInst, v: unknown): void {
  const u = new Int32Array(4);
  let ref: unknown = null;
  switch (g.type.type) {
    case 0x7f: u[0] = Number(v) | 0; break;
    case 0x7e: bigintToHalves(u, BigInt(v as bigint), 0); break;
    case 0x7d: new Float32Array(u.buffer, 0, 1)[0] = Number(v); break;
    case 0x7c: new Float64Array(u.buffer, 0, 1)[0] = Number(v); break;
    default: ref = toRef(g.type.type, v, g.owner);
  }
  g.setRaw(u, ref);
}

export { Trap };
