// Real programs run in one tier (tiers.ts), with what each run shows of itself: the wasi-testsuite's
// commands (a preview1 module's _start, a WASI 0.2 component's wasi:cli/run) through the WASI host `purewasm
// run` builds, and core modules' exports (the bench kernels, the C/Rust debugger fixtures) with plain values.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Component, Instance, Linker, Module, Trap } from '../../src/index.js';
import { WasiExit, WasiP1, addWasiToLinker } from '../../src/wasi/index.js';
import { parseRunArgs, wasiHost, type RunIo } from '../../src/cli/run.js';
import { runProgram, type Program } from '../wasi/testsuite-harness.js';
import { COMPONENT_PACKS, PACKS } from '../packs.js';
import { SHARED } from '../shared.js';
import { coverage, setUp, type Coverage, type Tier } from './tiers.js';
import { seededRandom } from '../seeded-random.js';

/** What a run shows: exit code, output, and (compiled tiers) how much of it ran compiled. */
export interface Observed {
  exitCode: number;
  stdout: string;
  /** stderr, but of a trap only its first line (the reason): a backtrace through compiled frames has no
   *  byte offsets (docs/ARCHITECTURE.md, "Traps"), so the frames' text differs between tiers by design. */
  stderr: string;
  /** The testsuite's verdict (undefined: passed), for wasi-testsuite programs. */
  failure: string | undefined;
  coverage: Coverage;
  /** Fuel consumed (a metered run). */
  fuelUsed?: number;
}

function isComponent(bytes: Uint8Array): boolean {
  return bytes[6] !== 0 || bytes[7] !== 0;
}

/**
 * `purewasm run`'s command for a WASI program (runCommand's argument parsing and WASI host) in `tier`'s store:
 * the guest's exit code, 134 on a trap (its reason on stderr). `seen` receives the store's coverage.
 */
function tieredCommand(tier: Tier, seen: (c: Coverage, fuelLeft: number) => void, fuel?: number): (argv: string[], io: RunIo) => number {
  return (argv, io) => {
    const o = parseRunArgs(argv, io.env);
    if (o === 'help') throw new Error('unexpected --help');
    const bytes = new Uint8Array(readFileSync(o.file));
    const { store, compiled } = setUp(tier, o.file, bytes, fuel);
    const host = wasiHost(o, io);
    // (the same random bytes in every tier: Rust's HashMap seeds its iteration order from them)
    host.random = host.insecureRandom = seededRandom(0x2545f491);
    try {
      if (isComponent(bytes)) {
        const linker = new Linker();
        const wasi = addWasiToLinker(linker, host);
        const instance = linker.instantiate(new Component(bytes, COMPONENT_PACKS), { store, compiled: compiled as never });
        return wasi.run(instance);
      }
      const wasi = new WasiP1(host);
      return wasi.start(new Instance(new Module(bytes, PACKS), wasi.imports, { store, compiled: compiled as never }));
    } catch (e) {
      if (e instanceof WasiExit) return e.code;
      if (e instanceof Trap) {
        io.err(`Error: wasm trap: ${e.reason}\n`);
        return 134;
      }
      throw e;
    } finally {
      io.stdout.flush?.();
      io.stderr.flush?.();
      seen(coverage(store), store.fuel);
    }
  };
}



/** Runs wasi-testsuite program `p` in `tier` (with `fuel`: in a store metering that much). */
export function runWasiProgram(p: Program, tier: Tier, fuel?: number): Observed {
  let cov: Coverage = { compiled: 0, interpreted: 0 };
  let left = Infinity;
  const r = runProgram(p, tieredCommand(tier, (c, f) => ((cov = c), (left = f)), fuel));
  const o: Observed = { exitCode: r.exitCode, stdout: r.stdout, stderr: r.stderr, failure: r.failure, coverage: cov };
  if (fuel !== undefined) o.fuelUsed = fuel - left;
  return o;
}

/** A core module's calls and what they must return (Node's WebAssembly or the fixture's ground truth). */
export interface CoreCase {
  readonly name: string;
  readonly file: string;
  /** Export name and arguments, in order; each call's result is compared (i32 results as unsigned). */
  readonly calls: readonly (readonly [string, ...number[]])[];
}

const BENCH = join(SHARED, 'bench', 'wasm');
const DEBUG = join(SHARED, 'fixtures', 'debug');

/** The bench kernels (`run(n)` a checksum; n small enough for a test) and the freestanding debugger fixtures
 *  (their README's calls: run_fib(6) → 5, run_sort() → 20, total_area(5) → 54, sum_sides(5) → 14). */
