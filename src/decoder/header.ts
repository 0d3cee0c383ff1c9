// The module preamble: magic "\0asm" and version 1 (layer 0 = core module).
import type { Reader } from './reader.js';
import { UNEXPECTED_END } from './errors.js';

export function readHeader(r: Reader): void {
  const b = r.bytes;
  r.section = 'header';
  // (Fewer than four bytes cannot be checked for the magic: the input ends first.)
  if (r.end < 4) r.fail(UNEXPECTED_END, r.end);
  if (b[0] !== 0x00 || b[1] !== 0x61 || b[2] !== 0x73 || b[3] !== 0x6d) {
    r.fail('magic header not detected', 0);
  }
  if (r.end < 8) r.fail(UNEXPECTED_END, r.end);
  if (b[4] !== 1 || b[5] !== 0 || b[6] !== 0 || b[7] !== 0) r.fail('unknown binary version', 4);
  r.pos = 8;
}
