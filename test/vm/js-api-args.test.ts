// The JS API's objects made and used as glue code does, against Node 26's V8 (js-api-args-cases.ts, recorded in
// js-api-args-recorded.json): descriptors, sizes and indices (WebIDL's conversions, bigints for 64-bit memories
// and tables), and the class of every error.
import { describe, expect, it } from 'vitest';
import { Memory, Table } from '../../src/index.js';
import { WebAssembly } from '../../src/polyfill/index.js';
import { runCases } from './js-api-args-cases.js';
import { CASES, RECORDING, RERECORD, binary } from './js-api-args-record.js';
import { casesHash, differencesFrom, readRecording } from './oracle-run.js';

/** Cases where purewasm keeps to another answer than V8's, with the reason. */
const KEPT_DIFFERENCES: Readonly<Record<string, string>> = {
  // purewasm runs one thread: a shared memory's bytes are an ArrayBuffer (README, "What works today")
  'Memory shared': 'purewasm: ok ArrayBuffer',
  // a WasmException is an Error, whose stack says where it was made; V8 gives one only with { traceStack: true }
  'Exception no traceStack': 'purewasm: ok string',
  // no Symbol.toStringTag on the classes (kept out of src/ for portability; nothing in glue reads it)
  'Module toString': 'purewasm: [object Object]',
  'Instance toString': 'purewasm: [object Object]',
  'Memory toString': 'purewasm: [object Object]',
  'Table toString': 'purewasm: [object Object]',
  'Global toString': 'purewasm: [object Object]',
  'Tag toString': 'purewasm: [object Object]',
  'Exception toString': 'purewasm: [object Error]',
  // a DataView is a BufferSource in the JS API; V8 refuses it, purewasm takes it
  'Module from DataView': 'purewasm: ok',
};

describe("the JS API's descriptors and arguments, as Node 26 (V8) takes them", () => {
  it('the recording is of the current cases', () => {
    expect(readRecording(RECORDING).cases, `the cases changed: re-record with ${RERECORD}`).toBe(casesHash(CASES));
  });

  it("every case has V8's outcome", async () => {
    const outcomes = runCases(WebAssembly, await binary());
    expect(differencesFrom(RECORDING, outcomes, KEPT_DIFFERENCES)).toEqual([]);
  });

  it('the errors say which argument and what it must be', () => {
    expect(() => new Memory({ initial: NaN })).toThrow('initial must be a number from 0 to 2^32 - 1, not NaN');
    expect(() => new Memory({ initial: 1, address: 'i64' })).toThrow('initial must be a bigint (an i64 address) from 0 to 2^64 - 1, not 1');
    expect(() => new Memory({ initial: 1, shared: true })).toThrow('a shared memory needs a maximum');
    expect(() => new Table({ initial: 1, element: 'externref' }).get(-1)).toThrow('table index must be a number from 0 to 2^32 - 1, not -1');
    expect(() => new Memory({ initial: 1 }).grow(1n as never)).toThrow('delta must be a number from 0 to 2^32 - 1, not 1n');
    // a fraction is dropped (WebIDL), so a memory is always whole pages
    expect(new Memory({ initial: 1.5 }).buffer.byteLength).toBe(65536);
  });
});
