// The debugger engine: breakpoints, stepping and inspection of a debug store (`new Store({ debug })`, with `debug` of `purewasm/debug`).
// It is the store's DebugHook (src/vm/exec/debug.ts): breakpoints and the candidate stops of a step are
// BREAK instructions patched into the translated code; at each one the VM asks `onBreak` whether to pause,
// and a pause is a suspension of the callAsync call that runs the guest (the program must be started with
// callAsync, through `run`). Stepping follows `../shared/fixtures/debug/scenarios.json` `conventions`:
// frame-depth-based step over, step into skipping to the callee's prologue_end row, step out stopping at
// the return address, breakpoints staying enabled (and winning) during steps.
import { ensureExact, ensureExactNeeded, livePosition, patch, unpatch } from '../../vm/exec/debug.js';
import type { DebugHook } from '../../vm/exec/debug.js';
import type { FuncInst } from '../../vm/runtime/func.js';
import type { Store } from '../../vm/runtime/store.js';
import type { SourceFrame, SourceLocation } from '../source-info.js';
import { CodeMap } from './code-map.js';
import type { SourceInfoLoader } from './code-map.js';
import { callerFrames, returnPosition } from './frames.js';
import type { PhysicalFrame } from './frames.js';

export type BreakpointSpec =
  | { readonly file: string; readonly line: number }
  | { readonly function: string }
  /** A code offset (DWARF convention) in the module of instance `module` (default: every instance). */
  | { readonly address: number; readonly module?: number };

export interface BreakpointLocation {
  readonly map: CodeMap;
  /** @internal */
  readonly fn: FuncInst;
  readonly pos: number;
  readonly address: number;
}

export interface Breakpoint {
  readonly id: number;
  readonly spec: BreakpointSpec;
  locations: BreakpointLocation[];
  /** Times execution reached one of its locations. */
  hits: number;
  /** Stop only when the hit count satisfies this ("5" / "== 5", ">= 5", "> 5", "% 5"); undefined: always. */
  hitCondition: string | undefined;
}

export type StopReason = 'breakpoint' | 'step' | 'step-out' | 'entry' | 'pause';

export interface Stop {
  readonly reason: StopReason;
  /** When the stop was made, in wasm instructions executed since the run began (with time travel; else -1). */
  readonly time: number;
  /** The innermost frame. */
  readonly frame: PhysicalFrame;
  /** Ids of the breakpoints whose location this is (reason 'breakpoint'). */
  readonly breakpoints: readonly number[];
}

/** A frame as shown: a physical wasm frame, or one of the inlined functions inside it. */
export interface StackFrame {
  readonly physical: PhysicalFrame;
  /** 0 = the innermost function at this pc; n = the n-th frame outside inlined instances. */
  readonly inlineDepth: number;
  readonly name: string;
  readonly inlined: boolean;
  readonly hasDwarf: boolean;
  readonly file: string | undefined;
  readonly line: number | undefined;
  readonly column: number | undefined;
  /** Code offset (DWARF convention) of the frame's pc. */
  readonly address: number;
}

export type DebugEvent =
  | { readonly kind: 'stopped'; readonly stop: Stop }
  | { readonly kind: 'warning'; readonly message: string };

export interface DebuggerOptions {
  /** Reads DWARF from a module's bytes (the DWARF reader); without it, debugging is at the wasm level. */
  readonly sourceInfo?: SourceInfoLoader;
}

type StepKind = 'in' | 'over' | 'out' | 'stepi' | 'nexti' | 'pause' | 'entry';

/** A stop a probe decided on (time-travel.ts): why, at which instruction, for which breakpoints. */
export interface ProbeStop {
  readonly reason: StopReason;
  readonly address: number;
  readonly breakpoints: readonly number[];
}

/**
 * Takes over every BREAK while set (time-travel.ts re-executing the past): null runs on, a ProbeStop pauses
 * there; it may also throw to end the re-execution. Breakpoints and steps are not looked at meanwhile.
 */
