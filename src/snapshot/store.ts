// Snapshot / restore of a store: its memories, tables, globals, fuel, value and frame stacks and the async
// calls suspended on them (exec/suspend.ts), as bytes. A snapshot restores into a store that holds the same
// instances — the same module bytes (checked by hash), instantiated in the same order, in this process or
// another — and the suspended calls it carries can then be resumed (`SuspendedCall.resume`) and behave
// exactly as they would have the first time.
//
// Functions are named by (instance index in the store, function index in the instance); memories and tables
// by their order of first appearance among the instances' index spaces. Every other reference — GC objects,
// exceptions, JS values — is written as refs.ts describes: the store's objects once each with identity
// kept, primitives into the bytes, JS objects and functions of no instance in the store by index in the
// caller's `hostValues` list (without one they throw, naming where they were found). What cannot be written:
// segmented (> 4 GiB) memories; globals that live in another store. Those throw.
//
// Part of `purewasm/snapshot` (index.ts), not of the VM: only apps that snapshot carry it. The component
// instances of a store keep state of their own (handle tables, instance flags, backpressure: components.ts);
// it is a SnapshotExtension whose section is written right after the header, so that its identity checks
// (component hashes) come before anything is changed.
//
// Layout (little-endian): "PWS3", the instrumentation flag, the number of `hostValues` entries the snapshot
// needs (the highest index + 1, written last into its place: a restore checks the caller's list first), the
// extension's section (it starts with a count; 0 when the store has no extension), then sections in this
// order — instances (count; per instance the FNV-1a hash of the module bytes and the function count),
// memories (count; pages and bytes), the heap (refs.ts: the types, shells and contents of the GC objects
// and exceptions that the references below lead to), tables (count; size and references), globals (cell
// count; 4 units and a reference each), segments (per instance: data segments, whether each is still there;
// element segments, each one's references or that it is dropped), fuel (f64), value stack (sp; units; references as (index, ref)
// pairs), frames (depth; 3 units each), suspended calls (count; entry, entry depth, resume function, fp, pc,
// depth, base, host callee, argument base); a debug store adds two sections (below). Nothing may follow.
// Older forms still restore: "PWS2" has no count of host values, no heap and no segments section (a
// restore leaves the segments as they are), and its references
// are only null (undefined was written as null) and the store's functions; "PWS1" has no extension section
// either, and restores into stores without component instances.
//
// A restore reads and checks the whole snapshot before it changes anything (a memory that cannot grow to
// the snapshot's size is refused from its limit beforehand; only an allocation failure while growing is
// not): bad bytes are an Error starting "restore:" and the store is left as it was. What it cannot check is
// a value that is in range but wrong (a memory byte, a pc): a snapshot is trusted data, as the module
// bytes it names are.
//
// A debug store (`{ debug }`, exec/debug.ts) snapshots like any other: its breakpoints (BREAK patches)
// and trampolines are translation state the debugger owns and re-applies, not machine state, so pcs on the
// stacks are written as positions of the code proper (stablePc) and the patches are neither written nor
// touched by a restore. What a resume needs besides: the code length of every function on the stacks
// (right after the instances, so a store whose functions were translated with other stop barriers — another
// debugger's — is refused before anything changes), and at the end, per suspended call, whether it resumes
// past a BREAK it already passed (a pause at a breakpoint, or a fuel stop on a trampoline's copy:
// debugBreak's resume mark).
import { driveAsync } from '../vm/exec/async-call.js';
import { fuelLeft, setFuel } from '../vm/exec/fuel.js';
import { Suspension } from '../vm/exec/suspend.js';
import { readResults } from '../vm/runtime/convert.js';
import { moduleHash } from '../vm/runtime/module-hash.js';
import { translateFunction } from '../vm/translate/translator.js';
import type { FuncInst } from '../vm/runtime/func.js';
import type { Machine } from '../vm/runtime/machine.js';
import type { MemoryInst } from '../vm/runtime/memory.js';
import type { TableInst } from '../vm/runtime/table.js';
import { SnapshotReader, SnapshotWriter } from './bytes.js';
import { At, RefReader, RefWriter } from './refs.js';

