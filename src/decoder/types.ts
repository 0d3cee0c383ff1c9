// Type section: recursion groups of sub types over func/struct/array composite types.
import type { CompositeType, FieldType, RecGroup, SubType, ValType } from './module.js';
import type { Reader } from './reader.js';
import { readMutability, readStorageType, readValType } from './value-types.js';

function readValTypes(r: Reader): ValType[] {
  const n = r.vecLen(1);
  const out: ValType[] = new Array(n);
  for (let i = 0; i < n; i++) out[i] = readValType(r);
  return out;
}

function readField(r: Reader): FieldType {
  const type = readStorageType(r);
  return { type, mutable: readMutability(r) };
}

function readComposite(r: Reader, form: number, start: number): CompositeType {
  switch (form) {
    case 0x60: {
      const params = readValTypes(r);
      return { kind: 'func', params, results: readValTypes(r) };
    }
    case 0x5f: {
      const n = r.vecLen(2);
      const fields: FieldType[] = new Array(n);
      for (let i = 0; i < n; i++) fields[i] = readField(r);
      return { kind: 'struct', fields };
    }
    case 0x5e:
      return { kind: 'array', element: readField(r) };
    default:
      return r.fail('malformed type', start);
  }
}

/** A composite type, with the `0x65` (`shared`) prefix of shared-everything-threads when enabled. */
function readShareComposite(r: Reader, final: boolean, supertypes: number[]): SubType {
  const start = r.pos;
  const form = r.u8();
  if (form === 0x65 && r.sharedForms) {
    const cstart = r.pos;
    return { final, supertypes, composite: readComposite(r, r.u8(), cstart), shared: true };
  }
  return { final, supertypes, composite: readComposite(r, form, start) };
}

function readSubType(r: Reader): SubType {
  const form = r.peek();
  if (form === 0x50 || form === 0x4f) {
    r.pos++;
    const n = r.vecLen(1);
    const supertypes: number[] = new Array(n);
    for (let i = 0; i < n; i++) supertypes[i] = r.u32();
    return readShareComposite(r, form === 0x4f, supertypes);
  }
  return readShareComposite(r, true, []);
}

export function readTypeSection(r: Reader, types: SubType[], groups: RecGroup[]): void {
  const n = r.vecLen(1);
  for (let i = 0; i < n; i++) {
    // a recursion group (0x4e), or one subtype as a group of its own
    const count = r.peek() === 0x4e ? (r.pos++, r.vecLen(1)) : 1;
    groups.push({ start: types.length, count });
    for (let j = 0; j < count; j++) types.push(readSubType(r));
  }
}
