// `purewasm compile --js FILE -o OUT.js [--format esm|iife] [--name GLOBAL]`: a core module's functions as
// JS ahead of time (src/vm/jstier/aot.ts), for bundlers (Metro/Hermes, esbuild, webpack) and engines where
// `new Function` is unavailable. The output needs only the purewasm runtime:
// `new Instance(module, imports, { compiled })`.
import { readFileSync, writeFileSync } from 'node:fs';
import { CompileError, compileToJs } from '../index.js';
import { jit } from '../jit/index.js';

const USAGE = `usage: purewasm compile --js FILE -o OUT.js [--format esm|iife] [--name GLOBAL]

Compiles the functions of the core module FILE to JavaScript. The output is an ES module whose default
export is { hash, functions } (--format iife: a script defining the global GLOBAL, default purewasmCompiled);
instantiate with new Instance(module, imports, { compiled }). Functions the JS tier does not cover (SIMD,
GC, exceptions, tail calls, atomics) are left out and run in the interpreter.
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
  if (bytes.length >= 8 && (bytes[6] !== 0 || bytes[7] !== 0)) {
    process.stderr.write(`purewasm compile: ${file} is a component; only core modules can be compiled to JS yet\n`);
    return 1;
  }
  try {
    const r = compileToJs(bytes, { compiler: jit, format, name, source: file.split(/[\\/]/).pop() });
    writeFileSync(out, r.code);
    const left = [...r.reasons].map(([why, n]) => `${n} × ${why}`).join(', ');
    process.stderr.write(`${out}: ${r.compiled} functions compiled${r.interpreted > 0 ? `, ${r.interpreted} left to the interpreter (${left})` : ''}\n`);
  } catch (e) {
    if (e instanceof CompileError) {
      process.stderr.write(`${file}: invalid module: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
  return 0;
}
