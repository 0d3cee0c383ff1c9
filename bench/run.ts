// Benchmark harness: `npm run --silent bench -- [--json] [--jitless] [--only a,b] [--abi] [--component]`;
// `--ablation [--target MS] [--samples N]`: what each translator optimization gains (bench/ablation.ts).
// `--grow [--pages N]`: memory.grow(1) up to N pages against Node's WebAssembly (bench/grow.ts).
// Core benchmarks: each kernel runs on each engine in a process of its own, results are checked
// against Node's WebAssembly, and reported as ratios to it. See bench/RESULTS.md for recorded figures.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import os from 'node:os';

const args = process.argv.slice(2);
const json = args.includes('--json');
const jitless = args.includes('--jitless');
const onlyIdx = args.indexOf('--only');
const shared = process.env.PUREWASM_SHARED ?? resolve('../shared');
const benchDir = join(shared, 'bench', 'wasm');

async function sectionReports(): Promise<Record<string, unknown> | undefined> {
  if (args.includes('--abi')) {
    const mod = await import('./abi.js');
    return mod.runAbiBench();
  }
  if (args.includes('--grow')) {
    const mod = await import('./grow.js');
    const i = args.indexOf('--pages');
    return mod.runGrowBench(i >= 0 ? Number(args[i + 1]) : 4096);
  }
  if (args.includes('--startup')) {
    const mod = await import('./startup.js');
    return mod.runStartupBench(shared);
  }
  if (args.includes('--component')) {
    // Added with the component runtime (issue #8); a computed path keeps the harness compiling before it.
    const path = './component.js';
    const mod = (await import(path)) as { runComponentBench(): Promise<Record<string, unknown>> };
    return mod.runComponentBench();
  }
  return undefined;
}

interface EngineResult {
  checksum?: number;
  ms_per_default_n?: number;
  error?: string;
}

/** Runs node with `nodeArgs` in a process of its own; its last stdout line is a JSON object. */
function runNodeJson(nodeArgs: string[]): { value?: Record<string, unknown>; error?: string } {
  const r = spawnSync(process.execPath, nodeArgs, { encoding: 'utf8', maxBuffer: 16 << 20 });
  try {
    if (r.status !== 0) throw new Error();
    return { value: JSON.parse(r.stdout.trim().split('\n').pop()!) };
  } catch {
    return { error: (r.stderr || `exit ${r.status}`).trim().split('\n').slice(-3).join(' ') };
  }
}

/** Runs each kernel on `engine` in a process of its own, so that no kernel's figure depends on which kernels
 *  ran before it in the engine (feedback, heap): a kernel alone is what a program running it meets. (Figures
 *  of separate processes still move by up to 2x on a shared 2-core machine, native's and polywasm's too:
 *  bench/RESULTS.md, session 16; one-process A/Bs, bench/ab.mjs, decide small differences.) */
function runEngine(engine: string, names: string[], nodeFlags: string[], extra: string[] = ['400']): Record<string, EngineResult> {
  const results: Record<string, EngineResult> = {};
  for (const name of names) {
    const r = runNodeJson([...nodeFlags, '--import', 'tsx', 'bench/engine-process.ts', engine, benchDir, name, ...extra]);
    results[name] = (r.value as Record<string, EngineResult> | undefined)?.[name] ?? { error: r.error };
  }
  return results;
}

function geomean(xs: number[]): number {
  return xs.length ? Math.exp(xs.reduce((s, x) => s + Math.log(x), 0) / xs.length) : NaN;
}

