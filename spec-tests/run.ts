// The spec-test runner: `npm run --silent spec -- [--suite NAME]... [--file SUBSTRING] [--verbose] [--json]
// [--jobs N] [--timeout SECONDS] [--engine purewasm|node|dist] [--strict-messages] [--tier auto|js|interpreter|osr] [--f64-bits]`. Prints a per-file table and
// per-suite totals (or, with --json, one JSON object and nothing else on stdout). Exit code 0 when nothing
// failed, 1 otherwise, 2 on a usage error. `--engine dist` runs the built, mangled library (dist/; see dist.ts).
//
// Files run in worker processes (2 by default, as CI has 2 cores), longest first so the load stays balanced;
// a worker stuck on one file past the timeout is killed and that file counts as one failure.
import { type ChildProcess, fork } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { prepareDistHarness } from './dist.js';
import { enginesByName } from './engines.js';
import { applyKnownGaps, writeKnownGaps } from './known-gaps.js';
import { jsonReport, printTable, printTopFailures } from './report.js';
import { type FileResult, cacheDirOf, runFile } from './run-file.js';
import { SUITES, type SpecFile, listFiles, projectRoot, sharedDir } from './suites.js';

interface Options {
  suites: string[];
  files: string[];
  verbose: boolean;
  json: boolean;
  jobs: number;
  timeoutMs: number;
  engine: string;
  /** --jobs was given: use workers even for a small selection. */
  jobsExplicit: boolean;
  /** --write-known-gaps: rewrite spec-tests/known-gaps.json from this run's failures. */
  writeKnownGaps: boolean;
}

function parseArgs(argv: string[]): Options {
  const o: Options = { suites: [], files: [], verbose: false, json: false, jobs: Math.min(2, availableParallelism()), timeoutMs: 30_000, engine: 'purewasm', jobsExplicit: false, writeKnownGaps: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const val = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--suite') o.suites.push(val());
    else if (a === '--file') o.files.push(val());
    else if (a === '--verbose' || a === '-v') o.verbose = true;
    else if (a === '--json') o.json = true;
    else if (a === '--jobs' || a === '-j') {
      o.jobs = Math.max(1, Number(val()) | 0);
      o.jobsExplicit = true;
    }
    else if (a === '--timeout') o.timeoutMs = Number(val()) * 1000;
    else if (a === '--engine') o.engine = val();
    else if (a === '--write-known-gaps') o.writeKnownGaps = true;
    else if (a === '--strict-messages') process.env.PUREWASM_SPEC_STRICT = '1';
    else if (a === '--tier') process.env.PUREWASM_SPEC_TIER = val();
    else if (a === '--f64-bits') process.env.PUREWASM_SPEC_F64BITS = '1';
    else throw new Error(`unknown option ${a}`);
  }
  if (!['purewasm', 'node', 'dist'].includes(o.engine)) throw new Error(`unknown engine ${o.engine} (purewasm, node or dist)`);
  for (const s of o.suites) if (!SUITES.some((x) => x.name === s)) throw new Error(`unknown suite ${s} (known: ${SUITES.map((x) => x.name).join(', ')})`);
  return o;
}

async function runInProcess(files: SpecFile[], engine: string): Promise<FileResult[]> {
  const engines = await enginesByName(engine);
  const out: FileResult[] = [];
  for (const f of files) out.push(await runFile(f, engines, sharedDir(), cacheDirOf(projectRoot)));
  return out;
}

function timedOut(f: SpecFile, ms: number): FileResult {
  return {
    suite: f.suite,
    file: f.rel,
    byKind: { timeout: { passed: 0, failed: 1, skipped: 0 } },
    failures: [{ line: 0, kind: 'timeout', message: `file did not finish within ${ms / 1000} s (worker killed)` }],
    skips: [],
    ms,
  };
}

// Per-file durations of the last run, so that the longest files start first (a file that hangs until the
// timeout then overlaps the rest instead of ending the run a minute late). Without history: by size.
const timingsPath = join(cacheDirOf(projectRoot), 'timings.json');
const keyOf = (suite: string, rel: string): string => `${suite}/${rel}`;

function loadTimings(): Record<string, number> {
  try {
    return JSON.parse(readFileSync(timingsPath, 'utf8')) as Record<string, number>;
  } catch {
    return {};
  }
}

function saveTimings(results: FileResult[]): void {
  const t = loadTimings();
  for (const r of results) t[keyOf(r.suite, r.file)] = Math.round(r.ms);
  try {
    mkdirSync(dirname(timingsPath), { recursive: true });
    writeFileSync(timingsPath, JSON.stringify(t));
  } catch {
    // Only an optimization.
  }
}

