// Instructions as text: one line per instruction of a function body or constant expression, decoded with
// the decoder's own opcode table and immediate reader (src/decoder/opcodes.ts), so every opcode the
// decoder knows prints (SIMD, relaxed SIMD, GC, exceptions, tail calls, memory64, multi-memory, atomics).
import { instructionName } from '../decoder/instruction-names.js';
import { newImmediates, readImmediates, readOpcode, immKinds, Imm } from '../decoder/opcodes.js';
import type { Immediates } from '../decoder/immediates.js';
import { CATCH, CATCH_ALL, CATCH_REF } from '../decoder/immediates.js';
import type { Module } from '../decoder/module.js';
import { REF_FLAG, REF_NULLABLE } from '../decoder/module.js';
import { Reader } from '../decoder/reader.js';
import { valTypeName } from '../decoder/type-names.js';
import { f32Text, f64Text, heapText, i64Text } from './values.js';

export interface InstructionLine {
  /** Byte offset of the instruction in Module.bytes. */
  readonly offset: number;
  /** Block nesting depth before the instruction (else/end/catch print one level out). */
  readonly depth: number;
  readonly text: string;
}

/** How indices are shown: `$name` where the name section has a usable name, else the number. */
export interface Naming {
  func(index: number): string;
  local(index: number): string;
}

export const NUMERIC: Naming = { func: (i) => `${i}`, local: (i) => `${i}` };

const OP = {
  block: 0x02, loop: 0x03, if: 0x04, else: 0x05, try: 0x06, catch: 0x07, end: 0x0b, delegate: 0x18,
  catch_all: 0x19, call: 0x10, return_call: 0x12, call_indirect: 0x11, return_call_indirect: 0x13,
  local_get: 0x20, local_set: 0x21, local_tee: 0x22, ref_func: 0xd2, try_table: 0x1f,
  ref_test: 0xfb14, ref_test_null: 0xfb15, ref_cast: 0xfb16, ref_cast_null: 0xfb17,
  i8x16_shuffle: 0xfd0d, v128_const: 0xfd0c, memory_init: 0xfc08, table_init: 0xfc0c,
} as const;

function blockType(imm: Immediates): string {
  if (imm.blockType === -1) return '';
  if (imm.blockType === -2) return ` (result ${valTypeName(imm.blockValType)})`;
  return ` (type ${imm.blockType})`;
}

function memarg(imm: Immediates): string {
  const mem = imm.memory !== 0 ? ` ${imm.memory}` : '';
  const off = imm.offsetHi !== 0 ? (BigInt(imm.offsetHi >>> 0) << 32n) | BigInt(imm.offsetLo >>> 0) : imm.offsetLo >>> 0;
  return `${mem}${off ? ` offset=${off}` : ''} align=${2 ** imm.align}`;
}

function refTypeText(nullable: boolean, heap: number): string {
  return valTypeName(REF_FLAG | (nullable ? REF_NULLABLE : 0) | heap);
}

