// The HTTP servers a wasi-testsuite spec's `servers` asks the runner to stand up before a run (the
// upstream runner's `_EndpointServer`, test-runner/wasi_test_runner/test_suite_runner.py), on 127.0.0.1:
// routes by exact (method, request target); a `static` endpoint answers its `response` (a body with a
// content-length, or `chunks` sent chunked with optional `trailers`), `echo-body` answers the request body,
// `echo-headers` answers with the request line and headers reflected as response headers (`x-request-method`,
// `x-request-path`, `x-echo-<name>` per value, `x-trailer-<name>` per request trailer). Anything else is
// 404. One connection per request. A server of kind `closed` is an address where nothing listens.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTcpServer } from 'node:net';

export interface EndpointResponseSpec {
  status?: number;
  headers?: Record<string, string>;
  body?: string;
  chunks?: string[];
  trailers?: Record<string, string>;
}

export interface EndpointSpec {
  method?: string;
  path?: string;
  mode?: 'static' | 'echo-body' | 'echo-headers';
  response?: EndpointResponseSpec | string;
}

export interface ServerSpec {
  name: string;
  kind?: 'listening' | 'closed';
  endpoints?: EndpointSpec[];
}

export interface RunningServers {
  /** HTTP_SERVER_<NAME> → host:port */
  env: Record<string, string>;
  /** Requests the servers answered, as "METHOD target" (what reached the wire). */
  seen: string[];
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<{ body: Buffer; trailers: [string, string][] }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('error', reject);
    req.on('end', () => {
      const trailers: [string, string][] = [];
      for (let i = 0; i + 1 < req.rawTrailers.length; i += 2) trailers.push([req.rawTrailers[i].toLowerCase(), req.rawTrailers[i + 1]]);
      resolve({ body: Buffer.concat(chunks), trailers });
    });
  });
}

/** The request line and headers as response headers, as the upstream runner reflects them. */
function echoedHeaders(req: IncomingMessage, trailers: [string, string][]): [string, string][] {
  const out: [string, string][] = [['x-request-method', req.method ?? ''], ['x-request-path', req.url ?? '']];
  const names: string[] = [];
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const n = req.rawHeaders[i].toLowerCase();
    if (!names.includes(n)) names.push(n);
  }
  for (const n of names) {
    for (let i = 0; i < req.rawHeaders.length; i += 2) if (req.rawHeaders[i].toLowerCase() === n) out.push([`x-echo-${n}`, req.rawHeaders[i + 1]]);
  }
  for (const [n, v] of trailers) out.push([`x-trailer-${n}`, v]);
  return out;
}

function reply(req: IncomingMessage, res: ServerResponse, status: number, headers: [string, string][], body: Buffer): void {
  res.statusCode = status;
  for (const [k, v] of headers) res.appendHeader(k, v);
  res.setHeader('content-length', String(body.length));
  res.setHeader('connection', 'close');
  res.end(req.method === 'HEAD' ? undefined : body);
}

function replyChunked(req: IncomingMessage, res: ServerResponse, r: EndpointResponseSpec): void {
  res.statusCode = r.status ?? 200;
  for (const [k, v] of Object.entries(r.headers ?? {})) res.setHeader(k, v);
  const trailers = r.trailers ?? {};
  // No content-length: Node sends the body chunked, one chunk per write, and the trailers after it.
  if (Object.keys(trailers).length > 0) res.setHeader('trailer', Object.keys(trailers).join(', '));
  res.setHeader('connection', 'close');
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  for (const c of r.chunks ?? []) res.write(c);
  if (Object.keys(trailers).length > 0) res.addTrailers(trailers);
  res.end();
}

async function listen(server: Server | ReturnType<typeof createTcpServer>): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return (server.address() as { port: number }).port;
}

/** Starts the servers of a spec; their addresses are the env vars the guest reads. */
export async function startServers(specs: ServerSpec[]): Promise<RunningServers> {
  const env: Record<string, string> = {};
  const seen: string[] = [];
  const servers: Server[] = [];
  for (const spec of specs) {
    const name = `HTTP_SERVER_${spec.name.toUpperCase()}`;
    if (spec.kind === 'closed') {
      // A port that was free a moment ago and has nothing listening now: connecting is refused.
      const probe = createTcpServer();
      const port = await listen(probe);
      await new Promise<void>((resolve) => probe.close(() => resolve()));
      env[name] = `127.0.0.1:${port}`;
      continue;
    }
    const routes = new Map<string, EndpointSpec>();
    for (const e of spec.endpoints ?? []) routes.set(`${(e.method ?? 'GET').toUpperCase()} ${e.path ?? '/'}`, e);
    const server = createServer((req, res) => {
      void (async () => {
        const { body, trailers } = await readBody(req);
        const key = `${req.method} ${req.url}`;
        seen.push(key);
        const e = routes.get(key);
        if (e === undefined) return reply(req, res, 404, [], Buffer.alloc(0));
        if (e.mode === 'echo-body') return reply(req, res, 200, [], body);
        if (e.mode === 'echo-headers') return reply(req, res, 200, echoedHeaders(req, trailers), Buffer.alloc(0));
        const r: EndpointResponseSpec = typeof e.response === 'string' ? { body: e.response } : (e.response ?? {});
        if (r.chunks !== undefined) return replyChunked(req, res, r);
        return reply(req, res, r.status ?? 200, Object.entries(r.headers ?? {}), Buffer.from(r.body ?? '', 'utf8'));
      })().catch(() => res.destroy());
    });
    env[name] = `127.0.0.1:${await listen(server)}`;
    servers.push(server);
  }
  return {
    env,
    seen,
    close: async () => {
      await Promise.all(servers.map((s) => new Promise<void>((resolve) => {
        s.closeAllConnections();
        s.close(() => resolve());
      })));
    },
  };
}
