// The component layer's side of the component-model async pack (`purewasm/async`, issue #12): what the core
// hands over to it and how a component compiled without it is refused. The pack — async lift and lower,
// tasks beyond the sync case, waitables, streams, futures, error contexts, the subtask/thread/context/
// backpressure builtins, the host's streams and futures — is a plain object given to `new Component(bytes,
// { componentAsync })`; the compiled component keeps it (ValidateOptions, so nested components inherit it)
// and each of its instances reaches it as `InstanceState.async`: there is no registry. What every call needs,
// sync calls included — Task, Thread, the store's event loop (host Promises under callAsync), borrow scopes,
// may_leave/may_enter — stays in the core.
import type { Canon } from '../../decoder/component/ast.js';
import { packGiven, refuseWithoutPack } from '../pack-refusal.js';
import type { HandleTable } from './resources.js';
import type { AsyncValueType, FuncType, ValueType } from '../value-types.js';
import { childTypes } from '../value-types.js';
import type { Scope } from '../validator/state.js';
import type { CanonOpts, LiftParts } from './calls.js';
import type { Step } from './plan.js';
import type { InstanceState, RFunc } from './state.js';
import type { Task } from './task.js';
import type { Thread, ThreadBody } from './threads.js';

type CoreFn = (...args: unknown[]) => unknown;

/** The component-model async pack (`import { componentAsync } from 'purewasm/async'`). */
export interface ComponentAsync {
  readonly family: 'component-async';
  /** @internal The step of an async builtin (task.*, context.*, backpressure.*, waitable*, subtask.*, stream.*, future.*, error-context.*, thread.*). */
  builtinStep(c: Canon, scope: Scope, offset: number): Step | undefined;
  /** @internal A task of an async lift or of an async-typed function: its thread's body (calls.ts liftFunc). */
  liftBody(p: LiftParts, task: Task, thread: Thread, who: string | undefined, args0: readonly unknown[] | undefined): ThreadBody;
  /** @internal `canon lower ... async` (calls.ts lowerFunc). */
  lowerAsync(st: InstanceState, ft: FuncType, callee: RFunc, o: CanonOpts): CoreFn;
  /** @internal A sync lower of an async-typed function is called: may the running thread block? (traps if not) */
  syncCallCheck(st: InstanceState, thread: Thread | undefined): void;
  /** @internal A host function's result that arrives within the event loop (HostLater): its settle function (null: never), else undefined. */
  later(r: unknown): (() => unknown) | null | undefined;
  /** @internal Stream and future ends, error contexts at the ABI boundary (resources.ts CallScope). */
  liftAsyncValue(table: HandleTable, t: AsyncValueType, index: number): unknown;
  /** @internal */
  lowerAsyncValue(table: HandleTable, t: AsyncValueType, value: unknown): number;
  /** @internal */
  liftErrorContext(table: HandleTable, index: number): unknown;
  /** @internal */
  lowerErrorContext(table: HandleTable, value: unknown): number;
  /** @internal A fresh waitable set (snapshots restore an instance's sets). */
  newWaitableSet(): unknown;
}

/** The pack of instance `st`, which its component's compilation made sure it has. */
export function asyncOf(st: InstanceState): ComponentAsync {
  const a = st.async;
  if (a === undefined) throw new Error('internal: component-model async code in an instance compiled without it');
  return a;
}

/** Whether a value of type `t` holds a stream, future or error context (values only the pack can move). */
function hasAsyncValue(t: ValueType | undefined): boolean {
  if (t === undefined) return false;
  if (t.kind === 'stream' || t.kind === 'future' || t.kind === 'error-context') return true;
  for (const c of childTypes(t)) if (hasAsyncValue(c)) return true;
  return false;
}

/**
 * What in canon definition `c` (function type `ft` for lift and lower) needs the pack, or undefined: the
 * `async` option, an async-typed function, stream/future/error-context values in the signature, and every
 * builtin but resource.new/rep/drop.
 */
function asyncUse(c: Canon, ft: FuncType | undefined): string | undefined {
  if (c.kind !== 'lift' && c.kind !== 'lower') return c.kind === 'resource.new' || c.kind === 'resource.rep' || c.kind === 'resource.drop' ? undefined : c.kind;
  if (c.opts.some((o) => o.kind === 'async')) return `${c.kind} async`;
  if (ft === undefined) return undefined;
  if (ft.async) return `${c.kind} of an async function type`;
  if (ft.params.some((p) => hasAsyncValue(p.type)) || hasAsyncValue(ft.result)) return `${c.kind} of a function with stream, future or error-context values`;
  return undefined;
}

/** Refuses canon definition `c` at `offset` when it needs component-model async and the component was compiled without it. */
export function checkAsyncPack(c: Canon, ft: FuncType | undefined, pack: ComponentAsync | undefined, offset: number): void {
  if (packGiven(pack, 'component-async', 'componentAsync', 'async')) return;
  const use = asyncUse(c, ft);
  if (use !== undefined) refuseWithoutPack(use, offset, 'needs component-model async', 'componentAsync', 'async');
}
