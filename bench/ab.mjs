// A/B in one process (issue #13): two builds of the runtime — e.g.
//   git archive <before> src | tar -x -C /tmp/before
//   esbuild /tmp/before/src/index.ts --bundle --platform=neutral --format=esm --outfile=/tmp/before.mjs
//   esbuild src/index.ts --bundle --platform=neutral --format=esm --outfile=/tmp/after.mjs
//   node bench/ab.mjs /tmp/before.mjs /tmp/after.mjs        (and with --jitless)
// Each kernel's run(n) is calibrated to TARGET ms, both builds are warmed alike (until their run times settle),
// then the two builds alternate ROUNDS (AB_ROUNDS) times, minimum per side;
// prints after/before per kernel. Then a host-call microbench: 1,000,000 calls of a trivial import
// (no parameters, no results) from a wasm loop, ms per million calls, minimum of 7 alternated runs.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
// With a JIT, two copies of the runtime in one process would share the JS tier's generated functions: `new
// Function` with a source text V8 has compiled before returns that compilation, feedback included, so the
// second copy's code sees the first copy's objects (other classes, other maps) and its optimized code deopts
// again and again (the same bundle loaded twice: vm 4.4x, nbody 48x slower in the second copy, whichever
// came second). Each side's sources get a comment naming the side, so each copy compiles its own.
let side = '';
const NativeFunction = globalThis.Function;
globalThis.Function = new Proxy(NativeFunction, {
  construct(target, args, newTarget) {
    if (side !== '' && args.length > 0) args[args.length - 1] = `${args[args.length - 1]}\n//ab side ${side}`;
    return Reflect.construct(target, args, newTarget);
  },
});
/** The exports of one side: every call marks the side whose sources are being compiled. */
const sideOf = (tag, exports) => Object.fromEntries(Object.entries(exports).map(([key, f]) =>
  [key, typeof f === 'function' ? (...args) => { side = tag; return f(...args); } : f]));
