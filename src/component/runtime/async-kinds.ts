// The private resource types that mark component-model async objects in an instance's handle table
// (waitable sets, subtasks, stream and future ends, error contexts: CanonicalABI.md keeps them in the one
// `handles` table with resource handles). No handle type or resource builtin can name them, so a resource
// operation on such an index traps with a type mismatch. The entry's rep is the object itself.
import { ResourceType } from '../value-types.js';

export const WAITABLE_SET = new ResourceType('instantiated', 'waitable-set');
export const SUBTASK = new ResourceType('instantiated', 'subtask');
export const STREAM_END = new ResourceType('instantiated', 'stream-end');
export const FUTURE_END = new ResourceType('instantiated', 'future-end');
export const ERROR_CONTEXT = new ResourceType('instantiated', 'error-context');

/** A stream or future end as a handle-table entry sees it (streams.ts implements it). */
export interface AsyncEnd {
  /** lift_stream / lift_future: checks the end may be passed (readable, idle, not in a set), returns the shared state. */
  liftShared(index: number, type: unknown): unknown;
}

/** The shared state of a stream or future as a lifted value: lowering it makes a new readable end. */
export interface AsyncShared {
  /** `elem`: the element type it is lowered as (a host-made future without one adopts it). */
  /** @internal */
  readableEnd(elem?: unknown): unknown;
}
