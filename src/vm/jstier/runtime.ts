// The JS tier at run time: turning generated factories into function bodies, deciding when (hot functions,
// a code generator given to the store and `new Function` available — or ahead-of-time factories —, the store
// not instrumented) and handing control between the tiers. The generator itself is not here (compiler.ts).
//
// It is the opt-in entry `purewasm/js-runtime` (`jsRuntime`, src/js-runtime/index.ts), not part of the core
// (issue #12: an interpreter-only app carries none of it): the code generator of `purewasm/jit` carries it
// (`jit.runtime`), and ahead-of-time output imports it and carries it as `compiled.runtime`; the store takes
// it from either (store.ts, adoptJsRuntime). Like the instruction packs (src/vm/pack.ts) it is a bundle of its
// own that works with `purewasm` and `purewasm/core` alike, so it holds none of the core's classes or
// functions: what it uses of them comes in JsCore (js-core.ts), from which each store makes its `rt`.
//
// A wasm FuncInst of a store with the tier on has `jit` set to `warm` (a call counter shared by all); the
// interpreter calls `fn.jit(...)` where a call enters a function (exec/interpreter.ts: a fresh run, and
// CALL), and `jit` returns false to say "interpret it". After HOT calls, warm compiles the function; from
// then on `jit` is its entry (`enter`), `fn.body` the compiled body and `fn.inner` what compiled callers call
// directly. Compiled code shares every piece of state with the interpreter (value stack for arguments and
// results, memories, tables, globals of the store), so the tiers mix freely in one instance.
//
// Compiled code cannot suspend: directly under an async call (callAsync) or a fiber, `enter` declines a
// function that could reach a host function (whose Promise must be able to suspend the call; suspend-free.ts)
// and the interpreter runs it; while something needs interpreted frames (`Store#tier = 'interpreter'`:
// debugger, recording) it declines every function. The call-depth limit stays exact: each compiled function
// spends one unit of the depth budget it is given (the store's limit, or JS_NEST_BUDGET nested compiled frames
// if that is lower); with none left, rt.deep traps or runs the call in the interpreter (its own frame stack,
// no JS recursion) until it returns.
import type { FuncInst } from '../runtime/func.js';
import type { InstanceState } from '../runtime/instance-state.js';
import type { Machine } from '../runtime/machine.js';
import type { MemoryInst } from '../runtime/memory.js';
import type { JsCore } from './js-core.js';
import type { JsCompiler } from './compiler.js';
import { AOT_FORMAT } from './aot-format.js';
// (this bundle's own copy of the operations: their traps are this bundle's Trap, which rt.frame turns into
// the core's)
import * as i32 from '../ops/i32.js';
import * as i64 from '../ops/i64.js';
import * as cv from '../ops/convert.js';
import * as fl from '../ops/float.js';
import { W as WIDE, wide } from '../ops/wide.js';
import { Trap as OwnTrap } from '../errors.js';
// (the number form's f64 code runs where numbers keep NaN payloads, rt.f64Exact: a fact of the engine; on
// others the generator writes the bits form, f64-bits.ts, and number-form code made ahead of time stays
// interpreted)
import { f64NaNBitsSurvive } from './f64-bits.js';
import { newSuspendFreeCache, suspendFree } from './suspend-free.js';

/** The compiled body of a function, the interpreter's convention: arguments at unit `fp` of the value
 *  stack, results back there; `b` as for JsInner, plus one (inner spends one for itself). A budget of
 *  1 is one frame left: a function left with 0 after its own share runs interpreted (or traps), deep. */
export type JsBody = ((fp: number, b: number) => void) & { inner?: JsInner; innerBits?: JsInner };
/** The same function as compiled callers call it: the caller's depth budget `b` (the function checks it:
 *  none left, the interpreter runs the call, see deep), then the arguments as JS values (i64: two int32
 *  halves); its single result is the return value (an i64's high half in rt.out[1]), several results are
 *  left on the value stack at Machine.jsFp. The bits form of f64 (f64-bits.ts) passes and returns f64
 *  values as an i64's halves: a function with f64 in its signature made in it is its `innerBits`, which
 *  compiled code of the same form calls (the forms mix freely: a caller of the other form finds none and
 *  calls through the interpreter). */
