// Packed operands (src/vm/translate/packed-operands.ts): the hottest instructions read their slot offsets (and a small
// immediate) from one code word. Checked here: every `X_P` case of the loop is X's own body with its operand
// reads replaced by the fields of the packed word (so editing X cannot leave a stale copy behind); and, against
// Node's WebAssembly, that instructions whose offsets or immediates do not fit keep the unpacked form and that
// both forms compute the same thing at the edges of the fields.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { caseBodies } from './loop-cases.js';
import { Instance, Module } from '../../src/index.js';
import { Op, SLOT_OPERANDS } from '../../src/vm/translate/opcodes.js';
import { disassemble } from '../../src/vm/translate/disasm.js';
import type { FuncInst } from '../../src/vm/runtime/func.js';
import { NodeWasm, buildModule, i32, i64, sleb, uleb } from './wasm-builder.js';
import type { FuncDef } from './wasm-builder.js';

/** pack.ts's table: unpacked name → groups of operand positions. */
function spec(): Map<string, number[][]> {
  const text = readFileSync(new URL('../../src/vm/translate/packed-operands.ts', import.meta.url), 'utf8');
  const out = new Map<string, number[][]>();
  for (const m of text.matchAll(/^  \[Op\.(\w+), Op\.(\w+), ([-\d, ]+)\],$/gm)) {
    expect(m[2]).toBe(m[1] + '_P');
    out.set(m[1], m[3].split(', -1, ').map((g) => g.split(', ').map(Number)));
  }
  return out;
}

/** The field of operand position p in its group: 10 bits per slot from bit 0; an immediate, last, the rest signed. */
function field(name: string, groups: number[][], p: number): string | undefined {
  const op = (Op as unknown as Record<string, number>)[name];
  for (const [gi, g] of groups.entries()) {
    const j = g.indexOf(p);
    if (j < 0) continue;
    const v = gi === 0 ? 'w' : 'u';
    const last = j === g.length - 1;
    if (j === 0) return last ? v : `${v} & 1023`;
    if (last) return SLOT_OPERANDS[op].includes(p) ? `${v} >>> ${10 * j}` : `${v} >> ${10 * j}`;
    return `(${v} >>> ${10 * j}) & 1023`;
  }
  return undefined;
}

describe('packed cases', () => {
  const bodies = caseBodies();
  const table = spec();

  it('each X_P case is X with its operand reads taken from the packed words', () => {
    expect(table.size).toBeGreaterThan(10);
    for (const [name, groups] of table) {
      const plain = bodies.get(name)!;
      expect([name, plain !== undefined]).toEqual([name, true]);
      const ind = plain[0].match(/^\s*/)![0];
      const f = (n: string): string | undefined => field(name, groups, Number(n) - 1);
      const expected = [
        ...groups.map((g, gi) => `${ind}${gi === 0 ? 'w' : 'u'} = code[pc + ${g[0] + 1}];`),
        ...plain.map((l) => l
          .replace(/\[code\[pc \+ (\d+)\]\]/g, (all, n: string) => (f(n) !== undefined ? `[${f(n)}]` : all))
          .replace(/= code\[pc \+ (\d+)\];/g, (all, n: string) => (f(n) !== undefined ? `= ${f(n)};` : all))
          .replace(/code\[pc \+ (\d+)\]/g, (all, n: string) => (f(n) !== undefined ? `(${f(n)})` : all))),
      ];
      expect([name, bodies.get(name + '_P')]).toEqual([name, expected]);
    }
  });

  it('every packed opcode has its table entry', () => {
    const packed = Object.keys(Op).filter((n) => /^[A-Z]\w*_P$/.test(n) && !n.includes('__'));
    expect(packed.sort()).toEqual([...table.keys()].map((n) => n + '_P').sort());
  });
});

// ---- behaviour, against Node
const get = (i: number): number[] => [0x20, ...uleb(i)];
const set = (i: number): number[] => [0x21, ...uleb(i)];
const I32_CONST = (k: number): number[] => [0x41, ...sleb(k)];
const ADD = 0x6a, MUL = 0x6c, AND = 0x71, XOR = 0x73, GE_S = 0x4e, LT_S = 0x48;

