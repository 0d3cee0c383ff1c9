// Outgoing HTTP as a backend object with a small asynchronous interface (`HttpClient.send`), shared by
// wasi:http 0.2's outgoing-handler (p2/http.ts) and 0.3's client (p3/http.ts). Two implementations: the one
// here needs only `fetch` (browsers, Node ≥ 18, Deno, React Native) and is the portable backend; Node's
// (node/http-client.ts, what `purewasm run -S http` uses) speaks HTTP/1.1 itself and so can stream the
// request body and send and receive trailers. With fetch the response body streams (chunks are queued as
// fetch's reader yields them), but a request body is sent whole (fetch's streamed uploads need `duplex`,
// which several engines lack) once the guest finished it, and trailers are neither sent nor received.
import { ByteQueue, Waiters } from './byte-queue.js';
import { hostTimers } from './timers.js';

/** Response bytes fetched ahead of the guest's reads before the pump waits for it. */
const READ_AHEAD = 1 << 20;

export interface HttpRequest {
  method: string;
  /** scheme://authority/path?query */
  url: string;
  headers: [string, Uint8Array][];
  /** The body: whole, streamed (chunks as the guest writes them), or none. */
  body: Uint8Array | AsyncIterable<Uint8Array> | undefined;
  /** Trailers to send after a streamed body (it then goes chunked); a rejection aborts the request, which
   *  then gets no response (send rejects with it when it is an HttpError). */
  trailers?: Promise<[string, Uint8Array][] | undefined>;
  /** Called once: when the whole request (body and trailers) was handed to the connection, or with the
   *  reason it could not be (wasi:http 0.3 reports it to the guest as the request's transmission). */
  onSent?(error: HttpError | undefined): void;
  /** wasi:http request-options, in milliseconds: the connection plus first byte must arrive within
   *  connect + first-byte (fetch cannot time the two apart), and each later chunk within between-bytes. */
  connectTimeoutMs?: number;
  firstByteTimeoutMs?: number;
  betweenBytesTimeoutMs?: number;
}

export interface HttpResponse {
  status: number;
  headers: [string, Uint8Array][];
  body: ByteQueue;
  /** The trailer section, once the body ended: undefined when none came (always, over fetch). */
  trailers?: Promise<[string, Uint8Array][] | undefined>;
}

