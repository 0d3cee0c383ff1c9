// Streams and futures (CanonicalABI.md "Buffer State", "Stream State", "Future State" and the `canon
// stream.*` / `future.*` builtins). A stream or future is one shared state with a readable and a writable
// end; each end is a waitable in its owner's handle table. A copy that finds no partner parks its buffer
// in the shared state (pending); the partner's copy then moves min(remaining) elements at once, lifting
// them from the writer's memory and table and lowering them into the reader's, so copies between
// components (handles move between tables) and within one work the same way. Zero-length reads and
// writes rendezvous without moving anything, as the spec's readiness signals.
// Part of the component-model async pack (`purewasm/async`, src/async/index.ts): nothing in the core imports it.
import { AbiContext, COPY_BUDGET, layoutOf, memoryCodec, type AbiOptions } from '../../abi/index.js';
import type { ValueType } from '../value-types.js';
import { ShapeCtx, valueMismatch } from '../validator/subtype.js';
import { FUTURE_END, STREAM_END, type AsyncEnd, type AsyncShared } from './async-kinds.js';
import { CallScope, trap } from './resources.js';
import type { InstanceState } from './state.js';
import { threadOf } from './async-tasks.js';
import type { Blocker, Scheduler } from './threads.js';
import { EventCode, Waitable, addObject, leaveCheck, SYNC_IN_SET, type EventTuple } from './waitables.js';
import { HostFutureReader, HostStreamReader } from './host-streams.js';

const MAX_LENGTH = (1 << 28) - 1;

export const enum CopyResult {
  COMPLETED = 0,
  DROPPED = 1,
  CANCELLED = 2,
}

const enum CopyState {
  IDLE = 1,
  COPYING = 2,
  CANCELLING = 3,
  DONE = 4,
}

/** A buffer of elements to read from or write into (guest memory, or a host array). */
export interface CopyBuffer {
  readonly inst: InstanceState | undefined;
  progress: number;
  remain(): number;
  isZeroLength(): boolean;
  read(n: number): unknown[];
  write(vs: readonly unknown[]): void;
}

/** A buffer in guest memory (spec BufferGuestImpl). */
class GuestBuffer implements CopyBuffer {
  progress = 0;
  private readonly size: number;
  /** A stream of u8: elements are bytes of memory. */
  private readonly bytes: boolean;
  constructor(readonly inst: InstanceState, private readonly t: ValueType | undefined, private readonly cx: AbiContext, private ptr: number, private readonly length: number, p64: boolean) {
    if (length > MAX_LENGTH) trap('buffer length too large');
    this.size = 0;
    this.bytes = t !== undefined && (t as { kind: string }).kind === 'u8';
    if (t !== undefined) {
      const { size, align } = layoutOf(t, p64);
      this.size = size;
      if (length > 0) {
        cx.refresh();
        cx.checkRange(ptr, length * size, align, 'stream or future buffer');
      }
    }
  }
  remain(): number {
    return this.length - this.progress;
  }
  isZeroLength(): boolean {
    return this.length === 0;
  }
  read(n: number): unknown[] {
    const t = this.t;
    // Bytes (stream<u8>: stdio, files, sockets) move as one copy: a Uint8Array stands for the elements.
    if (this.bytes && this.cx.big === undefined) {
      this.cx.refresh();
      const out = this.cx.u8.slice(this.ptr, this.ptr + n);
      this.ptr += n;
      this.progress += n;
      return out as unknown as unknown[];
    }
    // Elements of a unit stream are nothing: a holey array of the right length (never filled; V8 keeps a
    // large one sparse, so a 2^28-element unit copy costs nothing).
    const out: unknown[] = new Array<unknown>(n);
    if (t !== undefined) {
      const load = memoryCodec(t, this.cx.ptr64).load;
      this.cx.refresh();
      this.cx.budget = COPY_BUDGET;
      try {
        for (let k = 0; k < n; k++) out[k] = load(this.cx, this.ptr + k * this.size);
      } finally {
        this.cx.budget = undefined;
      }
      this.ptr += n * this.size;
    }
    this.progress += n;
    return out;
  }
  write(vs: readonly unknown[]): void {
    const t = this.t;
    // Bytes from a Uint8Array (another guest's or the host's) are valid u8 values: one copy. Anything else
    // goes through the codec, which checks each value.
    if (this.bytes && vs instanceof Uint8Array && this.cx.big === undefined) {
      this.cx.refresh();
      this.cx.u8.set(vs, this.ptr);
      this.ptr += vs.length;
      this.progress += vs.length;
      return;
    }
    if (t !== undefined) {
      const store = memoryCodec(t, this.cx.ptr64).store;
      this.cx.refresh();
      for (let k = 0; k < vs.length; k++) store(this.cx, vs[k], this.ptr + k * this.size);
      this.ptr += vs.length * this.size;
    }
    this.progress += vs.length;
  }
}