const MAGIC = 0x33535750; // "PWS3"
const MAGIC_V2 = 0x32535750; // "PWS2": no heap section; null and undefined both written as null
const MAGIC_V1 = 0x31535750; // "PWS1": nor an extension section

/**
 * @internal
 * State a layer above the machine keeps for a store (the component instances', components.ts).
 * `write` fails (throws) when the state cannot be written; `read` reads and checks the section without
 * changing anything and returns what puts it in place, run once the core state is restored. JS values go
 * through `refs` (refs.ts: primitives into the bytes, objects by index in the caller's `hostValues`).
 */
export interface SnapshotExtension {
  write(w: SnapshotWriter, refs: RefWriter): void;
  read(r: SnapshotReader, refs: RefReader): () => void;
}

/** A call that was suspended when the snapshot was taken, restored: resume it to get its result. */
export interface SuspendedCall {
  /** The exported/entry function's index in its instance, and the instance's index in the store. */
  readonly instance: number;
  readonly func: number;
  /** Continues the call. For a call that waited for an async host function, `value` is that function's
   *  result (the original Promise did not survive the snapshot); a fuel suspension needs fuel in the store. */
  resume(value?: unknown): Promise<unknown>;
}

/** The store's memories and tables in order of first appearance, and a map from FuncInst to its name. */
function layout(m: Machine): { memories: MemoryInst[]; tables: TableInst[]; names: Map<FuncInst, [number, number]> } {
  const memories: MemoryInst[] = [];
  const tables: TableInst[] = [];
  const names = new Map<FuncInst, [number, number]>();
  m.instances.forEach((st, i) => {
    for (const mem of st.memories) if (!memories.includes(mem)) memories.push(mem);
    for (const t of st.tables) if (!tables.includes(t)) tables.push(t);
    st.funcs.forEach((f, j) => {
      if (!names.has(f)) names.set(f, [i, j]);
    });
  });
  return { memories, tables, names };
}

/** @internal The store's state as bytes (index.ts `snapshot`); JS objects referred to go into `hostValues`. */
export function snapshotStore(m: Machine, ext: SnapshotExtension | undefined, hostValues?: unknown[]): Uint8Array {
  if (m.nest !== 0) throw new Error('snapshot: the store is running (take it between calls or while calls are suspended)');
  const w = new SnapshotWriter();
  w.u32(MAGIC);
  w.u32(codeFlags(m)); // fuel instructions and debug translation change code positions (pcs on the stacks)
  w.u32(0); // the entries of `hostValues` needed: known at the end
  const { memories, tables, names } = layout(m);
  const refs = new RefWriter(m, names, hostValues);
  if (ext === undefined) w.u32(0);
  else ext.write(w, refs);
  w.u32(m.instances.length);
  for (const st of m.instances) {
    w.u32(moduleHash(st.module.bytes));
    w.u32(st.funcs.length);
  }
  if (m.debug !== null) writeCodeLengths(w, m);
  w.u32(memories.length);
  for (const mem of memories) {
    if (mem.segments !== null) throw new Error('snapshot: a memory above 4 GiB (segmented) cannot be written');
    w.f64(mem.pages);
    w.f64(mem.u8.length);
    w.bytes(mem.u8);
  }
  // The rest refers to heap objects, which the heap section (written next, refs.ts) must hold first: it is
  // written apart and appended once the walk of its references has found them all.
  const t = new SnapshotWriter();
  t.u32(tables.length);
  tables.forEach((table, i) => {
    t.u32(table.elements.length);
    table.elements.forEach((r, k) => refs.ref(t, r, At.Table, i, k));
  });
  t.u32(m.globalCount);
  for (let g = 0; g < m.globalCount; g++) {
    for (let k = 0; k < 4; k++) t.i32(m.globals[g * 4 + k]);
    refs.ref(t, m.globalRefs[g * 4], At.Global, g, 0);
  }
  writeSegments(t, m, refs);
  t.f64(m.instrumented ? fuelLeft(m) : Infinity);
  const sp = m.suspended.length > 0 ? m.sp : 0;
  t.u32(sp);
  for (let u = 0; u < sp; u++) t.i32(m.I32[u]);
  const refAt: number[] = [];
  for (let u = 0; u < sp; u++) if (m.refs[u] !== null) refAt.push(u);
  t.u32(refAt.length);
  for (const u of refAt) {
    t.u32(u);
    refs.ref(t, m.refs[u], At.Stack, u, 0);
  }
  const depth = m.suspended.length > 0 ? m.depth : 0;
  t.u32(depth);
  for (let k = 0; k < depth; k++) {
    const pc = m.frames[k * 3];
    t.i32(m.debug === null ? pc : stablePc(m, m.funcs[m.frames[k * 3 + 2]], pc).pos);
    t.i32(m.frames[k * 3 + 1]);
    t.i32(m.frames[k * 3 + 2]);
  }
  t.u32(m.suspended.length);
  for (const s of m.suspended) {
    t.i32(s.entry!.id);
    t.u32(s.entryDepth);
    t.i32(s.fn.id);
    t.u32(s.fp);
    t.u32(m.debug === null ? s.pc : stablePc(m, s.fn, s.pc).pos);
    t.u32(s.depth);
    t.u32(s.base);
    const callee = s.callee === null ? undefined : names.get(s.callee);
    if (s.callee !== null && callee === undefined) throw new Error('snapshot: a suspended host call of a function of no instance');
    t.i32(callee === undefined ? -1 : callee[0]);
    t.i32(callee === undefined ? -1 : callee[1]);
    t.u32(s.argFp);
    const c0 = names.get(s.callee0!)!;
    t.u32(c0[0]);
    t.u32(c0[1]);
  }
  if (m.debug !== null) writeSkipMarks(t, m);
  refs.finish(w, new SnapshotWriter());
  w.append(t);
  w.setU32(8, refs.hostNeed);
  return w.finish();
}