export type JsInner = (b: number, ...args: unknown[]) => unknown;
/** What generated code is wrapped in: binds a function's body to its instance (null: it cannot be). */
export type JsFactory = (rt: JsRuntime, inst: InstanceState, self: FuncInst) => JsBody | null;
/** The interpreter's hook: run fn with its arguments at fp at frame depth `depth`; false: interpret it.
 *  (cfn, cfp, cpc): the interpreted caller's frame and call instruction, or null for an entry from JS. */
export type JitEntry = (this: FuncInst, m: Machine, fp: number, depth: number, cfn: FuncInst | null, cfp: number, cpc: number) => boolean;

/** Ahead-of-time output (`purewasm compile --js`): factories by function index, for the module whose
 *  bytes have this hash (runtime/module-hash.ts). */
export interface CompiledModule {
  /** AOT_FORMAT of the purewasm that made it. */
  readonly format: number;
  readonly hash: number;
  /** @internal The run time its code runs with (`purewasm/js-runtime`, imported by the output). */
  readonly runtime: JsRuntimePack | null | undefined;
  /** @internal (generated code: its factories take the VM's objects) */
  readonly functions: Readonly<Record<number, JsFactory>>;
}

/** Ahead-of-time output for a component: the hash of the component's bytes, and one CompiledModule per
 *  distinct core module in it (nested components included), found by module hash at instantiation. */
export interface CompiledComponent {
  /** AOT_FORMAT of the purewasm that made it. */
  readonly format: number;
  readonly hash: number;
  readonly modules: readonly CompiledModule[];
}

/** The JS tier's run time (`import { jsRuntime } from 'purewasm/js-runtime'`): what code compiled to JS runs
 *  with. The code generator of `purewasm/jit` carries it, and ahead-of-time output imports it. */
export interface JsRuntimePack {
  /** @internal AOT_FORMAT of the purewasm it is part of (a store refuses another's). */
  readonly format: number;
  /** @internal See canCompile. */
  canCompile(): boolean;
  /** @internal The helpers of compiled code for a store of the core that hands over `core`. */
  helpers(core: JsCore): JsRuntime;
  /** @internal The call counter every function of a store with the tier on starts with as `jit`. */
  readonly warm: JitEntry;
}

/** JS frames of compiled code nested (counted in the store's jsNest across chains of compiled calls) before
 *  a call goes to the interpreter instead (enter, rt.deep). */
export const JS_NEST_BUDGET = 200;

/** Nested executions (host → wasm re-entrance levels) above which compiled code declines to run. */
const MAX_COMPILED_NEST = 4;

/** What generated code calls (one object per store, `Machine.jsRt`, passed to every factory): made from the
 *  core's JsCore, so that its traps, calls and bulk operations are the core's own. */
