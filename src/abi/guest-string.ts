// A string lifted out of guest memory but not decoded (CanonicalABI.md: "a real implementation should be
// able to fuse lifting and lowering into a single direct copy from the source linear memory into the
// destination linear memory"). Lifting makes one only for strings of LAZY_STRING_BYTES or more: such a
// string is rarely meant for the host (newer revisions of the spec cap strings at 2^28 - 1 bytes; wasmtime
// still allows 2^31 - 1), may not even fit a JS string, and decoding it before the destination's realloc
// would do work proportional to a length the destination is about to refuse. `store_string` then
// transcodes straight from these bytes (transcode.ts), in the spec's order: length checks, realloc,
// bounds check, copy. A host that receives one can call `toString()`.
import { decodeLatin1, decodeUtf16, decodeUtf8 } from './text-codec.js';
import type { Enc } from './options.js';

/** Strings of at least this many bytes are lifted lazily (2^28, the newer spec's byte-length bound). */
export const LAZY_STRING_BYTES = 2 ** 28;

export const SRC_UTF8 = 0;
export const SRC_UTF16 = 1;
export const SRC_LATIN1 = 2;
export type SourceKind = 0 | 1 | 2;

export class GuestString {
  /**
   * `bytes`: the source memory's view at lift time (a later memory.grow replaces the memory's buffer but
   * leaves these bytes, i.e. the string as it was lifted); `units`: code units (bytes for UTF-8/Latin-1);
   * `srcEnc`: the lifting side's string-encoding option (latin1+utf16 sources are stored differently).
   */
  constructor(
    readonly bytes: Uint8Array,
    readonly ptr: number,
    readonly kind: SourceKind,
    readonly units: number,
    readonly srcEnc: Enc,
  ) {}

  get byteLength(): number {
    return this.kind === SRC_UTF16 ? 2 * this.units : this.units;
  }

  /** The decoded string (throws RangeError past the host's string length limit; traps when ill-formed). */
  toString(): string {
    if (this.kind === SRC_UTF8) return decodeUtf8(this.bytes, this.ptr, this.units);
    if (this.kind === SRC_UTF16) return decodeUtf16(this.bytes, this.ptr, this.units);
    return decodeLatin1(this.bytes, this.ptr, this.units);
  }
}
