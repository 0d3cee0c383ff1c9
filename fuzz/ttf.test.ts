// Fixed seeds of the translate-to-fuzz differential (ttf.ts: `npm run fuzz` runs thousands): binaryen's random
// modules, each run in Node's WebAssembly (for the sets Node 20 cannot judge: Node 26's recorded logs,
// ttf-recorded.ts) and in every purewasm tier (interpreter, JS tier, JS tier with f64
// bits, the default tier that compiles hot functions mid-run, ahead-of-time JS) under the same harness; every
// tier's log must be Node's. The seeds were picked from the first 30 of each feature set for what their logs
// hold (many calls, logs, traps, results). (The bugs the fuzzer found have their own minimal tests beside the
// code's: a seed's module changes with the generator.)
import { afterAll, describe, expect, it } from 'vitest';
import { Binaryen } from './ttf-gen.js';
import { RECORDED_SEEDS, RERECORD, RecordedOracle, hashOf } from './ttf-recorded.js';
import { exposeState } from './ttf-shell.js';
import { TIERS, differential } from './ttf.js';

const SEEDS: Record<string, readonly number[]> = {
  mvp: [20, 27],
  base: [2, 27],
  simd: [9, 30],
  locals: [9, 10, 14],
  // the kernels by seed % 6: nbody, sha256, sort, i64mix
  kernels: [8, 15, 16, 19],
};

describe('translate-to-fuzz modules: every tier agrees with Node', () => {
  const binaryen = new Binaryen();
  afterAll(() => binaryen.dispose());
  const seen: string[] = [];

  for (const [set, seeds] of Object.entries(SEEDS)) {
    for (const seed of seeds) {
      it(`${set} seed ${seed}`, async () => {
        const bytes = await binaryen.generate(seed, set);
        const { log, divergences, skipped } = await differential(bytes, TIERS);
        expect(skipped).toBeUndefined();
        expect(divergences.map((d) => `${d.tier}: ${d.detail}`)).toEqual([]);
        seen.push(...log);
      });
    }
  }

  it('the seeds exercise calls, logging, traps and results', () => {
    // An empty log agrees trivially: the seeds must make the engines do things.
    const count = (prefix: string): number => seen.filter((l) => l.startsWith(prefix)).length;
    expect(count('call ')).toBeGreaterThan(1000);
    expect(count('log ')).toBeGreaterThan(5000);
    expect(count('threw trap')).toBeGreaterThan(200);
    expect(count('result ')).toBeGreaterThan(300);
    expect(count('locals ')).toBeGreaterThan(100);
    expect(count('memory ')).toBeGreaterThan(10);
  });
});

// Exception handling, GC, memory64, multi-memory and real programs as initial content, against the logs Node
// 26 gave (recorded: the test needs no 57 MB download); a module binaryen now makes differently is reported.
describe('translate-to-fuzz modules Node 20 cannot judge: every tier agrees with Node 26\'s recorded logs', () => {
  const binaryen = new Binaryen();
  const recorded = new RecordedOracle();
  afterAll(() => binaryen.dispose());
  const seen: string[] = [];

  for (const [set, seeds] of Object.entries(RECORDED_SEEDS)) {
    for (const seed of seeds) {
      it(`${set} seed ${seed}`, async () => {
        const bytes = await binaryen.generate(seed, set);
        expect(hashOf(exposeState(bytes)), `the module of ${set} seed ${seed} changed: re-record with ${RERECORD}`).toBe(recorded.moduleOf(set, seed));
        const { log, divergences, skipped } = await differential(bytes, TIERS, recorded);
        expect(skipped).toBeUndefined();
        expect(divergences.map((d) => `${d.tier}: ${d.detail}`)).toEqual([]);
        seen.push(...log);
      });
    }
  }

  it('the seeds exercise calls, logging, traps, wasm exceptions and results', () => {
    const count = (prefix: string): number => seen.filter((l) => l.startsWith(prefix)).length;
    expect(count('call ')).toBeGreaterThan(500);
    expect(count('log ')).toBeGreaterThan(1000);
    expect(count('threw trap')).toBeGreaterThan(100);
    expect(count('threw wasm exception')).toBeGreaterThan(2);
    expect(count('result ')).toBeGreaterThan(100);
  });
});
