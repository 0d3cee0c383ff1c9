// The steps that suspend a kernel on fuel and snapshot it, shared by prepare.ts (Node, purewasm from src/)
// and driver/stores.ts (each engine, the artifact): both must take the snapshot at the same point for the
// snapshot bytes to be comparable.
import type { Api, Snapshots } from './api.js';

type Store = InstanceType<Api['Store']>;
type Module = InstanceType<Api['Module']>;

/** How many promise turns callAsync may take to start running (it waits for the store's queue first). */
const MAX_TURNS = 1000;

export interface Suspended {
  readonly store: Store;
  /** The call; settles once fuel is added. */
  readonly pending: Promise<unknown>;
  readonly snapshot: Uint8Array;
}

/**
 * Starts `run(n)` with callAsync in a store with `fuel` and outOfFuel 'suspend', waits (promise turns only:
 * QuickJS has no timers) until it has run out of fuel and suspended, and snapshots the store with `s`
 * (purewasm/snapshot).
 */
export async function suspendAndSnapshot(p: Api, s: Snapshots, module: Module, n: number, fuel: number): Promise<Suspended> {
  const store = new p.Store({ fuel, outOfFuel: 'suspend' });
  const inst = new p.Instance(module, {}, { store });
  const pending = inst.callAsync('run', n);
  // Once the call starts it runs synchronously until its fuel is gone: when the fuel has moved, it is suspended.
  for (let turns = 0; store.fuel === fuel; turns++) {
    if (turns === MAX_TURNS) {
      pending.catch(() => undefined);
      throw new Error(`callAsync had not started after ${MAX_TURNS} promise turns (fuel still ${fuel})`);
    }
    await Promise.resolve();
  }
  return { store, pending, snapshot: s.snapshot(store) };
}
