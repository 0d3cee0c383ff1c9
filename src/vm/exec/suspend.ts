// Suspending and resuming a call. Because wasm→wasm calls never use the JS stack, a call that is running
// directly under `callAsync` (no host/JS frame between the entry and the current instruction) can stop at a
// host call that returned a Promise: the interpreter unwinds its JS frame by throwing a `Suspension` (which
// carries the resume point: function, frame base, pc, frame depth), the frames stay on the store's frame
// stack, and `resume` continues the loop there once the Promise settles (its value becomes the host call's
// results; a rejection is thrown from the call site: a WasmException can be caught by wasm handlers, any
// other error propagates like a host function's error).
//
// A store created with `outOfFuel: 'suspend'` suspends the same way when its fuel runs out under callAsync
// (resume point: the FUEL instruction itself, which checks again); the Promise settles when the embedder
// adds fuel (`store.addFuel`, `store.fuel = n`). Outside callAsync running out of fuel still traps.
//
// Rules (enforced, with clear errors):
// - A suspension may not cross a JS frame: a host function that calls back into wasm (or a call into
//   another store, which goes through JS) runs a nested execution, and a Promise returned below it cannot
//   suspend the outer call. That is an Error, never a half-unwound stack.
// - One async call per store runs at a time: the next `callAsync` on the same store waits for the previous
//   one (their frames share the store's stacks, which must unwind in order). Different stores run their
//   async calls interleaved. Synchronous calls into a store whose async call is suspended are fine: they
//   run above the suspended frames and return before it resumes.
import type { FuncInst } from '../runtime/func.js';
import type { Machine } from '../runtime/machine.js';

export class Suspension {
  /** The Promise the guest waits for. */
  readonly promise: PromiseLike<unknown>;
  /** The host function whose results the settled value provides (null: a fuel suspension, nothing to
   *  write), and where its arguments were. */
  readonly callee: FuncInst | null;
  readonly argFp: number;
  /** Resume point: the calling function, its frame base, the pc after the call, the frame depth. */
  readonly fn: FuncInst;
  readonly fp: number;
  readonly pc: number;
  readonly depth: number;
  /** Set by execute() as the suspension passes through it. */
  entry: FuncInst | null = null;
  entryDepth = 0;
  /** Set by the async driver: the function called and where its arguments/results are (snapshots). */
  callee0: FuncInst | null = null;
  base = 0;

  constructor(promise: PromiseLike<unknown>, callee: FuncInst | null, argFp: number, fn: FuncInst, fp: number, pc: number, depth: number) {
    this.promise = promise;
    this.callee = callee;
    this.argFp = argFp;
    this.fn = fn;
    this.fp = fp;
    this.pc = pc;
    this.depth = depth;
  }
}

/** Whether what store m's wasm calls now (a host function, a fuel check) can suspend the call (it runs directly under
 *  callAsync or a fiber, no JS frame between); JSPI's `Suspending` imports are refused before they run where
 *  it cannot (purewasm/polyfill). A tail call cannot either (exec/host.ts hostPromise), which shows later. */
export function canSuspend(m: Machine): boolean {
  return m.asyncLevel === m.nest;
}

export function isThenable(v: unknown): v is PromiseLike<unknown> {
  return v !== null && (typeof v === 'object' || typeof v === 'function') && typeof (v as { then?: unknown }).then === 'function';
}
