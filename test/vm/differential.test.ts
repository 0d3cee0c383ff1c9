// Differential testing against Node's WebAssembly: the same module and random inputs (fast-check) must give
// the same results (bit-exact, any NaN matches any NaN where the spec allows arithmetic NaNs) and the same
// traps.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Instance, Module, Store, Trap } from '../../src/index.js';
import { jit } from '../../src/jit/index.js';
import type { WasmValue } from '../../src/index.js';
import { NodeWasm, buildModule, f32, f64, i32, i64 } from './wasm-builder.js';
import type { FuncDef } from './wasm-builder.js';

type Kind = 'i32' | 'i64' | 'f32' | 'f64';
const T: Record<Kind, number> = { i32, i64, f32, f64 };

// Floats travel as their integer bits so Node cannot canonicalize NaNs in transit.
const asBits: Record<Kind, Kind> = { i32: 'i32', i64: 'i64', f32: 'i32', f64: 'i64' };
const fromBits: Record<Kind, number[]> = { i32: [], i64: [], f32: [0xbe], f64: [0xbf] };
const toBits: Record<Kind, number[]> = { i32: [], i64: [], f32: [0xbc], f64: [0xbd] };

interface OpCase { name: string; op: number[]; params: Kind[]; result: Kind; nanOk: boolean }
const cases: OpCase[] = [];
function add(name: string, op: number | number[], params: Kind[], result: Kind): void {
  cases.push({ name, op: Array.isArray(op) ? op : [op], params, result, nanOk: result === 'f32' || result === 'f64' });
}
// i32 / i64 binary and compare, unary
for (let o = 0x6a; o <= 0x78; o++) add(`i32_${o.toString(16)}`, o, ['i32', 'i32'], 'i32');
for (let o = 0x46; o <= 0x4f; o++) add(`i32cmp_${o.toString(16)}`, o, ['i32', 'i32'], 'i32');
for (let o = 0x67; o <= 0x69; o++) add(`i32un_${o.toString(16)}`, o, ['i32'], 'i32');
for (let o = 0x7c; o <= 0x8a; o++) add(`i64_${o.toString(16)}`, o, ['i64', 'i64'], 'i64');
for (let o = 0x51; o <= 0x5a; o++) add(`i64cmp_${o.toString(16)}`, o, ['i64', 'i64'], 'i32');
for (let o = 0x79; o <= 0x7b; o++) add(`i64un_${o.toString(16)}`, o, ['i64'], 'i64');
add('i64_eqz', 0x50, ['i64'], 'i32');
// i64 shapes the JS tier generates specially (src/vm/jstier/codegen.ts): division by a zero-extended
// divisor (inline long division), selects with a branch-free mask, carries and borrows of constants
const sleb = (v: bigint): number[] => {
  const out: number[] = [];
  for (;;) {
    const b = Number(v & 0x7fn);
    v >>= 7n;
    if ((v === 0n && (b & 0x40) === 0) || (v === -1n && (b & 0x40) !== 0)) return [...out, b];
    out.push(b | 0x80);
  }
};
for (const o of [0x80, 0x82]) {
  add(`i64_${o.toString(16)}_zext`, [0xad, o], ['i64', 'i32'], 'i64');
  add(`i64_${o.toString(16)}_zext_both`, [0x1a, 0x1a, 0x20, 0, 0xad, 0x20, 1, 0xad, o], ['i32', 'i32'], 'i64');
  // a constant dividend below 2^32 (its high half a known 0 too: one division)
  add(`i64_${o.toString(16)}_const_zext`, [0x1a, 0x42, ...sleb(3000000123n), 0x20, 0, 0xad, o], ['i32'], 'i64');
  // (x >> 40) | 1, computed just before the division: used in place
  add(`i64_${o.toString(16)}_shr_or`, [0x42, 40, 0x88, 0x42, 1, 0x84, o], ['i64', 'i64'], 'i64');
}
add('i64_select_lt0', [0x42, 0, 0x53, 0x1b], ['i64', 'i64', 'i64'], 'i64');
add('i64_select_ge0', [0x42, 0, 0x59, 0x1b], ['i64', 'i64', 'i64'], 'i64');
add('i64_select_i32', [0x1b], ['i64', 'i64', 'i32'], 'i64');
add('i64_select_and', [0x41, 15, 0x71, 0x1b], ['i64', 'i64', 'i32'], 'i64');
add('i64_select_cmp', [0x49, 0x1b], ['i64', 'i64', 'i32', 'i32'], 'i64');
for (const k of [1n, 0x7fffffffn, 0x80000000n, 0xffffffffn, -1n, 0x123456789n, -0x80000001n]) {
  add(`i64_add_${k}`, [0x42, ...sleb(k), 0x7c], ['i64'], 'i64');
  add(`i64_sub_${k}`, [0x42, ...sleb(k), 0x7d], ['i64'], 'i64');
}
// x = x + y and x = x - y on a local (the new high half reads x's old low half)
add('i64_add_local', [0x7c, 0x21, 0, 0x20, 0], ['i64', 'i64'], 'i64');
add('i64_sub_local', [0x7d, 0x21, 0, 0x20, 0], ['i64', 'i64'], 'i64');
// floats
for (let o = 0x5b; o <= 0x60; o++) add(`f32cmp_${o.toString(16)}`, o, ['f32', 'f32'], 'i32');
for (let o = 0x61; o <= 0x66; o++) add(`f64cmp_${o.toString(16)}`, o, ['f64', 'f64'], 'i32');
for (let o = 0x8b; o <= 0x91; o++) add(`f32un_${o.toString(16)}`, o, ['f32'], 'f32');
for (let o = 0x92; o <= 0x98; o++) add(`f32bin_${o.toString(16)}`, o, ['f32', 'f32'], 'f32');
for (let o = 0x99; o <= 0x9f; o++) add(`f64un_${o.toString(16)}`, o, ['f64'], 'f64');
for (let o = 0xa0; o <= 0xa6; o++) add(`f64bin_${o.toString(16)}`, o, ['f64', 'f64'], 'f64');
// conversions 0xa7..0xc4 (skip reinterprets, tested by the bit transport itself)
const conv: [number, Kind, Kind][] = [
  [0xa7, 'i64', 'i32'], [0xa8, 'f32', 'i32'], [0xa9, 'f32', 'i32'], [0xaa, 'f64', 'i32'], [0xab, 'f64', 'i32'],
  [0xac, 'i32', 'i64'], [0xad, 'i32', 'i64'], [0xae, 'f32', 'i64'], [0xaf, 'f32', 'i64'], [0xb0, 'f64', 'i64'],
  [0xb1, 'f64', 'i64'], [0xb2, 'i32', 'f32'], [0xb3, 'i32', 'f32'], [0xb4, 'i64', 'f32'], [0xb5, 'i64', 'f32'],
  [0xb6, 'f64', 'f32'], [0xb7, 'i32', 'f64'], [0xb8, 'i32', 'f64'], [0xb9, 'i64', 'f64'], [0xba, 'i64', 'f64'],
  [0xbb, 'f32', 'f64'], [0xc0, 'i32', 'i32'], [0xc1, 'i32', 'i32'], [0xc2, 'i64', 'i64'], [0xc3, 'i64', 'i64'],
  [0xc4, 'i64', 'i64'],
];
for (const [o, p, r] of conv) add(`conv_${o.toString(16)}`, o, [p], r);
for (let s = 0; s < 8; s++) add(`sat_${s}`, [0xfc, s], [s & 2 ? 'f64' : 'f32'], s < 4 ? 'i32' : 'i64');

