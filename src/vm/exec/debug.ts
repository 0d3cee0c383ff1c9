// Breakpoints in a debug store's code: the VM half of the debugger (src/debug is the other half).
//
// It ships in `purewasm/debug`, not in the core (issue #12: a store that is not debugged never needs it): a
// debug store is created with the pack `debug` of that entry, `new Store({ debug })`, whose DebugState the
// store keeps as `debug`; the core reaches this file only through that object's methods (prepare, onBreak,
// position) and imports nothing else of it but types. The translator's side — translating a region with
// stop barriers (translator.ts, Translator's `debug`) — stays in the core.
//
// A store created with the pack translates its functions differently (translator.ts, a debug
// region): at a STOP BARRIER no fusion reaches across (what was emitted before it never merges with what it
// emits), so a stop at its position is exactly "before that instruction". A function's code has up to two
// regions, each followed by room for one TRAMPOLINE per position (3 words each):
//   - the FUSED region, what runs by default: barriers only where the debugger stops without being asked
//     for a particular instruction — the structural ones (the first instruction, every instruction after a
//     control instruction or a call: labels and return addresses, where no fusion reaches anyway) and the
//     debugger's (DebugState.barrier: the statement starts of code with DWARF). Fusions between them stay,
//     so a debugger that is attached but not stepping costs little;
//   - the EXACT region, translated the first time the debugger needs a stop at any instruction of the
//     function (ensureExact: `stepi`, an instruction breakpoint inside a fused group): every instruction is
//     a barrier. From then on the fused region's stop positions are REDIRECTS (a BREAK whose hit continues at
//     the same instruction's position in the exact region), so calls (they enter at position 0), frames
//     returning into the fused code and loops running in it all move over at their next stop position. The
//     fused code stays valid, so nothing that holds a pc into it (callers' return addresses, a suspended
//     call, a fiber's stack) needs to be found and rewritten. Both regions share one frame layout: the fused
//     region's constant pool starts from the exact translation's, and the frame is sized for both.
// The (position, module offset) pairs are recorded as each region is translated, with a flag per pair
// telling whether a stop at its position is exact for that instruction (always, in the exact region).
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
  /** @internal */
  onBreak(fn: FuncInst, fp: number, pos: number, depth: number, canPause: boolean): PromiseLike<unknown> | null;
  /** A function of the store was translated (a breakpoint waiting for it can be patched now). */
  /** @internal */
  onTranslate(fn: FuncInst): void;
}

/** What a debug region of a function is translated with (translator.ts, Translator's `debug`). */
export interface DebugRegionRequest {
  /** Instructions (module offsets) that are stop barriers besides the structural ones; null: every one. */
  readonly barrier: ((offset: number) => boolean) | null;
  /** Code position where the region starts (its branch targets and handler pcs are absolute). */
  readonly base: number;
  /** Constant pool to start from (the frame layout the function already runs with), or null. */
  readonly pool: Int32Array | null;
}

/** A translated debug region, not installed yet. */
export interface DebugRegion {
  /** The region's code proper (it sits at the request's base). */
  readonly code: Int32Array;
  /** (position, module byte offset) per wasm instruction, in order. */
  readonly offsets: Int32Array;
  /** Per pair of offsets: 1 when a stop at its position is exactly before that instruction. */
  readonly stops: Uint8Array;
  readonly handlers: Int32Array;
  readonly pool: Int32Array;
  readonly paramUnits: number;
  readonly localUnits: number;
  readonly maxSlot: number;
}

/** A region of a debug store function's code: [start, end) the code proper, then its trampolines. */
export class CodeRegion {
  readonly start: number;
  readonly end: number;
  readonly offsets: Int32Array;
  readonly stops: Uint8Array;
  /** How it was translated (a re-translation, such as operandStackAt's, must see the same code). */
  readonly request: DebugRegionRequest;
  /** Positions whose trampoline is filled, ascending (trampolines stay filled once made). */
  readonly trampolines: number[] = [];
  /** Every instruction is a stop (nothing fused across instructions: the exact region, or fused code whose
   *  every instruction was a barrier). */
  readonly everyStop: boolean;

