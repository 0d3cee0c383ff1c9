import { describe, it, expect, beforeAll } from 'vitest';
import fc from 'fast-check';
import * as I from '../../src/vm/ops/i64.js';
import { instantiate, tryTrap, arbI64, lo, hi, join, RUNS } from './helpers.js';

const binops = ['mul', 'div_s', 'div_u', 'rem_s', 'rem_u', 'shl', 'shr_s', 'shr_u', 'rotl', 'rotr', 'add', 'sub'] as const;
const cmps = ['eq', 'ne', 'lt_s', 'lt_u', 'gt_s', 'gt_u', 'le_s', 'le_u', 'ge_s', 'ge_u'] as const;
const unops = ['clz', 'ctz', 'popcnt'] as const;
const exts = ['extend8_s', 'extend16_s', 'extend32_s'] as const;

let W: any;
beforeAll(async () => {
  const fns = [
    ...binops.map((o) => `(func (export "${o}") (param i64 i64) (result i64) local.get 0 local.get 1 i64.${o})`),
    ...cmps.map((o) => `(func (export "${o}") (param i64 i64) (result i32) local.get 0 local.get 1 i64.${o})`),
    ...unops.map((o) => `(func (export "${o}") (param i64) (result i64) local.get 0 i64.${o})`),
    ...exts.map((o) => `(func (export "${o}") (param i64) (result i64) local.get 0 i64.${o})`),
    `(func (export "eqz") (param i64) (result i32) local.get 0 i64.eqz)`,
  ];
  W = await instantiate(`(module ${fns.join('\n')})`);
});

function ours2(op: (a: number, b: number, c: number, d: number) => void, a: bigint, b: bigint) {
  return tryTrap(() => { op(lo(a), hi(a), lo(b), hi(b)); return join(I.out[0], I.out[1]); });
}

describe('i64 ops vs Node WebAssembly', () => {
  for (const o of binops) {
    it(o, () => {
      const shift = ['shl', 'shr_s', 'shr_u', 'rotl', 'rotr'].includes(o);
      const f = (I as any)[o];
      fc.assert(fc.property(arbI64, arbI64, (a, b) => {
        const exp = tryTrap(() => BigInt.asIntN(64, W[o](a, b)));
        const got = shift ? tryTrap(() => { f(lo(a), hi(a), lo(b)); return join(I.out[0], I.out[1]); }) : ours2(f, a, b);
        expect(got).toEqual(exp);
      }), { numRuns: RUNS });
    });
  }
  it('div/rem exhaustive over edge pairs', () => {
    const edges = [0n, 1n, -1n, 2n, -2n, (1n << 31n) - 1n, 1n << 31n, -(1n << 31n), (1n << 32n) - 1n, 1n << 32n,
      (1n << 53n) + 1n, (1n << 63n) - 1n, -(1n << 63n), 0xffffffffn * 3n, -0x100000001n, 0x7fffffff00000000n];
    for (const o of ['div_s', 'div_u', 'rem_s', 'rem_u'] as const)
      for (const a of edges) for (const b of edges)
        expect(ours2((I as any)[o], a, b)).toEqual(tryTrap(() => BigInt.asIntN(64, W[o](a, b))));
  });
  for (const o of cmps) {
    it(o, () => {
      const f = (I as any)[o];
      fc.assert(fc.property(arbI64, fc.oneof(arbI64, fc.constant(0n)), (a, b) => {
        expect(f(lo(a), hi(a), lo(b), hi(b))).toBe(W[o](a, b));
        expect(f(lo(a), hi(a), lo(a), hi(a))).toBe(W[o](a, a));
      }), { numRuns: RUNS });
    });
  }
  for (const o of unops) {
    it(o, () => {
      const f = (I as any)[o];
      fc.assert(fc.property(arbI64, (a) => { expect(BigInt(f(lo(a), hi(a)))).toBe(W[o](a)); }), { numRuns: RUNS });
    });
  }
  for (const o of [...exts, 'extend_i32_s', 'extend_i32_u'] as const) {
    it(o, () => {
      const f = (I as any)[o];
      fc.assert(fc.property(arbI64, (a) => {
        f(lo(a));
        const exp = o === 'extend_i32_s' ? BigInt.asIntN(32, a) : o === 'extend_i32_u' ? BigInt.asUintN(32, a) : BigInt.asIntN(64, W[o](a));
        expect(join(I.out[0], I.out[1])).toBe(BigInt.asIntN(64, exp));
      }), { numRuns: RUNS });
    });
  }
  it('eqz', () => {
    fc.assert(fc.property(arbI64, (a) => { expect(I.eqz(lo(a), hi(a))).toBe(W.eqz(a)); }), { numRuns: 500 });
    expect(I.eqz(0, 0)).toBe(1);
  });
});
