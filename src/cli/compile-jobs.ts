// `purewasm compile --js --jobs N`: the function entries of compileToJs's output made by N threads, this one and
// N − 1 workers (compile-worker.ts), written in order as they come. Each function's source depends on its
// module alone, so the functions are cut into batches of about BATCH_BYTES of code, handed out in order;
// whatever batch is next in the output is written as soon as it is there, so the output streams as in the
// serial path and only the batches in flight are held. The text is the serial path's: the outline and
// writeFunctions are compileToJs's own (src/jit/aot.ts), and the counts are merged in output order (the
// reasons' order is that of their first function).
import { Worker } from 'node:worker_threads';
import { jit, writeFunctions } from '../jit/index.js';
import type { JsOutline, JsStats } from '../jit/index.js';
import type { ValidatedModule } from '../validate/index.js';
import type { GenerateOptions } from '../vm/jstier/compiler.js';

/** Functions [start, end) of core module `module` (an index in the outline's modules). */
export interface Batch {
  readonly module: number;
  readonly start: number;
  readonly end: number;
}

/** A batch's entries and counts, as a worker posts them (reasons in the order of their first function). */
export interface BatchResult {
  readonly text: string;
  readonly compiled: number;
  readonly interpreted: number;
  readonly reasons: readonly (readonly [string, number])[];
}

/** What a worker starts with: the bytes of each core module (it decodes those it gets batches of). */
export interface JobsData {
  readonly modules: readonly Uint8Array[];
  readonly generate: GenerateOptions;
  /** PUREWASM_COMPILE_TEST=throw|exit: the worker fails on its first batch (tests of the failure path). */
  readonly fault: string | undefined;
}

/** A worker failed: the command reports it, deletes its partial output and exits 1. */
export class JobError extends Error {}

/** Code bytes per batch: ~100 ms of work (esbuild.wasm: ~1.4 s per MB), so a worker's result is rarely
 *  waited for long, and 100+ batches in a big module keep the threads' loads even to the end. */
const BATCH_BYTES = 64 * 1024;
/** Batches a worker holds: one to work on and one waiting, so it never waits while this thread compiles (but
 *  one at first: it takes a while to start, which this thread spends compiling the next ones). */
const IN_FLIGHT = 2;

export function compileBatch(vm: ValidatedModule, batch: Batch, generate: GenerateOptions): BatchResult {
  const chunks: string[] = [];
  const stats: JsStats = { compiled: 0, interpreted: 0, reasons: new Map() };
  writeFunctions(jit, vm, batch.start, batch.end, generate, (s) => void chunks.push(s), stats);
  return { text: chunks.join(''), compiled: stats.compiled, interpreted: stats.interpreted, reasons: [...stats.reasons] };
}

/** The defined functions of module `module` in runs of about `bytes` bytes of code (one function at least). */
export function batchesOf(vm: ValidatedModule, module: number, bytes: number): Batch[] {
  const codes = vm.module.codes;
  const out: Batch[] = [];
  let start = 0;
  let size = 0;
  for (let i = 0; i < codes.length; i++) {
    size += codes[i]!.codeEnd - codes[i]!.codeStart;
    if (size >= bytes || i === codes.length - 1) {
      out.push({ module, start, end: i + 1 });
      start = i + 1;
      size = 0;
    }
  }
  return out;
}

/**
 * Writes the outline with every module's function entries, made by `jobs` threads (jobs − 1 workers; 1: this
 * thread alone), and returns the counts. `batchBytes` 1 makes every function a batch (tests). A worker that
 * throws or exits rejects with a JobError; the workers are ended either way.
 */
