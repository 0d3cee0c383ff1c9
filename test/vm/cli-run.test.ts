// `purewasm run --invoke`: float formatting as wasmtime prints them, a whole run on a benchmark module,
// argument parsing that rejects junk, and the CLI conventions (help on stdout/0, usage errors on stderr/2).
import { describe, expect, it, vi } from 'vitest';
import run, { formatFloat, runCommand, runCommandAsync, type RunIo } from '../../src/cli/run.js';
import { parseArg } from '../../src/cli/invoke-values.js';
import { F32, F64, I32, I64 } from '../../src/decoder/module.js';
import { SHARED } from '../shared.js';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildModule } from './wasm-builder.js';

const NBODY = `${SHARED}/bench/wasm/nbody.wasm`;

function capture(): { io: RunIo; out: () => string; err: () => string } {
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
      env: {},
    },
    out: () => out,
    err: () => err,
  };
}

describe('purewasm run', () => {
  it('formats floats like wasmtime', () => {
    expect(formatFloat(1.5, false)).toBe('1.5');
    expect(formatFloat(3, false)).toBe('3');
    expect(formatFloat(-0, false)).toBe('-0');
    expect(formatFloat(1e21, false)).toBe('1000000000000000000000');
    expect(formatFloat(1e-7, false)).toBe('0.0000001');
    expect(formatFloat(NaN, false)).toBe('NaN');
    expect(formatFloat(-Infinity, true)).toBe('-inf');
    expect(formatFloat(Math.fround(0.1), true)).toBe('0.1');
  });

  it('invokes an export and prints its result', async () => {
    const out: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((s) => {
      out.push(String(s));
      return true;
    });
    try {
      expect(await run(['--invoke', 'default_n', NBODY])).toBe(0);
    } finally {
      spy.mockRestore();
    }
    expect(out.join('')).toMatch(/^\d+\n$/);
  });

  it('exits 1 on errors', async () => {
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(await run(['--invoke', 'nope', NBODY])).toBe(1);
    } finally {
      spy.mockRestore();
    }
  });

  it('--help prints the usage on stdout and exits 0', () => {
    for (const flag of ['--help', '-h']) {
      const c = capture();
      expect(runCommand([flag], c.io)).toBe(0);
      expect(c.out()).toMatch(/^usage: purewasm run/);
      expect(c.err()).toBe('');
    }
  });

  it('usage errors print the problem and the usage on stderr and exit 2', () => {
    for (const [argv, problem] of [
      [[], /missing FILE/],
      [['--frob', NBODY], /unknown option '--frob'/],
      [['--dir'], /--dir needs a value/],
      [['-S', 'inherit-networks', NBODY], /unknown WASI option -S inherit-networks/],
      [['--env', '=x', NBODY], /empty variable name/],
    ] as const) {
      const c = capture();
      expect(runCommand(argv, c.io)).toBe(2);
      expect(c.err()).toMatch(problem);
      expect(c.err()).toMatch(/usage: purewasm run/);
      expect(c.out()).toBe('');
    }
  });

  it('rejects junk and out-of-range arguments with an error naming them', () => {
    const c = capture();
    expect(runCommand(['--invoke', 'default_n', NBODY, 'abc'], c.io)).toBe(1);
    expect(c.err()).toMatch(/default_n expects 0 arguments, got 1/);
    expect(() => parseArg(I32, 'abc')).toThrow(/"abc" is not an integer/);
    expect(() => parseArg(I32, '4294967296')).toThrow(/out of range for i32/);
    expect(() => parseArg(I32, '-2147483649')).toThrow(/out of range for i32/);
    expect(() => parseArg(I64, '18446744073709551616')).toThrow(/out of range for i64/);
    expect(() => parseArg(I32, '1.5')).toThrow(/not an integer/);
    expect(() => parseArg(F64, 'abc')).toThrow(/"abc" is not a number/);
    expect(() => parseArg(F32, '1..2')).toThrow(/not a number/);
    expect(() => parseArg(F64, 'nan:0x0')).toThrow(/payload out of range/);
  });

  it('parses WAVE numbers: hex, separators, unsigned range, inf and NaN payloads', () => {
    expect(parseArg(I32, '0xffff_ffff')).toEqual({ type: 'i32', value: -1 });
    expect(parseArg(I32, '-2147483648')).toEqual({ type: 'i32', value: -2147483648 });
    expect(parseArg(I64, '1_000')).toEqual({ type: 'i64', value: 1000n });
    expect(parseArg(F32, 'inf')).toEqual({ type: 'f32', bits: 0x7f800000 });
    expect(parseArg(F32, '-inf')).toEqual({ type: 'f32', bits: 0xff800000 });
    expect(parseArg(F32, 'nan:0x200000')).toEqual({ type: 'f32', bits: 0x7fa00000 });
    expect(parseArg(F64, '0x1.8p1')).toEqual(parseArg(F64, '3'));
    expect(parseArg(F64, '-0.5')).toEqual(parseArg(F64, '-5e-1'));
  });

  it('accepts the call form NAME(ARGS)', () => {
    const c = capture();
    expect(runCommand(['--invoke', 'default_n()', NBODY], c.io)).toBe(0);
    expect(c.out()).toMatch(/^\d+\n$/);
  });
});

