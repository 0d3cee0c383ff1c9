// The machine state of one store: the value stack, the frame stack, the globals and the function registry.
// Every wasm function belongs to exactly one store (the `Store` of its instance, `runtime/store.ts`), and a
// run of the interpreter only ever touches the state of the store it runs in. Instances in one store call
// each other directly (no JS round trip); a call to a function of another store goes through JS
// (`exec/host.ts` callForeign), like a host call. Nothing here is process-wide: a dropped store (and with
// it every instance, memory and table only it references) is garbage-collected.
//
// STATE LAYOUT
//   Value stack  one ArrayBuffer viewed as Int32Array (I32), Float32Array (F32), Float64Array (F64).
//                A value slot is 8 bytes = 2 int32 units. i32: low unit; i64: lo, hi units; f32: bits in the
//                low unit (F32 view); f64: the slot through F64 (index = unit >> 1); v128: two slots (4 units,
//                little-endian lanes). Frame layout from the frame base fp (in int32 units, always even):
//                  [params][declared locals][operand stack (max height known at translation)]
//                Every operand is addressed as fp + offset, offsets baked into the code by the translator.
//                A call's arguments are the top of the caller's operand stack, so the callee's frame base
//                is simply where its arguments are (no copy); results come back at the callee's fp + 0.
//   References   a JS array `refs` parallel to I32 (same unit index); only ref-typed slots use it.
//   Frames       Int32Array, 3 units per frame: return pc, caller fp, caller FuncInst id.
//   Globals      `globals` Int32Array, 4 units per global (v128 needs 4) + `globalRefs` for references.
//   Functions    `funcs`: the store's FuncInsts, indexed by FuncInst.id (baked into CALL and REF_FUNC);
//                a function of another store imported here gets a local id too (`idOf`), never a frame.
// Growing the value stack or globals reallocates, so the interpreter reloads its views after any call that
// may have grown them (host calls, translation).
import { STACK_EXHAUSTED, Trap } from '../errors.js';
import { growInt32 } from '../../decoder/opcodes.js';
import type { FuncInst } from './func.js';
import type { InstanceState } from './instance-state.js';
import type { Suspension } from '../exec/suspend.js';
import type { DebugState } from '../exec/debug.js';
import type { JitEntry, JsRuntime } from '../jstier/runtime.js';
import type { JsCompiler } from '../jstier/compiler.js';

/** Hard ceiling of the value stack (int32 units): 64 M units = 256 MB. */
const MAX_STACK_UNITS = 64 * 1024 * 1024;
/** Initial value stack (int32 units): small, because every instantiation may get its own store. */
const INITIAL_STACK_UNITS = 2048;
/** After a run leaves the store idle, a value stack larger than this is given back. */
const RETAINED_STACK_UNITS = 256 * 1024;

/** The crossings a call hook sees (as wasmtime's CallHook): JS → wasm and back, wasm → host and back. A
 *  suspended async call returns from wasm when it suspends and calls wasm again when it resumes. */
export type CallHookKind = 'calling-wasm' | 'returning-from-wasm' | 'calling-host' | 'returning-from-host';

/** Caps an embedder puts on one store; exceeding one is a RangeError at instantiation, or a failed grow
 *  (memory.grow / table.grow return -1), or Trap('call stack exhausted'). */
export interface StoreLimits {
  /** Bytes any one memory of the store's instances may have (initial size and growth). */
  readonly memoryBytes?: number;
  /** Elements any one table of the store's instances may have. */
  readonly tableElements?: number;
  /** Instances the store may hold. */
  readonly instances?: number;
  /** Nested wasm calls (default 10,000; an instance's own maxCallDepth option wins). */
  readonly callDepth?: number;
}

export class Machine {
  /** @internal */
  buffer = new ArrayBuffer(INITIAL_STACK_UNITS * 4);
  /** @internal */
  I32 = new Int32Array(this.buffer);
  /** @internal */
  F32 = new Float32Array(this.buffer);
  /** @internal */
  F64 = new Float64Array(this.buffer);
  /**
   * Int32Array views of the value stack starting at a frame base, by frame base (`frameView`): the
   * interpreter reads a frame's operands as `L[k]` instead of `I[fp + k]` (one interpreted addition
   * less per operand without a JIT). A frame base recurs (same call depth, same caller), so a view is
   * made once per base and buffer; a new buffer starts an empty cache.
   */
  /** @internal */
  frameViews: (Int32Array | undefined)[] = [];
  /** @internal */
  refs: unknown[] = new Array(INITIAL_STACK_UNITS).fill(null);
  /** First free unit of the value stack for a new entry from JS (above every active frame). */
  /** @internal */
  sp = 0;

