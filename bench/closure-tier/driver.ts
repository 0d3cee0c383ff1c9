// The part of the closure-tier experiment that runs inside each engine (node, node --jitless, Hermes, QuickJS):
// no Node built-ins, no classes of its own. run.ts bundles it with the kernels' bytes into one script.
// For each kernel it times run(n) under the interpreter, the closure tier's variants and the JS tier (run-time
// `new Function` where the engine has it, else ahead-of-time code), asserts that every result equals the
// interpreter's, and prints one `ROW {json}` line per kernel and mode, then `ENGINE-RESULT`.
import { Instance, Module, Store } from '../../src/index.js';
import { jit } from '../../src/jit/index.js';
import { compile } from '../../src/validate/index.js';
import type { ValidatedModule } from '../../src/validate/validated-module.js';
import { compileModule, type Variant } from './compile.js';

export interface KernelInput {
  readonly name: string;
  readonly bytes: Uint8Array;
  readonly n: number;
  /** the factories of compileToJs (ahead-of-time JS tier), or null */
  readonly aot: unknown;
}

interface RunExports { run(n: number): number; memory: { buffer: ArrayBuffer } }

export const VARIANTS: Record<string, Variant> = {
  'closure-plain': { fuse: false, unroll: false, chains: false },
  'closure-fused': { fuse: true, unroll: false, chains: false },
  'closure-fused-blocks': { fuse: true, unroll: true, chains: true },
};

/** Initial values of i32 globals (`i32.const` initializers; the kernels have nothing else). */
function globalsOf(vm: ValidatedModule): number[] {
  const m = vm.module;
  return m.globals.map((g, i) => {
    const b = m.bytes;
    if (b[g.init.start] !== 0x41) throw new Error(`global ${i}: only i32.const initializers are covered`);
    let v = 0, shift = 0, p = g.init.start + 1, byte = 0;
    do { byte = b[p++]; v |= (byte & 0x7f) << shift; shift += 7; } while (byte & 0x80);
    if (shift < 32 && byte & 0x40) v |= -1 << shift;
    return v;
  });
}

function exportIndex(vm: ValidatedModule, name: string): number {
  for (const e of vm.module.exports) if (e.name === name) return e.index;
  throw new Error(`no export ${name}`);
}

function now(): number {
  return typeof performance !== 'undefined' ? performance.now() : Date.now();
}

export function runKernels(kernels: readonly KernelInput[], out: (line: string) => void, rounds: number): void {
  let evalWorks = false;
  try { evalWorks = new Function('return 2 + 3')() === 5; } catch { evalWorks = false; }
  for (const k of kernels) {
    const mod = new Module(k.bytes);
    const interp = new Instance(mod, {}, { store: new Store({ tier: 'interpreter' }) }).exports as unknown as RunExports;
    const runs: Record<string, (n: number) => number> = { interpreter: (n) => interp.run(n) };
    const vm = compile(k.bytes);
    const runIndex = exportIndex(vm, 'run');
    for (const v in VARIANTS) {
      // the closure tier borrows an instance's memory (data segments applied) and nothing else
      const mem = (new Instance(mod, {}, { store: new Store({ tier: 'interpreter' }) }).exports as unknown as RunExports).memory.buffer;
      const t0 = now();
      const cm = compileModule(vm, mem, globalsOf(vm), VARIANTS[v]);
      out('COMPILE ' + JSON.stringify({ kernel: k.name, mode: v, ms: now() - t0 }));
      runs[v] = (n) => cm.call(runIndex, [n]);
    }
    if (evalWorks) {
      const js = new Instance(mod, {}, { store: new Store({ tier: 'js', compiler: jit }) }).exports as unknown as RunExports;
      runs.js = (n) => js.run(n);
    } else if (k.aot !== null) {
      const aot = new Instance(mod, {}, { store: new Store({ tier: 'auto' }), compiled: k.aot as never }).exports as unknown as RunExports;
      runs.js = (n) => aot.run(n);
    }
    // one warm-up run per mode (its result compared), then the timed rounds interleave the modes, so that a
    // change of load on a shared machine reaches every mode alike
    let expected = 0;
    const best: Record<string, number> = {};
    for (const mode in runs) {
      const r = runs[mode](k.n) >>> 0;
      if (mode === 'interpreter') expected = r;
      else if (r !== expected) throw new Error(`${k.name}: ${mode} computed ${r}, the interpreter ${expected}`);
      best[mode] = Infinity;
    }
    for (let t = 0; t < rounds; t++) {
      for (const mode in runs) {
        const t0 = now();
        const again = runs[mode](k.n) >>> 0;
        best[mode] = Math.min(best[mode], now() - t0);
        if (again !== expected) throw new Error(`${k.name}: ${mode} computed ${again} on a second run, the interpreter ${expected}`);
      }
    }
    for (const mode in runs) out('ROW ' + JSON.stringify({ kernel: k.name, mode, ms: best[mode], eval: evalWorks }));
  }
  out('ENGINE-RESULT {}'); // (the line test/engines/quickjs-host.ts waits for)
}
