// A store of a value computed from a read of the same element (`x[i] = x[i] - d`, codegen.ts viewStore): the
// read decides for the store, which is not tested again. End to end at every alignment and bound (misaligned,
// negative, past 2^31, at the memory's end: a trap), f64 with NaN payloads, i32 and i16, the element read
// first or last in the value, as Node's WebAssembly computes them.
import { describe, expect, it } from 'vitest';
import { Instance, Module, Store } from '../../src/index.js';
import { compileToJs, jit } from '../../src/jit/index.js';
import { NodeWasm, outcome, wat } from './oracle.js';

describe('read-modify-write stores', () => {
  it('write what Node writes, and trap where Node traps, at every base', async () => {
    const bytes = await wat(`(module (memory (export "memory") 1)
      (func (export "init") (local i32)
        (loop $l (i32.store8 (local.get 0) (i32.mul (local.get 0) (i32.const 151)))
          (br_if $l (i32.ne (local.tee 0 (i32.add (local.get 0) (i32.const 1))) (i32.const 65536)))))
      (func (export "rmw") (param $p i32) (param $d f64) (param $k i32)
        (f64.store (local.get $p) (f64.sub (f64.load (local.get $p)) (f64.mul (local.get $d) (local.get $d))))
        (f64.store offset=8 (local.get $p) (f64.add (f64.mul (local.get $d) (f64.const 0.5)) (f64.load offset=8 (local.get $p))))
        (i32.store offset=16 (local.get $p) (i32.xor (i32.load offset=16 (local.get $p)) (local.get $k)))
        (i32.store16 offset=20 (local.get $p) (i32.add (local.get $k) (i32.load16_u offset=20 (local.get $p)))))
      (func (export "get") (param i32) (result i64) (i64.load (local.get 0))))`);
    const code = compileToJs(bytes, { compiler: jit }).code;
    // (the rule fires: the element read into SV, no second test)
    expect(code).toMatch(/if \(\(SV = FD0\[SX = [^\]]+\]\) === undefined\) DV0\.setFloat64\(/);
    expect(code).toMatch(/if \(\(SV = IW0\[SX = [^\]]+\]\) === undefined\) DV0\.setInt32\(/);
    expect(code).not.toContain('if (FD0[SX] === undefined)');
    const native = new NodeWasm.Instance(new NodeWasm.Module(bytes), {}).exports;
    const x = new Instance(new Module(bytes), {}, { store: new Store({ tier: 'js', compiler: jit }) }).exports as Record<string, (...a: unknown[]) => unknown>;
    x.init();
    native.init();
    const bases = [0, 8, 1, 2, 3, 4, 5, 6, 7, 1000, 65536 - 24, 65536 - 22, 65536 - 21, 65536 - 16, 65536 - 8, 65536, -8, -1, 0x7ffffff8, -0x80000000];
    // (the memory's bytes hold NaNs among the f64 values read)
    for (const d of [0, 1.5, -3, 1e300]) {
      for (const p of bases) {
        for (const k of [0, -1, 0x12345]) {
          expect(outcome(x.rmw as (...a: number[]) => unknown, p, d, k), `rmw(${p}, ${d}, ${k})`).toBe(outcome(native.rmw, p, d, k));
        }
      }
    }
    for (let a = 0; a < 65536; a += 8) if (x.get(a) !== native.get(a)) expect(x.get(a), `memory at ${a}`).toBe(native.get(a));
  });
});
