// `canon lift` and `canon lower` at run time (CanonicalABI.md canon_lift / canon_lower, synchronous).
// Component functions travel between instances as RFuncs over JS values: a lowered import lifts the
// caller's core arguments into JS values (in the caller's string encoding and handle table) and the
// callee's lift lowers them again in its own, so transcoding between encodings and handle transfer
// between tables fall out of the two halves.
import { AbiContext, asyncLowerPlan, exportPlan, importPlan, type AbiMemory, type AbiOptions, type FlatValue, type LargeMemory, type StringEncoding } from '../../abi/index.js';
import type { FuncType } from '../value-types.js';
import { Memory, callAsync as vmCallAsync } from '../../vm/api.js';
import { isThenable, maySuspend } from '../../vm/exec/suspend.js';
import type { MemoryInst } from '../../vm/runtime/memory.js';
import { CallScope, enterCheck, lockDown, trap } from './resources.js';
import { explainArgsError, explainResultError } from './value-errors.js';
import type { InstanceState, RFunc } from './state.js';
import { Task, currentTask, enterAsync, switchTask, suspensionTrap, type LiftInfo } from './task.js';

type CoreFn = (...args: unknown[]) => unknown;

/** A guest memory for the ABI: the memory's current byte view (memory.grow replaces it). */
export function abiMemory(m: unknown): AbiMemory {
  if (!(m instanceof Memory)) throw new TypeError('canonical option memory is not a memory');
  if (m.inst.index64) return abiMemory64(m.inst);
  const inst = m.inst;
  return {
    bytes() {
      return inst.u8; // exactly the memory's bytes; replaced by memory.grow (Memory#buffer would trim the capacity)
    },
  };
}

const NO_BYTES = new Uint8Array(0);

/**
 * A 64-bit memory (the 64-bit canonical ABI): its flat view while it has one, else (past 4 GiB, where the
 * vm keeps it in segments) byte-range access through the MemoryInst.
 */
function abiMemory64(inst: MemoryInst): AbiMemory {
  const large: LargeMemory = {
    get byteLength() {
      return inst.byteLength;
    },
    readBytes: (ptr, dst, at, n) => inst.readBytes(ptr, dst, at, n),
    writeBytes: (ptr, src, at, n) => inst.writeBytes(ptr, src, at, n),
  };
  return {
    index64: true,
    bytes: () => (inst.segments === null ? inst.u8 : NO_BYTES),
    large: () => (inst.segments === null ? undefined : large),
  };
}

/** Whether a canonical `memory` option is a 64-bit memory (so the ABI's pointers are i64). */
export function isMemory64(m: unknown): boolean {
  return m instanceof Memory && m.inst.index64;
}

export interface CanonOpts {
  readonly memory: unknown;
  readonly realloc: unknown;
  readonly postReturn: unknown;
  readonly encoding: StringEncoding | undefined;
  /** `async` option (lift: result through `task.return`; lower: returns a subtask status). */
  readonly async: boolean;
  /** `callback` option of an async lift. */
  readonly callback: unknown;
}

function toAbiOptions(st: InstanceState, o: CanonOpts): AbiOptions {
  const realloc = o.realloc as CoreFn | undefined;
  const flags = st.flags;
  // With a 64-bit memory realloc is (i64, i64, i64, i64) -> i64; the ABI passes and takes numbers.
  const wide = isMemory64(o.memory);
  return {
    memory: o.memory === undefined ? undefined : abiMemory(o.memory),
    // realloc runs with may_leave cleared: it may not call imports (spec).
    realloc: realloc === undefined ? undefined : (a, b, c, d) => {
      const prev = flags.mayLeave;
      flags.mayLeave = false;
      try {
        if (wide) return Number(BigInt.asUintN(64, realloc(BigInt(a), BigInt(b), BigInt(c), BigInt(d)) as bigint));
        return realloc(a, b, c, d) as number;
      } catch (e) {
        // Guest code failed: the instance is locked down even when this was lowering a host's arguments.
        lockDown(flags, e);
        throw e;
      } finally {
        flags.mayLeave = prev;
      }
    },
    postReturn: o.postReturn as ((...r: unknown[]) => void) | undefined,
    stringEncoding: o.encoding,
  };
}

