// Canonical options as `canon lift` / `canon lower` give them (CanonicalABI.md CanonicalOptions).
import type { AbiMemory, Realloc } from './interfaces.js';

export type StringEncoding = 'utf8' | 'utf16' | 'latin1+utf16';

export interface AbiOptions {
  /** `(memory ...)`: needed as soon as a string, list or spilled value crosses. */
  readonly memory?: AbiMemory;
  /** `(realloc ...)`: needed to lower strings and lists into the guest. */
  readonly realloc?: Realloc;
  /** `(post-return ...)`: called with the core results after they were lifted. */
  readonly postReturn?: (...results: unknown[]) => void;
  /** `string-encoding=...`; utf8 when absent. */
  readonly stringEncoding?: StringEncoding;
}

/** Encoding as a small integer, so string routines dispatch with a cheap switch. */
export type Enc = 0 | 1 | 2;
export const ENC_UTF8 = 0;
export const ENC_UTF16 = 1;
export const ENC_LATIN1_UTF16 = 2;

export function encodingCode(e: StringEncoding | undefined): Enc {
  switch (e) {
    case undefined:
    case 'utf8':
      return ENC_UTF8;
    case 'utf16':
      return ENC_UTF16;
    case 'latin1+utf16':
      return ENC_LATIN1_UTF16;
    default:
      throw new TypeError(`unknown string encoding: ${String(e)}`);
  }
}
