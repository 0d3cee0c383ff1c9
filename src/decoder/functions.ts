// Function section: the type index of every defined function.
import type { Reader } from './reader.js';

export function readFunctionSection(r: Reader, functions: number[]): void {
  const n = r.vecLen(1);
  for (let i = 0; i < n; i++) functions.push(r.u32());
}