const funcs: FuncDef[] = [];
// A frame above 1,024 units: 600 i32 locals (2 units each) and the operand stack above them. Instructions on the
// low locals pack; those reading or writing locals from 512 on, or the operand stack, keep the unpacked form.
{
  const body: number[] = [];
  for (const i of [1, 2, 3, 510, 511, 512, 513, 598, 599]) body.push(...get(0), ...I32_CONST(i * 7919), MUL, ...set(i));
  body.push(...get(1), ...get(2), ADD, ...set(3)); // all low: packed
  body.push(...get(511), ...get(3), AND, ...set(510)); // slot 1022: packed
  body.push(...get(512), ...get(1), ADD, ...set(2)); // slot 1024: unpacked
  body.push(...get(599), ...get(513), ADD, ...set(598)); // both far: unpacked
  // compare-and-branch on a far and a near local, a loop counting down a far local
  body.push(0x02, 0x40, ...get(599), ...get(1), LT_S, 0x0d, 0, ...get(3), ...I32_CONST(1), ADD, ...set(3), 0x0b);
  body.push(...I32_CONST(5), ...set(520), 0x03, 0x40, ...get(2), ...get(520), ADD, ...set(2), ...get(520), ...I32_CONST(-1), ADD, 0x22, ...uleb(520), 0x0d, 0, 0x0b);
  body.push(...get(2), ...get(3), XOR, ...get(510), XOR, ...get(598), XOR, ...get(520), ADD);
  funcs.push({ params: [i32], results: [i32], locals: Array(600).fill(i32), body, export: 'wide' });
}
// Immediates at the edges of their fields: 12 bits signed after two slots (i32.add k), 22 after one (br_if of
// a compare with k), and a load's fused add.
const ADD_K = [2047, -2048, 2048, -2049, 0x7fffffff, -0x80000000];
for (const k of ADD_K) funcs.push({ params: [i32], results: [i32], body: [...get(0), ...I32_CONST(k), ADD], export: `add_${k}` });
const BR_K = [2 ** 21 - 1, -(2 ** 21), 2 ** 21, -(2 ** 21) - 1];
for (const k of BR_K) {
  funcs.push({
    params: [i32], results: [i32], export: `br_${k}`,
    body: [0x02, 0x40, ...get(0), ...I32_CONST(k), GE_S, 0x0d, 0, ...I32_CONST(1), 0x0f, 0x0b, ...I32_CONST(2)],
  });
}
const LOAD_K = [2047, -2048, 2048, -2049];
for (const k of LOAD_K) funcs.push({ params: [i32], results: [i32], body: [...get(0), ...I32_CONST(k), ADD, 0x28, 2, 4], export: `load_${k}` });
// The i64 mixer's packed forms (xor with a shifted operand, multiply) in a small frame, and unpacked in a frame
// above 1,024 units (600 i64 locals): (a ^ (b >>> 29)) * b ^ (a << 17), the halves crossing at the shifts.
const I64_CONST = (k: number): number[] => [0x42, ...sleb(k)];
const mixer = (a: number[], b: number[]): number[] => [
  ...a, ...b, ...I64_CONST(29), 0x88, 0x85, ...b, 0x7e, ...a, ...I64_CONST(17), 0x86, 0x85,
];
funcs.push({ params: [i64, i64], results: [i64], body: mixer(get(0), get(1)), export: 'mix' });
funcs.push({
  params: [i64, i64], results: [i64], locals: Array(600).fill(i64), export: 'mix_wide',
  body: [...get(0), ...set(550), ...get(1), ...set(599), ...mixer(get(550), get(599)), ...set(520), ...get(520)],
});
const bytes = buildModule({ funcs, memory: { min: 1, export: 'mem' } });

