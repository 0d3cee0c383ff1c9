// Values on the command line of `purewasm run --invoke` for core modules: parsing arguments (WAVE's
// number syntax: decimal and hex integers with `_` separators, `inf`, `-inf`, `nan`, `nan:0x…`, decimal
// and hex floats) and printing results as wasmtime does. Junk and out-of-range integers are errors
// naming the argument, never a silent NaN or wrap.
import type { WasmValue } from '../index.js';
import { F32, F64, I32, I64, V128 } from '../decoder/module.js';

/** Plain decimal (no exponent), as Rust's Display for floats prints. */
function plainDecimal(s: string): string {
  const m = /^(-?)(\d+)(?:\.(\d+))?e([+-]\d+)$/.exec(s);
  if (!m) return s;
  const [, sign, int, frac = '', expText] = m;
  const exp = Number(expText);
  const digits = int + frac;
  const point = int.length + exp;
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`.replace(/\.?0+$/, '');
  if (point >= digits.length) return sign + digits + '0'.repeat(point - digits.length);
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

export function formatFloat(x: number, single: boolean): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  let s = String(x);
  if (single) {
    // Shortest decimal that reads back as the same f32.
    for (let p = 1; p <= 9; p++) {
      const t = x.toPrecision(p);
      if (Math.fround(Number(t)) === x) {
        s = String(Number(t));
        break;
      }
    }
  }
  return plainDecimal(s);
}

function f32FromBits(bits: number): number {
  const b = new ArrayBuffer(4);
  new Uint32Array(b)[0] = bits;
  return new Float32Array(b)[0];
}
function f64FromBits(bits: bigint): number {
  const b = new ArrayBuffer(8);
  new BigUint64Array(b)[0] = bits;
  return new Float64Array(b)[0];
}

export function formatValue(v: WasmValue): string {
  switch (v.type) {
    case 'i32':
    case 'i64':
      return String(v.value);
    case 'f32':
      return formatFloat(f32FromBits(v.bits), true);
    case 'f64':
      return formatFloat(f64FromBits(v.bits), false);
    case 'v128':
      return '0x' + Array.from(v.bytes).reverse().map((b) => b.toString(16).padStart(2, '0')).join('');
    case 'ref':
      return v.value === null ? 'null' : typeof v.value === 'function' ? `<func ${(v.value as { name: string }).name}>` : '<ref>';
  }
}

/** An integer literal: optional sign, decimal or 0x-hex digits, `_` between digits. */
function parseInteger(s: string, bits: 32 | 64): bigint {
  const m = /^([+-]?)(0x[0-9a-fA-F](?:_?[0-9a-fA-F])*|[0-9](?:_?[0-9])*)$/.exec(s);
  if (!m) throw new Error(`${JSON.stringify(s)} is not an integer`);
  let v = BigInt(m[2].replace(/_/g, ''));
  if (m[1] === '-') v = -v;
  // Accept the signed and the unsigned range, as wasmtime does for core integers.
  const min = -(1n << BigInt(bits - 1));
  const max = (1n << BigInt(bits)) - 1n;
  if (v < min || v > max) throw new Error(`${s} is out of range for i${bits}`);
  return BigInt.asIntN(bits, v);
}

/** A float literal as a JS number, or NaN bits for `nan:0x…` (returned separately). */
function parseFloatLiteral(s: string, single: boolean): { value: number } | { nanPayload: bigint; negative: boolean } {
  const t = s.replace(/_/g, '');
  const sign = t.startsWith('-') ? -1 : 1;
  const body = t.replace(/^[+-]/, '');
  if (body === 'inf') return { value: sign * Infinity };
  if (body === 'nan') return { value: NaN };
  const nan = /^nan:0x([0-9a-fA-F]+)$/.exec(body);
  if (nan) {
    const payload = BigInt('0x' + nan[1]);
    const maxPayload = single ? (1n << 23n) - 1n : (1n << 52n) - 1n;
    if (payload === 0n || payload > maxPayload) throw new Error(`${s}: NaN payload out of range`);
    return { nanPayload: payload, negative: sign < 0 };
  }
  if (/^\d+(\.\d*)?([eE][+-]?\d+)?$|^\.\d+([eE][+-]?\d+)?$/.test(body)) return { value: sign * Number(body) };
  const hex = /^0x([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?(?:[pP]([+-]?\d+))?$/.exec(body);
  if (hex && (hex[1] !== '' || (hex[2] ?? '') !== '')) {
    const digits = hex[1] + (hex[2] ?? '');
    const exp = Number(hex[3] ?? '0') - 4 * (hex[2] ?? '').length;
    return { value: sign * Number(BigInt('0x' + (digits || '0'))) * 2 ** exp };
  }
  throw new Error(`${JSON.stringify(s)} is not a number`);
}

/** One command-line argument as a value of wasm type `t` (a clear error for junk). */
export function parseArg(t: number, s: string): WasmValue {
  switch (t) {
    case I32: return { type: 'i32', value: Number(parseInteger(s, 32)) };
    case I64: return { type: 'i64', value: parseInteger(s, 64) };
    case F32: {
      const f = parseFloatLiteral(s, true);
      if ('nanPayload' in f) return { type: 'f32', bits: (f.negative ? 0x80000000 : 0) + 0x7f800000 + Number(f.nanPayload) };
      const b = new ArrayBuffer(4);
      new Float32Array(b)[0] = f.value;
      return { type: 'f32', bits: new Uint32Array(b)[0] };
    }
    case F64: {
      const f = parseFloatLiteral(s, false);
      if ('nanPayload' in f) return { type: 'f64', bits: (f.negative ? 1n << 63n : 0n) | (0x7ffn << 52n) | f.nanPayload };
      const b = new ArrayBuffer(8);
      new Float64Array(b)[0] = f.value;
      return { type: 'f64', bits: new BigUint64Array(b)[0] };
    }
    case V128: throw new Error('v128 arguments are not supported on the command line');
  }
  if (s === 'null') return { type: 'ref', value: null };
  throw new Error(`cannot pass ${JSON.stringify(s)} as a reference`);
}

/**
 * `--invoke` accepts `NAME` (arguments follow FILE) or a call `NAME(a, b)`. Returns the name and, for the
 * call form, the argument texts.
 */
export function parseInvoke(text: string): { name: string; args: string[] | undefined } {
  const m = /^\s*([^\s(]+)\s*(?:\((.*)\))?\s*$/s.exec(text);
  if (!m) throw new Error(`cannot parse --invoke ${JSON.stringify(text)}: expected NAME or NAME(ARGS)`);
  if (m[2] === undefined) return { name: m[1], args: undefined };
  const inner = m[2].trim();
  return { name: m[1], args: inner === '' ? [] : inner.split(',').map((a) => a.trim()) };
}
