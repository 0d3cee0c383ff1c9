// Start section: one function index.
import type { Reader } from './reader.js';

export function readStartSection(r: Reader): number {
  return r.u32();
}
