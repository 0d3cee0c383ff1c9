// Loading and storing values in guest memory (CanonicalABI.md §Loading, §Storing), compiled once per
// type object into closures: a record's loader is its fields' loaders at precomputed offsets, and so on.
// No per-call interpretation of the type. Storers read `cx.u8`/`cx.dv` at each write because a nested
// string or list store may realloc and so replace the memory view.
//
// Codecs are compiled per pointer size. The 32-bit ones index `cx.u8` directly. The 64-bit ones (a 64-bit
// memory option: strings and lists are an i64 pointer and an i64 length, 2×8 bytes) touch memory only
// through `cx.dv` and whole-range copies, because their memory may be too large for a typed array; then
// `cx.dv` is a LargeView (large-memory.ts) and `cx.u8` is empty.
import type { ValueType } from '../component/value-types.js';
import type { AbiContext } from './context.js';
import { alignTo, discriminantSize, flagsWords, layoutOf, perPointerSize, sizeOf, variantPayloadOffset } from './layout.js';
import {
  CANONICAL_F32_NAN,
  CANONICAL_F64_NAN_HI,
  lowerBool,
  lowerChar,
  lowerF32,
  lowerF64,
  lowerInt,
  lowerS64,
  lowerU64,
  liftChar,
} from './scalars.js';
import { checkFlagsObject, describe, flagKeys, recordShape, variantShape } from './shapes.js';
import { loadStringFromRange, storeStringIntoRange } from './strings.js';
import { trap } from './trap.js';
import { indexCodec } from './handles.js';
import { canCopy, copyIn, copyOut, typedArrayFor, type NumericTypedArray } from './typed-lists.js';
import { ptrFromI64 } from './ptr64.js';

export type Loader = (cx: AbiContext, ptr: number) => unknown;
export type Storer = (cx: AbiContext, v: unknown, ptr: number) => void;

export interface MemoryCodec {
  readonly load: Loader;
  readonly store: Storer;
}

/** The loader and storer of `t`, compiled on first use and cached per type object and pointer size. */
export const memoryCodec: (t: ValueType, ptr64?: boolean) => MemoryCodec = perPointerSize((t: ValueType, p64) => compile(t, p64));

const readByte = (cx: AbiContext, p: number): number => cx.u8[p];
const writeByte = (cx: AbiContext, p: number, b: number): void => void (cx.u8[p] = b);
const readByteDv = (cx: AbiContext, p: number): number => cx.dv.getUint8(p);
const writeByteDv = (cx: AbiContext, p: number, b: number): void => cx.dv.setUint8(p, b);

