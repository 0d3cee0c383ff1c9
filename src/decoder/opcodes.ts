// Every instruction of WebAssembly 3.0 + threads: its name (for messages and debugging; the instruction
// packs' names are theirs, below), the kind of immediates it carries, and one shared immediate decoder used
// by the validator (which hands the decoded immediates to the translator through BodySink) and by the
// constant-expression scanner.
//
// An instruction is a number: the single-byte opcode, or (prefix << 8 | subop) for the prefixes 0xFB (GC),
// 0xFC (saturating truncation, bulk memory, tables), 0xFD (SIMD) and 0xFE (atomics). Relaxed SIMD sub-opcodes
// 0x100..0x113 are encoded as 0xFF00 | (subop - 0x100) so the space stays 16 bits without collisions.
import type { Immediates } from './immediates.js';
import { FCMP, ICMP, defineOpcodes, kindRunsInto, pre } from './opcode-lists.js';
import type { Reader } from './reader.js';
import {
  readHeapType as readHeapType_, valTypeFromByte as valTypeFromByte_,
} from './value-types.js';

// Imported bindings captured in local constants (module transforms compile imports to getter calls).
const readHeapType = readHeapType_;
const valTypeFromByte = valTypeFromByte_;

/** Immediate kinds. */
export const enum Imm {
  Illegal = 0,
  None,
  Block, // blocktype
  Label, // u32 → index
  BrTable,
  Index, // u32 → index
  Index2, // u32 → index, u32 → index2
  Memarg,
  MemargLane, // memarg, lane byte
  I32,
  I64,
  F32,
  F64,
  V128, // 16 bytes (v128.const, i8x16.shuffle)
  Lane,
  // SelectT..BrOnCast stay contiguous: the validator normalizes their types as one range.
  SelectT, // vec(valtype), must be one
  HeapType, // ref.null → heapType
  RefTest, // heaptype → heapType (nullability from the opcode)
  BrOnCast, // flags, label, ht1, ht2
  TryTable,
  ZeroByte, // atomic.fence: a single 0x00
  MemIndex, // memory.size / memory.grow / memory.fill: memory index → index
  Struct, // struct type index → index
  StructField, // type index, field index
  ArrayFixed, // type index, count
}

export const names: string[] = new Array(0x10000);
export const immKinds = new Uint8Array(0x10000);

/** Defines consecutive instructions from `base` (the list syntax: opcode-lists.ts). */
function def(base: number, list: string, kind: Imm): void {
  defineOpcodes(names, immKinds, base, list, kind);
}
function kindRuns(base: number, runs: string): void {
  kindRunsInto(immKinds, base, runs);
}

// ---- single-byte opcodes
// (`:${Imm.X}` in the lists below: a kind change, inlined as its number.)
def(
  0x00,
  `unreachable nop :${Imm.Block} block loop if :${Imm.None} else :${Imm.Block} try :${Imm.Index} catch throw ` +
    `:${Imm.Label} rethrow :${Imm.None} throw_ref end :${Imm.Label} br br_if :${Imm.BrTable} br_table ` +
    `:${Imm.None} return :${Imm.Index} call :${Imm.Index2} call_indirect :${Imm.Index} return_call ` +
    `:${Imm.Index2} return_call_indirect :${Imm.Index} call_ref return_call_ref #18 :${Imm.Label} delegate ` +
    `:${Imm.None} catch_all drop select :${Imm.SelectT} select #1f :${Imm.TryTable} try_table`,
  Imm.None,
);
def(0x20, 'local.get local.set local.tee global.get global.set table.get table.set', Imm.Index);
def(
  0x28,
  '@i32 load @i64 load @f32 load @f64 load @i32 load8_s load8_u load16_s load16_u @i64 load8_s load8_u ' +
    'load16_s load16_u load32_s load32_u @i32 store @i64 store @f32 store @f64 store @i32 store8 store16 ' +
    '@i64 store8 store16 store32',
  Imm.Memarg,
);
def(0x3f, 'memory.size memory.grow', Imm.MemIndex);
def(0x41, `i32.const :${Imm.I64} i64.const :${Imm.F32} f32.const :${Imm.F64} f64.const`, Imm.I32);
const ibin = 'add sub mul div_s div_u rem_s rem_u and or xor shl shr_s shr_u rotl rotr';
const fun = 'abs neg ceil floor trunc nearest sqrt add sub mul div min max copysign';
// 0x45 … 0xc4 in one run: comparisons, arithmetic, conversions
def(
  0x45,
  [
    'i32.eqz ' + pre('i32.', ICMP), 'i64.eqz ' + pre('i64.', ICMP), pre('f32.', FCMP), pre('f64.', FCMP),
    pre('i32.', 'clz ctz popcnt ' + ibin), pre('i64.', 'clz ctz popcnt ' + ibin), pre('f32.', fun), pre('f64.', fun),
  ].join(' ') +
    ' @i32 wrap_i64 trunc_f32_s trunc_f32_u trunc_f64_s trunc_f64_u @i64 extend_i32_s extend_i32_u ' +
    'trunc_f32_s trunc_f32_u trunc_f64_s trunc_f64_u @f32 convert_i32_s convert_i32_u convert_i64_s ' +
    'convert_i64_u demote_f64 @f64 convert_i32_s convert_i32_u convert_i64_s convert_i64_u promote_f32 ' +
    '@i32 reinterpret_f32 @i64 reinterpret_f64 @f32 reinterpret_i32 @f64 reinterpret_i64 @i32 extend8_s ' +
    'extend16_s @i64 extend8_s extend16_s extend32_s',
  Imm.None,
);
def(
  0xd0,
  `ref.null :${Imm.None} ref.is_null :${Imm.Index} ref.func :${Imm.None} ref.eq ref.as_non_null ` +
    `:${Imm.Label} br_on_null br_on_non_null`,
  Imm.HeapType,
);

