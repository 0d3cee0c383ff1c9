// `canon lift` and `canon lower` at run time (CanonicalABI.md canon_lift / canon_lower), sync and async.
// Component functions travel between instances as RFuncs over JS values: a lowered import lifts the
// caller's core arguments into JS values (in the caller's string encoding and handle table) and the
// callee's lift lowers them again in its own, so transcoding between encodings and handle transfer
// between tables fall out of the two halves.
import { AbiContext, exportPlan, importPlan, type AbiMemory, type AbiOptions, type FlatValue, type StringEncoding } from '../../abi/index.js';
import { u32, type FuncType } from '../value-types.js';
import { Memory } from '../../vm/api.js';
import { isThenable } from '../../vm/exec/suspend.js';
import { asyncOf } from './async-pack.js';
import { CallScope, lockDown, trap } from './resources.js';
import { explainArgsError, explainResultError } from './value-errors.js';
import { isAncestorOrSelf, type InstanceState, type RFunc } from './state.js';
import { CANNOT_BLOCK, SubtaskState, Task, TaskState, type LiftInfo, type OnCancel, type OnResolve, type OnStart, type Outcome } from './task.js';
import { Blocker, Thread, coreError, currentThread, swapCurrent, type Scheduler, type ThreadBody } from './threads.js';

type CoreFn = (...args: unknown[]) => unknown;

/**
 * A guest memory of instance `st` for the ABI: the memory's current byte view (memory.grow replaces it); a
 * 64-bit memory through the 64-bit ABI's pack (memory64-pack.ts), which compiling the component made sure of.
 */
