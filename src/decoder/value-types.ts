// Reading value types, heap types, reference types, storage types and block types.
import { CONCRETE_BASE, I16, I8, REF_FLAG, REF_NULLABLE, SHARED_HEAP, type ValType } from './module.js';
import type { Reader } from './reader.js';

/** Largest type index representable in a heap type; bigger indices are clamped (they are invalid anyway). */
const MAX_TYPE_INDEX = 0x07ff_ffff - CONCRETE_BASE;

/** shared-everything-threads: `0x65 absheaptype` is `(shared absheaptype)`. */
const SHARED_PREFIX = 0x65;

function isAbstractHeapByte(b: number): boolean {
  return b >= 0x69 && b <= 0x74;
}

/** The abstract heap type after a `shared` prefix, as its SHARED_HEAP variant. */
function readSharedAbstract(r: Reader, start: number): number {
  const b = r.u8();
  if (!isAbstractHeapByte(b)) r.fail('malformed heap type', start);
  return SHARED_HEAP | b;
}

/** A heap type (s33): an abstract heap type's byte, or CONCRETE_BASE + type index. */
export function readHeapType(r: Reader): number {
  const start = r.pos;
  const v = r.s33();
  if (v >= 0) return CONCRETE_BASE + (v > MAX_TYPE_INDEX ? MAX_TYPE_INDEX : v);
  const b = v + 0x80;
  // The prefix is one byte, never a padded LEB128.
  if (b === SHARED_PREFIX && r.sharedForms && r.pos === start + 1) return readSharedAbstract(r, start);
  if (v < -0x40 || !isAbstractHeapByte(b)) r.fail('malformed heap type', start);
  return b;
}

/** A reference type whose first byte `b` was already read, or -1 if `b` does not start one. */
function refTypeFromByte(r: Reader, b: number, start: number): ValType {
  if (isAbstractHeapByte(b)) return REF_FLAG | REF_NULLABLE | b;
  if (b === 0x63) return REF_FLAG | REF_NULLABLE | readHeapType(r);
  if (b === 0x64) return REF_FLAG | readHeapType(r);
  // `0x65 ht`: shorthand for `(ref null (shared ht))`.
  if (b === SHARED_PREFIX && r.sharedForms) return REF_FLAG | REF_NULLABLE | readSharedAbstract(r, start);
  return -1;
}

/** The rest of a value type whose first byte `b` was already read. */
export function valTypeFromByte(r: Reader, b: number, start: number): ValType {
  if (b >= 0x7b && b <= 0x7f) return b;
  const t = refTypeFromByte(r, b, start);
  return t >= 0 ? t : r.fail('malformed value type', start);
}

export function readValType(r: Reader): ValType {
  const start = r.pos;
  return valTypeFromByte(r, r.u8(), start);
}

export function readRefType(r: Reader): ValType {
  const start = r.pos;
  const t = refTypeFromByte(r, r.u8(), start);
  return t >= 0 ? t : r.fail('malformed reference type', start);
}

/** A struct/array field's storage type: a value type or the packed i8/i16. */
export function readStorageType(r: Reader): ValType {
  const start = r.pos;
  const b = r.u8();
  if (b === I8 || b === I16) return b;
  return valTypeFromByte(r, b, start);
}

export function readMutability(r: Reader): boolean {
  const start = r.pos;
  const b = r.u8();
  if (b > 1) r.fail('malformed mutability', start);
  return b === 1;
}

/** A global type's flags byte: bit 0 mutable; bit 1 shared (shared-everything-threads only). */
export function readGlobalFlags(r: Reader): { mutable: boolean; shared: boolean } {
  const start = r.pos;
  const b = r.u8();
  if (b > (r.sharedForms ? 3 : 1)) r.fail('malformed mutability', start);
  return { mutable: (b & 1) !== 0, shared: (b & 2) !== 0 };
}
