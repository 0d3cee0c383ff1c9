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
  /** memory64: addresses are i64. */
  index64 = false;
  /** JS API wrapper (Memory), created on demand, so `instance.exports.memory === instance.exports.memory`. */
  wrapper: unknown = undefined;

  constructor(initial: number, max: number | undefined, shared = false, embedderLimit = MAX_PAGES) {
    this.pages = initial;
    this.max = max;
    this.shared = shared;
    this.limit = Math.min(max === undefined ? MAX_PAGES : max, MAX_PAGES, embedderLimit);
    if (initial > this.limit && initial > MAX_PAGES) throw new RangeError('memory size exceeds the limit');
    this.buffer = new ArrayBuffer(initial * PAGE_SIZE);
    this.u8 = new Uint8Array(this.buffer);
    this.dv = new DataView(this.buffer);
  }

  get byteLength(): number {
    return this.pages * PAGE_SIZE;
  }

  /** memory.grow: returns the old size in pages, or -1 when the memory cannot grow by `delta` pages. */
  grow(delta: number): number {
    const old = this.pages;
    delta = delta >>> 0;
    if (delta === 0) return old;
    if (old + delta > this.limit) return -1;
    let next: ArrayBuffer;
    try {
      next = new ArrayBuffer((old + delta) * PAGE_SIZE);
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