function helpers(core: JsCore) {
  const { Trap, Unsupported, OOB_MEMORY, STACK_EXHAUSTED } = core;
  const D = new Float64Array(1);
  const DI = new Int32Array(D.buffer);
  const SEG = new Uint8Array(8);
  const SEG_DV = new DataView(SEG.buffer);
  const rt = {
    core,
    i32, i64, cv, fl,
    out: i64.out,
    D, DI,
    f64Exact: f64NaNBitsSurvive(),
    /** (generated code passes the trap's position too, `P = …`: set for rt.frame on the way) */
    trap: (reason: string): Error => new Trap(reason),
    /** f32 bits → number (arithmetic only: a signalling NaN comes out quiet) and back; f64 bits → number. */
    b2f: cv.bitsToF32,
    f2b: cv.f32ToBits,
    bitsToF64: cv.bitsToF64,
    // f64 sign operations on the bits (a number's sign flip through arithmetic may change a NaN's bits)
    fabs(x: number): number {
      D[0] = x;
      DI[1] &= 0x7fffffff;
      return D[0];
    },
    fneg(x: number): number {
      D[0] = x;
      DI[1] ^= -2147483648;
      return D[0];
    },
    fcopysign(a: number, b: number): number {
      D[0] = b;
      const s = DI[1] & -2147483648;
      D[0] = a;
      DI[1] = (DI[1] & 0x7fffffff) | s;
      return D[0];
    },
    tableCallee: core.tableCallee,
    /** Wide arithmetic (the wide-arithmetic pack's i64.add128 …: sub its 0xFC sub-opcode) on (lo, hi) word
     *  pairs, the two operands of a multiply or the four i64s of an add128/sub128: the result's low i64 in
     *  out[0..1], its high one in out[2..3]. */
    wide(sub: number, a: number, b: number, c: number, d: number, e = 0, f = 0, g = 0, h = 0): void {
      WIDE[0] = a; WIDE[1] = b; WIDE[2] = c; WIDE[3] = d; WIDE[4] = e; WIDE[5] = f; WIDE[6] = g; WIDE[7] = h;
      wide(sub);
      const o = i64.out;
      o[0] = WIDE[8]; o[1] = WIDE[9]; o[2] = WIDE[10]; o[3] = WIDE[11];
    },
    /** The slow path of a fuel check in metered code (metered-codegen.ts): refill the budget, or trap
     *  ('interrupted', 'all fuel consumed') as the interpreter's FUEL does. Compiled code never runs under
     *  callAsync (enter), so fuel running out cannot ask for a suspension here. */
    fuel(m: Machine, n: number): void {
      m.budget += n; // (the check subtracted first: one read of the budget on the fast path)
      core.fuelCheck(m, n, 0, 0);
    },
    /** What leaves compiled function `self` (its catch rethrows the result): a DataView's RangeError — the
     *  bounds check of a memory access — becomes the trap, and so does a trap of this bundle's operations
     *  (a division, a truncation: OwnTrap, the same class as the core's where one bundle has both); a trap
     *  gets the function's frame for the backtrace (compiled frames are on no frame stack). A host's
     *  RangeError (marked by callInterpreted) and a JS stack overflow pass unchanged.
     *  The frame's position is `at`, the generated code's P, which whatever can trap or call sets just
     *  before (-1: nothing in the function does) — but a trap that left a call (it has the callee's frames,
     *  callInterpreted gave one from a host function an empty list, or the call had no depth left) in a
     *  function whose only call sets no P is at `call`, that call's position. */
    frame(e: unknown, self: FuncInst | null, m: Machine, at = -1, call = -1): unknown {
      if (e instanceof RangeError && e !== m.hostError && e.message.indexOf('stack') < 0) e = new Trap(OOB_MEMORY);
      else if (e instanceof OwnTrap && !(e instanceof Trap)) e = new Trap((e as OwnTrap).reason);
      if (!(e instanceof Trap)) return e;
      const called = e.compiledFrames !== null || e.wasmStack.length > 0 || e.reason === STACK_EXHAUSTED;
      const where = called && call >= 0 ? call : at;
      const offset = where < 0 ? undefined : where;
      // (self null: code entered in a running loop, whose frame the interpreter's backtrace has: its position)
      if (self === null) {
        e.topOffset = where;
        return e;
      }
      const f = { funcIndex: self.index, name: self.name, offset, module: self.instance!.module.bytes };
      if (e.wasmStack.length > 0) e.wasmStack = [...e.wasmStack, f];
      else (e.compiledFrames ??= []).push(f);
      return e;
    },
    memoryCopy: core.memoryCopy, memoryFill: core.memoryFill, memoryInit: core.memoryInit,
    tableCopy: core.tableCopy, tableFill: core.tableFill, tableInit: core.tableInit,
    /** A global's cell address in the instance's store; a global of another store keeps the function
     *  interpreted (the interpreter reaches it through its GlobalInst). */
    globalAddr(inst: InstanceState, i: number): number {
      if (inst.globalInsts[i].store !== inst.store) throw new Unsupported('JS tier: a global of another store');
      return inst.globals[i];
    },
    /** An access of a 64-bit memory beyond its flat view: a segmented memory's bytes through 8 scratch bytes. */
    segment(mem: MemoryInst, ea: number, width: number, load: boolean): DataView {
      if (mem.segments === null || ea + width > mem.byteLength) throw new Trap(OOB_MEMORY);
      if (load) mem.readBytes(ea, SEG, 0, width);
      return SEG_DV;
    },
    flushSegment(mem: MemoryInst, ea: number, width: number): void {
      mem.writeBytes(ea, SEG, 0, width);
    },
    /** What compiled code calls for a callee with no compiled `inner` (a host function, another store's
     *  function, a function not compiled yet): a function taking (b, ...args) as an inner would, which runs
     *  the callee through the interpreter's machinery. Made once per callee; the caller travels in
     *  c.jsCaller (nothing runs between this and the call: arguments are evaluated in between, and they
     *  call no wasm). */
    slow(c: FuncInst, self: FuncInst): JsInner {
      c.jsCaller = self;
      return c.jsSlow ?? makeSlow(core, c, false);
    },
    /** rt.slow for a caller in the bits form, of a callee with f64 in its signature (f64 as halves). */
    slowBits(c: FuncInst, self: FuncInst): JsInner {
      c.jsCaller = self;
      return c.jsSlowBits ?? makeSlow(core, c, true);
    },
    /** A compiled function entered with no depth budget left (`b` 0 after its own share: `if (!--b)`, one
     *  test fewer per call than `--b < 0` without a JIT): it traps if the
     *  store's call-depth limit is reached, else it runs in the interpreter (its own frame stack, no JS
     *  recursion) with compiled code blocked below it until it returns. */
    deep(self: FuncInst, b: number, ...args: unknown[]): unknown {
      const m = self.store!;
      // (b is 0 here: the caller's frame depth is jsLim - b)
      // (its arguments are in its own form: halves where it is an innerBits)
      return callInterpreted(core, m, self, m.jsLim - b, self, args, self.innerBits !== null);
    },
    /** The interpreter's OSR instruction (exec/cold.ts) at the loop at module offset `loop` of fn, whose frame
     *  at fp (at frame depth `depth`) is at the loop's header: runs the rest of the call compiled and returns
     *  true (its results at fp), or returns false (the loop stays interpreted). */
    osr(fn: FuncInst, fp: number, depth: number, loop: number): boolean {
      return enterLoop(rt, fn, fp, depth, loop);
    },
    /** This store's entries into loops (rt.osr), bound once: by function instance, then by loop offset (null:
     *  the loop cannot be entered). */
    loops: new Map<FuncInst, Map<number, OsrBody | null>>(),
    /** What suspend-free.ts found of this store's functions. */
    suspendFree: newSuspendFreeCache(),
  };
  return rt;
}
export type JsRuntime = ReturnType<typeof helpers>;

