// wasi:http `fields` (headers and trailers) and the syntax of what goes into a request line, shared by
// WASI 0.2 (p2/http.ts) and 0.3 (p3/http.ts): the representation, RFC 9110's rules for names and values,
// the headers a guest may not set (wasmtime's forbidden list), and the `fields` resource's functions,
// which the two versions name alike except for listing (0.2 `entries`, 0.3 `copy-all`) and 0.3's
// `get-and-delete`. Names are stored lower-cased: lookups are case-insensitive and `entries`/`copy-all`
// report them lower-cased, as wasmtime does.
import { hostResource, type LinkerInstance, type ResourceHandle, type ResourceType } from '../index.js';

export interface FieldsRep {
  /** Lower-cased names with their values, in insertion order. */
  entries: [string, Uint8Array][];
  immutable: boolean;
}

/** RFC 9110 token characters: what a field name (and a method) may contain. */
export const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** Headers a guest may not set, and does not see on what it receives (wasmtime's DEFAULT_FORBIDDEN_HEADERS):
 *  hop-by-hop and framing headers the host manages. */
export const FORBIDDEN = new Set(['connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'proxy-connection',
  'transfer-encoding', 'upgrade', 'host', 'http2-settings']);

const METHODS = ['get', 'head', 'post', 'put', 'delete', 'connect', 'options', 'trace', 'patch'];

/** An HTTP method as wasi:http's `method` variant (the standard ones by their case, as the request line has
 *  them; anything else is `other`). */
export function methodVariant(m: string): { tag: string; val?: string } {
  const lower = m.toLowerCase();
  return METHODS.includes(lower) && m === m.toUpperCase() ? { tag: lower } : { tag: 'other', val: m };
}

type HeaderError = { tag: 'invalid-syntax' | 'forbidden' | 'immutable' };

class HeaderFailure {
  constructor(readonly error: HeaderError) {}
}

function fail(tag: HeaderError['tag']): never {
  throw new HeaderFailure({ tag });
}

function checkName(name: string): void {
  if (!TOKEN.test(name)) fail('invalid-syntax');
  if (FORBIDDEN.has(name.toLowerCase())) fail('forbidden');
}

/** RFC 9110 field-value bytes: visible characters, obs-text (0x80–0xFF), space and tab; no other controls. */
function checkValue(v: Uint8Array): void {
  for (const b of v) if ((b < 0x20 && b !== 0x09) || b === 0x7f) fail('invalid-syntax');
}

/** Runs a fields operation: its value as `ok`, a header-error as `err`. */
function headerResult(f: () => unknown): unknown {
  try {
    const v = f();
    return v === undefined ? { tag: 'ok' } : { tag: 'ok', val: v };
  } catch (e) {
    if (e instanceof HeaderFailure) return { tag: 'err', val: e.error };
    throw e;
  }
}

export function newFields(entries: [string, Uint8Array][] = [], immutable = false): FieldsRep {
  return { entries: entries.map(([k, v]) => [k.toLowerCase(), v]), immutable };
}

/** The headers of a request or response the guest receives: immutable, without the forbidden ones. */
export function receivedFields(entries: [string, Uint8Array][]): FieldsRep {
  return newFields(entries.filter(([k]) => !FORBIDDEN.has(k.toLowerCase())), true);
}

/** Checks fields a guest made (from-list): the header-error, or undefined when they are acceptable. */
export function fieldsProblem(list: [string, Uint8Array][]): HeaderError | undefined {
  try {
    for (const [k, v] of list) {
      checkName(k);
      checkValue(v);
    }
    return undefined;
  } catch (e) {
    if (e instanceof HeaderFailure) return e.error;
    throw e;
  }
}

/**
 * Defines the `fields` resource's functions in `t` for the resource type `type`. `list` is the name of the
 * listing method ('entries' in 0.2, 'copy-all' in 0.3); `getAndDelete` adds 0.3's get-and-delete.
 */
export function defineFields(t: LinkerInstance, type: ResourceType, list: 'entries' | 'copy-all', getAndDelete: boolean): void {
  const fields = (h: ResourceHandle) => h.rep as FieldsRep;
  const mutable = (h: ResourceHandle) => {
    const f = fields(h);
    if (f.immutable) fail('immutable');
    return f;
  };
  const remove = (f: FieldsRep, name: string): Uint8Array[] => {
    const k = name.toLowerCase();
    const removed = f.entries.filter(([n]) => n === k).map(([, v]) => v);
    f.entries = f.entries.filter(([n]) => n !== k);
    return removed;
  };
  t.func('[constructor]fields', () => hostResource(type, newFields()))
    .func('[static]fields.from-list', (entries: [string, Uint8Array][]) => {
      const problem = fieldsProblem(entries);
      return problem !== undefined ? { tag: 'err', val: problem } : { tag: 'ok', val: hostResource(type, newFields(entries)) };
    })
    .func('[method]fields.get', (self: ResourceHandle, name: string) =>
      fields(self).entries.filter(([k]) => k === name.toLowerCase()).map(([, v]) => v))
    .func('[method]fields.has', (self: ResourceHandle, name: string) => fields(self).entries.some(([k]) => k === name.toLowerCase()))
    .func('[method]fields.set', (self: ResourceHandle, name: string, values: Uint8Array[]) =>
      headerResult(() => {
        const f = mutable(self);
        checkName(name);
        values.forEach(checkValue);
        remove(f, name);
        for (const v of values) f.entries.push([name.toLowerCase(), v]);
      }))
    .func('[method]fields.delete', (self: ResourceHandle, name: string) =>
      headerResult(() => {
        const f = mutable(self);
        checkName(name);
        remove(f, name);
      }))
    .func('[method]fields.append', (self: ResourceHandle, name: string, value: Uint8Array) =>
      headerResult(() => {
        const f = mutable(self);
        checkName(name);
        checkValue(value);
        f.entries.push([name.toLowerCase(), value]);
      }))
    .func(`[method]fields.${list}`, (self: ResourceHandle) => fields(self).entries.map(([k, v]) => [k, v]))
    .func('[method]fields.clone', (self: ResourceHandle) => hostResource(type, newFields(fields(self).entries)));
  if (getAndDelete) {
    t.func('[method]fields.get-and-delete', (self: ResourceHandle, name: string) =>
      headerResult(() => {
        const f = mutable(self);
        checkName(name);
        return remove(f, name);
      }));
  }
}
