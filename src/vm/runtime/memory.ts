// A linear memory. Two representations:
//
// - Flat (every 32-bit memory, and 64-bit memories up to FLAT_MAX_BYTES): one ArrayBuffer with a
//   Uint8Array and a DataView over it. Growing reallocates and copies (Hermes has no resizable
//   ArrayBuffer), so every holder of a view must re-read `u8`/`dv` after anything that can grow the memory
//   (the interpreter does after calls and memory.grow). DataView gives exact little-endian access at any
//   alignment.
// - Segmented (a 64-bit memory larger than FLAT_MAX_BYTES: hosts cap one typed array at 2^32 bytes, Node
//   cannot even view a bigger ArrayBuffer): the bytes live in SEGMENT_BYTES-sized Uint8Arrays, created on
//   the first write to them; an absent segment reads as zeros, so a huge memory whose pages are never
//   touched costs almost nothing. `u8`/`dv`/`buffer` are then empty, so every fast-path bounds check
//   (`ea + width > u8.length`, the interpreter's `memLen`) fails and the access falls into the slow path,
//   which checks `byteLength` and serves it through readBytes / writeBytes / fillBytes. Only 64-bit
//   memories can be segmented, and those never take the interpreter's inline loads/stores (they go
//   through exec/mem-access.ts), so the hot path is unchanged. A flat 64-bit memory that grows past
//   FLAT_MAX_BYTES becomes segmented without copying: its old buffer is viewed as the first segments.
//
// Memory accounting: a 32-bit memory is capped at 2^32 bytes (65536 pages) and by the embedder's
// `maxMemoryPages`. A 64-bit memory is capped at MAX_MEMORY64_BYTES (64 GiB) unless the embedder gives
// its own `maxMemoryPages`; a larger declared minimum fails instantiation with a RangeError naming both
// sizes, and memory.grow past the cap returns -1. The cap bounds the segment table (4096 entries), not
// the memory actually used: only written segments are allocated.

export const PAGE_SIZE = 65536;
/** 2^16 pages: the most a 32-bit memory can have. */
export const MAX_PAGES = 65536;
/** Most bytes one flat memory holds: 2^32, a full 32-bit memory (typed arrays stop there). */
export const FLAT_MAX_BYTES = 2 ** 32;
/** Bytes per segment of a segmented memory (16 MiB). */
export const SEGMENT_BYTES = 2 ** 24;
/** Default size cap of a 64-bit memory: 2^36 bytes (64 GiB, 1,048,576 pages of 64 KiB). */
export const MAX_MEMORY64_BYTES = 2 ** 36;

const EMPTY_BUFFER = new ArrayBuffer(0);
const EMPTY_U8 = new Uint8Array(EMPTY_BUFFER);
const EMPTY_DV = new DataView(EMPTY_BUFFER);

export class MemoryInst {
  /** The flat buffer; empty for a segmented memory (whose bytes no single ArrayBuffer can hold). */
  buffer: ArrayBuffer;
  u8: Uint8Array;
  dv: DataView;
  /** Segments of a segmented memory (undefined entries: never written, all zero); null when flat. */
  segments: (Uint8Array | undefined)[] | null = null;
  /** Current size in pages. */
  pages: number;
  /** Declared maximum in pages, or undefined. */
  readonly max: number | undefined;
  /** Pages this memory may never exceed (declared max, embedder limit, address space, host cap). */
  readonly limit: number;
  readonly shared: boolean;
  /** Page size in bytes (custom page sizes: 1 or 65536). */
  readonly pageSize: number;
  /** memory64: addresses are i64. */
  index64: boolean;
  /** JS API wrapper (Memory), created on demand, so `instance.exports.memory === instance.exports.memory`. */
  wrapper: unknown = undefined;

  /**
   * `embedderLimit` is in 64 KiB pages whatever the page size; undefined means 65536 pages for a 32-bit
   * memory and MAX_MEMORY64_BYTES for a 64-bit one.
   */
  constructor(
    initial: number,
    max: number | undefined,
    shared = false,
    embedderLimit: number | undefined = undefined,
    pageSize = PAGE_SIZE,
    index64 = false,
  ) {
    this.pages = initial;
    this.max = max;
    this.shared = shared;
    this.pageSize = pageSize;
    this.index64 = index64;
    // a 32-bit address space holds 2^32 bytes: 65536 pages of 64 KiB, 2^32 pages of one byte
    const absMax = index64 ? 2 ** 64 / pageSize : pageSize === PAGE_SIZE ? MAX_PAGES : 2 ** 32 / pageSize;
    const cap = embedderLimit !== undefined
      ? Math.floor((embedderLimit * PAGE_SIZE) / pageSize)
      : index64 ? MAX_MEMORY64_BYTES / pageSize : MAX_PAGES * (PAGE_SIZE / pageSize);
    this.limit = Math.min(max === undefined ? absMax : max, absMax, cap);
    if (initial > absMax) throw new RangeError('memory size exceeds the limit');
    if (index64 && initial > this.limit) {
      throw new RangeError(`64-bit memory of ${initial} pages (${initial * pageSize} bytes) exceeds the limit of ${this.limit} pages (${this.limit * pageSize} bytes)`);
    }
    const bytes = initial * pageSize;
    if (bytes > FLAT_MAX_BYTES) {
      this.buffer = EMPTY_BUFFER;
      this.u8 = EMPTY_U8;
      this.dv = EMPTY_DV;
      this.segments = [];
      return;
    }
    this.buffer = new ArrayBuffer(bytes);
    this.u8 = new Uint8Array(this.buffer);
    this.dv = new DataView(this.buffer);
  }

  get byteLength(): number {
    return this.pages * this.pageSize;
  }

