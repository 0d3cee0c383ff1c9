// jco's fixtures that need WASI, on the real WASI host (EXPECTATIONS.md in ../shared/fixtures/components/jco):
// WASI 0.2.0/0.2.1/0.2.3 commands and exports, and two preview1 core modules, through `purewasm run`'s code
// where they are commands and through the Linker where the fixture calls an export.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCommand, type RunIo } from '../../src/cli/run.js';
import { Component, Linker, Trap } from '../../src/index.js';
import { portableWasiHost } from '../../src/wasi/index.js';
import { addWasiToLinker } from '../../src/wasi/p2/index.js';
import { SHARED } from '../shared.js';

const JCO = `${SHARED}/fixtures/components/jco/jco`;

function run(argv: string[]): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const dec = (b: Uint8Array) => Buffer.from(b).toString();
  const io: RunIo = {
    out: (t) => void (out += t),
    err: (t) => void (err += t),
    stdin: { read: () => new Uint8Array(0) },
    stdout: { write: (b) => void (out += dec(b)) },
    stderr: { write: (b) => void (err += dec(b)) },
    env: { CUSTOM: 'other' },
  };
  const code = runCommand(argv, io);
  return { code, out, err };
}

describe('jco fixtures with WASI', () => {
  it('hello_stdout.component (WASI 0.2.3 command) writes to stdout and stderr', () => {
    expect(run([`${JCO}/components/hello_stdout.component.wasm`])).toEqual({
      code: 0, out: 'writing to stdout: hello, world\n', err: 'writing to stderr: hello, world\n',
    });
  });

  it('dir.virt (WASI 0.2.0, virtualized filesystem) lists the directory given as argv[1]', () => {
    expect(run([`${JCO}/commands/dir.virt.wasm`, '/foo'])).toMatchObject({ code: 0, out: 'Listing directory: /foo\n - .\n - ..\n - foo\n' });
  });

  it('utf8-utf16.composed transcodes strings between composed components (and links wasi:sockets)', () => {
    const arg = 'asdf中文🀄️⏰';
    expect(run([`${JCO}/components/utf8-utf16.composed.wasm`, arg])).toMatchObject({ code: 0, out: `ret: ${arg}${arg}\n` });
  });

  it('stdout-pollable-hang terminates: the stdout pollable reports ready', () => {
    expect(run([`${JCO}/components/stdout-pollable-hang.component.wasm`])).toEqual({ code: 0, out: '', err: '' });
  });

  it('modules/hello_stdout.wasm (preview1 core module)', () => {
    expect(run([`${JCO}/modules/hello_stdout.wasm`])).toEqual({
      code: 0, out: 'writing to stdout: hello, world\n', err: 'writing to stderr: hello, world\n',
    });
  });

  it('modules/exitcode.wasm exits 120', () => {
    expect(run([`${JCO}/modules/exitcode.wasm`]).code).toBe(120);
  });

  it('env-allow.composed: the environment is fixed inside the component', () => {
    const linker = new Linker();
    addWasiToLinker(linker, portableWasiHost({ env: { CUSTOM: 'other' } }));
    const inst = linker.instantiate(new Component(readFileSync(`${JCO}/components/env-allow.composed.wasm`)));
    expect(inst.exports.func('test-get-env').call([])).toEqual([['CUSTOM', 'VAL']]);
    expect(() => inst.exports.func('test-get-config').call([])).toThrow(Trap);
  });

  it('stdio.composed: test-stdio prints through the real stdout', () => {
    const out: Uint8Array[] = [];
    const linker = new Linker();
    addWasiToLinker(linker, portableWasiHost({ stdout: (b) => out.push(b) }));
    const inst = linker.instantiate(new Component(readFileSync(`${JCO}/components/stdio.composed.wasm`)));
    expect(inst.exports.func('test-stdio').call([])).toBeUndefined();
    expect(Buffer.concat(out).toString()).toBe('Hello world\n');
    expect(() => inst.exports.func('test-get-env').call([])).toThrow(Trap);
  });
});
