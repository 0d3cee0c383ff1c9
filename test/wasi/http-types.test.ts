// wasi:http types as wasmtime treats them: field names are tokens, hop-by-hop and framing headers are
// forbidden to set (header-error `forbidden`) and removed from what the guest receives, a message's own
// headers are immutable; request-options timeouts end a request with the error-code wasmtime gives.
// Host functions called directly, as a guest would.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { ResourceHandle } from '../../src/component/runtime/index.js';
import { WasiP2, fetchHttpClient, portableWasiHost } from '../../src/wasi/index.js';
import { nodeHttpClient } from '../../src/wasi/node/index.js';
import { hosted } from './host-functions.js';

const b = (s: string) => new Uint8Array(Buffer.from(s));
type R = { tag: 'ok' | 'err'; val?: any };

// Both clients: fetch (the portable one) and node:http (what `purewasm run -S http` uses).
for (const [clientName, client] of [['fetch', fetchHttpClient], ['node:http', nodeHttpClient]] as const) describe(`wasi:http fields, requests over ${clientName}`, () => {
  const host = portableWasiHost();
  host.http = client();
  const fn = hosted(new WasiP2(host));
  const t = (name: string) => fn('wasi:http/types@0.2.12', name);

  it('rejects bad names and forbidden headers, and keeps a message\'s headers immutable', () => {
    expect(t('[static]fields.from-list')([['Host', b('x')]])).toEqual({ tag: 'err', val: { tag: 'forbidden' } });
    expect(t('[static]fields.from-list')([['bad name', b('x')]])).toEqual({ tag: 'err', val: { tag: 'invalid-syntax' } });
    expect(t('[static]fields.from-list')([['x-ok', b('a\nb')]])).toEqual({ tag: 'err', val: { tag: 'invalid-syntax' } });
    const f = (t('[static]fields.from-list')([['X-One', b('1')]]) as R).val as ResourceHandle;
    for (const name of ['Connection', 'keep-alive', 'Transfer-Encoding', 'upgrade', 'proxy-connection', 'http2-settings']) {
      expect(t('[method]fields.set')(f, name, [b('v')])).toEqual({ tag: 'err', val: { tag: 'forbidden' } });
      expect(t('[method]fields.append')(f, name, b('v'))).toEqual({ tag: 'err', val: { tag: 'forbidden' } });
    }
    expect(t('[method]fields.append')(f, 'x-one', b('2'))).toEqual({ tag: 'ok' });
    expect(t('[method]fields.get')(f, 'X-ONE')).toEqual([b('1'), b('2')]);
    const response = t('[constructor]outgoing-response')(f) as ResourceHandle;
    const own = t('[method]outgoing-response.headers')(response) as ResourceHandle;
    expect(t('[method]fields.set')(own, 'x-two', [b('2')])).toEqual({ tag: 'err', val: { tag: 'immutable' } });
  });

  /** Sends GET http://127.0.0.1:port/path with request-options; resolves with the future's result. */
  const send = async (port: number, path: string, options: Record<string, bigint>) => {
    const request = t('[constructor]outgoing-request')(t('[constructor]fields')()) as ResourceHandle;
    t('[method]outgoing-request.set-scheme')(request, { tag: 'HTTP' });
    t('[method]outgoing-request.set-authority')(request, `127.0.0.1:${port}`);
    t('[method]outgoing-request.set-path-with-query')(request, path);
    const o = t('[constructor]request-options')() as ResourceHandle;
    for (const [k, v] of Object.entries(options)) expect(t(`[method]request-options.set-${k}`)(o, v)).toEqual({ tag: 'ok' });
    const future = (fn('wasi:http/outgoing-handler@0.2.12', 'handle')(request, o) as R).val as ResourceHandle;
    await fn('wasi:io/poll@0.2.12', '[method]pollable.block')(t('[method]future-incoming-response.subscribe')(future));
    return (t('[method]future-incoming-response.get')(future) as R).val as R;
  };

  it('request-options: no first byte in time is a connection-read-timeout; a stalled body fails its stream likewise', async () => {
    const server = http.createServer((req, res) => {
      if (req.url !== '/') return; // never answers
      res.write('first chunk');
      // …and nothing more
    });
    const port = await new Promise<number>((r) => server.listen(0, '127.0.0.1', () => r((server.address() as AddressInfo).port)));
    try {
      const stalledHead = await send(port, '/never', { 'first-byte-timeout': 100_000_000n });
      expect(stalledHead).toEqual({ tag: 'err', val: { tag: 'connection-read-timeout' } });

      const got = await send(port, '/', { 'between-bytes-timeout': 100_000_000n });
      const body = (t('[method]incoming-response.consume')(got.val as ResourceHandle) as R).val as ResourceHandle;
      const stream = (t('[method]incoming-body.stream')(body) as R).val as ResourceHandle;
      const read = fn('wasi:io/streams@0.2.12', '[method]input-stream.blocking-read');
      expect(Buffer.from(((await read(stream, 100n)) as R).val).toString()).toBe('first chunk');
      const failed = (await read(stream, 100n)) as R;
      expect(failed.tag).toBe('err');
      expect(failed.val.tag).toBe('last-operation-failed');
      expect(fn('wasi:http/types@0.2.12', 'http-error-code')(failed.val.val)).toEqual({ tag: 'connection-read-timeout' });
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it('a received response does not show the hop-by-hop headers the server sent', async () => {
    const server = http.createServer((req, res) => {
      res.setHeader('x-kept', 'yes');
      res.setHeader('Connection', 'keep-alive');
      res.setHeader('Keep-Alive', 'timeout=5');
      res.end('ok');
    });
    const port = await new Promise<number>((r) => server.listen(0, '127.0.0.1', () => r((server.address() as AddressInfo).port)));
    try {
      const request = t('[constructor]outgoing-request')(t('[constructor]fields')()) as ResourceHandle;
      t('[method]outgoing-request.set-scheme')(request, { tag: 'HTTP' });
      t('[method]outgoing-request.set-authority')(request, `127.0.0.1:${port}`);
      const future = (fn('wasi:http/outgoing-handler@0.2.12', 'handle')(request, undefined) as R).val as ResourceHandle;
      await fn('wasi:io/poll@0.2.12', '[method]pollable.block')(t('[method]future-incoming-response.subscribe')(future));
      const got = t('[method]future-incoming-response.get')(future) as R;
      const response = got.val.val as ResourceHandle;
      expect(t('[method]incoming-response.status')(response)).toBe(200);
      const names = (t('[method]fields.entries')(t('[method]incoming-response.headers')(response)) as [string, Uint8Array][]).map(([k]) => k);
      expect(names).toContain('x-kept');
      expect(names).not.toContain('connection');
      expect(names).not.toContain('keep-alive');
      // The future answers once.
      expect(t('[method]future-incoming-response.get')(future)).toEqual({ tag: 'err' });
    } finally {
      server.close();
    }
  });
});
