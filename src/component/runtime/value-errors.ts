// Errors a host writer can act on. The canonical ABI's codecs (src/abi) are compiled closures that raise
// a bare reason ("expected a string, got number") and know neither the function nor where in the value
// they are. Threading that through every call would cost on the success path, so it is rebuilt on
// failure only: `explainLowerError` walks the offending JS value against its component type, in the
// order the codecs check values, and finds the first part that does not fit — the one the codec threw
// on — with its path (`.name`, `[2]`, `.val`). Every check made here is one the codec makes (a subset,
// in the same order), so the first misfit found is the codec's. A failure the walk does not model
// (e.g. a lone surrogate in a string) keeps the codec's reason, still prefixed with the function name.
import type { FuncType, HandleType, ValueType } from '../value-types.js';
import { casesOf } from '../../abi/layout.js';
import { toLowerCamelCase } from '../../abi/names.js';
import { GuestString } from '../../abi/guest-string.js';
import { INT_RANGES } from '../../abi/scalars.js';
import { Trap } from '../../vm/errors.js';
import { ResourceHandle, rejectedHandle } from './resources.js';
import type { ResourceResolver } from './resources.js';

/** Where a misfit is: the path into the value (`''` for the value itself) and what is wrong. */
interface Misfit {
  readonly path: string;
  readonly reason: string;
}

/** The type of a JS value as a message names it ("got object"); a Promise is named, it is a common slip. */
function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'object' && typeof (v as { then?: unknown }).then === 'function') return 'a Promise (host functions are called synchronously)';
  return typeof v;
}

/** A value as a message shows it when its type was right but the value was not ("got -1"). */
function show(v: unknown): string {
  if (typeof v === 'bigint') return `${v}n`;
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  return String(v);
}

/** For tagged values: the tag an object carries ("got tag \"bad\""), else the value's type. */
function tagOrType(v: unknown): string {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return typeName(v);
  const tag = (v as { tag?: unknown }).tag;
  return tag === undefined ? 'an object without tag' : `tag ${typeof tag === 'string' ? show(tag) : typeName(tag)}`;
}

const U64_MAX = 0xffff_ffff_ffff_ffffn;
const S64_MIN = -0x8000_0000_0000_0000n;
const S64_MAX = 0x7fff_ffff_ffff_ffffn;

function isListLike(v: unknown): v is ArrayLike<unknown> {
  return Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView));
}

function isScalarValue(v: string): boolean {
  const c = v.charCodeAt(0);
  if (v.length === 1) return c < 0xd800 || c > 0xdfff;
  if (v.length !== 2 || c < 0xd800 || c > 0xdbff) return false;
  const d = v.charCodeAt(1);
  return d >= 0xdc00 && d <= 0xdfff;
}

/**
 * The first part of `v` that does not fit `t`, or undefined. `resolve` maps the static resource types of
 * handle types to run-time ones (the instance's), as the handle codecs do.
 */
