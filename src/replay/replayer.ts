// Replaying: the guest runs again and every input comes from the trace. Each host call the guest makes is
// checked against the next recorded event (same import, same arguments) before its recorded outcome is
// handed back; the first difference stops the run with a ReplayDivergence ("replay diverged …") that says
// which call, what the trace expected and what came. Live imports (WASI) run for real over a backend that
// answers from the trace (`port`); the others are stubs that return the recorded result and re-apply the
// recorded store writes. Async completions are delivered in the recorded order (`pump`).
import { Module, type Imports, type Linker, type LinkerInstance, type Store } from '../index.js';
import { HostRefs, readFailure, readThrown, toTrace } from './host-values.js';
import { BACKEND_OPS, OUTPUT_OPS, opIndex, type BackendOp, type Port } from './wasi-bridge.js';
import { TraceReader, describeValue, type TraceValue } from './trace-codec.js';
import { EVENT, OUTCOME, ReplayDivergence, readEnd, readHeader, type TraceEnd, type TraceHeader } from './trace.js';
import { applyWrites } from './writes.js';
import type { LivePredicate } from './recorder.js';

type AnyFn = (...args: unknown[]) => unknown;
type FuncDef = { kind: 'func'; type: unknown; fn: AnyFn };

interface Pending {
  store: Store | undefined;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
  /**
   * A live async call (a WASI 0.3 wait): its own Promise, once settled. It completes — in the recorded
   * order — when both it has settled and the trace has reached its ASYNC_DONE event.
   */
  live?: { settled: boolean; failed: boolean; value: unknown };
  /** A core import's: the identities of what it returns (externrefs). */
  refs?: HostRefs;
}

export class Replayer {
  readonly header: TraceHeader;
  readonly end: TraceEnd;
  private readonly r: TraceReader;
  /** Host calls replayed so far; the next one gets this number. */
  calls = 0;
  /** The import (or component function) of the host call in progress, for messages. */
  private current: { index: number; name: string } | undefined = undefined;
  /** Import names of the core module, by import index (for messages about recorded calls). */
  private importNames: string[] = [];
  private readonly pending = new Map<number, Pending>();
  /** The JS objects core host imports gave the guest, by number: stand-ins for stubs' (host-values.ts). */
  private readonly refs = new HostRefs(true);
  /** The first divergence, kept because a layer between the guest and us may swallow the exception. */
  diverged: ReplayDivergence | undefined = undefined;

  constructor(trace: Uint8Array) {
    const { end, offset } = readEnd(trace);
    this.end = end;
    this.r = new TraceReader(trace.subarray(0, offset));
    this.header = readHeader(this.r);
    this.firstEvent = this.r.pos;
  }

  /** Where the next event starts (a byte offset): with a store snapshot, a later replay can start here. */
  get position(): number {
    return this.r.pos;
  }

  /** Where the events start. */
  private readonly firstEvent: number;

  /**
   * Continues from a point another replay of the same trace reached: its `position` and `calls`, taken
   * between calls together with `snapshot(store)` (purewasm/snapshot) of its store. Restore that snapshot into this replay's
   * store, seek, and calls go on from host call #`calls` (the base of time travel: jump to the nearest
   * snapshot, re-execute forward).
   */
  seek(position: number, calls: number): void {
    if (this.pending.size > 0) throw new Error('replay: cannot seek while async host calls are pending');
    if (!(position >= this.firstEvent && position <= this.r.buf.length) || !Number.isInteger(position)) {
      throw new RangeError(`replay: position ${position} is outside the trace's events (${this.firstEvent}..${this.r.buf.length})`);
    }
    if (!(calls >= 0 && Number.isInteger(calls))) throw new RangeError(`replay: bad host call number ${calls}`);
    this.r.pos = position;
    this.calls = calls;
  }

  private diverge(expected: string, got: string): never {
    const where = this.current === undefined ? `host call #${this.calls}` : `host call #${this.current.index} (${this.current.name})`;
    const e = new ReplayDivergence(`replay diverged at ${where}: expected ${expected}, got ${got}`, this.current?.index ?? this.calls, this.current?.name);
    this.diverged ??= e;
    throw e;
  }

  /** A description of the next recorded event (without consuming it). */
  private describeNext(): string {
    const r = new TraceReader(this.r.buf, this.r.pos);
    if (r.atEnd) return 'the end of the run';
    const kind = r.byte();
    switch (kind) {
      case EVENT.CALL: {
        const i = r.uint();
        return `host call ${this.importNames[i] ?? `import ${i}`}${argsText(r.value())}`;
      }
      case EVENT.COMPONENT_CALL: {
        const name = r.string();
        return `host call ${name}${argsText(r.value())}`;
      }
      case EVENT.BACKEND: {
        const op = BACKEND_OPS[r.uint()] ?? 'unknown';
        return `backend call ${op}${argsText(r.value())}`;
      }
      case EVENT.RETURN: return `the host call to return ${describeValue(r.value())}`;
      case EVENT.THROW: return `the host call to throw ${readThrown(r).message}`;
      case EVENT.ASYNC_DONE: return `async host call #${r.uint()} to complete`;
      default: return `event kind ${kind}`;
    }
  }

