// Moving values between the machine's value stack and the outside: JS values (JS API rules: i64 ↔ bigint,
// f32/f64 ↔ number, references as themselves) and bit-exact WasmValues (floats as bits).
import { F32, F64, I32, I64, V128, heapTypeOf, isNullable, isRefType } from '../../decoder/module.js';
import type { ValType } from '../../decoder/module.js';
import { valTypeName } from '../../decoder/type-names.js';
import type { ValidatedModule } from '../../validate/validated-module.js';
import type { WasmValue } from '../values.js';
import { FuncInst, units } from './func.js';
import { ArrayRef, I31Ref, StructRef, i31Of, refMatches } from './gc-objects.js';
import type { Machine } from './machine.js';

/** Makes (or returns the cached) JS function for a FuncInst; installed by the API layer. */
export let wrapFunc: (f: FuncInst) => (...args: unknown[]) => unknown = () => {
  throw new Error('function wrapper not installed');
};
export function setFuncWrapper(w: (f: FuncInst) => (...args: unknown[]) => unknown): void {
  wrapFunc = w;
}

/** JS function → the FuncInst it exports (exported wasm functions only). */
export const funcOfJS = new WeakMap<object, FuncInst>();

const MASK32 = 0xffffffffn;

export function bigintToHalves(I: Int32Array, v: bigint, unit: number): void {
  I[unit] = Number(v & MASK32) | 0;
  I[unit + 1] = Number((v >> 32n) & MASK32) | 0;
}

export function halvesToBigint(lo: number, hi: number): bigint {
  return (BigInt(hi | 0) << 32n) | BigInt(lo >>> 0);
}

/** The JS API's refusal of a v128 or an exnref at the JS boundary (a value, or a function whose type has one). */
export function refuseAtBoundary(): never {
  throw new TypeError('v128 and exnref values cannot cross between wasm and JavaScript');
}

/** Whether t is an exnref (exn, noexn): an exception package is no JS value, so the JS API refuses it at
 *  the boundary as it refuses a v128 (an uncaught exception reaches JS as the thrown WasmException instead). */
export function isExnRef(t: ValType): boolean {
  const h = heapTypeOf(t);
  return isRefType(t) && (h === 0x69 || h === 0x74);
}

/** Where values are kept as units: the machine's value stack, or an exception's payload (tag.ts). */
export interface ValueCells {
  readonly I32: Int32Array;
  readonly F32: Float32Array;
  readonly F64: Float64Array;
  readonly refs: unknown[];
}

/** A stack value as a JS value (the JS API's ToJSValue). */
export function readJS(m: ValueCells, t: ValType, unit: number): unknown {
  switch (t) {
    case I32:
      return m.I32[unit];
    case I64:
      return halvesToBigint(m.I32[unit], m.I32[unit + 1]);
    case F32:
      return m.F32[unit];
    case F64:
      return m.F64[unit >> 1];
    case V128:
      return refuseAtBoundary();
  }
  if (isExnRef(t)) refuseAtBoundary();
  return refToJS(m.refs[unit]);
}

/** A reference as a JS value: a function as its exported JS function, an i31ref as a Number (JS API). */
export function refToJS(r: unknown): unknown {
  return r instanceof FuncInst ? wrapFunc(r) : r instanceof I31Ref ? (r.v << 1) >> 1 : r;
}

/** A JS value onto the stack (the JS API's ToWebAssemblyValue); `owner`: the module whose type indices t's
 *  concrete heap type counts in (toRef). */
export function writeJS(m: ValueCells, t: ValType, v: unknown, unit: number, owner: ValidatedModule | null): void {
  switch (t) {
    // Unary + is the JS API's ToNumber: a BigInt is a TypeError (Number(v) would silently convert it).
    case I32:
      m.I32[unit] = +(v as number) | 0;
      return;
    case I64:
      if (typeof v !== 'bigint') {
        if (typeof v === 'number') throw new TypeError('cannot convert a Number to an i64 (use a BigInt)');
        v = BigInt(v as string);
      }
      bigintToHalves(m.I32, v as bigint, unit);
      return;
    case F32:
      m.F32[unit] = +(v as number);
      return;
    case F64:
      m.F64[unit >> 1] = +(v as number);
      return;
    case V128:
      return refuseAtBoundary();
  }
  m.refs[unit] = toRef(t, v, owner);
}

