// The byte stream of a snapshot (little-endian, growable on write, bounds-checked on read): what the store's
// sections (store.ts) and the component instances' (components.ts) are written with.

/** @internal */
export class SnapshotWriter {
  private buf = new Uint8Array(1024);
  private dv = new DataView(this.buf.buffer);
  length = 0;
  private room(n: number): void {
    if (this.length + n <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.length + n) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
    this.dv = new DataView(next.buffer);
  }
  u32(v: number): void {
    this.room(4);
    this.dv.setUint32(this.length, v >>> 0, true);
    this.length += 4;
  }
  i32(v: number): void {
    this.room(4);
    this.dv.setInt32(this.length, v | 0, true);
    this.length += 4;
  }
  f64(v: number): void {
    this.room(8);
    this.dv.setFloat64(this.length, v, true);
    this.length += 8;
  }
  /** A string as UTF-16 code units (no TextEncoder in src/). */
  str(s: string): void {
    this.u32(s.length);
    this.room(s.length * 2);
    for (let i = 0; i < s.length; i++) this.dv.setUint16(this.length + i * 2, s.charCodeAt(i), true);
    this.length += s.length * 2;
  }
  bytes(b: Uint8Array): void {
    this.room(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
  }
  /** Overwrites the u32 at `at` (a count known only later). */
  setU32(at: number, v: number): void {
    this.dv.setUint32(at, v >>> 0, true);
  }
  /** Appends what another writer wrote. */
  append(other: SnapshotWriter): void {
    this.bytes(other.buf.subarray(0, other.length));
  }
  finish(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}

/** @internal */
export class SnapshotReader {
  private readonly dv: DataView;
  at = 0;
  constructor(private readonly b: Uint8Array) {
    this.dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  }
  /** Bytes left to read. */
  remaining(): number {
    return this.b.length - this.at;
  }
  private need(n: number): void {
    if (this.at + n > this.b.length) throw new Error('restore: the snapshot is truncated');
  }
  u32(): number {
    this.need(4);
    const v = this.dv.getUint32(this.at, true);
    this.at += 4;
    return v;
  }
  i32(): number {
    this.need(4);
    const v = this.dv.getInt32(this.at, true);
    this.at += 4;
    return v;
  }
  f64(): number {
    this.need(8);
    const v = this.dv.getFloat64(this.at, true);
    this.at += 8;
    return v;
  }
  str(): string {
    const n = this.u32();
    this.need(n * 2);
    let s = '';
    // In chunks: String.fromCharCode takes its units as arguments.
    for (let i = 0; i < n; i += 4096) {
      const units: number[] = [];
      for (let k = i; k < Math.min(n, i + 4096); k++) units.push(this.dv.getUint16(this.at + k * 2, true));
      s += String.fromCharCode(...units);
    }
    this.at += n * 2;
    return s;
  }
  bytes(n: number): Uint8Array {
    this.need(n);
    const v = this.b.subarray(this.at, this.at + n);
    this.at += n;
    return v;
  }
}
