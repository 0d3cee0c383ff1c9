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

/**
 * p2-from-p1 program → what the preview1→preview2 adapter inside the component does instead of what the
 * preview1 test expects, and why (the suite's README, section 5; jco shows the same).
 */
export const ADAPTER_DECIDES: Record<string, { exitCode: number; stderr: RegExp; reason: string }> = {
  'assemblyscript/args_get-multiple-arguments': {
    exitCode: 134,
    stderr: /assertion failed at adapter line 2858/,
    reason: "the adapter's state-block check fails: AssemblyScript's allocator uses memory the adapter took for its state",
  },
  'assemblyscript/environ_get-multiple-variables': {
    exitCode: 134,
    stderr: /assertion failed at adapter line 2858/,
    reason: 'same adapter state-block assertion, in environ_get',
  },
  'assemblyscript/fd_write-to-invalid-fd': {
    exitCode: 1,
    stderr: /abort: .*src_input\.ts/,
    // Re-checked against wasmtime's wasi-preview1-component-adapter (lib.rs, fd_write): before the adapter
    // has allocated its state it answers ERRNO_IO without looking at the descriptor (or calling the host).
    reason: "the adapter's fd_write answers IO, not BADF, before its state is allocated (the program's first WASI call)",
  },
  'assemblyscript/proc_exit-failure': {
    exitCode: 1,
    stderr: /^$/,
    reason: 'the adapter turns proc_exit(33) into wasi:cli/exit.exit(err): the host only sees status 1',
  },
};

export interface Outcome {
  exitCode: number;
  stdout: string;
  stderr: string;
  /** Why it failed, or undefined when it passed. */
  failure: string | undefined;
}

/**
 * `p`'s arguments for `purewasm run` (its own options `prefix` first), with the fresh copy of its `root`
 * preopened as "/" (`scratch`: the caller removes it).
 */
export function argvOf(p: Program, prefix: string[] = []): { argv: string[]; scratch: string | undefined } {
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
  return { argv, scratch };
}

/** What the spec says of a run of `p`: why it failed, or undefined when it passed. */
export function verdict(p: Program, exitCode: number, stdout: string, stderr: string): string | undefined {
  const expected = p.spec.exit_code ?? 0;
  if (exitCode !== expected) return `exit code ${exitCode}, expected ${expected}`;
  if (p.spec.stdout !== undefined && !stdout.startsWith(p.spec.stdout)) return `stdout ${JSON.stringify(stdout.slice(0, 200))}, expected ${JSON.stringify(p.spec.stdout)}`;
  if (p.spec.stderr !== undefined && !stderr.startsWith(p.spec.stderr)) return `stderr does not start with ${JSON.stringify(p.spec.stderr)}`;
  return undefined;
}

/** Runs `p` through `command` (default: `purewasm run`'s), its own options (`prefix`) first. */
export function runProgram(p: Program, command: (argv: string[], io: RunIo) => number = runCommand, prefix: string[] = []): Outcome {
  const { argv, scratch } = argvOf(p, prefix);
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
  return { exitCode, stdout, stderr, failure: verdict(p, exitCode, stdout, stderr) };
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