/** See rt.osr. */
function enterLoop(rt: JsRuntime, fn: FuncInst, fp: number, depth: number, loop: number): boolean {
  const m = fn.store!;
  // (as enter: not while compiled code may not run)
  if (m.jsBlock > 0 || m.nest > MAX_COMPILED_NEST || (m.asyncLevel === m.nest && !mayRunSuspendable(fn, m))) return false;
  let bodies = rt.loops.get(fn);
  if (bodies === undefined) rt.loops.set(fn, (bodies = new Map()));
  let body = bodies.get(loop);
  if (body === undefined) {
    const factory = factoryOf(fn, rt, loop);
    body = factory === null ? null : bindFactory(factory, fn, rt) as OsrBody | null;
    bodies.set(loop, body);
  }
  if (body === null) return false;
  // the depth budget and chain base as enter's for a call at `depth`
  const lim = Math.min(fn.instance!.maxCallDepth, depth + JS_NEST_BUDGET - m.jsNest);
  const savedFp = m.jsFp, savedLim = m.jsLim, pc = m.pc;
  m.jsFp = fp;
  m.jsLim = lim;
  try {
    body(fp, lim - depth + 2, fp + fn.poolBase + fn.poolUnits);
  } catch (e) {
    // a wasm exception leaves this frame (its function has no handler: the tier refuses exceptions) for the
    // caller's; a trap is located at the OSR instruction
    if (e instanceof rt.core.WasmException) {
      m.excFn = fn;
      m.excFp = fp;
      m.excPc = -1;
    }
    m.pc = pc;
    throw e;
  } finally {
    m.jsFp = savedFp;
    m.jsLim = savedLim;
    // (compiled code's calls through the interpreter moved them)
    m.curFn = fn;
    m.depth = depth;
  }
  return true;
}

