// The six kernels in the engines without WebAssembly that users run (issue #17): node --jitless, QuickJS
// (Bellard's, quickjs-emscripten) and Hermes 0.12 (hermes-engine-cli, the bundle lowered with Babel as React
// Native's preset does), each with the interpreter alone, the run-time JS tier (`new Function`) and the
// ahead-of-time JS (`compileToJs`, what `purewasm compile --js` writes; no eval needed).
//   npx tsx bench/engines-tiers.ts [--engines node-jitless,quickjs,hermes] [--only fib,sort] [--units U]
//     [--aot-f64 numbers|bits]   (compileToJs's `f64` option: the ahead-of-time code's f64 form)
// One script per engine holds the library (an IIFE bundle of src/index.ts and purewasm/jit), the kernels' bytes and their
// ahead-of-time code; it times run(n) with n = default_n() / U (default U = 2000: ~0.5 ms in Node's
// WebAssembly), best of two after one warm-up call, and prints one line per kernel and tier. Node's own
// WebAssembly, timed here, is the reference for the ratios. Prints a Markdown table (and --json: JSON).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { transformAsync } from '@babel/core';
import { compileToJs, jit } from '../src/jit/index.js';

const root = resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const opt = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const ENGINES = (opt('--engines') ?? 'node-jitless,quickjs,hermes').split(',');
const KERNELS = (opt('--only') ?? 'fib,i64mix,nbody,sha256,sort,vm').split(',');
const UNITS = Number(opt('--units') ?? 2000);
const dir = join(resolve(process.env.PUREWASM_SHARED ?? '../shared'), 'bench', 'wasm');
const cache = join(root, '.cache', 'engines-tiers');
mkdirSync(cache, { recursive: true });
const HERMES = join(root, 'node_modules/hermes-engine-cli/linux64-bin/hermes');

// ---- the script every engine runs (ES5-style driver: Hermes 0.12 has no classes, QuickJS no console)
const lib = join(cache, 'purewasm.iife.js');
await build({
  // the library, its code generator (purewasm/jit) and the run time (purewasm/js-runtime) as one global
  stdin: { contents: "export * from './src/index.ts'; export { jit } from './src/jit/index.ts'; export { jsRuntime } from './src/js-runtime/index.ts';", resolveDir: root, loader: 'ts' }, outfile: lib, bundle: true, format: 'iife', globalName: 'purewasm',
  target: 'es2020', platform: 'neutral', legalComments: 'none', logLevel: 'error',
});
const native = (globalThis as unknown as { WebAssembly: { Module: new (b: Uint8Array) => object; Instance: new (m: object, i: object) => { exports: { run(n: number): number; default_n(): number } } } }).WebAssembly;
const kernels: string[] = [];
const nativeMs: Record<string, number> = {};
for (const k of KERNELS) {
  const bytes = new Uint8Array(readFileSync(join(dir, `${k}.wasm`)));
  const ex = new native.Instance(new native.Module(bytes), {}).exports;
  const n = Math.max(1, Math.round(ex.default_n() / UNITS));
  for (let i = 0; i < 3; i++) ex.run(n);
  let best = Infinity;
  for (let i = 0; i < 7; i++) {
    const t = performance.now();
    ex.run(n);
    best = Math.min(best, performance.now() - t);
  }
  nativeMs[k] = best;
  const aot = compileToJs(bytes, { compiler: jit, format: 'iife', name: '__aot', f64: opt('--aot-f64') as 'numbers' | 'bits' | undefined }).code;
  kernels.push(`{ name: ${JSON.stringify(k)}, n: ${n}, check: ${ex.run(n) >>> 0}, bytes: [${Array.from(bytes).join(',')}],
    aot: (function (purewasmJsRuntime) { ${aot}; return __aot; })(purewasm) }`);
}
const driver = `
var P = purewasm;
var out = typeof print === 'function' ? print : function (s) { console.log(s); };
var now = typeof performance !== 'undefined' ? function () { return performance.now(); } : function () { return Date.now(); };
var evalWorks = false;
try { evalWorks = new Function('return 2 + 3')() === 5; } catch (e) { evalWorks = false; }
var K = [${kernels.join(',\n')}];
function instance(k, mode) {
  var mod = new P.Module(new Uint8Array(k.bytes));
  if (mode === 'interpreter') return new P.Instance(mod, {}, { store: new P.Store({ tier: 'interpreter' }) }).exports;
  // 'js': compiled at run time on the first call; 'aot': the ahead-of-time code (a store whose run-time
  // tier would wait for three calls: the ahead-of-time functions run compiled from the first)
  if (mode === 'js') return new P.Instance(mod, {}, { store: new P.Store({ tier: 'js', compiler: P.jit }) }).exports;
  return new P.Instance(mod, {}, { store: new P.Store({ tier: 'auto' }), compiled: k.aot }).exports;
}
var modes = ['interpreter', 'js', 'aot'];
for (var i = 0; i < K.length; i++) {
  for (var j = 0; j < modes.length; j++) {
    var k = K[i];
    var ex = instance(k, modes[j]);
    var r = ex.run(k.n) >>> 0;
    var best = Infinity;
    for (var t = 0; t < 2; t++) {
      var t0 = now();
      r = ex.run(k.n) >>> 0;
      best = Math.min(best, now() - t0);
    }
    out('ROW ' + JSON.stringify({ kernel: k.name, mode: modes[j], ms: best, ok: r === k.check, eval: evalWorks }));
  }
}
out('ENGINE-RESULT {}'); // (the line test/engines/quickjs-host.ts waits for)
`;
const script = join(cache, 'tiers.js');
writeFileSync(script, readFileSync(lib, 'utf8') + '\n' + driver);
const hermesScript = join(cache, 'tiers.hermes.js');
const lowered = await transformAsync(readFileSync(script, 'utf8'), {
  babelrc: false, configFile: false, compact: true, sourceType: 'script',
  plugins: ['@babel/plugin-transform-async-to-generator', '@babel/plugin-transform-block-scoping', '@babel/plugin-transform-classes'],
});
writeFileSync(hermesScript, lowered!.code!);

