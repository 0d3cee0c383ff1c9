// Component-model value constants of .wast scripts (`(u32.const 1)`, `(str.const "x")`, `(record.const
// (field "a" ...))` …), read into a neutral tagged form that does not depend on any runtime's value API, plus
// structural equality (floats compared as bits, NaN by class). A component runtime adapter converts these
// to and from its own values.
import { stringOf } from './wast/commands.js';
import { f32Bits, f64Bits, parseIntLiteral } from './wast/numbers.js';
import { type SExpr, headOf, isAtom, isList } from './wast/sexpr.js';

export type CValue =
  | { readonly kind: 'bool'; readonly value: boolean }
  | { readonly kind: 'u8' | 'u16' | 'u32' | 's8' | 's16' | 's32'; readonly value: number }
  | { readonly kind: 'u64' | 's64'; readonly value: bigint }
  | { readonly kind: 'f32'; readonly bits: number }
  | { readonly kind: 'f64'; readonly bits: bigint }
  | { readonly kind: 'char' | 'string'; readonly value: string }
  | { readonly kind: 'list' | 'tuple'; readonly items: readonly CValue[] }
  | { readonly kind: 'record'; readonly fields: readonly (readonly [string, CValue])[] }
  | { readonly kind: 'variant'; readonly case: string; readonly value: CValue | undefined }
  | { readonly kind: 'enum'; readonly case: string }
  | { readonly kind: 'flags'; readonly names: readonly string[] }
  | { readonly kind: 'option'; readonly value: CValue | undefined }
  | { readonly kind: 'result'; readonly ok: boolean; readonly value: CValue | undefined };

const INT_RANGE: Record<string, [bigint, bigint]> = {
  u8: [0n, 0xffn], u16: [0n, 0xffffn], u32: [0n, 0xffff_ffffn], u64: [0n, 0xffff_ffff_ffff_ffffn],
  s8: [-0x80n, 0x7fn], s16: [-0x8000n, 0x7fffn], s32: [-0x8000_0000n, 0x7fff_ffffn], s64: [-(2n ** 63n), 2n ** 63n - 1n],
};

function atom(e: SExpr | undefined, what: string): string {
  if (!isAtom(e)) throw new Error(`expected ${what}`);
  return e.text;
}

function str(e: SExpr | undefined, what: string): string {
  const s = stringOf(e);
  if (s === undefined) throw new Error(`expected a string for ${what}`);
  return s;
}

/** Reads one component value constant. */
export function componentValue(e: SExpr): CValue {
  if (!isList(e)) throw new Error('component value is not a list');
  const head = headOf(e) ?? '';
  const it = e.items;
  const kind = head.replace(/\.(const|none|some|ok|err)$/, '');
  switch (head) {
    case 'bool.const': {
      const t = atom(it[1], 'true/false');
      if (t !== 'true' && t !== 'false') throw new Error(`bad bool ${t}`);
      return { kind: 'bool', value: t === 'true' };
    }
    case 'u8.const': case 'u16.const': case 'u32.const': case 's8.const': case 's16.const': case 's32.const':
    case 'u64.const': case 's64.const': {
      const v = parseIntLiteral(atom(it[1], 'an integer'));
      const [lo, hi] = INT_RANGE[kind]!;
      if (v < lo || v > hi) throw new Error(`${head} ${v} out of range`);
      if (kind === 'u64' || kind === 's64') return { kind, value: v };
      return { kind: kind as 'u8', value: Number(v) };
    }
    case 'f32.const': return { kind: 'f32', bits: f32Bits(atom(it[1], 'a float')) };
    case 'f64.const': return { kind: 'f64', bits: f64Bits(atom(it[1], 'a float')) };
    case 'char.const': {
      const s = str(it[1], head);
      if ([...s].length !== 1) throw new Error(`char.const needs one character, got ${JSON.stringify(s)}`);
      return { kind: 'char', value: s };
    }
    case 'str.const': return { kind: 'string', value: str(it[1], head) };
    case 'list.const': return { kind: 'list', items: it.slice(1).map(componentValue) };
    case 'tuple.const': return { kind: 'tuple', items: it.slice(1).map(componentValue) };
    case 'record.const':
      return {
        kind: 'record',
        fields: it.slice(1).map((f) => {
          if (!isList(f, 'field')) throw new Error('record.const expects (field "name" value)');
          // The value may be written without its own parentheses: (field "handle" u8.const 0).
          const v = f.items[2];
          const value = isAtom(v) ? componentValue({ kind: 'list', items: f.items.slice(2), start: v.start, end: f.end }) : componentValue(v!);
          return [str(f.items[1], 'field name'), value] as const;
        }),
      };
    case 'variant.const': return { kind: 'variant', case: str(it[1], head), value: it[2] ? componentValue(it[2]) : undefined };
    case 'enum.const': return { kind: 'enum', case: str(it[1], head) };
    case 'flags.const': return { kind: 'flags', names: it.slice(1).map((x) => str(x, head)) };
    case 'option.none': return { kind: 'option', value: undefined };
    case 'option.some': return { kind: 'option', value: componentValue(it[1]!) };
    case 'result.ok': return { kind: 'result', ok: true, value: it[1] ? componentValue(it[1]) : undefined };
    case 'result.err': return { kind: 'result', ok: false, value: it[1] ? componentValue(it[1]) : undefined };
  }
  throw new Error(`unknown component value ${head}`);
}

function floatEq32(a: number, b: number): boolean {
  const nan = (x: number) => (x & 0x7f800000) === 0x7f800000 && (x & 0x7fffff) !== 0;
  return a >>> 0 === b >>> 0 || (nan(a) && nan(b)); // the canonical ABI canonicalizes NaNs
}

function floatEq64(a: bigint, b: bigint): boolean {
  const nan = (x: bigint) => (x & 0x7ff0_0000_0000_0000n) === 0x7ff0_0000_0000_0000n && (x & 0xf_ffff_ffff_ffffn) !== 0n;
  return a === b || (nan(a) && nan(b));
}

/** Structural equality; flags compare as sets; any NaN equals any NaN (the canonical ABI canonicalizes). */
export function componentValueEquals(a: CValue | undefined, b: CValue | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case 'f32': return floatEq32(a.bits, (b as typeof a).bits);
    case 'f64': return floatEq64(a.bits, (b as typeof a).bits);
    case 'list': case 'tuple': {
      const bi = (b as typeof a).items;
      return a.items.length === bi.length && a.items.every((x, i) => componentValueEquals(x, bi[i]));
    }
    case 'record': {
      const bf = (b as typeof a).fields;
      return a.fields.length === bf.length && a.fields.every(([n, v], i) => bf[i]![0] === n && componentValueEquals(v, bf[i]![1]));
    }
    case 'variant': return a.case === (b as typeof a).case && componentValueEquals(a.value, (b as typeof a).value);
    case 'flags': {
      const bs = new Set((b as typeof a).names);
      return a.names.length === bs.size && a.names.every((n) => bs.has(n));
    }
    case 'option': return componentValueEquals(a.value, (b as typeof a).value);
    case 'result': return a.ok === (b as typeof a).ok && componentValueEquals(a.value, (b as typeof a).value);
    case 'enum': return a.case === (b as typeof a).case;
    default: return a.value === (b as typeof a).value;
  }
}
