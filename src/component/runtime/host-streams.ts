// Streams and futures at the JS boundary (issue #18, host side). A stream or future a component hands to
// the host arrives as a HostStreamReader / HostFutureReader (the readable end: an async iterable of chunks,
// or a one-shot `read()`); the host hands one to a component as any (async) iterable, or as
// `hostFuture(promise)`. The host side of a copy is a buffer of JS values; elements are lifted from and
// lowered into guest memory by the guest's end, as in a copy between two components. Backpressure: the host
// reader asks for at most `max` elements and the guest writer blocks until it does; the host writer offers
// one chunk at a time, pulled from its source only when the guest waits to read (so a source that blocks,
// such as a process's stdin, is not read ahead of the guest), and waits until the guest has taken all of
// it. A chunk is an array or a typed array of elements (a Uint8Array for a stream<u8>). Cancellation:
// `cancel()` drops the host's end (the guest sees DROPPED), as `return()` of an iterator does.
// Part of the component-model async pack (`purewasm/async`, src/async/index.ts): nothing in the core imports it.
import type { Scheduler } from './threads.js';
import { currentThread } from './threads.js';
import { CopyResult, SharedFuture, SharedStream, type CopyBuffer } from './streams.js';
import type { ValueType } from '../value-types.js';

/** A buffer of JS values on the host's side of a copy. */
class HostBuffer implements CopyBuffer {
  readonly inst = undefined;
  progress = 0;
  constructor(readonly items: unknown[], private readonly capacity: number, private readonly source: boolean) {}
  remain(): number {
    return this.source ? this.items.length - this.progress : this.capacity - this.progress;
  }
  isZeroLength(): boolean {
    return this.source ? this.items.length === 0 : this.capacity === 0;
  }
  read(n: number): unknown[] {
    const out = this.items.slice(this.progress, this.progress + n);
    this.progress += n;
    return out;
  }
  /** Bytes a guest's stream<u8> copy delivered whole (kept as they came: no element-by-element push). */
  private bytes: Uint8Array | undefined = undefined;
  write(vs: readonly unknown[]): void {
    if (this.items.length === 0 && this.bytes === undefined && vs instanceof Uint8Array) this.bytes = vs;
    else {
      this.spill();
      for (const v of vs) this.items.push(v);
    }
    this.progress += vs.length;
  }
  private spill(): void {
    if (this.bytes === undefined) return;
    for (const v of this.bytes) this.items.push(v);
    this.bytes = undefined;
  }
  /** What was written: the bytes as they came (pipeTo), or as an array (`read`'s chunks are arrays). */
  taken(asArray: boolean): unknown[] | Uint8Array {
    if (this.bytes !== undefined && !asArray) return this.bytes;
    this.spill();
    return this.items;
  }
}

/** The scheduler a stream's guest side runs in, once known (a guest copy, or a lowering inside a task). */
function schedOf(sh: SharedStream | SharedFuture): Scheduler | undefined {
  if (sh.sched === undefined) sh.sched = currentThread()?.sched;
  return sh.sched;
}

/** Runs the guest threads a host copy made ready; a trap there rejects the host's operation. */
function poke(sh: SharedStream | SharedFuture): void {
  schedOf(sh)?.poke();
}

/**
 * A host read of `sh` into `buf`: `done(dropped)` runs once, inside the copy that fills the buffer (or
 * finds the writer gone); until then it counts as host activity of the guest's event loop.
 */
function hostRead(sh: SharedStream | SharedFuture, buf: HostBuffer, done: (dropped: boolean) => void): void {
  const sched = schedOf(sh);
  if (sched !== undefined) sched.hostStreams++;
  const end = (dropped: boolean): void => {
    if (sched !== undefined) sched.hostStreams--;
    done(dropped);
  };
  if (sh instanceof SharedStream) {
    sh.read(buf, (reclaim) => {
      reclaim();
      end(false);
    }, (r) => end(r === CopyResult.DROPPED));
  } else sh.read(buf, (r) => end(r !== CopyResult.COMPLETED));
  poke(sh);
}

/** The readable end of a stream, held by the host: `read()` chunks, or `for await (const chunk of r)`. */
export class HostStreamReader<T = unknown> implements AsyncIterable<T[]> {
  private busy = false;
  private done = false;
  /** @internal */
  constructor(/** @internal */ readonly shared: SharedStream) {}

  /** The element type (undefined: a stream of nothing, whose chunks are arrays of `undefined`). */
  get elementType(): ValueType | undefined {
    return this.shared.t;
  }