/** Segment numbers per instance in a reference's place (refs.ts At.Segment): more than modules have. */
const SEGMENTS = 2 ** 26;

/**
 * The instances' segments ("PWS3"): per instance, per data segment whether it is still there (data.drop),
 * per element segment its references or that it is dropped — a passive segment's references may be GC
 * objects that a table or an array holds too, so they are written with the rest (identity kept).
 */

function writeSegments(w: SnapshotWriter, m: Machine, refs: RefWriter): void {
  m.instances.forEach((st, i) => {
    w.u32(st.datas.length);
    for (const d of st.datas) w.u32(d === null ? 0 : 1);
    w.u32(st.elems.length);
    st.elems.forEach((e, k) => {
      w.u32(e === null ? 0 : 1);
      if (e === null) return;
      w.u32(e.length);
      e.forEach((r, x) => refs.ref(w, r, At.Segment, i * SEGMENTS + k, x));
    });
  });
}

/** Reads them (checked against the modules' segments); returns what puts them in place. */
function readSegments(r: SnapshotReader, m: Machine, refs: RefReader): () => void {
  const datas: (Uint8Array | null)[][] = [];
  const elems: (unknown[] | null)[][] = [];
  for (const st of m.instances) {
    const mod = st.module;
    if (r.u32() !== st.datas.length) throw bad('data segment count');
    datas.push(mod.datas.map((seg) => {
      const present = r.u32() === 1;
      if (present && seg.mode !== 'passive') throw bad('an active data segment that was not dropped');
      return present ? seg.data : null;
    }));
    if (r.u32() !== st.elems.length) throw bad('element segment count');
    elems.push(mod.elements.map((seg) => {
      if (r.u32() !== 1) return null;
      const n = r.u32();
      if (seg.mode !== 'passive' || n > r.remaining() / 4) throw bad('an element segment');
      const els: unknown[] = new Array(n);
      for (let x = 0; x < n; x++) els[x] = refs.ref(r);
      return els;
    }));
  }
  return () => m.instances.forEach((st, i) => {
    datas[i].forEach((d, k) => (st.datas[k] = d));
    elems[i].forEach((e, k) => (st.elems[k] = e));
  });
}