  private expect(kind: number, got: string): void {
    if (this.r.atEnd || this.r.peek() !== kind) this.diverge(this.describeNext(), got);
    this.r.byte();
  }

  /** Resolves the async calls whose completion is next in the trace, in the recorded order. */
  private pump(): void {
    while (!this.r.atEnd && this.r.peek() === EVENT.ASYNC_DONE) {
      const r = new TraceReader(this.r.buf, this.r.pos + 1);
      const k = r.uint();
      const p = this.pending.get(k);
      if (p === undefined) return; // its call is not made yet in this run: the guest will get there
      if (p.live !== undefined && !p.live.settled) return; // its own Promise settles first (then pumps again)
      this.r.pos = r.pos;
      this.pending.delete(k);
      const failed = this.r.byte() === 1;
      if (p.live !== undefined) {
        // A live call: the recorded outcome is checked, the live one is what the guest gets.
        if (failed) readThrown(this.r);
        else this.r.value();
        // (what it gave the guest gets its number now, as the recording numbered it when it settled)
        if (!failed && p.refs !== undefined) toTrace(p.live.value, undefined, (o) => p.refs!.of(o, true));
        applyWrites(this.r, p.store);
        if (failed !== p.live.failed) this.diverge(`async host call #${k} to ${failed ? 'fail' : 'succeed'}`, `it to ${p.live.failed ? 'fail' : 'succeed'}`);
        if (p.live.failed) p.reject(p.live.value);
        else p.resolve(p.live.value);
        continue;
      }
      if (failed) {
        const e = readThrown(this.r);
        applyWrites(this.r, p.store);
        p.reject(e);
      } else {
        const v = this.r.value();
        applyWrites(this.r, p.store);
        p.resolve(p.refs === undefined ? v : p.refs.revive(v));
      }
    }
  }

  /** The WASI backend's port: checks the call against the trace and answers with the recorded outcome. */
  readonly port: Port = (op: BackendOp, args: TraceValue[], live: () => TraceValue | void) => {
    if (this.r.atEnd || this.r.peek() !== EVENT.BACKEND) this.diverge(this.describeNext(), `backend call ${op}${argsText(args)}`);
    const save = this.r.pos;
    this.r.byte();
    if (this.r.uint() !== opIndex(op) || !this.r.matches(args)) {
      this.r.pos = save;
      this.diverge(this.describeNext(), `backend call ${op}${argsText(args)}`);
    }
    const outcome = this.r.byte();
    if (outcome !== OUTCOME.OK) {
      const e = readFailure(this.r, outcome);
      this.pump();
      throw e;
    }
    const v = this.r.value();
    // Outputs are the guest's own bytes (checked above): a replay writes them, as the run did.
    if (OUTPUT_OPS.has(op)) live();
    this.pump();
    return v;
  };

  /**
   * The import object for `module`: functions of `provided` whose module (or `module.name`) `live`
   * accepts run for real and their results are checked; every other function import is a stub answering
   * from the trace. Non-function imports are taken from `provided`. `store`: the store the instance joins
   * (recorded writes of host functions go there).
   */
  imports(module: Module, provided: Imports, live: LivePredicate, store?: Store): Imports {
    const out: Record<string, Record<string, unknown>> = {};
    const descs = Module.imports(module);
    this.importNames = descs.map((d) => `${d.module}.${d.name}`);
    descs.forEach((d, index) => {
      const ns = (out[d.module] ??= {});
      const given = provided[d.module]?.[d.name];
      if (d.kind !== 'function') {
        ns[d.name] = given;
        return;
      }
      const name = `${d.module}.${d.name}`;
      const isLive = typeof given === 'function' && (live(d.module) || live(name));
      ns[d.name] = this.wrap(name, isLive ? (given as AnyFn) : undefined, store, (args) => {
        const save = this.r.pos;
        if (this.r.atEnd || this.r.byte() !== EVENT.CALL || this.r.uint() !== index || !this.r.matches(args)) {
          this.r.pos = save;
          this.diverge(this.describeNext(), `host call ${name}${argsText(args)}`);
        }
      }, this.refs);
    });
    return out as Imports;
  }

  /** Replaces the host functions of `linker` (as Recorder.wrapLinker names them): live ones run, others are stubs. */
  wrapLinker(linker: Linker, live: LivePredicate, store?: Store): void {
    this.walkLinker(linker, '', live, store);
  }

  private walkLinker(li: LinkerInstance, prefix: string, live: LivePredicate, store: Store | undefined): void {
    for (const [name, def] of li.defs) {
      const full = prefix === '' ? name : `${prefix}#${name}`;
      if (def.kind === 'instance') this.walkLinker(def.instance, full, live, store);
      else if (def.kind === 'func') {
        const f = def as unknown as FuncDef;
        li.defs.set(name, { ...f, fn: this.wrap(full, live(full) ? f.fn : undefined, store, (args) => {
          const save = this.r.pos;
          if (this.r.atEnd || this.r.byte() !== EVENT.COMPONENT_CALL || this.r.string() !== full || !this.r.matches(args)) {
            this.r.pos = save;
            this.diverge(this.describeNext(), `host call ${full}${argsText(args)}`);
          }
        }) } as never);
      }
    }
  }

