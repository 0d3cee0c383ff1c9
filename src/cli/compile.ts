// `purewasm compile --js FILE -o OUT.js [--format esm|iife] [--name GLOBAL] [--f64 numbers|bits]`: the functions of a core module
// (or of every core module of a component) as JS ahead of time (src/jit/aot.ts), for bundlers
// (Metro/Hermes, esbuild, webpack) and engines where `new Function` is unavailable. The output needs only the
// purewasm runtime: `new Instance(module, imports, { compiled })`, `linker.instantiate(component, { compiled })`.
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { compileToJs, jit } from '../jit/index.js';
import { PACKS } from './packs.js';

const USAGE = `usage: purewasm compile --js FILE -o OUT.js [--format esm|iife] [--name GLOBAL] [--f64 numbers|bits]

Compiles the functions of the core module FILE (or of every core module in the component FILE) to
JavaScript. The output is an ES module whose default export is the compiled code (--format iife: a script
defining the global GLOBAL, default purewasmCompiled); instantiate with new Instance(module, imports,
{ compiled }), or for a component linker.instantiate(component, { compiled }). Functions the JS tier does
not cover (SIMD, GC, exceptions, tail calls, atomics) are left out and run in the interpreter. --f64 bits
keeps f64 values as int32 halves, exact on engines whose numbers canonicalize NaNs (Hermes, QuickJS: with
the default, numbers, functions with f64 values run interpreted there).
`;

function usageError(message: string): number {
  process.stderr.write(`purewasm compile: ${message}\n\n${USAGE}`);
  return 2;
}

export default function compileCommand(argv: string[]): number {
  let js = false;
  let out: string | undefined;
  let format: 'esm' | 'iife' = 'esm';
  let name: string | undefined;
  let f64: 'numbers' | 'bits' = 'numbers';
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
    else if (a === '--f64') {
      const f = value();
      if (f !== 'numbers' && f !== 'bits') return usageError(`--f64 must be numbers or bits, not '${f ?? ''}'`);
      f64 = f;
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
  let fd = -1;
  try {
    fd = openSync(out, 'w');
    // (the output of a big module is ~100 MB: written in 1 MB pieces as it is generated)
    let buf: string[] = [];
    let size = 0;
    const flush = (): void => {
      writeSync(fd, buf.join(''));
      buf = [];
      size = 0;
    };
    const r = compileToJs(bytes, {
      compiler: jit, format, name, f64, source: file.split(/[\\/]/).pop(), features: PACKS,
      write: (chunk) => {
        buf.push(chunk);
        size += chunk.length;
        if (size > 1 << 20) flush();
      },
    });
    flush();
    closeSync(fd);
    fd = -1;
    const left = [...r.reasons].map(([why, n]) => `${n} × ${why}`).join(', ');
    const what = r.modules > 1 || (bytes.length >= 8 && bytes[6] !== 0) ? ` in ${r.modules} core modules` : '';
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
    throw e;
  }
  return 0;
}
