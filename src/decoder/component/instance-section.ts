// Core instance (section 2) and component instance (section 5) definitions.
import { badByte, expectByte } from './bad-byte.js';
import type { Reader } from '../reader.js';
import { readCoreSort } from './core-types.js';
import { readSortIndex } from './alias-section.js';
import { readExternName } from './type-section.js';
import type { CoreInstanceExpr, InstanceExpr } from './ast.js';

export function readCoreInstance(r: Reader): CoreInstanceExpr {
  const start = r.pos;
  const tag = r.u8();
  if (tag === 0x00) {
    const module = r.u32();
    const args = [];
    for (let n = r.vecLen(), i = 0; i < n; i++) {
      const name = r.name();
      // Core instantiation arguments are always instances (0x12).
      expectByte(r, 0x12, 'instantiation arg kind');
      args.push({ name, sort: 'instance' as const, index: r.u32() });
    }
    return { kind: 'instantiate', module, args };
  }
  if (tag === 0x01) {
    const exports = [];
    for (let n = r.vecLen(), i = 0; i < n; i++) {
      const name = r.name();
      const sort = readCoreSort(r);
      exports.push({ name, sort, index: r.u32() });
    }
    return { kind: 'exports', exports };
  }
  return badByte(r, tag, 'core instance', start);
}

export function readInstance(r: Reader): InstanceExpr {
  const start = r.pos;
  const tag = r.u8();
  if (tag === 0x00) {
    const component = r.u32();
    const args = [];
    for (let n = r.vecLen(), i = 0; i < n; i++) {
      const name = r.name();
      args.push({ name, ...readSortIndex(r) });
    }
    return { kind: 'instantiate', component, args };
  }
  if (tag === 0x01) {
    const exports = [];
    for (let n = r.vecLen(), i = 0; i < n; i++) {
      const name = readExternName(r);
      exports.push({ ...name, ...readSortIndex(r) });
    }
    return { kind: 'exports', exports };
  }
  return badByte(r, tag, 'instance', start);
}
