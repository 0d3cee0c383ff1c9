// `purewasm compile --js --jobs N` end to end (npx tsx src/cli/main.ts, as a user runs the sources): the output
// made on worker threads is the serial output byte for byte, a worker's failure fails the command cleanly, and
// --jobs takes whole numbers only. The inputs here are small, which compile on one thread whatever --jobs says:
// PUREWASM_COMPILE_TEST=parallel makes them use the workers (one function per batch, so every worker gets some).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot, sharedDir } from '../real-modules/corpus.js';

const tmp = mkdtempSync(join(tmpdir(), 'purewasm-compile-jobs-'));
const sha256 = join(sharedDir, 'bench/wasm/sha256.wasm');
const nbody = join(sharedDir, 'bench/wasm/nbody.wasm');
// (three distinct core modules)
const component = join(sharedDir, 'fixtures/components/jco/jco/components/hello_stdout.component.wasm');

interface Run {
  readonly code: number | null;
  readonly stderr: string;
  /** The output file's text, or undefined when there is none. */
  readonly output: string | undefined;
}

/** `purewasm compile --js FILE -o OUT ...args` with PUREWASM_COMPILE_TEST = test. */
function compile(file: string, out: string, args: readonly string[], test?: string): Promise<Run> {
  const env = { ...process.env, PUREWASM_COMPILE_TEST: test };
  if (test === undefined) delete env.PUREWASM_COMPILE_TEST;
  const path = join(tmp, out);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'compile', '--js', file, '-o', path, ...args], { cwd: projectRoot, env });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stderr: stderr.replace(path, 'OUT'), output: existsSync(path) ? readFileSync(path, 'utf8') : undefined }));
  });
}

describe('purewasm compile --js --jobs', () => {
  for (const [what, file, args] of [
    ['a core module', sha256, []],
    ['a core module with --f64 bits', nbody, ['--f64', 'bits']],
    ['a component', component, []],
  ] as const) {
    it(`writes ${what} on worker threads byte for byte as on one thread`, async () => {
      const [serial, two, three] = await Promise.all([
        compile(file, `${what}-1.js`, [...args, '--jobs', '1']),
        compile(file, `${what}-2.js`, [...args, '--jobs', '2'], 'parallel'),
        compile(file, `${what}-3.js`, [...args, '--jobs', '3'], 'parallel'),
      ]);
      expect(serial.code, serial.stderr).toBe(0);
      expect(serial.output).toMatch(/functions compiled, \d+ left to the interpreter\.\n$/);
      expect(serial.stderr).toMatch(/^OUT: \d+ functions compiled/);
      for (const r of [two, three]) {
        expect(r.code, r.stderr).toBe(0);
        expect(r.stderr).toBe(serial.stderr);
        expect(r.output === serial.output, 'same output').toBe(true);
      }
    }, 120_000);
  }

  it('fails cleanly when a worker throws or dies: a message, exit 1, no output left', async () => {
    const [thrown, died] = await Promise.all([
      compile(component, 'thrown.js', ['--jobs', '2'], 'throw'),
      compile(sha256, 'died.js', ['--jobs', '3'], 'exit'),
    ]);
    expect(thrown.code).toBe(1);
    expect(thrown.stderr).toMatch(/^purewasm compile: a worker failed on functions \d+–\d+ of core module \d+: injected failure/);
    expect(thrown.output).toBeUndefined();
    expect(died.code).toBe(1);
    expect(died.stderr).toMatch(/^purewasm compile: a worker failed on functions \d+–\d+: it exited with code 3\n$/);
    expect(died.output).toBeUndefined();
  }, 120_000);

  it('rejects an invalid input before any output, as on one thread', async () => {
    const bytes = readFileSync(sha256);
    const bad = join(tmp, 'truncated.wasm');
    writeFileSync(bad, bytes.subarray(0, bytes.length - 5));
    // (a worker would fail on its first batch: the input must be refused before there is one)
    const [serial, parallel] = await Promise.all([compile(bad, 'bad-1.js', ['--jobs', '1']), compile(bad, 'bad-2.js', ['--jobs', '2'], 'throw')]);
    expect(serial.code).toBe(1);
    expect(serial.stderr).toMatch(/invalid module: .*at byte offset \d+/);
    expect(parallel).toEqual({ ...serial, output: undefined });
    expect(serial.output).toBeUndefined();
  }, 120_000);

  it('takes --jobs as a whole number of threads, 1 or more', async () => {
    const runs = await Promise.all(['0', '-1', '1.5', 'two', ''].map((n, i) => compile(sha256, `usage-${i}.js`, ['--jobs', n])));
    for (const r of runs) {
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^purewasm compile: --jobs must be a whole number of threads, 1 or more, not '[^']*'\n/);
      expect(r.output).toBeUndefined();
    }
  }, 120_000);
});
