// `purewasm run --fuel N` / `--timeout S`: a guest infinite loop is stopped, the trap's reason and backtrace
// go to stderr and the exit status is 134 (as wasmtime on Unix).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import run from '../../src/cli/run.js';
import { buildModule } from '../vm/wasm-builder.js';

// (func (export "spin") (loop $l (br $l)))
const spin = buildModule({ funcs: [{ params: [], results: [], body: [0x03, 0x40, 0x0c, 0x00, 0x0b], export: 'spin' }] });

function runCli(args: string[]): { status: number; stderr: string } {
  const err: string[] = [];
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation((s) => {
    err.push(String(s));
    return true;
  });
  try {
    return { status: run(args), stderr: err.join('') };
  } finally {
    spy.mockRestore();
  }
}

describe('purewasm run limits', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'purewasm-')), 'spin.wasm');
  writeFileSync(file, spin);

  it('--fuel stops an infinite loop: trap, backtrace, exit 134', () => {
    const r = runCli(['--fuel', '10000', '--invoke', 'spin', file]);
    expect(r.status).toBe(134);
    expect(r.stderr).toMatch(/wasm trap: all fuel consumed/);
    expect(r.stderr).toMatch(/0: +0x[0-9a-f]+ - <wasm function 0>/);
  });

  it('--timeout stops an infinite loop', () => {
    const r = runCli(['--timeout=0.05', '--invoke', 'spin', file]);
    expect(r.status).toBe(134);
    expect(r.stderr).toMatch(/wasm trap: interrupted/);
  });

  it('a bad value is a usage error', () => {
    expect(runCli(['--fuel', 'lots', '--invoke', 'spin', file]).status).toBe(2);
  });
});
