// The JS tier against the interpreter, polywasm and (with a JIT) Node's WebAssembly, in ONE process,
// interleaved round by round (minimum per engine), so a loaded machine shifts every engine alike — the
// separate processes of `bench/run.ts` can be minutes apart. Usage:
//   npx tsx bench/tiers.ts [--rounds N] [--div D]          (n = default_n() / D, default 50)
//   node --jitless --import tsx bench/tiers.ts ...          (no WebAssembly there: native is left out)
// Prints one JSON object: ms per run(n) and ratios per kernel, and geomeans.
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
const dir = join(resolve(process.env.PUREWASM_SHARED ?? '../shared'), 'bench', 'wasm');
const native = (globalThis as { WebAssembly?: { Module: new (b: Uint8Array) => object; Instance: new (m: object, i: object) => { exports: unknown } } }).WebAssembly;
const poly = ((await import('polywasm')) as { WebAssembly: NonNullable<typeof native> }).WebAssembly;

interface Kernel { run(n: number): number; default_n(): number }
const geo = (xs: number[]): number => Math.exp(xs.reduce((s, x) => s + Math.log(x), 0) / xs.length);
const r2 = (x: number): number => Math.round(x * 100) / 100;

const report: Record<string, Record<string, number>> = {};
const ratios: Record<string, number[]> = { js_vs_native: [], js_vs_polywasm: [], js_vs_interpreter: [], polywasm_vs_native: [] };
for (const name of ['fib', 'i64mix', 'nbody', 'sha256', 'sort', 'vm']) {
  const bytes = new Uint8Array(readFileSync(join(dir, `${name}.wasm`)));
  const engines: Record<string, Kernel> = {
    interpreter: new Instance(new Module(bytes), {}, { store: new Store({ tier: 'interpreter' }) }).exports as unknown as Kernel,
    js: new Instance(new Module(bytes), {}, { store: new Store({ tier: 'auto', compiler: jit }) }).exports as unknown as Kernel,
    polywasm: new poly.Instance(new poly.Module(bytes.slice()), {}).exports as Kernel,
  };
  if (native !== undefined) engines.native = new native.Instance(new native.Module(bytes), {}).exports as Kernel;
  const n = Math.max(1, Math.floor(engines.js.default_n() / DIV));
  const check = new Set<number>();
  for (const e of Object.values(engines)) {
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
      engines[k].run(m);
      const ms = ((performance.now() - t) * n) / m;
      best[k] = Math.min(best[k] ?? Infinity, ms);
    }
  }
  const row: Record<string, number> = {};
  for (const [k, v] of Object.entries(best)) row[`${k}_ms`] = r2(v);
  row.js_vs_polywasm = r2(best.js / best.polywasm);
  row.js_vs_interpreter = r2(best.js / best.interpreter);
  ratios.js_vs_polywasm.push(best.js / best.polywasm);
  ratios.js_vs_interpreter.push(best.js / best.interpreter);
  if (best.native !== undefined) {
    row.js_vs_native = r2(best.js / best.native);
    row.polywasm_vs_native = r2(best.polywasm / best.native);
    ratios.js_vs_native.push(best.js / best.native);
    ratios.polywasm_vs_native.push(best.polywasm / best.native);
  }
  report[name] = row;
}
const geomeans: Record<string, number> = {};
for (const [k, xs] of Object.entries(ratios)) if (xs.length > 0) geomeans[k] = r2(geo(xs));
process.stdout.write(JSON.stringify({ jitless: process.execArgv.includes('--jitless'), rounds: ROUNDS, n_div: DIV, kernels: report, geomeans }) + '\n');
