// Plans for the async parts of the canonical ABI (CanonicalABI.md flatten_functype, `canon lower` with the
// `async` option, `canon task.return`):
//
//   AsyncLowerPlan: an `async` lowered import takes at most MAX_FLAT_ASYNC_PARAMS flat params (more travel
//   through memory as a tuple at a pointer), then a return pointer when the function has a result; the
//   result is always stored there (max_flat_results = 0) and the core function returns a status.
//   TaskReturnPlan: `task.return` receives the result as flat params, spilled past MAX_FLAT_PARAMS.
// Both exist per pointer size (`ptr64`: a 64-bit memory option, i64 pointers; see plan.ts).
// Part of the component-model async pack (`purewasm/async`, src/async/index.ts): nothing in the core imports it.
import type { FuncType, ValueType } from '../component/value-types.js';
import type { AbiContext } from './context.js';
import type { FlatValue } from './interfaces.js';
// (The ABI's entry and the two files below are what purewasm/async, built apart, takes from purewasm's
// internals: src/internals.ts lists the names.)
import { flattenTypes, importPlan, layoutOf, memoryCodec, type FlatType } from './index.js';
import { perPointerSize } from './layout.js';
import { ptrArg, spilledParamsLifter } from './plan.js';

export const MAX_FLAT_ASYNC_PARAMS = 4;

export interface AsyncLowerPlan {
  readonly coreParams: readonly FlatType[];
  /** Core arguments → argument values. */
  liftParams(cx: AbiContext, args: readonly FlatValue[]): unknown[];
  /** Store the result at the return pointer (the last core argument); nothing when there is no result. */
  storeResult(cx: AbiContext, value: unknown, args: readonly FlatValue[]): void;
}

export interface TaskReturnPlan {
  readonly coreParams: readonly FlatType[];
  /** `task.return`'s core arguments → the result value (undefined for a function without result). */
  liftResult(cx: AbiContext, args: readonly FlatValue[]): unknown;
}

/** The same function type without `async`: the flattening of sync options does not depend on it. */
function syncShape(ps: readonly ValueType[], rt: ValueType | undefined): FuncType {
  return { kind: 'func', params: ps.map((type, i) => ({ name: `p${i}`, type })), result: rt, async: false };
}

const NO_RESULT = {};

export const asyncLowerPlan: (ft: FuncType, ptr64?: boolean) => AsyncLowerPlan = perPointerSize((ft: FuncType, p64) => buildAsyncLowerPlan(ft, p64));

const returnPlans = perPointerSize((key: object, p64) => buildTaskReturnPlan(key === NO_RESULT ? undefined : (key as ValueType), p64));
export function taskReturnPlan(rt: ValueType | undefined, ptr64 = false): TaskReturnPlan {
  return returnPlans(rt ?? NO_RESULT, ptr64);
}

function buildAsyncLowerPlan(ft: FuncType, p64: boolean): AsyncLowerPlan {
  const ps = ft.params.map((p) => p.type);
  const flat = flattenTypes(ps, p64);
  const ptrType: FlatType = p64 ? 'i64' : 'i32';
  let coreParams: FlatType[];
  let liftParams: AsyncLowerPlan['liftParams'];
  if (flat.length > MAX_FLAT_ASYNC_PARAMS) {
    coreParams = [ptrType];
    liftParams = spilledParamsLifter(ps, p64);
  } else {
    // At most MAX_FLAT_ASYNC_PARAMS flat values: the sync plan keeps them flat as well.
    const sync = importPlan(syncShape(ps, undefined), p64);
    coreParams = [...sync.coreParams];
    liftParams = sync.liftParams;
  }
  const rt = ft.result;
  let storeResult: AsyncLowerPlan['storeResult'] = () => undefined;
  if (rt !== undefined) {
    const { align, size } = layoutOf(rt, p64);
    const store = memoryCodec(rt, p64).store;
    const outIndex = coreParams.length;
    coreParams = [...coreParams, ptrType];
    storeResult = (cx, value, args) => {
      cx.refresh();
      const ptr = ptrArg(args[outIndex], p64);
      cx.checkRange(ptr, size, align, 'result out-pointer');
      store(cx, value, ptr);
    };
  }
  return { coreParams, liftParams, storeResult };
}

function buildTaskReturnPlan(rt: ValueType | undefined, p64: boolean): TaskReturnPlan {
  if (rt === undefined) return { coreParams: [], liftResult: () => undefined };
  // task.return's params are the result lifted as parameters: flat up to MAX_FLAT_PARAMS, else a pointer
  // to it (a one-element tuple has the element's layout, so the sync import plan's spill applies).
  const sync = importPlan(syncShape([rt], undefined), p64);
  return { coreParams: sync.coreParams, liftResult: (cx, args) => sync.liftParams(cx, args)[0] };
}
