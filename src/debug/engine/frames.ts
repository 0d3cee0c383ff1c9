// Reading a paused store: the physical wasm frames (from the stop and the store's frame stack), each frame's
// own wasm locals and operand stack, globals and linear memory. Values are raw bits as FrameAccess
// (source-info.ts) defines them; `formatWasm` renders them for people.
import { codePosition } from '../../vm/exec/debug.js';
import type { FuncInst } from '../../vm/runtime/func.js';
import type { Machine } from '../../vm/runtime/machine.js';
import { operandStackAt } from '../../vm/translate/translator.js';
import { DebugInfoError } from '../source-info.js';
import type { FrameAccess } from '../source-info.js';
import type { CodeMap } from './code-map.js';

/** The value and frame stacks a stop was made on, captured when it was made: a call running on a fiber
 *  (src/vm/fiber.ts) has stacks of its own, which the store's fields no longer show once it has paused. */
export interface StackView {
  readonly I32: Int32Array;
  readonly refs: unknown[];
  readonly frames: Int32Array;
}

/** A wasm frame on the store's stack, innermost first. */
export interface PhysicalFrame {
  /** @internal */
  readonly stacks: StackView;
  /** @internal */
  readonly map: CodeMap;
  /** @internal */
  readonly fn: FuncInst;
  /** @internal */
  readonly fp: number;
  /** Frame depth (0 = outermost). */
  /** @internal */
  readonly depth: number;
  /** Frame 0: the stop's position; callers: the position of their call instruction. */
  /** @internal */
  readonly pos: number;
  /** Code offset: frame 0 the stop address; callers their call instruction (DWARF convention). */
  /** @internal */
  readonly address: number;
}

/** A wasm value type's name. */
export function typeName(t: number): string {
  switch (t) {
    case 0x7f: return 'i32';
    case 0x7e: return 'i64';
    case 0x7d: return 'f32';
    case 0x7c: return 'f64';
    case 0x7b: return 'v128';
    case 0x70: return 'funcref';
    case 0x6f: return 'externref';
    default: return 'ref';
  }
}

/** The caller frames below a stop at (fn, fp, pos, depth): the store's frame stack, depth-1 down to 0. */
export function callerFrames(m: Machine, stacks: StackView, depth: number, mapOf: (fn: FuncInst) => CodeMap | undefined): PhysicalFrame[] {
  const out: PhysicalFrame[] = [];
  const frames = stacks.frames;
  for (let d = depth - 1; d >= 0; d--) {
    const fn = m.funcs[frames[d * 3 + 2]];
    const map = mapOf(fn);
    if (map === undefined) break; // a frame of an instance the debugger does not know: stop there
    const fd = map.debugOf(fn);
    const ret = codePosition(fd, fn.code!, frames[d * 3]);
    out.push({ stacks, map, fn, fp: frames[d * 3 + 1], depth: d, pos: ret - 1, address: map.instructionAt(fn, ret - 1) });
  }
  return out;
}

/** The return position of the frame at depth d's callee, i.e. where frame d resumes (for step out). */
export function returnPosition(frames: Int32Array, d: number, fn: FuncInst, map: CodeMap): number {
  return codePosition(map.debugOf(fn), fn.code!, frames[d * 3]);
}

/** Local index → (type, unit offset) of a function: params, then declared locals. */
export function localLayout(fn: FuncInst): { types: number[]; offsets: number[] } {
  const inst = fn.instance!;
  const types: number[] = [...fn.type.params];
  for (const run of inst.module.codes[fn.index - inst.module.importedFuncs].locals) {
    for (let i = 0; i < run.count; i++) types.push(run.type);
  }
  const offsets: number[] = [];
  let u = 0;
  for (const t of types) {
    offsets.push(u);
    u += t === 0x7b ? 4 : 2;
  }
  return { types, offsets };
}

/** Reads a slot of the value stack as FrameAccess bits. */
export function readSlot(m: StackView, unit: number, type: number): number | bigint {
  const I = m.I32;
  switch (type) {
    case 0x7f:
    case 0x7d:
      return I[unit];
    case 0x7e:
    case 0x7c:
      return BigInt.asIntN(64, (BigInt(I[unit + 1]) << BigInt(32)) | BigInt(I[unit] >>> 0));
    case 0x7b:
      return (BigInt(I[unit + 3] >>> 0) << BigInt(96)) | (BigInt(I[unit + 2] >>> 0) << BigInt(64)) |
        (BigInt(I[unit + 1] >>> 0) << BigInt(32)) | BigInt(I[unit] >>> 0);
    default: {
      // references: 0 for null, else 1 (FrameAccess has no reference values; formatWasm shows them)
      return m.refs[unit] === null ? 0 : 1;
    }
  }
}

