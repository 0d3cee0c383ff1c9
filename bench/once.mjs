// A/B of two builds (as bench/ab.mjs takes them) on what a program's `main` does: each kernel's run(n) called
// ONCE in a fresh store in tier 'auto' (the JS tier's generator given), so its own loops run as long as n says
// and it never reaches a third call — what OSR (entering compiled code from a running loop, session 16) is for.
//   node [--jitless] bench/once.mjs <before.mjs> <after.mjs>
// Each measurement is a fresh child process (this file with `side`): instantiate, one run(n), its CPU time
// (compilation included). n = default_n() / ONCE_DIV (default 40, 400 --jitless). Rounds alternate which side
// goes first; per side the minimum over ONCE_ROUNDS (default 3). Prints JSON: ms per side and after/before.
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KERNELS, clockOf, jitless, kernelBytes, storeOf } from './ab-common.mjs';

if (process.argv[2] === 'side') {
  const [bundle, kernel, div] = process.argv.slice(3);
  const P = await import(resolve(bundle));
  const now = clockOf('cpu');
  const exports = new P.Instance(new P.Module(kernelBytes(kernel)), {}, storeOf(P)).exports;
  const n = Math.max(1, Math.floor(exports.default_n() / Number(div)));
  const t = now();
  const checksum = exports.run(n) >>> 0;
  console.log(JSON.stringify({ ms: now() - t, checksum, n }));
} else {
  const [before, after] = process.argv.slice(2, 4).map((p) => resolve(p));
  const div = process.env.ONCE_DIV ?? (jitless ? '400' : '40');
  const rounds = Number(process.env.ONCE_ROUNDS ?? 3);
  const self = fileURLToPath(import.meta.url);
  const measure = (bundle, kernel) => JSON.parse(execFileSync(process.execPath, [...process.execArgv, self, 'side', bundle, kernel, div], { encoding: 'utf8' }));
  const out = {};
  for (const kernel of (process.env.AB_ONLY ?? KERNELS.join(',')).split(',')) {
    const min = { a: Infinity, b: Infinity };
    let checksum;
    for (let r = 0; r < rounds; r++) {
      for (const s of r % 2 === 0 ? ['a', 'b'] : ['b', 'a']) {
        const m = measure(s === 'a' ? before : after, kernel);
        if (checksum !== undefined && m.checksum !== checksum) throw new Error(`checksum ${kernel}`);
        checksum = m.checksum;
        min[s] = Math.min(min[s], m.ms);
      }
    }
    out[kernel] = { before: +min.a.toFixed(1), after: +min.b.toFixed(1), ratio: +(min.b / min.a).toFixed(3) };
    process.stderr.write(`${kernel} ${JSON.stringify(out[kernel])}\n`);
  }
  console.log(JSON.stringify(out));
}
