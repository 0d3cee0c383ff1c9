// `purewasm/jit`: the JS tier's code generator, opt-in. Give it to a store and the store compiles its hot
// functions to JS with `new Function` (where the engine allows it; elsewhere they stay interpreted):
//
//   import { Store, Instance, Module } from 'purewasm';        // or 'purewasm/core'
//   import { jit } from 'purewasm/jit';
//   new Instance(new Module(bytes), imports, { compiler: jit }); // or { store: new Store({ compiler: jit }) }
//
// and `compileToJs(bytes, { compiler: jit })` writes the ahead-of-time form (`purewasm compile --js`, aot.ts),
// whose output runs with the runtime (`purewasm/core` for a core module) and the JS tier's run time, which it
// imports (`purewasm/js-runtime`; `jit` carries it too: `jit.runtime`). It works with either `purewasm` or
// `purewasm/core`: it shares no class with them, only the JsCompiler contract (src/vm/jstier/compiler.ts). An app that imports only `jit` does not carry compileToJs's decoder and
// validator: a bundler drops them (and jit.iife.js has `jit` alone).
export { jit } from '../vm/jstier/jit.js';
export type { JsCompiler } from '../vm/jstier/compiler.js';
export { compileToJs } from './aot.js';
export type { CompileToJsOptions, CompileToJsResult } from './aot.js';
/** @internal compileToJs in parts, for the CLI's worker threads (`purewasm compile --js --jobs N`). */
export { outlineJs, writeFunctions, statsLine, validatedAgain } from './aot.js';
/** @internal */
export type { JsOutline, JsStats } from './aot.js';
