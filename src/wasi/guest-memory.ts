// Views of the guest's linear memory for the preview1 functions. The buffer is re-read on every call:
// memory.grow replaces it, and a host call may be the first to see the new one.
import { decodeUtf8, encodeUtf8Into, utf8Length } from '../abi/text-codec.js';
import { Errno, WasiError } from './errno.js';

export interface MemoryLike {
  readonly buffer: ArrayBuffer;
}

export class GuestMemory {
  u8!: Uint8Array;
  dv!: DataView;
  private buffer: ArrayBuffer | undefined;

  constructor(private readonly memory: () => MemoryLike) {}

  /** Refreshes the views; call at the start of each host function. */
  refresh(): this {
    const b = this.memory().buffer;
    if (b !== this.buffer) {
      this.buffer = b;
      this.u8 = new Uint8Array(b);
      this.dv = new DataView(b);
    }
    return this;
  }

  /** Bounds check: a guest pointer range outside memory is EFAULT (never a host exception). */
  check(ptr: number, len: number): void {
    if (ptr < 0 || len < 0 || ptr + len > this.u8.length) throw new WasiError(Errno.FAULT, 'pointer out of bounds');
  }

  bytes(ptr: number, len: number): Uint8Array {
    ptr >>>= 0;
    len >>>= 0;
    this.check(ptr, len);
    return this.u8.subarray(ptr, ptr + len);
  }

  u32(ptr: number): number {
    this.check(ptr >>> 0, 4);
    return this.dv.getUint32(ptr >>> 0, true);
  }
  u8at(ptr: number): number {
    this.check(ptr >>> 0, 1);
    return this.u8[ptr >>> 0];
  }
  setU8(ptr: number, v: number): void {
    this.check(ptr >>> 0, 1);
    this.dv.setUint8(ptr >>> 0, v);
  }
  setU16(ptr: number, v: number): void {
    this.check(ptr >>> 0, 2);
    this.dv.setUint16(ptr >>> 0, v, true);
  }
  setU32(ptr: number, v: number): void {
    this.check(ptr >>> 0, 4);
    this.dv.setUint32(ptr >>> 0, v >>> 0, true);
  }
  setU64(ptr: number, v: bigint | number): void {
    this.check(ptr >>> 0, 8);
    this.dv.setBigUint64(ptr >>> 0, BigInt.asUintN(64, BigInt(v)), true);
  }
  u64(ptr: number): bigint {
    this.check(ptr >>> 0, 8);
    return this.dv.getBigUint64(ptr >>> 0, true);
  }

  /** A guest string (UTF-8); ill-formed UTF-8 is ILSEQ. */
  string(ptr: number, len: number): string {
    const b = this.bytes(ptr, len);
    try {
      return decodeUtf8(b, 0, b.length);
    } catch {
      throw new WasiError(Errno.ILSEQ, 'path is not valid UTF-8');
    }
  }

  /** The iovec array at `ptr` (`count` entries of {buf, len}) as views of guest memory. */
  iovecs(ptr: number, count: number): Uint8Array[] {
    const out: Uint8Array[] = [];
    for (let i = 0; i < count >>> 0; i++) {
      const p = (ptr >>> 0) + i * 8;
      out.push(this.bytes(this.u32(p), this.u32(p + 4)));
    }
    return out;
  }
}

/** UTF-8 bytes of a host string. */
export function utf8(s: string): Uint8Array {
  const out = new Uint8Array(utf8Length(s, 0));
  encodeUtf8Into(s, 0, out, 0);
  return out;
}