const funcs: FuncDef[] = cases.map((c) => ({
  params: c.params.map((k) => T[asBits[k]]),
  results: [T[asBits[c.result]]],
  body: [...c.params.flatMap((k, i) => [0x20, i, ...fromBits[k]]), ...c.op, ...toBits[c.result]],
  export: c.name,
}));
const bytes = buildModule({ funcs });

// Interesting values first, then anything.
const i32Arb = fc.oneof(
  fc.constantFrom(0, 1, -1, 2, 31, 32, 63, 64, -2147483648, 2147483647, 0x7fc00000, 0x7f800000, 0xff800000 | 0, 0x80000000 | 0, 0x4f000000, 0xcf000000 | 0),
  fc.integer({ min: -2147483648, max: 2147483647 }),
);
const i64Arb = fc.oneof(
  fc.constantFrom(0n, 1n, -1n, 63n, 64n, -(2n ** 63n), 2n ** 63n - 1n, 0x7ff8000000000000n, 0x7ff0000000000000n, 0x43e0000000000000n, -0x3c20000000000000n, 0x41dfffffffc00000n, 0x8000000000000000n - 2n ** 64n),
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
  fc.double().map((d) => new BigInt64Array(new Float64Array([d]).buffer)[0]),
);
const f32Arb = fc.oneof(i32Arb, fc.float().map((f) => new Int32Array(new Float32Array([f]).buffer)[0]));
const arbOf: Record<Kind, fc.Arbitrary<number | bigint>> = { i32: i32Arb, i64: i64Arb, f32: f32Arb, f64: i64Arb };

