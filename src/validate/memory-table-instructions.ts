// Validation of memory and table instructions: loads, stores, SIMD lane accesses (memarg
// checks: memory index, alignment, 32-bit offsets), memory.size/grow, bulk memory (0xFC 8-11) and table
// instructions (table.get/set, 0xFC 12-17). Addresses are i64 for memory64/table64.
import { I32 as I32_, I64 as I64_, V128 as V128_, type ValType } from '../decoder/module.js';
import type { Immediates } from './sink.js';
import type { BodyWalker } from './body-walker.js';
import { TYPE_MISMATCH } from './type-table.js';

// Imported bindings captured in local constants (module transforms compile imports to getters).
const I32 = I32_;
const I64 = I64_;
const V128 = V128_;

/** The memory access instructions of signatures.memOps and the SIMD pack's (shape: see MemOp). */
export function memoryAccess(w: BodyWalker, imm: Immediates, natural: number, type: ValType, shape: number): void {
  const at = w.memoryAddrType(imm.memory);
  // (The alignment is checked before the offset, in the reference interpreter's order.)
  if (imm.align > natural) w.err('alignment must not be larger than natural');
  if (at === I32 && imm.offsetHi !== 0) w.err('offset out of range');
  switch (shape) {
    case 0: // load
      w.popExpect(at);
      return w.push(type);
    case 1: // store (frequent: no rest-argument array)
      w.popExpect(type);
      w.popExpect(at);
      return;
    case 6: // load lane
    case 7: // store lane
      if (imm.lane >= 16 >> natural) w.err('invalid lane index');
      w.take(V128, at);
      if (shape === 6) w.push(V128);
      return;
  }
}

/**
 * table.get/set, memory.size/grow, memory.init, data.drop, memory.copy/fill, table.init, elem.drop,
 * table.copy/grow/size/fill. The memory and table forms of size, grow, init, copy and fill share their
 * operand shapes: a table's element type stands where a memory has an i32 (a byte, a page count).
 */
export function memoryTableInstruction(w: BodyWalker, op: number, imm: Immediates): void {
  const table = op === 0x25 || op === 0x26 || op >= 0xfc0c;
  const addr = (index: number): ValType => (table ? w.tableAddrType(index) : w.memoryAddrType(index));
  switch (op) {
    case 0x25: { // table.get
      const e = w.tableElem(imm.index);
      w.popExpect(w.tableAddrType(imm.index));
      return w.push(e);
    }
    case 0x26: // table.set
      return w.take(w.tableElem(imm.index), w.tableAddrType(imm.index));
    case 0x3f: // memory.size
    case 0xfc10: // table.size
      return w.push(addr(imm.index));
    case 0x40: // memory.grow
    case 0xfc0f: { // table.grow
      const at = addr(imm.index);
      if (table) w.take(at, w.tableElem(imm.index));
      else w.popExpect(at);
      return w.push(at);
    }
    case 0xfc08: // memory.init d m
    case 0xfc0c: { // table.init e t
      const at = addr(imm.index2);
      if (!table) w.checkData(imm.index);
      else if (!w.tt.matches(w.checkElem(imm.index), w.tableElem(imm.index2))) w.err(TYPE_MISMATCH);
      return w.take(I32, I32, at);
    }
    case 0xfc09: // data.drop
      return w.checkData(imm.index);
    case 0xfc0d: // elem.drop
      w.checkElem(imm.index);
      return;
    case 0xfc0a: // memory.copy dst src
    case 0xfc0e: { // table.copy dst src
      const ad = addr(imm.index);
      const as = addr(imm.index2);
      if (table && !w.tt.matches(w.tableElem(imm.index2), w.tableElem(imm.index))) w.err(TYPE_MISMATCH);
      return w.take(ad === I64 && as === I64 ? I64 : I32, as, ad);
    }
    case 0xfc0b: // memory.fill
    case 0xfc11: { // table.fill
      const at = addr(imm.index);
      return w.take(at, table ? w.tableElem(imm.index) : I32, at);
    }
  }
}
