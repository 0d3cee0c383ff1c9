// A/B of two builds of the runtime (issues #13, #17) — e.g.
//   git archive <before> src | tar -x -C /tmp/before
//   printf "export * from './src/index.ts';\nexport { jit } from './src/jit/index.ts';\n" > /tmp/before/entry.ts
//   esbuild /tmp/before/entry.ts --bundle --platform=neutral --format=esm --outfile=/tmp/before.mjs
//   (the same entry in this tree → /tmp/after.mjs; without the `jit` export a build has no JS tier)
//   node bench/ab.mjs /tmp/before.mjs /tmp/after.mjs        (and with --jitless)
// prints JSON: after/before per kernel, their geomean, then a host-call microbench: calls of a trivial import
// (no parameters, no results) from a wasm loop, in ms per million calls, per build (and the same after the
// import re-entered wasm once).
//
// Default, in one process: both builds are loaded here; each kernel's run(n) is calibrated to TARGET ms, both
//   builds are warmed alike (until their run times settle), then the two builds alternate AB_ROUNDS (default
//   9, 5 --jitless) times, minimum per side; host calls: minimum of 7 alternated runs. AB_CLOCK=cpu times in
//   CPU time. Fast (~20 s, ~40 s --jitless), but the two builds share the process's V8 state (compile caches,
//   feedback, inline caches, heap), so a build's speed can depend on the other one: the same bundle against a
//   copy of itself read vm 18.6, nbody 33.5 with the JIT, vm 1.14, sort 0.93 --jitless (issue #17).
// AB_PROCS=1: every measurement in a fresh child process (bench/ab-side.mjs, with this process's execArgv and,
//   with a JIT, --no-concurrent-recompilation unless AB_CONCURRENT=1; see `v8Flags` below), so
//   no two runtimes ever share a process. Per kernel a child calibrates run(n) to TARGET ms with the before
//   build once, then each round runs one child per side, both with that n; each child runs until its times
//   settle and reports the minimum of AB_RUNS (default 3, 2 --jitless) timed runs. Rounds alternate which side
//   goes first (AB BA AB BA…: a drift in the machine's speed weighs on both sides alike). The ratio is the
//   per-side minimum over AB_ROUNDS (default 6) rounds. Two noise figures per kernel: `halves`, the same ratio
//   from the first and from the second half of the rounds alone (if they disagree, so may a second run:
//   measure again, or with more rounds), and `spread`, the lowest and highest of the per-round ratios (one
//   round's noise: with a JIT, a fresh process's kernel code is sometimes much slower — V8 tiers it
//   differently — so single rounds vary far more than the minima over the rounds). Times are CPU time
//   (process.cpuUsage, user + system) unless AB_CLOCK=wall. Slower (2.5–4 min, 3.5–6.5 min --jitless on a
//   2-core machine loaded by other jobs), hence not the default; use it when a ratio decides something.
// Both modes: AB_ONLY=vm,sort measures some kernels; AB_TIER=interpreter (or js) measures one tier.
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HOST_BENCHES, HOST_CALLS, KERNELS, TARGET, clockOf, hostLoopOf, jitless, kernelBytes, storeOf } from './ab-common.mjs';

const [before, after] = process.argv.slice(2, 4).map((path) => resolve(path));
const names = (process.env.AB_ONLY ?? KERNELS.join(',')).split(',');
const geomean = (ratios) => +Math.exp(ratios.reduce((s, r) => s + Math.log(r), 0) / ratios.length).toFixed(3);

