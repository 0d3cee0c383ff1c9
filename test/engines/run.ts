// The engine phase: prepares the conformance subset, bundles it with the library artifact, and runs it in
// every engine we promise (node --jitless, QuickJS, quickjs-ng, Hermes 0.12, Chromium --jitless), two at a
// time. Each engine's assertions count; an engine that fails to start, crashes or times out counts as one
// failure. Ends with "N passed, N failed"; `--json` prints one JSON object on stdout instead.
//   npx tsx test/engines/run.ts [--engine NAME]... [--json]
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../spec-tests/suites.js';
import { type Bundles, writeBundles } from './bundle.js';
import { prepare } from './prepare.js';

interface Engine {
  readonly name: string;
  /** The command line, given the bundles. */
  readonly command: (b: Bundles) => { cmd: string; args: string[] };
  /** Checked before the run: why the engine cannot start, or undefined. */
  readonly setup?: () => string | undefined;
}

const HERMES = join(projectRoot, 'node_modules/hermes-engine-cli/linux64-bin/hermes');
const CHROMIUM = '/usr/bin/chromium';
const NODE_SCRIPT = "require('vm').runInThisContext(require('fs').readFileSync(process.argv[1], 'utf8'), { filename: process.argv[1] })";
const tsHost = (file: string, ...args: string[]): { cmd: string; args: string[] } => ({
  cmd: process.execPath,
  args: ['--import', 'tsx', join(projectRoot, 'test/engines', file), ...args],
});

