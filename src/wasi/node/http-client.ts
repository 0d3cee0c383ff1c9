// Outgoing HTTP on Node (node:http, node:https): the HttpClient of ../http-client.ts speaking HTTP/1.1
// itself, so what fetch cannot do works: the request body streams as the guest writes it (chunked unless
// the guest gave a content-length), trailers go after it and come back with the response, and the path
// reaches the wire exactly as the guest wrote it. One connection per request (no pooling: nothing is left
// open to keep the process alive). Both directions apply backpressure: the guest's writes wait for the
// socket to drain, and the response is paused while the guest has a megabyte of it unread.
import * as http from 'node:http';
import * as https from 'node:https';
import { ByteQueue, HttpError, httpErrorOf, type HttpClient, type HttpRequest, type HttpResponse } from '../index.js';

/** Response bytes the guest may leave unread before the response is paused. */
const READ_HIGH_WATER = 1 << 20;

type TimeoutKind = 'connection-timeout' | 'connection-read-timeout';

/** Header or trailer lines as raw (name, value) pairs; values are bytes (latin1 on the wire). */
function pairs(raw: string[]): [string, Uint8Array][] {
  const out: [string, Uint8Array][] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) out.push([raw[i], new Uint8Array(Buffer.from(raw[i + 1], 'latin1'))]);
  return out;
}

/** Fields grouped by name, values as latin1 strings, as Node's setHeader / addTrailers take them. */
function grouped(fields: [string, Uint8Array][]): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const [k, v] of fields) {
    const key = k.toLowerCase();
    const list = m.get(key) ?? [];
    list.push(Buffer.from(v).toString('latin1'));
    m.set(key, list);
  }
  return m;
}

/** scheme://authority/path?query, split without normalizing the path (URL would resolve `..`, re-encode). */
function splitUrl(url: string): { scheme: string; host: string; port: number | undefined; hostHeader: string; path: string } {
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)(.*)$/.exec(url);
  if (m === null) throw new HttpError({ tag: 'HTTP-request-URI-invalid' }, `not an absolute http(s) URL: ${url}`);
  const scheme = m[1].toLowerCase();
  if (scheme !== 'http' && scheme !== 'https') throw new HttpError({ tag: 'HTTP-protocol-error' }, `unsupported scheme ${scheme}`);
  // The Host header carries no userinfo.
  const hostPort = m[2].slice(m[2].lastIndexOf('@') + 1);
  const hp = /^(\[[^\]]*\]|[^:]*)(?::(\d*))?$/.exec(hostPort);
  if (hp === null || hp[1] === '') throw new HttpError({ tag: 'HTTP-request-URI-invalid' }, `bad authority ${m[2]}`);
  const host = hp[1].startsWith('[') ? hp[1].slice(1, -1) : hp[1];
  return { scheme, host, port: hp[2] ? Number(hp[2]) : undefined, hostHeader: hostPort, path: m[3] === '' ? '/' : m[3] };
}

/** Sends the request body: whole, or streamed with backpressure, then the trailers; ends the request. */
async function writeBody(req: http.ClientRequest, request: HttpRequest): Promise<void> {
  const body = request.body;
  if (body === undefined || body instanceof Uint8Array) {
    if (request.trailers !== undefined) await request.trailers;
    req.end(body);
    return;
  }
  for await (const chunk of body) {
    if (req.destroyed) return;
    if (!req.write(chunk)) await new Promise<void>((resolve) => {
      req.once('drain', resolve);
      req.once('close', resolve);
    });
  }
  const trailers = request.trailers === undefined ? undefined : await request.trailers;
  if (trailers !== undefined && trailers.length > 0) {
    const t: Record<string, string[]> = {};
    for (const [k, v] of grouped(trailers)) t[k] = v;
    req.addTrailers(t);
  }
  req.end();
}

