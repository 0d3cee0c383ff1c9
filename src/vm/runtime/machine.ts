// The machine state shared by every instance in the process (one "store"): the value stack, the frame
// stack, the globals and the function registry. Sharing it is what lets a function of one instance call a
// function of another directly (no JS round trip) and lets funcrefs compare by identity everywhere.
//
// STATE LAYOUT
//   Value stack  one ArrayBuffer viewed as Int32Array (I32), Float32Array (F32), Float64Array (F64).
//                A value slot is 8 bytes = 2 int32 units. i32: low unit; i64: lo, hi units; f32: bits in the
//                low unit (F32 view); f64: the slot through F64 (index = unit >> 1); v128: two slots (4 units,
//                little-endian lanes). Frame layout from the frame base fp (in int32 units, always even):
//                  [params][declared locals][operand stack (max height known at translation)]
//                Every operand is addressed as fp + offset, offsets baked into the code by the translator.
//                A call's arguments are the top of the caller's operand stack, so the callee's frame base
//                is simply where its arguments are (no copy); results come back at the callee's fp + 0.
//   References   a JS array `refs` parallel to I32 (same unit index); only ref-typed slots use it.
//   Frames       Int32Array, 3 units per frame: return pc, caller fp, caller FuncInst id.
//   Globals      `globals` Int32Array, 4 units per global (v128 needs 4) + `globalRefs` for references.
//   Functions    `funcs`: every FuncInst ever created, indexed by FuncInst.id (baked into CALL).
// Growing the value stack or globals reallocates, so the interpreter reloads its views after any call that
// may have grown them (host calls, translation).
import { Trap } from '../errors.js';
import type { FuncInst } from './func.js';

/** Hard ceiling of the value stack (int32 units): 64 M units = 256 MB. */
const MAX_STACK_UNITS = 64 * 1024 * 1024;

export class Machine {
  buffer = new ArrayBuffer(1 << 20);
  I32 = new Int32Array(this.buffer);
  F32 = new Float32Array(this.buffer);
  F64 = new Float64Array(this.buffer);
  refs: unknown[] = new Array(this.I32.length).fill(null);
  /** First free unit of the value stack for a new entry from JS (above every active frame). */
  sp = 0;

  frames = new Int32Array(3 * 1024);
  /** Number of frames on the frame stack (kept current by the interpreter at calls and returns). */
  depth = 0;
  /** The function executing at the innermost frame (for trap backtraces). */
  curFn: FuncInst | null = null;
  /** Where the exception in flight was thrown (or entered wasm from a host call): function, frame base,
   *  pc of the throwing instruction (-1: not inside that frame, e.g. a host tail call). */
  excFn: FuncInst | null = null;
  excFp = 0;
  excPc = -1;

  globals = new Int32Array(256);
  globalRefs: unknown[] = [];
  globalCount = 0;

  readonly funcs: FuncInst[] = [];

  register(f: FuncInst): FuncInst {
    f.id = this.funcs.length;
    this.funcs.push(f);
    return f;
  }

  /** Allocates a global cell; returns its address (unit index into `globals`). */
  allocGlobal(): number {
    const addr = this.globalCount * 4;
    this.globalCount++;
    if (addr + 4 > this.globals.length) {
      const next = new Int32Array(this.globals.length * 2);
      next.set(this.globals);
      this.globals = next;
    }
    this.globalRefs[addr] = null;
    return addr;
  }

  /** Makes the value stack at least `units` long (int32 units), or traps when that exceeds the ceiling. */
  growStack(units: number): void {
    if (units <= this.I32.length) return;
    if (units > MAX_STACK_UNITS) throw new Trap('call stack exhausted');
    let bytes = this.buffer.byteLength * 2;
    while (bytes < units * 4) bytes *= 2;
    const next = new ArrayBuffer(bytes);
    new Int32Array(next).set(this.I32);
    this.buffer = next;
    this.I32 = new Int32Array(next);
    this.F32 = new Float32Array(next);
    this.F64 = new Float64Array(next);
    const refs = this.refs;
    for (let i = refs.length; i < this.I32.length; i++) refs.push(null);
  }

  /** Makes room for frame number `depth` (0-based). */
  growFrames(depth: number): void {
    if ((depth + 1) * 3 <= this.frames.length) return;
    const next = new Int32Array(this.frames.length * 2);
    next.set(this.frames);
    this.frames = next;
  }
}

/** The process-wide machine. */
export const machine = new Machine();