/**
 * A pc of fn's stacks (a return address, a suspension's resume point) as a position in the code proper, for
 * a snapshot: the trampolines are this store's translation state (filled where a breakpoint was once), not
 * machine state, so the same pc must mean the same in a store patched differently. A return address in a
 * trampoline (its BR back) stands for the instruction after the original, exactly. A pc at the head of a
 * trampoline (a fuel suspension on the copied instruction) runs that instruction after its BREAK was
 * passed: `skip` says a resume there must run through a BREAK at `pos` (the resume mark of debugBreak).
 */
function stablePc(m: Machine, fn: FuncInst, pc: number): { pos: number; skip: boolean } {
  const fd = m.debug!.fns.get(fn);
  if (fd === undefined) return { pos: pc, skip: false };
  const r = fd.regionOf(pc);
  if (pc < r.end) return { pos: pc, skip: false };
  const pos = m.debug!.position(fn, pc);
  return { pos, skip: r.trampolineOf(pos) === pc };
}

/** Bit 0: fuel/interruption instrumentation; bit 1: debug translation; bit 2: loops counted for the JS tier
 *  (OSR instructions, Machine.jsLoops). */
function codeFlags(m: Machine): number {
  return (m.instrumented ? 1 : 0) | (m.debug !== null ? 2 : 0) | (m.jsLoops > 0 ? 4 : 0);
}

/** The functions whose code positions the stacks hold: the frames' and the suspended calls' (ids). */
function stackFunctions(m: Machine, depth: number): number[] {
  const ids = new Set<number>();
  for (let k = 0; k < depth; k++) ids.add(m.frames[k * 3 + 2]);
  for (const s of m.suspended) ids.add(s.fn.id);
  return [...ids].sort((a, b) => a - b);
}

/** A debug store's code lengths of the functions on its stacks (written before anything else of the state). */
function writeCodeLengths(w: SnapshotWriter, m: Machine): void {
  const ids = stackFunctions(m, m.suspended.length > 0 ? m.depth : 0);
  w.u32(ids.length);
  for (const id of ids) {
    w.i32(id);
    w.u32(m.debug!.fns.get(m.funcs[id])?.length ?? 0);
  }
}

/** Checks them against this store's translation (translating what is not yet) before anything changes. */
function checkCodeLengths(r: SnapshotReader, m: Machine): void {
  const n = r.u32();
  for (let k = 0; k < n; k++) {
    const fn = m.funcs[r.i32()];
    const length = r.u32();
    ensureTranslated(fn);
    if (m.debug!.fns.get(fn)?.length !== length) {
      throw new Error(`restore: function ${fn.index} on the snapshot's stack was translated with other debug stop barriers in this store (attach the same debugger, with the same debug information, before restoring)`);
    }
  }
}

/** Per suspended call: whether its resume runs through a BREAK it already passed (debugBreak's mark). */
function writeSkipMarks(w: SnapshotWriter, m: Machine): void {
  const st = m.debug!;
  for (const s of m.suspended) {
    const marked = st.skipFn === s.fn && st.skipPos === s.pc && st.skipFp === s.fp && st.skipDepth === s.depth;
    w.u32(marked || stablePc(m, s.fn, s.pc).skip ? 1 : 0);
  }
}

/** Puts the marks read (one per suspended call) in place. */
function applySkipMarks(marks: readonly number[], m: Machine): void {
  const st = m.debug!;
  st.skipFn = null;
  m.suspended.forEach((s, k) => {
    // only where a BREAK is patched now: without one the instruction runs anyway, and a mark left unused
    // would skip a later stop there
    if (marks[k] !== 1 || st.fns.get(s.fn)?.saved.has(s.pc) !== true) return;
    st.skipFn = s.fn;
    st.skipPos = s.pc;
    st.skipFp = s.fp;
    st.skipDepth = s.depth;
  });
}

function bad(what: string): Error {
  return new Error(`restore: bad snapshot (${what})`);
}

/**
 * @internal A snapshot's state into the store (index.ts `restore`). Everything is read and checked first;
 * the store changes only once the whole snapshot has been read.
 */
