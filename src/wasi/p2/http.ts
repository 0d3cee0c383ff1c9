// wasi:http 0.2 — types, outgoing-handler, and the host side of incoming-handler (for `purewasm serve`).
//
// Outgoing requests go through the host's HttpClient (../http-client.ts; absent: HTTP-request-denied):
// `handle` returns a future-incoming-response at once and the request leaves when its body is finished;
// the response body streams in (reads wait for it: the guest suspends, so the export must run under
// callAsync). Incoming requests (serve) have a body that is either all there or streaming in (a ByteQueue
// the server fills), and the response body can stream out: the server attaches a `sink` once the guest
// set the response, and later writes go straight to the client.
import type { LinkerInstance, ResourceHandle } from '../../index.js';
import { ResourceType, hostResource } from '../../index.js';
import { Trap } from '../../index.js';
import { decodeLatin1 } from '../../abi/text-codec.js';
import type { ComponentInstance } from '../../index.js';
import { asyncPollable, ok, type ErrorRep, type InputRep, type OutputRep, type PollableRep, type WasiResources } from './common.js';
import type { WasiHost } from '../host.js';
import type { ByteQueue } from '../byte-queue.js';
import { HttpError, type HttpResponse } from '../http-client.js';
import { asyncInput } from './io.js';
import { TOKEN, defineFields, methodVariant, receivedFields, type FieldsRep } from '../http-fields.js';

export type { FieldsRep } from '../http-fields.js';

export interface IncomingRequestRep {
  method: string;
  pathWithQuery: string | undefined;
  scheme: 'HTTP' | 'HTTPS' | undefined;
  authority: string | undefined;
  headers: FieldsRep;
  /** All of it, or a queue the server fills as it arrives. */
  body: Uint8Array | ByteQueue;
  consumed: boolean;
}

export interface OutgoingBodyRep {
  /** What was written while no sink is attached. */
  chunks: Uint8Array[];
  streamTaken: boolean;
  finished: boolean;
  /** Where writes go once attached (serve streams the response to the client through it). */
  sink?: (chunk: Uint8Array) => void;
  /** The sink's backpressure, when it has one; given to the body's output stream. */
  flow?: SinkFlow;
  /** The output stream the guest took, once it did. */
  output?: OutputRep;
  /** Called once by outgoing-body.finish. */
  onFinish?: () => void;
}

/** An outgoing-body with nothing written yet. */
export function newOutgoingBody(): OutgoingBodyRep {
  return { chunks: [], streamTaken: false, finished: false };
}

/** How full a sink is: the body's output stream reports `room` to check-write and waits for it. */
export interface SinkFlow {
  /** Bytes the sink takes now without queueing past its limit (throws once the client is gone). */
  room(): number;
  whenRoom(): Promise<void>;
  /** Settles when everything written left. */
  whenDrained(): Promise<void>;
}

/** Makes an output stream wait on a sink's backpressure (it becomes an asynchronous sink: see OutputRep). */
function applyFlow(out: OutputRep, flow: SinkFlow): void {
  out.capacity = () => flow.room();
  out.whenWritable = () => flow.whenRoom();
  out.whenFlushed = () => flow.whenDrained();
}

/** Sends what was buffered to `sink` and every later write straight to it, with its backpressure if any. */
export function attachSink(body: OutgoingBodyRep, sink: (chunk: Uint8Array) => void, flow?: SinkFlow): void {
  for (const c of body.chunks) sink(c);
  body.chunks = [];
  body.sink = sink;
  body.flow = flow;
  if (flow !== undefined && body.output !== undefined) applyFlow(body.output, flow);
}

