// Function plans: for each component function type, built once and cached per type object, the
// specialized routines that move its parameters and result across the boundary.
//
//   ExportPlan (canon lift, host → guest export): lowerParams, liftResult
//   ImportPlan (canon lower, guest → host import): liftParams, lowerResult
//
// Each routine is a composition of per-type closures with positions, offsets and coercions resolved at
// plan time (flat-codec.ts, memory-codec.ts); nothing inspects the type during a call. Signatures
// follow flatten_functype: more than MAX_FLAT_PARAMS flat params travel through memory as a tuple, more
// than MAX_FLAT_RESULTS flat results through a return pointer (lift) or an out-pointer param (lower).
// Plans exist per pointer size: with a 64-bit memory option (`ptr64`) strings and lists flatten to i64s,
// and the parameter-spill, return and out pointers are i64 (bigint) core values.
import { tuple, type FuncType, type ValueType } from '../component/value-types.js';
import { AbiContext } from './context.js';
import { atSlots, compileFlatLift, compileFlatLower } from './flat-codec.js';
import type { CoreCall, FlatValue, HandleTables } from './interfaces.js';
import { flattenTypes, layoutOf, MAX_FLAT_PARAMS, MAX_FLAT_RESULTS, perPointerSize, type FlatType } from './layout.js';
import { memoryCodec } from './memory-codec.js';
import type { AbiOptions } from './options.js';
import { ptrFromI64 } from './ptr64.js';

export interface ExportPlan {
  /** Core signature of the lifted core function. */
  readonly coreParams: readonly FlatType[];
  readonly coreResults: readonly FlatType[];
  /** Host argument values → core arguments (may realloc into guest memory). */
  lowerParams(cx: AbiContext, args: readonly unknown[]): FlatValue[];
  /** Core results → the host value of the function's result (`undefined` when it has none). */
  liftResult(cx: AbiContext, results: readonly FlatValue[]): unknown;
}

export interface ImportPlan {
  /** Core signature the guest's `canon lower`ed import has. */
  readonly coreParams: readonly FlatType[];
  readonly coreResults: readonly FlatType[];
  /** Core arguments → host argument values. */
  liftParams(cx: AbiContext, args: readonly FlatValue[]): unknown[];
  /** The host's result → core results; with an out-pointer (last core arg) stores it and returns []. */
  lowerResult(cx: AbiContext, value: unknown, args: readonly FlatValue[]): FlatValue[];
}

const zero = (t: FlatType): FlatValue => (t === 'i64' ? 0n : 0);

/**
 * Lowerer of a value list into a fresh flat vector, zero-filled first (variant padding, spec). (Its own loop
 * rather than the tuple lowerer: the caller has checked the count, and this is every call's path.)
 */
function flatValuesLowerer(ts: readonly ValueType[], flat: readonly FlatType[], p64: boolean): (cx: AbiContext, vs: readonly unknown[]) => FlatValue[] {
  const template = flat.map(zero);
  const lowers = atSlots(ts, 0, flat, p64, compileFlatLower);
  const n = lowers.length;
  return (cx, vs) => {
    const out = template.slice();
    for (let i = 0; i < n; i++) lowers[i](cx, vs[i], out);
    return out;
  };
}

function checkArgs(args: readonly unknown[], n: number): void {
  if (!Array.isArray(args) || args.length !== n) {
    throw new TypeError(`expected ${n} argument${n === 1 ? '' : 's'}, got ${Array.isArray(args) ? args.length : typeof args}`);
  }
}

/** The plan for calling a guest function exported through `canon lift` with type `ft`. */
export const exportPlan: (ft: FuncType, ptr64?: boolean) => ExportPlan = perPointerSize((ft, p64) => buildExportPlan(ft, p64));

/** The plan for a host function the guest imports through `canon lower` with type `ft`. */
export const importPlan: (ft: FuncType, ptr64?: boolean) => ImportPlan = perPointerSize((ft, p64) => buildImportPlan(ft, p64));

/** A pointer core value of the plan's pointer size, as an unsigned number. */
export function ptrArg(v: FlatValue, p64: boolean): number {
  return p64 ? ptrFromI64(v as bigint) : (v as number) >>> 0;
}

function paramTypes(ft: FuncType): ValueType[] {
  // These are the plans of the sync options, whose flattening is the same for `async` function types;
  // the `async` option's shapes are in async-plan.ts.
  return ft.params.map((p) => p.type);
}

