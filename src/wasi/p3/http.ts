// wasi:http 0.3 — `types`, the `client` import (outgoing requests over the host's HttpClient), and the host
// side of the `handler` export (`purewasm serve`: handleRequest).
//
// A message (request or response) holds its body as a BodySource the host reads chunk by chunk, then its
// trailers. A guest-made message's source is the guest's own stream<u8> and trailers future (request.new,
// response.new); a host-made one (a response the client received, a request serve received) is a
// ByteQueue the network fills and a Promise of the trailers. Bodies always pass through the host: when a
// guest consumes a body (consume-body) it gets a new stream the host feeds from the source, and a trailers
// future that resolves only after that stream ended, as the WIT says — and a future of resources may not
// be read by the component that writes it, which a pass-through would do.
//
// The future `new` returns reports the message's transmission: ok once the client sent the whole request
// or serve wrote the whole response, err when that failed; when a guest consumes the message instead, the
// `res` future it passes to consume-body is that outcome.
import type { ComponentInstance, LinkerInstance, ResourceHandle } from '../../index.js';
import { ResourceType, hostResource } from '../../index.js';
import { HostFuture, type HostFutureReader, type HostStreamReader } from '../../async/index.js';
import { decodeLatin1 } from '../../abi/text-codec.js';
import type { ByteQueue } from '../byte-queue.js';
import { HttpError, type HttpClient, type HttpResponse } from '../http-client.js';
import { TOKEN, defineFields, methodVariant, newFields, receivedFields, type FieldsRep } from '../http-fields.js';
import type { SinkFlow } from '../p2/http.js';
import type { WasiP3Context } from './common.js';

type ErrorCode = { tag: string; val?: unknown };
type Outcome<T = undefined> = { tag: 'ok'; val?: T } | { tag: 'err'; val: ErrorCode };
type Variant = { tag: string; val?: string };

function ok<T>(val?: T): Outcome<T> {
  return val === undefined ? { tag: 'ok' } : { tag: 'ok', val };
}

function failure(tag: string, val?: unknown): { tag: 'err'; val: ErrorCode } {
  return { tag: 'err', val: val === undefined ? { tag } : { tag, val } };
}

/** A thrown failure as an error-code: an HttpError's own, anything else an internal-error naming it. */
function codeOf(e: unknown): ErrorCode {
  if (e instanceof HttpError) return e.code;
  return { tag: 'internal-error', val: e instanceof Error ? e.message : String(e) };
}

/** Bytes asked of a body source at once. */
const CHUNK = 65536;
const END: IteratorReturnResult<undefined> = { done: true, value: undefined };

/** How a body ended: its trailers (undefined: none), or the error-code it failed with. */
type TrailersOutcome = Outcome<FieldsRep | undefined>;

/** A message body as the host reads it: chunks until null, then the trailers. */
interface BodySource {
  /** The next chunk, or null after the last; throws (an HttpError) when the body failed. */
  read(): Promise<Uint8Array | null>;
  /** After the last chunk: the trailers. */
  trailers(): Promise<TrailersOutcome>;
  /** The reader goes away: stop producing. */
  cancel(): void;
}

/**
 * A guest's stream<u8> as chunks the host asks for one at a time. It is drained with pipeTo (a chunk arrives
 * as the bytes it was copied into, not element by element) and each chunk is held until asked for: the
 * guest's write completes when the host took it, so one chunk is in flight (backpressure). Called within
 * the guest's call (request.new, response.new), so the stream knows the guest's event loop: a read the
 * host makes later, from a Promise continuation, still wakes the guest's writer.
 */
