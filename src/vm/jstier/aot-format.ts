// The version stamp of ahead-of-time JS (src/jit/aot.ts writes it, instantiation checks it). Kept apart from
// runtime.ts so that instantiation can check it without loading the tier's run time.
import { LinkError } from '../errors.js';

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
 *  low half, i64 add/sub carries as unsigned compares), so output is remade by the generator it is tested with. */
export const AOT_FORMAT = 10;

/** Refuses ahead-of-time output made for another calling convention (see AOT_FORMAT). */
export function checkAotFormat(compiled: { readonly format?: unknown }, what: string): void {
  if (compiled.format !== AOT_FORMAT) {
    throw new LinkError(`compiled JS was made by another purewasm version (format ${String(compiled.format)}, this runtime reads format ${AOT_FORMAT}): run purewasm compile --js on the ${what} again`);
  }
}
