// Record and replay of jco's WASI fixtures (EXPECTATIONS.md): the commands through `purewasm record` /
// `purewasm replay`'s code, the two export-calling fixtures through the library's parts (Recorder,
// Replayer, recordingHost, replayingHost). Also the commands' own behaviour: divergence exits 3 with a
// message starting "replay diverged", `--debug` is announced as coming, usage errors exit 2.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { recordCommand } from '../../src/cli/record.js';
import { DIVERGED, replayCommand } from '../../src/cli/replay.js';
import type { RunIo } from '../../src/cli/run.js';
import { Component, Linker, Store } from '../../src/index.js';
import { addWasiToLinker, portableWasiHost } from '../../src/wasi/index.js';
import { Recorder, Replayer, hex, memoryHash, recordingHost, replayingHost, sha256, wasiMeta } from '../../src/replay/index.js';
import { SHARED } from '../shared.js';

const JCO = `${SHARED}/fixtures/components/jco/jco`;
const dir = mkdtempSync(join(tmpdir(), 'purewasm-replay-jco-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(command: (argv: string[], io: RunIo) => number, argv: string[], stdin = ''): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const dec = (b: Uint8Array) => Buffer.from(b).toString();
  let input = Buffer.from(stdin);
  const code = command(argv, {
    out: (t) => void (out += t),
    err: (t) => void (err += t),
    stdin: { read: (max) => { const b = input.subarray(0, max); input = input.subarray(b.length); return b; } },
    stdout: { write: (b) => void (out += dec(b)) },
    stderr: { write: (b) => void (err += dec(b)) },
    env: { CUSTOM: 'other' },
  });
  return { code, out, err };
}

const COMMANDS: [name: string, args: string[]][] = [
  ['components/hello_stdout.component.wasm', []],
  ['commands/dir.virt.wasm', ['/foo']],
  ['components/utf8-utf16.composed.wasm', ['asdf中文🀄️⏰']],
  ['components/stdout-pollable-hang.component.wasm', []],
  ['modules/hello_stdout.wasm', []],
  ['modules/exitcode.wasm', []],
];

describe('record and replay: jco WASI commands', () => {
  for (const [name, args] of COMMANDS) {
    it(name, () => {
      const trace = join(dir, name.replace(/\//g, '-') + '.trace');
      const recorded = cli(recordCommand, ['--trace', trace, `${JCO}/${name}`, ...args]);
      expect(recorded.code === 0 || name === 'modules/exitcode.wasm').toBe(true);
      const replayed = cli(replayCommand, [trace]);
      expect(replayed).toEqual(recorded);
    });
  }
});

describe('record and replay: jco fixtures calling exports through the Linker', () => {
  const isWasi = (n: string) => n.startsWith('wasi:');

  function roundTrip(file: string, call: (exports: ReturnType<Linker['instantiate']>['exports']) => unknown) {
    const bytes = new Uint8Array(readFileSync(`${JCO}/components/${file}`));
    const out: Uint8Array[] = [];
    const host = portableWasiHost({ env: { CUSTOM: 'other' }, stdout: (b) => out.push(b.slice()) });
    const recorder = new Recorder({ kind: 1, sha256: sha256(bytes), meta: wasiMeta(host) });
    const store = new Store();
    const linker = new Linker();
    addWasiToLinker(linker, recordingHost(recorder, host));
    recorder.wrapLinker(linker, isWasi, store);
    const result = call(linker.instantiate(new Component(bytes), { store }).exports);
    const trace = recorder.finish({ memory: memoryHash(store) });

    const again: Uint8Array[] = [];
    const replayer = new Replayer(trace);
    const store2 = new Store();
    const linker2 = new Linker();
    addWasiToLinker(linker2, replayingHost(replayer, { stdout: { write: (b) => void again.push(b.slice()) } }));
    replayer.wrapLinker(linker2, isWasi, store2);
    const result2 = call(linker2.instantiate(new Component(bytes), { store: store2 }).exports);
    replayer.finishEvents('returned');
    expect(result2).toEqual(result);
    expect(Buffer.concat(again).equals(Buffer.concat(out))).toBe(true);
    expect(hex(memoryHash(store2))).toBe(hex(replayer.end.memory));
    return { result, stdout: Buffer.concat(out).toString() };
  }

  it('env-allow.composed: test-get-env', () => {
    expect(roundTrip('env-allow.composed.wasm', (e) => e.func('test-get-env').call([])).result).toEqual([['CUSTOM', 'VAL']]);
  });

  it('stdio.composed: test-stdio writes through the replayed stdout', () => {
    expect(roundTrip('stdio.composed.wasm', (e) => e.func('test-stdio').call([])).stdout).toBe('Hello world\n');
  });
});

describe('purewasm record / replay commands', () => {
  it('a tampered trace exits 3 with a message naming the call that diverged', async () => {
    // echoes stdin to stdout: a changed stdin byte in the trace makes the write differ from the recorded one
    const { parse } = await import('@bytecodealliance/jco-transpile/wasm-tools');
    const program = join(dir, 'echo.wasm');
    writeFileSync(program, await parse(`(module
      (import "wasi_snapshot_preview1" "fd_read" (func $read (param i32 i32 i32 i32) (result i32)))
      (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
      (memory (export "memory") 1)
      (func (export "_start")
        (i32.store (i32.const 0) (i32.const 64)) (i32.store (i32.const 4) (i32.const 64))
        (drop (call $read (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 8)))
        (i32.store (i32.const 4) (i32.load (i32.const 8)))
        (drop (call $write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 12)))))`));
    const trace = join(dir, 'tampered.trace');
    const recorded = cli(recordCommand, ['--trace', trace, program], 'hello replay');
    expect(recorded).toMatchObject({ code: 0, out: 'hello replay' });
    const bytes = readFileSync(trace);
    bytes[bytes.indexOf(Buffer.from('hello replay'))] = 'j'.charCodeAt(0);
    writeFileSync(trace, bytes);
    const replayed = cli(replayCommand, [trace]);
    expect(replayed.code).toBe(DIVERGED);
    expect(replayed.err).toMatch(/^replay diverged at host call #1 \(wasi_snapshot_preview1\.fd_write\): expected backend call stdout\.write\(12, \d+\), got backend call stdout\.write\(12, \d+\)\n$/);
    expect(replayed.out).toBe('');
  });

  it('replay --debug is interactive (the purewasm command runs it); usage errors exit 2', () => {
    expect(cli(replayCommand, ['--debug', 'x.trace'])).toMatchObject({ code: 2, err: expect.stringMatching(/--debug runs interactively/) });
    expect(cli(recordCommand, [`${JCO}/modules/exitcode.wasm`])).toMatchObject({ code: 2, err: expect.stringMatching(/missing --trace FILE/) });
    expect(cli(recordCommand, ['--trace', join(dir, 'x'), '--invoke', 'f', `${JCO}/modules/exitcode.wasm`]).code).toBe(2);
  });

  it('record passes run options through: --fuel traps as run does, and replays to the same trap', () => {
    const trace = join(dir, 'fuel.trace');
    const recorded = cli(recordCommand, ['--trace', trace, '--fuel', '1000', `${JCO}/modules/hello_stdout.wasm`]);
    expect(recorded.code).toBe(134);
    expect(recorded.err).toMatch(/wasm trap: all fuel consumed/);
    expect(cli(replayCommand, [trace])).toEqual(recorded);
  });

  it('a file that is not a trace is exit status 1 with a clear message', () => {
    expect(cli(replayCommand, [`${JCO}/modules/exitcode.wasm`])).toMatchObject({ code: 1, err: expect.stringMatching(/not a purewasm trace/) });
  });
});
