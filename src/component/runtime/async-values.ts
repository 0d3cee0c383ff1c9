// Stream and future ends and error contexts at the ABI boundary (CanonicalABI.md lift_stream / lift_future /
// lower_stream / lower_future, error-context), for the core's CallScope (resources.ts): an end moves out of
// the table as its shared state; lowering a shared state makes a new readable end; from the host, any
// (async) iterable is a stream and a Promise a future (host-streams.ts). The component-model async pack's.
// Part of the component-model async pack (`purewasm/async`, src/async/index.ts): nothing in the core imports it.
import type { AsyncValueType } from '../value-types.js';
import { ERROR_CONTEXT, FUTURE_END, STREAM_END, type AsyncEnd, type AsyncShared } from './async-kinds.js';
import { HostFuture, hostStream } from './host-streams.js';
import { trap, type HandleTable } from './resources.js';

export function liftAsyncValue(table: HandleTable, t: AsyncValueType, index: number): unknown {
  const e = table.get(index);
  if (e.rt !== (t.kind === 'stream' ? STREAM_END : FUTURE_END)) trap(`handle index ${index} is not a ${t.kind} end`);
  const shared = (e.rep as AsyncEnd).liftShared(index, t.element);
  table.remove(index);
  return shared;
}

export function lowerAsyncValue(table: HandleTable, t: AsyncValueType, value: unknown): number {
  let s = value as AsyncShared | null;
  if (s !== null && typeof s === 'object' && typeof s.readableEnd !== 'function') {
    if (t.kind === 'stream' && (Symbol.asyncIterator in s || Symbol.iterator in s)) s = hostStream(s as Iterable<unknown>, t.element);
    else if (t.kind === 'future' && typeof (s as { then?: unknown }).then === 'function') s = new HostFuture(s as unknown as PromiseLike<unknown>, t.element);
  }
  if (s === null || typeof s !== 'object' || typeof s.readableEnd !== 'function') throw new TypeError(`expected a ${t.kind} (a HostStreamReader or an iterable for a stream, a HostFuture or a Promise for a future)`);
  return table.put(t.kind === 'stream' ? STREAM_END : FUTURE_END, s.readableEnd(t.element));
}

export function liftErrorContext(table: HandleTable, index: number): unknown {
  const e = table.get(index);
  if (e.rt !== ERROR_CONTEXT) trap(`handle index ${index} is not an error-context`);
  return e.rep;
}

export function lowerErrorContext(table: HandleTable, value: unknown): number {
  return table.put(ERROR_CONTEXT, value);
}
