// The engine-neutral driver (ES2020, no Node APIs): bundled after dist/purewasm.iife.js and the data
// (the global PUREWASM_ENGINE_DATA, a JSON string), it runs every prepared assertion against the global
// `purewasm` and prints failures and one ENGINE-RESULT line with the engine's print function.
import type { EngineData } from '../data-format.js';
import { runComponents } from './component-smoke.js';
import { runKernels } from './kernels.js';
import { runPolyfill } from './polyfill.js';
import { runWasi } from './wasi.js';
import { runScripts } from './run-scripts.js';
import { runStores } from './stores.js';
import { Tally, describe, enginePrint } from './tally.js';

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Base64 without atob (Hermes and QuickJS have none). */
function fromBase64(s: string): Uint8Array {
  const lookup = new Uint8Array(128);
  for (let i = 0; i < B64.length; i++) lookup[B64.charCodeAt(i)] = i;
  let n = s.length;
  while (n > 0 && s.charCodeAt(n - 1) === 61 /* = */) n--;
  const out = new Uint8Array((n * 3) >> 2);
  let o = 0;
  for (let i = 0; i < n; i += 4) {
    const a = lookup[s.charCodeAt(i)]!;
    const b = lookup[s.charCodeAt(i + 1)]!;
    const c = i + 2 < n ? lookup[s.charCodeAt(i + 2)]! : 0;
    const d = i + 3 < n ? lookup[s.charCodeAt(i + 3)]! : 0;
    const v = (a << 18) | (b << 12) | (c << 6) | d;
    if (o < out.length) out[o++] = v >> 16;
    if (o < out.length) out[o++] = (v >> 8) & 0xff;
    if (o < out.length) out[o++] = v & 0xff;
  }
  return out;
}

/** Where the engine has timers: how long the async part may take before the driver reports it stuck. */
const WATCHDOG_MS = 120_000;

interface Timers {
  setTimeout?: (f: () => void, ms: number) => unknown;
  clearTimeout?: (id: unknown) => void;
}

/**
 * Prints the result once the async checks (stores.ts) settle. A Promise that never settles leaves the result
 * unprinted: QuickJS's and Hermes' hosts then run out of jobs and the harness counts a crash; where timers
 * wait (Chromium, whose page would otherwise idle until its host gives up; Node) a watchdog reports it by name.
 */
async function main(): Promise<void> {
  const print = enginePrint();
  const tally = new Tally(print);
  const t0 = Date.now();
  let finished = false;
  const timers = globalThis as unknown as Timers;
  const watchdog = typeof timers.setTimeout === 'function' && typeof timers.clearTimeout === 'function'
    ? timers.setTimeout(() => {
      // Hermes 0.12's CLI runs timers at once, whatever their delay: there the watchdog does nothing (its
      // host exits when the queue is empty, and the harness reports the missing result).
      if (finished || Date.now() - t0 < WATCHDOG_MS) return;
      finished = true;
      tally.fail('driver', `the async checks (stores) did not settle within ${WATCHDOG_MS / 1000} s`);
      tally.finish(Date.now() - t0);
    }, WATCHDOG_MS)
    : undefined;
  try {
    // The environment assertion: these engines are where WebAssembly is missing; with it present the run
    // would not show that purewasm works without it.
    if (typeof (globalThis as { WebAssembly?: unknown }).WebAssembly === 'undefined') tally.pass();
    else tally.fail('environment', 'typeof WebAssembly is not "undefined" in this engine');
    const text = (globalThis as unknown as { PUREWASM_ENGINE_DATA?: string }).PUREWASM_ENGINE_DATA;
    if (typeof text !== 'string') throw new Error('PUREWASM_ENGINE_DATA is missing');
    const data = JSON.parse(text) as EngineData;
    const decoded: (Uint8Array | undefined)[] = [];
    const binary = (m: number): Uint8Array => (decoded[m] ??= fromBase64(data.binaries[m]!));
    runScripts(data.scripts, binary, tally);
    runComponents(data.components, binary, tally);
    runKernels(data.kernels, binary, tally);
    await runStores(data.stores, binary, tally);
    await runPolyfill(data.polyfill, binary, tally);
    await runWasi(data.wasi, binary, tally);
  } catch (e) {
    tally.fail('driver', `stopped: ${describe(e)}${e instanceof Error && e.stack ? ` ${e.stack.split('\n').slice(0, 4).join(' | ')}` : ''}`);
  }
  if (watchdog !== undefined) timers.clearTimeout!(watchdog);
  if (finished) return;
  finished = true;
  tally.finish(Date.now() - t0);
}

main().catch((e: unknown) => enginePrint()(`FAIL driver: main rejected: ${describe(e)}`));
