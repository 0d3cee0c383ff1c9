// Fusions added for the interpreter without a JIT (issue #17 item 4) against Node's WebAssembly: results
// written straight to the return slot, SHA-2 style rotate chains, on edge and random inputs and with
// operand orders and aliasing the translator must not fuse wrongly.
import { describe, expect, it } from 'vitest';
import { Instance, Module } from '../../src/index.js';
import { NodeWasm, buildModule, f64, i32, i64, sleb } from './wasm-builder.js';
import type { FuncDef } from './wasm-builder.js';
import { disassemble } from '../../src/vm/translate/disasm.js';
import type { FuncInst } from '../../src/vm/runtime/func.js';

const get = (i: number): number[] => [0x20, i];
const K = (k: number): number[] => [0x41, ...sleb(k)];
const ROTL = 0x77, ROTR = 0x78, SHR_U = 0x76, XOR = 0x73;
const funcs: FuncDef[] = [];
const fn = (name: string, params: number[], results: number[], body: number[], locals?: number[]): void => {
  funcs.push({ params, results, body, export: name, locals });
};

// rotl(x, a) ^ rotl(x, b) [^ rotl(x, c) | ^ (x >>> c)], as rotl or rotr, both xor orders, counts 0..33
const rot = (x: number, k: number, op: number): number[] => [...get(x), ...K(k), op];
const CHAINS: [string, number[]][] = [
  ['big_sigma0', [...rot(0, 2, ROTR), ...rot(0, 13, ROTR), XOR, ...rot(0, 22, ROTR), XOR]],
  ['small_sigma0', [...rot(0, 7, ROTR), ...rot(0, 18, ROTR), XOR, ...get(0), ...K(3), SHR_U, XOR]],
  ['rotl_pair', [...rot(0, 5, ROTL), ...rot(0, 27, ROTL), XOR]],
  ['zero_counts', [...rot(0, 0, ROTL), ...rot(0, 32, ROTR), XOR, ...rot(0, 1, ROTL), XOR]],
  ['edge_counts', [...rot(0, 1, ROTL), ...rot(0, 31, ROTL), XOR, ...rot(0, 33, ROTR), XOR]],
  ['shr_edges', [...rot(0, 31, ROTR), ...rot(0, 1, ROTR), XOR, ...get(0), ...K(31), SHR_U, XOR]],
  ['shr_zero', [...rot(0, 3, ROTR), ...rot(0, 9, ROTR), XOR, ...get(0), ...K(32), SHR_U, XOR]],
  ['xor_swapped', [...rot(0, 2, ROTR), ...rot(0, 13, ROTR), ...rot(0, 22, ROTR), XOR, XOR]],
  ['two_values', [...rot(0, 2, ROTR), ...rot(1, 13, ROTR), XOR, ...rot(0, 22, ROTR), XOR]],
  // the first rotate overwrites x (local.tee): the second must read the new x
  ['tee_x', [...rot(0, 2, ROTR), 0x22, 0, ...rot(0, 13, ROTR), XOR, ...rot(0, 22, ROTR), XOR]],
  ['four_terms', [...rot(0, 2, ROTR), ...rot(0, 13, ROTR), XOR, ...rot(0, 22, ROTR), XOR, ...rot(0, 7, ROTL), XOR]],
];
for (const [name, body] of CHAINS) fn(name, [i32, i32], [i32], body);

// results computed just before return / the end, aliasing the parameters they overwrite
fn('ret_add', [i32, i32], [i32], [...get(0), ...get(1), 0x6a]);
fn('ret_sub_swapped', [i32, i32], [i32], [...get(1), ...get(0), 0x6b]);
fn('ret_i64_add', [i64, i64], [i64], [...get(1), ...get(0), 0x7c]);
fn('ret_i64_shl', [i64, i64], [i64], [...get(0), 0x42, 33, 0x86]);
fn('ret_f64_mul', [f64, f64], [f64], [...get(1), ...get(0), 0xa2]);
// `return` in the middle with a value below the result; br_if to the function level (no fusion there)
fn('ret_mid', [i32, i32], [i32], [...K(5), ...get(0), ...K(1), 0x6a, 0x0f]);
fn('ret_if', [i32, i32], [i32], [...get(0), 0x04, 0x40, ...get(1), ...get(0), 0x6c, 0x0f, 0x0b, ...get(0), ...get(1), 0x6b]);
fn('ret_brif', [i32, i32], [i32], [...get(1), ...K(3), 0x6a, ...get(0), 0x0d, 0, 0x1a, ...get(0), ...get(1), 0x73]);
// a local read by the result and later by nothing: the producer writes fp + 0 (param 0) in place
fn('ret_local', [i32], [i32], [...get(0), ...K(7), 0x6c, 0x21, 1, ...get(1), ...get(0), 0x6a], [i32]);
// recursion: every frame's result lands at its own fp + 0
fn('fib', [i32], [i32], [...get(0), ...K(2), 0x48, 0x04, 0x7f, ...get(0), 0x05, ...get(0), ...K(1), 0x6b, 0x10, 0,
  ...get(0), ...K(2), 0x6b, 0x10, 0, 0x6a, 0x0b]);
