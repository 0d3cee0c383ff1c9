// Validation of the 0xFE (threads: atomics) instructions: the threads pack's part of the body walk
// (`purewasm/threads`, src/threads; the core's walker hands these instructions over, body-walker.ts).
// Atomic accesses are checked as the core's loads and stores are (memory index, 32-bit offsets), but their
// alignment must be exactly natural.
import { I32, I64 } from '../decoder/module.js';
import type { BodyWalker } from './body-walker.js';
import { enterMemOps, type MemOp } from './signature-tables.js';
import type { Immediates } from './sink.js';

/** The atomic memory instructions (shape: see MemOp; atomic.fence is not one). */
export const threadsAccesses: (MemOp | undefined)[] = [];
// notify, wait32, wait64; then loads, stores and the seven rmw groups (cmpxchg last) of the same seven
// accesses: i32, i64, i32 8/16-bit, i64 8/16/32-bit
const seven = (shape: number): string => '2i3l0i1i0l1l2l'.replace(/../g, (m) => m + shape);
enterMemOps(threadsAccesses, 0xfe00, '2i52i43l4');
enterMemOps(threadsAccesses, 0xfe10, seven(0) + seven(1) + seven(2).repeat(6) + seven(3));

/** Validates threads instruction `op` (its immediates decoded into `imm`) on the walker's stacks. */
export function threadsInstruction(w: BodyWalker, op: number, imm: Immediates): void {
  const mo = threadsAccesses[op];
  if (mo === undefined) return; // atomic.fence (the decoder reads no other 0xFE form)
  const at = w.memoryAddrType(imm.memory);
  // (The alignment is checked before the offset, in the reference interpreter's order.)
  if (imm.align !== mo.align) w.err('alignment must be exactly natural');
  if (at === I32 && imm.offsetHi !== 0) w.err('offset out of range');
  const type = mo.type;
  switch (mo.shape) {
    case 0: // load
      w.take(at);
      return w.push(type);
    case 1: // store
      return w.take(type, at);
    case 2: // rmw
      w.take(type, at);
      return w.push(type);
    case 3: // cmpxchg
      w.take(type, type, at);
      return w.push(type);
    case 4: // wait32 / wait64: [addr, expected, timeout i64] -> i32
      w.take(I64, type, at);
      return w.push(I32);
    default: // notify: [addr, count i32] -> i32
      w.take(I32, at);
      return w.push(I32);
  }
}
