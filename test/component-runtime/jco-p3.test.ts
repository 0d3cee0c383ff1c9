// jco's WASI-0.3-era fixtures (../shared/fixtures/components/jco/transpile/p3, EXPECTATIONS.md there): the
// component-model async builtins from sync exports, and wasmtime's component-async-tests (Rust, wit-bindgen
// async) composed as jco composes them. WASI 0.3 commands (cli, clocks, random) need a WASI 0.3 host: coming.
import { describe, expect, it } from 'vitest';
import { Linker, ResourceType, Trap, hostResource, type ResourceHandle } from '../../src/component/runtime/index.js';
import { expectationsFor, loadComponent } from './helpers.js';

interface Step { readonly call: string; readonly args: unknown[]; readonly result?: unknown; readonly trap?: boolean; readonly trapMessageContains?: string }

describe('jco p3 fixtures', () => {
  for (const file of ['transpile/p3/backpressure-sync/component.wasm', 'transpile/p3/context-sync/component.wasm']) {
    it(`${file}: every step of EXPECTATIONS.md`, () => {
      const c = loadComponent(file);
      const inst = new Linker().instantiate(c);
      const steps = expectationsFor(file).steps as unknown as Step[];
      expect(steps.length).toBeGreaterThan(0);
      for (const s of steps) expect(inst.exports.func(s.call).call(s.args) ?? null).toEqual(s.result);
    });
  }

  /** The host side of local:local/borrowing-types: resource x whose foo counts calls. */
  function borrowingHost(linker: Linker): { foos: () => number } {
    const X = ResourceType.host('x');
    let foos = 0;
    linker.instance('local:local/borrowing-types')
      .resource('x', X)
      .func('[constructor]x', () => hostResource(X, {}))
      .func('[method]x.foo', (self: ResourceHandle) => {
        expect(self.own).toBe(false);
        foos++;
      });
    return { foos: () => foos };
  }

  it('async-borrowing-callee: run(false) holds a borrow of a host resource across an await; x.foo runs once', async () => {
    const c = loadComponent('transpile/p3/general/async-borrowing-callee.wasm');
    const linker = new Linker();
    const host = borrowingHost(linker);
    linker.defineUnknownImportsAsTraps(c);
    const inst = linker.instantiate(c);
    expect(await inst.exports.func('local:local/run-bool#run').callAsync([false])).toBeUndefined();
    expect(host.foos()).toBe(1);
  });

  /** caller's local:local/borrowing import satisfied by a callee instance (jco: wasm-tools compose). */
  function composedBorrowing(): { run: (v: boolean) => Promise<unknown>; foos: () => number } {
    const callee = loadComponent('transpile/p3/general/async-borrowing-callee.wasm');
    const caller = loadComponent('transpile/p3/general/async-borrowing-caller.wasm');
    const linker = new Linker();
    const host = borrowingHost(linker);
    linker.defineUnknownImportsAsTraps(callee);
    const calleeInst = linker.instantiate(callee);
    linker.define('local:local/borrowing', calleeInst.exports.instance('local:local/borrowing'));
    linker.defineUnknownImportsAsTraps(caller);
    const inst = linker.instantiate(caller);
    return { run: (v) => inst.exports.func('local:local/run-bool#run').callAsync([v]), foos: host.foos };
  }

  it('async-borrowing caller & callee: run(false) → null, x.foo called once', async () => {
    const steps = expectationsFor('transpile/p3/general/async-borrowing-caller.wasm').steps as unknown as Step[];
    const ok = composedBorrowing();
    expect((await ok.run(steps[0]!.args[0] as boolean)) ?? null).toEqual(steps[0]!.result);
    expect(ok.foos()).toBe(1);
  });

  it('async-borrowing caller & callee misbehave: run(true) traps (the borrow is used after the call returned)', async () => {
    const bad = composedBorrowing();
    await expect(bad.run(true)).rejects.toBeInstanceOf(Trap);
  });

  it('async-post-return caller & callee: run() completes (the guest asserts internally)', async () => {
    const callee = loadComponent('transpile/p3/general/async-post-return-callee.wasm');
    const caller = loadComponent('transpile/p3/general/async-post-return-caller.wasm');
    const linker = new Linker();
    linker.defineUnknownImportsAsTraps(callee);
    const calleeInst = linker.instantiate(callee);
    linker.define('local:local/post-return', calleeInst.exports.instance('local:local/post-return'));
    linker.defineUnknownImportsAsTraps(caller);
    const inst = linker.instantiate(caller);
    expect((await inst.exports.func('local:local/run#run').callAsync([])) ?? null).toBeNull();
  });
});
