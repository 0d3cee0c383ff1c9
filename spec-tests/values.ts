// Core-wasm constants of .wast scripts: arguments become bit-exact WasmValues; expected results become
// matchers that compare bit-exactly (NaN classes per lane, references by identity or by kind).
import type { WasmValue } from '../src/vm/values.js';
import { type SExpr, headOf, isAtom, isList } from './wast/sexpr.js';
import { f32Bits, f64Bits, i32Bits, i64Bits, parseIntLiteral } from './wast/numbers.js';

/**
 * Host values standing for `(ref.extern N)` / `(ref.host N)`: one distinct object per N, compared by identity.
 * Both forms name the same host value N, seen as externref or (after `any.convert_extern`) as anyref, as in
 * the reference interpreter and the JS API, so `kind` does not enter the key.
 */
export class HostRefs {
  private readonly map = new Map<string, object>();
  get(_kind: 'extern' | 'host', n: string): object {
    const key = `host:${BigInt(n)}`;
    let v = this.map.get(key);
    if (!v) {
      v = { hostRef: key };
      this.map.set(key, v);
    }
    return v;
  }
}

const atomText = (e: SExpr | undefined): string => (isAtom(e) ? e.text : '');

const LANES: Record<string, [number, number]> = {
  i8x16: [16, 1],
  i16x8: [8, 2],
  i32x4: [4, 4],
  i64x2: [2, 8],
  f32x4: [4, 4],
  f64x2: [2, 8],
};

function v128Bytes(shape: string, lanes: string[]): Uint8Array {
  const [count, width] = LANES[shape] ?? [0, 0];
  if (count === 0 || lanes.length !== count) throw new Error(`bad v128.const ${shape}`);
  const out = new Uint8Array(16);
  const dv = new DataView(out.buffer);
  lanes.forEach((t, i) => {
    const o = i * width;
    if (shape === 'f32x4') dv.setUint32(o, f32Bits(t), true);
    else if (shape === 'f64x2') dv.setBigUint64(o, f64Bits(t), true);
    else {
      const v = BigInt.asUintN(width * 8, parseIntLiteral(t));
      for (let b = 0; b < width; b++) out[o + b] = Number((v >> BigInt(8 * b)) & 0xffn);
    }
  });
  return out;
}

/** An argument constant → WasmValue. */
export function argValue(e: SExpr, refs: HostRefs): WasmValue {
  if (!isList(e)) throw new Error('argument is not a constant');
  const head = headOf(e);
  const a = atomText(e.items[1]);
  switch (head) {
    case 'i32.const': return { type: 'i32', value: i32Bits(a) };
    case 'i64.const': return { type: 'i64', value: i64Bits(a) };
    case 'f32.const': return { type: 'f32', bits: f32Bits(a) };
    case 'f64.const': return { type: 'f64', bits: f64Bits(a) };
    case 'v128.const': return { type: 'v128', bytes: v128Bytes(a, e.items.slice(2).map(atomText)) };
    case 'ref.null': return { type: 'ref', value: null };
    case 'ref.extern': return { type: 'ref', value: refs.get('extern', a) };
    case 'ref.host': return { type: 'ref', value: refs.get('host', a) };
  }
  throw new Error(`unsupported argument ${head}`);
}

/** A matcher returns undefined on a match, or what was expected (for the failure message). */
export type Matcher = (v: WasmValue | undefined) => string | undefined;

function f32Class(bits: number, want: string): boolean {
  if (want === 'nan:canonical') return (bits & 0x7fffffff) === 0x7fc00000;
  if (want === 'nan:arithmetic') return (bits & 0x7fc00000) === 0x7fc00000;
  return bits >>> 0 === f32Bits(want);
}

function f64Class(bits: bigint, want: string): boolean {
  if (want === 'nan:canonical') return (bits & 0x7fff_ffff_ffff_ffffn) === 0x7ff8_0000_0000_0000n;
  if (want === 'nan:arithmetic') return (bits & 0x7ff8_0000_0000_0000n) === 0x7ff8_0000_0000_0000n;
  return bits === f64Bits(want);
}

