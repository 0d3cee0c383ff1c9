// Data count section (bulk memory): the number of data segments, so code can use memory.init / data.drop.
import type { Reader } from './reader.js';

export function readDataCountSection(r: Reader): number {
  return r.u32();
}
