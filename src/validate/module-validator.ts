// Module-level validation (WebAssembly 3.0 §3.4 "Modules"): types and subtyping declarations, imports,
// functions, tables, memories, tags, globals, exports, start, element and data segments; then every body.
import {
  I32, I64, isNullable,
  type ExternKind, type FuncType, type GlobalType, type Limits, type MemoryType, type Module, type TableType, type ValType,
} from '../decoder/module.js';
import { CompileError, UNKNOWN_TYPE } from '../decoder/errors.js';
import { SECTION_NAMES } from '../decoder/decode-module.js';
import { canonicalizeTypes } from './canonical-types.js';
import { KIND_ARRAY, KIND_FUNC, KIND_STRUCT, TYPE_MISMATCH, TypeTable } from './type-table.js';
import { validateConstExpr, validateFunction } from './function-validator.js';
import type { ValidatedModule } from './validated-module.js';

/** Section payload offsets of the module being validated, to locate errors without an exact offset. */
let sectionOffsets: readonly number[] | undefined;

function sectionAt(section: string): number {
  return Math.max(0, sectionOffsets?.[SECTION_NAMES.indexOf(section)] ?? 0);
}

function invalid(reason: string, section: string, offset = -1): never {
  if (offset < 0) offset = sectionAt(section);
  throw new CompileError(reason, section, offset, 'invalid');
}

const TWO32 = 0x1_0000_0000;

function checkLimits(l: Limits, bound: number, message: string, section: string): void {
  if (l.min > bound) invalid(message, section);
  if (l.max !== undefined) {
    if (l.max > bound) invalid(message, section);
    if (l.min > l.max) invalid('size minimum must not be greater than maximum', section);
  }
}

function checkMemoryType(t: MemoryType, section: string): void {
  const l = t.limits;
  if (t.pageSizeLog2 !== 16 && t.pageSizeLog2 !== 0) invalid('invalid custom page size', section);
  // (Custom page sizes of 1 byte: the bound is the address space in bytes.)
  const pages = t.pageSizeLog2 === 16;
  checkLimits(
    l, l.index64 ? (pages ? 2 ** 48 : 2 ** 64 - 1) : pages ? 65536 : TWO32 - 1,
    l.index64 ? 'memory size must be at most 2^48 pages (256TiB)' : 'memory size must be at most 65536 pages (4GiB)', section,
  );
  if (l.shared && l.max === undefined) invalid('shared memory must have maximum', section);
}

function checkTableType(t: TableType, tt: TypeTable, section: string): TableType {
  const element = tt.normalize(t.element, section, sectionAt(section));
  if (t.limits.shared && !tt.isSharedValType(element)) invalid('shared tables must have a shared element type', section);
  // (A 64-bit table's limits are u64s: none is above 2^64, so only min <= max can fail.)
  checkLimits(t.limits, t.limits.index64 ? 2 ** 64 : TWO32 - 1, 'table size must be at most 2^32-1', section);
  return element === t.element ? t : { element, limits: t.limits };
}

function checkGlobalType(g: GlobalType, tt: TypeTable, section: string): GlobalType {
  const type = tt.normalize(g.type, section, sectionAt(section));
  if (g.shared && !tt.isSharedValType(type)) invalid('shared globals must have a shared value type', section);
  return type === g.type ? g : g.shared ? { type, mutable: g.mutable, shared: true } : { type, mutable: g.mutable };
}

/** shared-everything-threads: a shared composite type may only contain shared types. */
function checkSharedTypes(m: Module, tt: TypeTable): void {
  for (let i = 0; i < m.types.length; i++) {
    if (!tt.shared[i]) continue;
    const all = tt.kind[i] === KIND_FUNC ? [...tt.params[i], ...tt.results[i]] : tt.fields[i].map((f) => f.type);
    for (const t of all) if (!tt.isSharedValType(t)) invalid('shared composite type must contain shared types', 'type');
  }
}

/** Declared subtyping (3.0 §3.2.x "sub types"): the supertype is not final and the structure matches. */
function checkSubtypes(m: Module, tt: TypeTable): void {
  const fail = (): never => invalid('sub type', 'type');
  for (let i = 0; i < m.types.length; i++) {
    const sups = m.types[i].supertypes;
    if (sups.length === 0) continue;
    const s = sups[0];
    if (m.types[s].final) fail();
    if (tt.shared[i] !== tt.shared[s]) invalid('sub type: a shared type and an unshared type never match', 'type');
    const k = tt.kind[i];
    if (tt.kind[s] !== k) fail();
    if (k === KIND_FUNC) {
      const p1 = tt.params[i], p2 = tt.params[s], r1 = tt.results[i], r2 = tt.results[s];
      if (p1.length !== p2.length || r1.length !== r2.length) fail();
      for (let j = 0; j < p1.length; j++) if (!tt.matches(p2[j], p1[j])) fail();
      for (let j = 0; j < r1.length; j++) if (!tt.matches(r1[j], r2[j])) fail();
    } else if (k === KIND_STRUCT || k === KIND_ARRAY) {
      const f1 = tt.fields[i], f2 = tt.fields[s];
      if (f1.length < f2.length || (k === KIND_ARRAY && f1.length !== f2.length)) fail();
      for (let j = 0; j < f2.length; j++) if (!tt.fieldMatches(f1[j], f2[j])) fail();
    }
  }
}

function funcTypeAt(tt: TypeTable, index: number, section: string): FuncType {
  if (index >= tt.count || tt.kind[index] !== KIND_FUNC) invalid(UNKNOWN_TYPE, section);
  const rep = tt.representative[index];
  return { kind: 'func', params: tt.params[rep], results: tt.results[rep] };
}

