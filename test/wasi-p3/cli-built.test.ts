// WASI 0.3 commands through the built `purewasm` command (cli.mjs and the entries it imports, built as the
// package ships them) in a child process with real pipes: the runner writes stdin only after it has read
// what the spec says comes first (cli-stdout-flush: "READY" must reach the pipe before the guest waits for
// input), and a few programs run again under `node --jitless`, where the async ABI (fibers, streams,
// futures, timers) must work without a JIT.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check, needsScratch, p3Programs, runArgv, type Operation, type P3Program } from './harness.js';

const ROOT = resolve(__dirname, '../..');
let dist: string;

beforeAll(async () => {
  dist = mkdtempSync(join(tmpdir(), 'purewasm-cli-'));
  const { buildCli } = (await import(join(ROOT, 'scripts/build.mjs'))) as { buildCli: (dir: string) => Promise<void> };
  await buildCli(dist);
}, 300_000); // buildCli computes the property mangling: declarations (tsc) and a source analysis first
afterAll(() => rmSync(dist, { recursive: true, force: true }));

/** Runs `p` with the built CLI, performing its operations in order against the live process. */
async function runBuilt(p: P3Program, node: string[] = []): Promise<string | undefined> {
  const scratch = needsScratch(p) ? mkdtempSync(join(tmpdir(), 'purewasm-wasip3-')) : undefined;
  try {
    const child = spawn(process.execPath, [...node, join(dist, 'cli.mjs'), 'run', ...runArgv(p, scratch)], { stdio: ['pipe', 'pipe', 'pipe'] });
    const text = { stdout: '', stderr: '' };
    const waiters: (() => void)[] = [];
    const wake = () => waiters.splice(0).forEach((w) => w());
    child.stdout.on('data', (b: Buffer) => ((text.stdout += b.toString('utf8')), wake()));
    child.stderr.on('data', (b: Buffer) => ((text.stderr += b.toString('utf8')), wake()));
    const exited = new Promise<number>((r) => child.on('close', (code) => r(code ?? -1)));
    const at = { stdout: 0, stderr: 0 };
    for (const op of p.operations) {
      if (op.type === 'write') {
        child.stdin.write((op as { payload: string }).payload);
      } else if (op.type === 'read') {
        // Wait (bounded) until the stream holds the payload's length, as upstream's runner reads it.
        const { id, payload } = op as Extract<Operation, { type: 'read' }>;
        const deadline = Date.now() + 30_000;
        while (text[id].length < at[id] + payload.length && Date.now() < deadline && child.exitCode === null) {
          await new Promise<void>((r) => {
            waiters.push(r);
            setTimeout(r, 200);
          });
        }
        // A payload that never comes before the runner's next step is a failure (cli-stdout-flush: the guest
        // must not hold "READY" back until stdin arrives).
        if (text[id].length < at[id] + payload.length) {
          child.kill();
          return `${id} did not receive ${JSON.stringify(payload)} in time (got ${JSON.stringify(text[id].slice(at[id]))})`;
        }
        at[id] += payload.length;
      } else if (op.type === 'wait') {
        child.stdin.end();
      }
    }
    const code = await exited;
    // node --jitless warns that it disables WebAssembly (which purewasm does not use) on stderr.
    const stderr = text.stderr.replace(/^Warning: disabling flag --expose_wasm[^\n]*\n/, '');
    return check(p, code, text.stdout, stderr);
  } finally {
    if (scratch !== undefined) rmSync(scratch, { recursive: true, force: true });
  }
}

const byName = new Map(p3Programs(() => true).map((p) => [p.name, p]));
const program = (name: string): P3Program => byName.get(name)!;

describe('WASI 0.3 commands through the built purewasm command', () => {
  for (const name of ['cli-stdout-flush', 'cli-stdio-roundtrip', 'cli-env', 'filesystem-io', 'run-with-err']) {
    it(name, async () => {
      expect(await runBuilt(program(name))).toBeUndefined();
    }, 60_000);
  }
});

describe('WASI 0.3 under node --jitless (the async ABI without a JIT)', () => {
  for (const name of ['cli-stdio-roundtrip', 'multi-clock-wait', 'filesystem-read-directory', 'random']) {
    it(name, async () => {
      expect(await runBuilt(program(name), ['--jitless'])).toBeUndefined();
    }, 120_000);
  }
});
