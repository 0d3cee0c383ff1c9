// The writes a generic host function makes to the store it was called from: the bytes of memories it
// changed, the global cells it set and the table elements it replaced. A host function is arbitrary JS
// and writes through `memory.buffer` views the VM cannot see, so the recorder compares the store before and
// after the call (cost: a copy and a compare of the store's memories per call — only for host imports the
// replay does not run live; WASI calls never pay it, see wasi-bridge.ts). Changed bytes are recorded as
// ranges (neighbours closer than MERGE_GAP bytes merged), which a replay writes back in place.
import type { Store } from '../index.js';
import type { TraceReader, TraceWriter } from './trace-codec.js';

const MERGE_GAP = 16;
const W_MEMORY = 0;
const W_GLOBALS = 1;
const W_TABLE = 2;

/** The store's state before a host call, to compare with after it. */
export interface StoreImage {
  memories: Uint8Array[];
  globals: Int32Array;
  tables: unknown[][];
}

function memoriesOf(store: Store) {
  return store.instances.flatMap((i) => i.memories);
}
function tablesOf(store: Store) {
  return store.instances.flatMap((i) => i.tables);
}

export function imageOf(store: Store): StoreImage {
  return {
    memories: memoriesOf(store).map((m) => m.u8.slice()),
    globals: store.globals.slice(),
    tables: tablesOf(store).map((t) => t.elements.slice()),
  };
}

/** Writes the differences between `before` and the store now; returns how many write records. */
export function writeDiff(w: TraceWriter, store: Store, before: StoreImage): void {
  const records: ((w: TraceWriter) => void)[] = [];
  memoriesOf(store).forEach((m, index) => {
    const now = m.u8;
    const old = before.memories[index] ?? new Uint8Array(0);
    if (now.length !== old.length) throw new Error(`record: a host function grew memory ${index} (from ${old.length} to ${now.length} bytes); recording memory growth by the host is not supported yet`);
    for (const [from, to] of changedRanges(old, now)) {
      const bytes = now.slice(from, to);
      records.push((w) => {
        w.uint(W_MEMORY);
        w.uint(index);
        w.uint(from);
        w.bytes(bytes);
      });
    }
  });
  const g = store.globals;
  for (const [from, to] of changedRanges(new Uint8Array(before.globals.buffer, before.globals.byteOffset, before.globals.byteLength), new Uint8Array(g.buffer, g.byteOffset, Math.min(g.byteLength, before.globals.byteLength)))) {
    const bytes = new Uint8Array(g.buffer, g.byteOffset + from, to - from).slice();
    records.push((w) => {
      w.uint(W_GLOBALS);
      w.uint(from);
      w.bytes(bytes);
    });
  }
  tablesOf(store).forEach((t, index) => {
    const old = before.tables[index] ?? [];
    for (let i = 0; i < t.elements.length; i++) {
      const e = t.elements[i];
      if (e === old[i]) continue;
      const id = e === null ? -1 : store.funcs.indexOf(e as (typeof store.funcs)[number]);
      if (e !== null && id < 0) throw new Error(`record: a host function put a value into table ${index}[${i}] that is not a function of this store; it cannot be written to a trace`);
      records.push((w) => {
        w.uint(W_TABLE);
        w.uint(index);
        w.uint(i);
        w.uint(id + 1);
      });
    }
  });
  w.uint(records.length);
  for (const r of records) r(w);
}

/** Applies a recorded write list to the store (replay). */
export function applyWrites(r: TraceReader, store: Store | undefined): void {
  const n = r.uint();
  for (let k = 0; k < n; k++) {
    const kind = r.uint();
    if (store === undefined) throw new Error('replay: the trace has store writes but no store was given');
    if (kind === W_MEMORY) {
      const index = r.uint();
      const at = r.uint();
      const bytes = r.bytes();
      const m = memoriesOf(store)[index];
      if (m === undefined || at + bytes.length > m.u8.length) throw new Error(`replay: a recorded write to memory ${index} at ${at} is out of bounds`);
      m.u8.set(bytes, at);
    } else if (kind === W_GLOBALS) {
      const at = r.uint();
      const bytes = r.bytes();
      const cells = new Uint8Array(store.globals.buffer, store.globals.byteOffset, store.globals.byteLength);
      if (at + bytes.length > cells.length) throw new Error(`replay: a recorded write to the global cells at ${at} is out of bounds`);
      cells.set(bytes, at);
    } else if (kind === W_TABLE) {
      const index = r.uint();
      const i = r.uint();
      const id = r.uint() - 1;
      const t = tablesOf(store)[index];
      if (t === undefined || i >= t.elements.length || (id >= 0 && store.funcs[id] === undefined)) {
        throw new Error(`replay: a recorded write to table ${index}[${i}] (function ${id}) does not fit this store`);
      }
      t.elements[i] = id < 0 ? null : store.funcs[id];
    } else {
      throw new Error(`replay: unknown store write kind ${kind}`);
    }
  }
}

/** [from, to) byte ranges where a and b differ (same length), compared a word at a time. */
function changedRanges(a: Uint8Array, b: Uint8Array): [number, number][] {
  const out: [number, number][] = [];
  const n = Math.min(a.length, b.length);
  const aligned = a.byteOffset % 4 === 0 && b.byteOffset % 4 === 0;
  const words = aligned ? n >>> 2 : 0;
  const wa = new Int32Array(a.buffer, a.byteOffset, words);
  const wb = new Int32Array(b.buffer, b.byteOffset, words);
  let start = -1;
  let last = -1;
  const mark = (i: number) => {
    if (start >= 0 && i - last > MERGE_GAP) {
      out.push([start, last + 1]);
      start = -1;
    }
    if (start < 0) start = i;
    last = i;
  };
  for (let i = 0; i < words; i++) {
    if (wa[i] === wb[i]) continue;
    for (let j = i * 4; j < i * 4 + 4; j++) if (a[j] !== b[j]) mark(j);
  }
  for (let j = words * 4; j < n; j++) if (a[j] !== b[j]) mark(j);
  if (start >= 0) out.push([start, last + 1]);
  return out;
}

/** SHA-256 input of the final state: every memory of the store, in instantiation order. */
export function storeMemories(store: Store): Uint8Array[] {
  return memoriesOf(store).map((m) => m.u8);
}
