// Literals and names in the WebAssembly text format: exact float literals (NaN payloads, -0, inf),
// identifiers, and strings with \hh escapes.
import { CONCRETE_BASE, HeapType, SHARED_HEAP } from '../decoder/module.js';

const f32 = new Float32Array(1);
const f32Bits = new Int32Array(f32.buffer);
const f64 = new Float64Array(1);
const f64Bits = new Int32Array(f64.buffer);

/** An f32 literal from its bits: the shortest decimal that reads back to the same float. */
export function f32Text(bits: number): string {
  const sign = bits < 0 ? '-' : '';
  const exp = (bits >>> 23) & 0xff;
  const frac = bits & 0x7f_ffff;
  if (exp === 0xff) return frac === 0 ? `${sign}inf` : `${sign}nan:0x${frac.toString(16)}`;
  f32Bits[0] = bits;
  const v = f32[0];
  if (v === 0) return `${sign}0`;
  for (let p = 1; p <= 9; p++) {
    const s = v.toPrecision(p);
    if (Math.fround(Number(s)) === v) return normalize(s);
  }
  return normalize(v.toPrecision(9));
}

/** An f64 literal from its bits (JS's own shortest round-trip form for finite values). */
export function f64Text(lo: number, hi: number): string {
  const sign = hi < 0 ? '-' : '';
  const exp = (hi >>> 20) & 0x7ff;
  if (exp === 0x7ff) {
    const frac = (BigInt(hi & 0xf_ffff) << 32n) | BigInt(lo >>> 0);
    return frac === 0n ? `${sign}inf` : `${sign}nan:0x${frac.toString(16)}`;
  }
  f64Bits[0] = lo;
  f64Bits[1] = hi;
  const v = f64[0];
  if (v === 0) return `${sign}0`;
  return normalize(String(v));
}

/** JS number text → a valid wasm float literal ("1e+21" → "1e21"; it already has no leading "+"). */
function normalize(s: string): string {
  return s.replace('e+', 'e');
}

/** A 64-bit integer from two signed 32-bit halves, as signed decimal. */
export function i64Text(lo: number, hi: number): string {
  return BigInt.asIntN(64, (BigInt(hi) << 32n) | BigInt(lo >>> 0)).toString();
}

/** A string literal: printable ASCII as is (except " and \), every other byte as \hh. */
export function bytesText(b: Uint8Array): string {
  let s = '"';
  for (let i = 0; i < b.length; i++) {
    const c = b[i];
    if (c >= 0x20 && c < 0x7f && c !== 0x22 && c !== 0x5c) s += String.fromCharCode(c);
    else s += `\\${c.toString(16).padStart(2, '0')}`;
  }
  return `${s}"`;
}

/** A UTF-8 name (import/export names) as a string literal. */
export function nameText(name: string): string {
  let s = '"';
  for (const ch of name) {
    const c = ch.codePointAt(0) as number;
    if (c >= 0x20 && c < 0x7f && c !== 0x22 && c !== 0x5c) s += ch;
    else if (c < 0x80) s += `\\${c.toString(16).padStart(2, '0')}`;
    else s += `\\u{${c.toString(16)}}`;
  }
  return `${s}"`;
}

const ID_CHARS = /^[0-9A-Za-z!#$%&'*+\-./:<=>?@\\^_`|~]+$/;

/** A name from the name section as an identifier: `$name`, or `$"…"` when it has other characters. */
export function idText(name: string): string {
  return ID_CHARS.test(name) ? `$${name}` : `$${nameText(name)}`;
}

const HEAP_NAMES: Record<number, string> = Object.fromEntries(Object.entries(HeapType).map(([k, v]) => [v, k]));

/** A heap type: abstract by name, `(shared …)`, or a type index. */
export function heapText(h: number): string {
  if (h >= CONCRETE_BASE) return `${h - CONCRETE_BASE}`;
  const name = HEAP_NAMES[h & ~SHARED_HEAP] ?? `0x${h.toString(16)}`;
  return (h & SHARED_HEAP) !== 0 ? `(shared ${name})` : name;
}