// ---- 0xFC: saturating truncation, bulk memory, tables; 0xFC 19..22 the wide-arithmetic instructions
// (i64.add128 … : named here, run by the pack `purewasm/wide-arithmetic`, which the validator asks for)
def(
  0xfc00,
  '@i32 trunc_sat_f32_s trunc_sat_f32_u trunc_sat_f64_s trunc_sat_f64_u @i64 trunc_sat_f32_s ' +
    `trunc_sat_f32_u trunc_sat_f64_s trunc_sat_f64_u :${Imm.Index2} ` +
    `memory.init :${Imm.Index} data.drop :${Imm.Index2} memory.copy :${Imm.MemIndex} memory.fill ` +
    `:${Imm.Index2} table.init :${Imm.Index} elem.drop :${Imm.Index2} table.copy :${Imm.Index} table.grow ` +
    `table.size table.fill :${Imm.None} - @i64 add128 sub128 mul_wide_s mul_wide_u`,
  Imm.None,
);

// ---- 0xFB (GC), 0xFD (SIMD, relaxed SIMD at 0xFF00) and 0xFE (threads): immediate kinds only. Their names
// are in gc-names.ts, simd-names.ts and threads-names.ts, which only the instruction packs (`purewasm/gc`,
// `purewasm/simd`, `purewasm/threads`) and the text printer carry: the core decodes these instructions'
// immediates (so a module using them is read, and refused by the validator with a message naming the pack)
// without knowing their names. One letter per opcode, `a` + kind (`-` illegal), a count after a letter
// repeating it (0xFE: three memargs, atomic.fence's zero byte, then the 63 atomic accesses from 0xfe10).
kindRuns(0xfb00, 'v2w4e2xf2e4aef3q4r2a5');
kindRuns(0xfd00, 'g12m2a7n14a49h8g2a60-a7-a2-2a8-2a-3a6-a6-a2-2a8-2a-3a13-a11-a17');
kindRuns(0xff00, 'a20');
kindRuns(0xfe00, 'g3t-12g63');

/** The message for an opcode nothing defines: `illegal opcode fb 1f` (prefix 0: a single-byte opcode). */
export function illegalOpcode(prefix: number, sub: number): string {
  return `illegal opcode ${prefix ? prefix.toString(16) + ' ' : ''}${sub.toString(16)}`;
}

/** Name of an instruction number, for messages. */
export function opName(op: number): string {
  return names[op] ?? `opcode 0x${op.toString(16)}`;
}

/** Reads an opcode (with its prefix's sub-opcode) at r.pos; returns the instruction number. */
export function readOpcode(r: Reader): number {
  const start = r.pos;
  const b = r.u8();
  if (b < 0xfb) return b;
  if (b === 0xff) return r.fail(illegalOpcode(0, 0xff), start);
  const sub = r.u32();
  if (b === 0xfd && sub >= 0x100) {
    if (sub > 0x1ff) return r.fail(illegalOpcode(0xfd, sub), start);
    return 0xff00 | (sub - 0x100);
  }
  if (sub > 0xff) return r.fail(illegalOpcode(b, sub), start);
  return (b << 8) | sub;
}

/** A memarg: alignment (bit 6: an explicit memory index follows), memory index, offset (u64 if asked). */
export function readMemarg(r: Reader, imm: Immediates, memory64Offsets: boolean): void {
  const start = r.pos;
  let align = r.u32();
  let memory = 0;
  // Bit 6 of the alignment field announces an explicit memory index (multi-memory).
  if (align & 0x40) {
    align &= ~0x40;
    memory = r.u32();
  }
  if (align >= 0x40) r.fail('malformed memop flags', start);
  imm.align = align;
  imm.memory = memory;
  if (memory64Offsets) {
    r.u64();
    imm.offsetLo = r.lo;
    imm.offsetHi = r.hi;
  } else {
    imm.offsetLo = r.u32() | 0;
    imm.offsetHi = 0;
  }
}

/** `a`, or a copy at least twice as long when it holds fewer than `need` elements (the VM's growing arrays too). */
export function growInt32<A extends Int32Array>(a: A, need: number): A {
  if (need <= a.length) return a;
  const b = new Int32Array(Math.max(need, a.length * 2));
  b.set(a);
  return b as A;
}