/** A value for people: i32/i64 decimal, floats as numbers, v128 as hex, references by kind. */
export function formatWasm(type: number, v: number | bigint): string {
  switch (type) {
    case 0x7f:
    case 0x7e:
      return String(v);
    case 0x7d: {
      const b = new DataView(new ArrayBuffer(4));
      b.setInt32(0, Number(v), true);
      return formatFloat(b.getFloat32(0, true));
    }
    case 0x7c: {
      const b = new DataView(new ArrayBuffer(8));
      b.setBigInt64(0, BigInt(v), true);
      return formatFloat(b.getFloat64(0, true));
    }
    case 0x7b:
      return '0x' + BigInt(v).toString(16).padStart(32, '0');
    default:
      return v === 0 ? 'null' : `<${typeName(type)}>`;
  }
}

function formatFloat(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  return Object.is(x, -0) ? '-0' : String(x);
}

/** One wasm operand stack entry at a stop: its type and value bits. */
export interface OperandValue {
  readonly type: number;
  readonly value: number | bigint;
}

/** The wasm operand stack of a frame at its position (bottom first): through the translator's view of the
 *  stack just before the instruction, so values a consumer reads in place (locals, constants) are right. */
export function operandStack(frame: PhysicalFrame): OperandValue[] {
  const m = frame.stacks;
  const fn = frame.fn;
  const entries = operandStackAt(fn, frame.address + frame.map.codeStart);
  if (entries === undefined) return [];
  return entries.map((e) => {
    if (e.kind === 1) return { type: e.type, value: readSlot(m, frame.fp + e.value, e.type) };
    if (e.kind === 2) {
      const v = e.type === 0x7e || e.type === 0x7c
        ? BigInt.asIntN(64, (BigInt(e.value2) << BigInt(32)) | BigInt(e.value >>> 0)) : e.value;
      return { type: e.type, value: v };
    }
    const slot = e.slot >= fn.localUnits ? e.slot + fn.pool.length : e.slot;
    return { type: e.type, value: readSlot(m, frame.fp + slot, e.type) };
  });
}

/** The FrameAccess of a physical frame (what the DWARF reader evaluates locations against). */
export function frameAccess(frame: PhysicalFrame): FrameAccess {
  const m = frame.stacks;
  const layout = localLayout(frame.fn);
  const inst = frame.map.inst;
  let operands: OperandValue[] | null = null;
  return {
    local(index: number) {
      if (index < 0 || index >= layout.types.length) throw new DebugInfoError(`wasm local ${index} does not exist in this frame (${layout.types.length} locals)`);
      return readSlot(m, frame.fp + layout.offsets[index], layout.types[index]);
    },
    global(index: number) {
      return readGlobal(inst, index);
    },
    operand(index: number) {
      operands ??= operandStack(frame);
      if (index < 0 || index >= operands.length) throw new DebugInfoError(`operand stack slot ${index} is empty here (height ${operands.length})`);
      return operands[index].value;
    },
    readMemory(address: number, length: number) {
      return readMemory(inst, address, length);
    },
  };
}

/** @internal */
export function globalType(inst: CodeMap['inst'], index: number): number {
  const g = inst.globalInsts[index];
  if (g === undefined) throw new DebugInfoError(`global ${index} does not exist (${inst.globalInsts.length} globals)`);
  return g.type.type;
}

/** @internal */
export function readGlobal(inst: CodeMap['inst'], index: number): number | bigint {
  const g = inst.globalInsts[index];
  if (g === undefined) throw new DebugInfoError(`global ${index} does not exist (${inst.globalInsts.length} globals)`);
  const G = g.store.globals;
  const a = g.addr;
  const t = g.type.type;
  if (t === 0x7f || t === 0x7d) return G[a];
  if (t === 0x7e || t === 0x7c) return BigInt.asIntN(64, (BigInt(G[a + 1]) << BigInt(32)) | BigInt(G[a] >>> 0));
  return g.store.globalRefs[a] === null ? 0 : 1;
}

/** @internal */
export function readMemory(inst: CodeMap['inst'], address: number, length: number): Uint8Array {
  const mem = inst.memories[0];
  if (mem === undefined) throw new DebugInfoError('the instance has no memory');
  if (!(address >= 0) || !(length >= 0) || address + length > mem.u8.length) {
    throw new DebugInfoError(`memory [${address}, ${address + length}) is out of bounds (size ${mem.u8.length})`);
  }
  return mem.u8.slice(address, address + length);
}

/** @internal */
export function writeMemory(inst: CodeMap['inst'], address: number, bytes: Uint8Array): void {
  const mem = inst.memories[0];
  if (mem === undefined) throw new DebugInfoError('the instance has no memory');
  if (!(address >= 0) || address + bytes.length > mem.u8.length) {
    throw new DebugInfoError(`memory [${address}, ${address + bytes.length}) is out of bounds (size ${mem.u8.length})`);
  }
  mem.u8.set(bytes, address);
}
