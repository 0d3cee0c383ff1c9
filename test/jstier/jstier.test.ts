// The JS tier (src/vm/jstier): compiled functions give the interpreter's results, traps and limits; they mix
// with interpreted ones; async calls, forced interpretation and instrumented stores without a generator stay interpreted; the
// ahead-of-time output bundles with esbuild and runs under node --jitless. Oracle: Node's WebAssembly.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Component, Instance, Linker, Module, Store, Trap, callAsync } from '../../src/index.js';
import type { CompiledComponent, CompiledModule } from '../../src/index.js';
import { compileToJs, jit } from '../../src/jit/index.js';
import { jsRuntime } from '../../src/js-runtime/index.js';
import { debug } from '../../src/debug/index.js';
import { NodeWasm, outcome, wat } from './oracle.js';
import { PACKS } from '../packs.js';
import { SHARED } from '../shared.js';



/** Functions of the store that run compiled right now (internal state, read for the test only). */
function compiledCount(store: Store): number {
  return (store as unknown as { funcs: { body: unknown }[] }).funcs.filter((f) => f.body !== null).length;
}

const KERNELS = ['fib', 'i64mix', 'nbody', 'sort', 'sha256', 'vm'];


/** The global a script (iife) output defines, evaluated with the JS tier's run time as js-runtime.iife.js
 *  defines it (the global `purewasmJsRuntime`). */
function script<T>(code: string, name: string): T {
  return new Function('purewasmJsRuntime', `${code}; return ${name};`)({ jsRuntime }) as T;
}

