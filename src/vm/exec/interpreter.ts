// The dispatch loop: runs translated code (translate/opcodes.ts) on the typed-array machine state
// (runtime/machine.ts). One `switch` over dense literal opcodes (a jump table in V8); pc, frame base,
// depth and the typed-array views live in locals and are written back only when leaving the loop.
// wasm→wasm calls push a frame on machine.frames instead of recursing in JS. Rare instruction families
// are in cold.ts so this function stays small enough for V8 to optimize (< 60 KB of bytecode).
//
// Case labels are literal numbers with the opcode name in a comment (V8 builds jump tables only for
// literal labels); test/vm/opcodes.test.ts checks them against opcodes.ts. The cases are ordered by how often
// they run: V8 and Hermes jump straight to a case whatever its place, but QuickJS tests the cases one by one
// in source order, so there a case's position is its cost. The families (each headed by a `// ----` comment)
// stand in order of their measured dispatch counts on the benchmark kernels, and so do the cases within each
// (QuickJS: 2.8x faster than with the pairs and packed forms last, neutral in V8; bench/RESULTS.md, session 9).
// Keep a new case in its family, at the place its frequency gives it.
import { DIVIDE_BY_ZERO, INTEGER_OVERFLOW, OOB_MEMORY, STACK_EXHAUSTED, Trap, showWasmFrames } from '../errors.js';
import type { TraceFrame } from '../errors.js';
import * as i64 from '../ops/i64.js';
import { i32_trunc_s } from '../ops/convert.js';
import type { FuncInst } from '../runtime/func.js';
import type { Machine } from '../runtime/machine.js';
import { MemoryInst } from '../runtime/memory.js';
import { translateFunction, wasmOffsetOf } from '../translate/translator.js';
import { execCold } from './cold.js';
import { callHost } from './host.js';
import { canonicalSubtype } from '../../validate/index.js';
import { WasmException } from '../runtime/tag.js';
import { Suspension, isThenable } from './suspend.js';
import { hostArgs, hostPromise, intoWasm, outOfWasm, recordEntry, writeHostResults } from './host.js';

const out = i64.out;
/** Stand-in memory for instances without one (keeps the loop's locals monomorphic). */
const NO_MEMORY = new MemoryInst(0, 0);

// Traps thrown by the loop record the pc of the trapping instruction in the store (the loop keeps pc in a
// local; helpers that may trap get m.pc set before they are called), so backtraces can say where.
// The loop keeps the current function and depth in locals only (calls and returns do not store them), so
// every way out of it writes them into the store first: these trap helpers, the cold branch, host calls.
function oob(m: Machine, pc: number, fn: FuncInst, depth: number): Trap {
  m.pc = pc;
  m.curFn = fn;
  m.depth = depth;
  return new Trap(OOB_MEMORY);
}

function trapAt(m: Machine, fn: FuncInst, depth: number, pc: number, reason: string): Trap {
  m.pc = pc;
  m.curFn = fn;
  m.depth = depth;
  return new Trap(reason);
}

/** Prepares fn's code and frame at fp: translation, stack room, zeroed locals. */
function enterFrame(m: Machine, fn: FuncInst, fp: number): void {
  if (fn.code === null) translateFunction(fn);
  if (fp + fn.frameSize > m.I32.length) m.growStack(fp + fn.frameSize);
  const I = m.I32;
  for (let i = fn.zeroFrom; i < fn.zeroTo; i++) I[fp + i] = 0;
  const rl = fn.refLocals;
  for (let i = 0; i < rl.length; i++) m.refs[fp + rl[i]] = null;
  const pool = fn.pool;
  for (let i = 0, b = fp + fn.poolBase; i < pool.length; i++) I[b + i] = pool[i];
  // from now on calls set it up themselves (CALL's fast path) when zeroing and the constants are all it takes
  if (fn.jit === null && rl.length === 0) fn.frameEnd = fn.frameSize;
}

/** Records the caller's frame at depth: its return pc, frame base and function (the call case's fast path
 *  does the same inline). */
function pushFrame(frames: Int32Array, depth: number, next: number, fp: number, fn: FuncInst): void {
  frames[depth * 3] = next;
  frames[depth * 3 + 1] = fp;
  frames[depth * 3 + 2] = fn.id;
}

/** The function at `elements[i]` for call_indirect, with the spec's traps; `typeId` is the canonical id, or
 *  its complement for a 64-bit table (Translator.indirectTypeId), whose index's high half `hi` then counts. */
export function tableCallee(elements: readonly unknown[], i: number, typeId: number, hi = 0): FuncInst {
  if (typeId < 0 && (typeId = ~typeId, hi !== 0)) i = elements.length;
  if (i >= elements.length) throw new Trap('undefined element');
  const r = elements[i] as FuncInst | null;
  if (r === null) throw new Trap('uninitialized element');
  if (r.typeId !== typeId && !canonicalSubtype(r.typeId, typeId)) throw new Trap('indirect call type mismatch');
  return r;
}

/** Innermost frame first: the current function, then the callers recorded on the frame stack. */
function backtrace(m: Machine, fn: FuncInst, depth: number, entryDepth: number): TraceFrame[] {
  const trace = [frameAt(fn, wasmOffsetOf(fn, m.pc))];
  for (let d = depth - 1; d >= entryDepth; d--) {
    const f = m.funcs[m.frames[d * 3 + 2]];
    // the frame's return pc is just past its call instruction
    trace.push(frameAt(f, wasmOffsetOf(f, m.frames[d * 3] - 1)));
  }
  return trace;
}

function frameAt(f: FuncInst, offset: number | undefined): TraceFrame {
  return { funcIndex: f.index, name: f.name, offset, module: f.instance!.module.bytes };
}

/**
 * Runs wasm function `entry` whose arguments are at unit `fp0`; its results end up at fp0. Traps get their
 * backtrace here; the loop itself is in `run`, free of try/catch (which slows V8's optimized loop), and
 * writes machine.depth / machine.curFn on every way out of it (not at calls and returns) for this purpose.
 */
export function execute(entry: FuncInst, fp0: number, from: Suspension | null, pending: { error: unknown } | undefined): unknown {
  // One function (no helpers in between, rare paths in helpers that return): its frame stays on the JS
  // stack once per host ↔ wasm re-entrance level, so every register here costs depth.
  const m = entry.store!;
  // fp0 < 0: called as the export's JS wrapper (api.ts binds execute to f, -1, null, undefined: a bound
  // function adds no JS frame, so a re-entrance level is the host function and this frame only);
  // the JS arguments follow the four parameters (read through `arguments`: a rest parameter would make
  // V8 copy every parameter into a register), and the JS result is returned.
  const js = fp0 < 0;
  if (js) {
    // eslint-disable-next-line prefer-rest-params
    if (m.callHook !== null) return jsEntry.generic(entry, Array.prototype.slice.call(arguments, 4));
    // eslint-disable-next-line prefer-rest-params
    fp0 = jsEntry.write(m, entry, arguments, 4);
  }
  const entryDepth = from === null ? m.depth : from.entryDepth;
  let fn = from === null ? entry : from.fn;
  let fp = from === null ? fp0 : from.fp;
  let pc = from === null ? -1 : from.pc;
  let depth = from === null ? entryDepth : from.depth;
  let site = -2; // -2: not in an inline host call
  // A host function the loop calls inline called back into this store: from now on the loop leaves
  // itself to call it (run, CALL), so deeper levels of this re-entrance keep no dispatch-loop frame.
  // Host functions that never re-enter keep the cheaper inline call (issue #13: +20 % per host call
  // through execute under JIT, +45 % --jitless).
  if (m.inlineHost !== null) markReentrant(m);
  m.nest++;
  // (No try/finally for m.nest: a finally takes more registers than the catch below, which restores it.)
  for (;;) {
      try {
        if (pending !== undefined) {
          const e = pending.error;
          pending = undefined;
          throw e;
        }
        // Host calls are made here, not inside run: run returns true with the call described in the
        // store (hostCallee, hostArgFp, hostFp, hostNext; the caller's function, depth and call pc in
        // curFn, depth, pc) and is re-entered after it. So while a host function runs — and re-enters
        // wasm (host → wasm → host …) — no frame of the big dispatch function (hundreds of registers)
        // stays on the JS stack: a level holds only execute, callHost, the host function and the export's
        // wrapper, which is what lets re-entrance go deep (issue #13). run recomputes all its locals from
        // the store on re-entry (as when an exception handler resumes it), so nothing else changes;
        // wasm→wasm calls never leave the loop.
        while (run(fn, fp, entryDepth, pc, depth)) {
          fn = m.curFn!;
          fp = m.hostFp;
          depth = m.depth;
          pc = m.hostNext; // -1: a tail call
          const callee = m.hostCallee!;
          m.hostCallee = null;
          if (callee.host === null || m.callHook !== null) {
            callHost(m, callee, m.hostArgFp, fn, fp, pc < 0 ? -1 : m.pc);
          } else {
            // callHost's host path, inline (one JS frame less per re-entrance level); `site` tells the
            // catch below that an error came out of the host call (and from where it enters wasm)
            site = pc < 0 ? -1 : m.pc;
            const afp = m.hostArgFp;
            const r = callee.host(...hostArgs(m, callee, afp));
            if (isThenable(r)) hostPromise(m, callee, afp, r, fn, fp, site);
            else writeHostResults(m, callee, afp, r);
            site = -2;
          }
          m.depth = depth; // a nested execution may have changed them
          m.curFn = fn;
          if (pc < 0) {
            // a tail call: the host's results are this frame's; return from it
            if (depth === entryDepth) break;
            depth--;
            pc = m.frames[depth * 3];
            fp = m.frames[depth * 3 + 1];
            fn = m.funcs[m.frames[depth * 3 + 2]];
          }
        }
        break;
      } catch (e) {
        m.nest--;
        if (site !== -2) {
          e = intoWasm(e, fn);
          if (e instanceof WasmException) recordEntry(m, fn, fp, site);
          site = -2;
        }
        unwind(m, e, entry, entryDepth, js ? fp0 : -1); // throws unless a handler catches e
        m.nest++;
        // resume at the handler's landing pad (catchException left the frame in machine.exc*)
        fn = m.excFn!;
        fp = m.excFp;
        pc = m.excPc;
        depth = m.depth;
      }
  }
  m.nest--;
  m.depth = entryDepth;
  if (!js) return undefined;
  m.sp = fp0; // (before reading the results, which may throw; they stay where they are)
  const r = jsEntry.read(m, entry, fp0);
  if (fp0 === 0) m.trimStack(); // see api.ts call()
  return r;
}

/** The JS side of an export's wrapper (api.ts sets it: argument and result conversion, the generic
 *  path with call hooks). */
export const jsEntry = {
  write: null as unknown as (m: Machine, f: FuncInst, args: ArrayLike<unknown>, from: number) => number,
  read: null as unknown as (m: Machine, f: FuncInst, base: number) => unknown,
  generic: null as unknown as (f: FuncInst, args: unknown[]) => unknown,
};

function markReentrant(m: Machine): void {
  m.inlineHost!.reenters = true;
  m.inlineHost = null;
}

/** An error left run (or a host call) in execute: rethrows it (with its backtrace; a Suspension
 *  marked with the entry) unless it is a wasm exception a handler of this execution catches. */
function unwind(m: Machine, e: unknown, entry: FuncInst, entryDepth: number, base: number): void {
  if (e instanceof WasmException && catchException(m, e, entryDepth)) return;
  // an export's wrapper gives back its stack, and its JS caller gets a JS value thrown into wasm back
  if (base >= 0) {
    m.sp = base;
    e = outOfWasm(e);
  }
  if (e instanceof Suspension) {
    // the frames stay on the stack; the caller (callAsync) resumes them later
    e.entry = entry;
    e.entryDepth = entryDepth;
    throw e;
  }
  const d = m.depth;
  m.depth = entryDepth;
  throw withBacktrace(m, e, m.curFn ?? entry, d, entryDepth);
}

/**
 * Resumes a suspended call (exec/suspend.ts) after its Promise settled: `failed` says whether `outcome` is
 * the value (written as the host call's results) or the rejection (thrown at the call site).
 */
export function resume(s: Suspension, outcome: unknown, failed: boolean): void {
  const m = s.fn.store!;
  if (!failed && s.callee !== null) {
    try {
      writeHostResults(m, s.callee, s.argFp, outcome);
    } catch (e) {
      outcome = e;
      failed = true;
    }
  }
  if (failed) outcome = intoWasm(outcome, s.fn);
  if (failed && outcome instanceof WasmException) {
    // as if the host function had thrown it: the call site is where it enters wasm
    m.excFn = s.fn;
    m.excFp = s.fp;
    m.excPc = s.pc - 1;
  }
  m.pc = s.pc - 1; // a trap passed as the rejection is located at the call
  m.depth = s.depth;
  m.curFn = s.fn;
  execute(s.entry!, 0, s, failed ? { error: outcome } : undefined);
}

/**
 * Unwinds a wasm exception from the frame recorded in machine.exc* (at machine.depth) down to entryDepth,
 * looking for a try_table handler whose range holds the frame's pc and whose clause matches. On a match:
 * writes the payload / exnref into the frame, sets machine.depth/curFn and machine.exc* to the landing pad
 * (frame, fp, pad pc) and returns true. Otherwise returns false (the exception leaves this execution).
 */
function catchException(m: Machine, e: WasmException, entryDepth: number): boolean {
  let depth = m.depth;
  let fn = m.excFn;
  let fp = m.excFp;
  let pc = m.excPc;
  if (fn === null) return false;
  for (;;) {
    const h = fn.handlers;
    let maxLevel = 0x7fffffff;
    for (let i = 0; pc >= 0 && i < h.length; i += 7) {
      if (pc < h[i] || pc >= h[i + 1] || h[i + 6] > maxLevel) continue;
      const kind = h[i + 2];
      if (kind === 6) { // delegate: go on from the try's position with the target label's handlers
        pc = h[i + 4];
        maxLevel = h[i + 3];
        continue;
      }
      if ((kind < 2 || kind === 4) && fn.instance!.tags[h[i + 3]] !== e.tag) continue;
      const I = m.I32;
      const refs = m.refs;
      let s = fp + h[i + 5];
      if (kind >= 4) { // legacy: the exception first (for rethrow)
        I[s] = 0;
        I[s + 1] = 0;
        refs[s] = e;
        s += 2;
      }
      if (kind < 2 || kind === 4) {
        const u = e.units;
        for (let j = 0; j < u.length; j++) {
          I[s + j] = u[j];
          refs[s + j] = e.refs[j];
        }
        s += u.length;
      }
      if (kind === 1 || kind === 3) {
        I[s] = 0;
        I[s + 1] = 0;
        refs[s] = e;
      }
      m.depth = depth;
      m.curFn = fn;
      m.excFn = fn;
      m.excFp = fp;
      m.excPc = h[i + 4];
      return true;
    }
    if (depth <= entryDepth) return false;
    depth--;
    const f = depth * 3;
    pc = m.frames[f] - 1;
    fp = m.frames[f + 1];
    fn = m.funcs[m.frames[f + 2]];
  }
}

/**
 * Gives a trap its backtrace; turns a JS stack overflow (deep host ↔ wasm recursion) into the trap
 * 'call stack exhausted'. So close to the stack limit this may itself overflow: then the original error
 * goes on up to an outer execute() that has room to convert it.
 */
