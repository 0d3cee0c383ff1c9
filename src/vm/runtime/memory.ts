// A linear memory. Two representations:
//
// - Flat (every 32-bit memory, and 64-bit memories up to FLAT_MAX_BYTES): one backing ArrayBuffer with a
//   Uint8Array and a DataView over exactly its first `byteLength` bytes (so `u8.length` is the memory size
//   and every bounds check stays one comparison). The backing may be larger than the memory: memory.grow
//   reserves amortized capacity (x1.5 below 256 MiB, x1.25 above; Hermes has no resizable ArrayBuffer), so
//   growing page by page copies O(final size) bytes in total, not O(size^2). Growing within the capacity
//   only makes longer views (the bytes beyond the size are never written, so they are still zero). Every
//   holder of a view must re-read `u8`/`dv` after anything that can grow the memory (the interpreter does
//   after calls and memory.grow). DataView gives exact little-endian access at any alignment.
//   The JS API's `Memory#buffer` must be an ArrayBuffer of exactly the memory's size that becomes detached
//   when the memory grows. `buffer` therefore trims the backing to the exact size (one copy, only when JS
//   asks after a grow) and marks it exposed; the next grow then reallocates and detaches the exposed buffer
//   where the engine can (`ArrayBuffer.prototype.transfer`, else `structuredClone` with transfer: Node,
//   browsers, Deno). Where neither exists (Hermes, QuickJS) the old buffer keeps the old bytes and no longer
//   reaches the memory — the only case in which a stale buffer silently diverges.
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
const EMPTY_I32 = new Int32Array(EMPTY_BUFFER);
const EMPTY_F64 = new Float64Array(EMPTY_BUFFER);
const EMPTY_I16 = new Int16Array(EMPTY_BUFFER);
const EMPTY_U16 = new Uint16Array(EMPTY_BUFFER);
const EMPTY_I8 = new Int8Array(EMPTY_BUFFER);

