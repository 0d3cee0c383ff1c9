// Strings through a 64-bit memory option (CanonicalABI.md load_string / store_string with ptr_type 'i64'):
// the pointer and the tagged code-unit count are i64s, and the latin1+utf16 tag is bit 63
// (utf16_tag('i64')). The length limit is the same as for 32-bit memories, so every valid length also has
// the 32-bit form (tag in bit 31) that strings.ts works with; these functions convert at the edge.
//
// Stores run the 32-bit store routines through a window (string-window.ts), since a 64-bit memory may be
// too large for a typed array, or become so inside realloc (memory.grow past 4 GiB).
import type { AbiContext } from './context.js';
import type { GuestString } from './guest-string.js';
import { ENC_LATIN1_UTF16 } from './options.js';
import { storeThroughWindow } from './string-window.js';
// (through the ABI's index: built apart, purewasm/component-memory64 gets these from purewasm's `__internals`)
import { UTF16_TAG, UTF16_TAG_64, loadStringAt, storeStringIntoRange, stringTooLong } from './index.js';

const MASK_63 = UTF16_TAG_64 - 1n;

/** A 64-bit tagged length → the 32-bit form (trapping when no valid string is that long). */
export function taggedTo32(cx: AbiContext, tagged: bigint): number {
  if (cx.enc === ENC_LATIN1_UTF16 && (tagged & UTF16_TAG_64) !== 0n) {
    const units = tagged & MASK_63;
    if (units > 0x7fff_ffffn) stringTooLong();
    return (Number(units) | UTF16_TAG) >>> 0;
  }
  if (tagged > 0xffff_ffffn) stringTooLong();
  return Number(tagged);
}

/** The last store's length (`cx.strLen`, 32-bit form) as the i64 a 64-bit memory holds. */
export function strLen64(cx: AbiContext): bigint {
  const n = cx.strLen;
  if (cx.enc === ENC_LATIN1_UTF16 && (n & UTF16_TAG) !== 0) return BigInt((n ^ UTF16_TAG) >>> 0) | UTF16_TAG_64;
  return BigInt(n >>> 0);
}

/** Lift a string at `ptr` (unsigned) with an i64 tagged length (bits as given, any sign). */
export function loadString64(cx: AbiContext, ptr: number, tagged: bigint): string | GuestString {
  return loadStringAt(cx, ptr, taggedTo32(cx, BigInt.asUintN(64, tagged)));
}

/** Copy `bytes` into guest memory at `ptr` (in bounds: realloc checked it). */
export function writeRange(cx: AbiContext, ptr: number, bytes: Uint8Array): void {
  if (cx.big !== undefined) cx.big.writeBytes(ptr, bytes, 0, bytes.length);
  else cx.u8.set(bytes, ptr);
}

/**
 * Lower a string (or a GuestString, memory to memory) into a 64-bit memory: returns the pointer, leaves
 * the length in `cx.strLen` (32-bit form; strLen64 gives the stored form).
 */
export function storeString64(cx: AbiContext, v: string | GuestString): number {
  return storeThroughWindow(cx, () => storeStringIntoRange(cx, v));
}