function compile(t: ValueType, p64: boolean): MemoryCodec {
  switch (t.kind) {
    case 'bool':
    case 'u8': {
      const rb = p64 ? readByteDv : readByte;
      const wb = p64 ? writeByteDv : writeByte;
      if (t.kind === 'bool') return { load: (cx, p) => rb(cx, p) !== 0, store: (cx, v, p) => wb(cx, p, lowerBool(v)) };
      return { load: rb, store: (cx, v, p) => wb(cx, p, lowerInt(v, 0, 0xff, 'u8')) };
    }
    case 's8':
      return { load: (cx, p) => cx.dv.getInt8(p), store: (cx, v, p) => cx.dv.setInt8(p, lowerInt(v, -0x80, 0x7f, 's8')) };
    case 'u16':
      return { load: (cx, p) => cx.dv.getUint16(p, true), store: (cx, v, p) => cx.dv.setUint16(p, lowerInt(v, 0, 0xffff, 'u16'), true) };
    case 's16':
      return { load: (cx, p) => cx.dv.getInt16(p, true), store: (cx, v, p) => cx.dv.setInt16(p, lowerInt(v, -0x8000, 0x7fff, 's16'), true) };
    case 'u32':
      return { load: (cx, p) => cx.dv.getUint32(p, true), store: (cx, v, p) => cx.dv.setUint32(p, lowerInt(v, 0, 0xffff_ffff, 'u32'), true) };
    case 's32':
      return {
        load: (cx, p) => cx.dv.getInt32(p, true),
        store: (cx, v, p) => cx.dv.setInt32(p, lowerInt(v, -0x8000_0000, 0x7fff_ffff, 's32'), true),
      };
    case 'u64':
      return { load: (cx, p) => cx.dv.getBigUint64(p, true), store: (cx, v, p) => cx.dv.setBigUint64(p, lowerU64(v), true) };
    case 's64':
      return { load: (cx, p) => cx.dv.getBigInt64(p, true), store: (cx, v, p) => cx.dv.setBigInt64(p, lowerS64(v), true) };
    case 'f32':
      return {
        // A NaN read into a JS number is just NaN: canonicalize_nan32 holds by construction.
        load: (cx, p) => cx.dv.getFloat32(p, true),
        store: (cx, v, p) => {
          const f = lowerF32(v);
          if (f !== f) cx.dv.setUint32(p, CANONICAL_F32_NAN, true);
          else cx.dv.setFloat32(p, f, true);
        },
      };
    case 'f64':
      return {
        load: (cx, p) => cx.dv.getFloat64(p, true),
        store: (cx, v, p) => {
          const f = lowerF64(v);
          if (f !== f) {
            cx.dv.setUint32(p, 0, true);
            cx.dv.setUint32(p + 4, CANONICAL_F64_NAN_HI, true);
          } else cx.dv.setFloat64(p, f, true);
        },
      };
    case 'char':
      return { load: (cx, p) => liftChar(cx.dv.getUint32(p, true)), store: (cx, v, p) => cx.dv.setUint32(p, lowerChar(v), true) };
    case 'string':
      if (p64) {
        return {
          load: (cx, p) => cx.abi64!.loadString64(cx, ptrFromI64(cx.dv.getBigUint64(p, true)), cx.dv.getBigUint64(p + 8, true)),
          store: (cx, v, p) => {
            const abi64 = cx.abi64!;
            const ptr = abi64.storeString64(cx, v as string);
            cx.dv.setBigUint64(p, BigInt(ptr), true);
            cx.dv.setBigUint64(p + 8, abi64.strLen64(cx), true);
          },
        };
      }
      return {
        load: (cx, p) => loadStringFromRange(cx, cx.dv.getUint32(p, true), cx.dv.getUint32(p + 4, true)),
        store: (cx, v, p) => {
          const ptr = storeStringIntoRange(cx, v as string);
          cx.dv.setUint32(p, ptr, true);
          cx.dv.setUint32(p + 4, cx.strLen, true);
        },
      };
    case 'list':
      return t.length === undefined ? compileList(t.element, p64) : compileFixedList(t.element, t.length, p64);
    case 'record':
    case 'tuple':
      return compileRecord(t, p64);
    case 'variant':
    case 'enum':
    case 'option':
    case 'result':
      return compileVariant(t, p64);
    case 'flags':
      return compileFlags(t.names, p64);
    case 'own':
    case 'borrow':
    case 'error-context':
    case 'stream':
    case 'future': {
      const h = indexCodec(t)!;
      return { load: (cx, p) => h.lift(cx, cx.dv.getUint32(p, true)), store: (cx, v, p) => cx.dv.setUint32(p, h.lower(cx, v), true) };
    }
  }
}

/** Host list values: arrays or (for lists of numbers) typed arrays. */
function listLength(v: unknown): number {
  if (Array.isArray(v)) return v.length;
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return (v as NumericTypedArray).length;
  throw new TypeError(`expected an array for a list, got ${describe(v)}`);
}

