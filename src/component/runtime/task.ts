// Tasks (CanonicalABI.md "Tasks"): every call of a lifted function runs as a task of the callee instance,
// first in its implicit thread (threads.ts), later also in threads it spawns (thread.new-indirect). The
// task's states, the exclusive-thread rule of callback and sync lifts, the delivery of cancellation
// requests and the return follow the spec's Task class; entering under backpressure, task.cancel and the
// `task.return` builtin are the component-model async pack's (async-tasks.ts, task-return.ts).
import type { AbiContext, StringEncoding } from '../../abi/index.js';
import type { FuncType } from '../value-types.js';
import { BORROWS_REMAIN, trap, type CallScope } from './resources.js';
import type { InstanceState } from './state.js';
import type { Thread } from './threads.js';

/** What a finished call delivers to its caller (spec on_resolve; `cancelled`: task.cancel). */
export type Outcome = { readonly kind: 'value'; readonly value: unknown } | { readonly kind: 'cancelled' } | { readonly kind: 'failed'; readonly error: unknown };
export type OnStart = () => unknown[];
export type OnResolve = (o: Outcome) => void;
/** Requests cancellation of the call (spec OnCancel); `caller` is the instance asking. */
export type OnCancel = (caller: InstanceState | undefined) => void;

export const enum TaskState {
  INITIAL = 1,
  STARTED = 2,
  PENDING_CANCEL = 3,
  CANCEL_DELIVERED = 4,
  RESOLVED = 5,
}

/** Subtask states (spec Subtask.State). */
export const enum SubtaskState {
  STARTING = 0,
  STARTED = 1,
  RETURNED = 2,
  CANCELLED_BEFORE_STARTED = 3,
  CANCELLED_BEFORE_RETURNED = 4,
}

/** What tasks of one lifted function share (built once per `canon lift`). */
export interface LiftInfo {
  readonly ft: FuncType;
  /** Lifted with the `async` option (so it must deliver its result through `task.return`). */
  readonly async: boolean;
  /** Lifted with a callback (stackless async). */
  readonly callback: boolean;
  /** The lift's memory and string encoding, which `task.return`'s options must match. */
  readonly memory: unknown;
  readonly encoding: StringEncoding;
}

/** The rule most blocking builtins and sync calls check (wasmtime's wording, which the reference tests use). */
export const CANNOT_BLOCK = 'cannot block a synchronous task before returning';
export const RETURNED_TWICE = '`task.return` called more than once';

export class Task {
  state = TaskState.INITIAL;
  /** @internal */
  implicitThread: Thread | undefined = undefined;
  readonly threads: Thread[] = [];
  /** @internal The caller's arguments failed to lower (a host value that does not fit): not the guest's fault. */
  argsFailed = false;

  constructor(
    readonly inst: InstanceState,
    readonly info: LiftInfo,
    /** The lift's ABI context and borrow scope (`task.return` lifts the result with them). */
    readonly cx: AbiContext,
    readonly scope: CallScope,
    private onStart: OnStart,
    /** @internal Delivers the outcome to the caller (spec on_resolve). */
    public onResolve: OnResolve,
  ) {}

  /** The direct path's task of a finished call made ready for the next call of the same function
   *  (calls.ts startDirect reuses it: one call allocates no Task, Thread, context or borrow scope). */
  reuse(onStart: OnStart, onResolve: OnResolve): void {
    this.state = TaskState.INITIAL;
    this.argsFailed = false;
    this.onStart = onStart;
    this.onResolve = onResolve;
  }

  get resolved(): boolean {
    return this.state === TaskState.RESOLVED;
  }

  /** @internal Spec Task.needs_exclusive (async-typed functions only): sync and callback lifts run one at a time. */
  needsExclusive(): boolean {
    return !this.info.async || this.info.callback;
  }

  /** enterImplicitThread for a sync-typed function (no backpressure, never waits). */
  enterSync(thread: Thread): boolean {
    this.implicitThread = thread;
    this.registerThread(thread);
    return true;
  }

  registerThread(thread: Thread): void {
    this.threads.push(thread);
    thread.index = this.inst.threads.add(thread);
  }

  /** @internal */
  exitImplicitThread(): void {
    const t = this.implicitThread!;
    this.unregisterThread(t);
    if (this.info.ft.async && this.needsExclusive()) this.inst.exclusiveThread = undefined;
  }

  unregisterThread(thread: Thread): void {
    const i = this.threads.indexOf(thread);
    if (i >= 0) this.threads.splice(i, 1);
    if (this.threads.length === 0 && this.state !== TaskState.RESOLVED) trap('async-lifted function exited without calling `task.return`');
    if (thread.index !== undefined) this.inst.threads.remove(thread.index);
    thread.index = undefined;
  }

  /** @internal Spec Task.request_cancellation. */
  requestCancellation(caller: InstanceState | undefined): void {
    if (this.state === TaskState.RESOLVED) return;
    if (this.state === TaskState.INITIAL) {
      this.state = TaskState.CANCEL_DELIVERED;
      this.implicitThread!.resume(true);
      return;
    }
    const inst = this.inst;
    let candidate: Thread | undefined;
    for (const t of this.threads) {
      if (!t.cancellable || t.running()) continue;
      if (t === this.implicitThread && this.needsExclusive() && inst.exclusiveThread !== undefined && inst.exclusiveThread !== t) continue;
      candidate = t;
      break;
    }
    if (candidate !== undefined && inst.mayEnterFrom(caller)) {
      this.state = TaskState.CANCEL_DELIVERED;
      inst.enterFrom(caller);
      try {
        candidate.resume(true);
      } finally {
        inst.leaveTo(caller);
      }
    } else this.state = TaskState.PENDING_CANCEL;
  }

  /** @internal */
  deliverPendingCancel(cancellable: boolean): boolean {
    if (cancellable && this.state === TaskState.PENDING_CANCEL) {
      this.state = TaskState.CANCEL_DELIVERED;
      return true;
    }
    return false;
  }

  start(): unknown[] {
    this.state = TaskState.STARTED;
    return this.onStart();
  }

  return_(value: unknown): void {
    if (this.state === TaskState.RESOLVED) trap(RETURNED_TWICE);
    if (this.scope.numBorrows > 0) trap(BORROWS_REMAIN);
    this.state = TaskState.RESOLVED;
    this.onResolve({ kind: 'value', value });
  }
}
