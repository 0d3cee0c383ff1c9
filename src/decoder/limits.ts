// Limits of tables and memories: flags byte, min, optional max (u32, or u64 for 64-bit indices), and the
// custom-page-sizes proposal's page size exponent for memories.
import type { Limits } from './module.js';
import type { Reader } from './reader.js';

const TWO32 = 0x1_0000_0000;

function readBound(r: Reader, index64: boolean): number {
  if (!index64) return r.u32();
  r.u64();
  return (r.hi >>> 0) * TWO32 + (r.lo >>> 0);
}

/** A limits flags byte; bits outside `allowed` are malformed. */
function readFlags(r: Reader, allowed: number): number {
  const start = r.pos;
  const flags = r.u8();
  if (flags & ~allowed) r.fail('malformed limits flags', start);
  return flags;
}

/** min and, with flag bit 0, max (u64 with bit 2, index64); bit 1: shared. */
function readMinMax(r: Reader, flags: number): Limits {
  const index64 = (flags & 4) !== 0;
  const min = readBound(r, index64);
  const max = flags & 1 ? readBound(r, index64) : undefined;
  return { min, max, shared: (flags & 2) !== 0, index64 };
}

/** Memory limits. Flag bits: 0 has max, 1 shared, 2 index64, 3 custom page size. Returns the page-size log2. */
export function readMemoryLimits(r: Reader): { limits: Limits; pageSizeLog2: number } {
  const flags = readFlags(r, 0x0f);
  const limits = readMinMax(r, flags);
  let pageSizeLog2 = 16;
  if (flags & 8) {
    const pstart = r.pos;
    pageSizeLog2 = r.u32();
    if (pageSizeLog2 > 64) r.fail('malformed memory page size', pstart);
  }
  return { limits, pageSizeLog2 };
}

/** Table limits. Flag bits: 0 has max, 1 shared (shared-everything-threads only), 2 index64 (table64). */
export function readTableLimits(r: Reader): Limits {
  return readMinMax(r, readFlags(r, r.sharedForms ? 7 : 5));
}
