// ../shared/bench/wasm/wasi_all.wasm (six benchmark kernels behind a WASI main) prints the same checksums
// through `purewasm run` as through Node's own node:wasi (the oracle; tests may use the host's wasm).
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WASI } from 'node:wasi';
import { expect, it } from 'vitest';
import { runCommand } from '../../src/cli/run.js';
import { SHARED } from '../shared.js';

const FILE = `${SHARED}/bench/wasm/wasi_all.wasm`;

async function nodeWasiStdout(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'purewasm-wasi-all-'));
  try {
    const outPath = join(dir, 'stdout');
    const fd = openSync(outPath, 'w');
    try {
      const wasi = new WASI({ version: 'preview1', args: ['wasi_all.wasm'], env: {}, stdout: fd, returnOnExit: true });
      // The host's WebAssembly, typed loosely: tsconfig's lib has no WebAssembly declarations.
      const wasm = (globalThis as unknown as { WebAssembly: { compile(b: Uint8Array): Promise<object>; instantiate(m: object, i: object): Promise<object> } }).WebAssembly;
      const instance = await wasm.instantiate(await wasm.compile(readFileSync(FILE)), wasi.getImportObject());
      expect(wasi.start(instance as Parameters<WASI['start']>[0])).toBe(0);
    } finally {
      closeSync(fd);
    }
    return readFileSync(outPath, 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

it('wasi_all.wasm prints the same checksums as on node:wasi', async () => {
  const expected = await nodeWasiStdout();
  expect(expected.match(/checksum=/g)?.length).toBe(6);
  const out: Uint8Array[] = [];
  const err: Uint8Array[] = [];
  const code = runCommand([FILE], {
    out: (t) => out.push(Buffer.from(t)),
    err: (t) => err.push(Buffer.from(t)),
    stdin: { read: () => new Uint8Array(0) },
    stdout: { write: (b) => void out.push(b.slice()) },
    stderr: { write: (b) => void err.push(b.slice()) },
    env: {},
  });
  expect(Buffer.concat(err).toString()).toBe('');
  expect(code).toBe(0);
  expect(Buffer.concat(out).toString()).toBe(expected);
});