export const CORE_CASES: readonly CoreCase[] = [
  ...['fib', 'i64mix', 'nbody', 'sha256', 'sort', 'vm'].map((k) => ({ name: `bench/${k}`, file: join(BENCH, `${k}.wasm`), calls: [['run', 3]] as const })),
  ...['fib.O0', 'fib.O1', 'fib.O0.stripped'].map((b) => ({ name: `debug/${b}`, file: join(DEBUG, `${b}.wasm`), calls: [['run_fib', 6], ['run_fib', 20]] as const })),
  ...['sort.O0', 'sort.O1'].map((b) => ({ name: `debug/${b}`, file: join(DEBUG, `${b}.wasm`), calls: [['run_sort']] as const })),
  { name: 'debug/shapes.O0', file: join(DEBUG, 'shapes.O0.wasm'), calls: [['total_area', 5], ['sum_sides', 5], ['total_area', 1000]] },
];

/** Each call's result (i32 as unsigned, or 'trap: reason'), then the memory's bytes' checksum, in `tier`. */
export function runCore(c: CoreCase, tier: Tier): { results: string[]; coverage: Coverage } {
  const bytes = new Uint8Array(readFileSync(c.file));
  const { store, compiled } = setUp(tier, c.file, bytes);
  const x = new Instance(new Module(bytes, PACKS), {}, { store, compiled: compiled as never }).exports as Record<string, unknown>;
  const results = c.calls.map(([name, ...args]) => {
    try {
      return String((x[name] as (...a: number[]) => number)(...args) >>> 0);
    } catch (e) {
      if (e instanceof Trap) return `trap: ${e.reason}`;
      throw e;
    }
  });
  const memory = x.memory as { buffer: ArrayBuffer } | undefined;
  if (memory !== undefined) results.push(`memory ${checksum(new Uint8Array(memory.buffer))}`);
  return { results, coverage: coverage(store) };
}

/** The same calls with Node's WebAssembly (the oracle; tests only, never src/). */
export function runCoreNative(c: CoreCase): string[] {
  const W = (globalThis as { WebAssembly?: any }).WebAssembly;
  const x = new W.Instance(new W.Module(readFileSync(c.file)), {}).exports;
  const results = c.calls.map(([name, ...args]) => {
    try {
      return String(x[name](...args) >>> 0);
    } catch (e) {
      if (e instanceof W.RuntimeError) return 'trap';
      throw e;
    }
  });
  if (x.memory !== undefined) results.push(`memory ${checksum(new Uint8Array(x.memory.buffer))}`);
  return results;
}

/** FNV-1a over the bytes (memories are compared, not printed). */
function checksum(b: Uint8Array): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < b.length; i++) h = Math.imul(h ^ b[i], 0x01000193);
  return `${b.length}:${(h >>> 0).toString(16)}`;
}

/** The debugger's C command built with wasi-libc (`wasi_io.O0`, `.O1`), as a wasi-testsuite program with its
 *  README's run: args `alpha be gamma`, GREETING=hi, OUT_DIR=/out with /out inside the preopened root. */
export function wasiIoPrograms(): Program[] {
  const dir = mkdtempSync(join(tmpdir(), 'purewasm-tiers-'));
  mkdirSync(join(dir, 'root', 'out'), { recursive: true });
  writeFileSync(join(dir, 'root', 'out', '.keep'), '');
  return ['wasi_io.O0', 'wasi_io.O1'].map((b) => ({
    name: `debug/${b}`,
    wasm: join(DEBUG, `${b}.wasm`),
    dir,
    spec: {
      root: 'root',
      args: ['alpha', 'be', 'gamma'],
      env: { GREETING: 'hi', OUT_DIR: '/out' },
      exit_code: 0,
      stdout: "hi: 3 args, 12 chars, 5 vowels, longest 'alpha'\nwrote /out/report.txt\n",
    },
  }));
}

/** Other WASI commands among the fixtures, with what jco's expectations.json says of them: jco's hello_stdout
 *  (a Rust program, as a core module and as a component), its exitcode module (proc_exit(120)), its dir.virt
 *  command (C composed with a virtual filesystem inside the component), and the bench kernels as one
 *  preview1 command (their checksums are checked against Node's in the core set). */
export function otherCommands(): Program[] {
  const jco = join(SHARED, 'fixtures', 'components', 'jco', 'jco');
  const hello = { exit_code: 0, stdout: 'writing to stdout: hello, world\n', stderr: 'writing to stderr: hello, world\n' };
  return [
    { name: 'jco/hello_stdout (module)', wasm: join(jco, 'modules', 'hello_stdout.wasm'), dir: jco, spec: hello },
    { name: 'jco/hello_stdout (component)', wasm: join(jco, 'components', 'hello_stdout.component.wasm'), dir: jco, spec: hello },
    { name: 'jco/exitcode', wasm: join(jco, 'modules', 'exitcode.wasm'), dir: jco, spec: { exit_code: 120 } },
    { name: 'jco/dir.virt', wasm: join(jco, 'commands', 'dir.virt.wasm'), dir: jco, spec: { args: ['/foo'], exit_code: 0, stdout: 'Listing directory: /foo\n - .\n - ..\n - foo\n' } },
    { name: 'bench/wasi_all', wasm: join(BENCH, 'wasi_all.wasm'), dir: BENCH, spec: { exit_code: 0, stdout: 'fib    n=90 ' } },
  ];
}
