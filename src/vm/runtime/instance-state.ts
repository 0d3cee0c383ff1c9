// What the interpreter needs of an instance: its index spaces resolved to store objects.
import type { Module } from '../../decoder/module.js';
import type { ValidatedModule } from '../../validate/validated-module.js';
import type { FuncInst, HostFunction } from './func.js';
import type { GlobalInst } from './global.js';
import type { Machine } from './machine.js';
import type { MemoryInst } from './memory.js';
import type { Store } from './store.js';
import type { TableInst } from './table.js';
import type { TagInst } from './tag.js';
import type { CompiledModule } from '../jstier/runtime.js';
import type { JsCompiler } from '../jstier/compiler.js';

export interface InstanceOptions {
  /** Most nested wasm calls before `Trap('call stack exhausted')` (default 10,000). */
  maxCallDepth?: number;
  /** Most 64 KiB pages any memory of the instance may grow to (default: 65536 for a 32-bit memory, MAX_MEMORY64_BYTES for a 64-bit one). */
  maxMemoryPages?: number;
  /** The store to instantiate into (default: the store of the first import that has one, else a new one). */
  store?: Store;
  /** Functions compiled to JS ahead of time (`purewasm compile --js`) for this module; checked by hash. */
  compiled?: CompiledModule;
  /** The JS tier's code generator (`purewasm/jit`) for the store this instance creates when it joins none
   *  (no `store`, no import from one): `StoreOptions.compiler`. */
  compiler?: JsCompiler;
  /** @internal JS errors its host functions throw are not catchable by its wasm (a component's core instance:
   *  a component's host function fails as a trap, as in wasmtime; exec/host.ts intoWasm). */
  hostErrorsTrap?: boolean;
  /** @internal JSPI's rules for its function imports (purewasm/polyfill): given each imported JS function and
   *  the store, the function to call instead (an import given as `Suspending`, guarded), or null for one whose
   *  Promise is a value like any other (`FuncInst.promiseIsValue`). Without it any Promise suspends under
   *  callAsync (exec/suspend.ts). */
  jspi?: (fn: unknown, store: Machine) => HostFunction | null;
}

export const DEFAULT_MAX_CALL_DEPTH = 10_000;

export class InstanceState {
  readonly module: Module;
  readonly vm: ValidatedModule;
  readonly funcs: FuncInst[] = [];
  readonly tables: TableInst[] = [];
  readonly memories: MemoryInst[] = [];
  readonly tags: TagInst[] = [];
  /** The store the instance lives in (its functions' code addresses this store's state). */
  readonly store: Machine;
  /** Global index → address in store.globals (meaningful only for globals of this store). */
  readonly globals: number[] = [];
  /** @internal Global index → the global (a global of another store is read and written through it, cold). */
  readonly globalInsts: GlobalInst[] = [];
  /** Element segments' references; null once dropped. */
  readonly elems: (unknown[] | null)[] = [];
  /** Data segments' bytes; null once dropped. */
  readonly datas: (Uint8Array | null)[] = [];
  readonly maxCallDepth: number;
  readonly maxMemoryPages: number | undefined;
  /** Ahead-of-time compiled functions of this module (InstanceOptions.compiled), or null. */
  aot: CompiledModule | null = null;
  /** InstanceOptions.hostErrorsTrap. */
  readonly hostErrorsTrap: boolean;

  constructor(vm: ValidatedModule, store: Machine, options: InstanceOptions = {}) {
    this.vm = vm;
    this.store = store;
    this.module = vm.module;
    this.hostErrorsTrap = options.hostErrorsTrap === true;
    const limits = store.limits;
    this.maxCallDepth = options.maxCallDepth ?? limits.callDepth ?? DEFAULT_MAX_CALL_DEPTH;
    const storePages = limits.memoryBytes === undefined ? undefined : Math.floor(limits.memoryBytes / 65536);
    this.maxMemoryPages = storePages === undefined ? options.maxMemoryPages
      : Math.min(storePages, options.maxMemoryPages ?? storePages);
  }
}