// ---- run
interface Row { kernel: string; mode: string; ms: number; ok: boolean; eval: boolean }
const results: Record<string, Row[]> = {};
for (const e of ENGINES) {
  let cmd: string;
  let argv: string[];
  if (e === 'node-jitless') [cmd, argv] = [process.execPath, ['--jitless', script]];
  else if (e === 'quickjs') [cmd, argv] = [process.execPath, ['--import', 'tsx', join(root, 'test/engines/quickjs-host.ts'), 'bellard', script]];
  else if (e === 'hermes') {
    if (!existsSync(HERMES)) throw new Error(`${HERMES} is missing (devDependency hermes-engine-cli)`);
    [cmd, argv] = [HERMES, ['-w', hermesScript]];
  } else throw new Error(`unknown engine ${e}`);
  const text = execFileSync(cmd, argv, { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26, stdio: ['ignore', 'pipe', 'pipe'] });
  results[e] = text.split('\n').filter((l) => l.startsWith('ROW ')).map((l) => JSON.parse(l.slice(4)) as Row);
  process.stderr.write(`${e}: ${results[e].length} rows${text.includes('ENGINE-RESULT') ? '' : ' (did not finish)'}\n`);
}

// ---- report: ms per run and ratio to Node's WebAssembly (with JIT)
const r1 = (x: number): string => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
const geo = (xs: number[]): number => Math.exp(xs.reduce((s, x) => s + Math.log(x), 0) / xs.length);
const lines: string[] = [];
lines.push(`| kernel (n) | native ms | ${ENGINES.map((e) => `${e}: interpreter / JS tier / AOT (x native)`).join(' | ')} |`);
lines.push(`|---|---:|${ENGINES.map(() => '---:').join('|')}|`);
const ratios: Record<string, number[]> = {};
for (const k of KERNELS) {
  const cells = ENGINES.map((e) => {
    const get = (mode: string): Row | undefined => results[e].find((r) => r.kernel === k && r.mode === mode);
    return ['interpreter', 'js', 'aot'].map((mode) => {
      const row = get(mode);
      if (row === undefined) return '—';
      const x = row.ms / nativeMs[k];
      (ratios[`${e} ${mode}`] ??= []).push(x);
      return `${r1(x)}${row.ok ? '' : ' (WRONG)'}`;
    }).join(' / ');
  });
  const n = /n: (\d+)/.exec(kernels[KERNELS.indexOf(k)])![1];
  lines.push(`| ${k} (${n}) | ${r1(nativeMs[k])} | ${cells.join(' | ')} |`);
}
lines.push(`| geomean | | ${ENGINES.map((e) => ['interpreter', 'js', 'aot'].map((m) => r1(geo(ratios[`${e} ${m}`] ?? [NaN]))).join(' / ')).join(' | ')} |`);
const evalNote = ENGINES.map((e) => `${e}: new Function ${results[e][0]?.eval ? 'works' : 'unavailable (the JS tier column is the interpreter)'}`).join('; ');
process.stdout.write(lines.join('\n') + `\n\n${evalNote}\n`);
if (args.includes('--json')) process.stdout.write(JSON.stringify({ nativeMs, results }) + '\n');