/** Callback codes an async-lifted core function (or its callback) returns (spec CallbackCode). */
const CALLBACK_EXIT = 0;
const CALLBACK_YIELD = 1;
const CALLBACK_WAIT = 2;

/**
 * `canon lift`: a guest core function exported as a component function of type `ft`. Each call runs as a
 * task of this instance (spec canon_lift). Sync options: the core results are the function's result,
 * then post-return runs in the same task. `async` option: the result is what the callee passes to
 * `task.return`; the callee (or its callback) must have returned it by the time it exits, since nothing
 * here can suspend it.
 */
export function liftFunc(st: InstanceState, ft: FuncType, core: CoreFn, o: CanonOpts): RFunc {
  const plan = exportPlan(ft, isMemory64(o.memory));
  const opts = toAbiOptions(st, o);
  const post = opts.postReturn;
  const flags = st.flags;
  const isAsync = o.async;
  const callback = o.callback as CoreFn | undefined;
  const info: LiftInfo = { ft, async: isAsync, memory: o.memory, encoding: o.encoding ?? 'utf8' };

  /** The core function returned `r`: lift the result, run post-return, check the borrows (sync lift). */
  const finishSync = (task: Task, r: unknown): unknown => {
    const results: FlatValue[] = r === undefined ? [] : [r as FlatValue];
    flags.mayLeave = false;
    const value = plan.liftResult(task.cx, results);
    task.resolved = true;
    if (post !== undefined) post(...results);
    flags.mayLeave = true;
    task.scope.checkBorrowsDropped();
    return value;
  };

  const runSync = (task: Task, flat: FlatValue[]): unknown => finishSync(task, core(...flat));

  const runAsync = (task: Task, flat: FlatValue[]): unknown => {
    const r = core(...flat);
    if (callback !== undefined) {
      // EXIT means the callback is never needed; anything else asks to be called back later.
      const code = (r as number) & 0xf;
      if (code === CALLBACK_YIELD) suspensionTrap('an async-lifted callee yielded');
      if (code === CALLBACK_WAIT) suspensionTrap('an async-lifted callee waits on a waitable set');
      if (code !== CALLBACK_EXIT) trap(`invalid callback code ${code}`);
    }
    // The implicit thread exits here: its task must have returned (spec Task.unregister_thread).
    if (!task.resolved) trap('async-lifted function exited without calling `task.return`');
    return task.result;
  };

  // callAsync: a sync-lifted function whose core export runs under core callAsync, so a lowered host
  // import returning a Promise suspends it. The current task is not tracked across the suspension (only
  // async-typed functions consult it, and those keep to `call`).
  const callAsync = async (args: readonly unknown[], who?: string): Promise<unknown> => {
    if (isAsync || ft.async) return this_.call(args, who);
    if (!flags.mayEnter) enterCheck(flags);
    const scope = new CallScope(st.table, flags, st.resolve);
    const cx = new AbiContext(opts, scope);
    const task = new Task(st, info, cx, scope);
    flags.mayEnter = false;
    let entered = false;
    try {
      const prev = switchTask(task);
      let flat: FlatValue[];
      try {
        flags.mayLeave = false;
        flat = plan.lowerParams(cx, args);
        flags.mayLeave = true;
      } finally {
        switchTask(prev);
      }
      entered = true;
      const value = finishSync(task, await vmCallAsync(core, ...flat));
      flags.mayEnter = true;
      return value;
    } catch (e) {
      // As in call (below): a failure once the guest runs locks the instance down; before, it is the
      // caller's value that did not fit.
      if (entered || flags.trapped !== undefined) lockDown(flags, e);
      else throw explainArgsError(e, who ?? 'component export', ft, args, st.resolve) ?? e;
      throw e;
    } finally {
      if (!entered && flags.trapped === undefined) {
        flags.mayEnter = true;
        flags.mayLeave = true;
      }
    }
  };

  const this_: RFunc = {
    type: ft,
    callAsync,
    call(args, who) {
      if (!flags.mayEnter) enterCheck(flags);
      if (ft.async) enterAsync(st);
      const scope = new CallScope(st.table, flags, st.resolve);
      const cx = new AbiContext(opts, scope);
      const task = new Task(st, info, cx, scope);
      flags.mayEnter = false;
      let entered = false;
      // Everything from lowering the arguments (realloc) to post-return runs in the task's thread.
      const prev = switchTask(task);
      try {
        flags.mayLeave = false;
        const flat = plan.lowerParams(cx, args);
        flags.mayLeave = true;
        entered = true;
        const value = isAsync ? runAsync(task, flat) : runSync(task, flat);
        flags.mayEnter = true;
        return value;
      } catch (e) {
        // A failure once the guest runs locks the instance down (below). Before that, it is the caller's
        // value that did not fit: say which function, argument and part of it (built on failure only).
        if (entered || flags.trapped !== undefined) lockDown(flags, e);
        else {
          const explained = explainArgsError(e, who ?? 'component export', ft, args, st.resolve);
          if (explained !== undefined) throw explained;
        }
        throw e;
      } finally {
        switchTask(prev);
        // Bad host arguments leave the instance usable: nothing of it ran (unless realloc trapped).
        // A failure inside the guest locks it down for good, and that includes an exception a host
        // function threw through its frames. Decision, from the component model: a component function
        // "may only return a value or trap" (Explainer.md, canon definitions), so for the guest a host
        // exception is a trap at the boundary, like an uncaught core exception (CanonicalABI.md
        // call_and_trap_on_throw); and "each component instance is given a mutable 'lockdown' state that
        // is set upon trap" so that "after a trap, it's no longer possible to observe the internal state
        // of a component instance" (Explainer.md, Component Invariants #1). The guest's frames were
        // unwound mid-call (its shadow stack, locks, allocator state are unknown), so letting it run again
        // would be unsound. The exception itself still reaches the JS caller unchanged; the next entry
        // traps with the first cause (enterCheck). wasmtime also refuses entry after a trap.
        if (!entered && flags.trapped === undefined) {
          flags.mayEnter = true;
          flags.mayLeave = true;
        }
      }
    },
  };
  return this_;
}

