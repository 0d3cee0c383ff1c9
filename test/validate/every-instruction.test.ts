// Every instruction of the opcode table goes through the validator (in unreachable code, so only its
// immediates and static rules matter) and reaches the sink: no instruction falls through to "illegal
// opcode", and each is reported once to the sink with its number.
import { describe, expect, it } from 'vitest';
import { Imm, immKinds, opName } from '../../src/decoder/opcodes.js';
import { memOps as coreMemOps } from '../../src/validate/signatures.js';
import { simdAccesses } from '../../src/validate/simd-instructions.js';
import { threadsAccesses } from '../../src/validate/threads-instructions.js';

/** The memory instructions of the core and of the SIMD and threads packs. */
const memOps = (op: number) => coreMemOps[op] ?? simdAccesses[op] ?? threadsAccesses[op];
import { compile, validateFunction } from '../../src/validate/index.js';
import { code, module, section, uleb } from '../decoder/helpers.js';
import { PACKS } from '../packs.js';

// Types: 0 func [] -> [anyref]; 1 struct (mut i32) (mut i8); 2 array (mut i32); 3 array (mut funcref);
// 4 array (mut i8); 5 func [] -> [].
const TYPES = section(1, [6, 0x60, 0, 1, 0x6e, 0x5f, 2, 0x7f, 1, 0x78, 1, 0x5e, 0x7f, 1, 0x5e, 0x70, 1, 0x5e, 0x78, 1, 0x60, 0, 0]);

function moduleWith(instr: number[]): Uint8Array {
  return module(
    TYPES,
    section(3, [1, 0]),
    section(4, [1, 0x70, 0x00, 1]),
    section(5, [1, 0x03, 1, 1]),
    section(13, [1, 0, 5]),
    section(6, [1, 0x7f, 1, 0x41, 0, 0x0b]),
    section(9, [1, 3, 0x00, 1, 0]),
    section(12, [1]),
    code([1, 1, 0x7f, 0x00, ...instr, 0x00, 0x0b]),
    section(11, [1, 1, 1, 0x61]),
  );
}

/** Opcode bytes of an instruction number. */
function opcodeBytes(op: number): number[] {
  if (op < 0x100) return [op];
  const prefix = op >> 8;
  if (prefix === 0xff) return [0xfd, ...uleb(0x100 + (op & 0xff))];
  return [prefix, ...uleb(op & 0xff)];
}

/** Structural instructions (blocks, arms, ends) are covered by the other tests. */
const STRUCTURAL = new Set([0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x09, 0x0b, 0x18, 0x19, 0x1f]);

function immediates(op: number): number[] {
  switch (immKinds[op]) {
    case Imm.None:
      return [];
    case Imm.Label:
    case Imm.MemIndex:
    case Imm.ZeroByte:
    case Imm.Lane:
      return [0];
    case Imm.Index:
      if (op >= 0xfb06 && op <= 0xfb10) return [op === 0xfb0c || op === 0xfb0d ? 4 : 2];
      return [0];
    case Imm.Index2:
      if (op === 0xfb09 || op === 0xfb12) return [2, 0];
      if (op === 0xfb0a || op === 0xfb13) return [3, 0];
      if (op === 0xfb11) return [2, 2];
      return [0, 0];
    case Imm.Struct:
      return [1];
    case Imm.StructField:
      return [1, op === 0xfb03 || op === 0xfb04 ? 1 : 0];
    case Imm.ArrayFixed:
      return [2, 1];
    case Imm.BrTable:
      return [1, 0, 0];
    case Imm.Memarg:
      return [memOps(op)!.align, 0];
    case Imm.MemargLane:
      return [memOps(op)!.align, 0, 0];
    case Imm.I32:
    case Imm.I64:
      return [0];
    case Imm.F32:
      return [0, 0, 0, 0];
    case Imm.F64:
      return new Array(8).fill(0);
    case Imm.V128:
      return new Array(16).fill(0);
    case Imm.SelectT:
      return [1, 0x7f];
    case Imm.HeapType:
      return [0x70];
    case Imm.RefTest:
      return [0x6e];
    case Imm.BrOnCast:
      return [0, 0, 0x6e, 0x6e];
    default:
      throw new Error(`no immediates for ${opName(op)}`);
  }
}

describe('every instruction', () => {
  const ops: number[] = [];
  for (let op = 0; op < 0x10000; op++) if (immKinds[op] !== Imm.Illegal && !STRUCTURAL.has(op)) ops.push(op);

  it('covers the whole instruction set', () => {
    expect(ops.length).toBeGreaterThan(540);
  });

  it('validates each one in unreachable code and reports it to the sink', () => {
    const failures: string[] = [];
    for (const op of ops) {
      const bytes = moduleWith([...opcodeBytes(op), ...immediates(op)]);
      try {
        const vm = compile(bytes, PACKS);
        const seen: number[] = [];
        validateFunction(vm, 0, { begin() {}, instr: (o) => void seen.push(o), finish() {} });
        expect(seen).toEqual([0x00, op, 0x00, 0x0b]);
      } catch (e) {
        failures.push(`${opName(op)}: ${(e as Error).message}`);
      }
    }
    expect(failures).toEqual([]);
  });
});
