// Type matching between two modules (import/export linking): concrete types are compared by canonical id
// (iso-recursive equivalence), abstract heap types by the fixed hierarchy.
import { CONCRETE_BASE, heapTypeOf, isNullable, isRefType, type ValType } from '../decoder/module.js';
import { canonicalSubtype } from './canonical-types.js';
import type { ValidatedModule } from './validated-module.js';

/** Canonical id of a concrete heap type of `vm`, or -1 for an abstract heap type. */
function canonicalOf(vm: ValidatedModule, heap: number): number {
  return heap >= CONCRETE_BASE ? vm.canonicalTypeIds[heap - CONCRETE_BASE] : -1;
}

/** Whether value type `ta` of module `va` is a subtype of value type `tb` of module `vb`. */
export function valTypeMatchesAcross(va: ValidatedModule, ta: ValType, vb: ValidatedModule, tb: ValType): boolean {
  if (!isRefType(ta) || !isRefType(tb)) return ta === tb;
  if (isNullable(ta) && !isNullable(tb)) return false;
  const ha = heapTypeOf(ta);
  const hb = heapTypeOf(tb);
  const ca = canonicalOf(va, ha);
  const cb = canonicalOf(vb, hb);
  if (ca >= 0 && cb >= 0) return ca === cb || canonicalSubtype(ca, cb);
  // At most one side is concrete: the hierarchy of that side's module decides (abstract types mean the
  // same in every module).
  return ca >= 0 ? va.types.heapMatches(ha, hb) : vb.types.heapMatches(ha, hb);
}

/** Whether two value types of two modules are equivalent (mutable globals, tables need equality). */
export function valTypeEqualsAcross(va: ValidatedModule, ta: ValType, vb: ValidatedModule, tb: ValType): boolean {
  return valTypeMatchesAcross(va, ta, vb, tb) && valTypeMatchesAcross(vb, tb, va, ta);
}
