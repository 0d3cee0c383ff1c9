// The superinstructions added for interpreter speed (constant i64 shifts, xor-with-shift, f64 triple
// products, f64 arithmetic stored straight to memory) against Node's WebAssembly, on edge and random
// inputs, with each operand order the translator fuses. Floats travel as i64 bits.
import { describe, expect, it } from 'vitest';
import { Instance, Module } from '../../src/index.js';
import { NodeWasm, buildModule, f64, i32, i64, sleb } from './wasm-builder.js';
import type { FuncDef } from './wasm-builder.js';
import { disassemble } from '../../src/vm/translate/disasm.js';
import type { FuncInst } from '../../src/vm/runtime/func.js';

const get = (i: number): number[] => [0x20, i];
const asF64 = (i: number): number[] => [...get(i), 0xbf];
const I64_CONST = (k: number): number[] => [0x42, ...sleb(k)];
const SHIFTS = { shl: 0x86, shr_s: 0x87, shr_u: 0x88 } as const;
const COUNTS = [0, 1, 5, 31, 32, 33, 40, 63, 64, 65, 127, -1];

const funcs: FuncDef[] = [];
const fn = (name: string, params: number[], results: number[], body: number[]): void => {
  funcs.push({ params, results, body, export: name });
};
for (const [s, op] of Object.entries(SHIFTS)) {
  for (const k of COUNTS) {
    fn(`${s}_${k}`, [i64], [i64], [...get(0), ...I64_CONST(k), op]);
    if (s !== 'shr_s') {
      // a ^ (x op k) with the shift on either side of the xor, and x ^= x op k
      fn(`xr_${s}_${k}`, [i64, i64], [i64], [...get(1), ...get(0), ...I64_CONST(k), op, 0x85]);
      fn(`xl_${s}_${k}`, [i64, i64], [i64], [...get(0), ...I64_CONST(k), op, ...get(1), 0x85]);
      fn(`xs_${s}_${k}`, [i64], [i64], [...get(0), ...get(0), ...I64_CONST(k), op, 0x85]);
    }
  }
}
// the same for i32 (shl, shr_u, rotl, rotr; a rotr is a rotl by 32 - k)
const I32_SHIFTS = { shl: 0x74, shr_u: 0x76, rotl: 0x77, rotr: 0x78 } as const;
const COUNTS32 = [0, 1, 13, 31, 32, 33, -1];
for (const [s, op] of Object.entries(I32_SHIFTS)) {
  for (const k of COUNTS32) {
    const K = [0x41, ...sleb(k)];
    fn(`i32_${s}_${k}`, [i32], [i32], [...get(0), ...K, op]);
    fn(`i32_xr_${s}_${k}`, [i32, i32], [i32], [...get(1), ...get(0), ...K, op, 0x73]);
    fn(`i32_xl_${s}_${k}`, [i32, i32], [i32], [...get(0), ...K, op, ...get(1), 0x73]);
  }
}
// (a * b) * c and c * (a * b); a * b * a (an operand read twice)
fn('mul3_r', [i64, i64, i64], [i64], [...asF64(0), ...asF64(1), 0xa2, ...asF64(2), 0xa2, 0xbd]);
fn('mul3_l', [i64, i64, i64], [i64], [...asF64(2), ...asF64(0), ...asF64(1), 0xa2, 0xa2, 0xbd]);
fn('mul3_same', [i64, i64, i64], [i64], [...asF64(0), ...asF64(1), 0xa2, ...asF64(0), 0xa2, 0xbd]);
// f64.store (offset 8) of a + b, a - b, a * b at address p; load returns the stored bits
for (const [name, op] of [['add', 0xa0], ['sub', 0xa1], ['mul', 0xa2]] as const) {
  fn(`store_${name}`, [i32, i64, i64], [i64], [...get(0), ...asF64(1), ...asF64(2), op, 0x39, 3, 8, ...get(0), 0x29, 3, 8]);
}

// i64 compare-and-branch: br_if on i64.eq / ne / eqz (and `if`, which branches on the negation)
for (const [name, cmp] of [['eq', [0x51]], ['ne', [0x52]], ['eqz', [0x50]], ['not_eqz', [0x50, 0x45]]] as const) {
  const operands = name.endsWith('eqz') ? get(0) : [...get(0), ...get(1)];
  fn(`brif_${name}`, [i64, i64], [i32], [0x02, 0x40, ...operands, ...cmp, 0x0d, 0, 0x41, 7, 0x0f, 0x0b, 0x41, 9]);
  fn(`if_${name}`, [i64, i64], [i32], [...operands, ...cmp, 0x04, 0x7f, 0x41, 9, 0x05, 0x41, 7, 0x0b]);
}
// i32.load of a + (x << k) (an array element), offset 4
for (const k of [0, 2, 31]) {
  fn(`idx_${k}`, [i32, i32], [i32], [...get(0), ...get(1), 0x41, k, 0x74, 0x6a, 0x28, 2, 4]);
}