// a pair whose second instruction is a loop head: the back edge must run the second one alone
// (x += 1 once; then acc += 2 and n -= 1 until n is 0; n >= 1)
fn('pair_into_loop', [i32, i32], [i32], [...get(0), ...K(1), 0x6a, 0x21, 0, 0x03, 0x40, ...get(2), ...K(2), 0x6a, 0x21, 2,
  ...get(1), ...K(-1), 0x6a, 0x22, 1, 0x0d, 0, 0x0b, ...get(0), ...K(1000), 0x6c, ...get(2), 0x6a], [i32]);
// `fib` calls function 0 by index: put it first
funcs.unshift(...funcs.splice(funcs.findIndex((f) => f.export === 'fib'), 1));

const bytes = buildModule({ funcs, memory: { min: 1 } });
const ours = new Instance(new Module(bytes), {}).exports as Record<string, (...a: unknown[]) => unknown>;
const node = new NodeWasm.Instance(new NodeWasm.Module(bytes), {}).exports as Record<string, (...a: unknown[]) => unknown>;

let seed = 0x2545f491;
const rand32 = (): number => {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return seed | 0;
};
const I32S = [0, 1, -1, 0x7fffffff, -0x80000000, 0x12345678, ...Array.from({ length: 30 }, rand32)];
const same = (name: string, args: unknown[]): void => expect([name, args, ours[name](...args)]).toEqual([name, args, node[name](...args)]);

describe('fused chains agree with Node', () => {
  it('rotate chains (SHA-2 sigma functions) and the orders and aliasing that must not fuse', () => {
    for (const [name] of CHAINS) for (const x of I32S) same(name, [x, rand32()]);
  });

  it('results written straight to the return slot', () => {
    for (const a of I32S.slice(0, 12)) {
      for (const b of I32S.slice(0, 12)) {
        for (const name of ['ret_add', 'ret_sub_swapped', 'ret_mid', 'ret_if', 'ret_brif', 'ret_local']) same(name, [a, b]);
        same('ret_i64_add', [BigInt(a) << 20n, BigInt(b) * 0x10001n]);
        same('ret_i64_shl', [BigInt(a) * 0x100000007n, 0n]);
        same('ret_f64_mul', [a / 7, b * 1.5]);
      }
    }
    for (let n = 0; n < 20; n++) same('fib', [n]);
  });

  it('a branch to the second instruction of a pair runs it alone', () => {
    for (const [x, n] of [[0, 1], [5, 7], [-1, 100]]) same('pair_into_loop', [x, n]);
  });

  it('the fused forms are the ones that ran', () => {
    const inst = new Instance(new Module(bytes), {});
    const exp = inst.exports as Record<string, (...a: unknown[]) => unknown>;
    for (const [name] of CHAINS) exp[name](1, 2);
    exp.ret_add(1, 2);
    const objs = (inst as unknown as { exportObjects: Map<string, FuncInst> }).exportObjects;
    const listing = (name: string): string => disassemble(objs.get(name)!.code!);
    expect(listing('big_sigma0')).toContain('I32_ROTL3_I');
    expect(listing('small_sigma0')).toContain('I32_ROTL2_SHR_I');
    expect(listing('rotl_pair')).toContain('I32_ROTL2_I');
    expect(listing('two_values')).not.toMatch(/ROTL[23]/);
    expect(listing('tee_x')).not.toMatch(/ROTL[23]/);
    expect(listing('ret_add')).toMatch(/^\s+0\s+I32_ADD(?:_P)?(?:__RETURN)? 0 0 2\n\s+4\s+RETURN/); // (packed: translate/packed-operands.ts)
    exp.pair_into_loop(1, 2);
    expect(listing('pair_into_loop')).toContain('I32_ADD_I_P__I32_ADD_I_P');
  });
});
