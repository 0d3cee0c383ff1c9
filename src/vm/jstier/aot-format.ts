// The version stamp of ahead-of-time JS (src/jit/aot.ts writes it, instantiation checks it) and of the JS
// tier's run time (`purewasm/js-runtime`, runtime.ts, which the core checks when a store takes it). Kept apart
// from runtime.ts, which is not part of the core.
import { LinkError } from '../errors.js';
import type { JsRuntimePack } from './runtime.js';

/** The calling convention of generated code, written into ahead-of-time output as `format`: output made by
 *  a purewasm whose generated code calls the runtime differently is refused at instantiation (LinkError),
 *  not run into a TypeError. Bump it with every change to JsRuntime, JsInner or the factory's parameters, and
 *  with changes to the shape of the generated code (4: bitwise i64 carries, branch-free i64 select, inline
 *  div_u/rem_u by 32-bit divisors, sign-flipped unsigned compares; 5: loads through the memory's element
 *  views, MemoryInst `i32` …; 6: stores through the element views, small br_tables as binary searches; 7: one quotient per base address
 *  (shared-index.ts), calls read in place (call-in-place.ts); 8 (never released: two branches of one session):
 *  helpers, their constant arguments and unsigned compares' sign flips of loop invariants in locals
 *  (loop-locals.ts), read-modify-write stores testing their element once; 9: also the bits form of f64,
 *  rt.slowBits, FuncInst innerBits (f64-bits.ts); 10: i64 mul's high product from one double product and the
 *  low half, i64 add/sub carries as unsigned compares; 11: the output carries the run time, `purewasm/js-runtime`,
 *  whose helpers each store makes from the core's JsCore; 12: rt.wide, the wide-arithmetic instructions, and a
 *  four-word rt.out; 13: trap positions — P set by whatever can trap or call, rt.frame's `at` and `call`), so output is
 *  remade by the generator it is tested with. */
export const AOT_FORMAT = 13;

/** Refuses ahead-of-time output made for another calling convention (see AOT_FORMAT). */
export function checkAotFormat(compiled: { readonly format?: unknown }, what: string): void {
  if (compiled.format !== AOT_FORMAT) {
    throw new LinkError(`compiled JS was made by another purewasm version (format ${String(compiled.format)}, this runtime reads format ${AOT_FORMAT}): run purewasm compile --js on the ${what} again`);
  }
}

/** Refuses a JS tier run time that is missing (ahead-of-time output made without it) or of another purewasm
 *  version: the core and the run time share FuncInst's and Machine's JS tier fields, and JsCore. */
export function checkJsRuntime(runtime: JsRuntimePack | null | undefined, from: string): void {
  if (typeof runtime?.warm !== 'function') {
    throw new LinkError(`${from} carries no JS tier run time: an ES module output imports it from 'purewasm/js-runtime'; a script output needs js-runtime.iife.js (the global purewasmJsRuntime) loaded before it`);
  }
  if (runtime.format !== AOT_FORMAT) {
    throw new LinkError(`the JS tier run time of ${from} is from another purewasm version (format ${String(runtime.format)}, this runtime reads format ${AOT_FORMAT})`);
  }
}