/** Load `n` elements at `ptr` (already range-checked): typed-array copy for numbers, else an array. */
export function listLoader(elem: ValueType, p64 = false): (cx: AbiContext, ptr: number, n: number) => unknown {
  const ctor = typedArrayFor(elem.kind);
  const kind = elem.kind;
  const size = sizeOf(elem, p64);
  if (ctor !== undefined && canCopy(kind)) {
    if (p64) {
      return (cx, ptr, n) => (cx.big === undefined ? copyOut(ctor, kind, cx.u8, ptr, n) : copyOut(ctor, kind, cx.abi64!.readRange(cx.big, ptr, n * size), 0, n));
    }
    return (cx, ptr, n) => copyOut(ctor, kind, cx.u8, ptr, n);
  }
  const load = memoryCodec(elem, p64).load;
  if (ctor !== undefined) {
    // Big-endian host: element-wise into the typed array.
    return (cx, ptr, n) => {
      const out = new ctor(n) as unknown as { [i: number]: unknown };
      for (let i = 0; i < n; i++) out[i] = load(cx, ptr + i * size);
      return out;
    };
  }
  return (cx, ptr, n) => {
    const out = new Array<unknown>(n);
    for (let i = 0; i < n; i++) out[i] = load(cx, ptr + i * size);
    return out;
  };
}

/** Store the host list `v` (length `n`) at `ptr` (already allocated and checked). */
export function listStorer(elem: ValueType, p64 = false): (cx: AbiContext, v: unknown, ptr: number, n: number) => void {
  const ctor = typedArrayFor(elem.kind);
  const kind = elem.kind;
  const size = sizeOf(elem, p64);
  const store = memoryCodec(elem, p64).store;
  const copy = ctor !== undefined && canCopy(kind);
  if (p64) {
    return (cx, v, ptr, n) => {
      if (copy && v instanceof ctor!) {
        const tv = v as NumericTypedArray;
        const tmp = new Uint8Array(tv.byteLength);
        copyIn(kind, tv, tmp, 0);
        cx.abi64!.writeRange(cx, ptr, tmp);
        return;
      }
      const a = v as ArrayLike<unknown>;
      for (let i = 0; i < n; i++) store(cx, a[i], ptr + i * size);
    };
  }
  return (cx, v, ptr, n) => {
    if (copy && v instanceof ctor!) {
      copyIn(kind, v as NumericTypedArray, cx.u8, ptr);
      return;
    }
    const a = v as ArrayLike<unknown>;
    for (let i = 0; i < n; i++) store(cx, a[i], ptr + i * size);
  };
}

/** A pointer or length field of the pointer size: u32, or (64-bit memory) u64 read as a safe number. */
function ptrField(p64: boolean): { read(cx: AbiContext, p: number): number; write(cx: AbiContext, p: number, x: number): void } {
  if (p64) return { read: (cx, p) => ptrFromI64(cx.dv.getBigUint64(p, true)), write: (cx, p, x) => cx.dv.setBigUint64(p, BigInt(x), true) };
  return { read: (cx, p) => cx.dv.getUint32(p, true), write: (cx, p, x) => cx.dv.setUint32(p, x, true) };
}

function compileList(elem: ValueType, p64: boolean): MemoryCodec {
  const { align, size } = layoutOf(elem, p64);
  const loadN = listLoader(elem, p64);
  const storeN = listStorer(elem, p64);
  const { read, write } = ptrField(p64);
  const w = p64 ? 8 : 4;
  return {
    load: (cx, p) => {
      const ptr = read(cx, p);
      const n = read(cx, p + w);
      cx.checkRange(ptr, n * size, align, 'list');
      return loadN(cx, ptr, n);
    },
    store: (cx, v, p) => {
      const ptr = storeListIntoRange(cx, v, align, size, storeN);
      write(cx, p, ptr);
      write(cx, p + w, listLength(v));
    },
  };
}

