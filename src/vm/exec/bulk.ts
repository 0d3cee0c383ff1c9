// Bulk memory and table operations (WebAssembly 2.0): bounds are checked before anything is written, and
// overlapping copies behave like memmove. A dropped segment has length 0. Operands are unsigned numbers
// (callers convert; a 64-bit address with a nonzero high half arrives as 2^53, out of bounds).
import { OOB_MEMORY, OOB_TABLE, Trap } from '../errors.js';
import { copyBetween, type MemoryInst } from '../runtime/memory.js';
import type { TableInst } from '../runtime/table.js';

const EMPTY_BYTES = new Uint8Array(0);
const EMPTY_REFS: unknown[] = [];


// Each memory routine tries the flat view first; a segmented memory (runtime/memory.ts) has an empty
// view, so it fails that check and is served by the byte-range methods after a check on byteLength.

export function memoryFill(mem: MemoryInst, d: number, v: number, n: number): void {
  if (d + n > mem.u8.length) {
    if (mem.segments === null || d + n > mem.byteLength) throw new Trap(OOB_MEMORY);
    mem.fillBytes(d, v & 0xff, n);
    return;
  }
  mem.u8.fill(v & 0xff, d, d + n);
}

export function memoryCopy(dst: MemoryInst, src: MemoryInst, d: number, s: number, n: number): void {
  if (d + n > dst.u8.length || s + n > src.u8.length) {
    if ((dst.segments === null && src.segments === null) || d + n > dst.byteLength || s + n > src.byteLength) throw new Trap(OOB_MEMORY);
    copyBetween(dst, src, d, s, n);
    return;
  }
  if (dst === src) dst.u8.copyWithin(d, s, s + n);
  else dst.u8.set(src.u8.subarray(s, s + n), d);
}

export function memoryInit(mem: MemoryInst, seg: Uint8Array | null, d: number, s: number, n: number): void {
  const data = seg ?? EMPTY_BYTES;
  if (s + n > data.length) throw new Trap(OOB_MEMORY);
  if (d + n > mem.u8.length) {
    if (mem.segments === null || d + n > mem.byteLength) throw new Trap(OOB_MEMORY);
    mem.writeBytes(d, data, s, n);
    return;
  }
  mem.u8.set(data.subarray(s, s + n), d);
}

export function tableFill(t: TableInst, i: number, v: unknown, n: number): void {
  if (i + n > t.elements.length) throw new Trap(OOB_TABLE);
  t.elements.fill(v, i, i + n);
}

export function tableCopy(dst: TableInst, src: TableInst, d: number, s: number, n: number): void {
  if (d + n > dst.elements.length || s + n > src.elements.length) throw new Trap(OOB_TABLE);
  if (dst === src) dst.elements.copyWithin(d, s, s + n);
  else for (let k = 0; k < n; k++) dst.elements[d + k] = src.elements[s + k];
}

export function tableInit(t: TableInst, seg: unknown[] | null, d: number, s: number, n: number): void {
  const elems = seg ?? EMPTY_REFS;
  if (s + n > elems.length || d + n > t.elements.length) throw new Trap(OOB_TABLE);
  for (let k = 0; k < n; k++) t.elements[d + k] = elems[s + k];
}
