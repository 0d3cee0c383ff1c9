// The JS tier's bits form of f64 (src/vm/jstier/f64-bits.ts), forced on Node through the generator's option
// `f64Bits` (Node keeps NaN payloads in numbers, so on it both forms must give the interpreter's bits): NaN
// payloads — signalling and quiet, both signs — through every path that keeps bits, arithmetic on them, the
// calling conventions of the two forms mixed in one store, and ahead-of-time output in the bits form.
// Oracles: the interpreter and Node's WebAssembly.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Instance, Module, Store, validate } from '../../src/index.js';
import type { WasmValue } from '../../src/vm/values.js';
import type { CompiledModule } from '../../src/index.js';
import { compileToJs, jit } from '../../src/jit/index.js';
import { jsRuntime } from '../../src/js-runtime/index.js';
import type { JsCompiler } from '../../src/vm/jstier/compiler.js';
import { FLAT_DEPTH } from '../../src/vm/jstier/codegen.js';
import fc from 'fast-check';
import { NodeWasm, wat } from './oracle.js';
import { genModule } from '../../fuzz/gen-wat.js';
import { SHARED } from '../shared.js';

/** The generator, always writing the bits form. */
const bitsJit: JsCompiler = { ...jit, generate: (walk, options) => jit.generate(walk, { ...options, f64Bits: true }) };

function compiledCount(store: Store): number {
  return (store as unknown as { funcs: { body: unknown }[] }).funcs.filter((f) => f.body !== null).length;
}

/** f64 bit patterns as i64 (BigInt): NaNs with payloads of both kinds and signs, and ordinary values. */
const PATTERNS = [
  0x7ff0000000000001n, 0xfff0000000000001n, 0x7ff4000000000000n, 0xfff7ffffffffffffn, 0x7ff8000000000001n,
  0xfff8000000000000n, 0x7ff8000000000000n, 0x7ffc00000000abcdn, 0x0000000000000000n, 0x8000000000000000n,
  0x7ff0000000000000n, 0x3ff0000000000000n, 0xc00921fb54442d18n, 0x0000000000000001n,
].map((x) => BigInt.asIntN(64, x));