/** @internal */
export type BreakProbe = (fn: FuncInst, fp: number, pos: number, depth: number) => ProbeStop | null;

/** Reverse execution, when the program runs under time travel (time-travel.ts). */
export interface ReverseExecution {
  stepBack(granularity: 'line' | 'instruction', over: boolean): void;
  reverseContinue(): void;
}

interface Step {
  readonly kind: StepKind;
  readonly fn: FuncInst | null;
  readonly fp: number;
  readonly depth: number;
  readonly line: number;
  /** Where the step's frame returns to (its caller's resume point), while that frame is alive. */
  readonly exit: { fn: FuncInst; fp: number; depth: number; pos: number } | null;
  gone: boolean;
}

/** Temporary patches of a step: position → the code offset it stands for. */
type TempPatches = Map<FuncInst, Map<number, number>>;

export class Debugger implements DebugHook {
  readonly store: Store;
  private readonly loader: SourceInfoLoader | null;
  private readonly maps: CodeMap[] = [];
  private readonly byInstance = new Map<unknown, CodeMap>();
  private readonly bps: Breakpoint[] = [];
  private nextId = 1;
  /** User breakpoint locations: function → position → breakpoints there. */
  private readonly userAt = new Map<FuncInst, Map<number, Breakpoint[]>>();
  private temp: TempPatches = new Map();
  private step: Step | null = null;
  private current: Stop | null = null;
  private resumeFn: (() => void) | null = null;
  private abortFn: ((e: unknown) => void) | null = null;
  private listeners: ((e: DebugEvent) => void)[] = [];
  private runningCalls = 0;
  /** @internal Set by time travel: see BreakProbe. */
  probe: BreakProbe | null = null;
  /** @internal The clock of time travel (instructions executed); null without it. */
  clock: (() => number) | null = null;
  /** @internal Set by time travel. */
  reverse: ReverseExecution | null = null;
  /** The granularity of the last forward step (what a reverse step defaults to). */
  private lastGranularity: 'line' | 'instruction' = 'line';

  constructor(store: Store, options: DebuggerOptions = {}) {
    if (store.debug === null) throw new Error("Debugger: the store was not created with { debug } (import { debug } from 'purewasm/debug')");
    if (store.debug.hook !== null) throw new Error('Debugger: a debugger is already attached to this store');
    this.store = store;
    this.loader = options.sourceInfo ?? null;
    store.debug.hook = this;
    // Code runs fused between its stop barriers (src/vm/exec/debug.ts): labels, return addresses and, in
    // code with DWARF, statement starts (the only stops a source-level step makes). A stop anywhere else
    // (stepi, an instruction breakpoint inside a fused group) gives that function its exact code first.
    store.debug.barrier = (fn, offset) => {
      const map = this.mapOf(fn);
      return map !== undefined && map.source !== null && map.source.isStatementStart(offset - map.codeStart);
    };
    this.refresh();
  }

  // ---- events

  on(listener: (e: DebugEvent) => void): () => void {
    this.listeners.push(listener);
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }

  private emit(e: DebugEvent): void {
    for (const l of this.listeners) l(e);
  }

  // ---- modules

  /** The instances of the store (one CodeMap each), in instantiation order. */
  modules(): readonly CodeMap[] {
    this.refresh();
    return this.maps;
  }

  /** @internal */
  mapOf(fn: FuncInst): CodeMap | undefined {
    if (fn.instance === null) return undefined;
    let m = this.byInstance.get(fn.instance);
    if (m === undefined) {
      this.refresh();
      m = this.byInstance.get(fn.instance);
    }
    return m;
  }

  private refresh(): void {
    const insts = this.store.instances;
    let added = false;
    for (let i = this.maps.length; i < insts.length; i++) {
      const map = new CodeMap(insts[i], i, this.loader);
      this.maps.push(map);
      this.byInstance.set(insts[i], map);
      added = true;
    }
    if (added) for (const bp of this.bps) this.resolve(bp);
  }

