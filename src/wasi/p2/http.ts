// wasi:http 0.2 — types, outgoing-handler, and the host side of incoming-handler (for `purewasm serve`).
//
// What works: everything a request handler needs (fields, incoming-request and its body, outgoing-response
// and its body, response-outparam), all synchronous: the server reads the whole request body before it
// calls the guest and sends the response after the guest returns. Outgoing requests are not granted
// (`-S http` is not implemented): outgoing-handler.handle returns HTTP-request-denied, so no
// incoming-response or future-incoming-response can exist; their methods trap if a handle were forged.
import type { LinkerInstance, ResourceHandle } from '../../index.js';
import { ResourceType, hostResource } from '../../index.js';
import { Trap } from '../../index.js';
import { decodeLatin1 } from '../../abi/text-codec.js';
import type { ComponentInstance } from '../../index.js';
import { ALWAYS_READY, ok, type InputRep, type OutputRep, type WasiResources } from './common.js';

export interface FieldsRep {
  /** Lower-cased names with their values, in insertion order. */
  entries: [string, Uint8Array][];
  immutable: boolean;
}

export interface IncomingRequestRep {
  method: string;
  pathWithQuery: string | undefined;
  scheme: 'HTTP' | 'HTTPS' | undefined;
  authority: string | undefined;
  headers: FieldsRep;
  body: Uint8Array;
  consumed: boolean;
}

export interface OutgoingBodyRep {
  chunks: Uint8Array[];
  streamTaken: boolean;
  finished: boolean;
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
}

