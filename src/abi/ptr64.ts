// Pointers and lengths of the 64-bit canonical ABI travel as i64 (bigint) core values but are used as JS
// numbers. Any value above 2^53 is far past the largest memory (MAX_MEMORY64_BYTES), so the rounding of
// Number() can never turn an out-of-bounds pointer into an in-bounds one: the bounds check still traps.

/** An i64 pointer or length (bits as given, any sign) as an unsigned number. */
export function ptrFromI64(v: bigint): number {
  return Number(BigInt.asUintN(64, v));
}
