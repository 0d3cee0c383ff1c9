// The JS tier's code generator as a store takes it (`new Store({ compiler: jit })`), published as
// `purewasm/jit` (src/jit/index.ts). See compiler.ts for why it is not part of the core.
import type { JsCompiler } from './compiler.js';
import { FLAT_DEPTH, JsCodegen, TooDeep } from './codegen.js';
import { MeteredJsCodegen } from './metered-codegen.js';
import { Unsupported } from '../errors.js';
import { F64Demand, f64NaNBitsSurvive } from './f64-bits.js';
// (from the entry, so that purewasm/jit's built files import ./js-runtime.* instead of a copy of it)
import { jsRuntime } from '../../js-runtime/index.js';

/** The bits form of f64 (f64-bits.ts) is this engine's unless a caller says otherwise (GenerateOptions). */
const CANONICALIZES = !f64NaNBitsSurvive();

export const jit: JsCompiler = {
  runtime: jsRuntime,
  generate(walk, options) {
    // (a store with fuel or interruption: the same code with the interpreter's fuel checks)
    const Gen = options?.metered === true ? MeteredJsCodegen : JsCodegen;
    const demand = options?.f64Bits ?? CANONICALIZES ? new F64Demand() : undefined;
    // (an entry into a running loop, codegen.ts OsrEntry: for stores that do not meter, runtime.ts osr)
    const osr = options?.osrLoop ?? -1;
    if (osr >= 0 && options?.metered === true) return { feature: 'a loop entered in a metered store' };
    let g = new Gen(false, demand, osr);
    try {
      try {
        walk(g);
      } catch (e) {
        // (a body too deep: its walk stopped there, g.walkAgain)
        if (!(e instanceof TooDeep)) throw e;
      }
      if (g.walkAgain) {
        // too deep for JS parsers: again, flat (codegen.ts, Scope); the bits form: again, knowing which
        // f64 values may stay numbers
        g = new Gen(g.maxNest > FLAT_DEPTH, demand, osr);
        walk(g);
      }
    } catch (e) {
      // what the tier does not cover (this bundle's Unsupported; the core's own is caught by the core)
      if (e instanceof Unsupported) return e;
      throw e;
    }
    return g.source;
  },
};