  // ---- breakpoints

  setBreakpoint(spec: BreakpointSpec, hitCondition?: string): Breakpoint {
    this.refresh();
    const bp: Breakpoint = { id: this.nextId++, spec, locations: [], hits: 0, hitCondition };
    this.bps.push(bp);
    this.resolve(bp);
    return bp;
  }

  breakpoints(): readonly Breakpoint[] {
    return this.bps;
  }

  removeBreakpoint(id: number): boolean {
    const i = this.bps.findIndex((b) => b.id === id);
    if (i < 0) return false;
    const bp = this.bps[i];
    this.bps.splice(i, 1);
    for (const loc of bp.locations) this.removeUser(bp, loc);
    return true;
  }

  clearBreakpoints(filter: (bp: Breakpoint) => boolean = () => true): void {
    for (const bp of [...this.bps]) if (filter(bp)) this.removeBreakpoint(bp.id);
  }

  private resolve(bp: Breakpoint): void {
    for (const loc of bp.locations) this.removeUser(bp, loc);
    const locs: BreakpointLocation[] = [];
    const spec = bp.spec;
    for (const map of this.maps) {
      const add = (addr: number) => {
        const fn = map.funcAt(addr);
        if (fn === undefined) return;
        const pos = this.stopPosition(map, fn, addr);
        if (pos === undefined) return;
        locs.push({ map, fn, pos, address: addr });
      };
      if ('file' in spec) {
        if (map.source !== null) for (const a of map.source.breakpointAddresses(spec.file, spec.line)) add(a);
      } else if ('function' in spec) {
        for (const fn of map.funcsNamed(spec.function)) {
          const first = map.firstInstruction(fn);
          // with DWARF, after the prologue (as lldb); without, the first instruction of the body
          const after = map.source?.prologueEnd(first);
          add(after !== undefined && after >= first ? after : first);
        }
      } else if (spec.module === undefined || spec.module === map.index) add(spec.address);
    }
    bp.locations = locs;
    for (const loc of locs) {
      let at = this.userAt.get(loc.fn);
      if (at === undefined) this.userAt.set(loc.fn, (at = new Map()));
      const list = at.get(loc.pos) ?? [];
      list.push(bp);
      at.set(loc.pos, list);
      patch(this.store, loc.fn, loc.pos);
    }
  }

  private removeUser(bp: Breakpoint, loc: BreakpointLocation): void {
    const at = this.userAt.get(loc.fn);
    const list = at?.get(loc.pos);
    if (at === undefined || list === undefined) return;
    const rest = list.filter((b) => b !== bp);
    if (rest.length > 0) at.set(loc.pos, rest);
    else {
      at.delete(loc.pos);
      if (!this.temp.get(loc.fn)?.has(loc.pos)) unpatch(this.store, loc.fn, loc.pos);
    }
  }

  // ---- running

  /** Runs `call` (which must call into this store with callAsync) under the debugger; stops are reported
   *  as 'stopped' events while it runs. Resolves or rejects as the call does. */
  async run<T>(call: () => Promise<T>): Promise<T> {
    this.runningCalls++;
    try {
      return await call();
    } finally {
      this.runningCalls--;
      if (this.runningCalls === 0) {
        this.clearTemp();
        this.step = null;
        this.current = null;
      }
    }
  }

  /** Stops before the first instruction of `fn` when it is next called (reason 'entry'). */
  /** @internal */
  stopAtEntry(fn: FuncInst): void {
    const map = this.mapOf(fn);
    if (map === undefined) throw new Error('stopAtEntry: the function is not in the debugged store');
    const first = this.stopPosition(map, fn, map.firstInstruction(fn));
    if (first === undefined) return;
    this.step = { kind: 'entry', fn: null, fp: 0, depth: 0, line: 0, exit: null, gone: false };
    this.addTemp(fn, first, map.firstInstruction(fn));
  }

