// The JS shapes of compound values (GUIDE §3, jco's conventions), shared by the memory and flat codecs:
// records are objects with camelCase keys, tuples arrays, variants `{ tag, val }` (no `val` for cases
// without payload), enums strings, `option<T>` `T | undefined` — but `{ tag: 'none' } | { tag: 'some',
// val }` when T is itself an option, as jco does — results `{ tag: 'ok' | 'err', val }`, flags objects of
// booleans with camelCase keys.
import type { ValueType } from '../component/value-types.js';
import { casesOf } from './layout.js';
import { toLowerCamelCase } from './names.js';

/** How a variant-like type maps to JS: pick the case of a host value, read its payload, build a value. */
export interface VariantShape {
  readonly cases: readonly (ValueType | undefined)[];
  /** Case index of a host value; TypeError when it matches no case. */
  caseOf(v: unknown): number;
  /** Payload of a host value whose case is `i`. */
  payloadOf(v: unknown, i: number): unknown;
  /** The JS value of case `i` with `payload`. */
  make(i: number, payload: unknown): unknown;
}

function describe(v: unknown): string {
  try {
    return typeof v === 'bigint' ? `${v}n` : (JSON.stringify(v) ?? String(v));
  } catch {
    return String(v);
  }
}

function tagged(names: readonly string[]): (v: unknown) => number {
  const index = new Map<string, number>();
  names.forEach((n, i) => index.set(n, i));
  return (v: unknown): number => {
    if (typeof v !== 'object' || v === null) throw new TypeError(`expected { tag, val } for a variant, got ${describe(v)}`);
    const i = index.get((v as { tag: unknown }).tag as string);
    if (i === undefined) throw new TypeError(`unknown variant tag ${describe((v as { tag: unknown }).tag)} (expected ${names.join(', ')})`);
    return i;
  };
}

const valOf = (v: unknown): unknown => (v as { val?: unknown }).val;

/** An option whose payload can itself be `undefined` needs the tagged form to stay unambiguous. */
export function isNullable(t: ValueType | undefined): boolean {
  return t !== undefined && t.kind === 'option';
}

const shapeCache = new WeakMap<ValueType, VariantShape>();

export function variantShape(t: ValueType): VariantShape {
  let s = shapeCache.get(t);
  if (s === undefined) {
    s = buildVariantShape(t);
    shapeCache.set(t, s);
  }
  return s;
}

function buildVariantShape(t: ValueType): VariantShape {
  const cases = casesOf(t);
  switch (t.kind) {
    case 'variant': {
      const names = t.cases.map((c) => c.name);
      const caseOf = tagged(names);
      return {
        cases,
        caseOf,
        payloadOf: valOf,
        make: (i, payload) => (cases[i] === undefined ? { tag: names[i] } : { tag: names[i], val: payload }),
      };
    }
    case 'enum': {
      const names = t.names;
      const index = new Map<string, number>();
      names.forEach((n, i) => index.set(n, i));
      return {
        cases,
        caseOf: (v) => {
          const i = typeof v === 'string' ? index.get(v) : undefined;
          if (i === undefined) throw new TypeError(`expected one of ${names.join(', ')} for an enum, got ${describe(v)}`);
          return i;
        },
        payloadOf: () => undefined,
        make: (i) => names[i],
      };
    }
    case 'option': {
      if (isNullable(t.element)) {
        // Nested option: the outer level is tagged. `undefined`/`null` are also accepted as none.
        return {
          cases,
          caseOf: (v) => {
            if (v === undefined || v === null) return 0;
            const tag = typeof v === 'object' ? (v as { tag?: unknown }).tag : undefined;
            if (tag === 'none') return 0;
            if (tag === 'some') return 1;
            throw new TypeError(`expected { tag: 'some', val } or { tag: 'none' } for a nested option, got ${describe(v)}`);
          },
          payloadOf: valOf,
          make: (i, payload) => (i === 0 ? { tag: 'none' } : { tag: 'some', val: payload }),
        };
      }
      return {
        cases,
        caseOf: (v) => (v === undefined || v === null ? 0 : 1),
        payloadOf: (v) => v,
        make: (i, payload) => (i === 0 ? undefined : payload),
      };
    }
    case 'result': {
      return {
        cases,
        caseOf: (v) => {
          const tag = typeof v === 'object' && v !== null ? (v as { tag?: unknown }).tag : undefined;
          if (tag === 'ok') return 0;
          if (tag === 'err') return 1;
          throw new TypeError(`expected { tag: 'ok' | 'err', val } for a result, got ${describe(v)}`);
        },
        payloadOf: valOf,
        make: (i, payload) => ({ tag: i === 0 ? 'ok' : 'err', val: payload }),
      };
    }
    default:
      throw new TypeError(`not a variant-like type: ${t.kind}`);
  }
}

/** Record-like types: the member types and how to read members of a host value / build a JS value. */
export interface RecordShape {
  readonly types: readonly ValueType[];
  /** Object keys (records) or undefined (tuples, which are arrays). */
  readonly keys: readonly string[] | undefined;
  /** Check the host value's outer shape; returns it for member reads. */
  check(v: unknown): Record<string, unknown> | readonly unknown[];
}

export function recordShape(t: ValueType): RecordShape {
  if (t.kind === 'record') {
    const keys = t.fields.map((f) => toLowerCamelCase(f.name));
    return {
      types: t.fields.map((f) => f.type),
      keys,
      check: (v) => {
        if (typeof v !== 'object' || v === null) throw new TypeError(`expected an object for a record, got ${describe(v)}`);
        return v as Record<string, unknown>;
      },
    };
  }
  if (t.kind === 'tuple') {
    const n = t.elements.length;
    return {
      types: t.elements,
      keys: undefined,
      check: (v) => {
        if (!Array.isArray(v) || v.length !== n) throw new TypeError(`expected an array of ${n} elements for a tuple, got ${describe(v)}`);
        return v;
      },
    };
  }
  throw new TypeError(`not a record-like type: ${t.kind}`);
}

/** Flags: camelCase key of each label, in bit order. */
export function flagKeys(names: readonly string[]): string[] {
  return names.map(toLowerCamelCase);
}

export function checkFlagsObject(v: unknown): Record<string, unknown> {
  if (typeof v !== 'object' || v === null) throw new TypeError(`expected an object of booleans for flags, got ${describe(v)}`);
  return v as Record<string, unknown>;
}

export { describe };
