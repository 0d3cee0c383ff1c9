// The component instances of a store, in instantiation order (a parent before the components it
// instantiates), kept on the Store. This list is all the component layer does for snapshots — at
// instantiation, never per call: `purewasm/snapshot` (src/snapshot/components.ts) writes and restores their
// state from it, so the serializer itself is not part of `purewasm`.
import type { Store } from '../../vm/api.js';
import type { ComponentPlan } from './plan.js';
import type { InstanceState } from './state.js';

export interface StoreComponentInstance {
  readonly st: InstanceState;
  readonly plan: ComponentPlan;
}

/** Adds an instance to its store's list (before its steps run); returns the count before it, for `unregisterFrom`. */
export function registerInstance(st: InstanceState, plan: ComponentPlan): number {
  const store: Store = st.store;
  const list = (store.componentInstances ??= []) as StoreComponentInstance[];
  list.push({ st, plan });
  return list.length - 1;
}

/** A failed instantiation: forget the instance (and the nested ones registered after it). */
export function unregisterFrom(store: Store, mark: number): void {
  const list = store.componentInstances;
  if (list !== undefined) list.length = Math.min(list.length, mark);
}