function misfit(t: ValueType, v: unknown, path: string, resolve: ResourceResolver | undefined): Misfit | undefined {
  const bad = (reason: string): Misfit => ({ path, reason });
  // (the two endings most reasons share: what `v` is, or its value)
  const got = (what: string): Misfit => bad(`expected ${what}, got ${typeName(v)}`);
  const gotValue = (what: string): Misfit => bad(`expected ${what}, got ${show(v)}`);
  switch (t.kind) {
    case 'bool':
      return typeof v === 'boolean' ? undefined : got('a boolean');
    case 'u8': case 's8': case 'u16': case 's16': case 'u32': case 's32': {
      if (typeof v !== 'number') return got(`${t.kind} (a number)`);
      const [lo, hi] = INT_RANGES[t.kind];
      return v >= lo && v <= hi && Math.floor(v) === v ? undefined : gotValue(t.kind);
    }
    case 'u64': case 's64': {
      let b: bigint;
      if (typeof v === 'bigint') b = v;
      else if (typeof v === 'number' && Number.isSafeInteger(v)) b = BigInt(v);
      else if (typeof v === 'number') return gotValue(`${t.kind} (a bigint or an exact integer)`);
      else return got(`${t.kind} (a bigint)`);
      const ok = t.kind === 'u64' ? b >= 0n && b <= U64_MAX : b >= S64_MIN && b <= S64_MAX;
      return ok ? undefined : gotValue(t.kind);
    }
    case 'f32': case 'f64':
      return typeof v === 'number' ? undefined : got(`${t.kind} (a number)`);
    case 'char':
      if (typeof v !== 'string') return got('a char (a one-character string)');
      return isScalarValue(v) ? undefined : gotValue('a char (one Unicode scalar value)');
    case 'string':
      return typeof v === 'string' || v instanceof GuestString ? undefined : got('a string');
    case 'list': {
      if (!isListLike(v)) return got(`a list (an array${t.length === undefined ? ' or typed array' : ''})`);
      if (t.length !== undefined && v.length !== t.length) return bad(`expected a list of exactly ${t.length} elements, got ${v.length}`);
      for (let i = 0; i < v.length; i++) {
        const m = misfit(t.element, v[i], `${path}[${i}]`, resolve);
        if (m !== undefined) return m;
      }
      return undefined;
    }
    case 'record': {
      if (typeof v !== 'object' || v === null) return got('a record (an object)');
      for (const f of t.fields) {
        const key = toLowerCamelCase(f.name);
        const m = misfit(f.type, (v as Record<string, unknown>)[key], `${path}.${key}`, resolve);
        if (m !== undefined) return m;
      }
      return undefined;
    }
    case 'tuple': {
      const n = t.elements.length;
      if (!Array.isArray(v)) return got(`a tuple (an array of ${n})`);
      if (v.length !== n) return bad(`expected a tuple of ${n} elements, got ${v.length}`);
      for (let i = 0; i < n; i++) {
        const m = misfit(t.elements[i], v[i], `${path}[${i}]`, resolve);
        if (m !== undefined) return m;
      }
      return undefined;
    }
    case 'enum':
      return typeof v === 'string' && t.names.includes(v) ? undefined : bad(`expected one of ${t.names.map((n) => `'${n}'`).join(' | ')}, got ${typeof v === 'string' ? show(v) : typeName(v)}`);
    case 'variant': {
      const names = t.cases.map((c) => c.name);
      const want = `{ tag: ${names.map((n) => `'${n}'`).join(' | ')}, val }`;
      if (typeof v !== 'object' || v === null) return got(`a variant ${want}`);
      const tag = (v as { tag?: unknown }).tag;
      const i = typeof tag === 'string' ? names.indexOf(tag) : -1;
      if (i < 0) return bad(`expected a variant ${want}, got ${tagOrType(v)}`);
      const ct = t.cases[i].type;
      return ct === undefined ? undefined : misfit(ct, (v as { val?: unknown }).val, `${path}.val`, resolve);
    }
    case 'option': {
      if (v === undefined || v === null) return undefined;
      if (t.element.kind !== 'option') return misfit(t.element, v, path, resolve);
      // A nested option: the outer level is tagged.
      const tag = typeof v === 'object' ? (v as { tag?: unknown }).tag : undefined;
      if (tag === 'none') return undefined;
      if (tag !== 'some') return bad(`expected { tag: 'some', val } or { tag: 'none' } for a nested option, got ${tagOrType(v)}`);
      return misfit(t.element, (v as { val?: unknown }).val, `${path}.val`, resolve);
    }
    case 'result': {
      const tag = typeof v === 'object' && v !== null ? (v as { tag?: unknown }).tag : undefined;
      if (tag !== 'ok' && tag !== 'err') return bad(`expected a result { tag: 'ok' | 'err', val }, got ${tagOrType(v)}`);
      const ct = casesOf(t)[tag === 'ok' ? 0 : 1];
      return ct === undefined ? undefined : misfit(ct, (v as { val?: unknown }).val, `${path}.val`, resolve);
    }
    case 'flags':
      return typeof v === 'object' && v !== null ? undefined : got('flags (an object of booleans)');
    case 'own':
    case 'borrow':
      return handleMisfit(t, v, path, resolve);
    default:
      return undefined; // error-context, stream, future: not host values this runtime lowers
  }
}