export function abiMemory(st: InstanceState, m: unknown): AbiMemory {
  if (!(m instanceof Memory)) throw new TypeError('canonical option memory is not a memory');
  const inst = m.inst;
  if (inst.index64) {
    if (st.memory64 === undefined) throw new Error('internal: a 64-bit memory option in an instance compiled without purewasm/component-memory64');
    return st.memory64.abiMemory(inst);
  }
  return {
    bytes() {
      return inst.u8; // exactly the memory's bytes; replaced by memory.grow (Memory#buffer would trim the capacity)
    },
    view() {
      return inst.dv; // over the same bytes as u8, replaced with it (no DataView made per call)
    },
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

/** The ABI options of canonical options `o` of instance `st` (realloc runs with may_leave cleared). */
export function toAbiOptionsOf(st: InstanceState, o: CanonOpts): AbiOptions {
  return toAbiOptions(st, o);
}

function toAbiOptions(st: InstanceState, o: CanonOpts): AbiOptions {
  const realloc = o.realloc as CoreFn | undefined;
  const flags = st.flags;
  // With a 64-bit memory realloc is (i64, i64, i64, i64) -> i64; the ABI passes and takes numbers.
  const wide = isMemory64(o.memory);
  return {
    memory: o.memory === undefined ? undefined : abiMemory(st, o.memory),
    // realloc runs with may_leave cleared: it may not call imports (spec).
    realloc: realloc === undefined ? undefined : (a, b, c, d) => {
      const prev = flags.mayLeave;
      flags.mayLeave = false;
      try {
        // realloc runs in a fresh thread context of its instance: context.get/set there neither see nor
        // change the context of the task whose value it allocates for. (One Thread per instance serves
        // every realloc: realloc cannot call out, so its runs never nest; its slots are cleared after each.)
        const th = reallocThread(st);
        const prevThread = swapCurrent(th);
        try {
          if (wide) return Number(BigInt.asUintN(64, realloc(BigInt(a), BigInt(b), BigInt(c), BigInt(d)) as bigint));
          return realloc(a, b, c, d) as number;
        } finally {
          th.storage = null;
          swapCurrent(prevThread);
        }
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

const REALLOC_TYPE: FuncType = { kind: 'func', params: [], result: undefined, async: false };
/** The thread context realloc runs in, of a task that never runs as one (one per instance). */
function reallocThread(st: InstanceState): Thread {
  let t = st.reallocThread;
  if (t === undefined) {
    const scope = new CallScope(st.table, st.flags, st.resolve, st.async);
    const task = new Task(st, { ft: REALLOC_TYPE, async: false, callback: false, memory: undefined, encoding: 'utf8' }, new AbiContext({}, scope), scope, () => [], () => undefined);
    st.reallocThread = t = new Thread(task, noBody);
  }
  return t;
}

/** realloc's thread never runs as a thread: it only gives builtins a context. */
const noBody = (): undefined => undefined;

const NO_CANCEL: OnCancel = () => undefined;

/** What the pack's body of an async lift (or of an async-typed function) uses of its liftFunc. */
export interface LiftParts {
  readonly st: InstanceState;
  readonly core: CoreFn;
  readonly isAsync: boolean;
  readonly callback: CoreFn | undefined;
  /** The task's arguments, lowered into the callee. */
  lowerArgs(task: Task, who: string | undefined, args0: readonly unknown[] | undefined): FlatValue[];
  /** A sync lift's core call returned `r`: the result, post-return, the thread's end. */
  syncEpilogue(task: Task, r: unknown): void;
}

/**
 * `canon lift`: a guest core function exported as a component function of type `ft`. Each call runs as a
 * task of this instance in a new thread (spec canon_lift): sync options — the core results are the
 * function's result, then post-return; `async` — the result is what the callee passes to `task.return`,
 * with a callback (stackless: the core function returns, the callback is called per event) or without
 * (stackful: the core call itself blocks, on its fiber) — those, and async-typed functions, run the body of
 * the component-model async pack (async-calls.ts liftBody).
 */
export function liftFunc(st: InstanceState, ft: FuncType, core: CoreFn, o: CanonOpts, recursionCheck = true): RFunc {
  const plan = exportPlan(ft, isMemory64(o.memory));
  const opts = toAbiOptions(st, o);
  const post = opts.postReturn;
  const flags = st.flags;
  const isAsync = o.async;
  const callback = o.callback as CoreFn | undefined;
  const info: LiftInfo = { ft, async: isAsync, callback: callback !== undefined, memory: o.memory, encoding: o.encoding ?? 'utf8' };
  const sync = !ft.async && !isAsync;
  if (!sync) st.mayBlock = true;

  /** The task's arguments, lowered into the callee (realloc runs with may_leave cleared). */
  const lowerArgs = (task: Task, who: string | undefined, args0: readonly unknown[] | undefined): FlatValue[] => {
    const args = task.start();
    flags.mayLeave = false;
    try {
      return plan.lowerParams(task.cx, args);
    } catch (e) {
      // The caller's value did not fit: say which function, argument and part of it (host callers).
      if (args0 !== undefined && flags.trapped === undefined) {
        task.argsFailed = true;
        throw explainArgsError(e, who ?? 'component export', ft, args0, st.resolve) ?? e;
      }
      throw e;
    } finally {
      flags.mayLeave = true;
    }
  };

  /** A sync lift's core call returned `r`: the result (delivered before post-return runs), post-return. */
  const syncReturn = (task: Task, r: unknown): void => {
    const results: FlatValue[] = r === undefined ? [] : [r as FlatValue];
    flags.mayLeave = false;
    const value = plan.liftResult(task.cx, results);
    flags.mayLeave = true;
    task.return_(value);
    if (post !== undefined) {
      flags.mayLeave = false;
      post(...results);
      flags.mayLeave = true;
    }
  };

  /** The same, then the thread's end. */
  const syncEpilogue = (task: Task, r: unknown): void => {
    syncReturn(task, r);
    task.exitImplicitThread();
  };

  /** A sync-typed, sync-lifted call: a generator only if the core call blocks (the common call makes none). */
  const syncBody = (task: Task, thread: Thread, who: string | undefined, args0: readonly unknown[] | undefined): ThreadBody | undefined => {
    task.enterSync(thread);
    const flat = lowerArgs(task, who, args0);
    if (thread.beginCore(core, flat)) {
      syncEpilogue(task, thread.takeCoreValue());
      return undefined;
    }
    return (function* rest(): ThreadBody {
      syncEpilogue(task, yield* thread.finishCore());
    })();
  };

  /** Async lifts and async-typed functions run the pack's body (enter under backpressure, callbacks). */
  const parts: LiftParts | undefined = sync ? undefined : { st, core, isAsync, callback, lowerArgs, syncEpilogue };
  const body = (task: Task, thread: Thread, who: string | undefined, args0: readonly unknown[] | undefined): ThreadBody => asyncOf(st).liftBody(parts!, task, thread, who, args0);

  /** The task (with its thread, context and scope) of the last direct call, when it ended cleanly. */
  let spare: Task | undefined;

  /**
   * The direct path (issues #17, #18): a sync call of a sync-lifted function into an instance that cannot
   * block (InstanceState.mayBlock) never waits, so it needs neither a fiber, a generator nor a place in
   * the thread table: the core function runs on the caller's stack, as a plain call, with a Thread object
   * as the current thread only so that context.get/set have their slots. Everything observable is the
   * fiber path's: entering and the re-entrance checks, the Task (borrow accounting, task.return's
   * checks, onResolve before post-return), may_leave around lowering, lifting and post-return, lockdown.
   */
  const startDirect = (onStart: OnStart, onResolve: OnResolve, caller: InstanceState | undefined, who: string | undefined, args0: readonly unknown[] | undefined): OnCancel => {
    st.enterFrom(caller);
    let task = spare;
    if (task !== undefined) {
      spare = undefined; // (a recursive call through the host makes its own)
      task.reuse(onStart, onResolve);
      task.cx.refresh(); // memory may have grown since
    } else {
      const scope = new CallScope(st.table, flags, st.resolve, st.async);
      task = new Task(st, info, new AbiContext(opts, scope), scope, onStart, onResolve);
      // Never registered and never waiting: only the current thread for context.get/set and destructors.
      const thread = new Thread(task, noBody);
      thread.direct = true;
      task.implicitThread = thread;
    }
    const thread = task.implicitThread!;
    const prev = swapCurrent(thread);
    try {
      const flat = lowerArgs(task, who, args0);
      let r: unknown;
      try {
        r = core(...flat);
      } catch (e) {
        throw coreError(e);
      }
      // (A lowered import used as the lifted core function resolves at once or traps: mayBlock is false.)
      syncReturn(task, r);
      // Nothing outlives a call that returned: its context slots go, the rest serves the next call.
      thread.storage = null;
      if (task.scope.clean()) spare = task;
    } catch (e) {
      if (!task.argsFailed) lockDown(flags, e);
      throw e;
    } finally {
      swapCurrent(prev);
      st.leaveTo(caller);
    }
    return NO_CANCEL;
  };

  /** Starts the call; `fromHost`: the host drives the event loop (no sync wait here, see callSync). */
  const start = (onStart: OnStart, onResolve: OnResolve, caller: InstanceState | undefined, who?: string, args0?: readonly unknown[]): OnCancel => {
    // call_might_be_recursive (CanonicalABI.md, as wasmtime and the reference tests apply it): a call
    // between an instance and one of its ancestors (or itself) might be recursive, and traps.
    if (recursionCheck && caller !== undefined && (isAncestorOrSelf(caller, st) || isAncestorOrSelf(st, caller))) trap('cannot enter component instance (a call between a component instance and its ancestor or itself)');
    // Under callAsync a host Promise may suspend the call: the fiber path.
    if (sync && !st.mayBlock && st.sched.asyncDriving === 0) return startDirect(onStart, onResolve, caller, who, args0);
    st.enterFrom(caller);
    let task: Task | undefined;
    try {
      const scope = new CallScope(st.table, flags, st.resolve, st.async);
      const cx = new AbiContext(opts, scope);
      task = new Task(st, info, cx, scope, onStart, onResolve);
      const t = task;
      const thread = new Thread(t, !ft.async && !isAsync ? (th) => syncBody(t, th, who, args0) : (th) => body(t, th, who, args0));
      thread.resume();
      // A sync-typed function returns before its caller goes on: while it waits, run the instance's other
      // ready threads (spec canon_lift); the host as caller runs the whole event loop instead (callSync).
      if (!ft.async && caller !== undefined) {
        while (t.state !== TaskState.RESOLVED) {
          let next: Thread | undefined;
          for (const c of st.threads) {
            if (c !== st.exclusiveThread && c.ready()) {
              next = c;
              break;
            }
          }
          if (next === undefined) {
            // Waiting for the host only (a stall, see RFunc.settlesAtOnce): the caller waits in turn, and
            // the store's event loop finishes this call when the host settles.
            if (st.hostStalls > 0) break;
            trap(CANNOT_BLOCK);
          }
          next.resume();
        }
      }
    } catch (e) {
      // A failure once the guest runs locks the instance down (Component Invariant #1, see resources.ts).
      if (task === undefined || !task.argsFailed) lockDown(flags, e);
      throw e;
    } finally {
      st.leaveTo(caller);
    }
    const t = task;
    return (c) => t.requestCancellation(c);
  };

  return {
    type: ft,
    // A sync-typed call returns only once resolved: start runs the callee's other threads or traps.
    settlesAtOnce: !ft.async,
    invoke: (onStart, onResolve, caller) => start(onStart, onResolve, caller),
    // (The arguments are only read: lowering never changes the caller's array.)
    call: (args, who) => {
      const sched = st.sched;
      if (!sync || st.mayBlock || sched.asyncDriving !== 0) return callSync(sched, (onResolve) => start(() => args as unknown[], onResolve, undefined, who, args), ft.async);
      // The direct path needs no event loop: the call resolves before startDirect returns. (`driving`
      // as callSync sets it: host activity during the call, e.g. a host destructor, does not run the loop.)
      let out: Outcome | undefined;
      sched.driving++;
      try {
        startDirect(() => args as unknown[], (o) => (out = o), undefined, who, args);
      } finally {
        sched.driving--;
      }
      return outcomeValue(out!);
    },
    callAsync: (args, who) => callAsyncDriven(st.sched, (onResolve) => start(() => args as unknown[], onResolve, undefined, who, args), ft.async),
  };
}

/** The host calls into a component and waits for the outcome, running the store's event loop (spec Store.tick). */
function callSync(sched: Scheduler, begin: (onResolve: OnResolve) => void, async: boolean): unknown {
  let out: Outcome | undefined;
  sched.driving++;
  try {
    begin((o) => (out = o));
    while (out === undefined) {
      if (sched.tick()) continue;
      if (sched.pendingHost > 0) trap(`${sched.pendingWho ?? 'a host function'} returned a Promise: call the export with callAsync so the guest can wait for it`);
      stuck(async);
    }
  } finally {
    sched.driving--;
  }
  return outcomeValue(out);
}

/** The event loop has nothing left to run and the call has not resolved. */
function stuck(async: boolean): never {
  trap(async ? 'deadlock detected: event loop cannot make further progress' : CANNOT_BLOCK);
}

/** The same, awaiting host Promises the guest waits for. */
async function callAsyncDriven(sched: Scheduler, begin: (onResolve: OnResolve) => void, async: boolean): Promise<unknown> {
  let out: Outcome | undefined;
  sched.driving++;
  sched.asyncDriving++;
  try {
    begin((o) => (out = o));
    while (out === undefined) {
      if (sched.tick()) continue;
      if (sched.pendingHost > 0 || sched.hostStreams > 0) {
        await sched.settled();
        continue;
      }
      stuck(async);
    }
  } finally {
    sched.driving--;
    sched.asyncDriving--;
  }
  return outcomeValue(out);
}

function outcomeValue(o: Outcome): unknown {
  if (o.kind === 'failed') throw o.error;
  if (o.kind === 'cancelled') trap('the call was cancelled');
  return o.value;
}

/** Trap unless instance `st` may leave to call `callee` (not from realloc or post-return). */
export function leaveCheck(st: InstanceState, callee: RFunc): void {
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
 * One lowered call as its caller sees it (spec Subtask, without the waitable: a sync lower keeps it to
 * itself; an async lower's is the pack's Subtask, which adds the waitable and the handle).
 */
export interface LoweredCall {
  state: SubtaskState;
  onCancel: OnCancel | null;
  flatResults: unknown;
  /** Set once the resolution was delivered to the caller (spec: lenders = None). */
  delivered: boolean;
  /** Releases the handles the caller lent for this call (spec deliver_resolve). */
  releaseLends: (() => void) | null;
  /** The call failed (a host function's Promise rejected, or its result did not fit): the caller gets this
   *  error when it learns of the resolution; `hostThrew`: the host function itself failed. */
  error: { readonly e: unknown; readonly hostThrew: boolean } | undefined;
  /** Called when the call starts and when it resolves (an async lower makes an event of it). */
  onProgress: (() => void) | null;
}

/** Whether lowered call `c` resolved (returned or was cancelled). */
export function callResolved(c: LoweredCall): boolean {
  return c.state >= SubtaskState.RETURNED;
}

/** Spec deliver_resolve: the caller learns of the resolution; the lends end; a failure is thrown now. */
export function deliverResolve(c: LoweredCall): void {
  c.delivered = true;
  const r = c.releaseLends;
  c.releaseLends = null;
  if (r !== null) r();
  if (c.error !== undefined) throw c.error.e;
}

/**
 * Starts lowered call `call` of `callee` from instance `st` (spec canon_lower's part that sync and async
 * lowers share): the arguments are lifted from the caller's core values on start (`liftParams`), the
 * outcome lowered into the caller (`lowerResult`: the flat result, if any) when the callee resolves.
 */
export function startLowered(st: InstanceState, ft: FuncType, callee: RFunc, opts: AbiOptions, call: LoweredCall, liftParams: (cx: AbiContext) => unknown[], lowerResult: (cx: AbiContext, v: unknown) => unknown): void {
  const flags = st.flags;
  const thread = currentThread();
  const scope = new CallScope(st.table, flags, st.resolve, st.async);
  const cx = new AbiContext(opts, scope);
  call.releaseLends = () => scope.releaseLends();
  const onStart: OnStart = () => {
    if (call.onProgress !== null) call.onProgress();
    call.state = SubtaskState.STARTED;
    return liftArgs(() => liftParams(cx));
  };
  const onResolve: OnResolve = (out) => {
    if (out.kind === 'cancelled') {
      call.state = call.state === SubtaskState.STARTING ? SubtaskState.CANCELLED_BEFORE_STARTED : SubtaskState.CANCELLED_BEFORE_RETURNED;
    } else if (out.kind === 'failed') {
      call.error = { e: out.error, hostThrew: true };
      call.state = SubtaskState.RETURNED;
    } else {
      const v = out.value;
      flags.mayLeave = false;
      // A host result that settles later is lowered from a Promise continuation: lowering runs as the
      // calling thread, so a host stream or future in it learns the caller's event loop (host-streams.ts).
      const prev = swapCurrent(thread ?? currentThread());
      try {
        call.flatResults = lowerResult(cx, v);
      } catch (e) {
        call.error = { e: explainResultError(e, hostWho(callee), ft, v, st.resolve) ?? e, hostThrew: false };
      } finally {
        call.state = SubtaskState.RETURNED;
        flags.mayLeave = true;
        swapCurrent(prev);
      }
    }
    if (call.onProgress !== null) call.onProgress();
  };
  try {
    call.onCancel = callee.invoke(onStart, onResolve, st);
  } catch (e) {
    scope.releaseLends();
    if (callee.name !== undefined) lockDown(flags, e, callee.name);
    throw e;
  }
}

/** Delivers lowered call `call`'s resolution to instance `st`; returns its flat result. */
export function deliverLowered(st: InstanceState, callee: RFunc, call: LoweredCall): unknown {
  try {
    deliverResolve(call);
  } catch (e) {
    lockDown(st.flags, e, call.error?.hostThrew === true ? callee.name : undefined);
    throw e;
  }
  return call.flatResults;
}

/**
 * `canon lower`: a component function `callee` imported as a core function by instance `st` (spec
 * canon_lower). The callee runs as a subtask; a sync lower waits for it (blocking the calling thread:
 * a Blocker). An async lower (it returns the subtask's state, with a handle when it has not resolved yet)
 * is the component-model async pack's.
 */
export function lowerFunc(st: InstanceState, ft: FuncType, callee: RFunc, o: CanonOpts): CoreFn {
  if (o.async) return asyncOf(st).lowerAsync(st, ft, callee, o);
  const plan = importPlan(ft, isMemory64(o.memory));
  const opts = toAbiOptions(st, o);
  const one = plan.coreResults.length === 1;
  // A call that may block (an async-typed callee) means the instance's calls need the fiber path (liftFunc's
  // direct path relies on this). A sync-typed host callee does not: it may stall (return a Promise), which
  // is detected below when it happens.
  if (ft.async || callee.settlesAtOnce !== true) st.mayBlock = true;
  return (...flat: unknown[]): unknown => {
    leaveCheck(st, callee);
    const thread = currentThread();
    // A sync call of an async-typed function may block.
    if (ft.async) asyncOf(st).syncCallCheck(st, thread);
    const call: LoweredCall = { state: SubtaskState.STARTING, onCancel: null, flatResults: undefined, delivered: false, releaseLends: null, error: undefined, onProgress: null };
    startLowered(st, ft, callee, opts, call, (cx) => plan.liftParams(cx, flat as FlatValue[]), (cx, v) => {
      const r = plan.lowerResult(cx, v, flat as FlatValue[]);
      return one ? r[0] : undefined;
    });
    if (callResolved(call)) return deliverLowered(st, callee, call);
    if (thread === undefined || thread.task.inst !== st) {
      call.releaseLends!();
      trap(`${hostWho(callee)} did not return before its caller went on (a call outside of a task cannot wait)`);
    }
    if (thread.direct) {
      // The direct path runs on the caller's JS stack: nothing can wait here. (Under callAsync the
      // fiber path runs instead, so only a synchronous caller gets here.) The host's eventual result is
      // dropped.
      call.onCancel?.(st);
      call.releaseLends!();
      trap(`${stallWho(callee)}: call the export with callAsync so the guest can wait for it`);
    }
    const deliver = (): unknown => deliverLowered(st, callee, call);
    if (ft.async) return thread.waitThen(() => callResolved(call), false, deliver, true);
    // A sync-typed callee that did not resolve is stalled on the host (RFunc.settlesAtOnce).
    st.hostStalls++;
    return thread.waitThen(() => callResolved(call), false, () => {
      st.hostStalls--;
      return deliver();
    }, true);
  };
}

/** How messages name a sync-typed callee that did not return at once. */
function stallWho(callee: RFunc): string {
  return callee.name === undefined ? 'the imported function waits for a host Promise' : `host function ${callee.name} returned a Promise`;
}

/** How messages name the callee of a lowered call. */
function hostWho(callee: RFunc): string {
  return callee.name === undefined ? 'imported function' : `host function ${callee.name}`;
}

/**
 * A host function as a component function: the callback receives and returns JS values. It may return a
 * Promise: the calling guest's subtask resolves when it settles (its thread waits, the store's event loop
 * goes on; a sync caller outside `callAsync` cannot wait and traps).
 */
export function hostFunc(ft: FuncType, fn: (...args: unknown[]) => unknown, name?: string): RFunc {
  return {
    type: ft,
    name,
    // A sync-typed host function that returns a Promise stalls its caller (see RFunc.settlesAtOnce).
    settlesAtOnce: !ft.async,
    call: (args) => fn(...args),
    invoke(onStart, onResolve, caller) {
      const r = fn(...onStart());
      // (A HostLater is the component-model async pack's: a caller compiled without it gets it as a value.)
      const later = caller?.async?.later(r);
      if (later === undefined && !isThenable(r)) {
        onResolve({ kind: 'value', value: r });
        return NO_CANCEL;
      }
      if (caller === undefined) throw new Error(`${name ?? 'host function'} returned a Promise to a caller that cannot wait`);
      // The call is over once it settles or is cancelled, whichever comes first.
      let over = false;
      const settle = (failed: boolean, v: unknown): void => {
        if (over) return;
        over = true;
        onResolve(failed ? { kind: 'failed', error: v } : { kind: 'value', value: v });
      };
      let withdraw = (): boolean => true;
      if (later === undefined) caller.sched.track(r as PromiseLike<unknown>, `host function ${name ?? '(anonymous)'}`, settle);
      else if (later !== null) withdraw = caller.sched.queueLater(later, settle);
      // Cancelling a host call that has not settled ends it at once (the host's eventual value is dropped).
      return () => {
        if (over) return;
        withdraw();
        over = true;
        onResolve({ kind: 'cancelled' });
      };
    },
  };
}

export { Blocker };

const DTOR_TYPE: FuncType = { kind: 'func', params: [{ name: 'rep', type: u32 }], result: undefined, async: false };
const NO_OPTS: CanonOpts = { memory: undefined, realloc: undefined, postReturn: undefined, encoding: undefined, async: false, callback: undefined };

/** A resource destructor: the core function lifted as a sync `func(rep: u32)` of its instance, called
 *  from the dropping instance (the running thread's) or the host (spec canon_resource_drop). */
export function destructorFunc(st: InstanceState, core: (rep: number) => unknown): (rep: number) => void {
  const f = liftFunc(st, DTOR_TYPE, core as CoreFn, NO_OPTS, false);
  return (rep) => {
    const caller = currentThread()?.task.inst;
    if (caller === undefined) {
      // Outside of any task (the host dropped a handle, or a start function runs during instantiation):
      // the core destructor runs directly; `destroy` checked that its instance may be entered.
      core(rep);
      return;
    }
    let done = false;
    f.invoke(() => [rep], () => (done = true), caller);
    if (!done) trap(CANNOT_BLOCK);
  };
}
