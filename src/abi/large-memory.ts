// Access to a 64-bit memory too big for one typed array (the vm holds it in segments; interfaces.ts
// LargeMemory). The 64-bit codecs read and write scalars only through `cx.dv`, so for such a memory the
// context's `dv` is a LargeView: the same methods, each copying its few bytes through a scratch buffer.
// Strings and lists of numbers copy their whole range at once (readRange / writeRange). Everything here
// runs after the ABI's own bounds checks, which use the memory's byte length.
import type { LargeMemory } from './interfaces.js';

export class LargeView {
  private readonly scratch = new Uint8Array(8);
  private readonly sdv = new DataView(this.scratch.buffer);

  constructor(private readonly mem: LargeMemory) {}

  private load(p: number, n: number): DataView {
    this.mem.readBytes(p, this.scratch, 0, n);
    return this.sdv;
  }

  private flush(p: number, n: number): void {
    this.mem.writeBytes(p, this.scratch, 0, n);
  }

  getUint8(p: number): number {
    return this.load(p, 1).getUint8(0);
  }
  getInt8(p: number): number {
    return this.load(p, 1).getInt8(0);
  }
  getUint16(p: number, le?: boolean): number {
    return this.load(p, 2).getUint16(0, le);
  }
  getInt16(p: number, le?: boolean): number {
    return this.load(p, 2).getInt16(0, le);
  }
  getUint32(p: number, le?: boolean): number {
    return this.load(p, 4).getUint32(0, le);
  }
  getInt32(p: number, le?: boolean): number {
    return this.load(p, 4).getInt32(0, le);
  }
  getFloat32(p: number, le?: boolean): number {
    return this.load(p, 4).getFloat32(0, le);
  }
  getFloat64(p: number, le?: boolean): number {
    return this.load(p, 8).getFloat64(0, le);
  }
  getBigUint64(p: number, le?: boolean): bigint {
    return this.load(p, 8).getBigUint64(0, le);
  }
  getBigInt64(p: number, le?: boolean): bigint {
    return this.load(p, 8).getBigInt64(0, le);
  }

  setUint8(p: number, v: number): void {
    this.sdv.setUint8(0, v);
    this.flush(p, 1);
  }
  setInt8(p: number, v: number): void {
    this.sdv.setInt8(0, v);
    this.flush(p, 1);
  }
  setUint16(p: number, v: number, le?: boolean): void {
    this.sdv.setUint16(0, v, le);
    this.flush(p, 2);
  }
  setInt16(p: number, v: number, le?: boolean): void {
    this.sdv.setInt16(0, v, le);
    this.flush(p, 2);
  }
  setUint32(p: number, v: number, le?: boolean): void {
    this.sdv.setUint32(0, v, le);
    this.flush(p, 4);
  }
  setInt32(p: number, v: number, le?: boolean): void {
    this.sdv.setInt32(0, v, le);
    this.flush(p, 4);
  }
  setFloat32(p: number, v: number, le?: boolean): void {
    this.sdv.setFloat32(0, v, le);
    this.flush(p, 4);
  }
  setFloat64(p: number, v: number, le?: boolean): void {
    this.sdv.setFloat64(0, v, le);
    this.flush(p, 8);
  }
  setBigUint64(p: number, v: bigint, le?: boolean): void {
    this.sdv.setBigUint64(0, v, le);
    this.flush(p, 8);
  }
  setBigInt64(p: number, v: bigint, le?: boolean): void {
    this.sdv.setBigInt64(0, v, le);
    this.flush(p, 8);
  }
}

/** A copy of memory bytes [ptr, ptr+n). */
export function readRange(mem: LargeMemory, ptr: number, n: number): Uint8Array {
  const out = new Uint8Array(n);
  mem.readBytes(ptr, out, 0, n);
  return out;
}