  constructor(start: number, r: DebugRegion, request: DebugRegionRequest) {
    this.start = start;
    this.end = start + r.code.length;
    this.offsets = r.offsets;
    this.stops = r.stops;
    this.request = request;
    this.everyStop = r.stops.every((x) => x === 1);
  }

  /** Trampoline of position p: 3 words per position after the code proper (an instruction of w words
   *  takes w + 2 ≤ 3w). */
  trampolineOf(pos: number): number {
    return this.end + 3 * (pos - this.start);
  }

  /** End of the region's trampolines. */
  get limit(): number {
    return this.trampolineOf(this.end) + 4;
  }
}

/** A translated function of a debug store. */
export class FuncDebug {
  /** The code that runs by default. */
  readonly fused: CodeRegion;
  /** Every instruction a barrier: made on demand (ensureExact); null until then. */
  exact: CodeRegion | null = null;
  /** Once exact: fused stop position → the exact region's position of the same instruction. */
  redirect: Map<number, number> | null = null;
  /** Patched positions (breakpoints and redirects) → their original opcode. */
  readonly saved = new Map<number, number>();
  /** Translates a region of this function (the exact one, later: the code array has room for it). */
  readonly translate: (req: DebugRegionRequest) => DebugRegion;

  constructor(fused: CodeRegion, translate: (req: DebugRegionRequest) => DebugRegion) {
    this.fused = fused;
    this.translate = translate;
  }

  /** The fused region's layout, what a snapshot checks: its length and which positions are stops (the same
   *  barriers give the same code; an exact region, made from it, sits at the same place in every store). */
  get length(): number {
    let h = this.fused.end;
    const s = this.fused.stops;
    for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s[i]) | 0;
    return h >>> 0;
  }

  /** The region new stops are placed in: the exact one once it exists. */
  get active(): CodeRegion {
    return this.exact ?? this.fused;
  }

  /** The region whose code proper or trampolines hold position `pc`. */
  regionOf(pc: number): CodeRegion {
    return this.exact !== null && pc >= this.exact.start ? this.exact : this.fused;
  }
}

/** The debug-store support (`import { debug } from 'purewasm/debug'`): `new Store({ debug })` makes a store
 *  whose code a debugger can pause at any instruction. */
export interface DebugPack {
  /** @internal A debug store's state. */
  state(): DebugState;
}

/** See DebugPack. */
export const debug: DebugPack = { state: () => new DebugState() };

/** A debug store's state (Machine.debug); its methods are what the core calls of this file. */
export class DebugState {
  hook: DebugHook | null = null;
  /** Which instructions (fn, module offset) are stop barriers in fused code besides the structural ones;
   *  null: none. Set before translation (functions translated earlier get exact code when a stop needs it). */
  barrier: ((fn: FuncInst, moduleOffset: number) => boolean) | null = null;
  readonly fns = new Map<FuncInst, FuncDebug>();
  /** The one BREAK to run through on resume (the pause it made): function, position, frame, depth. */
  skipFn: FuncInst | null = null;
  skipPos = 0;
  skipFp = 0;
  skipDepth = 0;

  /** Translates fn, a function of this store (translator.ts, translateFunction): prepareDebugCode. */
  prepare(m: Machine, fn: FuncInst, translate: (req: DebugRegionRequest) => DebugRegion): void {
    prepareDebugCode(m, fn, translate);
  }

  /** The BREAK instruction (exec/cold.ts): debugBreak. */
  onBreak(m: Machine, pc: number, fp: number): number {
    return debugBreak(m, pc, fp);
  }

  /** The position in fn's code that `pc` stands for (codePosition; pc itself before fn is translated). */
  position(fn: FuncInst, pc: number): number {
    const fd = this.fns.get(fn);
    return fd === undefined ? pc : codePosition(fd, fn.code!, pc);
  }
}

const EVERY: DebugRegionRequest['barrier'] = null;

function widthAt(code: Int32Array, pos: number, op: number): number {
  return 1 + (op === Op.BR_TABLE ? 2 + code[pos + 2] + 1 : OPERANDS[op]);
}