/** Validates module structure and every function body. Throws CompileError (kind 'invalid'). */
export function validateModule(m: Module): ValidatedModule {
  sectionOffsets = m.sectionOffsets;
  const canonicalTypeIds = canonicalizeTypes(m);
  const tt = new TypeTable(m, canonicalTypeIds);
  checkSubtypes(m, tt);
  checkSharedTypes(m, tt);

  const funcTypes: FuncType[] = [];
  const tableTypes: TableType[] = [];
  const memoryTypes: MemoryType[] = [];
  const globalTypes: GlobalType[] = [];
  const tagTypeIndices: number[] = [];
  const tagParams: (readonly ValType[])[] = [];
  const addTag = (typeIndex: number, section: string) => {
    const ft = funcTypeAt(tt, typeIndex, section);
    if (ft.results.length !== 0) invalid('non-empty tag result type', section);
    tagTypeIndices.push(typeIndex);
    tagParams.push(ft.params);
  };

  // Imported and defined entities alike, each index space in order: imports first.
  const addFunc = (typeIndex: number, section: string) => funcTypes.push(funcTypeAt(tt, typeIndex, section));
  const addTable = (t: TableType, section: string) => tableTypes.push(checkTableType(t, tt, section));
  const addMemory = (t: MemoryType, section: string) => {
    checkMemoryType(t, section);
    memoryTypes.push(t);
  };
  const addGlobal = (t: GlobalType, section: string) => globalTypes.push(checkGlobalType(t, tt, section));
  for (const imp of m.imports) {
    const d = imp.desc;
    if (d.kind === 'func') addFunc(d.typeIndex, 'import');
    else if (d.kind === 'table') addTable(d.type, 'import');
    else if (d.kind === 'memory') addMemory(d.type, 'import');
    else if (d.kind === 'global') addGlobal(d.type, 'import');
    else addTag(d.type.typeIndex, 'import');
  }
  for (const f of m.functions) addFunc(f, 'function');
  for (const t of m.tables) addTable(t.type, 'table');
  for (const mem of m.memories) addMemory(mem, 'memory');
  for (const t of m.tags) addTag(t.typeIndex, 'tag');
  for (const g of m.globals) addGlobal(g.type, 'global');

  const elementTypes = m.elements.map((e) => tt.normalize(e.type, 'element', e.offsetInBinary));
  const declaredFuncRefs = new Uint8Array(funcTypes.length);
  const vm: ValidatedModule = {
    module: m, canonicalTypeIds, representative: tt.representative, types: tt, funcTypes, globalTypes,
    tableTypes, memoryTypes, tagTypeIndices, tagParams, elementTypes, declaredFuncRefs,
    dataSegmentCount: m.dataCount ?? m.datas.length, jsCode: undefined,
  };

  const allGlobals = globalTypes.length;
  // Tables with initializers; a table without one needs a nullable element type.
  for (let i = 0; i < m.tables.length; i++) {
    const t = m.tables[i];
    const tt2 = tableTypes[m.importedTables + i];
    if (t.init) validateConstExpr(vm, t.init, tt2.element, m.importedGlobals, 'table');
    else if (!isNullable(tt2.element)) invalid(TYPE_MISMATCH, 'table');
  }
  // Globals: each initializer may read the globals before it (3.0).
  for (let i = 0; i < m.globals.length; i++) {
    const gi = m.importedGlobals + i;
    validateConstExpr(vm, m.globals[i].init, globalTypes[gi].type, gi, 'global');
  }

  // Exports.
  const names = new Set<string>();
  const space: Record<ExternKind, readonly unknown[]> = {
    func: funcTypes, table: tableTypes, memory: memoryTypes, global: globalTypes, tag: tagParams,
  };
  for (const e of m.exports) {
    if (names.has(e.name)) invalid('duplicate export name', 'export');
    names.add(e.name);
    if (e.index >= space[e.kind].length) invalid(`unknown ${e.kind === 'func' ? 'function' : e.kind}`, 'export');
    if (e.kind === 'func') declaredFuncRefs[e.index] = 1;
  }

  // Start function: type [] -> [].
  if (m.start !== undefined) {
    if (m.start >= funcTypes.length) invalid('unknown function', 'start');
    const ft = funcTypes[m.start];
    if (ft.params.length || ft.results.length) invalid('start function', 'start');
  }

  // Element segments.
  for (let i = 0; i < m.elements.length; i++) {
    const e = m.elements[i];
    const et = elementTypes[i];
    if (e.funcIndices) {
      for (const f of e.funcIndices) {
        if (f >= funcTypes.length) invalid('unknown function', 'element', e.offsetInBinary);
        declaredFuncRefs[f] = 1;
      }
    } else if (e.exprs) {
      for (const x of e.exprs) validateConstExpr(vm, x, et, allGlobals, 'element');
    }
    if (e.mode === 'active') {
      if (e.table >= tableTypes.length) invalid('unknown table', 'element', e.offsetInBinary);
      const t = tableTypes[e.table];
      validateConstExpr(vm, e.offset!, t.limits.index64 ? I64 : I32, allGlobals, 'element');
      if (!tt.matches(et, t.element)) invalid(TYPE_MISMATCH, 'element', e.offsetInBinary);
    }
  }

  // Data segments.
  for (const d of m.datas) {
    if (d.mode !== 'active') continue;
    if (d.memory >= memoryTypes.length) invalid('unknown memory', 'data', d.offsetInBinary);
    const at = memoryTypes[d.memory].limits.index64 ? I64 : I32;
    validateConstExpr(vm, d.offset!, at, allGlobals, 'data');
  }

  // Locals must be valid types (checked with their index in localTypesOf); bodies last, once C.refs is known.
  for (let i = 0; i < m.codes.length; i++) validateFunction(vm, i);
  return vm;
}
