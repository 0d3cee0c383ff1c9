// Runs every check of `make test` and ends with one line: "N passed, N failed".
// Type-check failures count as one failure each config; unit tests, spec directives and engine assertions
// count one each.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

let passed = 0;
let failed = 0;
/** What failed, a line each, repeated just before the last line: CI may keep only the end of the output. */
const whatFailed = [];

function fail(what) {
  failed++;
  whatFailed.push(what);
}

/** The first line of a message, at most `n` characters. */
const firstLine = (text, n = 300) => String(text).split('\n').find((l) => l.trim() !== '')?.trim().slice(0, n) ?? '';

function run(cmd, args) {
  console.log(`\n$ ${cmd} ${args.join(' ')}`);
  return spawnSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'], shell: false });
}

// The package build first: the engine phase then tests the files users get (dist/purewasm.iife.js).
if (run('node', ['scripts/build.mjs']).status === 0) passed++;
else fail('the package build (node scripts/build.mjs)');

for (const config of ['tsconfig.json', 'tsconfig.node.json']) {
  const r = run('npx', ['tsc', '-p', config]);
  if (r.status === 0) passed++;
  else fail(`the type check (npx tsc -p ${config})`);
}

const out = join(mkdtempSync(join(tmpdir(), 'purewasm-')), 'vitest.json');
run('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${out}`]);
try {
  const report = JSON.parse(readFileSync(out, 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  for (const file of report.testResults) {
    const name = relative(process.cwd(), file.name);
    for (const t of file.assertionResults) {
      if (t.status === 'failed') whatFailed.push(`vitest ${name} > ${t.fullName}: ${firstLine(t.failureMessages?.[0])}`);
    }
    // A file that fails outside its tests (an import, a hook) has no failed test to name.
    if (file.status === 'failed' && !file.assertionResults.some((t) => t.status === 'failed')) {
      whatFailed.push(`vitest ${name}: ${firstLine(file.message)}`);
    }
  }
  if (report.numTotalTests === 0 || !report.success && report.numFailedTests === 0) fail('vitest: the run failed outside its tests');
} catch (e) {
  console.error('vitest produced no report:', e.message);
  fail('vitest produced no report');
}

function runSpec(extra, label) {
  console.log(`\n$ npm run --silent spec -- --json${extra.length > 0 ? ' ' + extra.join(' ') : ''}`);
  const spec = spawnSync('npm', ['run', '--silent', 'spec', '--', '--json', ...extra], {
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 256 * 1024 * 1024,
  });
  try {
    const report = JSON.parse(spec.stdout.toString());
    for (const [name, s] of Object.entries(report.suites)) {
      console.log(`spec ${name}${label}: ${s.passed} passed, ${s.failed} failed, ${s.skipped} skipped`);
      passed += s.passed;
      failed += s.failed;
      for (const f of s.failures ?? []) whatFailed.push(`spec ${name}${label} ${f}`);
    }
    if (spec.status !== 0 && spec.status !== 1) fail(`the spec runner${label} exited with ${spec.status ?? spec.signal}`);
  } catch (e) {
    console.error('spec runner produced no JSON:', e.message);
    fail(`the spec runner${label} produced no JSON`);
  }
}
runSpec([], '');
// The core suites again with every function compiled by the JS tier (src/vm/jstier; ~20 s).
runSpec(['--tier', 'js', '--suite', 'core-2.0', '--suite', 'core-3.0', '--suite', 'threads'], ' (JS tier)');
// Every suite again on the built files (dist/purewasm.mjs, dist/jit.mjs: bundled, property names mangled as
// shipped; spec-tests/dist.ts), so a build-only bug fails here (~45 s). test/built (in the vitest phase)
// runs the WASI testsuite, traces, a debugger session and ahead-of-time JS through dist/cli.mjs.
runSpec(['--engine', 'dist'], ' (dist)');

// The engine phase (test/engines): the built bundle in node --jitless, QuickJS, quickjs-ng, Hermes 0.12 and
// Chromium --jitless. Each engine's assertions count one each; an engine that crashes or cannot start, one
// failure. Progress and failures go to stderr; stdout is one JSON object.
console.log('\n$ npx tsx test/engines/run.ts --json');
const engines = spawnSync('npx', ['tsx', 'test/engines/run.ts', '--json'], {
  stdio: ['ignore', 'pipe', 'inherit'],
  maxBuffer: 64 * 1024 * 1024,
});
try {
  const report = JSON.parse(engines.stdout.toString());
  if (report.engines.length === 0) fail('the engine harness ran no engine');
  for (const r of report.engines) {
    console.log(`engine ${r.engine}: ${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped in ${r.seconds.toFixed(1)} s`);
    passed += r.passed;
    failed += r.failed;
    for (const f of r.failures) whatFailed.push(`engine ${r.engine}: ${firstLine(f)}`);
  }
  if (engines.status !== 0 && engines.status !== 1) fail(`the engine harness exited with ${engines.status ?? engines.signal}`);
} catch (e) {
  console.error('engine harness produced no JSON:', e.message);
  fail('the engine harness produced no JSON');
}

if (whatFailed.length > 0) {
  const shown = 30;
  console.log(`\nwhat failed (${failed}${whatFailed.length > shown ? `; the first ${shown}` : ''}):`);
  for (const line of whatFailed.slice(0, shown)) console.log(`  ${line}`);
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
