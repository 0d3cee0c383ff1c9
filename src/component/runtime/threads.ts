// Threads and the per-store event loop of component-model async (CanonicalABI.md "Concurrency": Thread,
// Store.tick; issue #18).
//
// The spec runs every thread as a continuation. Here a thread is a JS generator (its own control flow:
// canon lift's callback loop, waiting to enter under backpressure) whose core wasm calls run on a VM
// fiber (src/vm/fiber.ts: own value and frame stacks in the store), so a thread can block in the middle of
// a core call, stackful, and any other thread of the store can run meanwhile. A thread blocks in one of
// two ways:
//   - in its generator: `yield switchTo` (null: back to whoever resumed it);
//   - in a builtin called by its wasm (waitable-set.wait, a sync lowered call …): the builtin returns a
//     Blocker; the interpreter suspends the fiber on it (a thenable), the thread's generator yields the
//     Blocker's switch target, and when the thread is resumed the Blocker's continuation computes the
//     builtin's result, which the fiber resumes with.
//
// DETERMINISM. The spec lets an implementation choose at random (which ready thread runs, which pending
// event a waitable set delivers, whether wait_until may return at once). purewasm never chooses at random:
//   - `wait_until` goes on at once when its condition already holds (as wasmtime, whose behaviour the
//     reference tests check: an event already pending is delivered without a switch), and blocks otherwise;
//     `thread.yield` always lets the other ready threads run first;
//   - the event loop runs the ready thread that started waiting first (the `waiting` list is FIFO);
//   - a waitable set delivers the pending event of its member that joined first;
//   - a host Promise that settles makes its thread ready at the next turn of the loop, in settlement order.
// So the completion order is a function of the guest's code and the order in which host Promises settle:
// a replay that settles the same Promises in the same order sees the same interleaving.
import { Fiber, funcInstOf } from '../../vm/fiber.js';
import type { Machine } from '../../vm/runtime/machine.js';
import { Trap } from '../../vm/errors.js';
import { WasmException } from '../../vm/runtime/tag.js';
import type { Store } from '../../vm/api.js';
import { lockDown } from './resources.js';
import type { Task } from './task.js';

type CoreFn = (...args: unknown[]) => unknown;

/** A builtin that must block returns this; the fiber suspends on it (it is a thenable for the VM only). */
export class Blocker {
  constructor(
    /** @internal The thread to switch to (thread.*-then-resume), else null. */
    readonly switchTo: Thread | null,
    /** Computes the builtin's result once the thread runs again (`cancelled`: it was resumed by a cancel). */
    readonly cont: (cancelled: boolean) => unknown,
    /** @internal A sync call into another component: the blocked task keeps its instance exclusively meanwhile. */
    readonly holdsInstance = false,
  ) {}

  // Only the VM's isThenable looks at this; nothing ever awaits a Blocker.
  then(): void {
    throw new Error('a component-model async builtin blocked outside of a thread');
  }
}

export type ThreadBody = Generator<Thread | null, void, boolean>;

const DONE: IteratorResult<Thread | null, void> = { done: true, value: undefined };

/** The thread whose code runs now (one JS stack: at most one). */
let current: Thread | undefined;

export function currentThread(): Thread | undefined {
  return current;
}

/** Makes `t` the current thread and returns the one it replaces (the direct path of a sync call and realloc, calls.ts). */
export function swapCurrent(t: Thread | undefined): Thread | undefined {
  const prev = current;
  current = t;
  return prev;
}

export class Thread {
  private gen: ThreadBody | null = null;
  /** @internal Not null while the thread waits: the condition under which it may run again. */
  readyFunc: (() => boolean) | null = null;
  private running_ = false;
  done = false;
  cancellable = false;
  /** Index in the instance's thread table while registered. */
  index: number | undefined = undefined;
  /** The direct path's thread (calls.ts startDirect): its core call runs on the caller's JS stack, so it
   *  can never wait; a lowered call that does not resolve at once traps there. */
  direct = false;
  /** context.get/set slots, unsigned (i32 slots hold values below 2^32); made on the first context.set. */
  storage: [bigint, bigint] | null = null;
  /** The fiber its core calls run on (made on the first core call, returned to the pool when done). */
  private fiber: Fiber | null = null;