function pullBytes(contents: HostStreamReader<number>): { pull: () => Promise<Uint8Array | null>; cancel: () => void } {
  let held: { chunk: Uint8Array; release: () => void } | undefined;
  let asking: ((c: Uint8Array | null) => void) | undefined;
  let askingFailed: ((e: unknown) => void) | undefined;
  let ended = false;
  let failure: unknown;
  contents.pipeTo((chunk) => new Promise<void>((release) => {
    const bytes = chunk instanceof Uint8Array ? chunk : Uint8Array.from(chunk);
    if (asking !== undefined) {
      const a = asking;
      asking = askingFailed = undefined;
      a(bytes);
      release();
    } else held = { chunk: bytes, release };
  }), CHUNK).then(() => {
    ended = true;
    asking?.(null);
  }, (e: unknown) => {
    ended = true;
    failure = e;
    askingFailed?.(e);
  });
  const pull = () => {
    if (held !== undefined) {
      const h = held;
      held = undefined;
      h.release();
      return Promise.resolve(h.chunk);
    }
    if (ended) return failure === undefined ? Promise.resolve(null) : Promise.reject(failure);
    return new Promise<Uint8Array | null>((resolve, reject) => {
      asking = resolve;
      askingFailed = reject;
    });
  };
  const cancel = () => {
    // The guest's pending write completes (its chunk is dropped), then sees the stream dropped.
    held?.release();
    held = undefined;
    contents.cancel();
  };
  return { pull, cancel };
}

/** A guest's body: its stream (none: empty) and its trailers future, as request.new / response.new got them. */
function guestBody(contents: HostStreamReader<number> | undefined, trailers: HostFutureReader<Outcome<ResourceHandle | undefined>>): BodySource {
  const bytes = contents === undefined ? undefined : pullBytes(contents);
  return {
    async read() {
      return bytes === undefined ? null : bytes.pull();
    },
    async trailers() {
      let v: Outcome<ResourceHandle | undefined>;
      try {
        v = await trailers.read();
      } catch {
        // The guest dropped the future without a value: no trailers.
        return ok(undefined);
      }
      if (v.tag === 'err') return v;
      const h = v.val;
      return ok(h === undefined ? undefined : newFields((h.rep as FieldsRep).entries, true));
    },
    cancel() {
      bytes?.cancel();
      trailers.cancel();
    },
  };
}

/** A body the host receives: a queue the network fills, and the trailers once it ended. */
function hostBody(q: ByteQueue, trailers: Promise<[string, Uint8Array][] | undefined> | undefined): BodySource {
  return {
    async read() {
      for (;;) {
        const r = q.read(CHUNK);
        if (r === 'end') return null;
        if (r !== null) return r;
        await q.whenReadable();
      }
    },
    async trailers() {
      if (q.error !== undefined) return failure(codeOf(q.error).tag, codeOf(q.error).val);
      const t = trailers === undefined ? undefined : await trailers;
      return ok(t === undefined ? undefined : newFields(t, true));
    },
    cancel() {
      q.discard();
    },
  };
}

/**
 * What consume-body hands the guest: a stream the host feeds from `source`, and the trailers, resolved
 * after the stream ended (err when the body failed; none when the guest dropped the stream early).
 */
function consumedBody(source: BodySource): { stream: AsyncIterableIterator<Uint8Array>; trailers: Promise<TrailersOutcome> } {
  let done = false;
  let resolve!: (t: TrailersOutcome | Promise<TrailersOutcome>) => void;
  const trailers = new Promise<TrailersOutcome>((r) => (resolve = r));
  const finish = (t: TrailersOutcome | Promise<TrailersOutcome>) => {
    if (done) return;
    done = true;
    resolve(t);
  };
  const stream: AsyncIterableIterator<Uint8Array> = {
    [Symbol.asyncIterator]() {
      return this;
    },
    async next() {
      if (done) return END;
      let c: Uint8Array | null;
      try {
        c = await source.read();
      } catch (e) {
        const code = codeOf(e);
        finish(failure(code.tag, code.val));
        return END;
      }
      if (done) return END;
      if (c === null) {
        finish(source.trailers());
        return END;
      }
      return { done: false, value: c };
    },
    async return() {
      if (!done) {
        source.cancel();
        finish(ok(undefined));
      }
      return END;
    },
  };
  return { stream, trailers };
}

interface OptionsRep {
  connectTimeout: bigint | undefined;
  firstByteTimeout: bigint | undefined;
  betweenBytesTimeout: bigint | undefined;
  immutable: boolean;
}

interface MessageRep {
  headers: FieldsRep;
  body: BodySource;
  /** False for a guest message made without contents (`none`: no body at all, not an empty one). */
  hasContents: boolean;
  /** consume-body or send took the body (the handle moved to the host, so this is only a guard). */
  consumed: boolean;
  /** Settles the future `new` returned; undefined for messages the host made. */
  transmitted: ((r: Outcome) => void) | undefined;
}

