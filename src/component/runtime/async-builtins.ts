// Plan steps for the component-model async builtins (CanonicalABI.md, the 🔀 🧵 📝 `canon` definitions):
// task.return/cancel, context.get/set, backpressure, waitable sets, subtasks, streams and futures,
// error contexts and the cooperative thread builtins. They act on the instance that defines them and, where
// the spec reads `current_thread()`, on the running thread (threads.ts), which must be one of its tasks'.
// Part of the component-model async pack (`purewasm/async`, src/async/index.ts): nothing in the core imports it.
import type { Canon } from '../../decoder/component/ast.js';
import { I64 } from '../../decoder/module.js';
import { importPlan, memoryCodec, type FlatValue } from '../../abi/index.js';
import { AbiContext } from '../../abi/index.js';
import type { Scope } from '../validator/state.js';
import { resolveValType } from '../validator/value-types.js';
import { string as stringType, type AsyncValueType } from '../value-types.js';
import { ERROR_CONTEXT } from './async-kinds.js';
import { isMemory64, toAbiOptionsOf } from './calls.js';
import { optIndices, resolveOpts } from './canon-opts.js';
import { CallScope, trap } from './resources.js';
import type { InstanceState } from './state.js';
import type { Step } from './plan.js';
import { backpressureDec, backpressureInc, cancelTask, contextGet, contextSet, threadOf } from './async-tasks.js';
import { taskReturnFunc } from './task-return.js';
import { Blocker, Thread, type ThreadBody } from './threads.js';
import { BLOCKED, SUBTASK, addObject, getObject, leaveCheck, SYNC_IN_SET, removeObject, waitableJoin, waitableSetDrop, waitableSetNew, waitableSetPollFunc, waitableSetWaitFunc, type Subtask } from './waitables.js';
import { asyncValueNew, cancelFunc, copyFunc, dropEndFunc } from './streams.js';

type CoreFn = (...args: unknown[]) => unknown;


const builtin = (f: (st: InstanceState) => CoreFn): Step => (st) => {
  st.mayBlock = true;
  st.coreFuncs.push(f(st));
};

/** A builtin that never blocks and needs no fiber (context.get/set, backpressure). */
const plainBuiltin = (f: (st: InstanceState) => CoreFn): Step => (st) => {
  st.coreFuncs.push(f(st));
};


/** A debug message carried by an error-context value (spec ErrorContext). */
export class ErrorContext {
  constructor(readonly debugMessage: string) {}
}

