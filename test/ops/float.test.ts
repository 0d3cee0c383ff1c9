import { describe, it, expect, beforeAll } from 'vitest';
import fc from 'fast-check';
import * as F from '../../src/vm/ops/float.js';
import { instantiate, arbF32Bits, arbF64Bits, RUNS, f32FromBits, f64FromBits, f32Bits, f64Bits, sameF32, sameF64 } from './helpers.js';

let W: any;
const un = ['ceil', 'floor', 'trunc', 'nearest', 'sqrt', 'abs', 'neg'];
const bin = ['add', 'sub', 'mul', 'div', 'min', 'max', 'copysign'];
beforeAll(async () => {
  const fns: string[] = [];
  for (const [t, it] of [['f32', 'i32'], ['f64', 'i64']]) {
    for (const o of un) fns.push(`(func (export "${t}.${o}") (param ${it}) (result ${it}) local.get 0 ${t}.reinterpret_${it} ${t}.${o} ${it}.reinterpret_${t})`);
    for (const o of bin) fns.push(`(func (export "${t}.${o}") (param ${it} ${it}) (result ${it}) local.get 0 ${t}.reinterpret_${it} local.get 1 ${t}.reinterpret_${it} ${t}.${o} ${it}.reinterpret_${t})`);
  }
  W = await instantiate(`(module ${fns.join('\n')})`);
});

const ours32: Record<string, (...a: number[]) => number> = {
  ceil: (a) => f32Bits(F.ceil(f32FromBits(a))),
  floor: (a) => f32Bits(F.floor(f32FromBits(a))),
  trunc: (a) => f32Bits(F.trunc(f32FromBits(a))),
  nearest: (a) => f32Bits(F.f32_nearest(f32FromBits(a))),
  sqrt: (a) => f32Bits(F.f32_sqrt(f32FromBits(a))),
  abs: (a) => F.f32_abs_bits(a) >>> 0,
  neg: (a) => F.f32_neg_bits(a) >>> 0,
  add: (a, b) => f32Bits(F.f32_add(f32FromBits(a), f32FromBits(b))),
  sub: (a, b) => f32Bits(F.f32_sub(f32FromBits(a), f32FromBits(b))),
  mul: (a, b) => f32Bits(F.f32_mul(f32FromBits(a), f32FromBits(b))),
  div: (a, b) => f32Bits(F.f32_div(f32FromBits(a), f32FromBits(b))),
  min: (a, b) => f32Bits(F.f32_min(f32FromBits(a), f32FromBits(b))),
  max: (a, b) => f32Bits(F.f32_max(f32FromBits(a), f32FromBits(b))),
  copysign: (a, b) => F.f32_copysign_bits(a, b) >>> 0,
};
const L = (b: bigint) => Number(BigInt.asIntN(32, b));
const H = (b: bigint) => Number(BigInt.asIntN(32, b >> 32n));
const J = (l: number, h: number) => (BigInt(h >>> 0) << 32n) | BigInt(l >>> 0);
const ours64: Record<string, (...a: bigint[]) => bigint> = {
  ceil: (a) => f64Bits(F.ceil(f64FromBits(a))),
  floor: (a) => f64Bits(F.floor(f64FromBits(a))),
  trunc: (a) => f64Bits(F.trunc(f64FromBits(a))),
  nearest: (a) => f64Bits(F.f64_nearest(f64FromBits(a))),
  sqrt: (a) => f64Bits(F.f64_sqrt(f64FromBits(a))),
  abs: (a) => J(L(a), F.f64_abs_hi(H(a))),
  neg: (a) => J(L(a), F.f64_neg_hi(H(a))),
  add: (a, b) => f64Bits(f64FromBits(a) + f64FromBits(b)),
  sub: (a, b) => f64Bits(f64FromBits(a) - f64FromBits(b)),
  mul: (a, b) => f64Bits(f64FromBits(a) * f64FromBits(b)),
  div: (a, b) => f64Bits(f64FromBits(a) / f64FromBits(b)),
  min: (a, b) => f64Bits(F.f64_min(f64FromBits(a), f64FromBits(b))),
  max: (a, b) => f64Bits(F.f64_max(f64FromBits(a), f64FromBits(b))),
  copysign: (a, b) => J(L(a), F.f64_copysign_hi(H(a), H(b))),
};
const exactBits = new Set(['abs', 'neg', 'copysign']);

describe('float ops vs Node WebAssembly', () => {
  for (const o of [...un, ...bin]) {
    it('f32.' + o, () => {
      fc.assert(fc.property(arbF32Bits, arbF32Bits, (a, b) => {
        const exp = W['f32.' + o](a | 0, b | 0) >>> 0;
        const got = ours32[o](a, b);
        if (exactBits.has(o)) expect(got).toBe(exp);
        else expect(sameF32(got, exp, o === 'copysign' ? [] : (un.includes(o) ? [a] : [a, b])), `${a.toString(16)} ${b.toString(16)}: ${got.toString(16)} vs ${exp.toString(16)}`).toBe(true);
      }), { numRuns: RUNS });
    });
    it('f64.' + o, () => {
      fc.assert(fc.property(arbF64Bits, arbF64Bits, (a, b) => {
        const exp = BigInt.asUintN(64, W['f64.' + o](BigInt.asIntN(64, a), BigInt.asIntN(64, b)));
        const got = ours64[o](a, b);
        if (exactBits.has(o)) expect(got).toBe(exp);
        else expect(sameF64(got, exp, un.includes(o) ? [a] : [a, b]), `${a.toString(16)} ${b.toString(16)}: ${got.toString(16)} vs ${exp.toString(16)}`).toBe(true);
      }), { numRuns: RUNS });
    });
  }
  it('NaN classification', () => {
    expect(F.f32_isNaN_bits(0x7fc00000)).toBe(1);
    expect(F.f32_isNaN_bits(0x7f800000)).toBe(0);
    expect(F.f64_isNaN_bits(1, 0x7ff00000)).toBe(1);
    expect(F.f64_isNaN_bits(0, 0xfff00000 | 0)).toBe(0);
  });
});
