// wasi-testsuite wasip3: every program of WASI 0.3's cli, clocks, random and filesystem packages (the
// sockets-* and http-* programs belong to the network part of the 0.3 host) run through `purewasm run`'s
// code per its spec file. These components export both wasi:cli/run@0.2.0 and @0.3.0 and import WASI 0.2
// too (Rust's std): the 0.3 export is the one run, as upstream runners do.
import { describe, expect, it } from 'vitest';
import { p3Programs, runP3 } from './harness.js';

const CORE = /^(cli-|filesystem-|monotonic-clock$|wall-clock$|multi-clock-wait$|random$|run-with-err$)/;
const all = p3Programs((n) => CORE.test(n));

describe('wasi-testsuite wasip3 (WASI 0.3: cli, clocks, random, filesystem)', () => {
  it('has the 25 programs of those packages (6 cli, 14 filesystem, 3 clocks, random, run-with-err)', () => {
    expect(all.map((p) => p.name.replace(/-.*/, ''))).toEqual([
      ...Array(6).fill('cli'), ...Array(14).fill('filesystem'), 'monotonic', 'multi', 'random', 'run', 'wall',
    ]);
  });
  for (const p of all) {
    it(p.name, async () => {
      const r = await runP3(p);
      expect(r.failure, `${r.failure}\n--- stderr ---\n${r.stderr.slice(0, 2000)}`).toBeUndefined();
    });
  }
});
