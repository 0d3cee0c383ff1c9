// Lifting from and lowering to flat core values (CanonicalABI.md §Flat Lifting, §Flat Lowering),
// compiled per type node with its slot positions baked in. `have` gives the core type actually carried
// by each slot of the whole flat vector: inside variants a slot can be wider than the case's own type
// (join), and the closure for that slot does the coercion (wrap i64→i32, reinterpret bits ↔ float).
//
// Flat value conventions: i32 as a JS number (produced signed, accepted as any int32/uint32), i64 as a
// bigint (produced signed, accepted modulo 2^64), f32/f64 as JS numbers.
// With `p64` (a 64-bit memory option) a string or list is an i64 pointer and an i64 length.
import type { ValueType } from '../component/value-types.js';
import type { AbiContext } from './context.js';
import type { FlatValue } from './interfaces.js';
import { flagsWords, layoutOf, type FlatType } from './layout.js';
import { checkFixedLength, listLoader, listStorer, packFlags, storeListIntoRange, unpackFlags } from './memory-codec.js';
import {
  bitsToF32,
  bitsToF64,
  f32ToBits,
  f64ToBits,
  liftChar,
  lowerBool,
  lowerChar,
  lowerF32,
  lowerF64,
  lowerInt,
  lowerS64,
  lowerU64,
  toS64,
  toU64,
  INT_RANGES,
} from './scalars.js';
import { flagKeys, recordShape, variantShape } from './shapes.js';
import { loadStringFromRange, storeStringIntoRange } from './strings.js';
import { trap } from './trap.js';
import { indexCodec } from './handles.js';
import { typedArrayFor } from './typed-lists.js';
import { ptrFromI64 } from './ptr64.js';

export type FlatLifter = (cx: AbiContext, flat: readonly FlatValue[]) => unknown;
export type FlatLowerer = (cx: AbiContext, v: unknown, out: FlatValue[]) => void;

// ---- slot readers: the value of slot `pos` as the wanted core type ----

/** Reads one slot as a number (i32 or float, after coercion). */
type I32Reader = (flat: readonly FlatValue[]) => number;

function readI32(pos: number, have: FlatType): I32Reader {
  if (have === 'i64') return (f) => Number((f[pos] as bigint) & 0xffff_ffffn) | 0; // wrap_i64_to_i32
  return (f) => (f[pos] as number) | 0;
}

function readF32(pos: number, have: FlatType): I32Reader {
  if (have === 'i32') return (f) => bitsToF32(f[pos] as number);
  if (have === 'i64') return (f) => bitsToF32(Number((f[pos] as bigint) & 0xffff_ffffn));
  // Rounded so a caller passing a plain JS number still gets an f32 value.
  return (f) => Math.fround(f[pos] as number);
}

function readF64(pos: number, have: FlatType): I32Reader {
  if (have === 'i64') return (f) => bitsToF64(f[pos] as bigint);
  return (f) => f[pos] as number;
}

// ---- slot writers: put a value of the case's core type into a slot of type `have` ----

type Writer = (out: FlatValue[], x: number) => void;

function writeI32(pos: number, have: FlatType): Writer {
  if (have === 'i64') return (o, x) => void (o[pos] = BigInt(x >>> 0)); // zero-extended, as the spec's unsigned ints
  return (o, x) => void (o[pos] = x | 0);
}

function writeF32(pos: number, have: FlatType): Writer {
  if (have === 'i32') return (o, x) => void (o[pos] = f32ToBits(x) | 0);
  if (have === 'i64') return (o, x) => void (o[pos] = BigInt(f32ToBits(x)));
  return (o, x) => void (o[pos] = x !== x ? NaN : Math.fround(x));
}

function writeF64(pos: number, have: FlatType): Writer {
  if (have === 'i64') return (o, x) => void (o[pos] = f64ToBits(x));
  return (o, x) => void (o[pos] = x);
}

/** A pointer or length slot as an unsigned number: an i32, or (64-bit memory) an i64. */
function readPtr(pos: number, have: readonly FlatType[], p64: boolean): I32Reader {
  if (p64) return (f) => ptrFromI64(f[pos] as bigint);
  const r = readI32(pos, have[pos]);
  return (f) => r(f) >>> 0;
}

function writePtr(pos: number, have: readonly FlatType[], p64: boolean): Writer {
  return p64 ? (o, x) => void (o[pos] = BigInt(x)) : writeI32(pos, have[pos]);
}