const A = await import(resolve(process.argv[2]));
const B = await import(resolve(process.argv[3]));
const jitless = process.execArgv.includes('--jitless');
const TARGET = jitless ? 150 : 60, ROUNDS = Number(process.env.AB_ROUNDS ?? (jitless ? 5 : 9));
const dir = resolve(process.env.PUREWASM_SHARED ?? '../shared', 'bench/wasm') + '/';
// The JS tier's code generator is opt-in (purewasm/jit, issue #12): a build that exports `jit` (bundle an
// entry such as `export * from './src/index.ts'; export { jit } from './src/jit/index.ts'`) gets it; an older
// build compiles hot functions by default. AB_TIER=interpreter measures the interpreter alone.
const storeOf = (P) => {
  const tier = process.env.AB_TIER;
  if (tier === 'interpreter') return { store: new P.Store({ tier }) };
  if (P.jit !== undefined) return { store: new P.Store({ tier: tier ?? 'auto', compiler: P.jit }) };
  return tier ? { store: new P.Store({ tier }) } : undefined;
};
const names = (process.env.AB_ONLY ?? 'fib,i64mix,nbody,sha256,sort,vm').split(','); // AB_ONLY=vm,sort: some kernels
// AB_CLOCK=cpu times in CPU time (process.cpuUsage): on a loaded machine, time spent descheduled does not count.
const now = process.env.AB_CLOCK === 'cpu' ? () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; } : () => performance.now();
const out = {};
for (const name of names) {
  const bytes = readFileSync(dir + name + '.wasm');
  const ea = sideOf('a', new A.Instance(new A.Module(bytes), {}, storeOf(A)).exports), eb = sideOf('b', new B.Instance(new B.Module(bytes), {}, storeOf(B)).exports);
  let n = 1; for (;;) { const t = now(); ea.run(n); const d = now() - t; if (d > TARGET / 4) { n = Math.max(1, Math.round(n * TARGET / d)); break; } n *= 2; }
  if ((ea.run(n) >>> 0) !== (eb.run(n) >>> 0)) throw new Error('checksum ' + name);
  // Warm both builds alike before timing: the calibration above ran only the first one, and with a JIT a
  // build's first runs can take many times longer until the optimizing compiler (on a background thread)
  // is done with the kernel's body — which lands at a different round for each build on a loaded machine,
  // so the ratio would depend on which bundle came first. Each side runs until two runs in a row agree
  // within 10% (at most 12 runs), alternating.
  const last = [Infinity, Infinity], settled = [false, false];
  for (let w = 0; w < 12 && !(settled[0] && settled[1]); w++) {
    for (const i of w % 2 === 0 ? [1, 0] : [0, 1]) {
      if (settled[i]) continue;
      const t = now(); (i === 0 ? ea : eb).run(n); const d = now() - t;
      settled[i] = Math.abs(d - last[i]) < 0.1 * d;
      last[i] = d;
    }
  }
  let ma = Infinity, mb = Infinity;
  for (let r = 0; r < ROUNDS; r++) {
    const first = r % 2 === 0 ? [ea, 'a'] : [eb, 'b'];
    for (const [e, side] of r % 2 === 0 ? [[ea, 'a'], [eb, 'b']] : [[eb, 'b'], [ea, 'a']]) {
      const t = now(); e.run(n); const d = now() - t;
      if (side === 'a') ma = Math.min(ma, d); else mb = Math.min(mb, d);
    }
  }
  out[name] = +(mb / ma).toFixed(3);
}
out.geomean = +Math.exp(names.reduce((s, k) => s + Math.log(out[k]), 0) / names.length).toFixed(3);
// host calls: loop(n) { do { h(); n-- } while (n) }
// (module env.h: [] -> []; export loop(n: i32) { do { h(); n-- } while (n) })
const hb = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 8, 2, 96, 0, 0, 96, 1, 127, 0, 2, 9, 1, 3, 101, 110, 118, 1, 104, 0, 0, 3, 2, 1, 1, 7, 8, 1, 4, 108, 111, 111, 112, 0, 1, 10, 18, 1, 16, 0, 3, 64, 16, 0, 32, 0, 65, 1, 107, 34, 0, 13, 0, 11, 11]);
const res = { before: Infinity, after: Infinity };
const hx = {};
for (const [tag, P] of [['before', A], ['after', B]]) {
  hx[tag] = sideOf(tag, new P.Instance(new P.Module(hb), { env: { h: () => {} } }, storeOf(P)).exports);
  hx[tag].loop(100000);
}
const N = jitless ? 200_000 : 1_000_000;
for (let r = 0; r < 7; r++) {
  for (const tag of r % 2 ? ['after', 'before'] : ['before', 'after']) {
    const t = now(); hx[tag].loop(N); const d = (now() - t) * (1_000_000 / N);
    res[tag] = Math.min(res[tag], +d.toFixed(1));
  }
}
out.hostcalls_1e6_ms = res;
// the same import after it re-entered wasm once (the loop then calls it through execute())
const rres = { before: Infinity, after: Infinity };
const rx = {};
for (const [tag, P] of [['before', A], ['after', B]]) {
  let once = true;
  const ex = new P.Instance(new P.Module(hb), { env: { h: () => { if (once) { once = false; ex.loop(1); } } } }, storeOf(P)).exports;
  rx[tag] = sideOf(tag, ex);
  rx[tag].loop(100000);
}
for (let r = 0; r < 7; r++) {
  for (const tag of r % 2 ? ['after', 'before'] : ['before', 'after']) {
    const t = now(); rx[tag].loop(N); const d = (now() - t) * (1_000_000 / N);
    rres[tag] = Math.min(rres[tag], +d.toFixed(1));
  }
}
out.reentrant_hostcalls_1e6_ms = rres;
console.log(JSON.stringify(out));
