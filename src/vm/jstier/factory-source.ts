// A function's body through the JS tier's code generator: what the run-time tier (runtime.ts) compiles with
// `new Function`, and what ahead-of-time output (src/jit/aot.ts) writes. Kept apart from runtime.ts so that the
// ahead-of-time writer, which ships in `purewasm/jit`, does not carry the tier's run time (or the interpreter).
import { Unsupported } from '../errors.js';
import { validateFunction } from '../../validate/index.js';
import type { ValidatedModule } from '../../validate/index.js';
import type { GenerateOptions, JsCompiler } from './compiler.js';

/** The factory source of defined function `definedIndex` (compiler: the store's, or compileToJs's), or the
 *  feature that keeps it interpreted. */
export function factorySource(compiler: JsCompiler, vm: ValidatedModule, definedIndex: number, options?: GenerateOptions): string | { readonly feature: string } {
  try {
    return compiler.generate((sink) => validateFunction(vm, definedIndex, sink), options);
  } catch (e) {
    // the validator's own "not covered" (the generator catches what it throws itself)
    if (e instanceof Unsupported) return e;
    throw e;
  }
}