/** An expected-result form → matcher. */
export function expectedMatcher(e: SExpr, refs: HostRefs): Matcher {
  if (!isList(e)) throw new Error('expected result is not a constant');
  const head = headOf(e) ?? '';
  const text = sourceText(e);
  const a = atomText(e.items[1]);
  const typed = (type: WasmValue['type'], test: (v: WasmValue) => boolean): Matcher => (v) =>
    v !== undefined && v.type === type && test(v) ? undefined : text;
  switch (head) {
    case 'either': {
      const alts = e.items.slice(1).map((x) => expectedMatcher(x, refs));
      return (v) => (alts.some((m) => m(v) === undefined) ? undefined : text);
    }
    case 'i32.const': {
      const want = i32Bits(a);
      return typed('i32', (v) => v.type === 'i32' && (v.value | 0) === want);
    }
    case 'i64.const': {
      const want = i64Bits(a);
      return typed('i64', (v) => v.type === 'i64' && BigInt.asIntN(64, v.value) === want);
    }
    case 'f32.const': return typed('f32', (v) => v.type === 'f32' && f32Class(v.bits, a));
    case 'f64.const': return typed('f64', (v) => v.type === 'f64' && f64Class(v.bits, a));
    case 'v128.const': {
      const lanes = e.items.slice(2).map(atomText);
      if (a === 'f32x4' || a === 'f64x2') {
        return typed('v128', (v) => {
          if (v.type !== 'v128') return false;
          const dv = new DataView(v.bytes.buffer, v.bytes.byteOffset, 16);
          return lanes.every((l, i) => (a === 'f32x4' ? f32Class(dv.getUint32(i * 4, true), l) : f64Class(dv.getBigUint64(i * 8, true), l)));
        });
      }
      const want = v128Bytes(a, lanes);
      return typed('v128', (v) => v.type === 'v128' && v.bytes.length === 16 && want.every((b, i) => v.bytes[i] === b));
    }
    case 'ref.null': return typed('ref', (v) => v.type === 'ref' && (v.value === null || v.value === undefined));
    case 'ref.extern':
    case 'ref.host': {
      if (e.items.length < 2) return typed('ref', (v) => v.type === 'ref' && v.value !== null && v.value !== undefined);
      const want = refs.get(head === 'ref.extern' ? 'extern' : 'host', a);
      return typed('ref', (v) => v.type === 'ref' && v.value === want);
    }
    case 'ref.func':
    case 'ref.array':
    case 'ref.struct':
    case 'ref.i31':
    case 'ref.eq':
    case 'ref.any':
    case 'ref.exn':
      // The VM's reference objects are opaque here: any non-null reference matches.
      return typed('ref', (v) => v.type === 'ref' && v.value !== null && v.value !== undefined);
  }
  throw new Error(`unsupported expected result ${head}`);
}

// Matchers report the expected form's text; the runner sets the source before reading a file.
let currentSource = '';
export function setSource(src: string): void {
  currentSource = src;
}
function sourceText(e: SExpr): string {
  return currentSource.slice(e.start, e.end).replace(/\s+/g, ' ');
}

/** Prints a value for failure messages. */
export function showValue(v: WasmValue | undefined): string {
  if (v === undefined) return '(nothing)';
  switch (v.type) {
    case 'i32': return `(i32.const ${v.value})`;
    case 'i64': return `(i64.const ${v.value})`;
    case 'f32': return `(f32.const bits 0x${(v.bits >>> 0).toString(16)})`;
    case 'f64': return `(f64.const bits 0x${v.bits.toString(16)})`;
    case 'v128': return `(v128 ${Array.from(v.bytes, (b) => b.toString(16).padStart(2, '0')).join(' ')})`;
    case 'ref': return v.value === null || v.value === undefined ? '(ref.null)' : '(ref ...)';
  }
}
