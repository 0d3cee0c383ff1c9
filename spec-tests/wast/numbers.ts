// Numeric literals of the text format, turned into exact bit patterns.
//
// Floats need care: JS parses decimal strings to f64 correctly, but rounding that f64 to f32 can round twice.
// The only case where double rounding changes the result is when the f64 lands exactly on the midpoint
// between two f32 values; there we decide the side with exact BigInt arithmetic. Hex floats are converted
// exactly from their integer mantissa and exponent.

/** Parses an integer literal (decimal or hex, optional sign, '_' separators) to a BigInt. */
export function parseIntLiteral(text: string): bigint {
  let s = text.replace(/_/g, '');
  let neg = false;
  if (s[0] === '-' || s[0] === '+') {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  const v = BigInt(s); // BigInt accepts "0x..." and decimal digits
  return neg ? -v : v;
}

export function i32Bits(text: string): number {
  return Number(BigInt.asIntN(32, parseIntLiteral(text)));
}

export function i64Bits(text: string): bigint {
  return BigInt.asIntN(64, parseIntLiteral(text));
}

interface FloatFormat {
  readonly mantBits: number; // explicit mantissa bits (23 / 52)
  readonly expBits: number; // (8 / 11)
}
const F32: FloatFormat = { mantBits: 23, expBits: 8 };
const F64: FloatFormat = { mantBits: 52, expBits: 11 };

/** f32 bits (uint32) of a float literal. */
export function f32Bits(text: string): number {
  return Number(floatBits(text, F32));
}

/** f64 bits (uint64 as BigInt) of a float literal. */
export function f64Bits(text: string): bigint {
  return floatBits(text, F64);
}

function floatBits(text: string, fmt: FloatFormat): bigint {
  let s = text.replace(/_/g, '');
  let neg = false;
  if (s[0] === '-' || s[0] === '+') {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  const signBit = neg ? 1n << BigInt(fmt.mantBits + fmt.expBits) : 0n;
  const expMax = (1n << BigInt(fmt.expBits)) - 1n;
  const expField = expMax << BigInt(fmt.mantBits);
  if (s === 'inf') return signBit | expField;
  if (s === 'nan') return signBit | expField | (1n << BigInt(fmt.mantBits - 1));
  if (s.startsWith('nan:0x')) return signBit | expField | BigInt(s.slice(4));
  let magnitude: bigint;
  if (s.startsWith('0x') || s.startsWith('0X')) magnitude = hexFloatBits(s.slice(2), fmt);
  else magnitude = decimalFloatBits(s, fmt);
  return signBit | magnitude;
}

/** Rounds mant * 2^exp (mant ≥ 0) to the format, round-to-nearest-even; returns the unsigned bits. */
function roundToFormat(mant: bigint, exp: number, fmt: FloatFormat): bigint {
  if (mant === 0n) return 0n;
  const p = fmt.mantBits + 1; // precision
  const bias = (1 << (fmt.expBits - 1)) - 1;
  const minExp = 1 - bias; // exponent of the smallest normal
  const len = mant.toString(2).length;
  // value = mant * 2^exp; its leading bit has weight 2^(exp + len - 1).
  let e = exp + len - 1; // unbiased exponent of the leading bit
  // Number of bits to keep: p for normals, fewer for subnormals.
  const keep = e >= minExp ? p : p - (minExp - e);
  const shift = len - keep; // how many low bits of mant to drop
  let q: bigint;
  if (keep <= 0 && shift > len) {
    q = 0n; // far below the smallest subnormal: rounds to zero
  } else if (shift > 0) {
    const sh = BigInt(shift);
    q = mant >> sh;
    const rem = mant & ((1n << sh) - 1n);
    const half = 1n << (sh - 1n);
    if (rem > half || (rem === half && (q & 1n) === 1n)) q += 1n;
  } else {
    q = mant << BigInt(-shift);
  }
  // q now holds the significand with `keep` bits (maybe keep+1 after rounding up).
  if (e < minExp) {
    // Subnormal (or rounded up into the smallest normal): the bits are the field value directly.
    return q; // q < 2^mantBits gives a subnormal; q == 2^mantBits encodes the smallest normal exactly
  }
  if (q >> BigInt(p) !== 0n) {
    q >>= 1n;
    e += 1;
  }
  if (e > bias) return BigInt((1 << fmt.expBits) - 1) << BigInt(fmt.mantBits); // overflow → infinity
  return (BigInt(e + bias) << BigInt(fmt.mantBits)) | (q & ((1n << BigInt(fmt.mantBits)) - 1n));
}

function hexFloatBits(s: string, fmt: FloatFormat): bigint {
  const m = /^([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?(?:[pP]([+-]?\d+))?$/.exec(s);
  if (!m) throw new Error(`bad hex float 0x${s}`);
  const intPart = m[1] ?? '';
  const fracPart = m[2] ?? '';
  const exp = Number(m[3] ?? '0');
  const digits = intPart + fracPart;
  const mant = digits === '' ? 0n : BigInt('0x' + digits);
  return roundToFormat(mant, exp - 4 * fracPart.length, fmt);
}

const f64Buf = new DataView(new ArrayBuffer(8));

function decimalFloatBits(s: string, fmt: FloatFormat): bigint {
  const d = Number(s);
  if (Number.isNaN(d)) throw new Error(`bad float literal ${s}`);
  if (fmt === F64) {
    f64Buf.setFloat64(0, d);
    return f64Buf.getBigUint64(0);
  }
  // f32: round the exact decimal. Only a double that sits exactly on an f32 midpoint can mislead fround.
  const f = Math.fround(d);
  f64Buf.setFloat32(0, f);
  let bits = BigInt(f64Buf.getUint32(0));
  if (isF32Midpoint(d)) {
    const cmp = compareDecimalToDouble(s, d);
    if (cmp !== 0) {
      // fround rounded the midpoint to even; the true value decides the direction instead.
      const fRoundedDown = Math.abs(f) < Math.abs(d);
      if (cmp > 0 && fRoundedDown) bits += 1n;
      else if (cmp < 0 && !fRoundedDown) bits -= 1n;
    }
  }
  return bits;
}

/** True when the double `d` is exactly halfway between two adjacent f32 values (and finite). */
function isF32Midpoint(d: number): boolean {
  if (!Number.isFinite(d) || d === 0) return false;
  const f = Math.fround(d);
  if (f === d) return false;
  // The neighbour on the other side of d.
  f64Buf.setFloat32(0, Math.abs(f));
  const fb = f64Buf.getUint32(0);
  f64Buf.setUint32(0, Math.abs(f) < Math.abs(d) ? fb + 1 : fb - 1);
  const g = f64Buf.getFloat32(0);
  return (Math.abs(f) + g) / 2 === Math.abs(d);
}

/** Sign of (decimal string s) − d, computed exactly; both non-negative. */
function compareDecimalToDouble(s: string, d: number): number {
  const m = /^(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(s);
  if (!m) return 0;
  const digits = (m[1] ?? '') + (m[2] ?? '');
  const exp10 = Number(m[3] ?? '0') - (m[2] ?? '').length;
  // decimal = D * 10^exp10; double = M * 2^e2
  f64Buf.setFloat64(0, d);
  const raw = f64Buf.getBigUint64(0);
  const e = Number((raw >> 52n) & 0x7ffn);
  let M = raw & ((1n << 52n) - 1n);
  let e2: number;
  if (e === 0) e2 = -1074;
  else {
    M |= 1n << 52n;
    e2 = e - 1075;
  }
  let lhs = BigInt(digits || '0');
  let rhs = M;
  if (exp10 >= 0) lhs *= 10n ** BigInt(exp10);
  else rhs *= 10n ** BigInt(-exp10);
  if (e2 >= 0) rhs <<= BigInt(e2);
  else lhs <<= BigInt(-e2);
  return lhs > rhs ? 1 : lhs < rhs ? -1 : 0;
}