function withBacktrace(m: Machine, e: unknown, fn: FuncInst, depth: number, entryDepth: number): unknown {
  try {
    if (e instanceof Trap) {
      if (e.wasmStack.length === 0) {
        const t = backtrace(m, fn, depth, entryDepth);
        const top = e.topOffset;
        if (top !== undefined) {
          t[0] = frameAt(fn, top < 0 ? undefined : top);
          e.topOffset = undefined;
        }
        e.wasmStack = e.compiledFrames === null ? t : e.compiledFrames.concat(t);
        showWasmFrames(e);
      }
    } else if (e instanceof RangeError && e.message.indexOf('call stack') >= 0) {
      const t = new Trap(STACK_EXHAUSTED, backtrace(m, fn, depth, entryDepth));
      showWasmFrames(t);
      return t;
    }
  } catch {
    // no stack left: leave it to the caller
  }
  return e;
}

/** Runs from function entry at fp0 (startPc < 0: a fresh call) or resumes its frame at startPc, at frame
 *  depth startDepth; returns when the frame at entryDepth returns. */
function run(entry: FuncInst, fp0: number, entryDepth: number, startPc: number, startDepth: number): boolean {
  const m = entry.store!;
  const funcs = m.funcs;
  let fn = entry;
  // `| 0`: pc, fp and depth are int32 from the start, so an optimizing JIT keeps them untagged in registers
  // (a parameter, or a call's result, is any value to it, which makes the loop's variable a tagged one)
  let fp = fp0 | 0;
  let pc = startPc < 0 ? 0 : startPc | 0;
  let depth = startDepth | 0;
  let inst = entry.instance!;
  const maxDepth = inst.maxCallDepth;
  let mem = inst.memories[0] ?? NO_MEMORY;
  let dv = mem.dv;
  // i32, i64 and f64 loads read memory 0's element views (MemoryInst i32, f64; refreshed with dv), as the JS
  // tier's loads do: `M32[ea / 4] ?? dv.getInt32(ea, true)`. Misaligned, the index is a fraction and the read
  // gives undefined (so does an empty view: a big-endian host), and the DataView does the access. Without a JIT
  // an element read costs less than a DataView call (property load, call, builtin): --jitless about 2 % on the
  // kernels (nbody 2–16 %), 4 % on the C fixtures; with a JIT neutral (bench/RESULTS.md, session 11). Stores
  // stay DataView calls: an element store needs that read first to decide, and measured neutral.
  let M32 = mem.i32;
  let MF64 = mem.f64;
  let memLen = mem.u8.length;
  // Scratch variables shared by all cases: one Ignition register each instead of one per case-local
  // `const`, which keeps this function's interpreter frame small (deep host ↔ wasm re-entrancy).
  let a = 0, b = 0, d = 0, s = 0, g = 0, f = 0, k = 0, n = 0, x = 0, v = 0, ea = 0;
  let lo = 0, hi = 0, alo = 0, blo = 0, ah = 0, bh = 0, w = 0, u = 0;
  // The call cases' callee, its frame base and the return pc (here, not in the case: a `let` without a value
  // there costs two bytecodes per call).
  let callee = entry, nfp = 0, next = 0;
  m.curFn = fn;
  m.depth = depth;
  m.pc = 0;
  if (startPc < 0) {
    // the JS tier (jstier/runtime.ts): a compiled function runs whole, its results at fp0
    if (entry.jit !== null && entry.jit(m, fp0, startDepth, null, 0, -1)) {
      m.depth = startDepth;
      return false;
    }
    enterFrame(m, fn, fp);
  }
  let code = fn.code!;
  let I = m.I32;
  // Operands are read through L, a view of the value stack starting at fp (m.frameView), reloaded with fp
  // at calls and returns and with I when the stack may have moved: `L[k]` saves the `fp +` of `I[fp + k]`.
  let V = m.frameViews;
  let L = V[fp] ?? m.frameView(fp);
  let F32 = m.F32;
  let F64 = m.F64;
  const refs = m.refs;
  let frames = m.frames;
  // CALL's fast path compares with these two instead of reading I.length, frames.length and maxDepth: set by
  // its slow path (which the first call takes: 0 here, so that a run entered for one host call reads nothing)
  // and reloaded with I and frames
  let stackEnd = 0;
  let depthCap = 0;
  let G = m.globals;
  {
    for (;;) {
      switch (code[pc]) {
        // ---- pairs: two instructions in one dispatch (the translator pairs adjacent ones, translate/pairs.ts);
        // each body is the two instructions' own, so a jump to the second one still finds it intact
        case 228: /* I32_ADD_P__I32_GT_U_I__I32_ADD_I_P__BR_IF */ {
          {
            w = code[pc + 1];
            L[w & 1023] = L[(w >>> 10) & 1023] + L[w >>> 20];
          }
          {
            L[code[pc + 5]] = L[code[pc + 6]] >>> 0 > code[pc + 7] >>> 0 ? 1 : 0;
          }
          {
            w = code[pc + 9];
            L[w & 1023] = L[(w >>> 10) & 1023] + (w >> 20);
          }
          {
            pc = L[code[pc + 13]] !== 0 ? code[pc + 14] : pc + 15;
            break;
          }
        }
        case 227: /* I32_SHL_I_P__I32_ADD_I_P__I32_LOAD8_U_P__BR_TABLE */ {
          {
            w = code[pc + 1];
            L[w & 1023] = L[(w >>> 10) & 1023] << (w >> 20);
          }
          {
            w = code[pc + 5];
            L[w & 1023] = L[(w >>> 10) & 1023] + (w >> 20);
          }
          {
            w = code[pc + 9];
            ea = ((L[(w >>> 10) & 1023] + (w >> 20)) >>> 0) + (code[pc + 11] >>> 0);
            if (ea + 1 > memLen) throw oob(m, pc + 8, fn, depth);
            L[w & 1023] = dv.getUint8(ea);
          }
          {
            n = code[pc + 15];
            let i = L[code[pc + 14]] >>> 0;
            if (i > n) i = n;
            pc = code[pc + 16 + i];
            break;
          }
        }
        case 184: /* I32_LOAD8_U_P__I32_LOAD_IDX_P */ {
          {
            w = code[pc + 1];
            ea = ((L[(w >>> 10) & 1023] + (w >> 20)) >>> 0) + (code[pc + 3] >>> 0);
            if (ea + 1 > memLen) throw oob(m, pc, fn, depth);
            L[w & 1023] = dv.getUint8(ea);
          }
          {
            w = code[pc + 6];
            ea = ((L[(w >>> 10) & 1023] + (L[w >>> 20] << code[pc + 9])) >>> 0) + (code[pc + 10] >>> 0);
            if (ea + 4 > memLen) throw oob(m, pc + 5, fn, depth);
            L[w & 1023] = M32[ea / 4] ?? dv.getInt32(ea, true);
            pc += 11;
            break;
          }
        }
        case 188: /* MOV_P__I32_ADD_I_P */ {
          {
            w = code[pc + 1];
            d = w & 1023;
            s = w >>> 10;
            L[d] = L[s];
            L[d + 1] = L[s + 1];
          }
          {
            w = code[pc + 4];
            L[w & 1023] = L[(w >>> 10) & 1023] + (w >> 20);
            pc += 7;
            break;
          }
        }
        case 236: /* I32_ADD_I_P__F64_MUL3__F64_LOAD_N_P__F64_ADD_STORE */ {
          {
            w = code[pc + 1];
            L[w & 1023] = L[(w >>> 10) & 1023] + (w >> 20);
          }
          {
            F64[(fp + code[pc + 5]) >> 1] = F64[(fp + code[pc + 6]) >> 1] * F64[(fp + code[pc + 7]) >> 1] * F64[(fp + code[pc + 8]) >> 1];
          }
          {
            w = code[pc + 10];
            ea = ((L[(w >>> 10) & 1023] + (w >> 20)) >>> 0) + (code[pc + 12] >>> 0);
            if (ea + 8 > memLen) throw oob(m, pc + 9, fn, depth);
            F64[(fp + (w & 1023)) >> 1] = MF64[ea / 8] ?? dv.getFloat64(ea, true);
          }
          {
            ea = (L[code[pc + 15]] >>> 0) + (code[pc + 18] >>> 0);
            if (ea + 8 > memLen) throw oob(m, pc + 14, fn, depth);
            dv.setFloat64(ea, F64[(fp + code[pc + 16]) >> 1] + F64[(fp + code[pc + 17]) >> 1], true);
            pc += 19;
            break;
          }
        }
        case 189: /* I32_ADD_P__RETURN */ {
          {
            w = code[pc + 1];
            L[w & 1023] = L[(w >>> 10) & 1023] + L[w >>> 20];
          }
          {
            if (depth === entryDepth) {
              m.depth = depth;
              return false;
            }
            depth--;
            f = depth * 3;
            pc = frames[f];
            fp = frames[f + 1];
            L = V[fp] ?? m.frameView(fp);
            fn = funcs[frames[f + 2]];
            code = fn.code!;
            if (fn.instance !== inst) {
              inst = fn.instance!;
              mem = inst.memories[0] ?? NO_MEMORY;
              dv = mem.dv;
              M32 = mem.i32;
              MF64 = mem.f64;
              memLen = mem.u8.length;
            }
            break;
          }
        }
        case 191: /* I32_STORE_P__BR */ {
          {
            w = code[pc + 1];
            ea = (L[w & 1023] >>> 0) + (code[pc + 3] >>> 0);
            if (ea + 4 > memLen) throw oob(m, pc, fn, depth);
            dv.setInt32(ea, L[w >>> 10], true);
          }
          {
            pc = code[pc + 5];
            break;
          }
        }
        case 231: /* I32_LOAD8_U_P__I32_ADD_SHL__I32_LOAD8_U_P__I32_LOAD_IDX_P */ {
          {
            w = code[pc + 1];
            ea = ((L[(w >>> 10) & 1023] + (w >> 20)) >>> 0) + (code[pc + 3] >>> 0);
            if (ea + 1 > memLen) throw oob(m, pc, fn, depth);
            L[w & 1023] = dv.getUint8(ea);
          }
          {
            L[code[pc + 6]] = L[code[pc + 7]] + (L[code[pc + 8]] << code[pc + 9]);
          }
          {
            w = code[pc + 11];
            ea = ((L[(w >>> 10) & 1023] + (w >> 20)) >>> 0) + (code[pc + 13] >>> 0);
            if (ea + 1 > memLen) throw oob(m, pc + 10, fn, depth);
            L[w & 1023] = dv.getUint8(ea);
          }
          {
            w = code[pc + 16];
            ea = ((L[(w >>> 10) & 1023] + (L[w >>> 20] << code[pc + 19])) >>> 0) + (code[pc + 20] >>> 0);
            if (ea + 4 > memLen) throw oob(m, pc + 15, fn, depth);
            L[w & 1023] = M32[ea / 4] ?? dv.getInt32(ea, true);
            pc += 21;
            break;
          }
        }
        case 197: /* I64_XOR_SHR_U_I_P__I64_XOR_SHL_I_P */ {
          {
            w = code[pc + 1];
            a = w >>> 20;
            k = code[pc + 4];
            hi = L[a + 1];
            if (k < 32) {
              lo = (L[a] >>> k) | (hi << (32 - k));
              hi >>>= k;
            } else {
              lo = hi >>> (k - 32);
              hi = 0;
            }
            a = (w >>> 10) & 1023;
            d = w & 1023;
            L[d] = L[a] ^ lo;
            L[d + 1] = L[a + 1] ^ hi;
          }
          {
            w = code[pc + 6];
            a = w >>> 20;
            k = code[pc + 9];
            lo = L[a];
            if (k < 32) {
              hi = (L[a + 1] << k) | (lo >>> (32 - k));
              lo <<= k;
            } else {
              hi = lo << (k - 32);
              lo = 0;
            }
            a = (w >>> 10) & 1023;
            d = w & 1023;
            L[d + 1] = L[a + 1] ^ hi;
            L[d] = L[a] ^ lo;
            pc += 10;
            break;
          }
        }
        case 198: /* I64_LT_S__SELECT */ {
          {
            a = code[pc + 2];
            b = code[pc + 3];
            ah = L[a + 1];
            bh = L[b + 1];
            L[code[pc + 1]] = ah < bh || (ah === bh && L[a] >>> 0 < L[b] >>> 0) ? 1 : 0;
          }
          {
            d = code[pc + 5];
            s = (L[code[pc + 6]] !== 0 ? code[pc + 7] : code[pc + 8]);
            L[d] = L[s];
            L[d + 1] = L[s + 1];
            pc += 9;
            break;
          }
        }
        case 200: /* I64_SHR_U_I__I64_MUL_P */ {
          {
            a = code[pc + 2];
            k = code[pc + 3];
            hi = L[a + 1];
            d = code[pc + 1];
            if (k < 32) {
              L[d] = (L[a] >>> k) | (hi << (32 - k));
              L[d + 1] = hi >>> k;
            } else {
              L[d] = hi >>> (k - 32);
              L[d + 1] = 0;
            }
          }
          {
            w = code[pc + 5];
            // ops/i64.ts mul, inlined (calls are the dearest thing without a JIT): the high half of the unsigned
            // low product from the double product (within 2^11 of the exact one) less the exact low half less 2^31
            // (`lo ^ -2^31`: one operation where `lo >>> 0` and `+ 0.5` took two), which `| 0` floors, plus the
            // cross products (jstier/codegen.ts mulHigh).
            a = (w >>> 10) & 1023;
            b = w >>> 20;
            alo = L[a];
            blo = L[b];
            lo = Math.imul(alo, blo);
            hi = ((alo >>> 0) * (blo >>> 0) - (lo ^ -2147483648)) / 4294967296;
            d = w & 1023;
            L[d + 1] = (hi | 0) + Math.imul(alo, L[b + 1]) + Math.imul(L[a + 1], blo);
            L[d] = lo;
            pc += 8;
            break;
          }
        }
        case 211: /* I64_XOR_SHR_U_I_P__I64_MUL_P */ {
          {
            w = code[pc + 1];
            a = w >>> 20;
            k = code[pc + 4];
            hi = L[a + 1];
            if (k < 32) {
              lo = (L[a] >>> k) | (hi << (32 - k));
              hi >>>= k;
            } else {
              lo = hi >>> (k - 32);
              hi = 0;
            }
            a = (w >>> 10) & 1023;
            d = w & 1023;
            L[d] = L[a] ^ lo;
            L[d + 1] = L[a + 1] ^ hi;
          }
          {
            w = code[pc + 6];
            // ops/i64.ts mul, inlined (calls are the dearest thing without a JIT): the high half of the unsigned
            // low product from the double product (within 2^11 of the exact one) less the exact low half less 2^31
            // (`lo ^ -2^31`: one operation where `lo >>> 0` and `+ 0.5` took two), which `| 0` floors, plus the
            // cross products (jstier/codegen.ts mulHigh).
            a = (w >>> 10) & 1023;
            b = w >>> 20;
            alo = L[a];
            blo = L[b];
            lo = Math.imul(alo, blo);
            hi = ((alo >>> 0) * (blo >>> 0) - (lo ^ -2147483648)) / 4294967296;
            d = w & 1023;
            L[d + 1] = (hi | 0) + Math.imul(alo, L[b + 1]) + Math.imul(L[a + 1], blo);
            L[d] = lo;
            pc += 9;
            break;
          }
        }
        case 212: /* I64_XOR_P__I64_ROTL */ {
          {
            w = code[pc + 1];
            a = (w >>> 10) & 1023;
            b = w >>> 20;
            d = w & 1023;
            L[d] = L[a] ^ L[b];
            L[d + 1] = L[a + 1] ^ L[b + 1];
          }
          {
            a = code[pc + 6];
            k = L[code[pc + 7]] & 63;
            lo = L[a];
            hi = L[a + 1];
            if (k >= 32) {
              x = lo;
              lo = hi;
              hi = x;
              k -= 32;
            }
            d = code[pc + 5];
            if (k === 0) {
              L[d] = lo;
              L[d + 1] = hi;
            } else {
              L[d] = (lo << k) | (hi >>> (32 - k));
              L[d + 1] = (hi << k) | (lo >>> (32 - k));
            }
            pc += 8;
            break;
          }
        }
        case 213: /* I64_MUL_P__I64_XOR_SHR_U_I_P */ {
          {
            w = code[pc + 1];
            // ops/i64.ts mul, inlined (calls are the dearest thing without a JIT): the high half of the unsigned
            // low product from the double product (within 2^11 of the exact one) less the exact low half less 2^31
            // (`lo ^ -2^31`: one operation where `lo >>> 0` and `+ 0.5` took two), which `| 0` floors, plus the
            // cross products (jstier/codegen.ts mulHigh).
            a = (w >>> 10) & 1023;
            b = w >>> 20;
            alo = L[a];
            blo = L[b];
            lo = Math.imul(alo, blo);
            hi = ((alo >>> 0) * (blo >>> 0) - (lo ^ -2147483648)) / 4294967296;
            d = w & 1023;
            L[d + 1] = (hi | 0) + Math.imul(alo, L[b + 1]) + Math.imul(L[a + 1], blo);
            L[d] = lo;
          }
          {
            w = code[pc + 5];
            a = w >>> 20;
            k = code[pc + 8];
            hi = L[a + 1];
            if (k < 32) {
              lo = (L[a] >>> k) | (hi << (32 - k));
              hi >>>= k;
            } else {
              lo = hi >>> (k - 32);
              hi = 0;
            }
            a = (w >>> 10) & 1023;
            d = w & 1023;
            L[d] = L[a] ^ lo;
            L[d + 1] = L[a + 1] ^ hi;
            pc += 9;
            break;
          }
        }
        case 235: /* I64_ADD_P__I64_AND__BR_I64_NEZ */ {
          {
            w = code[pc + 1];
            a = (w >>> 10) & 1023;
            b = w >>> 20;
            alo = L[a];
            lo = (alo + L[b]) | 0;
            hi = (L[a + 1] + L[b + 1] + (lo >>> 0 < alo >>> 0 ? 1 : 0)) | 0;
            d = w & 1023;
            L[d] = lo;
            L[d + 1] = hi;
          }
          {
            a = code[pc + 6];
            b = code[pc + 7];
            d = code[pc + 5];
            L[d] = L[a] & L[b];
            L[d + 1] = L[a + 1] & L[b + 1];
          }
          {
            a = code[pc + 9];
            pc = (L[a] | L[a + 1]) !== 0 ? code[pc + 10] : pc + 11;
            break;
          }
        }
        case 238: /* MOV_P__I64_ADD_P__BR_I64_NE */ {
          {
            w = code[pc + 1];
            d = w & 1023;
            s = w >>> 10;
            L[d] = L[s];
            L[d + 1] = L[s + 1];
          }
          {
            w = code[pc + 4];
            a = (w >>> 10) & 1023;
            b = w >>> 20;
            alo = L[a];
            lo = (alo + L[b]) | 0;
            hi = (L[a + 1] + L[b + 1] + (lo >>> 0 < alo >>> 0 ? 1 : 0)) | 0;
            d = w & 1023;
            L[d] = lo;
            L[d + 1] = hi;
          }
          {
            a = code[pc + 8];
            b = code[pc + 9];
            pc = L[a] !== L[b] || L[a + 1] !== L[b + 1] ? code[pc + 10] : pc + 11;
            break;
          }
        }
        case 199: /* I64_ADD_P__I64_XOR_P */ {
          {
            w = code[pc + 1];
            a = (w >>> 10) & 1023;
            b = w >>> 20;
            alo = L[a];
            lo = (alo + L[b]) | 0;
            hi = (L[a + 1] + L[b + 1] + (lo >>> 0 < alo >>> 0 ? 1 : 0)) | 0;
            d = w & 1023;
            L[d] = lo;
            L[d + 1] = hi;
          }
          {
            w = code[pc + 5];
            a = (w >>> 10) & 1023;
            b = w >>> 20;
            d = w & 1023;
            L[d] = L[a] ^ L[b];
            L[d + 1] = L[a + 1] ^ L[b + 1];
            pc += 8;
            break;
          }
        }
        case 183: /* I32_SHL_I_P__I32_ADD_I_P */ {
          {
            w = code[pc + 1];
            L[w & 1023] = L[(w >>> 10) & 1023] << (w >> 20);
          }
          {
            w = code[pc + 5];
            L[w & 1023] = L[(w >>> 10) & 1023] + (w >> 20);
            pc += 8;
            break;
          }
        }
        case 203: /* F64_MUL_P__F64_LOAD_N_P */ {
          {
            w = code[pc + 1];
            F64[(fp + (w & 1023)) >> 1] = F64[(fp + ((w >>> 10) & 1023)) >> 1] * F64[(fp + (w >>> 20)) >> 1];
          }
          {
            w = code[pc + 5];
            ea = ((L[(w >>> 10) & 1023] + (w >> 20)) >>> 0) + (code[pc + 7] >>> 0);
            if (ea + 8 > memLen) throw oob(m, pc + 4, fn, depth);
            F64[(fp + (w & 1023)) >> 1] = MF64[ea / 8] ?? dv.getFloat64(ea, true);
            pc += 9;
            break;
          }
        }
        case 208: /* I32_ADD_P__I32_STORE_P */ {
          {
            w = code[pc + 1];
            L[w & 1023] = L[(w >>> 10) & 1023] + L[w >>> 20];
          }
          {
            w = code[pc + 5];
            ea = (L[w & 1023] >>> 0) + (code[pc + 7] >>> 0);
            if (ea + 4 > memLen) throw oob(m, pc + 4, fn, depth);
            dv.setInt32(ea, L[w >>> 10], true);
            pc += 8;
            break;
          }
        }
        case 202: /* I64_LOAD_P__I64_LOAD_P */ {
          {
            w = code[pc + 1];
            ea = ((L[(w >>> 10) & 1023] + (w >> 20)) >>> 0) + (code[pc + 3] >>> 0);
            if (ea + 8 > memLen) throw oob(m, pc, fn, depth);
            d = w & 1023;
            L[d] = M32[ea / 4] ?? dv.getInt32(ea, true);
            L[d + 1] = M32[ea / 4 + 1] ?? dv.getInt32(ea + 4, true);
          }
          {
            w = code[pc + 6];
            ea = ((L[(w >>> 10) & 1023] + (w >> 20)) >>> 0) + (code[pc + 8] >>> 0);
            if (ea + 8 > memLen) throw oob(m, pc + 5, fn, depth);
            d = w & 1023;
            L[d] = M32[ea / 4] ?? dv.getInt32(ea, true);
            L[d + 1] = M32[ea / 4 + 1] ?? dv.getInt32(ea + 4, true);
            pc += 10;
            break;
          }
        }
        case 209: /* I32_LOAD_P__I32_ROTL2_SHR_I */ {
          {
            w = code[pc + 1];
            ea = ((L[(w >>> 10) & 1023] + (w >> 20)) >>> 0) + (code[pc + 3] >>> 0);
            if (ea + 4 > memLen) throw oob(m, pc, fn, depth);
            L[w & 1023] = M32[ea / 4] ?? dv.getInt32(ea, true);
          }
          {
            x = L[code[pc + 7]];
            k = code[pc + 8];
            n = code[pc + 9];
            L[code[pc + 6]] = ((x << k) | (x >>> (32 - k))) ^ ((x << n) | (x >>> (32 - n))) ^ (x >>> code[pc + 10]);
            pc += 11;
            break;
          }
        }
        case 230: /* I32_ADD_I_P__I32_LOAD_P__I32_ADD_I_P__BR_LT_U_P */ {
          {
            w = code[pc + 1];
            L[w & 1023] = L[(w >>> 10) & 1023] + (w >> 20);
          }
          {
            w = code[pc + 5];
            ea = ((L[(w >>> 10) & 1023] + (w >> 20)) >>> 0) + (code[pc + 7] >>> 0);
            if (ea + 4 > memLen) throw oob(m, pc + 4, fn, depth);
            L[w & 1023] = M32[ea / 4] ?? dv.getInt32(ea, true);
          }
          {
            w = code[pc + 10];
            L[w & 1023] = L[(w >>> 10) & 1023] + (w >> 20);
          }
          {
            w = code[pc + 14];
            pc = L[w & 1023] >>> 0 < L[w >>> 10] >>> 0 ? code[pc + 16] : pc + 17;
            break;
          }
        }
        case 194: /* I32_STORE_P__I32_ADD_I_P */ {
          {
            w = code[pc + 1];
            ea = (L[w & 1023] >>> 0) + (code[pc + 3] >>> 0);
            if (ea + 4 > memLen) throw oob(m, pc, fn, depth);
            dv.setInt32(ea, L[w >>> 10], true);
          }
          {
            w = code[pc + 5];
            L[w & 1023] = L[(w >>> 10) & 1023] + (w >> 20);
            pc += 8;
            break;
          }
        }
        case 201: /* I32_ADD3__I32_ADD_P */ {
          {
            L[code[pc + 1]] = L[code[pc + 2]] + L[code[pc + 3]] + L[code[pc + 4]];
          }
          {
            w = code[pc + 6];
            L[w & 1023] = L[(w >>> 10) & 1023] + L[w >>> 20];
            pc += 9;
            break;
          }
        }
        case 218: /* I32_ROTL3_I__I32_ADD3 */ {
          {
            x = L[code[pc + 2]];
            k = code[pc + 3];
            n = code[pc + 4];
            v = code[pc + 5];
            L[code[pc + 1]] = ((x << k) | (x >>> (32 - k))) ^ ((x << n) | (x >>> (32 - n))) ^ ((x << v) | (x >>> (32 - v)));
          }
          {
            L[code[pc + 7]] = L[code[pc + 8]] + L[code[pc + 9]] + L[code[pc + 10]];
            pc += 11;
            break;
          }
        }
        case 219: /* I32_XOR_I__I32_AND_P */ {
          {
            L[code[pc + 1]] = L[code[pc + 2]] ^ code[pc + 3];
          }
          {
            w = code[pc + 5];
            L[w & 1023] = L[(w >>> 10) & 1023] & L[w >>> 20];
            pc += 8;
            break;
          }
        }
        case 220: /* MOV_P__I32_ROTL3_I */ {
          {
            w = code[pc + 1];
            d = w & 1023;
            s = w >>> 10;
            L[d] = L[s];
            L[d + 1] = L[s + 1];
          }
          {
            x = L[code[pc + 5]];
            k = code[pc + 6];
            n = code[pc + 7];
            v = code[pc + 8];
            L[code[pc + 4]] = ((x << k) | (x >>> (32 - k))) ^ ((x << n) | (x >>> (32 - n))) ^ ((x << v) | (x >>> (32 - v)));
            pc += 9;
            break;
          }
        }
        case 221: /* I32_XOR__I32_AND_P */ {
          {
            L[code[pc + 1]] = L[code[pc + 2]] ^ L[code[pc + 3]];
          }
          {
            w = code[pc + 5];
            L[w & 1023] = L[(w >>> 10) & 1023] & L[w >>> 20];
            pc += 8;
            break;
          }
        }
        case 222: /* I32_AND_P__I32_XOR */ {
          {
            w = code[pc + 1];
            L[w & 1023] = L[(w >>> 10) & 1023] & L[w >>> 20];
          }
          {
            L[code[pc + 5]] = L[code[pc + 6]] ^ L[code[pc + 7]];
            pc += 8;
            break;
          }
        }
        case 229: /* I32_ADD_I_P__I32_LOAD_UPD__BR_LT_U_P */ {
          {
            w = code[pc + 1];
            L[w & 1023] = L[(w >>> 10) & 1023] + (w >> 20);
          }
          {
            x = (L[code[pc + 6]] + code[pc + 9]) | 0;
            L[code[pc + 8]] = x;
            ea = (x >>> 0) + (code[pc + 7] >>> 0);
            if (ea + 4 > memLen) throw oob(m, pc + 4, fn, depth);
            L[code[pc + 5]] = M32[ea / 4] ?? dv.getInt32(ea, true);
          }
          {
            w = code[pc + 11];
            pc = L[w & 1023] >>> 0 < L[w >>> 10] >>> 0 ? code[pc + 13] : pc + 14;
            break;
          }
        }
        case 233: /* MOV2__I32_LOAD_P__I32_AND_P */ {
          {
            d = code[pc + 1];
            s = code[pc + 2];
            L[d] = L[s];
            L[d + 1] = L[s + 1];
            d = code[pc + 3];
            s = code[pc + 4];
            L[d] = L[s];
            L[d + 1] = L[s + 1];
          }
          {
            w = code[pc + 6];
            ea = ((L[(w >>> 10) & 1023] + (w >> 20)) >>> 0) + (code[pc + 8] >>> 0);
            if (ea + 4 > memLen) throw oob(m, pc + 5, fn, depth);
            L[w & 1023] = M32[ea / 4] ?? dv.getInt32(ea, true);
          }
          {
            w = code[pc + 11];
            L[w & 1023] = L[(w >>> 10) & 1023] & L[w >>> 20];
            pc += 14;
            break;
          }
        }
        case 234: /* I32_ADD3__I32_ADD_P__BR_EQ_I */ {
          {
            L[code[pc + 1]] = L[code[pc + 2]] + L[code[pc + 3]] + L[code[pc + 4]];
          }
          {
            w = code[pc + 6];
            L[w & 1023] = L[(w >>> 10) & 1023] + L[w >>> 20];
          }
          {
            pc = L[code[pc + 10]] === code[pc + 11] ? code[pc + 12] : pc + 13;
            break;
          }
        }
        case 237: /* F64_LOAD_N_P__F64_MUL_ADD__I64_STORE */ {
          {
            w = code[pc + 1];
            ea = ((L[(w >>> 10) & 1023] + (w >> 20)) >>> 0) + (code[pc + 3] >>> 0);
            if (ea + 8 > memLen) throw oob(m, pc, fn, depth);
            F64[(fp + (w & 1023)) >> 1] = MF64[ea / 8] ?? dv.getFloat64(ea, true);
          }
          {
            F64[(fp + code[pc + 6]) >> 1] = F64[(fp + code[pc + 7]) >> 1] * F64[(fp + code[pc + 8]) >> 1] + F64[(fp + code[pc + 9]) >> 1];
          }
          {
            ea = (L[code[pc + 11]] >>> 0) + (code[pc + 13] >>> 0);
            if (ea + 8 > memLen) throw oob(m, pc + 10, fn, depth);
            s = code[pc + 12];
            dv.setInt32(ea, L[s], true);
            dv.setInt32(ea + 4, L[s + 1], true);
            pc += 14;
            break;
          }
        }
        case 232: /* MOV2__MOV2__MOV_P__BR */ {
          {
            d = code[pc + 1];
            s = code[pc + 2];
            L[d] = L[s];
            L[d + 1] = L[s + 1];
            d = code[pc + 3];
            s = code[pc + 4];
            L[d] = L[s];
            L[d + 1] = L[s + 1];
          }
          {
            d = code[pc + 6];
            s = code[pc + 7];
            L[d] = L[s];
            L[d + 1] = L[s + 1];
            d = code[pc + 8];
            s = code[pc + 9];
            L[d] = L[s];
            L[d + 1] = L[s + 1];
          }
          {
            w = code[pc + 11];
            d = w & 1023;
            s = w >>> 10;
            L[d] = L[s];
            L[d + 1] = L[s + 1];
          }
          {
            pc = code[pc + 14];
            break;
          }
        }
        case 239: /* I32_ADD_P__I32_LOAD_P__I32_ADD_I_P */ {
          {
            w = code[pc + 1];
            L[w & 1023] = L[(w >>> 10) & 1023] + L[w >>> 20];
          }
          {
            w = code[pc + 5];
            ea = ((L[(w >>> 10) & 1023] + (w >> 20)) >>> 0) + (code[pc + 7] >>> 0);
            if (ea + 4 > memLen) throw oob(m, pc + 4, fn, depth);
            L[w & 1023] = M32[ea / 4] ?? dv.getInt32(ea, true);
          }
          {
            w = code[pc + 10];
            L[w & 1023] = L[(w >>> 10) & 1023] + (w >> 20);
            pc += 13;
            break;
          }
        }
        case 193: /* F64_LOAD_N_P__F64_SUB */ {
          {
            w = code[pc + 1];
            ea = ((L[(w >>> 10) & 1023] + (w >> 20)) >>> 0) + (code[pc + 3] >>> 0);
            if (ea + 8 > memLen) throw oob(m, pc, fn, depth);
            F64[(fp + (w & 1023)) >> 1] = MF64[ea / 8] ?? dv.getFloat64(ea, true);
          }
          {
            F64[(fp + code[pc + 6]) >> 1] = F64[(fp + code[pc + 7]) >> 1] - F64[(fp + code[pc + 8]) >> 1];
            pc += 9;
            break;
          }
        }
        case 204: /* F64_SUB__F64_MUL_P */ {
          {
            F64[(fp + code[pc + 1]) >> 1] = F64[(fp + code[pc + 2]) >> 1] - F64[(fp + code[pc + 3]) >> 1];
          }
          {
            w = code[pc + 5];
            F64[(fp + (w & 1023)) >> 1] = F64[(fp + ((w >>> 10) & 1023)) >> 1] * F64[(fp + (w >>> 20)) >> 1];
            pc += 8;
            break;
          }
        }
        case 205: /* F64_SUB_STORE__I64_LOAD_P */ {
          {
            ea = (L[code[pc + 1]] >>> 0) + (code[pc + 4] >>> 0);
            if (ea + 8 > memLen) throw oob(m, pc, fn, depth);
            dv.setFloat64(ea, F64[(fp + code[pc + 2]) >> 1] - F64[(fp + code[pc + 3]) >> 1], true);
          }
          {
            w = code[pc + 6];
            ea = ((L[(w >>> 10) & 1023] + (w >> 20)) >>> 0) + (code[pc + 8] >>> 0);
            if (ea + 8 > memLen) throw oob(m, pc + 5, fn, depth);
            d = w & 1023;
            L[d] = M32[ea / 4] ?? dv.getInt32(ea, true);
            L[d + 1] = M32[ea / 4 + 1] ?? dv.getInt32(ea + 4, true);
            pc += 10;
            break;
          }
        }
        case 206: /* I64_LOAD_P__F64_MUL3 */ {
          {
            w = code[pc + 1];
            ea = ((L[(w >>> 10) & 1023] + (w >> 20)) >>> 0) + (code[pc + 3] >>> 0);
            if (ea + 8 > memLen) throw oob(m, pc, fn, depth);
            d = w & 1023;
            L[d] = M32[ea / 4] ?? dv.getInt32(ea, true);
            L[d + 1] = M32[ea / 4 + 1] ?? dv.getInt32(ea + 4, true);
          }
          {
            F64[(fp + code[pc + 6]) >> 1] = F64[(fp + code[pc + 7]) >> 1] * F64[(fp + code[pc + 8]) >> 1] * F64[(fp + code[pc + 9]) >> 1];
            pc += 10;
            break;
          }
        }
        case 207: /* F64_MUL3__F64_SUB_STORE */ {
          {
            F64[(fp + code[pc + 1]) >> 1] = F64[(fp + code[pc + 2]) >> 1] * F64[(fp + code[pc + 3]) >> 1] * F64[(fp + code[pc + 4]) >> 1];
          }
          {
            ea = (L[code[pc + 6]] >>> 0) + (code[pc + 9] >>> 0);
            if (ea + 8 > memLen) throw oob(m, pc + 5, fn, depth);
            dv.setFloat64(ea, F64[(fp + code[pc + 7]) >> 1] - F64[(fp + code[pc + 8]) >> 1], true);
            pc += 10;
            break;
          }
        }
        case 214: /* F64_SUB__F64_MUL_ADD */ {
          {
            F64[(fp + code[pc + 1]) >> 1] = F64[(fp + code[pc + 2]) >> 1] - F64[(fp + code[pc + 3]) >> 1];
          }
          {
            F64[(fp + code[pc + 5]) >> 1] = F64[(fp + code[pc + 6]) >> 1] * F64[(fp + code[pc + 7]) >> 1] + F64[(fp + code[pc + 8]) >> 1];
            pc += 9;
            break;
          }
        }
        case 215: /* F64_ADD__F64_SQRT */ {
          {
            F64[(fp + code[pc + 1]) >> 1] = F64[(fp + code[pc + 2]) >> 1] + F64[(fp + code[pc + 3]) >> 1];
          }
          {
            F64[(fp + code[pc + 5]) >> 1] = Math.sqrt(F64[(fp + code[pc + 6]) >> 1]);
            pc += 7;
            break;
          }
        }
        case 216: /* F64_MUL_P__F64_DIV */ {
          {
            w = code[pc + 1];
            F64[(fp + (w & 1023)) >> 1] = F64[(fp + ((w >>> 10) & 1023)) >> 1] * F64[(fp + (w >>> 20)) >> 1];
          }
          {
            F64[(fp + code[pc + 5]) >> 1] = F64[(fp + code[pc + 6]) >> 1] / F64[(fp + code[pc + 7]) >> 1];
            pc += 8;
            break;
          }
        }
        case 217: /* I32_ADD_I_P__ADD_I_BR_NZ */ {
          {
            w = code[pc + 1];
            L[w & 1023] = L[(w >>> 10) & 1023] + (w >> 20);
          }
          {
            v = (L[code[pc + 6]] + code[pc + 7]) | 0;
            L[code[pc + 5]] = v;
            pc = v !== 0 ? code[pc + 8] : pc + 9;
            break;
          }
        }
        case 196: /* I32_ADD_I_P__I32_ADD_I_P */ {
          {
            w = code[pc + 1];
            L[w & 1023] = L[(w >>> 10) & 1023] + (w >> 20);
          }
          {
            w = code[pc + 5];
            L[w & 1023] = L[(w >>> 10) & 1023] + (w >> 20);
            pc += 8;
            break;
          }
        }
        case 195: /* I32_LOAD_UPD__BR_LT_U_P */ {
          {
            x = (L[code[pc + 2]] + code[pc + 5]) | 0;
            L[code[pc + 4]] = x;
            ea = (x >>> 0) + (code[pc + 3] >>> 0);
            if (ea + 4 > memLen) throw oob(m, pc, fn, depth);
            L[code[pc + 1]] = M32[ea / 4] ?? dv.getInt32(ea, true);
          }
          {
            w = code[pc + 7];
            pc = L[w & 1023] >>> 0 < L[w >>> 10] >>> 0 ? code[pc + 9] : pc + 10;
            break;
          }
        }
        case 185: /* BR_LT_U_P__I32_ADD_I_P */ {
          {
            w = code[pc + 1];
            if (L[w & 1023] >>> 0 < L[w >>> 10] >>> 0) {
              pc = code[pc + 3];
              break;
            }
          }
          {
            w = code[pc + 5];
            L[w & 1023] = L[(w >>> 10) & 1023] + (w >> 20);
            pc += 8;
            break;
          }
        }
        case 186: /* I32_LOAD_P__I32_ADD_I_P */ {
          {
            w = code[pc + 1];
            ea = ((L[(w >>> 10) & 1023] + (w >> 20)) >>> 0) + (code[pc + 3] >>> 0);
            if (ea + 4 > memLen) throw oob(m, pc, fn, depth);
            L[w & 1023] = M32[ea / 4] ?? dv.getInt32(ea, true);
          }
          {
            w = code[pc + 6];
            L[w & 1023] = L[(w >>> 10) & 1023] + (w >> 20);
            pc += 9;
            break;
          }
        }
        case 190: /* I32_LOAD8_U_P__I32_ADD_SHL */ {
          {
            w = code[pc + 1];
            ea = ((L[(w >>> 10) & 1023] + (w >> 20)) >>> 0) + (code[pc + 3] >>> 0);
            if (ea + 1 > memLen) throw oob(m, pc, fn, depth);
            L[w & 1023] = dv.getUint8(ea);
          }
          {
            L[code[pc + 6]] = L[code[pc + 7]] + (L[code[pc + 8]] << code[pc + 9]);
            pc += 10;
            break;
          }
        }
        case 223: /* I32_STORE_P__MOV2 */ {
          {
            w = code[pc + 1];
            ea = (L[w & 1023] >>> 0) + (code[pc + 3] >>> 0);
            if (ea + 4 > memLen) throw oob(m, pc, fn, depth);
            dv.setInt32(ea, L[w >>> 10], true);
          }
          {
            d = code[pc + 5];
            s = code[pc + 6];
            L[d] = L[s];
            L[d + 1] = L[s + 1];
            d = code[pc + 7];
            s = code[pc + 8];
            L[d] = L[s];
            L[d + 1] = L[s + 1];
            pc += 9;
            break;
          }
        }
        case 187: /* I32_ADD_I_P__I32_LOAD_P */ {
          {
            w = code[pc + 1];
            L[w & 1023] = L[(w >>> 10) & 1023] + (w >> 20);
          }
          {
            w = code[pc + 5];
            ea = ((L[(w >>> 10) & 1023] + (w >> 20)) >>> 0) + (code[pc + 7] >>> 0);
            if (ea + 4 > memLen) throw oob(m, pc + 4, fn, depth);
            L[w & 1023] = M32[ea / 4] ?? dv.getInt32(ea, true);
            pc += 9;
            break;
          }
        }
        case 224: /* I32_LOAD_P__BR_LT_U_P */ {
          {
            w = code[pc + 1];
            ea = ((L[(w >>> 10) & 1023] + (w >> 20)) >>> 0) + (code[pc + 3] >>> 0);
            if (ea + 4 > memLen) throw oob(m, pc, fn, depth);
            L[w & 1023] = M32[ea / 4] ?? dv.getInt32(ea, true);
          }
          {
            w = code[pc + 6];
            pc = L[w & 1023] >>> 0 < L[w >>> 10] >>> 0 ? code[pc + 8] : pc + 9;
            break;
          }
        }
        case 226: /* I32_LOAD_P__BR */ {
          {
            w = code[pc + 1];
            ea = ((L[(w >>> 10) & 1023] + (w >> 20)) >>> 0) + (code[pc + 3] >>> 0);
            if (ea + 4 > memLen) throw oob(m, pc, fn, depth);
            L[w & 1023] = M32[ea / 4] ?? dv.getInt32(ea, true);
          }
          {
            pc = code[pc + 6];
            break;
          }
        }
        case 192: /* I32_ADD_I_P__MOV_P */ {
          {
            w = code[pc + 1];
            L[w & 1023] = L[(w >>> 10) & 1023] + (w >> 20);
          }
          {
            w = code[pc + 5];
            d = w & 1023;
            s = w >>> 10;
            L[d] = L[s];
            L[d + 1] = L[s + 1];
            pc += 7;
            break;
          }
        }
        case 210: /* I32_ADD_I_P__I32_STORE_P */ {
          {
            w = code[pc + 1];
            L[w & 1023] = L[(w >>> 10) & 1023] + (w >> 20);
          }
          {
            w = code[pc + 5];
            ea = (L[w & 1023] >>> 0) + (code[pc + 7] >>> 0);
            if (ea + 4 > memLen) throw oob(m, pc + 4, fn, depth);
            dv.setInt32(ea, L[w >>> 10], true);
            pc += 8;
            break;
          }
        }
        case 225: /* I32_ADD_I_P__I32_LT_S */ {
          {
            w = code[pc + 1];
            L[w & 1023] = L[(w >>> 10) & 1023] + (w >> 20);
          }
          {
            L[code[pc + 5]] = L[code[pc + 6]] < L[code[pc + 7]] ? 1 : 0;
            pc += 8;
            break;
          }
        }

        // ---- packed operands (translate/packed-operands.ts): the slot offsets (and a small immediate) of an instruction
        // in one code word, read once: each is the unpacked case with its operand reads replaced by fields of w
        case 337: /* I32_ADD_I_P */ {
          w = code[pc + 1];
          L[w & 1023] = L[(w >>> 10) & 1023] + (w >> 20);
          pc += 4;
          break;
        }
        case 340: /* BR_GE_S_I_P */ {
          w = code[pc + 1];
          pc = L[w & 1023] >= (w >> 10) ? code[pc + 3] : pc + 4;
          break;
        }
        case 330: /* I32_LOAD_P */ {
          w = code[pc + 1];
          ea = ((L[(w >>> 10) & 1023] + (w >> 20)) >>> 0) + (code[pc + 3] >>> 0);
          if (ea + 4 > memLen) throw oob(m, pc, fn, depth);
          L[w & 1023] = M32[ea / 4] ?? dv.getInt32(ea, true);
          pc += 5;
          break;
        }
        case 335: /* I32_ADD_P */ {
          w = code[pc + 1];
          L[w & 1023] = L[(w >>> 10) & 1023] + L[w >>> 20];
          pc += 4;
          break;
        }
        case 329: /* MOV_P */ {
          w = code[pc + 1];
          d = w & 1023;
          s = w >>> 10;
          L[d] = L[s];
          L[d + 1] = L[s + 1];
          pc += 3;
          break;
        }
        case 343: /* F64_MUL_P */ {
          w = code[pc + 1];
          F64[(fp + (w & 1023)) >> 1] = F64[(fp + ((w >>> 10) & 1023)) >> 1] * F64[(fp + (w >>> 20)) >> 1];
          pc += 4;
          break;
        }
        case 338: /* I32_SHL_I_P */ {
          w = code[pc + 1];
          L[w & 1023] = L[(w >>> 10) & 1023] << (w >> 20);
          pc += 4;
          break;
        }
        case 336: /* I32_AND_P */ {
          w = code[pc + 1];
          L[w & 1023] = L[(w >>> 10) & 1023] & L[w >>> 20];
          pc += 4;
          break;
        }
        case 334: /* I32_STORE_P */ {
          w = code[pc + 1];
          ea = (L[w & 1023] >>> 0) + (code[pc + 3] >>> 0);
          if (ea + 4 > memLen) throw oob(m, pc, fn, depth);
          dv.setInt32(ea, L[w >>> 10], true);
          pc += 4;
          break;
        }
        case 331: /* I64_LOAD_P */ {
          w = code[pc + 1];
          ea = ((L[(w >>> 10) & 1023] + (w >> 20)) >>> 0) + (code[pc + 3] >>> 0);
          if (ea + 8 > memLen) throw oob(m, pc, fn, depth);
          d = w & 1023;
          L[d] = M32[ea / 4] ?? dv.getInt32(ea, true);
          L[d + 1] = M32[ea / 4 + 1] ?? dv.getInt32(ea + 4, true);
          pc += 5;
          break;
        }
        case 341: /* I64_ADD_P */ {
          w = code[pc + 1];
          a = (w >>> 10) & 1023;
          b = w >>> 20;
          alo = L[a];
          lo = (alo + L[b]) | 0;
          hi = (L[a + 1] + L[b + 1] + (lo >>> 0 < alo >>> 0 ? 1 : 0)) | 0;
          d = w & 1023;
          L[d] = lo;
          L[d + 1] = hi;
          pc += 4;
          break;
        }
        case 332: /* I32_LOAD8_U_P */ {
          w = code[pc + 1];
          ea = ((L[(w >>> 10) & 1023] + (w >> 20)) >>> 0) + (code[pc + 3] >>> 0);
          if (ea + 1 > memLen) throw oob(m, pc, fn, depth);
          L[w & 1023] = dv.getUint8(ea);
          pc += 5;
          break;
        }
        case 333: /* F64_LOAD_N_P */ {
          w = code[pc + 1];
          ea = ((L[(w >>> 10) & 1023] + (w >> 20)) >>> 0) + (code[pc + 3] >>> 0);
          if (ea + 8 > memLen) throw oob(m, pc, fn, depth);
          F64[(fp + (w & 1023)) >> 1] = MF64[ea / 8] ?? dv.getFloat64(ea, true);
          pc += 5;
          break;
        }
        case 339: /* BR_LT_U_P */ {
          w = code[pc + 1];
          pc = L[w & 1023] >>> 0 < L[w >>> 10] >>> 0 ? code[pc + 3] : pc + 4;
          break;
        }
        case 342: /* I64_XOR_P */ {
          w = code[pc + 1];
          a = (w >>> 10) & 1023;
          b = w >>> 20;
          d = w & 1023;
          L[d] = L[a] ^ L[b];
          L[d + 1] = L[a + 1] ^ L[b + 1];
          pc += 4;
          break;
        }
        case 344: /* I32_LOAD_IDX_P */ {
          w = code[pc + 1];
          ea = ((L[(w >>> 10) & 1023] + (L[w >>> 20] << code[pc + 4])) >>> 0) + (code[pc + 5] >>> 0);
          if (ea + 4 > memLen) throw oob(m, pc, fn, depth);
          L[w & 1023] = M32[ea / 4] ?? dv.getInt32(ea, true);
          pc += 6;
          break;
        }
        case 345: /* I64_XOR_SHR_U_I_P */ {
          w = code[pc + 1];
          a = w >>> 20;
          k = code[pc + 4];
          hi = L[a + 1];
          if (k < 32) {
            lo = (L[a] >>> k) | (hi << (32 - k));
            hi >>>= k;
          } else {
            lo = hi >>> (k - 32);
            hi = 0;
          }
          a = (w >>> 10) & 1023;
          d = w & 1023;
          L[d] = L[a] ^ lo;
          L[d + 1] = L[a + 1] ^ hi;
          pc += 5;
          break;
        }
        case 346: /* I64_MUL_P */ {
          w = code[pc + 1];
          // ops/i64.ts mul, inlined (calls are the dearest thing without a JIT): the high half of the unsigned
          // low product from the double product (within 2^11 of the exact one) less the exact low half less 2^31
          // (`lo ^ -2^31`: one operation where `lo >>> 0` and `+ 0.5` took two), which `| 0` floors, plus the
          // cross products (jstier/codegen.ts mulHigh).
          a = (w >>> 10) & 1023;
          b = w >>> 20;
          alo = L[a];
          blo = L[b];
          lo = Math.imul(alo, blo);
          hi = ((alo >>> 0) * (blo >>> 0) - (lo ^ -2147483648)) / 4294967296;
          d = w & 1023;
          L[d + 1] = (hi | 0) + Math.imul(alo, L[b + 1]) + Math.imul(L[a + 1], blo);
          L[d] = lo;
          pc += 4;
          break;
        }
        case 347: /* I64_XOR_SHL_I_P */ {
          w = code[pc + 1];
          a = w >>> 20;
          k = code[pc + 4];
          lo = L[a];
          if (k < 32) {
            hi = (L[a + 1] << k) | (lo >>> (32 - k));
            lo <<= k;
          } else {
            hi = lo << (k - 32);
            lo = 0;
          }
          a = (w >>> 10) & 1023;
          d = w & 1023;
          L[d + 1] = L[a + 1] ^ hi;
          L[d] = L[a] ^ lo;
          pc += 5;
          break;
        }

        // ---- control, calls, locals, globals, tables and the rest
        case 6: /* CALL */
        case 7: /* CALL_INDIRECT */
        case 158: /* CALL_REF */ {
          // told apart by the first operand (translate/opcodes.ts): a keyed read fewer than the opcode's for CALL
          if ((x = code[pc + 1]) >= 0) {
            callee = funcs[x];
            nfp = fp + code[pc + 2];
            next = pc + 3;
          } else if (x === -1) { // CALL_REF
            const r = refs[fp + code[pc + 3]] as FuncInst | null;
            if (r === null) throw trapAt(m, fn, depth, pc, 'null function reference');
            callee = r;
            nfp = fp + code[pc + 2];
            next = pc + 4;
          } else {
            // the table's function when its type is the very one expected (out of range: undefined); the rest,
            // with its traps and the subtype test, in tableCallee
            const elements = inst.tables[-2 - x].elements;
            callee = elements[x = L[code[pc + 4]] >>> 0] as FuncInst;
            if (callee == null || callee.typeId !== code[pc + 2]) {
              m.pc = pc;
              m.depth = depth;
              m.curFn = fn;
              callee = tableCallee(elements, x, code[pc + 2], L[code[pc + 4] + 1]);
            }
            nfp = fp + code[pc + 3];
            next = pc + 5;
          }
          // One test for the common case, a call within this instance of a function whose frame needs nothing but
          // zeroed locals and its constants (frameEnd: translated, interpreted for good, no reference locals),
          // with room for its frame: calls are the dearest instructions without a JIT, and every property read
          // costs (a call read 15 before, 8 now).
          if (callee.instance === inst && depth < depthCap && nfp + callee.frameEnd <= stackEnd) {
            f = depth * 3;
            frames[f] = next;
            frames[f + 1] = fp;
            frames[f + 2] = fn.id;
            depth++;
            fn = callee;
            fp = nfp;
            // the locals to zero a slot (two units) per store: half the iterations of a unit loop
            for (k = (fp + fn.zeroFrom) >> 1, n = (fp + fn.zeroTo) >> 1; k < n; k++) F64[k] = 0;
            // the constants (poolUnits: a typed array's length is a getter, dear without a JIT)
            if ((x = fn.poolUnits) !== 0) {
              const pool = fn.pool;
              for (k = 0, n = fp + fn.poolBase; k < x; k++) I[n + k] = pool[k];
            }
            L = V[fp] ?? m.frameView(fp);
            code = fn.code!;
            pc = 0;
            break;
          }
          // the slow way
          if (callee.store !== m) { // a host function, or a wasm function of another store
            m.depth = depth;
            m.curFn = fn;
            m.sp = fp + fn.frameSize;
            if (depth >= maxDepth) throw trapAt(m, fn, depth, pc, STACK_EXHAUSTED);
            m.pc = pc;
            if (callee.reenters) {
              // Leave the loop: execute() makes the call and resumes here at `next` (see execute).
              m.hostCallee = callee;
              m.hostArgFp = nfp;
              m.hostFp = fp;
              m.hostNext = next;
              return true;
            }
            // Not known to re-enter: call it from here (cheaper); if it does re-enter, execute() marks it.
            m.inlineHost = callee;
            callHost(m, callee, nfp, fn, fp, pc);
            m.inlineHost = null;
            m.depth = depth; // a nested execution may have changed them
            m.curFn = fn;
          } else {
            if (depth >= maxDepth) throw trapAt(m, fn, depth, pc, STACK_EXHAUSTED);
            m.depth = depth;
            m.curFn = fn;
          }
          // made the host call, or the JS tier ran the callee (jstier/runtime.ts): results at nfp; memories,
          // globals, stack may have moved
          if (callee.store !== m || (callee.jit !== null && callee.jit(m, nfp, depth + 1, fn, fp, pc))) {
            // (each of the three is replaced as a whole when it moves: one comparison when it did not)
            if (I !== m.I32) {
              I = m.I32;
              stackEnd = I.length;
              V = m.frameViews;
              L = V[fp] ?? m.frameView(fp);
              F32 = m.F32;
              F64 = m.F64;
            }
            if (frames !== m.frames) {
              frames = m.frames;
              depthCap = frames.length / 3 < maxDepth ? frames.length / 3 : maxDepth;
            }
            if (dv !== mem.dv) {
              dv = mem.dv;
              M32 = mem.i32;
              MF64 = mem.f64;
              memLen = mem.u8.length;
            }
            G = m.globals;
            pc = next;
            break;
          }
          // interpreted here, the slow way: more frame stack, and after the push translation, stack room, frame
          // set-up (enterFrame), another instance
          m.growFrames(depth);
          frames = m.frames;
          depthCap = frames.length / 3 < maxDepth ? frames.length / 3 : maxDepth;
          pushFrame(frames, depth++, next, fp, fn);
          fn = callee;
          fp = nfp;
          m.depth = depth;
          m.curFn = fn;
          m.pc = 0;
          enterFrame(m, fn, fp);
          I = m.I32;
          stackEnd = I.length;
          V = m.frameViews;
          F32 = m.F32;
          F64 = m.F64;
          G = m.globals;
          if (fn.instance !== inst) {
            inst = fn.instance!;
            mem = inst.memories[0] ?? NO_MEMORY;
            dv = mem.dv;
            M32 = mem.i32;
            MF64 = mem.f64;
            memLen = mem.u8.length;
          }
          L = V[fp] ?? m.frameView(fp);
          code = fn.code!;
          pc = 0;
          break;
        }
        case 5: /* RETURN */ {
          if (depth === entryDepth) {
            m.depth = depth;
            return false;
          }
          depth--;
          f = depth * 3;
          pc = frames[f];
          fp = frames[f + 1];
          L = V[fp] ?? m.frameView(fp);
          fn = funcs[frames[f + 2]];
          code = fn.code!;
          if (fn.instance !== inst) {
            inst = fn.instance!;
            mem = inst.memories[0] ?? NO_MEMORY;
            dv = mem.dv;
            M32 = mem.i32;
            MF64 = mem.f64;
            memLen = mem.u8.length;
          }
          break;
        }
        case 1: /* BR */
          pc = code[pc + 1];
          break;
        case 2: /* BR_IF */
          pc = L[code[pc + 1]] !== 0 ? code[pc + 2] : pc + 3;
          break;
        case 3: /* BR_IFZ */
          pc = L[code[pc + 1]] === 0 ? code[pc + 2] : pc + 3;
          break;
        case 170: /* MOV2 */
          d = code[pc + 1];
          s = code[pc + 2];
          L[d] = L[s];
          L[d + 1] = L[s + 1];
          d = code[pc + 3];
          s = code[pc + 4];
          L[d] = L[s];
          L[d + 1] = L[s + 1];
          pc += 5;
          break;
        case 10: /* CONST */ {
          d = code[pc + 1];
          L[d] = code[pc + 2];
          L[d + 1] = code[pc + 3];
          pc += 4;
          break;
        }
        case 13: /* GLOBAL_SET */ {
          g = code[pc + 1];
          s = code[pc + 2];
          G[g] = L[s];
          G[g + 1] = L[s + 1];
          pc += 3;
          break;
        }
        case 12: /* GLOBAL_GET */ {
          d = code[pc + 1];
          g = code[pc + 2];
          L[d] = G[g];
          L[d + 1] = G[g + 1];
          pc += 3;
          break;
        }
        case 0: /* UNREACHABLE */
          throw trapAt(m, fn, depth, pc, 'unreachable');
        case 4: /* BR_TABLE */ {
          n = code[pc + 2];
          let i = L[code[pc + 1]] >>> 0;
          if (i > n) i = n;
          pc = code[pc + 3 + i];
          break;
        }
        case 156: /* RETURN_CALL */
        case 157: /* RETURN_CALL_INDIRECT */
        case 159: /* RETURN_CALL_REF */ {
          // Tail call: the arguments were moved to fp + 0; the callee replaces this frame.
          if (code[pc] === 156 /* RETURN_CALL */) callee = funcs[code[pc + 1]];
          else if (code[pc] === 159 /* RETURN_CALL_REF */) {
            const r = refs[fp + code[pc + 1]] as FuncInst | null;
            if (r === null) throw trapAt(m, fn, depth, pc, 'null function reference');
            callee = r;
          } else {
            m.pc = pc;
            m.depth = depth;
            m.curFn = fn;
            callee = tableCallee(inst.tables[code[pc + 1]].elements, L[code[pc + 3]] >>> 0, code[pc + 2], L[code[pc + 3] + 1]);
          }
          if (callee.store !== m) {
            // a host (or other store's) callee: execute() calls it, then returns from this frame
            m.depth = depth;
            m.curFn = fn;
            m.sp = fp + Math.max(fn.frameSize, callee.paramSizes + callee.resultSizes + 8);
            if (m.sp > I.length) m.growStack(m.sp);
            m.pc = pc;
            m.hostCallee = callee;
            m.hostArgFp = fp;
            m.hostFp = fp;
            m.hostNext = -1;
            return true;
          }
          if (callee.instance === inst && fp + callee.frameEnd <= stackEnd) {
            // CALL's fast path (frameEnd: translated, interpreted for good, no reference locals; room for the
            // frame), in this frame: fp and L stay (a tail-call loop 13 % faster without a JIT than by enterFrame)
            fn = callee;
            for (k = (fp + fn.zeroFrom) >> 1, n = (fp + fn.zeroTo) >> 1; k < n; k++) F64[k] = 0;
            if ((x = fn.poolUnits) !== 0) {
              const pool = fn.pool;
              for (k = 0, n = fp + fn.poolBase; k < x; k++) I[n + k] = pool[k];
            }
            code = fn.code!;
            pc = 0;
            break;
          }
          fn = callee;
          m.curFn = fn;
          m.pc = 0;
          enterFrame(m, fn, fp);
          I = m.I32;
          stackEnd = I.length;
          V = m.frameViews;
          L = V[fp] ?? m.frameView(fp);
          F32 = m.F32;
          F64 = m.F64;
          G = m.globals;
          code = fn.code!;
          pc = 0;
          if (fn.instance !== inst) {
            inst = fn.instance!;
            mem = inst.memories[0] ?? NO_MEMORY;
            dv = mem.dv;
            M32 = mem.i32;
            MF64 = mem.f64;
            memLen = mem.u8.length;
          }
          break;
        }
        case 8: /* MOV */ {
          d = code[pc + 1];
          s = code[pc + 2];
          L[d] = L[s];
          L[d + 1] = L[s + 1];
          pc += 3;
          break;
        }
        case 9: /* MOV_REF */
          refs[fp + code[pc + 1]] = refs[fp + code[pc + 2]];
          pc += 3;
          break;
        case 11: /* SELECT */ {
          d = code[pc + 1];
          s = (L[code[pc + 2]] !== 0 ? code[pc + 3] : code[pc + 4]);
          L[d] = L[s];
          L[d + 1] = L[s + 1];
          pc += 5;
          break;
        }

        // ---- fused compare-and-branch: a b t / a k t
        case 90: /* BR_NE_I */
          pc = L[code[pc + 1]] !== code[pc + 2] ? code[pc + 3] : pc + 4;
          break;
        case 81: /* BR_LT_S */
          pc = L[code[pc + 1]] < L[code[pc + 2]] ? code[pc + 3] : pc + 4;
          break;
        case 85: /* BR_LE_S */
          pc = L[code[pc + 1]] <= L[code[pc + 2]] ? code[pc + 3] : pc + 4;
          break;
        case 87: /* BR_GE_S */
          pc = L[code[pc + 1]] >= L[code[pc + 2]] ? code[pc + 3] : pc + 4;
          break;
        case 94: /* BR_GT_U_I */
          pc = L[code[pc + 1]] >>> 0 > code[pc + 2] >>> 0 ? code[pc + 3] : pc + 4;
          break;
        case 83: /* BR_GT_S */
          pc = L[code[pc + 1]] > L[code[pc + 2]] ? code[pc + 3] : pc + 4;
          break;
        case 80: /* BR_NE */
          pc = L[code[pc + 1]] !== L[code[pc + 2]] ? code[pc + 3] : pc + 4;
          break;
        case 84: /* BR_GT_U */
          pc = L[code[pc + 1]] >>> 0 > L[code[pc + 2]] >>> 0 ? code[pc + 3] : pc + 4;
          break;
        case 86: /* BR_LE_U */
          pc = L[code[pc + 1]] >>> 0 <= L[code[pc + 2]] >>> 0 ? code[pc + 3] : pc + 4;
          break;
        case 91: /* BR_LT_S_I */
          pc = L[code[pc + 1]] < code[pc + 2] ? code[pc + 3] : pc + 4;
          break;
        case 93: /* BR_GT_S_I */
          pc = L[code[pc + 1]] > code[pc + 2] ? code[pc + 3] : pc + 4;
          break;
        case 92: /* BR_LT_U_I */
          pc = L[code[pc + 1]] >>> 0 < code[pc + 2] >>> 0 ? code[pc + 3] : pc + 4;
          break;
        case 79: /* BR_EQ */
          pc = L[code[pc + 1]] === L[code[pc + 2]] ? code[pc + 3] : pc + 4;
          break;
        case 82: /* BR_LT_U */
          pc = L[code[pc + 1]] >>> 0 < L[code[pc + 2]] >>> 0 ? code[pc + 3] : pc + 4;
          break;
        case 88: /* BR_GE_U */
          pc = L[code[pc + 1]] >>> 0 >= L[code[pc + 2]] >>> 0 ? code[pc + 3] : pc + 4;
          break;
        case 89: /* BR_EQ_I */
          pc = L[code[pc + 1]] === code[pc + 2] ? code[pc + 3] : pc + 4;
          break;
        case 95: /* BR_LE_S_I */
          pc = L[code[pc + 1]] <= code[pc + 2] ? code[pc + 3] : pc + 4;
          break;
        case 96: /* BR_LE_U_I */
          pc = L[code[pc + 1]] >>> 0 <= code[pc + 2] >>> 0 ? code[pc + 3] : pc + 4;
          break;
        case 97: /* BR_GE_S_I */
          pc = L[code[pc + 1]] >= code[pc + 2] ? code[pc + 3] : pc + 4;
          break;
        case 98: /* BR_GE_U_I */
          pc = L[code[pc + 1]] >>> 0 >= code[pc + 2] >>> 0 ? code[pc + 3] : pc + 4;
          break;

        // ---- i32 binary: d a b
        case 38: /* I32_OR */
          L[code[pc + 1]] = L[code[pc + 2]] | L[code[pc + 3]];
          pc += 4;
          break;
        case 39: /* I32_XOR */
          L[code[pc + 1]] = L[code[pc + 2]] ^ L[code[pc + 3]];
          pc += 4;
          break;
        case 32: /* I32_MUL */
          L[code[pc + 1]] = Math.imul(L[code[pc + 2]], L[code[pc + 3]]);
          pc += 4;
          break;
        case 177: /* I32_XOR_SHL_I */
          L[code[pc + 1]] = L[code[pc + 2]] ^ (L[code[pc + 3]] << code[pc + 4]);
          pc += 5;
          break;
        case 40: /* I32_SHL */
          L[code[pc + 1]] = L[code[pc + 2]] << L[code[pc + 3]];
          pc += 4;
          break;
        case 42: /* I32_SHR_U */
          L[code[pc + 1]] = L[code[pc + 2]] >>> L[code[pc + 3]];
          pc += 4;
          break;
        case 178: /* I32_XOR_SHR_U_I */
          L[code[pc + 1]] = L[code[pc + 2]] ^ (L[code[pc + 3]] >>> code[pc + 4]);
          pc += 5;
          break;
        case 50: /* I32_GT_U */
          L[code[pc + 1]] = L[code[pc + 2]] >>> 0 > L[code[pc + 3]] >>> 0 ? 1 : 0;
          pc += 4;
          break;
        case 31: /* I32_SUB */
          L[code[pc + 1]] = L[code[pc + 2]] - L[code[pc + 3]];
          pc += 4;
          break;
        case 30: /* I32_ADD */
          L[code[pc + 1]] = L[code[pc + 2]] + L[code[pc + 3]];
          pc += 4;
          break;
        case 33: /* I32_DIV_S */ {
          a = L[code[pc + 2]];
          b = L[code[pc + 3]];
          if (b === 0) throw trapAt(m, fn, depth, pc, DIVIDE_BY_ZERO);
          if (a === -2147483648 && b === -1) throw trapAt(m, fn, depth, pc, INTEGER_OVERFLOW);
          L[code[pc + 1]] = a / b;
          pc += 4;
          break;
        }
        case 34: /* I32_DIV_U */ {
          b = L[code[pc + 3]] >>> 0;
          if (b === 0) throw trapAt(m, fn, depth, pc, DIVIDE_BY_ZERO);
          L[code[pc + 1]] = (L[code[pc + 2]] >>> 0) / b;
          pc += 4;
          break;
        }
        case 35: /* I32_REM_S */ {
          b = L[code[pc + 3]];
          if (b === 0) throw trapAt(m, fn, depth, pc, DIVIDE_BY_ZERO);
          L[code[pc + 1]] = L[code[pc + 2]] % b | 0;
          pc += 4;
          break;
        }
        case 36: /* I32_REM_U */ {
          b = L[code[pc + 3]] >>> 0;
          if (b === 0) throw trapAt(m, fn, depth, pc, DIVIDE_BY_ZERO);
          L[code[pc + 1]] = (L[code[pc + 2]] >>> 0) % b | 0;
          pc += 4;
          break;
        }
        case 37: /* I32_AND */
          L[code[pc + 1]] = L[code[pc + 2]] & L[code[pc + 3]];
          pc += 4;
          break;
        case 41: /* I32_SHR_S */
          L[code[pc + 1]] = L[code[pc + 2]] >> L[code[pc + 3]];
          pc += 4;
          break;
        case 43: /* I32_ROTL */ {
          a = L[code[pc + 2]];
          b = L[code[pc + 3]];
          L[code[pc + 1]] = (a << b) | (a >>> (32 - b));
          pc += 4;
          break;
        }
        // constant rotates, and xor with a shifted/rotated value (hash and cipher rounds): d a [x] k
        case 175: /* I32_ROTL_I */
          a = L[code[pc + 2]];
          k = code[pc + 3];
          L[code[pc + 1]] = (a << k) | (a >>> (32 - k));
          pc += 4;
          break;
        case 176: /* I32_XOR_ROTL_I */
          a = L[code[pc + 3]];
          k = code[pc + 4];
          L[code[pc + 1]] = L[code[pc + 2]] ^ ((a << k) | (a >>> (32 - k)));
          pc += 5;
          break;
        // the SHA-2 sigma functions: d x k1 k2 [k3] (rotates by 1..31)
        case 180: /* I32_ROTL2_I */
          x = L[code[pc + 2]];
          k = code[pc + 3];
          n = code[pc + 4];
          L[code[pc + 1]] = ((x << k) | (x >>> (32 - k))) ^ ((x << n) | (x >>> (32 - n)));
          pc += 5;
          break;
        case 181: /* I32_ROTL3_I */
          x = L[code[pc + 2]];
          k = code[pc + 3];
          n = code[pc + 4];
          v = code[pc + 5];
          L[code[pc + 1]] = ((x << k) | (x >>> (32 - k))) ^ ((x << n) | (x >>> (32 - n))) ^ ((x << v) | (x >>> (32 - v)));
          pc += 6;
          break;
        case 182: /* I32_ROTL2_SHR_I */
          x = L[code[pc + 2]];
          k = code[pc + 3];
          n = code[pc + 4];
          L[code[pc + 1]] = ((x << k) | (x >>> (32 - k))) ^ ((x << n) | (x >>> (32 - n))) ^ (x >>> code[pc + 5]);
          pc += 6;
          break;
        case 44: /* I32_ROTR */ {
          a = L[code[pc + 2]];
          b = L[code[pc + 3]];
          L[code[pc + 1]] = (a >>> b) | (a << (32 - b));
          pc += 4;
          break;
        }
        case 45: /* I32_EQ */
          L[code[pc + 1]] = L[code[pc + 2]] === L[code[pc + 3]] ? 1 : 0;
          pc += 4;
          break;
        case 46: /* I32_NE */
          L[code[pc + 1]] = L[code[pc + 2]] !== L[code[pc + 3]] ? 1 : 0;
          pc += 4;
          break;
        case 47: /* I32_LT_S */
          L[code[pc + 1]] = L[code[pc + 2]] < L[code[pc + 3]] ? 1 : 0;
          pc += 4;
          break;
        case 48: /* I32_LT_U */
          L[code[pc + 1]] = L[code[pc + 2]] >>> 0 < L[code[pc + 3]] >>> 0 ? 1 : 0;
          pc += 4;
          break;
        case 49: /* I32_GT_S */
          L[code[pc + 1]] = L[code[pc + 2]] > L[code[pc + 3]] ? 1 : 0;
          pc += 4;
          break;
        case 51: /* I32_LE_S */
          L[code[pc + 1]] = L[code[pc + 2]] <= L[code[pc + 3]] ? 1 : 0;
          pc += 4;
          break;
        case 52: /* I32_LE_U */
          L[code[pc + 1]] = L[code[pc + 2]] >>> 0 <= L[code[pc + 3]] >>> 0 ? 1 : 0;
          pc += 4;
          break;
        case 53: /* I32_GE_S */
          L[code[pc + 1]] = L[code[pc + 2]] >= L[code[pc + 3]] ? 1 : 0;
          pc += 4;
          break;
        case 54: /* I32_GE_U */
          L[code[pc + 1]] = L[code[pc + 2]] >>> 0 >= L[code[pc + 3]] >>> 0 ? 1 : 0;
          pc += 4;
          break;

        // ---- i32 with immediate right operand: d a k
        case 155: /* I32_ADD3 */
          L[code[pc + 1]] = L[code[pc + 2]] + L[code[pc + 3]] + L[code[pc + 4]];
          pc += 5;
          break;
        case 68: /* I32_SHR_U_I */
          L[code[pc + 1]] = L[code[pc + 2]] >>> code[pc + 3];
          pc += 4;
          break;
        case 63: /* I32_AND_I */
          L[code[pc + 1]] = L[code[pc + 2]] & code[pc + 3];
          pc += 4;
          break;
        case 62: /* I32_MUL_I */
          L[code[pc + 1]] = Math.imul(L[code[pc + 2]], code[pc + 3]);
          pc += 4;
          break;
        case 151: /* F64_MUL_ADD */
          F64[(fp + code[pc + 1]) >> 1] = F64[(fp + code[pc + 2]) >> 1] * F64[(fp + code[pc + 3]) >> 1] + F64[(fp + code[pc + 4]) >> 1];
          pc += 5;
          break;
        case 61: /* I32_ADD_I */
          L[code[pc + 1]] = L[code[pc + 2]] + code[pc + 3];
          pc += 4;
          break;
        case 152: /* ADD_I_BR_NZ */ {
          v = (L[code[pc + 2]] + code[pc + 3]) | 0;
          L[code[pc + 1]] = v;
          pc = v !== 0 ? code[pc + 4] : pc + 5;
          break;
        }
        case 154: /* I32_LOAD_UPD */ {
          x = (L[code[pc + 2]] + code[pc + 5]) | 0;
          L[code[pc + 4]] = x;
          ea = (x >>> 0) + (code[pc + 3] >>> 0);
          if (ea + 4 > memLen) throw oob(m, pc, fn, depth);
          L[code[pc + 1]] = M32[ea / 4] ?? dv.getInt32(ea, true);
          pc += 6;
          break;
        }
        case 64: /* I32_OR_I */
          L[code[pc + 1]] = L[code[pc + 2]] | code[pc + 3];
          pc += 4;
          break;
        case 150: /* I32_ADD_SHL */
          L[code[pc + 1]] = L[code[pc + 2]] + (L[code[pc + 3]] << code[pc + 4]);
          pc += 5;
          break;
        case 153: /* ADD_I_BR_Z */ {
          v = (L[code[pc + 2]] + code[pc + 3]) | 0;
          L[code[pc + 1]] = v;
          pc = v === 0 ? code[pc + 4] : pc + 5;
          break;
        }
        case 169: /* I32_LOAD_IDX */
          ea = ((L[code[pc + 2]] + (L[code[pc + 3]] << code[pc + 4])) >>> 0) + (code[pc + 5] >>> 0);
          if (ea + 4 > memLen) throw oob(m, pc, fn, depth);
          L[code[pc + 1]] = M32[ea / 4] ?? dv.getInt32(ea, true);
          pc += 6;
          break;
        case 65: /* I32_XOR_I */
          L[code[pc + 1]] = L[code[pc + 2]] ^ code[pc + 3];
          pc += 4;
          break;
        case 66: /* I32_SHL_I */
          L[code[pc + 1]] = L[code[pc + 2]] << code[pc + 3];
          pc += 4;
          break;
        case 67: /* I32_SHR_S_I */
          L[code[pc + 1]] = L[code[pc + 2]] >> code[pc + 3];
          pc += 4;
          break;
        case 69: /* I32_EQ_I */
          L[code[pc + 1]] = L[code[pc + 2]] === code[pc + 3] ? 1 : 0;
          pc += 4;
          break;
        case 70: /* I32_NE_I */
          L[code[pc + 1]] = L[code[pc + 2]] !== code[pc + 3] ? 1 : 0;
          pc += 4;
          break;
        case 71: /* I32_LT_S_I */
          L[code[pc + 1]] = L[code[pc + 2]] < code[pc + 3] ? 1 : 0;
          pc += 4;
          break;
        case 72: /* I32_LT_U_I */
          L[code[pc + 1]] = L[code[pc + 2]] >>> 0 < code[pc + 3] >>> 0 ? 1 : 0;
          pc += 4;
          break;
        case 73: /* I32_GT_S_I */
          L[code[pc + 1]] = L[code[pc + 2]] > code[pc + 3] ? 1 : 0;
          pc += 4;
          break;
        case 74: /* I32_GT_U_I */
          L[code[pc + 1]] = L[code[pc + 2]] >>> 0 > code[pc + 3] >>> 0 ? 1 : 0;
          pc += 4;
          break;
        case 75: /* I32_LE_S_I */
          L[code[pc + 1]] = L[code[pc + 2]] <= code[pc + 3] ? 1 : 0;
          pc += 4;
          break;
        case 76: /* I32_LE_U_I */
          L[code[pc + 1]] = L[code[pc + 2]] >>> 0 <= code[pc + 3] >>> 0 ? 1 : 0;
          pc += 4;
          break;
        case 77: /* I32_GE_S_I */
          L[code[pc + 1]] = L[code[pc + 2]] >= code[pc + 3] ? 1 : 0;
          pc += 4;
          break;
        case 78: /* I32_GE_U_I */
          L[code[pc + 1]] = L[code[pc + 2]] >>> 0 >= code[pc + 3] >>> 0 ? 1 : 0;
          pc += 4;
          break;

        // ---- floats: f32 through the F32 view (unit index), f64 through F64 (unit index >> 1)
        case 167: /* F64_SUB_STORE */
          ea = (L[code[pc + 1]] >>> 0) + (code[pc + 4] >>> 0);
          if (ea + 8 > memLen) throw oob(m, pc, fn, depth);
          dv.setFloat64(ea, F64[(fp + code[pc + 2]) >> 1] - F64[(fp + code[pc + 3]) >> 1], true);
          pc += 5;
          break;
        case 123: /* F32_ADD */
          F32[fp + code[pc + 1]] = F32[fp + code[pc + 2]] + F32[fp + code[pc + 3]];
          pc += 4;
          break;
        case 124: /* F32_SUB */
          F32[fp + code[pc + 1]] = F32[fp + code[pc + 2]] - F32[fp + code[pc + 3]];
          pc += 4;
          break;
        case 125: /* F32_MUL */
          F32[fp + code[pc + 1]] = F32[fp + code[pc + 2]] * F32[fp + code[pc + 3]];
          pc += 4;
          break;
        case 126: /* F32_DIV */
          F32[fp + code[pc + 1]] = F32[fp + code[pc + 2]] / F32[fp + code[pc + 3]];
          pc += 4;
          break;
        case 127: /* F64_ADD */
          F64[(fp + code[pc + 1]) >> 1] = F64[(fp + code[pc + 2]) >> 1] + F64[(fp + code[pc + 3]) >> 1];
          pc += 4;
          break;
        case 128: /* F64_SUB */
          F64[(fp + code[pc + 1]) >> 1] = F64[(fp + code[pc + 2]) >> 1] - F64[(fp + code[pc + 3]) >> 1];
          pc += 4;
          break;
        case 129: /* F64_MUL */
          F64[(fp + code[pc + 1]) >> 1] = F64[(fp + code[pc + 2]) >> 1] * F64[(fp + code[pc + 3]) >> 1];
          pc += 4;
          break;
        case 165: /* F64_MUL3 */
          F64[(fp + code[pc + 1]) >> 1] = F64[(fp + code[pc + 2]) >> 1] * F64[(fp + code[pc + 3]) >> 1] * F64[(fp + code[pc + 4]) >> 1];
          pc += 5;
          break;
        // f64 arithmetic stored straight to memory: p a b off (a computed result, so any NaN will do)
        case 166: /* F64_ADD_STORE */
          ea = (L[code[pc + 1]] >>> 0) + (code[pc + 4] >>> 0);
          if (ea + 8 > memLen) throw oob(m, pc, fn, depth);
          dv.setFloat64(ea, F64[(fp + code[pc + 2]) >> 1] + F64[(fp + code[pc + 3]) >> 1], true);
          pc += 5;
          break;
        case 168: /* F64_MUL_STORE */
          ea = (L[code[pc + 1]] >>> 0) + (code[pc + 4] >>> 0);
          if (ea + 8 > memLen) throw oob(m, pc, fn, depth);
          dv.setFloat64(ea, F64[(fp + code[pc + 2]) >> 1] * F64[(fp + code[pc + 3]) >> 1], true);
          pc += 5;
          break;
        case 130: /* F64_DIV */
          F64[(fp + code[pc + 1]) >> 1] = F64[(fp + code[pc + 2]) >> 1] / F64[(fp + code[pc + 3]) >> 1];
          pc += 4;
          break;
        case 131: /* F32_EQ */
          L[code[pc + 1]] = F32[fp + code[pc + 2]] === F32[fp + code[pc + 3]] ? 1 : 0;
          pc += 4;
          break;
        case 132: /* F32_NE */
          L[code[pc + 1]] = F32[fp + code[pc + 2]] !== F32[fp + code[pc + 3]] ? 1 : 0;
          pc += 4;
          break;
        case 133: /* F32_LT */
          L[code[pc + 1]] = F32[fp + code[pc + 2]] < F32[fp + code[pc + 3]] ? 1 : 0;
          pc += 4;
          break;
        case 134: /* F32_GT */
          L[code[pc + 1]] = F32[fp + code[pc + 2]] > F32[fp + code[pc + 3]] ? 1 : 0;
          pc += 4;
          break;
        case 135: /* F32_LE */
          L[code[pc + 1]] = F32[fp + code[pc + 2]] <= F32[fp + code[pc + 3]] ? 1 : 0;
          pc += 4;
          break;
        case 136: /* F32_GE */
          L[code[pc + 1]] = F32[fp + code[pc + 2]] >= F32[fp + code[pc + 3]] ? 1 : 0;
          pc += 4;
          break;
        case 137: /* F64_EQ */
          L[code[pc + 1]] = F64[(fp + code[pc + 2]) >> 1] === F64[(fp + code[pc + 3]) >> 1] ? 1 : 0;
          pc += 4;
          break;
        case 138: /* F64_NE */
          L[code[pc + 1]] = F64[(fp + code[pc + 2]) >> 1] !== F64[(fp + code[pc + 3]) >> 1] ? 1 : 0;
          pc += 4;
          break;
        case 139: /* F64_LT */
          L[code[pc + 1]] = F64[(fp + code[pc + 2]) >> 1] < F64[(fp + code[pc + 3]) >> 1] ? 1 : 0;
          pc += 4;
          break;
        case 140: /* F64_GT */
          L[code[pc + 1]] = F64[(fp + code[pc + 2]) >> 1] > F64[(fp + code[pc + 3]) >> 1] ? 1 : 0;
          pc += 4;
          break;
        case 141: /* F64_LE */
          L[code[pc + 1]] = F64[(fp + code[pc + 2]) >> 1] <= F64[(fp + code[pc + 3]) >> 1] ? 1 : 0;
          pc += 4;
          break;
        case 142: /* F64_GE */
          L[code[pc + 1]] = F64[(fp + code[pc + 2]) >> 1] >= F64[(fp + code[pc + 3]) >> 1] ? 1 : 0;
          pc += 4;
          break;
        // sign operations on bits so NaN payloads survive
        case 143: /* F32_NEG */
          L[code[pc + 1]] = L[code[pc + 2]] ^ -2147483648;
          pc += 3;
          break;
        case 144: /* F64_NEG */ {
          d = code[pc + 1];
          a = code[pc + 2];
          L[d] = L[a];
          L[d + 1] = L[a + 1] ^ -2147483648;
          pc += 3;
          break;
        }
        case 145: /* F32_ABS */
          L[code[pc + 1]] = L[code[pc + 2]] & 0x7fffffff;
          pc += 3;
          break;
        case 146: /* F64_ABS */ {
          d = code[pc + 1];
          a = code[pc + 2];
          L[d] = L[a];
          L[d + 1] = L[a + 1] & 0x7fffffff;
          pc += 3;
          break;
        }
        case 147: /* F64_SQRT */
          F64[(fp + code[pc + 1]) >> 1] = Math.sqrt(F64[(fp + code[pc + 2]) >> 1]);
          pc += 3;
          break;
        case 148: /* F64_CONVERT_I32_S */
          F64[(fp + code[pc + 1]) >> 1] = L[code[pc + 2]];
          pc += 3;
          break;
        case 149: /* I32_TRUNC_F64_S */
          m.pc = pc;
          m.depth = depth;
          m.curFn = fn;
          L[code[pc + 1]] = i32_trunc_s(F64[(fp + code[pc + 2]) >> 1]);
          pc += 3;
          break;

        // ---- stores: a v off
        case 27: /* I64_STORE */ {
          ea = (L[code[pc + 1]] >>> 0) + (code[pc + 3] >>> 0);
          if (ea + 8 > memLen) throw oob(m, pc, fn, depth);
          s = code[pc + 2];
          dv.setInt32(ea, L[s], true);
          dv.setInt32(ea + 4, L[s + 1], true);
          pc += 4;
          break;
        }
        case 28: /* I32_STORE8 */ {
          ea = (L[code[pc + 1]] >>> 0) + (code[pc + 3] >>> 0);
          if (ea + 1 > memLen) throw oob(m, pc, fn, depth);
          dv.setInt8(ea, L[code[pc + 2]]);
          pc += 4;
          break;
        }
        case 26: /* I32_STORE */ {
          ea = (L[code[pc + 1]] >>> 0) + (code[pc + 3] >>> 0);
          if (ea + 4 > memLen) throw oob(m, pc, fn, depth);
          dv.setInt32(ea, L[code[pc + 2]], true);
          pc += 4;
          break;
        }
        case 29: /* I32_STORE16 */ {
          ea = (L[code[pc + 1]] >>> 0) + (code[pc + 3] >>> 0);
          if (ea + 2 > memLen) throw oob(m, pc, fn, depth);
          dv.setInt16(ea, L[code[pc + 2]], true);
          pc += 4;
          break;
        }

        // ---- i64 (lo, hi) pairs: d a b
        case 103: /* I64_OR */ {
          a = code[pc + 2];
          b = code[pc + 3];
          d = code[pc + 1];
          L[d] = L[a] | L[b];
          L[d + 1] = L[a + 1] | L[b + 1];
          pc += 4;
          break;
        }
        case 162: /* I64_SHR_U_I */
          a = code[pc + 2];
          k = code[pc + 3];
          hi = L[a + 1];
          d = code[pc + 1];
          if (k < 32) {
            L[d] = (L[a] >>> k) | (hi << (32 - k));
            L[d + 1] = hi >>> k;
          } else {
            L[d] = hi >>> (k - 32);
            L[d + 1] = 0;
          }
          pc += 4;
          break;
        case 99: /* I64_ADD */ {
          a = code[pc + 2];
          b = code[pc + 3];
          alo = L[a];
          lo = (alo + L[b]) | 0;
          hi = (L[a + 1] + L[b + 1] + (lo >>> 0 < alo >>> 0 ? 1 : 0)) | 0;
          d = code[pc + 1];
          L[d] = lo;
          L[d + 1] = hi;
          pc += 4;
          break;
        }
        case 100: /* I64_SUB */ {
          a = code[pc + 2];
          b = code[pc + 3];
          alo = L[a];
          blo = L[b];
          hi = (L[a + 1] - L[b + 1] - (alo >>> 0 < blo >>> 0 ? 1 : 0)) | 0;
          d = code[pc + 1];
          L[d] = alo - blo;
          L[d + 1] = hi;
          pc += 4;
          break;
        }
        case 101: /* I64_MUL */ {
          // ops/i64.ts mul, inlined (calls are the dearest thing without a JIT): the high half of the unsigned
          // low product from the double product (within 2^11 of the exact one) less the exact low half less 2^31
          // (`lo ^ -2^31`: one operation where `lo >>> 0` and `+ 0.5` took two), which `| 0` floors, plus the
          // cross products (jstier/codegen.ts mulHigh).
          a = code[pc + 2];
          b = code[pc + 3];
          alo = L[a];
          blo = L[b];
          lo = Math.imul(alo, blo);
          hi = ((alo >>> 0) * (blo >>> 0) - (lo ^ -2147483648)) / 4294967296;
          d = code[pc + 1];
          L[d + 1] = (hi | 0) + Math.imul(alo, L[b + 1]) + Math.imul(L[a + 1], blo);
          L[d] = lo;
          pc += 4;
          break;
        }
        case 102: /* I64_AND */ {
          a = code[pc + 2];
          b = code[pc + 3];
          d = code[pc + 1];
          L[d] = L[a] & L[b];
          L[d + 1] = L[a + 1] & L[b + 1];
          pc += 4;
          break;
        }
        case 104: /* I64_XOR */ {
          a = code[pc + 2];
          b = code[pc + 3];
          d = code[pc + 1];
          L[d] = L[a] ^ L[b];
          L[d + 1] = L[a + 1] ^ L[b + 1];
          pc += 4;
          break;
        }
        case 105: /* I64_SHL */ {
          a = code[pc + 2];
          k = L[code[pc + 3]] & 63;
          lo = L[a];
          hi = L[a + 1];
          d = code[pc + 1];
          if (k === 0) {
            L[d] = lo;
            L[d + 1] = hi;
          } else if (k < 32) {
            L[d + 1] = (hi << k) | (lo >>> (32 - k));
            L[d] = lo << k;
          } else {
            L[d + 1] = lo << (k - 32);
            L[d] = 0;
          }
          pc += 4;
          break;
        }
        case 106: /* I64_SHR_S */ {
          a = code[pc + 2];
          k = L[code[pc + 3]] & 63;
          lo = L[a];
          hi = L[a + 1];
          d = code[pc + 1];
          if (k === 0) {
            L[d] = lo;
            L[d + 1] = hi;
          } else if (k < 32) {
            L[d] = (lo >>> k) | (hi << (32 - k));
            L[d + 1] = hi >> k;
          } else {
            L[d] = hi >> (k - 32);
            L[d + 1] = hi >> 31;
          }
          pc += 4;
          break;
        }
        case 107: /* I64_SHR_U */ {
          a = code[pc + 2];
          k = L[code[pc + 3]] & 63;
          lo = L[a];
          hi = L[a + 1];
          d = code[pc + 1];
          if (k === 0) {
            L[d] = lo;
            L[d + 1] = hi;
          } else if (k < 32) {
            L[d] = (lo >>> k) | (hi << (32 - k));
            L[d + 1] = hi >>> k;
          } else {
            L[d] = hi >>> (k - 32);
            L[d + 1] = 0;
          }
          pc += 4;
          break;
        }
        // constant shift counts 1..63 (no zero case); the XOR forms fold in the `x ^= x << k` of mixers
        case 160: /* I64_SHL_I */
          a = code[pc + 2];
          k = code[pc + 3];
          lo = L[a];
          d = code[pc + 1];
          if (k < 32) {
            L[d + 1] = (L[a + 1] << k) | (lo >>> (32 - k));
            L[d] = lo << k;
          } else {
            L[d + 1] = lo << (k - 32);
            L[d] = 0;
          }
          pc += 4;
          break;
        case 163: /* I64_XOR_SHL_I */
          a = code[pc + 3];
          k = code[pc + 4];
          lo = L[a];
          if (k < 32) {
            hi = (L[a + 1] << k) | (lo >>> (32 - k));
            lo <<= k;
          } else {
            hi = lo << (k - 32);
            lo = 0;
          }
          a = code[pc + 2];
          d = code[pc + 1];
          L[d + 1] = L[a + 1] ^ hi;
          L[d] = L[a] ^ lo;
          pc += 5;
          break;
        case 161: /* I64_SHR_S_I */
          a = code[pc + 2];
          k = code[pc + 3];
          hi = L[a + 1];
          d = code[pc + 1];
          if (k < 32) {
            L[d] = (L[a] >>> k) | (hi << (32 - k));
            L[d + 1] = hi >> k;
          } else {
            L[d] = hi >> (k - 32);
            L[d + 1] = hi >> 31;
          }
          pc += 4;
          break;
        case 164: /* I64_XOR_SHR_U_I */
          a = code[pc + 3];
          k = code[pc + 4];
          hi = L[a + 1];
          if (k < 32) {
            lo = (L[a] >>> k) | (hi << (32 - k));
            hi >>>= k;
          } else {
            lo = hi >>> (k - 32);
            hi = 0;
          }
          a = code[pc + 2];
          d = code[pc + 1];
          L[d] = L[a] ^ lo;
          L[d + 1] = L[a + 1] ^ hi;
          pc += 5;
          break;
        case 108: /* I64_ROTL */ {
          a = code[pc + 2];
          k = L[code[pc + 3]] & 63;
          lo = L[a];
          hi = L[a + 1];
          if (k >= 32) {
            x = lo;
            lo = hi;
            hi = x;
            k -= 32;
          }
          d = code[pc + 1];
          if (k === 0) {
            L[d] = lo;
            L[d + 1] = hi;
          } else {
            L[d] = (lo << k) | (hi >>> (32 - k));
            L[d + 1] = (hi << k) | (lo >>> (32 - k));
          }
          pc += 4;
          break;
        }
        case 109: /* I64_ROTR */ {
          a = code[pc + 2];
          i64.rotr(L[a], L[a + 1], L[code[pc + 3]]);
          d = code[pc + 1];
          L[d] = out[0];
          L[d + 1] = out[1];
          pc += 4;
          break;
        }
        case 110: /* I64_EQ */ {
          a = code[pc + 2];
          b = code[pc + 3];
          L[code[pc + 1]] = L[a] === L[b] && L[a + 1] === L[b + 1] ? 1 : 0;
          pc += 4;
          break;
        }
        case 111: /* I64_NE */ {
          a = code[pc + 2];
          b = code[pc + 3];
          L[code[pc + 1]] = L[a] !== L[b] || L[a + 1] !== L[b + 1] ? 1 : 0;
          pc += 4;
          break;
        }
        case 112: /* I64_LT_S */ {
          a = code[pc + 2];
          b = code[pc + 3];
          ah = L[a + 1];
          bh = L[b + 1];
          L[code[pc + 1]] = ah < bh || (ah === bh && L[a] >>> 0 < L[b] >>> 0) ? 1 : 0;
          pc += 4;
          break;
        }
        case 113: /* I64_LT_U */ {
          a = code[pc + 2];
          b = code[pc + 3];
          ah = L[a + 1] >>> 0;
          bh = L[b + 1] >>> 0;
          L[code[pc + 1]] = ah < bh || (ah === bh && L[a] >>> 0 < L[b] >>> 0) ? 1 : 0;
          pc += 4;
          break;
        }
        case 114: /* I64_GT_S */ {
          a = code[pc + 2];
          b = code[pc + 3];
          ah = L[a + 1];
          bh = L[b + 1];
          L[code[pc + 1]] = ah > bh || (ah === bh && L[a] >>> 0 > L[b] >>> 0) ? 1 : 0;
          pc += 4;
          break;
        }
        case 115: /* I64_GT_U */ {
          a = code[pc + 2];
          b = code[pc + 3];
          ah = L[a + 1] >>> 0;
          bh = L[b + 1] >>> 0;
          L[code[pc + 1]] = ah > bh || (ah === bh && L[a] >>> 0 > L[b] >>> 0) ? 1 : 0;
          pc += 4;
          break;
        }
        case 116: /* I64_LE_S */ {
          a = code[pc + 2];
          b = code[pc + 3];
          ah = L[a + 1];
          bh = L[b + 1];
          L[code[pc + 1]] = ah < bh || (ah === bh && L[a] >>> 0 <= L[b] >>> 0) ? 1 : 0;
          pc += 4;
          break;
        }
        case 117: /* I64_LE_U */ {
          a = code[pc + 2];
          b = code[pc + 3];
          ah = L[a + 1] >>> 0;
          bh = L[b + 1] >>> 0;
          L[code[pc + 1]] = ah < bh || (ah === bh && L[a] >>> 0 <= L[b] >>> 0) ? 1 : 0;
          pc += 4;
          break;
        }
        case 118: /* I64_GE_S */ {
          a = code[pc + 2];
          b = code[pc + 3];
          ah = L[a + 1];
          bh = L[b + 1];
          L[code[pc + 1]] = ah > bh || (ah === bh && L[a] >>> 0 >= L[b] >>> 0) ? 1 : 0;
          pc += 4;
          break;
        }
        case 119: /* I64_GE_U */ {
          a = code[pc + 2];
          b = code[pc + 3];
          ah = L[a + 1] >>> 0;
          bh = L[b + 1] >>> 0;
          L[code[pc + 1]] = ah > bh || (ah === bh && L[a] >>> 0 >= L[b] >>> 0) ? 1 : 0;
          pc += 4;
          break;
        }
        case 120: /* I64_EQZ */ {
          a = code[pc + 2];
          L[code[pc + 1]] = (L[a] | L[a + 1]) === 0 ? 1 : 0;
          pc += 3;
          break;
        }
        case 121: /* I64_EXTEND_I32_S */ {
          v = L[code[pc + 2]];
          d = code[pc + 1];
          L[d] = v;
          L[d + 1] = v >> 31;
          pc += 3;
          break;
        }
        case 122: /* I64_EXTEND_I32_U */ {
          v = L[code[pc + 2]];
          d = code[pc + 1];
          L[d] = v;
          L[d + 1] = 0;
          pc += 3;
          break;
        }

        // ---- loads: d a off k; ea = uint32(a + k) + off (k: a fused i32.add), checked against the memory's length
        case 14: /* I32_LOAD */ {
          ea = ((L[code[pc + 2]] + code[pc + 4]) >>> 0) + (code[pc + 3] >>> 0);
          if (ea + 4 > memLen) throw oob(m, pc, fn, depth);
          L[code[pc + 1]] = M32[ea / 4] ?? dv.getInt32(ea, true);
          pc += 5;
          break;
        }
        case 15: /* I64_LOAD */ {
          ea = ((L[code[pc + 2]] + code[pc + 4]) >>> 0) + (code[pc + 3] >>> 0);
          if (ea + 8 > memLen) throw oob(m, pc, fn, depth);
          d = code[pc + 1];
          L[d] = M32[ea / 4] ?? dv.getInt32(ea, true);
          L[d + 1] = M32[ea / 4 + 1] ?? dv.getInt32(ea + 4, true);
          pc += 5;
          break;
        }
        case 179: /* F64_LOAD_N */
          ea = ((L[code[pc + 2]] + code[pc + 4]) >>> 0) + (code[pc + 3] >>> 0);
          if (ea + 8 > memLen) throw oob(m, pc, fn, depth);
          F64[(fp + code[pc + 1]) >> 1] = MF64[ea / 8] ?? dv.getFloat64(ea, true);
          pc += 5;
          break;
        case 16: /* I32_LOAD8_S */ {
          ea = ((L[code[pc + 2]] + code[pc + 4]) >>> 0) + (code[pc + 3] >>> 0);
          if (ea + 1 > memLen) throw oob(m, pc, fn, depth);
          L[code[pc + 1]] = dv.getInt8(ea);
          pc += 5;
          break;
        }
        case 17: /* I32_LOAD8_U */ {
          ea = ((L[code[pc + 2]] + code[pc + 4]) >>> 0) + (code[pc + 3] >>> 0);
          if (ea + 1 > memLen) throw oob(m, pc, fn, depth);
          L[code[pc + 1]] = dv.getUint8(ea);
          pc += 5;
          break;
        }
        case 18: /* I32_LOAD16_S */ {
          ea = ((L[code[pc + 2]] + code[pc + 4]) >>> 0) + (code[pc + 3] >>> 0);
          if (ea + 2 > memLen) throw oob(m, pc, fn, depth);
          L[code[pc + 1]] = dv.getInt16(ea, true);
          pc += 5;
          break;
        }
        case 19: /* I32_LOAD16_U */ {
          ea = ((L[code[pc + 2]] + code[pc + 4]) >>> 0) + (code[pc + 3] >>> 0);
          if (ea + 2 > memLen) throw oob(m, pc, fn, depth);
          L[code[pc + 1]] = dv.getUint16(ea, true);
          pc += 5;
          break;
        }
        case 20: /* I64_LOAD8_S */ {
          ea = ((L[code[pc + 2]] + code[pc + 4]) >>> 0) + (code[pc + 3] >>> 0);
          if (ea + 1 > memLen) throw oob(m, pc, fn, depth);
          d = code[pc + 1];
          v = dv.getInt8(ea);
          L[d] = v;
          L[d + 1] = v >> 31;
          pc += 5;
          break;
        }
        case 21: /* I64_LOAD8_U */ {
          ea = ((L[code[pc + 2]] + code[pc + 4]) >>> 0) + (code[pc + 3] >>> 0);
          if (ea + 1 > memLen) throw oob(m, pc, fn, depth);
          d = code[pc + 1];
          L[d] = dv.getUint8(ea);
          L[d + 1] = 0;
          pc += 5;
          break;
        }
        case 22: /* I64_LOAD16_S */ {
          ea = ((L[code[pc + 2]] + code[pc + 4]) >>> 0) + (code[pc + 3] >>> 0);
          if (ea + 2 > memLen) throw oob(m, pc, fn, depth);
          d = code[pc + 1];
          v = dv.getInt16(ea, true);
          L[d] = v;
          L[d + 1] = v >> 31;
          pc += 5;
          break;
        }
        case 23: /* I64_LOAD16_U */ {
          ea = ((L[code[pc + 2]] + code[pc + 4]) >>> 0) + (code[pc + 3] >>> 0);
          if (ea + 2 > memLen) throw oob(m, pc, fn, depth);
          d = code[pc + 1];
          L[d] = dv.getUint16(ea, true);
          L[d + 1] = 0;
          pc += 5;
          break;
        }
        case 24: /* I64_LOAD32_S */ {
          ea = ((L[code[pc + 2]] + code[pc + 4]) >>> 0) + (code[pc + 3] >>> 0);
          if (ea + 4 > memLen) throw oob(m, pc, fn, depth);
          d = code[pc + 1];
          v = M32[ea / 4] ?? dv.getInt32(ea, true);
          L[d] = v;
          L[d + 1] = v >> 31;
          pc += 5;
          break;
        }
        case 25: /* I64_LOAD32_U */ {
          ea = ((L[code[pc + 2]] + code[pc + 4]) >>> 0) + (code[pc + 3] >>> 0);
          if (ea + 4 > memLen) throw oob(m, pc, fn, depth);
          d = code[pc + 1];
          L[d] = M32[ea / 4] ?? dv.getInt32(ea, true);
          L[d + 1] = 0;
          pc += 5;
          break;
        }

        // ---- i32 unary: d a
        case 55: /* I32_EQZ */
          L[code[pc + 1]] = L[code[pc + 2]] === 0 ? 1 : 0;
          pc += 3;
          break;
        case 56: /* I32_CLZ */
          L[code[pc + 1]] = Math.clz32(L[code[pc + 2]]);
          pc += 3;
          break;
        case 57: /* I32_CTZ */ {
          a = L[code[pc + 2]];
          L[code[pc + 1]] = a === 0 ? 32 : 31 - Math.clz32(a & -a);
          pc += 3;
          break;
        }
        case 58: /* I32_POPCNT */ {
          let a = L[code[pc + 2]];
          a = a - ((a >>> 1) & 0x55555555);
          a = (a & 0x33333333) + ((a >>> 2) & 0x33333333);
          L[code[pc + 1]] = Math.imul((a + (a >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
          pc += 3;
          break;
        }
        case 59: /* I32_EXTEND8_S */
          L[code[pc + 1]] = (L[code[pc + 2]] << 24) >> 24;
          pc += 3;
          break;
        case 60: /* I32_EXTEND16_S */
          L[code[pc + 1]] = (L[code[pc + 2]] << 16) >> 16;
          pc += 3;
          break;

        // ---- i64 compare-and-branch: a b t / a t
        case 171: /* BR_I64_EQ */
          a = code[pc + 1];
          b = code[pc + 2];
          pc = L[a] === L[b] && L[a + 1] === L[b + 1] ? code[pc + 3] : pc + 4;
          break;
        case 172: /* BR_I64_NE */
          a = code[pc + 1];
          b = code[pc + 2];
          pc = L[a] !== L[b] || L[a + 1] !== L[b + 1] ? code[pc + 3] : pc + 4;
          break;
        case 173: /* BR_I64_EQZ */
          a = code[pc + 1];
          pc = (L[a] | L[a + 1]) === 0 ? code[pc + 2] : pc + 3;
          break;
        case 174: /* BR_I64_NEZ */
          a = code[pc + 1];
          pc = (L[a] | L[a + 1]) !== 0 ? code[pc + 2] : pc + 3;
          break;
        // ---- pairs from real programs (sql.js, esbuild, the C fixtures; session 10): last, so that in QuickJS, which
        // tests the cases in source order, they do not push back the kernels' hot cases
        case 348: /* CONST__BR */ {
          {
            d = code[pc + 1];
            L[d] = code[pc + 2];
            L[d + 1] = code[pc + 3];
          }
          {
            pc = code[pc + 5];
            break;
          }
        }
        case 349: /* I64_EXTEND_I32_U__I64_ADD_P */ {
          {
            v = L[code[pc + 2]];
            d = code[pc + 1];
            L[d] = v;
            L[d + 1] = 0;
          }
          {
            w = code[pc + 4];
            a = (w >>> 10) & 1023;
            b = w >>> 20;
            alo = L[a];
            lo = (alo + L[b]) | 0;
            hi = (L[a + 1] + L[b + 1] + (lo >>> 0 < alo >>> 0 ? 1 : 0)) | 0;
            d = w & 1023;
            L[d] = lo;
            L[d + 1] = hi;
            pc += 7;
            break;
          }
        }
        case 350: /* I32_ADD_I_P__GLOBAL_SET */ {
          {
            w = code[pc + 1];
            L[w & 1023] = L[(w >>> 10) & 1023] + (w >> 20);
          }
          {
            g = code[pc + 5];
            s = code[pc + 6];
            G[g] = L[s];
            G[g + 1] = L[s + 1];
            pc += 7;
            break;
          }
        }
        case 351: /* I32_LOAD_P__I32_LOAD_P */ {
          {
            w = code[pc + 1];
            ea = ((L[(w >>> 10) & 1023] + (w >> 20)) >>> 0) + (code[pc + 3] >>> 0);
            if (ea + 4 > memLen) throw oob(m, pc, fn, depth);
            L[w & 1023] = M32[ea / 4] ?? dv.getInt32(ea, true);
          }
          {
            w = code[pc + 6];
            ea = ((L[(w >>> 10) & 1023] + (w >> 20)) >>> 0) + (code[pc + 8] >>> 0);
            if (ea + 4 > memLen) throw oob(m, pc + 5, fn, depth);
            L[w & 1023] = M32[ea / 4] ?? dv.getInt32(ea, true);
            pc += 10;
            break;
          }
        }
        case 352: /* I32_STORE_P__I32_LOAD_P */ {
          {
            w = code[pc + 1];
            ea = (L[w & 1023] >>> 0) + (code[pc + 3] >>> 0);
            if (ea + 4 > memLen) throw oob(m, pc, fn, depth);
            dv.setInt32(ea, L[w >>> 10], true);
          }
          {
            w = code[pc + 5];
            ea = ((L[(w >>> 10) & 1023] + (w >> 20)) >>> 0) + (code[pc + 7] >>> 0);
            if (ea + 4 > memLen) throw oob(m, pc + 4, fn, depth);
            L[w & 1023] = M32[ea / 4] ?? dv.getInt32(ea, true);
            pc += 9;
            break;
          }
        }
        case 353: /* BR_IF__CONST */ {
          {
            if (L[code[pc + 1]] !== 0) {
              pc = code[pc + 2];
              break;
            }
          }
          {
            d = code[pc + 4];
            L[d] = code[pc + 5];
            L[d + 1] = code[pc + 6];
            pc += 7;
            break;
          }
        }
        default:
          // FUEL (only in code of fuel-metered stores) is checked here, without the call into cold.ts:
          // its fast path is one comparison and a subtraction (exec/fuel.ts).
          if (code[pc] === 324 /* FUEL */ && m.budget >= code[pc + 1]) {
            m.budget -= code[pc + 1];
            pc += 2;
            break;
          }
          // Rare families (cold.ts). They may grow memory, so the memory views are reloaded after.
          m.depth = depth;
          m.curFn = fn;
          m.pc = pc;
          pc = execCold(code, pc, fp, inst) | 0;
          dv = mem.dv;
          M32 = mem.i32;
          MF64 = mem.f64;
          memLen = mem.u8.length;
          if (pc < 0) {
            // OSR ran the rest of the call compiled (cold.ts): the stack, frames and globals may have moved
            pc = ~pc;
            I = m.I32;
            stackEnd = I.length;
            V = m.frameViews;
            L = V[fp] ?? m.frameView(fp);
            F32 = m.F32;
            F64 = m.F64;
            frames = m.frames;
            depthCap = frames.length / 3 < maxDepth ? frames.length / 3 : maxDepth;
            G = m.globals;
          }
          break;
      }
    }
  }
}
