// Core value types in the text format ("i32", "funcref", "(ref null 3)"), for error messages.
import { F32, F64, HeapType, I16, I32, I64, I8, V128, heapTypeOf, isConcreteHeap, isNullable, isRefType, CONCRETE_BASE, SHARED_HEAP } from './module.js';
import type { ValType } from './module.js';

export const NUM_TYPE_NAMES: Record<number, string> = { [I32]: 'i32', [I64]: 'i64', [F32]: 'f32', [F64]: 'f64', [V128]: 'v128', [I8]: 'i8', [I16]: 'i16' };

const HEAP_NAMES: Record<number, string> = Object.fromEntries(Object.entries(HeapType).map(([k, v]) => [v, k]));

/** The bottom types' shorthands drop the `no` (`nullref`, not `noneref`). */
const NULL_REF_NAMES: Record<string, string> = { none: 'null', noextern: 'nullextern', nofunc: 'nullfunc', noexn: 'nullexn' };

export function valTypeName(v: ValType): string {
  if (NUM_TYPE_NAMES[v] !== undefined) return NUM_TYPE_NAMES[v];
  if (!isRefType(v)) return `0x${v.toString(16)}`;
  const h = heapTypeOf(v);
  if (isConcreteHeap(h)) return isNullable(v) ? `(ref null ${h - CONCRETE_BASE})` : `(ref ${h - CONCRETE_BASE})`;
  const name = HEAP_NAMES[h & ~SHARED_HEAP];
  if (name === undefined) return `(ref 0x${h.toString(16)})`;
  const heap = (h & SHARED_HEAP) !== 0 ? `(shared ${name})` : name;
  if (isNullable(v) && (h & SHARED_HEAP) === 0) return `${NULL_REF_NAMES[name] ?? name}ref`;
  return isNullable(v) ? `(ref null ${heap})` : `(ref ${heap})`;
}
