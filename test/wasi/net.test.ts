// wasi:sockets and wasi:http/outgoing-handler 0.2, driven by guest code (fixtures/net-probe.wat, made a
// component here) against peers this test runs on 127.0.0.1: a TCP echo server, a TCP client, a UDP peer,
// an HTTP server. The guest waits on pollables and blocking streams, so every export runs under callAsync
// and suspends while Node's sockets work.
import * as net from 'node:net';
import * as dgram from 'node:dgram';
import * as http from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Component, Linker, type ComponentInstance } from '../../src/index.js';
import { WasiP2, fetchHttpClient, portableWasiHost, type HttpClient, type WasiHost } from '../../src/wasi/index.js';
import { nodeHttpClient, nodeNetwork, nodeWasiHost } from '../../src/wasi/node/index.js';
import { runCommandAsync, type RunIo } from '../../src/cli/run.js';
import { buildComponent } from './guest-components.js';

const WORLD = `package test:net;
interface probe {
  tcp-echo: func(port: u16, message: list<u8>) -> result<list<u8>, u32>;
  tcp-spin-read: func(port: u16) -> result<list<u8>, u32>;
  tcp-listen: func() -> result<u16, u32>;
  tcp-accept-echo: func() -> result<u32, u32>;
  udp-exchange: func(port: u16, message: list<u8>) -> result<list<u8>, u32>;
  resolve: func(name: string) -> result<u32, u32>;
  http-get: func(authority: string, path: string) -> result<tuple<u16, list<u8>>, u32>;
  http-post: func(authority: string, path: string, body: list<u8>) -> result<tuple<u16, list<u8>>, u32>;
}
world prober {
  import wasi:sockets/instance-network@0.2.12;
  import wasi:sockets/tcp-create-socket@0.2.12;
  import wasi:sockets/tcp@0.2.12;
  import wasi:sockets/udp-create-socket@0.2.12;
  import wasi:sockets/udp@0.2.12;
  import wasi:sockets/ip-name-lookup@0.2.12;
  import wasi:http/outgoing-handler@0.2.12;
  export probe;
}
`;

// Error codes as the guest reports them: STEP * 100 + the WIT case index.
const SOCKET = { 'access-denied': 1, 'invalid-argument': 3, 'connection-refused': 14, 'permanent-resolver-failure': 20 };
const HTTP = { 'connection-refused': 6, 'HTTP-request-denied': 15 };

type Result<T> = { tag: 'ok'; val: T } | { tag: 'err'; val: number };

let component: Component;
let dir: string;
let file: string;

beforeAll(async () => {
  const bytes = await buildComponent('net-probe.wat', WORLD, 'prober');
  component = new Component(bytes);
  dir = mkdtempSync(join(tmpdir(), 'purewasm-net-'));
  file = join(dir, 'net-probe.component.wasm');
  writeFileSync(file, bytes);
});

afterAll(() => void (dir && rmSync(dir, { recursive: true, force: true })));

/** Grants for a test host: the network with or without name lookup, HTTP or not. */
function grant(host: WasiHost, o: { sockets?: boolean; lookup?: boolean; http?: boolean; client?: () => HttpClient }): WasiHost {
  if (o.sockets || o.lookup) host.network = { backend: nodeNetwork(), sockets: !!o.sockets, nameLookup: !!o.lookup };
  if (o.http) host.http = (o.client ?? fetchHttpClient)();
  return host;
}

function probe(host: WasiHost): (name: string, ...args: unknown[]) => Promise<Result<unknown>> {
  const wasi = new WasiP2(host);
  const instance: ComponentInstance = wasi.addToLinker(new Linker()).instantiate(component);
  return (name, ...args) => instance.exports.func(`test:net/probe#${name}`).callAsync(args) as Promise<Result<unknown>>;
}

const text = (b: unknown) => Buffer.from(b as Uint8Array).toString();
const bytes = (s: string) => new Uint8Array(Buffer.from(s));

function listen(server: net.Server | http.Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port)));
}

