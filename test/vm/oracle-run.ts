// Runs a cases file of ours in the newer Node (the oracle: scripts/install-oracle-node.mjs), for the tests that
// compare purewasm with a recording of what V8 did (ref-boundary-record.ts, js-errors-record.ts): the cases
// are bundled with a main that reads its input from stdin and prints the outcomes as JSON.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { buildSync } from 'esbuild';
import { oracleNodePath } from '../../scripts/install-oracle-node.mjs';

/** The hash a recording of `cases` (a source file) is kept under: a new one when the file changes. */
export function casesHash(cases: URL): string {
  return createHash('sha256').update(readFileSync(cases)).digest('hex').slice(0, 16);
}

/** `main` (module code after `import { runCases } from cases`; `input` is stdin's text) in the oracle: its
 *  standard output parsed as JSON. */
export function runInOracle(cases: URL, main: string, input: string): unknown {
  const child = buildSync({
    stdin: {
      contents: `import { runCases } from ${JSON.stringify(cases.pathname)};
        import { readFileSync } from 'node:fs';
        const input = readFileSync(0, 'utf8');
        ${main}`,
      resolveDir: '.',
      loader: 'ts',
    },
    bundle: true, platform: 'node', format: 'esm', write: false, logLevel: 'error',
  }).outputFiles[0].text;
  const r = spawnSync(oracleNodePath, ['--input-type=module', '-e', child], { input, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`the oracle (${oracleNodePath}) failed: ${r.error?.message ?? r.stderr}`);
  return JSON.parse(r.stdout);
}
