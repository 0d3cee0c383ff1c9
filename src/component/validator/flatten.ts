// Canonical ABI flattening (CanonicalABI.md "Flattening") for signature checks: the core value types a
// component value occupies, with the pointer type of the memory in use (i64 for memory64), and whether
// a value needs linear memory at all.
import { F32, F64, I32, I64 } from '../../decoder/module.js';
import type { ValType } from '../../decoder/module.js';
import type { ValueType } from '../types.js';
import { childTypes } from '../value-types.js';

export const MAX_FLAT_PARAMS = 16;

/** Flattening is only needed up to the point where it overflows into memory; cap the work there
 *  (fixed-length lists could otherwise expand to billions of entries). */
const FLAT_CAP = MAX_FLAT_PARAMS + 1;

function join(a: ValType, b: ValType): ValType {
  if (a === b) return a;
  if ((a === I32 && b === F32) || (a === F32 && b === I32)) return I32;
  return I64;
}

function flattenInto(t: ValueType, out: ValType[], ptr: ValType): void {
  if (out.length >= FLAT_CAP) return;
  switch (t.kind) {
    case 's64':
    case 'u64':
      out.push(I64);
      return;
    case 'f32':
      out.push(F32);
      return;
    case 'f64':
      out.push(F64);
      return;
    case 'string':
      out.push(ptr, ptr);
      return;
    case 'list':
      if (t.length === undefined) out.push(ptr, ptr);
      else for (let i = 0; i < t.length && out.length < FLAT_CAP; i++) flattenInto(t.element, out, ptr);
      return;
    case 'record':
      for (const f of t.fields) flattenInto(f.type, out, ptr);
      return;
    case 'tuple':
      for (const e of t.elements) flattenInto(e, out, ptr);
      return;
    case 'variant':
      flattenCases(t.cases.map((c) => c.type), out, ptr);
      return;
    case 'option':
      flattenCases([undefined, t.element], out, ptr);
      return;
    case 'result':
      flattenCases([t.ok, t.err], out, ptr);
      return;
    default:
      out.push(I32);
  }
}

function flattenCases(cases: readonly (ValueType | undefined)[], out: ValType[], ptr: ValType): void {
  out.push(I32);
  const payload: ValType[] = [];
  for (const c of cases) {
    if (c === undefined) continue;
    const f: ValType[] = [];
    flattenInto(c, f, ptr);
    for (let i = 0; i < f.length; i++) payload[i] = i < payload.length ? join(payload[i], f[i]) : f[i];
  }
  out.push(...payload);
}

/** Flattened core types of `ts`; `ptr` is the pointer type of the memory in use (i64 for memory64). */
export function flat(ts: readonly ValueType[], ptr: ValType = I32): ValType[] {
  const out: ValType[] = [];
  for (const t of ts) flattenInto(t, out, ptr);
  return out;
}


/** True when lifting/lowering `t` touches linear memory (strings, lists, records of those …; a stream or
 *  future is a handle, whatever its elements). */
export function needsMemory(t: ValueType): boolean {
  if (t.kind === 'string' || (t.kind === 'list' && t.length === undefined)) return true;
  return t.kind !== 'stream' && t.kind !== 'future' && childTypes(t).some((c) => c !== undefined && needsMemory(c));
}
