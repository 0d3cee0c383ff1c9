// Waitables, waitable sets and subtasks (CanonicalABI.md "Waitable State", "Subtask State", `canon
// waitable-set.*`, `canon waitable.join`, `canon subtask.*`). The spec keeps all of them in the instance's
// one handle table next to resource handles, so they share its index space: here each is a table entry of
// a private resource type that no handle type or resource builtin can name (resource operations on such
// an index trap with a type mismatch), with the object as its rep.
// Part of the component-model async pack (`purewasm/async`, src/async/index.ts): nothing in the core imports it.
import type { ResourceType } from '../value-types.js';
import { ERROR_CONTEXT, FUTURE_END, STREAM_END, SUBTASK, WAITABLE_SET } from './async-kinds.js';
import { abiMemory, callResolved, deliverResolve, type LoweredCall } from './calls.js';
import { CANNOT_LEAVE, trap } from './resources.js';
import type { InstanceState } from './state.js';
import { threadOf } from './async-tasks.js';
import { CANNOT_BLOCK, SubtaskState, type OnCancel } from './task.js';
import type { Blocker, Thread } from './threads.js';

export { ERROR_CONTEXT, FUTURE_END, STREAM_END, SUBTASK, WAITABLE_SET };

export const enum EventCode {
  NONE = 0,
  SUBTASK = 1,
  STREAM_READ = 2,
  STREAM_WRITE = 3,
  FUTURE_READ = 4,
  FUTURE_WRITE = 5,
  TASK_CANCELLED = 6,
}

export type EventTuple = readonly [number, number, number];

/** What an async builtin returns when the operation goes on in the background (spec BLOCKED). */
export const BLOCKED = 0xffffffff;

export function addObject(st: InstanceState, rt: ResourceType, obj: unknown): number {
  return st.table.put(rt, obj);
}

/** The object at index `i`, which must be of kind `rt` (else a trap naming what it is not). */
export function getObject<T>(st: InstanceState, i: number, rt: ResourceType, what: string): T {
  const e = st.table.get(i);
  if (e.rt !== rt) trap(`handle index ${i} is not a ${what}`);
  return e.rep as T;
}

export function removeObject<T>(st: InstanceState, i: number, rt: ResourceType, what: string): T {
  const obj = getObject<T>(st, i, rt, what);
  st.table.remove(i);
  return obj;
}

export class Waitable {
  pendingEvent: (() => EventTuple) | null = null;
  wset: WaitableSet | null = null;
  hasSyncWaiter = false;

  setPendingEvent(f: () => EventTuple): void {
    this.pendingEvent = f;
  }
  hasPendingEvent(): boolean {
    return this.pendingEvent !== null;
  }
  inWaitableSet(): boolean {
    return this.wset !== null;
  }
  getPendingEvent(): EventTuple {
    const f = this.pendingEvent!;
    this.pendingEvent = null;
    return f();
  }

  /** Spec wait_for_pending_event, from a builtin: `then` runs once the event is there. */
  waitForPendingEvent<R>(thread: Thread, then: () => R): R | Blocker {
    this.hasSyncWaiter = true;
    return thread.waitThen(() => this.hasPendingEvent(), false, () => {
      this.hasSyncWaiter = false;
      return then();
    });
  }

  /**
   * A stream or future builtin's result: the pending event's payload now, else BLOCKED (`async`) or a wait
   * for the event (sync).
   */
  eventOrWait(thread: Thread, async: boolean): number | Blocker {
    if (this.hasPendingEvent()) return this.getPendingEvent()[2];
    return async ? BLOCKED : this.waitForPendingEvent(thread, () => this.getPendingEvent()[2]);
  }

  join(wset: WaitableSet | null): void {
    if (this.wset !== null) {
      const e = this.wset.elems;
      e.splice(e.indexOf(this), 1);
    }
    this.wset = wset;
    if (wset !== null) wset.elems.push(this);
  }

  drop(): void {
    this.join(null);
  }
}

export class WaitableSet {
  /** Members in joining order: the first with a pending event delivers it (deterministic, see threads.ts). */
  readonly elems: Waitable[] = [];
  numWaiting = 0;

  hasPendingEvent(): boolean {
    for (const w of this.elems) if (w.hasPendingEvent()) return true;
    return false;
  }

  getPendingEvent(): EventTuple {
    for (const w of this.elems) if (w.hasPendingEvent()) return w.getPendingEvent();
    throw new Error('no pending event');
  }

  /** Generator form (canon lift's callback loop): wait for an event while `ready` holds. */
  *waitForEventAnd(thread: Thread, ready: () => boolean, cancellable: boolean): Generator<Thread | null, EventTuple, boolean> {
    this.numWaiting++;
    const cancelled = yield* thread.waitUntil(() => ready() && this.hasPendingEvent(), cancellable);
    this.numWaiting--;
    return cancelled ? [EventCode.TASK_CANCELLED, 0, 0] : this.getPendingEvent();
  }

  /** Builtin form (waitable-set.wait). */
  waitForEvent<R>(thread: Thread, cancellable: boolean, then: (e: EventTuple) => R): R | Blocker {
    this.numWaiting++;
    return thread.waitThen(() => this.hasPendingEvent(), cancellable, (cancelled) => {
      this.numWaiting--;
      return then(cancelled ? [EventCode.TASK_CANCELLED, 0, 0] : this.getPendingEvent());
    });
  }

  poll(thread: Thread, cancellable: boolean): EventTuple {
    if (thread.task.deliverPendingCancel(cancellable)) return [EventCode.TASK_CANCELLED, 0, 0];
    if (!this.hasPendingEvent()) return [EventCode.NONE, 0, 0];
    return this.getPendingEvent();
  }