describe('wasi:sockets TCP', () => {
  it('connects to a local echo server, streams both ways, shuts down sending and reads to the end', async () => {
    const server = net.createServer((s) => s.pipe(s));
    const port = await listen(server);
    try {
      const call = probe(grant(portableWasiHost(), { sockets: true }));
      // Larger than one read and one write window: the guest's blocking calls must wait, not spin or cut.
      const big = 'x'.repeat(200_000) + 'end';
      expect(text((await call('tcp-echo', port, bytes('hello over tcp'))).val)).toBe('hello over tcp');
      const r = await call('tcp-echo', port, bytes(big));
      expect(r.tag).toBe('ok');
      expect(text(r.val)).toBe(big);
    } finally {
      server.close();
    }
  });

  it('reports connection-refused from finish-connect when nothing listens', async () => {
    const server = net.createServer();
    const port = await listen(server);
    await new Promise<void>((r) => server.close(() => r()));
    const call = probe(grant(portableWasiHost(), { sockets: true }));
    expect(await call('tcp-echo', port, bytes('x'))).toEqual({ tag: 'err', val: 300 + SOCKET['connection-refused'] });
  });

  it('a guest that spins on non-blocking reads still gets the data (the host yields to the event loop)', async () => {
    const server = net.createServer((s) => setTimeout(() => s.end('late hello'), 30));
    const port = await listen(server);
    try {
      const call = probe(grant(portableWasiHost(), { sockets: true }));
      const r = await call('tcp-spin-read', port);
      expect(r.tag).toBe('ok');
      expect(text(r.val)).toBe('late hello');
    } finally {
      server.close();
    }
  });

  it('binds, listens on the port the OS picked, accepts a connection and echoes it', async () => {
    const call = probe(grant(portableWasiHost(), { sockets: true }));
    const listening = await call('tcp-listen');
    expect(listening.tag).toBe('ok');
    const port = listening.val as number;
    expect(port).toBeGreaterThan(0);
    const serving = call('tcp-accept-echo');
    const echoed = await new Promise<string>((resolve, reject) => {
      const chunks: Buffer[] = [];
      const c = net.connect(port, '127.0.0.1', () => {
        c.write('first part, ');
        setTimeout(() => c.end('second part after a pause'), 50);
      });
      c.on('data', (d) => chunks.push(d));
      c.on('end', () => resolve(Buffer.concat(chunks).toString()));
      c.on('error', reject);
    });
    expect(echoed).toBe('first part, second part after a pause');
    expect(await serving).toEqual({ tag: 'ok', val: echoed.length });
  });
});

describe('wasi:sockets UDP', () => {
  it('binds, streams to a local peer, sends a datagram and receives the answer', async () => {
    const peer = dgram.createSocket('udp4');
    peer.on('message', (m, from) => peer.send(Buffer.concat([Buffer.from('pong: '), m]), from.port, from.address));
    const port = await new Promise<number>((r) => peer.bind(0, '127.0.0.1', () => r(peer.address().port)));
    try {
      const call = probe(grant(portableWasiHost(), { sockets: true }));
      const r = await call('udp-exchange', port, bytes('ping'));
      expect(r.tag).toBe('ok');
      expect(text(r.val)).toBe('pong: ping');
    } finally {
      peer.close();
    }
  });
});

describe('wasi:sockets ip-name-lookup', () => {
  it('resolves an IP literal to itself and localhost to at least one address', async () => {
    const call = probe(grant(portableWasiHost(), { lookup: true }));
    expect(await call('resolve', '127.0.0.1')).toEqual({ tag: 'ok', val: 65536 + 127 });
    const local = await call('resolve', 'localhost');
    expect(local.tag).toBe('ok');
    expect(local.val as number).toBeGreaterThanOrEqual(65536);
    expect(await call('resolve', 'not..a name')).toEqual({ tag: 'err', val: 100 + SOCKET['invalid-argument'] });
  });
});

describe('the network sandbox', () => {
  it('denies sockets, name lookup and HTTP unless granted, before anything reaches the host', async () => {
    let touched = false;
    const server = net.createServer(() => void (touched = true));
    const port = await listen(server);
    try {
      const call = probe(portableWasiHost());
      // create-tcp-socket works (a record only); connect and bind answer access-denied.
      expect(await call('tcp-echo', port, bytes('x'))).toEqual({ tag: 'err', val: 200 + SOCKET['access-denied'] });
      expect(await call('tcp-listen')).toEqual({ tag: 'err', val: 200 + SOCKET['access-denied'] });
      expect(await call('udp-exchange', port, bytes('x'))).toEqual({ tag: 'err', val: 200 + SOCKET['access-denied'] });
      // As wasmtime: lookup without the grant is a permanent resolver failure.
      expect(await call('resolve', 'localhost')).toEqual({ tag: 'err', val: 100 + SOCKET['permanent-resolver-failure'] });
      expect(await call('http-get', `127.0.0.1:${port}`, '/')).toEqual({ tag: 'err', val: 100 + HTTP['HTTP-request-denied'] });
      // Name lookup alone grants no socket.
      const lookupOnly = probe(grant(portableWasiHost(), { lookup: true }));
      expect(await lookupOnly('tcp-echo', port, bytes('x'))).toEqual({ tag: 'err', val: 200 + SOCKET['access-denied'] });
      await new Promise((r) => setTimeout(r, 20));
      expect(touched).toBe(false);
    } finally {
      server.close();
    }
  });

  it('a synchronous call that reaches a socket wait traps with a message naming callAsync', async () => {
    const server = net.createServer((s) => s.pipe(s));
    const port = await listen(server);
    try {
      const wasi = new WasiP2(grant(portableWasiHost(), { sockets: true }));
      const instance = wasi.addToLinker(new Linker()).instantiate(component);
      expect(() => instance.exports.func('test:net/probe#tcp-echo').call([port, bytes('x')])).toThrow(/returned a Promise: call the export with callAsync/);
    } finally {
      server.close();
    }
  });
});

