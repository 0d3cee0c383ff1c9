// The validator's table of simple instructions (src/validate/signatures.ts, one packed character per
// opcode) checked against an independent validator, Node's WebAssembly: for every opcode the table types,
// a function [params] -> [result] made of `local.get`s and the instruction must validate in Node and in
// ours, and the same function with the result type changed must be rejected by both.
import v8 from 'node:v8';
import { describe, expect, it } from 'vitest';
import { F32, F64, I32, I64, V128, type ValType } from '../../src/decoder/module.js';
import { signatures as coreSignatures } from '../../src/validate/signatures.js';
import { simdSignatures } from '../../src/validate/simd-instructions.js';
import { instructionName } from '../../src/decoder/instruction-names.js';
import { PACKS } from '../packs.js';

/** The core's table and the SIMD pack's (src/validate/simd-instructions.ts). */
const signatures = (op: number) => coreSignatures[op] ?? simdSignatures[op];
import { compile } from '../../src/validate/index.js';
import { code, module, section, uleb } from '../decoder/helpers.js';

v8.setFlagsFromString('--experimental-wasm-relaxed-simd');
const WebAssembly = (globalThis as any).WebAssembly;

const BYTE = new Map<ValType, number>([[I32, 0x7f], [I64, 0x7e], [F32, 0x7d], [F64, 0x7c], [V128, 0x7b]]);

function opcodeBytes(op: number): number[] {
  if (op < 0x100) return [op];
  const prefix = op >> 8;
  if (prefix === 0xff) return [0xfd, ...uleb(0x100 + (op & 0xff))];
  return [prefix, ...uleb(op & 0xff)];
}

function fn(op: number, params: readonly ValType[], result: ValType): Uint8Array {
  const body: number[] = [0];
  params.forEach((_, i) => body.push(0x20, i));
  body.push(...opcodeBytes(op));
  if (op >= 0xfd15 && op <= 0xfd22) body.push(0); // extract/replace_lane: lane 0
  body.push(0x0b);
  return module(
    section(1, [1, 0x60, params.length, ...params.map((t) => BYTE.get(t)!), 1, BYTE.get(result)!]),
    section(3, [1, 0]),
    code(body),
  );
}

function oursAccepts(bytes: Uint8Array): boolean {
  try {
    compile(bytes, PACKS);
    return true;
  } catch {
    return false;
  }
}

describe('simple-instruction signatures against Node', () => {
  const ops: number[] = [];
  for (let op = 0; op < 0x10000; op++) if (signatures(op)) ops.push(op);

  it('types every numeric, saturating-truncation, SIMD and relaxed-SIMD instruction with a fixed type', () => {
    // 0x45..0xc4 less nothing (128), 8 trunc_sat, SIMD 0xfd0e..0xfdff without the memory ops, 20 relaxed
    expect(ops.length).toBe(368);
  });

  it('each signature validates in Node and in ours; another result type does not', () => {
    for (const op of ops) {
      const s = signatures(op)!;
      const r = s.results[0];
      const good = fn(op, s.params, r);
      expect(WebAssembly.validate(good), `${instructionName(op)}: Node rejects the table's type`).toBe(true);
      expect(oursAccepts(good), `${instructionName(op)}: ours rejects the table's type`).toBe(true);
      const bad = fn(op, s.params, r === I32 ? I64 : I32);
      expect(WebAssembly.validate(bad), `${instructionName(op)}: Node accepts another result`).toBe(false);
      expect(oursAccepts(bad), `${instructionName(op)}: ours accepts another result`).toBe(false);
    }
  });
});
