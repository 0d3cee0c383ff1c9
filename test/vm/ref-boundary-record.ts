// Records what Node 26's V8 does with the cases of ref-boundary-cases.ts into ref-boundary-recorded.json, so
// that the test compares purewasm with it without the oracle (a 57 MB download: scripts/install-oracle-node.mjs).
// The recording is keyed by a hash of the cases' module binaries and source: when they change, the test asks
// for a new recording with RERECORD.
//
//   node scripts/install-oracle-node.mjs && npx tsx test/vm/ref-boundary-record.ts
import { readFileSync, writeFileSync } from 'node:fs';
import { parse } from '@bytecodealliance/jco-transpile/wasm-tools';
import { ORACLE_NODE_VERSION } from '../../scripts/install-oracle-node.mjs';
import type { Outcomes } from './ref-boundary-cases.js';
import { casesHash as hashOf, runInOracle } from './oracle-run.js';

export const RERECORD = 'node scripts/install-oracle-node.mjs && npx tsx test/vm/ref-boundary-record.ts';
const CASES = new URL('ref-boundary-cases.ts', import.meta.url);
const RECORDING = new URL('ref-boundary-recorded.json', import.meta.url);

export interface Recording {
  readonly oracle: string;
  /** Hash of the cases' source (values, operations, module text). */
  readonly cases: string;
  readonly valueNames: string[];
  readonly outcomes: Outcomes;
}

/** The hash the recording of the current cases is kept under. */
export function casesHash(): string {
  return hashOf(CASES);
}

export function readRecording(): Recording {
  return JSON.parse(readFileSync(RECORDING, 'utf8')) as Recording;
}

export async function binaries(): Promise<{ main: Uint8Array; other: Uint8Array }> {
  const { MAIN_WAT, OTHER_WAT } = await import('./ref-boundary-cases.js');
  return { main: await parse(MAIN_WAT), other: await parse(OTHER_WAT) };
}

async function record(): Promise<void> {
  const { main, other } = await binaries();
  const input = JSON.stringify({ main: Buffer.from(main).toString('base64'), other: Buffer.from(other).toString('base64') });
  const { valueNames, outcomes } = runInOracle(CASES, `const { main, other } = JSON.parse(input);
    const bytes = (b) => new Uint8Array(Buffer.from(b, 'base64'));
    process.stdout.write(JSON.stringify(runCases(WebAssembly, bytes(main), bytes(other))));`, input) as { valueNames: string[]; outcomes: Outcomes };
  const recording: Recording = { oracle: `node ${ORACLE_NODE_VERSION}`, cases: casesHash(), valueNames, outcomes };
  // one line per operation and type: diffs of a new recording read case by case
  const lines = Object.entries(outcomes).map(([k, v]) => `    ${JSON.stringify(k)}: ${JSON.stringify(v)}`);
  const head = JSON.stringify({ oracle: recording.oracle, cases: recording.cases, valueNames }, null, 2).slice(0, -2);
  writeFileSync(RECORDING, `${head},\n  "outcomes": {\n${lines.join(',\n')}\n  }\n}\n`);
  console.log(`recorded ${lines.length} operations × ${valueNames.length} values into ${RECORDING.pathname}`);
}

if (process.argv[1] === new URL(import.meta.url).pathname) await record();
