// `purewasm serve [--addr HOST:PORT] [OPTIONS] FILE`: runs a component that exports WASI 0.2's
// `wasi:http/incoming-handler` or WASI 0.3's `wasi:http/handler` as an HTTP server, one fresh instance per
// request (as `wasmtime serve`). The first line on stderr is `Serving HTTP on http://HOST:PORT/` (port 0
// picks a free port and prints it); SIGINT stops it, exit 0.
//
// Each request runs under callAsync and streams both ways: the guest reads the request body as it arrives
// (its reads wait for the client), and the response head leaves as soon as the guest sets it (0.3: returns
// it), each body chunk as soon as the guest writes it (chunked encoding unless the guest set a
// content-length), then 0.3's trailers. The request's trailers reach a 0.3 guest too. The sandbox flags
// are `run`'s.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFileSync } from 'node:fs';
import { Component, Linker, Trap } from '../index.js';
import { ByteQueue, HttpError, WASI_HTTP_P3_HANDLER, WasiP2, WasiP3, Waiters, type SinkFlow } from '../wasi/index.js';
import { UsageError, formatTrap, parseRunArgs, processIo, wasiHost, type RunIo } from './run.js';
import { COMPONENT_PACKS, PACKS } from './packs.js';

const USAGE = `usage: purewasm serve [--addr HOST:PORT] [OPTIONS] FILE

Serves HTTP with a component exporting wasi:http/incoming-handler (WASI 0.2) or wasi:http/handler
(WASI 0.3), one instance per request.

options:
  --addr HOST:PORT        where to listen (default 127.0.0.1:8080; port 0 picks a free one)
  --dir HOST[::GUEST]     grant a host directory to the guest
  --env NAME[=VALUE]      set (or inherit) an environment variable
  -S inherit-env          pass the whole host environment to the guest
  -S inherit-network      let the guest use TCP/UDP sockets on the host's network
  -S allow-ip-name-lookup let the guest resolve host names
  -S http                 let the guest send HTTP requests (wasi:http/outgoing-handler)
  -h, --help              print this help

The first line on stderr names the address. SIGINT stops the server (exit 0).
`;

export interface Serving {
  /** e.g. http://127.0.0.1:41234/ */
  url: string;
  server: Server;
  close(): Promise<void>;
}

function parseAddr(s: string): { host: string; port: number } {
  const m = /^(.*):(\d+)$/.exec(s);
  if (!m || m[1] === '' || Number(m[2]) > 65535) throw new UsageError(`--addr ${JSON.stringify(s)}: expected HOST:PORT`);
  return { host: m[1].replace(/^\[(.*)\]$/, '$1'), port: Number(m[2]) };
}

/** The request body as a queue filled as it arrives (paused while the guest has a megabyte unread). */
function bodyQueue(req: IncomingMessage): ByteQueue {
  const q = new ByteQueue();
  q.onDrain = () => {
    if (q.buffered < 1 << 20 && req.isPaused()) req.resume();
  };
  req.on('data', (c: Buffer) => {
    q.push(new Uint8Array(c.buffer, c.byteOffset, c.length));
    if (q.buffered >= 1 << 20) req.pause();
  });
  req.on('end', () => q.end());
  req.on('error', (e) => q.fail(e));
  return q;
}

/** The request's trailer section, once its body ended (undefined: none came). */
function trailersOf(req: IncomingMessage): Promise<[string, Uint8Array][] | undefined> {
  return new Promise((resolve) => {
    const done = () => {
      const t: [string, Uint8Array][] = [];
      for (let i = 0; i + 1 < req.rawTrailers.length; i += 2) t.push([req.rawTrailers[i], new Uint8Array(Buffer.from(req.rawTrailers[i + 1], 'latin1'))]);
      resolve(t.length > 0 ? t : undefined);
    };
    if (req.complete) done();
    else {
      req.once('end', done);
      req.once('close', done);
    }
  });
}

/** Fields grouped by name, as Node's setHeader and addTrailers take them. */
function grouped(fields: [string, string][]): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const [k, v] of fields) m.set(k, [...(m.get(k) ?? []), v]);
  return m;
}

/** Response bytes queued for a slow client before the guest's writes wait (above Node's own high-water
 *  mark, so a queue this long has made res.write ask for 'drain'). */
const RESPONSE_HIGH_WATER = 1 << 16;

/** Writes to the response with backpressure: the guest writes while Node's queue for the client is short,
 *  and a flush waits for the write callbacks. One listener per event, woken for every waiter. */
function responseWriter(res: ServerResponse): { write(chunk: Uint8Array): void; flow: SinkFlow } {
  const room = new Waiters();
  const drained = new Waiters();
  let unflushed = 0;
  const gone = () => res.destroyed || res.writableFinished;
  res.on('drain', () => room.wake());
  res.on('close', () => {
    room.wake();
    drained.wake();
  });
  return {
    write(chunk) {
      unflushed++;
      res.write(chunk, () => {
        if (--unflushed === 0) drained.wake();
      });
    },
    flow: {
      room() {
        if (gone()) throw new HttpError({ tag: 'connection-terminated' }, 'the client went away');
        return Math.max(0, RESPONSE_HIGH_WATER - res.writableLength);
      },
      whenRoom: () => (gone() || res.writableLength < RESPONSE_HIGH_WATER ? Promise.resolve() : room.wait()),
      whenDrained: () => (gone() || unflushed === 0 ? Promise.resolve() : drained.wait()),
    },
  };
}

