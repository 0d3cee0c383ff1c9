// Every canonical-ABI trap is a vm `Trap` whose reason names the rule that failed.
import { Trap } from '../vm/errors.js';

export function trap(reason: string): never {
  throw new Trap(reason);
}

/** A string longer than MAX_STRING_BYTE_LENGTH (CanonicalABI.md load_string_from_range). */
export function stringTooLong(): never {
  trap('string content out-of-bounds: longer than the maximum string length');
}