  /** A replaying host function: `checkCall` matches the CALL event; then `fn` runs (live) or the trace answers;
   *  `refs`: the identities of what it returns (core imports: externrefs). */
  private wrap(name: string, fn: AnyFn | undefined, store: Store | undefined, checkCall: (args: TraceValue[]) => void, refs?: HostRefs): AnyFn {
    return (...jsArgs: unknown[]): unknown => {
      const args = jsArgs.map((a) => toTrace(a, undefined, refs && ((o) => refs.of(o, false))));
      const outer = this.current;
      this.current = { index: this.calls, name };
      checkCall(args);
      const k = this.calls++;
      try {
        if (fn !== undefined) return this.live(k, fn, jsArgs, store, refs);
        return this.answer(k, store, refs);
      } finally {
        this.current = outer;
      }
    };
  }

  /** Runs a live host function, then checks its outcome against the recorded one (nested host calls it
   *  makes through wasm have restored `current` to this call's when it returns). */
  private live(k: number, fn: AnyFn, args: unknown[], store: Store | undefined, refs: HostRefs | undefined): unknown {
    let r: unknown;
    try {
      r = fn(...args);
    } catch (e) {
      if (e instanceof ReplayDivergence) throw e;
      const thrown = toTrace(e instanceof Error ? e.message : String(e));
      if (this.r.atEnd || this.r.peek() !== EVENT.THROW) this.diverge(this.describeNext(), `the host call to throw ${describeValue(thrown)}`);
      this.r.byte();
      readThrown(this.r);
      applyWrites(this.r, store);
      this.pump();
      throw e;
    }
    if (r instanceof Promise) return this.liveAsync(k, r, store, refs);
    const got = toTrace(r, undefined, refs && ((o) => refs.of(o, true)));
    if (this.r.atEnd || this.r.peek() !== EVENT.RETURN) this.diverge(this.describeNext(), `the host call to return ${describeValue(got)}`);
    const save = this.r.pos;
    this.r.byte();
    if (!this.r.matches(got)) {
      this.r.pos = save;
      this.diverge(this.describeNext(), `the host call to return ${describeValue(got)}`);
    }
    applyWrites(this.r, store);
    this.pump();
    return r;
  }

  /**
   * A live host function that returned a Promise (WASI 0.3's async functions): the guest gets its outcome,
   * but only in the order the recording completed such calls, so the interleaving is the recorded one.
   */
  private liveAsync(k: number, r: Promise<unknown>, store: Store | undefined, refs: HostRefs | undefined): Promise<unknown> {
    if (this.r.atEnd || this.r.peek() === EVENT.RETURN || this.r.peek() === EVENT.THROW) this.diverge(this.describeNext(), 'the host call to complete later');
    return new Promise((resolve, reject) => {
      const live = { settled: false, failed: false, value: undefined as unknown };
      this.pending.set(k, { store, resolve, reject, live, refs });
      const settle = (failed: boolean) => (v: unknown): void => {
        live.settled = true;
        live.failed = failed;
        live.value = v;
        try {
          this.pump();
        } catch (e) {
          // A divergence found here has no caller to reach: it is kept (finishEvents throws it) and ends the call.
          reject(e);
        }
      };
      r.then(settle(false), settle(true));
      this.pump();
    });
  }

  /** The recorded outcome of a stub host call (a Promise that settles in recorded order for an async one). */
  private answer(k: number, store: Store | undefined, refs: HostRefs | undefined): unknown {
    if (this.r.atEnd) this.diverge('the end of the run', `a host call`);
    const kind = this.r.peek();
    if (kind === EVENT.RETURN) {
      this.r.byte();
      // (revived before later completions are: stand-ins are made in the recording's order)
      const v = refs === undefined ? this.r.value() : refs.revive(this.r.value());
      applyWrites(this.r, store);
      this.pump();
      return v;
    }
    if (kind === EVENT.THROW) {
      this.r.byte();
      const e = readThrown(this.r);
      applyWrites(this.r, store);
      this.pump();
      throw e;
    }
    // No RETURN right after the call: it was async and completes at its ASYNC_DONE event.
    return new Promise((resolve, reject) => {
      this.pending.set(k, { store, resolve, reject, refs });
      this.pump();
    });
  }

  /** After the run: every recorded event must have been replayed. Throws the first divergence if any. */
  finishEvents(outcome: string): void {
    if (this.diverged !== undefined) throw this.diverged;
    this.current = undefined;
    if (!this.r.atEnd) this.diverge(this.describeNext(), `the end of the run (${outcome})`);
  }
}

function argsText(v: TraceValue): string {
  return Array.isArray(v) ? `(${v.map(describeValue).join(', ')})` : `(${describeValue(v)})`;
}