  /** @internal Passing the stream on to a component (lowering) hands it the readable end. */
  readableEnd(): unknown {
    return this.shared.readableEnd();
  }

  /** Up to `max` elements as soon as the writer offers some; null once the writer dropped its end. */
  read(max = 4096): Promise<T[] | null> {
    if (this.done) return Promise.resolve(null);
    if (this.busy) return Promise.reject(new Error('HostStreamReader.read: a read is already in progress'));
    if (!(max >= 1)) return Promise.reject(new RangeError('HostStreamReader.read: max must be at least 1'));
    this.busy = true;
    const sh = this.shared;
    return new Promise<T[] | null>((resolve, reject) => {
      const buf = new HostBuffer([], max, false);
      try {
        hostRead(sh, buf, (dropped) => {
          this.busy = false;
          const items = buf.taken(true) as T[];
          if (items.length > 0) resolve(items);
          else if (dropped) {
            this.done = true;
            resolve(null);
          } else resolve([]);
        });
      } catch (e) {
        this.busy = false;
        reject(e);
      }
    });
  }

  /**
   * Hands each chunk the writer offers to `sink` (an array, or a Uint8Array for a stream<u8> a guest
   * writes) *inside the writer's copy*: the guest's write completes
   * only once the sink has taken the chunk, so what the guest does next (stat a file it appends to, print
   * through another stream) sees it done — as a WASI host's file or stdout write must. A sink that returns
   * a Promise gets the next chunk after it settles (backpressure). Resolves when the writer drops its end;
   * when `sink` throws (or its Promise rejects) the host's end is dropped (the writer's next copy sees
   * DROPPED) and the returned Promise rejects with that error.
   */
  pipeTo(sink: (chunk: T[] | Uint8Array) => void | Promise<void>, max = 65536): Promise<void> {
    if (this.busy) return Promise.reject(new Error('HostStreamReader.pipeTo: a read is already in progress'));
    if (!(max >= 1)) return Promise.reject(new RangeError('HostStreamReader.pipeTo: max must be at least 1'));
    const sh = this.shared;
    return new Promise<void>((resolve, reject) => {
      const fail = (e: unknown): void => {
        this.busy = false;
        this.cancel();
        reject(e);
      };
      const next = (): void => {
        if (this.done) {
          this.busy = false;
          resolve();
          return;
        }
        this.busy = true;
        const buf = new HostBuffer([], max, false);
        // Runs within the copy (the writer's stream.write, or this read finding a parked writer).
        const got = (dropped: boolean): void => {
          if (dropped) this.done = true;
          let r: void | Promise<void> = undefined;
          const chunk = buf.taken(false) as T[] | Uint8Array;
          if (chunk.length > 0) {
            try {
              r = sink(chunk);
            } catch (e) {
              fail(e);
              return;
            }
          }
          // The next read is parked outside the copy that is still on the stack.
          if (r instanceof Promise) r.then(next, fail);
          else void Promise.resolve().then(next);
        };
        try {
          hostRead(sh, buf, got);
        } catch (e) {
          fail(e);
        }
      };
      next();
    });
  }

  /** Drops the host's end: the writer's next copy reports DROPPED. */
  cancel(): void {
    if (this.done) return;
    this.done = true;
    this.shared.drop();
    poke(this.shared);
  }

  [Symbol.asyncIterator](): AsyncIterator<T[]> {
    return {
      next: async (): Promise<IteratorResult<T[]>> => {
        const v = await this.read();
        return v === null ? { done: true, value: undefined } : { done: false, value: v };
      },
      return: async (): Promise<IteratorResult<T[]>> => {
        this.cancel();
        return { done: true, value: undefined };
      },
    };
  }
}

/** The readable end of a future, held by the host. */
export class HostFutureReader<T = unknown> {
  private used = false;
  /** @internal */
  constructor(/** @internal */ readonly shared: SharedFuture) {}

  /** @internal Passing the future on to a component (lowering) hands it the readable end. */
  readableEnd(): unknown {
    return this.shared.readableEnd();
  }

  /** The value, once the writer wrote it (read at most once); rejects if the writer dropped without one. */
  read(): Promise<T> {
    if (this.used) return Promise.reject(new Error('HostFutureReader.read: a future is read once'));
    this.used = true;
    const sh = this.shared;
    return new Promise<T>((resolve, reject) => {
      const buf = new HostBuffer([], 1, false);
      try {
        hostRead(sh, buf, (dropped) => {
          if (!dropped) resolve(buf.taken(true)[0] as T);
          else reject(new Error('the future\'s writer dropped it without writing a value'));
        });
      } catch (e) {
        reject(e);
      }
    });
  }

