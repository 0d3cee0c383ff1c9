// `purewasm compile --js FILE -o OUT.js [--format esm|iife] [--name GLOBAL] [--f64 numbers|bits] [--runtime-from SPEC] [--jobs N]`:
// the functions of a core module (or of every core module of a component) as JS ahead of time (src/jit/aot.ts),
// for bundlers (Metro/Hermes, esbuild, webpack) and engines where `new Function` is unavailable. The output
// needs the purewasm runtime and the JS tier's run time, which it imports (`purewasm/js-runtime`):
// `new Instance(module, imports, { compiled })`, `linker.instantiate(component, { compiled })`.
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { jit, outlineJs, statsLine } from '../jit/index.js';
import { JobError, writeOnThreads } from './compile-jobs.js';
import { PACKS } from './packs.js';

/** The default --jobs at most: beyond it, workers mostly add start-up and memory (each holds the module). */
const MAX_DEFAULT_JOBS = 8;

const USAGE = `usage: purewasm compile --js FILE -o OUT.js [--format esm|iife] [--name GLOBAL] [--f64 numbers|bits]
                        [--runtime-from SPEC] [--jobs N]

Compiles the functions of the core module FILE (or of every core module in the component FILE) to
JavaScript. The output is an ES module whose default export is the compiled code (--format iife: a script
defining the global GLOBAL, default purewasmCompiled); instantiate with new Instance(module, imports,
{ compiled }), or for a component linker.instantiate(component, { compiled }). It runs with the JS tier's
run time, which the ES module imports from purewasm/js-runtime (--runtime-from SPEC: from SPEC instead, a
path or URL); the script reads the global purewasmJsRuntime: load purewasm/js-runtime.iife.js before it.
Functions the JS tier does not cover (SIMD, GC, exceptions, tail calls, atomics) are left out and run in the
interpreter. --f64 bits keeps f64 values as int32 halves, exact on engines whose numbers canonicalize NaNs
(Hermes, QuickJS: with the default, numbers, functions with f64 values run interpreted there).

  --jobs N   compile on N threads (default: the number of CPUs, at most ${MAX_DEFAULT_JOBS}); 1 compiles on this
             thread alone, as does a small input. The output is the same for every N.
`;

/**
 * Inputs with less code than this compile on this thread whatever --jobs says: a worker pays before it helps
 * (starting, ~0.25 s; decoding the module again; its own JIT warming up), and compiling takes ~1.4 s per MB of
 * code. Measured on 2 cores: at 0.27 MB (wasip3 http-service.wasm, ~2 s) a worker gained nothing (--jobs 2
 * 3.3–7.1 s, --jobs 1 2.9–5.2 s, loaded machine); at esbuild.wasm's 10 MB the busiest thread's CPU time halves
 * (13.6 s alone; 7.4 s with a worker of 6.1 s), for 5 % more CPU in all.
 */
const MIN_PARALLEL_CODE_BYTES = 1 << 20;

function usageError(message: string): number {
  process.stderr.write(`purewasm compile: ${message}\n\n${USAGE}`);
  return 2;
}

