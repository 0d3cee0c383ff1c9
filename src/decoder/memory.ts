// Memory section: memory types.
import type { MemoryType } from './module.js';
import type { Reader } from './reader.js';
import { readMemoryType } from './imports.js';

export function readMemorySection(r: Reader, memories: MemoryType[]): void {
  const n = r.vecLen(1);
  for (let i = 0; i < n; i++) memories.push(readMemoryType(r));
}
