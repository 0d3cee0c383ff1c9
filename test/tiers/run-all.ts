// Every real program in every tier, by hand: `npm run --silent tiers [-- --tier T …] [--set S …] [--only TEXT]`
// (make test runs a part of it: wasip1.test.ts, p2-and-core.test.ts). Each program runs interpreted first;
// each other tier (tiers.ts) must show the same — exit code, stdout, stderr; a core module's results and its
// memory's checksum; a glue program's output — and the interpreter what the reference says: the
// wasi-testsuite's spec, Node's WebAssembly, the fixture's ground truth, jco's expectations. Sets:
//   wasip1    the 72 wasi-testsuite preview1 programs
//   p2        the same 72 as WASI 0.2 components (the preview1 adapter inside)
//   core      the bench kernels and the debugger's freestanding C/Rust fixtures, against Node's WebAssembly
//   wasi_io   the debugger's C command (wasi-libc)
//   commands  jco's WASI commands (hello_stdout, exitcode, dir.virt) and the kernels as one command
//   jco       jco's runtime fixtures: test/component-runtime's jco-scalars/compound/more under vitest with
//             PUREWASM_TEST_TIER (runner.ts)
//   npm       through their own JS glue, against Node's WebAssembly: sql.js on a SQL workload, QuickJS (three
//             builds) on a JS workload, esbuild.wasm minifying a file and bundling src/
//   fuel      the wasip1 programs metered: the same fuel used as interpreted, to the unit, and with half of it
//             the same trap at the same point; with npm, the npm programs metered too, but esbuild: Go's
//             scheduler runs on real timers (wasm_exec.js's setTimeout) and async fs callbacks, so its fuel
//             varies from run to run even interpreted (four runs: 82,895,036 to 82,970,218 units, same output)
// Prints a line per program and tier that differs or fails, the coverage per tier (functions that ran
// compiled / stayed interpreted), and ends with "N runs, N divergences, N reference failures". Everything
// takes about 25 minutes of one core (esbuild's bundle, interpreted and metered, the most).
import { ADAPTER_DECIDES, programs, type Program } from '../wasi/testsuite-harness.js';
import { CORE_CASES, otherCommands, runCore, runCoreNative, runWasiProgram, wasiIoPrograms, type Observed } from './programs.js';
import { runEsbuild, runQuickJs, runSqlJs, type Where } from './npm-modules.js';
import { TIERS, type Tier } from './tiers.js';
import type { Coverage } from './tiers.js';
import { spawnSync } from 'node:child_process';

const SETS = ['wasip1', 'p2', 'core', 'wasi_io', 'commands', 'jco', 'npm', 'fuel'] as const;
type SetName = (typeof SETS)[number];

const argv = process.argv.slice(2);
const pick = <T extends string>(flag: string, all: readonly T[]): T[] => {
  const chosen = argv.flatMap((a, i) => (argv[i - 1] === flag ? [a as T] : []));
  for (const c of chosen) if (!all.includes(c)) throw new Error(`${flag} ${c}: expected one of ${all.join(', ')}`);
  return chosen.length > 0 ? chosen : [...all];
};
const tiers = pick('--tier', TIERS.filter((t) => t !== 'interpreter'));
const sets = pick<SetName>('--set', SETS);
const only = argv.flatMap((a, i) => (argv[i - 1] === '--only' ? [a] : []));
const wanted = (name: string) => only.length === 0 || only.some((o) => name.includes(o));
const src = (f: string) => new URL(`../../src/${f}`, import.meta.url).pathname;

let runs = 0;
let divergences = 0;
let referenceFailures = 0;
const totals = new Map<Tier, Coverage & { ms: number }>();

function count(tier: Tier, c: Coverage, ms: number): void {
  const t = totals.get(tier) ?? { compiled: 0, interpreted: 0, ms: 0 };
  t.compiled += c.compiled;
  t.interpreted += c.interpreted;
  t.ms += ms;
  totals.set(tier, t);
}

function timed<T>(f: () => T): [T, number] {
  const t0 = performance.now();
  const r = f();
  return [r, performance.now() - t0];
}

const shown = (o: Observed) => JSON.stringify({ exit: o.exitCode, stdout: o.stdout.slice(0, 300), stderr: o.stderr.slice(0, 300) });

