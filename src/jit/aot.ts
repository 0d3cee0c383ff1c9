// Ahead-of-time JS (`purewasm compile --js`), part of `purewasm/jit`: every function the tier covers, as the
// source of a plain ES module (or a script defining a global). Making it needs the code generator, which is
// why it ships with it (`compileToJs(bytes, { compiler: jit })`); running it needs the purewasm runtime
// (`purewasm/core` is enough for core modules) and the JS tier's run time, `purewasm/js-runtime` (9 KB, not the
// generator): the ES module output imports it (`import { jsRuntime } from 'purewasm/js-runtime'`; another
// specifier: options.runtimeFrom) and carries it, so users write nothing more than
//
//   import compiled from './module.wasm.js';
//   new Instance(new Module(bytes), imports, { compiled });            (a core module)
//   linker.instantiate(new Component(bytes), { compiled });            (a component: all its core modules)
//
// The script output (`format: 'iife'`, `var NAME = { … }`) reads the run time from the global
// `purewasmJsRuntime`, which `purewasm/js-runtime.iife.js` defines: load that script before the output's
// (without it, instantiation says so).
//
// The output holds its format (AOT_FORMAT: the generated code's calling convention; instantiation refuses
// another) and the hash of the bytes it was made from (instantiation refuses code made from other bytes)
// and one factory per compiled function, keyed by function index; functions the tier does not cover are
// absent and run interpreted. A component's output holds one such table per distinct core module (nested
// components included), found at instantiation by the core module's hash. No `new Function` is needed at
// run time, so this works where eval is forbidden (CSP, Hermes bundles) — where the run-time tier cannot.
//
// This entry shares no class with the runtime entries: it decodes and validates with its own copy of the
// decoder and validator (a bundler drops them, and this file, from an app that imports only `jit`), so an
// invalid input throws this entry's CompileError — `err.name === 'CompileError'`, not `instanceof` the one
// of `purewasm`.
//
// The source is produced function by function into `write` (options.write): a 14 MB module makes about
// 100 MB of JS, which is better streamed to a file than built as one string.
import { compile, validateModule } from '../validate/index.js';
import { decodeModule } from '../decoder/decode-module.js';
import type { ValidatedModule } from '../validate/index.js';
import type { CoreFeatures } from '../decoder/features.js';
import { decodeComponent } from '../decoder/component/decode-component.js';
import type { ComponentAst } from '../decoder/component/ast.js';
import { moduleHash } from '../vm/runtime/module-hash.js';
import { factorySource } from '../vm/jstier/factory-source.js';
import { AOT_FORMAT } from '../vm/jstier/aot-format.js';
import type { GenerateOptions, JsCompiler } from '../vm/jstier/compiler.js';

export interface CompileToJsOptions {
  /** The code generator: `import { jit } from 'purewasm/jit'` (required). */
  readonly compiler: JsCompiler;
  /** 'esm' (default): `export default { format, hash, functions }`; 'iife': `var NAME = { … };` for a script tag or
   *  an engine without modules. */
  readonly format?: 'esm' | 'iife';
  /** The global the 'iife' form defines (default `purewasmCompiled`). */
  readonly name?: string;
  /** Where the 'esm' form imports the JS tier's run time from (default `purewasm/js-runtime`), for output
   *  loaded where the package is not found by name (a URL, a path). */
  readonly runtimeFrom?: string;
  /** Where the bytes came from, for the header comment. */
  readonly source?: string;
  readonly features?: CoreFeatures;
  /** How f64 values are kept. 'numbers' (default): JS numbers, fastest where numbers keep NaN payloads (V8,
   *  JavaScriptCore); on engines that canonicalize NaNs (Hermes, QuickJS) functions with f64 values then run
   *  interpreted. 'bits': int32 halves except arithmetic results (vm/jstier/f64-bits.ts), exact on every
   *  engine: for Hermes (React Native) and QuickJS builds. */
  readonly f64?: 'numbers' | 'bits';
  /** Receives the source piece by piece (then `code` in the result is empty). */
  readonly write?: (chunk: string) => void;
}

export interface CompileToJsResult {
  /** The whole source (empty when options.write received it). */
  readonly code: string;
  /** Defined functions compiled, and those left to the interpreter (with the first reason of each kind). */
  readonly compiled: number;
  readonly interpreted: number;
  readonly reasons: ReadonlyMap<string, number>;
  /** Core modules compiled (1 for a core module; a component's distinct core modules). */
  readonly modules: number;
}

/** Compiles a core module or a component (every core module in it, nested components included) to JS. */
export function compileToJs(bytes: Uint8Array, options: CompileToJsOptions): CompileToJsResult {
  const outline = outlineJs(bytes, options);
  const chunks: string[] = [];
  const write = options.write ?? ((s: string): void => void chunks.push(s));
  const stats: JsStats = { compiled: 0, interpreted: 0, reasons: new Map() };
  for (const part of outline.parts) {
    if (typeof part === 'string') write(part);
    else writeFunctions(options.compiler, outline.modules[part], 0, outline.modules[part].module.codes.length, outline.generate, write, stats);
  }
  write(statsLine(stats));
  return { code: chunks.join(''), ...stats, modules: outline.modules.length };
}

/**
 * @internal compileToJs's output without its function entries: the input validated, and the text around the entries.
 * The CLI writes the entries on worker threads (src/cli/compile-jobs.ts); with compileToJs one path makes the
 * text both ways, so they cannot drift apart.
 */
