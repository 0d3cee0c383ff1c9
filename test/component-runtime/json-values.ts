// Conversion between the expectations.json value encoding and the runtime's JS values (GUIDE §3),
// driven by the component value type.
import type { ValueType } from '../../src/component/value-types.js';
import { toLowerCamelCase } from '../../src/abi/index.js';

type J = unknown;

function num(j: J): number {
  if (j === 'nan') return NaN;
  if (j === 'inf') return Infinity;
  if (j === '-inf') return -Infinity;
  return j as number;
}
function fromNum(v: number): J {
  if (Number.isNaN(v)) return 'nan';
  if (v === Infinity) return 'inf';
  if (v === -Infinity) return '-inf';
  return v;
}

export function fromJson(t: ValueType, j: J): unknown {
  switch (t.kind) {
    case 'u64':
    case 's64':
      return BigInt(j as string);
    case 'f32':
    case 'f64':
      return num(j);
    case 'list':
      return (j as J[]).map((x) => fromJson(t.element, x));
    case 'tuple':
      return (j as J[]).map((x, i) => fromJson(t.elements[i], x));
    case 'record': {
      const o: Record<string, unknown> = {};
      for (const f of t.fields) o[toLowerCamelCase(f.name)] = fromJson(f.type, (j as Record<string, J>)[f.name]);
      return o;
    }
    case 'flags': {
      const o: Record<string, boolean> = {};
      for (const n of t.names) o[toLowerCamelCase(n)] = (j as string[]).includes(n);
      return o;
    }
    case 'variant': {
      const { case: c, val } = j as { case: string; val?: J };
      const cs = t.cases.find((x) => x.name === c)!;
      return cs.type === undefined ? { tag: c } : { tag: c, val: fromJson(cs.type, val) };
    }
    case 'option': {
      const { case: c, val } = j as { case: string; val?: J };
      const inner = t.element.kind === 'option';
      if (c === 'none') return inner ? { tag: 'none' } : undefined;
      const v = fromJson(t.element, val);
      return inner ? { tag: 'some', val: v } : v;
    }
    case 'result': {
      const { case: c, val } = j as { case: 'ok' | 'err'; val?: J };
      const pt = c === 'ok' ? t.ok : t.err;
      return pt === undefined ? { tag: c } : { tag: c, val: fromJson(pt, val) };
    }
    default:
      return j;
  }
}

export function toJson(t: ValueType | undefined, v: unknown): J {
  if (t === undefined) return null;
  switch (t.kind) {
    case 'u64':
    case 's64':
      return String(v);
    case 'f32':
    case 'f64':
      return fromNum(v as number);
    case 'list':
      return Array.from(v as ArrayLike<unknown>, (x) => toJson(t.element, x));
    case 'tuple':
      return (v as unknown[]).map((x, i) => toJson(t.elements[i], x));
    case 'record': {
      const o: Record<string, J> = {};
      for (const f of t.fields) o[f.name] = toJson(f.type, (v as Record<string, unknown>)[toLowerCamelCase(f.name)]);
      return o;
    }
    case 'flags':
      return t.names.filter((n) => (v as Record<string, boolean>)[toLowerCamelCase(n)]);
    case 'variant': {
      const { tag, val } = v as { tag: string; val?: unknown };
      const cs = t.cases.find((x) => x.name === tag)!;
      return cs.type === undefined ? { case: tag } : { case: tag, val: toJson(cs.type, val) };
    }
    case 'option': {
      const inner = t.element.kind === 'option';
      if (inner) {
        const o = v as { tag: string; val?: unknown };
        return o.tag === 'none' ? { case: 'none' } : { case: 'some', val: toJson(t.element, o.val) };
      }
      return v === undefined ? { case: 'none' } : { case: 'some', val: toJson(t.element, v) };
    }
    case 'result': {
      const { tag, val } = v as { tag: 'ok' | 'err'; val?: unknown };
      const pt = tag === 'ok' ? t.ok : t.err;
      return pt === undefined ? { case: tag } : { case: tag, val: toJson(pt, val) };
    }
    default:
      return v;
  }
}