function leaveCheck(st: InstanceState, callee: RFunc): void {
  if (!st.flags.mayLeave) trap(`cannot leave component instance${callee.name === undefined ? '' : ` (calling \`${callee.name}\`)`}`);
}

/** Lift the caller's core arguments; a value the host cannot hold ends the call as a trap. */
function liftArgs(lift: () => unknown[]): unknown[] {
  try {
    return lift();
  } catch (e) {
    // E.g. a string beyond the engine's maximum length.
    if (e instanceof RangeError) trap(`value too large to pass through the host: ${e.message}`);
    throw e;
  }
}

/**
 * Call `callee`, releasing the caller's lends if it fails; a host promise would need a suspension. An
 * exception from a host function unwinds the calling guest: it locks the caller's instance down, and the
 * host function's name is kept for the message of the next entry.
 */
function callCallee(st: InstanceState, callee: RFunc, args: unknown[], scope: CallScope): unknown {
  let value: unknown;
  try {
    value = callee.call(args);
  } catch (e) {
    scope.releaseLends();
    if (callee.name !== undefined) lockDown(st.flags, e, callee.name);
    throw e;
  }
  if (callee.type.async && typeof (value as { then?: unknown } | null)?.then === 'function') {
    scope.releaseLends();
    suspensionTrap('an async host function returned a promise');
  }
  return value;
}

/** `canon lower`: a component function `callee` imported as a core function by instance `st`. */
export function lowerFunc(st: InstanceState, ft: FuncType, callee: RFunc, o: CanonOpts): CoreFn {
  if (o.async) return lowerAsyncFunc(st, ft, callee, o);
  const plan = importPlan(ft, isMemory64(o.memory));
  const opts = toAbiOptions(st, o);
  const flags = st.flags;
  const one = plan.coreResults.length === 1;
  return (...flat: unknown[]) => {
    leaveCheck(st, callee);
    // A sync call of an async function may block: only tasks that may block can make it (spec canon_lower).
    if (ft.async) {
      const t = currentTask();
      if (t === undefined || t.host !== st || !t.mayBlock()) trap('cannot block a synchronous task before returning');
    }
    const scope = new CallScope(st.table, flags, st.resolve);
    const cx = new AbiContext(opts, scope);
    const args = liftArgs(() => plan.liftParams(cx, flat as FlatValue[]));
    const value = callCallee(st, callee, args, scope);
    const lower = (v: unknown): FlatValue | undefined => {
      flags.mayLeave = false;
      let r: FlatValue[];
      try {
        r = plan.lowerResult(cx, v, flat as FlatValue[]);
      } catch (e) {
        throw explainResultError(e, hostWho(callee), ft, v, st.resolve) ?? e;
      } finally {
        flags.mayLeave = true;
        scope.releaseLends();
      }
      return one ? r[0] : undefined;
    };
    // A host function returning a Promise: the core caller suspends if it runs under callAsync (the VM
    // checks that), and the result is lowered when the Promise settles, before the guest resumes. A
    // rejection is the host function throwing: it unwinds the guest and locks its instance down.
    if (isThenable(value)) {
      if (!maySuspend(st.store)) {
        scope.releaseLends();
        trap(`${hostWho(callee)} returned a Promise: call the export with callAsync so the guest can wait for it`);
      }
      return Promise.resolve(value).then(lower, (e: unknown) => {
        scope.releaseLends();
        if (callee.name !== undefined) lockDown(st.flags, e, callee.name);
        throw e;
      });
    }
    return lower(value);
  };
}



/** Subtask state RETURNED (spec Subtask.State): the callee resolved before the lowered call returned. */
export const SUBTASK_RETURNED = 2;

/**
 * `canon lower` with the `async` option (spec canon_lower, opts.async_). The callee always runs to
 * completion here (anything that would suspend it traps), so the subtask is resolved when the call
 * returns: the result is stored at the return pointer and the status is RETURNED with no subtask handle.
 */
function lowerAsyncFunc(st: InstanceState, ft: FuncType, callee: RFunc, o: CanonOpts): CoreFn {
  const plan = asyncLowerPlan(ft, isMemory64(o.memory));
  const opts = toAbiOptions(st, o);
  const flags = st.flags;
  return (...flat: unknown[]) => {
    leaveCheck(st, callee);
    const scope = new CallScope(st.table, flags, st.resolve);
    const cx = new AbiContext(opts, scope);
    const args = liftArgs(() => plan.liftParams(cx, flat as FlatValue[]));
    const value = callCallee(st, callee, args, scope);
    flags.mayLeave = false;
    try {
      plan.storeResult(cx, value, flat as FlatValue[]);
    } catch (e) {
      throw explainResultError(e, hostWho(callee), ft, value, st.resolve) ?? e;
    } finally {
      flags.mayLeave = true;
      scope.releaseLends();
    }
    return SUBTASK_RETURNED;
  };
}

/** How messages name the callee of a lowered call. */
function hostWho(callee: RFunc): string {
  return callee.name === undefined ? 'imported function' : `host function ${callee.name}`;
}

/** A host function as a component function: the callback receives and returns JS values. */
export function hostFunc(ft: FuncType, fn: (...args: unknown[]) => unknown, name?: string): RFunc {
  return { type: ft, name, call: (args) => fn(...args) };
}