/** store_list_into_range: allocate len*size bytes with the element alignment, then store elements. */
export function storeListIntoRange(
  cx: AbiContext,
  v: unknown,
  align: number,
  size: number,
  storeN: (cx: AbiContext, v: unknown, ptr: number, n: number) => void,
): number {
  const n = listLength(v);
  const byteLength = n * size;
  // A 32-bit memory cannot address 2^32 bytes; a 64-bit one is bounded by realloc's bounds check.
  if (byteLength >= 0x1_0000_0000 && !cx.ptr64) trap('list length overflow');
  const ptr = cx.realloc(0, 0, align, byteLength);
  storeN(cx, v, ptr, n);
  return ptr;
}

function compileFixedList(elem: ValueType, length: number, p64: boolean): MemoryCodec {
  const loadN = listLoader(elem, p64);
  const storeN = listStorer(elem, p64);
  return {
    load: (cx, p) => loadN(cx, p, length),
    store: (cx, v, p) => storeN(cx, v, p, checkFixedLength(v, length)),
  };
}

/** A host value for a `list<T, length>`: its length, which must be exactly `length`. */
export function checkFixedLength(v: unknown, length: number): number {
  const n = listLength(v);
  if (n !== length) throw new TypeError(`expected a list of exactly ${length} elements, got ${n}`);
  return n;
}

function compileRecord(t: ValueType, p64: boolean): MemoryCodec {
  const shape = recordShape(t);
  const n = shape.types.length;
  const offsets: number[] = [];
  let off = 0;
  for (const ft of shape.types) {
    const l = layoutOf(ft, p64);
    off = alignTo(off, l.align);
    offsets.push(off);
    off += l.size;
  }
  const loads = shape.types.map((ft) => memoryCodec(ft, p64).load);
  const stores = shape.types.map((ft) => memoryCodec(ft, p64).store);
  const keys = shape.keys;
  if (keys === undefined) {
    return {
      load: (cx, p) => {
        const out = new Array<unknown>(n);
        for (let i = 0; i < n; i++) out[i] = loads[i](cx, p + offsets[i]);
        return out;
      },
      store: (cx, v, p) => {
        const a = shape.check(v) as readonly unknown[];
        for (let i = 0; i < n; i++) stores[i](cx, a[i], p + offsets[i]);
      },
    };
  }
  return {
    load: recordLoader(keys, loads, offsets),
    store: (cx, v, p) => {
      const o = shape.check(v) as Record<string, unknown>;
      for (let i = 0; i < n; i++) stores[i](cx, o[keys[i]], p + offsets[i]);
    },
  };
}

/**
 * Object-building loader. Small records get a closure per field count in which every property store has
 * one fixed key, so the engine sees monomorphic stores (several times faster than a keyed loop).
 */
function recordLoader(keys: readonly string[], loads: Loader[], offs: readonly number[]): Loader {
  switch (keys.length) {
    case 1: {
      const [k0] = keys;
      const [l0] = loads;
      const [o0] = offs;
      return (cx, p) => {
        const out: Record<string, unknown> = {};
        out[k0] = l0(cx, p + o0);
        return out;
      };
    }
    case 2: {
      const [k0, k1] = keys;
      const [l0, l1] = loads;
      const [o0, o1] = offs;
      return (cx, p) => {
        const out: Record<string, unknown> = {};
        out[k0] = l0(cx, p + o0);
        out[k1] = l1(cx, p + o1);
        return out;
      };
    }
    case 3: {
      const [k0, k1, k2] = keys;
      const [l0, l1, l2] = loads;
      const [o0, o1, o2] = offs;
      return (cx, p) => {
        const out: Record<string, unknown> = {};
        out[k0] = l0(cx, p + o0);
        out[k1] = l1(cx, p + o1);
        out[k2] = l2(cx, p + o2);
        return out;
      };
    }
    case 4: {
      const [k0, k1, k2, k3] = keys;
      const [l0, l1, l2, l3] = loads;
      const [o0, o1, o2, o3] = offs;
      return (cx, p) => {
        const out: Record<string, unknown> = {};
        out[k0] = l0(cx, p + o0);
        out[k1] = l1(cx, p + o1);
        out[k2] = l2(cx, p + o2);
        out[k3] = l3(cx, p + o3);
        return out;
      };
    }
    default: {
      const n = keys.length;
      return (cx, p) => {
        const out: Record<string, unknown> = {};
        for (let i = 0; i < n; i++) out[keys[i]] = loads[i](cx, p + offs[i]);
        return out;
      };
    }
  }
}

