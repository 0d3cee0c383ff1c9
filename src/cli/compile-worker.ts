// A worker thread of `purewasm compile --js --jobs N` (compile-jobs.ts): it compiles the batches it is sent, in
// order, and posts each one's entries back. It decodes a core module when it first gets a batch of it (a
// module object cannot cross threads, its bytes can), trusting the main thread's validation of it.
import { parentPort, workerData } from 'node:worker_threads';
import { validatedAgain } from '../jit/index.js';
import type { ValidatedModule } from '../validate/index.js';
import { compileBatch } from './compile-jobs.js';
import type { Batch, JobsData } from './compile-jobs.js';
import { PACKS } from './packs.js';

function serve(data: JobsData): void {
  const modules: (ValidatedModule | undefined)[] = [];
  parentPort!.on('message', (batch: Batch) => {
    if (data.fault === 'throw') throw new Error('injected failure (PUREWASM_COMPILE_TEST=throw)');
    if (data.fault === 'exit') process.exit(3);
    const vm = (modules[batch.module] ??= validatedAgain(data.modules[batch.module]!, PACKS));
    parentPort!.postMessage(compileBatch(vm, batch, data.generate));
  });
}

serve(workerData as JobsData);