/** Code entered in a running loop (codegen.ts, OsrEntry): the frame's locals at fp, its operand stack at sp. */
type OsrBody = (fp: number, b: number, sp: number) => void;

/** c's rt.slow function (`bits`: rt.slowBits'): for up to 8 JS arguments one without a rest parameter (no
 *  array per call). */
function makeSlow(core: JsCore, c: FuncInst, bits: boolean): JsInner {
  let arity = 0;
  for (const t of c.type.params) arity += t === 0x7e || (bits && t === 0x7c) ? 2 : 1;
  const via = (b: number, args: unknown[]): unknown => {
    const caller = c.jsCaller!;
    const m = caller.store!;
    return callInterpreted(core, m, c, m.jsLim - b + 1, caller, args, bits);
  };
  const args: unknown[] = [];
  const slow = arity === 0
    ? (b: number): unknown => via(b, NO_ARGS)
    : arity <= 8
      ? (b: number, a0?: unknown, a1?: unknown, a2?: unknown, a3?: unknown, a4?: unknown, a5?: unknown, a6?: unknown, a7?: unknown): unknown => {
        // (one array per callee, reused: callInterpreted has copied the arguments before anything can
        // call again)
        args[0] = a0; args[1] = a1; args[2] = a2; args[3] = a3; args[4] = a4; args[5] = a5; args[6] = a6; args[7] = a7;
        return via(b, args);
      }
      : (b: number, ...args: unknown[]): unknown => via(b, args);
  if (bits) c.jsSlowBits = slow;
  else c.jsSlow = slow;
  return slow;
}
const NO_ARGS: unknown[] = [];

/** Calls c from compiled code at frame depth `depth` (the caller's) through the interpreter (or callHost):
 *  the arguments onto the value stack at the chain's base, the single result returned (an i64's high half
 *  in out[1]; `bits`: an f64's too), several left there. */
function callInterpreted(core: JsCore, m: Machine, c: FuncInst, depth: number, caller: FuncInst, args: unknown[], bits: boolean): unknown {
  if (depth >= caller.instance!.maxCallDepth) throw new core.Trap(core.STACK_EXHAUSTED);
  const lim = m.jsLim;
  const nfp = m.jsFp;
  const room = nfp + Math.max(c.paramSizes, c.resultSizes);
  if (room > m.I32.length) m.growStack(room);
  let I = m.I32;
  const params = c.type.params;
  for (let i = 0, j = 0, u = nfp; i < params.length; i++, u += 2) {
    switch (params[i]) {
      case 0x7f: case 0x7d: I[u] = args[j++] as number; break;
      case 0x7e: I[u] = args[j++] as number; I[u + 1] = args[j++] as number; break;
      // (the bits form: halves, as an i64)
      case 0x7c: if (bits) { I[u] = args[j++] as number; I[u + 1] = args[j++] as number; } else m.F64[u >> 1] = args[j++] as number; break;
      default: m.refs[u] = args[j++]; break;
    }
  }
  m.depth = depth + 1;
  m.curFn = caller;
  const saved = m.jsNest;
  // Compiled frames on the JS stack now: lim = chain start + JS_NEST_BUDGET - jsNest at the start (enter),
  // unless the call-depth limit is lower, and then depth < lim here. Code entered below counts on from it.
  const deep = depth >= lim;
  m.jsNest = deep ? JS_NEST_BUDGET : depth + 1 - (lim - JS_NEST_BUDGET);
  // deep recursion: everything below runs interpreted (our frame stack), until this call returns
  if (deep) m.jsBlock++;
  try {
    if (c.store !== m) {
      m.depth = depth;
      m.sp = nfp + Math.max(c.paramSizes, c.resultSizes);
      core.callHost(m, c, nfp, null, 0, -1);
    } else core.execute(c, nfp, null, undefined);
  } catch (e) {
    // a JS value a host function threw enters wasm here (it is an exception of JSTag from now on); one
    // that stays what it is (a stack overflow) is no memory access of compiled code: it must not become a
    // trap on its way out (rt.frame)
    const x = core.intoWasm(e, caller);
    if (x instanceof RangeError) m.hostError = x;
    else if (x instanceof core.Trap) {
      // A trap of the interpreted callee: its backtrace so far (this execution's frames, and compiled ones
      // below) continues with the compiled caller's frames and then the interpreted ones below them, which
      // the outermost execution adds (the trap's wasmStack is final only there). One from a host function:
      // no frames, but it left a call.
      if (c.store === m && x.wasmStack.length > 0) {
        x.compiledFrames = x.wasmStack.slice();
        x.wasmStack = [];
      }
      x.compiledFrames ??= [];
    }
    throw x;
  } finally {
    if (deep) m.jsBlock--;
    m.jsNest = saved;
  }
  const rs = c.type.results;
  if (rs.length !== 1) return undefined;
  I = m.I32;
  switch (rs[0]) {
    case 0x7f: case 0x7d: return I[nfp];
    case 0x7e: i64.out[1] = I[nfp + 1]; return I[nfp];
    case 0x7c: if (!bits) return m.F64[nfp >> 1];
      i64.out[1] = I[nfp + 1];
      return I[nfp];
    default: return m.refs[nfp];
  }
}