  /** The stop the program is paused at, or null while it runs (or before/after). */
  get stopped(): Stop | null {
    return this.current;
  }

  continue(): void {
    this.resume(null);
  }

  /** Source-line step into (instruction step where the frame has no line information). */
  stepIn(granularity: 'line' | 'instruction' = 'line'): void {
    this.lastGranularity = granularity;
    this.resume(granularity === 'instruction' || !this.hasLines() ? 'stepi' : 'in');
  }

  stepOver(granularity: 'line' | 'instruction' = 'line'): void {
    this.lastGranularity = granularity;
    this.resume(granularity === 'instruction' || !this.hasLines() ? 'nexti' : 'over');
  }

  /** Whether the program runs under time travel (reverse steps and reverse continue work). */
  get canReverse(): boolean {
    return this.reverse !== null;
  }

  /**
   * Goes back to the state right before the last step of this granularity (default: the last forward
   * step's) forward execution made: the start of the previous source line (`over`: not inside calls made
   * from it), or the previous wasm instruction. Where the frame has no line information, instructions.
   */
  stepBack(granularity: 'line' | 'instruction' = this.lastGranularity, over = true): void {
    const r = this.requireReverse();
    this.requireStop();
    r.stepBack(granularity === 'instruction' || !this.hasLines() ? 'instruction' : 'line', over);
  }

  /** Runs backwards to the last breakpoint hit before this stop, or to the program's first instruction. */
  reverseContinue(): void {
    const r = this.requireReverse();
    this.requireStop();
    r.reverseContinue();
  }

  private requireReverse(): ReverseExecution {
    if (this.reverse === null) throw new Error('reverse execution is not available for this program (it runs without time travel: components, or a store without fuel)');
    return this.reverse;
  }

  stepOut(): void {
    this.resume('out');
  }

  /** Stops at the next instruction executed (reason 'pause'). While wasm runs, JS cannot run: a pause
   *  requested from an event takes effect when the guest next waits (an async host call) or is resumed. */
  pause(): void {
    if (this.current !== null) return;
    this.step = { kind: 'pause', fn: null, fp: 0, depth: 0, line: 0, exit: null, gone: false };
    this.patchEverything();
  }

  /** Ends the paused run: the call rejects with `error` at the stop. */
  abort(error: unknown): void {
    const f = this.abortFn;
    this.clearTemp();
    this.step = null;
    this.current = null;
    this.resumeFn = this.abortFn = null;
    if (f !== null) f(error);
  }

  /** Detaches from the store: every patch removed; a paused run continues. */
  detach(): void {
    this.clearBreakpoints();
    this.clearTemp();
    this.step = null;
    const r = this.resumeFn;
    this.current = null;
    this.resumeFn = this.abortFn = null;
    this.store.debug!.hook = null;
    this.store.debug!.barrier = null;
    if (r !== null) r();
  }

  /** @internal Moves the stop to another instruction at the same moment (nothing runs): time travel. */
  moveStop(stop: Stop): void {
    if (this.current === null) throw new Error('the program is not paused');
    this.current = stop;
    void Promise.resolve().then(() => {
      if (this.current === stop) this.emit({ kind: 'stopped', stop });
    });
  }

  private hasLines(): boolean {
    const s = this.current;
    if (s === null) return false;
    const loc = s.frame.map.source?.locationAt(s.frame.address);
    return loc !== undefined && loc.line !== 0;
  }

  private resume(kind: StepKind | null): void {
    if (this.current === null || this.resumeFn === null) throw new Error('the program is not paused');
    // an instruction step stops at every instruction of the function it runs in: its exact code
    if (kind === 'stepi' || kind === 'nexti') this.makeExact(this.current.frame.fn);
    const s = this.current;
    const r = this.resumeFn;
    const here = kind === null ? undefined : this.nextAtSamePosition(kind, s.frame);
    if (here !== undefined) {
      // The next stop is at the code position the call is paused at (instructions that emit no code of
      // their own, such as a lazy local.get or an `end`, share it): nothing runs, the stop moves on.
      const stop: Stop = { reason: 'step', time: s.time, frame: { ...s.frame, address: here }, breakpoints: [] };
      this.current = stop;
      void Promise.resolve().then(() => {
        if (this.current === stop) this.emit({ kind: 'stopped', stop });
      });
      return;
    }
    this.current = null;
    this.resumeFn = this.abortFn = null;
    this.step = kind === null ? null : this.planStep(kind, s.frame);
    r();
  }

