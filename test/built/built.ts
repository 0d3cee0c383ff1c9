// The built package the test/built suites run: dist/ when `node scripts/build.mjs` made it after the last
// change to src/ (as `make test` does first), otherwise a fresh build into a scratch folder, so a stale
// dist/ never hides a change. Either way the files are the shipped ones: bundled, property names mangled.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { newest } from '../newest.js';

export const ROOT = resolve(__dirname, '../..');

let built: Promise<string> | undefined;

/** The folder holding the built package's files (cli.mjs, purewasm.mjs…). */
export function builtPackage(): Promise<string> {
  built ??= (async () => {
    const dist = join(ROOT, 'dist');
    const build = (await import(join(ROOT, 'scripts/build.mjs'))) as { MANGLE_FILE: string; buildPackage: (dir: string) => Promise<void> };
    const files = ['cli.mjs', 'compile-worker.mjs', 'purewasm.mjs', 'debug.mjs', 'replay.mjs', 'wasi.mjs', 'wasi-node.mjs', 'jit.mjs', 'snapshot.mjs', 'wit.mjs'].map((f) => join(dist, f));
    const fresh = [...files, build.MANGLE_FILE].every(existsSync) && Math.min(...files.map((f) => statSync(f).mtimeMs)) >= newest(join(ROOT, 'src'));
    if (fresh) return dist;
    const scratch = mkdtempSync(join(tmpdir(), 'purewasm-dist-'));
    process.on('exit', () => rmSync(scratch, { recursive: true, force: true }));
    await build.buildPackage(scratch);
    return scratch;
  })();
  return built;
}

export interface Run {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `node <args>` in a child process; resolves when it exits. */
export function runNode(args: readonly string[], stdin = '', env: NodeJS.ProcessEnv = process.env): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'pipe'], env });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', fail);
    child.on('close', (code) => done({ exitCode: code ?? -1, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
    child.stdin.end(stdin);
  });
}

/** `jobs(i)` for i in 0…n-1, at most `width` at a time, results in order. */
export async function pool<T>(n: number, width: number, job: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = new Array(n);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < n) {
      const i = next++;
      out[i] = await job(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, n) }, worker));
  return out;
}