/** Compile a lifter for `t` whose flat values start at slot `base`. */
export function compileFlatLift(t: ValueType, base: number, have: readonly FlatType[], p64 = false): FlatLifter {
  switch (t.kind) {
    case 'u64':
      return (_cx, f) => toU64(f[base] as bigint);
    case 's64':
      return (_cx, f) => toS64(f[base] as bigint);
    case 'f32': {
      const r = readF32(base, have[base]);
      return (_cx, f) => r(f);
    }
    case 'f64': {
      const r = readF64(base, have[base]);
      return (_cx, f) => r(f);
    }
    case 'string': {
      if (p64) return (cx, f) => cx.abi64!.loadString64(cx, ptrFromI64(f[base] as bigint), f[base + 1] as bigint);
      const rp = readI32(base, have[base]);
      const rl = readI32(base + 1, have[base + 1]);
      return (cx, f) => loadStringFromRange(cx, rp(f), rl(f));
    }
    case 'list': {
      if (t.length !== undefined) return fixedListLift(t.element, t.length, base, have, p64);
      const { align, size } = layoutOf(t.element, p64);
      const loadN = listLoader(t.element, p64);
      const rp = readPtr(base, have, p64);
      const rl = readPtr(base + 1, have, p64);
      return (cx, f) => {
        const ptr = rp(f);
        const n = rl(f);
        cx.checkRange(ptr, n * size, align, 'list');
        return loadN(cx, ptr, n);
      };
    }
    case 'record':
    case 'tuple': {
      const shape = recordShape(t);
      const lifts = atSlots(shape.types, base, have, p64, compileFlatLift);
      const n = lifts.length;
      const keys = shape.keys;
      if (keys === undefined) {
        return (cx, f) => {
          const out = new Array<unknown>(n);
          for (let i = 0; i < n; i++) out[i] = lifts[i](cx, f);
          return out;
        };
      }
      return (cx, f) => {
        const out: Record<string, unknown> = {};
        for (let i = 0; i < n; i++) out[keys[i]] = lifts[i](cx, f);
        return out;
      };
    }
    case 'variant':
    case 'enum':
    case 'option':
    case 'result': {
      const shape = variantShape(t);
      const n = shape.cases.length;
      const lifts = shape.cases.map((c) => (c === undefined ? undefined : compileFlatLift(c, base + 1, have, p64)));
      const rd = readI32(base, have[base]);
      return (cx, f) => {
        const i = rd(f) >>> 0;
        if (i >= n) trap(`invalid ${t.kind} discriminant ${i}`);
        const lift = lifts[i];
        return shape.make(i, lift === undefined ? undefined : lift(cx, f));
      };
    }
    case 'flags': {
      const keys = flagKeys(t.names);
      const words = flagsWords(keys.length);
      const readers: I32Reader[] = [];
      for (let w = 0; w < words; w++) readers.push(readI32(base + w, have[base + w]));
      return (_cx, f) => {
        const out: Record<string, boolean> = {};
        for (let w = 0; w < words; w++) unpackFlags(keys, readers[w](f), w, out);
        return out;
      };
    }
    default: {
      const r = readI32(base, have[base]);
      // (One closure per kind, not a converter table: a scalar result is every call's path.)
      switch (t.kind) {
        case 'bool':
          return (_cx, f) => r(f) !== 0;
        case 'u8':
          return (_cx, f) => r(f) & 0xff;
        case 's8':
          return (_cx, f) => (r(f) << 24) >> 24;
        case 'u16':
          return (_cx, f) => r(f) & 0xffff;
        case 's16':
          return (_cx, f) => (r(f) << 16) >> 16;
        case 'u32':
          return (_cx, f) => r(f) >>> 0;
        case 's32':
          return (_cx, f) => r(f);
        case 'char':
          return (_cx, f) => liftChar(r(f));
      }
      // own, borrow, error-context, stream, future: a table index
      const h = indexCodec(t)!;
      return (cx, f) => h.lift(cx, r(f) >>> 0);
    }
  }
}

function fixedListLift(elem: ValueType, length: number, base: number, have: readonly FlatType[], p64: boolean): FlatLifter {
  const lifts = atSlots(new Array<ValueType>(length).fill(elem), base, have, p64, compileFlatLift);
  // Same JS shape as a list in memory: typed arrays for numbers.
  const toShape = fixedShape(elem);
  return (cx, f) => {
    const out = new Array<unknown>(length);
    for (let i = 0; i < length; i++) out[i] = lifts[i](cx, f);
    return toShape(out);
  };
}

function fixedShape(elem: ValueType): (a: unknown[]) => unknown {
  const ctor = typedArrayFor(elem.kind) as { from(a: ArrayLike<unknown>): unknown } | undefined;
  if (ctor === undefined) return (a) => a;
  return (a) => ctor.from(a);
}

