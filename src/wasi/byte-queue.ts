// Bytes that arrive asynchronously (an HTTP body, a request being received) and are read synchronously:
// a producer pushes chunks, ends or fails the queue; a reader takes what is there and waits on a Promise
// for more. Settling wakes every waiter once; there is no polling anywhere.

/** Resolvers waiting for a condition; `wake` settles them all (they re-check and wait again if needed). */
export class Waiters {
  private list: (() => void)[] = [];
  wait(): Promise<void> {
    return new Promise<void>((resolve) => this.list.push(resolve));
  }
  wake(): void {
    const l = this.list;
    this.list = [];
    for (const r of l) r();
  }
}

export class ByteQueue {
  private chunks: Uint8Array[] = [];
  private done = false;
  private failure: Error | undefined;
  private waiters = new Waiters();
  private endWaiters = new Waiters();
  /** Bytes queued and not yet read. */
  buffered = 0;
  /** Called after a read made room (a producer paused for backpressure may resume). */
  onDrain: (() => void) | undefined;

  push(chunk: Uint8Array): void {
    if (this.done || chunk.length === 0) return;
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    this.waiters.wake();
  }

  end(): void {
    this.done = true;
    this.waiters.wake();
    this.endWaiters.wake();
  }

  fail(e: Error): void {
    if (this.failure === undefined) this.failure = e;
    this.end();
  }

  /** Whether the producer finished (or failed): nothing more will be pushed. */
  get ended(): boolean {
    return this.done;
  }

  /** The failure that ended it, if any. */
  get error(): Error | undefined {
    return this.failure;
  }

  whenEnded(): Promise<void> {
    return this.done ? Promise.resolve() : this.endWaiters.wait();
  }

  /** Whether `read` returns without waiting. */
  canRead(): boolean {
    return this.chunks.length > 0 || this.done;
  }

  whenReadable(): Promise<void> {
    return this.canRead() ? Promise.resolve() : this.waiters.wait();
  }

  /** Up to `max` bytes; 'end' after the last; null when nothing arrived yet. Throws the failure, once
   *  everything before it was read. */
  read(max: number): Uint8Array | 'end' | null {
    if (this.chunks.length === 0) {
      if (this.failure !== undefined) throw this.failure;
      return this.done ? 'end' : null;
    }
    const first = this.chunks[0];
    let out: Uint8Array;
    if (first.length <= max) {
      out = first;
      this.chunks.shift();
    } else {
      out = first.slice(0, max);
      this.chunks[0] = first.subarray(max);
    }
    this.buffered -= out.length;
    this.onDrain?.();
    return out;
  }

  /** Drops what is queued and ignores what comes (the reader went away). */
  discard(): void {
    this.chunks = [];
    this.buffered = 0;
    this.end();
    this.onDrain?.();
  }
}
