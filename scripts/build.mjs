// Builds dist/purewasm.mjs (the whole public API, one ES2020 file, no dependencies),
// dist/cli.mjs (the `purewasm` command) and dist/types (declarations).
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';

rmSync('dist', { recursive: true, force: true });

await build({
  entryPoints: ['src/index.ts'],
  outfile: 'dist/purewasm.mjs',
  bundle: true,
  format: 'esm',
  target: 'es2020',
  platform: 'neutral',
  sourcemap: true,
  legalComments: 'none',
});
await build({
  entryPoints: ['src/cli/main.ts'],
  outfile: 'dist/cli.mjs',
  bundle: true,
  format: 'esm',
  target: 'es2020',
  platform: 'node',
  banner: { js: '#!/usr/bin/env node' },
  sourcemap: true,
});
const tsc = spawnSync('npx', ['tsc', '-p', 'tsconfig.json', '--noEmit', 'false', '--declaration', '--emitDeclarationOnly', '--outDir', 'dist/types', '--rootDir', 'src'], { stdio: 'inherit' });
if (tsc.status !== 0) process.exit(tsc.status ?? 1);