describe('wasi:http outgoing-handler', () => {
  let server: http.Server;
  let port: number;
  beforeAll(async () => {
    server = http.createServer(async (req, res) => {
      if (req.method === 'POST') {
        let body = '';
        for await (const chunk of req) body += chunk;
        res.end(`${req.method} ${req.url} got ${body.length} bytes: ${body.slice(0, 20)}`);
        return;
      }
      res.setHeader('x-test', 'yes');
      res.statusCode = req.url === '/missing' ? 404 : 200;
      // The body in two writes with a pause: the guest reads it as it streams in.
      res.write(`you asked for ${req.url}`);
      setTimeout(() => res.end(' (done)'), 30);
    });
    port = await listen(server);
  });
  afterAll(() => void server.close());

  // Both clients: fetch (the portable one) and node:http (what `purewasm run -S http` uses).
  for (const [clientName, client] of [['fetch', fetchHttpClient], ['node:http', nodeHttpClient]] as const) {
    for (const [name, host] of [['Node', () => nodeWasiHost()], ['portable', () => portableWasiHost()]] as const) {
      it(`GETs from a local server on the ${name} host over ${clientName}: status and streamed body`, async () => {
        const call = probe(grant(host(), { http: true, client }));
        const r = await call('http-get', `127.0.0.1:${port}`, '/hello?x=1');
        expect(r.tag).toBe('ok');
        const [status, body] = r.val as [number, Uint8Array];
        expect(status).toBe(200);
        expect(text(body)).toBe('you asked for /hello?x=1 (done)');
        const missing = await call('http-get', `127.0.0.1:${port}`, '/missing');
        expect((missing.val as [number, Uint8Array])[0]).toBe(404);
      });
    }

    it(`POSTs a body the guest writes after calling handle over ${clientName}: the request leaves when the body is finished`, async () => {
      const call = probe(grant(nodeWasiHost(), { http: true, client }));
      const body = 'field=value&' + 'y'.repeat(100_000);
      const r = await call('http-post', `127.0.0.1:${port}`, '/form', bytes(body));
      expect(r.tag).toBe('ok');
      expect(text((r.val as [number, Uint8Array])[1])).toBe(`POST /form got ${body.length} bytes: field=value&yyyyyyyy`);
    });

    it(`reports connection-refused as the response future's error over ${clientName}`, async () => {
      const closed = http.createServer();
      const p = await listen(closed);
      await new Promise<void>((r) => closed.close(() => r()));
      const call = probe(grant(portableWasiHost(), { http: true, client }));
      expect(await call('http-get', `127.0.0.1:${p}`, '/')).toEqual({ tag: 'err', val: 300 + HTTP['connection-refused'] });
    });
  }
});

describe('purewasm run with network grants', () => {
  const capture = () => {
    let out = '';
    let err = '';
    const io: RunIo = {
      out: (t) => void (out += t), err: (t) => void (err += t),
      stdin: { read: () => new Uint8Array(0) }, stdout: { write: () => undefined }, stderr: { write: () => undefined }, env: {},
    };
    return { io, out: () => out, err: () => err };
  };

  it('-S inherit-network lets an --invoke reach a local TCP server; without it the guest gets access-denied', async () => {
    const server = net.createServer((s) => s.pipe(s));
    const port = await listen(server);
    try {
      const granted = capture();
      expect(await runCommandAsync(['-S', 'inherit-network', '--invoke', `tcp-echo(${port}, [104, 105])`, file], granted.io)).toBe(0);
      expect(granted.out()).toBe('ok([104, 105])\n');
      const denied = capture();
      expect(await runCommandAsync(['--invoke', `tcp-echo(${port}, [104, 105])`, file], denied.io)).toBe(0);
      expect(denied.out()).toBe(`err(${200 + SOCKET['access-denied']})\n`);
    } finally {
      server.close();
    }
  });

  it('closes the sockets a program left open when it ends (nothing keeps the process alive)', async () => {
    const c = capture();
    // tcp-listen returns with its listener still open.
    expect(await runCommandAsync(['-S', 'inherit-network', '--invoke', 'tcp-listen()', file], c.io)).toBe(0);
    const port = Number(/^ok\((\d+)\)\n$/.exec(c.out())?.[1]);
    expect(port).toBeGreaterThan(0);
    const refused = await new Promise<string>((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => {
        s.destroy();
        resolve('connected');
      });
      s.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
    });
    expect(refused).toBe('ECONNREFUSED');
  });
});