interface RequestRep extends MessageRep {
  method: Variant;
  pathWithQuery: string | undefined;
  scheme: Variant | undefined;
  authority: string | undefined;
  options: OptionsRep | undefined;
}

interface ResponseRep extends MessageRep {
  status: number;
}

/** The resource types of wasi:http 0.3 for one host. */
export class HttpP3Resources {
  readonly fields = ResourceType.host('fields');
  readonly request = ResourceType.host('request', (rep) => dropMessage(rep as MessageRep));
  readonly response = ResourceType.host('response', (rep) => dropMessage(rep as MessageRep));
  readonly requestOptions = ResourceType.host('request-options');
}

/** A message the guest dropped without consuming or sending it: its body is not wanted, and it was never
 *  transmitted. */
function dropMessage(m: MessageRep): void {
  if (m.consumed) return;
  m.consumed = true;
  m.body.cancel();
  m.transmitted?.(failure('internal-error', 'the message was dropped without being sent'));
}

/** A transmission future for `new`: the guest's HostFuture and the function that settles it (once). */
function transmission(): { future: HostFuture; settle: (r: Outcome) => void } {
  let resolve!: (r: Outcome) => void;
  let settled = false;
  const p = new Promise<Outcome>((r) => (resolve = r));
  return {
    future: new HostFuture(p),
    settle: (r) => {
      if (settled) return;
      settled = true;
      resolve(r);
    },
  };
}


function methodName(m: Variant): string {
  return m.tag === 'other' ? (m.val ?? '') : m.tag.toUpperCase();
}

/** RFC 3986 scheme syntax; http and https (any case) are the variant's own cases. */
function schemeVariant(s: Variant): Variant | undefined {
  if (s.tag !== 'other') return s;
  const v = s.val ?? '';
  if (!/^[A-Za-z][A-Za-z0-9+.-]*$/.test(v)) return undefined;
  const lower = v.toLowerCase();
  return lower === 'http' ? { tag: 'HTTP' } : lower === 'https' ? { tag: 'HTTPS' } : { tag: 'other', val: v };
}

/** Characters a path-with-query may not contain: controls, space, and what RFC 3986 reserves elsewhere
 *  or excludes (`#` starts a fragment). Raw UTF-8 (≥ 0x80) is let through, as hyper does. */
