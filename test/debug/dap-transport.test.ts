// `purewasm debug --dap` as a process: Content-Length framed messages on stdio, and on TCP with
// --dap-port; the requests not covered by the scenarios (instruction breakpoints, disassemble, readMemory,
// writeMemory, loadedSources, pause-less terminate) and a component whose core module has DWARF.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEBUG_DIR } from './dwarf/fixtures.js';
import { DapClient, type Msg } from './dap-client.js';
import { fromBase64, toBase64 } from '../../src/debug/index.js';

const ROOT = resolve(__dirname, '../..');

function adapter(args: string[]): ChildProcess {
  return spawn('node', [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'src/cli/main.ts'), 'debug', ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
}

/** A DapClient over a byte stream pair (Content-Length framing). */
function framedClient(write: (s: string) => void, readable: NodeJS.ReadableStream): DapClient {
  const c = new DapClient((m: Msg) => {
    const body = JSON.stringify(m);
    write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  });
  let buf = Buffer.alloc(0);
  readable.on('data', (chunk: Buffer) => {
    buf = Buffer.concat([buf, chunk]);
    for (;;) {
      const head = buf.indexOf('\r\n\r\n');
      if (head < 0) return;
      const len = Number(/Content-Length: (\d+)/.exec(buf.subarray(0, head).toString())![1]);
      if (buf.length < head + 4 + len) return;
      c.deliver(JSON.parse(buf.subarray(head + 4, head + 4 + len).toString()));
      buf = buf.subarray(head + 4 + len);
    }
  });
  return c;
}

async function start(c: DapClient, launch: Msg, setup: () => Promise<void>, initialize = true): Promise<void> {
  if (initialize) await c.request('initialize', { adapterID: 'purewasm' });
  const launched = c.request('launch', launch);
  await c.event('initialized');
  await setup();
  await c.request('configurationDone');
  await launched;
}

describe('purewasm debug --dap', () => {
  it('serves stdio: instruction breakpoints, disassembly, memory read and write, loaded sources', async () => {
    const p = adapter(['--dap']);
    const c = framedClient((s) => p.stdin!.write(s), p.stdout!);
    try {
      await start(c, { program: join(DEBUG_DIR, 'fib.O0.wasm'), invoke: 'run_fib', args: ['6'] }, async () => {
        const r = await c.request('setInstructionBreakpoints', { breakpoints: [{ instructionReference: '0xc2' }] });
        expect(r.body.breakpoints[0]).toMatchObject({ verified: true, instructionReference: '0x000000c2' });
      });
      const stop = await c.event('stopped');
      expect(stop.body.reason).toBe('breakpoint');
      const frames = (await c.request('stackTrace', { threadId: 1 })).body.stackFrames;
      expect(frames[0]).toMatchObject({ name: 'fib', line: 27, instructionPointerReference: '0x000000c2' });
      expect(frames[0].source.path).toBe(join(DEBUG_DIR, 'src/fib.c'));

      const dis = (await c.request('disassemble', { memoryReference: '0xc2', instructionOffset: -1, instructionCount: 3 })).body.instructions;
      expect(dis.map((i: Msg) => i.address)).toEqual(['0x000000c0', '0x000000c2', '0x000000c4']);
      expect(dis[1]).toMatchObject({ line: 27 });
      expect(dis[1].instruction.trim()).toBe('local.get 3'); // the frame base, local 3

      // n lives at frame base + 12 in linear memory: read it, overwrite it, read it back through DWARF
      const n = (await c.request('evaluate', { expression: 'n', frameId: 1 })).body;
      expect(n.result).toBe('0');
      const mem = (await c.request('readMemory', { memoryReference: n.memoryReference, count: 4 })).body;
      expect(Array.from(fromBase64(mem.data))).toEqual([0, 0, 0, 0]);
      await c.request('writeMemory', { memoryReference: n.memoryReference, data: toBase64(new Uint8Array([7, 0, 0, 0])) });
      expect((await c.request('evaluate', { expression: 'n', frameId: 1 })).body.result).toBe('7');

      const sources = (await c.request('loadedSources')).body.sources;
      expect(sources.map((s: Msg) => s.name)).toContain('fib.c');

      await c.request('terminate');
      await c.event('terminated');
      await c.request('disconnect');
    } finally {
      p.kill();
    }
  }, 60000);

  it('serves TCP with --dap-port, and debugs a component whose core module has DWARF', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pwdbg-comp-'));
    const program = join(dir, 'fib.component.wasm');
    writeFileSync(program, await fibComponent());
    const p = adapter(['--dap-port', '0']);
    try {
      const port = await new Promise<number>((res, rej) => {
        p.stderr!.on('data', (d: Buffer) => {
          const m = /127\.0\.0\.1:(\d+)/.exec(d.toString());
          if (m !== null) res(Number(m[1]));
        });
        p.on('exit', () => rej(new Error('adapter exited')));
      });
      const socket = connect(port, '127.0.0.1');
      await new Promise((r) => socket.once('connect', r));
      const c = framedClient((s) => socket.write(s), socket);
      await start(c, { program, invoke: 'run-fib(6)', sourceRoot: DEBUG_DIR }, async () => {
        const r = await c.request('setBreakpoints', { source: { path: 'fib.c' }, breakpoints: [{ line: 27, hitCondition: '4' }] });
        expect(r.body.breakpoints[0].verified).toBe(true);
      });
      expect((await c.event('stopped')).body.reason).toBe('breakpoint');
      const frames = (await c.request('stackTrace', { threadId: 1 })).body.stackFrames;
      expect(frames.map((f: Msg) => `${f.name}:${f.line}`)).toEqual(['fib:27', 'fib:30', 'run:42', 'run_fib:54', 'component export run-fib(6):0']);
      const scopes = (await c.request('scopes', { frameId: 2 })).body.scopes;
      const locals = await c.variables(scopes.find((s: Msg) => s.name === 'Locals').variablesReference);
      expect(locals.find((v: Msg) => v.name === 'left')).toMatchObject({ value: '1', type: 'int' });
      await c.request('setBreakpoints', { source: { path: 'fib.c' }, breakpoints: [] });
      await c.request('continue', { threadId: 1 });
      expect((await c.event('exited')).body.exitCode).toBe(0);
      expect(c.output.filter((o) => o.category === 'console').map((o) => o.text).join('')).toBe('5\n');
      await c.request('disconnect');
      socket.end();
    } finally {
      p.kill();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60000);
});

describe('DAP stopOnEntry', () => {
  it('stops before the first instruction of the invoked export, then steps by source line into the program', async () => {
    const c = new DapClient();
    await start(c, { program: join(DEBUG_DIR, 'fib.O0.wasm'), invoke: 'run_fib', args: ['6'], stopOnEntry: true }, async () => {});
    expect((await c.event('stopped')).body.reason).toBe('entry');
    let frames = (await c.request('stackTrace', { threadId: 1 })).body.stackFrames;
    expect(frames.map((f: Msg) => [f.name, f.line])).toEqual([['run_fib', 50]]); // the body's first instruction: the prologue, on the function's line
    await c.request('next', { threadId: 1 });
    expect((await c.event('stopped')).body.reason).toBe('step');
    frames = (await c.request('stackTrace', { threadId: 1 })).body.stackFrames;
    expect(frames.map((f: Msg) => [f.name, f.line])).toEqual([['run_fib', 52]]); // fib_calls = 0; (the prologue_end row)
    await c.request('continue', { threadId: 1 });
    expect((await c.event('exited')).body.exitCode).toBe(0);
  }, 60000);
});

describe('DAP pause', () => {
  it('pauses a guest in a busy loop (it yields to the event loop every fuel quantum) and terminates it', async () => {
    const { parse } = await import('@bytecodealliance/jco-transpile/wasm-tools');
    const dir = mkdtempSync(join(tmpdir(), 'pwdbg-spin-'));
    const program = join(dir, 'spin.wasm');
    writeFileSync(program, await parse('(module (func (export "spin") (result i32) (local i32) (loop $l (local.set 0 (i32.add (local.get 0) (i32.const 1))) (br $l)) (i32.const 0)))'));
    try {
      const c = new DapClient();
      await start(c, { program, invoke: 'spin' }, async () => {});
      await new Promise((r) => setTimeout(r, 200));
      await c.request('pause', { threadId: 1 });
      const stop = await c.event('stopped');
      expect(stop.body.reason).toBe('pause');
      const frames = (await c.request('stackTrace', { threadId: 1 })).body.stackFrames;
      expect(frames.map((f: Msg) => f.name)).toEqual(['spin']);
      const locals = (await c.request('scopes', { frameId: 1 })).body.scopes.find((s: Msg) => s.name === 'Wasm locals');
      const counter = (await c.variables(locals.variablesReference))[0];
      expect(Number(counter.value)).toBeGreaterThan(1000); // it ran for a while before the pause
      await c.request('continue', { threadId: 1 });
      await new Promise((r) => setTimeout(r, 100));
      await c.request('terminate'); // while it runs
      await c.event('terminated');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60000);
});

describe('purewasm replay --debug --dap', () => {
  it('serves the replay of a recorded run on stdio: breakpoints, reverse continue, the output once, no host resource', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pwdap-replay-'));
    const out = mkdtempSync(join(tmpdir(), 'pwdap-replay-out-'));
    try {
      const trace = join(dir, 'run.trace');
      const program = join(DEBUG_DIR, 'wasi_io.O0.wasm');
      const rec = spawnSync('node', [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'src/cli/main.ts'), 'record', '--trace', trace,
        '--dir', `${out}::/out`, '--env', 'GREETING=hi', '--env', 'OUT_DIR=/out', program, 'alpha', 'be', 'gamma'], { encoding: 'utf8' });
      expect(rec.status, rec.stderr).toBe(0);
      rmSync(out, { recursive: true, force: true }); // the replay must not need the preopened directory
      const p = spawn('node', [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'src/cli/main.ts'), 'replay', '--debug', '--dap', trace, program], { stdio: ['pipe', 'pipe', 'pipe'] });
      const c = framedClient((t) => p.stdin!.write(t), p.stdout!);
      try {
        const init = await c.request('initialize', { adapterID: 'purewasm' });
        expect(init.body.supportsStepBack).toBe(true);
        await start(c, { program }, async () => {
          await c.request('setFunctionBreakpoints', { breakpoints: [{ name: 'count_vowels' }] });
        }, false);
        const s = async (expr: string) => (await c.request('evaluate', { expression: expr, frameId: 1 })).body.result;
        expect((await c.event('stopped')).body.reason).toBe('breakpoint');
        expect(await s('str(s)')).toBe('"alpha"');
        await c.request('continue', { threadId: 1 });
        expect((await c.event('stopped')).body.reason).toBe('breakpoint');
        expect(await s('str(s)')).toBe('"be"');
        await c.request('reverseContinue', { threadId: 1 });
        expect((await c.event('stopped')).body.reason).toBe('breakpoint');
        expect(await s('str(s)')).toBe('"alpha"');
        await c.request('stepBack', { threadId: 1 });
        expect((await c.event('stopped')).body.reason).toBe('step');
        await c.request('setFunctionBreakpoints', { breakpoints: [] });
        await c.request('continue', { threadId: 1 });
        expect((await c.event('exited')).body.exitCode).toBe(0);
        expect(c.output.filter((o) => o.category === 'stdout').map((o) => o.text).join('')).toBe("hi: 3 args, 12 chars, 5 vowels, longest 'alpha'\nwrote /out/report.txt\n");
        await c.request('disconnect');
      } finally {
        p.kill();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60000);
});

/** fib.O0.wasm (C with DWARF) as a component exporting `run-fib: func(n: s32) -> s32`: the core module gets
 *  the export name the canonical ABI expects (its code section, and so its DWARF, is unchanged), then
 *  wasm-tools embeds the WIT and makes the component. */
async function fibComponent(): Promise<Uint8Array> {
  const { componentEmbed, componentNew } = await import('@bytecodealliance/jco-transpile/wasm-tools');
  const core = new Uint8Array(readFileSync(join(DEBUG_DIR, 'fib.O0.wasm')));
  const out: number[] = [...core.subarray(0, 8)];
  let p = 8;
  const leb = () => {
    let x = 0, s = 0, b;
    do {
      b = core[p++];
      x |= (b & 0x7f) << s;
      s += 7;
    } while (b & 0x80);
    return x >>> 0;
  };
  const uleb = (n: number) => {
    const o: number[] = [];
    do {
      let b = n & 0x7f;
      n >>>= 7;
      if (n !== 0) b |= 0x80;
      o.push(b);
    } while (n !== 0);
    return o;
  };
  while (p < core.length) {
    const id = core[p++];
    const size = leb();
    const end = p + size;
    let body = Array.from(core.subarray(p, end));
    if (id === 7) {
      const count = leb();
      let runFib = -1;
      const entries: number[] = [];
      for (let i = 0; i < count; i++) {
        const s0 = p;
        const len = leb();
        const name = Buffer.from(core.subarray(p, p + len)).toString();
        p += len;
        p++; // kind
        const index = leb();
        if (name === 'run_fib') runFib = index;
        entries.push(...core.subarray(s0, p));
      }
      body = [...uleb(count + 1), ...entries, 7, ...Buffer.from('run-fib'), 0, ...uleb(runFib)];
    }
    out.push(id, ...uleb(body.length), ...body);
    p = end;
  }
  const embedded = await componentEmbed({ binary: new Uint8Array(out), witSource: 'package test:fib;\nworld fib { export run-fib: func(n: s32) -> s32; }', world: 'fib' });
  return componentNew(embedded);
}
