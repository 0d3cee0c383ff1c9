// The closure-tier experiment (issue #17; compile.ts says what the tier is): per kernel, the interpreter, the
// closure tier's variants and the JS tier timed in ONE process of each engine, the closure tier's results
// asserted equal to the interpreter's.
//   npx tsx bench/closure-tier/run.ts [--engines node-jitless,node,hermes,quickjs] [--only fib,sort,sha256]
//                                     [--units U] [--rounds R]
// One script per engine (an IIFE bundle of driver.ts, the library and the kernels' bytes; for Hermes 0.12
// lowered with Babel as bench/engines-tiers.ts does), n = default_n() / U (default U = 2000: ~0.5 ms in Node's
// WebAssembly; sort's minimum n = 1 is bigger), best of R timed runs (default 2) after one warm-up run.
// Prints a Markdown table: ms of the interpreter, and each mode's time / the interpreter's time.
// The JS tier column is run-time `new Function` where the engine allows it, else the ahead-of-time code.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { transformAsync } from '@babel/core';
import { compileToJs, jit } from '../../src/jit/index.js';

const root = resolve(import.meta.dirname, '..', '..');
const args = process.argv.slice(2);
const opt = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const ENGINES = (opt('--engines') ?? 'node-jitless,node,hermes,quickjs').split(',');
const KERNELS = (opt('--only') ?? 'fib,sort,sha256,nbody,vm,i64mix').split(',');
const UNITS = Number(opt('--units') ?? 2000);
const ROUNDS = Number(opt('--rounds') ?? 2);
const dir = join(resolve(process.env.PUREWASM_SHARED ?? join(root, '../shared')), 'bench', 'wasm');
const cache = join(root, '.cache', 'closure-tier');
mkdirSync(cache, { recursive: true });
const HERMES = join(root, 'node_modules/hermes-engine-cli/linux64-bin/hermes');

// ---- the script every engine runs
const native = (globalThis as unknown as { WebAssembly: { Module: new (b: Uint8Array) => object; Instance: new (m: object, i: object) => { exports: { default_n(): number } } } }).WebAssembly;
const kernels: string[] = [];
for (const k of KERNELS) {
  const bytes = new Uint8Array(readFileSync(join(dir, `${k}.wasm`)));
  const n = Math.max(1, Math.round(new native.Instance(new native.Module(bytes), {}).exports.default_n() / UNITS));
  const aot = compileToJs(bytes, { compiler: jit, format: 'iife', name: '__aot' }).code;
  kernels.push(`{ name: ${JSON.stringify(k)}, n: ${n}, bytes: new Uint8Array([${Array.from(bytes).join(',')}]),
    aot: (function (purewasmJsRuntime) { ${aot}; return __aot; })({ jsRuntime }) }`);
}
const entry = `import { runKernels } from './bench/closure-tier/driver.ts';
import { jsRuntime } from './src/js-runtime/index.ts';
var out = typeof print === 'function' ? print : function (s) { console.log(s); };
runKernels([${kernels.join(',\n')}], out, ${ROUNDS});`;
const script = join(cache, 'closure-tier.js');
await build({
  stdin: { contents: entry, resolveDir: root, loader: 'ts' }, outfile: script, bundle: true, format: 'iife',
  target: 'es2020', platform: 'neutral', legalComments: 'none', logLevel: 'error',
});
const hermesScript = join(cache, 'closure-tier.hermes.js');
const lowered = await transformAsync(readFileSync(script, 'utf8'), {
  babelrc: false, configFile: false, compact: true, sourceType: 'script',
  plugins: ['@babel/plugin-transform-async-to-generator', '@babel/plugin-transform-block-scoping', '@babel/plugin-transform-classes'],
});
writeFileSync(hermesScript, lowered!.code!);

// ---- run
interface Row { kernel: string; mode: string; ms: number; eval: boolean }
const results: Record<string, Row[]> = {};
for (const e of ENGINES) {
  let cmd: string;
  let argv: string[];
  if (e === 'node-jitless') [cmd, argv] = [process.execPath, ['--jitless', script]];
  else if (e === 'node') [cmd, argv] = [process.execPath, [script]];
  else if (e === 'quickjs') [cmd, argv] = [process.execPath, ['--import', 'tsx', join(root, 'test/engines/quickjs-host.ts'), 'bellard', script]];
  else if (e === 'hermes') {
    if (!existsSync(HERMES)) throw new Error(`${HERMES} is missing (devDependency hermes-engine-cli)`);
    [cmd, argv] = [HERMES, ['-w', hermesScript]];
  } else throw new Error(`unknown engine ${e}`);
  const t0 = Date.now();
  const text = execFileSync(cmd, argv, { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26, stdio: ['ignore', 'pipe', 'inherit'] });
  results[e] = text.split('\n').filter((l) => l.startsWith('ROW ')).map((l) => JSON.parse(l.slice(4)) as Row);
  if (!text.includes('ENGINE-RESULT')) throw new Error(`${e} did not finish:\n${text.slice(-2000)}`);
  process.stderr.write(`${e}: ${results[e].length} rows in ${((Date.now() - t0) / 1000).toFixed(0)} s\n`);
}

// ---- report: the interpreter's ms, every other mode as a fraction of it
const MODES = ['closure-plain', 'closure-fused', 'closure-fused-blocks', 'js'];
const geo = (xs: number[]): number => Math.exp(xs.reduce((s, x) => s + Math.log(x), 0) / xs.length);
const lines: string[] = [];
for (const e of ENGINES) {
  lines.push(`\n${e}${results[e][0]?.eval ? '' : ' (no new Function: the js column is ahead-of-time code)'}\n`);
  lines.push(`| kernel | interpreter ms | ${MODES.join(' | ')} |`);
  lines.push(`|---|---:|${MODES.map(() => '---:').join('|')}|`);
  const ratios: Record<string, number[]> = {};
  for (const k of KERNELS) {
    const get = (mode: string): Row | undefined => results[e].find((r) => r.kernel === k && r.mode === mode);
    const base = get('interpreter')!.ms;
    const cells = MODES.map((mode) => {
      const r = get(mode);
      if (r === undefined) return '—';
      (ratios[mode] ??= []).push(r.ms / base);
      return (r.ms / base).toFixed(2);
    });
    lines.push(`| ${k} | ${base.toFixed(1)} | ${cells.join(' | ')} |`);
  }
  lines.push(`| geomean | | ${MODES.map((m) => (ratios[m] ? geo(ratios[m]).toFixed(2) : '—')).join(' | ')} |`);
}
process.stdout.write(lines.join('\n') + '\n');
if (args.includes('--json')) process.stdout.write(JSON.stringify(results) + '\n');
