// `npm run --silent bench -- --ablation [--jitless] [--json] [--only a,b] [--target MS] [--samples N]`:
// what each translator optimization family gains. purewasm only: the six benchmarks run once with every
// family on, once with each family off alone and once with all off, each configuration in a process of
// its own (bench/engine-process.ts, families switched through src/vm/translate/options.ts). A family's
// figure is the geomean over the benchmarks of (time with it off) / (time with all on), so 1.25 means the
// family makes the kernels 25 % faster. Checksums must equal the all-on run's.
import { OPTIMIZATION_FAMILIES } from '../src/vm/translate/options.js';

interface EngineResult {
  checksum?: number;
  ms_per_default_n?: number;
  error?: string;
}

export interface AblationRow {
  disabled: string;
  geomean_vs_all_on: number;
  per_bench: Record<string, number | string>;
}

type RunEngine = (disabled: string) => Record<string, EngineResult>;

function geomean(xs: number[]): number {
  return xs.length ? Math.exp(xs.reduce((s, x) => s + Math.log(x), 0) / xs.length) : NaN;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

export function runAblation(names: string[], runEngine: RunEngine): { all_on_ms: Record<string, number>; rows: AblationRow[] } {
  const base = runEngine('');
  const allOn: Record<string, number> = {};
  for (const n of names) {
    const r = base[n];
    if (r.ms_per_default_n === undefined) throw new Error(`${n} failed with all optimizations on: ${r.error}`);
    allOn[n] = Math.round(r.ms_per_default_n);
  }
  const rows: AblationRow[] = [];
  for (const disabled of [...OPTIMIZATION_FAMILIES, 'all']) {
    const res = runEngine(disabled);
    const perBench: Record<string, number | string> = {};
    const ratios: number[] = [];
    for (const n of names) {
      const r = res[n];
      if (r.ms_per_default_n === undefined) perBench[n] = `error: ${r.error}`;
      else if (r.checksum !== base[n].checksum) perBench[n] = `checksum ${r.checksum} != ${base[n].checksum}`;
      else {
        const ratio = r.ms_per_default_n / base[n].ms_per_default_n!;
        perBench[n] = round(ratio);
        ratios.push(ratio);
      }
    }
    rows.push({ disabled, geomean_vs_all_on: round(geomean(ratios)), per_bench: perBench });
    process.stderr.write(`  ${disabled} off: ${round(geomean(ratios))}\n`);
  }
  return { all_on_ms: allOn, rows };
}

export function printAblation(names: string[], r: { all_on_ms: Record<string, number>; rows: AblationRow[] }): void {
  console.log(`family off      geomean  ${names.map((n) => n.padStart(8)).join(' ')}   (time with the family off / time with all on)`);
  console.log(`(all on, ms)             ${names.map((n) => String(r.all_on_ms[n]).padStart(8)).join(' ')}`);
  for (const row of r.rows) {
    console.log(`${row.disabled.padEnd(15)} ${String(row.geomean_vs_all_on).padStart(7)}  ${names.map((n) => String(row.per_bench[n]).padStart(8)).join(' ')}`);
  }
}
