// Runs the named benchmarks on ONE engine in this process and prints one JSON line of results (the harness,
// bench/run.ts, names one kernel per process).
// Usage: tsx bench/engine-process.ts ENGINE BENCH_DIR NAMES(comma-separated) [TARGET_MS] [SAMPLES] [DISABLED]
// DISABLED (purewasm only): comma-separated translator optimization families to switch off
// (src/vm/translate/options.ts; used by `bench --ablation`), or `all`.
//
// Timing: the engines differ by 100x, so each one runs `run(n)` with an n chosen to take about TARGET_MS,
// takes the median of 5 runs (SAMPLES), and reports the time per unit scaled to `default_n()` (the n that takes
// about 1 s natively). The checksum is taken at a fixed small n that every engine uses, so the parent can
// compare them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadEngine, type EngineName } from './engines.js';

const [engine, dir, names, target = '400', samplesArg = '5', disabled = ''] = process.argv.slice(2);
const targetMs = Number(target);
const sampleCount = Number(samplesArg);
if (disabled !== '') {
  const { OPTIMIZATION_FAMILIES, translateOptions } = await import('../src/vm/translate/options.js');
  const off = disabled === 'all' ? [...OPTIMIZATION_FAMILIES] : disabled.split(',');
  for (const f of off) if (!(OPTIMIZATION_FAMILIES as readonly string[]).includes(f)) throw new Error(`unknown optimization family ${f}`);
  translateOptions.disabled = new Set(off);
}
const instantiate = await loadEngine(engine as EngineName);

function time(f: () => void): number {
  const t0 = performance.now();
  f();
  return performance.now() - t0;
}

const results: Record<string, unknown> = {};
for (const name of names.split(',')) {
  try {
    const bytes = new Uint8Array(readFileSync(join(dir, `${name}.wasm`)));
    const exports = instantiate(bytes);
    const defaultN = exports.default_n();
    const checkN = Math.max(1, Math.floor(defaultN / 200));
    const checksum = exports.run(checkN) >>> 0;
    // Calibrate: grow n until one run takes a measurable time, then aim at targetMs.
    let n = 1;
    let ms = time(() => exports.run(n));
    while (ms < 20 && n < defaultN) {
      n = Math.min(defaultN, n * 4);
      ms = time(() => exports.run(n));
    }
    n = Math.max(1, Math.min(defaultN, Math.round((n * targetMs) / Math.max(ms, 0.01))));
    // Calibrate again while a run at n takes under half the target: an engine that tiers up (the JS tier
    // compiles a function on its third call, then V8 optimizes the generated code on a background thread)
    // was calibrated while still slow, so n came out up to 100x too small and each sample took a few ms —
    // the median then measured warm-up and scheduler hiccups, not the steady state (session 7: vm samples
    // from 2,100 to 433,000 ms per default_n in one process).
    for (let k = 0; k < 6 && n < defaultN; k++) {
      const again = time(() => exports.run(n));
      if (again >= targetMs / 2) break;
      n = Math.max(1, Math.min(defaultN, Math.round((n * targetMs) / Math.max(again, 0.01))));
    }
    const samples: number[] = [];
    for (let i = 0; i < sampleCount; i++) samples.push(time(() => exports.run(n)));
    samples.sort((a, b) => a - b);
    const median = samples[sampleCount >> 1];
    results[name] = { checksum, checkN, n, defaultN, ms_per_default_n: (median / n) * defaultN };
  } catch (e) {
    results[name] = { error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
  }
}
process.stdout.write(JSON.stringify(results) + '\n');
