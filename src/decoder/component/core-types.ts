// Readers for the core-wasm type encodings that appear inside component binaries: core value types,
// limits, table/memory/global types, core function and GC types (core type section, module-type
// declarators). Kept here (not shared with the core decoder) so the component decoder depends only on the
// core AST types, which are a stable contract.
import { badByte, expectByte } from './bad-byte.js';
import type { Reader } from '../reader.js';
import { CONCRETE_BASE, F32, F64, HeapType, I16, I32, I64, I8, SHARED_HEAP, V128, refType } from '../module.js';
import type { GlobalType, Limits, MemoryType, TableType, ValType } from '../module.js';
import type { CoreCompositeDef, CoreFuncTypeDef, CoreGcTypeDef, CoreImportDesc, CoreModuleDecl, CoreSort, CoreTypeDef } from './ast.js';
import type { FieldType } from '../module.js';

const ABSTRACT_HEAPS = new Set<number>(Object.values(HeapType));

/** After a `shared` prefix 0x65 (shared-everything-threads): the abstract heap type, as its shared variant. */
function sharedAbstract(r: Reader, start: number): number {
  const byte = r.u8();
  if (!ABSTRACT_HEAPS.has(byte)) r.fail('invalid heap type', start);
  return SHARED_HEAP | byte;
}

function heapType(r: Reader): number {
  const start = r.pos;
  const v = r.s33();
  if (v >= 0) return CONCRETE_BASE + v;
  const byte = v + 0x80;
  if (byte === 0x65 && r.pos === start + 1) return sharedAbstract(r, start);
  if (!ABSTRACT_HEAPS.has(byte)) r.fail('invalid heap type', start);
  return byte;
}

export function readCoreValType(r: Reader): ValType {
  const start = r.pos;
  const b = r.u8();
  switch (b) {
    case I32:
    case I64:
    case F32:
    case F64:
    case V128:
      return b;
    case 0x63:
      return refType(true, heapType(r));
    case 0x64:
      return refType(false, heapType(r));
    case 0x65: // `(ref null (shared ht))` shorthand
      return refType(true, sharedAbstract(r, start));
    default:
      if (ABSTRACT_HEAPS.has(b)) return refType(true, b);
      return r.fail('invalid value type', start);
  }
}

function readStorageType(r: Reader): ValType {
  const b = r.peek();
  if (b === I8 || b === I16) {
    r.pos++;
    return b;
  }
  return readCoreValType(r);
}

export function readLimits(r: Reader, memory: boolean): { limits: Limits; pageSizeLog2: number } {
  const start = r.pos;
  const flags = r.u8();
  if (flags > (memory ? 0x0f : 0x07)) r.fail('malformed limits flags', start);
  const index64 = (flags & 4) !== 0;
  const readBound = (): number => {
    if (!index64) return r.u32();
    r.u64();
    return (r.hi >>> 0) * 0x1_0000_0000 + (r.lo >>> 0);
  };
  const min = readBound();
  const max = flags & 1 ? readBound() : undefined;
  const pageSizeLog2 = flags & 8 ? r.u32() : 16;
  return { limits: { min, max, shared: (flags & 2) !== 0, index64 }, pageSizeLog2 };
}

export function readTableType(r: Reader): TableType {
  const element = readCoreValType(r);
  return { element, limits: readLimits(r, false).limits };
}

export function readMemoryType(r: Reader): MemoryType {
  const { limits, pageSizeLog2 } = readLimits(r, true);
  return { limits, pageSizeLog2 };
}

export function readGlobalType(r: Reader): GlobalType {
  const type = readCoreValType(r);
  const start = r.pos;
  const m = r.u8();
  if (m > 1) r.fail('malformed mutability', start);
  return { type, mutable: m === 1 };
}

export function readCoreImportDesc(r: Reader): CoreImportDesc {
  const start = r.pos;
  const kind = r.u8();
  switch (kind) {
    case 0x00:
      return { kind: 'func', typeIndex: r.u32() };
    case 0x01:
      return { kind: 'table', type: readTableType(r) };
    case 0x02:
      return { kind: 'memory', type: readMemoryType(r) };
    case 0x03:
      return { kind: 'global', type: readGlobalType(r) };
    case 0x04: {
      const attr = r.u8();
      if (attr !== 0) r.fail('invalid tag attribute', start);
      return { kind: 'tag', typeIndex: r.u32() };
    }
    default:
      return r.fail('malformed import kind', start);
  }
}