/**
 * A JS value as a reference of type t (the JS API's ToWebAssemblyValue, as V8 does it), or a TypeError for a
 * value t does not hold (refMatches: null only for a nullable t, a function's or a GC object's canonical type a
 * subtype of a concrete type's); any exnref is refused. The extern hierarchy takes any value as itself
 * (undefined too); otherwise an exported wasm function stands for its FuncInst (in the any hierarchy a host
 * value like any other: readJS gives the same function back) and a Number in i31 range for an i31ref.
 * `owner`: the module whose type indices t's concrete heap type counts in (JS names only abstract types).
 */
export function toRef(t: ValType, v: unknown, owner: ValidatedModule | null): unknown {
  if (isExnRef(t)) refuseAtBoundary();
  const h = heapTypeOf(t);
  const r = h === 0x6f ? v : typeof v === 'function' ? funcOfJS.get(v) ?? v : i31Of(v) ?? v;
  if (refMatches(r, h, isNullable(t), owner?.canonicalTypeIds as ArrayLike<number>)) return r;
  const wasm = r instanceof FuncInst || r instanceof StructRef || r instanceof ArrayRef;
  throw new TypeError(`expected ${valTypeName(t)}, got ${wasm ? 'a wasm value of another type' : v === null ? 'null' : typeof v}`);
}

/** A bit-exact value onto the stack. */
export function writeWasm(m: Machine, t: ValType, v: WasmValue, unit: number, owner: ValidatedModule | null): void {
  const I = m.I32;
  switch (v.type) {
    case 'i32':
      I[unit] = v.value;
      I[unit + 1] = 0;
      return;
    case 'i64':
      bigintToHalves(I, v.value, unit);
      return;
    case 'f32':
      I[unit] = v.bits | 0;
      I[unit + 1] = 0;
      return;
    case 'f64':
      bigintToHalves(I, v.bits, unit);
      return;
    case 'v128': {
      const b = v.bytes;
      for (let k = 0; k < 4; k++) I[unit + k] = b[4 * k] | (b[4 * k + 1] << 8) | (b[4 * k + 2] << 16) | (b[4 * k + 3] << 24);
      return;
    }
    case 'ref':
      m.refs[unit] = toRef(t, v.value, owner);
      return;
  }
}

/** A stack value as a bit-exact WasmValue. */
export function readWasm(m: Machine, t: ValType, unit: number): WasmValue {
  const I = m.I32;
  switch (t) {
    case I32:
      return { type: 'i32', value: I[unit] };
    case I64:
      return { type: 'i64', value: halvesToBigint(I[unit], I[unit + 1]) };
    case F32:
      return { type: 'f32', bits: I[unit] >>> 0 };
    case F64:
      return { type: 'f64', bits: (BigInt(I[unit + 1] >>> 0) << 32n) | BigInt(I[unit] >>> 0) }; // no asUintN: wrong for negatives on QuickJS
    case V128: {
      const b = new Uint8Array(16);
      for (let k = 0; k < 16; k++) b[k] = (I[unit + (k >> 2)] >>> ((k & 3) * 8)) & 0xff;
      return { type: 'v128', bytes: b };
    }
  }
  const r = m.refs[unit];
  return { type: 'ref', value: r instanceof FuncInst ? wrapFunc(r) : r };
}

/** f's results at `base` as JS values (undefined, one value, or an array). */
export function readResults(m: Machine, f: FuncInst, base: number): unknown {
  const results = f.type.results;
  if (results.length === 0) return undefined;
  if (results.length === 1) return readJS(m, results[0], base);
  return readValues(m, results, base, readJS);
}

/** The values of types `ts` laid out from `base`, each read with `read` (readJS, readWasm). */
export function readValues<V>(m: Machine, ts: readonly ValType[], base: number, read: (m: Machine, t: ValType, unit: number) => V): V[] {
  const out: V[] = [];
  let u = base;
  for (const t of ts) {
    out.push(read(m, t, u));
    u += units(t);
  }
  return out;
}

/**
 * A value that does not convert (an i64 given a Number, say) named by where it was going (`who`: "export
 * "run", argument 0", "host function env.f, result"); other errors pass unchanged. Built on failure only.
 */
export function conversionError(who: string, e: unknown): unknown {
  if (!(e instanceof TypeError || e instanceof RangeError)) return e;
  const err = new (e instanceof RangeError ? RangeError : TypeError)(`${who}: ${e.message}`);
  Object.defineProperty(err, 'cause', { value: e, writable: true, configurable: true, enumerable: false });
  return err;
}