type OnCopy = (reclaim: () => void) => void;
type OnCopyDone = (r: CopyResult) => void;

function noneOrNumber(t: ValueType | undefined): boolean {
  if (t === undefined) return true;
  const k = (t as { kind: string }).kind;
  return k === 'u8' || k === 'u16' || k === 'u32' || k === 'u64' || k === 's8' || k === 's16' || k === 's32' || k === 's64' || k === 'f32' || k === 'f64';
}

/**
 * What the shared state of a stream and of a future have in common: the parked copy (a buffer and the
 * callback its copy completes with), dropping, cancelling, and the rule against copies within one
 * instance.
 */
abstract class SharedCopy implements AsyncShared {
  /** @internal */
  dropped = false;
  /** The event loop of the guest side, once known (host-streams.ts pokes it after host copies). */
  /** @internal */
  sched: Scheduler | undefined = undefined;
  protected pendingBuffer: CopyBuffer | null = null;
  protected pendingOnCopy: OnCopy | null = null;
  protected pendingOnCopyDone: OnCopyDone | null = null;
  /** The element type (a stream or future the host made without one takes the type it is first lowered as). */
  constructor(public t: ValueType | undefined, private readonly kind: 'stream' | 'future') {}

  /** @internal */
  readableEnd(): CopyEnd {
    return new CopyEnd(this as unknown as SharedStream | SharedFuture, true);
  }
  protected setPending(b: CopyBuffer | null, onCopy: OnCopy | null, onDone: OnCopyDone | null): void {
    this.pendingBuffer = b;
    this.pendingOnCopy = onCopy;
    this.pendingOnCopyDone = onDone;
  }
  protected resetAndNotify(r: CopyResult): void {
    const f = this.pendingOnCopyDone!;
    this.setPending(null, null, null);
    f(r);
  }
  /** @internal */
  cancel(): void {
    this.resetAndNotify(CopyResult.CANCELLED);
  }
  /** @internal */
  drop(): void {
    if (this.dropped) return;
    this.dropped = true;
    if (this.pendingBuffer !== null) this.resetAndNotify(CopyResult.DROPPED);
    this.afterDrop();
  }
  /** What else a drop does (a stream tells a host writer). */
  protected afterDrop(): void {}
  protected sameInstanceCheck(b: CopyBuffer): void {
    if (b.inst !== undefined && b.inst === this.pendingBuffer!.inst && !noneOrNumber(this.t)) trap(`cannot read from and write to intra-component ${this.kind}`);
  }
}

/** The shared state of a stream (spec SharedStreamImpl). */
export class SharedStream extends SharedCopy {
  /** Whether the parked buffer is a reader's (a host writer pulls its source only then: host-streams.ts). */
  private pendingRead = false;
  /** Called once, when a reader parks its buffer or the stream is dropped (set by a host writer). */
  private onDemand: (() => void) | null = null;
  constructor(t: ValueType | undefined) {
    super(t, 'stream');
  }