async function runInWorkers(files: SpecFile[], jobs: number, timeoutMs: number, engine: string): Promise<FileResult[]> {
  const timings = loadTimings();
  const estimate = (f: SpecFile): number => timings[keyOf(f.suite, f.rel)] ?? f.size / 1000; // ~1 KB per ms
  const queue = [...files].sort((a, b) => estimate(b) - estimate(a));
  const out: FileResult[] = [];
  const workerPath = fileURLToPath(new URL('./worker.ts', import.meta.url));
  const lane = (): Promise<void> =>
    new Promise((resolve, reject) => {
      let child: ChildProcess;
      let current: SpecFile | undefined;
      let timer: NodeJS.Timeout | undefined;
      let finished = false;
      let ready = false;
      const next = (): void => {
        current = queue.shift();
        if (!current) {
          finished = true;
          child.disconnect();
          resolve();
          return;
        }
        const file = current;
        timer = setTimeout(() => {
          out.push(timedOut(file, timeoutMs));
          current = undefined;
          child.removeAllListeners();
          child.kill('SIGKILL');
          ready = false;
          start();
        }, timeoutMs);
        child.send({ file });
      };
      const start = (): void => {
        // Worker stdout goes to our stderr so that --json output stays one clean object.
        child = fork(workerPath, [], { execArgv: process.execArgv, stdio: ['ignore', 'pipe', 'inherit', 'ipc'], env: { ...process.env, PUREWASM_SPEC_ENGINE: engine } });
        child.stdout!.pipe(process.stderr);
        child.on('message', (m: { ready?: boolean; result?: FileResult }) => {
          if (m.ready) {
            ready = true;
            return next();
          }
          if (m.result) {
            clearTimeout(timer);
            out.push(m.result);
            next();
          }
        });
        child.on('exit', (code, signal) => {
          clearTimeout(timer);
          if (!ready && !finished) {
            // The worker could not even start (e.g. a syntax error in the runner): no point in retrying.
            reject(new Error(`spec worker exited (${signal ?? code}) before it was ready`));
            return;
          }
          if (current) {
            // The worker died mid-file (a crash of the code under test, e.g. out of memory).
            out.push({ ...timedOut(current, 0), byKind: { crash: { passed: 0, failed: 1, skipped: 0 } }, failures: [{ line: 0, kind: 'crash', message: `worker exited (${signal ?? code}) while running this file` }] });
            current = undefined;
            ready = false;
            start();
          }
        });
        child.on('error', reject);
      };
      start();
    });
  await Promise.all(Array.from({ length: Math.min(jobs, files.length) }, lane));
  return out;
}

async function main(): Promise<number> {
  const opts = parseArgs(process.argv.slice(2));
  const write = process.stdout.write.bind(process.stdout);
  if (opts.json) {
    // Anything the code under test prints must not corrupt the JSON on stdout.
    process.stdout.write = process.stderr.write.bind(process.stderr) as typeof process.stdout.write;
    console.log = console.error;
  }
  const shared = sharedDir();
  const suites = SUITES.filter((s) => opts.suites.length === 0 || opts.suites.includes(s.name));
  let files = suites.flatMap((s) => listFiles(s, shared));
  if (opts.files.length > 0) files = files.filter((f) => opts.files.some((sub) => `${f.suite}/${f.rel}`.includes(sub)));
  if (files.length === 0) process.stderr.write(`no .wast files found under ${shared} for this selection\n`);
  const t0 = performance.now();
  if (opts.engine === 'dist') await prepareDistHarness();
  // Small selections run in this process: starting workers costs about a second each.
  const totalBytes = files.reduce((n, f) => n + f.size, 0);
  const parallel = opts.jobs > 1 && files.length > 1 && (totalBytes > 500_000 || opts.jobsExplicit);
  const results = parallel ? await runInWorkers(files, opts.jobs, opts.timeoutMs, opts.engine) : await runInProcess(files, opts.engine);
  saveTimings(results);
  if (opts.writeKnownGaps) process.stderr.write(`wrote ${writeKnownGaps(results)} entries to spec-tests/known-gaps.json\n`);
  applyKnownGaps(results);
  const order = new Map(files.map((f, i) => [`${f.suite}/${f.rel}`, i]));
  results.sort((a, b) => order.get(`${a.suite}/${a.file}`)! - order.get(`${b.suite}/${b.file}`)!);
  const failed = results.some((r) => r.failures.length > 0);
  if (opts.json) write(jsonReport(results) + '\n');
  else {
    printTable(results, opts.verbose, write);
    printTopFailures(results, opts.verbose ? 50 : 15, write);
    const slowest = [...results].sort((a, b) => b.ms - a.ms).slice(0, 5);
    write(`\nslowest: ${slowest.map((r) => `${r.suite}/${r.file} ${(r.ms / 1000).toFixed(1)} s`).join(', ')}\n`);
    write(`${files.length} files in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  }
  return failed ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`spec runner: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 2;
  },
);