function handleMisfit(t: HandleType, v: unknown, path: string, resolve: ResourceResolver | undefined): Misfit | undefined {
  const rt = resolve === undefined ? t.resource.canonical : resolve(t.resource).canonical;
  if (v instanceof ResourceHandle) {
    if (v.type.canonical !== rt) return { path, reason: `expected a handle of resource \`${rt.name}\`, got one of \`${v.type.name}\`` };
    // Liveness is not re-checked: an earlier argument of the same call may have moved this very handle
    // legitimately. The handle the codec refused is the one it recorded.
    const r = rejectedHandle();
    if (r !== undefined && r.handle === v) return { path, reason: r.reason };
    return undefined;
  }
  if (rt.state === 'host') return undefined; // a host resource's own value stands for itself
  return { path, reason: `expected a ResourceHandle of resource \`${rt.name}\`, got ${typeName(v)}` };
}

/** The error class a host-value error keeps: a refused handle stays a Trap; type and range errors keep theirs. */
function sameKind(original: unknown, message: string): Error {
  if (original instanceof Trap) return new Trap(message);
  if (original instanceof RangeError) return new RangeError(message);
  return new TypeError(message);
}

function isHostValueError(e: unknown): boolean {
  return e instanceof TypeError || e instanceof RangeError || (e instanceof Trap && rejectedHandle()?.error === e);
}

function withCause(err: Error, cause: unknown): Error {
  Object.defineProperty(err, 'cause', { value: cause, writable: true, configurable: true, enumerable: false });
  return err;
}

/** `message` as an error of `e`'s kind, with `e` as its cause. */
function explained(e: unknown, message: string): Error {
  return withCause(sameKind(e, message), e);
}

/**
 * The error to raise for `e`, thrown while lowering the host's arguments `args` of a function of type
 * `ft` (`who` names it: "export ns:pkg/iface#f"), or undefined when `e` is not about a host value (a
 * guest trap in realloc, say), which then propagates as it is.
 */
export function explainArgsError(e: unknown, who: string, ft: FuncType, args: readonly unknown[], resolve: ResourceResolver | undefined): Error | undefined {
  if (!isHostValueError(e)) return undefined;
  const n = ft.params.length;
  if (!Array.isArray(args) || args.length !== n) {
    return withCause(new TypeError(`${who}: expected ${n} argument${n === 1 ? '' : 's'}, got ${Array.isArray(args) ? args.length : typeName(args)}`), e);
  }
  for (let i = 0; i < n; i++) {
    const m = misfit(ft.params[i].type, args[i], '', resolve);
    if (m !== undefined) return explained(e, `${who}, argument ${i}${m.path === '' ? '' : ` (${m.path})`}: ${m.reason}`);
  }
  return explained(e, `${who}: ${(e as Error).message}`);
}

/** The error to raise for `e`, thrown while lowering the result `value` a host function returned. */
export function explainResultError(e: unknown, who: string, ft: FuncType, value: unknown, resolve: ResourceResolver | undefined): Error | undefined {
  if (!isHostValueError(e) || ft.result === undefined) return undefined;
  const m = misfit(ft.result, value, '', resolve);
  if (m !== undefined) return explained(e, `${who}, result${m.path === '' ? '' : ` (${m.path})`}: ${m.reason}`);
  return explained(e, `${who}, result: ${(e as Error).message}`);
}
