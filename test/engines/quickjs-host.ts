// Runs one engine-test script in QuickJS (compiled to wasm, driven from Node: a test tool may use Node's
// WebAssembly; the script inside QuickJS sees none). `variant`: `bellard` (quickjs-emscripten's default
// build) or `ng` (quickjs-ng). The script's print() lines go to stdout; exit code 1 if evaluation threw.
// QuickJS runs Promise jobs only when its embedder asks: after the script, the host runs them until the
// queue is empty (the driver's async checks settle there; QuickJS has no timers, so nothing else queues).
//   node --import tsx test/engines/quickjs-host.ts bellard .cache/engines/engine-test.js
import { readFileSync } from 'node:fs';
import { getQuickJS, newQuickJSWASMModuleFromVariant, type QuickJSWASMModule } from 'quickjs-emscripten';



async function load(variant: string): Promise<QuickJSWASMModule> {
  if (variant === 'bellard') return getQuickJS();
  if (variant === 'ng') return newQuickJSWASMModuleFromVariant(import('@jitl/quickjs-ng-wasmfile-release-sync') as never);
  throw new Error(`unknown QuickJS variant ${variant} (bellard or ng)`);
}

async function main(): Promise<number> {
  const [variant = '', file = ''] = process.argv.slice(2);
  const code = readFileSync(file, 'utf8');
  const QuickJS = await load(variant);
  const rt = QuickJS.newRuntime();
  // The build's default stack limit stays: a larger one than the wasm build's own C stack makes QuickJS
  // report "Maximum call stack size exceeded" for every call.
  rt.setMemoryLimit(-1);
  const ctx = rt.newContext();
  let printedResult = false;
  const print = ctx.newFunction('print', (...args) => {
    const line = args.map((h) => ctx.getString(h)).join(' ');
    if (line.startsWith('ENGINE-RESULT ')) printedResult = true;
    process.stdout.write(line + '\n');
  });
  ctx.setProp(ctx.global, 'print', print);
  print.dispose();
  const r = ctx.evalCode(code, file);
  let status = 0;
  if (r.error) {
    const e = ctx.dump(r.error) as { name?: string; message?: string; stack?: string } | string;
    process.stdout.write(`FAIL quickjs: script threw ${typeof e === 'string' ? e : `${e.name}: ${e.message}\n${e.stack ?? ''}`}\n`);
    r.error.dispose();
    status = 1;
  } else r.value.dispose();
  // The pending jobs (Promise reactions, async function steps), until none is left.
  for (;;) {
    const jobs = rt.executePendingJobs(-1);
    if (jobs.error) {
      const e = jobs.error.context.dump(jobs.error) as { name?: string; message?: string } | string;
      process.stdout.write(`FAIL quickjs: a pending job threw ${typeof e === 'string' ? e : `${e.name}: ${e.message}`}\n`);
      jobs.error.dispose();
      status = 1;
      continue; // the failed job is gone from the queue; the others still run
    }
    if (jobs.value === 0 && !rt.hasPendingJob()) break;
  }
  if (status === 0 && !printedResult) {
    process.stdout.write('FAIL quickjs: no pending jobs are left and the script has not printed its result (a Promise never settled)\n');
    status = 1;
  }
  ctx.dispose();
  rt.dispose();
  return status;
}

main().then(
  (code) => (process.exitCode = code),
  (e) => {
    process.stdout.write(`FAIL quickjs host: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 2;
  },
);
