// JSPI in purewasm/polyfill as Node 26 (V8) has it: `Suspending`, `promising`, `SuspendError`, and a Promise from
// any other import taken as a value (jspi-cases.ts, recorded in jspi-recorded.json), in every tier; and what the
// recording cannot show: several calls suspended at once and resumed in any order, deep recursion on a fiber.
import { describe, expect, it } from 'vitest';
import { parse } from '@bytecodealliance/jco-transpile/wasm-tools';
import { jit } from '../../src/jit/index.js';
import { createWebAssembly } from '../../src/polyfill/index.js';
import { runCases, type WebAssemblyLike } from './jspi-cases.js';
import { CASES, KEPT_DIFFERENCES, RECORDING, RERECORD, binary } from './jspi-record.js';
import { casesHash, differencesFrom, readRecording } from './oracle-run.js';

const TIERS = ['interpreter', 'js', 'auto'] as const;
const namespace = (tier: (typeof TIERS)[number]) => createWebAssembly(tier === 'interpreter' ? { tier } : { tier, compiler: jit });

describe('JSPI, as Node 26 (V8) has it', () => {
  it('the recording is of the current cases', () => {
    expect(readRecording(RECORDING).cases, `the cases changed: re-record with ${RERECORD}`).toBe(casesHash(CASES));
  });

  for (const tier of TIERS) {
    it(`every case has V8's outcome (tier ${tier})`, async () => {
      const outcomes = await runCases(namespace(tier) as unknown as WebAssemblyLike, await binary());
      expect(differencesFrom(RECORDING, outcomes, KEPT_DIFFERENCES)).toEqual([]);
    });
  }
});

const RECURSIVE = `(module
  (import "env" "wait" (func $wait (param i32) (result i32)))
  (func $rec (export "rec") (param i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0))
      (then (call $wait (i32.const 0)))
      (else (i32.add (i32.const 1) (call $rec (i32.sub (local.get 0) (i32.const 1))))))))`;

describe('promising calls on fibers of their own', () => {
  for (const tier of TIERS) {
    it(`several are suspended at once and finish in the order they are released (tier ${tier})`, async () => {
      const W = namespace(tier);
      const releases: ((v: number) => void)[] = [];
      const wait = new W.Suspending(() => new Promise<number>((resolve) => releases.push(resolve)));
      const { instance } = await W.instantiate(await parse(RECURSIVE), { env: { wait } } as never);
      const rec = W.promising((instance.exports as { rec: (n: number) => number }).rec);
      const finished: number[] = [];
      // each at its own depth, so each fiber's frames are different
      const calls = [10, 200, 3000].map((depth) => rec(depth).then((r) => { finished.push(r as number); return r; }));
      expect(releases.length).toBe(3); // each ran at once up to its suspension
      releases[2](3);
      releases[0](1);
      await Promise.resolve().then(() => undefined);
      releases[1](2);
      expect(await Promise.all(calls)).toEqual([11, 202, 3003]);
      expect(finished).toEqual([3003, 11, 202]);
    });
  }

  it('fibers are reused after a call returns, traps or refuses its arguments, also many at once', async () => {
    const W = namespace('interpreter');
    const wait = new W.Suspending(async (x: number) => x + 7);
    const { instance } = await W.instantiate(await parse(RECURSIVE), { env: { wait } } as never);
    const rec = W.promising((instance.exports as { rec: (n: number) => number }).rec);
    expect(() => rec(1n)).toThrow(TypeError); // a bigint for an i32: thrown at once, nothing ran
    await expect(rec(1_000_000)).rejects.toThrow(/call stack exhausted/);
    expect(await rec(2)).toBe(9);
    for (let round = 0; round < 3; round++) {
      // more at once than fibers are kept idle, each at another depth
      const depths = Array.from({ length: 12 }, (_, i) => i * 37 + round);
      expect(await Promise.all(depths.map((d) => rec(d)))).toEqual(depths.map((d) => d + 7));
    }
  });

  it('a deep recursion suspends and resumes; past the depth limit it is a trap, and the next call runs', async () => {
    const W = namespace('interpreter');
    const wait = new W.Suspending(async (x: number) => x + 7);
    const { instance } = await W.instantiate(await parse(RECURSIVE), { env: { wait } } as never);
    const rec = W.promising((instance.exports as { rec: (n: number) => number }).rec);
    expect(await rec(5000)).toBe(5007);
    await expect(rec(100_000)).rejects.toThrow(/call stack exhausted/);
    expect(await rec(3)).toBe(10);
  });
});

describe('promising calls and the JS tier', () => {
  it('on a fiber, functions that can reach no Suspending import run compiled, the rest interpreted', async () => {
    // logged calls a plain import (its Promise would be a value: it never suspends) and sq; waits calls a
    // Suspending import: only the interpreter can suspend it (src/vm/jstier/suspend-free.ts)
    const compiled: string[] = [];
    const spy = { ...jit, generate: (walk: Parameters<typeof jit.generate>[0], options?: Parameters<typeof jit.generate>[1]) => {
      walk({ begin: (ctx) => compiled.push(String(ctx.funcIndex)), instr() {}, finish() {} });
      return jit.generate(walk, options);
    } };
    const W = createWebAssembly({ tier: 'js', compiler: spy });
    const logs: number[] = [];
    const wait = new W.Suspending(async (x: number) => x + 1);
    const { instance } = await W.instantiate(await parse(`(module
      (import "env" "log" (func $log (param i32)))
      (import "env" "wait" (func $wait (param i32) (result i32)))
      (func $sq (param i32) (result i32) (i32.mul (local.get 0) (local.get 0)))
      (func $logged (param i32) (result i32) (call $log (local.get 0)) (call $sq (local.get 0)))
      (func (export "waits") (param i32) (result i32) (call $wait (call $logged (local.get 0)))))`),
    { env: { log: (x: number) => logs.push(x), wait } } as never);
    const waits = W.promising((instance.exports as { waits: (n: number) => number }).waits);
    expect(await waits(3)).toBe(10);
    expect(logs).toEqual([3]);
    // function indices: the two imports, then sq (2), logged (3), waits (4)
    expect(compiled.sort()).toEqual(['2', '3']);
  });
});