// Every function takes and gives i64 bits (JS numbers would canonicalize at the boundary on some engines)
// and moves them as f64 in between.
const PATHS = `(module
  (memory 1)
  (global $g (mut f64) (f64.const 0))
  (table 2 funcref)
  (elem (i32.const 0) $id $negated)
  (type $ff (func (param f64) (result f64)))
  (func $id (param f64) (result f64) (local.get 0))
  (func $negated (param f64) (result f64) (f64.neg (local.get 0)))
  (func $pair (param f64 f64) (result f64 f64) (local.get 1) (local.get 0))
  (func $down (param f64 i32) (result f64)
    (if (result f64) (local.get 1)
      (then (call $down (local.get 0) (i32.sub (local.get 1) (i32.const 1))))
      (else (local.get 0))))
  (func (export "memory") (param i64) (result i64)
    (i64.store (i32.const 8) (local.get 0))
    (f64.store (i32.const 24) (f64.load (i32.const 8)))
    (i64.load (i32.const 24)))
  (func (export "memory_unaligned") (param i64) (result i64)
    (i64.store (i32.const 3) (local.get 0))
    (f64.store offset=1 (i32.const 40) (f64.load (i32.const 3)))
    (i64.load (i32.const 41)))
  (func (export "locals") (param i64) (result i64) (local f64 f64)
    (local.set 1 (f64.reinterpret_i64 (local.get 0)))
    (local.set 2 (local.tee 1 (local.get 1)))
    (i64.reinterpret_f64 (local.get 2)))
  (func (export "global") (param i64) (result i64)
    (global.set $g (f64.reinterpret_i64 (local.get 0)))
    (i64.reinterpret_f64 (global.get $g)))
  (func (export "select") (param i64 i32) (result i64)
    (i64.reinterpret_f64 (select (f64.reinterpret_i64 (local.get 0)) (f64.const 1.5) (local.get 1))))
  (func (export "block") (param i64 i32) (result i64)
    (i64.reinterpret_f64
      (block (result f64)
        (br_if 0 (f64.reinterpret_i64 (local.get 0)) (local.get 1))
        (drop)
        (f64.reinterpret_i64 (i64.xor (local.get 0) (i64.const 1))))))
  (func (export "loop_param") (param i64) (result i64) (local i32)
    (f64.reinterpret_i64 (local.get 0))
    (loop (param f64) (result f64)
      (local.set 1 (i32.add (local.get 1) (i32.const 1)))
      (f64.neg)
      (br_if 0 (i32.lt_u (local.get 1) (i32.const 3))))
    (i64.reinterpret_f64))
  (func (export "call") (param i64) (result i64)
    (i64.reinterpret_f64 (call $id (call $negated (call $id (f64.reinterpret_i64 (local.get 0)))))))
  (func (export "call_indirect") (param i64 i32) (result i64)
    (i64.reinterpret_f64 (call_indirect (type $ff) (f64.reinterpret_i64 (local.get 0)) (local.get 1))))
  (func (export "multi") (param i64) (result i64)
    (call $pair (f64.reinterpret_i64 (local.get 0)) (f64.const -0))
    (drop)
    (i64.reinterpret_f64))
  (func (export "deep") (param i64 i32) (result i64)
    (i64.reinterpret_f64 (call $down (f64.reinterpret_i64 (local.get 0)) (local.get 1))))
  (func (export "sign") (param i64 i64) (result i64)
    (i64.xor
      (i64.reinterpret_f64 (f64.abs (f64.reinterpret_i64 (local.get 0))))
      (i64.xor
        (i64.reinterpret_f64 (f64.neg (f64.reinterpret_i64 (local.get 0))))
        (i64.reinterpret_f64 (f64.copysign (f64.reinterpret_i64 (local.get 0)) (f64.reinterpret_i64 (local.get 1)))))))
  (func (export "copysign_store") (param i64 i64) (result i64)
    (f64.store (i32.const 64) (f64.copysign (f64.reinterpret_i64 (local.get 0)) (f64.reinterpret_i64 (local.get 1))))
    (i64.load (i32.const 64)))
  (func (export "constant") (result i64)
    (f64.store (i32.const 80) (f64.const nan:0x4000000000001))
    (i64.add (i64.load (i32.const 80)) (i64.reinterpret_f64 (f64.const -nan:0x1))))
  (func (export "arith") (param i64 i64) (result i64) (local f64)
    (local.set 2 (f64.add (f64.reinterpret_i64 (local.get 0)) (f64.reinterpret_i64 (local.get 1))))
    (f64.store (i32.const 96) (f64.mul (local.get 2) (f64.const 2)))
    (i64.add (i64.load (i32.const 96)) (i64.reinterpret_f64 (f64.sqrt (local.get 2)))))
  (func (export "compare") (param i64 i64) (result i32)
    (i32.add
      (f64.lt (f64.reinterpret_i64 (local.get 0)) (f64.reinterpret_i64 (local.get 1)))
      (i32.shl (f64.eq (f64.reinterpret_i64 (local.get 0)) (f64.reinterpret_i64 (local.get 0))) (i32.const 1))))
)`;

type Bits = Record<string, (...a: (bigint | number)[]) => bigint | number>;

/** Each export of PATHS with its arguments for two patterns. */
const CALLS: [string, (p: bigint, q: bigint) => (bigint | number)[]][] = [
  ['memory', (p) => [p]], ['memory_unaligned', (p) => [p]], ['locals', (p) => [p]], ['global', (p) => [p]],
  ['select', (p) => [p, 1]], ['select', (p) => [p, 0]], ['block', (p) => [p, 1]], ['block', (p) => [p, 0]],
  ['loop_param', (p) => [p]], ['call', (p) => [p]], ['call_indirect', (p) => [p, 0]], ['call_indirect', (p) => [p, 1]],
  ['multi', (p) => [p]], ['deep', (p) => [p, 3]], ['deep', (p) => [p, 500]], ['sign', (p, q) => [p, q]],
  ['copysign_store', (p, q) => [p, q]], ['arith', (p, q) => [p, q]], ['compare', (p, q) => [p, q]],
];

