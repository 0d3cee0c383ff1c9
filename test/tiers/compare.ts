// What test/tiers' tests assert of one program in one compiled tier: the interpreter's run shows what the
// reference says, and the tier's run shows exactly what the interpreter's does, with every called function
// compiled (none left to the interpreter: a function the tier declined would hide a divergence).
import { expect } from 'vitest';
import { ADAPTER_DECIDES, type Program } from '../wasi/testsuite-harness.js';
import { runCore, runCoreNative, runWasiProgram, type CoreCase, type Observed } from './programs.js';
import type { Tier } from './tiers.js';

const visible = (o: Observed) => ({ exitCode: o.exitCode, stdout: o.stdout, stderr: o.stderr });

/** wasi-testsuite program `p` (`p2`: its WASI 0.2 component) interpreted, then in each of `tiers`. */
export function checkWasiProgram(p: Program, p2: boolean, tiers: readonly Tier[]): void {
  const ref = runWasiProgram(p, 'interpreter');
  const decided = p2 ? ADAPTER_DECIDES[p.name] : undefined;
  if (decided === undefined) expect(ref.failure, `interpreter: ${ref.failure}\n${ref.stderr.slice(0, 2000)}`).toBeUndefined();
  else {
    expect(ref.exitCode).toBe(decided.exitCode);
    expect(ref.stderr).toMatch(decided.stderr);
  }
  for (const tier of tiers) {
    const o = runWasiProgram(p, tier);
    expect(visible(o), tier).toEqual(visible(ref));
    expect(o.coverage.compiled, tier).toBeGreaterThan(0);
    expect(o.coverage.interpreted, tier).toBe(0);
  }
}

/** Core module case `c` in Node's WebAssembly, interpreted, and in each of `tiers`. */
export function checkCore(c: CoreCase, tiers: readonly Tier[]): void {
  const ref = runCore(c, 'interpreter');
  expect(ref.results.map((s) => (s.startsWith('trap') ? 'trap' : s))).toEqual(runCoreNative(c));
  for (const tier of tiers) {
    const o = runCore(c, tier);
    expect(o.results, tier).toEqual(ref.results);
    expect(o.coverage.compiled, tier).toBeGreaterThan(0);
    expect(o.coverage.interpreted, tier).toBe(0);
  }
}
