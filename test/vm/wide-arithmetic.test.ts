// The wide-arithmetic pack (`purewasm/wide-arithmetic`: i64.add128, i64.sub128, i64.mul_wide_s,
// i64.mul_wide_u; src/wide-arithmetic): every instruction against 128-bit results computed here with BigInt
// (an oracle independent of the VM's int32-pair arithmetic: Node's WebAssembly has no wide arithmetic), in
// the interpreter and in a store with the JS tier (whose generated code calls the run time's rt.wide); the
// refusal without the pack; `validate` with and without it.
import { describe, expect, it } from 'vitest';
import { parse } from '@bytecodealliance/jco-transpile/wasm-tools';
import { CompileError, Component, Instance, Linker, Module, Store, validate } from '../../src/index.js';
import { debug } from '../../src/debug/index.js';
import { compileToJs, jit } from '../../src/jit/index.js';
import { jsRuntime } from '../../src/js-runtime/index.js';
import { legacyExceptions } from '../../src/legacy-exceptions/index.js';
import { simd } from '../../src/simd/index.js';
import { printModule } from '../../src/text/index.js';
import { threads } from '../../src/threads/index.js';
import { wideArithmetic } from '../../src/wide-arithmetic/index.js';

const M64 = (1n << 64n) - 1n;
const M128 = (1n << 128n) - 1n;
const u64 = (x: bigint): bigint => x & M64;
const s64 = (x: bigint): bigint => BigInt.asIntN(64, x);
/** A 128-bit value as the (low, high) i64 pair the instructions take and give, both signed as JS sees i64s. */
const halves = (x: bigint): [bigint, bigint] => [s64(x & M64), s64((x & M128) >> 64n)];
const join = (lo: bigint, hi: bigint): bigint => (u64(hi) << 64n) | u64(lo);

const oracle = {
  add128: (a: bigint, b: bigint, c: bigint, d: bigint) => halves(join(a, b) + join(c, d)),
  sub128: (a: bigint, b: bigint, c: bigint, d: bigint) => halves(join(a, b) - join(c, d)),
  mul_wide_s: (a: bigint, b: bigint) => halves(s64(a) * s64(b)),
  mul_wide_u: (a: bigint, b: bigint) => halves(u64(a) * u64(b)),
};

// Each export returns both halves; the pair goes through locals, a tee and a constant operand too, so the
// translator's operand forms (locals, stack slots, the constant pool) all feed the instruction.
const WAT = `(module
  (func (export "add128") (param i64 i64 i64 i64) (result i64 i64)
    local.get 0 local.get 1 local.get 2 local.get 3 i64.add128)
  (func (export "sub128") (param i64 i64 i64 i64) (result i64 i64)
    local.get 0 local.get 1 local.get 2 local.get 3 i64.sub128)
  (func (export "mul_wide_s") (param i64 i64) (result i64 i64)
    local.get 0 local.get 1 i64.mul_wide_s)
  (func (export "mul_wide_u") (param i64 i64) (result i64 i64)
    local.get 0 local.get 1 i64.mul_wide_u)
  (func (export "chain") (param i64 i64) (result i64 i64) (local i64 i64)
    ;; (a, b) * (a + 1) as 128 bits, minus (b, 7): results into locals, then onwards
    local.get 0 local.get 1 i64.mul_wide_u local.set 3 local.set 2
    local.get 2 local.get 3 local.get 0 i64.const 1 i64.add i64.const 0 i64.add128
    local.get 1 i64.const 7 i64.sub128)
  (func (export "hi_of_square") (param i64) (result i64)
    local.get 0 local.get 0 i64.mul_wide_s local.set 0 drop local.get 0))`;

