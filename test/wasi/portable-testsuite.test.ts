// The portable backend passes the same wasi-testsuite programs as the Node backend: each wasip1 program
// runs on WasiP1 over portableWasiHost, and each p2-from-p1 component on WASI 0.2 over it, with the
// spec's `root` folder loaded into a MemoryFilesystem (no Node file system involved while the guest runs).
// The four p2-from-p1 programs whose outcome the preview1 adapter decides are left to testsuite-p2.test.ts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Instance, Module, Trap } from '../../src/vm/index.js';
import { Component, Linker } from '../../src/component/runtime/index.js';
import { addWasiToLinker } from '../../src/wasi/p2/index.js';
import { MemoryFilesystem, WasiP1, portableWasiHost } from '../../src/wasi/index.js';
import { loadIntoMemory as load, programs } from './testsuite-harness.js';

describe('wasi-testsuite wasip1 on the portable backend (in-memory files)', () => {
  for (const p of programs('wasip1')) {
    it(p.name, () => {
      const files = new MemoryFilesystem();
      if (p.spec.root !== undefined) load(files, join(p.dir, p.spec.root), '/root');
      const out: Uint8Array[] = [];
      const err: Uint8Array[] = [];
      const wasi = new WasiP1(
        portableWasiHost({
          args: [p.wasm, ...(p.spec.args ?? [])],
          env: p.spec.env ?? {},
          fs: files,
          preopens: p.spec.root !== undefined ? { '/': '/root' } : {},
          stdout: (b) => out.push(b),
          stderr: (b) => err.push(b),
        }),
      );
      let code: number;
      try {
        code = wasi.start(new Instance(new Module(readFileSync(p.wasm)), wasi.imports));
      } catch (e) {
        if (!(e instanceof Trap)) throw e;
        code = 134;
      }
      const stderr = Buffer.concat(err).toString();
      expect(code, stderr.slice(0, 2000)).toBe(p.spec.exit_code ?? 0);
      if (p.spec.stdout !== undefined) expect(Buffer.concat(out).toString().startsWith(p.spec.stdout)).toBe(true);
    });
  }
});

const ADAPTER_DECIDES = new Set([
  'assemblyscript/args_get-multiple-arguments',
  'assemblyscript/environ_get-multiple-variables',
  'assemblyscript/fd_write-to-invalid-fd',
  'assemblyscript/proc_exit-failure',
]);

describe('wasi-testsuite p2-from-p1 on the portable backend (in-memory files)', () => {
  for (const p of programs('p2-from-p1').filter((p) => !ADAPTER_DECIDES.has(p.name))) {
    it(p.name, () => {
      const files = new MemoryFilesystem();
      if (p.spec.root !== undefined) load(files, join(p.dir, p.spec.root), '/root');
      const err: Uint8Array[] = [];
      const linker = new Linker();
      const wasi = addWasiToLinker(linker, portableWasiHost({
        args: [p.wasm, ...(p.spec.args ?? [])],
        env: p.spec.env ?? {},
        fs: files,
        preopens: p.spec.root !== undefined ? { '/': '/root' } : {},
        stderr: (b) => err.push(b),
      }));
      let code: number;
      try {
        code = wasi.run(linker.instantiate(new Component(readFileSync(p.wasm))));
      } catch (e) {
        if (!(e instanceof Trap)) throw e;
        code = 134;
      }
      expect(code, Buffer.concat(err).toString().slice(0, 2000)).toBe(p.spec.exit_code ?? 0);
    });
  }
});
