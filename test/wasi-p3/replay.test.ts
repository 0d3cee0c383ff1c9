// Record and replay of WASI 0.3 programs through `purewasm record` / `purewasm replay`'s code. The cut is the
// WasiHost interface, the same as for preview1 and 0.2: WASI 0.3's streams, futures and async functions are
// live code on both sides, and what they ask of the host (stdin bytes, clocks, random, files) comes from the
// trace on replay — with the scratch directory already deleted and no stdin.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { recordCommandAsync } from '../../src/cli/record.js';
import { replayCommandAsync } from '../../src/cli/replay.js';
import { p3Programs, runP3 } from './harness.js';

const dir = mkdtempSync(join(tmpdir(), 'purewasm-replay-p3-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function replayFile(trace: string): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  const out: Uint8Array[] = [];
  const err: Uint8Array[] = [];
  const exitCode = await replayCommandAsync([trace], {
    out: (t) => void out.push(Buffer.from(t)),
    err: (t) => void err.push(Buffer.from(t)),
    stdin: { read: () => { throw new Error('replay read stdin'); } },
    stdout: { write: (b) => void out.push(b.slice()) },
    stderr: { write: (b) => void err.push(b.slice()) },
    env: {},
  });
  return { exitCode, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
}

const NAMES = ['cli-stdio-roundtrip', 'random', 'filesystem-io', 'filesystem-read-directory', 'monotonic-clock', 'multi-clock-wait', 'wall-clock', 'cli-exit'];

describe('record and replay: WASI 0.3 commands', () => {
  for (const p of p3Programs((n) => NAMES.includes(n))) {
    it(p.name, async () => {
      const trace = join(dir, `${p.name}.trace`);
      const recorded = await runP3(p, recordCommandAsync, ['--trace', trace]);
      expect(recorded.failure, recorded.stderr.slice(0, 2000)).toBeUndefined();
      const replayed = await replayFile(trace);
      expect(replayed.stderr).not.toMatch(/replay diverged/);
      expect(replayed).toEqual({ exitCode: recorded.exitCode, stdout: recorded.stdout, stderr: recorded.stderr });
    });
  }
});
