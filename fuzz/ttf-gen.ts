// Random valid modules from binaryen's translate-to-fuzz (`wasm-opt INPUT -ttf`), many per process: the npm
// `binaryen` package's wasm-opt is an Emscripten program (a 9 MB script holding the wasm), whose start-up is
// most of a 0.7 s run; evaluating the script again in this process lets V8 reuse the compiled wasm, so each
// further module costs 0.1–0.3 s. (Used only by the fuzzer: nothing in src/ may depend on binaryen.)
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { runInThisContext } from 'node:vm';
import { Module } from '../src/index.js';
import { PACKS } from '../test/packs.js';
import { projectRoot, sharedDir } from '../test/real-modules/corpus.js';

const require = createRequire(import.meta.url);

const BASE = ['sign-ext', 'nontrapping-float-to-int', 'mutable-globals', 'multivalue', 'bulk-memory', 'reference-types', 'tail-call'];

/** A feature set: binaryen's features, and how the module is made and judged. */
export interface FeatureSet {
  readonly features: readonly string[];
  /** --instrument-locals (see `locals`). */
  readonly instrumentLocals?: boolean;
  /** Initial content (-ttf's --initial-fuzz): a real module by seed from these (see below). */
  readonly initial?: 'kernels' | 'real' | 'spec';
  /** Judged by the newer Node (fuzz/oracle.ts) instead of the running one. */
  readonly newer?: boolean;
}

/**
 * The feature sets the fuzzer runs.
 * Judged by the running Node (20): `mvp`, `base`, `simd`, `locals`, `kernels`.
 * `locals`: every local.get and local.set goes through an import (binaryen's --instrument-locals; the
 * harness hashes the values), so a wrong value shows where it is made, not only if it reaches a log, a
 * result or memory. The pass refuses tuples and aborts on some reference-typed locals: no multivalue and
 * no reference types there.
 * `kernels`, `real`, `spec`: binaryen's random code around a real program (-ttf's initial content,
 * --initial-fuzz), which binaryen mutates a little, bounds with hang limits and calls with random
 * arguments; random code alone is mostly constants and hang-limit checks, real code brings dense
 * arithmetic, loops, memory traffic and calls. `kernels`: one of the benchmark kernels in ../shared/bench/wasm
 * by seed; `real`: those and the C programs of ../shared/fixtures/debug; `spec`: the spec tests' modules
 * without imports, as the spec runner converted them (its cache, .cache/spec: run `npm run spec` first).
 * Judged by the newer Node (fuzz/oracle.ts; it also knows the typed function references binaryen writes now
 * and then, which Node 20 skips): `real`, `spec`, `threads` (Node 20 could judge it, Node 26 does as well);
 * and where Node 20 knows nothing or only legacy instructions:
 * `eh` (try_table, throw, throw_ref, exnref; binaryen's legacy try/catch become those, see `generate`),
 * `gc`, `memory64`, `multimemory`, and `newer`: all of them with SIMD and extended-const at once. `threads`:
 * shared memory and atomics, single-threaded (the harness runs no workers). Not run: relaxed
 * SIMD (its results are the implementation's choice, V8's differ from ours legitimately), custom page sizes,
 * wide arithmetic, stack switching, strings, fp16 (V8 has them off or lacks them).
 */
export const FEATURE_SETS: Readonly<Record<string, FeatureSet>> = {
  mvp: { features: [] },
  base: { features: BASE },
  simd: { features: [...BASE, 'simd'] },
  locals: { features: BASE.filter((f) => f !== 'multivalue' && f !== 'reference-types'), instrumentLocals: true },
  kernels: { features: BASE, initial: 'kernels' },
  real: { features: [...BASE, 'simd'], initial: 'real', newer: true },
  spec: { features: [...BASE, 'simd', 'extended-const'], initial: 'spec', newer: true },
  eh: { features: [...BASE, 'exception-handling'], newer: true },
  gc: { features: [...BASE, 'gc'], newer: true },
  memory64: { features: [...BASE, 'memory64'], newer: true },
  multimemory: { features: [...BASE, 'multimemory'], newer: true },
  threads: { features: [...BASE, 'threads'], newer: true },
  newer: { features: [...BASE, 'simd', 'extended-const', 'exception-handling', 'gc', 'memory64', 'multimemory'], newer: true },
};