describe('packed operands against Node', () => {
  const node = new NodeWasm.Instance(new NodeWasm.Module(bytes), {}).exports;
  const instance = new Instance(new Module(bytes), {});
  const ours = instance.exports as Record<string, (...a: number[]) => number>;
  const listing = (name: string): string => {
    const f = (instance as unknown as { exportObjects: Map<string, FuncInst> }).exportObjects.get(name)!;
    return disassemble(f.code!);
  };
  const ops = (name: string): string[] => Array.from(listing(name).matchAll(/^\s*\d+\s+(\w+)/gm), (m) => m[1]);
  const fill = (mem: { buffer: ArrayBuffer }): void => {
    const u8 = new Uint8Array(mem.buffer);
    for (let i = 0; i < 8192; i++) u8[i] = (i * 37 + 11) & 255;
  };
  fill(node.mem);
  fill(ours.mem as unknown as { buffer: ArrayBuffer });

  it('a frame above 1,024 units mixes packed and unpacked instructions, with the same results', () => {
    for (const x of [0, 1, -1, 7, 123456, -99999, 0x7fffffff, -0x80000000]) expect([x, ours.wide(x)]).toEqual([x, node.wide(x)]);
    const used = ops('wide');
    expect(used).toEqual(expect.arrayContaining(['I32_ADD', 'I32_ADD_P', 'I32_AND_P']));
  });

  it('the i64 mixer ops, packed in a small frame and unpacked in a wide one, agree with Node', () => {
    const mix = ours.mix as unknown as (a: bigint, b: bigint) => bigint;
    const mixWide = ours.mix_wide as unknown as (a: bigint, b: bigint) => bigint;
    const values = [0n, 1n, -1n, 0x7fffffffn, 0x80000000n, 0xffffffffn, 0x123456789abcdefn, -0x7fffffffffffffffn - 1n, 0x9e3779b97f4a7c15n - (1n << 64n)];
    for (const a of values) for (const b of values) {
      expect([a, b, mix(a, b)]).toEqual([a, b, node.mix(a, b)]);
      expect([a, b, mixWide(a, b)]).toEqual([a, b, node.mix_wide(a, b)]);
    }
    expect(listing('mix')).toMatch(/I64_XOR_SHR_U_I_P/);
    expect(listing('mix')).toMatch(/I64_MUL_P/);
    expect(listing('mix')).toMatch(/I64_XOR_SHL_I_P/);
    expect(ops('mix_wide')).toEqual(expect.arrayContaining(['I64_XOR_SHR_U_I', 'I64_MUL', 'I64_XOR_SHL_I']));
  });

  it('immediates pack only when they fit their field', () => {
    for (const k of ADD_K) {
      for (const x of [0, 1, -1, 5000, -5000, 0x7fffffff, -0x80000000]) expect([k, x, ours[`add_${k}`](x)]).toEqual([k, x, node[`add_${k}`](x)]);
      expect([k, ops(`add_${k}`)[0]]).toEqual([k, k === 2047 || k === -2048 ? 'I32_ADD_I_P' : 'I32_ADD_I']);
      // the disassembler shows the packed operands unpacked, in their places: d = 0 (the result slot), a = 0, k
      expect(listing(`add_${k}`)).toMatch(new RegExp(`^\\s+0\\s+I32_ADD_I(?:_P)? 0 0 ${k}\\n`));
    }
    for (const k of BR_K) {
      for (const x of [0, k - 1, k, k + 1, 0x7fffffff, -0x80000000]) expect([k, x, ours[`br_${k}`](x)]).toEqual([k, x, node[`br_${k}`](x)]);
      expect([k, ops(`br_${k}`)[0]]).toEqual([k, Math.abs(k + 0.5) < 2 ** 21 ? 'BR_GE_S_I_P' : 'BR_GE_S_I']);
    }
    for (const k of LOAD_K) {
      for (const x of [3000, 4096, 2052]) expect([k, x, ours[`load_${k}`](x)]).toEqual([k, x, node[`load_${k}`](x)]);
      expect([k, ops(`load_${k}`)[0]]).toEqual([k, k === 2047 || k === -2048 ? 'I32_LOAD_P' : 'I32_LOAD']);
    }
    // a load's fused add wraps at 32 bits before the offset is added: out of bounds either way
    expect(() => ours['load_2047'](-2047 - 4 - 1)).toThrow(/out of bounds/);
    expect(() => node['load_2047'](-2047 - 4 - 1)).toThrow(/out of bounds/);
  });
});
