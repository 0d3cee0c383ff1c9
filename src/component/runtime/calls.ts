// `canon lift` and `canon lower` at run time (CanonicalABI.md canon_lift / canon_lower, synchronous).
// Component functions travel between instances as RFuncs over JS values: a lowered import lifts the
// caller's core arguments into JS values (in the caller's string encoding and handle table) and the
// callee's lift lowers them again in its own, so transcoding between encodings and handle transfer
// between tables fall out of the two halves.
import { AbiContext, exportPlan, importPlan, type AbiMemory, type AbiOptions, type FlatValue, type StringEncoding } from '../../abi/index.js';
import type { FuncType } from '../value-types.js';
import { Memory } from '../../vm/api.js';
import { CallScope, trap } from './resources.js';
import type { InstanceState, RFunc } from './state.js';

type CoreFn = (...args: unknown[]) => unknown;

/** A guest memory for the ABI; the byte view is rebuilt only when the buffer changes (memory.grow). */
export function abiMemory(m: unknown): AbiMemory {
  if (!(m instanceof Memory)) throw new TypeError('canonical option memory is not a memory');
  let buf: ArrayBuffer | undefined;
  let view = new Uint8Array(0);
  return {
    bytes() {
      const b = m.buffer;
      if (b !== buf) {
        buf = b;
        view = new Uint8Array(b);
      }
      return view;
    },
  };
}

export interface CanonOpts {
  readonly memory: unknown;
  readonly realloc: unknown;
  readonly postReturn: unknown;
  readonly encoding: StringEncoding | undefined;
}

function toAbiOptions(st: InstanceState, o: CanonOpts): AbiOptions {
  const realloc = o.realloc as CoreFn | undefined;
  const flags = st.flags;
  return {
    memory: o.memory === undefined ? undefined : abiMemory(o.memory),
    // realloc runs with may_leave cleared: it may not call imports (spec).
    realloc: realloc === undefined ? undefined : (a, b, c, d) => {
      const prev = flags.mayLeave;
      flags.mayLeave = false;
      try {
        return realloc(a, b, c, d) as number;
      } finally {
        flags.mayLeave = prev;
      }
    },
    postReturn: o.postReturn as ((...r: unknown[]) => void) | undefined,
    stringEncoding: o.encoding,
  };
}

/** `canon lift`: a guest core function exported as a component function of type `ft`. */
export function liftFunc(st: InstanceState, ft: FuncType, core: CoreFn, o: CanonOpts): RFunc {
  const plan = exportPlan(ft);
  const opts = toAbiOptions(st, o);
  const post = opts.postReturn;
  const flags = st.flags;
  return {
    type: ft,
    call(args) {
      if (!flags.mayEnter) trap('cannot enter component instance');
      const scope = new CallScope(st.table, flags, st.resolve);
      const cx = new AbiContext(opts, scope);
      flags.mayEnter = false;
      let entered = false;
      try {
        flags.mayLeave = false;
        const flat = plan.lowerParams(cx, args);
        flags.mayLeave = true;
        entered = true;
        const r = core(...flat);
        const results: FlatValue[] = r === undefined ? [] : [r as FlatValue];
        flags.mayLeave = false;
        const value = plan.liftResult(cx, results);
        if (post !== undefined) post(...results);
        flags.mayLeave = true;
        scope.checkBorrowsDropped();
        flags.mayEnter = true;
        return value;
      } finally {
        // Bad host arguments leave the instance usable; a failure inside the guest poisons it, as a trap
        // leaves its state unknown (wasmtime: "cannot enter component instance" afterwards).
        if (!entered) {
          flags.mayEnter = true;
          flags.mayLeave = true;
        }
      }
    },
  };
}

/** `canon lower`: a component function `callee` imported as a core function by instance `st`. */
export function lowerFunc(st: InstanceState, ft: FuncType, callee: RFunc, o: CanonOpts): CoreFn {
  const plan = importPlan(ft);
  const opts = toAbiOptions(st, o);
  const flags = st.flags;
  const one = plan.coreResults.length === 1;
  return (...flat: unknown[]) => {
    if (!flags.mayLeave) trap(`cannot leave component instance${callee.name === undefined ? '' : ` (calling \`${callee.name}\`)`}`);
    const scope = new CallScope(st.table, flags, st.resolve);
    const cx = new AbiContext(opts, scope);
    let args: unknown[];
    try {
      args = plan.liftParams(cx, flat as FlatValue[]);
    } catch (e) {
      // A value the host cannot hold (a string beyond the engine's maximum length) ends the call as a trap.
      if (e instanceof RangeError) trap(`value too large to pass through the host: ${e.message}`);
      throw e;
    }
    let value: unknown;
    try {
      value = callee.call(args);
    } catch (e) {
      scope.releaseLends();
      throw e;
    }
    flags.mayLeave = false;
    let r: FlatValue[];
    try {
      r = plan.lowerResult(cx, value, flat as FlatValue[]);
    } finally {
      flags.mayLeave = true;
      scope.releaseLends();
    }
    return one ? r[0] : undefined;
  };
}

/** A host function as a component function: the callback receives and returns JS values. */
export function hostFunc(ft: FuncType, fn: (...args: unknown[]) => unknown, name?: string): RFunc {
  return { type: ft, name, call: (args) => fn(...args) };
}