function compileVariant(t: ValueType, p64: boolean): MemoryCodec {
  const shape = variantShape(t);
  const cases = shape.cases;
  const n = cases.length;
  const disc = discriminantSize(n);
  const payloadOff = variantPayloadOffset(cases, p64);
  const loads = cases.map((c) => (c === undefined ? undefined : memoryCodec(c, p64).load));
  const stores = cases.map((c) => (c === undefined ? undefined : memoryCodec(c, p64).store));
  const readDisc: (cx: AbiContext, p: number) => number =
    disc === 1 ? (p64 ? readByteDv : readByte) : disc === 2 ? (cx, p) => cx.dv.getUint16(p, true) : (cx, p) => cx.dv.getUint32(p, true);
  const writeDisc: (cx: AbiContext, p: number, i: number) => void =
    disc === 1 ? (p64 ? writeByteDv : writeByte) : disc === 2 ? (cx, p, i) => cx.dv.setUint16(p, i, true) : (cx, p, i) => cx.dv.setUint32(p, i, true);
  return {
    load: (cx, p) => {
      const i = readDisc(cx, p);
      if (i >= n) trap(`invalid ${t.kind} discriminant ${i}`);
      const load = loads[i];
      return shape.make(i, load === undefined ? undefined : load(cx, p + payloadOff));
    },
    store: (cx, v, p) => {
      const i = shape.caseOf(v);
      writeDisc(cx, p, i);
      const store = stores[i];
      if (store !== undefined) store(cx, shape.payloadOf(v, i), p + payloadOff);
    },
  };
}

function compileFlags(names: readonly string[], p64: boolean): MemoryCodec {
  const keys = flagKeys(names);
  const size = layoutOf({ kind: 'flags', names }).size;
  const words = flagsWords(keys.length);
  const rb = p64 ? readByteDv : readByte;
  const wb = p64 ? writeByteDv : writeByte;
  return {
    load: (cx, p) => {
      const out: Record<string, boolean> = {};
      for (let w = 0; w < words; w++) unpackFlags(keys, size === 1 ? rb(cx, p) : size === 2 ? cx.dv.getUint16(p, true) : cx.dv.getUint32(p + 4 * w, true), w, out);
      return out;
    },
    store: (cx, v, p) => {
      for (let w = 0; w < words; w++) {
        const bits = packFlags(keys, v, w);
        if (size === 1) wb(cx, p, bits);
        else if (size === 2) cx.dv.setUint16(p, bits, true);
        else cx.dv.setUint32(p + 4 * w, bits >>> 0, true);
      }
    },
  };
}

/** Word `word` of a flags value into `out`; bits past the last label are ignored (unpack_flags_from_int). */
export function unpackFlags(keys: readonly string[], bits: number, word: number, out: Record<string, boolean>): void {
  const end = Math.min(keys.length, 32 * (word + 1));
  for (let k = 32 * word; k < end; k++) out[keys[k]] = ((bits >>> (k - 32 * word)) & 1) !== 0;
}

/** Pack a host flags value into its i32 words. */
export function packFlags(keys: readonly string[], v: unknown, word: number): number {
  const o = checkFlagsObject(v);
  let bits = 0;
  const end = Math.min(keys.length, 32 * (word + 1));
  for (let k = 32 * word; k < end; k++) if (o[keys[k]]) bits |= 1 << (k - 32 * word);
  return bits | 0;
}