/** Compile a lowerer for `t` writing its flat values from slot `base` (the caller pre-fills zeros). */
export function compileFlatLower(t: ValueType, base: number, have: readonly FlatType[], p64 = false): FlatLowerer {
  switch (t.kind) {
    case 'bool': {
      const w = writeI32(base, have[base]);
      return (_cx, v, o) => w(o, lowerBool(v));
    }
    case 'u8':
    case 's8':
    case 'u16':
    case 's16':
    case 'u32':
    case 's32': {
      const w = writeI32(base, have[base]);
      const [lo, hi] = INT_RANGES[t.kind];
      const kind = t.kind;
      return (_cx, v, o) => w(o, lowerInt(v, lo, hi, kind));
    }
    case 'u64':
      return (_cx, v, o) => void (o[base] = toS64(lowerU64(v)));
    case 's64':
      return (_cx, v, o) => void (o[base] = lowerS64(v));
    case 'f32': {
      const w = writeF32(base, have[base]);
      return (_cx, v, o) => w(o, lowerF32(v));
    }
    case 'f64': {
      const w = writeF64(base, have[base]);
      return (_cx, v, o) => w(o, lowerF64(v));
    }
    case 'char': {
      const w = writeI32(base, have[base]);
      return (_cx, v, o) => w(o, lowerChar(v));
    }
    case 'string': {
      if (p64) {
        return (cx, v, o) => {
          const abi64 = cx.abi64!;
          o[base] = BigInt(abi64.storeString64(cx, v as string));
          o[base + 1] = abi64.strLen64(cx);
        };
      }
      const wp = writeI32(base, have[base]);
      const wl = writeI32(base + 1, have[base + 1]);
      return (cx, v, o) => {
        const ptr = storeStringIntoRange(cx, v as string);
        wp(o, ptr);
        wl(o, cx.strLen);
      };
    }
    case 'list': {
      if (t.length !== undefined) return fixedListLower(t.element, t.length, base, have, p64);
      const { align, size } = layoutOf(t.element, p64);
      const storeN = listStorer(t.element, p64);
      const wp = writePtr(base, have, p64);
      const wl = writePtr(base + 1, have, p64);
      return (cx, v, o) => {
        wp(o, storeListIntoRange(cx, v, align, size, storeN));
        wl(o, (v as ArrayLike<unknown>).length);
      };
    }
    case 'record':
    case 'tuple': {
      const shape = recordShape(t);
      const lowers = atSlots(shape.types, base, have, p64, compileFlatLower);
      const n = lowers.length;
      const keys = shape.keys;
      if (keys === undefined) {
        return (cx, v, o) => {
          const a = shape.check(v) as readonly unknown[];
          for (let i = 0; i < n; i++) lowers[i](cx, a[i], o);
        };
      }
      return (cx, v, o) => {
        const r = shape.check(v) as Record<string, unknown>;
        for (let i = 0; i < n; i++) lowers[i](cx, r[keys[i]], o);
      };
    }
    case 'variant':
    case 'enum':
    case 'option':
    case 'result': {
      const shape = variantShape(t);
      const lowers = shape.cases.map((c) => (c === undefined ? undefined : compileFlatLower(c, base + 1, have, p64)));
      const wd = writeI32(base, have[base]);
      return (cx, v, o) => {
        const i = shape.caseOf(v);
        wd(o, i);
        const lower = lowers[i];
        // Slots the case does not use keep the zeros the caller filled in.
        if (lower !== undefined) lower(cx, shape.payloadOf(v, i), o);
      };
    }
    case 'flags': {
      const keys = flagKeys(t.names);
      const words = flagsWords(keys.length);
      const writers: Writer[] = [];
      for (let w = 0; w < words; w++) writers.push(writeI32(base + w, have[base + w]));
      return (_cx, v, o) => {
        for (let w = 0; w < words; w++) writers[w](o, packFlags(keys, v, w));
      };
    }
    default: {
      const h = indexCodec(t)!;
      const w = writeI32(base, have[base]);
      return (cx, v, o) => w(o, h.lower(cx, v));
    }
  }
}

function fixedListLower(elem: ValueType, length: number, base: number, have: readonly FlatType[], p64: boolean): FlatLowerer {
  const lowers = atSlots(new Array<ValueType>(length).fill(elem), base, have, p64, compileFlatLower);
  return (cx, v, o) => {
    checkFixedLength(v, length);
    const a = v as ArrayLike<unknown>;
    for (let i = 0; i < length; i++) lowers[i](cx, a[i], o);
  };
}

/** `compile` for each of `ts`, at consecutive slot positions from `base` (a record's fields, a list's elements). */
export function atSlots<F>(ts: readonly ValueType[], base: number, have: readonly FlatType[], p64: boolean, compile: (t: ValueType, pos: number, have: readonly FlatType[], p64: boolean) => F): F[] {
  let pos = base;
  return ts.map((t) => {
    const f = compile(t, pos, have, p64);
    pos += layoutOf(t, p64).flat.length;
    return f;
  });
}
