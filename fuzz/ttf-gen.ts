// Random valid modules from binaryen's translate-to-fuzz (`wasm-opt INPUT -ttf`), many per process: the npm
// `binaryen` package's wasm-opt is an Emscripten program (a 9 MB script holding the wasm), whose start-up is
// most of a 0.7 s run; evaluating the script again in this process lets V8 reuse the compiled wasm, so each
// further module costs 0.1–0.3 s. (Used only by the fuzzer: nothing in src/ may depend on binaryen.)
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { runInThisContext } from 'node:vm';
import { sharedDir } from '../test/real-modules/corpus.js';

const require = createRequire(import.meta.url);

const BASE = ['sign-ext', 'nontrapping-float-to-int', 'mutable-globals', 'multivalue', 'bulk-memory', 'reference-types', 'tail-call'];

/**
 * The feature sets the fuzzer runs: what Node 20's V8 (the oracle) also runs. Not GC, memory64, threads,
 * or exception handling: binaryen 130's -ttf with exception handling writes the new instructions
 * (try_table, exnref, ref.null noexn) beside the legacy ones, and Node 20 knows only the legacy ones.
 * `locals`: every local.get and local.set goes through an import (binaryen's --instrument-locals; the
 * harness hashes the values), so a wrong value shows where it is made, not only if it reaches a log, a
 * result or memory. The pass refuses tuples and aborts on some reference-typed locals: no multivalue and
 * no reference types there.
 * `kernels`: binaryen's random code around a real program (-ttf's initial content, --initial-fuzz): one of
 * the benchmark kernels in ../shared/bench/wasm by seed, which binaryen mutates a little, bounds with hang
 * limits and calls with random arguments. Random code alone is mostly constants and hang-limit checks;
 * the kernels bring dense arithmetic, loops and memory traffic.
 */
export const FEATURE_SETS: Readonly<Record<string, { readonly features: readonly string[]; readonly instrumentLocals?: boolean; readonly kernels?: boolean }>> = {
  mvp: { features: [] },
  base: { features: BASE },
  simd: { features: [...BASE, 'simd'] },
  locals: { features: BASE.filter((f) => f !== 'multivalue' && f !== 'reference-types'), instrumentLocals: true },
  kernels: { features: BASE, kernels: true },
};

/** The kernels of the `kernels` set (../shared/bench/wasm: no imports, memory and `run(n)` exports). */
export const KERNELS = ['fib', 'i64mix', 'nbody', 'sha256', 'sort', 'vm'].map((k) => join(sharedDir, 'bench/wasm', `${k}.wasm`));

/** The input bytes of a seed: its size (1–64 KiB: binaryen makes about one function per KiB) and content
 *  from a 32-bit PRNG (mulberry32), so a seed is a module. */
export function seedBytes(seed: number): Uint8Array {
  let s = seed >>> 0;
  const next = (): number => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (t ^ (t >>> 14)) >>> 0;
  };
  const bytes = new Uint8Array(1024 + (next() % (63 * 1024)));
  for (let i = 0; i < bytes.length; i++) bytes[i] = next() & 0xff;
  return bytes;
}

type Main = (module: object, req: NodeRequire, filename: string, dir: string, mod: object) => void;

/** Runs binaryen's tools in this process; `dispose` removes its scratch directory. */
export class Binaryen {
  private readonly dir = mkdtempSync(join(tmpdir(), 'purewasm-ttf-'));
  private readonly mains = new Map<string, Main>();

  /** Runs tool `name` (wasm-opt, wasm-dis, …) with `args`; resolves with what it printed, rejects if it failed. */
  run(name: string, args: readonly string[]): Promise<string> {
    const file = require.resolve(`binaryen/bin/${name}`);
    let main = this.mains.get(name);
    if (main === undefined) {
      // The script is CommonJS with a #! line; its `Module` parameter is Emscripten's configuration object.
      const source = readFileSync(file, 'utf8').replace(/^#!/, '//');
      main = runInThisContext(`(function (Module, require, __filename, __dirname, module) {${source}\n})`, { filename: file }) as Main;
      this.mains.set(name, main);
    }
    const out: string[] = [];
    return new Promise((resolve, reject) => {
      const done = (): void => {
        // Emscripten's exit() sets the process's exit code: the fuzzer's own must not change.
        const code = process.exitCode;
        process.exitCode = undefined;
        if (code !== undefined && code !== 0) reject(new Error(`${name} exited with ${String(code)}: ${out.join('\n')}`));
        else resolve(out.join('\n'));
      };
      const config = {
        arguments: [...args],
        print: (s: string) => out.push(s),
        printErr: (s: string) => out.push(s),
        postRun: [done],
        onAbort: (what: unknown) => reject(new Error(`${name} aborted: ${String(what)}`)),
      };
      try {
        main!(config, require, file, dirname(file), {});
      } catch (e) {
        // exit() throws ExitStatus to unwind (after postRun, or instead of it on an error exit)
        if (e instanceof Object && (e as { name?: string }).name === 'ExitStatus') done();
        else reject(e);
      }
    });
  }

  /** The module of `seed` in feature set `set` (a name of FEATURE_SETS), after --denan (see ttf.ts on NaNs).
   *  An odd seed also runs random optimization passes over it (-fp: binaryen picks them from the input),
   *  for the shapes optimized code has. */
  async generate(seed: number, set: string): Promise<Uint8Array> {
    const { features, instrumentLocals, kernels } = FEATURE_SETS[set]!;
    const input = join(this.dir, 'input.bin');
    const output = join(this.dir, 'output.wasm');
    writeFileSync(input, seedBytes(seed));
    const shaping = [...(seed % 2 === 1 ? ['-fp'] : []), ...(kernels === true ? ['-if', KERNELS[seed % KERNELS.length]!] : [])];
    const passes = ['--denan', ...(instrumentLocals === true ? ['--instrument-locals'] : [])];
    await this.run('wasm-opt', [input, '-ttf', ...shaping, '--mvp-features', ...features.map((f) => `--enable-${f}`), ...passes, '-o', output]);
    return new Uint8Array(readFileSync(output));
  }

  /** The text of a module (wasm-dis). */
  async text(bytes: Uint8Array): Promise<string> {
    const input = join(this.dir, 'dis.wasm');
    const output = join(this.dir, 'dis.wat');
    writeFileSync(input, bytes);
    await this.run('wasm-dis', [input, '-o', output]);
    return readFileSync(output, 'utf8');
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
