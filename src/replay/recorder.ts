// Recording: writes every input that does not come from the guest into a trace (format: trace.ts).
//   - WASI: the backend's answers (wasi-bridge.ts), through `port`;
//   - core host imports: every call (import, arguments) and its outcome; for imports a replay will not run
//     live, the result and the store writes the call made (writes.ts); a Promise's settlement is an
//     ASYNC_DONE event written when it settles, so the trace holds the order in which async calls completed;
//   - component host functions (Linker): every call (name, arguments), and for non-live ones the result.
import { Module, type Imports, type Linker, type LinkerInstance, type Store } from '../index.js';
import { HostRefs, toTrace, writeFailure, writeThrown } from './host-values.js';
import { opIndex, type Port } from './wasi-bridge.js';
import { TraceWriter, type TraceValue } from './trace-codec.js';
import { EVENT, OUTCOME, writeEnd, writeHeader, type TraceEnd, type TraceHeader } from './trace.js';
import { imageOf, writeDiff, type StoreImage } from './writes.js';

type AnyFn = (...args: unknown[]) => unknown;
type FuncDef = { kind: 'func'; type: unknown; fn: AnyFn };

/** Which host imports a replay runs live (their effects follow from the backend), by module or name. */
export type LivePredicate = (name: string) => boolean;

export class Recorder {
  private readonly w = new TraceWriter();
  /** The JS objects core host imports gave the guest, by number (externrefs: host-values.ts). */
  private readonly refs = new HostRefs(false);
  /** Host calls so far (CALL and COMPONENT_CALL events); the next one gets this number. */
  calls = 0;
  private finished = false;

  constructor(header: TraceHeader) {
    writeHeader(this.w, header);
  }

  /** Bytes written so far. */
  get size(): number {
    return this.w.length;
  }

  /** The WASI backend's port: runs the live call and records its outcome. */
  readonly port: Port = (op, args, live) => {
    let result: TraceValue;
    try {
      result = live() as TraceValue;
    } catch (e) {
      this.w.byte(EVENT.BACKEND);
      this.w.uint(opIndex(op));
      this.w.value(args);
      writeFailure(this.w, e);
      throw e;
    }
    this.w.byte(EVENT.BACKEND);
    this.w.uint(opIndex(op));
    this.w.value(args);
    this.w.byte(OUTCOME.OK);
    this.w.value(result);
    return result;
  };

  /**
   * The import object to instantiate `module` with: each function import of `imports` wrapped. `store`: the
   * store the instance joins, whose writes by non-live host functions are recorded (none: they write none).
   */
  wrapImports(module: Module, imports: Imports, live: LivePredicate, store?: Store): Imports {
    const out: Record<string, Record<string, unknown>> = {};
    Module.imports(module).forEach((d, index) => {
      const given = imports[d.module]?.[d.name];
      const ns = (out[d.module] ??= {});
      if (d.kind !== 'function' || typeof given !== 'function') {
        ns[d.name] = given;
        return;
      }
      ns[d.name] = this.wrap(given as AnyFn, live(d.module) || live(`${d.module}.${d.name}`), store, (k, args) => {
        this.w.byte(EVENT.CALL);
        this.w.uint(index);
        this.w.value(args.map((a) => toTrace(a, undefined, (o) => this.refs.of(o, false))));
      }, this.refs);
    });
    return out as Imports;
  }

  /** Wraps every host function defined in `linker` (nested interfaces included), named `iface#func`;
   *  `store`: the store the component will be instantiated in. */
  wrapLinker(linker: Linker, live: LivePredicate, store?: Store): void {
    this.walkLinker(linker, '', live, store);
  }

  private walkLinker(li: LinkerInstance, prefix: string, live: LivePredicate, store: Store | undefined): void {
    for (const [name, def] of li.defs) {
      const full = prefix === '' ? name : `${prefix}#${name}`;
      if (def.kind === 'instance') this.walkLinker(def.instance, full, live, store);
      else if (def.kind === 'func') {
        const f = def as unknown as FuncDef;
        li.defs.set(name, { ...f, fn: this.wrap(f.fn, live(full), store, (k, args) => {
          this.w.byte(EVENT.COMPONENT_CALL);
          this.w.string(full);
          this.w.value(args.map((a) => toTrace(a)));
        }) } as never);
      }
    }
  }

  /** A host function that records its calls; `isLive`: the replay runs it, so its effects need no record;
   *  `refs`: the identities of the objects it returns (core imports: externrefs). */
  private wrap(fn: AnyFn, isLive: boolean, store: Store | undefined, writeCall: (k: number, args: unknown[]) => void, refs?: HostRefs): AnyFn {
    const w = this.w;
    return (...args: unknown[]): unknown => {
      const k = this.calls++;
      writeCall(k, args);
      const before: StoreImage | undefined = isLive || store === undefined ? undefined : imageOf(store);
      let r: unknown;
      try {
        r = fn(...args);
      } catch (e) {
        w.byte(EVENT.THROW);
        writeThrown(w, e);
        this.writes(store, before);
        throw e;
      }
      if (r instanceof Promise) {
        // Settles later, maybe after other calls: the completion is its own event, in completion order.
        return r.then((v) => {
          w.byte(EVENT.ASYNC_DONE);
          w.uint(k);
          w.byte(0);
          w.value(this.result(v, isLive, refs));
          this.writes(store, before);
          return v;
        }, (e: unknown) => {
          w.byte(EVENT.ASYNC_DONE);
          w.uint(k);
          w.byte(1);
          writeThrown(w, e);
          this.writes(store, before);
          throw e;
        });
      }
      w.byte(EVENT.RETURN);
      w.value(this.result(r, isLive, refs));
      this.writes(store, before);
      return r;
    };
  }

  private result(v: unknown, isLive: boolean, refs: HostRefs | undefined): TraceValue {
    const exact = { ok: true };
    const t = toTrace(v, exact, refs && ((o) => refs.of(o, true)));
    if (!isLive && !exact.ok) {
      throw new Error(`record: a host function returned ${String(t)}, which a trace cannot reproduce (only numbers, BigInts, strings, booleans, bytes, plain arrays/objects of them, and from a core import any JS object as an externref)`);
    }
    return t;
  }

  private writes(store: Store | undefined, before: StoreImage | undefined): void {
    if (before === undefined) this.w.uint(0);
    else writeDiff(this.w, store!, before);
  }

  /** The trace of the run so far, ended by a provisional END (no outcome yet): what a Replayer reads to
   *  re-execute part of a run that is still going on (a debugger going back in time, timeline.ts). */
  soFar(): Uint8Array {
    const w = new TraceWriter();
    w.raw(this.w.finish());
    writeEnd(w, { memory: new Uint8Array(32), calls: this.calls });
    return w.finish();
  }

  /** Ends the trace with the run's outcome; returns its bytes. */
  finish(end: Omit<TraceEnd, 'calls'>): Uint8Array {
    if (this.finished) throw new Error('record: the trace is already finished');
    this.finished = true;
    writeEnd(this.w, { ...end, calls: this.calls });
    return this.w.finish();
  }
}