export async function writeOnThreads(outline: JsOutline, jobs: number, fault: string | undefined, write: (s: string) => void, batchBytes = BATCH_BYTES): Promise<JsStats> {
  const items = outline.parts.flatMap((p): (string | Batch)[] => (typeof p === 'string' ? [p] : batchesOf(outline.modules[p]!, p, batchBytes)));
  const batches = items.filter((it): it is Batch => typeof it !== 'string');
  const results = new Map<Batch, BatchResult>();
  const stats: JsStats = { compiled: 0, interpreted: 0, reasons: new Map() };
  let written = 0;
  let handedOut = 0;
  let failure: JobError | undefined;
  let wake = (): void => {};

  /** Writes what is next in order, as far as it is there. */
  const flush = (): void => {
    for (; written < items.length; written++) {
      const it = items[written]!;
      if (typeof it === 'string') {
        write(it);
        continue;
      }
      const r = results.get(it);
      if (r === undefined) return;
      results.delete(it);
      write(r.text);
      stats.compiled += r.compiled;
      stats.interpreted += r.interpreted;
      for (const [why, n] of r.reasons) stats.reasons.set(why, (stats.reasons.get(why) ?? 0) + n);
    }
  };
  const where = (b: Batch | undefined): string =>
    b === undefined ? '' : ` on functions ${b.start}–${b.end - 1}${outline.modules.length > 1 ? ` of core module ${b.module}` : ''}`;

  const workers: Worker[] = [];
  // (this thread keeps one batch at least)
  const workerCount = Math.min(jobs - 1, batches.length - 1);
  if (workerCount > 0) {
    const workerData: JobsData = { modules: outline.modules.map((vm) => vm.module.bytes.slice()), generate: outline.generate, fault };
    const { file, execArgv } = workerEntry();
    for (let w = 0; w < workerCount; w++) {
      const worker = new Worker(file, { workerData, execArgv });
      const inFlight: Batch[] = [];
      const feed = (limit: number): void => {
        while (inFlight.length < limit && handedOut < batches.length) {
          const b = batches[handedOut++]!;
          inFlight.push(b);
          worker.postMessage(b);
        }
      };
      const fail = (why: string): void => {
        failure ??= new JobError(`a worker failed${where(inFlight[0])}: ${why}`);
        wake();
      };
      worker.on('message', (r: BatchResult) => {
        results.set(inFlight.shift()!, r);
        flush();
        feed(IN_FLIGHT);
        wake();
      });
      worker.on('error', (e) => fail(e instanceof Error ? e.message : String(e)));
      worker.on('messageerror', (e) => fail(e.message));
      worker.on('exit', (code) => {
        if (written < items.length) fail(`it exited with code ${code}`);
      });
      workers.push(worker);
      feed(1);
    }
  }
  try {
    // This thread takes batches from the same queue; between two it lets the workers' results in.
    while (failure === undefined && handedOut < batches.length) {
      const b = batches[handedOut++]!;
      results.set(b, compileBatch(outline.modules[b.module]!, b, outline.generate));
      flush();
      if (workers.length > 0) await new Promise((r) => setImmediate(r));
    }
    while (failure === undefined && written < items.length) await new Promise<void>((r) => (wake = r));
    if (failure !== undefined) throw failure;
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return stats;
}

/**
 * The worker's entry and the options that load it. In the package: dist/compile-worker.mjs beside dist/cli.mjs
 * (scripts/build.mjs), which loads ./jit.mjs and the packs (packs.ts: async's and component-memory64's bring
 * ./purewasm.mjs too), not the whole command. From the sources (tsx: tests, development): the
 * .ts beside this file, with tsx's loader registered in the worker, which tsx does in the main thread only on
 * Node 20 (privatenumber/tsx#354).
 */
function workerEntry(): { readonly file: URL; readonly execArgv?: string[] } {
  if (!import.meta.url.endsWith('.ts')) return { file: new URL('./compile-worker.mjs', import.meta.url) };
  const tsx = import.meta.resolve('tsx/esm/api');
  return { file: new URL('./compile-worker.ts', import.meta.url), execArgv: [...process.execArgv, '--import', `data:text/javascript,import{register}from${JSON.stringify(tsx)};register()`] };
}
