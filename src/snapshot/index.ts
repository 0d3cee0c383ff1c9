// `purewasm/snapshot`: a store's whole state as bytes, and back. Opt-in (most apps never snapshot), so it is
// an entry of its own rather than methods of Store:
//
//   import { Store, Instance, Module } from 'purewasm';
//   import { snapshot, restore } from 'purewasm/snapshot';
//   const bytes = snapshot(store);                 // between calls, or while async calls are suspended
//   const [call] = restore(otherStore, bytes);     // same modules and components, same order; here or elsewhere
//   snapshot(store, { hostValues: list })          // JS objects the store refers to, listed by identity
//   restore(otherStore, bytes, { hostValues: list })
//   await call?.resume(hostResult);                // a suspended call continues where it stopped
//
// What is written and why: store.ts (memories, tables, globals, fuel, stacks, suspended calls, a debug store's
// code positions), refs.ts (references: GC objects, exceptions, JS values) and components.ts (the component
// instances' handle tables, flags, backpressure). The built entry (dist/snapshot.*) uses the VM of
// `purewasm` (it imports it, with the internals it needs, from ./purewasm.*) rather than a copy, so it takes
// stores made by `purewasm`'s classes — and knows their GC objects and exceptions by class; a store of the
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

/** Options of `snapshot` and `restore`. */
export interface SnapshotOptions {
  /**
   * JS objects and functions the store refers to (externref values, functions of no instance in the store,
   * tags made in JS), by identity: `snapshot` appends each one not yet in the list and writes its index;
   * `restore` takes the list back (the same one, or one of equivalent values in the same order, in another
   * process). Primitives (numbers, strings, booleans, bigints, undefined, null) and the store's own wasm
   * objects (GC structs and arrays, exceptions) are written into the bytes and need no list.
   */
  hostValues?: unknown[];
}

function hostValuesOf(options: SnapshotOptions | undefined, what: string): unknown[] | undefined {
  const list = options?.hostValues;
  if (list !== undefined && !Array.isArray(list)) throw new TypeError(`${what}: \`hostValues\` must be an array`);
  return list;
}

/**
 * The store's whole state as bytes: memories, tables, globals, fuel, the stacks of suspended async calls,
 * the GC objects and exceptions they refer to (identity kept), and the state of the component instances in
 * it (handle tables, flags, backpressure). Not while a call is running. A debug store's snapshot (a pause is a
 * suspended call) restores into a debug store whose debugger translates alike; breakpoints are not part of
 * it. Throws naming what cannot be written (a reference to a JS object without `hostValues`, and where it
 * was; a host resource's handle; a component call in flight).
 */
export function snapshot(store: Store, options?: SnapshotOptions): Uint8Array {
  checkStore(store, 'snapshot');
  return snapshotStore(store, componentsOf(store), hostValuesOf(options, 'snapshot'));
}

/**
 * Puts a snapshot's state into `store`, which must hold the same instances (same module and component bytes,
 * same order) and be idle; returns the suspended calls it carried, ready to resume. The whole snapshot is
 * read and checked (which modules and components it is of, by hash; the `hostValues` it needs) before
 * anything changes.
 */
export function restore(store: Store, bytes: Uint8Array, options?: SnapshotOptions): SuspendedCall[] {
  checkStore(store, 'restore');
  if (!(bytes instanceof Uint8Array)) throw new TypeError('restore takes the snapshot as a Uint8Array');
  return restoreStore(store, bytes, componentsOf(store), hostValuesOf(options, 'restore'));
}
