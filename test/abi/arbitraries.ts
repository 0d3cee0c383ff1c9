// fast-check generators: random component value types (nesting depth ≥ 4 guaranteed by a spine of
// compound wrappers) and random JS values of a given type, in the shapes the ABI lifts to.
import fc from 'fast-check';
import * as T from '../../src/component/value-types.js';

const RES = new T.ResourceType('host', 'res');

const leaf: fc.Arbitrary<T.ValueType> = fc.constantFrom<T.ValueType>(
  T.bool, T.s8, T.u8, T.s16, T.u16, T.s32, T.u32, T.s64, T.u64, T.f32, T.f64, T.char, T.string,
  T.enumType(['a', 'b-c', 'd']),
  T.flags(['x', 'y-z']),
  T.flags(Array.from({ length: 20 }, (_, i) => `f-${i}`)),
  T.list(T.u8), T.list(T.s16), T.list(T.u32), T.list(T.s64), T.list(T.f32), T.list(T.f64),
  T.own(RES), T.borrow(RES),
);

/** One compound layer around `inner`, with random siblings. */
function wrap(inner: T.ValueType, sib: fc.Arbitrary<T.ValueType>): fc.Arbitrary<T.ValueType> {
  return fc.oneof(
    fc.constant(T.list(inner)),
    fc.integer({ min: 1, max: 3 }).map((n) => T.list(inner, n)),
    fc.constant(T.option(inner)),
    fc.tuple(sib, fc.boolean()).map(([s, first]) => (first ? T.result(inner, s) : T.result(undefined, inner))),
    fc.array(fc.option(sib, { nil: undefined }), { maxLength: 3 }).map((others) =>
      T.variant([inner, ...others].map((type, i) => ({ name: `case-${i}`, type }))),
    ),
    fc.array(sib, { maxLength: 3 }).map((others) => T.record([inner, ...others].map((type, i) => ({ name: `field-${i}`, type })))),
    fc.array(sib, { maxLength: 2 }).map((others) => T.tuple([...others, inner])),
  );
}

/** Types of nesting depth at least `depth`. */
export function typeArb(depth = 4): fc.Arbitrary<T.ValueType> {
  let a: fc.Arbitrary<T.ValueType> = leaf;
  for (let i = 0; i < depth; i++) {
    const inner = a;
    a = inner.chain((t) => wrap(t, leaf));
  }
  return a;
}

function uniqueObj(): fc.Arbitrary<object> {
  return fc.integer().map((id) => ({ id }));
}

