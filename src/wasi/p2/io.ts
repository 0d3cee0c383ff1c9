// wasi:io — error, poll, streams — and the stream representations over stdio and files.
//
// Two kinds of waiting. Synchronous sources (stdio and files on Node, timers) block in place: a synchronous
// read, or the clock's sleep; their streams are always ready. Asynchronous sources (sockets, HTTP bodies;
// see InputRep/OutputRep) are ready when data has arrived: a blocking call without it returns a Promise and
// the guest suspends until it settles (the export must be called with callAsync; otherwise the component
// layer traps with a message saying so). `poll` over asynchronous pollables races their Promises (and a
// timer for the earliest deadline) — one wake-up per event, never a loop.
import type { LinkerInstance, ResourceHandle } from '../../index.js';
import { hostResource } from '../../index.js';
import type { Clocks, FileHandle, InputStream, OutputStream } from '../host.js';
import { delay } from '../timers.js';
import { fileReader, fileWriter } from '../descriptors.js';
import {
  ALWAYS_READY, asyncPollable, ok, streamResult, streamResultAsync, toCount, waitUntil, type ErrorRep, type InputRep, type OutputRep,
  type PollableRep, type WasiResources,
} from './common.js';

/** Largest write `check-write` admits at once (the adapter writes in chunks of at most this). */
const WRITE_BUDGET = 1n << 20n;

export function streamInput(s: InputStream): InputRep {
  const rep: InputRep = { closed: false, read: (max) => s.read(max) };
  // An embedder's asynchronous stdin: its readiness is the stream's (poll and blocking reads wait on it).
  if (s.ready !== undefined && s.whenReady !== undefined) {
    const ready = s.ready.bind(s);
    const whenReady = s.whenReady.bind(s);
    rep.ready = ready;
    rep.whenReady = whenReady;
  }
  return rep;
}

export function streamOutput(s: OutputStream): OutputRep {
  return { closed: false, write: (b) => s.write(b), flush: () => s.flush?.() };
}

/** A source filled asynchronously (a socket, an HTTP body): see InputRep's `ready`/`whenReady`. */
export interface AsyncSource {
  read(max: number): Uint8Array | 'end' | null;
  canRead(): boolean;
  whenReadable(): Promise<void>;
}

export function asyncInput(src: AsyncSource): InputRep {
  return {
    closed: false,
    read(max) {
      const r = src.read(max);
      return r === 'end' || r === null ? new Uint8Array(0) : r;
    },
    ready: () => src.canRead(),
    whenReady: () => src.whenReadable(),
  };
}

export function fileInput(h: FileHandle, offset: number): InputRep {
  return { closed: false, read: fileReader(h, offset) };
}

export function fileOutput(h: FileHandle, offset: number | 'append'): OutputRep {
  return { closed: false, write: fileWriter(h, offset), flush: () => undefined };
}

/** Reads up to `len` bytes; end of input marks the stream closed. */
function readSome(r: InputRep, len: bigint): Uint8Array | 'closed' {
  if (r.closed) return 'closed';
  if (len === 0n) return new Uint8Array(0);
  const got = r.read(toCount(len, 1 << 20));
  if (got.length === 0) {
    r.closed = true;
    return 'closed';
  }
  return got;
}

/** Whether an asynchronous source has nothing to give yet (a read now would have to wait). */
function mustWait(r: InputRep): boolean {
  return !r.closed && r.ready !== undefined && !r.ready();
}

/** A read that waits for an asynchronous source first (a Promise), or reads now. */
function blockingRead<T>(r: InputRep, then: () => T): T | Promise<T> {
  if (!mustWait(r)) return then();
  return waitUntil(() => !mustWait(r), r.whenReady!).then(then);
}

function write(o: OutputRep, bytes: Uint8Array): undefined | 'closed' {
  if (o.closed) return 'closed';
  o.write(bytes);
  return undefined;
}

/** Settles at monotonic time `deadline` (the host's timer: a real wait, no spinning). */
function timerPromise(clocks: Clocks, deadline: bigint): Promise<void> {
  return delay(Number(deadline - clocks.monotonic()) / 1e6, 'wasi:io/poll');
}

