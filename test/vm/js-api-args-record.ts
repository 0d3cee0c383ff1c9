// Records what Node 26's V8 does with the cases of js-api-args-cases.ts into js-api-args-recorded.json (Node 20
// has no 64-bit memories or tables in its JS API). Keyed by a hash of the cases' source: when it changes, the
// test asks for a new recording with RERECORD.
//
//   node scripts/install-oracle-node.mjs && npx tsx test/vm/js-api-args-record.ts
import { runInOracle, writeRecording } from './oracle-run.js';

export const RERECORD = 'node scripts/install-oracle-node.mjs && npx tsx test/vm/js-api-args-record.ts';
export const CASES = new URL('js-api-args-cases.ts', import.meta.url);
export const RECORDING = new URL('js-api-args-recorded.json', import.meta.url);

if (process.argv[1] === new URL(import.meta.url).pathname) {
  writeRecording(RECORDING, CASES, runInOracle(CASES, 'process.stdout.write(JSON.stringify(runCases(WebAssembly)));', '') as Record<string, string>);
}
