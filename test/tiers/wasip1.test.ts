// The 72 wasi-testsuite preview1 programs (Rust, C, AssemblyScript) and the debugger's C command, compiled
// at every function's first call: each shows exactly what it shows interpreted (exit code, stdout, stderr),
// and interpreted what the suite's spec says. Tiers here: the JS tier compiling at run time (f64 as numbers)
// and ahead-of-time output in the bits form of f64 — the two share the generator and differ in f64's form
// and in how code reaches the store. The other tiers (js-bits, aot) of every program run by hand:
// `npm run --silent tiers` (test/tiers/run-all.ts; about 50 s of CPU for all sets: more than make test has).
import { describe, it } from 'vitest';
import { programs } from '../wasi/testsuite-harness.js';
import { wasiIoPrograms } from './programs.js';
import { checkWasiProgram } from './compare.js';

describe('wasi-testsuite wasip1 in the JS tier and ahead of time', () => {
  for (const p of [...programs('wasip1'), ...wasiIoPrograms()]) {
    it(p.name, () => checkWasiProgram(p, false, ['js', 'aot-bits']));
  }
});