  /** Resolves when a reader waits for elements, or the stream was dropped (at once if so already). */
  /** @internal */
  demand(): Promise<void> {
    if (this.dropped || (this.pendingBuffer !== null && this.pendingRead)) return Promise.resolve();
    return new Promise<void>((resolve) => (this.onDemand = resolve));
  }
  private signalDemand(): void {
    const f = this.onDemand;
    if (f === null) return;
    this.onDemand = null;
    f();
  }

  protected override afterDrop(): void {
    this.signalDemand();
    this.onDrop?.();
  }
  /** Called once when either end drops: a host writer waiting for its source learns the reader left. */
  /** @internal */
  onDrop: (() => void) | undefined = undefined;

  private park(b: CopyBuffer, onCopy: OnCopy, onDone: OnCopyDone, read: boolean): void {
    this.setPending(b, onCopy, onDone);
    this.pendingRead = read;
    if (read) this.signalDemand();
  }

  /** @internal */
  read(dst: CopyBuffer, onCopy: OnCopy, onDone: OnCopyDone): void {
    this.copy(dst, onCopy, onDone, true);
  }

  /** @internal */
  write(src: CopyBuffer, onCopy: OnCopy, onDone: OnCopyDone): void {
    this.copy(src, onCopy, onDone, false);
  }

  /** A reader's (`read`) or writer's copy: park the buffer, or move what both sides have room for. */
  private copy(b: CopyBuffer, onCopy: OnCopy, onDone: OnCopyDone, read: boolean): void {
    const other = this.pendingBuffer;
    if (this.dropped) onDone(CopyResult.DROPPED);
    else if (other === null) this.park(b, onCopy, onDone, read);
    else {
      this.sameInstanceCheck(b);
      const [src, dst] = read ? [other, b] : [b, other];
      if (other.remain() > 0) {
        if (b.remain() > 0) {
          dst.write(src.read(Math.min(dst.remain(), src.remain())));
          this.pendingOnCopy!(() => this.setPending(null, null, null));
        }
        onDone(CopyResult.COMPLETED);
      } else if (!read && src.isZeroLength() && dst.isZeroLength()) onDone(CopyResult.COMPLETED);
      else {
        this.resetAndNotify(CopyResult.COMPLETED);
        this.park(b, onCopy, onDone, read);
      }
    }
  }
}

/** The shared state of a future (spec SharedFutureImpl). */
export class SharedFuture extends SharedCopy {
  constructor(t: ValueType | undefined) {
    super(t, 'future');
  }
  /** @internal */
  read(dst: CopyBuffer, onDone: OnCopyDone): void {
    // Only the host drops a future's writer without a value (HostFuture of a rejected Promise).
    this.copy(dst, onDone, true);
  }
  /** @internal */
  write(src: CopyBuffer, onDone: OnCopyDone): void {
    this.copy(src, onDone, false);
  }
  private copy(b: CopyBuffer, onDone: OnCopyDone, read: boolean): void {
    const other = this.pendingBuffer;
    if (this.dropped) onDone(CopyResult.DROPPED);
    else if (other === null) this.setPending(b, null, onDone);
    else {
      this.sameInstanceCheck(b);
      if (read) b.write(other.read(1));
      else other.write(b.read(1));
      this.resetAndNotify(CopyResult.COMPLETED);
      onDone(CopyResult.COMPLETED);
    }
  }
}

