// Runs a cases file of ours in the newer Node (the oracle: scripts/install-oracle-node.mjs), for the tests that
// compare purewasm with a recording of what V8 did (ref-boundary-record.ts, js-errors-record.ts): the cases
// are bundled with a main that reads its input from stdin and prints the outcomes as JSON.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { buildSync } from 'esbuild';
import { ORACLE_NODE_VERSION, oracleNodePath } from '../../scripts/install-oracle-node.mjs';
import { outcomeDifferences } from './outcome-differences.js';

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
        import { readFileSync, writeFileSync } from 'node:fs';
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

/** A recording of outcomes by case name, kept under the hash of its cases' source. */
export interface Recording {
  readonly oracle: string;
  readonly cases: string;
  readonly outcomes: Record<string, string>;
}

export function readRecording(recording: URL): Recording {
  return JSON.parse(readFileSync(recording, 'utf8')) as Recording;
}

/** Writes the oracle's `outcomes` of `cases` to `recording`. */
export function writeRecording(recording: URL, cases: URL, outcomes: Record<string, string>): void {
  const r: Recording = { oracle: `node ${ORACLE_NODE_VERSION}`, cases: casesHash(cases), outcomes };
  writeFileSync(recording, `${JSON.stringify(r, null, 2)}\n`);
  console.log(`recorded ${Object.keys(outcomes).length} cases into ${recording.pathname}`);
}

/** What differs between purewasm's `outcomes` and the recording's (outcome-differences.ts). */
export function differencesFrom(recording: URL, outcomes: Record<string, string>, kept: Readonly<Record<string, string>>): string[] {
  return outcomeDifferences(readRecording(recording).outcomes, outcomes, kept);
}