  /** A stop the step reaches without running: a later instruction at the paused position that is a stop
   *  for this step (a statement row of another line; for instruction steps, the next instruction). */
  private nextAtSamePosition(kind: StepKind, f: PhysicalFrame): number | undefined {
    if (kind === 'out') return undefined;
    const src = f.map.source;
    const line = src?.locationAt(f.address)?.line ?? 0;
    for (const addr of f.map.addressesAt(f.fn, f.pos)) {
      if (addr <= f.address) continue;
      if (kind === 'stepi' || kind === 'nexti') return addr;
      if (src === null || !src.isStatementStart(addr)) continue;
      const l = src.locationAt(addr)?.line ?? 0;
      if (l !== 0 && l !== line) return addr;
    }
    return undefined;
  }

  private planStep(kind: StepKind, f: PhysicalFrame): Step {
    const m = this.store;
    let exit: Step['exit'] = null;
    if (f.depth > 0) {
      const d = f.depth - 1;
      const frames = f.stacks.frames;
      const fn = m.funcs[frames[d * 3 + 2]];
      const map = this.mapOf(fn);
      if (map !== undefined) {
        exit = { fn, fp: frames[d * 3 + 1], depth: d, pos: livePosition(map.debugOf(fn), returnPosition(frames, d, fn, map)) };
        this.addTemp(fn, exit.pos, map.addressAt(fn, exit.pos));
      }
    }
    const line = f.map.source?.locationAt(f.address)?.line ?? 0;
    const step: Step = { kind, fn: f.fn, fp: f.fp, depth: f.depth, line, exit, gone: false };
    if (kind === 'in' || kind === 'over') {
      for (const map of this.maps) {
        if (map.source === null) continue;
        for (const fn of map.definedFuncs()) for (const [pos, addr] of map.statements(fn, this.exactFn)) this.addTemp(fn, pos, addr);
      }
    } else if (kind === 'stepi') {
      this.patchEverything();
    } else if (kind === 'nexti') {
      for (const [pos, addr] of f.map.positions(f.fn)) this.addTemp(f.fn, pos, addr);
    }
    return step;
  }

  /** @internal Patches every stop of every function (stepi, pause: where the next instruction can be;
   *  time travel: `ran`, every instruction of the functions translated so far — those that ever ran, made
   *  exact — without translating the others: the previous instruction can be anywhere in them). */
  patchEverything(ran = false): void {
    for (const map of this.maps) {
      for (const fn of map.definedFuncs()) {
        if (ran && fn.code === null) continue;
        if (ran) this.makeExact(fn);
        for (const [pos, addr] of map.positions(fn)) this.addTemp(fn, pos, addr);
      }
    }
  }

  /** Where a stop before the instruction at `addr` is placed in fn: a stop barrier of its fused code, else
   *  a position of its exact code (made now). */
  private stopPosition(map: CodeMap, fn: FuncInst, addr: number): number | undefined {
    const pos = map.positionOf(fn, addr);
    if (pos !== undefined || !ensureExactNeeded(map.debugOf(fn))) return pos;
    this.makeExact(fn);
    return map.positionOf(fn, addr);
  }

  private readonly exactFn = (fn: FuncInst): void => this.makeExact(fn);