describe('JS tier', () => {
  it.each(KERNELS)('%s: same checksum as Node, every function compiled', (name) => {
    const bytes = readFileSync(join(SHARED, 'bench', 'wasm', `${name}.wasm`));
    const native = new NodeWasm.Instance(new NodeWasm.Module(bytes), {}).exports;
    const store = new Store({ tier: 'js', compiler: jit });
    const x = new Instance(new Module(bytes), {}, { store }).exports as Record<string, (n: number) => number>;
    const n = Math.max(1, Math.floor(native.default_n() / 400));
    expect(x.run(n) >>> 0).toBe(native.run(n) >>> 0);
    expect(compiledCount(store)).toBeGreaterThan(0);
    const f = compileToJs(bytes, { compiler: jit });
    expect(f.interpreted).toBe(0);
  });

  const RECURSE = `(module
    (func $down (export "down") (param i32) (result i32)
      (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
        (else (i32.add (call $down (i32.sub (local.get 0) (i32.const 1))) (i32.const 1)))))
    (func $forever (export "forever") (param i32) (result i32) (call $forever (local.get 0))))`;

  it('keeps the exact call-depth limit: deep recursion works, infinite recursion traps (never a RangeError)', async () => {
    const bytes = await wat(RECURSE);
    const store = new Store({ tier: 'js', compiler: jit });
    const x = new Instance(new Module(bytes), {}, { store }).exports as Record<string, (n: number) => number>;
    expect(x.down(9_990)).toBe(9_990); // default limit 10,000 frames: far beyond a JS stack of compiled frames
    expect(compiledCount(store)).toBeGreaterThan(0);
    let err: unknown;
    try {
      x.forever(1);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(Trap);
    expect((err as Trap).reason).toBe('call stack exhausted');
    // exactly the interpreter's limit
    const interp = new Instance(new Module(bytes), {}, { store: new Store({ tier: 'interpreter' }) }).exports as Record<string, (n: number) => number>;
    const outcome = (f: (n: number) => number, n: number): string => {
      try {
        return String(f(n));
      } catch (e) {
        return (e as Error).message;
      }
    };
    const limit = [9_999, 10_000, 10_001, 10_002].map((n) => outcome(interp.down, n));
    expect(limit).toContain('call stack exhausted');
    expect([9_999, 10_000, 10_001, 10_002].map((n) => outcome(x.down, n))).toEqual(limit);
  });

  it('traps with the interpreter messages and a backtrace through compiled frames', async () => {
    const bytes = await wat(`(module (memory 1)
      (func $inner (param i32) (result i32) (i32.load (local.get 0)))
      (func $mid (param i32) (result i32) (call $inner (local.get 0)))
      (func (export "outer") (param i32) (result i32) (call $mid (local.get 0)))
      (func (export "div") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1))))`);
    const x = new Instance(new Module(bytes), {}, { store: new Store({ tier: 'js', compiler: jit }) }).exports as Record<string, (...a: number[]) => number>;
    expect(x.outer(8)).toBe(0);
    let t: Trap | undefined;
    try {
      x.outer(65535);
    } catch (e) {
      t = e as Trap;
    }
    expect(t).toBeInstanceOf(Trap);
    expect(t!.reason).toBe('out of bounds memory access');
    expect(t!.wasmStack.map((f) => f.funcIndex)).toEqual([0, 1, 2]);
    expect(() => x.div(1, 0)).toThrow('integer divide by zero');
    expect(() => x.div(-2147483648, -1)).toThrow('integer overflow');
  });

  it('keeps NaN bits through f32/f64 moves, loads, stores and sign operations', async () => {
    const bytes = await wat(`(module (memory 1)
      (func (export "f32") (param i32) (result i32)
        (f32.store (i32.const 0) (f32.neg (f32.abs (f32.reinterpret_i32 (local.get 0)))))
        (i32.reinterpret_f32 (f32.load (i32.const 0))))
      (func (export "f64") (param i64) (result i64)
        (local f64)
        (local.set 1 (f64.neg (f64.reinterpret_i64 (local.get 0))))
        (f64.store (i32.const 8) (f64.copysign (local.get 1) (f64.const 1)))
        (i64.reinterpret_f64 (f64.load (i32.const 8)))))`);
    const x = new Instance(new Module(bytes), {}, { store: new Store({ tier: 'js', compiler: jit }) }).exports as Record<string, (a: any) => any>;
    const n = new NodeWasm.Instance(new NodeWasm.Module(bytes), {}).exports;
    for (const bits of [0x7f800001, 0x7fa00000, 0xffc00001 | 0]) expect(x.f32(bits)).toBe(n.f32(bits));
    for (const bits of [0x7ff0000000000001n, 0x7ff4000000000000n, -0x0000000000000001n]) expect(x.f64(bits)).toBe(n.f64(bits));
  });

  it('loads of every width at every alignment, offset and bound read what Node reads, warm and hot, before and after memory.grow', async () => {
    // Loads read element views of the memory (IWk[a / 4] …) with the DataView as the fallback for a
    // misaligned or out-of-bounds address (codegen.ts viewLoad); the optimizing JIT first sees only aligned
    // addresses here, then every alignment, the last bytes, addresses from 2^31 up and an offset past 2^32.
    const loads: [string, string][] = [['i32.load', 'i32'], ['i64.load', 'i64'], ['f32.load', 'f32'], ['f64.load', 'f64'],
      ['i32.load8_s', 'i32'], ['i32.load8_u', 'i32'], ['i32.load16_s', 'i32'], ['i32.load16_u', 'i32'],
      ['i64.load8_s', 'i64'], ['i64.load8_u', 'i64'], ['i64.load16_s', 'i64'], ['i64.load16_u', 'i64'],
      ['i64.load32_s', 'i64'], ['i64.load32_u', 'i64']];
    const bits = (t: string, e: string): string => (t === 'f32' ? `(i32.reinterpret_f32 ${e})` : t === 'f64' ? `(i64.reinterpret_f64 ${e})` : e);
    const widen = (t: string, e: string): string => (t === 'i32' || t === 'f32' ? `(i64.extend_i32_u ${bits(t, e)})` : bits(t, e));
    const funcs = loads.map(([op, t], i) => `
      (func (export "l${i}") (param i32) (result i64) ${widen(t, `(${op} (local.get 0))`)})
      (func (export "o${i}") (param i32) (result i64) ${widen(t, `(${op} offset=3 (local.get 0))`)})
      (func (export "p${i}") (param i32) (result i64) ${widen(t, `(${op} offset=4294967293 (local.get 0))`)})
      (func (export "s${i}") (param i32 i32 i32) (result i64) (local i64)
        (loop $l (local.set 3 (i64.add (i64.rotl (local.get 3) (i64.const 7)) ${widen(t, `(${op} offset=3 (local.get 0))`)}))
          (local.set 0 (i32.add (local.get 0) (local.get 2)))
          (br_if $l (local.tee 1 (i32.sub (local.get 1) (i32.const 1)))))
        (local.get 3))`).join('');
    const bytes = await wat(`(module (memory (export "memory") 1)
      (func (export "init") (local i32)
        (loop $l (i32.store8 (local.get 0) (i32.add (i32.mul (local.get 0) (i32.const 167)) (i32.shr_u (local.get 0) (i32.const 8))))
          (br_if $l (i32.ne (local.tee 0 (i32.add (local.get 0) (i32.const 1))) (i32.shl (memory.size) (i32.const 16))))))
      (func (export "grow") (result i32) (memory.grow (i32.const 1)))
      ${funcs})`);
    const native = new NodeWasm.Instance(new NodeWasm.Module(bytes), {}).exports;
    const x = new Instance(new Module(bytes), {}, { store: new Store({ tier: 'js', compiler: jit }) }).exports as Record<string, (...a: number[]) => unknown>;
    const sweep = (): void => {
      const end = (native.memory.buffer as ArrayBuffer).byteLength;
      const at = [...Array.from({ length: 24 }, (_, i) => i), ...Array.from({ length: 12 }, (_, i) => end - 10 + i), -1, -4, -8, 0x7fffffff, -0x80000000, 3];
      for (let i = 0; i < loads.length; i++) {
        for (const a of at) {
          expect(outcome(x[`l${i}`], a), `${loads[i][0]} at ${a}`).toBe(outcome(native[`l${i}`], a));
          expect(outcome(x[`o${i}`], a), `${loads[i][0]} offset=3 at ${a}`).toBe(outcome(native[`o${i}`], a));
          expect(outcome(x[`p${i}`], a), `${loads[i][0]} offset=4294967293 at ${a}`).toBe(outcome(native[`p${i}`], a));
        }
        for (const [a, n, step] of [[0, 1000, 4], [1, 1000, 4], [2, 500, 1], [end - 64, 40, 1], [end - 64, 20, 3]]) {
          expect(outcome(x[`s${i}`], a, n, step), `${loads[i][0]} loop from ${a} by ${step}`).toBe(outcome(native[`s${i}`], a, n, step));
        }
      }
    };
    x.init();
    native.init();
    // hot on aligned addresses first (the optimizing JIT specializes on what it saw), then everything
    for (let r = 0; r < 300; r++) for (let i = 0; i < loads.length; i++) x[`s${i}`](8, 64, 8);
    sweep();
    expect(x.grow()).toBe(native.grow());
    x.init();
    native.init();
    sweep();
  });

  it('stores of every width at every alignment, offset and bound write what Node writes, warm and hot, before and after memory.grow', async () => {
    // Stores write element views (`if (V[i] === undefined) DV.set…(a, v); else V[i] = v;`, codegen.ts
    // viewStore): a store the view would drop silently (misaligned, out of bounds) must take the DataView, which
    // writes or traps. Each store is followed by a hash of the whole memory, so a dropped or misplaced byte shows.
    const stores: [string, string][] = [['i32.store', 'i32'], ['i64.store', 'i64'], ['f32.store', 'f32'], ['f64.store', 'f64'],
      ['i32.store8', 'i32'], ['i32.store16', 'i32'], ['i64.store8', 'i64'], ['i64.store16', 'i64'], ['i64.store32', 'i64']];
    // the value from the i64 parameter (NaN payloads included for the floats)
    const value = (t: string): string => (t === 'i32' ? '(i32.wrap_i64 (local.get 1))' : t === 'i64' ? '(local.get 1)'
      : t === 'f32' ? '(f32.reinterpret_i32 (i32.wrap_i64 (local.get 1)))' : '(f64.reinterpret_i64 (local.get 1))');
    const funcs = stores.map(([op, t], i) => `
      (func (export "w${i}") (param i32 i64) (result i32) (${op} (local.get 0) ${value(t)}) (call $hash))
      (func (export "o${i}") (param i32 i64) (result i32) (${op} offset=3 (local.get 0) ${value(t)}) (call $hash))
      (func (export "p${i}") (param i32 i64) (result i32) (${op} offset=4294967293 (local.get 0) ${value(t)}) (call $hash))
      (func (export "s${i}") (param i32 i64 i32 i32) (result i32)
        (loop $l (${op} offset=3 (local.get 0) ${value(t)})
          (local.set 1 (i64.add (i64.rotl (local.get 1) (i64.const 9)) (i64.const 0x1234567)))
          (local.set 0 (i32.add (local.get 0) (local.get 3)))
          (br_if $l (local.tee 2 (i32.sub (local.get 2) (i32.const 1)))))
        (call $hash))`).join('');
    const bytes = await wat(`(module (memory (export "memory") 1)
      (func $hash (export "hash") (result i32) (local i32 i32)
        (loop $l (local.set 1 (i32.add (i32.mul (local.get 1) (i32.const 31)) (i32.load (local.get 0))))
          (br_if $l (i32.ne (local.tee 0 (i32.add (local.get 0) (i32.const 4))) (i32.shl (memory.size) (i32.const 16)))))
        (local.get 1))
      (func (export "inc") (param i32) (result i32) (i32.store (local.get 0) (i32.add (i32.load (local.get 0)) (i32.const 1))) (call $hash))
      (func (export "incf") (param i32) (result i32) (f64.store offset=8 (local.get 0) (f64.mul (f64.load offset=8 (local.get 0)) (f64.const 0.75))) (call $hash))
      (func (export "inc16") (param i32) (result i32) (i32.store16 (local.get 0) (i32.sub (i32.load16_u (local.get 0)) (i32.const 3))) (call $hash))
      (func (export "grow") (result i32) (memory.grow (i32.const 1)))
      ${funcs})`);
    const native = new NodeWasm.Instance(new NodeWasm.Module(bytes), {}).exports;
    const x = new Instance(new Module(bytes), {}, { store: new Store({ tier: 'js', compiler: jit }) }).exports as Record<string, (...a: unknown[]) => unknown>;
    const call = (f: (...a: unknown[]) => unknown, ...a: unknown[]): string => outcome(f as (...a: number[]) => unknown, ...(a as number[]));
    const values = [0x0102030405060708n, -1n, 0x7ff4000000000001n, 0x7fa00001n];
    const sweep = (): void => {
      const end = (native.memory.buffer as ArrayBuffer).byteLength;
      const at = [...Array.from({ length: 20 }, (_, i) => i), ...Array.from({ length: 12 }, (_, i) => end - 10 + i), -1, -4, -8, 0x7fffffff, -0x80000000, 3];
      for (let i = 0; i < stores.length; i++) {
        for (const a of at) {
          const v = values[(a >>> 0) % values.length];
          expect(call(x[`w${i}`], a, v), `${stores[i][0]} at ${a}`).toBe(call(native[`w${i}`], a, v));
          expect(call(x[`o${i}`], a, v), `${stores[i][0]} offset=3 at ${a}`).toBe(call(native[`o${i}`], a, v));
          expect(call(x[`p${i}`], a, v), `${stores[i][0]} offset=4294967293 at ${a}`).toBe(call(native[`p${i}`], a, v));
        }
        for (const [a, n, step] of [[0, 500, 4], [1, 500, 4], [2, 300, 1], [end - 64, 40, 1], [end - 64, 20, 3]]) {
          expect(call(x[`s${i}`], a, 5n, n, step), `${stores[i][0]} loop from ${a} by ${step}`).toBe(call(native[`s${i}`], a, 5n, n, step));
        }
      }
      for (const a of [0, 1, 2, 3, 4, end - 4, end - 3, end - 2, end - 1, -4, -1]) {
        // (read-modify-write: the store takes the index its value's read computed, codegen.ts viewStore)
        for (const f of ['inc', 'incf', 'inc16']) expect(call(x[f], a), `${f} at ${a}`).toBe(call(native[f], a));
      }
    };
    // hot on aligned addresses first (the optimizing JIT specializes on what it saw), then everything
    for (let r = 0; r < 200; r++) for (let i = 0; i < stores.length; i++) { x[`s${i}`](8, 7n, 64, 8); native[`s${i}`](8, 7n, 64, 8); }
    sweep();
    expect(x.grow()).toBe(native.grow());
    sweep();
    expect(x.hash()).toBe(native.hash());
  });

  it('br_table as a binary search or a switch: every index, runs of equal targets, values carried, as Node', async () => {
    // codegen.ts brTable: up to BR_TREE_RUNS runs of equal targets a tree of `if (T < k)`, more a switch; an
    // index is unsigned (negative as an int32: the default), constant indices branch directly
    const shapes = [[0], [1, 0], [0, 1, 2], [2, 2, 0, 1, 1, 3], [3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2],
      Array.from({ length: 40 }, (_, i) => i % 4), [0, 0, 0, 0, 0]];
    const funcs = shapes.map((shape, s) => {
      // targets 0..3: blocks that return 100 * (their depth) + the carried value; the last entry is the default
      const table = shape.map((t) => `$b${t}`).join(' ');
      return `
      (func (export "t${s}") (param i32 i32) (result i32)
        (block $b3 (result i32) (block $b2 (result i32) (block $b1 (result i32) (block $b0 (result i32)
          (br_table ${table} (i32.mul (local.get 1) (i32.const 3)) (local.get 0)))
          (return (i32.add (i32.const 100))))
          (return (i32.add (i32.const 200))))
          (return (i32.add (i32.const 300))))
        (i32.add (i32.const 400)))
      (func (export "k${s}") (result i32)
        (block $b3 (result i32) (block $b2 (result i32) (block $b1 (result i32) (block $b0 (result i32)
          (br_table ${table} (i32.const 7) (i32.const ${s % 3 === 0 ? -1 : s}))) (return (i32.add (i32.const 10))))
          (return (i32.add (i32.const 20)))) (return (i32.add (i32.const 30)))) (i32.add (i32.const 40)))`;
    }).join('');
    const bytes = await wat(`(module ${funcs})`);
    const native = new NodeWasm.Instance(new NodeWasm.Module(bytes), {}).exports;
    const x = new Instance(new Module(bytes), {}, { store: new Store({ tier: 'js', compiler: jit }) }).exports as Record<string, (...a: number[]) => unknown>;
    const indices = [-0x80000000, -2, -1, ...Array.from({ length: 44 }, (_, i) => i), 0x7fffffff];
    for (let s = 0; s < shapes.length; s++) {
      expect(x[`k${s}`](), `shape ${s}, constant index`).toBe(native[`k${s}`]());
      for (const i of indices) expect(x[`t${s}`](i, i + 5), `shape ${s}, index ${i}`).toBe(native[`t${s}`](i, i + 5));
    }
  });

  it('loads and stores whose address is itself a load: the DataView fallback reads the inner address alike (codegen.ts slowOnly)', async () => {
    const bytes = await wat(`(module (memory 1)
      (func (export "set") (param i32 i32) (i32.store (local.get 0) (local.get 1)))
      (func (export "ld") (param i32) (result i32) (i32.load offset=1 (i32.add (i32.load (local.get 0)) (i32.load8_u (local.get 0)))))
      (func (export "ld64") (param i32) (result i64) (i64.load (i32.load16_u offset=2 (local.get 0))))
      (func (export "st") (param i32 i32) (i32.store16 (i32.load (local.get 0)) (local.get 1)) (i32.store (i32.add (i32.load (local.get 0)) (i32.const 7)) (local.get 1)))
      (func (export "get") (param i32) (result i32) (i32.load (local.get 0))))`);
    const native = new NodeWasm.Instance(new NodeWasm.Module(bytes), {}).exports;
    const x = new Instance(new Module(bytes), {}, { store: new Store({ tier: 'js', compiler: jit }) }).exports as Record<string, (...a: number[]) => unknown>;
    const cells = [[0, 64], [4, 65], [8, 65533], [12, 65536], [16, -8], [20, 1], [24, 0x1000003]];
    for (const [a, v] of cells) { x.set(a, v); native.set(a, v); }
    for (const [a] of cells) {
      for (const d of [0, 1, 2, 3]) {
        expect(outcome(x.ld, a + d), `ld at ${a + d}`).toBe(outcome(native.ld, a + d));
        expect(outcome(x.ld64, a + d), `ld64 at ${a + d}`).toBe(outcome(native.ld64, a + d));
        expect(outcome(x.st, a + d, 0x5a5a1234), `st at ${a + d}`).toBe(outcome(native.st, a + d, 0x5a5a1234));
      }
    }
    for (let a = 0; a < 128; a += 4) expect(x.get(a), `memory at ${a}`).toBe(native.get(a));
  });

  it('unsigned compares with powers of two (and one less) as shifts: as values, conditions and condition-only locals, as Node', async () => {
    // codegen.ts unsignedByShift: `x >u 3` is `(x >>> 2) ? 1 : 0`; constants on either side, i64 compares of
    // zero-extended values too
    const ks = [0, 1, 2, 3, 4, 7, 8, 255, 256, 0x3fffffff, 0x40000000, 0x7fffffff, -0x80000000, -1, 5, 6];
    const ops = ['lt_u', 'gt_u', 'le_u', 'ge_u'];
    let funcs = '';
    ks.forEach((k, i) => ops.forEach((op) => {
      funcs += `
      (func (export "v_${op}_${i}") (param i32) (result i32) (i32.${op} (local.get 0) (i32.const ${k})))
      (func (export "w_${op}_${i}") (param i32) (result i32) (i32.${op} (i32.const ${k}) (local.get 0)))
      (func (export "c_${op}_${i}") (param i32) (result i32) (if (result i32) (i32.${op} (local.get 0) (i32.const ${k})) (then (i32.const 7)) (else (i32.const 9))))
      (func (export "e_${op}_${i}") (param i32) (result i32) (i32.eqz (i32.${op} (local.get 0) (i32.const ${k}))))
      (func (export "l_${op}_${i}") (param i32) (result i32) (local i32)
        (local.set 1 (i32.${op} (local.get 0) (i32.const ${k})))
        (select (i32.const 3) (i32.const 4) (local.get 1)))
      (func (export "q_${op}_${i}") (param i32) (result i32)
        (i64.${op} (i64.extend_i32_u (local.get 0)) (i64.const ${k >>> 0})))`;
    }));
    const bytes = await wat(`(module ${funcs})`);
    const native = new NodeWasm.Instance(new NodeWasm.Module(bytes), {}).exports;
    const x = new Instance(new Module(bytes), {}, { store: new Store({ tier: 'js', compiler: jit }) }).exports as Record<string, (a: number) => unknown>;
    const xs = [0, 1, 2, 3, 4, 5, 7, 8, 9, 255, 256, 257, 0x3fffffff, 0x40000000, 0x7fffffff, -0x80000000, -1, -2, -4, -255];
    for (const name of Object.keys(native)) for (const v of xs) expect(x[name](v), `${name}(${v})`).toBe(native[name](v));
  });

  it('loads into the local that holds the address: the DataView fallback still reads the address (found by test/vm/random-programs)', async () => {
    // codegen.ts assign: `if ((t = IW[i]) === undefined) t = DV.getInt32(a)` would read the overwritten t
    const bytes = await wat(`(module (memory (export "memory") 1)
      (func (export "f") (param i32) (result i32)
        (i32.store (i32.const 0) (i32.const 0x04030201)) (i32.store (i32.const 4) (i32.const 0x08070605))
        (local.set 0 (i32.load (local.get 0)))
        (local.get 0))
      (func (export "g") (param i32) (result f64)
        (local.set 0 (i32.load8_u offset=1 (local.get 0)))
        (f64.load (local.get 0))))`);
    const native = new NodeWasm.Instance(new NodeWasm.Module(bytes), {}).exports;
    const x = new Instance(new Module(bytes), {}, { store: new Store({ tier: 'js', compiler: jit }) }).exports as Record<string, (a: number) => number>;
    for (const a of [0, 1, 2, 3, 4, 65532, 65533, 65536, -1]) {
      expect(outcome(x.f, a), `f(${a})`).toBe(outcome(native.f, a));
      expect(outcome(x.g, a), `g(${a})`).toBe(outcome(native.g, a));
    }
  });

  it('reads the new pages through fresh element views after memory.grow in the function itself and in a callee', async () => {
    const bytes = await wat(`(module (memory 1)
      (func $grow (result i32) (memory.grow (i32.const 1)))
      (func (export "self") (param i32) (result i64)
        (drop (memory.grow (i32.const 1)))
        (i32.store (i32.add (local.get 0) (i32.const 65536)) (i32.const 0x11223344))
        (f64.store (i32.add (local.get 0) (i32.const 65544)) (f64.const 2.5))
        (i64.add (i64.extend_i32_u (i32.load (i32.add (local.get 0) (i32.const 65536))))
          (i64.reinterpret_f64 (f64.load (i32.add (local.get 0) (i32.const 65544))))))
      (func (export "callee") (param i32) (result i32)
        (drop (call $grow))
        (i32.store16 (local.get 0) (i32.const 0x7abc))
        (i32.add (i32.load16_s (local.get 0)) (i32.load8_u (i32.add (local.get 0) (i32.const 1))))))`);
    const native = new NodeWasm.Instance(new NodeWasm.Module(bytes), {}).exports;
    const x = new Instance(new Module(bytes), {}, { store: new Store({ tier: 'js', compiler: jit }) }).exports as Record<string, (a: number) => unknown>;
    for (const a of [0, 8, 65528, 131064]) expect(outcome(x.self, a), `self(${a})`).toBe(outcome(native.self, a));
    for (const a of [0, 3, 65536 * 5 + 7, 65536 * 6 + 4]) expect(outcome(x.callee, a), `callee(${a})`).toBe(outcome(native.callee, a));
  });

  it('multiplies i64 by constants and variables of every shape as Node does (inline high products)', async () => {
    // codegen.ts mulHigh: the high half of the low halves' product in doubles, with a constant or variable
    // operand: constants whose low half's odd part is below 2^21 (one exact product: 3, 0x1fffff, 0xfffff800,
    // 0x80000000, 0x30000000) and just above it (0x200001, 0x3fffff, 0x3fffff00: the product less the low half)
    const ks = [0n, 1n, -1n, 2n, 0xffffn, 0x10000n, 0xffff0000n, 0xffffffffn, 0x100000000n, 0x80000000n, -0x80000000n,
      0x9e3779b97f4a7c15n, 0xff51afd7ed558ccdn, 0xc4ceb9fe1a85ec53n, 0x12345n, 0x7fffffffffffffffn, -0x8000000000000000n,
      3n, 0x1fffffn, 0xfffff800n, 0x30000000n, 0x200001n, 0x3fffffn, 0x3fffff00n, 0x5fffff800n, -0x1fffffn];
    const funcs = ks.map((k, i) => `(func (export "k${i}") (param i64) (result i64) (i64.mul (local.get 0) (i64.const ${k})))
      (func (export "c${i}") (param i64) (result i64) (i64.mul (i64.const ${k}) (local.get 0)))`).join('\n');
    const bytes = await wat(`(module ${funcs}
      (func (export "mul") (param i64 i64) (result i64) (i64.mul (local.get 0) (local.get 1)))
      (func (export "mulu") (param i32 i32) (result i64) (i64.mul (i64.extend_i32_u (local.get 0)) (i64.extend_i32_u (local.get 1))))
      ;; products assigned to an operand: the high half reads the operand and the low product (X) first
      (func (export "own") (param i64 i64) (result i64)
        (local.set 0 (i64.mul (local.get 0) (i64.const 0x9e3779b97f4a7c15)))
        (local.set 1 (i64.add (local.get 1) (local.tee 0 (i64.mul (local.get 0) (local.get 0)))))
        (local.set 1 (i64.mul (local.get 1) (local.get 0)))
        (i64.sub (local.get 0) (local.get 1))))`);
    const native = new NodeWasm.Instance(new NodeWasm.Module(bytes), {}).exports;
    const x = new Instance(new Module(bytes), {}, { store: new Store({ tier: 'js', compiler: jit }) }).exports as Record<string, (...a: any[]) => any>;
    let seed = 0x2545f491;
    const rnd32 = (): number => (seed = (Math.imul(seed ^ (seed >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) | 0);
    const edge = [0, 1, -1, 0x7fffffff, -0x80000000, 0xffff, 0x10000, -0x10000];
    for (let i = 0; i < 600; i++) {
      const lo = i < 64 ? edge[i & 7] : rnd32(), hi = i < 64 ? edge[i >> 3] : rnd32();
      const v = (BigInt(hi) << 32n) | BigInt(lo >>> 0);
      for (let k = 0; k < ks.length; k++) {
        expect(x[`k${k}`](v), `${v} * ${ks[k]}`).toBe(native[`k${k}`](v));
        expect(x[`c${k}`](v), `${ks[k]} * ${v}`).toBe(native[`c${k}`](v));
      }
      const w = (BigInt(rnd32()) << 32n) | BigInt(rnd32() >>> 0);
      expect(x.mul(v, w), `${v} * ${w}`).toBe(native.mul(v, w));
      expect(x.own(v, w), `own(${v}, ${w})`).toBe(native.own(v, w));
      expect(x.mulu(lo, hi), `${lo >>> 0} * ${hi >>> 0}`).toBe(native.mulu(lo, hi));
    }
    // where a double product's rounding would show: the low halves' product just above or below a multiple of
    // 2^32 (of 2^(32 - s) for a constant m * 2^s, m odd) — a = t / m modulo 2^(32 - s) makes it t, a's top s
    // bits random
    for (let k = 0; k < ks.length; k++) {
      const u = BigInt.asUintN(32, ks[k]);
      if (u === 0n) continue;
      const s = BigInt(31 - Math.clz32(Number(u & -u))), m = u >> s;
      let inv = m; // Newton's iteration: each step doubles the low bits of m * inv that are 1
      for (let j = 0; j < 5; j++) inv = BigInt.asUintN(32, inv * (2n - m * inv));
      for (let i = 0; i < 48; i++) {
        const t = [1n, 2n, -1n, -2n, -3n, -5n][i % 6];
        const a = BigInt.asUintN(32, BigInt.asUintN(Number(32n - s), t * inv) | (BigInt(rnd32()) << (32n - s)));
        const v = (BigInt(rnd32()) << 32n) | a;
        expect(x[`k${k}`](v), `${v} * ${ks[k]}`).toBe(native[`k${k}`](v));
        expect(x.mul(v, ks[k]), `${v} * ${ks[k]}`).toBe(native.mul(v, ks[k]));
      }
    }
  });

  it('adds and subtracts i64 variables with the carry and borrow out of the low halves as Node does', async () => {
    // codegen.ts i64op add/sub: the carry is the unsigned compare of the low sum with an operand, the borrow
    // that of the operands; low halves at and around 0, 2^31 and 2^32 carry or borrow, or just not
    const bytes = await wat(`(module
      (func (export "add") (param i64 i64) (result i64) (i64.add (local.get 0) (local.get 1)))
      (func (export "sub") (param i64 i64) (result i64) (i64.sub (local.get 0) (local.get 1)))
      (func (export "acc") (param i64 i64) (result i64) (local.set 0 (i64.add (local.get 1) (local.get 0)))
        (local.set 1 (i64.sub (local.get 0) (i64.add (local.get 1) (local.get 1)))) (i64.sub (local.get 1) (local.get 0))))`);
    const native = new NodeWasm.Instance(new NodeWasm.Module(bytes), {}).exports;
    const x = new Instance(new Module(bytes), {}, { store: new Store({ tier: 'js', compiler: jit }) }).exports as Record<string, (a: bigint, b: bigint) => bigint>;
    const los = [0, 1, 2, -1, -2, 0x7fffffff, 0x7ffffffe, -0x80000000, -0x7fffffff, 0x40000000, -0x40000000];
    const his = [0, 1, -1, 0x7fffffff, -0x80000000];
    const vals = his.flatMap((hi) => los.map((lo) => (BigInt(hi) << 32n) | BigInt(lo >>> 0)));
    for (const a of vals) {
      for (const b of vals) {
        for (const f of ['add', 'sub', 'acc']) expect(x[f](a, b), `${f}(${a}, ${b})`).toBe(native[f](a, b));
      }
    }
  });

  it('binds each helper once, in the order the function first calls it (depth check, statements, catch): no call goes through rt or Math', async () => {
    const bytes = await wat(`(module
      (func (export "f") (param $a i32) (param $b i32) (result i32)
        (i32.add (i32.mul (local.get $a) (local.get $b))
          (i32.add (i32.div_s (local.get $a) (local.get $b)) (i32.mul (local.get $b) (i32.const 3))))))`);
    const code = compileToJs(bytes, { compiler: jit }).code;
    expect(code).not.toMatch(/\b(?:rt\.(?:(?:i32|i64|cv|fl)\.)?|Math\.)\w+\(/);
    const bound = [...code.matchAll(/^var (\$\w+) = /gm)].map((m) => m[1]);
    expect(new Set(bound)).toEqual(new Set(['$rt_deep', '$Math_imul', '$i32_div_s', '$rt_frame']));
    expect(bound).toHaveLength(4);
    // (the order of the first calls: the entry's depth check first, the catch's last)
    const firstCall = (name: string): number => code.indexOf(`${name}(`);
    expect(bound.map(firstCall).every((at, i, all) => at >= 0 && (i === 0 || at > all[i - 1]))).toBe(true);
    expect([bound[0], bound[3]]).toEqual(['$rt_deep', '$rt_frame']);
    const native = new NodeWasm.Instance(new NodeWasm.Module(bytes), {}).exports;
    const x = new Instance(new Module(bytes), {}, { store: new Store({ tier: 'js', compiler: jit }) }).exports as Record<string, (...a: number[]) => unknown>;
    for (const [a, b] of [[7, 3], [-2147483648, -1], [5, 0], [123456789, 987654]]) expect(outcome(x.f, a, b), `f(${a}, ${b})`).toBe(outcome(native.f, a, b));
  });

  it('keeps compare results in locals read only as conditions as booleans, and as 0/1 wherever read as numbers', async () => {
    // codegen.ts boolSets: a local whose every read is a condition (if, br_if, select, eqz) may hold the
    // compare's JS boolean; one read as a number anywhere (arithmetic, ===, br_table, a call, memory,
    // a block result, the return value) must hold 0/1
    const bytes = await wat(`(module (memory 1)
      (func $id (param i32) (result i32) (local.get 0))
      (func (export "f") (param i32 i32) (result i32) (local i32 i32 i32 i32 i32 i32 i32 i32 i32)
        (local.set 2 (i32.gt_u (local.get 0) (local.get 1)))
        (local.set 3 (i32.lt_s (local.get 0) (local.get 1)))
        (local.set 4 (i32.eq (local.get 0) (local.get 1)))
        (local.set 5 (i32.ge_u (local.get 0) (i32.const 7)))
        (local.set 6 (i32.ne (local.get 1) (i32.const 0)))
        (local.set 7 (i32.le_s (local.get 1) (i32.const -3)))
        (local.set 8 (f64.lt (f64.convert_i32_s (local.get 0)) (f64.const 2.5)))
        (local.set 9 (i32.gt_s (local.get 1) (local.get 0)))
        (local.set 10 (i32.lt_u (local.get 1) (i32.const 5)))
        (local.set 0 (i32.add (local.get 0) (i32.mul (i32.eq (local.get 0) (local.get 10)) (i32.const 100000))))
        (i32.store (i32.const 0) (local.get 7))
        (block $b (br_if $b (local.get 2)) (local.set 0 (i32.add (local.get 0) (i32.const 1000))))
        (i32.add (i32.add (i32.add
          (select (i32.const 10) (i32.const 20) (local.get 2))
          (if (result i32) (local.get 2) (then (i32.const 100)) (else (i32.const 200))))
          (i32.add (i32.eqz (local.get 2)) (i32.mul (local.get 3) (i32.const 1000))))
          (i32.add (i32.add (i32.add (i32.mul (i32.eq (local.get 4) (i32.const 1)) (i32.const 10000))
            (block $x (result i32) (drop (block $y (result i32) (br_table $y $x (i32.const 77) (local.get 5)))) (i32.const 55000)))
            (i32.add (i32.mul (call $id (local.get 6)) (i32.const 3)) (i32.load (i32.const 0))))
            (i32.add (i32.add (local.get 0) (local.get 8)) (i32.mul (local.get 9) (i32.const 7))))))
      (func (export "g") (param i32) (result i32) (local i32)
        (local.set 1 (i32.gt_u (local.get 0) (i32.const 3)))
        (local.get 1)))`);
    const native = new NodeWasm.Instance(new NodeWasm.Module(bytes), {}).exports;
    const store = new Store({ tier: 'js', compiler: jit });
    const x = new Instance(new Module(bytes), {}, { store }).exports as Record<string, (...a: number[]) => number>;
    const vals = [0, 1, 2, 3, 7, 8, -1, -3, -4, 0x7fffffff, -0x80000000];
    for (const a of vals) {
      for (const b of vals) expect(x.f(a, b), `f(${a}, ${b})`).toBe(native.f(a, b));
      expect(x.g(a), `g(${a})`).toBe(native.g(a));
    }
    expect(compiledCount(store)).toBe(3);
    // (the local read only by br_if, select, if and eqz holds the boolean)
    expect(compileToJs(bytes, { compiler: jit }).code).toMatch(/L2 = \(\(L0 \^ -2147483648\) > \(L1 \^ -2147483648\)\);/);
  });

  it('gives a NaN from f32 min/max the same sign as the interpreter (copysign observes it; found by fuzz/)', async () => {
    const bytes = await wat(`(module (func (export "f") (result f32)
      (f32.copysign (f32.const 1.5)
        (f32.min (f32.add (f32.sqrt (f32.const -0x1p-149)) (f32.const 1.5)) (f32.const 1.5)))))`);
    const n = new NodeWasm.Instance(new NodeWasm.Module(bytes), {}).exports;
    for (const tier of ['interpreter', 'js'] as const) {
      const x = new Instance(new Module(bytes), {}, { store: new Store({ tier, compiler: jit }) }).exports as Record<string, () => number>;
      expect(x.f()).toBe(n.f());
    }
  });

  it('compiles a block in dead code inside a block that has values below it (found by fuzz/ttf.ts, kernels seed 153)', async () => {
    // The dead block's end cut the stack to nothing; the outer block's end then left a hole where the
    // value below it was, and the next block's materialization read the hole (a TypeError at compile time,
    // thrown to the caller of the wasm function).
    const bytes = await wat(`(module (func (export "f") (param i32) (result i32)
      (local.get 0) (block (unreachable) (block)) (block)))`);
    const n = new NodeWasm.Instance(new NodeWasm.Module(bytes), {}).exports;
    expect(compileToJs(bytes, { compiler: jit }).compiled).toBe(1);
    for (const tier of ['interpreter', 'js'] as const) {
      const x = new Instance(new Module(bytes), {}, { store: new Store({ tier, compiler: jit }) }).exports as Record<string, (a: number) => number>;
      expect([outcome(x.f, 7), outcome(n.f, 7)]).toEqual(['trap', 'trap']);
    }
  });

  it('mixes with interpreted functions (v128) in one instance, sharing memory and globals', async () => {
    const bytes = await wat(`(module (memory 1) (global $g (mut i32) (i32.const 0))
      (func $simd (param i32) (result i32)
        (i32x4.extract_lane 0 (i32x4.add (i32x4.splat (local.get 0)) (i32x4.splat (global.get $g)))))
      (func (export "f") (param i32) (result i32)
        (global.set $g (i32.add (global.get $g) (i32.const 1)))
        (i32.store (i32.const 0) (call $simd (local.get 0)))
        (i32.load (i32.const 0))))`);
    const store = new Store({ tier: 'js', compiler: jit });
    const x = new Instance(new Module(bytes, PACKS), {}, { store }).exports as Record<string, (a: number) => number>;
    expect(x.f(10)).toBe(11);
    expect(x.f(10)).toBe(12);
    expect(compiledCount(store)).toBe(1); // f; $simd stays interpreted
    expect(compileToJs(bytes, { compiler: jit, features: PACKS }).reasons.get('JS tier: SIMD')).toBe(1);
  });

  it('under callAsync runs interpreted what can reach a host function, so a host Promise can suspend it', async () => {
    const bytes = await wat(`(module (import "h" "get" (func $get (param i32) (result i32)))
      (func (export "sum") (param $n i32) (result i32) (local $acc i32)
        (block $done (loop $l
          (br_if $done (i32.eqz (local.get $n)))
          (local.set $acc (i32.add (local.get $acc) (call $get (local.get $n))))
          (local.set $n (i32.sub (local.get $n) (i32.const 1)))
          (br $l)))
        (local.get $acc)))`);
    let async = false;
    const store = new Store({ tier: 'js', compiler: jit });
    const i = new Instance(new Module(bytes), { h: { get: (n: number) => (async ? Promise.resolve(n) : n) } }, { store });
    const sum = i.exports.sum as (n: number) => number;
    expect(sum(100)).toBe(5050); // compiled
    expect(compiledCount(store)).toBe(1);
    async = true;
    expect(await callAsync(sum, 100)).toBe(5050);
  });

  it('under callAsync compiles what reaches no host function, through direct calls and other instances of the store', async () => {
    // $leaf reaches nothing; $mid calls $leaf and the other instance's $sq (a wasm function of the same store);
    // $indirect calls through a table (any function of its type could be the callee); $top calls the host
    const lib = new Module(await wat(`(module (func (export "sq") (param i32) (result i32) (i32.mul (local.get 0) (local.get 0))))`));
    const bytes = await wat(`(module
      (import "lib" "sq" (func $sq (param i32) (result i32)))
      (import "h" "wait" (func $wait (param i32) (result i32)))
      (type $t (func (param i32) (result i32)))
      (table 1 funcref) (elem (i32.const 0) $leaf)
      (func $leaf (export "leaf") (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
      (func $mid (export "mid") (param i32) (result i32) (call $sq (call $leaf (local.get 0))))
      (func $indirect (export "indirect") (param i32) (result i32) (call_indirect (type $t) (local.get 0) (i32.const 0)))
      (func $top (export "top") (param i32) (result i32) (call $wait (call $mid (local.get 0)))))`);
    const store = new Store({ tier: 'js', compiler: jit });
    const libInstance = new Instance(lib, {}, { store });
    const i = new Instance(new Module(bytes), { lib: libInstance.exports, h: { wait: (n: number) => Promise.resolve(n + 1000) } }, { store });
    const x = i.exports as Record<string, (n: number) => number>;
    // (internal state, read for the test only: lib's instance is the one with one function)
    const compiled = () => (store as unknown as { funcs: { body: unknown; index: number; instance: { funcs: unknown[] } }[] }).funcs
      .filter((f) => f.body !== null).map((f) => `${f.instance.funcs.length === 1 ? 'lib.' : ''}${f.index}`).sort();
    expect(await callAsync(x.top, 4)).toBe(1025);
    expect(await callAsync(x.indirect, 4)).toBe(5);
    // sq (lib.0), leaf (2) and mid (3) ran compiled; indirect (4) and top (5) interpreted
    expect(compiled()).toEqual(['2', '3', 'lib.0']);
    expect(await callAsync(x.mid, 2)).toBe(9);
    expect(x.indirect(4)).toBe(5); // outside callAsync everything compiles
    expect(compiled()).toEqual(['2', '3', '4', 'lib.0']);
  });

  it('under callAsync compiles anything in a call the host makes back into wasm, where nothing can suspend', async () => {
    // outer calls the host, which calls inner: inner reaches a host function (log), but runs in an execution
    // nested in a host call, which no Promise can suspend (it would be an error in either tier)
    const bytes = await wat(`(module (import "h" "back" (func $back (param i32) (result i32))) (import "h" "log" (func $log (param i32)))
      (func (export "inner") (param i32) (result i32) (call $log (local.get 0)) (i32.mul (local.get 0) (i32.const 3)))
      (func (export "outer") (param i32) (result i32) (call $back (local.get 0))))`);
    const store = new Store({ tier: 'js', compiler: jit });
    let x: Record<string, (n: number) => number> = {};
    x = new Instance(new Module(bytes), { h: { back: (n: number) => x.inner(n) + 1, log: () => undefined } }, { store }).exports as typeof x;
    expect(await callAsync(x.outer, 5)).toBe(16);
    expect(compiledCount(store)).toBe(1); // inner; outer (it calls the host) interpreted
  });

  it('under callAsync runs everything interpreted in a store whose fuel suspends when it runs out', async () => {
    const bytes = await wat(`(module (func (export "leaf") (param i32) (result i32) (i32.add (local.get 0) (i32.const 1))))`);
    const store = new Store({ tier: 'js', compiler: jit, fuel: 1e6, outOfFuel: 'suspend' });
    const x = new Instance(new Module(bytes), {}, { store }).exports as Record<string, (n: number) => number>;
    expect(await callAsync(x.leaf, 1)).toBe(2);
    expect(compiledCount(store)).toBe(0);
    expect(x.leaf(1)).toBe(2);
    expect(compiledCount(store)).toBe(1);
  });

  it('stays interpreted when forced, with fuel but no generator (test/jstier/fuel.test.ts: with one), in a debug store, or with tier "interpreter"', async () => {
    const bytes = await wat(RECURSE);
    // a debug store's breakpoints are patched into interpreter code: compiled code would run past them
    for (const options of [{ tier: 'interpreter' as const }, { fuel: 1e9 }, { interruptible: true }, { debug, tier: 'js' as const }]) {
      const store = new Store(options);
      const x = new Instance(new Module(bytes), {}, { store }).exports as Record<string, (n: number) => number>;
      expect(x.down(100)).toBe(100);
      expect(compiledCount(store)).toBe(0);
      expect(store.interpretOnly).toBe(true);
    }
    const store = new Store({ tier: 'js', compiler: jit });
    store.interpretOnly = true;
    const x = new Instance(new Module(bytes), {}, { store }).exports as Record<string, (n: number) => number>;
    expect(x.down(100)).toBe(100);
    expect(compiledCount(store)).toBe(0); // forced: nothing compiles, nothing compiled runs
    store.interpretOnly = false;
    expect(x.down(100)).toBe(100);
    expect(compiledCount(store)).toBe(1);
  });

  it('generates code only with the code generator from purewasm/jit', async () => {
    const bytes = await wat(RECURSE);
    // without a compiler every tier interprets (no ahead-of-time code was given)
    for (const tier of ['auto', 'js'] as const) {
      const store = new Store({ tier });
      const x = new Instance(new Module(bytes), {}, { store }).exports as Record<string, (n: number) => number>;
      for (let i = 0; i < 5; i++) expect(x.down(100)).toBe(100);
      expect(compiledCount(store)).toBe(0);
    }
    // an instance that makes its own store passes the compiler on to it
    const inst = new Instance(new Module(bytes), {}, { compiler: jit });
    const x = inst.exports as Record<string, (n: number) => number>;
    for (let i = 0; i < 5; i++) expect(x.down(100)).toBe(100);
    expect(compiledCount(inst.store)).toBe(1);
    expect(() => compileToJs(bytes, {} as never)).toThrow(/compileToJs needs the code generator.*purewasm\/jit/);
    expect(() => new Store({ compiler: {} as never })).toThrow(/compiler must be the JS tier's code generator/);
  });

  it('ahead of time: the output bundles with esbuild and runs under node --jitless', () => {
    const wasm = join(SHARED, 'bench', 'wasm', 'sha256.wasm');
    const bytes = readFileSync(wasm);
    const dir = mkdtempSync(join(tmpdir(), 'purewasm-aot-'));
    const root = resolve(__dirname, '../..');
    // (the run time from the sources: the package is not installed there)
    const runtimeFrom = join(root, 'src/js-runtime/index.ts');
    execFileSync(process.execPath, ['--import', 'tsx', join(root, 'src/cli/main.ts'), 'compile', '--js', wasm, '-o', join(dir, 'sha256.js'), '--runtime-from', runtimeFrom], { cwd: root, stdio: 'pipe' });
    writeFileSync(join(dir, 'entry.mjs'), `
      import { readFileSync } from 'node:fs';
      import { Module, Instance, Store } from ${JSON.stringify(join(root, 'src/index.ts'))};
      import compiled from './sha256.js';
      const store = new Store({ tier: 'auto' }); // no code generator: ahead-of-time code needs the core and the run time it imports
      const x = new Instance(new Module(readFileSync(${JSON.stringify(wasm)})), {}, { store, compiled }).exports;
      const r = x.run(3) >>> 0;
      console.log(JSON.stringify({ r, compiled: store.funcs.filter((f) => f.body !== null).length }));`);
    execFileSync(join(root, 'node_modules/.bin/esbuild'), ['entry.mjs', '--bundle', '--platform=node', '--format=esm', '--outfile=bundle.mjs', '--log-level=error'], { cwd: dir });
    const out = JSON.parse(execFileSync(process.execPath, ['--jitless', join(dir, 'bundle.mjs')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
    const native = new NodeWasm.Instance(new NodeWasm.Module(bytes), {}).exports;
    expect(out.r).toBe(native.run(3) >>> 0);
    expect(out.compiled).toBeGreaterThan(0);
    // the script form defines a global
    const iife = compileToJs(bytes, { compiler: jit, format: 'iife', name: 'sha' }).code;
    const g = script<{ format: number; hash: number; runtime: unknown; functions: Record<number, unknown> }>(iife, 'sha');
    expect(Object.keys(g.functions).length).toBe(compileToJs(bytes, { compiler: jit }).compiled);
    // code made from other bytes is refused
    const other = readFileSync(join(SHARED, 'bench', 'wasm', 'fib.wasm'));
    expect(() => new Instance(new Module(other), {}, { compiled: g as never })).toThrow(/made from another module/);
    const { format: _, ...unversioned } = g;
    expect(() => new Instance(new Module(bytes), {}, { compiled: unversioned as never })).toThrow(/another purewasm version \(format undefined/);
    // the script form evaluated without js-runtime.iife.js's global: no run time, and the error names it
    const bare = new Function(`${iife}; return sha;`)() as CompiledModule;
    expect(bare.runtime).toBe(null);
    expect(() => new Instance(new Module(bytes), {}, { compiled: bare })).toThrow(/carries no JS tier run time.*'purewasm\/js-runtime'.*js-runtime\.iife\.js/);
    // a run time of another purewasm version is refused, from ahead-of-time output and from a compiler alike
    const stale = { ...jsRuntime, format: 10 };
    expect(() => new Instance(new Module(bytes), {}, { compiled: { ...g, runtime: stale } as never })).toThrow(/run time of compiled JS is from another purewasm version \(format 10/);
    expect(() => new Store({ compiler: { ...jit, runtime: stale } })).toThrow(/run time of compiler is from another purewasm version/);
  });

  it('ahead of time, a component: one table per core module, found by hash; the export runs compiled', () => {
    const file = join(SHARED, 'fixtures', 'components', 'jco', 'transpile', 'runtime', 'adder.component.wasm');
    const bytes = readFileSync(file);
    const r = compileToJs(bytes, { compiler: jit, format: 'iife', name: 'adder' });
    expect(r.modules).toBeGreaterThan(0);
    expect(r.compiled).toBeGreaterThan(0);
    const compiled = script<CompiledComponent>(r.code, 'adder');
    expect(compiled.modules.length).toBe(r.modules);
    const component = new Component(bytes);
    // tier 'auto' compiles nothing at run time before the third call: what runs compiled at once is the
    // ahead-of-time code (a function with a factory is compiled on its first call)
    const store = new Store({ tier: 'auto' });
    const add = new Linker().instantiate(component, { store, compiled }).exports.func('docs:adder/add@0.1.0#add').typed<[number, number], number>();
    expect(add(40, 2)).toBe(42);
    expect(compiledCount(store)).toBeGreaterThan(0);
    const plain = new Store({ tier: 'auto' });
    const add2 = new Linker().instantiate(component, { store: plain }).exports.func('docs:adder/add@0.1.0#add').typed<[number, number], number>();
    expect(add2(40, 2)).toBe(42);
    expect(compiledCount(plain)).toBe(0);
    // an invalid component throws a CompileError (purewasm/jit's own class: src/jit/aot.ts), before anything is written
    const written: string[] = [];
    expect(() => compileToJs(bytes.subarray(0, 40), { compiler: jit, write: (s) => void written.push(s) })).toThrow(expect.objectContaining({ name: 'CompileError' }));
    expect(written).toEqual([]);
    // code made from another component (or a core module) is refused
    const core = compileToJs(readFileSync(join(SHARED, 'bench', 'wasm', 'fib.wasm')), { compiler: jit, format: 'iife', name: 'fib' }).code;
    const wrong = script<{ format: number; hash: number }>(core, 'fib');
    expect(() => new Linker().instantiate(component, { compiled: { format: wrong.format, hash: wrong.hash, modules: [] } })).toThrow(/made from another component/);
    // output of a purewasm with another calling convention is refused by its format, before it could run
    expect(() => new Linker().instantiate(component, { compiled: { ...compiled, format: 1 } })).toThrow(/another purewasm version \(format 1, this runtime reads format 13\)/);
  });

  it('blocks nested thousands deep (a big br_table dispatch): generated flat, same results as Node', async () => {
    // JS parsers recurse per nesting level (V8 overflows at a few thousand labelled blocks): such a function
    // becomes one dispatch loop per scope instead (codegen.ts, flat mode)
    const n = 3000;
    const open = Array.from({ length: n }, (_, i) => `(block $b${i}`).join(' ');
    const targets = Array.from({ length: n }, (_, i) => `$b${n - 1 - i}`).join(' ');
    const tail = Array.from({ length: n }, (_, i) => `) (local.set 1 (i32.add (i32.mul (local.get 1) (i32.const 31)) (i32.const ${i})))`).join(' ');
    const bytes = await wat(`(module (func (export "f") (param i32) (result i32) (local i32)
      ${open} (br_table ${targets} (local.get 0)) ${tail} (local.get 1)))`);
    const src = compileToJs(bytes, { compiler: jit }).code;
    expect(src).toContain('switch (S');
    const native = new NodeWasm.Instance(new NodeWasm.Module(bytes), {}).exports;
    const store = new Store({ tier: 'js', compiler: jit });
    const f = new Instance(new Module(bytes), {}, { store }).exports.f as (x: number) => number;
    for (const x of [0, 1, 2, 17, 1500, 2998, 2999, 3000, -1]) expect(f(x)).toBe(native.f(x));
    expect(compiledCount(store)).toBe(1);
  });
});
