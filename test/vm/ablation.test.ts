// The translator's optimization families can be switched off one by one (bench --ablation measures what
// each gains). Off must still be correct: the six benchmark kernels give Node's checksums and memory with
// each family off alone and with all of them off.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { Instance, Module } from '../../src/index.js';
import { OPTIMIZATION_FAMILIES, translateOptions } from '../../src/vm/translate/options.js';
import { disassemble } from '../../src/vm/translate/disasm.js';
import { NodeWasm } from './wasm-builder.js';
import type { FuncInst } from '../../src/vm/runtime/func.js';
import { SHARED } from '../shared.js';

const names = ['fib', 'i64mix', 'nbody', 'sort', 'sha256', 'vm'];
const modules = names.map((name) => readFileSync(`${SHARED}/bench/wasm/${name}.wasm`));
const expected = modules.map((bytes) => {
  const node = new NodeWasm.Instance(new NodeWasm.Module(bytes), {}).exports;
  return { checksum: node.run(1), memory: Buffer.from(new Uint8Array(node.memory.buffer)) };
});

/** Disassembly of every function the runs translated (reaching the store through the export's instance). */
const listings: string[] = [];

function runAll(disabled: readonly string[]): void {
  translateOptions.disabled = new Set(disabled);
  listings.length = 0;
  modules.forEach((bytes, i) => {
    const instance = new Instance(new Module(bytes), {});
    const ours = instance.exports as Record<string, unknown>;
    expect([names[i], (ours.run as (n: number) => number)(1)]).toEqual([names[i], expected[i].checksum]);
    const mem = Buffer.from(new Uint8Array((ours.memory as { buffer: ArrayBuffer }).buffer));
    expect([names[i], Buffer.compare(mem, expected[i].memory)]).toEqual([names[i], 0]);
    const run = (instance as unknown as { exportObjects: Map<string, FuncInst> }).exportObjects.get('run')!;
    for (const f of run.instance!.funcs) if (f.code !== null) listings.push(disassemble(f.code));
  });
}

/** Fused instructions (and loads with a fused add: nonzero last operand) in the listings. */
function fused(): string[] {
  const re = /^\s*\d+\s+((?:\w+__\w+|I(?:32|64)_\w+_I|BR_(?:I64_)?(?:EQ|NE|[LG][TE]_[SU]|EQZ|NEZ)(?:_I)?|I32_ADD_SHL|I32_ADD3|F64_MUL_ADD|F64_MUL3|F64_\w+_STORE|ADD_I_BR_N?Z|I32_LOAD_UPD|I32_LOAD_IDX|F64_LOAD_N|MOV2)\b|\w+_LOAD\w* -?\d+ -?\d+ -?\d+ -?[1-9]\d*$)/gm;
  return [...new Set(listings.flatMap((l) => Array.from(l.matchAll(re), (m) => m[1].split(' ')[0])))].sort();
}

afterEach(() => {
  translateOptions.disabled = new Set();
});

describe('optimization families switched off', () => {
  for (const family of OPTIMIZATION_FAMILIES) it(`${family} off`, () => runAll([family]));
  it('all off: the code has no fused instruction left', () => {
    runAll(OPTIMIZATION_FAMILIES);
    expect(fused()).toEqual([]);
  });
  it('all on: the same kernels use the fused instructions', () => {
    // the translator's own fusions, seen without the pairing pass (which folds many of them, at every
    // position, into pair and tuple opcodes) and without packed operands (`X_P` forms of the same instructions)
    runAll(['pairs', 'packed']);
    expect(fused()).toEqual(expect.arrayContaining([
      'ADD_I_BR_NZ', 'BR_I64_NE', 'BR_LT_S', 'F64_ADD_STORE', 'F64_LOAD_N', 'F64_MUL3', 'F64_MUL_ADD', 'I32_ADD3', 'I32_ADD_I', 'I32_ADD_SHL',
      'I32_LOAD', 'I32_LOAD_IDX', 'I64_SHR_U_I', 'I64_XOR_SHL_I', 'I64_XOR_SHR_U_I', 'MOV2',
    ]));
    runAll([]);
    expect(fused()).toEqual(expect.arrayContaining([
      'I32_ADD_I_P__F64_MUL3__F64_LOAD_N_P__F64_ADD_STORE', 'I32_ADD_I_P__I32_LOAD_UPD__BR_LT_U_P',
      'I32_ADD_P__I32_GT_U_I__I32_ADD_I_P__BR_IF', 'I64_LT_S__SELECT', 'I32_SHL_I_P__I32_ADD_I_P__I32_LOAD8_U_P__BR_TABLE',
      'I32_ROTL3_I__I32_ADD3',
    ]));
  });
});
