// Runs one wasi-testsuite `wasip3` program per its spec, as the upstream runner does
// (test-runner/wasi_test_runner/test_suite_runner.py; ../shared/fixtures/wasi-testsuite/README.md §2, §4):
// `purewasm run` for wasi:cli/command worlds, `purewasm serve` for wasi:http/service worlds — in this
// process through the code the CLI runs (runCommandAsync, startServing), or as a child process of the built
// command with real pipes and a real SIGINT (`builtCli`). The spec's operations run in order
// and the first failing one ends the test: `run` (with the flags of its `proposals`: http → `-S http`,
// sockets → `-S inherit-network`, and HTTP_SERVER_<NAME> in the environment for each of its `servers`),
// `read` (the next characters of stdout/stderr), `connect` / `send` / `recv` (TCP to the address the guest
// printed on stdout), `request` (HTTP to the served component; status, the listed headers, body), `kill`
// (serve: SIGINT stops the server) and `wait` (the exit status).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { runCommandAsync, type RunIo } from '../../src/cli/run.js';
import { startServing } from '../../src/cli/serve.js';
import { startServers, type RunningServers, type ServerSpec } from './endpoint-server.js';

export interface Operation {
  type: 'run' | 'wait' | 'read' | 'write' | 'connect' | 'send' | 'recv' | 'request' | 'kill';
  args?: string[];
  env?: Record<string, string>;
  exit_code?: number;
  id?: string;
  payload?: string;
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
  response?: { status?: number; headers?: Record<string, string>; body?: string };
  signal?: string;
}

export interface Spec {
  operations?: Operation[];
  proposals?: ('http' | 'sockets')[];
  world?: 'wasi:cli/command' | 'wasi:http/service';
  servers?: ServerSpec[];
}

/** How long one operation may take (upstream: 5 s a test; an interpreter on a shared machine needs more). */
const OP_TIMEOUT_MS = 60_000;

export function readSpec(dir: string, name: string): Spec {
  const p = join(dir, `${name}.json`);
  return existsSync(p) ? (JSON.parse(readFileSync(p, 'utf8')) as Spec) : {};
}

