// Driving an async call (exec/suspend.ts): run until the call returns or suspends; while suspended, await
// the Promise and resume. Used by callAsync (api.ts) and by the calls a snapshot restores (src/snapshot/store.ts).
import type { FuncInst } from '../runtime/func.js';
import type { Machine } from '../runtime/machine.js';
import { execute, resume } from './interpreter.js';
import { outOfWasm } from './host.js';
import { Suspension } from './suspend.js';

/**
 * Runs an async call of `f` in store m once the store's earlier async calls are done (they share its
 * stacks): `start` then writes the arguments and returns where (its stack base); `finish` reads the results
 * there. `from`: a suspension to continue instead of a fresh call (with the outcome of what it waited for).
 */
export async function driveAsync<R>(m: Machine, f: FuncInst, start: () => number, finish: (base: number) => R,
  from: Suspension | null = null, outcome: unknown = undefined, failed = false): Promise<R> {
  const previous = m.asyncTail;
  let release!: () => void;
  m.asyncTail = new Promise<void>((r) => (release = r));
  await previous;
  const saved = m.asyncLevel;
  let s = from;
  let base = -1;
  try {
    base = start();
    for (;;) {
      m.asyncLevel = m.nest + 1; // the execution started next may suspend; nested ones may not
      const hook = m.callHook;
      try {
        if (hook !== null) hook('calling-wasm');
        if (s === null) execute(f, base, null, undefined);
        else {
          removeSuspended(m, s);
          resume(s, outcome, failed);
        }
        break;
      } catch (e) {
        if (!(e instanceof Suspension)) throw outOfWasm(e);
        s = e;
        s.base = base;
        s.callee0 = f;
        m.suspended.push(s);
      } finally {
        m.asyncLevel = saved;
        if (hook !== null) hook('returning-from-wasm');
      }
      // suspended: the frames stay; synchronous calls into this store meanwhile run above them
      m.sp = Math.max(m.sp, s.fp + s.fn.frameSize);
      try {
        outcome = await s.promise;
        failed = false;
      } catch (e) {
        outcome = e;
        failed = true;
      }
    }
    return finish(base);
  } finally {
    if (s !== null) removeSuspended(m, s);
    if (base >= 0) {
      // before the next queued call starts: it puts its arguments at sp
      m.sp = base;
      if (base === 0 && m.depth === 0) m.trimStack();
    }
    release();
  }
}

function removeSuspended(m: Machine, s: Suspension): void {
  const i = m.suspended.indexOf(s);
  if (i >= 0) m.suspended.splice(i, 1);
}
