// `purewasm run FILE [ARGS…]` with WASI: exit codes (proc_exit, a trap → 134 with its backtrace), the
// sandbox flags, components through wasi:cli/run, and clear errors for files that are not commands.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRunArgs, runCommand, type RunIo } from '../../src/cli/run.js';
import { buildModule, i32 } from '../vm/wasm-builder.js';
import { SHARED } from '../shared.js';
import { componentEmbed, componentNew, parse } from '@bytecodealliance/jco';
import { witSource } from './guest-components.js';

const SUITE = `${SHARED}/fixtures/wasi-testsuite`;
let dir: string;

function capture(env: Record<string, string> = {}): { io: RunIo; out: () => string; err: () => string } {
  let out = '';
  let err = '';
  const dec = (b: Uint8Array) => Buffer.from(b).toString();
  return {
    io: {
      out: (t) => void (out += t),
      err: (t) => void (err += t),
      stdin: { read: () => new Uint8Array(0) },
      stdout: { write: (b) => void (out += dec(b)) },
      stderr: { write: (b) => void (err += dec(b)) },
      env,
    },
    out: () => out,
    err: () => err,
  };
}

function file(name: string, bytes: Uint8Array): string {
  const p = join(dir, name);
  writeFileSync(p, bytes);
  return p;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'purewasm-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('purewasm run (WASI commands)', () => {
  it('propagates the code given to proc_exit', () => {
    const wasm = file('exit.wasm', buildModule({
      imports: [{ module: 'wasi_snapshot_preview1', name: 'proc_exit', params: [i32], results: [] }],
      memory: { min: 1, export: 'memory' },
      funcs: [{ params: [], results: [], body: [0x41, 42, 0x10, 0], export: '_start' }],
    }));
    const c = capture();
    expect(runCommand([wasm], c.io)).toBe(42);
    expect(c.err()).toBe('');
  });

  it('a trap exits 134 with the reason and the backtrace on stderr', () => {
    const wasm = file('trap.wasm', buildModule({
      memory: { min: 1, export: 'memory' },
      funcs: [
        { params: [], results: [], body: [0x10, 1], export: '_start' },
        { params: [], results: [], body: [0x00] },
      ],
    }));
    const c = capture();
    expect(runCommand([wasm], c.io)).toBe(134);
    expect(c.err()).toMatch(/^Error: wasm trap: unreachable\nwasm backtrace:\n {4}at .*wasm function 1\b.*\n {4}at .*wasm function 0\b/);
  });

  it('says so when a module is not a command', () => {
    const wasm = file('lib.wasm', buildModule({ funcs: [{ params: [], results: [i32], body: [0x41, 1], export: 'f' }] }));
    const c = capture();
    expect(runCommand([wasm], c.io)).toBe(1);
    expect(c.err()).toMatch(/exports no _start function: it is not a WASI command \(use --invoke NAME/);
  });

  it('names an unreadable file', () => {
    const c = capture();
    expect(runCommand([join(dir, 'missing.wasm')], c.io)).toBe(1);
    expect(c.err()).toMatch(/cannot read .*missing\.wasm/);
  });

  it('parses options before FILE and leaves everything after FILE to the program', () => {
    const o = parseRunArgs(['--dir', '/a::/', '--dir=/b', '--env', 'X=1', '--env', 'HOME', '-S', 'inherit-env', 'p.wasm', '--env', 'Y=2', '-h'], {
      HOME: '/home/u', PATH: '/bin',
    });
    expect(o).toEqual({
      file: 'p.wasm',
      programArgs: ['--env', 'Y=2', '-h'],
      argv0: undefined,
      dirs: [['/', '/a'], ['/b', '/b']],
      env: [['X', '1'], ['HOME', '/home/u'], ['PATH', '/bin']],
      invoke: undefined,
      fuel: undefined,
      timeout: undefined,
      tier: 'auto',
      inheritNetwork: false,
      allowIpNameLookup: false,
      http: false,
    });
    // The network and HTTP are granted one by one, as wasmtime's -S options.
    expect(parseRunArgs(['-S', 'inherit-network', '-S', 'allow-ip-name-lookup=y', '-S', 'http', 'p.wasm'], {}))
      .toMatchObject({ inheritNetwork: true, allowIpNameLookup: true, http: true });
    expect(parseRunArgs(['-S', 'inherit-network', '-S', 'inherit-network=n', 'p.wasm'], {})).toMatchObject({ inheritNetwork: false });
    expect(() => parseRunArgs(['-S', 'network', 'p.wasm'], {})).toThrow(/unknown WASI option -S network \(supported: inherit-env, inherit-network, allow-ip-name-lookup, http\)/);
    // `--env NAME` of an unset host variable passes nothing.
    expect(parseRunArgs(['--env', 'NOPE', 'p.wasm'], {})).toMatchObject({ env: [] });
  });

  it('passes arguments and environment to the program', () => {
    // AssemblyScript tests that check argv and the environment against their specs.
    const args = `${SUITE}/wasip1/assemblyscript/args_get-multiple-arguments.wasm`;
    expect(runCommand([args, 'first', 'the "second" arg', '3'], capture().io)).toBe(0);
    expect(runCommand([args, 'first', 'second', '3'], capture().io)).not.toBe(0);
    const env = `${SUITE}/wasip1/assemblyscript/environ_get-multiple-variables.wasm`;
    expect(runCommand(['--env', 'a=text', '--env', 'b=escap " ing', '--env', 'c', env], capture({ c: 'new\nline' }).io)).toBe(0);
    // Nothing is inherited unless asked for.
    expect(runCommand(['--env', 'a=text', '--env', 'b=escap " ing', env], capture({ c: 'new\nline' }).io)).not.toBe(0);
    expect(runCommand(['--env', 'a=text', '-S', 'inherit-env', env], capture({ b: 'escap " ing', c: 'new\nline' }).io)).toBe(0);
  });

  it('runs a component through wasi:cli/run (its stdout included)', () => {
    const c = capture();
    expect(runCommand([`${SUITE}/p2-from-p1/assemblyscript/fd_write-to-stdout.component.wasm`], c.io)).toBe(0);
    expect(c.out()).toBe('hello');
  });

  it('a component importing a WASI interface this host does not offer is a LinkError naming it', async () => {
    // A command that imports wasi:keyvalue (not offered by purewasm) besides exporting wasi:cli/run.
    const core = await parse(`(module
      (import "wasi:keyvalue/store@0.2.0" "ping" (func))
      (func (export "wasi:cli/run@0.2.12#run") (result i32) i32.const 0))`);
    const world = `package test:cli;
      world cmd { import wasi:keyvalue/store@0.2.0; export wasi:cli/run@0.2.12; }
      package wasi:keyvalue@0.2.0 { interface store { ping: func(); } }`;
    const f = join(dir, 'keyvalue.wasm');
    writeFileSync(f, await componentNew(await componentEmbed({ binary: core, witSource: witSource(world), world: 'cmd' })));
    const c = capture();
    expect(runCommand([f], c.io)).toBe(1);
    expect(c.err()).toMatch(/LinkError: missing import `wasi:keyvalue\/store@0\.2\.0`/);
  });

  it('a WASI 0.3 command needs the asynchronous entry (runCommandAsync, what the CLI runs)', () => {
    const c = capture();
    expect(runCommand([`${SUITE}/wasip3/rust/random.wasm`], c.io)).toBe(1);
    expect(c.err()).toMatch(/is a WASI 0\.3 command: it runs only asynchronously/);
  });

  it('--invoke calls a component export with WAVE arguments and prints the result in WAVE', () => {
    const adder = `${SHARED}/fixtures/components/jco/transpile/runtime/adder.component.wasm`;
    let c = capture();
    expect(runCommand(['--invoke', 'add(1, 3)', adder], c.io)).toBe(0);
    expect(c.out()).toBe('4\n');
    // Found in the exported interface docs:adder/add@0.1.0, or named exactly.
    c = capture();
    expect(runCommand(['--invoke', 'docs:adder/add@0.1.0#add(4000000000, 5)', adder], c.io)).toBe(0);
    expect(c.out()).toBe('4000000005\n');
    for (const [call, message] of [
      ['add(abc, 1)', /bad arguments for add: expected an integer \(u32\) at offset 1/],
      ['add(-1, 1)', /-1 is out of range for u32/],
      ['add(1)', /takes 2 arguments, got 1/],
      ['sub(1, 2)', /no exported function "sub"/],
    ] as const) {
      c = capture();
      expect(runCommand(['--invoke', call, adder], c.io)).toBe(1);
      expect(c.err()).toMatch(message);
    }
  });
});