  /** Gives fn its exact code (src/vm/exec/debug.ts ensureExact) and moves what the debugger placed in its
   *  fused code there: breakpoints, a step's stops, the paused position. */
  private makeExact(fn: FuncInst): void {
    const map = this.mapOf(fn);
    if (map === undefined || !ensureExactNeeded(map.debugOf(fn))) return;
    const bps = new Set<Breakpoint>();
    for (const list of this.userAt.get(fn)?.values() ?? []) for (const bp of list) bps.add(bp);
    const temps = this.temp.get(fn);
    this.userAt.delete(fn);
    this.temp.delete(fn);
    ensureExact(this.store, fn); // (takes the fused code's patches out)
    const fd = map.debugOf(fn);
    for (const bp of bps) this.resolve(bp);
    if (temps !== undefined) for (const [pos, addr] of temps) this.addTemp(fn, livePosition(fd, pos), addr);
    const s = this.current;
    if (s !== null && s.frame.fn === fn) this.current = { ...s, frame: { ...s.frame, pos: livePosition(fd, s.frame.pos) } };
    const exit = this.step?.exit;
    if (this.step !== null && exit != null && exit.fn === fn) this.step = { ...this.step, exit: { ...exit, pos: livePosition(fd, exit.pos) } };
  }

  /** @internal A temporary patch, removed at the next stop (or clearTemp). */
  addTemp(fn: FuncInst, pos: number, addr: number): void {
    let at = this.temp.get(fn);
    if (at === undefined) this.temp.set(fn, (at = new Map()));
    const old = at.get(pos);
    if (old === undefined || addr < old) at.set(pos, addr);
    patch(this.store, fn, pos);
  }

  /** @internal */
  clearTemp(): void {
    for (const [fn, at] of this.temp) {
      const user = this.userAt.get(fn);
      for (const pos of at.keys()) if (!user?.has(pos)) unpatch(this.store, fn, pos);
    }
    this.temp = new Map();
  }

  // ---- DebugHook

  /** @internal */
  onTranslate(): void {
    // breakpoints resolve by translating the functions they name (CodeMap.debugOf): nothing waits here
  }

  /** @internal */
  onBreak(fn: FuncInst, fp: number, pos: number, depth: number, canPause: boolean): PromiseLike<unknown> | null {
    const map = this.mapOf(fn);
    if (map === undefined) return null;
    if (this.probe !== null) {
      const d = this.probe(fn, fp, pos, depth);
      return d === null ? null : this.pauseAt(map, fn, fp, pos, depth, d.reason, d.address, d.breakpoints, canPause);
    }
    let reason: StopReason | null = null;
    let address = -1;
    const hit: number[] = [];
    const user = this.userAt.get(fn)?.get(pos);
    if (user !== undefined) {
      for (const bp of user) {
        bp.hits++;
        if (hitConditionMet(bp)) hit.push(bp.id);
      }
      if (hit.length > 0) {
        reason = 'breakpoint';
        address = user[0].locations.find((l) => l.fn === fn && l.pos === pos)?.address ?? map.addressAt(fn, pos);
      }
    }
    const step = this.step;
    if (reason === null && step !== null) {
      const r = this.stepStops(step, map, fn, fp, pos, depth);
      if (r !== null) {
        reason = r;
        address = this.temp.get(fn)?.get(pos) ?? map.addressAt(fn, pos);
        if (r === 'step-out') address = map.addressAt(fn, pos);
      }
    }
    if (reason === null) return null;
    return this.pauseAt(map, fn, fp, pos, depth, reason, address, hit, canPause);
  }

  private pauseAt(map: CodeMap, fn: FuncInst, fp: number, pos: number, depth: number, reason: StopReason, address: number,
    hit: readonly number[], canPause: boolean): PromiseLike<unknown> | null {
    if (!canPause) {
      this.emit({ kind: 'warning', message: `cannot stop at 0x${address.toString(16)}: the code runs inside a host function's call back into wasm (or outside callAsync)` });
      return null;
    }
    this.clearTemp();
    this.step = null;
    const m = this.store;
    const stacks = { I32: m.I32, refs: m.refs, frames: m.frames };
    const time = this.clock === null ? -1 : this.clock();
    const stop: Stop = { reason, time, frame: { stacks, map, fn, fp, depth, pos, address }, breakpoints: hit };
    this.current = stop;
    const wait = new Promise<void>((resolve, reject) => {
      this.resumeFn = resolve;
      this.abortFn = reject;
    });
    // reported once the call has unwound to its driver (listeners may inspect and resume at once)
    void Promise.resolve().then(() => {
      if (this.current === stop) this.emit({ kind: 'stopped', stop });
    });
    return wait;
  }