  /** @internal */
  frames = new Int32Array(3 * 64);
  /** Number of frames on the frame stack (kept current by the interpreter at calls and returns). */
  /** @internal */
  depth = 0;
  /** The function executing at the innermost frame (for trap backtraces). */
  /** @internal */
  curFn: FuncInst | null = null;
  /** pc of the instruction that trapped (set on the trap path only, see exec/interpreter.ts). */
  /** @internal */
  pc = 0;
  /** Where the exception in flight was thrown (or entered wasm from a host call): function, frame base,
   *  pc of the throwing instruction (-1: not inside that frame, e.g. a host tail call). */
  /** @internal */
  excFn: FuncInst | null = null;
  /** @internal */
  excFp = 0;
  /** @internal */
  excPc = -1;
  /** A host (or other store's) call the loop left itself for, made by execute(): the callee, where its
   *  arguments are, the caller's frame base and the pc after the call (-1: a tail call). The caller's
   *  function, depth and call pc are curFn, depth and pc. See exec/interpreter.ts, execute. */
  /** @internal */
  hostCallee: FuncInst | null = null;
  /** The host function the loop is calling inline right now (not yet known to re-enter), else null. */
  /** @internal */
  inlineHost: FuncInst | null = null;
  /** @internal */
  hostArgFp = 0;
  /** @internal */
  hostFp = 0;
  /** @internal */
  hostNext = 0;

  /** @internal */
  globals = new Int32Array(16);
  /** @internal */
  globalRefs: unknown[] = [];
  /** @internal */
  globalCount = 0;

  /** @internal */
  readonly funcs: FuncInst[] = [];

  // ---- fuel and interruption (exec/fuel.ts; only code translated for an `instrumented` store checks them)
  /** Code of this store is translated with FUEL instructions (Store option `fuel` or `interruptible`). */
  /** @internal */
  instrumented = false;
  /** Fuel the FUEL instructions may consume before calling the slow check (part of the remaining fuel). */
  /** @internal */
  budget = 0;
  /** The rest of the remaining fuel (Infinity when fuel is not metered, only interruption). */
  /** @internal */
  reserve = 0;
  /** interrupt() was called: the next check traps with 'interrupted'. */
  /** @internal */
  interruptRequested = false;
  /** Date.now() after which the next check traps with 'interrupted'; 0: none. */
  /** @internal */
  deadline = 0;
  /** What running out of fuel does under callAsync: trap, or suspend until fuel is added. */
  /** @internal */
  outOfFuel: 'trap' | 'suspend' = 'trap';
  /** Resolves the Promise a fuel suspension waits for (set while one waits). */
  /** @internal */
  fuelAdded: (() => void) | null = null;

  /** Embedder callback on every crossing between JS and wasm (Store option `callHook`); null: none. */
  /** @internal */
  callHook: ((kind: CallHookKind) => void) | null = null;

  /** Resource limits of the store (Store option `limits`; like wasmtime's ResourceLimiter). */
  /** @internal */
  limits: StoreLimits = {};

  /** A debug store (Store option `debug`): its code is translated for breakpoints (exec/debug.ts); null
   *  in every other store, whose code and loop are exactly as without a debugger. */
  /** @internal */
  debug: DebugState | null = null;

  // ---- async calls (exec/suspend.ts)
  /** Nested executions running in this store right now (a host call back into wasm adds one). */
  /** @internal */
  nest = 0;
  /** The nesting level at which a host Promise may suspend the call (callAsync's execution); -1: none. */
  /** @internal */
  asyncLevel = -1;
  /** Tail of the queue of async calls in this store (they run one at a time). */
  /** @internal */
  asyncTail: Promise<unknown> = Promise.resolve();
  /** The async calls suspended right now (what a snapshot captures besides the state). */
  /** @internal */
  readonly suspended: Suspension[] = [];
  /** The instances in this store, in instantiation order (snapshots identify functions by them). */
  /** @internal */
  readonly instances: InstanceState[] = [];

