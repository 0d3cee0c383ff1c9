// The decoder's most common error, worded as wasm-tools words it (the spec suites compare it).
import type { Reader } from '../reader.js';

/** Fail with "invalid leading byte (0x…) for `what`" at `at`. */
export function badByte(r: Reader, b: number, what: string, at?: number): never {
  return r.fail(`invalid leading byte (0x${b.toString(16)}) for ${what}`, at);
}

/** The next byte must be `want` (a fixed byte of the encoding); else badByte for `what`. */
export function expectByte(r: Reader, want: number, what: string): void {
  const b = r.u8();
  if (b !== want) badByte(r, b, what, r.pos - 1);
}