function isNaNBits(k: Kind, v: number | bigint): boolean {
  if (k === 'f32') return ((v as number) & 0x7f800000) === 0x7f800000 && ((v as number) & 0x7fffff) !== 0;
  if (k === 'f64') {
    const b = BigInt.asUintN(64, v as bigint);
    return (b & 0x7ff0000000000000n) === 0x7ff0000000000000n && (b & 0xfffffffffffffn) !== 0n;
  }
  return false;
}

/** Node's trap messages → the spec's reasons. */
function nodeReason(e: unknown): string {
  const m = e instanceof Error ? e.message : String(e);
  if (/divide by zero|remainder by zero/.test(m)) return 'integer divide by zero';
  if (/unrepresentable|integer overflow/.test(m)) return 'integer overflow';
  return m;
}

// On both tiers: the interpreter alone, and every function compiled to JS on its first call (src/vm/jstier).
describe.each(['interpreter', 'js'] as const)('differential vs Node WebAssembly (tier %s)', (tier) => {
  const ours = new Instance(new Module(bytes), {}, { store: new Store({ tier, compiler: jit }) });
  const node = new NodeWasm.Instance(new NodeWasm.Module(bytes), {}).exports;

  for (const c of cases) {
    it(c.name, () => {
      fc.assert(
        fc.property(fc.tuple(...c.params.map((k) => arbOf[k])), (args) => {
          let expected: unknown;
          let expectedTrap: string | undefined;
          try {
            expected = node[c.name](...args);
          } catch (e) {
            expectedTrap = nodeReason(e);
          }
          const wargs: WasmValue[] = args.map((a, i) =>
            asBits[c.params[i]] === 'i32' ? { type: 'i32', value: Number(a) | 0 } : { type: 'i64', value: BigInt.asIntN(64, a as bigint) },
          );
          let got: unknown;
          let gotTrap: string | undefined;
          try {
            got = (ours.invoke(c.name, wargs)[0] as { value: unknown }).value;
          } catch (e) {
            if (!(e instanceof Trap)) throw e;
            gotTrap = e.reason;
          }
          if (expectedTrap !== undefined || gotTrap !== undefined) {
            // 'invalid conversion to integer' (NaN) and 'integer overflow' both read as unrepresentable in V8
            const norm = (s?: string) => (s === 'invalid conversion to integer' ? 'integer overflow' : s);
            expect(norm(gotTrap)).toBe(norm(expectedTrap));
            return;
          }
          if (c.nanOk && isNaNBits(c.result, got as number | bigint) && isNaNBits(c.result, expected as number | bigint)) return;
          expect(got).toBe(expected);
        }),
        { numRuns: 300 },
      );
    });
  }
});
