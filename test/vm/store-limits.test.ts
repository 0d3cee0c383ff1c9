// Per-store limits (memory bytes, table elements, instances, call depth) and call hooks.
import { describe, expect, it } from 'vitest';
import { Instance, Module, Store, Trap } from '../../src/index.js';
import type { CallHookKind } from '../../src/vm/runtime/store.js';

async function wat(text: string): Promise<Module> {
  const { parse } = await import('@bytecodealliance/jco-transpile/wasm-tools');
  return new Module(await parse(text));
}

describe('store limits', () => {
  it('memory bytes: instantiation refuses, memory.grow fails with -1', async () => {
    const m = await wat(`(module (memory 2) (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))`);
    expect(() => new Instance(m, {}, { store: new Store({ limits: { memoryBytes: 65536 } }) })).toThrow(/store limit exceeded: a memory/);
    const i = new Instance(m, {}, { store: new Store({ limits: { memoryBytes: 4 * 65536 } }) });
    const grow = i.exports.grow as (n: number) => number;
    expect(grow(1)).toBe(2);
    expect(grow(2)).toBe(-1);
    expect(grow(1)).toBe(3);
  });

  it('table elements, instances, call depth', async () => {
    const t = await wat(`(module (table 4 funcref) (func (export "grow") (param i32) (result i32) (table.grow (ref.null func) (local.get 0))))`);
    expect(() => new Instance(t, {}, { store: new Store({ limits: { tableElements: 3 } }) })).toThrow(/store limit exceeded: a table/);
    const ti = new Instance(t, {}, { store: new Store({ limits: { tableElements: 6 } }) });
    expect((ti.exports.grow as (n: number) => number)(2)).toBe(4);
    expect((ti.exports.grow as (n: number) => number)(1)).toBe(-1);

    const store = new Store({ limits: { instances: 2 } });
    new Instance(t, {}, { store });
    new Instance(t, {}, { store });
    expect(() => new Instance(t, {}, { store })).toThrow(/at most 2 instances/);

    const r = await wat(`(module (func $f (export "f") (param i32) (result i32)
      (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0)) (else (call $f (i32.sub (local.get 0) (i32.const 1)))))))`);
    const ri = new Instance(r, {}, { store: new Store({ limits: { callDepth: 100 } }) });
    expect((ri.exports.f as (n: number) => number)(90)).toBe(0);
    expect(() => (ri.exports.f as (n: number) => number)(200)).toThrow(Trap);
  });
});

describe('call hooks', () => {
  it('see every crossing between JS and wasm, async suspensions included', async () => {
    const m = await wat(`(module (import "h" "f" (func $f (result i32)))
      (func (export "run") (result i32) (i32.add (call $f) (call $f))))`);
    const seen: CallHookKind[] = [];
    const store = new Store({ callHook: (k) => { seen.push(k); } });
    const i = new Instance(m, { h: { f: () => 1 } }, { store });
    expect((i.exports.run as () => number)()).toBe(2);
    expect(seen).toEqual(['calling-wasm', 'calling-host', 'returning-from-host', 'calling-host', 'returning-from-host', 'returning-from-wasm']);
    seen.length = 0;
    const j = new Instance(m, { h: { f: async () => 2 } }, { store });
    expect(await j.callAsync('run')).toBe(4);
    expect(seen.filter((k) => k === 'calling-wasm').length).toBe(3); // entry + two resumptions
    expect(seen.at(-1)).toBe('returning-from-wasm');
  });
});