  drop(): void {
    if (this.elems.length > 0) trap('cannot drop waitable set with waitables still in it');
    if (this.numWaiting > 0) trap('cannot drop waitable set with waiters');
  }
}

/** An async lower's call (spec Subtask): the lowered call (calls.ts LoweredCall) as a waitable with a handle. */
export class Subtask extends Waitable implements LoweredCall {
  state = SubtaskState.STARTING;
  onCancel: OnCancel | null = null;
  cancellationRequested = false;
  flatResults: unknown = undefined;
  delivered = false;
  releaseLends: (() => void) | null = null;
  error: { readonly e: unknown; readonly hostThrew: boolean } | undefined = undefined;
  onProgress: (() => void) | null = null;

  resolved(): boolean {
    return callResolved(this);
  }

  deliverResolve(): void {
    deliverResolve(this);
  }

  override drop(): void {
    if (!this.delivered) trap('cannot drop a subtask which has not yet resolved');
    super.drop();
  }
}

/** A sync use of a waitable that a waitable set holds (stream/future copies and cancels, subtask.cancel). */
export const SYNC_IN_SET = 'waitable cannot be used synchronously while added to a waitable set';

/** A builtin may only be called while the instance may leave (not from realloc or post-return). */
export function leaveCheck(st: InstanceState): void {
  if (!st.flags.mayLeave) trap(CANNOT_LEAVE);
}

export function waitableSetNew(st: InstanceState): number {
  leaveCheck(st);
  return addObject(st, WAITABLE_SET, new WaitableSet());
}

export function waitableSetDrop(st: InstanceState, i: number): void {
  leaveCheck(st);
  const ws = getObject<WaitableSet>(st, i, WAITABLE_SET, 'waitable set');
  ws.drop();
  st.table.remove(i);
}

/** Stores an event's two payload words at `ptr` (spec unpack_event) and returns its code. */
function eventWriter(st: InstanceState, memory: unknown): (ptr: unknown, e: EventTuple) => number {
  const mem = abiMemory(st, memory);
  return (ptr, e) => {
    // With a 64-bit memory the pointer is an i64, and the memory may be too large for a typed array.
    const p = typeof ptr === 'bigint' ? Number(BigInt.asUintN(64, ptr)) : (ptr as number) >>> 0;
    const large = mem.large?.();
    const bytes = mem.bytes();
    if ((p & 3) !== 0) trap('misaligned pointer (event payload)');
    if (p + 8 > (large === undefined ? bytes.length : large.byteLength)) trap('out-of-bounds event payload');
    const out = new Uint8Array(8);
    const dv = new DataView(out.buffer);
    dv.setUint32(0, e[1] >>> 0, true);
    dv.setUint32(4, e[2] >>> 0, true);
    if (large === undefined) bytes.set(out, p);
    else large.writeBytes(p, out, 0, 8);
    return e[0];
  };
}

export function waitableSetPollFunc(st: InstanceState, memory: unknown, cancellable: boolean): (si: unknown, ptr: unknown) => number {
  const write = eventWriter(st, memory);
  return (si, ptr) => {
    leaveCheck(st);
    const t = threadOf(st, 'waitable-set.poll');
    const ws = getObject<WaitableSet>(st, si as number, WAITABLE_SET, 'waitable set');
    return write(ptr, ws.poll(t, cancellable));
  };
}

export function waitableSetWaitFunc(st: InstanceState, memory: unknown, cancellable: boolean): (si: unknown, ptr: unknown) => number | Blocker {
  const write = eventWriter(st, memory);
  return (si, ptr) => {
    leaveCheck(st);
    const t = threadOf(st, 'waitable-set.wait');
    mayBlockCheck(t);
    const ws = getObject<WaitableSet>(st, si as number, WAITABLE_SET, 'waitable set');
    return ws.waitForEvent(t, cancellable, (e) => write(ptr, e));
  };
}

/** The waitable (subtask or stream/future end) at index `i`, or a trap. */
export function getWaitable(st: InstanceState, i: number): Waitable {
  const e = st.table.get(i);
  if (e.rt !== SUBTASK && e.rt !== STREAM_END && e.rt !== FUTURE_END) trap(`handle index ${i} is not a waitable`);
  return e.rep as Waitable;
}

export function waitableJoin(st: InstanceState, wi: number, si: number): void {
  leaveCheck(st);
  const w = getWaitable(st, wi);
  if (w.hasSyncWaiter) trap('cannot join a waitable that a synchronous call waits on');
  w.join(si === 0 ? null : getObject<WaitableSet>(st, si, WAITABLE_SET, 'waitable set'));
}

/**
 * "Cannot block a synchronous task before returning" (wasmtime's rule, which the reference tests check):
 * while a sync-typed task of the instance has not returned — the thread's own, or one that switched to it —
 * a thread may block (or make a sync call of an async-typed function) only if another thread of the
 * instance is ready to run meanwhile (during-sync-call-may-block-if-other-ready-threads.wast). The spec's
 * canon_lift traps in the same situations, later: its sync caller finds no thread to run.
 */
export function mayBlockCheck(t: Thread): void {
  const inst = t.task.inst;
  let scoped = !t.task.info.ft.async && !t.task.resolved;
  if (!scoped) {
    for (const o of inst.threads) {
      if (o !== t && !o.task.info.ft.async && !o.task.resolved) {
        scoped = true;
        break;
      }
    }
  }
  if (!scoped) return;
  for (const o of inst.threads) if (o !== t && o.ready()) return;
  trap(CANNOT_BLOCK);
}