// i64 arithmetic written out in the loop (its carries, borrows and the high half of the low product)
for (const [name, op] of [['add', 0x7c], ['sub', 0x7d], ['mul', 0x7e]] as const) fn(`i64_${name}`, [i64, i64], [i64], [...get(0), ...get(1), op]);
fn('poke', [i32, i32], [], [...get(0), ...get(1), 0x36, 2, 0]);
// an f64.load consumed by arithmetic at once (read as a number), and one whose exact bits must survive
// (kept by local.tee, then returned as bits) although arithmetic reads it too
const F64_ONE = [0x44, 0, 0, 0, 0, 0, 0, 0xf0, 0x3f];
fn('ld_add', [i32], [i64], [...get(0), 0x2b, 3, 0, ...F64_ONE, 0xa0, 0xbd]);
fn('ld_div_l', [i32], [i64], [...F64_ONE, ...get(0), 0x2b, 3, 8, 0xa3, 0xbd]);
funcs.push({ params: [i32], results: [i64], locals: [f64], export: 'ld_tee',
  body: [...get(0), 0x2b, 3, 0, 0x22, 1, ...F64_ONE, 0xa0, 0x1a, ...get(1), 0xbd] });

const bytes = buildModule({ funcs, memory: { min: 1 } });
const ours = new Instance(new Module(bytes), {}).exports as Record<string, (...a: unknown[]) => unknown>;
const node = new NodeWasm.Instance(new NodeWasm.Module(bytes), {}).exports as Record<string, (...a: unknown[]) => unknown>;

// A deterministic PRNG (xorshift64*) for the random operands.
let seed = 0x9e3779b97f4a7c15n;
function rand64(): bigint {
  seed ^= seed >> 12n;
  seed ^= (seed << 25n) & 0xffffffffffffffffn;
  seed ^= seed >> 27n;
  return BigInt.asIntN(64, seed * 0x2545f4914f6cdd1dn);
}
const EDGE = [0n, 1n, -1n, 0x7fffffffffffffffn, -0x8000000000000000n, 0x80000000n, 0xffffffffn, -0x100000000n];
const F64_BITS = (x: number): bigint => new BigInt64Array(new Float64Array([x]).buffer)[0];
const F_EDGE = [0, -0, 1.5, -3.25, 1e308, 5e-324, Infinity, -Infinity, NaN].map(F64_BITS);
const isNaN64 = (b: bigint): boolean => (b & 0x7ff0000000000000n) === 0x7ff0000000000000n && (b & 0xfffffffffffffn) !== 0n;

function outcome(f: () => unknown): unknown {
  try {
    return f();
  } catch (e) {
    return `trap`;
  }
}

function same(name: string, args: unknown[], floats: boolean): void {
  const a = outcome(() => ours[name](...args));
  const b = outcome(() => node[name](...args));
  if (floats && typeof a === 'bigint' && typeof b === 'bigint' && isNaN64(a) && isNaN64(b)) return;
  expect([name, args, a]).toEqual([name, args, b]);
}

