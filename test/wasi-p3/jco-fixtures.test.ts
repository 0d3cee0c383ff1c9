// The WASI 0.3 commands among jco's p3 fixtures (../shared/fixtures/components/jco/EXPECTATIONS.md), run
// through `purewasm run`'s code, and once through the library with the portable backend (no Node).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCommandAsync } from '../../src/cli/run.js';
import { Component, Linker } from '../../src/index.js';
import { WasiP2, WasiP3, bytesInput, callbackOutput, portableWasiHost } from '../../src/wasi/index.js';
import { SHARED } from '../shared.js';
import { componentAsync } from '../packs.js';

const P3 = `${SHARED}/fixtures/components/jco/transpile/p3`;

async function run(file: string): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const exitCode = await runCommandAsync([file], {
    out: (t) => void (stdout += t),
    err: (t) => void (stderr += t),
    stdin: bytesInput(''),
    stdout: { write: (b) => void (stdout += Buffer.from(b).toString()) },
    stderr: { write: (b) => void (stderr += Buffer.from(b).toString()) },
    env: {},
  });
  return { exitCode, stdout, stderr };
}

// The spec trap these two fixtures reach (CanonicalABI.md cancel_copy; the reference tests
// component-model/async/trap-if-sync-and-waitable-set.wast and wasmtime's cancel-sync-and-waitable.wast):
// their wit-bindgen runtime, older than the fixtures' WASI, cancels a stream read synchronously while the
// stream end is still joined to a waitable set. EXPECTATIONS.md's "run → ok" was observed on jco, whose
// runtime does not make that check; wasmtime's does. Everything before it — the output, the waits — happens.
const SPEC_TRAP = /wasm trap: waitable cannot be used synchronously while added to a waitable set/;

describe('jco p3 fixtures that are WASI 0.3 commands', () => {
  it('p3-random-imports: run → ok', async () => {
    const r = await run(`${P3}/random/p3-random-imports.wasm`);
    expect(r).toEqual({ exitCode: 0, stdout: '', stderr: '' });
  });

  it('p3-cli-hello-stdout: writes "hello, world\\n" through write-via-stream, then reaches the spec trap above', async () => {
    const r = await run(`${P3}/cli/p3-cli-hello-stdout.wasm`);
    expect(r.stdout).toBe('hello, world\n');
    expect(r.exitCode).toBe(134);
    expect(r.stderr).toMatch(SPEC_TRAP);
  });

  it('p3-clocks-sleep: waits wait-until(now+10ms) and wait-for(10ms), then reaches the spec trap above', async () => {
    const t0 = Date.now();
    const r = await run(`${P3}/clocks/p3-clocks-sleep.wasm`);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(20);
    expect(r.exitCode).toBe(134);
    expect(r.stderr).toMatch(SPEC_TRAP);
  });

  it('the library on the portable backend: WasiP3 over portableWasiHost runs p3-random-imports', async () => {
    const host = portableWasiHost({ args: ['p3-random-imports'], stdout: callbackOutput(() => undefined) });
    const linker = new Linker();
    new WasiP2(host).addToLinker(linker);
    const wasi = new WasiP3(host).addToLinker(linker);
    const instance = linker.instantiate(new Component(new Uint8Array(readFileSync(`${P3}/random/p3-random-imports.wasm`)), { componentAsync }));
    expect(WasiP3.isCommand(instance)).toBe(true);
    expect(await wasi.runAsync(instance)).toBe(0);
  });
});
