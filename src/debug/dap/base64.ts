// Base64 for DAP's readMemory/writeMemory (RFC 4648, with padding), in plain ES2020: no btoa/atob (not in
// every engine we run in) and no Buffer. A readMemory of a whole memory is megabytes, so the encoder builds
// char codes in fixed-size chunks (one String.fromCharCode per chunk, not one string concatenation per byte).

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const PAD = 61; // '='
/** Char codes out per chunk: a multiple of 4, small enough for `apply`'s argument limit in every engine. */
const CHUNK_CHARS = 8192;

export function toBase64(b: Uint8Array): string {
  const codes: number[] = [];
  for (let i = 0; i < 64; i++) codes.push(ALPHABET.charCodeAt(i));
  const parts: string[] = [];
  const out = new Array<number>(CHUNK_CHARS);
  let o = 0;
  const whole = b.length - (b.length % 3);
  for (let i = 0; i < whole; i += 3) {
    const n = (b[i] << 16) | (b[i + 1] << 8) | b[i + 2];
    out[o] = codes[n >> 18];
    out[o + 1] = codes[(n >> 12) & 63];
    out[o + 2] = codes[(n >> 6) & 63];
    out[o + 3] = codes[n & 63];
    o += 4;
    if (o === CHUNK_CHARS) {
      parts.push(String.fromCharCode.apply(null, out));
      o = 0;
    }
  }
  if (whole < b.length) {
    const two = whole + 1 < b.length;
    const n = (b[whole] << 16) | (two ? b[whole + 1] << 8 : 0);
    out[o] = codes[n >> 18];
    out[o + 1] = codes[(n >> 12) & 63];
    out[o + 2] = two ? codes[(n >> 6) & 63] : PAD;
    out[o + 3] = PAD;
    o += 4;
  }
  if (o > 0) parts.push(String.fromCharCode.apply(null, out.slice(0, o)));
  return parts.join('');
}

/** Decodes base64, ignoring characters outside the alphabet (line breaks, padding). */
export function fromBase64(s: string): Uint8Array {
  const values = new Int8Array(128).fill(-1);
  for (let i = 0; i < 64; i++) values[ALPHABET.charCodeAt(i)] = i;
  const out = new Uint8Array(Math.floor((s.length * 3) / 4));
  let bits = 0, acc = 0, j = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const v = c < 128 ? values[c] : -1;
    if (v < 0) continue;
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[j++] = (acc >> bits) & 255;
    }
  }
  return out.subarray(0, j);
}
