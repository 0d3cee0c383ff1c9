// The wasi-testsuite's WASI 0.3 sockets-* and http-* programs (../shared/fixtures/wasi-testsuite/wasip3/rust),
// each run per its spec through the code `purewasm run` / `purewasm serve` run (spec-runner.ts): TCP and UDP
// on 127.0.0.1, the HTTP servers the specs ask for, requests to served components.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SHARED } from '../shared.js';
import { readSpec, runSpec } from './spec-runner.js';

const DIR = join(SHARED, 'fixtures/wasi-testsuite/wasip3/rust');

const names = readdirSync(DIR)
  .filter((f) => /^(sockets|http)-.*\.wasm$/.test(f))
  .map((f) => f.slice(0, -'.wasm'.length))
  .sort();

/** Tests expected to fail here, each with the reason (wasmtime's list, expectations/wasmtime/linux.toml,
 *  names three HTTP tests it fails; purewasm passes those). */
const EXPECTED_FAILURES: Record<string, string> = {};

describe('wasi-testsuite wasip3: sockets and http', () => {
  it('finds the 30 programs', () => {
    expect(names.filter((n) => n.startsWith('sockets-'))).toHaveLength(12);
    expect(names.filter((n) => n.startsWith('http-'))).toHaveLength(18);
  });

  for (const name of names) {
    const reason = EXPECTED_FAILURES[name];
    it(reason === undefined ? name : `${name} (expected to fail: ${reason})`, async () => {
      const r = await runSpec(DIR, name);
      const detail = r.failure === undefined ? '' : `${r.failure}\n--- stdout\n${r.stdout.slice(-2000)}\n--- stderr\n${r.stderr.slice(-2000)}`;
      if (reason !== undefined) expect(r.failure, 'passes now: take it off EXPECTED_FAILURES').toBeDefined();
      else expect(r.failure, detail).toBeUndefined();
      // A client test passes only by talking to its servers (the guest asserts on their answers).
      if (readSpec(DIR, name).servers?.some((s) => s.kind !== 'closed')) expect(r.seen.length).toBeGreaterThan(0);
    });
  }
});

describe('the sandbox: nothing is granted without the flags', () => {
  it('sockets: binding answers access-denied without -S inherit-network', async () => {
    const r = await runSpec(DIR, 'sockets-tcp-bind', false);
    expect(r.failure).toMatch(/wait: expected exit status 0, got [1-9]/);
    expect(r.stderr).toContain('ErrorCode::AccessDenied');
  });

  it('http: the client answers HTTP-request-denied without -S http, and nothing reaches the server', async () => {
    const r = await runSpec(DIR, 'http-client', false);
    expect(r.failure).toMatch(/expected status 200, got 500/);
    expect(r.stderr).toMatch(/HttpRequestDenied/);
    expect(r.seen).toEqual([]);
  });
});

describe('purewasm serve with a WASI 0.3 handler', () => {
  it('streams a 1 MB request body in and the echo back out, byte for byte', async () => {
    const { startServing } = await import('../../src/cli/serve.js');
    let stderr = '';
    const io = {
      out: () => undefined, err: (t: string) => void (stderr += t), stdin: { read: () => new Uint8Array(0) },
      stdout: { write: () => undefined }, stderr: { write: (b: Uint8Array) => void (stderr += Buffer.from(b).toString()) }, env: {},
    };
    const s = await startServing(['--addr', '127.0.0.1:0', join(DIR, 'http-service-echo.wasm')], io);
    if (typeof s === 'number') throw new Error(`serve exited ${s}: ${stderr}`);
    try {
      const body = Buffer.alloc(1 << 20);
      for (let i = 0; i < body.length; i++) body[i] = (i * 7 + (i >> 9)) & 0xff;
      const r = await fetch(`${s.url}echo`, { method: 'POST', body });
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toBe('application/octet-stream');
      expect(Buffer.from(await r.arrayBuffer()).equals(body)).toBe(true);
    } finally {
      await s.close();
    }
  });
});