  /** The thread's code before it first runs: a generator function, or a plain function that returns a
   *  generator only if it must block (sync calls that never block allocate no generator). */
  private startFn: ((t: Thread) => ThreadBody | undefined) | null;

  constructor(readonly task: Task, body: (t: Thread) => ThreadBody | undefined) {
    this.startFn = body;
  }

  /** @internal */
  get sched(): Scheduler {
    return this.task.inst.sched;
  }

  running(): boolean {
    return this.running_;
  }
  suspended(): boolean {
    return !this.running_ && !this.done && this.readyFunc === null;
  }
  waiting(): boolean {
    return !this.running_ && this.readyFunc !== null;
  }
  ready(): boolean {
    return this.waiting() && this.readyFunc!();
  }

  /** @internal */
  startWaiting(ready: () => boolean): void {
    this.readyFunc = ready;
    this.sched.waiting.push(this);
  }

  /** @internal */
  stopWaiting(): void {
    this.readyFunc = null;
    const w = this.sched.waiting;
    const i = w.indexOf(this);
    if (i >= 0) w.splice(i, 1);
  }

  resumeLater(): void {
    this.startWaiting(() => true);
  }

  /** Runs this thread (and the threads it switches to) until each blocks or ends (spec Thread.resume). */
  resume(cancelled = false): void {
    if (this.waiting()) this.stopWaiting();
    let t: Thread | null = this;
    let c = cancelled;
    while (t !== null) {
      const prev = current;
      current = t;
      t.running_ = true;
      let r: IteratorResult<Thread | null, void>;
      try {
        const start: ((th: Thread) => ThreadBody | undefined) | null = t.startFn;
        if (start !== null) {
          t.startFn = null;
          t.gen = start(t) ?? null;
        }
        r = t.gen === null ? DONE : t.gen.next(c);
      } catch (e) {
        t.finish();
        throw e;
      } finally {
        t.running_ = false;
        current = prev;
      }
      if (r.done === true) {
        t.finish();
        t = null;
      } else t = r.value;
      c = false;
    }
  }

  private finish(): void {
    this.done = true;
    this.gen = null;
    this.startFn = null;
    if (this.readyFunc !== null) this.stopWaiting();
    if (this.fiber !== null && !this.fiber.suspended) this.sched.fibers.push(this.fiber);
    this.fiber = null;
  }

  /** Generator step: block until `ready` (spec Thread.wait_until; deterministic: never blocks when ready). */
  *waitUntil(ready: () => boolean, cancellable: boolean, yielding = false): Generator<Thread | null, boolean, boolean> {
    if (this.task.deliverPendingCancel(cancellable)) return true;
    if (!yielding && ready()) return false;
    this.startWaiting(ready);
    this.cancellable = cancellable;
    return yield null;
  }

  /** The same wait, from a builtin called by wasm: returns `then`'s value now or a Blocker. */
  waitThen<R>(ready: () => boolean, cancellable: boolean, then: (cancelled: boolean) => R, holdsInstance = false): R | Blocker {
    if (this.task.deliverPendingCancel(cancellable)) return then(true);
    if (ready()) return then(false);
    this.startWaiting(ready);
    this.cancellable = cancellable;
    return new Blocker(null, then, holdsInstance);
  }

  /** The result of the last core call that `beginCore` finished. */
  private coreValue: unknown = undefined;
  /** A Blocker a host function (not a fiber) returned to `beginCore`. */
  private hostBlocker: Blocker | null = null;

  /** Generator step: call a core function on this thread's fiber; blocking builtins suspend it. */
  *callCore(core: unknown, args: readonly unknown[]): Generator<Thread | null, unknown, boolean> {
    if (this.beginCore(core, args)) return this.takeCoreValue();
    return yield* this.finishCore();
  }

