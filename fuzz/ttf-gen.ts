// Random valid modules from binaryen's translate-to-fuzz (`wasm-opt INPUT -ttf`), many per process: the npm
// `binaryen` package's wasm-opt is an Emscripten program (a 9 MB script holding the wasm), whose start-up is
// most of a 0.7 s run; evaluating the script again in this process lets V8 reuse the compiled wasm, so each
// further module costs 0.1–0.3 s. (Used only by the fuzzer: nothing in src/ may depend on binaryen.)
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { runInThisContext } from 'node:vm';

const require = createRequire(import.meta.url);

/**
 * The feature sets the fuzzer runs: what Node 20's V8 (the oracle) also runs. Not GC, memory64, threads,
 * or exception handling: binaryen 130's -ttf with exception handling writes the new instructions
 * (try_table, exnref, ref.null noexn) beside the legacy ones, and Node 20 knows only the legacy ones.
 */
export const FEATURE_SETS: Readonly<Record<string, readonly string[]>> = {
  mvp: [],
  base: ['sign-ext', 'nontrapping-float-to-int', 'mutable-globals', 'multivalue', 'bulk-memory', 'reference-types', 'tail-call'],
  simd: ['sign-ext', 'nontrapping-float-to-int', 'mutable-globals', 'multivalue', 'bulk-memory', 'reference-types', 'tail-call', 'simd'],
};

/** The input bytes of a seed: its size and content from a 32-bit PRNG (mulberry32), so a seed is a module. */
export function seedBytes(seed: number): Uint8Array {
  let s = seed >>> 0;
  const next = (): number => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (t ^ (t >>> 14)) >>> 0;
  };
  const bytes = new Uint8Array(1024 + (next() % (16 * 1024)));
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

  /** The module of `seed` with `features` (names of FEATURE_SETS), after --denan (see ttf.ts on NaNs). */
  async generate(seed: number, features: readonly string[]): Promise<Uint8Array> {
    const input = join(this.dir, 'input.bin');
    const output = join(this.dir, 'output.wasm');
    writeFileSync(input, seedBytes(seed));
    await this.run('wasm-opt', [input, '-ttf', '--mvp-features', ...features.map((f) => `--enable-${f}`), '--denan', '-o', output]);
    return new Uint8Array(readFileSync(output));
  }

  /** The text of a module (wasm-dis). */
  async text(bytes: Uint8Array): Promise<string> {
    const input = join(this.dir, 'dis.wasm');
    writeFileSync(input, bytes);
    return this.run('wasm-dis', [input]);
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
