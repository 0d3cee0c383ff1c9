// Tasks (CanonicalABI.md "Task State", "Thread State"): every call of a lifted function runs as a task of
// the callee instance, with one implicit thread whose two context slots `context.get/set` read and write.
// This runtime has no suspension, so calls nest strictly: the running task is the top of one stack, and an
// async-lifted callee always finishes (returns or traps) before control goes back to its caller. Whatever
// would need a real suspension (waiting on a waitable set, backpressure, a callback asking to wait) traps
// with SUSPENSION_UNSUPPORTED instead of hanging.
import type { AbiContext, StringEncoding } from '../../abi/index.js';
import type { FuncType } from '../value-types.js';
import { trap, type CallScope } from './resources.js';

/** The reason of every trap that stands for a suspension this runtime cannot perform yet. */
export const SUSPENSION_UNSUPPORTED = 'not supported yet: component-model async suspension';

export function suspensionTrap(what: string): never {
  trap(`${SUSPENSION_UNSUPPORTED} (${what})`);
}

/** The per-instance state tasks share: the backpressure counter (spec ComponentInstance.backpressure). */
export interface TaskHost {
  backpressure: number;
}

const MASK_32 = 0xffffffffn;

/** What tasks of one lifted function share (built once per `canon lift`). */
export interface LiftInfo {
  readonly ft: FuncType;
  /** Lifted with the `async` option (so it must deliver its result through `task.return`). */
  readonly async: boolean;
  /** The lift's memory and string encoding, which `task.return`'s options must match. */
  readonly memory: unknown;
  readonly encoding: StringEncoding;
}

export class Task {
  /** Set by `task.return` (async lifts) or by the lift itself after the core call (sync lifts). */
  resolved = false;
  /** The value `task.return` delivered (async lifts). */
  result: unknown = undefined;
  /** The implicit thread's context slots as unsigned 64-bit values (spec Thread.storage), made on first use. */
  private storage: [bigint, bigint] | undefined = undefined;

  constructor(
    readonly host: TaskHost,
    readonly info: LiftInfo,
    /** The lift's ABI context and borrow scope (`task.return` lifts the result with them). */
    readonly cx: AbiContext,
    readonly scope: CallScope,
  ) {}

  /** Spec Task.may_block: async-typed tasks may block; sync-typed ones only after returning. */
  mayBlock(): boolean {
    return this.info.ft.async || this.resolved;
  }

  contextGet(slot: number, i64: boolean): number | bigint {
    const v = this.storage === undefined ? 0n : this.storage[slot];
    return i64 ? BigInt.asIntN(64, v) : Number(BigInt.asIntN(32, v & MASK_32));
  }

  contextSet(slot: number, v: number | bigint): void {
    let s = this.storage;
    if (s === undefined) s = this.storage = [0n, 0n];
    // i32 values arrive signed: the slot keeps them zero-extended (spec: v <= MASK_32BIT for i32).
    s[slot] = typeof v === 'bigint' ? BigInt.asUintN(64, v) : BigInt(v >>> 0);
  }
}

let running: Task | undefined;

/** The task whose core code is running, if any (none while an instance is being instantiated). */
export function currentTask(): Task | undefined {
  return running;
}

/** Make `task` the running one (its thread runs until the matching switch back); returns the previous. */
export function switchTask(task: Task | undefined): Task | undefined {
  const prev = running;
  running = task;
  return prev;
}

/** The running task, which must belong to `host` (a builtin of one instance acts on that instance's task). */
export function taskOf(host: TaskHost, builtin: string): Task {
  const t = running;
  if (t === undefined || t.host !== host) trap(`\`${builtin}\` called outside of a task of its component instance`);
  return t;
}

/** Spec Task.enter for async-typed functions: entering under backpressure would have to wait. */
export function enterAsync(host: TaskHost): void {
  if (host.backpressure > 0) suspensionTrap('the callee instance has backpressure set, the call would wait');
}

export const MAX_BACKPRESSURE = 0xffff;

export function backpressureInc(host: TaskHost): void {
  if (host.backpressure >= MAX_BACKPRESSURE) trap('backpressure counter overflow');
  host.backpressure++;
}

export function backpressureDec(host: TaskHost): void {
  if (host.backpressure <= 0) trap('backpressure counter underflow');
  host.backpressure--;
}