export interface JsOutline {
  readonly modules: readonly ValidatedModule[];
  readonly generate: GenerateOptions;
  /** The output in order but for its last line (statsLine): text, or the index in `modules` of the module
   *  whose function entries (writeFunctions) go there. */
  readonly parts: readonly (string | number)[];
}

/** @internal What writeFunctions counts: defined functions compiled, and those left to the interpreter by reason. */
export interface JsStats {
  compiled: number;
  interpreted: number;
  readonly reasons: Map<string, number>;
}

/** @internal Validates `bytes` (throws CompileError) and outlines its output (options as compileToJs's; `write` unused). */
export function outlineJs(bytes: Uint8Array, options: CompileToJsOptions): JsOutline {
  if (typeof options?.compiler?.generate !== 'function') throw new TypeError("compileToJs needs the code generator: compileToJs(bytes, { compiler: jit }) with jit from 'purewasm/jit'");
  const format = options.format ?? 'esm';
  const name = options.name ?? 'purewasmCompiled';
  if (format !== 'esm' && format !== 'iife') throw new TypeError(`format must be 'esm' or 'iife', not ${String(format)}`);
  if (format === 'iife' && !/^[A-Za-z_$][\w$]*$/.test(name)) throw new TypeError(`not a JS identifier: ${name}`);
  const f64 = options.f64 ?? 'numbers';
  if (f64 !== 'numbers' && f64 !== 'bits') throw new TypeError(`f64 must be 'numbers' or 'bits', not ${String(f64)}`);
  const isComponent = bytes.length >= 8 && (bytes[6] !== 0 || bytes[7] !== 0);
  // (validated before anything is written: an invalid input leaves no partial output)
  const modules = isComponent ? coreModulesOf(decodeComponent(bytes), options.features) : [compile(bytes, options.features)];
  const parts: (string | number)[] = [];
  parts.push(`// Generated by purewasm compile --js${options.source ? ` from ${options.source}` : ''}.\n` +
    (isComponent
      ? '// Use: linker.instantiate(component, { compiled }) with the purewasm runtime.\n'
      : '// Use: new Instance(module, imports, { compiled }) with the purewasm runtime.\n') +
    (format === 'esm'
      ? `import { jsRuntime } from ${JSON.stringify(options.runtimeFrom ?? 'purewasm/js-runtime')};\n`
      : '// Needs the JS tier\'s run time loaded first: the script purewasm/js-runtime.iife.js (purewasmJsRuntime).\n'));
  parts.push(format === 'esm' ? 'const compiled = ' : `var ${name} = `);
  if (isComponent) parts.push(`{\n  format: ${AOT_FORMAT},\n  hash: ${moduleHash(bytes)},\n  modules: [\n`);
  // (checked at instantiation: without it, an error that says what to load)
  const runtime = format === 'esm' ? 'jsRuntime' : "typeof purewasmJsRuntime === 'object' ? purewasmJsRuntime.jsRuntime : null";
  modules.forEach((vm, i) => {
    // One module's `{ format, hash, runtime, functions: { index: factory, … } }`.
    parts.push(`{\n  format: ${AOT_FORMAT},\n  hash: ${moduleHash(vm.module.bytes)},\n  runtime: ${runtime},\n  functions: {\n`, i, '  },\n}');
    if (isComponent) parts.push(',\n');
  });
  if (isComponent) parts.push('  ],\n}');
  parts.push(format === 'esm' ? ';\nexport default compiled;\n' : ';\n');
  return { modules, generate: { f64Bits: f64 === 'bits' }, parts };
}

/** @internal The output's last line. */
export function statsLine(stats: JsStats): string {
  return `// ${stats.compiled} functions compiled, ${stats.interpreted} left to the interpreter.\n`;
}

/** @internal The entries of defined functions [start, end) of `vm` (`  index: function (rt, inst, self) { … },`), in order. */
export function writeFunctions(compiler: JsCompiler, vm: ValidatedModule, start: number, end: number, generate: GenerateOptions, write: (s: string) => void, stats: JsStats): void {
  const m = vm.module;
  for (let i = start; i < end; i++) {
    const src = factorySource(compiler, vm, i, generate);
    if (typeof src !== 'string') {
      stats.interpreted++;
      stats.reasons.set(src.feature, (stats.reasons.get(src.feature) ?? 0) + 1);
      continue;
    }
    stats.compiled++;
    write(`  ${m.importedFuncs + i}: function (rt, inst, self) {\n${src}\n  },\n`);
  }
}

/**
 * @internal A core module its caller has validated whole already, again on another thread (the CLI's workers): decoded
 * and its structure validated, not its function bodies, which writeFunctions validates as it compiles each one
 * anyway (esbuild.wasm's take a cold thread ~0.7 s). validateModule checks the bodies last, from `codes`,
 * and reads `codes` nowhere else.
 */
export function validatedAgain(bytes: Uint8Array, features?: CoreFeatures): ValidatedModule {
  const m = decodeModule(bytes, features);
  return { ...validateModule({ ...m, codes: [] }), module: m };
}

/** The distinct core modules of a component and of the components nested in it, validated. */
function coreModulesOf(ast: ComponentAst, features: CoreFeatures | undefined): ValidatedModule[] {
  const out: ValidatedModule[] = [];
  const seen = new Set<number>();
  const walk = (c: ComponentAst): void => {
    for (const d of c.definitions) {
      if (d.tag === 'component') walk(d.component);
      else if (d.tag === 'core-module') {
        const bytes = c.bytes.subarray(d.start, d.end);
        const h = moduleHash(bytes);
        if (seen.has(h)) continue;
        seen.add(h);
        out.push(compile(bytes, features));
      }
    }
  };
  walk(ast);
  return out;
}