const BAD_PATH = /[\x00-\x20\x7f"<>\\^`{|}#[\]]/;

/** RFC 3986 authority: [userinfo "@"] host [":" port], host a reg-name or an IP literal. */
function validAuthority(a: string): boolean {
  const at = a.lastIndexOf('@');
  const userinfo = at < 0 ? undefined : a.slice(0, at);
  if (userinfo !== undefined && !/^(?:[A-Za-z0-9\-._~!$&'()*+,;=:]|%[0-9A-Fa-f]{2})*$/.test(userinfo)) return false;
  const hostPort = a.slice(at + 1);
  const m = /^(\[[0-9A-Fa-f:.]+\]|(?:[A-Za-z0-9\-._~!$&'()*+,;=]|%[0-9A-Fa-f]{2})+)(?::(\d+))?$/.exec(hostPort);
  return m !== null && (m[2] === undefined || Number(m[2]) <= 65535);
}

function headerText(f: FieldsRep): [string, string][] {
  return f.entries.map(([k, v]) => [k, decodeLatin1(v, 0, v.length)]);
}

/** The body's trailers as the guest's `result<option<trailers>, error-code>`. */
function guestTrailers(http: HttpP3Resources, t: TrailersOutcome): unknown {
  if (t.tag === 'err') return t;
  return ok(t.val === undefined ? undefined : hostResource(http.fields, t.val));
}

/** Sends a guest's request through the host's client: the response, or the error-code. */
function sendRequest(client: HttpClient, http: HttpP3Resources, r: RequestRep): Outcome<ResourceHandle> | Promise<Outcome<ResourceHandle>> {
  const refuse = (tag: string) => {
    r.body.cancel();
    r.transmitted?.(failure(tag));
    return failure(tag);
  };
  // wasmtime's rules: no authority is an invalid URI; no scheme means HTTPS; other schemes are refused.
  if (r.authority === undefined || r.authority === '') return refuse('HTTP-request-URI-invalid');
  const scheme = r.scheme === undefined || r.scheme.tag === 'HTTPS' ? 'https' : r.scheme.tag === 'HTTP' ? 'http' : undefined;
  if (scheme === undefined) return refuse('HTTP-protocol-error');
  const o = r.options;
  const ms = (d: bigint | undefined) => (d === undefined ? undefined : Number(d / 1_000_000n));
  const body = r.body;
  // The body streams as the guest writes it; its trailers follow (an error there aborts the request).
  let ended!: () => void;
  const bodyEnded = new Promise<void>((resolve) => (ended = resolve));
  const streamed: AsyncIterable<Uint8Array> = {
    [Symbol.asyncIterator]: () => ({
      async next(): Promise<IteratorResult<Uint8Array>> {
        const c = await body.read();
        if (c !== null) return { done: false, value: c };
        ended();
        return END;
      },
    }),
  };
  // A request made without contents has no body at all (a GET stays without one).
  if (!r.hasContents) ended();
  const trailers = bodyEnded.then(() => body.trailers()).then((t) => {
    if (t.tag === 'err') throw new HttpError(t.val, `the request's trailers failed: ${t.val.tag}`);
    return t.val === undefined ? undefined : t.val.entries;
  });
  // The client awaits it when the body is through; a request that failed before never does.
  trailers.catch(() => undefined);
  return client.send({
    method: methodName(r.method),
    url: `${scheme}://${r.authority}${r.pathWithQuery === undefined || r.pathWithQuery === '' ? '/' : r.pathWithQuery}`,
    headers: r.headers.entries,
    body: r.hasContents ? streamed : undefined,
    trailers,
    onSent: (e) => r.transmitted?.(e === undefined ? ok() : { tag: 'err', val: e.code }),
    connectTimeoutMs: ms(o?.connectTimeout),
    firstByteTimeoutMs: ms(o?.firstByteTimeout),
    betweenBytesTimeoutMs: ms(o?.betweenBytesTimeout),
  }).then((resp: HttpResponse) => {
    const rep: ResponseRep = {
      status: resp.status, headers: receivedFields(resp.headers), body: hostBody(resp.body, resp.trailers), hasContents: true,
      consumed: false, transmitted: undefined,
    };
    return ok(hostResource(http.response, rep));
  }, (e: unknown) => {
    body.cancel();
    return { tag: 'err', val: codeOf(e) } as const;
  });
}

/** Defines wasi:http/types and wasi:http/client (0.3); `http` are this host's resource types. */
export function defineHttp(linker: LinkerInstance, cx: WasiP3Context, http: HttpP3Resources): void {
  const { host, version } = cx;
  const t = linker.instance(`wasi:http/types@${version}`);
  for (const [name, type] of Object.entries({
    fields: http.fields, headers: http.fields, trailers: http.fields, request: http.request, response: http.response,
    'request-options': http.requestOptions,
  })) t.resource(name, type);
  defineFields(t, http.fields, 'copy-all', true);
  const fields = (h: ResourceHandle) => h.rep as FieldsRep;
  /** A message's headers as the guest sees them: immutable (they belong to the message). */
  const ownHeaders = (f: FieldsRep) => hostResource(http.fields, { entries: f.entries, immutable: true } satisfies FieldsRep);

  /** request.new / response.new: the message over the guest's body, and its transmission future. */
  const newMessage = (headers: ResourceHandle, contents: HostStreamReader<number> | undefined, trailers: HostFutureReader<Outcome<ResourceHandle | undefined>>) => {
    const { future, settle } = transmission();
    const body = guestBody(contents, trailers);
    const headerFields: FieldsRep = { entries: fields(headers).entries, immutable: true };
    return { future, message: { headers: headerFields, body, hasContents: contents !== undefined, consumed: false, transmitted: settle } };
  };
  /** consume-body: the guest reads the body; `res` (its outcome) is the message's transmission. */
  const consume = (m: MessageRep, res: HostFutureReader<Outcome>) => {
    m.consumed = true;
    const settle = m.transmitted;
    res.read().then((r) => settle?.(r), () => settle?.(ok()));
    const { stream, trailers } = consumedBody(m.body);
    return [stream, new HostFuture(trailers.then((tr) => guestTrailers(http, tr)))];
  };

  const req = (h: ResourceHandle) => h.rep as RequestRep;
  t.func('[static]request.new', (headers: ResourceHandle, contents: HostStreamReader<number> | undefined, trailers: HostFutureReader<Outcome<ResourceHandle | undefined>>, options: ResourceHandle | undefined) => {
    const { future, message } = newMessage(headers, contents, trailers);
    const o = options === undefined ? undefined : { ...(options.rep as OptionsRep), immutable: true };
    const rep: RequestRep = { ...message, method: { tag: 'get' }, pathWithQuery: undefined, scheme: undefined, authority: undefined, options: o };
    return [hostResource(http.request, rep), future];
  })
    .func('[method]request.get-method', (self: ResourceHandle) => req(self).method)
    .func('[method]request.set-method', (self: ResourceHandle, m: Variant) => {
      if (m.tag === 'other') {
        if (!TOKEN.test(m.val ?? '')) return { tag: 'err' };
        m = methodVariant(m.val!);
      }
      req(self).method = m;
      return ok();
    })
    .func('[method]request.get-path-with-query', (self: ResourceHandle) => req(self).pathWithQuery)
    .func('[method]request.set-path-with-query', (self: ResourceHandle, p: string | undefined) => {
      if (p !== undefined && BAD_PATH.test(p)) return { tag: 'err' };
      // An empty path and query is the root (WASI issue 780; what reaches the wire anyway).
      req(self).pathWithQuery = p === '' ? '/' : p;
      return ok();
    })
    .func('[method]request.get-scheme', (self: ResourceHandle) => req(self).scheme)
    .func('[method]request.set-scheme', (self: ResourceHandle, s: Variant | undefined) => {
      const v = s === undefined ? undefined : schemeVariant(s);
      if (s !== undefined && v === undefined) return { tag: 'err' };
      req(self).scheme = v;
      return ok();
    })
    .func('[method]request.get-authority', (self: ResourceHandle) => req(self).authority)
    .func('[method]request.set-authority', (self: ResourceHandle, a: string | undefined) => {
      if (a !== undefined && !validAuthority(a)) return { tag: 'err' };
      req(self).authority = a;
      return ok();
    })
    .func('[method]request.get-options', (self: ResourceHandle) => {
      const o = req(self).options;
      return o === undefined ? undefined : hostResource(http.requestOptions, o);
    })
    .func('[method]request.get-headers', (self: ResourceHandle) => ownHeaders(req(self).headers))
    .func('[static]request.consume-body', (self: ResourceHandle, res: HostFutureReader<Outcome>) => consume(req(self), res));

  const resp = (h: ResourceHandle) => h.rep as ResponseRep;
  t.func('[static]response.new', (headers: ResourceHandle, contents: HostStreamReader<number> | undefined, trailers: HostFutureReader<Outcome<ResourceHandle | undefined>>) => {
    const { future, message } = newMessage(headers, contents, trailers);
    return [hostResource(http.response, { ...message, status: 200 } satisfies ResponseRep), future];
  })
    .func('[method]response.get-status-code', (self: ResourceHandle) => resp(self).status)
    .func('[method]response.set-status-code', (self: ResourceHandle, code: number) => {
      if (code < 100 || code > 599) return { tag: 'err' };
      resp(self).status = code;
      return ok();
    })
    .func('[method]response.get-headers', (self: ResourceHandle) => ownHeaders(resp(self).headers))
    .func('[static]response.consume-body', (self: ResourceHandle, res: HostFutureReader<Outcome>) => consume(resp(self), res));

  const opts = (h: ResourceHandle) => h.rep as OptionsRep;
  t.func('[constructor]request-options', () => hostResource(http.requestOptions, {
    connectTimeout: undefined, firstByteTimeout: undefined, betweenBytesTimeout: undefined, immutable: false,
  } satisfies OptionsRep))
    .func('[method]request-options.clone', (self: ResourceHandle) => hostResource(http.requestOptions, { ...opts(self), immutable: false }));
  for (const [name, key] of [['connect-timeout', 'connectTimeout'], ['first-byte-timeout', 'firstByteTimeout'], ['between-bytes-timeout', 'betweenBytesTimeout']] as const) {
    t.func(`[method]request-options.get-${name}`, (self: ResourceHandle) => opts(self)[key])
      .func(`[method]request-options.set-${name}`, (self: ResourceHandle, d: bigint | undefined) => {
        const o = opts(self);
        if (o.immutable) return { tag: 'err', val: { tag: 'immutable' } };
        o[key] = d;
        return ok();
      });
  }

  linker.instance(`wasi:http/client@${version}`).resource('request', http.request).resource('response', http.response)
    .func('send', (request: ResourceHandle) => {
      const r = req(request);
      r.consumed = true;
      const client = host.http;
      if (client === undefined) {
        r.body.cancel();
        r.transmitted?.(failure('HTTP-request-denied'));
        return failure('HTTP-request-denied');
      }
      return sendRequest(client, http, r);
    });
}

/** A request `purewasm serve` received, for handleRequest. */
export interface ServedRequest {
  method: string;
  pathWithQuery: string | undefined;
  scheme: 'HTTP' | 'HTTPS';
  authority: string | undefined;
  headers: [string, Uint8Array][];
  /** The body as it arrives. */
  body: ByteQueue;
  /** The request's trailers, once its body ended (undefined: none). */
  trailers?: Promise<[string, Uint8Array][] | undefined>;
}

/** Where handleRequest writes the guest's response. */
export interface ServedResponse {
  start(status: number, headers: [string, string][]): void;
  write(chunk: Uint8Array): void;
  /** The body is complete; `trailers` follow it when there are any. */
  end(trailers: [string, string][] | undefined): void;
  /** The response cannot be completed (the body or its trailers failed): cut the connection. */
  abort(reason: string): void;
  /** Backpressure: the guest's body is read only while the sink has room. */
  flow?: SinkFlow;
  /** Settles when the client went away: the guest's body is then no longer waited for. */
  gone?: Promise<void>;
}

/** The name of the handler export `purewasm serve` calls. */
export const WASI_HTTP_P3_HANDLER = 'wasi:http/handler@0.3.0';

/**
 * Serves one request with an instance's `wasi:http/handler#handle` (0.3), under callAsync: the request
 * body streams in as it arrives, and the response head, body chunks and trailers go to `out` as the guest
 * produces them. Resolves when the response was written; an error-code answer or a trap rejects (before
 * anything was written).
 */
export async function handleRequest(instance: ComponentInstance, http: HttpP3Resources, request: ServedRequest, out: ServedResponse): Promise<void> {
  if (!instance.exports.has(WASI_HTTP_P3_HANDLER)) throw new TypeError('the component exports no wasi:http/handler@0.3.x interface');
  const handle = instance.exports.instance(WASI_HTTP_P3_HANDLER).func<[ResourceHandle], Outcome<ResourceHandle>>('handle');
  const rep: RequestRep = {
    method: methodVariant(request.method), pathWithQuery: request.pathWithQuery, scheme: { tag: request.scheme },
    authority: request.authority, headers: receivedFields(request.headers), options: undefined,
    body: hostBody(request.body, request.trailers), hasContents: true, consumed: false, transmitted: undefined,
  };
  const result = await handle.callAsync([hostResource(http.request, rep)]);
  if (result.tag === 'err') throw new Error(`the handler answered with an error: ${JSON.stringify(result.val)}`);
  const r = result.val!.rep as ResponseRep;
  r.consumed = true;
  out.start(r.status, headerText(r.headers));
  const gone = out.gone?.then(() => {
    throw new HttpError({ tag: 'connection-terminated' }, 'the client went away');
  });
  // Handled here too: after a complete response the client's 'close' rejects it with no one racing it.
  gone?.catch(() => undefined);
  const read = () => (gone === undefined ? r.body.read() : Promise.race([r.body.read(), gone]));
  try {
    for (;;) {
      const c = await read();
      if (c === null) break;
      if (out.flow !== undefined) while (out.flow.room() === 0) await out.flow.whenRoom();
      out.write(c);
    }
    const t = await r.body.trailers();
    if (t.tag === 'err') throw new HttpError(t.val, `the response's trailers failed: ${t.val.tag}`);
    out.end(t.val === undefined ? undefined : headerText(t.val));
    if (out.flow !== undefined) await out.flow.whenDrained();
    r.transmitted?.(ok());
  } catch (e) {
    r.body.cancel();
    const code = codeOf(e);
    r.transmitted?.({ tag: 'err', val: code });
    out.abort(`the response failed: ${code.tag}`);
  }
}