  /** memory.grow: returns the old size in pages, or -1 when the memory cannot grow by `delta` pages. */
  grow(delta: number): number {
    const old = this.pages;
    if (delta === 0) return old;
    if (!(delta > 0 && Number.isInteger(delta))) return -1; // callers pass unsigned page counts
    if (old + delta > this.limit) return -1;
    const bytes = (old + delta) * this.pageSize;
    if (this.segments !== null || bytes > FLAT_MAX_BYTES) {
      // Segmented: nothing to allocate now; new segments appear on first write.
      if (this.segments === null) this.segmentFlatBuffer();
      this.pages = old + delta;
      return old;
    }
    let next: ArrayBuffer;
    try {
      next = new ArrayBuffer(bytes);
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

  /** Flat → segmented: whole segments view the old buffer; a partial last one is copied into a full one. */
  private segmentFlatBuffer(): void {
    const segs: (Uint8Array | undefined)[] = [];
    const len = this.u8.length;
    for (let at = 0; at < len; at += SEGMENT_BYTES) {
      if (at + SEGMENT_BYTES <= len) segs.push(new Uint8Array(this.buffer, at, SEGMENT_BYTES));
      else {
        const seg = new Uint8Array(SEGMENT_BYTES);
        seg.set(this.u8.subarray(at));
        segs.push(seg);
      }
    }
    this.segments = segs;
    this.buffer = EMPTY_BUFFER;
    this.u8 = EMPTY_U8;
    this.dv = EMPTY_DV;
  }

  /** The segment `si` for writing, allocated (zero-filled) on first use. */
  private writableSegment(si: number): Uint8Array {
    const segs = this.segments!;
    let seg = segs[si];
    if (seg === undefined) {
      seg = new Uint8Array(SEGMENT_BYTES);
      while (segs.length < si) segs.push(undefined);
      segs[si] = seg;
    }
    return seg;
  }

  // Byte-range access for either representation; callers check bounds against `byteLength` first.

  /** Copy memory bytes [ea, ea+n) into `dst` at `at`. */
  readBytes(ea: number, dst: Uint8Array, at: number, n: number): void {
    const segs = this.segments;
    if (segs === null) {
      dst.set(this.u8.subarray(ea, ea + n), at);
      return;
    }
    while (n > 0) {
      const si = Math.floor(ea / SEGMENT_BYTES);
      const off = ea - si * SEGMENT_BYTES;
      const c = Math.min(n, SEGMENT_BYTES - off);
      const seg = segs[si];
      if (seg === undefined) dst.fill(0, at, at + c);
      else dst.set(seg.subarray(off, off + c), at);
      ea += c;
      at += c;
      n -= c;
    }
  }

  /** Copy `src[at, at+n)` into memory at ea. */
  writeBytes(ea: number, src: Uint8Array, at: number, n: number): void {
    if (this.segments === null) {
      this.u8.set(src.subarray(at, at + n), ea);
      return;
    }
    while (n > 0) {
      const si = Math.floor(ea / SEGMENT_BYTES);
      const off = ea - si * SEGMENT_BYTES;
      const c = Math.min(n, SEGMENT_BYTES - off);
      // zeros written to a never-written segment change nothing: keep it unallocated
      if (this.segments[si] !== undefined || !allZero(src, at, c)) this.writableSegment(si).set(src.subarray(at, at + c), off);
      ea += c;
      at += c;
      n -= c;
    }
  }

  /** Set memory bytes [ea, ea+n) to `v` (0..255); zero-filling leaves untouched segments unallocated. */
  fillBytes(ea: number, v: number, n: number): void {
    const segs = this.segments;
    if (segs === null) {
      this.u8.fill(v, ea, ea + n);
      return;
    }
    while (n > 0) {
      const si = Math.floor(ea / SEGMENT_BYTES);
      const off = ea - si * SEGMENT_BYTES;
      const c = Math.min(n, SEGMENT_BYTES - off);
      if (v !== 0 || segs[si] !== undefined) this.writableSegment(si).fill(v, off, off + c);
      ea += c;
      n -= c;
    }
  }

  /** Byte at ea (in bounds). */
  byteAt(ea: number): number {
    const segs = this.segments;
    if (segs === null) return this.u8[ea];
    const si = Math.floor(ea / SEGMENT_BYTES);
    const seg = segs[si];
    return seg === undefined ? 0 : seg[ea - si * SEGMENT_BYTES];
  }

  /** Set the byte at ea (in bounds). */
  setByteAt(ea: number, v: number): void {
    if (this.segments === null) {
      this.u8[ea] = v;
      return;
    }
    const si = Math.floor(ea / SEGMENT_BYTES);
    this.writableSegment(si)[ea - si * SEGMENT_BYTES] = v;
  }
}

function allZero(a: Uint8Array, at: number, n: number): boolean {
  for (let i = at, end = at + n; i < end; i++) if (a[i] !== 0) return false;
  return true;
}

/** Copy n bytes between memories (either representation; bounds already checked), as memmove. */
export function copyBetween(dst: MemoryInst, src: MemoryInst, d: number, s: number, n: number): void {
  const CHUNK = 1 << 20;
  const tmp = new Uint8Array(Math.min(n, CHUNK));
  if (dst === src && d > s && d < s + n) {
    // overlapping, destination above: copy chunks from the end so no source byte is overwritten first
    for (let left = n; left > 0;) {
      const c = Math.min(left, CHUNK);
      left -= c;
      src.readBytes(s + left, tmp, 0, c);
      dst.writeBytes(d + left, tmp, 0, c);
    }
    return;
  }
  for (let done = 0; done < n;) {
    const c = Math.min(n - done, CHUNK);
    src.readBytes(s + done, tmp, 0, c);
    dst.writeBytes(d + done, tmp, 0, c);
    done += c;
  }
}
