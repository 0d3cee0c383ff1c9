// The 64-bit canonical ABI's own routines as one object (interfaces.ts Memory64Abi), which a 64-bit AbiMemory
// carries as `abi64`. Only `purewasm/component-memory64` (src/component-memory64) imports this file: `purewasm` has none of it.
import type { Memory64Abi } from './interfaces.js';
import { LargeView, readRange } from './large-memory.js';
import { loadString64, storeString64, strLen64, writeRange } from './strings64.js';

export const MEMORY64_ABI: Memory64Abi = {
  loadString64,
  storeString64,
  strLen64,
  writeRange,
  readRange,
  largeView: (mem) => new LargeView(mem) as unknown as DataView,
};
