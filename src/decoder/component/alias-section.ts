// Alias definitions (Binary.md "Alias Definitions") and the `sort` encoding they share with instances,
// imports and exports.
import type { Reader } from '../reader.js';
import { readCoreSort } from './core-types.js';
import type { Alias, AliasTarget, Sort, SortIndex } from './ast.js';

export function readSort(r: Reader): Sort {
  const start = r.pos;
  switch (r.u8()) {
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
      return r.fail('invalid sort', start);
  }
}

export function readSortIndex(r: Reader): SortIndex {
  const sort = readSort(r);
  return { sort, index: r.u32() };
}

export function readAlias(r: Reader): Alias {
  const sort = readSort(r);
  const start = r.pos;
  const kind = r.u8();
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
      return r.fail('invalid alias target', start);
  }
  return { sort, target };
}