/** Process mode: no two runtimes in one process. */
function inProcesses() {
  // Without a JIT a settled kernel's run times barely move, so 2 timed runs per child do (and keep a full run
  // within ~6 minutes on a loaded 2-core machine).
  const ROUNDS = Number(process.env.AB_ROUNDS ?? 6), RUNS = Number(process.env.AB_RUNS ?? (jitless ? 2 : 3));
  const sideScript = fileURLToPath(new URL('./ab-side.mjs', import.meta.url));
  // With V8 optimizing on a background thread, when the optimized code lands (and with what feedback) differs
  // from process to process on a loaded machine, and so does the code: one process runs a kernel 1.6x slower
  // than the next. Optimizing on the main thread makes it more repeatable (the same bundle against a copy,
  // two runs: every kernel within 1.5%, then 4.6%, of 1.000; three runs without it: within 1.3%, 9%, 11%,
  // and some kernels calibrated to half the target time; the host-call loop stays bimodal, issue #17);
  // AB_CONCURRENT=1 keeps V8's default.
  const v8Flags = jitless || process.env.AB_CONCURRENT === '1' ? [] : ['--no-concurrent-recompilation'];
  const measure = (bundle, kernel, n) => JSON.parse(execFileSync(process.execPath,
    [...process.execArgv, ...v8Flags, sideScript, bundle, kernel, String(n), String(RUNS)], { encoding: 'utf8' }));
  const out = {}, halves = {}, spread = {};
  /** Per-side minimum ms over the rounds, and the per-round after/before ratios. */
  const compare = (kernel, n) => {
    const min = { a: Infinity, b: Infinity }, all = { a: [], b: [] }, ratios = [];
    let checksum;
    for (let r = 0; r < ROUNDS; r++) {
      const ms = {};
      for (const s of r % 2 === 0 ? ['a', 'b'] : ['b', 'a']) {
        const m = measure(s === 'a' ? before : after, kernel, n);
        if (checksum !== undefined && m.checksum !== checksum) throw new Error('checksum ' + kernel);
        checksum = m.checksum;
        ms[s] = m.ms; min[s] = Math.min(min[s], m.ms); all[s].push(m.ms);
      }
      ratios.push(ms.b / ms.a);
    }
    const half = ROUNDS >> 1, ratioOf = (from, to) => +(Math.min(...all.b.slice(from, to)) / Math.min(...all.a.slice(from, to))).toFixed(3);
    halves[kernel] = [ratioOf(0, half), ratioOf(half, ROUNDS)];
    spread[kernel] = [+Math.min(...ratios).toFixed(3), +Math.max(...ratios).toFixed(3)];
    process.stderr.write(`${kernel} n=${n} before ${min.a.toFixed(1)} ms after ${min.b.toFixed(1)} ms, rounds ${ratios.map((r) => r.toFixed(3)).join(' ')}\n`);
    return min;
  };
  for (const name of names) {
    const min = compare(name, measure(before, name, 0).n);
    out[name] = +(min.b / min.a).toFixed(3);
  }
  out.geomean = geomean(names.map((k) => out[k]));
  for (const name of HOST_BENCHES) {
    const min = compare(name, HOST_CALLS), per = 1_000_000 / HOST_CALLS;
    out[name === 'hostcalls' ? 'hostcalls_1e6_ms' : 'reentrant_hostcalls_1e6_ms'] = { before: +(min.a * per).toFixed(1), after: +(min.b * per).toFixed(1) };
  }
  out.halves = halves;
  out.spread = spread;
  return out;
}

/** In-process mode: both builds loaded here. */
async function inOneProcess() {
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
  const A = await import(before);
  const B = await import(after);
  const ROUNDS = Number(process.env.AB_ROUNDS ?? (jitless ? 5 : 9));
  const now = clockOf(process.env.AB_CLOCK);
  const out = {};
  for (const name of names) {
    const bytes = kernelBytes(name);
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
      for (const [e, side] of r % 2 === 0 ? [[ea, 'a'], [eb, 'b']] : [[eb, 'b'], [ea, 'a']]) {
        const t = now(); e.run(n); const d = now() - t;
        if (side === 'a') ma = Math.min(ma, d); else mb = Math.min(mb, d);
      }
    }
    out[name] = +(mb / ma).toFixed(3);
  }
  out.geomean = geomean(names.map((k) => out[k]));
  for (const name of HOST_BENCHES) {
    const hx = { before: sideOf('before', hostLoopOf(A, name === 'reentrant')), after: sideOf('after', hostLoopOf(B, name === 'reentrant')) };
    const res = { before: Infinity, after: Infinity };
    for (const tag of ['before', 'after']) hx[tag].loop(100000);
    for (let r = 0; r < 7; r++) {
      for (const tag of r % 2 ? ['after', 'before'] : ['before', 'after']) {
        const t = now(); hx[tag].loop(HOST_CALLS); const d = (now() - t) * (1_000_000 / HOST_CALLS);
        res[tag] = Math.min(res[tag], +d.toFixed(1));
      }
    }
    out[name === 'hostcalls' ? 'hostcalls_1e6_ms' : 'reentrant_hostcalls_1e6_ms'] = res;
  }
  return out;
}

console.log(JSON.stringify(process.env.AB_PROCS === '1' ? inProcesses() : await inOneProcess()));
