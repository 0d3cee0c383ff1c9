// Shared by the WASI 0.2 interfaces: the host resource types (one set per WasiP2, so two hosts never
// share handles), the representations behind them, and the conversions between the preview1 errno the
// shared code throws and 0.2's `error-code` / `stream-error`.
import { ResourceType, hostResource, type ResourceHandle } from '../../index.js';
import { Errno, WasiError } from '../errno.js';
import { errnoOf, errorCode } from '../error-codes.js';
import { closeDescriptor, type DescriptorRep } from '../descriptors.js';

export type { DescriptorRep };
import { SocketError } from '../network.js';
import { HttpError } from '../http-client.js';
import { delay } from '../timers.js';

export { errorCode };

/**
 * wasi:io/poll's pollable: `ready` must not block. A synchronous pollable's `block` waits in place (a
 * sleep); an asynchronous one (a socket, an HTTP response) has `wait`, a Promise for readiness, and its
 * `block` returns that Promise: the guest suspends until it settles (the call must run under callAsync).
 */
export interface PollableRep {
  ready(): boolean;
  block(): void | Promise<void>;
  /** For pollables that become ready at a monotonic instant: when (ns). Lets `poll` sleep once. */
  deadline?: bigint;
  /** Asynchronous pollables: settles when `ready()` may have become true. */
  wait?(): Promise<void>;
}

/**
 * An input stream: `read` returns up to `max` bytes; an empty result means end of stream. A source that
 * fills asynchronously (a socket, an HTTP body) also has `ready` and `whenReady`: `read` is then called only
 * when `ready()` holds, and a blocking read without data waits for `whenReady()` (the guest suspends).
 */
export interface InputRep {
  read(max: number): Uint8Array;
  closed: boolean;
  ready?(): boolean;
  whenReady?(): Promise<void>;
}

/**
 * An output stream. `write` writes everything or throws (WasiError → last-operation-failed). A sink that
 * drains asynchronously also has `capacity` (what check-write grants now; 0 = not ready), `whenWritable`
 * and `whenFlushed` for the blocking calls to wait on.
 */
export interface OutputRep {
  write(bytes: Uint8Array): void;
  flush(): void;
  closed: boolean;
  capacity?(): number;
  whenWritable?(): Promise<void>;
  whenFlushed?(): Promise<void>;
}

export interface ErrorRep {
  errno: number;
  message: string;
  /** A socket stream's failure: its wasi:sockets error-code (network-error-code reports it). */
  socketCode?: string;
  /** An HTTP body's failure: its wasi:http error-code (http-error-code reports it). */
  httpCode?: unknown;
}

export interface DirStreamRep {
  entries: { name: string; filetype: number }[];
  next: number;
}

/** "Nothing yet" answers in a row before the guest is made to yield once (see SpinGuard). */
const SPIN_LIMIT = 64;

/**
 * A guest that polls an asynchronous source without ever blocking (a read that returns nothing, ready()
 * false, finish-* would-block, again and again) would hold the JS thread forever — and what it waits for
 * arrives on that thread. After SPIN_LIMIT such answers in a row the next one is given after one turn of
 * the event loop (a Promise: the guest suspends briefly under callAsync). Any progress resets the count.
 */
export class SpinGuard {
  private misses = 0;
  nothing<T>(value: T): T | Promise<T> {
    if (++this.misses < SPIN_LIMIT) return value;
    this.misses = 0;
    return delay(0, 'wasi:io').then(() => value);
  }
  progress(): void {
    this.misses = 0;
  }
}