  /** Drops the host's end. */
  cancel(): void {
    this.used = true;
    this.shared.drop();
  }
}

/** A future the host writes: the value of `p` once it settles (a rejection drops it unwritten). */
export class HostFuture<T = unknown> {
  /** @internal */
  readonly shared: SharedFuture;
  private settled = false;
  private readonly typed: boolean;
  /** `t`: the element type, else the type the future is first passed to a component as. */
  constructor(p: PromiseLike<T> | T, t?: ValueType) {
    this.typed = t !== undefined;
    const sh = (this.shared = new SharedFuture(t));
    const done = (): void => {
      this.settled = true;
      if (sh.sched !== undefined) sh.sched.hostStreams--;
    };
    const write = (v: unknown): void => {
      done();
      sh.write(new HostBuffer([v], 1, true), () => poke(sh));
      poke(sh);
    };
    Promise.resolve(p).then(write, () => {
      done();
      sh.drop();
      poke(sh);
    });
  }

  /** @internal Lowering into a component hands it the readable end; the guest's event loop learns that the
   *  host will still write (an async driver waits for it instead of reporting a deadlock). */
  readableEnd(elem?: ValueType): unknown {
    const sh = this.shared;
    if (!this.typed && sh.t === undefined) sh.t = elem;
    if (sh.sched === undefined) {
      sh.sched = currentThread()?.sched;
      if (sh.sched !== undefined && !this.settled) sh.sched.hostStreams++;
    }
    return sh.readableEnd();
  }
}

/** A stream the host writes from `source` (chunks are arrays; any other item is one element). */
export function hostStream(source: AsyncIterable<unknown> | Iterable<unknown>, t?: ValueType): SharedStream {
  const sh = new SharedStream(t);
  // Lowered inside a task: the guest's event loop knows at once that the host may still write (an async
  // driver waits for it instead of reporting a deadlock).
  const sched = (sh.sched = currentThread()?.sched);
  if (sched !== undefined) sched.hostStreams++;
  // A source that throws ends the stream (the guest sees the writer drop).
  void pumpInto(sh, source).catch(() => undefined).finally(() => {
    if (sched !== undefined) sched.hostStreams--;
  });
  return sh;
}

async function pumpInto(sh: SharedStream, source: AsyncIterable<unknown> | Iterable<unknown>): Promise<void> {
  const it = (Symbol.asyncIterator in (source as object)
    ? (source as AsyncIterable<unknown>)[Symbol.asyncIterator]()
    : (source as Iterable<unknown>)[Symbol.iterator]()) as AsyncIterator<unknown> | Iterator<unknown>;
  // The reader may leave while the source has nothing to give (a socket waiting for data): the source
  // is then closed at once (`return()`), not when its next item comes.
  const readerLeft = new Promise<'dropped'>((resolve) => (sh.onDrop = () => resolve('dropped')));
  try {
    for (;;) {
      // Pull on demand: the next chunk is asked of the source once a reader waits (or the stream dropped).
      await sh.demand();
      if (sh.dropped) {
        if (typeof it.return === 'function') await it.return();
        return;
      }
      const r = await Promise.race([it.next(), readerLeft]);
      if (r === 'dropped') {
        // Not awaited: an async generator runs `return` only after its pending `next` settled.
        if (typeof it.return === 'function') void Promise.resolve(it.return()).catch(() => undefined);
        return;
      }
      if (r.done === true) break;
      const v = r.value;
      const chunk = Array.isArray(v) ? v : ArrayBuffer.isView(v) && !(v instanceof DataView) ? (v as unknown as unknown[]) : [v];
      // Offer the chunk until the guest took all of it (backpressure: one chunk in flight).
      const buf = new HostBuffer(chunk, chunk.length, true);
      while (buf.remain() > 0 || chunk.length === 0) {
        const result = await new Promise<CopyResult>((resolve) => {
          sh.write(buf, (reclaim) => {
            reclaim();
            resolve(CopyResult.COMPLETED);
          }, resolve);
          poke(sh);
        });
        if (result === CopyResult.DROPPED) {
          if (typeof it.return === 'function') await it.return();
          return;
        }
        if (chunk.length === 0) break;
      }
    }
  } finally {
    sh.drop();
    poke(sh);
  }
}