  /**
   * Starts a core call: true when it returned (its result: `takeCoreValue()`), false when it blocked —
   * then `finishCore` (a generator step) completes it. A core exception leaving it is a trap (spec
   * call_and_trap_on_throw): no caller's wasm may catch it.
   */
  beginCore(core: unknown, args: readonly unknown[]): boolean {
    try {
      const f = funcInstOf(core);
      if (f === undefined || f.host !== null || f.store === null || (f.store as Machine) !== this.sched.machine) {
        // A host function (a lowered import used as a lifted core function) or another store's function:
        // it runs on the JS stack; a Blocker it returns blocks this thread's generator directly.
        const r = (core as CoreFn)(...args);
        if (r instanceof Blocker) {
          this.hostBlocker = r;
          return false;
        }
        this.coreValue = r;
        return true;
      }
      let fiber = this.fiber;
      if (fiber === null) fiber = this.fiber = this.sched.fibers.pop() ?? new Fiber(this.sched.machine);
      if (!fiber.call(f, args)) return false;
      this.coreValue = fiber.value;
      fiber.value = undefined;
      return true;
    } catch (e) {
      throw coreError(e);
    }
  }

  /** @internal */
  takeCoreValue(): unknown {
    const v = this.coreValue;
    this.coreValue = undefined;
    return v;
  }

  /** Generator step: completes the core call `beginCore` left blocked. */
  *finishCore(): Generator<Thread | null, unknown, boolean> {
    try {
      const hb = this.hostBlocker;
      if (hb !== null) {
        this.hostBlocker = null;
        const c = yield hb.switchTo;
        return hb.cont(c);
      }
      const fiber = this.fiber!;
      let done = false;
      while (!done) {
        const w = fiber.value as PromiseLike<unknown>;
        let outcome: unknown;
        let failed = false;
        if (w instanceof Blocker) {
          // A callback-lifted task that blocks inside its core code (a sync builtin) lets other such tasks of
          // its instance in meanwhile, and waits for the instance to be free again before it goes on (as
          // wasmtime; the reference tests sync-streams.wast and task-builtins.wast rely on it); so does a
          // sync-lifted one that already returned. A task blocked in a sync call of another component keeps
          // the instance (async-calls-sync.wast).
          const inst = this.task.inst;
          const exclusive = inst.exclusiveThread === this && !w.holdsInstance && (this.task.info.callback || this.task.resolved);
          if (exclusive) {
            inst.exclusiveThread = undefined;
            const r = this.readyFunc;
            if (r !== null) this.readyFunc = () => inst.exclusiveThread === undefined && r();
          }
          const c = yield w.switchTo;
          if (exclusive) inst.exclusiveThread = this;
          try {
            outcome = w.cont(c);
          } catch (e) {
            outcome = e;
            failed = true;
          }
        } else {
          // A host Promise (a core import of the host returned one): wait for it to settle.
          const p = this.sched.hostWait(w);
          yield* this.waitUntil(() => p.settled, false);
          outcome = p.value;
          failed = p.failed;
        }
        done = fiber.resume(outcome, failed);
      }
      const v = fiber.value;
      fiber.value = undefined;
      return v;
    } catch (e) {
      throw coreError(e);
    }
  }
}

/** A core exception leaving a lifted function (or a thread's function) is a trap. */
export function coreError(e: unknown): unknown {
  return e instanceof WasmException ? new Trap('thrown Wasm exception') : e;
}

/** A host Promise being waited for: settled by its reaction, which also wakes the event loop. */
export interface HostWait {
  settled: boolean;
  failed: boolean;
  value: unknown;
}

/** The event loop of one store (spec Store: the waiting threads). */
export class Scheduler {
  readonly waiting: Thread[] = [];
  /** Fibers of finished threads, reused (a fresh one allocates stacks). */
  readonly fibers: Fiber[] = [];
  /** @internal Host Promises in flight; `wake` resolves when one settles. */
  pendingHost = 0;
  /** @internal Names the host function whose Promise was tracked last (for the message of a sync caller that cannot wait). */
  pendingWho: string | undefined = undefined;
  /** The async drivers waiting for something to settle (several callAsync calls may wait at once). */
  private wakers: (() => void)[] = [];