/** The handler table of a region plus the same handlers for its trampolines (trampolineOf is monotonic). */
function withTrampolines(h: Int32Array, r: CodeRegion): number[] {
  const all = Array.from(h);
  for (let i = 0; i < h.length; i += 7) {
    all.push(r.trampolineOf(h[i]), r.trampolineOf(h[i + 1]), h[i + 2], h[i + 3], h[i + 4], h[i + 5], h[i + 6]);
  }
  return all;
}

/** Called by translateFunction for a function of a debug store: installs its fused region. */
export function prepareDebugCode(m: Machine, fn: FuncInst, translate: (req: DebugRegionRequest) => DebugRegion): void {
  const st = m.debug!;
  // The exact translation first, for its constants and frame size: the fused one starts from its pool, so
  // the exact region made later from the fused pool needs no constant the running frames lack.
  const dry = translate({ barrier: EVERY, base: 0, pool: null });
  const b = st.barrier;
  const req: DebugRegionRequest = { barrier: b === null ? () => false : (offset) => b(fn, offset), base: 0, pool: dry.pool };
  const r = translate(req);
  const region = new CodeRegion(0, r, req);
  // room for the exact region and its trampolines from the start: a loop that holds this array keeps it
  const code = new Int32Array(region.limit + (region.everyStop ? 0 : dry.code.length * 4 + 4));
  code.set(r.code);
  fn.zeroFrom = r.paramUnits;
  fn.zeroTo = r.localUnits;
  fn.localUnits = r.localUnits;
  fn.poolBase = r.localUnits;
  fn.pool = r.pool;
  fn.poolUnits = r.pool.length;
  fn.frameSize = Math.max(r.maxSlot, dry.maxSlot) + r.pool.length + 4;
  fn.handlers = r.handlers.length > 0 ? Int32Array.from(withTrampolines(r.handlers, region)) : r.handlers;
  fn.offsets = r.offsets;
  fn.code = code;
  st.fns.set(fn, new FuncDebug(region, translate));
  if (st.hook !== null) st.hook.onTranslate(fn);
}

/** fn's debug state; fn must have been translated in the debug store m. */
function translatedDebug(m: Machine, fn: FuncInst): FuncDebug {
  const fd = m.debug!.fns.get(fn);
  if (fd === undefined) throw new Error(`debug: function ${fn.index} is not translated yet`);
  return fd;
}

/**
 * Gives fn its exact region (every instruction a stop) and turns the fused region's stop positions into
 * redirects to it. Patches the debugger had in the fused code are removed (it places them again, at the
 * exact positions: FuncDebug.redirect maps them). Returns false when fn had its exact region already, or
 * needs none (its fused code stops at every instruction).
 */
export function ensureExact(m: Machine, fn: FuncInst): boolean {
  const fd = translatedDebug(m, fn);
  if (!ensureExactNeeded(fd)) return false;
  const code = fn.code!;
  const base = fd.fused.limit;
  const req: DebugRegionRequest = { barrier: EVERY, base, pool: fn.pool };
  const r = fd.translate(req);
  const region = new CodeRegion(base, r, req);
  if (r.pool.length !== fn.pool.length || r.maxSlot + r.pool.length + 4 > fn.frameSize || region.limit > code.length ||
      r.offsets.length !== fd.fused.offsets.length) {
    throw new Error(`debug: the exact code of function ${fn.index} does not fit its frame layout`); // (cannot happen: see prepareDebugCode)
  }
  for (const [pos, op] of fd.saved) code[pos] = op;
  fd.saved.clear();
  code.set(r.code, base);
  if (r.handlers.length > 0) fn.handlers = Int32Array.from([...fn.handlers, ...withTrampolines(r.handlers, region)]);
  const all = new Int32Array(fd.fused.offsets.length + r.offsets.length);
  all.set(fd.fused.offsets);
  all.set(r.offsets, fd.fused.offsets.length);
  fn.offsets = all;
  fd.exact = region;
  // Both regions come from the same walk: the i-th pair of each is the same instruction.
  const redirect = new Map<number, number>();
  const fo = fd.fused.offsets, stops = fd.fused.stops;
  for (let i = 0; i < stops.length; i++) {
    const p = fo[i * 2];
    if (stops[i] === 1 && p < fd.fused.end && !redirect.has(p)) redirect.set(p, r.offsets[i * 2]);
  }
  fd.redirect = redirect;
  for (const p of redirect.keys()) {
    fd.saved.set(p, code[p]);
    code[p] = Op.BREAK;
  }
  return true;
}

