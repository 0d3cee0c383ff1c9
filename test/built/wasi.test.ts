// WASI programs through the built `purewasm` command (dist/cli.mjs: bundled, property names mangled): every
// wasi-testsuite program of preview1 and of 0.2 (the p2-from-p1 components), each in its own process, judged
// as test/wasi/testsuite-p1 and -p2 judge the same programs run from src/. Import names of preview1
// (`fd_write`…) and the record fields of 0.2 (`linkCount`…) are keyed by strings at run time: a build that
// renamed one fails here, not in the src/ suites.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ADAPTER_DECIDES, argvOf, programs, verdict, type Program } from '../wasi/testsuite-harness.js';
import { builtPackage, pool, runNode } from './built.js';

const all = [...programs('wasip1'), ...programs('p2-from-p1')];
const outcomes = new Map<Program, string | undefined>();

beforeAll(async () => {
  const cli = join(await builtPackage(), 'cli.mjs');
  await pool(all.length, 4, async (i) => {
    const p = all[i]!;
    const { argv, scratch } = argvOf(p);
    try {
      const r = await runNode([cli, 'run', ...argv]);
      // The four components whose outcome the adapter decides (as test/wasi/testsuite-p2 checks them).
      const decided = p.wasm.endsWith('.component.wasm') ? ADAPTER_DECIDES[p.name] : undefined;
      const failure =
        decided === undefined
          ? verdict(p, r.exitCode, r.stdout, r.stderr)
          : r.exitCode !== decided.exitCode || !decided.stderr.test(r.stderr)
            ? `exit code ${r.exitCode}, expected ${decided.exitCode} with stderr matching ${decided.stderr} (${decided.reason})`
            : undefined;
      outcomes.set(p, failure === undefined ? undefined : `${failure}\n${r.stderr.slice(0, 1000)}`);
    } finally {
      if (scratch !== undefined) rmSync(scratch, { recursive: true, force: true });
    }
  });
}, 600_000);

describe('wasi-testsuite through dist/cli.mjs', () => {
  it('runs the 72 preview1 programs and their 72 components', () => {
    expect(all.length).toBe(144);
  });
  for (const p of all) {
    it(`${p.wasm.endsWith('.component.wasm') ? 'p2' : 'p1'} ${p.name}`, () => {
      expect(outcomes.get(p)).toBeUndefined();
    });
  }
});
