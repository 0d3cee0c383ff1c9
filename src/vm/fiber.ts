// Fibers: a wasm call that runs on its own value and frame stacks inside a store, so that several calls of
// one store can be suspended at once and resumed in any order (component-model async: each thread of a
// task is one fiber; issue #18). The store's stacks are the machine's fields (buffer and views, refs, sp,
// frames, depth, curFn); entering a fiber swaps them for the fiber's and leaving swaps them back. The
// interpreter reloads its views from the store after every host call, so a host function that runs a
// fiber (a component builtin, a lowered call) returns to a caller that finds its own stacks unchanged.
//
// A fiber suspends the way callAsync does (exec/suspend.ts): a host function it calls directly returns a
// thenable, the loop throws a Suspension out of `run`, the frames stay on the fiber's stacks. Unlike
// callAsync nothing awaits here: `call`/`resume` return the thenable to their caller (the component
// runtime's scheduler), which decides when to resume the fiber and with what outcome. With no fiber in
// use, nothing of this runs: the interpreter's hot path is untouched.
import { execute, resume } from './exec/interpreter.js';
import { outOfWasm } from './exec/host.js';
import { Suspension } from './exec/suspend.js';
import type { FuncInst } from './runtime/func.js';
import type { Machine } from './runtime/machine.js';
import { funcOfJS } from './runtime/convert.js';
import { writeArgs } from './api.js';
import { readResults } from './runtime/convert.js';

/** Initial value stack of a fiber (int32 units) and frame stack (3 units a frame). */
const FIBER_STACK_UNITS = 2048;
const FIBER_FRAMES = 3 * 64;

/** The machine fields that make up one stack. */
interface Stacks {
  buffer: Machine['buffer'];
  I32: Machine['I32'];
  F32: Machine['F32'];
  F64: Machine['F64'];
  frameViews: Machine['frameViews'];
  refs: unknown[];
  sp: number;
  frames: Machine['frames'];
  depth: number;
  curFn: FuncInst | null;
}

/** Copies the machine's stack fields into `s` (objects are reused: a fiber switch allocates nothing). */
function save(m: Machine, s: Stacks): void {
  s.buffer = m.buffer;
  s.I32 = m.I32;
  s.F32 = m.F32;
  s.F64 = m.F64;
  s.frameViews = m.frameViews;
  s.refs = m.refs;
  s.sp = m.sp;
  s.frames = m.frames;
  s.depth = m.depth;
  s.curFn = m.curFn;
}

function emptyStacks(m: Machine): Stacks {
  return { buffer: m.buffer, I32: m.I32, F32: m.F32, F64: m.F64, frameViews: m.frameViews, refs: m.refs, sp: 0, frames: m.frames, depth: 0, curFn: null };
}

function load(m: Machine, s: Stacks): void {
  m.buffer = s.buffer;
  m.I32 = s.I32;
  m.F32 = s.F32;
  m.F64 = s.F64;
  m.frameViews = s.frameViews;
  m.refs = s.refs;
  m.sp = s.sp;
  m.frames = s.frames;
  m.depth = s.depth;
  m.curFn = s.curFn;
}


/** The FuncInst behind an exported wasm function (undefined for anything else). */
export function funcInstOf(fn: unknown): FuncInst | undefined {
  return typeof fn === 'function' ? funcOfJS.get(fn) : undefined;
}

export class Fiber {
  private stacks: Stacks | null = null;
  /** The caller's stacks while the fiber runs (reused). */
  private outer: Stacks | null = null;
  /** The call in progress: its function, its stack base, and where it is suspended. */
  private fn: FuncInst | null = null;
  private base = 0;
  private suspension: Suspension | null = null;
  /** After a step that returned true: the call's JS results; after false: the thenable it waits for. */
  value: unknown = undefined;
  /** Whether the last `call` got past its arguments' conversion (an error thrown before is the caller's). */
  started = false;

  constructor(readonly machine: Machine) {}

  /** Whether a call is suspended on this fiber. */
  get suspended(): boolean {
    return this.suspension !== null;
  }

  /** Starts `f(...args)` (a wasm function of this fiber's store) on the fiber's stacks. True: it returned
   *  (results in `value`); false: it is suspended, waiting for the thenable in `value`. */
  call(f: FuncInst, args: ArrayLike<unknown>): boolean {
    if (this.fn !== null) throw new Error('fiber is busy');
    this.started = false;
    return this.enter(() => {
      this.fn = f;
      this.base = writeArgs(this.machine, f, args, 0);
      this.started = true;
      execute(f, this.base, null, undefined);
    });
  }

  /** Continues the suspended call: `outcome` is the awaited host call's result, or (failed) its error. */
  resume(outcome: unknown, failed: boolean): boolean {
    const s = this.suspension;
    if (s === null) throw new Error('fiber is not suspended');
    this.suspension = null;
    return this.enter(() => resume(s, outcome, failed));
  }

  private enter(body: () => void): boolean {
    const m = this.machine;
    const outer = this.outer ?? (this.outer = emptyStacks(m));
    save(m, outer);
    const savedLevel = m.asyncLevel;
    if (this.stacks === null) {
      const buffer = new ArrayBuffer(FIBER_STACK_UNITS * 4);
      this.stacks = {
        buffer, I32: new Int32Array(buffer), F32: new Float32Array(buffer), F64: new Float64Array(buffer), frameViews: [],
        refs: new Array<unknown>(FIBER_STACK_UNITS).fill(null), sp: 0, frames: new Int32Array(FIBER_FRAMES), depth: 0, curFn: null,
      };
    }
    const own = this.stacks;
    load(m, own);
    try {
      m.asyncLevel = m.nest + 1; // the execution started next may suspend; nested ones may not
      body();
      const f = this.fn!;
      this.value = readResults(m, f, this.base);
      this.finish(m, own);
      return true;
    } catch (e) {
      if (e instanceof Suspension) {
        this.suspension = e;
        m.sp = Math.max(m.sp, e.fp + e.fn.frameSize);
        save(m, own);
        this.value = e.promise;
        return false;
      }
      this.finish(m, own);
      throw outOfWasm(e); // (its caller is JS: a JS value thrown into wasm is itself again)
    } finally {
      m.asyncLevel = savedLevel;
      load(m, outer);
    }
  }

  /** The call is over (returned or failed): the stacks are empty again, ready for the next call. */
  private finish(m: Machine, own: Stacks): void {
    m.sp = 0;
    m.depth = 0;
    m.curFn = null;
    save(m, own);
    this.fn = null;
    this.suspension = null;
  }
}
