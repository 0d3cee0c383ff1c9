// Shared by the WASI 0.3 interfaces: the host resource types (one set per WasiP3, so two hosts never share
// handles), the context every define* function receives, 0.3's error values, and the two shapes in which
// 0.3 moves bytes (or other elements) between host and guest:
//
//   - a host source handed to the guest: `tuple<stream<T>, future<result<_, E>>>` (stdin's read-via-stream,
//     a file's read-via-stream, read-directory; sockets' receive, HTTP bodies): `sourceStream`;
//   - a guest stream the host drains into a sink, answering `future<result<_, E>>` (stdout's
//     write-via-stream, a file's write-via-stream; sockets' send): `drainStream`.
//
// Streams and futures cross through the component runtime's host side (HostStreamReader, hostStream,
// HostFuture): the guest may suspend on them, so a WASI 0.3 program runs under callAsync (WasiP3.runAsync).
import { ResourceType } from '../../index.js';
import { HostFuture, type HostStreamReader } from '../../async/index.js';
import { closeDescriptor, type DescriptorRep } from '../descriptors.js';
import { errnoOf, errorCode } from '../error-codes.js';
import type { WasiHost } from '../host.js';

export type Result<T, E> = { tag: 'ok'; val?: T } | { tag: 'err'; val: E };

export function ok<T>(val?: T): Result<T, never> {
  return val === undefined ? { tag: 'ok' } : { tag: 'ok', val };
}

export function err<E>(val: E): Result<never, E> {
  return { tag: 'err', val };
}

/** The resource types of one WASI 0.3 host. Drops close what the guest no longer holds. */
export class WasiP3Resources {
  readonly descriptor = ResourceType.host('descriptor', (rep) => closeDescriptor(rep as DescriptorRep));
  readonly terminalInput = ResourceType.host('terminal-input');
  readonly terminalOutput = ResourceType.host('terminal-output');
}

/** What every WASI 0.3 define* function receives (p3-net's sockets and HTTP files too). */
export interface WasiP3Context {
  readonly host: WasiHost;
  readonly resources: WasiP3Resources;
  /** The version the interfaces are defined at (WASI_P3_VERSION). */
  readonly version: string;
}

/** 0.3 filesystem error-code cases (a variant: 0.2's enum without would-block, plus other(option<string>)). */
const FS_ERROR_CASES = new Set([
  'access', 'already', 'bad-descriptor', 'busy', 'deadlock', 'quota', 'exist', 'file-too-large', 'illegal-byte-sequence',
  'in-progress', 'interrupted', 'invalid', 'io', 'is-directory', 'loop', 'too-many-links', 'message-size', 'name-too-long',
  'no-device', 'no-entry', 'no-lock', 'insufficient-memory', 'insufficient-space', 'not-directory', 'not-empty',
  'not-recoverable', 'unsupported', 'no-tty', 'no-such-device', 'overflow', 'not-permitted', 'pipe', 'read-only',
  'invalid-seek', 'text-file-busy', 'cross-device',
]);

export type FsErrorCode = { tag: string; val?: string };

/**
 * The wasi:filesystem@0.3 `error-code` of a failure the shared host code raised (the same errno → name
 * table as 0.2 and preview1); anything that is not an I/O failure (a bug, a trap) propagates.
 */
export function fsErrorCode(e: unknown): FsErrorCode {
  const errno = errnoOf(e);
  if (errno === undefined) throw e;
  const name = errorCode(errno);
  return FS_ERROR_CASES.has(name) ? { tag: name } : { tag: 'other', val: name };
}

/** Runs a wasi:filesystem operation: its value as `ok`, an I/O failure as `err(error-code)`. */
export function fsResult<T>(f: () => T): Result<T, FsErrorCode> {
  try {
    return ok(f());
  } catch (e) {
    return err(fsErrorCode(e));
  }
}

/** wasi:cli@0.3's `error-code` enum (io, illegal-byte-sequence, pipe) of a stdio failure. */
export function cliErrorCode(e: unknown): string {
  const errno = errnoOf(e);
  if (errno === undefined) throw e;
  const name = errorCode(errno);
  return name === 'pipe' || name === 'illegal-byte-sequence' ? name : 'io';
}

/** A chunk of elements: an array, or a Uint8Array for a stream<u8>. */
export type Chunk = unknown[] | Uint8Array;

/**
 * A source of chunks: the next one (up to `max` elements), or null at the end; may wait (a Promise).
 * Throwing ends the stream with the error the future reports.
 */
export type Pull = (max: number) => Chunk | null | Promise<Chunk | null>;

/** How many elements a source is asked for at once. */
const PULL_SIZE = 64 * 1024;

/**
 * A host source as the guest's `tuple<stream<T>, future<result<_, E>>>`. The source is pulled only while
 * the guest waits to read (host-streams.ts), so a blocking source is never read ahead. The future resolves
 * to ok at the end of the source or when the guest drops the stream's readable end (as the WASI text
 * says), or to err(toError(e)) when pulling throws.
 */
export function sourceStream<E>(pull: Pull, toError: (e: unknown) => E): [AsyncIterable<Chunk>, HostFuture] {
  let resolve!: (r: Result<void, E>) => void;
  let reject!: (e: unknown) => void;
  const outcome = new Promise<Result<void, E>>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  const end = { done: true, value: undefined } as const;
  const iterator: AsyncIterator<Chunk> = {
    async next() {
      try {
        for (;;) {
          const p = pull(PULL_SIZE);
          const c = p instanceof Promise ? await p : p;
          if (c === null) break;
          if (c.length > 0) return { done: false, value: c };
        }
        resolve(ok());
      } catch (e) {
        // toError rethrows what is not an I/O failure (a host bug): the future is then dropped unwritten.
        try {
          resolve(err(toError(e)));
        } catch (bug) {
          reject(bug);
        }
      }
      return end;
    },
    // The guest dropped the readable end (before or after reading): success, as the WASI text says.
    async return() {
      resolve(ok());
      return end;
    },
  };
  return [{ [Symbol.asyncIterator]: () => iterator }, new HostFuture(outcome)];
}

/**
 * Drains the guest's `stream<u8>` into `write` (each chunk written entirely, or a throw), answering the
 * `future<result<_, E>>` the WASI function returns: ok once the guest dropped its writable end and
 * everything was written, err(toError(e)) when a write fails (the stream's readable end is dropped then,
 * so the guest's next write sees DROPPED). A chunk is written within the guest's stream write, so the
 * guest's write completes only after the host's did (a following stat sees the new size, and output
 * through 0.2 and 0.3 streams stays in order).
 */
export function drainStream<E>(
  reader: HostStreamReader<number>,
  write: (bytes: Uint8Array) => void | Promise<void>,
  toError: (e: unknown) => E,
): HostFuture {
  const done = reader
    .pipeTo((chunk) => write(chunk instanceof Uint8Array ? chunk : Uint8Array.from(chunk)), PULL_SIZE)
    .then((): Result<void, E> => ok(), (e: unknown) => err(toError(e)));
  return new HostFuture(done);
}