/** The resource types of one WASI 0.2 host. Drops close what the guest no longer holds. */
export class WasiResources {
  /** Counts the guest's fruitless polls of asynchronous sources (one host's guest at a time). */
  readonly spin = new SpinGuard();
  readonly error = ResourceType.host('error');
  readonly pollable = ResourceType.host('pollable');
  readonly inputStream = ResourceType.host('input-stream');
  readonly outputStream = ResourceType.host('output-stream', (rep) => {
    try {
      (rep as OutputRep).flush();
    } catch {
      // Dropping flushes what it can; there is no one left to report a failure to.
    }
  });
  readonly descriptor = ResourceType.host('descriptor', (rep) => closeDescriptor(rep as DescriptorRep));
  readonly directoryEntryStream = ResourceType.host('directory-entry-stream');
  readonly terminalInput = ResourceType.host('terminal-input');
  readonly terminalOutput = ResourceType.host('terminal-output');
}

export const ALWAYS_READY: PollableRep = { ready: () => true, block: () => undefined };

/** A pollable over an asynchronous condition: `ready` now, or `wait` for it. */
export function asyncPollable(ready: () => boolean, wait: () => Promise<void>): PollableRep {
  return {
    ready,
    wait,
    block: () => (ready() ? undefined : waitUntil(ready, wait)),
  };
}

/** Waits (asynchronously, one wake-up at a time: no spinning) until `ready()` holds. */
export async function waitUntil(ready: () => boolean, wait: () => Promise<void>): Promise<void> {
  while (!ready()) await wait();
}

export type Result<T, E> = { tag: 'ok'; val?: T } | { tag: 'err'; val: E };

export function ok<T>(val?: T): Result<T, never> {
  return val === undefined ? { tag: 'ok' } : { tag: 'ok', val };
}

/** Runs a wasi:filesystem operation: its value as `ok`, an I/O failure as `err(error-code)`. */
export function fsResult<T>(f: () => T): Result<T, string> {
  try {
    return ok(f());
  } catch (e) {
    const errno = errnoOf(e);
    if (errno === undefined) throw e;
    return { tag: 'err', val: errorCode(errno) };
  }
}

export type StreamError = { tag: 'closed' } | { tag: 'last-operation-failed'; val: ResourceHandle };

/** Runs a stream operation: `closed` when the stream ended, `last-operation-failed(error)` on failure. */
export function streamResult<T>(res: WasiResources, f: () => T | 'closed'): Result<T, StreamError> {
  try {
    const v = f();
    return v === 'closed' ? { tag: 'err', val: { tag: 'closed' } } : ok(v);
  } catch (e) {
    return streamFailure(res, e);
  }
}

/** streamResult for an operation that may first wait: a Promise of the result when `f` returned one. */
export function streamResultAsync<T>(res: WasiResources, f: () => T | 'closed' | Promise<T | 'closed'>):
  Result<T, StreamError> | Promise<Result<T, StreamError>> {
  let v: T | 'closed' | Promise<T | 'closed'>;
  try {
    v = f();
  } catch (e) {
    return streamFailure(res, e);
  }
  if (!(v instanceof Promise)) return v === 'closed' ? { tag: 'err', val: { tag: 'closed' } } : ok(v as T);
  return v.then((x) => (x === 'closed' ? { tag: 'err', val: { tag: 'closed' } } : ok(x)), (e: unknown) => streamFailure(res, e));
}

function streamFailure(res: WasiResources, e: unknown): Result<never, StreamError> {
  const errno = errnoOf(e);
  if (errno === undefined) throw e;
  const rep: ErrorRep = { errno, message: e instanceof Error ? e.message : String(e) };
  if (e instanceof SocketError) rep.socketCode = e.code;
  if (e instanceof HttpError) rep.httpCode = e.code;
  return { tag: 'err', val: { tag: 'last-operation-failed', val: hostResource(res.error, rep) } };
}

export function badDescriptor(): never {
  throw new WasiError(Errno.BADF);
}

/** u64 from the guest as a JS number (lengths and offsets), clamped where a larger value means "all". */
export function toCount(x: bigint, max = Number.MAX_SAFE_INTEGER): number {
  return x > BigInt(max) ? max : Number(x);
}