/** A streamed body joined (what a client that cannot stream an upload sends). */
export async function collectChunks(body: Uint8Array | AsyncIterable<Uint8Array> | undefined): Promise<Uint8Array | undefined> {
  if (body === undefined || body instanceof Uint8Array) return body;
  const chunks: Uint8Array[] = [];
  let size = 0;
  // A plain iterator loop, not `for await`: what older engines (Hermes, with async functions lowered)
  // run as they are.
  const it = body[Symbol.asyncIterator]();
  for (let r = await it.next(); r.done !== true; r = await it.next()) {
    chunks.push(r.value);
    size += r.value.length;
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** A wasi:http `error-code` value (a variant: `{ tag, val? }`), carried by a rejection. */
export class HttpError extends Error {
  constructor(readonly code: { tag: string; val?: unknown }, message?: string) {
    super(message ?? code.tag);
    this.name = 'HttpError';
  }
}

export interface HttpClient {
  /** Sends a request; resolves when the response head arrived (its body keeps streaming). Rejects with an
   *  HttpError. */
  send(request: HttpRequest): Promise<HttpResponse>;
}

type FetchLike = (url: string, init: Record<string, unknown>) => Promise<FetchResponse>;
interface FetchResponse {
  status: number;
  headers: { forEach(f: (value: string, name: string) => void): void };
  body: { getReader(): { read(): Promise<{ done: boolean; value?: Uint8Array }>; cancel(): Promise<void> } } | null;
}

/** Headers fetch sets itself or refuses (hop-by-hop and framing); wasi:http forbids most of them too. */
const FETCH_MANAGED = new Set(['host', 'content-length', 'connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'te', 'trailer', 'expect']);

function latin1(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return s;
}

function bytesOf(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i) & 0xff;
  return out;
}

/** A fetch failure as wasi:http's error-code (undici puts the system error in `cause`). */
export function httpErrorOf(e: unknown, timedOut: 'connection-timeout' | 'connection-read-timeout' | undefined): HttpError {
  if (e instanceof HttpError) return e;
  if (timedOut !== undefined) return new HttpError({ tag: timedOut });
  const cause = (e as { cause?: { code?: unknown; message?: unknown } } | null)?.cause;
  const code = typeof cause?.code === 'string' ? cause.code : (e as { code?: unknown } | null)?.code;
  const message = e instanceof Error ? `${e.message}${cause?.message ? `: ${String(cause.message)}` : ''}` : String(e);
  switch (code) {
    case 'ECONNREFUSED':
      return new HttpError({ tag: 'connection-refused' }, message);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new HttpError({ tag: 'DNS-error', val: { rcode: code, infoCode: undefined } }, message);
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return new HttpError({ tag: 'connection-terminated' }, message);
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
      return new HttpError({ tag: 'connection-timeout' }, message);
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return new HttpError({ tag: 'destination-unavailable' }, message);
    default:
      return new HttpError({ tag: 'internal-error', val: message }, message);
  }
}

/**
 * An HttpClient over `fetch` (default: the global one). Throws at once, naming what is missing, when the
 * engine has no fetch and none was passed.
 */
export function fetchHttpClient(fetchFn?: FetchLike): HttpClient {
  const found = fetchFn ?? (globalThis as { fetch?: FetchLike }).fetch;
  if (found === undefined) throw new Error('wasi:http: this JS engine has no fetch; pass one to fetchHttpClient');
  const f: FetchLike = found;
  const timers = hostTimers();
  const Abort = (globalThis as { AbortController?: new () => { signal: unknown; abort(): void } }).AbortController;
  return {
    async send(request) {
      try {
        const response = await sendWithFetch(request);
        request.onSent?.(undefined);
        return response;
      } catch (e) {
        const failure = httpErrorOf(e, undefined);
        request.onSent?.(failure);
        throw failure;
      }
    },
  };

  async function sendWithFetch(request: HttpRequest): Promise<HttpResponse> {
    const headers: [string, string][] = [];
    for (const [k, v] of request.headers) if (!FETCH_MANAGED.has(k.toLowerCase())) headers.push([k, latin1(v)]);
    const init: Record<string, unknown> = { method: request.method, headers, redirect: 'manual' };
    const whole = await collectChunks(request.body);
    // Trailers cannot go over fetch; a failing trailers future still aborts the request.
    if (request.trailers !== undefined) await request.trailers;
    if (whole !== undefined && whole.length > 0) init.body = whole;
    const controller = Abort !== undefined ? new Abort() : undefined;
    if (controller) init.signal = controller.signal;
    // Which deadline aborted the request, named as wasmtime does: waiting for the connection is a
    // connection-timeout, waiting for bytes (the first or the next) a connection-read-timeout.
    let timedOut: 'connection-timeout' | 'connection-read-timeout' | undefined;
    const arm = (ms: number | undefined, kind: 'connection-timeout' | 'connection-read-timeout') =>
      ms === undefined || timers === undefined || controller === undefined
        ? undefined
        : timers.setTimeout(() => {
          timedOut = kind;
          controller.abort();
        }, ms);
    const headTimer = arm(request.connectTimeoutMs !== undefined || request.firstByteTimeoutMs !== undefined
      ? (request.connectTimeoutMs ?? 0) + (request.firstByteTimeoutMs ?? 0) : undefined,
    request.firstByteTimeoutMs !== undefined ? 'connection-read-timeout' : 'connection-timeout');
    let response: FetchResponse;
    try {
      response = await f(request.url, init);
    } catch (e) {
      throw httpErrorOf(e, timedOut);
    } finally {
      if (headTimer !== undefined) timers!.clearTimeout(headTimer);
    }
    const out: [string, Uint8Array][] = [];
    response.headers.forEach((value, name) => out.push([name, bytesOf(value)]));
    const body = new ByteQueue();
    const reader = response.body?.getReader();
    if (reader === undefined) body.end();
    else {
      const drained = new Waiters();
      body.onDrain = () => drained.wake();
      const pump = async () => {
        for (;;) {
          while (body.buffered >= READ_AHEAD) await drained.wait();
          const t = arm(request.betweenBytesTimeoutMs, 'connection-read-timeout');
          let chunk: { done: boolean; value?: Uint8Array };
          try {
            chunk = await reader.read();
          } catch (e) {
            body.fail(httpErrorOf(e, timedOut));
            return;
          } finally {
            if (t !== undefined) timers!.clearTimeout(t);
          }
          if (chunk.done) break;
          if (chunk.value !== undefined) body.push(chunk.value);
        }
        body.end();
      };
      void pump();
    }
    return { status: response.status, headers: out, body };
  }
}
