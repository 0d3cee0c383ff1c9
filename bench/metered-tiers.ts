// What fuel and interruption cost in compiled code (the JS tier's metered code, src/vm/jstier/
// metered-codegen.ts), in ONE process, interleaved round by round (minimum per engine), so a loaded machine
// shifts every engine alike. Usage:
//   npx tsx bench/metered-tiers.ts [--rounds N] [--div D]          (n = default_n() / D, default 50)
//   node --jitless --import tsx bench/metered-tiers.ts ...
// Engines: `js` (a plain store with the generator: the code bench/tiers.ts measures), `js_fuel` (a store with
// fuel), `js_interruptible` (interrupt()/deadline only), and `interpreter_fuel` (the interpreter in a store
// with fuel, what such stores ran before). Prints one JSON object: ms per run(n), ratios to `js`, geomeans.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Instance, Module, Store } from '../src/index.js';
import { jit } from '../src/jit/index.js';
import { interleavedBest, type Kernel } from './interleave.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: number): number => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const ROUNDS = option('--rounds', 5);
const DIV = option('--div', 50);
const dir = join(resolve(process.env.PUREWASM_SHARED ?? '../shared'), 'bench', 'wasm');

const geo = (xs: number[]): number => Math.exp(xs.reduce((s, x) => s + Math.log(x), 0) / xs.length);
const r2 = (x: number): number => Math.round(x * 100) / 100;
const FUEL = 1e15;

const report: Record<string, Record<string, number>> = {};
const ratios: Record<string, number[]> = { js_fuel_vs_js: [], js_interruptible_vs_js: [], interpreter_fuel_vs_js_fuel: [] };
for (const name of ['fib', 'i64mix', 'nbody', 'sha256', 'sort', 'vm']) {
  const bytes = new Uint8Array(readFileSync(join(dir, `${name}.wasm`)));
  const stores: Record<string, Store> = {
    js: new Store({ compiler: jit }),
    js_fuel: new Store({ compiler: jit, fuel: FUEL }),
    js_interruptible: new Store({ compiler: jit, interruptible: true }),
    interpreter_fuel: new Store({ tier: 'interpreter', fuel: FUEL }),
  };
  const engines: Record<string, Kernel> = {};
  for (const [k, store] of Object.entries(stores)) engines[k] = new Instance(new Module(bytes), {}, { store }).exports as unknown as Kernel;
  const n = Math.max(1, Math.floor(engines.js.default_n() / DIV));
  const check = new Set<number>();
  for (const e of Object.values(engines)) {
    for (let i = 0; i < 3; i++) e.run(1); // warm up (and let the JS tier compile what is hot)
    check.add(e.run(1) >>> 0);
  }
  if (check.size !== 1) throw new Error(`${name}: checksums differ`);
  // the fuel both metered stores consumed for the same runs must be equal (the tiers count alike)
  if (stores.js_fuel.fuel !== stores.interpreter_fuel.fuel) throw new Error(`${name}: fuel differs between the tiers`);
  // (the interpreter is 10-100x slower: a tenth of n, scaled)
  const best = interleavedBest(engines, n, ROUNDS, (k) => (k === 'interpreter_fuel' ? 0.1 : 1));
  const row: Record<string, number> = {};
  for (const [k, v] of Object.entries(best)) row[`${k}_ms`] = r2(v);
  row.js_fuel_vs_js = r2(best.js_fuel / best.js);
  row.js_interruptible_vs_js = r2(best.js_interruptible / best.js);
  row.interpreter_fuel_vs_js_fuel = r2(best.interpreter_fuel / best.js_fuel);
  ratios.js_fuel_vs_js.push(best.js_fuel / best.js);
  ratios.js_interruptible_vs_js.push(best.js_interruptible / best.js);
  ratios.interpreter_fuel_vs_js_fuel.push(best.interpreter_fuel / best.js_fuel);
  report[name] = row;
}
const geomeans: Record<string, number> = {};
for (const [k, xs] of Object.entries(ratios)) geomeans[k] = r2(geo(xs));
process.stdout.write(JSON.stringify({ jitless: process.execArgv.includes('--jitless'), rounds: ROUNDS, n_div: DIV, kernels: report, geomeans }) + '\n');
