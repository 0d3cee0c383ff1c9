// The ops must behave identically without a JIT (node --jitless is one of our target environments).
import { it, expect } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

it('same results with and without the JIT', async () => {
  const out = join(mkdtempSync(join(tmpdir(), 'ops-')), 'digest.mjs');
  await build({ entryPoints: [fileURLToPath(new URL('./fixtures/digest.ts', import.meta.url))], bundle: true, format: 'esm', platform: 'neutral', outfile: out, logLevel: 'silent' });
  const jit = execFileSync(process.execPath, [out], { encoding: 'utf8' }).trim();
  const nojit = execFileSync(process.execPath, ['--jitless', out], { encoding: 'utf8' }).trim();
  expect(jit).toMatch(/^[0-9a-f]+$/);
  expect(nojit).toBe(jit);
});
