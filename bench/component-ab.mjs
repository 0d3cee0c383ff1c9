// A/B of component calls in one process (issues #17, #18): two builds of the runtime, e.g.
//   git archive <before> src | tar -x -C /tmp/before
//   esbuild /tmp/before/src/index.ts --bundle --platform=neutral --format=esm --outfile=/tmp/before.mjs
//   esbuild src/index.ts --bundle --platform=neutral --format=esm --outfile=/tmp/after.mjs
//   node bench/component-ab.mjs /tmp/before.mjs /tmp/after.mjs        (and with --jitless)
// Kernels: jco's p3 context-sync `push-context: func(u32) -> u32` (a sync call whose guest uses
// context.set), the adder's `add`, and the strings fixture's 16-byte and 1 KiB `roundtrip`
// (bench/component.ts's figures). The two builds alternate ROUNDS times; prints the minimum µs per call of each side.
// context-sync uses context.set, which is component-model async (`purewasm/async`, issue #12): a build that
// has it exports `componentAsync` too, e.g. the entry
//   export * from './src/index.ts'; export { componentAsync } from './src/async/index.ts';
// AB_JIT_A / AB_JIT_B=<bundle of src/jit/index.ts> give that side's stores the JS tier's code generator
// (`purewasm/jit` is opt-in; without it the guests' core code is interpreted):
//   esbuild src/jit/index.ts --bundle --platform=neutral --format=esm --outfile=/tmp/jit.mjs
// AB_CPU=1 times with the process's CPU time (process.cpuUsage) instead of the wall clock: on a machine
// shared with other jobs, time spent waiting for a core then does not count.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
const A = await import(resolve(process.argv[2]));
const B = await import(resolve(process.argv[3]));
const jitOf = async (path) => (path === undefined ? undefined : (await import(resolve(path))).jit);
const jitA = await jitOf(process.env.AB_JIT_A), jitB = await jitOf(process.env.AB_JIT_B);
const jitless = process.execArgv.includes('--jitless');
const N = jitless ? 20_000 : 100_000, ROUNDS = jitless ? 5 : 9;
const jco = resolve(process.env.PUREWASM_SHARED ?? '../shared', 'fixtures/components/jco/transpile') + '/';
// 16 bytes in UTF-8 and UTF-16 (bench/component/fixtures.ts benchString(16)), and 1 KiB the same way.
const S16 = 'éж🚀λש𠈄';
const S1K = (() => {
  const cycle = ['é', 'ж', '🚀', 'λ', 'ש', '𠈄', 'ß', 'ع', '𓀀', 'ñ'];
  let s = '', left = 1024;
  for (let i = 0; left > 0; i++) {
    const c = cycle[i % cycle.length];
    if (c.length * 2 <= left) { s += c; left -= c.length * 2; } else { s += 'ö'; left -= 2; }
  }
  return s;
})();
function load(P, jit) {
  const opts = () => (jit === undefined ? {} : { store: new P.Store({ compiler: jit }) });
  const withAsync = P.componentAsync === undefined ? undefined : { componentAsync: P.componentAsync };
  const ctx = new P.Linker().instantiate(P.Component.decode(readFileSync(jco + 'p3/context-sync/component.wasm'), withAsync), opts());
  const push = ctx.exports.func('push-context');
  const add = new P.Linker().instantiate(P.Component.decode(readFileSync(jco + 'runtime/adder.component.wasm')), opts()).exports.func('docs:adder/add@0.1.0#add');
  const sc = P.Component.decode(readFileSync(jco + 'runtime/strings.component.wasm'));
  const l = new P.Linker();
  l.instance('test:strings/imports').func('take-basic', () => undefined).func('return-unicode', () => '');
  l.defineUnknownImportsAsTraps(sc);
  const rt = l.instantiate(sc, opts()).exports.func('roundtrip');
  return {
    'sync u32->u32': (n) => { let s = 0; for (let i = 0; i < n; i++) s += push.call([i]); return s; },
    'adder add': (n) => { let s = 0; for (let i = 0; i < n; i++) s += add.call([i, 1]); return s; },
    'string 16B roundtrip': (n) => { let s = 0; for (let i = 0; i < n; i++) s += rt.call([S16]).length; return s; },
    'string 1KiB roundtrip': (n) => { let s = 0; for (let i = 0; i < n; i++) s += rt.call([S1K]).length; return s; },
  };
}
const a = load(A, jitA), b = load(B, jitB);
const now = process.env.AB_CPU === '1'
  ? () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; }
  : () => performance.now();
for (const k of Object.keys(a)) {
  const n = k.startsWith('string 1KiB') ? N / 20 : k.startsWith('string') ? N / 2 : N;
  if (a[k](100) !== b[k](100)) throw new Error('results differ: ' + k);
  let ma = Infinity, mb = Infinity;
  for (let r = 0; r < ROUNDS; r++) {
    for (const side of r % 2 === 0 ? ['a', 'b'] : ['b', 'a']) {
      const t = now(); (side === 'a' ? a : b)[k](n); const d = (now() - t) * 1000 / n;
      if (side === 'a') ma = Math.min(ma, d); else mb = Math.min(mb, d);
    }
  }
  console.log(`${k.padEnd(22)} before ${ma.toFixed(3)} µs  after ${mb.toFixed(3)} µs  (${(mb / ma).toFixed(2)}×)`);
}