/** An HttpClient over node:http and node:https. */
export function nodeHttpClient(): HttpClient {
  return {
    send(request: HttpRequest): Promise<HttpResponse> {
      return new Promise<HttpResponse>((resolve, reject) => {
        let sentReported = false;
        const reportSent = (e: HttpError | undefined) => {
          if (sentReported) return;
          sentReported = true;
          request.onSent?.(e);
        };
        let timedOut: TimeoutKind | undefined;
        let responded = false;
        let body: ByteQueue | undefined;
        const timers: ReturnType<typeof setTimeout>[] = [];
        const arm = (ms: number | undefined, kind: TimeoutKind): ReturnType<typeof setTimeout> | undefined => {
          if (ms === undefined) return undefined;
          const t = setTimeout(() => {
            timedOut = kind;
            req.destroy(new HttpError({ tag: kind }));
          }, ms);
          timers.push(t);
          return t;
        };
        const fail = (e: unknown) => {
          const failure = httpErrorOf(e, timedOut);
          for (const t of timers) clearTimeout(t);
          reportSent(failure);
          if (!responded) reject(failure);
          else body?.fail(failure);
        };
        let req: http.ClientRequest;
        let made: http.ClientRequest | undefined;
        try {
          const target = splitUrl(request.url);
          const mod = target.scheme === 'https' ? https : http;
          req = made = mod.request({
            host: target.host, port: target.port, method: request.method, path: target.path, agent: false, setHost: false,
          });
          req.setHeader('host', target.hostHeader);
          for (const [k, v] of grouped(request.headers)) req.setHeader(k, v);
          // A streamed body without a length goes chunked (Node would not chunk a GET on its own); that is
          // also what lets trailers follow it.
          if (request.body !== undefined && !(request.body instanceof Uint8Array) && !req.hasHeader('content-length')) {
            req.setHeader('transfer-encoding', 'chunked');
          }
        } catch (e) {
          // A URL, method or header Node refuses: nothing is sent.
          made?.on('error', () => undefined).destroy();
          fail(e);
          return;
        }
        const connectTimer = arm(request.connectTimeoutMs, 'connection-timeout');
        req.on('socket', (s) => s.once('connect', () => {
          if (connectTimer !== undefined) clearTimeout(connectTimer);
        }));
        let headTimer: ReturnType<typeof setTimeout> | undefined;
        req.on('finish', () => {
          reportSent(undefined);
          headTimer = arm(request.firstByteTimeoutMs, 'connection-read-timeout');
        });
        req.on('error', fail);
        req.on('response', (res: http.IncomingMessage) => {
          responded = true;
          if (headTimer !== undefined) clearTimeout(headTimer);
          const q = (body = new ByteQueue());
          q.onDrain = () => {
            if (q.buffered < READ_HIGH_WATER && res.isPaused()) res.resume();
          };
          let between = arm(request.betweenBytesTimeoutMs, 'connection-read-timeout');
          let resolveTrailers!: (t: [string, Uint8Array][] | undefined) => void;
          const trailers = new Promise<[string, Uint8Array][] | undefined>((r) => (resolveTrailers = r));
          res.on('data', (chunk: Buffer) => {
            if (between !== undefined) clearTimeout(between);
            between = arm(request.betweenBytesTimeoutMs, 'connection-read-timeout');
            q.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length));
            if (q.buffered >= READ_HIGH_WATER) res.pause();
          });
          res.on('end', () => {
            for (const t of timers) clearTimeout(t);
            const t = pairs(res.rawTrailers);
            resolveTrailers(t.length > 0 ? t : undefined);
            q.end();
          });
          res.on('error', fail);
          res.on('aborted', () => fail(new HttpError({ tag: 'HTTP-response-incomplete' })));
          resolve({ status: res.statusCode ?? 0, headers: pairs(res.rawHeaders), body: q, trailers });
        });
        writeBody(req, request).catch((e: unknown) => req.destroy(e instanceof Error ? e : new Error(String(e))));
      });
    },
  };
}
