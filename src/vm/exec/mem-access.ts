// Loads and stores on memories other than memory 0 (multi-memory) and on 64-bit memories (memory64): rare,
// so one generic routine keyed by the wasm opcode instead of a copy of every load/store in the dispatch loop.
// It also serves segmented memories (64-bit memories above 4 GiB, runtime/memory.ts) through a scratch buffer.
import { OOB_MEMORY, Trap } from '../errors.js';
import type { MemoryInst } from '../runtime/memory.js';

/** Width in bytes of the access of each load/store opcode (0x28..0x3e). */
const WIDTH = [4, 8, 4, 8, 1, 1, 2, 2, 1, 1, 2, 2, 4, 4, 4, 8, 4, 8, 1, 2, 1, 2, 4];

/**
 * Address operand (at unit `au`; an i64 when `is64`) plus the static offset (offLo, offHi halves), as an
 * exact number up to 2^53: anything larger is far out of bounds of any memory, so the caller's bounds check
 * traps on it.
 */
export function effectiveAddress(I: Int32Array, au: number, is64: boolean, offLo: number, offHi: number): number {
  const ea = (I[au] >>> 0) + (offLo >>> 0) + (offHi >>> 0) * 4294967296;
  return is64 ? ea + (I[au + 1] >>> 0) * 4294967296 : ea;
}

/** An access to a segmented memory goes through these 8 bytes (runtime/memory.ts). */
const SCRATCH = new Uint8Array(8);
const SCRATCH_DV = new DataView(SCRATCH.buffer);

/**
 * Loads: x = destination unit, y = address unit. Stores: x = address unit, y = value unit.
 * wop carries flags: 0x100 the address is an i64 (memory64), 0x200 the offset's high half is nonzero, and
 * then that high half (clamped to 22 bits, which is out of bounds of any memory) in bits 10 and up.
 */
export function memAccess(wop: number, mem: MemoryInst, I: Int32Array, x: number, y: number, offset: number): void {
  const flags = wop & 0x300;
  const op = wop & 0xff;
  const load = op <= 0x35;
  const au = load ? y : x;
  const ea = flags === 0 ? (I[au] >>> 0) + (offset >>> 0) : effectiveAddress(I, au, (flags & 0x100) !== 0, offset, wop >>> 10);
  const width = WIDTH[op - 0x28];
  if (ea + width <= mem.u8.length) {
    if (load) loadAt(op, mem.dv, ea, I, x);
    else storeAt(op, mem.dv, ea, I, y);
    return;
  }
  if (mem.segments === null || ea + width > mem.byteLength) throw new Trap(OOB_MEMORY);
  if (load) {
    mem.readBytes(ea, SCRATCH, 0, width);
    loadAt(op, SCRATCH_DV, 0, I, x);
  } else {
    storeAt(op, SCRATCH_DV, 0, I, y);
    mem.writeBytes(ea, SCRATCH, 0, width);
  }
}

function loadAt(op: number, dv: DataView, ea: number, I: Int32Array, x: number): void {
  let lo: number;
  let hi = 0;
  switch (op) {
    case 0x28: case 0x2a: I[x] = dv.getInt32(ea, true); return;
    case 0x29: case 0x2b: lo = dv.getInt32(ea, true); hi = dv.getInt32(ea + 4, true); break;
    case 0x2c: I[x] = dv.getInt8(ea); return;
    case 0x2d: I[x] = dv.getUint8(ea); return;
    case 0x2e: I[x] = dv.getInt16(ea, true); return;
    case 0x2f: I[x] = dv.getUint16(ea, true); return;
    case 0x30: lo = dv.getInt8(ea); hi = lo >> 31; break;
    case 0x31: lo = dv.getUint8(ea); break;
    case 0x32: lo = dv.getInt16(ea, true); hi = lo >> 31; break;
    case 0x33: lo = dv.getUint16(ea, true); break;
    case 0x34: lo = dv.getInt32(ea, true); hi = lo >> 31; break;
    default: lo = dv.getInt32(ea, true); break; // 0x35
  }
  I[x] = lo;
  I[x + 1] = hi;
}

function storeAt(op: number, dv: DataView, ea: number, I: Int32Array, y: number): void {
  switch (op) {
    case 0x36: case 0x38: case 0x3e: dv.setInt32(ea, I[y], true); return;
    case 0x37: case 0x39: dv.setInt32(ea, I[y], true); dv.setInt32(ea + 4, I[y + 1], true); return;
    case 0x3a: case 0x3c: dv.setInt8(ea, I[y]); return;
    default: dv.setInt16(ea, I[y], true); return; // 0x3b, 0x3d
  }
}
