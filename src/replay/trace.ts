// The trace file (format version 1). Layout, all integers LEB128 unless said otherwise:
//
//   header   "PWRP" · version (1) · program kind (0 core module, 1 component) · SHA-256 of the program
//            (32 bytes) · meta (a tagged value: the run's options and the WASI host's shape)
//   events   one byte of kind, then its fields (EVENT below), in the order they happened
//   footer   the END event · its byte offset as 4 bytes little-endian (the file's last 4 bytes), so a
//            replayer reads the outcome first (an interruption's fuel position, the final hashes)
//
// Events are numbered from 0 in file order; "host call #k" counts CALL events only. A later format may
// add events (snapshots for time travel: the store's snapshot at host call #k, so a replay can start
// there and re-execute forward) — a reader refuses kinds it does not know, and the version says which.
import { TraceFormatError, TraceReader, TraceWriter, type TraceValue } from './trace-codec.js';
import { UNCATCHABLE } from '../vm/errors.js';

export const TRACE_MAGIC = [0x50, 0x57, 0x52, 0x50]; // "PWRP"
export const TRACE_VERSION = 1;

export const EVENT = {
  /** A core host import was called: import index, arguments (array). */
  CALL: 1,
  /** It returned: result; then the writes it made to the store (count, then each — see writes.ts). */
  RETURN: 2,
  /** It threw: kind (THROWN), detail value. */
  THROW: 3,
  /** A WASI backend call: op (wasi-bridge.ts BACKEND_OPS), arguments (array), outcome (OUTCOME…). */
  BACKEND: 4,
  /** An async host call completed: its host call number, then RETURN's or THROW's fields (after a 0/1 byte). */
  ASYNC_DONE: 5,
  /** A component host function was called: its name, arguments (array); for a replayed (not live) one a
   *  RETURN or THROW follows. */
  COMPONENT_CALL: 6,
  /** The end: outcome (tagged object). */
  END: 7,
} as const;

export const EVENT_NAMES: Record<number, string> = {
  1: 'host call', 2: 'host return', 3: 'host throw', 4: 'backend call', 5: 'async completion', 6: 'component host call', 7: 'end',
};

/** How a backend call ended. */
export const OUTCOME = {
  OK: 0,
  /** A WasiError: errno, message. */
  WASI_ERROR: 1,
  /** A host error carrying a POSIX code (Node's SystemError): code, message. */
  CODE_ERROR: 2,
  /** Any other exception: message. */
  ERROR: 3,
} as const;

/** What a thrown host exception was. */
export const THROWN = { EXIT: 0, TRAP: 1, ERROR: 2 } as const;

export const PROGRAM_KIND = { MODULE: 0, COMPONENT: 1 } as const;

export interface TraceHeader {
  kind: number;
  sha256: Uint8Array;
  meta: { [key: string]: TraceValue };
}

/** The END event's fields. */
export interface TraceEnd {
  /** The exit status (WASI), when the run ended with one. */
  exit?: number;
  /** The trap's reason, when the run trapped. */
  trap?: string;
  /** Fuel consumed when the run was interrupted (timeout / interrupt()), so a replay stops at the same point. */
  interruptedAt?: number;
  /** SHA-256 of the final memories (all memories of the store, in order). */
  memory: Uint8Array;
  /** Number of host calls (CALL + COMPONENT_CALL events). */
  calls: number;
}

export function writeHeader(w: TraceWriter, h: TraceHeader): void {
  w.raw(new Uint8Array(TRACE_MAGIC));
  w.uint(TRACE_VERSION);
  w.uint(h.kind);
  w.raw(h.sha256);
  w.value(h.meta);
}

export function readHeader(r: TraceReader): TraceHeader {
  if (r.buf.length < 9) throw new TraceFormatError('not a purewasm trace (too short)');
  const magic = r.raw(4);
  if (TRACE_MAGIC.some((b, i) => magic[i] !== b)) throw new TraceFormatError('not a purewasm trace (bad magic; expected "PWRP")');
  const version = r.uint();
  if (version !== TRACE_VERSION) throw new TraceFormatError(`trace format version ${version} is not supported (this purewasm reads version ${TRACE_VERSION})`);
  const kind = r.uint();
  const sha256 = r.raw(32).slice();
  const meta = r.value();
  if (meta === null || typeof meta !== 'object' || Array.isArray(meta) || ArrayBuffer.isView(meta)) throw new TraceFormatError('trace header: meta is not an object');
  return { kind, sha256, meta: meta as { [key: string]: TraceValue } };
}

export function writeEnd(w: TraceWriter, end: TraceEnd): void {
  const at = w.length;
  w.byte(EVENT.END);
  const o: { [key: string]: TraceValue } = { memory: end.memory, calls: end.calls };
  if (end.exit !== undefined) o.exit = end.exit;
  if (end.trap !== undefined) o.trap = end.trap;
  if (end.interruptedAt !== undefined) o.interruptedAt = end.interruptedAt;
  w.value(o);
  w.raw(new Uint8Array([at & 0xff, (at >>> 8) & 0xff, (at >>> 16) & 0xff, at >>> 24]));
}

/** The END event, found through the trailer; also the offset where the events stop. */
export function readEnd(buf: Uint8Array): { end: TraceEnd; offset: number } {
  const n = buf.length;
  if (n < 4) throw new TraceFormatError('trace truncated: no trailer');
  const at = (buf[n - 4] | (buf[n - 3] << 8) | (buf[n - 2] << 16) | (buf[n - 1] << 24)) >>> 0;
  if (at >= n - 4 || buf[at] !== EVENT.END) throw new TraceFormatError('trace truncated or damaged: its trailer does not point at the END event');
  const r = new TraceReader(buf.subarray(0, n - 4), at + 1);
  const v = r.value() as { [key: string]: TraceValue };
  if (v === null || typeof v !== 'object' || !(v.memory instanceof Uint8Array) || typeof v.calls !== 'number') throw new TraceFormatError('trace END event is malformed');
  return {
    offset: at,
    end: {
      memory: v.memory,
      calls: v.calls,
      exit: typeof v.exit === 'number' ? v.exit : undefined,
      trap: typeof v.trap === 'string' ? v.trap : undefined,
      interruptedAt: typeof v.interruptedAt === 'number' ? v.interruptedAt : undefined,
    },
  };
}

/**
 * Replay found a difference between the run and the trace. The message starts `replay diverged` and names
 * the host call (number and import name), what the trace expected and what came.
 */
export class ReplayDivergence extends Error {
  /** (through the guest's frames, never caught by its handlers) */
  readonly [UNCATCHABLE] = true;
  constructor(message: string, readonly callIndex: number, readonly importName: string | undefined) {
    super(message);
    this.name = 'ReplayDivergence';
  }
}