/** Whether this engine runs code made by `new Function` (not under a CSP without 'unsafe-eval', not on
 *  Hermes builds without eval). A fact of the engine, probed once (not per store: a store per instance is
 *  common, and each probe compiles a function). */
function canCompile(): boolean {
  if (evalWorks === undefined) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-implied-eval
      evalWorks = (new Function('return 2 + 3') as () => number)() === 5;
    } catch {
      evalWorks = false;
    }
  }
  return evalWorks;
}
let evalWorks: boolean | undefined;

/** Whether fn may run compiled where a call must be able to suspend (directly under callAsync or a fiber:
 *  `m.asyncLevel === m.nest`, exec/suspend.ts canSuspend; in an execution nested in a host call nothing can
 *  suspend): when it can reach no host function and fuel running out traps there (suspend-free.ts). */
function mayRunSuspendable(fn: FuncInst, m: Machine): boolean {
  const rt = m.jsRt!;
  return m.outOfFuel !== 'suspend' && suspendFree(fn, rt.suspendFree, rt.core.validateFunction);
}

/** The counter every function of a tiered store starts with as `jit`. */
const warm: JitEntry = function warm(this: FuncInst, m, fp, depth, cfn, cfp, cpc) {
  // (not while compiled code may not run: a forced interpreter; a function that may suspend under an async call
  // or on a fiber)
  if (m.jsBlock > 0 || (m.asyncLevel === m.nest && !mayRunSuspendable(this, m)) || --this.hot > 0) return false;
  this.jit = null; // unless compilation succeeds: interpreted for good
  const body = bind(this, m.jsRt!);
  if (body === null) return false;
  this.body = body;
  this.inner = body.inner ?? null;
  this.innerBits = body.innerBits ?? null;
  this.jit = enter;
  return enter.call(this, m, fp, depth, cfn, cfp, cpc);
};

