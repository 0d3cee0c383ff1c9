// wasi:http fields as wasmtime treats them: names are tokens, hop-by-hop and framing headers are forbidden
// to set (header-error `forbidden`) and removed from what the guest receives; a request's or response's
// own headers are immutable. Host functions called directly, as a guest would.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { ResourceHandle } from '../../src/component/runtime/index.js';
import { WasiP2, fetchHttpClient, portableWasiHost } from '../../src/wasi/index.js';
import { hosted } from './host-functions.js';

const b = (s: string) => new Uint8Array(Buffer.from(s));
type R = { tag: 'ok' | 'err'; val?: any };

describe('wasi:http fields', () => {
  const host = portableWasiHost();
  host.http = fetchHttpClient();
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
