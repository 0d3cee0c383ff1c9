// The 72 wasi-testsuite preview1 programs (Rust, C, AssemblyScript), the debugger's C command and jco's WASI
// commands (hello_stdout as a module and as a component, exitcode, dir.virt), each function compiled at its
// first call: each shows exactly what it shows interpreted (exit code, stdout, stderr), and interpreted what
// its reference says (the suite's spec, the fixture's README, jco's expectations). Tiers here: the JS tier
// compiling at run time (f64 as numbers) and ahead-of-time output in the bits form of f64 — the two share the
// generator and differ in f64's form and in how code reaches the store. The rest (these programs in js-bits,
// aot and auto, the kernels' command, metered runs, sql.js, QuickJS, esbuild.wasm, jco's fixtures) runs by
// hand, `npm run --silent tiers` (test/tiers/run-all.ts): about 25 minutes of CPU, more than make test has.
import { describe, it } from 'vitest';
import { programs } from '../wasi/testsuite-harness.js';
import { otherCommands, wasiIoPrograms } from './programs.js';
import { checkWasiProgram } from './compare.js';

describe('wasi-testsuite wasip1 in the JS tier and ahead of time', () => {
  const commands = otherCommands().filter((p) => p.name !== 'bench/wasi_all');
  for (const p of [...programs('wasip1'), ...wasiIoPrograms(), ...commands]) {
    it(p.name, () => checkWasiProgram(p, false, ['js', 'aot-bits']));
  }
});
