// Import section: module name, field name and an extern type.
import type { GlobalType, Import, ImportDesc, MemoryType, TableType, TagType } from './module.js';
import type { Reader } from './reader.js';
import { readMemoryLimits, readTableLimits } from './limits.js';
import { readGlobalFlags, readRefType, readValType } from './value-types.js';

export function readTableType(r: Reader): TableType {
  const element = readRefType(r);
  return { element, limits: readTableLimits(r) };
}

export function readMemoryType(r: Reader): MemoryType {
  const { limits, pageSizeLog2 } = readMemoryLimits(r);
  return { limits, pageSizeLog2 };
}

export function readGlobalType(r: Reader): GlobalType {
  const type = readValType(r);
  const { mutable, shared } = readGlobalFlags(r);
  return shared ? { type, mutable, shared } : { type, mutable };
}

export function readTagType(r: Reader): TagType {
  const start = r.pos;
  if (r.u8() !== 0) r.fail('malformed tag attribute', start);
  return { typeIndex: r.u32() };
}

export function readImportSection(r: Reader, imports: Import[]): void {
  const n = r.vecLen(3);
  for (let i = 0; i < n; i++) {
    const module = r.name();
    const name = r.name();
    const kstart = r.pos;
    const kind = r.u8();
    let desc: ImportDesc;
    switch (kind) {
      case 0:
        desc = { kind: 'func', typeIndex: r.u32() };
        break;
      case 1:
        desc = { kind: 'table', type: readTableType(r) };
        break;
      case 2:
        desc = { kind: 'memory', type: readMemoryType(r) };
        break;
      case 3:
        desc = { kind: 'global', type: readGlobalType(r) };
        break;
      case 4:
        desc = { kind: 'tag', type: readTagType(r) };
        break;
      default:
        return r.fail('malformed import kind', kstart);
    }
    imports.push({ module, name, desc });
  }
}