  // ---- the JS tier (jstier/runtime.ts); all off for a store with tier 'interpreter' or `debug`
  /** What new wasm functions of this store get as `jit` (the call counter of the JS tier's run time), or
   *  null: interpreted only (the tier is off, or the store has no run time yet: store.ts, adoptJsRuntime). */
  /** @internal */
  jsHook: JitEntry | null = null;
  /** The helpers of this store's compiled code (the run time's `rt`, made for this core), or null. */
  /** @internal */
  jsRt: JsRuntime | null = null;
  /** Calls before a function is compiled; 0: the tier is off (tier 'interpreter', `debug`, or fuel or
   *  interruption without a code generator). */
  /** @internal */
  jsHot = 0;
  /** Iterations of a loop of an interpreted call before the JS tier runs the rest of the call from its
   *  header (exec/cold.ts OSR); 0: loops are not counted (their code has no OSR instruction). */
  /** @internal */
  jsLoops = 0;
  /** The code generator for functions without ahead-of-time code (StoreOptions.compiler), or null where
   *  none was given or `new Function` does not work: then only ahead-of-time code runs compiled. */
  /** @internal */
  jsCompiler: JsCompiler | null = null;
  /** > 0: compiled code declines to run (tier forced to the interpreter, or deep recursion bailed out). */
  /** @internal */
  jsBlock = 0;
  /** The last RangeError that came out of a call made by compiled code (a host's, not a memory access). */
  /** @internal */
  hostError: unknown = null;
  /** Compiled frames nested on the JS stack right now (bounded: see jstier/runtime.ts JS_NEST_BUDGET). */
  /** @internal */
  jsNest = 0;
  /** The running chain of compiled calls (set by jstier/runtime.ts enter): its base on the value stack
   *  (where its calls into the interpreter put their arguments, and several results are returned), and its
   *  depth limit (a compiled function at frame depth d has the budget jsLim - d + 1: it traps or goes
   *  interpreted at 0). */
  /** @internal */
  jsFp = 0;
  /** @internal */
  jsLim = 0;

  /** Local ids of functions homed in other stores (imported, or referenced by ref.func). */
  private foreign: Map<FuncInst, number> | null = null;

  /** @internal */
  register(f: FuncInst): FuncInst {
    f.id = this.funcs.length;
    f.home = this;
    this.funcs.push(f);
    return f;
  }

  /** The id under which code of this store names f (its own id, or a local id for another store's f). */
  /** @internal */
  idOf(f: FuncInst): number {
    if (f.home === this) return f.id;
    if (this.foreign === null) this.foreign = new Map();
    let id = this.foreign.get(f);
    if (id === undefined) {
      id = this.funcs.length;
      this.funcs.push(f);
      this.foreign.set(f, id);
    }
    return id;
  }

  /** Allocates a global cell; returns its address (unit index into `globals`). */
  /** @internal */
  allocGlobal(): number {
    const addr = this.globalCount * 4;
    this.globalCount++;
    this.globals = growInt32(this.globals, addr + 4);
    this.globalRefs[addr] = null;
    return addr;
  }

  /** Makes the value stack at least `units` long (int32 units), or traps when that exceeds the ceiling. */
  /** @internal */
  growStack(units: number): void {
    if (units <= this.I32.length) return;
    if (units > MAX_STACK_UNITS) throw new Trap(STACK_EXHAUSTED);
    let bytes = this.buffer.byteLength * 2;
    while (bytes < units * 4) bytes *= 2;
    this.resizeStack(bytes, this.I32.length);
  }

  /** Called when the outermost run of this store has ended: gives back a value stack a deep recursion grew. */
  /** @internal */
  trimStack(): void {
    if (this.sp === 0 && this.depth === 0 && this.I32.length > RETAINED_STACK_UNITS) {
      this.resizeStack(INITIAL_STACK_UNITS * 4, INITIAL_STACK_UNITS);
      if (this.frames.length > 3 * 1024) this.frames = new Int32Array(3 * 64);
    }
  }

  private resizeStack(bytes: number, keepUnits: number): void {
    const next = new ArrayBuffer(bytes);
    const I = new Int32Array(next);
    I.set(keepUnits >= this.I32.length ? this.I32 : this.I32.subarray(0, keepUnits));
    this.buffer = next;
    this.I32 = I;
    this.F32 = new Float32Array(next);
    this.F64 = new Float64Array(next);
    this.frameViews = [];
    const refs = this.refs;
    if (refs.length > I.length) refs.length = I.length;
    else for (let i = refs.length; i < I.length; i++) refs.push(null);
  }

  /** The value stack viewed from unit `fp` on (cached in frameViews). */
  /** @internal */
  frameView(fp: number): Int32Array {
    return (this.frameViews[fp] = new Int32Array(this.buffer, fp * 4));
  }

  /** Makes room for frame number `depth` (0-based). */
  /** @internal */
  growFrames(depth: number): void {
    this.frames = growInt32(this.frames, (depth + 1) * 3);
  }
}
