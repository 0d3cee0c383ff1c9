// wasi:io — error, poll, streams — and the stream representations over stdio and files.
//
// Execution is synchronous (no guest suspension yet, issue 13): a "blocking" call blocks the thread
// (a synchronous read, or Atomics.wait for timers) and every stream is reported ready by `subscribe`
// (a read may then block until data or end of input arrives).
import type { LinkerInstance, ResourceHandle } from '../../index.js';
import { hostResource } from '../../index.js';
import type { Clocks, FileHandle, InputStream, OutputStream } from '../host.js';
import { ALWAYS_READY, streamResult, toCount, type ErrorRep, type InputRep, type OutputRep, type PollableRep, type WasiResources } from './common.js';

/** Largest write `check-write` admits at once (the adapter writes in chunks of at most this). */
const WRITE_BUDGET = 1n << 20n;

export function streamInput(s: InputStream): InputRep {
  return { closed: false, read: (max) => s.read(max) };
}

export function streamOutput(s: OutputStream): OutputRep {
  return { closed: false, write: (b) => s.write(b), flush: () => s.flush?.() };
}

export function fileInput(h: FileHandle, offset: number): InputRep {
  let pos = offset;
  return {
    closed: false,
    read(max) {
      const buf = new Uint8Array(Math.min(max, 1 << 20));
      const n = h.read(buf, pos);
      pos += n;
      return buf.subarray(0, n);
    },
  };
}

export function fileOutput(h: FileHandle, offset: number | 'append'): OutputRep {
  let pos = offset === 'append' ? 0 : offset;
  return {
    closed: false,
    write(b) {
      if (offset === 'append') pos = Number(h.stat().size);
      let at = 0;
      while (at < b.length) {
        const n = h.write(b.subarray(at), pos);
        pos += n;
        at += n;
      }
    },
    flush: () => undefined,
  };
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

function write(o: OutputRep, bytes: Uint8Array): undefined | 'closed' {
  if (o.closed) return 'closed';
  o.write(bytes);
  return undefined;
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
    .func('[method]pollable.ready', (self: ResourceHandle) => (self.rep as PollableRep).ready())
    .func('[method]pollable.block', (self: ResourceHandle) => (self.rep as PollableRep).block())
    .func('poll', (list: ResourceHandle[]) => {
      if (list.length === 0) throw new Error('wasi:io/poll.poll: empty list of pollables');
      const reps = list.map((h) => h.rep as PollableRep);
      const readyNow = () => reps.flatMap((p, i) => (p.ready() ? [i] : []));
      let ready = readyNow();
      if (ready.length === 0) {
        // Only timers can be pending (streams are always ready): sleep until the earliest one.
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
  const readFn = (self: ResourceHandle, len: bigint) => streamResult(res, () => readSome(input(self), len));
  const skipFn = (self: ResourceHandle, len: bigint) =>
    streamResult(res, () => {
      const r = readSome(input(self), len);
      return r === 'closed' ? r : BigInt(r.length);
    });
  const writeFn = (self: ResourceHandle, bytes: Uint8Array) => streamResult(res, () => write(output(self), bytes));
  const flushFn = (self: ResourceHandle) =>
    streamResult(res, () => {
      const o = output(self);
      if (o.closed) return 'closed';
      o.flush();
      return undefined;
    });
  const zeroesFn = (self: ResourceHandle, len: bigint) => streamResult(res, () => write(output(self), new Uint8Array(toCount(len, 1 << 24))));
  const spliceFn = (self: ResourceHandle, src: ResourceHandle, len: bigint) =>
    streamResult(res, () => {
      const o = output(self);
      if (o.closed) return 'closed';
      const r = readSome(input(src), len);
      if (r === 'closed') return 'closed';
      o.write(r);
      return BigInt(r.length);
    });
  const subscribe = () => hostResource(res.pollable, ALWAYS_READY);
  streams
    .func('[method]input-stream.read', readFn)
    .func('[method]input-stream.blocking-read', readFn)
    .func('[method]input-stream.skip', skipFn)
    .func('[method]input-stream.blocking-skip', skipFn)
    .func('[method]input-stream.subscribe', subscribe)
    .func('[method]output-stream.check-write', (self: ResourceHandle) =>
      streamResult(res, () => (output(self).closed ? 'closed' : WRITE_BUDGET)))
    .func('[method]output-stream.write', writeFn)
    .func('[method]output-stream.blocking-write-and-flush', (self: ResourceHandle, bytes: Uint8Array) =>
      streamResult(res, () => {
        const o = output(self);
        if (o.closed) return 'closed';
        o.write(bytes);
        o.flush();
        return undefined;
      }))
    .func('[method]output-stream.flush', flushFn)
    .func('[method]output-stream.blocking-flush', flushFn)
    .func('[method]output-stream.subscribe', subscribe)
    .func('[method]output-stream.write-zeroes', zeroesFn)
    .func('[method]output-stream.blocking-write-zeroes-and-flush', zeroesFn)
    .func('[method]output-stream.splice', spliceFn)
    .func('[method]output-stream.blocking-splice', spliceFn);
}
