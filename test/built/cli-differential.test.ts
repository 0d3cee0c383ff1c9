// The built `purewasm` command (dist/cli.mjs and the entries it imports: bundled, property names mangled)
// against the same command run from src/ (tsx): what each prints must be the same, and what one writes (a
// trace, ahead-of-time JS) the other must read. A property renamed in the build that leaks into output or
// into a file format shows up as a difference here.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHARED } from '../shared.js';
import { argvOf, programs, type Program } from '../wasi/testsuite-harness.js';
import { ROOT, builtPackage, runNode, type Run } from './built.js';

/** Node's own WebAssembly, the oracle (the project's tsconfig has no DOM or wasm types). */
const NodeWasm = (globalThis as { WebAssembly?: any }).WebAssembly;
const DEBUG_DIR = join(SHARED, 'fixtures/debug');
const JCO = join(SHARED, 'fixtures/components/jco/transpile/runtime');
const SRC_CLI = ['--import', 'tsx', join(ROOT, 'src/cli/main.ts')];
let dist: string;
let BUILT_CLI: string[];
const scratch = mkdtempSync(join(tmpdir(), 'purewasm-built-'));

beforeAll(async () => {
  dist = await builtPackage();
  BUILT_CLI = [join(dist, 'cli.mjs')];
}, 600_000);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The command's output, both builds; the test then compares them. */
async function both(args: string[]): Promise<[Run, Run]> {
  return Promise.all([runNode([...SRC_CLI, ...args]), runNode([...BUILT_CLI, ...args])]);
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** `purewasm debug` in a pseudo-terminal (`script`), fed these REPL commands: what the terminal showed. */
function repl(cli: string[], args: string[], commands: string[]): string {
  const cmd = [process.execPath, ...cli, 'debug', ...args].map(shellQuote).join(' ');
  const r = spawnSync('script', ['-qfec', cmd, '/dev/null'], { input: commands.join('\n') + '\n', encoding: 'utf8', timeout: 120_000, cwd: ROOT });
  if (r.error) throw r.error;
  expect(r.status, r.stdout + r.stderr).toBe(0);
  return r.stdout.replace(/\r/g, '');
}

/**
 * `purewasm debug --dap` over stdio: initialize, launch fib.O0.wasm's run_fib(6), a breakpoint at fib.c:27,
 * the stack, the locals of the first stop, then on to the end. What the adapter answered, one line each.
 */
async function dapSession(cli: string[]): Promise<string[]> {
  const child = spawn(process.execPath, [...cli, 'debug', '--dap'], { stdio: ['pipe', 'pipe', 'inherit'], cwd: ROOT });
  let buf = Buffer.alloc(0);
  const msgs: any[] = [];
  const waiters: (() => void)[] = [];
  child.stdout.on('data', (d: Buffer) => {
    buf = Buffer.concat([buf, d]);
    for (;;) {
      const h = buf.indexOf('\r\n\r\n');
      if (h < 0) break;
      const len = Number(/Content-Length: (\d+)/.exec(buf.subarray(0, h).toString())![1]);
      if (buf.length < h + 4 + len) break;
      msgs.push(JSON.parse(buf.subarray(h + 4, h + 4 + len).toString()));
      buf = buf.subarray(h + 4 + len);
      waiters.splice(0).forEach((w) => w());
    }
  });
  let seq = 1;
  const send = (command: string, args: unknown): number => {
    const text = JSON.stringify({ seq, type: 'request', command, arguments: args });
    child.stdin.write(`Content-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`);
    return seq++;
  };
  const until = async (pred: (m: any) => boolean): Promise<any> => {
    for (;;) {
      const i = msgs.findIndex(pred);
      if (i >= 0) return msgs.splice(i, 1)[0];
      await new Promise<void>((r) => waiters.push(r));
    }
  };
  const request = (command: string, args: unknown): Promise<any> => {
    const s = send(command, args);
    return until((m) => m.type === 'response' && m.request_seq === s);
  };
  try {
    const out: string[] = [];
    out.push(Object.keys((await request('initialize', { adapterID: 'test', linesStartAt1: true, columnsStartAt1: true })).body).sort().join(','));
    send('launch', { program: join(DEBUG_DIR, 'fib.O0.wasm'), invoke: 'run_fib', args: ['6'] }); // answered after configurationDone
    await until((m) => m.event === 'initialized');
    const bp = await request('setBreakpoints', { source: { path: 'fib.c' }, breakpoints: [{ line: 27 }] });
    out.push(JSON.stringify(bp.body.breakpoints.map((b: any) => [b.verified, b.line])));
    await request('configurationDone', {});
    const stop = await until((m) => m.event === 'stopped');
    const stack = await request('stackTrace', { threadId: stop.body.threadId });
    out.push(JSON.stringify(stack.body.stackFrames.map((f: any) => [f.name, f.line])));
    const scopes = await request('scopes', { frameId: stack.body.stackFrames[0].id });
    const vars = await request('variables', { variablesReference: scopes.body.scopes[0].variablesReference });
    out.push(JSON.stringify(vars.body.variables.map((v: any) => [v.name, v.value])));
    await request('setBreakpoints', { source: { path: 'fib.c' }, breakpoints: [] });
    await request('continue', { threadId: stop.body.threadId });
    out.push(JSON.stringify((await until((m) => m.event === 'exited')).body));
    return out;
  } finally {
    child.kill();
  }
}

describe('dist/cli.mjs prints what src/cli prints', () => {
  it('run --invoke of a component export (WAVE values in and out)', async () => {
    const [src, built] = await both(['run', '--invoke', 'add(4294967295, 1)', join(JCO, 'adder.component.wasm')]);
    expect(built).toEqual(src);
    expect(built.stdout).toBe('0\n');
  }, 120_000);

  it('wit of a component', async () => {
    const [src, built] = await both(['wit', join(JCO, 'records.component.wasm')]);
    expect(built).toEqual(src);
    expect(built.stdout).toContain('import test:records/test;');
  }, 120_000);

  it('a debugger session (purewasm debug through dist/debug.mjs): breakpoints, stack, locals, steps', () => {
    const args = ['--invoke', 'run_fib', join(DEBUG_DIR, 'fib.O0.wasm'), '6'];
    const commands = ['break fib.c:27', 'run', 'continue', 'bt', 'info locals', 'print fib_calls', 'frame 2', 'print stats->calls', 'next', 'finish', 'info breakpoints', 'delete', 'continue', 'quit'];
    const built = repl([join(dist, 'cli.mjs')], args, commands);
    expect(built).toBe(repl(SRC_CLI, args, commands));
    expect(built).toContain('(int) n = ');
    expect(built).toContain('result: 5\nProcess exited with status 0');
  }, 240_000);

  it('a Debug Adapter Protocol session (purewasm debug --dap): capabilities, breakpoints, stack, variables', async () => {
    const [src, built] = await Promise.all([dapSession(SRC_CLI), dapSession(BUILT_CLI)]);
    expect(built).toEqual(src);
    expect(built[1]).toBe('[[true,27]]');
    expect(built[2]).toBe('[["fib",27],["run",42],["run_fib",54]]');
    expect(built[4]).toBe('{"exitCode":0}');
  }, 240_000);
});

describe('files one build writes, the other reads', () => {
  // Preview1 programs with a preopened directory (a directory listing; stat results), one as a WASI 0.2
  // component (the component's trace holds canonical-ABI values).
  const picked = [
    ...programs('wasip1').filter((p) => p.name === 'rust/fd_readdir' || p.name === 'c/stat-dev-ino'),
    ...programs('p2-from-p1').filter((p) => p.name === 'c/stat-dev-ino'),
  ];

  it('picks programs of both kinds', () => {
    expect(picked.length).toBe(3);
  });

  /** Where `who` (src or built) records `p`'s trace. */
  const traceOf = (who: string, p: Program): string => join(scratch, `${who}-${p.name.replace('/', '-')}${p.wasm.endsWith('.component.wasm') ? '.component' : ''}.trace`);

  for (const p of picked) {
    const kind = p.wasm.endsWith('.component.wasm') ? 'component' : 'module';
    it(`a trace recorded by one replays in the other: ${kind} ${p.name}`, async () => {
      const runs: Record<string, Run> = {};
      for (const [who, cli] of [['src', SRC_CLI], ['built', BUILT_CLI]] as const) {
        const { argv, scratch: dir } = argvOf(p);
        try {
          runs[who] = await runNode([...cli, 'record', '--trace', traceOf(who, p), ...argv]);
        } finally {
          if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
        }
      }
      expect(runs.src!.exitCode, runs.src!.stderr).toBe(0);
      expect(runs.built).toEqual(runs.src);
      // src's trace replayed by the built command, and the built command's by src.
      const [builtReplaysSrc, srcReplaysBuilt] = await Promise.all([
        runNode([...BUILT_CLI, 'replay', traceOf('src', p)]),
        runNode([...SRC_CLI, 'replay', traceOf('built', p)]),
      ]);
      expect(builtReplaysSrc).toEqual(runs.src);
      expect(srcReplaysBuilt).toEqual(runs.src);
    }, 240_000);
  }

  for (const [what, wasm] of [['a core module', join(SHARED, 'bench/wasm/sha256.wasm')], ['a component', join(JCO, 'adder.component.wasm')]] as const) {
    it(`compile --js of ${what}: the same JavaScript from both builds`, async () => {
      const [src, built] = await Promise.all([
        runNode([...SRC_CLI, 'compile', '--js', wasm, '-o', join(scratch, 'src.js')]),
        runNode([...BUILT_CLI, 'compile', '--js', wasm, '-o', join(scratch, 'built.js')]),
      ]);
      expect(built.exitCode).toBe(0);
      expect(built.stdout.replace('built.js', 'src.js')).toBe(src.stdout);
      expect(readFileSync(join(scratch, 'built.js'), 'utf8')).toBe(readFileSync(join(scratch, 'src.js'), 'utf8'));
    }, 240_000);
  }

  it('compile --js --jobs 2 of the built command: its worker (dist/compile-worker.mjs) writes what one thread of src writes', async () => {
    const wasm = join(SHARED, 'bench/wasm/sha256.wasm');
    // (PUREWASM_COMPILE_TEST=parallel: workers on any input, one function per batch; src/cli/compile.ts)
    const [src, built] = await Promise.all([
      runNode([...SRC_CLI, 'compile', '--js', '--jobs', '1', wasm, '-o', join(scratch, 'src-serial.js')]),
      runNode([...BUILT_CLI, 'compile', '--js', '--jobs', '2', wasm, '-o', join(scratch, 'built-jobs.js')], '', { ...process.env, PUREWASM_COMPILE_TEST: 'parallel' }),
    ]);
    expect(src.exitCode, src.stderr).toBe(0);
    expect(built.exitCode, built.stderr).toBe(0);
    expect(built.stderr.replace('built-jobs.js', 'src-serial.js')).toBe(src.stderr);
    expect(readFileSync(join(scratch, 'built-jobs.js'), 'utf8')).toBe(readFileSync(join(scratch, 'src-serial.js'), 'utf8'));
  }, 240_000);

  it('ahead-of-time JS from src runs on the built library under node --jitless, and is used', async () => {
    const wasm = join(SHARED, 'bench/wasm/sha256.wasm');
    const out = join(scratch, 'sha256.mjs');
    // (the output imports the built run time: the package is not installed here)
    expect((await runNode([...SRC_CLI, 'compile', '--js', wasm, '-o', out, '--runtime-from', join(dist, 'js-runtime.mjs')])).exitCode).toBe(0);
    const entry = join(scratch, 'entry.mjs');
    // Each function factory is wrapped to count its use: the runtime calls a factory when it runs that
    // function as JS, so a count above 0 says the built runtime ran src's code, not the interpreter.
    writeFileSync(entry, `
      import { readFileSync } from 'node:fs';
      import { Module, Instance, Store } from ${JSON.stringify(join(dist, 'purewasm.mjs'))};
      import compiled from ${JSON.stringify(out)};
      let used = 0;
      const functions = Object.fromEntries(Object.entries(compiled.functions).map(([k, f]) => [k, function (...a) { used++; return f.apply(this, a); }]));
      const bytes = readFileSync(${JSON.stringify(wasm)});
      const aot = new Instance(new Module(bytes), {}, { store: new Store({ tier: 'js' }), compiled: { ...compiled, functions } }).exports;
      console.log(JSON.stringify([aot.run(3) >>> 0, used]));`);
    const r = await runNode(['--jitless', entry]);
    expect(r.exitCode, r.stderr).toBe(0);
    const [result, used] = JSON.parse(r.stdout) as [number, number];
    const native = new NodeWasm.Instance(new NodeWasm.Module(readFileSync(wasm)), {}).exports as { run: (n: number) => number };
    expect(result).toBe(native.run(3) >>> 0);
    expect(used).toBeGreaterThan(0);
  }, 240_000);
});
