// Component values of test scripts (.wast `(u32.const 1)`, `(record.const ...)` …) in a neutral tagged
// form, converted to and from the runtime's JS values by type. The shape matches spec-tests'
// `CValue` (declared here so src/ does not depend on the test runner).
import { toLowerCamelCase } from '../../abi/index.js';
import type { ValueType } from '../value-types.js';

export type ScriptValue =
  | { readonly kind: 'bool'; readonly value: boolean }
  | { readonly kind: 'u8' | 'u16' | 'u32' | 's8' | 's16' | 's32'; readonly value: number }
  | { readonly kind: 'u64' | 's64'; readonly value: bigint }
  | { readonly kind: 'f32'; readonly bits: number }
  | { readonly kind: 'f64'; readonly bits: bigint }
  | { readonly kind: 'char' | 'string'; readonly value: string }
  | { readonly kind: 'list' | 'tuple'; readonly items: readonly ScriptValue[] }
  | { readonly kind: 'record'; readonly fields: readonly (readonly [string, ScriptValue])[] }
  | { readonly kind: 'variant'; readonly case: string; readonly value: ScriptValue | undefined }
  | { readonly kind: 'enum'; readonly case: string }
  | { readonly kind: 'flags'; readonly names: readonly string[] }
  | { readonly kind: 'option'; readonly value: ScriptValue | undefined }
  | { readonly kind: 'result'; readonly ok: boolean; readonly value: ScriptValue | undefined };

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
const f64 = new Float64Array(1);
const u64 = new BigUint64Array(f64.buffer);

function mismatch(t: ValueType, v: ScriptValue): never {
  throw new TypeError(`script value ${v.kind} does not match type ${t.kind}`);
}

/** Script value → JS value of type `t` (the JS value mapping of src/abi/index.ts). */
export function scriptToJs(t: ValueType, v: ScriptValue): unknown {
  switch (t.kind) {
    case 'bool': case 'u8': case 'u16': case 'u32': case 's8': case 's16': case 's32': case 'u64': case 's64': case 'char': case 'string':
      if (v.kind !== t.kind) mismatch(t, v);
      return (v as { value: unknown }).value;
    case 'f32':
      if (v.kind !== 'f32') mismatch(t, v);
      u32[0] = v.bits;
      return f32[0];
    case 'f64':
      if (v.kind !== 'f64') mismatch(t, v);
      u64[0] = v.bits & 0xffff_ffff_ffff_ffffn;
      return f64[0];
    case 'list':
      if (v.kind !== 'list') mismatch(t, v);
      return v.items.map((x) => scriptToJs(t.element, x));
    case 'tuple':
      if (v.kind !== 'tuple') mismatch(t, v);
      return v.items.map((x, i) => scriptToJs(t.elements[i], x));
    case 'record': {
      if (v.kind !== 'record') mismatch(t, v);
      const o: Record<string, unknown> = {};
      for (const [name, x] of v.fields) {
        const f = t.fields.find((ff) => ff.name === name);
        if (f === undefined) throw new TypeError(`record has no field ${name}`);
        o[toLowerCamelCase(name)] = scriptToJs(f.type, x);
      }
      return o;
    }
    case 'variant': {
      if (v.kind !== 'variant') mismatch(t, v);
      const c = t.cases.find((cc) => cc.name === v.case);
      if (c === undefined) throw new TypeError(`variant has no case ${v.case}`);
      return c.type === undefined || v.value === undefined ? { tag: v.case } : { tag: v.case, val: scriptToJs(c.type, v.value) };
    }
    case 'enum':
      if (v.kind !== 'enum') mismatch(t, v);
      return v.case;
    case 'flags': {
      if (v.kind !== 'flags') mismatch(t, v);
      const o: Record<string, boolean> = {};
      for (const n of t.names) o[toLowerCamelCase(n)] = v.names.includes(n);
      return o;
    }
    case 'option': {
      if (v.kind !== 'option') mismatch(t, v);
      const nested = t.element.kind === 'option';
      if (v.value === undefined) return nested ? { tag: 'none' } : undefined;
      const x = scriptToJs(t.element, v.value);
      return nested ? { tag: 'some', val: x } : x;
    }
    case 'result': {
      if (v.kind !== 'result') mismatch(t, v);
      const pt = v.ok ? t.ok : t.err;
      const tag = v.ok ? 'ok' : 'err';
      return pt === undefined || v.value === undefined ? { tag } : { tag, val: scriptToJs(pt, v.value) };
    }
    default:
      throw new TypeError(`script values of type ${t.kind} are not supported`);
  }
}

/** JS value of type `t` → script value. */
export function jsToScript(t: ValueType, v: unknown): ScriptValue {
  switch (t.kind) {
    case 'bool': return { kind: 'bool', value: v as boolean };
    case 'u8': case 'u16': case 'u32': case 's8': case 's16': case 's32': return { kind: t.kind, value: v as number };
    case 'u64': case 's64': return { kind: t.kind, value: v as bigint };
    case 'char': case 'string': return { kind: t.kind, value: v as string };
    case 'f32':
      f32[0] = v as number;
      return { kind: 'f32', bits: u32[0] };
    case 'f64':
      f64[0] = v as number;
      return { kind: 'f64', bits: u64[0] };
    case 'list': return { kind: 'list', items: Array.from(v as ArrayLike<unknown>, (x) => jsToScript(t.element, x)) };
    case 'tuple': return { kind: 'tuple', items: (v as unknown[]).map((x, i) => jsToScript(t.elements[i], x)) };
    case 'record': {
      const o = v as Record<string, unknown>;
      return { kind: 'record', fields: t.fields.map((f) => [f.name, jsToScript(f.type, o[toLowerCamelCase(f.name)])] as const) };
    }
    case 'variant': {
      const { tag, val } = v as { tag: string; val?: unknown };
      const c = t.cases.find((cc) => cc.name === tag)!;
      return { kind: 'variant', case: tag, value: c.type === undefined ? undefined : jsToScript(c.type, val) };
    }
    case 'enum': return { kind: 'enum', case: v as string };
    case 'flags': {
      const o = v as Record<string, boolean>;
      return { kind: 'flags', names: t.names.filter((n) => o[toLowerCamelCase(n)]) };
    }
    case 'option': {
      if (t.element.kind === 'option') {
        const o = v as { tag: string; val?: unknown };
        return { kind: 'option', value: o.tag === 'none' ? undefined : jsToScript(t.element, o.val) };
      }
      return { kind: 'option', value: v === undefined ? undefined : jsToScript(t.element, v) };
    }
    case 'result': {
      const { tag, val } = v as { tag: string; val?: unknown };
      const pt = tag === 'ok' ? t.ok : t.err;
      return { kind: 'result', ok: tag === 'ok', value: pt === undefined ? undefined : jsToScript(pt, val) };
    }
    default:
      throw new TypeError(`script values of type ${t.kind} are not supported`);
  }
}
