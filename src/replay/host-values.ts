// Host-call arguments and results as trace values, and host exceptions as trace records: shared by the
// recorder and the replayer so that both sides encode a call the same way before comparing.
import { Trap, __internals } from '../index.js';
import { WasiError, WasiExit } from '../wasi/index.js';
import { HostRef, typedKind, type TraceReader, type TraceValue, type TraceWriter } from './trace-codec.js';
import { OUTCOME, THROWN } from './trace.js';

/**
 * A JS value crossing the host boundary as a trace value. Plain data is kept exactly; other objects and
 * functions are what `ref` names them (a HostRef: core imports' externrefs), else named by kind only, which is
 * enough to compare arguments — `exact` reports whether the value can be reproduced from the trace.
 */
export function toTrace(v: unknown, exact: { ok: boolean } = { ok: true }, ref?: (o: object) => HostRef | undefined): TraceValue {
  if (v === undefined || v === null || typeof v === 'boolean' || typeof v === 'number' || typeof v === 'bigint' || typeof v === 'string') return v;
  if (v instanceof Uint8Array) return v.slice();
  if (typedKind(v) >= 0) return (v as Int32Array).slice();
  if (Array.isArray(v)) return v.map((x) => toTrace(x, exact, ref));
  if (typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    const out: { [key: string]: TraceValue } = {};
    for (const k of Object.keys(v)) out[k] = toTrace((v as Record<string, unknown>)[k], exact, ref);
    return out;
  }
  const named = ref?.(v as object);
  if (named !== undefined) return named;
  exact.ok = false;
  if (typeof v === 'function') return '<function>';
  const name = (v as { constructor?: { name?: unknown } }).constructor?.name;
  return `<${typeof name === 'string' && name !== '' ? name : typeof v}>`;
}

/** Writes how a host function's exception looks in the trace. */
export function writeThrown(w: TraceWriter, e: unknown): void {
  if (e instanceof WasiExit) {
    w.uint(THROWN.EXIT);
    w.value(e.code);
  } else if (e instanceof Trap) {
    w.uint(THROWN.TRAP);
    w.value(e.reason);
  } else {
    w.uint(THROWN.ERROR);
    w.value(e instanceof Error ? e.message : String(e));
  }
}

/** The exception a recorded THROW stands for. */
export function readThrown(r: TraceReader): Error {
  const kind = r.uint();
  const detail = r.value();
  if (kind === THROWN.EXIT) return new WasiExit(detail as number);
  if (kind === THROWN.TRAP) return new Trap(detail as string);
  return new Error(String(detail));
}

/** Writes a backend call's failure. */
export function writeFailure(w: TraceWriter, e: unknown): void {
  const message = e instanceof Error ? e.message : String(e);
  const code = (e as { code?: unknown } | null)?.code;
  if (e instanceof WasiError) {
    w.byte(OUTCOME.WASI_ERROR);
    w.uint(e.errno);
    w.string(message);
  } else if (typeof code === 'string') {
    w.byte(OUTCOME.CODE_ERROR);
    w.string(code);
    w.string(message);
  } else {
    w.byte(OUTCOME.ERROR);
    w.string(message);
  }
}

/** The exception a recorded backend failure stands for (the WASI layer maps it exactly as the original). */
export function readFailure(r: TraceReader, outcome: number): Error {
  if (outcome === OUTCOME.WASI_ERROR) {
    const errno = r.uint();
    return new WasiError(errno, r.string());
  }
  if (outcome === OUTCOME.CODE_ERROR) {
    const code = r.string();
    const e = new Error(r.string()) as Error & { code: string };
    e.code = code;
    return e;
  }
  return new Error(r.string());
}

/** What a replay gives the guest where the recording's host gave it a JS object: one per object, empty. */
export class ReplayedHostObject {}

/**
 * The identities of the JS objects and functions host imports give the guest (externrefs), numbered in order of
 * first appearance — in a recording the objects themselves, in a replay stand-ins made when the trace first
 * names one (the guest can only pass them around and back, so a stand-in is as good). A wasm function (a
 * funcref result) is not one: no stand-in could be called.
 */
export class HostRefs {
  /** (weak: a recording keeps no object of the host's alive) */
  private readonly ids = new WeakMap<object, HostRef>();
  /** By number, in a replay (which hands them out again); empty in a recording. */
  private readonly objects: object[] = [];
  private count = 0;

  /** `replaying`: keep the objects by number, to hand them out again (revive). */
  constructor(private readonly replaying: boolean) {}

  /** The ref of `o` if it has one; a new one when `give` (a host import's result) and `o` can have one. */
  of(o: object, give: boolean): HostRef | undefined {
    const known = this.ids.get(o);
    if (known !== undefined || !give || __internals.funcOfJS.has(o)) return known;
    return this.add(o, typeof o === 'function');
  }

  /** `v` with every HostRef in it replaced by its object (a stand-in made at the ref's first appearance; a
   *  replay that starts mid-trace, as time travel's do, makes those of earlier numbers as it meets them). */
  revive(v: TraceValue): unknown {
    if (v instanceof HostRef) {
      while (this.count <= v.id) this.add(v.callable ? () => undefined : Object.freeze(new ReplayedHostObject()), v.callable);
      return this.objects[v.id];
    }
    return Array.isArray(v) ? v.map((x) => this.revive(x)) : v;
  }

  private add(o: object, callable: boolean): HostRef {
    const r = new HostRef(this.count++, callable);
    this.ids.set(o, r);
    if (this.replaying) this.objects.push(o);
    return r;
  }
}