describe('purewasm run: a trap\'s source lines', () => {
  // C with DWARF (the debugger's fixtures): under each frame of the backtrace, the source line of its offset
  // as LLVM's line table has it (expected/*.lines.json: the row with the greatest address at or below it),
  // whichever tier ran the frame (test/jstier/backtrace.test.ts).
  const DEBUG = join(SHARED, 'fixtures/debug');
  const rowAt = (table: { rows: { module_offset: number; file: string; line: number; column: number; end_sequence: boolean }[] }, at: number) =>
    table.rows.filter((r) => r.module_offset <= at && !r.end_sequence).reduce((a, r) => (a === undefined || r.module_offset >= a.module_offset ? r : a), undefined as (typeof table.rows)[number] | undefined);
  for (const tier of ['interpreter', 'js']) {
    it(`fib.O0: every frame with its file:line:column (--tier ${tier})`, () => {
      const truth = JSON.parse(readFileSync(join(DEBUG, 'expected/fib.O0.lines.json'), 'utf8'));
      const c = capture();
      expect(runCommand(['--tier', tier, '--fuel', '2000', '--invoke', 'run_fib(6)', join(DEBUG, 'fib.O0.wasm')], c.io)).toBe(134);
      const lines = c.err().split('\n');
      expect(lines.slice(0, 2)).toEqual(['Error: wasm trap: all fuel consumed', 'wasm backtrace:']);
      let placed = 0;
      for (let i = 2; i < lines.length - 1; i++) {
        // (a frame without an offset — fuel running out as a function is entered — has no line either)
        const [, name, offset] = /^ {4}at (\w+) \(wasm function \d+(?: @ 0x([0-9a-f]+))?\)$/.exec(lines[i])!;
        if (offset === undefined) continue;
        const row = rowAt(truth.line_tables[0], parseInt(offset, 16))!;
        expect(lines[++i]).toBe(`        at ${name} ${row.file}:${row.line}:${row.column}`);
        placed++;
      }
      expect(placed).toBeGreaterThan(2);
    });
  }

  it('a Rust WASI component: frames of its core modules, demangled, with their lines', async () => {
    // (jco's hello_stdout: `fn main() {` then `println!(…)` on line 2; the adapter module has no DWARF)
    const c = capture();
    const component = join(SHARED, 'fixtures/components/jco/jco/components/hello_stdout.component.wasm');
    expect(await runCommandAsync(['--fuel', '20000', component], c.io)).toBe(134);
    const lines = c.err().split('\n');
    const main = lines.findIndex((l) => /^ {4}at hello_stdout::main \(wasm function \d+ @ 0x[0-9a-f]+\)$/.test(l));
    expect(main).toBeGreaterThan(0);
    expect(lines[main + 1]).toMatch(/^ {8}at main \S*\/hello_stdout\.rs:2:5$/);
    expect(lines).toContain('    at std::rt::lang_start::{{closure}} (wasm function 7 @ 0x3b5)');
    expect(lines.some((l) => /^ {4}at wasi_snapshot_preview1::/.test(l))).toBe(true);
  });

  it('a module without DWARF: the frames alone', () => {
    const c = capture();
    expect(runCommand(['--fuel', '2000', '--invoke', 'run_fib(6)', join(DEBUG, 'fib.O0.stripped.wasm')], c.io)).toBe(134);
    expect(c.err()).toMatch(/^Error: wasm trap: all fuel consumed\nwasm backtrace:\n( {4}at \w+ \(wasm function \d+( @ 0x[0-9a-f]+)?\)\n)+$/);
  });
});

