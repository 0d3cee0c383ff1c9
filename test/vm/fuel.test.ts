// Fuel (1 per executed wasm instruction, structural ones free: exec/fuel.ts) and interruption (interrupt(),
// deadlines) stop runaway guests; counts are exact and identical under `node --jitless`.
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { Instance, Module, Store, Trap } from '../../src/index.js';

async function wat(text: string): Promise<Module> {
  const { parse } = await import('@bytecodealliance/jco-transpile/wasm-tools');
  return new Module(await parse(text));
}

const shared = process.env.PUREWASM_SHARED ?? resolve('../shared');

function trapOf(f: () => unknown): Trap {
  try {
    f();
  } catch (e) {
    if (e instanceof Trap) return e;
    throw e;
  }
  throw new Error('no trap');
}

const SPIN = `(module
  (import "h" "tick" (func $tick))
  (func (export "spin") (loop $l (br $l)))
  (func (export "spinCalls") (loop $l (call $tick) (br $l)))
  (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
  (func $count (export "count") (param i32) (result i32) (local i32)
    (block $done
      (loop $l
        (br_if $done (i32.eqz (local.get 0)))
        (local.set 1 (i32.add (local.get 1) (i32.const 1)))
        (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
        (br $l)))
    (local.get 1)))`;

describe('fuel', () => {
  it('charges 1 per executed instruction, structural ones free', async () => {
    const m = await wat(SPIN);
    const store = new Store({ fuel: 1000 });
    const i = new Instance(m, { h: { tick: () => undefined } }, { store });
    expect((i.exports.add as (a: number, b: number) => number)(2, 3)).toBe(5);
    expect(store.fuel).toBe(1000 - 3); // local.get, local.get, i32.add
    store.fuel = 1000;
    expect((i.exports.count as (n: number) => number)(10)).toBe(10);
    // per iteration: local.get, i32.eqz, br_if, local.get, i32.const, i32.add, local.set, local.get,
    // i32.const, i32.sub, local.set, br = 12; the last test: local.get, i32.eqz, br_if = 3; then local.get = 1
    expect(1000 - store.fuel).toBe(10 * 12 + 3 + 1);
  });

  it('an infinite loop stops with "all fuel consumed"; the store is usable after adding fuel', async () => {
    const m = await wat(SPIN);
    const store = new Store({ fuel: 10_000 });
    const i = new Instance(m, { h: { tick: () => undefined } }, { store });
    const t = trapOf(() => (i.exports.spin as () => void)());
    expect(t.reason).toBe('all fuel consumed');
    expect(t.wasmStack[0].offset).toBeTypeOf('number');
    expect(store.fuel).toBe(0); // every segment of `spin` costs 1
    store.addFuel(100);
    expect((i.exports.add as (a: number, b: number) => number)(1, 1)).toBe(2);
  });

  it('stores without fuel are untouched; fuel is per store', async () => {
    const m = await wat(SPIN);
    const plain = new Instance(m, { h: { tick: () => undefined } });
    expect(plain.store.fuel).toBe(Infinity);
    expect(() => plain.store.interrupt()).toThrow(/created without/);
    const s1 = new Store({ fuel: 50 });
    const s2 = new Store({ fuel: 50 });
    const a = new Instance(m, { h: { tick: () => undefined } }, { store: s1 });
    new Instance(m, { h: { tick: () => undefined } }, { store: s2 });
    expect(trapOf(() => (a.exports.spin as () => void)()).reason).toBe('all fuel consumed');
    expect(s2.fuel).toBe(50);
  });

  it('counts are identical across runs and under node --jitless (benchmark kernels)', async () => {
    const run = async (flags: string[]): Promise<unknown> => {
      const r = await promisify(execFile)(process.execPath, [...flags, '--import', 'tsx', 'test/vm/scripts/fuel-count.ts', shared], { encoding: 'utf8' });
      return JSON.parse(r.stdout);
    };
    const [a, b, c] = await Promise.all([run([]), run([]), run(['--jitless'])]);
    expect(b).toEqual(a);
    expect(c).toEqual(a);
    expect((a as Record<string, { fuel: number }>).fib.fuel).toBeGreaterThan(1_000_000);
  }, 300_000);
});

describe('interruption', () => {
  it('a deadline stops an infinite loop', async () => {
    const m = await wat(SPIN);
    const store = new Store({ interruptible: true });
    const i = new Instance(m, { h: { tick: () => undefined } }, { store });
    store.setDeadline(0.05);
    expect(trapOf(() => (i.exports.spin as () => void)()).reason).toBe('interrupted');
    store.setDeadline(undefined);
    expect((i.exports.add as (a: number, b: number) => number)(1, 2)).toBe(3);
  });

  it('interrupt() from a host function stops the guest at its next check', async () => {
    const m = await wat(SPIN);
    const store = new Store({ interruptible: true });
    let ticks = 0;
    const i = new Instance(m, { h: { tick: () => { if (++ticks === 100) store.interrupt(); } } }, { store });
    expect(trapOf(() => (i.exports.spinCalls as () => void)()).reason).toBe('interrupted');
    expect(ticks).toBe(100);
    expect((i.exports.add as (a: number, b: number) => number)(1, 2)).toBe(3);
  });
});