  /** Whether a step stops at this BREAK (and why). */
  private stepStops(step: Step, map: CodeMap, fn: FuncInst, fp: number, pos: number, depth: number): StopReason | null {
    const exit = step.exit;
    if (exit !== null && !step.gone && fn === exit.fn && fp === exit.fp && depth === exit.depth && pos === exit.pos) {
      if (step.kind === 'out') return 'step-out';
      step.gone = true;
    }
    switch (step.kind) {
      case 'entry':
        return 'entry';
      case 'pause':
        return 'pause';
      case 'stepi':
        return 'step';
      case 'nexti':
        return depth <= step.depth ? 'step' : null;
      case 'out':
        return null;
      default: {
        const stmt = map.statements(fn, this.exactFn).get(pos);
        const src = map.source;
        if (stmt === undefined || src === null) return null;
        if (step.kind === 'over' && depth > step.depth) return null;
        const same = !step.gone && fn === step.fn && fp === step.fp && depth === step.depth;
        const line = src.locationAt(stmt)?.line ?? 0;
        if (same && line === step.line) return null;
        if (!same && depth >= step.depth) {
          const pe = src.prologueEnd(stmt);
          if (pe !== undefined && stmt < pe) return null;
        }
        return 'step';
      }
    }
  }

  // ---- inspection

  /** The physical frames of the stop, innermost first. */
  physicalFrames(): PhysicalFrame[] {
    const s = this.requireStop();
    return [s.frame, ...callerFrames(this.store, s.frame.stacks, s.frame.depth, (fn) => this.mapOf(fn))];
  }

  /** The call stack as shown: inlined functions expanded, names from DWARF else the name section. */
  stack(): StackFrame[] {
    const out: StackFrame[] = [];
    for (const p of this.physicalFrames()) out.push(...displayFrames(p));
    return out;
  }

  private requireStop(): Stop {
    if (this.current === null) throw new Error('the program is not paused');
    return this.current;
  }
}

function hitConditionMet(bp: Breakpoint): boolean {
  const c = bp.hitCondition?.trim();
  if (c === undefined || c === '') return true;
  const m = /^(==|>=|>|%)?\s*(\d+)$/.exec(c);
  if (m === null) return true;
  const n = Number(m[2]);
  switch (m[1]) {
    case '>=': return bp.hits >= n;
    case '>': return bp.hits > n;
    case '%': return n > 0 && bp.hits % n === 0;
    default: return bp.hits === n;
  }
}

/** The frames one physical frame shows: its inlined instances innermost first, then the function. */
export function displayFrames(p: PhysicalFrame): StackFrame[] {
  const src = p.map.source;
  const frames: SourceFrame[] = src?.framesAt(p.address) ?? [];
  const wasmName = p.map.wasmName(p.fn) ?? `<wasm function ${p.fn.index}>`;
  if (frames.length === 0) {
    const loc = src?.locationAt(p.address);
    return [{
      physical: p, inlineDepth: 0, name: wasmName, inlined: false, hasDwarf: false,
      file: loc?.file, line: loc?.line, column: loc?.column, address: p.address,
    }];
  }
  const loc: SourceLocation | undefined = src!.locationAt(p.address);
  return frames.map((f, i) => {
    const where = i === 0 ? loc : f.callSite;
    return {
      physical: p, inlineDepth: i, name: f.name, inlined: f.inlined, hasDwarf: true,
      file: where?.file, line: where?.line, column: where?.column, address: p.address,
    };
  });
}
