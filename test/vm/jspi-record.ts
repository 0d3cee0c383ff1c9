// Records what Node 26's V8 does with the cases of jspi-cases.ts into jspi-recorded.json, so that
// jspi.test.ts compares purewasm with it without the oracle (Node 20 has no JSPI). Keyed by a hash of the
// cases' source: when it changes, the test asks for a new recording with RERECORD.
//
//   node scripts/install-oracle-node.mjs && npx tsx test/vm/jspi-record.ts
import { parse } from '@bytecodealliance/jco-transpile/wasm-tools';
import { runInOracle, writeRecording } from './oracle-run.js';

export const RERECORD = 'node scripts/install-oracle-node.mjs && npx tsx test/vm/jspi-record.ts';
export const CASES = new URL('jspi-cases.ts', import.meta.url);
export const RECORDING = new URL('jspi-recorded.json', import.meta.url);

/** Cases where purewasm keeps to another answer than V8's, with the reason. */
export const KEPT_DIFFERENCES: Readonly<Record<string, string>> = {
  // V8 fulfills the promise with the Promise itself (an engine-internal step); JS can only resolve a promise
  // with a thenable, which adopts its value
  '... under promising: fulfilled with it, not with its value': 'purewasm: fulfilled with 1 (the Promise\'s value)',
};

export async function binary(): Promise<Uint8Array> {
  const { WAT } = await import('./jspi-cases.js');
  return parse(WAT);
}

async function record(): Promise<void> {
  const input = Buffer.from(await binary()).toString('base64');
  const outcomes = runInOracle(CASES, `process.stdout.write(JSON.stringify(await runCases(WebAssembly, new Uint8Array(Buffer.from(input, 'base64')))));`, input) as Record<string, string>;
  writeRecording(RECORDING, CASES, outcomes);
}

if (process.argv[1] === new URL(import.meta.url).pathname) await record();