function wasiSet(label: string, list: Program[]): void {
  for (const p of list) {
    if (!wanted(`${label}/${p.name}`)) continue;
    const [ref, refMs] = timed(() => runWasiProgram(p, 'interpreter'));
    runs++;
    count('interpreter', { compiled: 0, interpreted: 0 }, refMs);
    const decided = label === 'p2' ? ADAPTER_DECIDES[p.name] : undefined;
    const refFails = decided === undefined ? ref.failure : ref.exitCode === decided.exitCode && decided.stderr.test(ref.stderr) ? undefined : `adapter case: exit ${ref.exitCode}`;
    if (refFails !== undefined) {
      referenceFailures++;
      console.log(`REFERENCE ${label}/${p.name} interpreter: ${refFails}`);
    }
    for (const tier of tiers) {
      let o: Observed;
      let ms: number;
      try {
        [o, ms] = timed(() => runWasiProgram(p, tier));
      } catch (e) {
        divergences++;
        console.log(`DIVERGES ${label}/${p.name} ${tier}: threw ${(e as Error).stack}`);
        continue;
      }
      runs++;
      count(tier, o.coverage, ms);
      if (shown(o) !== shown(ref)) {
        divergences++;
        console.log(`DIVERGES ${label}/${p.name} ${tier}:\n  interpreter ${shown(ref)}\n  ${tier} ${shown(o)}`);
      }
    }
  }
}

function coreSet(): void {
  for (const c of CORE_CASES) {
    if (!wanted(`core/${c.name}`)) continue;
    const native = runCoreNative(c);
    const [ref, refMs] = timed(() => runCore(c, 'interpreter'));
    runs++;
    count('interpreter', { compiled: 0, interpreted: 0 }, refMs);
    const plain = (r: string[]) => r.map((s) => (s.startsWith('trap') ? 'trap' : s)).join(' ');
    if (plain(ref.results) !== plain(native)) {
      referenceFailures++;
      console.log(`REFERENCE core/${c.name} interpreter: ${ref.results.join(' ')}, Node ${native.join(' ')}`);
    }
    for (const tier of tiers) {
      const [o, ms] = timed(() => runCore(c, tier));
      runs++;
      count(tier, o.coverage, ms);
      if (o.results.join(' ') !== ref.results.join(' ')) {
        divergences++;
        console.log(`DIVERGES core/${c.name} ${tier}: interpreter ${ref.results.join(' ')}, ${tier} ${o.results.join(' ')}`);
      }
    }
  }
}

/**
 * Metered runs of the wasip1 programs (the JS tier's metered code: docs/ARCHITECTURE.md, "Fuel and
 * interruption in compiled code"): the same fuel consumed as interpreted, to the unit, and with half of it the
 * same trap at the same point (same output so far).
 */
const FULL_FUEL = 1e15;

function fuelSet(): void {
  const FULL = FULL_FUEL;
  const metered = tiers.filter((t) => !t.startsWith('aot'));
  for (const p of programs('wasip1')) {
    if (!wanted(`fuel/${p.name}`)) continue;
    const ref = runWasiProgram(p, 'interpreter', FULL);
    const half = Math.floor(ref.fuelUsed! / 2);
    const refHalf = runWasiProgram(p, 'interpreter', half);
    runs += 2;
    for (const tier of metered) {
      for (const [fuel, r] of [[FULL, ref], [half, refHalf]] as const) {
        const [o, ms] = timed(() => runWasiProgram(p, tier, fuel));
        runs++;
        count(tier, o.coverage, ms);
        if (shown(o) !== shown(r) || o.fuelUsed !== r.fuelUsed) {
          divergences++;
          console.log(`DIVERGES fuel/${p.name} ${tier} fuel ${fuel}:\n  interpreter ${shown(r)} used ${r.fuelUsed}\n  ${tier} ${shown(o)} used ${o.fuelUsed}`);
        }
      }
    }
  }
}

/** jco's runtime fixtures in each tier: their vitest files with PUREWASM_TEST_TIER (runner.ts, runEntry). */
function jcoSet(): void {
  if (!wanted('jco')) return;
  const files = ['jco-scalars', 'jco-compound', 'jco-more'].map((f) => `test/component-runtime/${f}.test.ts`);
  for (const tier of ['interpreter' as const, ...tiers]) {
    const [r, ms] = timed(() => spawnSync('npx', ['vitest', 'run', ...files], { env: { ...process.env, PUREWASM_TEST_TIER: tier }, encoding: 'utf8' }));
    runs++;
    count(tier, { compiled: 0, interpreted: 0 }, ms);
    if (r.status !== 0) {
      if (tier === 'interpreter') referenceFailures++;
      else divergences++;
      console.log(`${tier === 'interpreter' ? 'REFERENCE' : 'DIVERGES'} jco ${tier}:\n${r.stdout.slice(-3000)}`);
    }
  }
}