/** The bytes of a body written without a sink, joined. */
export function collectBody(body: OutgoingBodyRep): Uint8Array {
  let size = 0;
  for (const c of body.chunks) size += c.length;
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of body.chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

export interface OutgoingResponseRep {
  status: number;
  headers: FieldsRep;
  body: OutgoingBodyRep;
  bodyTaken: boolean;
}

/** Where the guest's answer lands: a response, or the error-code it reported. */
export interface ResponseOutparamRep {
  result: { tag: 'ok'; val: OutgoingResponseRep } | { tag: 'err'; val: unknown } | undefined;
  /** Called when the guest sets it (serve starts the response there, to stream its body). */
  onSet?: () => void;
}

interface OutgoingRequestRep {
  method: { tag: string; val?: string };
  pathWithQuery: string | undefined;
  scheme: { tag: string; val?: string } | undefined;
  authority: string | undefined;
  headers: FieldsRep;
  body: OutgoingBodyRep | undefined;
}

/** A response on its way: settles with the response or a wasi:http error-code. */
interface FutureResponseRep {
  done: boolean;
  response: HttpResponse | undefined;
  error: unknown;
  taken: boolean;
  settled: Promise<void>;
}

interface IncomingResponseRep {
  status: number;
  headers: FieldsRep;
  body: ByteQueue;
  consumed: boolean;
}

/** An incoming body (request or response): its bytes, whole or arriving. */
interface IncomingBodyRep {
  data: Uint8Array | ByteQueue;
  streamTaken: boolean;
}

/** The resource types of wasi:http for one host. */
export class HttpResources {
  readonly fields = ResourceType.host('fields');
  readonly incomingRequest = ResourceType.host('incoming-request');
  readonly outgoingRequest = ResourceType.host('outgoing-request');
  readonly requestOptions = ResourceType.host('request-options');
  readonly responseOutparam = ResourceType.host('response-outparam');
  readonly incomingResponse = ResourceType.host('incoming-response');
  readonly incomingBody = ResourceType.host('incoming-body');
  readonly futureTrailers = ResourceType.host('future-trailers');
  readonly outgoingResponse = ResourceType.host('outgoing-response');
  readonly outgoingBody = ResourceType.host('outgoing-body');
  readonly futureIncomingResponse = ResourceType.host('future-incoming-response');
}


/** A whole body as a stream (synchronous: always ready). */
function bytesInput(data: Uint8Array): InputRep {
  let at = 0;
  return {
    closed: false,
    read(max) {
      const out = data.subarray(at, Math.min(data.length, at + max));
      at += out.length;
      return out.slice();
    },
  };
}

/** wasi:http's `method` variant as the request line's token. */
function methodName(m: { tag: string; val?: string }): string {
  return m.tag === 'other' ? (m.val ?? '') : m.tag.toUpperCase();
}

/** future-trailers over a body: ready once the body ended; none (fetch and Node give no trailers here). */
function trailersOf(data: Uint8Array | ByteQueue): { ready(): boolean; wait(): Promise<void>; result(): unknown } {
  if (data instanceof Uint8Array) return { ready: () => true, wait: () => Promise.resolve(), result: () => ({ tag: 'ok', val: undefined }) };
  return {
    ready: () => data.ended,
    wait: () => data.whenEnded(),
    result: () => (data.error instanceof HttpError ? { tag: 'err', val: data.error.code } : { tag: 'ok', val: undefined }),
  };
}

export function defineHttp(linker: LinkerInstance, res: WasiResources, http: HttpResources, host: WasiHost, version: string): void {
  const t = linker.instance(`wasi:http/types@${version}`);
  for (const [name, type] of Object.entries({
    fields: http.fields, headers: http.fields, trailers: http.fields, 'incoming-request': http.incomingRequest, 'outgoing-request': http.outgoingRequest,
    'request-options': http.requestOptions, 'response-outparam': http.responseOutparam,
    'incoming-response': http.incomingResponse, 'incoming-body': http.incomingBody, 'future-trailers': http.futureTrailers,
    'outgoing-response': http.outgoingResponse, 'outgoing-body': http.outgoingBody,
    'future-incoming-response': http.futureIncomingResponse, 'input-stream': res.inputStream,
    'output-stream': res.outputStream, 'io-error': res.error, pollable: res.pollable,
  })) t.resource(name, type);

  const fields = (h: ResourceHandle) => h.rep as FieldsRep;
  defineFields(t, http.fields, 'entries', false);

  const req = (h: ResourceHandle) => h.rep as IncomingRequestRep;
  t.func('[method]incoming-request.method', (self: ResourceHandle) => methodVariant(req(self).method))
    .func('[method]incoming-request.path-with-query', (self: ResourceHandle) => req(self).pathWithQuery)
    .func('[method]incoming-request.scheme', (self: ResourceHandle) => {
      const s = req(self).scheme;
      return s === undefined ? undefined : { tag: s };
    })
    .func('[method]incoming-request.authority', (self: ResourceHandle) => req(self).authority)
    .func('[method]incoming-request.headers', (self: ResourceHandle) =>
      hostResource(http.fields, { entries: req(self).headers.entries, immutable: true }))
    .func('[method]incoming-request.consume', (self: ResourceHandle) => {
      const r = req(self);
      if (r.consumed) return { tag: 'err' };
      r.consumed = true;
      return ok(hostResource(http.incomingBody, { data: r.body, streamTaken: false } satisfies IncomingBodyRep));
    });

  t.func('[method]incoming-body.stream', (self: ResourceHandle) => {
    const b = self.rep as IncomingBodyRep;
    if (b.streamTaken) return { tag: 'err' };
    b.streamTaken = true;
    return ok(hostResource(res.inputStream, b.data instanceof Uint8Array ? bytesInput(b.data) : asyncInput(b.data)));
  })
    .func('[static]incoming-body.finish', (self: ResourceHandle) => hostResource(http.futureTrailers, trailersOf((self.rep as IncomingBodyRep).data)))
    .func('[method]future-trailers.subscribe', (self: ResourceHandle) => {
      const f = self.rep as ReturnType<typeof trailersOf>;
      return hostResource(res.pollable, asyncPollable(() => f.ready(), () => f.wait()));
    })
    .func('[method]future-trailers.get', (self: ResourceHandle) => {
      const f = self.rep as ReturnType<typeof trailersOf> & { taken?: boolean };
      if (!f.ready()) return res.spin.nothing(undefined);
      res.spin.progress();
      if (f.taken) return { tag: 'err' };
      f.taken = true;
      return { tag: 'ok', val: f.result() };
    });

  const resp = (h: ResourceHandle) => h.rep as OutgoingResponseRep;
  t.func('[constructor]outgoing-response', (headers: ResourceHandle) => {
    const f = fields(headers);
    const rep: OutgoingResponseRep = {
      status: 200, headers: { entries: f.entries, immutable: true },
      body: newOutgoingBody(), bodyTaken: false,
    };
    return hostResource(http.outgoingResponse, rep);
  })
    .func('[method]outgoing-response.status-code', (self: ResourceHandle) => resp(self).status)
    .func('[method]outgoing-response.set-status-code', (self: ResourceHandle, code: number) => {
      if (code < 100 || code > 999) return { tag: 'err' };
      resp(self).status = code;
      return ok();
    })
    .func('[method]outgoing-response.headers', (self: ResourceHandle) =>
      hostResource(http.fields, { entries: resp(self).headers.entries, immutable: true }))
    .func('[method]outgoing-response.body', (self: ResourceHandle) => {
      const r = resp(self);
      if (r.bodyTaken) return { tag: 'err' };
      r.bodyTaken = true;
      return ok(hostResource(http.outgoingBody, r.body));
    });

  t.func('[method]outgoing-body.write', (self: ResourceHandle) => {
    const b = self.rep as OutgoingBodyRep;
    if (b.streamTaken) return { tag: 'err' };
    b.streamTaken = true;
    const out: OutputRep = {
      closed: false,
      write: (bytes) => {
        if (b.finished) throw new Trap('wasi:http: write to an outgoing-body after finish');
        if (b.sink !== undefined) b.sink(bytes.slice());
        else b.chunks.push(bytes.slice());
      },
      flush: () => undefined,
    };
    b.output = out;
    if (b.flow !== undefined) applyFlow(out, b.flow);
    return ok(hostResource(res.outputStream, out));
  })
    .func('[static]outgoing-body.finish', (self: ResourceHandle) => {
      const b = self.rep as OutgoingBodyRep;
      b.finished = true;
      b.onFinish?.();
      return ok();
    });

  t.func('[static]response-outparam.set', (param: ResourceHandle, response: { tag: 'ok' | 'err'; val: unknown }) => {
    const p = param.rep as ResponseOutparamRep;
    if (p.result !== undefined) throw new Trap('wasi:http: response-outparam.set called twice');
    p.result = response.tag === 'ok' ? { tag: 'ok', val: resp(response.val as ResourceHandle) } : { tag: 'err', val: response.val };
    p.onSet?.();
  })
    .func('[method]response-outparam.send-informational', () => ({ tag: 'err', val: { tag: 'internal-error', val: 'informational responses are not supported' } }))
    .func('http-error-code', (e: ResourceHandle) => (e.rep as ErrorRep).httpCode);

  // Outgoing requests.
  const oreq = (h: ResourceHandle) => h.rep as OutgoingRequestRep;
  t.func('[constructor]outgoing-request', (headers: ResourceHandle) => {
    const rep: OutgoingRequestRep = {
      method: { tag: 'get' }, pathWithQuery: undefined, scheme: undefined, authority: undefined,
      headers: { entries: fields(headers).entries, immutable: true }, body: undefined,
    };
    return hostResource(http.outgoingRequest, rep);
  })
    .func('[method]outgoing-request.body', (self: ResourceHandle) => {
      const r = oreq(self);
      if (r.body !== undefined) return { tag: 'err' };
      r.body = newOutgoingBody();
      return ok(hostResource(http.outgoingBody, r.body));
    })
    .func('[method]outgoing-request.method', (self: ResourceHandle) => oreq(self).method)
    .func('[method]outgoing-request.set-method', (self: ResourceHandle, m: { tag: string; val?: string }) => {
      if (m.tag === 'other' && !TOKEN.test(m.val ?? '')) return { tag: 'err' };
      oreq(self).method = m;
      return ok();
    })
    .func('[method]outgoing-request.path-with-query', (self: ResourceHandle) => oreq(self).pathWithQuery)
    .func('[method]outgoing-request.set-path-with-query', (self: ResourceHandle, p: string | undefined) => {
      oreq(self).pathWithQuery = p;
      return ok();
    })
    .func('[method]outgoing-request.scheme', (self: ResourceHandle) => oreq(self).scheme)
    .func('[method]outgoing-request.set-scheme', (self: ResourceHandle, s: { tag: string; val?: string } | undefined) => {
      if (s?.tag === 'other' && !/^[A-Za-z][A-Za-z0-9+.-]*$/.test(s.val ?? '')) return { tag: 'err' };
      oreq(self).scheme = s;
      return ok();
    })
    .func('[method]outgoing-request.authority', (self: ResourceHandle) => oreq(self).authority)
    .func('[method]outgoing-request.set-authority', (self: ResourceHandle, a: string | undefined) => {
      if (a !== undefined && !/^[^\s/?#@]*(@[^\s/?#@]*)?$/.test(a)) return { tag: 'err' };
      oreq(self).authority = a;
      return ok();
    })
    .func('[method]outgoing-request.headers', (self: ResourceHandle) =>
      hostResource(http.fields, { entries: oreq(self).headers.entries, immutable: true }));

  const opts = (h: ResourceHandle) => h.rep as Record<string, bigint | undefined>;
  t.func('[constructor]request-options', () => hostResource(http.requestOptions, {}));
  for (const name of ['connect-timeout', 'first-byte-timeout', 'between-bytes-timeout']) {
    t.func(`[method]request-options.${name}`, (self: ResourceHandle) => opts(self)[name])
      .func(`[method]request-options.set-${name}`, (self: ResourceHandle, d: bigint | undefined) => {
        opts(self)[name] = d;
        return ok();
      });
  }

  const iresp = (h: ResourceHandle) => h.rep as IncomingResponseRep;
  t.func('[method]incoming-response.status', (self: ResourceHandle) => iresp(self).status)
    .func('[method]incoming-response.headers', (self: ResourceHandle) =>
      hostResource(http.fields, { entries: iresp(self).headers.entries, immutable: true }))
    .func('[method]incoming-response.consume', (self: ResourceHandle) => {
      const r = iresp(self);
      if (r.consumed) return { tag: 'err' };
      r.consumed = true;
      return ok(hostResource(http.incomingBody, { data: r.body, streamTaken: false } satisfies IncomingBodyRep));
    });

  const future = (h: ResourceHandle) => h.rep as FutureResponseRep;
  t.func('[method]future-incoming-response.subscribe', (self: ResourceHandle) => {
    const f = future(self);
    return hostResource(res.pollable, asyncPollable(() => f.done, () => f.settled) satisfies PollableRep);
  })
    .func('[method]future-incoming-response.get', (self: ResourceHandle) => {
      const f = future(self);
      if (!f.done) return res.spin.nothing(undefined);
      res.spin.progress();
      if (f.taken) return { tag: 'err' };
      f.taken = true;
      if (f.response === undefined) return { tag: 'ok', val: { tag: 'err', val: f.error } };
      const r = f.response;
      const rep: IncomingResponseRep = { status: r.status, headers: receivedFields(r.headers), body: r.body, consumed: false };
      return { tag: 'ok', val: { tag: 'ok', val: hostResource(http.incomingResponse, rep) } };
    });

  const handle = (request: ResourceHandle, options: ResourceHandle | undefined) => {
    const client = host.http;
    if (client === undefined) return { tag: 'err', val: { tag: 'HTTP-request-denied' } };
    const r = oreq(request);
    // wasmtime's rules: no authority is an invalid URI; no scheme means HTTPS; other schemes are refused.
    if (r.authority === undefined || r.authority === '') return { tag: 'err', val: { tag: 'HTTP-request-URI-invalid' } };
    const scheme = r.scheme === undefined ? 'https' : r.scheme.tag === 'HTTP' ? 'http' : r.scheme.tag === 'HTTPS' ? 'https' : undefined;
    if (scheme === undefined) return { tag: 'err', val: { tag: 'HTTP-protocol-error' } };
    const o = options === undefined ? {} : opts(options);
    const ms = (d: bigint | undefined) => (d === undefined ? undefined : Number(d / 1_000_000n));
    const body = r.body;
    const rep: FutureResponseRep = { done: false, response: undefined, error: undefined, taken: false, settled: Promise.resolve() };
    // The request leaves once its body is complete (fetch sends a body whole).
    const bodyDone = body === undefined || body.finished ? Promise.resolve() : new Promise<void>((resolve) => (body.onFinish = resolve));
    rep.settled = bodyDone
      .then(() => client.send({
        method: methodName(r.method),
        url: `${scheme}://${r.authority}${r.pathWithQuery ?? '/'}`,
        headers: r.headers.entries,
        body: body === undefined ? undefined : collectBody(body),
        connectTimeoutMs: ms(o['connect-timeout']),
        firstByteTimeoutMs: ms(o['first-byte-timeout']),
        betweenBytesTimeoutMs: ms(o['between-bytes-timeout']),
      }))
      .then(
        (response) => {
          rep.response = response;
        },
        (e: unknown) => {
          rep.error = e instanceof HttpError ? e.code : { tag: 'internal-error', val: e instanceof Error ? e.message : String(e) };
        },
      )
      .then(() => {
        rep.done = true;
      });
    return ok(hostResource(http.futureIncomingResponse, rep));
  };

  linker
    .instance(`wasi:http/outgoing-handler@${version}`)
    .resource('outgoing-request', http.outgoingRequest)
    .resource('request-options', http.requestOptions)
    .resource('future-incoming-response', http.futureIncomingResponse)
    .func('handle', handle);
}

/** The collected response of a handler: status, headers and the whole body. */
export function takeResponse(p: ResponseOutparamRep): { status: number; headers: [string, string][]; body: Uint8Array } {
  const r = setResponse(p);
  return { status: r.status, headers: headerText(r.headers), body: collectBody(r.body) };
}

function setResponse(p: ResponseOutparamRep): OutgoingResponseRep {
  if (p.result === undefined) throw new Error('the handler returned without calling response-outparam.set');
  if (p.result.tag === 'err') throw new Error(`the handler answered with an error: ${JSON.stringify(p.result.val)}`);
  return p.result.val;
}

function headerText(f: FieldsRep): [string, string][] {
  return f.entries.map(([k, v]) => [k, decodeLatin1(v, 0, v.length)]);
}

export interface IncomingRequest {
  method: string;
  pathWithQuery: string | undefined;
  scheme: 'HTTP' | 'HTTPS' | undefined;
  authority: string | undefined;
  headers: [string, Uint8Array][];
  /** The whole body, or a queue the server fills as the body arrives (then call streamIncomingHandler). */
  body: Uint8Array | ByteQueue;
}

/** Where a streamed response goes: its head once the guest set it, then each body chunk, then the end;
 *  `flow`, when given, makes the guest's writes wait while the sink is full. */
export interface ResponseSink {
  start(status: number, headers: [string, string][]): void;
  write(chunk: Uint8Array): void;
  end(): void;
  flow?: SinkFlow;
}

function handlerOf(instance: ComponentInstance) {
  const exports = instance.exports;
  if (!exports.has('wasi:http/incoming-handler@0.2.0')) {
    throw new TypeError('the component exports no wasi:http/incoming-handler@0.2.x interface');
  }
  return exports.instance('wasi:http/incoming-handler@0.2.0').func('handle');
}

/**
 * Calls an instance's `wasi:http/incoming-handler#handle` with a request (body already read) and returns
 * the response it set. Synchronous: the guest may not wait for anything asynchronous. Traps propagate.
 */
export function callIncomingHandler(instance: ComponentInstance, http: HttpResources, request: IncomingRequest) {
  const handle = handlerOf(instance);
  const rep: IncomingRequestRep = { ...request, headers: receivedFields(request.headers), consumed: false };
  const out: ResponseOutparamRep = { result: undefined };
  handle.call([hostResource(http.incomingRequest, rep), hostResource(http.responseOutparam, out)]);
  return takeResponse(out);
}

/**
 * The streaming form, under callAsync: the request body may still be arriving, the response head goes to
 * `sink` as soon as the guest sets it and each body write right after. Ends the sink when the guest
 * finishes the body, or when the handler returns. Resolves when the handler returned; traps reject.
 */
export async function streamIncomingHandler(instance: ComponentInstance, http: HttpResources, request: IncomingRequest, sink: ResponseSink): Promise<void> {
  const handle = handlerOf(instance);
  const rep: IncomingRequestRep = { ...request, headers: receivedFields(request.headers), consumed: false };
  let ended = false;
  const end = () => {
    if (!ended) {
      ended = true;
      sink.end();
    }
  };
  const out: ResponseOutparamRep = { result: undefined };
  out.onSet = () => {
    if (out.result?.tag !== 'ok') return;
    const r = out.result.val;
    sink.start(r.status, headerText(r.headers));
    attachSink(r.body, (c) => sink.write(c), sink.flow);
    if (r.body.finished) end();
    else r.body.onFinish = end;
  };
  await handle.callAsync([hostResource(http.incomingRequest, rep), hostResource(http.responseOutparam, out)]);
  setResponse(out);
  end();
}
