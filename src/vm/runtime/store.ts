// The public unit of runtime state (as wasmtime's `Store`): everything a running instance touches — value
// and frame stacks, globals, the function registry (runtime/machine.ts) — belongs to one Store, and the
// store is held only by the instances in it (and by the user). Drop them all and it is garbage.
//
// Which store an instance joins (`docs/ARCHITECTURE.md`, "Stores"):
//   - `new Instance(module, imports, { store })`: that store;
//   - otherwise the store of its first import that lives in one (an exported wasm function, a global
//     defined by wasm), so modules linked through imports share a store and call each other directly;
//   - otherwise a fresh store (JS-API style: an unlinked instance is its own store and dies with it).
// A function of another store stays callable (through tables, funcrefs or imports): the call crosses JS,
// like a host call. Globals of another store are read and written through the GlobalInst (cold).
import { Machine } from './machine.js';

export interface StoreOptions {
  /** Reserved for the fuel and limits work of issue 13 (documented in docs/ARCHITECTURE.md). */
  readonly name?: string;
}

export class Store extends Machine {
  constructor(_options: StoreOptions = {}) {
    super();
  }
}
