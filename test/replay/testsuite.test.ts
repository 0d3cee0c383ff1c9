// Record then replay every wasi-testsuite program (preview1 modules and their WASI 0.2 component form)
// through `purewasm record` / `purewasm replay`'s code: the replay, with the scratch directory already
// deleted and no stdin, reproduces stdout, stderr and the exit status, and its own check of the final
// memory hash against the trace passes (a mismatch would be exit status 3, "replay diverged").
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { recordCommand } from '../../src/cli/record.js';
import { replayCommand } from '../../src/cli/replay.js';
import { programs, runProgram } from '../wasi/testsuite-harness.js';

const dir = mkdtempSync(join(tmpdir(), 'purewasm-replay-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function replayFile(trace: string): { exitCode: number; stdout: string; stderr: string } {
  const out: Uint8Array[] = [];
  const err: Uint8Array[] = [];
  const exitCode = replayCommand([trace], {
    out: (t) => void out.push(Buffer.from(t)),
    err: (t) => void err.push(Buffer.from(t)),
    stdin: { read: () => { throw new Error('replay read stdin'); } },
    stdout: { write: (b) => void out.push(b.slice()) },
    stderr: { write: (b) => void err.push(b.slice()) },
    env: {},
  });
  return { exitCode, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
}

for (const kind of ['wasip1', 'p2-from-p1'] as const) {
  describe(`record and replay: wasi-testsuite ${kind}`, () => {
    for (const p of programs(kind)) {
      it(p.name, () => {
        const trace = join(dir, `${kind}-${p.name.replace('/', '-')}.trace`);
        const recorded = runProgram(p, recordCommand, ['--trace', trace]);
        const replayed = replayFile(trace);
        expect(replayed.stderr).not.toMatch(/replay diverged/);
        expect(replayed).toEqual({ exitCode: recorded.exitCode, stdout: recorded.stdout, stderr: recorded.stderr });
      });
    }
  });
}
