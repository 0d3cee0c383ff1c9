// Alias definitions (Binary.md "Alias Definitions") and the `sort` encoding they share with instances,
// imports and exports.
import { badByte } from './bad-byte.js';
import type { Reader } from '../reader.js';
import { readCoreSort } from './core-types.js';
import type { Alias, AliasTarget, Sort, SortIndex } from './ast.js';

export function readSort(r: Reader): Sort {
  const start = r.pos;
  const b = r.u8();
  switch (b) {
    case 0x00:
      return `core ${readCoreSort(r)}`;
    case 0x01:
      return 'func';
    case 0x02:
      return 'value';
    case 0x03:
      return 'type';
    case 0x04:
      return 'component';
    case 0x05:
      return 'instance';
    default:
      return badByte(r, b, 'component external kind', start);
  }
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
  let target: AliasTarget;
  switch (kind) {
    case 0x00: {
      const instance = r.u32();
      target = { kind: 'export', instance, name: r.name() };
      break;
    }
    case 0x01: {
      const instance = r.u32();
      target = { kind: 'core-export', instance, name: r.name() };
      break;
    }
    case 0x02: {
      const count = r.u32();
      target = { kind: 'outer', count, index: r.u32() };
      break;
    }
    default:
      return badByte(r, kind, 'alias', start);
  }
  return { sort, target };
}