// Operands: the edges (0, 1, -1, 2^63, 2^63-1, 2^32 ± 1, 2^31, 2^16 …), values with a carry out of every
// 32-bit word, and random 64-bit values.
function edgeValues(): bigint[] {
  const v = [0n, 1n, -1n, 1n << 63n, (1n << 63n) - 1n, (1n << 32n) + 1n, (1n << 32n) - 1n, 1n << 32n, 1n << 31n,
    (1n << 31n) - 1n, 0xffffn, 1n << 16n, 0xffff_ffff_0000_0000n, 0x8000_0000_8000_0000n, 0x0000_ffff_ffff_0000n, -2n];
  return v.map(s64);
}
function randomValues(n: number, seed: number): bigint[] {
  let x = seed >>> 0;
  const next = (): bigint => {
    // xorshift32, two draws per 64 bits
    x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
    return BigInt(x);
  };
  const out: bigint[] = [];
  for (let i = 0; i < n; i++) out.push(s64((next() << 32n) | next()));
  return out;
}

type Fn = (...args: bigint[]) => [bigint, bigint];

function exportsOf(bytes: Uint8Array, tier: 'interpreter' | 'js'): { fns: Record<string, Fn>; store: Store } {
  const store = tier === 'js' ? new Store({ tier: 'js', compiler: jit }) : new Store();
  const inst = new Instance(new Module(bytes, { wideArithmetic }), {}, { store });
  return { fns: inst.exports as unknown as Record<string, Fn>, store };
}