/**
 * Starts serving (`argv` as `purewasm serve` takes it). Returns the server, or the exit status when it
 * must stop before listening (help, usage error, a file that cannot be loaded).
 */
export async function startServing(argv: readonly string[], io: RunIo): Promise<Serving | number> {
  let addr = { host: '127.0.0.1', port: 8080 };
  const rest: string[] = [];
  let o;
  try {
    for (let i = 0; i < argv.length; i++) {
      const a = argv[i];
      if (a === '--addr' || a.startsWith('--addr=')) {
        const v = a === '--addr' ? argv[++i] : a.slice('--addr='.length);
        if (v === undefined) throw new UsageError('option --addr needs a value');
        addr = parseAddr(v);
      } else rest.push(a);
    }
    o = parseRunArgs(rest, io.env);
    if (o !== 'help' && o.programArgs.length > 0) throw new UsageError(`unexpected operand '${o.programArgs[0]}' after FILE`);
    if (o !== 'help' && o.invoke !== undefined) throw new UsageError('--invoke is not an option of serve');
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.err(`purewasm serve: ${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (o === 'help') {
    io.out(USAGE);
    return 0;
  }
  const opts = o;
  let component: Component;
  try {
    component = new Component(readFileSync(opts.file), COMPONENT_PACKS);
  } catch (e) {
    io.err(`purewasm serve: ${(e as Error).message}\n`);
    return 1;
  }
  const guestHost = wasiHost(opts, io, [opts.file]);
  const wasi = new WasiP2(guestHost);
  const linker = wasi.addToLinker(new Linker());
  // Programs built for WASI 0.3 import 0.2 interfaces too (Rust's std): the linker has both.
  const wasi3 = new WasiP3(guestHost).addToLinker(linker);
  let p3 = false;
  // Link once up front, so a missing import is reported at start, not on the first request.
  try {
    const exports = linker.instantiate(component).exports;
    p3 = exports.has(WASI_HTTP_P3_HANDLER);
    if (!p3 && !exports.has('wasi:http/incoming-handler@0.2.0')) {
      io.err(`purewasm serve: ${opts.file} exports neither wasi:http/incoming-handler@0.2.x nor wasi:http/handler@0.3.x: it cannot serve HTTP\n`);
      return 1;
    }
  } catch (e) {
    io.err(`purewasm serve: ${(e as Error).name}: ${(e as Error).message}\n`);
    return 1;
  }

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    try {
      const headers: [string, Uint8Array][] = [];
      for (let i = 0; i < req.rawHeaders.length; i += 2) headers.push([req.rawHeaders[i], new Uint8Array(Buffer.from(req.rawHeaders[i + 1], 'latin1'))]);
      const request = {
        method: req.method ?? 'GET',
        pathWithQuery: req.url,
        scheme: 'HTTP' as const,
        authority: req.headers.host,
        headers,
        body: bodyQueue(req),
      };
      const writer = responseWriter(res);
      const start = (status: number, fields: [string, string][]) => {
        res.statusCode = status;
        for (const [k, v] of grouped(fields)) res.setHeader(k, v);
        res.flushHeaders();
      };
      if (p3) {
        await wasi3.handleRequest(linker.instantiate(component), { ...request, trailers: trailersOf(req) }, {
          start,
          write: (chunk) => writer.write(chunk),
          end(trailers) {
            if (trailers !== undefined) res.addTrailers(Object.fromEntries(grouped(trailers)));
            res.end();
          },
          abort: () => void res.destroy(),
          flow: writer.flow,
          gone: new Promise<void>((resolve) => res.once('close', () => resolve())),
        });
        return;
      }
      await wasi.streamRequest(linker.instantiate(component), request, {
        start,
        write: (chunk) => writer.write(chunk),
        end: () => void res.end(),
        flow: writer.flow,
      });
    } catch (e) {
      io.err(e instanceof Trap ? formatTrap(e) : `purewasm serve: ${(e as Error).message}\n`);
      if (!res.headersSent) res.statusCode = 500;
      res.end();
    }
  };
  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(addr.port, addr.host, () => resolve());
  });
  const bound = server.address();
  const port = typeof bound === 'object' && bound !== null ? bound.port : addr.port;
  const host = addr.host.includes(':') ? `[${addr.host}]` : addr.host;
  const url = `http://${host}:${port}/`;
  io.err(`Serving HTTP on ${url}\n`);
  return {
    url,
    server,
    close: () => {
      guestHost.network?.backend.close?.();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export default async function serve(args: string[]): Promise<number> {
  const s = await startServing(args, processIo());
  if (typeof s === 'number') return s;
  await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
  await s.close();
  return 0;
}
