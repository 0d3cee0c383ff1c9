// Start-up cost on large real modules: decode + validate (`new Module`), then translation of EVERY function
// (normally lazy, on first call; forced here through the VM's internal translator so the figure bounds the
// worst case), and memory per instance. Used by `npm run --silent bench -- --startup [--json]` and by the
// default benchmark run.
import { readFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Instance, Memory, Table, Global, Module } from '../src/index.js';
import { translateFunction } from '../src/vm/translate/translator.js';
import type { ImportDesc } from '../src/decoder/module.js';

const require = createRequire(import.meta.url);

export interface StartupFigures {
  module: string;
  mb: number;
  functions: number;
  decode_validate_ms: number;
  translate_all_ms: number;
  total_ms: number;
  mb_per_s: number;
}

function stubFor(desc: ImportDesc): unknown {
  switch (desc.kind) {
    case 'func':
      return () => 0;
    case 'memory':
      return new Memory({ initial: desc.type.limits.min, maximum: desc.type.limits.max });
    case 'table':
      return new Table({ element: 'anyfunc', initial: desc.type.limits.min, maximum: desc.type.limits.max });
    case 'global':
      return new Global({ value: desc.type.type === 0x7e ? 'i64' : desc.type.type === 0x7d ? 'f32' : desc.type.type === 0x7c ? 'f64' : 'i32', mutable: desc.type.mutable }, desc.type.type === 0x7e ? 0n : 0);
    default:
      return undefined;
  }
}

export function measureStartup(path: string, label: string): StartupFigures {
  const bytes = new Uint8Array(readFileSync(path));
  const t0 = performance.now();
  const module = new Module(bytes);
  const t1 = performance.now();
  const imports: Record<string, Record<string, any>> = {}; // stubs typed by the import descriptions
  for (const imp of module.validated.module.imports) (imports[imp.module] ??= {})[imp.name] = stubFor(imp.desc);
  // Instantiation runs data/element segments and a start function (none in these modules).
  const instance = new Instance(module, imports);
  const t2 = performance.now();
  let functions = 0;
  for (let i = 0; i < instance.store.funcs.length; i++) {
    const f = instance.store.funcs[i]!;
    if (f.host === null && f.code === null) {
      translateFunction(f);
      functions++;
    }
  }
  const t3 = performance.now();
  const mb = bytes.length / 1e6;
  return {
    module: label,
    mb: round(mb),
    functions,
    decode_validate_ms: round(t1 - t0),
    translate_all_ms: round(t3 - t2),
    total_ms: round(t1 - t0 + (t3 - t2)),
    mb_per_s: round(mb / ((t1 - t0 + (t3 - t2)) / 1000)),
  };
}

/** Bytes of JS heap and ArrayBuffers per instance of a small module with one page of memory. */
export function measureInstanceMemory(path: string, count = 200): { module: string; bytes_per_instance: number } {
  const module = new Module(new Uint8Array(readFileSync(path)));
  const gc = (globalThis as { gc?: () => void }).gc;
  // Several full collections: one leaves external (ArrayBuffer) memory of dead objects to a later one.
  const settle = () => { for (let i = 0; i < 4; i++) gc?.(); };
  settle();
  const m0 = process.memoryUsage();
  const keep: unknown[] = [];
  for (let i = 0; i < count; i++) keep.push(new Instance(module, {}));
  settle();
  const m1 = process.memoryUsage();
  const delta = m1.heapUsed - m0.heapUsed + (m1.arrayBuffers - m0.arrayBuffers);
  return { module: path.split('/').pop()!, bytes_per_instance: Math.round(delta / keep.length) };
}

export function runStartupBench(shared: string): { startup: StartupFigures[]; memory: ReturnType<typeof measureInstanceMemory> } {
  const candidates: [string, string][] = [
    [require.resolve('esbuild-wasm/esbuild.wasm'), 'esbuild.wasm (esbuild-wasm)'],
    [require.resolve('sql.js/dist/sql-wasm.wasm'), 'sql-wasm.wasm (sql.js)'],
  ];
  // Memory first: the start-up runs leave megabytes of garbage whose collection would mix into the delta.
  const memory = measureInstanceMemory(`${shared}/bench/wasm/fib.wasm`);
  const startup = candidates.filter(([p]) => existsSync(p)).map(([p, label]) => measureStartup(p, label));
  return { startup, memory };
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
