// `purewasm/snapshot`: a store's whole state as bytes, and back. Opt-in (most apps never snapshot), so it is
// an entry of its own rather than methods of Store:
//
//   import { Store, Instance, Module } from 'purewasm';
//   import { snapshot, restore } from 'purewasm/snapshot';
//   const bytes = snapshot(store);                 // between calls, or while async calls are suspended
//   const [call] = restore(otherStore, bytes);     // same modules and components, same order; here or elsewhere
//   await call?.resume(hostResult);                // a suspended call continues where it stopped
//
// What is written and why: store.ts (memories, tables, globals, fuel, stacks, suspended calls, a debug store's
// code positions) and components.ts (the component instances' handle tables, flags, backpressure). The built
// entry (dist/snapshot.*) uses the VM of `purewasm` (it imports it, with the internals it needs, from
// ./purewasm.*) rather than a copy, so it takes stores made by `purewasm`'s classes; a store of the
// self-contained `purewasm/core` bundle is another class, refused with a TypeError that says so.
import { Store } from '../index.js';
import { componentsOf } from './components.js';
import { restoreStore, snapshotStore, type SuspendedCall } from './store.js';

export type { SuspendedCall } from './store.js';

function checkStore(store: Store, what: string): void {
  if (!(store instanceof Store)) {
    throw new TypeError(`${what} takes a Store of 'purewasm' (instance.store, or new Store() from 'purewasm'); purewasm/snapshot uses the VM of the 'purewasm' entry, so a store of the separate 'purewasm/core' bundle cannot be written`);
  }
}

/**
 * The store's whole state as bytes: memories, tables, globals, fuel, the stacks of suspended async calls,
 * and the state of the component instances in it (handle tables, flags, backpressure). Not while a call is
 * running. A debug store's snapshot (a pause is a suspended call) restores into a debug store whose debugger
 * translates alike; breakpoints are not part of it. Throws naming what cannot be written (a reference to a JS
 * value, a host resource's handle, a component call in flight).
 */
export function snapshot(store: Store): Uint8Array {
  checkStore(store, 'snapshot');
  return snapshotStore(store, componentsOf(store));
}

/**
 * Puts a snapshot's state into `store`, which must hold the same instances (same module and component bytes,
 * same order) and be idle; returns the suspended calls it carried, ready to resume. Which modules and
 * components the snapshot is of (their hashes) is checked before anything changes.
 */
export function restore(store: Store, bytes: Uint8Array): SuspendedCall[] {
  checkStore(store, 'restore');
  if (!(bytes instanceof Uint8Array)) throw new TypeError('restore takes the snapshot as a Uint8Array');
  return restoreStore(store, bytes, componentsOf(store));
}
