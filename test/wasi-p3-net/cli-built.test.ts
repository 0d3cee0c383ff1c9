// Some of the wasip3 sockets-* and http-* programs through the built `purewasm` command (cli.mjs and the
// entries it imports, as the package ships them) in a child process: real pipes (the runner reads the
// address the guest prints), a real SIGINT to stop `serve` (exit status 0), and once under `node --jitless`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHARED } from '../shared.js';
import { builtCli, runSpec } from './spec-runner.js';

const ROOT = resolve(__dirname, '../..');
const DIR = join(SHARED, 'fixtures/wasi-testsuite/wasip3/rust');
let dist: string;

beforeAll(async () => {
  dist = mkdtempSync(join(tmpdir(), 'purewasm-cli-net-'));
  const { buildCli } = (await import(join(ROOT, 'scripts/build.mjs'))) as { buildCli: (dir: string) => Promise<void> };
  await buildCli(dist);
}, 300_000); // buildCli computes the property mangling: declarations (tsc) and a source analysis first
afterAll(() => rmSync(dist, { recursive: true, force: true }));

describe('wasip3 sockets and http through the built purewasm command', () => {
  for (const name of ['sockets-echo', 'sockets-udp-receive', 'http-service-echo', 'http-client-trailers', 'http-fields']) {
    it(name, async () => {
      const r = await runSpec(DIR, name, true, builtCli(join(dist, 'cli.mjs')));
      expect(r.failure, `${r.failure}\n--- stderr\n${r.stderr.slice(-2000)}`).toBeUndefined();
    }, 120_000);
  }

  it('sockets-echo and http-service under node --jitless', async () => {
    for (const name of ['sockets-echo', 'http-service']) {
      const r = await runSpec(DIR, name, true, builtCli(join(dist, 'cli.mjs'), ['--jitless']));
      expect(r.failure, `${name}: ${r.failure}\n--- stderr\n${r.stderr.slice(-2000)}`).toBeUndefined();
    }
  }, 240_000);
});