/** One end of a stream or future (spec CopyEnd): a waitable with a copy state. */
class CopyEnd extends Waitable implements AsyncEnd {
  state = CopyState.IDLE;
  readonly kind: 'stream' | 'future';
  constructor(readonly sh: SharedStream | SharedFuture, readonly readable: boolean) {
    super();
    this.kind = sh instanceof SharedStream ? 'stream' : 'future';
  }
  get t(): ValueType | undefined {
    return this.sh.t;
  }
  copying(): boolean {
    return this.state === CopyState.COPYING || this.state === CopyState.CANCELLING;
  }
  liftShared(_index: number, type: unknown): unknown {
    if (!this.readable) trap(`cannot lift the writable end of a ${this.kind}`);
    if (!sameElem(this.t, type as ValueType | undefined)) trap(`${this.kind} element type mismatch`);
    if (this.state === CopyState.DONE) trap(this.kind === 'stream' ? 'cannot lift stream after being notified that the writable end dropped' : 'cannot lift future after previous read succeeded');
    if (this.state !== CopyState.IDLE) trap(`cannot remove busy ${this.kind}`);
    if (this.inWaitableSet()) trap(`cannot lift ${this.kind} while it's in a waitable set`);
    // As a JS value the readable end is the host's reader; lowering it again hands its end on.
    const sh = this.sh;
    return sh instanceof SharedStream ? new HostStreamReader(sh) : new HostFutureReader(sh);
  }
  dropEnd(): void {
    if (this.kind === 'future' && !this.readable && this.state !== CopyState.DONE) trap('cannot drop future write end without first writing a value');
    if (this.copying()) trap(`cannot drop busy ${this.kind}`);
    this.sh.drop();
    this.drop();
  }
}


/**
 * Whether two element types (static types, possibly of different components) describe the same values.
 * Resource types compare equal here: each component names a resource by its own static type, and the
 * handles themselves are checked by the ABI when elements move (lift_own / lower_own).
 */
function sameElem(a: ValueType | undefined, b: ValueType | undefined): boolean {
  return a === b || (a !== undefined && b !== undefined && valueMismatch(new ShapeCtx(), a, b) === undefined);
}


function endAt(st: InstanceState, i: number, kind: 'stream' | 'future', readable: boolean, t: ValueType | undefined): CopyEnd {
  const e = st.table.get(i);
  if (e.rt !== (kind === 'stream' ? STREAM_END : FUTURE_END)) trap(`handle index ${i} is not a ${kind} end`);
  const end = e.rep as CopyEnd;
  if (end.readable !== readable) trap(`handle index ${i} is not the ${readable ? 'readable' : 'writable'} end of a ${kind}`);
  if (!sameElem(end.t, t)) trap(`${kind} element type mismatch`);
  return end;
}

/** `stream.new` / `future.new`: both ends in the table; the result packs readable | writable << 32. */
export function asyncValueNew(st: InstanceState, kind: 'stream' | 'future', t: ValueType | undefined): bigint {
  leaveCheck(st);
  const rt = kind === 'stream' ? STREAM_END : FUTURE_END;
  const sh = kind === 'stream' ? new SharedStream(t) : new SharedFuture(t);
  const r = new CopyEnd(sh, true);
  const w = new CopyEnd(sh, false);
  const ri = addObject(st, rt, r);
  const wi = addObject(st, rt, w);
  return BigInt(ri) | (BigInt(wi) << 32n);
}

export interface CopyOptions {
  readonly abi: AbiOptions;
  readonly async: boolean;
  readonly ptr64: boolean;
}

function doneMessage(kind: 'stream' | 'future', readable: boolean): string {
  if (kind === 'stream') return readable ? 'cannot read from stream after being notified that the writable end dropped' : 'cannot write to stream after being notified that the readable end dropped';
  return readable ? 'cannot read from future after previous read succeeded' : 'cannot write to future after previous write succeeded or readable end dropped';
}

