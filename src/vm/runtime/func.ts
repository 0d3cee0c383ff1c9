// A function instance: wasm (code translated lazily) or host (a JS function). The FuncInst object itself is
// the funcref value, so references compare by identity across instances.
import type { FuncType } from '../../decoder/module.js';
import type { ValidatedModule } from '../../validate/validated-module.js';
import type { InstanceState } from './instance-state.js';
import type { Machine } from './machine.js';
import type { JitEntry, JsBody, JsInner } from '../jstier/runtime.js';

export type HostFunction = (...args: unknown[]) => unknown;

export class FuncInst {
  /** Index in home.funcs (baked into call instructions of that store's code). */
  id = -1;
  /** The store whose registry gave this function its id. */
  home: Machine | null = null;
  /** The store a wasm function runs in; null for host functions (the interpreter calls a function directly
   *  only when this is its own store: one comparison tells apart same-store wasm, host and foreign). */
  readonly store: Machine | null;
  readonly type: FuncType;
  /** Canonical type id (validator's canonicalTypeIds), compared by call_indirect. */
  readonly typeId: number;
  /** Owning instance for wasm functions; null for host functions. */
  readonly instance: InstanceState | null;
  /** Function index in its module (for traces); a host function's: of the import that made it. */
  readonly index: number;
  readonly host: HostFunction | null;

  // --- filled by translation (wasm functions) ---
  code: Int32Array | null = null;
  /** Frame size in int32 units: locals + maximum operand stack. */
  frameSize = 0;
  /** What a call's fast path reads instead of code, frameSize, refLocals and jit (exec/interpreter.ts, CALL):
   *  frameSize once the function's first entry (enterFrame) found it translated, interpreted (`jit` null,
   *  which it stays) and needing nothing but zeroed locals and its constants; until then SLOW_ENTRY, a frame
   *  no stack has room for, so every call goes the slow way (enterFrame). */
  frameEnd = SLOW_ENTRY;
  /** [zeroFrom, zeroTo): the declared locals a call zeroes (int32 units): the span of those some path may read
   *  before writing them (translate/local-reads.ts); all of them in a debug store, whose debugger shows them. */
  zeroFrom = 0;
  zeroTo = 0;
  /** Int32 units of all locals, params first. */
  localUnits = 0;
  /** Constant pool: `pool` is copied to fp + poolBase on entry (int32 units). */
  pool: Int32Array = EMPTY;
  poolBase = 0;
  /** pool.length (a number read, where a typed array's length is a getter). */
  poolUnits = 0;
  /** Offsets (int32 units) of reference-typed declared locals, reset to null on entry. */
  refLocals: Int32Array = EMPTY;
  /** Exception handlers (try_table catch clauses, legacy try arms), innermost first, 7 units each:
   *  start pc, end pc (exclusive), kind, tag index, landing pad pc, frame offset, control level.
   *  Kinds: 0 catch, 1 catch_ref, 2 catch_all, 3 catch_all_ref (payload, then the exnref, at the offset);
   *  4 legacy catch, 5 legacy catch_all (the exception at the offset, the payload after it);
   *  6 delegate (tag field: control level of the target label; pad field: the pc the search goes on from,
   *  skipping handlers of frames nested deeper than the target). */
  handlers: Int32Array = EMPTY;

  /** (code position, module byte offset) pairs for trap backtraces, built on the first trap (translator.ts
   *  wasmOffsetOf); null until then. */
  offsets: Int32Array | null = null;

  /** A host (or other store's) function that called back into wasm of the calling store: the loop calls
   *  it through execute() from then on, so re-entrance keeps no dispatch-loop frame per level
   *  (exec/interpreter.ts, execute). */
  reenters = false;

  // --- the JS tier (jstier/runtime.ts) ---
  /** Where a call enters: null (interpret), the store's call counter, or the compiled function's entry.
   *  Once null it stays null (frameEnd relies on it). */
  jit: JitEntry | null;
  /** Calls left before the function is compiled. */
  hot: number;
  /** The compiled body (the interpreter's calling convention), or null. */
  body: JsBody | null = null;
  /** The compiled function as compiled callers call it (JS arguments and result), or null. */
  inner: JsInner | null = null;
  /** The same where its f64 params and results are halves (the bits form of f64: jstier/f64-bits.ts). */
  innerBits: JsInner | null = null;
  /** While it has no `inner`: how compiled code calls it (through the interpreter), and the compiled
   *  function calling it right now (jstier/runtime.ts, rt.slow). */
  jsSlow: JsInner | null = null;
  jsSlowBits: JsInner | null = null;
  jsCaller: FuncInst | null = null;

  /** Slot sizes (int32 units) of params and results, precomputed for host calls and entry. */
  readonly paramSizes: number;
  readonly resultSizes: number;

  /** The JS function exported for this FuncInst (created once, so identity is stable). */
  jsFunc: ((...args: unknown[]) => unknown) | undefined = undefined;
  /** The name it was first exported under, for messages about its JS arguments. */
  exportName: string | undefined = undefined;
  /** A host function's import name (`env.log`), for messages about its results. */
  importName: string | undefined = undefined;
  /** A host function whose Promise is a value like any other, never a reason to suspend (JSPI's rule for an
   *  import not given as `Suspending`: InstanceOptions.jspi). */
  promiseIsValue = false;
  /** The module whose type indices `type` counts in (concrete reference types, converted at the JS
   *  boundary: convert.ts toRef): a wasm function's own, a host function's importer's. */
  owner: ValidatedModule | null;

  constructor(type: FuncType, typeId: number, instance: InstanceState | null, index: number, host: HostFunction | null) {
    this.type = type;
    this.typeId = typeId;
    this.instance = instance;
    this.index = index;
    this.host = host;
    this.store = instance === null ? null : instance.store;
    this.owner = instance === null ? null : instance.vm;
    // (nothing to compile it with: no code generator in the store and no ahead-of-time code → interpreted,
    // without even counting calls)
    const compilable = instance !== null && (instance.store.jsCompiler !== null || instance.aot?.functions[index] !== undefined);
    this.jit = compilable ? instance.store.jsHook : null;
    this.hot = instance === null ? 0 : instance.aot?.functions[index] !== undefined ? 1 : instance.store.jsHot;
    this.paramSizes = unitsOf(type.params);
    this.resultSizes = unitsOf(type.results);
  }

  get name(): string | undefined {
    return this.instance?.module.names.functions.get(this.index);
  }
}

const EMPTY = new Int32Array(0);
/** FuncInst.frameEnd of a function whose entry takes the slow path (2^30: fp + it stays a small integer). */
export const SLOW_ENTRY = 0x40000000;

/** Size of a value of type t in int32 units: v128 takes 4, everything else 2 (one 8-byte slot). */
export function units(t: number): number {
  return t === 0x7b ? 4 : 2;
}
export function unitsOf(ts: readonly number[]): number {
  let n = 0;
  for (const t of ts) n += units(t);
  return n;
}
