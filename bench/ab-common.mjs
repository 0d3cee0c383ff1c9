// What bench/ab.mjs (the parent, and its in-process mode) and bench/ab-side.mjs (one side of one measurement, in
// a child process) both need: the kernels, how a build's Store is made, the clock, run-time settling.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export const jitless = process.execArgv.includes('--jitless');
/** Milliseconds a kernel's run(n) is calibrated to. */
export const TARGET = jitless ? 150 : 60;
/** Calls of the trivial import per host-call measurement (scaled to ms per million). */
export const HOST_CALLS = jitless ? 200_000 : 1_000_000;
export const KERNELS = ['fib', 'i64mix', 'nbody', 'sha256', 'sort', 'vm'];
/** The host-call microbenches: a wasm loop calling a trivial import, and the same after the import re-entered wasm once. */
export const HOST_BENCHES = ['hostcalls', 'reentrant'];

/** CPU time (process.cpuUsage, user + system) in ms: on a loaded machine, time spent descheduled does not count. */
const cpuNow = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
export const clockOf = (kind) => kind === 'cpu' ? cpuNow : () => performance.now();

// The JS tier's code generator is opt-in (purewasm/jit, issue #12): a build that exports `jit` (bundle an
// entry such as `export * from './src/index.ts'; export { jit } from './src/jit/index.ts'`) gets it; an older
// build compiles hot functions by default. AB_TIER=interpreter measures the interpreter alone.
export const storeOf = (P) => {
  const tier = process.env.AB_TIER;
  if (tier === 'interpreter') return { store: new P.Store({ tier }) };
  if (P.jit !== undefined) return { store: new P.Store({ tier: tier ?? 'auto', compiler: P.jit }) };
  return tier ? { store: new P.Store({ tier }) } : undefined;
};

const kernelDir = () => resolve(process.env.PUREWASM_SHARED ?? '../shared', 'bench/wasm') + '/';
export const kernelBytes = (name) => readFileSync(kernelDir() + name + '.wasm');

// (module env.h: [] -> []; export loop(n: i32) { do { h(); n-- } while (n) })
const hostLoop = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 8, 2, 96, 0, 0, 96, 1, 127, 0, 2, 9, 1, 3, 101, 110, 118, 1, 104, 0, 0, 3, 2, 1, 1, 7, 8, 1, 4, 108, 111, 111, 112, 0, 1, 10, 18, 1, 16, 0, 3, 64, 16, 0, 32, 0, 65, 1, 107, 34, 0, 13, 0, 11, 11]);
/** The host-call loop's exports; `reentrant`: its import calls back into wasm once (the loop then calls it through execute()). */
export const hostLoopOf = (P, reentrant) => {
  let once = true;
  const h = reentrant ? () => { if (once) { once = false; ex.loop(1); } } : () => {};
  const ex = new P.Instance(new P.Module(hostLoop), { env: { h } }, storeOf(P)).exports;
  return ex;
};

/**
 * Runs `run` until two runs in a row agree within 10% (at most 16 runs): with a JIT, a build's first runs can
 * take many times longer until the optimizing compiler (on a background thread) is done with the kernel's body.
 * In a fresh process the first runs can also agree on a slower tier (vm at 3719: 668, 744, 110, 74, 82, 54, 55
 * ms), so with a JIT the first 4 runs never count as settled.
 */
export const settle = (run, now) => {
  const first = jitless ? 0 : 4;
  let last = Infinity;
  for (let w = 0; w < 16; w++) {
    const t = now(); run(); const d = now() - t;
    if (w >= first && Math.abs(d - last) < 0.1 * d) return w + 1;
    last = d;
  }
  return 16;
};
