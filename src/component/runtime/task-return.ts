// `canon task.return` (CanonicalABI.md canon_task_return): an async-lifted task delivers its result. The
// result type and the lift-relevant options (memory, string encoding) must be those of the lifted function
// the running task belongs to; the task returns once, and not while borrows it received are still held.
// Part of the component-model async pack (`purewasm/async`, src/async/index.ts): nothing in the core imports it.
import { taskReturnPlan } from '../../abi/async-plan.js';
import type { FlatValue } from '../../abi/index.js';
import type { FuncType, ValueType } from '../value-types.js';
import { SubtypeCtx, valueEq } from '../validator/subtype.js';
import type { CanonOpts } from './calls.js';
import { trap } from './resources.js';
import type { InstanceState } from './state.js';
import { RETURNED_TWICE } from './task.js';
import { threadOf } from './async-tasks.js';
import { leaveCheck } from './waitables.js';

export function taskReturnFunc(st: InstanceState, rt: ValueType | undefined, o: CanonOpts): (...flat: unknown[]) => void {
  // The result is lifted with the task's lift context, so its pointer size is the lift's memory's.
  const plan32 = taskReturnPlan(rt);
  const encoding = o.encoding ?? 'utf8';
  // Whether this builtin's result type is the result type of a lifted function (checked once per type).
  const matches = new WeakMap<FuncType, boolean>();
  const sameResult = (ft: FuncType): boolean => {
    let m = matches.get(ft);
    if (m === undefined) {
      const r = ft.result;
      m = rt === undefined || r === undefined ? rt === r : valueEq(new SubtypeCtx(), rt, r);
      matches.set(ft, m);
    }
    return m;
  };
  return (...flat) => {
    leaveCheck(st);
    const task = threadOf(st, 'task.return').task;
    const info = task.info;
    if (!info.async) trap('`task.return` called by a synchronously lifted function');
    if (!sameResult(info.ft)) trap('`task.return` result type does not match the lifted function\'s result type');
    // A memory named by task.return must be the lift's; one it does not name is never read (the reference
    // tests return nothing through a memory-less task.return from a lift that has a memory).
    if ((o.memory !== undefined && o.memory !== info.memory) || encoding !== info.encoding) trap('`task.return` options do not match the lifted function\'s options');
    if (task.resolved) trap(RETURNED_TWICE);
    const plan = task.cx.ptr64 ? taskReturnPlan(rt, true) : plan32;
    task.return_(plan.liftResult(task.cx, flat as FlatValue[]));
  };
}