  /** Host results queued to arrive when nothing else can run (HostLater), in the order they were made. */
  private readonly later: { readonly settle: () => unknown; readonly onSettle: (failed: boolean, v: unknown) => void }[] = [];

  constructor(readonly machine: Machine) {}

  /** Queue a HostLater result; returns how to withdraw it (cancellation). */
  queueLater(settle: () => unknown, onSettle: (failed: boolean, v: unknown) => void): () => boolean {
    const item = { settle, onSettle };
    this.later.push(item);
    return () => {
      const i = this.later.indexOf(item);
      if (i < 0) return false;
      this.later.splice(i, 1);
      return true;
    };
  }

  /** Runs one ready thread, the one that waited longest (spec Store.tick); false if none is ready. */
  tick(): boolean {
    for (const t of this.waiting) {
      if (!t.ready()) continue;
      const inst = t.task.inst;
      inst.enterFrom(undefined);
      try {
        t.resume();
      } catch (e) {
        // A failure in a thread the loop resumed locks its instance down, as one in a call does.
        lockDown(inst.flags, e);
        throw e;
      } finally {
        inst.leaveTo(undefined);
      }
      return true;
    }
    // Nothing ready: the host result queued first arrives.
    const item = this.later.shift();
    if (item === undefined) return false;
    let v: unknown;
    let failed = false;
    try {
      v = item.settle();
    } catch (e) {
      v = e;
      failed = true;
    }
    item.onSettle(failed, v);
    return true;
  }

  /** Track a host Promise a thread waits for; settling it wakes an async driver. */
  hostWait(p: PromiseLike<unknown>): HostWait {
    const w: HostWait = { settled: false, failed: false, value: undefined };
    this.track(p, 'a host function', (failed, v) => {
      w.settled = true;
      w.failed = failed;
      w.value = v;
    });
    return w;
  }

  /** Runs `onSettle` when `p` settles (in settlement order), then wakes an async driver waiting for it. */
  track(p: PromiseLike<unknown>, who: string, onSettle: (failed: boolean, v: unknown) => void): void {
    this.pendingHost++;
    this.pendingWho = who;
    const done = (failed: boolean) => (v: unknown): void => {
      this.pendingHost--;
      try {
        onSettle(failed, v);
      } finally {
        this.poke();
      }
    };
    p.then(done(false), done(true));
  }

  /** @internal Host ends of streams and futures that may still make a guest thread ready (host-streams.ts). */
  hostStreams = 0;
  /** @internal How many drivers (callSync / callAsync / pump) are running the loop right now. */
  driving = 0;
  /** @internal How many callAsync drivers run: their sync calls take the fiber path, so host Promises can
   *  suspend them. */
  asyncDriving = 0;

  /**
   * Something outside the loop made a thread ready (a host Promise settled, the host read or wrote a
   * stream): wake the async drivers waiting for that (each looks whether its call can go on), or, when
   * no driver runs, run the ready threads now.
   */
  poke(): void {
    const ks = this.wakers;
    if (ks.length > 0) {
      this.wakers = [];
      for (const k of ks) k();
      return;
    }
    if (this.driving > 0) return;
    this.driving++;
    try {
      while (this.tick()) {
        // run until nothing is ready
      }
    } finally {
      this.driving--;
    }
  }

  /** Resolves when a host Promise settles (an async driver awaits it when nothing is ready). */
  settled(): Promise<void> {
    return new Promise<void>((r) => this.wakers.push(r));
  }
}

/** The store's scheduler, made on first use (it lives as long as the store). */
export function schedulerOf(store: Store): Scheduler {
  let s = store.componentScheduler as Scheduler | undefined;
  if (s === undefined) store.componentScheduler = s = new Scheduler(store);
  return s;
}