describe('wide arithmetic', () => {
  for (const tier of ['interpreter', 'js'] as const) {
    it(`computes every instruction as BigInt does (${tier})`, async () => {
      const { fns, store } = exportsOf(await parse(WAT), tier);
      const edges = edgeValues();
      const values = [...edges, ...randomValues(24, 0x9e3779b9)];
      let checked = 0;
      for (const a of values) {
        for (const b of values) {
          for (const name of ['mul_wide_s', 'mul_wide_u'] as const) {
            expect([name, a, b, fns[name](a, b)]).toEqual([name, a, b, oracle[name](a, b)]);
            checked++;
          }
        }
      }
      // add128/sub128: every pair of 128-bit values made of edge halves (carries and borrows across the
      // 32-, 64- and 96-bit word boundaries) and random ones
      const pairs: [bigint, bigint][] = [];
      for (const lo of edges) for (const hi of [0n, 1n, -1n, 1n << 63n, (1n << 32n) - 1n]) pairs.push([lo, hi]);
      const rnd = randomValues(40, 12345);
      for (let i = 0; i < rnd.length; i += 2) pairs.push([rnd[i], rnd[i + 1]]);
      for (const [a, b] of pairs) {
        for (const [c, d] of pairs) {
          for (const name of ['add128', 'sub128'] as const) {
            expect([name, a, b, c, d, fns[name](a, b, c, d)]).toEqual([name, a, b, c, d, oracle[name](a, b, c, d)]);
            checked++;
          }
        }
      }
      expect(checked).toBeGreaterThan(5000);
      // (with the JS tier, the four functions ran compiled: each compiled on its first call)
      expect(store.funcs.filter((f) => f.body !== null).length).toBe(tier === 'js' ? 4 : 0);
    });

    it(`feeds results onwards through locals and constants (${tier})`, async () => {
      const { fns } = exportsOf(await parse(WAT), tier);
      for (const [a, b] of [[-1n, -1n], [1n << 63n, 3n], [0x1234_5678_9abc_def0n, -0x0fed_cba9_8765_4321n], [0n, 0n]]) {
        const [plo, phi] = oracle.mul_wide_u(a, b);
        const [slo, shi] = oracle.add128(plo, phi, s64(a + 1n), 0n);
        expect(fns.chain(a, b)).toEqual(oracle.sub128(slo, shi, b, 7n));
        expect((fns.hi_of_square as unknown as (x: bigint) => bigint)(a)).toBe(oracle.mul_wide_s(a, a)[1]);
      }
    });
  }

  it('compiles them ahead of time (compileToJs), which runs with the run time', async () => {
    const bytes = await parse(WAT);
    const out = compileToJs(bytes, { compiler: jit, format: 'iife', name: 'wideJs', features: { wideArithmetic } });
    expect([out.compiled, out.interpreted]).toEqual([6, 0]);
    expect(out.code).toMatch(/\$rt_wide\(2[12], L0, H0, L1, H1\);/); // (the helper read once into a local)
    const compiled = new Function('purewasmJsRuntime', `${out.code}; return wideJs;`)({ jsRuntime }) as never;
    const store = new Store({ tier: 'js' });
    const fns = new Instance(new Module(bytes, { wideArithmetic }), {}, { store, compiled }).exports as unknown as Record<string, Fn>;
    for (const [a, b] of [[-1n, -1n], [1n << 63n, 1n << 63n], [0x1234_5678_9abc_def0n, -7n]]) {
      expect(fns.mul_wide_s(a, b)).toEqual(oracle.mul_wide_s(a, b));
      expect(fns.mul_wide_u(a, b)).toEqual(oracle.mul_wide_u(a, b));
      expect(fns.add128(a, b, b, a)).toEqual(oracle.add128(a, b, b, a));
      expect(fns.sub128(a, b, b, a)).toEqual(oracle.sub128(a, b, b, a));
    }
    expect(store.funcs.filter((f) => f.body !== null).length).toBe(4);
  });

  it('runs in a fuel-metered store (1 per instruction) and in a debug store', async () => {
    const bytes = await parse(WAT);
    const metered = new Store({ fuel: 100 });
    const m = new Instance(new Module(bytes, { wideArithmetic }), {}, { store: metered }).exports as unknown as Record<string, Fn>;
    expect(m.add128(-1n, 0n, 1n, 0n)).toEqual([0n, 1n]);
    expect(100 - metered.fuel).toBe(5); // four local.get and i64.add128
    const d = new Instance(new Module(bytes, { wideArithmetic }), {}, { store: new Store({ debug }) }).exports as unknown as Record<string, Fn>;
    expect(d.mul_wide_s(-3n, 5n)).toEqual([-15n, -1n]);
    expect(d.sub128(0n, 0n, 1n, 0n)).toEqual([-1n, -1n]);
  });

  it('prints them by name (the text printer, which the debugger\'s disassembly shares)', async () => {
    const text = printModule(await parse(WAT));
    // (each on a line of its own in the function body)
    for (const name of ['i64.add128', 'i64.sub128', 'i64.mul_wide_s', 'i64.mul_wide_u']) {
      expect(text.split('\n').map((l) => l.trim()).filter((l) => l === name || l === name + ')')).not.toEqual([]);
    }
  });

  it('compiles them in the JS tier: results kept in locals, fed onwards, and through calls between compiled functions', async () => {
    // $sq's results (i64 i64) through a compiled caller that adds the halves and a second wide op
    const bytes = await parse(`(module
      (func $sq (param i64) (result i64 i64) local.get 0 local.get 0 i64.mul_wide_s)
      (func (export "f") (param i64 i64) (result i64 i64) (local i64)
        local.get 0 call $sq local.set 2
        local.get 2 local.get 1 i64.const -1 i64.sub128))`);
    const { fns, store } = exportsOf(bytes, 'js');
    for (const [a, b] of [[3n, 10n], [-1n, 0n], [1n << 62n, -5n], [0x7fff_ffff_ffff_ffffn, 1n << 63n]]) {
      const [lo, hi] = oracle.mul_wide_s(a, a);
      expect(fns.f(a, b)).toEqual(oracle.sub128(lo, hi, b, -1n));
    }
    expect(store.funcs.filter((f) => f.body !== null).length).toBe(2);
  });

  it('refuses the instructions without the pack, naming the instruction, where it is and the fix', async () => {
    const names = ['i64.add128', 'i64.sub128', 'i64.mul_wide_s', 'i64.mul_wide_u'];
    for (let k = 0; k < 4; k++) {
      const n = k < 2 ? 4 : 2;
      const bytes = await parse(`(module (func (param i64 i64 i64 i64) (result i64 i64) ${'local.get 0 '.repeat(n)}${names[k]}))`);
      let e: unknown;
      try {
        new Module(bytes, { simd, threads, legacyExceptions });
      } catch (err) {
        e = err;
      }
      expect(e).toBeInstanceOf(CompileError);
      const ce = e as CompileError;
      expect([ce.kind, ce.section]).toEqual(['invalid', 'code']);
      expect(ce.reason).toBe(
        `wide-arithmetic instruction ${names[k]} (0xfc 0x${(0x13 + k).toString(16)}) in function 0 at offset 0x${ce.offset.toString(16)} ` +
          "needs the wide-arithmetic pack: new Module(bytes, { wideArithmetic }) with import { wideArithmetic } from 'purewasm/wide-arithmetic'",
      );
      expect([bytes[ce.offset], bytes[ce.offset + 1]]).toEqual([0xfc, 0x13 + k]);
      expect(validate(bytes)).toBe(false);
      expect(validate(bytes, { wideArithmetic })).toBe(true);
    }
    // another pack in its place is refused as for the other packs
    const add = await parse('(module (func (param i64) (result i64 i64) local.get 0 local.get 0 i64.mul_wide_u))');
    expect(() => new Module(add, { wideArithmetic: threads as never })).toThrow(
      new TypeError('the wideArithmetic feature is given the threads pack (purewasm/threads)'),
    );
  });

  it('validates the operand and result types with the pack', async () => {
    const cases = [
      '(func (param i64 i64 i64) (result i64 i64) local.get 0 local.get 1 local.get 2 i64.add128)',
      '(func (param i64 i64 i64 i64) (result i64) local.get 0 local.get 1 local.get 2 local.get 3 i64.sub128)',
      '(func (param i32 i64) (result i64 i64) local.get 0 local.get 1 i64.mul_wide_s)',
      '(func (param i64) (result i64 i64) local.get 0 i64.mul_wide_u)',
    ];
    for (const c of cases) {
      const bytes = await parse(`(module ${c})`);
      expect(validate(bytes, { wideArithmetic }), c).toBe(false);
      let e: unknown;
      try {
        new Module(bytes, { wideArithmetic });
      } catch (err) {
        e = err;
      }
      expect(e, c).toBeInstanceOf(CompileError);
      expect((e as CompileError).reason, c).toMatch(/^type mismatch/);
      // the message names the instruction (by the core's name) and its function
      if (!c.endsWith('i64.sub128)')) expect((e as CompileError).detail, c).toMatch(/^i64\.(add128|mul_wide_s|mul_wide_u) in function 0$/);
    }
    // in unreachable code the operands are polymorphic, as for any instruction
    expect(validate(await parse('(module (func (result i64 i64) unreachable i64.add128))'), { wideArithmetic })).toBe(true);
  });

  it('reaches a component\'s core modules through its validate options', async () => {
    const bytes = await parse(`(component
      (core module $m (func (export "f") (result i64)
        (i64.const -1) (i64.const -1) i64.mul_wide_u drop))
      (core instance $i (instantiate $m))
      (func (export "f") (result u64) (canon lift (core func $i "f"))))`);
    let e: unknown;
    try {
      new Component(bytes);
    } catch (err) {
      e = err;
    }
    expect((e as CompileError).reason).toMatch(/^wide-arithmetic instruction i64\.mul_wide_u \(0xfc 0x16\) in function 0 /);
    // (2^64 - 1)^2 = 2^128 - 2^65 + 1: low half 1
    expect(new Linker().instantiate(new Component(bytes, { wideArithmetic })).exports.func('f').call([])).toBe(1n);
  });
});
