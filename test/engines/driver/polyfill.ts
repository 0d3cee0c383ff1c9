// Engine side: purewasm/polyfill (dist/polyfill.iife.js, the global `purewasmPolyfill`, over the global
// `purewasm` and the packs' globals) runs the JS API's cases as glue meets them — JSPI (fibers, SuspendError,
// Promises as values) and JS values thrown into wasm (JSTag) — and each outcome must be V8's as Node 26
// recorded it (test/vm/jspi-recorded.json, js-errors-recorded.json), but the differences purewasm keeps.
import type { PolyfillChecks, RecordedCases } from '../data-format.js';
import type * as PurewasmPolyfill from '../../../src/polyfill/index.js';
import { runCases as runJspiCases, type WebAssemblyLike as JspiLike } from '../../vm/jspi-cases.js';
import { ENGINE_DEPENDENT, runCases as runJsErrorCases, type WebAssemblyLike as JsErrorsLike } from '../../vm/js-errors-cases.js';
import { outcomeDifferences } from '../../vm/outcome-differences.js';
import type { Tally } from './tally.js';

function polyfill(): typeof PurewasmPolyfill {
  const g = (globalThis as unknown as { purewasmPolyfill?: typeof PurewasmPolyfill }).purewasmPolyfill;
  if (g === undefined) throw new Error('the global `purewasmPolyfill` is missing: the bundle did not load it');
  return g;
}

/** One assertion per case: V8's outcome, or a difference purewasm keeps (`leftOut`: cases not run). */
function compare(t: Tally, where: string, d: RecordedCases, outcomes: Record<string, string>, leftOut: readonly string[] = []): void {
  const expected: Record<string, string> = {};
  for (const k of Object.keys(d.expected)) if (!leftOut.includes(k)) expected[k] = d.expected[k]!;
  const lines = outcomeDifferences(expected, outcomes, d.kept);
  for (let i = Object.keys(expected).length - lines.length; i > 0; i--) t.pass();
  for (const line of lines) t.fail(`polyfill/${where}`, line);
}

export async function runPolyfill(d: PolyfillChecks, binary: (m: number) => Uint8Array, t: Tally): Promise<void> {
  const W = polyfill().WebAssembly;
  compare(t, 'jspi', d.jspiCases, await runJspiCases(W as unknown as JspiLike, binary(d.jspiCases.m)));
  const leftOut = Object.keys(ENGINE_DEPENDENT);
  const outcomes = await runJsErrorCases(W as unknown as JsErrorsLike, binary(d.jsErrorCases.m), binary(d.jsErrorCases.legacy), leftOut);
  compare(t, 'js-errors', d.jsErrorCases, outcomes, leftOut);
}
