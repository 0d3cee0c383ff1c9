import { describe, it, expect, beforeAll } from 'vitest';
import fc from 'fast-check';
import * as I from '../../src/vm/ops/i32.js';
import { instantiate, tryTrap, arbI32, RUNS } from './helpers.js';

const bin = ['div_s', 'div_u', 'rem_s', 'rem_u', 'rotl', 'rotr'] as const;
const un = ['clz', 'ctz', 'popcnt', 'extend8_s', 'extend16_s'] as const;
let W: any;
beforeAll(async () => {
  W = await instantiate(`(module
    ${bin.map((o) => `(func (export "${o}") (param i32 i32) (result i32) local.get 0 local.get 1 i32.${o})`).join('\n')}
    ${un.map((o) => `(func (export "${o}") (param i32) (result i32) local.get 0 i32.${o})`).join('\n')})`);
});
describe('i32 ops vs Node WebAssembly', () => {
  for (const o of bin) it(o, () => {
    fc.assert(fc.property(arbI32, arbI32, (a, b) => {
      expect(tryTrap(() => (I as any)[o](a, b))).toEqual(tryTrap(() => W[o](a, b)));
    }), { numRuns: RUNS });
    for (const a of [0, 1, -1, -2147483648, 2147483647]) for (const b of [0, 1, -1, 2, -2147483648, 31, 32, 33])
      expect(tryTrap(() => (I as any)[o](a, b))).toEqual(tryTrap(() => W[o](a, b)));
  });
  for (const o of un) it(o, () => {
    fc.assert(fc.property(arbI32, (a) => { expect((I as any)[o](a)).toBe(W[o](a)); }), { numRuns: RUNS });
  });
});
