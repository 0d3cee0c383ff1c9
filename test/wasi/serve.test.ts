// `purewasm serve`: a wasi:http/incoming-handler component answers HTTP requests on 127.0.0.1.
// The fixture is built here from test/wasi/fixtures/http-handler.wat with jco (test-only tool): the core
// module gets the WASI 0.2.12 WIT embedded and becomes a component (componentNew validates the ABI).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServing, type Serving } from '../../src/cli/serve.js';
import type { RunIo } from '../../src/cli/run.js';
import { buildComponent } from './guest-components.js';
import { SHARED } from '../shared.js';

const WORLD = 'package test:serve;\nworld server {\n  import wasi:http/types@0.2.12;\n  export wasi:http/incoming-handler@0.2.12;\n}\n';

let dir: string;
let file: string;
let serving: Serving;
let stderr = '';

const io = (): RunIo => ({
  out: () => undefined,
  err: (t) => void (stderr += t),
  stdin: { read: () => new Uint8Array(0) },
  stdout: { write: () => undefined },
  stderr: { write: (b) => void (stderr += Buffer.from(b).toString()) },
  env: {},
});

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'purewasm-serve-'));
  const component = await buildComponent('http-handler.wat', WORLD, 'server');
  file = join(dir, 'handler.component.wasm');
  writeFileSync(file, component);
  const s = await startServing(['--addr', '127.0.0.1:0', file], io());
  if (typeof s === 'number') throw new Error(`serve exited ${s}: ${stderr}`);
  serving = s;
});

afterAll(async () => {
  await serving?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('purewasm serve', () => {
  it('prints the address first on stderr, with the port it picked', () => {
    expect(stderr).toMatch(/^Serving HTTP on http:\/\/127\.0\.0\.1:\d+\/\n/);
    expect(serving.url).not.toMatch(/:0\/$/);
  });

  it('answers requests, one instance each', async () => {
    for (const path of ['/', '/hello?x=1', '/a/b']) {
      const r = await fetch(new URL(path, serving.url));
      expect(r.status).toBe(200);
      expect(await r.text()).toBe(`hello from a wasi:http component, path ${path}`);
    }
    const posted = await fetch(serving.url, { method: 'POST', body: 'some body' });
    expect(await posted.text()).toBe('hello from a wasi:http component, path /');
  });

  it('rejects bad command lines and files that cannot serve', async () => {
    const err: string[] = [];
    const bad = (argv: string[]) => startServing(argv, { ...io(), err: (t) => void err.push(t) });
    expect(await bad(['--addr', 'nowhere', file])).toBe(2);
    expect(err.join('')).toMatch(/--addr "nowhere": expected HOST:PORT/);
    expect(await bad([])).toBe(2);
    expect(await bad([join(dir, 'missing.wasm')])).toBe(1);
    expect(err.join('')).toMatch(/missing\.wasm/);
    // A command component links, but has no incoming-handler to serve with.
    expect(await bad([`${SHARED}/fixtures/components/jco/jco/components/hello_stdout.component.wasm`])).toBe(1);
    expect(err.join('')).toMatch(/exports neither wasi:http\/incoming-handler@0\.2\.x nor wasi:http\/handler@0\.3\.x/);
  });
});

describe('purewasm serve streams', () => {
  let echo: Serving;
  beforeAll(async () => {
    const f = join(dir, 'echo.component.wasm');
    writeFileSync(f, await buildComponent('http-echo.wat', WORLD, 'server'));
    const s = await startServing(['--addr', '127.0.0.1:0', f], io());
    if (typeof s === 'number') throw new Error(`serve exited ${s}: ${stderr}`);
    echo = s;
  });
  afterAll(async () => echo?.close());

  it('echoes a request body chunk by chunk: the first part comes back before the client sends the rest', async () => {
    const url = new URL(echo.url);
    const got = await new Promise<{ first: string; all: string; chunked: boolean }>((resolve, reject) => {
      const req = request({ host: url.hostname, port: url.port, method: 'POST', path: '/' }, (res) => {
        let all = '';
        let first: string | undefined;
        res.on('data', (d: Buffer) => {
          all += d.toString();
          if (first === undefined) {
            first = all;
            // Only now does the rest of the request go out: a server that waited for the whole body
            // (or a guest that could not wait for it) would never get here.
            req.end('second part');
          }
        });
        res.on('end', () => resolve({ first: first ?? '', all, chunked: res.headers['transfer-encoding'] === 'chunked' }));
      });
      req.on('error', reject);
      req.flushHeaders();
      req.write('first part, ');
    });
    expect(got.first).toBe('first part, ');
    expect(got.all).toBe('first part, second part');
    expect(got.chunked).toBe(true);
  });

  it('streams a large body through in both directions', async () => {
    const big = 'abcdefghij'.repeat(300_000);
    const r = await fetch(echo.url, { method: 'POST', body: big });
    expect(r.status).toBe(200);
    expect(await r.text()).toBe(big);
  });
});