function buildExportPlan(ft: FuncType, p64: boolean): ExportPlan {
  const ps = paramTypes(ft);
  const nParams = ps.length;
  const flatParams = flattenTypes(ps, p64);
  const rt = ft.result;
  const flatResults = rt === undefined ? [] : flattenTypes([rt], p64);
  const ptrType: FlatType = p64 ? 'i64' : 'i32';

  let coreParams: FlatType[];
  let lowerParams: ExportPlan['lowerParams'];
  if (flatParams.length > MAX_FLAT_PARAMS) {
    // Spill: realloc a tuple of all params and pass its address.
    const tt = tuple(ps);
    const { align, size } = layoutOf(tt, p64);
    const store = memoryCodec(tt, p64).store;
    coreParams = [ptrType];
    lowerParams = (cx, args) => {
      checkArgs(args, nParams);
      const ptr = cx.realloc(0, 0, align, size);
      store(cx, args, ptr);
      return [p64 ? BigInt(ptr) : ptr | 0];
    };
  } else {
    coreParams = flatParams;
    const lower = flatValuesLowerer(ps, flatParams, p64);
    lowerParams = (cx, args) => {
      checkArgs(args, nParams);
      return lower(cx, args);
    };
  }

  let coreResults: FlatType[];
  let liftResult: ExportPlan['liftResult'];
  if (rt === undefined) {
    coreResults = [];
    liftResult = () => undefined;
  } else if (flatResults.length > MAX_FLAT_RESULTS) {
    // The core function returns a pointer to the result in its memory.
    const { align, size } = layoutOf(rt, p64);
    const load = memoryCodec(rt, p64).load;
    coreResults = [ptrType];
    liftResult = (cx, results) => {
      cx.refresh();
      const ptr = ptrArg(results[0], p64);
      cx.checkRange(ptr, size, align, 'result pointer');
      return load(cx, ptr);
    };
  } else {
    coreResults = flatResults;
    const lift = compileFlatLift(rt, 0, flatResults, p64);
    liftResult = (cx, results) => {
      cx.refresh();
      return lift(cx, results);
    };
  }
  return { coreParams, coreResults, lowerParams, liftResult };
}

/** Lifts parameters that did not fit in flat values: one pointer to them stored as a tuple. */
export function spilledParamsLifter(ps: readonly ValueType[], p64: boolean): ImportPlan['liftParams'] {
  const tt = tuple(ps);
  const { align, size } = layoutOf(tt, p64);
  const load = memoryCodec(tt, p64).load;
  return (cx, args) => {
    cx.refresh();
    const ptr = ptrArg(args[0], p64);
    cx.checkRange(ptr, size, align, 'parameter pointer');
    return load(cx, ptr) as unknown[];
  };
}

function buildImportPlan(ft: FuncType, p64: boolean): ImportPlan {
  const ps = paramTypes(ft);
  const flatParams = flattenTypes(ps, p64);
  const rt = ft.result;
  const flatResults = rt === undefined ? [] : flattenTypes([rt], p64);
  const ptrType: FlatType = p64 ? 'i64' : 'i32';

  let coreParams: FlatType[];
  let liftParams: ImportPlan['liftParams'];
  if (flatParams.length > MAX_FLAT_PARAMS) {
    coreParams = [ptrType];
    liftParams = spilledParamsLifter(ps, p64);
  } else {
    coreParams = flatParams;
    const lift = compileFlatLift(tuple(ps), 0, flatParams, p64) as (cx: AbiContext, f: readonly FlatValue[]) => unknown[];
    liftParams = (cx, args) => {
      cx.refresh();
      return lift(cx, args);
    };
  }

  let coreResults: FlatType[];
  let lowerResult: ImportPlan['lowerResult'];
  if (rt === undefined) {
    coreResults = [];
    lowerResult = () => [];
  } else if (flatResults.length > MAX_FLAT_RESULTS) {
    // The caller passes an out-pointer as the last core argument; the result is stored there.
    const { align, size } = layoutOf(rt, p64);
    const store = memoryCodec(rt, p64).store;
    const outIndex = coreParams.length;
    coreParams = [...coreParams, ptrType];
    coreResults = [];
    lowerResult = (cx, value, args) => {
      cx.refresh();
      const ptr = ptrArg(args[outIndex], p64);
      cx.checkRange(ptr, size, align, 'result out-pointer');
      store(cx, value, ptr);
      return [];
    };
  } else {
    coreResults = flatResults;
    const lower = flatValuesLowerer([rt], flatResults, p64);
    const one: unknown[] = [undefined];
    lowerResult = (cx, value) => {
      one[0] = value;
      return lower(cx, one);
    };
  }
  return { coreParams, coreResults, liftParams, lowerResult };
}

/**
 * Call a guest export end to end: lower the arguments, run the core function, lift the result, then
 * post-return (the lifted value is a JS copy, so the guest may free its memory right away).
 */
export function callExport(ft: FuncType, opts: AbiOptions, handles: HandleTables | undefined, core: CoreCall, args: readonly unknown[]): unknown {
  const cx = new AbiContext(opts, handles);
  const plan = exportPlan(ft, cx.ptr64);
  const results = core(plan.lowerParams(cx, args));
  const value = plan.liftResult(cx, results);
  if (opts.postReturn !== undefined) opts.postReturn(...results);
  return value;
}

/** A core function the guest can import: lifts its arguments, calls `host`, lowers the result. */
export function hostTrampoline(
  ft: FuncType,
  opts: AbiOptions,
  handles: HandleTables | undefined,
  host: (...args: unknown[]) => unknown,
): CoreCall {
  const plan = importPlan(ft, opts.memory?.index64 === true);
  return (args) => {
    const cx = new AbiContext(opts, handles);
    const value = host(...plan.liftParams(cx, args));
    return plan.lowerResult(cx, value, args);
  };
}
