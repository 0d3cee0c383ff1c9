// Runs one wasi-testsuite program the way its README (section 4) says a runner must: the spec's `root`
// copied to a fresh scratch directory (minus `*.cleanup`) and preopened as "/", argv[0] the file name
// then the spec's args, exactly the spec's env, stdin empty, stdout/stderr captured; pass = exit code
// and stdout prefix as the spec says. It goes through `runCommand`, the code `purewasm run` runs.
import { cpSync, existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { runCommand, type RunIo } from '../../src/cli/run.js';
import { SHARED } from '../shared.js';
import type { MemoryFilesystem } from '../../src/wasi/index.js';

export const SUITE = `${SHARED}/fixtures/wasi-testsuite`;

export interface Spec {
  args?: string[];
  env?: Record<string, string>;
  root?: string;
  exit_code?: number;
  stdout?: string;
  stderr?: string;
}

export interface Program {
  /** e.g. "rust/fd_readdir" */
  name: string;
  wasm: string;
  spec: Spec;
  dir: string;
}

/** Every program of `wasip1` or `p2-from-p1`, with its spec (the default spec when it has none). */
export function programs(kind: 'wasip1' | 'p2-from-p1'): Program[] {
  const out: Program[] = [];
  const suffix = kind === 'wasip1' ? '.wasm' : '.component.wasm';
  for (const lang of ['rust', 'c', 'assemblyscript']) {
    const dir = join(SUITE, kind, lang);
    for (const f of readdirSync(dir).filter((f) => f.endsWith(suffix)).sort()) {
      const stem = basename(f, suffix);
      const specPath = join(dir, `${stem}.json`);
      const spec: Spec = existsSync(specPath) ? JSON.parse(readFileSync(specPath, 'utf8')) : {};
      out.push({ name: `${lang}/${stem}`, wasm: join(dir, f), spec, dir });
    }
  }
  return out;
}

export function removeCleanup(dir: string): void {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.name.endsWith('.cleanup')) rmSync(p, { recursive: true, force: true });
    else if (e.isDirectory()) removeCleanup(p);
  }
}

export interface Outcome {
  exitCode: number;
  stdout: string;
  stderr: string;
  /** Why it failed, or undefined when it passed. */
  failure: string | undefined;
}

/** Runs `p` through `command` (default: `purewasm run`'s), its own options (`prefix`) first. */
export function runProgram(p: Program, command: (argv: string[], io: RunIo) => number = runCommand, prefix: string[] = []): Outcome {
  const argv: string[] = [...prefix];
  let scratch: string | undefined;
  if (p.spec.root !== undefined) {
    scratch = mkdtempSync(join(tmpdir(), 'purewasm-wasi-'));
    cpSync(join(p.dir, p.spec.root), scratch, { recursive: true });
    removeCleanup(scratch);
    argv.push('--dir', `${scratch}::/`);
  }
  for (const [k, v] of Object.entries(p.spec.env ?? {})) argv.push('--env', `${k}=${v}`);
  argv.push(p.wasm, ...(p.spec.args ?? []));
  const out: Uint8Array[] = [];
  const err: Uint8Array[] = [];
  const text = (chunks: Uint8Array[]) => Buffer.concat(chunks).toString('utf8');
  let exitCode: number;
  try {
    exitCode = command(argv, {
      out: (t) => out.push(Buffer.from(t)),
      err: (t) => err.push(Buffer.from(t)),
      stdin: { read: () => new Uint8Array(0) },
      stdout: { write: (b) => void out.push(b.slice()) },
      stderr: { write: (b) => void err.push(b.slice()) },
      env: {},
    });
  } finally {
    if (scratch !== undefined) rmSync(scratch, { recursive: true, force: true });
  }
  const stdout = text(out);
  const stderr = text(err);
  const expected = p.spec.exit_code ?? 0;
  let failure: string | undefined;
  if (exitCode !== expected) failure = `exit code ${exitCode}, expected ${expected}`;
  else if (p.spec.stdout !== undefined && !stdout.startsWith(p.spec.stdout)) failure = `stdout ${JSON.stringify(stdout.slice(0, 200))}, expected ${JSON.stringify(p.spec.stdout)}`;
  else if (p.spec.stderr !== undefined && !stderr.startsWith(p.spec.stderr)) failure = `stderr does not start with ${JSON.stringify(p.spec.stderr)}`;
  return { exitCode, stdout, stderr, failure };
}

/** Copies host folder `hostDir` (minus `*.cleanup`) to `memDir` of an in-memory file system (the portable backend's). */
export function loadIntoMemory(files: MemoryFilesystem, hostDir: string, memDir: string): void {
  files.mkdirp(memDir);
  for (const name of readdirSync(hostDir)) {
    if (name.endsWith('.cleanup')) continue;
    const h = join(hostDir, name);
    const m = `${memDir}/${name}`;
    const st = lstatSync(h);
    if (st.isDirectory()) loadIntoMemory(files, h, m);
    else if (st.isSymbolicLink()) files.symlinkAt(m, readlinkSync(h));
    else files.writeFile(m, new Uint8Array(readFileSync(h)));
  }
}
