// The component-model async pack's part of `canon lift` and `canon lower` (CanonicalABI.md canon_lift /
// canon_lower; the sync parts and the calling convention are the core's, calls.ts): the body of a task of
// an async lift or an async-typed function (entering under backpressure, the callback loop), the async
// lower (a subtask with a handle), the sync lower of an async-typed function, and the host's results that
// arrive within the event loop (HostLater).
// Part of the component-model async pack (`purewasm/async`, src/async/index.ts): nothing in the core imports it.
import { asyncLowerPlan } from '../../abi/async-plan.js';
import type { FlatValue } from '../../abi/index.js';
import type { FuncType } from '../value-types.js';
import { deliverLowered, isMemory64, leaveCheck, startLowered, toAbiOptionsOf, type CanonOpts, type LiftParts } from './calls.js';
import { trap } from './resources.js';
import type { InstanceState, RFunc } from './state.js';
import { enterImplicitThread } from './async-tasks.js';
import { CANNOT_BLOCK, SubtaskState, type Task } from './task.js';
import type { Thread, ThreadBody } from './threads.js';
import { EventCode, SUBTASK, Subtask, WAITABLE_SET, addObject, getObject, mayBlockCheck, type EventTuple, type WaitableSet } from './waitables.js';

type CoreFn = (...args: unknown[]) => unknown;

/** Callback codes an async-lifted core function (or its callback) returns (spec CallbackCode). */
const CALLBACK_EXIT = 0;
const CALLBACK_YIELD = 1;
const CALLBACK_WAIT = 2;

/**
 * The thread body of a task of an async lift or of an async-typed function (spec canon_lift): sync options
 * — the core results are the result, then post-return; `async` — the result is what the callee passes to
 * `task.return`, with a callback (stackless: the core function returns, the callback is called per event)
 * or without (stackful: the core call itself blocks, on its fiber).
 */
export function* liftBody(p: LiftParts, task: Task, thread: Thread, who: string | undefined, args0: readonly unknown[] | undefined): ThreadBody {
  if (!(yield* enterImplicitThread(task, thread))) return;
  const flat = p.lowerArgs(task, who, args0);
  if (!p.isAsync) {
    p.syncEpilogue(task, yield* thread.callCore(p.core, flat));
    return;
  }
  const callback = p.callback;
  if (callback === undefined) {
    yield* thread.callCore(p.core, flat);
    task.exitImplicitThread();
    return;
  }
  const st = p.st;
  let packed = (yield* thread.callCore(p.core, flat)) as number;
  for (;;) {
    const code = packed & 0xf;
    if (code === CALLBACK_EXIT) break;
    if (code > CALLBACK_WAIT) trap('unsupported callback code');
    st.exclusiveThread = undefined;
    let event: EventTuple;
    if (code === CALLBACK_YIELD) {
      const cancelled = yield* thread.waitUntil(() => st.exclusiveThread === undefined, true, true);
      event = cancelled ? [EventCode.TASK_CANCELLED, 0, 0] : [EventCode.NONE, 0, 0];
    } else {
      const ws = getObject<WaitableSet>(st, packed >>> 4, WAITABLE_SET, 'waitable set');
      event = yield* ws.waitForEventAnd(thread, () => st.exclusiveThread === undefined, true);
    }
    st.exclusiveThread = thread;
    packed = (yield* thread.callCore(callback, event as unknown as unknown[])) as number;
  }
  task.exitImplicitThread();
}

/**
 * `canon lower ... async`: the call returns the subtask's state at once, with a handle to the subtask in the
 * caller's table when it has not resolved yet (its progress then arrives as events).
 */
export function lowerAsync(st: InstanceState, ft: FuncType, callee: RFunc, o: CanonOpts): CoreFn {
  const plan = asyncLowerPlan(ft, isMemory64(o.memory));
  const opts = toAbiOptionsOf(st, o);
  st.mayBlock = true;
  return (...flat: unknown[]): unknown => {
    leaveCheck(st, callee);
    const subtask = new Subtask();
    startLowered(st, ft, callee, opts, subtask, (cx) => plan.liftParams(cx, flat as FlatValue[]), (cx, v) => plan.storeResult(cx, v, flat as FlatValue[]));
    if (subtask.resolved()) {
      deliverLowered(st, callee, subtask);
      return SubtaskState.RETURNED;
    }
    const i = addObject(st, SUBTASK, subtask);
    subtask.onProgress = () => {
      subtask.setPendingEvent(() => {
        if (subtask.resolved() && !subtask.delivered) subtask.deliverResolve();
        return [EventCode.SUBTASK, i, subtask.state];
      });
    };
    return subtask.state | (i << 4);
  };
}

/** A sync lower of an async-typed function is called: it may block only in a task of its instance that may. */
export function syncCallCheck(st: InstanceState, thread: Thread | undefined): void {
  if (thread === undefined || thread.task.inst !== st) trap(CANNOT_BLOCK);
  mayBlockCheck(thread);
}

/**
 * A host function's result that is not there yet but arrives within the event loop itself, without a JS
 * Promise (so a synchronous caller can wait for it): `settle` gives the value when the loop has nothing
 * else to run, after the host calls queued before it; null: it never arrives (only cancellation ends the
 * call). Deterministic by construction; wasmtime's test host uses it for its "slow" functions.
 */
export class HostLater {
  constructor(readonly settle: (() => unknown) | null) {}
}

/** A host result's HostLater settle function (null: it never arrives), or undefined when it is none. */
export function later(r: unknown): (() => unknown) | null | undefined {
  return r instanceof HostLater ? r.settle : undefined;
}
