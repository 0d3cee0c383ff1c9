// A WASI 0.2 command runs under callAsync (`purewasm run`, WasiP2.runAsync), where compiled code may run only
// functions that can reach no host function (src/vm/jstier/suspend-free.ts). The bench's six kernels behind a
// C `main` that prints their checksums (bench/wasm/wasi_all.wasm), made a component with the preview1 command
// adapter (wasm-tools through jco, at test time): the same output interpreted, in tier 'js' and in tier
// 'auto', the leaf functions compiled in both (`main`, which prints, and the adapter stay interpreted).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Component, Linker, Store } from '../../src/index.js';
import { jit } from '../../src/jit/index.js';
import { addWasiToLinker, portableWasiHost } from '../../src/wasi/index.js';
import { SHARED } from '../shared.js';

// (jco's package exports do not list its adapters)
const ADAPTER = new URL('../../node_modules/@bytecodealliance/jco/lib/wasi_snapshot_preview1.command.wasm', import.meta.url);

async function wasiAllComponent(): Promise<Uint8Array> {
  const { componentNew } = await import('@bytecodealliance/jco-transpile/wasm-tools');
  const core = new Uint8Array(readFileSync(join(SHARED, 'bench', 'wasm', 'wasi_all.wasm')));
  const adapter = new Uint8Array(readFileSync(ADAPTER));
  return componentNew(core, [['wasi_snapshot_preview1', adapter]]);
}

/** Runs the command with argument `div` (each kernel's n divided by it) in a store of `tier`: its stdout, and
 *  how many of the store's wasm functions ran compiled (internal state, read for the test only). */
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