interface OutgoingRequestRep {
  method: unknown;
  pathWithQuery: string | undefined;
  scheme: unknown;
  authority: string | undefined;
  headers: FieldsRep;
  bodyTaken: boolean;
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

const METHODS = ['get', 'head', 'post', 'put', 'delete', 'connect', 'options', 'trace', 'patch'];

/** An HTTP method as wasi:http's `method` variant. */
export function methodVariant(m: string): { tag: string; val?: string } {
  const lower = m.toLowerCase();
  return METHODS.includes(lower) && m === m.toUpperCase() ? { tag: lower } : { tag: 'other', val: m };
}

/** RFC 9110 token characters: what a field name may contain. */
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

function checkName(name: string): void {
  if (!TOKEN.test(name)) throw { tag: 'invalid-syntax' };
}
function checkValue(v: Uint8Array): void {
  for (const b of v) if (b === 0 || b === 10 || b === 13) throw { tag: 'invalid-syntax' };
}

/** Runs a fields mutation: header-error as `err`. */
function headerResult(f: () => void): unknown {
  try {
    f();
    return ok();
  } catch (e) {
    if (typeof e === 'object' && e !== null && 'tag' in e) return { tag: 'err', val: e };
    throw e;
  }
}

function never(what: string): () => never {
  return () => {
    throw new Trap(`wasi:http: ${what} cannot exist: outgoing HTTP is not granted`);
  };
}

export function newFields(entries: [string, Uint8Array][] = [], immutable = false): FieldsRep {
  return { entries: entries.map(([k, v]) => [k.toLowerCase(), v]), immutable };
}

export function defineHttp(linker: LinkerInstance, res: WasiResources, http: HttpResources, version: string): void {
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
  const mutable = (h: ResourceHandle) => {
    const f = fields(h);
    if (f.immutable) throw { tag: 'immutable' };
    return f;
  };
  t.func('[constructor]fields', () => hostResource(http.fields, newFields()))
    .func('[static]fields.from-list', (list: [string, Uint8Array][]) => {
      try {
        for (const [k, v] of list) {
          checkName(k);
          checkValue(v);
        }
      } catch (e) {
        return { tag: 'err', val: e };
      }
      return ok(hostResource(http.fields, newFields(list)));
    })
    .func('[method]fields.get', (self: ResourceHandle, name: string) =>
      fields(self).entries.filter(([k]) => k === name.toLowerCase()).map(([, v]) => v))
    .func('[method]fields.has', (self: ResourceHandle, name: string) => fields(self).entries.some(([k]) => k === name.toLowerCase()))
    .func('[method]fields.set', (self: ResourceHandle, name: string, values: Uint8Array[]) =>
      headerResult(() => {
        const f = mutable(self);
        checkName(name);
        values.forEach(checkValue);
        const k = name.toLowerCase();
        f.entries = f.entries.filter(([n]) => n !== k).concat(values.map((v) => [k, v] as [string, Uint8Array]));
      }))
    .func('[method]fields.delete', (self: ResourceHandle, name: string) =>
      headerResult(() => {
        const f = mutable(self);
        checkName(name);
        f.entries = f.entries.filter(([n]) => n !== name.toLowerCase());
      }))
    .func('[method]fields.append', (self: ResourceHandle, name: string, value: Uint8Array) =>
      headerResult(() => {
        const f = mutable(self);
        checkName(name);
        checkValue(value);
        f.entries.push([name.toLowerCase(), value]);
      }))
    .func('[method]fields.entries', (self: ResourceHandle) => fields(self).entries.map(([k, v]) => [k, v]))
    .func('[method]fields.clone', (self: ResourceHandle) => hostResource(http.fields, newFields(fields(self).entries)));

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
      return ok(hostResource(http.incomingBody, { data: r.body, streamTaken: false }));
    });

  t.func('[method]incoming-body.stream', (self: ResourceHandle) => {
    const b = self.rep as { data: Uint8Array; streamTaken: boolean };
    if (b.streamTaken) return { tag: 'err' };
    b.streamTaken = true;
    let at = 0;
    const input: InputRep = {
      closed: false,
      read(max) {
        const out = b.data.subarray(at, Math.min(b.data.length, at + max));
        at += out.length;
        return out.slice();
      },
    };
    return ok(hostResource(res.inputStream, input));
  })
    .func('[static]incoming-body.finish', () => hostResource(http.futureTrailers, {}))
    .func('[method]future-trailers.subscribe', () => hostResource(res.pollable, ALWAYS_READY))
    // Requests carry no trailers here: ready at once, with none.
    .func('[method]future-trailers.get', () => ({ tag: 'ok', val: { tag: 'ok', val: undefined } }));

  const resp = (h: ResourceHandle) => h.rep as OutgoingResponseRep;
  t.func('[constructor]outgoing-response', (headers: ResourceHandle) => {
    const f = fields(headers);
    const rep: OutgoingResponseRep = {
      status: 200, headers: { entries: f.entries, immutable: true },
      body: { chunks: [], streamTaken: false, finished: false }, bodyTaken: false,
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
        b.chunks.push(bytes.slice());
      },
      flush: () => undefined,
    };
    return ok(hostResource(res.outputStream, out));
  })
    .func('[static]outgoing-body.finish', (self: ResourceHandle) => {
      (self.rep as OutgoingBodyRep).finished = true;
      return ok();
    });

  t.func('[static]response-outparam.set', (param: ResourceHandle, response: { tag: 'ok' | 'err'; val: unknown }) => {
    const p = param.rep as ResponseOutparamRep;
    if (p.result !== undefined) throw new Trap('wasi:http: response-outparam.set called twice');
    p.result = response.tag === 'ok' ? { tag: 'ok', val: resp(response.val as ResourceHandle) } : { tag: 'err', val: response.val };
  })
    .func('[method]response-outparam.send-informational', () => ({ tag: 'err', val: { tag: 'internal-error', val: 'informational responses are not supported' } }))
    .func('http-error-code', () => undefined);

  // Outgoing requests: buildable (a guest may construct one) but never sent.
  const oreq = (h: ResourceHandle) => h.rep as OutgoingRequestRep;
  t.func('[constructor]outgoing-request', (headers: ResourceHandle) => {
    const rep: OutgoingRequestRep = {
      method: { tag: 'get' }, pathWithQuery: undefined, scheme: undefined, authority: undefined,
      headers: { entries: fields(headers).entries, immutable: true }, bodyTaken: false,
    };
    return hostResource(http.outgoingRequest, rep);
  })
    .func('[method]outgoing-request.body', (self: ResourceHandle) => {
      const r = oreq(self);
      if (r.bodyTaken) return { tag: 'err' };
      r.bodyTaken = true;
      return ok(hostResource(http.outgoingBody, { chunks: [], streamTaken: false, finished: false }));
    })
    .func('[method]outgoing-request.method', (self: ResourceHandle) => oreq(self).method)
    .func('[method]outgoing-request.set-method', (self: ResourceHandle, m: unknown) => {
      oreq(self).method = m;
      return ok();
    })
    .func('[method]outgoing-request.path-with-query', (self: ResourceHandle) => oreq(self).pathWithQuery)
    .func('[method]outgoing-request.set-path-with-query', (self: ResourceHandle, p: string | undefined) => {
      oreq(self).pathWithQuery = p;
      return ok();
    })
    .func('[method]outgoing-request.scheme', (self: ResourceHandle) => oreq(self).scheme)
    .func('[method]outgoing-request.set-scheme', (self: ResourceHandle, s: unknown) => {
      oreq(self).scheme = s;
      return ok();
    })
    .func('[method]outgoing-request.authority', (self: ResourceHandle) => oreq(self).authority)
    .func('[method]outgoing-request.set-authority', (self: ResourceHandle, a: string | undefined) => {
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

  for (const m of ['status', 'headers', 'consume']) t.func(`[method]incoming-response.${m}`, never('an incoming-response'));
  for (const m of ['subscribe', 'get']) t.func(`[method]future-incoming-response.${m}`, never('a future-incoming-response'));

  linker
    .instance(`wasi:http/outgoing-handler@${version}`)
    .resource('outgoing-request', http.outgoingRequest)
    .resource('request-options', http.requestOptions)
    .resource('future-incoming-response', http.futureIncomingResponse)
    .func('handle', () => ({ tag: 'err', val: { tag: 'HTTP-request-denied' } }));
}

/** The collected response of a handler: status, headers and the whole body. */
export function takeResponse(p: ResponseOutparamRep): { status: number; headers: [string, string][]; body: Uint8Array } {
  if (p.result === undefined) throw new Error('the handler returned without calling response-outparam.set');
  if (p.result.tag === 'err') throw new Error(`the handler answered with an error: ${JSON.stringify(p.result.val)}`);
  const r = p.result.val;
  let size = 0;
  for (const c of r.body.chunks) size += c.length;
  const body = new Uint8Array(size);
  let at = 0;
  for (const c of r.body.chunks) {
    body.set(c, at);
    at += c.length;
  }
  return { status: r.status, headers: r.headers.entries.map(([k, v]) => [k, decodeLatin1(v, 0, v.length)]), body };
}

export interface IncomingRequest {
  method: string;
  pathWithQuery: string | undefined;
  scheme: 'HTTP' | 'HTTPS' | undefined;
  authority: string | undefined;
  headers: [string, Uint8Array][];
  body: Uint8Array;
}

/**
 * Calls an instance's `wasi:http/incoming-handler#handle` with a request (body already read) and returns
 * the response it set. Traps propagate.
 */
export function callIncomingHandler(instance: ComponentInstance, http: HttpResources, request: IncomingRequest) {
  const exports = instance.exports;
  if (!exports.has('wasi:http/incoming-handler@0.2.0')) {
    throw new TypeError('the component exports no wasi:http/incoming-handler@0.2.x interface');
  }
  const handle = exports.instance('wasi:http/incoming-handler@0.2.0').func('handle');
  const rep: IncomingRequestRep = { ...request, headers: newFields(request.headers, true), consumed: false };
  const out: ResponseOutparamRep = { result: undefined };
  handle.call([hostResource(http.incomingRequest, rep), hostResource(http.responseOutparam, out)]);
  return takeResponse(out);
}