async function main(): Promise<void> {
  const section = await sectionReports();
  if (section) {
    process.stdout.write(JSON.stringify(section, null, json ? undefined : 2) + '\n');
    return;
  }
  if (!existsSync(benchDir)) throw new Error(`benchmark modules not found in ${benchDir}`);
  let names = readdirSync(benchDir)
    .filter((f) => f.endsWith('.wasm') && f !== 'wasi_all.wasm')
    .map((f) => f.slice(0, -5))
    .sort();
  if (onlyIdx >= 0) names = args[onlyIdx + 1].split(',');

  const flags = jitless ? ['--jitless'] : [];
  const machine = `${os.cpus()[0]?.model ?? 'unknown cpu'} x${os.cpus().length}, node ${process.version}${jitless ? ' --jitless' : ''}`;
  if (args.includes('--ablation')) {
    // Fewer, shorter samples than the engine comparison by default: 15 configurations run back to back.
    const target = option('--target', '150');
    const samples = option('--samples', '3');
    const { runAblation, printAblation } = await import('./ablation.js');
    const r = runAblation(names, (disabled) => runEngine('purewasm', names, flags, [target, samples, disabled]));
    const report = { machine, date: new Date().toISOString().slice(0, 10), target_ms: Number(target), samples: Number(samples), ...r };
    if (json) process.stdout.write(JSON.stringify(report) + '\n');
    else {
      console.log(`${machine}, ${report.date}, ${samples} samples of ~${target} ms`);
      printAblation(names, r);
    }
    return;
  }
  // Node's WebAssembly is the reference even for --jitless runs (where it does not exist), so it always
  // runs with the JIT on.
  const native = runEngine('native', names, []);
  const pure = runEngine('purewasm', names, flags);
  const pureJs = runEngine('purewasm-js', names, flags);
  const poly = runEngine('polywasm', names, flags);

  const benches: Record<string, Record<string, number | string | boolean>> = {};
  const ratios: number[] = [];
  const jsRatios: number[] = [];
  for (const name of names) {
    const n = native[name];
    const p = pure[name];
    const q = poly[name];
    const j = pureJs[name];
    const row: Record<string, number | string | boolean> = {};
    if (p.ms_per_default_n !== undefined) row.purewasm_ms = round(p.ms_per_default_n);
    if (j.ms_per_default_n !== undefined) row.purewasm_js_ms = round(j.ms_per_default_n);
    if (j.ms_per_default_n !== undefined && n.ms_per_default_n !== undefined) {
      row.js_vs_native = round(j.ms_per_default_n / n.ms_per_default_n);
      jsRatios.push(j.ms_per_default_n / n.ms_per_default_n);
    }
    if (j.checksum !== undefined && n.checksum !== undefined) row.js_checksum_ok = j.checksum === n.checksum;
    if (j.error) row.purewasm_js_error = j.error;
    if (n.ms_per_default_n !== undefined) row.native_ms = round(n.ms_per_default_n);
    if (q.ms_per_default_n !== undefined) row.polywasm_ms = round(q.ms_per_default_n);
    if (p.ms_per_default_n !== undefined && n.ms_per_default_n !== undefined) {
      row.vs_native = round(p.ms_per_default_n / n.ms_per_default_n);
      ratios.push(p.ms_per_default_n / n.ms_per_default_n);
    }
    if (q.ms_per_default_n !== undefined && n.ms_per_default_n !== undefined) {
      row.polywasm_vs_native = round(q.ms_per_default_n / n.ms_per_default_n);
    }
    if (p.checksum !== undefined && n.checksum !== undefined) row.checksum_ok = p.checksum === n.checksum;
    if (q.checksum !== undefined && n.checksum !== undefined) row.polywasm_checksum_ok = q.checksum === n.checksum;
    for (const [engine, res] of [['purewasm', p], ['native', n], ['polywasm', q]] as const) {
      if (res.error) row[`${engine}_error`] = res.error;
    }
    benches[name] = row;
  }
  // Start-up and memory per instance: measured in a process of their own (the figures include JIT warm-up).
  const startupRun = runNodeJson(['--expose-gc', ...flags, '--import', 'tsx', 'bench/run.ts', '--startup', '--json']);
  const startup = startupRun.value ?? { startup_error: startupRun.error };
  const report = {
    ...(startup ?? {}),
    machine,
    date: new Date().toISOString().slice(0, 10),
    benches,
    geomean_vs_native: round(geomean(ratios)),
    js_geomean_vs_native: round(geomean(jsRatios)),
  };
  if (json) {
    process.stdout.write(JSON.stringify(report) + '\n');
    return;
  }
  console.log(`${report.machine}, ${report.date}`);
  console.log('bench      purewasm_ms  native_ms  polywasm_ms  purewasm/native  polywasm/native  checksum     js_ms  js/native  js checksum');
  for (const [name, r] of Object.entries(benches)) {
    console.log(
      [name.padEnd(10), fmt(r.purewasm_ms, 11), fmt(r.native_ms, 10), fmt(r.polywasm_ms, 12), fmt(r.vs_native, 16), fmt(r.polywasm_vs_native, 16), `  ${r.checksum_ok ?? r.purewasm_error ?? '-'}`,
        fmt(r.purewasm_js_ms, 9), fmt(r.js_vs_native, 10), `  ${r.js_checksum_ok ?? r.purewasm_js_error ?? '-'}`].join(' '),
    );
  }
  console.log(`geomean purewasm/native: ${report.geomean_vs_native}; JS tier/native: ${report.js_geomean_vs_native}`);
  const st = report as { startup?: { module: string; mb: number; functions: number; decode_validate_ms: number; translate_all_ms: number; mb_per_s: number }[]; memory?: { module: string; bytes_per_instance: number } };
  for (const s of st.startup ?? []) {
    console.log(`start-up ${s.module}: ${s.mb} MB, decode+validate ${s.decode_validate_ms} ms, translate all ${s.functions} functions ${s.translate_all_ms} ms (${s.mb_per_s} MB/s)`);
  }
  if (st.memory) console.log(`memory per instance (${st.memory.module}): ${st.memory.bytes_per_instance} bytes`);
}

function option(name: string, fallback: string): string {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
function fmt(x: unknown, width: number): string {
  return String(x ?? '-').padStart(width);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