/** A program behind its JS glue: Node's WebAssembly is the reference, the interpreter and each tier must match it. */
async function npmProgram(name: string, run: (where: Where | undefined) => Promise<string>): Promise<void> {
  if (!wanted(`npm/${name}`)) return;
  const ref = await run(undefined);
  for (const tier of ['interpreter' as const, ...tiers]) {
    let c: Coverage = { compiled: 0, interpreted: 0 };
    const t0 = performance.now();
    const o = await run({ tier, seen: (seen) => (c = seen) });
    runs++;
    count(tier, tier === 'interpreter' ? { compiled: 0, interpreted: 0 } : c, performance.now() - t0);
    if (o !== ref) {
      if (tier === 'interpreter') referenceFailures++;
      else divergences++;
      const at = [...o].findIndex((ch, i) => ch !== ref[i]);
      console.log(`${tier === 'interpreter' ? 'REFERENCE' : 'DIVERGES'} npm/${name} ${tier} at ${at}:\n  Node ${JSON.stringify(ref.slice(at - 100, at + 100))}\n  ${tier} ${JSON.stringify(o.slice(at - 100, at + 100))}`);
    }
  }
  // metered: the compiled tiers consume exactly the interpreter's fuel
  if (!sets.includes('fuel')) return;
  // (not esbuild: Go's scheduler runs on real setTimeout timers and async fs callbacks, so the amount of wasm
  // it runs differs from run to run in one tier — interpreted, four runs of the minify used 82,895,036 to
  // 82,970,218 units, with the same output — and there is no reference to compare a tier's fuel with)
  if (name.startsWith('esbuild')) {
    console.log(`skipped npm/${name} metered: its fuel varies between runs of the same tier (Go's real-time scheduler)`);
    return;
  }
  const used = async (tier: Tier): Promise<[string, number]> => {
    let left = 0;
    const o = await run({ tier, fuel: FULL_FUEL, seen: (_, f) => (left = f) });
    return [o, FULL_FUEL - left];
  };
  const [refOut, refUsed] = await used('interpreter');
  for (const tier of tiers.filter((t) => !t.startsWith('aot'))) {
    const t0 = performance.now();
    const [o, n] = await used(tier);
    runs++;
    count(tier, { compiled: 0, interpreted: 0 }, performance.now() - t0);
    if (o !== refOut || n !== refUsed) {
      divergences++;
      console.log(`DIVERGES npm/${name} metered ${tier}: fuel used ${n}, interpreted ${refUsed}; output ${o === refOut ? 'same' : 'differs'}`);
    }
  }
}

const programsWithGlue: [string, (where: Where | undefined) => Promise<string>][] = [
  ['sql.js', (w) => runSqlJs(w)],
  // QuickJS built three ways: release builds of quickjs and quickjs-ng, and asyncify's rewritten code (the -O0
  // debug build is no oracle: under Node's WebAssembly it overflows V8's stack on this workload until V8 has
  // tiered its code up)
  ...['quickjs-ng-wasmfile-release-sync', 'quickjs-wasmfile-release-sync', 'quickjs-wasmfile-release-asyncify'].map(
    (v) => [v, (w: Where | undefined) => runQuickJs(w, `@jitl/${v}`)] as [string, (where: Where | undefined) => Promise<string>]),
  ['esbuild (minify a file)', (w) => runEsbuild(w, [src('vm/jstier/runtime.ts'), '--minify', '--format=esm', '--target=es2018'])],
  // (interpreted this takes minutes; `--only bundle` runs it alone)
  ['esbuild (bundle src/)', (w) => runEsbuild(w, [src('index.ts'), '--bundle', '--minify', '--format=esm', '--target=es2020', '--log-level=error'])],
];

async function npmSet(): Promise<void> {
  for (const [name, run] of programsWithGlue) await npmProgram(name, run);
}

for (const s of sets) {
  if (s === 'wasip1') wasiSet('wasip1', programs('wasip1'));
  else if (s === 'p2') wasiSet('p2', programs('p2-from-p1'));
  else if (s === 'wasi_io') wasiSet('wasi_io', wasiIoPrograms());
  else if (s === 'commands') wasiSet('commands', otherCommands());
  else if (s === 'jco') jcoSet();
  else if (s === 'npm') await npmSet();
  else if (s === 'fuel') fuelSet();
  else coreSet();
}
for (const [tier, t] of totals) {
  console.log(`${tier.padEnd(12)} ${(t.ms / 1000).toFixed(1).padStart(7)} s` + (tier === 'interpreter' ? '' : `  functions run compiled ${t.compiled}, interpreted ${t.interpreted}`));
}
console.log(`${runs} runs, ${divergences} divergences, ${referenceFailures} reference failures`);
process.exitCode = divergences + referenceFailures > 0 ? 1 : 0;