/** The text of one instruction (without indentation) given its decoded immediates. */
export function instructionText(op: number, imm: Immediates, bytes: Uint8Array, naming: Naming): string {
  const name = instructionName(op)!;
  switch (immKinds[op] as Imm) {
    case Imm.None: return name;
    case Imm.Block: return `${name}${blockType(imm)}`;
    case Imm.Label: return `${name} ${imm.index}`;
    case Imm.BrTable: {
      const t: number[] = [];
      for (let i = 0; i <= imm.brCount; i++) t.push(imm.brTargets[i]);
      return `${name} ${t.join(' ')}`;
    }
    case Imm.Index:
      if (op === OP.call || op === OP.return_call || op === OP.ref_func) return `${name} ${naming.func(imm.index)}`;
      if (op === OP.local_get || op === OP.local_set || op === OP.local_tee) return `${name} ${naming.local(imm.index)}`;
      return `${name} ${imm.index}`;
    case Imm.Index2:
      if (op === OP.call_indirect || op === OP.return_call_indirect) return `${name} ${imm.index2} (type ${imm.index})`;
      // memory.init / table.init: the binary has the segment first, the text the memory/table first.
      if (op === OP.memory_init || op === OP.table_init) return `${name} ${imm.index2} ${imm.index}`;
      return `${name} ${imm.index} ${imm.index2}`;
    case Imm.Struct: return `${name} ${imm.index}`;
    case Imm.StructField: return `${name} ${imm.index} ${imm.index2}`;
    case Imm.ArrayFixed: return `${name} ${imm.index} ${imm.count}`;
    case Imm.MemIndex: return imm.index !== 0 ? `${name} ${imm.index}` : name;
    case Imm.Memarg: return `${name}${memarg(imm)}`;
    case Imm.MemargLane: return `${name}${memarg(imm)} ${imm.lane}`;
    case Imm.I32: return `${name} ${imm.i32}`;
    case Imm.I64: return `${name} ${i64Text(imm.i64Lo, imm.i64Hi)}`;
    case Imm.F32: return `${name} ${f32Text(imm.f32Bits)}`;
    case Imm.F64: return `${name} ${f64Text(imm.f64Lo, imm.f64Hi)}`;
    case Imm.V128: {
      const b = bytes.subarray(imm.v128Pos, imm.v128Pos + 16);
      if (op === OP.i8x16_shuffle) return `${name} ${Array.from(b).join(' ')}`;
      const dv = new DataView(b.buffer, b.byteOffset, 16);
      const lanes = [0, 4, 8, 12].map((o) => `0x${dv.getUint32(o, true).toString(16).padStart(8, '0')}`);
      return `${name} i32x4 ${lanes.join(' ')}`;
    }
    case Imm.Lane: return `${name} ${imm.lane}`;
    case Imm.SelectT: return `${name} (result ${valTypeName(imm.selectType)})`;
    case Imm.HeapType: return `${name} ${heapText(imm.heapType)}`;
    case Imm.RefTest: return `${name} ${refTypeText(op === OP.ref_test_null || op === OP.ref_cast_null, imm.heapType)}`;
    case Imm.BrOnCast:
      return `${name} ${imm.index} ${refTypeText((imm.castFlags & 1) !== 0, imm.heapType)} ${refTypeText((imm.castFlags & 2) !== 0, imm.index2)}`;
    case Imm.TryTable: {
      const clauses: string[] = [];
      for (let i = 0; i < imm.brCount; i++) {
        const k = imm.catchKinds[i];
        const kw = k === CATCH ? 'catch' : k === CATCH_REF ? 'catch_ref' : k === CATCH_ALL ? 'catch_all' : 'catch_all_ref';
        clauses.push(k < 2 ? `(${kw} ${imm.catchTags[i]} ${imm.brTargets[i]})` : `(${kw} ${imm.brTargets[i]})`);
      }
      return `${name}${blockType(imm)}${clauses.length ? ` ${clauses.join(' ')}` : ''}`;
    }
    case Imm.ZeroByte: return name;
    default: return `;; illegal opcode 0x${op.toString(16)}`;
  }
}

/**
 * Decodes the instructions in [start, end) of module.bytes into lines. `depth0` is the starting nesting
 * (1 for a function body, whose final `end` closes depth 1). Throws the decoder's CompileError on bytes
 * that are not instructions.
 */
export function instructionLines(module: Module, start: number, end: number, naming: Naming): InstructionLine[] {
  const r = new Reader(module.bytes, start, end);
  r.section = 'code';
  r.sharedForms = module.features?.sharedEverythingThreads === true;
  const imm = newImmediates();
  const out: InstructionLine[] = [];
  let depth = 1;
  while (r.pos < end) {
    const at = r.pos;
    const op = readOpcode(r);
    readImmediates(r, op, imm, at);
    const closes = op === OP.end || op === OP.else || op === OP.catch || op === OP.catch_all || op === OP.delegate;
    const shown = closes ? depth - 1 : depth;
    out.push({ offset: at, depth: Math.max(shown, 0), text: instructionText(op, imm, module.bytes, naming) });
    if (op === OP.end || op === OP.delegate) depth--;
    else if (op === OP.block || op === OP.loop || op === OP.if || op === OP.try || op === OP.try_table) depth++;
  }
  return out;
}
