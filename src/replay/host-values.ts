// Host-call arguments and results as trace values, and host exceptions as trace records: shared by the
// recorder and the replayer so that both sides encode a call the same way before comparing.
import { Trap } from '../index.js';
import { WasiError, WasiExit } from '../wasi/index.js';
import { typedKind, type TraceReader, type TraceValue, type TraceWriter } from './trace-codec.js';
import { OUTCOME, THROWN } from './trace.js';

/**
 * A JS value crossing the host boundary as a trace value. Plain data is kept exactly; references (funcref
 * and externref values, resource handles, other objects) are named by kind only, which is enough to compare
 * arguments — `exact` reports whether the value can be reproduced from the trace.
 */
export function toTrace(v: unknown, exact: { ok: boolean } = { ok: true }): TraceValue {
  if (v === undefined || v === null || typeof v === 'boolean' || typeof v === 'number' || typeof v === 'bigint' || typeof v === 'string') return v;
  if (v instanceof Uint8Array) return v.slice();
  if (typedKind(v) >= 0) return (v as Int32Array).slice();
  if (Array.isArray(v)) return v.map((x) => toTrace(x, exact));
  if (typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    const out: { [key: string]: TraceValue } = {};
    for (const k of Object.keys(v)) out[k] = toTrace((v as Record<string, unknown>)[k], exact);
    return out;
  }
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
