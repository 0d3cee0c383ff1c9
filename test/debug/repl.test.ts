// `purewasm debug FILE` (the REPL) in a pseudo-terminal (`script` gives the process a tty), on a
// freestanding C program with DWARF, a WASI program with arguments, environment and a preopened directory,
// and the DWARF-less binary.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEBUG_DIR } from './dwarf/fixtures.js';

const ROOT = resolve(__dirname, '../..');

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** Runs the REPL under `script` (a pty) with these command lines; returns what the terminal showed.
 *  `args` follow `purewasm debug`, or are a whole command line when they start with a command name. */
function repl(args: string[], commands: string[]): string {
  const command = args[0] === 'replay' || args[0] === 'record' ? args : ['debug', ...args];
  const cmd = ['node', join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'src/cli/main.ts'), ...command].map(shellQuote).join(' ');
  const r = spawnSync('script', ['-qfec', cmd, '/dev/null'], { input: commands.join('\n') + '\n', encoding: 'utf8', timeout: 60000 });
  if (r.error) throw r.error;
  expect(r.status, r.stdout + r.stderr).toBe(0);
  return r.stdout.replace(/\r/g, '');
}

describe('purewasm debug (REPL) in a pseudo-terminal', () => {
  it('breaks on a source line, walks the stack, prints locals and expressions, steps and finishes', () => {
    const out = repl(['--invoke', 'run_fib', join(DEBUG_DIR, 'fib.O0.wasm'), '6'], [
      'break fib.c:27', 'run', 'continue', 'continue', 'continue', 'bt', 'info locals', 'print fib_calls',
      'frame 2', 'print stats->calls', 'next', 'finish', 'info breakpoints', 'delete', 'continue', 'quit',
    ]);
    expect(out).toContain('Breakpoint 1: fib.c:27, 1 location (0xc2)');
    // the 4th hit: fib(0) called from fib(2) at line 30 (scenario fib-base-case-4th-hit)
    expect(out).toContain('* #0  fib at src/fib.c:27:18 (0xc2)\n  #1  fib at src/fib.c:30:21 (0x10a)\n  #2  run at src/fib.c:42:21 (0x2a4)\n  #3  run_fib at src/fib.c:54:5 (0x3e4)');
    expect(out).toContain('(int) n = 0');
    expect(out).toContain('(int) fib_calls = 5');
    expect(out).toContain('(int) stats->calls = 2');
    expect(out).toContain('* stopped (step): fib at src/fib.c:28:5 (0xd0)');
    expect(out).toContain('* stopped (step-out): fib at src/fib.c:30:21 (0x110)');
    expect(out).toContain('           int right = fib(n - 2);'); // the source line, read from src/fib.c
    expect(out).toContain('1: fib.c:27, hit 4 times, locations 0xc2');
    expect(out).toContain('result: 5\nProcess exited with status 0');
  });

  it('debugs a WASI program with the flags of `purewasm run`', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pwdbg-repl-'));
    try {
      const out = repl(['--dir', `${dir}::/out`, '--env', 'GREETING=hi', '--env', 'OUT_DIR=/out', join(DEBUG_DIR, 'wasi_io.O0.wasm'), 'alpha', 'be', 'gamma'], [
        'break count_vowels', 'run', 'bt', 'print str(s)', 'delete', 'continue',
      ]);
      expect(out).toMatch(/\* stopped \(breakpoint 1\): count_vowels at src\/wasi_io\.c:\d+/);
      expect(out).toMatch(/#1 {2}summarize at src\/wasi_io\.c:37/);
      expect(out).toMatch(/#3 {2}__main_void \(0x[0-9a-f]+\)/); // libc without DWARF: name-section names
      expect(out).toContain('str(s) = "alpha"');
      expect(out).toContain("hi: 3 args, 12 chars, 5 vowels, longest 'alpha'\nwrote /out/report.txt\n");
      expect(out).toContain('Process exited with status 0');
      expect(readFileSync(join(dir, 'report.txt'), 'utf8')).toBe('args=3 chars=12 vowels=5 longest=alpha\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('works at the wasm level without DWARF: stepi, wasm locals, memory, disassembly', () => {
    const out = repl(['--invoke', 'run_fib', join(DEBUG_DIR, 'fib.O0.stripped.wasm'), '3'], [
      'break fib', 'run', 'stepi', 'info wasm', 'x/4xb 1024', 'disas', 'bt', 'quit',
    ]);
    expect(out).toContain('* stopped (breakpoint 1): fib (0x9)');
    expect(out).toContain('* stopped (step): fib (0xf)');
    expect(out).toMatch(/\(i32\) local0 = 0\n/); // fib(0) first
    expect(out).toMatch(/operand stack: i32 \d+/); // __stack_pointer, about to be stored in local 1
    expect(out).toContain('0x00000400: ');
    expect(out).toContain('-> 0x00000f: local.set 1\n   0x000011: i32.const 16');
    expect(out).toMatch(/#1 {2}run \(0x2a4\)/);
  });

  it('goes back in time: reverse-step, reverse-next and reverse-continue land on the states forward execution had', () => {
    const out = repl(['--invoke', 'run_fib', join(DEBUG_DIR, 'fib.O0.wasm'), '6'], [
      'break fib.c:27', 'run', 'continue', 'print fib_calls', 'next', 'reverse-step', 'print fib_calls', 'info wasm',
      'reverse-continue', 'print fib_calls', 'rn', 'rc', 'continue', 'continue', 'print fib_calls', 'info wasm', 'delete', 'continue',
    ]);
    const stops = [...out.matchAll(/\* stopped \(([^)]*)\): (.*)\n/g)].map((m) => `${m[1]}: ${m[2]}`);
    expect(stops).toEqual([
      'breakpoint 1: fib at src/fib.c:27:18 (0xc2)', // fib(1), the 1st hit
      'breakpoint 1: fib at src/fib.c:27:18 (0xc2)', // fib(0), the 2nd
      'step: fib at src/fib.c:28:5 (0xd0)',
      'step: fib at src/fib.c:27:18 (0xc2)', // reverse-step: the start of line 27 again
      'breakpoint 1: fib at src/fib.c:27:18 (0xc2)', // reverse-continue: the 1st hit
      'step: fib at src/fib.c:26:9 (0x94)', // reverse-next: the line before
      'entry: run_fib at src/fib.c:50 (0x38d)', // reverse-continue with no hit before: the program's start
      'breakpoint 1: fib at src/fib.c:27:18 (0xc2)',
      'breakpoint 1: fib at src/fib.c:27:18 (0xc2)',
    ]);
    const calls = [...out.matchAll(/\(int\) fib_calls = (\d+)/g)].map((m) => Number(m[1]));
    expect(calls).toEqual([2, 2, 1, 2]);
    // the wasm locals and operand stack at the 2nd hit, reached backwards and then forwards again
    const wasm = [...out.matchAll(/((?:\(i32\) local\d+ = -?\d+\n)+operand stack: [^\n]*)/g)].map((m) => m[1]);
    expect(wasm.length).toBe(2);
    expect(wasm[0]).toBe(wasm[1]);
    expect(out).toContain('result: 5\nProcess exited with status 0');
  });

  it('purewasm replay --debug: debugs a recorded run from its trace alone, backwards too', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pwdbg-replay-'));
    const out = mkdtempSync(join(tmpdir(), 'pwdbg-replay-out-'));
    try {
      const trace = join(dir, 'run.trace');
      const rec = spawnSync('node', [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'src/cli/main.ts'), 'record', '--trace', trace,
        '--dir', `${out}::/out`, '--env', 'GREETING=hi', '--env', 'OUT_DIR=/out', join(DEBUG_DIR, 'wasi_io.O0.wasm'), 'alpha', 'be', 'gamma'], { encoding: 'utf8' });
      expect(rec.status, rec.stderr).toBe(0);
      // the preopened directory is gone: a replay must not need it (nor anything else of this machine)
      rmSync(out, { recursive: true, force: true });
      const text = repl(['replay', '--debug', trace, join(DEBUG_DIR, 'wasi_io.O0.wasm')], [
        'break count_vowels', 'run', 'print str(s)', 'continue', 'print str(s)', 'reverse-continue', 'print str(s)', 'delete',
        'break wasi_io.c:69', 'continue', 'reverse-continue', 'delete', 'continue', // past the first printf, back to the start, on
      ]);
      expect(text).toContain(`replaying ${trace}`);
      expect([...text.matchAll(/str\(s\) = ("[a-z]+")/g)].map((m) => m[1])).toEqual(['"alpha"', '"be"', '"alpha"']);
      // the program's output, once, although the run went back over the first printf and ran it again
      expect(text).toMatch(/hi: 3 args, 12 chars, 5 vowels, longest 'alpha'\n\* stopped \(breakpoint 2\): main at src\/wasi_io\.c:69/);
      expect(text).toContain('* stopped (entry): _start.command_export');
      expect(text.split("hi: 3 args, 12 chars, 5 vowels, longest 'alpha'\n").length).toBe(2);
      expect(text.split('wrote /out/report.txt\n').length).toBe(2);
      expect(text).toContain('Process exited with status 0');
      expect(existsSync(out)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      rmSync(out, { recursive: true, force: true });
    }
  });
});
