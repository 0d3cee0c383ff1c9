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

/** The import descriptors by kind byte: func, table, memory, global, tag. */
const DESCRIPTORS: readonly ((r: Reader) => ImportDesc)[] = [
  (r) => ({ kind: 'func', typeIndex: r.u32() }),
  (r) => ({ kind: 'table', type: readTableType(r) }),
  (r) => ({ kind: 'memory', type: readMemoryType(r) }),
  (r) => ({ kind: 'global', type: readGlobalType(r) }),
  (r) => ({ kind: 'tag', type: readTagType(r) }),
];

export function readImportSection(r: Reader, imports: Import[]): void {
  const n = r.vecLen(3);
  for (let i = 0; i < n; i++) {
    const module = r.name();
    const name = r.name();
    const kstart = r.pos;
    const kind = r.u8();
    const read = DESCRIPTORS[kind];
    if (read === undefined) r.fail('malformed import kind', kstart);
    imports.push({ module, name, desc: read(r) });
  }
}