/** Typed arrays use the host's byte order, wasm memory is little-endian: on a big-endian host the JS tier's
 *  element views are left empty (every read through them misses and falls back to the DataView). */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export class MemoryInst {
  /** The flat backing store (at least `byteLength` bytes: the rest is growth capacity, all zero); empty for
   *  a segmented memory (whose bytes no single ArrayBuffer can hold). */
  private backing: ArrayBuffer;
  /** The backing was handed to JS as `buffer`: a grow must replace it (and detach it where possible). */
  private exposed = false;
  /** Exactly the memory's bytes (`u8.length === byteLength` for a flat memory). */
  u8: Uint8Array = EMPTY_U8;
  dv: DataView = EMPTY_DV;
  // Element views of the same bytes for the JS tier's loads (src/vm/jstier/codegen.ts: an element read costs
  // less than a DataView call without a JIT; a misaligned or out-of-bounds index reads undefined and the
  // access falls back to `dv`). Each is as long as whole elements fit; empty on a big-endian host and while
  // segmented. Set with `u8`/`dv`, by setViews.
  i32: Int32Array = EMPTY_I32;
  f64: Float64Array = EMPTY_F64;
  i16: Int16Array = EMPTY_I16;
  u16: Uint16Array = EMPTY_U16;
  i8: Int8Array = EMPTY_I8;
  /** Segments of a segmented memory (undefined entries: never written, all zero); null when flat. */
  segments: (Uint8Array | undefined)[] | null = null;
  /** Current size in pages. */
  pages: number;
  /** Declared maximum in pages, or undefined. */
  readonly max: number | undefined;
  /** Pages this memory may never exceed (declared max, embedder limit, address space, host cap). */
  readonly limit: number;
  readonly shared: boolean;
  /** @internal Page size in bytes (custom page sizes: 1 or 65536). */
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
      this.backing = EMPTY_BUFFER;
      this.segments = [];
      return;
    }
    this.backing = new ArrayBuffer(bytes);
    this.setViews(bytes);
  }

  /** `u8`, `dv` and the element views (see `i32`) over the first `size` bytes of the backing. */
  private setViews(size: number): void {
    const b = this.backing;
    this.u8 = new Uint8Array(b, 0, size);
    this.dv = new DataView(b, 0, size);
    if (!LITTLE_ENDIAN || size === 0) {
      this.i32 = EMPTY_I32;
      this.f64 = EMPTY_F64;
      this.i16 = EMPTY_I16;
      this.u16 = EMPTY_U16;
      this.i8 = EMPTY_I8;
      return;
    }
    this.i32 = new Int32Array(b, 0, size >>> 2);
    this.f64 = new Float64Array(b, 0, Math.floor(size / 8));
    this.i16 = new Int16Array(b, 0, size >>> 1);
    this.u16 = new Uint16Array(b, 0, size >>> 1);
    this.i8 = new Int8Array(b, 0, size);
  }

  /** The JS API's buffer: exactly the memory's bytes, replaced (and the old one detached) by the next grow.
   *  Empty for a segmented memory (the API layer refuses to give one). */
  get buffer(): ArrayBuffer {
    if (this.segments !== null) return EMPTY_BUFFER;
    if (this.backing.byteLength !== this.u8.length) this.reallocate(this.u8.length, this.u8.length);
    this.exposed = true;
    return this.backing;
  }

  /** New backing of `capacity` bytes holding the first `keep` bytes; views of `size` bytes over it. */
  private reallocate(capacity: number, size: number): void {
    const next = new ArrayBuffer(capacity);
    const keep = this.u8;
    new Uint8Array(next).set(keep);
    if (this.exposed) detach(this.backing);
    this.exposed = false;
    this.backing = next;
    this.setViews(size);
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
    if (bytes <= this.backing.byteLength && !this.exposed) {
      // within the capacity: the bytes past the old size were never written, so they are zero
      this.setViews(bytes);
      this.pages = old + delta;
      return old;
    }
    const oldBytes = this.u8.length;
    const maxBytes = Math.min(this.limit * this.pageSize, FLAT_MAX_BYTES);
    const wanted = Math.min(maxBytes, Math.max(bytes, oldBytes + (oldBytes < 2 ** 28 ? oldBytes >> 1 : oldBytes >> 2)));
    try {
      this.reallocate(wanted, bytes);
    } catch {
      try {
        this.reallocate(bytes, bytes); // no room for capacity: exactly the size
      } catch {
        return -1; // the host could not allocate: the spec allows grow to fail
      }
    }
    this.pages = old + delta;
    return old;
  }

  /** Flat → segmented: whole segments view the old buffer; a partial last one is copied into a full one. */
  private segmentFlatBuffer(): void {
    const segs: (Uint8Array | undefined)[] = [];
    const len = this.u8.length;
    for (let at = 0; at < len; at += SEGMENT_BYTES) {
      if (at + SEGMENT_BYTES <= len) segs.push(new Uint8Array(this.backing, at, SEGMENT_BYTES));
      else {
        const seg = new Uint8Array(SEGMENT_BYTES);
        seg.set(this.u8.subarray(at));
        segs.push(seg);
      }
    }
    this.segments = segs;
    if (this.exposed) detach(this.backing);
    this.exposed = false;
    this.backing = EMPTY_BUFFER;
    this.setViews(0);
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
}

/** Detaches an ArrayBuffer JS may hold (the JS API: a grown memory's old buffer is detached), where the
 *  engine offers a way; elsewhere it is left as it is (see the top of this file). */
function detach(b: ArrayBuffer): void {
  const transfer = (b as { transfer?: () => ArrayBuffer }).transfer;
  if (typeof transfer === 'function') {
    transfer.call(b);
    return;
  }
  const clone = (globalThis as { structuredClone?: (v: unknown, o: { transfer: unknown[] }) => unknown }).structuredClone;
  if (typeof clone === 'function') {
    try {
      clone(b, { transfer: [b] });
    } catch {
      // not transferable here: leave it
    }
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