export default async function compileCommand(argv: string[]): Promise<number> {
  let js = false;
  let out: string | undefined;
  let format: 'esm' | 'iife' = 'esm';
  let name: string | undefined;
  let f64: 'numbers' | 'bits' = 'numbers';
  let runtimeFrom: string | undefined;
  let jobs = Math.min(MAX_DEFAULT_JOBS, availableParallelism());
  const files: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = (): string | undefined => argv[++i];
    if (a === '--help' || a === '-h') {
      process.stdout.write(USAGE);
      return 0;
    } else if (a === '--js') js = true;
    else if (a === '-o' || a === '--output') out = value();
    else if (a === '--format') {
      const f = value();
      if (f !== 'esm' && f !== 'iife') return usageError(`--format must be esm or iife, not '${f ?? ''}'`);
      format = f;
    } else if (a === '--name') name = value();
    else if (a === '--runtime-from') runtimeFrom = value();
    else if (a === '--f64') {
      const f = value();
      if (f !== 'numbers' && f !== 'bits') return usageError(`--f64 must be numbers or bits, not '${f ?? ''}'`);
      f64 = f;
    } else if (a === '--jobs') {
      // (no -j: a one-letter word in a string of src/ keeps that letter from the short property names of
      // scripts/mangle.mjs, and j is one of the two left, worth 55 B of the core)
      const n = value();
      if (n === undefined || !/^[1-9]\d*$/.test(n)) return usageError(`--jobs must be a whole number of threads, 1 or more, not '${n ?? ''}'`);
      jobs = Number(n);
    }
    else if (a.startsWith('-') && a !== '-') return usageError(`unknown option '${a}'`);
    else files.push(a);
  }
  if (!js) return usageError('only --js is supported (JavaScript output)');
  if (files.length !== 1) return usageError('expected one FILE');
  if (out === undefined) return usageError('missing -o OUT.js');
  const file = files[0]!;
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(file));
  } catch (e) {
    process.stderr.write(`purewasm compile: cannot read ${file}: ${(e as Error).message}\n`);
    return 1;
  }
  // PUREWASM_COMPILE_TEST (tests only): 'parallel' uses the workers on any input, one function per batch;
  // 'throw' and 'exit' also make each worker fail on its first batch.
  const test = process.env.PUREWASM_COMPILE_TEST;
  let fd = -1;
  try {
    // (validated before any output or worker: an invalid input leaves nothing behind)
    const outline = outlineJs(bytes, { compiler: jit, format, name, f64, runtimeFrom, source: file.split(/[\\/]/).pop(), features: PACKS });
    fd = openSync(out, 'w');
    // (the output of a big module is ~100 MB: written in 1 MB pieces as it is generated)
    let buf: string[] = [];
    let size = 0;
    const flush = (): void => {
      writeSync(fd, buf.join(''));
      buf = [];
      size = 0;
    };
    const write = (chunk: string): void => {
      buf.push(chunk);
      size += chunk.length;
      if (size > 1 << 20) flush();
    };
    const small = outline.modules.reduce((n, vm) => n + codeBytes(vm.module.codes), 0) < MIN_PARALLEL_CODE_BYTES;
    const threads = test === undefined && small ? 1 : jobs;
    const fault = test === 'throw' || test === 'exit' ? test : undefined;
    const r = await writeOnThreads(outline, threads, fault, write, test === undefined ? undefined : 1);
    write(statsLine(r));
    flush();
    closeSync(fd);
    fd = -1;
    const left = [...r.reasons].map(([why, n]) => `${n} × ${why}`).join(', ');
    const what = outline.modules.length > 1 || (bytes.length >= 8 && bytes[6] !== 0) ? ` in ${outline.modules.length} core modules` : '';
    process.stderr.write(`${out}: ${r.compiled} functions compiled${what}${r.interpreted > 0 ? `, ${r.interpreted} left to the interpreter (${left})` : ''}\n`);
  } catch (e) {
    if (fd >= 0) {
      closeSync(fd);
      unlinkSync(out);
    }
    // (purewasm/jit's own CompileError, which is not purewasm's class: src/jit/aot.ts)
    if (e instanceof Error && e.name === 'CompileError') {
      process.stderr.write(`${file}: invalid ${bytes.length >= 8 && bytes[6] !== 0 ? 'component' : 'module'}: ${e.message}\n`);
      return 1;
    }
    if (e instanceof JobError) {
      process.stderr.write(`purewasm compile: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
  return 0;
}

/** Bytes of code of a module's function bodies. */
function codeBytes(codes: readonly { readonly codeStart: number; readonly codeEnd: number }[]): number {
  let n = 0;
  for (const c of codes) n += c.codeEnd - c.codeStart;
  return n;
}
