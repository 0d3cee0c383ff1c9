// wasi-testsuite, p2-from-p1: the 72 preview1 programs wrapped as WASI 0.2 command components with the
// standard preview1→preview2 adapter, run through `purewasm run`'s code (wasi:cli/run on WASI 0.2).
// Four outcomes are decided inside the component by the adapter, not by the host (the suite's README,
// section 5; jco shows the same): for those the test checks that exact adapter behaviour (ADAPTER_DECIDES).
import { describe, expect, it } from 'vitest';
import { ADAPTER_DECIDES, programs, runProgram } from './testsuite-harness.js';

const all = programs('p2-from-p1');

describe('wasi-testsuite p2-from-p1 (WASI 0.2 components)', () => {
  it('has the 72 components the README counts', () => {
    expect(all.length).toBe(72);
  });
  for (const p of all) {
    const decided = ADAPTER_DECIDES[p.name];
    if (decided === undefined) {
      it(p.name, () => {
        const r = runProgram(p);
        expect(r.failure, `${r.failure}\n--- stderr ---\n${r.stderr.slice(0, 2000)}`).toBeUndefined();
      });
    } else {
      it(`${p.name} (adapter decides: ${decided.reason})`, () => {
        const r = runProgram(p);
        expect(r.exitCode).toBe(decided.exitCode);
        expect(r.stderr).toMatch(decided.stderr);
      });
    }
  }
});
