// The JS tier's code generator as a store takes it (`new Store({ compiler: jit })`), published as
// `purewasm/jit` (src/jit/index.ts). See compiler.ts for why it is not part of the core.
import type { JsCompiler } from './compiler.js';
import { FLAT_DEPTH, JsCodegen } from './codegen.js';
import { Unsupported } from '../errors.js';

export const jit: JsCompiler = {
  generate(walk) {
    let g = new JsCodegen();
    try {
      walk(g);
      if (g.maxNest > FLAT_DEPTH) {
        // too deep for JS parsers: again, flat (codegen.ts, Scope)
        g = new JsCodegen(true);
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
