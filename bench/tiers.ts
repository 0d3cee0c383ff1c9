// The JS tier against the interpreter, polywasm and (with a JIT) Node's WebAssembly, in ONE process,
// interleaved round by round (minimum per engine), so a loaded machine shifts every engine alike — the
// separate processes of `bench/run.ts` can be minutes apart. Usage:
//   npx tsx bench/tiers.ts [--rounds N] [--div D]          (n = default_n() / D, default 50)
//   node --jitless --import tsx bench/tiers.ts ...          (no WebAssembly there: native runs in a child
//                                                           node with JIT, interleaved with the rounds)
//   --only fib,sort   some kernels;   --engines js,polywasm   some engines (default all)
// Prints one JSON object: ms per run(n) and ratios per kernel, and geomeans.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Instance, Module, Store } from '../src/index.js';
import { jit } from '../src/jit/index.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: number): number => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const ROUNDS = option('--rounds', 5);
const DIV = option('--div', 50);
const list = (name: string): string[] | null => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1].split(',') : null;
};
const ONLY = list('--only');
const ENGINES = list('--engines');
const dir = join(resolve(process.env.PUREWASM_SHARED ?? '../shared'), 'bench', 'wasm');
// `--native-child FILE N`: this process only times Node's WebAssembly (for a --jitless parent)
const child = args.indexOf('--native-child');
if (child >= 0) {
  const W = (globalThis as unknown as { WebAssembly: { Module: new (b: Uint8Array) => object; Instance: new (m: object, i: object) => { exports: Kernel } } }).WebAssembly;
  const k = new W.Instance(new W.Module(new Uint8Array(readFileSync(args[child + 1]))), {}).exports;
  const n = Number(args[child + 2]);
  for (let i = 0; i < 3; i++) k.run(1);
  const t = performance.now();
  k.run(n);
  process.stdout.write(String(performance.now() - t));
  process.exit(0);
}
const native = (globalThis as { WebAssembly?: { Module: new (b: Uint8Array) => object; Instance: new (m: object, i: object) => { exports: unknown } } }).WebAssembly;
const poly = ((await import('polywasm')) as { WebAssembly: NonNullable<typeof native> }).WebAssembly;

interface Kernel { run(n: number): number; default_n(): number }
const geo = (xs: number[]): number => Math.exp(xs.reduce((s, x) => s + Math.log(x), 0) / xs.length);
const r2 = (x: number): number => Math.round(x * 100) / 100;

let nativeMs = -1;
const report: Record<string, Record<string, number>> = {};
const ratios: Record<string, number[]> = { js_vs_native: [], js_vs_polywasm: [], js_vs_interpreter: [], polywasm_vs_native: [] };
const jitless = process.execArgv.includes('--jitless');
for (const name of ['fib', 'i64mix', 'nbody', 'sha256', 'sort', 'vm']) {
  if (ONLY !== null && !ONLY.includes(name)) continue;
  const file = join(dir, `${name}.wasm`);
  const bytes = new Uint8Array(readFileSync(file));
  const engines: Record<string, Kernel> = {
    interpreter: new Instance(new Module(bytes), {}, { store: new Store({ tier: 'interpreter' }) }).exports as unknown as Kernel,
    js: new Instance(new Module(bytes), {}, { store: new Store({ tier: 'auto', compiler: jit }) }).exports as unknown as Kernel,
    polywasm: new poly.Instance(new poly.Module(bytes.slice()), {}).exports as Kernel,
  };
  if (native !== undefined) engines.native = new native.Instance(new native.Module(bytes), {}).exports as Kernel;
  const n = Math.max(1, Math.floor(engines.js.default_n() / DIV));
  if (native === undefined && jitless) {
    // Node's WebAssembly in a child process with the JIT (a fresh process per round: its own warm-up)
    engines.native = {
      default_n: () => 0,
      run: (k: number): number => {
        const ms = Number(execFileSync(process.execPath, ['--import', 'tsx', process.argv[1], '--native-child', file, String(k)], { encoding: 'utf8' }));
        nativeMs = ms;
        return 0;
      },
    };
  }
  if (ENGINES !== null) for (const k of Object.keys(engines)) if (!ENGINES.includes(k) && k !== 'native') delete engines[k];
  const check = new Set<number>();
  for (const [k, e] of Object.entries(engines)) {
    if (k === 'native' && jitless) continue;
    for (let i = 0; i < 3; i++) e.run(1); // warm up (and let the JS tier compile what is hot)
    check.add(e.run(1) >>> 0);
  }
  if (check.size !== 1) throw new Error(`${name}: checksums differ`);
  const best: Record<string, number> = {};
  for (let r = 0; r < ROUNDS; r++) {
    const order = Object.keys(engines);
    if (r % 2 === 1) order.reverse();
    for (const k of order) {
      // the interpreter is 10-100x slower: a smaller n, scaled
      const m = k === 'interpreter' ? Math.max(1, Math.floor(n / 10)) : n;
      const t = performance.now();
      nativeMs = -1;
      engines[k].run(m);
      const ms = ((nativeMs >= 0 ? nativeMs : performance.now() - t) * n) / m;
      best[k] = Math.min(best[k] ?? Infinity, ms);
    }
  }
  const row: Record<string, number> = {};
  for (const [k, v] of Object.entries(best)) row[`${k}_ms`] = r2(v);
  if (best.polywasm !== undefined) {
    row.js_vs_polywasm = r2(best.js / best.polywasm);
    ratios.js_vs_polywasm.push(best.js / best.polywasm);
  }
  if (best.interpreter !== undefined) {
    row.js_vs_interpreter = r2(best.js / best.interpreter);
    ratios.js_vs_interpreter.push(best.js / best.interpreter);
  }
  if (best.native !== undefined) {
    row.js_vs_native = r2(best.js / best.native);
    ratios.js_vs_native.push(best.js / best.native);
    if (best.polywasm !== undefined) {
      row.polywasm_vs_native = r2(best.polywasm / best.native);
      ratios.polywasm_vs_native.push(best.polywasm / best.native);
    }
  }
  report[name] = row;
}
const geomeans: Record<string, number> = {};
for (const [k, xs] of Object.entries(ratios)) if (xs.length > 0) geomeans[k] = r2(geo(xs));
process.stdout.write(JSON.stringify({ jitless, rounds: ROUNDS, n_div: DIV, kernels: report, geomeans }) + '\n');
