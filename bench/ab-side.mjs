// One side of one A/B measurement, alone in its process (bench/ab.mjs's process mode spawns it; issue #17):
//   node [--jitless] bench/ab-side.mjs <bundle.mjs> <kernel> <n> [runs]
// loads the build, instantiates the kernel (or a host-call bench: `hostcalls`, `reentrant`), runs run(n) until
// its times settle, then prints {"ms": minimum of `runs` (default 3) timed runs, "checksum": run(n) >>> 0, "warm":
// runs to settle}. With n = 0 it calibrates instead: prints {"n"}, the n for which run(n) takes about TARGET ms.
// AB_TIER picks the tier as in ab.mjs; AB_CLOCK=wall times in wall-clock time (default here: CPU time).
import { resolve } from 'node:path';
import { HOST_BENCHES, TARGET, clockOf, hostLoopOf, kernelBytes, settle, storeOf } from './ab-common.mjs';

const [bundle, kernel, nArg, runsArg] = process.argv.slice(2);
const P = await import(resolve(bundle));
const now = clockOf(process.env.AB_CLOCK === 'wall' ? 'wall' : 'cpu');
const exports = HOST_BENCHES.includes(kernel)
  ? hostLoopOf(P, kernel === 'reentrant')
  : new P.Instance(new P.Module(kernelBytes(kernel)), {}, storeOf(P)).exports;
const run = exports.run ?? exports.loop;
let n = Number(nArg);
if (n === 0) {
  // A fresh process's first runs include compiling (the JS tier's, then V8's), so the first estimate is low:
  // run(1) once first, and rescale n from settled runs twice.
  run(1);
  for (n = 1; ; n *= 2) {
    const t = now(); run(n); const d = now() - t;
    if (d > TARGET / 4) { n = Math.max(1, Math.round(n * TARGET / d)); break; }
  }
  for (let i = 0; i < 2; i++) {
    settle(() => run(n), now);
    const t = now(); run(n); const d = now() - t;
    n = Math.max(1, Math.round(n * TARGET / d));
  }
  console.log(JSON.stringify({ n }));
} else {
  let checksum;
  const warm = settle(() => { checksum = run(n) >>> 0; }, now);
  let ms = Infinity;
  for (let k = 0; k < Number(runsArg ?? 3); k++) { const t = now(); run(n); ms = Math.min(ms, now() - t); }
  console.log(JSON.stringify({ ms, checksum, warm }));
}
