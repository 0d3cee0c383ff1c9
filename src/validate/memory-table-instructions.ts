// Validation of memory and table instructions: loads, stores, atomics, SIMD lane accesses (memarg
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

/** The memory access instructions of signatures.memOps (shape: see MemOp). */
export function memoryAccess(w: BodyWalker, imm: Immediates, natural: number, type: ValType, shape: number,
  atomic: boolean): void {
  const at = w.memoryAddrType(imm.memory);
  // (The alignment is checked before the offset, in the reference interpreter's order.)
  if (atomic) {
    if (imm.align !== natural) w.err('alignment must be exactly natural');
  } else if (imm.align > natural) w.err('alignment must not be larger than natural');
  if (at === I32 && imm.offsetHi !== 0) w.err('offset out of range');
  switch (shape) {
    case 0: // load
      w.popExpect(at);
      return w.push(type);
    case 1: // store (frequent: no rest-argument array)
      w.popExpect(type);
      w.popExpect(at);
      return;
    case 2: // atomic rmw
      w.take(type, at);
      return w.push(type);
    case 3: // atomic cmpxchg
      w.take(type, type, at);
      return w.push(type);
    case 4: // wait32 / wait64: [addr, expected, timeout i64] -> i32
      w.take(I64, type, at);
      return w.push(I32);
    case 5: // notify: [addr, count i32] -> i32
      w.take(I32, at);
      return w.push(I32);
    case 6: // load lane
    case 7: // store lane
      if (imm.lane >= 16 >> natural) w.err('invalid lane index');
      w.take(V128, at);
      if (shape === 6) w.push(V128);
      return;
  }
}

/** table.get/set, memory.size/grow, memory.init, data.drop, memory.copy/fill, table.init, elem.drop,
 *  table.copy/grow/size/fill. */
export function memoryTableInstruction(w: BodyWalker, op: number, imm: Immediates): void {
  switch (op) {
      case 0x25: { // table.get
        const e = w.tableElem(imm.index);
        w.popExpect(w.tableAddrType(imm.index));
        return w.push(e);
      }
      case 0x26: { // table.set
        const e = w.tableElem(imm.index);
        w.take(e, w.tableAddrType(imm.index));
        return;
      }
      case 0x3f: // memory.size
        return w.push(w.memoryAddrType(imm.index));
      case 0x40: { // memory.grow
        const at = w.memoryAddrType(imm.index);
        w.popExpect(at);
        return w.push(at);
      }
      // ---- 0xFC: bulk memory and tables
      case 0xfc08: { // memory.init d m
        const at = w.memoryAddrType(imm.index2);
        w.checkData(imm.index);
        w.take(I32, I32, at);
        return;
      }
      case 0xfc09: // data.drop
        return w.checkData(imm.index);
      case 0xfc0a: { // memory.copy dst src
        const ad = w.memoryAddrType(imm.index);
        const as = w.memoryAddrType(imm.index2);
        w.take(ad === I64 && as === I64 ? I64 : I32, as, ad);
        return;
      }
      case 0xfc0b: { // memory.fill
        const at = w.memoryAddrType(imm.index);
        w.take(at, I32, at);
        return;
      }
      case 0xfc0c: { // table.init e t
        const te = w.tableElem(imm.index2);
        const ee = w.checkElem(imm.index);
        if (!w.tt.matches(ee, te)) w.err(TYPE_MISMATCH);
        w.take(I32, I32, w.tableAddrType(imm.index2));
        return;
      }
      case 0xfc0d: // elem.drop
        w.checkElem(imm.index);
        return;
      case 0xfc0e: { // table.copy dst src
        const ed = w.tableElem(imm.index);
        const es = w.tableElem(imm.index2);
        if (!w.tt.matches(es, ed)) w.err(TYPE_MISMATCH);
        const ad = w.tableAddrType(imm.index);
        const as = w.tableAddrType(imm.index2);
        w.take(ad === I64 && as === I64 ? I64 : I32, as, ad);
        return;
      }
      case 0xfc0f: { // table.grow
        const e = w.tableElem(imm.index);
        const at = w.tableAddrType(imm.index);
        w.take(at, e);
        return w.push(at);
      }
      case 0xfc10: // table.size
        return w.push(w.tableAddrType(imm.index));
      case 0xfc11: { // table.fill
        const e = w.tableElem(imm.index);
        const at = w.tableAddrType(imm.index);
        w.take(at, e, at);
        return;
      }
  }
}
