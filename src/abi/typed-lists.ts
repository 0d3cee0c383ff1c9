// Lists of numbers as typed arrays (GUIDE §3), moved by byte copies: list<u8> lifts and lowers at
// memory-copy speed. Multi-byte element copies assume a little-endian host (checked once); big-endian
// hosts fall back to the element-wise codec.
import type { PrimitiveKind } from '../component/value-types.js';
import { LITTLE_ENDIAN } from './text-codec.js';
import { CANONICAL_F32_NAN, CANONICAL_F64_NAN_HI } from './scalars.js';

type TypedArrayCtor =
  | Uint8ArrayConstructor
  | Int8ArrayConstructor
  | Uint16ArrayConstructor
  | Int16ArrayConstructor
  | Uint32ArrayConstructor
  | Int32ArrayConstructor
  | BigUint64ArrayConstructor
  | BigInt64ArrayConstructor
  | Float32ArrayConstructor
  | Float64ArrayConstructor;

export type NumericTypedArray =
  | Uint8Array
  | Int8Array
  | Uint16Array
  | Int16Array
  | Uint32Array
  | Int32Array
  | BigUint64Array
  | BigInt64Array
  | Float32Array
  | Float64Array;

const CTORS: Partial<Record<PrimitiveKind, TypedArrayCtor>> = {
  u8: Uint8Array,
  s8: Int8Array,
  u16: Uint16Array,
  s16: Int16Array,
  u32: Uint32Array,
  s32: Int32Array,
  // 64-bit lists are typed arrays where the engine has them (Hermes may not), else plain arrays.
  u64: typeof BigUint64Array === 'undefined' ? undefined : BigUint64Array,
  s64: typeof BigInt64Array === 'undefined' ? undefined : BigInt64Array,
  f32: Float32Array,
  f64: Float64Array,
};

/** The typed array class a list of `kind` maps to, if any. */
export function typedArrayFor(kind: string): TypedArrayCtor | undefined {
  return CTORS[kind as PrimitiveKind];
}

/** Whether lists of `kind` may use the byte-copy path on this host. */
export function canCopy(kind: string): boolean {
  return CTORS[kind as PrimitiveKind] !== undefined && (LITTLE_ENDIAN || kind === 'u8' || kind === 's8');
}

/** Copy `n` elements at `ptr` out of guest memory into a new typed array (NaNs made canonical). */
export function copyOut(ctor: TypedArrayCtor, kind: string, u8: Uint8Array, ptr: number, n: number): NumericTypedArray {
  const out = new ctor(n);
  const bytes = new Uint8Array(out.buffer, 0, out.byteLength);
  bytes.set(u8.subarray(ptr, ptr + out.byteLength));
  if (kind === 'f32') canonF32(new Uint32Array(out.buffer));
  else if (kind === 'f64') canonF64(new Uint32Array(out.buffer));
  return out;
}

/** Copy a typed array's bytes into guest memory at `ptr` (NaNs made canonical for float lists). */
export function copyIn(kind: string, v: NumericTypedArray, u8: Uint8Array, ptr: number): void {
  u8.set(new Uint8Array(v.buffer, v.byteOffset, v.byteLength), ptr);
  if (kind === 'f32' || kind === 'f64') {
    // Only the copy in guest memory is touched. `ptr` is aligned (realloc's result is checked); the
    // view's own offset could still break 4-alignment, then a DataView pass does the same job.
    if (((u8.byteOffset + ptr) & 3) === 0) {
      const words = new Uint32Array(u8.buffer, u8.byteOffset + ptr, v.byteLength >> 2);
      if (kind === 'f32') canonF32(words);
      else canonF64(words);
    } else {
      const dv = new DataView(u8.buffer, u8.byteOffset + ptr, v.byteLength);
      const step = kind === 'f32' ? 4 : 8;
      for (let o = 0; o < v.byteLength; o += step) {
        if (step === 4) {
          const f = dv.getFloat32(o, true);
          if (f !== f) dv.setUint32(o, CANONICAL_F32_NAN, true);
        } else {
          const f = dv.getFloat64(o, true);
          if (f !== f) {
            dv.setUint32(o, 0, true);
            dv.setUint32(o + 4, CANONICAL_F64_NAN_HI, true);
          }
        }
      }
    }
  }
}

function canonF32(w: Uint32Array): void {
  for (let i = 0; i < w.length; i++) {
    const x = w[i];
    if ((x & 0x7f80_0000) === 0x7f80_0000 && (x & 0x007f_ffff) !== 0) w[i] = CANONICAL_F32_NAN;
  }
}

function canonF64(w: Uint32Array): void {
  for (let i = 0; i < w.length; i += 2) {
    const hi = w[i + 1];
    if ((hi & 0x7ff0_0000) === 0x7ff0_0000 && ((hi & 0x000f_ffff) !== 0 || w[i] !== 0)) {
      w[i] = 0;
      w[i + 1] = CANONICAL_F64_NAN_HI;
    }
  }
}
