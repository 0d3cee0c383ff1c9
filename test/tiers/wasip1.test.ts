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

// A handful in 'osr' (tier 'auto' with every loop entering compiled code the first time it is reached): the
// rest of them, by hand (`npm run --silent tiers -- --tier osr`)
describe('wasi-testsuite wasip1 with every loop entering compiled code', () => {
  const picked = new Set(['rust/big_random_buf', 'rust/fd_readdir', 'rust/path_rename', 'c/lseek', 'c/stat-dev-ino', 'assemblyscript/args_get-multiple-arguments']);
  for (const p of programs('wasip1').filter((p) => picked.has(p.name))) it(p.name, () => checkWasiProgram(p, false, ['osr']));
});
