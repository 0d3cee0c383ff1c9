// Runs one wasi-testsuite wasip3 program the way the suite's README (sections 2 and 4) says a runner must,
// through `runCommandAsync` — the code `purewasm run` runs. Both spec styles become one list of operations:
// the old one ({root, args, env, exit_code, stdout, stderr}) is [run, read stdout?, read stderr?, wait].
// `root` is copied to a fresh scratch directory (minus `*.cleanup`) and preopened as "/"; argv[0] is the
// file name (`--argv0`, as upstream runs `wasmtime cli-env.wasm` in the test's folder), then the spec's args; the environment is exactly the spec's env. stdin holds every `write`
// payload and then ends (in-process the guest cannot wait for the runner, so the writes are there from the
// start; test/wasi-p3/cli-built.test.ts interleaves them with a real pipe). Pass = each `read` payload is
// the next that many characters of its stream, and the exit status is the `wait`'s exit_code.
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { runCommandAsync, type RunIo } from '../../src/cli/run.js';
import { bytesInput } from '../../src/wasi/index.js';
import { SHARED } from '../shared.js';
import { removeCleanup, type Spec } from '../wasi/testsuite-harness.js';

export const WASIP3 = `${SHARED}/fixtures/wasi-testsuite/wasip3/rust`;

export type Operation =
  | { type: 'run'; args?: string[]; env?: Record<string, string>; root?: string }
  | { type: 'wait'; exit_code?: number }
  | { type: 'read'; id: 'stdout' | 'stderr'; payload: string }
  | { type: 'write'; id: 'stdin'; payload: string }
  | { type: string; [k: string]: unknown };

export interface P3Program {
  name: string;
  wasm: string;
  operations: Operation[];
}

/** A spec file in the older style (one run, expected exit code and output): preview1's and 0.2's shape. */
type OldSpec = Spec;

/** The operations of a spec file (either style); a program without one: run, then wait for 0. */
export function operationsOf(spec: OldSpec & { operations?: Operation[] }): Operation[] {
  if (spec.operations !== undefined) return spec.operations;
  const ops: Operation[] = [{ type: 'run', args: spec.args, env: spec.env, root: spec.root }];
  if (spec.stdout !== undefined) ops.push({ type: 'read', id: 'stdout', payload: spec.stdout });
  if (spec.stderr !== undefined) ops.push({ type: 'read', id: 'stderr', payload: spec.stderr });
  ops.push({ type: 'wait', exit_code: spec.exit_code ?? 0 });
  return ops;
}

/** The wasip3 programs whose names `keep` accepts, sorted, each with its operations. */
export function p3Programs(keep: (name: string) => boolean): P3Program[] {
  const out: P3Program[] = [];
  for (const f of readdirSync(WASIP3).filter((f) => f.endsWith('.wasm')).sort()) {
    const name = basename(f, '.wasm');
    if (!keep(name)) continue;
    const specPath = join(WASIP3, `${name}.json`);
    const spec = existsSync(specPath) ? JSON.parse(readFileSync(specPath, 'utf8')) : {};
    out.push({ name, wasm: join(WASIP3, f), operations: operationsOf(spec) });
  }
  return out;
}

/** `purewasm run` arguments for a program's run operation, with its root copied to `scratch`. */
export function runArgv(p: P3Program, scratch: string | undefined, prefix: string[] = []): string[] {
  const run = p.operations.find((o) => o.type === 'run') as Extract<Operation, { type: 'run' }>;
  // argv[0] as upstream runners give it (the file name: cli-env checks it).
  const argv = [...prefix, '--argv0', basename(p.wasm)];
  if (run.root !== undefined) {
    if (scratch === undefined) throw new Error(`${p.name} needs a scratch directory`);
    cpSync(join(WASIP3, run.root), scratch, { recursive: true });
    removeCleanup(scratch);
    argv.push('--dir', `${scratch}::/`);
  }
  for (const [k, v] of Object.entries(run.env ?? {})) argv.push('--env', `${k}=${v}`);
  argv.push(p.wasm, ...(run.args ?? []));
  return argv;
}

export function needsScratch(p: P3Program): boolean {
  return p.operations.some((o) => o.type === 'run' && (o as { root?: string }).root !== undefined);
}

export interface Outcome {
  exitCode: number;
  stdout: string;
  stderr: string;
  failure: string | undefined;
}

/** Checks the outcome against the operations after `run`: reads in order per stream, then the exit code. */
export function check(p: P3Program, exitCode: number, stdout: string, stderr: string): string | undefined {
  const at = { stdout: 0, stderr: 0 };
  const text = { stdout, stderr };
  for (const op of p.operations) {
    if (op.type === 'read') {
      const { id, payload } = op as Extract<Operation, { type: 'read' }>;
      const got = text[id].slice(at[id], at[id] + payload.length);
      if (got !== payload) return `${id} ${JSON.stringify(got)} where ${JSON.stringify(payload)} was expected (at ${at[id]})`;
      at[id] += payload.length;
    } else if (op.type === 'wait') {
      const expected = (op as Extract<Operation, { type: 'wait' }>).exit_code ?? 0;
      if (exitCode !== expected) return `exit code ${exitCode}, expected ${expected}`;
    } else if (op.type !== 'run' && op.type !== 'write') {
      return `operation ${op.type} is not supported by this runner`;
    }
  }
  return undefined;
}

/** Runs `p` in-process through `command` (default: runCommandAsync, what `purewasm run` runs). */
export async function runP3(
  p: P3Program,
  command: (argv: string[], io: RunIo) => Promise<number> = runCommandAsync,
  prefix: string[] = [],
): Promise<Outcome> {
  const scratch = needsScratch(p) ? mkdtempSync(join(tmpdir(), 'purewasm-wasip3-')) : undefined;
  const input = p.operations.filter((o) => o.type === 'write').map((o) => (o as { payload: string }).payload).join('');
  const out: Uint8Array[] = [];
  const err: Uint8Array[] = [];
  let exitCode: number;
  try {
    exitCode = await command(runArgv(p, scratch, prefix), {
      out: (t) => void out.push(Buffer.from(t)),
      err: (t) => void err.push(Buffer.from(t)),
      stdin: bytesInput(input),
      stdout: { write: (b) => void out.push(b.slice()) },
      stderr: { write: (b) => void err.push(b.slice()) },
      env: {},
    });
  } finally {
    if (scratch !== undefined) rmSync(scratch, { recursive: true, force: true });
  }
  const stdout = Buffer.concat(out).toString('utf8');
  const stderr = Buffer.concat(err).toString('utf8');
  return { exitCode, stdout, stderr, failure: check(p, exitCode, stdout, stderr) };
}
