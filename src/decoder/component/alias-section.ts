// Alias definitions (Binary.md "Alias Definitions") and the `sort` encoding they share with instances,
// imports and exports.
import { badByte } from './bad-byte.js';
import type { Reader } from '../reader.js';
import { readCoreSort } from './core-types.js';
import type { Alias, AliasTarget, Sort, SortIndex } from './ast.js';

/** Component sorts by byte (0x00 is followed by a core sort). */
const SORTS: readonly (Sort | undefined)[] = [undefined, 'func', 'value', 'type', 'component', 'instance'];

export function readSort(r: Reader): Sort {
  const start = r.pos;
  const b = r.u8();
  if (b === 0x00) return `core ${readCoreSort(r)}`;
  return SORTS[b] ?? badByte(r, b, 'component external kind', start);
}

export function readSortIndex(r: Reader): SortIndex {
  const sort = readSort(r);
  return { sort, index: r.u32() };
}

export function readAlias(r: Reader): Alias {
  // The target comes after the sort but decides which sorts are allowed: outer aliases may only name
  // core modules, core types, types and components.
  const sortStart = r.pos;
  const first = r.u8();
  const second = first === 0x00 ? r.u8() : undefined;
  const start = r.pos;
  const kind = r.u8();
  if (kind === 0x02) {
    const ok = second !== undefined ? second === 0x10 || second === 0x11 : first === 0x03 || first === 0x04;
    if (!ok) badByte(r, second ?? first, 'component outer alias kind', sortStart);
  }
  const after = r.pos;
  r.pos = sortStart;
  const sort = readSort(r);
  r.pos = after;
  if (kind > 2) return badByte(r, kind, 'alias', start);
  const a = r.u32();
  // 0x00 an instance's export, 0x01 a core instance's export (instance, name); 0x02 outer (count, index)
  const target: AliasTarget = kind === 2 ? { kind: 'outer', count: a, index: r.u32() } : { kind: kind === 0 ? 'export' : 'core-export', instance: a, name: r.name() };
  return { sort, target };
}