/** The step of an async builtin, or undefined when `c` is not one. */
export function builtinStep(c: Canon, scope: Scope, offset: number): Step | undefined {
  switch (c.kind) {
    case 'task.return': {
      const rt = c.result === undefined ? undefined : resolveValType(c.result, scope, offset);
      const o = optIndices(c);
      return builtin((st) => taskReturnFunc(st, rt, resolveOpts(st, o)));
    }
    case 'task.cancel':
      return builtin((st) => () => {
        leaveCheck(st);
        const task = threadOf(st, 'task.cancel').task;
        if (!task.info.async) trap('`task.cancel` called by a synchronously lifted function');
        cancelTask(task);
      });
    case 'context.get':
    case 'context.set': {
      const slot = c.slot!;
      const i64 = c.valType === I64;
      const name = `${c.kind} ${i64 ? 'i64' : 'i32'} ${slot}`;
      if (c.kind === 'context.get') return plainBuiltin((st) => () => contextGet(threadOf(st, name), slot, i64));
      return plainBuiltin((st) => (v) => {
        contextSet(threadOf(st, name), slot, v as number | bigint);
      });
    }
    case 'backpressure.inc':
      return plainBuiltin((st) => () => backpressureInc(st));
    case 'backpressure.dec':
      return plainBuiltin((st) => () => backpressureDec(st));
    case 'backpressure.set':
      return plainBuiltin((st) => (on) => {
        st.backpressure = on === 0 ? 0 : 1;
      });
    case 'waitable-set.new':
      return builtin((st) => () => waitableSetNew(st));
    case 'waitable-set.drop':
      return builtin((st) => (i) => waitableSetDrop(st, i as number));
    case 'waitable-set.poll': {
      const mi = c.memory!;
      const cancellable = c.flag;
      return builtin((st) => waitableSetPollFunc(st, st.coreMemories[mi], cancellable));
    }
    case 'waitable-set.wait': {
      const mi = c.memory!;
      const cancellable = c.flag;
      return builtin((st) => waitableSetWaitFunc(st, st.coreMemories[mi], cancellable));
    }
    case 'waitable.join':
      return builtin((st) => (wi, si) => waitableJoin(st, wi as number, si as number));
    case 'subtask.cancel': {
      const async = c.flag;
      return builtin((st) => (iv) => subtaskCancel(st, iv as number, async));
    }
    case 'subtask.drop':
      return builtin((st) => (i) => {
        leaveCheck(st);
        const s = removeObject<Subtask>(st, i as number, SUBTASK, 'subtask');
        s.drop();
      });
    case 'error-context.new': {
      const o = optIndices(c);
      return builtin((st) => {
        const opts = resolveOpts(st, o);
        const abi = toAbiOptionsOf(st, opts);
        const plan = importPlan({ kind: 'func', params: [{ name: 'message', type: stringType }], result: undefined, async: false }, isMemory64(opts.memory));
        return (ptr, len) => {
          leaveCheck(st);
          const cx = new AbiContext(abi, new CallScope(st.table, st.flags, st.resolve, st.async));
          const msg = plan.liftParams(cx, [ptr as FlatValue, len as FlatValue])[0] as string;
          return addObject(st, ERROR_CONTEXT, new ErrorContext(msg));
        };
      });
    }
    case 'error-context.debug-message': {
      const o = optIndices(c);
      return builtin((st) => {
        const opts = resolveOpts(st, o);
        const abi = toAbiOptionsOf(st, opts);
        const store = memoryCodec(stringType, isMemory64(opts.memory)).store;
        return (i, ptr) => {
          leaveCheck(st);
          const e = getObject<ErrorContext>(st, i as number, ERROR_CONTEXT, 'error-context');
          const cx = new AbiContext(abi, new CallScope(st.table, st.flags, st.resolve, st.async));
          const p = typeof ptr === 'bigint' ? Number(ptr) : (ptr as number) >>> 0;
          cx.checkRange(p, cx.ptr64 ? 16 : 8, cx.ptr64 ? 8 : 4, 'debug message out-pointer');
          store(cx, e.debugMessage, p);
        };
      });
    }
    case 'error-context.drop':
      return builtin((st) => (i) => {
        leaveCheck(st);
        removeObject<ErrorContext>(st, i as number, ERROR_CONTEXT, 'error-context');
      });
    default:
      return c.kind.startsWith('stream.') || c.kind.startsWith('future.') ? asyncValueStep(c, scope, offset) : threadBuiltinStep(c);
  }
}

/** `{stream,future}.{new,read,write,cancel-read,cancel-write,drop-readable,drop-writable}`. */
function asyncValueStep(c: Canon, scope: Scope, offset: number): Step {
  const [kind, op] = c.kind.split('.') as ['stream' | 'future', string];
  // (`read`, `cancel-read`, `drop-readable` act on the readable end)
  const readable = op.includes('read');
  const t = (scope.type(c.type!, offset) as AsyncValueType).element;
  if (op === 'new') return builtin((st) => () => asyncValueNew(st, kind, t));
  if (op.startsWith('drop')) return builtin((st) => dropEndFunc(st, kind, readable, t));
  const async = c.flag;
  if (op.startsWith('cancel')) return builtin((st) => cancelFunc(st, kind, readable, t, async));
  const o = optIndices(c);
  return builtin((st) => {
    const opts = resolveOpts(st, o);
    return copyFunc(st, kind, readable, t, { abi: toAbiOptionsOf(st, opts), async: opts.async, ptr64: isMemory64(opts.memory) });
  });
}

