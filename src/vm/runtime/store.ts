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
//
// Fuel and interruption (cost model in exec/fuel.ts) are chosen when the store is created, because they
// change the code translated for its functions: a store without them runs exactly the uninstrumented code.
import { forceCheck, fuelLeft, setFuel } from '../exec/fuel.js';
import { Machine } from './machine.js';
import type { DebugPack } from '../exec/debug.js';
import type { JsCompiler } from '../jstier/compiler.js';
import type { JsRuntimePack } from '../jstier/runtime.js';
import { JS_CORE } from '../jstier/js-core.js';
import { checkJsRuntime } from '../jstier/aot-format.js';
import type { CallHookKind, StoreLimits } from './machine.js';
export type { CallHookKind, StoreLimits } from './machine.js';

export interface StoreOptions {
  /** Meter fuel, starting with this much: 1 per executed wasm instruction (structural ones free); running
   *  out traps with 'all fuel consumed'. */
  readonly fuel?: number;
  /** Running out of fuel in a call made with callAsync: 'trap' (default) or 'suspend' — the call waits
   *  until fuel is added (addFuel / fuel = n), then continues exactly where it stopped. */
  readonly outOfFuel?: 'trap' | 'suspend';
  /** Called on every crossing between JS and wasm in this store (entering/leaving wasm, calling/returning
   *  from host functions); an exception it throws propagates like a host function's. Free when absent. */
  readonly callHook?: (kind: CallHookKind) => void;
  /** Resource limits (memory bytes, table elements, instances, call depth): see StoreLimits. */
  readonly limits?: StoreLimits;
  /** Allow interrupt() and deadlines (checked at function entries and branch targets) without metering. */
  readonly interruptible?: boolean;
  /** The debug-store support (`import { debug } from 'purewasm/debug'`): translate this store's code so a
   *  debugger can pause it at any instruction (src/debug attaches to it; exec/debug.ts): no fusion across stop
   *  barriers, room for breakpoints. Without it nothing changes. A debug store always interprets
   *  (breakpoints are patched into the interpreter's code). */
  readonly debug?: DebugPack;
  /** Which tier runs wasm functions (docs/ARCHITECTURE.md, "JS tier"): 'auto' (default) runs a function
   *  compiled to JS once it is hot — code made ahead of time (InstanceOptions.compiled), or code `compiler`
   *  generates where `new Function` works; 'js' does so from a function's first call; 'interpreter' never
   *  runs compiled code. A store with `fuel` or `interruptible` compiles with fuel checks (only with
   *  `compiler`: ahead-of-time code has none); a `debug` store always interprets. */
  readonly tier?: StoreTier;
  /** The JS tier's code generator (`import { jit } from 'purewasm/jit'`), opt-in: without it only code
   *  compiled ahead of time runs as JS and everything else is interpreted. */
  readonly compiler?: JsCompiler;
}

export type StoreTier = 'auto' | 'js' | 'interpreter';

/** Calls before a function is compiled in tier 'auto' (functions that run once stay interpreted). */
const HOT_CALLS = 3;
/** Iterations of a loop in an interpreted call before the rest of the call runs compiled in tier 'auto' (a
 *  function called once with a long loop: a program's main). */
const HOT_LOOP = 1000;

/** Gives store m the JS tier's run time (`purewasm/js-runtime`), which `from` (the code generator, or
 *  ahead-of-time output) carries, unless the tier is off in m or m has one already. */
export function adoptJsRuntime(m: Machine, runtime: JsRuntimePack | null | undefined, from: string): void {
  checkJsRuntime(runtime, from);
  if (m.jsHot === 0 || m.jsHook !== null) return;
  m.jsRt = runtime!.helpers(JS_CORE);
  m.jsHook = runtime!.warm;
}

export class Store extends Machine {
  /** @internal The component instances in this store, in instantiation order (their layer's records:
   *  component/runtime/store-instances.ts); `purewasm/snapshot` writes their state with the store's. */
  componentInstances: unknown[] | undefined = undefined;
  /** @internal The component runtime's event loop for this store (component-model async). */
  componentScheduler: unknown = undefined;