export function restoreStore(m: Machine, bytes: Uint8Array, ext: SnapshotExtension | undefined, hostValues?: readonly unknown[]): SuspendedCall[] {
  if (m.nest !== 0 || m.suspended.length > 0) throw new Error('restore: the store must be idle (no running or suspended calls)');
  const r = new SnapshotReader(bytes);
  const magic = r.u32();
  if (magic !== MAGIC && magic !== MAGIC_V2 && magic !== MAGIC_V1) throw new Error('restore: not a purewasm store snapshot');
  const flags = r.u32();
  if ((flags & 1) !== (codeFlags(m) & 1)) throw new Error('restore: the snapshot was taken in a store with(out) fuel/interruption and this one is not alike');
  if ((flags & 2) !== (codeFlags(m) & 2)) throw new Error(`restore: the snapshot was taken in a${flags & 2 ? ' debug' : ' non-debug'} store and this one is ${m.debug !== null ? 'a debug store' : 'not a debug store'} (their code positions differ)`);
  const refs = new RefReader(m.instances, hostValues, magic === MAGIC ? r.u32() : 0);
  let applyExt: (() => void) | undefined;
  if (ext !== undefined) {
    // A v1 snapshot reads as one whose extension section is empty (the extension refuses it if it is not).
    applyExt = ext.read(magic !== MAGIC_V1 ? r : new SnapshotReader(new Uint8Array(4)), refs);
  } else if (magic !== MAGIC_V1) {
    const nc = r.u32();
    if (nc !== 0) throw new Error(`restore: the snapshot has ${nc} component instances, the store none`);
  }
  const n = r.u32();
  if (n !== m.instances.length) throw new Error(`restore: the snapshot has ${n} instances, the store ${m.instances.length}`);
  for (let i = 0; i < n; i++) {
    const h = r.u32();
    const fc = r.u32();
    const st = m.instances[i];
    if (h !== moduleHash(st.module.bytes) || fc !== st.funcs.length) throw new Error(`restore: instance ${i} is of another module (hash mismatch)`);
  }
  if (m.debug !== null) checkCodeLengths(r, m);
  const { memories, tables } = layout(m);
  const nm = r.u32();
  if (nm !== memories.length) throw new Error('restore: memory count mismatch');
  const memData: [number, Uint8Array][] = [];
  for (const mem of memories) {
    const pages = r.f64();
    const len = r.f64();
    if (pages < mem.pages) throw new Error('restore: a memory is larger than in the snapshot');
    if (pages > mem.limit) throw new Error('restore: a memory cannot grow to the snapshot size');
    if (len !== pages * mem.pageSize) throw bad('memory size');
    if (mem.segments !== null) throw new Error('restore: a memory of this store is above 4 GiB (segmented), which no snapshot holds');
    memData.push([pages, r.bytes(len)]);
  }
  if (magic === MAGIC) refs.readHeap(r);
  const nt = r.u32();
  if (nt !== tables.length) throw new Error('restore: table count mismatch');
  const tableData: unknown[][] = [];
  for (const t of tables) {
    const size = r.u32();
    if (size > (t.max ?? t.cap) || size > r.remaining() / 4) throw bad('table size');
    const els: unknown[] = new Array(size);
    for (let k = 0; k < size; k++) els[k] = refs.ref(r);
    tableData.push(els);
  }
  const ng = r.u32();
  if (ng !== m.globalCount) throw new Error('restore: global count mismatch');
  const globals = new Int32Array(ng * 4);
  const globalRefs: unknown[] = new Array(ng);
  for (let g = 0; g < ng; g++) {
    for (let k = 0; k < 4; k++) globals[g * 4 + k] = r.i32();
    globalRefs[g] = refs.ref(r);
  }
  const applySegments = magic === MAGIC ? readSegments(r, m, refs) : undefined;
  const fuel = r.f64();
  const sp = r.u32();
  if (sp > r.remaining() / 4) throw bad('stack size');
  const stack = new Int32Array(sp);
  for (let u = 0; u < sp; u++) stack[u] = r.i32();
  const nr = r.u32();
  const stackRefs: [number, unknown][] = [];
  for (let k = 0; k < nr; k++) {
    const u = r.u32();
    if (u >= sp) throw bad('a stack reference past the stack');
    stackRefs.push([u, refs.ref(r)]);
  }
  const depth = r.u32();
  // (loops counted for the JS tier or not: code positions differ, which matters only with frames to restore)
  if (depth > 0 && (flags & 4) !== (codeFlags(m) & 4)) throw new Error(`restore: the snapshot's store ${flags & 4 ? 'counted' : 'did not count'} loops for the JS tier (tier 'auto' with a compiler) and this one ${m.jsLoops > 0 ? 'does' : 'does not'} (their code positions differ)`);
  if (depth > r.remaining() / 12) throw bad('frame count');
  // frame and entry ids are registry ids: wasm functions get theirs at instantiation, in order, so they are
  // the same in a store that instantiated the same modules in the same order (checked above)
  const frames = new Int32Array(depth * 3);
  for (let k = 0; k < depth * 3; k++) frames[k] = r.i32();
  // code positions on the stacks refer to translated code: translate those functions now (deterministic;
  // no state of the store's: lazy translation would do it at the first call)
  for (let k = 0; k < depth; k++) ensureTranslated(m.funcs[frames[k * 3 + 2]]);
  const ns = r.u32();
  const suspensions: Suspension[] = [];
  const calls: SuspendedCall[] = [];
  for (let k = 0; k < ns; k++) {
    const entry = m.funcs[r.i32()];
    const entryDepth = r.u32();
    const fn = m.funcs[r.i32()];
    const fp = r.u32();
    const pc = r.u32();
    const d = r.u32();
    const base = r.u32();
    const ci = r.i32();
    const cj = r.i32();
    const argFp = r.u32();
    const c0i = r.u32();
    const c0j = r.u32();
    ensureTranslated(fn);
    ensureTranslated(entry);
    const callee = ci < 0 ? null : m.instances[ci]?.funcs[cj];
    const f0 = m.instances[c0i]?.funcs[c0j];
    if (callee === undefined || f0 === undefined) throw bad('a suspended call names no function of this store');
    const s = new Suspension(Promise.resolve(), callee, argFp, fn, fp, pc, d);
    s.entry = entry;
    s.entryDepth = entryDepth;
    s.base = base;
    s.callee0 = f0;
    suspensions.push(s);
    calls.push({
      instance: c0i,
      func: c0j,
      resume: (value?: unknown) => driveAsync(m, f0, () => base, (at) => readResults(m, f0, at), s, value, false),
    });
  }
  // (a store with no suspended call has nothing on its stacks: the writer writes them empty)
  if (ns === 0 && (sp !== 0 || depth !== 0)) throw bad('stacks without a suspended call');
  const marks: number[] = [];
  if (m.debug !== null) for (let k = 0; k < ns; k++) marks.push(r.u32());
  if (r.remaining() !== 0) throw bad(`${r.remaining()} bytes past its end`);

  // Everything is read: now the store changes.
  memories.forEach((mem, i) => {
    const [pages, data] = memData[i];
    if (pages > mem.pages && mem.grow(pages - mem.pages) < 0) throw new Error('restore: a memory cannot grow to the snapshot size');
    mem.u8.set(data);
  });
  tables.forEach((t, i) => {
    t.elements = tableData[i];
  });
  m.globals.set(globals);
  for (let g = 0; g < ng; g++) m.globalRefs[g * 4] = globalRefs[g];
  if (applySegments !== undefined) applySegments();
  if (m.instrumented) setFuel(m, fuel);
  m.growStack(sp + 8);
  m.I32.set(stack);
  for (let u = 0; u < sp; u++) m.refs[u] = null;
  for (const [u, v] of stackRefs) m.refs[u] = v;
  m.growFrames(depth);
  m.frames.set(frames);
  for (const s of suspensions) m.suspended.push(s);
  m.sp = sp;
  m.depth = depth;
  if (m.debug !== null) applySkipMarks(marks, m);
  if (applyExt !== undefined) applyExt();
  return calls;
}

function ensureTranslated(f: FuncInst | undefined): void {
  if (f === undefined || f.host !== null) throw new Error('restore: a frame names no wasm function of this store');
  if (f.code === null) translateFunction(f);
}