/** `subtask.cancel` (spec canon_subtask_cancel). */
function subtaskCancel(st: InstanceState, i: number, async: boolean): number | Blocker {
  leaveCheck(st);
  const thread = threadOf(st, 'subtask.cancel');
  const s = getObject<Subtask>(st, i, SUBTASK, 'subtask');
  if (s.delivered) trap('cannot cancel a subtask whose resolution was already delivered');
  if (s.cancellationRequested) trap('cannot cancel a subtask twice');
  if (s.inWaitableSet() && !async) trap(SYNC_IN_SET);
  const finish = (): number => {
    s.getPendingEvent();
    return s.state;
  };
  if (!s.resolved()) {
    s.cancellationRequested = true;
    s.onCancel!(st);
    if (!s.resolved()) {
      if (async) return BLOCKED;
      return s.waitForPendingEvent(thread, finish);
    }
  }
  return finish();
}

/** The cooperative thread builtins (🧵), and thread.yield. */
function threadBuiltinStep(c: Canon): Step | undefined {
  const cancellable = c.flag;
  /**
   * Suspend the running thread, maybe switching to another: without a waiting condition (only an explicit
   * resume wakes it), or — `yielding` — ready to run again as soon as the others had their turn.
   */
  const yielding = c.kind.startsWith('thread.yield');
  const block = (t: Thread, switchTo: Thread | null): number | Blocker => {
    if (t.task.deliverPendingCancel(cancellable)) return 1;
    if (yielding) t.startWaiting(() => true);
    t.cancellable = cancellable;
    return new Blocker(switchTo, (cancelled) => (cancelled ? 1 : 0));
  };
  const other = (st: InstanceState, i: unknown, mustBeSuspended: boolean): Thread => {
    const o = st.threads.get(i as number);
    if (mustBeSuspended && !o.suspended()) trap('thread is not suspended');
    return o;
  };
  const name = c.kind;
  switch (c.kind) {
    case 'thread.yield':
    case 'thread.suspend':
      return builtin((st) => () => {
        leaveCheck(st);
        return block(threadOf(st, name), null);
      });
    case 'thread.index':
      return builtin((st) => () => {
        leaveCheck(st);
        return threadOf(st, name).index;
      });
    case 'thread.resume-later':
      return builtin((st) => (i) => {
        leaveCheck(st);
        other(st, i, true).resumeLater();
      });
    case 'thread.suspend-then-resume':
    case 'thread.yield-then-resume':
      return builtin((st) => (i) => {
        leaveCheck(st);
        return block(threadOf(st, name), other(st, i, true));
      });
    case 'thread.suspend-then-promote':
    case 'thread.yield-then-promote':
      return builtin((st) => (i) => {
        leaveCheck(st);
        const t = threadOf(st, name);
        const o = other(st, i, false);
        const promote = o.ready();
        if (promote) o.stopWaiting();
        return block(t, promote ? o : null);
      });
    // Shared-everything threads (🧵②): purewasm runs CanonicalABI.md's DETERMINISTIC_PROFILE for them — a
    // spawn creates no thread and returns 0 (canon_thread_spawn_ref / _indirect), the available
    // parallelism is 1 — since a preemptive thread run cooperatively could leave a guest that spins on
    // its progress hanging, and the store's results must not depend on interleavings. A guest's thread
    // library sees "no thread could be started" (pthread_create's EAGAIN) and can fall back.
    case 'thread.spawn-ref':
    case 'thread.spawn-indirect':
      return plainBuiltin((st) => () => {
        leaveCheck(st);
        return 0;
      });
    case 'thread.available-parallelism':
      return plainBuiltin(() => () => 1);
    case 'thread.new-indirect': {
      const ti = c.table!;
      return builtin((st) => (fi, arg) => {
        leaveCheck(st);
        const task = threadOf(st, name).task;
        const table = st.coreTables[ti] as { get(i: number): unknown };
        let f: unknown;
        try {
          f = table.get(fi as number);
        } catch {
          trap(`thread.new-indirect: table index ${fi as number} out of bounds`);
        }
        if (typeof f !== 'function') trap('thread.new-indirect: uninitialized table element');
        const t: Thread = new Thread(task, function* body(th): ThreadBody {
          yield* th.callCore(f, [arg]);
          task.unregisterThread(t);
        });
        task.registerThread(t);
        return t.index;
      });
    }
    default:
      return undefined;
  }
}