/** Debian's Chromium, installed by the harness on a fresh machine (CI runs as root). */
function ensureChromium(): string | undefined {
  if (existsSync(CHROMIUM)) return undefined;
  process.stderr.write(`${CHROMIUM} is missing: apt-get install -y chromium\n`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const update = spawnSync('apt-get', ['update'], { stdio: ['ignore', 'ignore', 'inherit'], env });
  const install = update.status === 0 ? spawnSync('apt-get', ['install', '-y', 'chromium'], { stdio: ['ignore', 'ignore', 'inherit'], env }) : update;
  if (install.status !== 0 || !existsSync(CHROMIUM)) return `could not install Debian's chromium (apt-get exit ${install.status ?? install.signal})`;
  return undefined;
}

const ENGINES: readonly Engine[] = [
  {
    name: 'node --jitless',
    // As a classic script in the global scope (a .js file here would load as an ES module).
    command: (b) => ({ cmd: process.execPath, args: ['--jitless', '-e', NODE_SCRIPT, b.standard] }),
  },
  { name: 'quickjs', command: (b) => tsHost('quickjs-host.ts', 'bellard', b.standard) },
  { name: 'quickjs-ng', command: (b) => tsHost('quickjs-host.ts', 'ng', b.standard) },
  {
    name: 'hermes 0.12',
    // -w: Hermes warns about every global it cannot see declared (print, the library's feature probes).
    command: (b) => ({ cmd: HERMES, args: ['-w', b.hermes] }),
    setup: () => (existsSync(HERMES) ? undefined : `${HERMES} is missing (devDependency hermes-engine-cli)`),
  },
  { name: 'chromium --jitless', command: (b) => tsHost('chromium-host.ts', b.standard), setup: ensureChromium },
];

/** QuickJS runs ~100x slower than Node with a JIT; past this an engine counts as hung. */
const TIMEOUT_MS = 240_000;

export interface EngineResult {
  readonly engine: string;
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
  readonly seconds: number;
  /** FAIL lines (which assertion, expected vs got) and, for a crash, the reason. */
  readonly failures: string[];
  /** The slowest parts (TIME lines of the driver), to size subset.ts. */
  readonly slowest: string[];
}

/** `cannot`: why the engine cannot start (from its setup), or undefined. */
function runEngine(e: Engine, bundles: Bundles, cannot: string | undefined): Promise<EngineResult> {
  const t0 = performance.now();
  let slowest: string[] = [];
  const result = (r: { passed?: number; failed?: number; skipped?: number }, failures: string[]): EngineResult => ({
    engine: e.name,
    passed: r.passed ?? 0,
    failed: r.failed ?? 0,
    skipped: r.skipped ?? 0,
    seconds: (performance.now() - t0) / 1000,
    failures,
    slowest,
  });
  if (cannot !== undefined) return Promise.resolve(result({ failed: 1 }, [`engine did not start: ${cannot}`]));
  const { cmd, args } = e.command(bundles);
  return new Promise((done) => {
    // In its own process group, so that a hung engine goes together with what it started (Chromium).
    const child = spawn(cmd, args, { cwd: projectRoot, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const timer = setTimeout(() => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL'); // the group is gone already: at least the engine itself
      }
    }, TIMEOUT_MS);
    const finish = (code: number | null, signal: string | null, spawnError?: Error): void => {
      clearTimeout(timer);
      const lines = out.split('\n');
      slowest = lines
        .filter((l) => l.startsWith('TIME '))
        .map((l) => l.slice(5).split(' '))
        .sort((a, b) => Number(b[0]) - Number(a[0]))
        .slice(0, 3)
        .map(([ms, ...where]) => `${where.join(' ')} ${(Number(ms) / 1000).toFixed(1)} s`);
      const failures = lines.filter((l) => l.startsWith('FAIL '));
      const last = lines.find((l) => l.startsWith('ENGINE-RESULT '));
      const stderrTail = err.trim().split('\n').slice(-8).join(' | ');
      if (last === undefined) {
        const why = spawnError
          ? `could not start ${cmd}: ${spawnError.message}`
          : signal === 'SIGKILL'
            ? `no result within ${TIMEOUT_MS / 1000} s (killed)`
            : `exited (${signal ?? code}) without a result`;
        return done(result({ failed: 1 }, [...failures, `engine crashed: ${why}${stderrTail ? `; stderr: ${stderrTail}` : ''}`]));
      }
      const r = JSON.parse(last.slice('ENGINE-RESULT '.length)) as { passed: number; failed: number; skipped: number };
      // The script finished but the host reported an error afterwards (e.g. QuickJS could not clean up).
      const hostFailed = code !== 0 ? 1 : 0;
      if (hostFailed) failures.push(`engine exited with ${signal ?? code} after its result${stderrTail ? `; stderr: ${stderrTail}` : ''}`);
      done(result({ ...r, failed: r.failed + hostFailed }, failures));
    };
    child.on('error', (e2) => finish(null, null, e2));
    child.on('close', (code, signal) => finish(code, signal));
  });
}

/** Runs `tasks` with at most `n` at once (the machine has 2 cores). */
async function pool<T>(tasks: (() => Promise<T>)[], n: number): Promise<T[]> {
  const out: T[] = new Array(tasks.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < tasks.length) {
      const i = next++;
      out[i] = await tasks[i]!();
    }
  };
  await Promise.all(Array.from({ length: Math.min(n, tasks.length) }, lane));
  return out;
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const json = argv.includes('--json');
  const only = argv.flatMap((a, i) => (argv[i - 1] === '--engine' ? [a] : []));
  const write = process.stdout.write.bind(process.stdout);
  if (json) {
    // Whatever the code under test prints while preparing must not corrupt the JSON on stdout.
    process.stdout.write = process.stderr.write.bind(process.stderr) as typeof process.stdout.write;
    console.log = console.error;
  }
  const log = (line: string): void => void process.stdout.write(line + '\n');
  const unknown = only.filter((n) => !ENGINES.some((e) => e.name.startsWith(n)));
  if (unknown.length > 0) throw new Error(`unknown engine ${unknown.join(', ')} (known: ${ENGINES.map((e) => e.name).join(', ')})`);
  const engines = ENGINES.filter((e) => only.length === 0 || only.some((n) => e.name.startsWith(n)));

  const t0 = performance.now();
  const summary = await prepare(log);
  const bundles = await writeBundles(summary.path);
  const built = bundles.artifact.builtHere;
  log(`library: ${bundles.artifact.path}${built !== undefined ? ` (built here from src/index.ts: ${built})` : ''}`);
  log(`code generator: ${bundles.jit.path}${bundles.jit.builtHere !== undefined ? ` (built here from src/jit/index.ts: ${bundles.jit.builtHere})` : ''}`);
  log(`snapshots: ${bundles.snapshot.path}${bundles.snapshot.builtHere !== undefined ? ` (built here from src/snapshot/index.ts: ${bundles.snapshot.builtHere})` : ''}`);
  for (const pack of bundles.packs) log(`instruction pack: ${pack.path}${pack.builtHere !== undefined ? ` (built here: ${pack.builtHere})` : ''}`);
  log(`polyfill: ${bundles.polyfill.path}${bundles.polyfill.builtHere !== undefined ? ` (built here: ${bundles.polyfill.builtHere})` : ''}`);
  log(`WASI hosts: ${bundles.wasi.path}${bundles.wasi.builtHere !== undefined ? ` (built here: ${bundles.wasi.builtHere})` : ''}`);
  log(`prepared and bundled in ${((performance.now() - t0) / 1000).toFixed(1)} s; running ${engines.map((e) => e.name).join(', ')}`);

  // Installs (Chromium) happen before any engine runs: they block, and must not eat an engine's time.
  const cannot = new Map(engines.map((e) => [e.name, e.setup?.()]));
  // The slowest engines first, so that the two lanes end together.
  const order = [...engines].sort((a, b) => Number(b.name.startsWith('quickjs')) - Number(a.name.startsWith('quickjs')));
  const results = await pool(order.map((e) => () => runEngine(e, bundles, cannot.get(e.name)).then((r) => (log(line(r)), r))), 2);
  results.sort((a, b) => engines.findIndex((e) => e.name === a.engine) - engines.findIndex((e) => e.name === b.engine));

  const passed = results.reduce((n, r) => n + r.passed, 0);
  const failed = results.reduce((n, r) => n + r.failed, 0);
  for (const r of results) for (const f of r.failures) log(`  [${r.engine}] ${f}`);
  if (json) write(JSON.stringify({ engines: results }) + '\n');
  else {
    log(`engines: ${results.map((r) => `${r.engine} ${r.passed}/${r.passed + r.failed} in ${r.seconds.toFixed(0)} s`).join(', ')}`);
    log(`${passed} passed, ${failed} failed`);
  }
  return failed === 0 ? 0 : 1;
}

function line(r: EngineResult): string {
  const slow = r.slowest.length > 0 ? ` (slowest: ${r.slowest.join(', ')})` : '';
  return `engine ${r.engine}: ${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped in ${r.seconds.toFixed(1)} s${slow}`;
}

main().then(
  (code) => (process.exitCode = code),
  (e) => {
    process.stderr.write(`engine harness: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 2;
  },
);
