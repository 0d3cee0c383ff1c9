// Records what Node 26's V8 does with the cases of js-api-args-cases.ts into js-api-args-recorded.json (Node 20
// has no 64-bit memories or tables in its JS API). Keyed by a hash of the cases' source: when it changes, the
// test asks for a new recording with RERECORD.
//
//   node scripts/install-oracle-node.mjs && npx tsx test/vm/js-api-args-record.ts
import { parse } from '@bytecodealliance/jco-transpile/wasm-tools';
import { runInOracle, writeRecording } from './oracle-run.js';

export const RERECORD = 'node scripts/install-oracle-node.mjs && npx tsx test/vm/js-api-args-record.ts';
export const CASES = new URL('js-api-args-cases.ts', import.meta.url);
export const RECORDING = new URL('js-api-args-recorded.json', import.meta.url);

export async function binary(): Promise<Uint8Array> {
  return parse((await import('./js-api-args-cases.js')).WAT);
}

if (process.argv[1] === new URL(import.meta.url).pathname) {
  const main = 'process.stdout.write(JSON.stringify(runCases(WebAssembly, new Uint8Array(Buffer.from(input, "base64")))));';
  writeRecording(RECORDING, CASES, runInOracle(CASES, main, Buffer.from(await binary()).toString('base64')) as Record<string, string>);
}