/** Values of type `t`, shaped as lifting produces them (so round trips compare with toEqual). */
export function valueArb(t: T.ValueType): fc.Arbitrary<unknown> {
  switch (t.kind) {
    case 'bool':
      return fc.boolean();
    case 's8':
      return fc.integer({ min: -128, max: 127 });
    case 'u8':
      return fc.integer({ min: 0, max: 255 });
    case 's16':
      return fc.integer({ min: -32768, max: 32767 });
    case 'u16':
      return fc.integer({ min: 0, max: 65535 });
    case 's32':
      return fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });
    case 'u32':
      return fc.integer({ min: 0, max: 2 ** 32 - 1 });
    case 's64':
      return fc.bigIntN(64);
    case 'u64':
      return fc.bigUintN(64);
    case 'f32':
      return fc.float();
    case 'f64':
      return fc.double();
    case 'char':
      return fc.fullUnicode();
    case 'string':
      return fc.oneof(fc.string(), fc.fullUnicodeString(), fc.string({ unit: 'binary' }).filter(isWellFormed), fc.string({ unit: fc.constantFrom('a', 'é', 'ÿ', '€', '😀') }));
    case 'list': {
      const e = t.element;
      const len = t.length === undefined ? { maxLength: 5 } : { minLength: t.length, maxLength: t.length };
      const arr = fc.array(valueArb(e), len);
      switch (e.kind) {
        case 'u8': return arr.map((a) => Uint8Array.from(a as number[]));
        case 's8': return arr.map((a) => Int8Array.from(a as number[]));
        case 'u16': return arr.map((a) => Uint16Array.from(a as number[]));
        case 's16': return arr.map((a) => Int16Array.from(a as number[]));
        case 'u32': return arr.map((a) => Uint32Array.from(a as number[]));
        case 's32': return arr.map((a) => Int32Array.from(a as number[]));
        case 'u64': return arr.map((a) => BigUint64Array.from(a as bigint[]));
        case 's64': return arr.map((a) => BigInt64Array.from(a as bigint[]));
        case 'f32': return arr.map((a) => Float32Array.from(a as number[]));
        case 'f64': return arr.map((a) => Float64Array.from(a as number[]));
        default: return arr;
      }
    }
    case 'record': {
      const rec: Record<string, fc.Arbitrary<unknown>> = {};
      for (const f of t.fields) rec[f.name.replace(/-(.)/g, (_, c: string) => c.toUpperCase())] = valueArb(f.type);
      return fc.record(rec);
    }
    case 'tuple':
      return fc.tuple(...t.elements.map(valueArb));
    case 'variant':
      return fc.oneof(...t.cases.map((c) => (c.type === undefined ? fc.constant({ tag: c.name }) : valueArb(c.type).map((val) => ({ tag: c.name, val })))));
    case 'enum':
      return fc.constantFrom(...t.names);
    case 'option':
      if (t.element.kind === 'option') {
        return fc.oneof(fc.constant({ tag: 'none' }), valueArb(t.element).map((val) => ({ tag: 'some', val })));
      }
      return fc.option(valueArb(t.element), { nil: undefined });
    case 'result':
      return fc.oneof(
        (t.ok ? valueArb(t.ok) : fc.constant(undefined)).map((val) => ({ tag: 'ok', val })),
        (t.err ? valueArb(t.err) : fc.constant(undefined)).map((val) => ({ tag: 'err', val })),
      );
    case 'flags': {
      const rec: Record<string, fc.Arbitrary<boolean>> = {};
      for (const n of t.names) rec[n.replace(/-(.)/g, (_, c: string) => c.toUpperCase())] = fc.boolean();
      return fc.record(rec);
    }
    case 'own':
    case 'borrow':
      return uniqueObj();
    default:
      throw new Error(`no generator for ${t.kind}`);
  }
}

function isWellFormed(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (!(d >= 0xdc00 && d <= 0xdfff)) return false;
      i++;
    } else if (c >= 0xdc00 && c <= 0xdfff) return false;
  }
  return true;
}

export function depthOf(t: T.ValueType | undefined): number {
  if (t === undefined) return 0;
  switch (t.kind) {
    case 'list':
    case 'option':
      return 1 + depthOf(t.element);
    case 'record':
      return 1 + Math.max(...t.fields.map((f) => depthOf(f.type)));
    case 'tuple':
      return 1 + Math.max(...t.elements.map(depthOf));
    case 'variant':
      return 1 + Math.max(...t.cases.map((c) => depthOf(c.type)));
    case 'result':
      return 1 + Math.max(depthOf(t.ok), depthOf(t.err));
    default:
      return 1;
  }
}

/** A type together with a value of it. */
export function typedValueArb(depth = 4): fc.Arbitrary<[T.ValueType, unknown]> {
  return typeArb(depth).chain((t) => valueArb(t).map((v) => [t, v] as [T.ValueType, unknown]));
}

/** Several parameters (to exercise spilling past MAX_FLAT_PARAMS) and a result. */
export function signatureArb(): fc.Arbitrary<{ params: [T.ValueType, unknown][]; result: [T.ValueType, unknown] }> {
  return fc.record({
    params: fc.array(fc.oneof(typedValueArb(4), typedValueArb(1), typedValueArb(0)), { minLength: 0, maxLength: 6 }),
    result: fc.oneof(typedValueArb(4), typedValueArb(0)),
  });
}
