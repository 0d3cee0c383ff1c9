// decodeModule: one pass over a core module binary, section by section, into the Module AST.
import { END_OF_SECTION } from './errors.js';
import type {
  CustomSection, DataSegment, ElementSegment, Export, ExternKind, FunctionBody, Global, Import, MemoryType, Module,
  NameSection, RecGroup, SubType, Table, TagType,
} from './module.js';
import type { CoreFeatures } from './features.js';
import { Reader } from './reader.js';
import { readHeader } from './header.js';
import { readTypeSection } from './types.js';
import { readImportSection } from './imports.js';
import { readFunctionSection } from './functions.js';
import { readTableSection } from './tables.js';
import { readMemorySection } from './memory.js';
import { readTagSection } from './tags.js';
import { readGlobalSection } from './globals.js';
import { readExportSection } from './exports.js';
import { readStartSection } from './start.js';
import { readElementSection } from './elements.js';
import { readDataCountSection } from './datacount.js';
import { readCodeSection } from './code.js';
import { readDataSection } from './data.js';
import { readCustomSection } from './custom.js';
import { emptyNames, readNameSection } from './names.js';

export const SECTION_NAMES = [
  'custom', 'type', 'import', 'function', 'table', 'memory', 'global', 'export', 'start', 'element', 'code',
  'data', 'data count', 'tag',
];

/** Position of each section id in the required order (tag sits between memory and global, data count
 *  between element and code). */
const ORDER = [0, 1, 2, 3, 4, 5, 7, 8, 9, 10, 12, 13, 11, 6];

/** Decodes a core module; `features` switches on proposals beyond 3.0 + threads (default: none). */
export function decodeModule(bytes: Uint8Array, features?: CoreFeatures): Module {
  const r = new Reader(bytes);
  r.sharedForms = features?.sharedEverythingThreads === true;
  readHeader(r);

  const types: SubType[] = [];
  const recGroups: RecGroup[] = [];
  const imports: Import[] = [];
  const functions: number[] = [];
  const tables: Table[] = [];
  const memories: MemoryType[] = [];
  const tags: TagType[] = [];
  const globals: Global[] = [];
  const exports: Export[] = [];
  let start: number | undefined;
  const elements: ElementSegment[] = [];
  let dataCount: number | undefined;
  const codes: FunctionBody[] = [];
  const datas: DataSegment[] = [];
  let names: NameSection = emptyNames();
  const customs: CustomSection[] = [];
  let lastOrder = 0;
  const sectionOffsets: number[] = new Array(14).fill(-1);

  const total = bytes.length;
  while (r.pos < total) {
    r.section = 'module';
    r.end = total;
    const idPos = r.pos;
    const id = r.u8();
    if (id > 13) r.fail('malformed section id', idPos);
    const size = r.u32();
    const contentStart = r.pos;
    if (size > total - contentStart) r.fail(END_OF_SECTION, contentStart);
    const contentEnd = contentStart + size;
    r.section = SECTION_NAMES[id];
    r.end = contentEnd;
    sectionOffsets[id] = contentStart;
    if (id !== 0) {
      const order = ORDER[id];
      if (order <= lastOrder) r.fail('unexpected content after last section: section out of order', idPos);
      lastOrder = order;
    }
    switch (id) {
      case 0: {
        const c = readCustomSection(r);
        customs.push(c);
        if (c.name === 'name') names = readNameSection(bytes, r.pos, contentEnd);
        r.pos = contentEnd;
        break;
      }
      case 1: readTypeSection(r, types, recGroups); break;
      case 2: readImportSection(r, imports); break;
      case 3: readFunctionSection(r, functions); break;
      case 4: readTableSection(r, tables); break;
      case 5: readMemorySection(r, memories); break;
      case 6: readGlobalSection(r, globals); break;
      case 7: readExportSection(r, exports); break;
      case 8: start = readStartSection(r); break;
      case 9: readElementSection(r, elements); break;
      case 10: readCodeSection(r, codes); break;
      case 11: readDataSection(r, datas); break;
      case 12: dataCount = readDataCountSection(r); break;
      case 13: readTagSection(r, tags); break;
    }
    if (r.pos !== contentEnd) r.fail('section size mismatch', r.pos);
  }
  r.section = 'code';
  if (functions.length !== codes.length) {
    r.fail('function and code section have inconsistent lengths', total);
  }
  r.section = 'data';
  if (dataCount !== undefined && dataCount !== datas.length) {
    r.fail('data count and data section have inconsistent lengths', total);
  }

  const imported: Record<ExternKind, number> = { func: 0, table: 0, memory: 0, global: 0, tag: 0 };
  const funcTypeIndices: number[] = [];
  for (const imp of imports) {
    imported[imp.desc.kind]++;
    if (imp.desc.kind === 'func') funcTypeIndices.push(imp.desc.typeIndex);
  }
  for (const f of functions) funcTypeIndices.push(f);

  return {
    bytes, types, recGroups, imports, functions, tables, memories, tags, globals, exports, start, elements,
    dataCount, codes, datas, names, customs, importedFuncs: imported.func, importedTables: imported.table,
    importedMemories: imported.memory, importedGlobals: imported.global, importedTags: imported.tag, funcTypeIndices,
    sectionOffsets,
    // (the instruction packs travel with the module: its bodies are validated and run with them)
    ...(r.sharedForms || features?.simd !== undefined || features?.gc !== undefined || features?.threads !== undefined ||
      features?.legacyExceptions !== undefined || features?.wideArithmetic !== undefined
      ? {
        features: {
          sharedEverythingThreads: r.sharedForms, simd: features?.simd, gc: features?.gc, threads: features?.threads,
          legacyExceptions: features?.legacyExceptions, wideArithmetic: features?.wideArithmetic,
        },
      }
      : {}),
  };
}