  constructor(options: StoreOptions = {}) {
    super();
    if (options.fuel !== undefined || options.interruptible === true) {
      this.instrumented = true;
      setFuel(this, options.fuel ?? Infinity);
    }
    if (options.outOfFuel !== undefined) this.outOfFuel = options.outOfFuel;
    if (options.limits !== undefined) this.limits = { ...options.limits };
    if (options.callHook !== undefined) this.callHook = options.callHook;
    // (false, as undefined: no debug store; anything else must be the pack — `debug: true` was the option once)
    const debug: unknown = options.debug;
    if (debug !== undefined && debug !== false) {
      if (typeof (debug as Partial<DebugPack> | null)?.state !== 'function') {
        throw new TypeError("debug must be the debug-store support: import { debug } from 'purewasm/debug', then new Store({ debug })");
      }
      this.debug = (debug as DebugPack).state();
    }
    const compiler = options.compiler as Partial<JsCompiler> | null | undefined;
    if (compiler !== undefined && (typeof compiler?.generate !== 'function' || typeof compiler.runtime !== 'object')) {
      throw new TypeError("compiler must be the JS tier's code generator: import { jit } from 'purewasm/jit'");
    }
    const tier = options.tier ?? 'auto';
    if (tier !== 'auto' && tier !== 'js' && tier !== 'interpreter') throw new TypeError(`tier must be 'auto', 'js' or 'interpreter', not ${String(tier)}`);
    // (a metered store compiles only with a generator: ahead-of-time code has no fuel checks)
    if (tier !== 'interpreter' && this.debug === null && (!this.instrumented || compiler !== undefined)) {
      this.jsHot = tier === 'js' ? 1 : HOT_CALLS;
      if (compiler !== undefined) {
        adoptJsRuntime(this, compiler.runtime, 'compiler');
        if (compiler.runtime!.canCompile()) {
          this.jsCompiler = options.compiler!;
          // (a metered store's loops keep the interpreter's fuel checks)
          if (tier === 'auto' && !this.instrumented) this.jsLoops = HOT_LOOP;
        }
      }
    }
  }

  /** Forces every call of this store into the interpreter from now on (true: a debugger, a recording,
   *  anything that must see interpreted frames only), or lets compiled code run again (false). */
  set interpretOnly(on: boolean) {
    if (on !== this.forcedInterpreter) this.jsBlock += on ? 1 : -1;
    this.forcedInterpreter = on;
  }
  get interpretOnly(): boolean {
    return this.forcedInterpreter || this.jsHot === 0;
  }
  private forcedInterpreter = false;

  /** Fuel left (Infinity when the store does not meter fuel). */
  get fuel(): number {
    return this.instrumented ? fuelLeft(this) : Infinity;
  }

  /** Sets the fuel left (the store must have been created with `fuel`). */
  set fuel(n: number) {
    this.requireInstrumented('fuel');
    if (!(n >= 0)) throw new RangeError('fuel must be a non-negative number');
    setFuel(this, n);
  }

  /** Adds fuel. */
  addFuel(n: number): void {
    this.fuel = this.fuel + n;
  }

  /** Makes wasm running in this store trap with 'interrupted' at its next check (a loop back-edge or a call);
   *  for use from a host function or (with async calls) from a timer. */
  interrupt(): void {
    this.requireInstrumented('interrupt');
    this.interruptRequested = true;
    forceCheck(this);
  }

  /** Traps with 'interrupted' once `seconds` have passed (from now); undefined clears the deadline. */
  setDeadline(seconds: number | undefined): void {
    this.requireInstrumented('deadline');
    this.deadline = seconds === undefined ? 0 : Date.now() + Math.max(0, seconds * 1000);
    forceCheck(this);
  }

  private requireInstrumented(what: string): void {
    if (!this.instrumented) throw new Error(`${what}: the store was created without { fuel } or { interruptible: true }`);
  }
}
