// Async host functions: a host import may return a Promise; under callAsync the guest suspends (its frames
// stay on the store's stack) and resumes when the Promise settles. Rejections surface as the import
// throwing; a suspension that would cross a JS frame is a clear error.
import { describe, expect, it } from 'vitest';
import { Instance, Module, Store, TagInst, WasmException, callAsync } from '../../src/index.js';

async function wat(text: string): Promise<Module> {
  const { parse } = await import('@bytecodealliance/jco-transpile/wasm-tools');
  return new Module(await parse(text));
}

const SUM = `(module
  (import "h" "get" (func $get (param i32) (result i32)))
  (import "h" "reenter" (func $reenter (param i32) (result i32)))
  (func $sum (export "sum") (param $n i32) (result i32) (local $acc i32)
    (block $done (loop $l
      (br_if $done (i32.eqz (local.get $n)))
      (local.set $acc (i32.add (local.get $acc) (call $get (local.get $n))))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br $l)))
    (local.get $acc))
  (func $deep (export "deep") (param $n i32) (result i32)
    ;; recursion on our own frame stack, then an async call at the bottom
    (if (result i32) (i32.eqz (local.get $n)) (then (call $get (i32.const 7)))
      (else (i32.add (call $deep (i32.sub (local.get $n) (i32.const 1))) (i32.const 1)))))
  (func (export "viaHost") (param i32) (result i32) (call $reenter (local.get 0)))
  (func (export "double") (param i32) (result i32) (i32.mul (local.get 0) (i32.const 2))))`;

describe('async host functions', () => {
  it('10,000 awaited host calls give the right result', async () => {
    const m = await wat(SUM);
    let calls = 0;
    const i = new Instance(m, { h: { get: async (x: number) => { calls++; await null; return x * 2; }, reenter: () => 0 } });
    expect(await i.callAsync('sum', 10_000)).toBe(10_000 * 10_001);
    expect(calls).toBe(10_000);
    expect(await callAsync(i.exports.deep, 500)).toBe(514); // get(7) = 14, plus 500
  });

  it('an import that re-entered wasm (called through execute() since) still suspends and resumes', async () => {
    const m = await wat(SUM);
    let i: Instance | undefined;
    let calls = 0;
    i = new Instance(m, {
      h: {
        get: (x: number) => {
          calls++;
          const d = (i!.exports.double as (x: number) => number)(x); // re-enters: marks get as re-entrant
          return calls === 50 ? Promise.reject(new Error('nope')) : Promise.resolve(d);
        },
        reenter: () => 0,
      },
    });
    await expect(i.callAsync('sum', 40)).resolves.toBe(40 * 41);
    await expect(i.callAsync('sum', 40)).rejects.toThrow('nope');
    calls = 0;
    await expect(callAsync(i.exports.deep, 300)).resolves.toBe(314);
  });

  it('two stores run their async calls interleaved; a sync call works while one is suspended', async () => {
    const m = await wat(SUM);
    const order: string[] = [];
    const make = (tag: string): Instance => new Instance(m, {
      h: { get: (x: number) => new Promise<number>((r) => setTimeout(() => { order.push(tag); r(x); }, 1)), reenter: () => 0 },
    });
    const a = make('a');
    const b = make('b');
    expect(a.store).not.toBe(b.store);
    const pa = a.callAsync('sum', 20);
    const pb = b.callAsync('sum', 20);
    // while both are suspended, synchronous calls into the same stores still work
    await new Promise((r) => setTimeout(r, 0));
    expect((a.exports.double as (x: number) => number)(21)).toBe(42);
    expect(await Promise.all([pa, pb])).toEqual([210, 210]);
    expect(order.join('')).toMatch(/ab|ba/);
    const switches = order.slice(1).filter((t, k) => t !== order[k]).length;
    expect(switches).toBeGreaterThan(5);
  });

  it('async calls in one store run one after another', async () => {
    const m = await wat(SUM);
    const store = new Store();
    const i = new Instance(m, { h: { get: async (x: number) => x, reenter: () => 0 } }, { store });
    const results = await Promise.all([i.callAsync('sum', 100), i.callAsync('sum', 10), i.callAsync('deep', 50)]);
    expect(results).toEqual([5050, 55, 57]);
  });

  it('a rejection is the import throwing: JS errors reach the caller, wasm exceptions can be caught', async () => {
    const m = await wat(SUM);
    const i = new Instance(m, { h: { get: async () => { throw new Error('no data'); }, reenter: () => 0 } });
    await expect(i.callAsync('sum', 3)).rejects.toThrow('no data');
    // the store is still usable
    expect(await i.callAsync('double', 4)).toBe(8);

    const c = await wat(`(module
      (tag $e (export "e") (param i32))
      (import "h" "get" (func $get (result i32)))
      (func (export "guarded") (result i32)
        (block $caught (result i32)
          (try_table (result i32) (catch $e $caught) (call $get)))))`);
    let j: Instance;
    const get = async (): Promise<number> => {
      throw new WasmException(j.exports.e as TagInst, Int32Array.of(41, 0), [null, null]);
    };
    j = new Instance(c, { h: { get } });
    expect(await j.callAsync('guarded')).toBe(41);
  });

  it('a suspension that would cross a JS frame is a clear error; a Promise outside callAsync too', async () => {
    const m = await wat(SUM);
    let inner: Instance;
    const i = new Instance(m, {
      h: {
        get: async (x: number) => x,
        // a host function calling back into wasm: the async import below it cannot suspend the outer call
        reenter: (x: number) => (inner.exports.sum as (n: number) => number)(x),
      },
    });
    inner = i;
    await expect(i.callAsync('viaHost', 3)).rejects.toThrow(/cannot suspend: a JS frame/);
    expect(() => (i.exports.sum as (n: number) => number)(3)).toThrow(/call the export with callAsync/);
    expect(await i.callAsync('sum', 3)).toBe(6);
  });
});

describe('fuel suspension', () => {
  it('sha256 suspends each time its fuel runs out and, given more, ends with the uninterrupted checksum', async () => {
    const { readFileSync } = await import('node:fs');
    const { resolve } = await import('node:path');
    const bytes = readFileSync(resolve(process.env.PUREWASM_SHARED ?? '../shared', 'bench/wasm/sha256.wasm'));
    const module = new Module(bytes);
    const plain = new Store({ fuel: 1e15 });
    const expected = (new Instance(module, {}, { store: plain }).exports.run as (n: number) => number)(2);
    const total = 1e15 - plain.fuel;

    const store = new Store({ fuel: 1_000_000, outOfFuel: 'suspend' });
    const inst = new Instance(module, {}, { store });
    let done = false;
    const p = inst.callAsync('run', 2).then((r) => { done = true; return r; });
    let suspensions = 0;
    let given = 1_000_000;
    for (;;) {
      await new Promise((r) => setTimeout(r, 0));
      if (done) break;
      suspensions++;
      expect(store.fuel).toBeLessThan(1_000); // stopped at a segment it could not pay for
      store.addFuel(1_000_000);
      given += 1_000_000;
    }
    expect(await p).toBe(expected);
    expect(suspensions).toBe(Math.floor(total / 1_000_000));
    expect(given - store.fuel).toBe(total);
  });
});
