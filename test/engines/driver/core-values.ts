// Engine side: core-wasm arguments from data, and bit-exact matching of results (the rules of
// spec-tests/values.ts: NaN classes per lane, host references by identity). 64-bit values are masked
// with `&` rather than BigInt.asUintN, which QuickJS gets wrong for negative numbers.
import type { WasmValue } from '../../../src/vm/values.js';
import type { CoreArg, CoreWant, FloatWant } from '../data-format.js';

const MASK64 = 0xffffffffffffffffn;

function hexBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.substr(i * 2, 2), 16);
  return out;
}

function bytesHex(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i++) s += (b[i]! < 16 ? '0' : '') + b[i]!.toString(16);
  return s;
}

/** One host object per `(ref.extern N)`, compared by identity. */
export class HostRefs {
  private readonly map: Record<string, object> = {};
  get(key: string): object {
    return (this.map[key] ??= { hostRef: key });
  }
}

export function argValue(a: CoreArg, refs: HostRefs): WasmValue {
  switch (a.t) {
    case 'i32': return { type: 'i32', value: a.v | 0 };
    case 'i64': return { type: 'i64', value: BigInt(a.v) };
    case 'f32': return { type: 'f32', bits: a.bits >>> 0 };
    case 'f64': return { type: 'f64', bits: BigInt('0x' + a.bits) };
    case 'v128': return { type: 'v128', bytes: hexBytes(a.hex) };
    case 'null': return { type: 'ref', value: null };
    case 'host': return { type: 'ref', value: refs.get(a.n) };
  }
}

function f32Matches(bits: number, want: FloatWant): boolean {
  if (want === 'nan:canonical') return (bits & 0x7fffffff) === 0x7fc00000;
  if (want === 'nan:arithmetic') return (bits & 0x7fc00000) === 0x7fc00000;
  return bits >>> 0 === (want as number) >>> 0;
}

function f64Matches(bits: bigint, want: FloatWant): boolean {
  if (want === 'nan:canonical') return (bits & 0x7fffffffffffffffn) === 0x7ff8000000000000n;
  if (want === 'nan:arithmetic') return (bits & 0x7ff8000000000000n) === 0x7ff8000000000000n;
  return (bits & MASK64) === BigInt('0x' + (want as string));
}

function lanes(bytes: Uint8Array, width: 4 | 8): (number | bigint)[] {
  const out: (number | bigint)[] = [];
  for (let o = 0; o < 16; o += width) {
    const lo = (bytes[o]! | (bytes[o + 1]! << 8) | (bytes[o + 2]! << 16) | (bytes[o + 3]! << 24)) >>> 0;
    if (width === 4) out.push(lo);
    else {
      const hi = (bytes[o + 4]! | (bytes[o + 5]! << 8) | (bytes[o + 6]! << 16) | (bytes[o + 7]! << 24)) >>> 0;
      out.push((BigInt(hi) << 32n) | BigInt(lo));
    }
  }
  return out;
}

const isNull = (v: unknown): boolean => v === null || v === undefined;

export function matches(v: WasmValue | undefined, w: CoreWant, refs: HostRefs): boolean {
  if (w.t === 'either') return w.alts.some((alt) => matches(v, alt, refs));
  if (v === undefined) return false;
  switch (w.t) {
    case 'i32': return v.type === 'i32' && (v.value | 0) === w.v;
    case 'i64': return v.type === 'i64' && (v.value & MASK64) === (BigInt(w.v) & MASK64);
    case 'f32': return v.type === 'f32' && f32Matches(v.bits, w.v);
    case 'f64': return v.type === 'f64' && f64Matches(v.bits, w.v);
    case 'v128': return v.type === 'v128' && bytesHex(v.bytes) === w.hex;
    case 'v128f': {
      if (v.type !== 'v128') return false;
      const got = lanes(v.bytes, w.shape === 'f32x4' ? 4 : 8);
      return w.lanes.every((l, i) => (w.shape === 'f32x4' ? f32Matches(got[i] as number, l) : f64Matches(got[i] as bigint, l)));
    }
    case 'null': return v.type === 'ref' && isNull(v.value);
    case 'host': return v.type === 'ref' && v.value === refs.get(w.n);
    case 'nonnull': return v.type === 'ref' && !isNull(v.value);
  }
}

export function showWant(w: CoreWant): string {
  switch (w.t) {
    case 'either': return `(either ${w.alts.map(showWant).join(' ')})`;
    case 'i32': case 'i64': return `(${w.t}.const ${w.v})`;
    case 'f32': return `(f32 ${typeof w.v === 'number' ? `bits 0x${(w.v >>> 0).toString(16)}` : w.v})`;
    case 'f64': return `(f64 ${typeof w.v === 'string' && !w.v.startsWith('nan') ? `bits 0x${w.v}` : String(w.v)})`;
    case 'v128': return `(v128 ${w.hex})`;
    case 'v128f': return `(v128 ${w.shape} ${w.lanes.join(' ')})`;
    case 'null': return '(ref.null)';
    case 'host': return `(ref.host ${w.n})`;
    case 'nonnull': return '(ref non-null)';
  }
}

export function showValue(v: WasmValue | undefined): string {
  if (v === undefined) return '(nothing)';
  switch (v.type) {
    case 'i32': return `(i32.const ${v.value})`;
    case 'i64': return `(i64.const ${v.value})`;
    case 'f32': return `(f32 bits 0x${(v.bits >>> 0).toString(16)})`;
    case 'f64': return `(f64 bits 0x${(v.bits & MASK64).toString(16)})`;
    case 'v128': return `(v128 ${bytesHex(v.bytes)})`;
    case 'ref': return isNull(v.value) ? '(ref.null)' : '(ref …)';
  }
}