/** The kernels of the `kernels` set (../shared/bench/wasm: no imports, memory and `run(n)` exports). */
export const KERNELS = ['fib', 'i64mix', 'nbody', 'sha256', 'sort', 'vm'].map((k) => join(sharedDir, 'bench/wasm', `${k}.wasm`));

/** The `real` set's programs: the kernels and the C programs of the debugger's fixtures (clang -O0 and -O1,
 *  no imports; the WASI ones would only fail to link in the harness). */
export const REAL_PROGRAMS = [...KERNELS, ...['fib.O0', 'fib.O1', 'shapes.O0', 'sort.O0', 'sort.O1'].map((p) => join(sharedDir, 'fixtures/debug', `${p}.wasm`))];

/** The spec tests' modules with function exports and no imports, from the spec runner's conversion cache
 *  (spec-tests/convert.ts's packs of the core suites), in a fixed order; deduplicated. */
function specModules(): Uint8Array[] {
  const dir = join(projectRoot, '.cache/spec');
  const packs = existsSync(dir) ? readdirSync(dir).filter((f) => /^core-[23]\.0_.*\.pack$/.test(f)).sort() : [];
  const seen = new Set<string>();
  const out: Uint8Array[] = [];
  for (const pack of packs) {
    const buf = readFileSync(join(dir, pack));
    for (let o = 0; o + 25 <= buf.length; ) {
      const ok = buf.readUInt8(o + 20) === 1;
      const length = buf.readUInt32LE(o + 21);
      const bytes = new Uint8Array(buf.subarray(o + 25, o + 25 + length));
      o += 25 + length;
      const key = createHash('sha1').update(bytes).digest('hex');
      if (!ok || bytes[4] !== 1 || seen.has(key)) continue; // (a component's version field is not 1)
      seen.add(key);
      try {
        const m = new Module(bytes, PACKS);
        if (Module.imports(m).length === 0 && Module.exports(m).some((e) => e.kind === 'function')) out.push(bytes);
      } catch {
        // an assert_invalid's or assert_malformed's module
      }
    }
  }
  return out;
}

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
  private specModules: Uint8Array[] | undefined;

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
    const { features, instrumentLocals, initial } = FEATURE_SETS[set]!;
    const input = join(this.dir, 'input.bin');
    const output = join(this.dir, 'output.wasm');
    writeFileSync(input, seedBytes(seed));
    const initialFile = initial === undefined ? undefined : this.initialContent(seed, initial);
    const shaping = [...(seed % 2 === 1 ? ['-fp'] : []), ...(initialFile === undefined ? [] : ['-if', initialFile])];
    // V8 refuses a module with both the legacy exception instructions (try, catch, delegate) and the new
    // ones, and -ttf writes both: --translate-to-exnref turns the legacy ones into try_table and throw_ref.
    const eh = features.includes('exception-handling') ? ['--translate-to-exnref'] : [];
    const passes = ['--denan', ...eh, ...(instrumentLocals === true ? ['--instrument-locals'] : [])];
    await this.run('wasm-opt', [input, '-ttf', ...shaping, '--mvp-features', ...features.map((f) => `--enable-${f}`), ...passes, '-o', output]);
    return new Uint8Array(readFileSync(output));
  }

  /** The file of the real module of `seed` among `from`'s. */
  private initialContent(seed: number, from: 'kernels' | 'real' | 'spec'): string {
    if (from === 'kernels') return KERNELS[seed % KERNELS.length]!;
    if (from === 'real') return REAL_PROGRAMS[seed % REAL_PROGRAMS.length]!;
    this.specModules ??= specModules();
    if (this.specModules.length === 0) throw new Error('the `spec` set needs the spec runner\'s cache: run `npm run spec` first');
    const file = join(this.dir, 'initial.wasm');
    writeFileSync(file, this.specModules[seed % this.specModules.length]!);
    return file;
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
