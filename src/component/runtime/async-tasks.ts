// The component-model async pack's part of tasks (CanonicalABI.md "Tasks"; the core's Task is task.ts):
// entering an async-typed function under backpressure and the exclusive-thread rule, task.cancel, the
// context slots and the backpressure counter, and the running thread a builtin acts on.
// Part of the component-model async pack (`purewasm/async`, src/async/index.ts): nothing in the core imports it.
import { BORROWS_REMAIN, trap } from './resources.js';
import type { InstanceState } from './state.js';
import { TaskState, type Task } from './task.js';
import { currentThread, type Thread } from './threads.js';

const MASK_32 = 0xffffffffn;

/** Spec Task.enter_implicit_thread: waits while the instance has backpressure; false if cancelled. */
export function* enterImplicitThread(task: Task, thread: Thread): Generator<Thread | null, boolean, boolean> {
  task.implicitThread = thread;
  const inst = task.inst;
  if (task.info.ft.async) {
    const exclusive = task.needsExclusive();
    const hasBackpressure = (): boolean => inst.backpressure > 0 || (exclusive && inst.exclusiveThread !== undefined);
    if (hasBackpressure() || inst.numWaitingToEnter > 0) {
      inst.numWaitingToEnter++;
      const cancelled = yield* thread.waitUntil(() => !hasBackpressure(), true);
      inst.numWaitingToEnter--;
      if (cancelled) {
        cancelTask(task);
        return false;
      }
    }
    if (exclusive) inst.exclusiveThread = thread;
  }
  task.registerThread(thread);
  return true;
}

/** Spec Task.cancel (`task.cancel`, or a cancellation delivered before the task entered). */
export function cancelTask(task: Task): void {
  if (task.state !== TaskState.CANCEL_DELIVERED) trap('`task.cancel` called without a delivered cancellation request');
  if (task.scope.numBorrows > 0) trap(BORROWS_REMAIN);
  task.state = TaskState.RESOLVED;
  task.onResolve({ kind: 'cancelled' });
}

/** A thread's context slot as the builtin returns it (i32: the low 32 bits, signed as wasm sees them). */
export function contextGet(t: Thread, slot: number, i64: boolean): number | bigint {
  const v = t.storage === null ? 0n : t.storage[slot];
  return i64 ? BigInt.asIntN(64, v) : Number(BigInt.asIntN(32, v & MASK_32));
}

export function contextSet(t: Thread, slot: number, v: number | bigint): void {
  // i32 values arrive signed: the slot keeps them zero-extended (spec: v <= MASK_32BIT for i32).
  const s = t.storage ?? (t.storage = [0n, 0n]);
  s[slot] = typeof v === 'bigint' ? BigInt.asUintN(64, v) : BigInt(v >>> 0);
}

/** The running thread, which must be one of `inst`'s (a builtin of one instance acts on that instance's thread). */
export function threadOf(inst: InstanceState, builtin: string): Thread {
  const t = currentThread();
  if (t === undefined || t.task.inst !== inst) trap(`\`${builtin}\` called outside of a task of its component instance`);
  return t;
}

export const MAX_BACKPRESSURE = 0xffff;

export function backpressureInc(inst: InstanceState): void {
  if (inst.backpressure >= MAX_BACKPRESSURE) trap('backpressure counter overflow');
  inst.backpressure++;
}

export function backpressureDec(inst: InstanceState): void {
  if (inst.backpressure <= 0) trap('backpressure counter underflow');
  inst.backpressure--;
}
