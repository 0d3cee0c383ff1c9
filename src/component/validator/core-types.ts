// Core type definitions inside components: GC sub types (supertypes must be open, i.e. not final) and
// reference types in core function types (must name existing, non-module core types).
import { CONCRETE_BASE, heapTypeOf, isConcreteHeap, isRefType } from '../../decoder/module.js';
import type { CoreGcTypeDef } from '../../decoder/component/ast.js';
import type { CoreTypeEntry, Scope } from './state.js';

/** Core types declared as open (`sub` without `final`): only these may be supertypes. */
const openTypes = new WeakSet<object>();

/** Add a GC rec group / sub type to a core type space, checking declared supertypes. */
export function pushGcTypes(space: CoreTypeEntry[], t: CoreGcTypeDef, scope: Scope, offset: number): void {
  const base = space.length;
  t.types.forEach((c, i) => {
    for (const s of t.subs[i].supertypes) {
      if (s >= base + i) scope.fail(`supertype index out of bounds: ${s}`, offset);
      const sup = space[s];
      if (!openTypes.has(sup)) scope.fail('sub type cannot have a final super type', offset);
    }
    if (!t.subs[i].final) openTypes.add(c);
    space.push(c);
  });
}

/** Concrete reference types in a core function type must name existing, non-module core types. */
export function checkCoreRefs(scope: Scope, types: readonly number[], limit: number, offset: number): void {
  for (const v of types) {
    if (!isRefType(v)) continue;
    const heap = heapTypeOf(v);
    if (!isConcreteHeap(heap)) continue;
    const index = heap - CONCRETE_BASE;
    if (index >= limit) scope.fail(`type index out of bounds: ${index}`, offset);
    if (scope.coreTypes[index]?.kind === 'module') scope.fail(`type index ${index} is a module type`, offset);
  }
}

