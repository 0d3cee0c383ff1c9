// The wasi-testsuite's programs as WASI 0.2 components (the preview1 adapter and the program, each core
// module compiled) from ahead-of-time output, and core modules with plain exports (the bench kernels, the
// debugger's C and Rust fixtures) in every tier, checked against Node's WebAssembly. What runs only by hand
// (the components in the other tiers): `npm run --silent tiers` (test/tiers/run-all.ts).
import { describe, it } from 'vitest';
import { programs } from '../wasi/testsuite-harness.js';
import { CORE_CASES } from './programs.js';
import { checkCore, checkWasiProgram } from './compare.js';

describe('core modules in every tier', () => {
  for (const c of CORE_CASES) it(c.name, () => checkCore(c, ['js', 'js-bits', 'aot', 'aot-bits', 'osr']));
});

describe('wasi-testsuite p2-from-p1 components ahead of time', () => {
  for (const p of programs('p2-from-p1')) it(p.name, () => checkWasiProgram(p, true, ['aot']));
});
