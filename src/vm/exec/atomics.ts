// Threads' atomic memory instructions (0xFE prefix), the threads pack's execution (`purewasm/threads`; the
// cold path hands ATOMIC over, vm/pack.ts), with single-threaded semantics: one agent, so every access is
// trivially sequentially consistent. `memory.atomic.wait32/64` return 1 ("not-equal") when the
// loaded value differs from the expected one, else 2 ("timed-out": no other agent could ever notify; an
// infinite timeout also returns 2 rather than hang); `memory.atomic.notify` wakes nobody and returns 0. A
// wait on an unshared memory traps ("expected shared memory"), as the spec requires. Every access checks
// bounds, then natural alignment ("unaligned atomic").
//
// Internal form (translate/opcodes.ts):  ATOMIC sub mem d a b c offLo offHi
//   sub: the 0xFE sub-opcode; d result slot (-1 none); a address; b, c the other operands in order (-1 none).
// (The core's Trap and address computation come in `rt`: the pack is a bundle of its own, vm/pack.ts.)
import * as i64 from '../ops/i64.js';
import type { PackRuntime } from '../pack.js';
import type { InstanceState } from '../runtime/instance-state.js';

/** For the seven accesses of each load/store/rmw group: width in bytes and whether the value is an i64. */
const GROUP_WIDTH = [4, 8, 1, 2, 1, 2, 4];
const GROUP_I64 = [false, true, false, false, true, true, true];

const SCRATCH = new Uint8Array(8);
const SCRATCH_DV = new DataView(SCRATCH.buffer);

/** Reads `width` bytes at ea as an unsigned value into lo/hi. */
let lo = 0, hi = 0;
function read(dv: DataView, ea: number, width: number): void {
  hi = 0;
  switch (width) {
    case 1: lo = dv.getUint8(ea); break;
    case 2: lo = dv.getUint16(ea, true); break;
    case 4: lo = dv.getInt32(ea, true); break;
    default: lo = dv.getInt32(ea, true); hi = dv.getInt32(ea + 4, true); break;
  }
}
function write(dv: DataView, ea: number, width: number, l: number, h: number): void {
  switch (width) {
    case 1: dv.setUint8(ea, l & 0xff); break;
    case 2: dv.setUint16(ea, l & 0xffff, true); break;
    case 4: dv.setInt32(ea, l, true); break;
    default: dv.setInt32(ea, l, true); dv.setInt32(ea + 4, h, true); break;
  }
}
/** Truncates lo/hi of an operand to `width` bytes (unsigned). */
function wrapLo(v: number, width: number): number {
  return width === 1 ? v & 0xff : width === 2 ? v & 0xffff : v;
}

export function execAtomic(code: Int32Array, pc: number, fp: number, inst: InstanceState, rt: PackRuntime): number {
  const I = inst.store.I32;
  const sub = code[pc + 1];
  const mem = inst.memories[code[pc + 2]];
  const d = code[pc + 3];
  const au = fp + code[pc + 4];
  const bu = fp + code[pc + 5];
  const cu = fp + code[pc + 6];
  const ea = rt.effectiveAddress(I, au, mem.index64, code[pc + 7], code[pc + 8]);
  let width: number;
  let is64: boolean;
  let group = -1; // 0 load, 1 store, 2.. rmw kinds (add sub and or xor xchg cmpxchg)
  if (sub <= 2) {
    width = sub === 2 ? 8 : 4;
    is64 = sub === 2;
  } else {
    const k = sub - 0x10;
    group = (k / 7) | 0;
    width = GROUP_WIDTH[k % 7];
    is64 = GROUP_I64[k % 7];
  }
  // A segmented memory (runtime/memory.ts) has an empty view: its access runs on a copy of the bytes in
  // SCRATCH, written back after a store.
  let dv = mem.dv;
  let at = ea;
  const seg = ea + width > mem.u8.length;
  if (seg) {
    if (mem.segments === null || ea + width > mem.byteLength) throw new rt.Trap(rt.OOB_MEMORY);
    dv = SCRATCH_DV;
    at = 0;
  }
  if (ea % width !== 0) throw new rt.Trap('unaligned atomic');
  if (seg) mem.readBytes(ea, SCRATCH, 0, width);
  const D = fp + d;
  if (sub === 0) { // memory.atomic.notify: nobody waits
    I[D] = 0;
    I[D + 1] = 0;
    return pc + 9;
  }
  if (sub <= 2) { // memory.atomic.wait32 / wait64
    read(dv, at, width);
    const equal = lo === I[bu] && (!is64 || hi === I[bu + 1]);
    if (equal && !mem.shared) throw new rt.Trap('expected shared memory');
    I[D] = equal ? 2 : 1;
    I[D + 1] = 0;
    return pc + 9;
  }
  if (group === 1) { // store
    write(dv, at, width, I[bu], is64 ? I[bu + 1] : 0);
    if (seg) mem.writeBytes(ea, SCRATCH, 0, width);
    return pc + 9;
  }
  read(dv, at, width);
  const olo = lo, ohi = hi;
  if (group >= 2) {
    const vlo = I[bu], vhi = is64 ? I[bu + 1] : 0;
    let nlo = 0, nhi = 0;
    let store = true;
    switch (group) {
      case 2: i64.add(olo, ohi, vlo, vhi); nlo = i64.out[0]; nhi = i64.out[1]; break;
      case 3: i64.sub(olo, ohi, vlo, vhi); nlo = i64.out[0]; nhi = i64.out[1]; break;
      case 4: nlo = olo & vlo; nhi = ohi & vhi; break;
      case 5: nlo = olo | vlo; nhi = ohi | vhi; break;
      case 6: nlo = olo ^ vlo; nhi = ohi ^ vhi; break;
      case 7: nlo = vlo; nhi = vhi; break;
      default: { // cmpxchg: the expected value is wrapped to the access width before comparing
        const elo = wrapLo(vlo, width), ehi = width === 8 ? vhi : 0;
        store = (elo | 0) === (olo | 0) && (ehi | 0) === (ohi | 0);
        nlo = I[cu];
        nhi = is64 ? I[cu + 1] : 0;
      }
    }
    if (store) {
      write(dv, at, width, nlo, nhi);
      if (seg) mem.writeBytes(ea, SCRATCH, 0, width);
    }
  }
  // load, or an rmw's old value (zero-extended)
  I[D] = olo;
  if (is64) I[D + 1] = ohi;
  return pc + 9;
}