/** Core sorts by byte: 0x00–0x04 func … tag, 0x10 type, 0x11 module, 0x12 instance. */
const CORE_SORTS: Record<number, CoreSort> = { 0: 'func', 1: 'table', 2: 'memory', 3: 'global', 4: 'tag', 0x10: 'type', 0x11: 'module', 0x12: 'instance' };

export function readCoreSort(r: Reader): CoreSort {
  const start = r.pos;
  const b = r.u8();
  return CORE_SORTS[b] ?? badByte(r, b, 'core sort', start);
}

function readFuncType(r: Reader): CoreFuncTypeDef {
  const params: ValType[] = [];
  for (let n = r.vecLen(), i = 0; i < n; i++) params.push(readCoreValType(r));
  const results: ValType[] = [];
  for (let n = r.vecLen(), i = 0; i < n; i++) results.push(readCoreValType(r));
  return { kind: 'func', params, results };
}

function readField(r: Reader): FieldType {
  const type = readStorageType(r);
  const start = r.pos;
  const m = r.u8();
  if (m > 1) r.fail('malformed mutability', start);
  return { type, mutable: m === 1 };
}

/** A composite type (after any `sub` prefix). */
function readComposite(r: Reader): CoreCompositeDef {
  const start = r.pos;
  let b = r.u8();
  if (b === 0x65) b = r.u8(); // `shared` (shared-everything-threads): same shape
  if (b === 0x60) return readFuncType(r);
  if (b === 0x5f) {
    const fields: FieldType[] = [];
    for (let n = r.vecLen(), i = 0; i < n; i++) fields.push(readField(r));
    return { kind: 'struct', fields };
  }
  if (b === 0x5e) return { kind: 'array', element: readField(r) };
  return badByte(r, b, 'composite type', start);
}

interface SubType {
  composite: CoreCompositeDef;
  final: boolean;
  supertypes: number[];
}

function readSubType(r: Reader): SubType {
  const b = r.peek();
  const supertypes: number[] = [];
  if (b === 0x50 || b === 0x4f) {
    r.pos++;
    for (let n = r.vecLen(), i = 0; i < n; i++) supertypes.push(r.u32());
  }
  return { composite: readComposite(r), final: b !== 0x50, supertypes };
}

function gcDef(subs: SubType[]): CoreGcTypeDef {
  return { kind: 'gc', types: subs.map((s) => s.composite), subs: subs.map((s) => ({ final: s.final, supertypes: s.supertypes })) };
}

/** One `core:type`: a module type (0x50), a function type, or a GC rec group / sub type. */
export function readCoreType(r: Reader, allowModule: boolean): CoreTypeDef {
  const start = r.pos;
  const b = r.peek();
  if (b === 0x50 && allowModule) {
    r.pos++;
    return readModuleType(r);
  }
  // Where 0x50 means "module type", a non-final GC sub type is escaped with a 0x00 prefix.
  if (b === 0x00 && allowModule) {
    r.pos++;
    if (r.peek() !== 0x50) badByte(r, r.peek(), 'non-final sub type', start + 1);
  }
  if (b === 0x60) {
    r.pos++;
    return readFuncType(r);
  }
  if (b === 0x4e) {
    r.pos++;
    const subs: SubType[] = [];
    for (let n = r.vecLen(), i = 0; i < n; i++) subs.push(readSubType(r));
    return gcDef(subs);
  }
  return gcDef([readSubType(r)]);
}

function readModuleType(r: Reader): CoreTypeDef {
  const decls: CoreModuleDecl[] = [];
  for (let n = r.vecLen(), i = 0; i < n; i++) {
    const offset = r.pos;
    const tag = r.u8();
    switch (tag) {
      case 0x00: {
        const module = r.name();
        const name = r.name();
        decls.push({ tag: 'import', module, name, desc: readCoreImportDesc(r), offset });
        break;
      }
      case 0x01:
        decls.push({ tag: 'type', type: readCoreType(r, false), offset });
        break;
      case 0x02: {
        // Only outer aliases of core types may appear in module types.
        expectByte(r, 0x10, 'outer alias kind');
        const sort = 'type' as const;
        expectByte(r, 0x01, 'outer alias target');
        const count = r.u32();
        decls.push({ tag: 'alias', sort, count, index: r.u32(), offset });
        break;
      }
      case 0x03: {
        const name = r.name();
        decls.push({ tag: 'export', name, desc: readCoreImportDesc(r), offset });
        break;
      }
      default:
        badByte(r, tag, 'type definition', offset);
    }
  }
  return { kind: 'module', decls };
}