/** A blocktype: -1 empty, -2 one value type (blockValType), else a type index. */
function readBlockType(r: Reader, imm: Immediates): void {
  const start = r.pos;
  const v = r.s33();
  if (v >= 0) {
    imm.blockType = v;
  } else if (v === -64) {
    imm.blockType = -1;
  } else {
    if (v < -64) r.fail('malformed value type', start);
    imm.blockType = -2;
    imm.blockValType = valTypeFromByte(r, v + 0x80, start);
  }
}

/**
 * Decodes the immediates of instruction `op` (already read) at r.pos into `imm`. Memarg offsets are read as
 * u64 (memory64 makes them 64-bit; the validator rejects offsets ≥ 2^32 on 32-bit memories).
 * Throws a malformed CompileError for an unknown opcode.
 */
export function readImmediates(r: Reader, op: number, imm: Immediates, opStart: number): void {
  switch (immKinds[op]) {
    case Imm.None:
      return;
    case Imm.Illegal:
      return r.fail(illegalOpcode(op >> 8, op & 0xff), opStart);
    case Imm.Block:
      return readBlockType(r, imm);
    case Imm.Label:
    case Imm.Index:
    case Imm.Struct:
    case Imm.MemIndex:
      imm.index = r.u32();
      return;
    case Imm.Index2:
    case Imm.StructField:
      imm.index = r.u32();
      imm.index2 = r.u32();
      return;
    case Imm.ArrayFixed:
      imm.index = r.u32();
      imm.count = r.u32();
      return;
    case Imm.BrTable: {
      const n = r.vecLen(1);
      const t = (imm.brTargets = growInt32(imm.brTargets, n + 1));
      for (let i = 0; i <= n; i++) t[i] = r.u32();
      imm.brCount = n;
      return;
    }
    case Imm.Memarg:
      readMemarg(r, imm, true);
      return;
    case Imm.MemargLane:
      readMemarg(r, imm, true);
      imm.lane = r.u8();
      return;
    case Imm.I32:
      imm.i32 = r.s32();
      return;
    case Imm.I64:
      r.s64();
      imm.i64Lo = r.lo;
      imm.i64Hi = r.hi;
      return;
    case Imm.F32:
      imm.f32Bits = r.fixed32();
      return;
    case Imm.F64:
      r.fixed64();
      imm.f64Lo = r.lo;
      imm.f64Hi = r.hi;
      return;
    case Imm.V128:
      imm.v128Pos = r.pos;
      r.skip(16);
      return;
    case Imm.Lane:
      imm.lane = r.u8();
      return;
    case Imm.SelectT: {
      const start = r.pos;
      const n = r.u32();
      if (n !== 1) r.fail('invalid result arity', start);
      const tStart = r.pos;
      imm.selectType = valTypeFromByte(r, r.u8(), tStart);
      return;
    }
    case Imm.HeapType:
    case Imm.RefTest:
      imm.heapType = readHeapType(r);
      return;
    case Imm.BrOnCast: {
      const start = r.pos;
      const flags = r.u8();
      if (flags > 3) r.fail('malformed br_on_cast flags', start);
      imm.castFlags = flags;
      imm.index = r.u32();
      imm.heapType = readHeapType(r); // source
      imm.index2 = readHeapType(r); // target
      return;
    }
    case Imm.TryTable: {
      readBlockType(r, imm);
      const n = r.vecLen(2);
      imm.brTargets = growInt32(imm.brTargets, n + 1);
      imm.catchKinds = growInt32(imm.catchKinds, n + 1);
      imm.catchTags = growInt32(imm.catchTags, n + 1);
      for (let i = 0; i < n; i++) {
        const kstart = r.pos;
        const k = r.u8();
        if (k > 3) r.fail('malformed catch clause', kstart);
        imm.catchKinds[i] = k;
        imm.catchTags[i] = k < 2 ? r.u32() : -1;
        imm.brTargets[i] = r.u32();
      }
      imm.brCount = n;
      return;
    }
    case Imm.ZeroByte: {
      const start = r.pos;
      if (r.u8() !== 0) r.fail('zero byte expected', start);
      return;
    }
  }
}

/** A fresh immediates object. */
export function newImmediates(): Immediates {
  return {
    index: 0,
    index2: 0,
    memory: 0,
    align: 0,
    offsetLo: 0,
    offsetHi: 0,
    i32: 0,
    i64Lo: 0,
    i64Hi: 0,
    f32Bits: 0,
    f64Lo: 0,
    f64Hi: 0,
    v128Pos: 0,
    lane: 0,
    blockType: -1,
    blockValType: 0,
    blockParams: [],
    blockResults: [],
    brTargets: new Int32Array(16),
    brCount: 0,
    catchKinds: new Int32Array(4),
    catchTags: new Int32Array(4),
    heapType: 0,
    refType: 0,
    refType2: 0,
    castFlags: 0,
    count: 0,
    selectType: 0,
  };
}