/** Whether ensureExact would give fn an exact region (it has none, and its fused code is not exact). */
export function ensureExactNeeded(fd: FuncDebug): boolean {
  return fd.exact === null && !fd.fused.everyStop;
}

/** The position that stands for `pos` now: a redirected fused position is its exact one. */
export function livePosition(fd: FuncDebug, pos: number): number {
  return fd.redirect?.get(pos) ?? pos;
}

/** Writes BREAK over the instruction at `pos` (a position of fd.offsets; a redirected one stands for its
 *  exact position). Idempotent. */
export function patch(m: Machine, fn: FuncInst, pos: number): void {
  const fd = translatedDebug(m, fn);
  pos = livePosition(fd, pos);
  if (fd.saved.has(pos)) return;
  const region = fd.regionOf(pos);
  if (!(pos >= region.start && pos < region.end)) throw new RangeError(`debug: position ${pos} is outside function ${fn.index}'s code`);
  const code = fn.code!;
  const op = code[pos];
  const t = region.trampolineOf(pos);
  if (!hasTrampoline(region, pos)) {
    const w = widthAt(code, pos, op);
    code[t] = op;
    code.copyWithin(t + 1, pos + 1, pos + w);
    code[t + w] = Op.BR;
    code[t + w + 1] = pos + w;
    insertSorted(region.trampolines, pos);
  }
  fd.saved.set(pos, op);
  code[pos] = Op.BREAK;
}

/** Puts the original instruction back at `pos` (never a redirect's). */
export function unpatch(m: Machine, fn: FuncInst, pos: number): void {
  const fd = m.debug!.fns.get(fn);
  if (fd === undefined) return;
  pos = livePosition(fd, pos);
  const op = fd.saved.get(pos);
  if (op === undefined || fd.redirect?.has(pos) === true) return;
  fn.code![pos] = op;
  fd.saved.delete(pos);
}

function hasTrampoline(r: CodeRegion, pos: number): boolean {
  const i = lowerBound(r.trampolines, pos);
  return i < r.trampolines.length && r.trampolines[i] === pos;
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

/** The position in a region's code proper that a pc stands for: itself, or for a pc inside a trampoline the
 *  matching place of the original instruction (its BR back stands for the next instruction). */
export function codePosition(fd: FuncDebug, code: Int32Array, pc: number): number {
  const r = fd.regionOf(pc);
  if (pc < r.end) return pc;
  const t = Math.floor((pc - r.end) / 3) + r.start;
  const i = lowerBound(r.trampolines, t + 1) - 1;
  if (i < 0) return pc;
  const p = r.trampolines[i];
  const start = r.trampolineOf(p);
  const w = widthAt(code, start, code[start]);
  return p + Math.min(pc - start, w);
}

/** The BREAK instruction (exec/cold.ts): returns the pc to go on at, or throws a Suspension to pause. */
export function debugBreak(m: Machine, pc: number, fp: number): number {
  const st = m.debug!;
  const fn = m.curFn!;
  const depth = m.depth;
  const fd = st.fns.get(fn)!;
  const to = fd.redirect === null ? undefined : fd.redirect.get(pc);
  if (st.skipFn === fn && st.skipPos === pc && st.skipFp === fp && st.skipDepth === depth) {
    // the resume of this pause: run the instruction (in the exact code, if fn has it since)
    st.skipFn = null;
    if (to === undefined) return fd.regionOf(pc).trampolineOf(pc);
    return fd.saved.has(to) ? fd.exact!.trampolineOf(to) : to;
  }
  if (to !== undefined) return to; // into the exact code, where a breakpoint at that position is met next
  const canPause = m.asyncLevel >= 0 && m.asyncLevel === m.nest;
  const wait = st.hook === null ? null : st.hook.onBreak(fn, fp, pc, depth, canPause);
  if (wait === null || !canPause) return fd.regionOf(pc).trampolineOf(pc);
  st.skipFn = fn;
  st.skipPos = pc;
  st.skipFp = fp;
  st.skipDepth = depth;
  throw new Suspension(wait, null, 0, fn, fp, pc, depth);
}
