// A WASI 0.2 command under callAsync (WasiP2.runAsync; `purewasm run` when it imports sockets or HTTP), where
// compiled code may run only functions that can reach no host function (src/vm/jstier/suspend-free.ts): the
// bench's six kernels behind a C `main` that prints their checksums (bench/wasm/wasi_all.wasm), made a
// component with the preview1 command adapter (wasm-tools through jco, at test time), gives the same output
// interpreted, in tier 'js' and in tier 'auto', with its leaf functions compiled in both (`main`, which prints,
// and the adapter stay interpreted). And how `purewasm run` chooses between callAsync and a synchronous call.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Component, Linker, Store } from '../../src/index.js';
import { jit } from '../../src/jit/index.js';
import { addWasiToLinker, portableWasiHost } from '../../src/wasi/index.js';
import { runCommandAsync, waitsForHost, type RunIo } from '../../src/cli/run.js';
import { componentAsync } from '../packs.js';
import { SHARED } from '../shared.js';

// (jco's package exports do not list its adapters)
const ADAPTER = new URL('../../node_modules/@bytecodealliance/jco/lib/wasi_snapshot_preview1.command.wasm', import.meta.url);

async function wasiAllComponent(): Promise<Uint8Array> {
  const { componentNew } = await import('@bytecodealliance/jco-transpile/wasm-tools');
  const core = new Uint8Array(readFileSync(join(SHARED, 'bench', 'wasm', 'wasi_all.wasm')));
  const adapter = new Uint8Array(readFileSync(ADAPTER));
  return componentNew(core, [['wasi_snapshot_preview1', adapter]]);
}

/** Runs the command (each kernel's n divided by 2000) under callAsync in a store of `tier`: its stdout, and how
 *  many of the store's wasm functions ran compiled (internal state, read for the test only). */
async function run(component: Component, tier: 'interpreter' | 'js' | 'auto'): Promise<{ stdout: string; compiled: number }> {
  const chunks: Uint8Array[] = [];
  const linker = new Linker();
  const wasi = addWasiToLinker(linker, portableWasiHost({ args: ['wasi_all', '2000'], stdout: (b) => chunks.push(b.slice()) }));
  const store = new Store({ tier, compiler: jit });
  expect(await wasi.runAsync(linker.instantiate(component, { store }))).toBe(0);
  const funcs = (store as unknown as { funcs: { body: unknown }[] }).funcs;
  return { stdout: Buffer.concat(chunks).toString(), compiled: funcs.filter((f) => f.body !== null).length };
}

describe('a WASI component under callAsync in the JS tier', () => {
  it('runs its leaf functions compiled, with the output it has interpreted', async () => {
    const component = new Component(await wasiAllComponent());
    const interpreted = await run(component, 'interpreter');
    expect(interpreted.stdout).toMatch(/^fib {4}n=\d+ checksum=-?\d+\n(.*\n){5}$/);
    expect(interpreted.compiled).toBe(0);
    for (const tier of ['js', 'auto'] as const) {
      const r = await run(component, tier);
      expect(r.stdout, tier).toBe(interpreted.stdout);
      expect(r.compiled, tier).toBeGreaterThan(0);
    }
  });
});

describe('purewasm run chooses how a WASI 0.2 component runs', () => {
  it('synchronously when it imports neither sockets nor HTTP (nothing it calls waits), under callAsync otherwise', async () => {
    const bytes = await wasiAllComponent();
    expect(waitsForHost(new Component(bytes))).toBe(false);
    // WASI 0.3's functions wait on the event loop; sockets and HTTP are asynchronous sources
    const p3 = new Uint8Array(readFileSync(join(SHARED, 'fixtures', 'wasi-testsuite', 'wasip3', 'rust', 'http-client-path.wasm')));
    expect(waitsForHost(new Component(p3, { componentAsync }))).toBe(true);
    // the output is the core module's
    const dir = mkdtempSync(join(tmpdir(), 'purewasm-run-'));
    try {
      const outputs: string[] = [];
      for (const [name, b] of [['wasi_all.component.wasm', bytes], ['wasi_all.wasm', new Uint8Array(readFileSync(join(SHARED, 'bench', 'wasm', 'wasi_all.wasm')))]] as const) {
        writeFileSync(join(dir, name), b);
        let out = '';
        const io: RunIo = {
          out: (t) => void (out += t), err: () => undefined, env: {},
          stdin: { read: () => new Uint8Array(0) }, stdout: { write: (b) => void (out += Buffer.from(b).toString()) }, stderr: { write: () => undefined },
        };
        expect(await runCommandAsync([join(dir, name), '2000'], io)).toBe(0);
        outputs.push(out);
      }
      expect(outputs[0]).toMatch(/^fib {4}n=\d+ checksum=-?\d+\n/);
      expect(outputs[0]).toBe(outputs[1]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
