// Data section: active segments (memory 0 or an explicit memory, with an offset expression) and passive ones.
import { END_OF_SECTION } from './errors.js';
import type { ConstExpr, DataSegment } from './module.js';
import type { Reader } from './reader.js';
import { skipConstExpr } from './const-expr.js';

export function readDataSection(r: Reader, datas: DataSegment[]): void {
  const n = r.vecLen(1);
  for (let i = 0; i < n; i++) {
    const offsetInBinary = r.pos;
    const flags = r.u32();
    if (flags > 2) r.fail('malformed data segment kind', offsetInBinary);
    let memory = 0;
    let offsetStart = -1;
    let offsetEnd = -1;
    if (flags !== 1) {
      if (flags === 2) memory = r.u32();
      offsetStart = r.pos;
      offsetEnd = skipConstExpr(r);
    }
    const lstart = r.pos;
    const len = r.u32();
    if (len > r.end - r.pos) r.fail(END_OF_SECTION, lstart);
    datas.push(new CompactDataSegment(r.bytes, r.pos, len, memory, offsetStart, offsetEnd, offsetInBinary));
    r.pos += len;
  }
}

/**
 * A data segment kept as plain numbers; its `data` view is made on first use, its `offset` on access. Real
 * modules have 100k segments (esbuild.wasm): one small object each instead of three keeps decoding fast and
 * the heap small.
 */
class CompactDataSegment implements DataSegment {
  private view: Uint8Array | undefined = undefined;
  constructor(
    private readonly bytes: Uint8Array,
    /** Offset of the segment's bytes in Module.bytes. */
    readonly dataStart: number,
    readonly dataLength: number,
    readonly memory: number,
    /** Offset expression bytes [offsetStart, offsetEnd) of an active segment; -1 for a passive one. */
    readonly offsetStart: number,
    readonly offsetEnd: number,
    readonly offsetInBinary: number,
  ) {}
  get mode(): 'active' | 'passive' {
    return this.offsetStart < 0 ? 'passive' : 'active';
  }
  /** A fresh small object per access (not kept: most are read once, by validation). */
  get offset(): ConstExpr | undefined {
    return this.offsetStart < 0 ? undefined : { start: this.offsetStart, end: this.offsetEnd };
  }
  get data(): Uint8Array {
    return this.view ?? (this.view = this.bytes.subarray(this.dataStart, this.dataStart + this.dataLength));
  }
}