/** The entry of a compiled function from the interpreter (or from JS through execute). */
const enter: JitEntry = function enter(this: FuncInst, m, fp, depth, cfn, cfp, cpc) {
  // Host ↔ wasm re-entrance beyond a few levels stays interpreted: a compiled level holds more JS frames
  // than an interpreted one (execute alone), and deep re-entrance must reach as far as without the tier.
  if (m.jsBlock > 0 || m.nest > MAX_COMPILED_NEST || (m.asyncLevel === m.nest && !mayRunSuspendable(this, m))) return false;
  const lim = Math.min(this.instance!.maxCallDepth, depth + JS_NEST_BUDGET - m.jsNest);
  const savedFp = m.jsFp, savedLim = m.jsLim;
  m.jsFp = fp;
  m.jsLim = lim;
  try {
    this.body!(fp, lim - depth + 2);
  } catch (e) {
    // Compiled frames keep nothing on the frame stack: a wasm exception continues its search for a
    // handler at the interpreted caller's call instruction, and a trap's backtrace starts there.
    const { Trap, WasmException } = m.jsRt!.core;
    if (e instanceof WasmException) {
      m.excFn = cfn;
      m.excFp = cfp;
      m.excPc = cpc;
    } else if (e instanceof Trap) {
      m.pc = cfn === null ? 0 : cpc;
      // entered from JS: the interpreter's backtrace names this function itself (at the position its frame had)
      if (cfn === null && e.compiledFrames !== null) e.topOffset = e.compiledFrames.pop()?.offset ?? -1;
    }
    m.curFn = cfn ?? this;
    m.depth = cfn === null ? depth : depth - 1;
    throw e;
  } finally {
    m.jsFp = savedFp;
    m.jsLim = savedLim;
  }
  return true;
};

/** Compiles fn (its module's factory, generated once per module, or the ahead-of-time one) and binds it to
 *  the store's helpers. */
function bind(fn: FuncInst, rt: JsRuntime): JsBody | null {
  const inst = fn.instance!;
  // (a store with fuel or interruption needs code with fuel checks: ahead-of-time code has none)
  const factory = inst.store.instrumented ? null : inst.aot?.functions[fn.index] ?? null;
  const f = factory ?? factoryOf(fn, rt, -1);
  return f === null ? null : bindFactory(f, fn, rt) as JsBody | null;
}

/** The factories the store's code generator made for one module (ValidatedModule.jsCode holds them by
 *  generator: one module may run in stores whose generators differ, as in the form of f64), by defined
 *  function index: plain, metered, and the entries into loops by function and loop offset. */
interface Factories {
  plain: (JsFactory | null)[];
  metered: (JsFactory | null)[];
  loops: Map<number, JsFactory | null>;
}

/** The factory of fn the store's generator makes (loop ≥ 0: the entry into the loop at that module offset),
 *  generated once per module and generator; null: it stays interpreted. */
function factoryOf(fn: FuncInst, rt: JsRuntime, loop: number): JsFactory | null {
  const inst = fn.instance!;
  const m = inst.store;
  const compiler = m.jsCompiler;
  if (compiler === null) return null;
  const defined = fn.index - inst.module.importedFuncs;
  const byGenerator = (inst.vm.jsCode ??= new Map<JsCompiler, Factories>()) as Map<JsCompiler, Factories>;
  let all = byGenerator.get(compiler);
  if (all === undefined) byGenerator.set(compiler, (all = { plain: [], metered: [], loops: new Map() }));
  const metered = m.instrumented;
  const key = defined * 0x100000000 + loop;
  let factory = loop >= 0 ? all.loops.get(key) : (metered ? all.metered : all.plain)[defined];
  if (factory === undefined) {
    const src = rt.core.factorySource(compiler, inst.vm, defined, loop >= 0 ? { osrLoop: loop } : metered ? { metered } : undefined);
    factory = null;
    if (typeof src === 'string') {
      try {
        // eslint-disable-next-line @typescript-eslint/no-implied-eval
        factory = new Function('rt', 'inst', 'self', src) as JsFactory;
      } catch {
        // the engine's parser refused it (a limit of its own, e.g. nesting or size): interpreted
      }
    }
    if (loop >= 0) all.loops.set(key, factory);
    else (metered ? all.metered : all.plain)[defined] = factory;
  }
  return factory;
}

/** A factory's function for fn, bound to the store's helpers (null: it cannot be). */
function bindFactory(factory: JsFactory, fn: FuncInst, rt: JsRuntime): unknown {
  try {
    return factory(rt, fn.instance!, fn);
  } catch (e) {
    if (e instanceof rt.core.Unsupported) return null;
    throw e;
  }
}

/** See JsRuntimePack. */
export const jsRuntime: JsRuntimePack = { format: AOT_FORMAT, canCompile, helpers, warm };


