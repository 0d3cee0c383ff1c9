// Breakpoints in a debug store's code: the VM half of the debugger (src/debug is the other half).
//
// A store created with `{ debug: true }` translates its functions differently (translator.ts,
// translateFunction): at a STOP BARRIER no fusion reaches across (what was emitted before it never merges with
// what it emits), so a stop at its position is exactly "before that instruction". The debugger says where
// the barriers are (DebugState.barrier: the statement starts of modules with DWARF, so the code between two
// of them keeps its fusions); until it does, and in modules without DWARF, every instruction is one, which
// makes every wasm instruction a possible stop. The (position, module offset) pairs are recorded as it
// translates, and the code array gets room for one TRAMPOLINE per position after the code proper (4x).
//
// A breakpoint is the BREAK opcode written over the instruction at a position (patch). The loop meets it
// in its `default` branch (it is a cold opcode: the dispatch loop has no check of its own and no code
// without a breakpoint pays anything), and debugBreak below asks the store's DebugHook what to do:
//   - run on: execution continues in the position's trampoline, a copy of the original instruction
//     followed by `BR back` (branch targets are absolute and a call's return address is the trampoline's
//     BR, so every instruction works there unchanged; handler ranges are duplicated for trampolines);
//   - pause: the call suspends exactly as at an async host call (exec/suspend.ts: the frames stay on the
//     store's frame stack; callAsync's driver awaits the Promise the hook returned, then resumes at the
//     BREAK, which this time runs the trampoline: `skip*` marks the one resume).
// Stepping is the same mechanism: src/debug patches the candidate stops of a step (statement rows,
// return addresses, every instruction for stepi) and removes them at the next stop.
import type { FuncInst } from '../runtime/func.js';
import type { Machine } from '../runtime/machine.js';
import { OPERANDS, Op } from '../translate/opcodes.js';
import { Suspension } from './suspend.js';

/** What the debugger (src/debug/engine) is asked at a breakpoint. */
export interface DebugHook {
  /**
   * Execution reached a patched position `pos` (in fn's code, before the instruction there) in the frame at
   * `fp`, frame depth `depth`. Return a Promise to pause until it settles (only when `canPause`: the call
   * runs directly under callAsync), or null to run on. Reading the machine's state here is fine; so is
   * patching and unpatching.
   */
  onBreak(fn: FuncInst, fp: number, pos: number, depth: number, canPause: boolean): PromiseLike<unknown> | null;
  /** A function of the store was translated (a breakpoint waiting for it can be patched now). */
  onTranslate(fn: FuncInst): void;
}

/** A translated function of a debug store. */
export class FuncDebug {
  /** Length of the code proper; trampolines follow it. */
  readonly length: number;
  /** (code position, module byte offset) per wasm instruction, in order (the translator's record). */
  readonly offsets: Int32Array;
  /** Patched positions → their original opcode. */
  readonly saved = new Map<number, number>();
  /** Positions whose trampoline is filled, ascending (trampolines stay filled once made). */
  readonly trampolines: number[] = [];
  /** The stop barriers it was translated with. */
  readonly barrier: (pos: number) => boolean;

  constructor(length: number, offsets: Int32Array, barrier: (pos: number) => boolean) {
    this.length = length;
    this.offsets = offsets;
    this.barrier = barrier;
  }
}

export class DebugState {
  hook: DebugHook | null = null;
  /** Which instructions (fn, module offset) are stop barriers; null: all of them. Set before translation
   *  (the functions translated earlier keep all barriers, which is only slower). */
  barrier: ((fn: FuncInst, moduleOffset: number) => boolean) | null = null;
  readonly fns = new Map<FuncInst, FuncDebug>();
  /** The one BREAK to run through on resume (the pause it made): function, position, frame, depth. */
  skipFn: FuncInst | null = null;
  skipPos = 0;
  skipFp = 0;
  skipDepth = 0;
}

/** The translator's barrier test for fn (null outside debug stores). */
export function debugBarrier(fn: FuncInst): ((pos: number) => boolean) | null {
  const st = fn.instance!.store.debug;
  if (st === null) return null;
  const fd = st.fns.get(fn);
  if (fd !== undefined) return fd.barrier; // a retranslation (operandStackAt) must see the same barriers
  const b = st.barrier;
  return b === null ? () => true : (pos) => b(fn, pos);
}

/** Trampoline of position p: 3p after the code proper (an instruction of w words takes w + 2 ≤ 3w). */
function trampolineOf(fd: FuncDebug, pos: number): number {
  return fd.length + 3 * pos;
}

function widthAt(code: Int32Array, pos: number, op: number): number {
  return 1 + (op === Op.BR_TABLE ? 2 + code[pos + 2] + 1 : OPERANDS[op]);
}