/** Waits for the first of asynchronous pollables and timers, then returns the indices ready. */
async function pollAsync(clocks: Clocks, reps: PollableRep[], readyNow: () => number[]): Promise<Uint32Array> {
  for (;;) {
    const waits: Promise<void>[] = [];
    let first: bigint | undefined;
    for (const p of reps) {
      if (p.wait !== undefined) waits.push(p.wait());
      else if (p.deadline !== undefined && (first === undefined || p.deadline < first)) first = p.deadline;
    }
    if (first !== undefined) waits.push(timerPromise(clocks, first));
    await Promise.race(waits);
    const ready = readyNow();
    if (ready.length > 0) return Uint32Array.from(ready);
  }
}

/** Pollable that is ready at monotonic time `deadline`. */
export function timerPollable(clocks: Clocks, deadline: bigint): PollableRep {
  return {
    deadline,
    ready: () => clocks.monotonic() >= deadline,
    block: () => {
      const wait = deadline - clocks.monotonic();
      if (wait > 0n) clocks.sleep(wait);
    },
  };
}

export function defineIo(linker: LinkerInstance, res: WasiResources, clocks: Clocks, version: string): void {
  linker
    .instance(`wasi:io/error@${version}`)
    .resource('error', res.error)
    .func('[method]error.to-debug-string', (self: ResourceHandle) => (self.rep as ErrorRep).message);

  linker
    .instance(`wasi:io/poll@${version}`)
    .resource('pollable', res.pollable)
    .func('[method]pollable.ready', (self: ResourceHandle) => {
      const p = self.rep as PollableRep;
      if (p.ready()) {
        res.spin.progress();
        return true;
      }
      return p.wait !== undefined ? res.spin.nothing(false) : false;
    })
    .func('[method]pollable.block', (self: ResourceHandle) => (self.rep as PollableRep).block())
    .func('poll', (list: ResourceHandle[]) => {
      if (list.length === 0) throw new Error('wasi:io/poll.poll: empty list of pollables');
      const reps = list.map((h) => h.rep as PollableRep);
      const readyNow = () => reps.flatMap((p, i) => (p.ready() ? [i] : []));
      let ready = readyNow();
      if (ready.length === 0 && reps.some((p) => p.wait !== undefined)) return pollAsync(clocks, reps, readyNow);
      if (ready.length === 0) {
        // Only timers can be pending (synchronous streams are always ready): sleep until the earliest one.
        let first: PollableRep | undefined;
        for (const p of reps) if (p.deadline !== undefined && (first === undefined || p.deadline < first.deadline!)) first = p;
        (first ?? reps[0]).block();
        ready = readyNow();
      }
      return Uint32Array.from(ready);
    });

  const streams = linker.instance(`wasi:io/streams@${version}`);
  streams
    .resource('error', res.error)
    .resource('pollable', res.pollable)
    .resource('input-stream', res.inputStream)
    .resource('output-stream', res.outputStream);
  const input = (h: ResourceHandle) => h.rep as InputRep;
  const output = (h: ResourceHandle) => h.rep as OutputRep;
  const readFn = (self: ResourceHandle, len: bigint) => {
    if (mustWait(input(self))) return res.spin.nothing(ok(new Uint8Array(0)));
    res.spin.progress();
    return streamResult(res, () => readSome(input(self), len));
  };
  const blockingReadFn = (self: ResourceHandle, len: bigint) =>
    streamResultAsync(res, () => blockingRead(input(self), () => readSome(input(self), len)));
  const skipped = (r: Uint8Array | 'closed') => (r === 'closed' ? r : BigInt(r.length));
  const skipFn = (self: ResourceHandle, len: bigint) =>
    streamResult(res, () => (mustWait(input(self)) ? 0n : skipped(readSome(input(self), len))));
  const blockingSkipFn = (self: ResourceHandle, len: bigint) =>
    streamResultAsync(res, () => blockingRead(input(self), () => skipped(readSome(input(self), len))));
  const writeFn = (self: ResourceHandle, bytes: Uint8Array) => streamResult(res, () => write(output(self), bytes));
  const flushFn = (self: ResourceHandle) =>
    streamResult(res, () => {
      const o = output(self);
      if (o.closed) return 'closed';
      o.flush();
      return undefined;
    });
  /** Waits until everything written left (asynchronous sinks), then the result of `after`. */
  const flushed = <T>(o: OutputRep, after: () => T): T | Promise<T> => (o.whenFlushed === undefined ? after() : o.whenFlushed().then(after));
  const blockingFlushFn = (self: ResourceHandle) =>
    streamResultAsync(res, () => {
      const o = output(self);
      if (o.closed) return 'closed';
      o.flush();
      return flushed(o, () => undefined);
    });
  /** Writes all of `bytes` then flushes, waiting for capacity on asynchronous sinks. */
  const writeAllAndFlush = (o: OutputRep, bytes: Uint8Array): undefined | 'closed' | Promise<undefined | 'closed'> => {
    if (o.closed) return 'closed';
    if (o.capacity === undefined) {
      o.write(bytes);
      o.flush();
      return undefined;
    }
    const cap = o.capacity;
    const step = async (): Promise<undefined | 'closed'> => {
      let at = 0;
      while (at < bytes.length) {
        await waitUntil(() => o.closed || cap() > 0, o.whenWritable!);
        if (o.closed) return 'closed';
        const n = Math.min(cap(), bytes.length - at);
        o.write(bytes.subarray(at, at + n));
        at += n;
      }
      o.flush();
      await flushed(o, () => undefined);
      return undefined;
    };
    return step();
  };
  const zeroesFn = (self: ResourceHandle, len: bigint) => streamResult(res, () => write(output(self), new Uint8Array(toCount(len, 1 << 24))));
  const blockingZeroesFn = (self: ResourceHandle, len: bigint) =>
    streamResultAsync(res, () => writeAllAndFlush(output(self), new Uint8Array(toCount(len, 1 << 24))));
  const spliceNow = (o: OutputRep, src: InputRep, len: bigint): bigint | 'closed' => {
    if (o.closed) return 'closed';
    if (mustWait(src)) return 0n;
    const room = o.capacity === undefined ? len : BigInt(Math.min(o.capacity(), toCount(len)));
    const r = readSome(src, room);
    if (r === 'closed') return 'closed';
    o.write(r);
    return BigInt(r.length);
  };
  const spliceFn = (self: ResourceHandle, src: ResourceHandle, len: bigint) => streamResult(res, () => spliceNow(output(self), input(src), len));
  const blockingSpliceFn = (self: ResourceHandle, src: ResourceHandle, len: bigint) =>
    streamResultAsync(res, () => {
      const o = output(self);
      const i = input(src);
      const ready = () => o.closed || !mustWait(i);
      const go = () => spliceNow(o, i, len);
      if (o.capacity === undefined || o.capacity() > 0) return blockingRead(i, go);
      return waitUntil(() => o.closed || o.capacity!() > 0, o.whenWritable!).then(() => (ready() ? go() : blockingRead(i, go)));
    });
  const inputSubscribe = (self: ResourceHandle) => {
    const r = input(self);
    if (r.ready === undefined) return hostResource(res.pollable, ALWAYS_READY);
    return hostResource(res.pollable, asyncPollable(() => !mustWait(r), r.whenReady!));
  };
  const outputSubscribe = (self: ResourceHandle) => {
    const o = output(self);
    const capacity = o.capacity;
    if (capacity === undefined) return hostResource(res.pollable, ALWAYS_READY);
    const ready = () => {
      try {
        return o.closed || capacity() > 0;
      } catch {
        return true; // failed: the next check-write reports it
      }
    };
    return hostResource(res.pollable, asyncPollable(ready, o.whenWritable!));
  };
  streams
    .func('[method]input-stream.read', readFn)
    .func('[method]input-stream.blocking-read', blockingReadFn)
    .func('[method]input-stream.skip', skipFn)
    .func('[method]input-stream.blocking-skip', blockingSkipFn)
    .func('[method]input-stream.subscribe', inputSubscribe)
    .func('[method]output-stream.check-write', (self: ResourceHandle) =>
      streamResult(res, () => {
        const o = output(self);
        if (o.closed) return 'closed';
        return o.capacity === undefined ? WRITE_BUDGET : BigInt(o.capacity());
      }))
    .func('[method]output-stream.write', writeFn)
    .func('[method]output-stream.blocking-write-and-flush', (self: ResourceHandle, bytes: Uint8Array) =>
      streamResultAsync(res, () => writeAllAndFlush(output(self), bytes)))
    .func('[method]output-stream.flush', flushFn)
    .func('[method]output-stream.blocking-flush', blockingFlushFn)
    .func('[method]output-stream.subscribe', outputSubscribe)
    .func('[method]output-stream.write-zeroes', zeroesFn)
    .func('[method]output-stream.blocking-write-zeroes-and-flush', blockingZeroesFn)
    .func('[method]output-stream.splice', spliceFn)
    .func('[method]output-stream.blocking-splice', blockingSpliceFn);
}
