// Canonical ABI flattening for signature checks: the core value types (ValType numbers) of the ABI's
// flattening (abi/layout.ts, with the pointer type of the memory in use: i64 for memory64), and whether a
// value needs linear memory at all.
import { F32, F64, I32, I64 } from '../../decoder/module.js';
import type { ValType } from '../../decoder/module.js';
import type { ValueType } from '../types.js';
import { childTypes } from '../value-types.js';
import { flattenTypes } from '../../abi/layout.js';

export { MAX_FLAT_PARAMS } from '../../abi/layout.js';

const CORE: Record<string, ValType> = { i32: I32, i64: I64, f32: F32, f64: F64 };

/** Flattened core types of `ts` (past MAX_FLAT_PARAMS + 1 values, a prefix); `ptr`: the memory's pointer type. */
export function flat(ts: readonly ValueType[], ptr: ValType = I32): ValType[] {
  return flattenTypes(ts, ptr === I64).map((f) => CORE[f]);
}

/** True when lifting/lowering `t` touches linear memory (strings, lists, records of those …; a stream or
 *  future is a handle, whatever its elements). */
export function needsMemory(t: ValueType): boolean {
  if (t.kind === 'string' || (t.kind === 'list' && t.length === undefined)) return true;
  return t.kind !== 'stream' && t.kind !== 'future' && childTypes(t).some((c) => c !== undefined && needsMemory(c));
}