/** `stream.read/write`, `future.read/write` (spec stream_copy / future_copy). */
export function copyFunc(st: InstanceState, kind: 'stream' | 'future', readable: boolean, t: ValueType | undefined, o: CopyOptions): (...a: unknown[]) => number | Blocker {
  const code = kind === 'stream' ? (readable ? EventCode.STREAM_READ : EventCode.STREAM_WRITE) : readable ? EventCode.FUTURE_READ : EventCode.FUTURE_WRITE;
  const name = `${kind}.${readable ? 'read' : 'write'}`;
  const num = (v: unknown): number => (typeof v === 'bigint' ? Number(BigInt.asUintN(64, v)) : (v as number) >>> 0);
  return (iv, ptrv, nv) => {
    leaveCheck(st);
    const thread = threadOf(st, name);
    const i = iv as number;
    const e = endAt(st, i, kind, readable, t);
    if (e.state === CopyState.DONE) trap(doneMessage(kind, readable));
    if (e.state !== CopyState.IDLE) trap(`${kind} end already has a pending ${readable ? 'read' : 'write'}`);
    if (e.inWaitableSet() && !o.async) trap(SYNC_IN_SET);
    const scope = new CallScope(st.table, st.flags, st.resolve, st.async);
    const cx = new AbiContext(o.abi, scope);
    const buffer = new GuestBuffer(st, t, cx, num(ptrv), kind === 'stream' ? num(nv) : 1, o.ptr64);
    e.state = CopyState.COPYING;
    e.sh.sched ??= st.sched;
    if (kind === 'stream') {
      const event = (result: CopyResult, reclaim: () => void): EventTuple => {
        reclaim();
        // A cancel that finds partial progress still reports CANCELLED with the count copied so far (as
        // wasmtime and the reference tests: cancel-stream.wast), not the progress event's COMPLETED.
        if (result === CopyResult.COMPLETED && e.state === CopyState.CANCELLING) result = CopyResult.CANCELLED;
        e.state = result === CopyResult.DROPPED ? CopyState.DONE : CopyState.IDLE;
        return [code, i, result | (buffer.progress << 4)];
      };
      const onCopy: OnCopy = (reclaim) => e.setPendingEvent(() => event(CopyResult.COMPLETED, reclaim));
      const onDone: OnCopyDone = (r) => e.setPendingEvent(() => event(r, () => undefined));
      const sh = e.sh as SharedStream;
      if (readable) sh.read(buffer, onCopy, onDone);
      else sh.write(buffer, onCopy, onDone);
    } else {
      const onDone: OnCopyDone = (r) => e.setPendingEvent(() => {
        e.state = r === CopyResult.DROPPED || r === CopyResult.COMPLETED ? CopyState.DONE : CopyState.IDLE;
        return [code, i, r];
      });
      const sh = e.sh as SharedFuture;
      if (readable) sh.read(buffer, onDone);
      else sh.write(buffer, onDone);
    }
    return e.eventOrWait(thread, o.async);
  };
}

/** `{stream,future}.cancel-{read,write}` (spec cancel_copy). */
export function cancelFunc(st: InstanceState, kind: 'stream' | 'future', readable: boolean, t: ValueType | undefined, async: boolean): (i: unknown) => number | Blocker {
  const name = `${kind}.cancel-${readable ? 'read' : 'write'}`;
  return (iv) => {
    leaveCheck(st);
    const thread = threadOf(st, name);
    const e = endAt(st, iv as number, kind, readable, t);
    if (e.state !== CopyState.COPYING || e.hasSyncWaiter) trap(`no pending ${readable ? 'read' : 'write'} to cancel`);
    if (e.inWaitableSet() && !async) trap(SYNC_IN_SET);
    e.state = CopyState.CANCELLING;
    if (!e.hasPendingEvent()) e.sh.cancel();
    return e.eventOrWait(thread, async);
  };
}

/** `{stream,future}.drop-{readable,writable}`. */
export function dropEndFunc(st: InstanceState, kind: 'stream' | 'future', readable: boolean, t: ValueType | undefined): (i: unknown) => void {
  return (iv) => {
    leaveCheck(st);
    const i = iv as number;
    const e = endAt(st, i, kind, readable, t);
    e.dropEnd();
    st.table.remove(i);
  };
}
