// Records what Node 26's V8 does with the cases of js-errors-cases.ts into js-errors-recorded.json, so that
// js-errors.test.ts compares purewasm with it without the oracle (Node 20 has no JSTag, no try_table). Keyed
// by a hash of the cases' source: when it changes, the test asks for a new recording with RERECORD.
//
//   node scripts/install-oracle-node.mjs && npx tsx test/vm/js-errors-record.ts
import { parse } from '@bytecodealliance/jco-transpile/wasm-tools';
import { runInOracle, writeRecording } from './oracle-run.js';

export const RERECORD = 'node scripts/install-oracle-node.mjs && npx tsx test/vm/js-errors-record.ts';
export const CASES = new URL('js-errors-cases.ts', import.meta.url);
export const RECORDING = new URL('js-errors-recorded.json', import.meta.url);

/** Cases where purewasm keeps to another answer than V8's, with the reason. */
export const KEPT_DIFFERENCES: Readonly<Record<string, string>> = {
  // uncaught in both; purewasm turns a JS stack overflow in wasm's calls into the trap 'call stack exhausted'
  // (exec/interpreter.ts withBacktrace), where V8 leaves the RangeError
  'catch_all of a JS stack overflow': 'purewasm: the trap "call stack exhausted" (a RuntimeError)',
  // a WasmException is an Error, whose stack and message say where it was made (V8's Exception is not)
  'a wasm exception is an Error': 'purewasm: true',
};

export async function binaries(): Promise<{ main: Uint8Array; legacy: Uint8Array }> {
  const { WAT, LEGACY_WAT } = await import('./js-errors-cases.js');
  return { main: await parse(WAT), legacy: await parse(LEGACY_WAT) };
}

async function record(): Promise<void> {
  const { main, legacy } = await binaries();
  const input = JSON.stringify({ main: Buffer.from(main).toString('base64'), legacy: Buffer.from(legacy).toString('base64') });
  const outcomes = runInOracle(CASES, `const { main, legacy } = JSON.parse(input);
    const bytes = (b) => new Uint8Array(Buffer.from(b, 'base64'));
    process.stdout.write(JSON.stringify(await runCases(WebAssembly, bytes(main), bytes(legacy))));`, input) as Record<string, string>;
  writeRecording(RECORDING, CASES, outcomes);
}

if (process.argv[1] === new URL(import.meta.url).pathname) await record();
