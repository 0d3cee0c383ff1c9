// Fixed seeds of the translate-to-fuzz differential (ttf.ts: `npm run fuzz` runs thousands): binaryen's random
// modules, each run in Node's WebAssembly (for the sets Node 20 cannot judge: Node 26's recorded logs,
// ttf-recorded.ts) and in every purewasm tier (interpreter, JS tier, JS tier with f64 bits, the default tier
// that compiles hot functions mid-run, ahead-of-time JS) under the same harness; every tier's log must be
// Node's. The seeds were picked from the first 30 (the recorded ones: 12) of each feature set for what their
// logs hold (many calls, logs, traps, results). (The bugs the fuzzer found have their own minimal tests beside
// the code's: a seed's module changes with the generator.)
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

/** A test per seed of `seeds` (by set) against `recorded` (or the running Node), then one of what the logs
 *  hold: an empty log agrees trivially, so the seeds must make the engines do things (`least`: the fewest
 *  lines starting with each prefix). */
function seedsAgree(seeds: Record<string, readonly number[]>, recorded: RecordedOracle | undefined, least: Record<string, number>): void {
  const binaryen = new Binaryen();
  afterAll(() => binaryen.dispose());
  const seen: string[] = [];

  for (const [set, list] of Object.entries(seeds)) {
    for (const seed of list) {
      it(`${set} seed ${seed}`, async () => {
        const bytes = await binaryen.generate(seed, set);
        if (recorded !== undefined) {
          expect(hashOf(exposeState(bytes)), `the module of ${set} seed ${seed} changed: re-record with ${RERECORD}`).toBe(recorded.moduleOf(set, seed));
        }
        const { log, divergences, skipped } = await differential(bytes, TIERS, recorded);
        expect(skipped).toBeUndefined();
        expect(divergences.map((d) => `${d.tier}: ${d.detail}`)).toEqual([]);
        seen.push(...log);
      });
    }
  }

  it(`the seeds exercise ${Object.keys(least).join(', ')}`, () => {
    for (const [prefix, n] of Object.entries(least)) expect(seen.filter((l) => l.startsWith(prefix)).length, prefix).toBeGreaterThan(n);
  });
}

describe('translate-to-fuzz modules: every tier agrees with Node', () => {
  seedsAgree(SEEDS, undefined, { 'call ': 1000, 'log ': 5000, 'threw trap': 200, 'result ': 300, 'locals ': 100, 'memory ': 10 });
});

// Exception handling, GC, memory64, multi-memory, real programs as initial content: against the logs Node
// 26 gave (recorded, so the test needs no 57 MB download); a module binaryen now makes differently fails.
describe('translate-to-fuzz modules Node 20 cannot judge: every tier agrees with Node 26\'s recorded logs', () => {
  seedsAgree(RECORDED_SEEDS, new RecordedOracle(), { 'call ': 500, 'log ': 1000, 'threw trap': 100, 'threw wasm exception': 2, 'result ': 100 });
});