describe('purewasm run --fuel / --timeout', () => {
  // (func (export "spin") (loop $l (br $l))): a runaway guest.
  const spin = join(mkdtempSync(join(tmpdir(), 'purewasm-spin-')), 'spin.wasm');
  writeFileSync(spin, buildModule({ funcs: [{ params: [], results: [], body: [0x03, 0x40, 0x0c, 0x00, 0x0b], export: 'spin' }] }));

  it('--fuel stops an infinite loop: the trap and its backtrace on stderr, exit 134', () => {
    const c = capture();
    expect(runCommand(['--fuel', '10000', '--invoke', 'spin', spin], c.io)).toBe(134);
    expect(c.err()).toMatch(/^Error: wasm trap: all fuel consumed\nwasm backtrace:\n {4}at <func 0> \(wasm function 0 @ 0x[0-9a-f]+\)\n$/);
  });

  it('--timeout stops an infinite loop', () => {
    const c = capture();
    expect(runCommand(['--timeout=0.05', '--invoke', 'spin', spin], c.io)).toBe(134);
    expect(c.err()).toMatch(/^Error: wasm trap: interrupted\n/);
  });

  // The JS tier (the default store of `run` has the generator): compiled code charges the same fuel and
  // sees the same deadline (test/jstier/fuel.test.ts compares the tiers in detail).
  it('--fuel and --timeout stop a compiled loop as they stop an interpreted one', () => {
    const reports = (['interpreter', 'js'] as const).map((tier) => {
      const c = capture();
      expect(runCommand(['--fuel', '10000', '--tier', tier, '--invoke', 'spin', spin], c.io)).toBe(134);
      return c.err();
    });
    expect(reports[0]).toMatch(/^Error: wasm trap: all fuel consumed\n/);
    // (and the same backtrace, offsets included: test/jstier/backtrace.test.ts)
    expect(reports[1]).toBe(reports[0]);
    const c = capture();
    expect(runCommand(['--timeout=0.05', '--tier', 'js', '--invoke', 'spin', spin], c.io)).toBe(134);
    expect(c.err()).toMatch(/^Error: wasm trap: interrupted\n/);
  });

  it('--fuel: a benchmark kernel runs out at the same point on both tiers', () => {
    const out = (['interpreter', 'js'] as const).map((tier) => {
      const c = capture();
      const status = runCommand(['--fuel', '3000000', '--tier', tier, '--invoke', 'run(40)', `${SHARED}/bench/wasm/fib.wasm`], c.io);
      return { status, reason: c.err().split('\n')[0] };
    });
    expect(out[0]).toEqual({ status: 134, reason: 'Error: wasm trap: all fuel consumed' });
    expect(out[1]).toEqual(out[0]);
  });

  it('a bad amount is a usage error', () => {
    for (const args of [['--fuel', 'lots'], ['--fuel', '1.5'], ['--timeout', '-1'], ['--tier', 'fast']]) {
      const c = capture();
      expect(runCommand([...args, '--invoke', 'spin', spin], c.io)).toBe(2);
      expect(c.err()).toMatch(/^purewasm run: --(fuel|timeout|tier) expects (a (non-negative|whole) number|auto, js or interpreter)/);
    }
  });
});