describe('JS tier: the bits form of f64', () => {
  it('keeps NaN payloads through every bit-keeping path, and computes as the interpreter and Node do', async () => {
    const bytes = await wat(PATHS);
    const native = new NodeWasm.Instance(new NodeWasm.Module(bytes), {}).exports as Bits;
    const interp = new Instance(new Module(bytes), {}, { store: new Store({ tier: 'interpreter' }) }).exports as Bits;
    const store = new Store({ tier: 'js', compiler: bitsJit });
    const x = new Instance(new Module(bytes), {}, { store }).exports as Bits;
    let cases = 0;
    for (const [name, args] of CALLS) {
      for (const p of PATTERNS) {
        for (const q of [PATTERNS[1], PATTERNS[11]]) {
          const a = args(p, q);
          const want = interp[name](...a);
          // (the NaN an arithmetic operation gives is the engine's: V8's wasm and its JS differ there, and the
          // spec allows either; everything else is exact)
          if (name !== 'arith') expect([name, a, native[name](...a)]).toEqual([name, a, want]);
          expect([name, a, x[name](...a)]).toEqual([name, a, want]);
          cases++;
        }
      }
    }
    expect(x.constant()).toBe(interp.constant());
    expect(cases).toBe(CALLS.length * PATTERNS.length * 2);
    expect(compiledCount(store)).toBeGreaterThan(10);
  });

  it('keeps the payloads where numbers lose them (a canonicalizing engine simulated at the scratch view)', async () => {
    // Node keeps payloads in numbers; here the scratch view through which the bits form turns halves into
    // numbers and back canonicalizes every NaN, as Hermes' and QuickJS' numbers do: a payload that went
    // through a number on its way from a bit source to a bit sink comes out canonical
    const bytes = await wat(PATHS);
    const interp = new Instance(new Module(bytes), {}, { store: new Store({ tier: 'interpreter' }) }).exports as Bits;
    const real = new Float64Array(1), halves = new Int32Array(real.buffer);
    const canonical = (x: number): number => (x === x ? x : ((halves[0] = 0), (halves[1] = 0x7ff80000), real[0]));
    const store = new Store({ tier: 'js', compiler: bitsJit });
    // (the store's helpers of compiled code: Machine.jsRt)
    const r = store.jsRt as unknown as { D: unknown; DI: unknown };
    r.D = { get 0(): number { return canonical(real[0]); }, set 0(x: number) { real[0] = canonical(x); } };
    r.DI = halves;
    const x = new Instance(new Module(bytes), {}, { store }).exports as Bits;
    // (not arithmetic: its NaN is the engine's, here the simulated one)
    for (const [name, args] of CALLS.filter(([name]) => name !== 'arith' && name !== 'compare')) {
      for (const p of PATTERNS) expect([name, p, x[name](...args(p, PATTERNS[1]))]).toEqual([name, p, interp[name](...args(p, PATTERNS[1]))]);
    }
    expect(x.constant()).toBe(interp.constant());
    expect(compiledCount(store)).toBeGreaterThan(10);
  });

  it('in metered stores (fuel) and in flat mode (blocks nested past FLAT_DEPTH) alike', async () => {
    const bytes = await wat(PATHS);
    const interp = new Instance(new Module(bytes), {}, { store: new Store({ tier: 'interpreter' }) }).exports as Bits;
    const store = new Store({ tier: 'js', compiler: bitsJit, fuel: 1e9 });
    const x = new Instance(new Module(bytes), {}, { store }).exports as Bits;
    for (const [name, args] of CALLS) for (const p of PATTERNS) expect([name, p, x[name](...args(p, PATTERNS[1]))]).toEqual([name, p, interp[name](...args(p, PATTERNS[1]))]);
    expect(compiledCount(store)).toBeGreaterThan(10);
    // an f64 through 120 nested blocks, each negating it on the way out
    const depth = FLAT_DEPTH + 20;
    const deep = await wat(`(module (func (export "f") (param i64) (result i64) (local f64)
      (local.set 1 (f64.reinterpret_i64 (local.get 0)))
      (i64.reinterpret_f64 ${'(f64.neg (block (result f64) '.repeat(depth)}(local.get 1)${'))'.repeat(depth)})))`);
    const flat = new Store({ tier: 'js', compiler: bitsJit });
    const f = new Instance(new Module(deep), {}, { store: flat }).exports as Bits;
    const g = new Instance(new Module(deep), {}, { store: new Store({ tier: 'interpreter' }) }).exports as Bits;
    for (const p of PATTERNS) expect(f.f(p)).toBe(g.f(p));
    expect(compiledCount(flat)).toBe(1);
  });

  it('writes no f64 guard, and takes f64 arguments and results as halves (innerBits)', async () => {
    const bytes = await wat(PATHS);
    const numbers = compileToJs(bytes, { compiler: jit }).code;
    const bits = compileToJs(bytes, { compiler: jit, f64: 'bits' }).code;
    expect(numbers).toMatch(/if \(!rt\.f64Exact\) return null;/);
    expect(bits).not.toMatch(/f64Exact/);
    expect(bits).toMatch(/body\.innerBits = inner;/);
    expect(bits).toMatch(/rt\.slowBits\(|\.innerBits\) !== null/);
    expect(() => compileToJs(bytes, { compiler: jit, f64: 'halves' as never })).toThrow(/f64 must be 'numbers' or 'bits'/);
  });

  it('mixes the forms in one store: each calls the other through the interpreter, bits intact', async () => {
    // a module in the bits form (ahead of time) imports an f64 function compiled at run time in the number
    // form, and exports one that the other calls back
    const lib = await wat(`(module
      (func (export "twice") (param f64) (result f64) (f64.neg (f64.neg (local.get 0)))))`);
    const app = await wat(`(module
      (import "lib" "twice" (func $twice (param f64) (result f64)))
      (func $keep (export "keep") (param f64) (result f64) (call $twice (local.get 0)))
      (func (export "run") (param i64) (result i64)
        (i64.reinterpret_f64 (call $keep (f64.reinterpret_i64 (local.get 0))))))`);
    const code = compileToJs(app, { compiler: jit, f64: 'bits', format: 'iife', name: 'app' }).code;
    const compiled = new Function('purewasmJsRuntime', `${code}; return app;`)({ jsRuntime }) as CompiledModule;
    const store = new Store({ tier: 'js', compiler: jit });
    const l = new Instance(new Module(lib), {}, { store });
    const a = new Instance(new Module(app), { lib: l.exports }, { store, compiled }).exports as Bits;
    const interp = new Instance(new Module(app), { lib: new Instance(new Module(lib), {}, { store: new Store({ tier: 'interpreter' }) }).exports }, { store: new Store({ tier: 'interpreter' }) }).exports as Bits;
    for (const p of PATTERNS) expect(a.run(p)).toBe(interp.run(p));
    expect(compiledCount(store)).toBe(3);
  });

  it('random programs (fuzz/gen-wat.ts): the same results, bit for bit, and memory as the interpreter', async () => {
    // arguments with NaN payloads where the function takes floats
    const arg = (t: string, k: number): WasmValue => {
      switch (t) {
        case 'i32': return { type: 'i32', value: [-7, 0x7fffffff, 3][k % 3] };
        case 'i64': return { type: 'i64', value: [-5n, 1n << 40n, 9n][k % 3] };
        case 'f32': return { type: 'f32', bits: [0x7f800001, 0xffc00001, 0x40200000][k % 3] };
        default: return { type: 'f64', bits: [0x7ff0000000000001n, 0xfff8000000000abcn, 0x3ff8000000000000n][k % 3] };
      }
    };
    const run = (bytes: Uint8Array, params: readonly string[], store: Store): string => {
      const inst = new Instance(new Module(bytes), {}, { store });
      let out: string;
      try {
        out = JSON.stringify(inst.invoke('f', params.map(arg)), (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
      } catch (e) {
        out = e instanceof Error && e.name === 'Trap' ? 'trap' : `threw ${String(e)}`;
      }
      return `${out} ${new Uint8Array((inst.exports.mem as { buffer: ArrayBuffer }).buffer).join(',')}`;
    };
    let compared = 0, compiledRuns = 0;
    await fc.assert(
      fc.asyncProperty(genModule, async (m) => {
        if (/\bloop\b/.test(m.text)) return; // a random loop may never end
        let bytes: Uint8Array;
        try {
          bytes = await wat(m.text);
        } catch {
          return;
        }
        if (!validate(bytes)) return;
        compared++;
        const store = new Store({ tier: 'js', compiler: bitsJit });
        expect(run(bytes, m.params, store)).toBe(run(bytes, m.params, new Store({ tier: 'interpreter' })));
        if (compiledCount(store) > 0) compiledRuns++;
      }),
      { numRuns: 600 },
    );
    expect(compared).toBeGreaterThan(30);
    expect(compiledRuns).toBeGreaterThan(compared / 2);
  });

  it('nbody (f64 throughout): the checksum and final memory of Node, every function compiled', () => {
    const bytes = readFileSync(join(SHARED, 'bench', 'wasm', 'nbody.wasm'));
    const native = new NodeWasm.Instance(new NodeWasm.Module(bytes), {}).exports;
    const store = new Store({ tier: 'js', compiler: bitsJit });
    const x = new Instance(new Module(bytes), {}, { store }).exports as Record<string, unknown>;
    const n = Math.max(1, Math.floor(native.default_n() / 400));
    const want = native.run(n) >>> 0;
    expect((x.run as (n: number) => number)(n) >>> 0).toBe(want);
    expect(Buffer.from((x.memory as { buffer: ArrayBuffer }).buffer).equals(Buffer.from(native.memory.buffer))).toBe(true);
    expect(compiledCount(store)).toBeGreaterThan(0);
    expect(compileToJs(bytes, { compiler: jit, f64: 'bits' }).interpreted).toBe(0);
  });
});