/** Called by translateFunction for a function of a debug store, once its code is final. */
export function prepareDebugCode(m: Machine, fn: FuncInst, offsets: Int32Array, barrier: (pos: number) => boolean): void {
  const st = m.debug!;
  const code = fn.code!;
  const n = code.length;
  const big = new Int32Array(n * 4 + 4);
  big.set(code);
  fn.code = big;
  const h = fn.handlers;
  if (h.length > 0) {
    // the same handlers for the trampolines of the instructions in their ranges (T is monotonic in p)
    const all = Array.from(h);
    for (let i = 0; i < h.length; i += 7) {
      all.push(n + 3 * h[i], n + 3 * h[i + 1], h[i + 2], h[i + 3], h[i + 4], h[i + 5], h[i + 6]);
    }
    fn.handlers = Int32Array.from(all);
  }
  st.fns.set(fn, new FuncDebug(n, offsets, barrier));
  if (st.hook !== null) st.hook.onTranslate(fn);
}

/** Writes BREAK over the instruction at `pos` (a position of fd.offsets). Idempotent. */
export function patch(m: Machine, fn: FuncInst, pos: number): void {
  const fd = m.debug!.fns.get(fn);
  if (fd === undefined) throw new Error(`debug: function ${fn.index} is not translated yet`);
  if (fd.saved.has(pos)) return;
  if (!(pos >= 0 && pos < fd.length)) throw new RangeError(`debug: position ${pos} is outside function ${fn.index}'s code`);
  const code = fn.code!;
  const op = code[pos];
  const t = trampolineOf(fd, pos);
  if (!hasTrampoline(fd, pos)) {
    const w = widthAt(code, pos, op);
    code[t] = op;
    code.copyWithin(t + 1, pos + 1, pos + w);
    code[t + w] = Op.BR;
    code[t + w + 1] = pos + w;
    insertSorted(fd.trampolines, pos);
  }
  fd.saved.set(pos, op);
  code[pos] = Op.BREAK;
}

/** Puts the original instruction back at `pos`. */
export function unpatch(m: Machine, fn: FuncInst, pos: number): void {
  const fd = m.debug!.fns.get(fn);
  const op = fd?.saved.get(pos);
  if (fd === undefined || op === undefined) return;
  fn.code![pos] = op;
  fd.saved.delete(pos);
}

function hasTrampoline(fd: FuncDebug, pos: number): boolean {
  const i = lowerBound(fd.trampolines, pos);
  return i < fd.trampolines.length && fd.trampolines[i] === pos;
}

function lowerBound(a: readonly number[], x: number): number {
  let lo = 0, hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function insertSorted(a: number[], x: number): void {
  a.splice(lowerBound(a, x), 0, x);
}

/** The position in fn's code proper that a pc stands for: itself, or for a pc inside a trampoline the
 *  matching place of the original instruction (its BR back stands for the next instruction). */
export function codePosition(fd: FuncDebug, code: Int32Array, pc: number): number {
  if (pc < fd.length) return pc;
  const t = Math.floor((pc - fd.length) / 3);
  const i = lowerBound(fd.trampolines, t + 1) - 1;
  if (i < 0) return pc;
  const p = fd.trampolines[i];
  const start = trampolineOf(fd, p);
  const w = widthAt(code, start, code[start]);
  return p + Math.min(pc - start, w);
}

/**
 * A pc of fn's stacks (a return address, a suspension's resume point) as a position in the code proper, for
 * a snapshot: the trampolines are this store's translation state (filled where a breakpoint was once), not
 * machine state, so the same pc must mean the same in a store patched differently. A return address in a
 * trampoline (its BR back) stands for the instruction after the original, exactly. A pc at the head of a
 * trampoline (a fuel suspension on the copied instruction) runs that instruction after its BREAK was
 * passed: `skip` says a resume there must run through a BREAK at `pos` (the resume mark of debugBreak).
 */
export function stablePc(m: Machine, fn: FuncInst, pc: number): { pos: number; skip: boolean } {
  const st = m.debug!;
  const fd = st.fns.get(fn);
  if (fd === undefined || pc < fd.length) return { pos: pc, skip: false };
  const pos = codePosition(fd, fn.code!, pc);
  return { pos, skip: trampolineOf(fd, pos) === pc };
}

/** The BREAK instruction (exec/cold.ts): returns the pc to go on at, or throws a Suspension to pause. */
export function debugBreak(m: Machine, pc: number, fp: number): number {
  const st = m.debug!;
  const fn = m.curFn!;
  const depth = m.depth;
  const fd = st.fns.get(fn)!;
  if (st.skipFn === fn && st.skipPos === pc && st.skipFp === fp && st.skipDepth === depth) {
    st.skipFn = null;
    return trampolineOf(fd, pc);
  }
  const canPause = m.asyncLevel >= 0 && m.asyncLevel === m.nest;
  const wait = st.hook === null ? null : st.hook.onBreak(fn, fp, pc, depth, canPause);
  if (wait === null || !canPause) return trampolineOf(fd, pc);
  st.skipFn = fn;
  st.skipPos = pc;
  st.skipFp = fp;
  st.skipDepth = depth;
  throw new Suspension(wait, null, 0, fn, fp, pc, depth);
}