function withTimeout<T>(p: Promise<T>, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${OP_TIMEOUT_MS / 1000} s`)), OP_TIMEOUT_MS);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/** A captured output stream that operations read from in order, waiting for what has not come yet. */
export class Capture {
  private text = '';
  private at = 0;
  private waiters: (() => void)[] = [];
  private readonly decoder = new TextDecoder();
  push(b: Uint8Array): void {
    this.text += this.decoder.decode(b, { stream: true });
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }
  get all(): string {
    return this.text;
  }
  private async until(ready: () => boolean, what: string): Promise<void> {
    await withTimeout((async () => {
      while (!ready()) await new Promise<void>((r) => this.waiters.push(r));
    })(), what);
  }
  /** The next `n` characters. */
  async take(n: number, what: string): Promise<string> {
    await this.until(() => this.text.length - this.at >= n, what);
    const s = this.text.slice(this.at, this.at + n);
    this.at += n;
    return s;
  }
  /** The next line, without its end. */
  async line(what: string): Promise<string> {
    await this.until(() => this.text.indexOf('\n', this.at) >= 0, what);
    const end = this.text.indexOf('\n', this.at);
    const s = this.text.slice(this.at, end);
    this.at = end + 1;
    return s.trim();
  }
}

/** Bytes arriving on a TCP connection the runner opened. */
class Peer {
  private data = Buffer.alloc(0);
  private waiters: (() => void)[] = [];
  constructor(readonly socket: Socket) {
    socket.on('data', (d: Buffer) => {
      this.data = Buffer.concat([this.data, d]);
      this.wake();
    });
    socket.on('end', () => this.wake());
    socket.on('error', () => this.wake());
  }
  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }
  /** Up to `n` bytes: as many as arrived once there are `n` or the peer ended. */
  async recv(n: number): Promise<string> {
    await withTimeout((async () => {
      while (this.data.length < n && !this.socket.readableEnded && !this.socket.destroyed) await new Promise<void>((r) => this.waiters.push(r));
    })(), 'recv');
    const s = this.data.subarray(0, n).toString('utf8');
    this.data = this.data.subarray(n);
    return s;
  }
}

/** A running `purewasm run` or `serve`: its exit status, and for serve its URL. */
interface Launched {
  exit: Promise<number>;
  url?: string;
  /** SIGINT (serve stops, exit 0). */
  interrupt(): Promise<void>;
  /** Ends it whatever it does (cleanup after a failed operation). */
  kill(): void;
}

/** Starts `purewasm run|serve ARGV` with its output going to `out` and `err`. */
export type Launcher = (service: boolean, argv: string[], out: Capture, err: Capture) => Promise<Launched>;

/** In this process, through the code the CLI runs (the guest shares the event loop with the runner). */
const inProcess: Launcher = async (service, argv, out, err) => {
  const io: RunIo = {
    out: (t) => out.push(Buffer.from(t)),
    err: (t) => err.push(Buffer.from(t)),
    stdin: { read: () => new Uint8Array(0) },
    stdout: { write: (b) => out.push(b.slice()) },
    stderr: { write: (b) => err.push(b.slice()) },
    env: {},
  };
  if (!service) {
    // An in-process guest cannot be stopped from outside; a test that fails leaves it to the worker's end.
    return { exit: runCommandAsync(argv, io), interrupt: () => Promise.resolve(), kill: () => undefined };
  }
  const s = await startServing(['--addr', '127.0.0.1:0', ...argv], io);
  if (typeof s === 'number') return { exit: Promise.resolve(s), interrupt: () => Promise.resolve(), kill: () => undefined };
  // `purewasm serve` stops on SIGINT with status 0: what its signal handler does.
  let resolveExit!: (code: number) => void;
  const exit = new Promise<number>((r) => (resolveExit = r));
  let closed: Promise<void> | undefined;
  const close = () => (closed ??= s.close().then(() => resolveExit(0)));
  return { exit, url: s.url, interrupt: close, kill: () => void close() };
};

/** The built command (`cli.mjs` at `cli`) as a child process, under `node ...nodeFlags`. */
export function builtCli(cli: string, nodeFlags: string[] = []): Launcher {
  return async (service, argv, out, err) => {
    const args = [...nodeFlags, cli, service ? 'serve' : 'run', ...(service ? ['--addr', '127.0.0.1:0'] : []), ...argv];
    const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.stdin.end();
    const exit = new Promise<number>((resolve) => child.on('close', (code, signal) => resolve(code ?? (signal === null ? -1 : 128))));
    let url: string | undefined;
    if (service) {
      // Its first line on stderr names the address (node --jitless may warn before it).
      for (let i = 0; i < 3 && url === undefined; i++) url = /http:\/\/\S+/.exec(await err.line('the Serving line on stderr'))?.[0];
    }
    return {
      exit,
      url,
      interrupt: async () => void child.kill('SIGINT'),
      kill: () => void child.kill('SIGKILL'),
    };
  };
}

export interface Result {
  /** Why it failed; undefined when every operation passed. */
  failure: string | undefined;
  stdout: string;
  stderr: string;
  /** Requests the spec's servers saw. */
  seen: string[];
}

/** Runs `<dir>/<name>.wasm` per its spec; `grant: false` leaves out the flags its proposals ask for (to
 *  see the sandbox refuse). */
export async function runSpec(dir: string, name: string, grant = true, launch: Launcher = inProcess): Promise<Result> {
  const spec = readSpec(dir, name);
  const wasm = join(dir, `${name}.wasm`);
  const ops: Operation[] = spec.operations ?? [{ type: 'run' }, { type: 'wait' }];
  const out = new Capture();
  const err = new Capture();
  const flags: string[] = [];
  if (grant && spec.proposals?.includes('http')) flags.push('-S', 'http');
  if (grant && spec.proposals?.includes('sockets')) flags.push('-S', 'inherit-network');
  const service = spec.world === 'wasi:http/service';
  let servers: RunningServers | undefined;
  let running: Launched | undefined;
  const peers = new Map<string, Peer>();
  const fail = (why: string): Result => ({ failure: why, stdout: out.all, stderr: err.all, seen: servers?.seen ?? [] });
  try {
    for (const op of ops) {
      switch (op.type) {
        case 'run': {
          servers = await startServers(spec.servers ?? []);
          const env = { ...(op.env ?? {}), ...servers.env };
          const envFlags = Object.entries(env).flatMap(([k, v]) => ['--env', `${k}=${v}`]);
          running = await launch(service, [...flags, ...envFlags, wasm, ...(service ? [] : op.args ?? [])], out, err);
          if (service && running.url === undefined) return fail(`serve exited ${await running.exit} before serving`);
          break;
        }
        case 'read': {
          const payload = op.payload ?? '';
          const got = await (op.id === 'stderr' ? err : out).take(payload.length, `read ${op.id ?? 'stdout'}`);
          if (got !== payload) return fail(`read ${op.id ?? 'stdout'}: expected ${JSON.stringify(payload)}, got ${JSON.stringify(got)}`);
          break;
        }
        case 'connect': {
          const line = await out.line('connect: the address on stdout');
          const m = /^(.*):(\d+)$/.exec(line);
          if (m === null) return fail(`connect: expected host:port on stdout, got ${JSON.stringify(line)}`);
          const socket = connect(Number(m[2]), m[1]);
          await withTimeout(new Promise<void>((resolve, reject) => {
            socket.once('connect', resolve);
            socket.once('error', reject);
          }), `connect to ${line}`);
          peers.set(op.id ?? 'server', new Peer(socket));
          break;
        }
        case 'send':
          peers.get(op.id ?? 'server')!.socket.write(op.payload ?? '');
          break;
        case 'recv': {
          const payload = op.payload ?? '';
          const got = await peers.get(op.id ?? 'server')!.recv(Buffer.byteLength(payload));
          if (got !== payload) return fail(`recv: expected ${JSON.stringify(payload)}, got ${JSON.stringify(got)}`);
          break;
        }
        case 'request': {
          if (running?.url === undefined) return fail('request: nothing is serving');
          const url = running.url.replace(/\/$/, '') + (op.path?.startsWith('/') ? op.path : `/${op.path ?? ''}`);
          const r = await withTimeout(fetch(url, {
            method: op.method ?? 'GET', headers: op.headers, body: op.body ? op.body : undefined,
          }), `request ${op.method} ${op.path}`);
          const body = await withTimeout(r.text(), `response body of ${op.method} ${op.path}`);
          const want = op.response ?? {};
          if (r.status !== (want.status ?? 200)) return fail(`request ${op.method} ${op.path}: expected status ${want.status ?? 200}, got ${r.status} (${body})`);
          for (const [h, v] of Object.entries(want.headers ?? {})) {
            if (r.headers.get(h) !== v) return fail(`request ${op.method} ${op.path}: expected header ${h}: ${v}, got ${r.headers.get(h)}`);
          }
          if (body !== (want.body ?? '')) return fail(`request ${op.method} ${op.path}: expected body ${JSON.stringify(want.body ?? '')}, got ${JSON.stringify(body)}`);
          break;
        }
        case 'kill':
          if (op.signal !== undefined && op.signal !== 'SIGINT') return fail(`kill: only SIGINT is supported, not ${op.signal}`);
          if (running === undefined) return fail('kill: nothing is running');
          await running.interrupt();
          break;
        case 'wait': {
          if (running === undefined) return fail('wait: nothing is running');
          const code = await withTimeout(running.exit, 'wait');
          running = undefined;
          if (code !== (op.exit_code ?? 0)) return fail(`wait: expected exit status ${op.exit_code ?? 0}, got ${code}`);
          break;
        }
        default:
          return fail(`operation ${op.type} is not supported by this runner`);
      }
    }
    return { failure: undefined, stdout: out.all, stderr: err.all, seen: servers?.seen ?? [] };
  } catch (e) {
    return fail(e instanceof Error ? e.message : String(e));
  } finally {
    for (const p of peers.values()) p.socket.destroy();
    running?.kill();
    await servers?.close();
  }
}
