// A linear memory: one ArrayBuffer with Uint8Array and DataView over it.
//
// Growing reallocates and copies (Hermes has no resizable ArrayBuffer), so every holder of a view must
// re-read `u8`/`dv` after anything that can grow the memory (the interpreter does after calls and
// memory.grow). DataView gives exact little-endian access at any alignment.

export const PAGE_SIZE = 65536;
/** 2^16 pages: the most a 32-bit memory can have. */
export const MAX_PAGES = 65536;

export class MemoryInst {
  buffer: ArrayBuffer;
  u8: Uint8Array;
  dv: DataView;
  /** Current size in pages. */
  pages: number;
  /** Declared maximum in pages, or undefined. */
  readonly max: number | undefined;
  /** Pages this memory may never exceed (declared max, embedder limit, 65536). */
  readonly limit: number;
  readonly shared: boolean;
  /** Page size in bytes (custom page sizes: 1 or 65536). */
  readonly pageSize: number;
  /** memory64: addresses are i64. */
  index64 = false;
  /** JS API wrapper (Memory), created on demand, so `instance.exports.memory === instance.exports.memory`. */
  wrapper: unknown = undefined;

  /** `embedderLimit` is in 64 KiB pages whatever the page size. */
  constructor(initial: number, max: number | undefined, shared = false, embedderLimit = MAX_PAGES, pageSize = PAGE_SIZE) {
    this.pages = initial;
    this.max = max;
    this.shared = shared;
    this.pageSize = pageSize;
    // a 32-bit address space holds 2^32 bytes: 65536 pages of 64 KiB, 2^32 pages of one byte
    const absMax = pageSize === PAGE_SIZE ? MAX_PAGES : 2 ** 32 / pageSize;
    this.limit = Math.min(max === undefined ? absMax : max, absMax, Math.floor((embedderLimit * PAGE_SIZE) / pageSize));
    if (initial > this.limit && initial > absMax) throw new RangeError('memory size exceeds the limit');
    this.buffer = new ArrayBuffer(initial * pageSize);
    this.u8 = new Uint8Array(this.buffer);
    this.dv = new DataView(this.buffer);
  }

  get byteLength(): number {
    return this.pages * this.pageSize;
  }

  /** memory.grow: returns the old size in pages, or -1 when the memory cannot grow by `delta` pages. */
  grow(delta: number): number {
    const old = this.pages;
    delta = delta >>> 0;
    if (delta === 0) return old;
    if (old + delta > this.limit) return -1;
    let next: ArrayBuffer;
    try {
      next = new ArrayBuffer((old + delta) * this.pageSize);
    } catch {
      return -1; // the host could not allocate: the spec allows grow to fail
    }
    new Uint8Array(next).set(this.u8);
    this.buffer = next;
    this.u8 = new Uint8Array(next);
    this.dv = new DataView(next);
    this.pages = old + delta;
    return old;
  }
}
