// The JS tier's code generator as a store takes it (`new Store({ compiler: jit })`), published as
// `purewasm/jit` (src/jit/index.ts). See compiler.ts for why it is not part of the core.
import type { JsCompiler } from './compiler.js';
import { FLAT_DEPTH, JsCodegen } from './codegen.js';
import { MeteredJsCodegen } from './metered-codegen.js';
import { Unsupported } from '../errors.js';

export const jit: JsCompiler = {
  generate(walk, options) {
    // (a store with fuel or interruption: the same code with the interpreter's fuel checks)
    const Gen = options?.metered === true ? MeteredJsCodegen : JsCodegen;
    let g = new Gen();
    try {
      walk(g);
      if (g.maxNest > FLAT_DEPTH) {
        // too deep for JS parsers: again, flat (codegen.ts, Scope)
        g = new Gen(true);
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