describe('superinstructions agree with Node', () => {
  it('constant i64 shifts and xor-shifts', () => {
    const values = [...EDGE, ...Array.from({ length: 40 }, rand64)];
    for (const s of Object.keys(SHIFTS)) {
      for (const k of COUNTS) {
        for (const x of values) {
          same(`${s}_${k}`, [x], false);
          if (s !== 'shr_s') {
            const y = rand64();
            same(`xr_${s}_${k}`, [x, y], false);
            same(`xl_${s}_${k}`, [x, y], false);
            same(`xs_${s}_${k}`, [x], false);
          }
        }
      }
    }
  });

  it('constant i32 shifts and rotates, and xor with them', () => {
    const values = [0, 1, -1, 0x7fffffff, -0x80000000, 0x12345678, ...Array.from({ length: 20 }, () => Number(BigInt.asIntN(32, rand64())))];
    for (const s of Object.keys(I32_SHIFTS)) {
      for (const k of COUNTS32) {
        for (const x of values) {
          const y = Number(BigInt.asIntN(32, rand64()));
          same(`i32_${s}_${k}`, [x], false);
          same(`i32_xr_${s}_${k}`, [x, y], false);
          same(`i32_xl_${s}_${k}`, [x, y], false);
        }
      }
    }
  });

  it('i64 add, sub and mul (low halves near 2^32, products near 2^64)', () => {
    const values = [...EDGE, 0xfffffffen, 0x1ffffffffn, 0xffffffff00000001n, 0x100000001n, 0xfffff800n, ...Array.from({ length: 60 }, rand64)];
    for (const x of values) for (const y of values) for (const name of ['i64_add', 'i64_sub', 'i64_mul']) same(name, [x, y], false);
  });

  it('f64 triple products', () => {
    const values = [...F_EDGE, ...Array.from({ length: 20 }, () => F64_BITS((Number(rand64() % 100000n) / 7) * 1e-3))];
    for (const a of values) for (const b of values) for (const name of ['mul3_r', 'mul3_l', 'mul3_same']) same(name, [a, b, F_EDGE[3]], true);
  });

  it('f64 results stored straight to memory, with bounds checks', () => {
    const addrs = [0, 8, 1001, 65536 - 16, 65536 - 15, 65536 - 8, 65536, -8, -1];
    for (const p of addrs) {
      for (const a of F_EDGE) for (const name of ['store_add', 'store_sub', 'store_mul']) same(name, [p, a, F_EDGE[2]], true);
    }
  });

  it('i64 compare-and-branch', () => {
    const values = [0n, 1n, -1n, 0x100000000n, 0xffffffffn, -0x8000000000000000n, rand64()];
    for (const a of values) {
      for (const b of values) {
        for (const name of ['eq', 'ne', 'eqz', 'not_eqz']) {
          same(`brif_${name}`, [a, b], false);
          same(`if_${name}`, [a, b], false);
        }
      }
    }
  });

  it('indexed i32 loads, with wrapping and bounds checks', () => {
    for (let p = 0; p < 65536; p += 4) {
      ours.poke(p, Math.imul(p + 1, 0x9e3779b1));
      node.poke(p, Math.imul(p + 1, 0x9e3779b1));
    }
    const xs = [0, 1, 100, 16379, 16380, 16381, -1, 0x40000000, -0x40000000, 0x7fffffff];
    for (const a of [0, 4, 65528, -4, -65536, 0x7fffffff]) {
      for (const x of xs) for (const k of [0, 2, 31]) same(`idx_${k}`, [a, x], false);
    }
  });

  it('f64 loads read as numbers only where arithmetic consumes them', () => {
    // a signalling NaN with a payload at 0 and 8 (little-endian halves), then 1.5 and -0
    const words = [[1, 0x7ff40000], [0x12345, 0xfff00000], [0, 0x3ff80000], [0, 0x80000000]];
    for (const [i, [a, b]] of words.entries()) {
      for (const e of [ours, node]) {
        e.poke(i * 8, a);
        e.poke(i * 8 + 4, b);
      }
    }
    for (const p of [0, 8, 16, 24, 65528, 65529, -8]) {
      same('ld_add', [p], true);
      same('ld_div_l', [p], true);
      same('ld_tee', [p], false); // exact bits, NaN payload included
    }
    expect(ours.ld_tee(0)).toBe(0x7ff4000000000001n);
  });

  it('the fused forms are the ones that ran', () => {
    const inst = new Instance(new Module(bytes), {});
    const exp = inst.exports as Record<string, (...a: unknown[]) => unknown>;
    // translation is lazy: call each function once
    exp.shl_5(1n);
    exp.xr_shr_u_40(1n, 2n);
    exp.xl_shl_1(1n, 2n);
    exp.xs_shr_u_63(1n);
    exp.mul3_l(1n, 2n, 3n);
    exp.store_sub(0, 1n, 2n);
    const objs = (inst as unknown as { exportObjects: Map<string, FuncInst> }).exportObjects;
    const listing = (name: string): string => disassemble(objs.get(name)!.code!);
    expect(listing('shl_5')).toContain('I64_SHL_I');
    expect(listing('xr_shr_u_40')).toContain('I64_XOR_SHR_U_I');
    expect(listing('xl_shl_1')).toContain('I64_XOR_SHL_I');
    expect(listing('xs_shr_u_63')).toContain('I64_XOR_SHR_U_I');
    expect(listing('mul3_l')).toContain('F64_MUL3');
    expect(listing('store_sub')).toContain('F64_SUB_STORE');
    for (const name of ['brif_eq', 'if_ne', 'brif_eqz', 'if_eqz']) exp[name](1n, 2n);
    expect(listing('brif_eq')).toContain('BR_I64_EQ');
    expect(listing('if_ne')).toContain('BR_I64_EQ'); // `if` branches to else when the compare fails
    expect(listing('brif_eqz')).toContain('BR_I64_EQZ');
    expect(listing('if_eqz')).toContain('BR_I64_NEZ');
    for (const name of ['i32_rotr_13', 'i32_xl_rotl_1', 'i32_xr_shr_u_31', 'i32_xl_shl_13']) exp[name](1, 2);
    expect(listing('i32_rotr_13')).toContain('I32_ROTL_I');
    expect(listing('i32_xl_rotl_1')).toContain('I32_XOR_ROTL_I');
    expect(listing('i32_xr_shr_u_31')).toContain('I32_XOR_SHR_U_I');
    expect(listing('i32_xl_shl_13')).toContain('I32_XOR_SHL_I');
    exp.ld_add(0);
    exp.ld_tee(0);
    expect(listing('ld_add')).toContain('F64_LOAD_N');
    expect(listing('ld_tee')).not.toContain('F64_LOAD_N');
    exp.idx_2(0, 1);
    expect(listing('idx_2')).toContain('I32_LOAD_IDX');
  });
});
