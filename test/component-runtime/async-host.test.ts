// Component host functions (Linker) may return Promises: Func.callAsync lets the guest wait (core
// callAsync underneath); a plain call still refuses, with a clear trap.
import { describe, expect, it } from 'vitest';
import { Linker, Trap } from '../../src/component/runtime/index.js';
import { wat } from './helpers.js';

const SUM = `
(component
  (import "get" (func $get (param "x" u32) (result u32)))
  (core func $get-core (canon lower (func $get)))
  (core module $m
    (import "" "get" (func $get (param i32) (result i32)))
    (func (export "sum") (param $n i32) (result i32) (local $acc i32)
      (block $done (loop $l
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $acc (i32.add (local.get $acc) (call $get (local.get $n))))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $l)))
      (local.get $acc)))
  (core instance $i (instantiate $m (with "" (instance (export "get" (func $get-core))))))
  (func (export "sum") (param "n" u32) (result u32) (canon lift (core func $i "sum")))
)`;

describe('async component host functions', () => {
  it('10,000 awaited host calls through the canonical ABI', async () => {
    const c = await wat(SUM);
    const linker = new Linker();
    let calls = 0;
    linker.func('get', async (x: unknown) => { calls++; await null; return (x as number) * 2; });
    const inst = linker.instantiate(c);
    expect(await inst.exports.func('sum').callAsync([10_000])).toBe(10_000 * 10_001);
    expect(calls).toBe(10_000);
    // a synchronous call cannot wait: a trap that says so, and the instance is poisoned as after any trap
    const inst2 = linker.instantiate(c);
    expect(() => inst2.exports.func('sum').call([3])).toThrow(Trap);
    expect(() => inst2.exports.func('sum').call([3])).toThrow(/cannot enter|callAsync/);
  });

  it('two component instances interleave their async calls', async () => {
    const c = await wat(SUM);
    const order: string[] = [];
    const make = (tag: string) => {
      const l = new Linker();
      l.func('get', (x: unknown) => new Promise((r) => setTimeout(() => { order.push(tag); r(x); }, 1)));
      return l.instantiate(c);
    };
    const [a, b] = [make('a'), make('b')];
    expect(await Promise.all([a.exports.func('sum').callAsync([10]), b.exports.func('sum').callAsync([10])])).toEqual([55, 55]);
    expect(order.slice(1).filter((t, k) => t !== order[k]).length).toBeGreaterThan(3);
  });
});
