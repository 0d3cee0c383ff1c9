// The same wasip3 programs on the portable backend (no Node file system or stdio while the guest runs):
// WASI 0.2 and 0.3 over one portableWasiHost, the spec's `root` loaded into a MemoryFilesystem, stdin the
// spec's writes. WASI 0.3 reaches files only through the shared descriptor and path code, so this checks
// that nothing of it depends on the Node backend.
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Component, Linker, Trap } from '../../src/index.js';
import { MemoryFilesystem, WasiP2, WasiP3, portableWasiHost } from '../../src/wasi/index.js';
import { loadIntoMemory } from '../wasi/testsuite-harness.js';
import { componentAsync } from '../packs.js';
import { WASIP3, check, p3Programs, type Operation } from './harness.js';

const CORE = /^(cli-|filesystem-|monotonic-clock$|wall-clock$|multi-clock-wait$|random$|run-with-err$)/;

describe('wasi-testsuite wasip3 on the portable backend (in-memory files)', () => {
  for (const p of p3Programs((n) => CORE.test(n))) {
    it(p.name, async () => {
      const run = p.operations.find((o) => o.type === 'run') as Extract<Operation, { type: 'run' }>;
      const files = new MemoryFilesystem();
      if (run.root !== undefined) loadIntoMemory(files, join(WASIP3, run.root), '/root');
      let stdout = '';
      let stderr = '';
      const host = portableWasiHost({
        args: [basename(p.wasm), ...(run.args ?? [])],
        env: run.env ?? {},
        fs: files,
        preopens: run.root !== undefined ? { '/': '/root' } : {},
        stdin: p.operations.filter((o) => o.type === 'write').map((o) => (o as { payload: string }).payload).join(''),
        stdout: (b) => void (stdout += Buffer.from(b).toString()),
        stderr: (b) => void (stderr += Buffer.from(b).toString()),
      });
      const linker = new Linker();
      new WasiP2(host).addToLinker(linker);
      const wasi = new WasiP3(host).addToLinker(linker);
      let code: number;
      try {
        code = await wasi.runAsync(linker.instantiate(new Component(new Uint8Array(readFileSync(p.wasm)), { componentAsync })));
      } catch (e) {
        if (!(e instanceof Trap)) throw e;
        code = 134;
      }
      const failure = check(p, code, stdout, stderr);
      expect(failure, `${failure}\n--- stderr ---\n${stderr.slice(0, 2000)}`).toBeUndefined();
    });
  }
});
