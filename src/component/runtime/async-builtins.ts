// Plan steps for the component-model async builtins this runtime runs synchronously (task.return,
// task.cancel, context.get/set, backpressure, thread.yield, waitable sets, subtasks). The builtins act on the
// instance that defines them and, where the spec reads `thread.task`, on the running task (task.ts).
import type { Canon } from '../../decoder/component/ast.js';
import { I64 } from '../../decoder/module.js';
import type { Scope } from '../validator/state.js';
import { resolveValType } from '../validator/value-types.js';
import { optIndices, resolveOpts } from './canon-opts.js';
import { trap } from './resources.js';
import type { InstanceState } from './state.js';
import type { Step } from './plan.js';
import { backpressureDec, backpressureInc, currentTask, suspensionTrap, taskOf } from './task.js';
import { taskReturnFunc } from './task-return.js';
import { waitableJoin, waitableSetDrop, waitableSetNew, waitableSetPollFunc, waitableSetWait } from './waitables.js';

type CoreFn = (...args: unknown[]) => unknown;

const builtin = (f: (st: InstanceState) => CoreFn): Step => (st) => {
  st.coreFuncs.push(f(st));
};

/** The step of an async builtin, or undefined when `c` is not one this runtime runs. */
export function asyncBuiltinStep(c: Canon, scope: Scope, offset: number): Step | undefined {
  switch (c.kind) {
    case 'task.return': {
      const rt = c.result === undefined ? undefined : resolveValType(c.result, scope, offset);
      const o = optIndices(c);
      return builtin((st) => taskReturnFunc(st, rt, resolveOpts(st, o)));
    }
    case 'task.cancel':
      return builtin((st) => () => {
        if (!st.flags.mayLeave) trap('cannot leave component instance');
        const task = taskOf(st, 'task.cancel');
        if (!task.info.async) trap('`task.cancel` called by a synchronously lifted function');
        // Cancellation is only delivered to a task that waits, and no task waits here.
        trap('`task.cancel` called without a delivered cancellation request');
      });
    case 'context.get':
    case 'context.set': {
      const slot = c.slot!;
      const i64 = c.valType === I64;
      const name = `${c.kind} ${i64 ? 'i64' : 'i32'} ${slot}`;
      if (c.kind === 'context.get') return builtin((st) => () => taskOf(st, name).contextGet(slot, i64));
      return builtin((st) => (v) => {
        taskOf(st, name).contextSet(slot, v as number | bigint);
      });
    }
    case 'backpressure.inc':
      return builtin((st) => () => backpressureInc(st));
    case 'backpressure.dec':
      return builtin((st) => () => backpressureDec(st));
    case 'backpressure.set':
      return builtin((st) => (on) => {
        st.backpressure = on === 0 ? 0 : 1;
      });
    case 'thread.yield':
      return builtin((st) => () => {
        if (!st.flags.mayLeave) trap('cannot leave component instance');
        // A task that may not block yields as a no-op (spec Thread.yield_until); one that may block would
        // suspend, letting its caller go on (a guest may yield in a loop waiting for that).
        const t = currentTask();
        if (t !== undefined && t.host === st && t.mayBlock()) suspensionTrap('thread.yield');
        return 0; // not cancelled
      });
    case 'waitable-set.new':
      return builtin((st) => () => waitableSetNew(st));
    case 'waitable-set.drop':
      return builtin((st) => (i) => waitableSetDrop(st, i as number));
    case 'waitable-set.poll': {
      const mi = c.memory!;
      return builtin((st) => waitableSetPollFunc(st, st.coreMemories[mi]));
    }
    case 'waitable-set.wait':
      return builtin((st) => (si) => waitableSetWait(st, si as number));
    case 'waitable.join':
      return builtin((st) => (wi) => waitableJoin(st, wi as number));
    case 'subtask.drop':
    case 'subtask.cancel': {
      const kind = c.kind;
      const sync = kind === 'subtask.cancel' && !c.flag;
      return builtin((st) => (i) => {
        if (!st.flags.mayLeave) trap('cannot leave component instance');
        if (sync && !taskOf(st, kind).mayBlock()) trap('cannot block a synchronous task before returning');
        // Async lowers here always return RETURNED without creating a subtask, so no index names one.
        trap(`unknown subtask index ${i as number}`);
      });
    }
    default:
      return undefined;
  }
}
