// Validation of the 0xFD (SIMD) and relaxed SIMD instructions: the SIMD pack's part of the body walk
// (`purewasm/simd`, src/simd; the core's walker hands these instructions over, body-walker.ts). Its stack
// effects are packed as the core's are (signature-tables.ts); test/validate/signatures.test.ts checks them
// against Node's validator.
import { V128 } from '../decoder/module.js';
import type { BodyWalker } from './body-walker.js';
import { enterMemOps, enterSignatures, type MemOp, type Signature } from './signature-tables.js';
import type { Immediates } from './sink.js';

/** Signature of each SIMD instruction with fixed operand and result types. */
export const simdSignatures: (Signature | undefined)[] = [];
// SIMD
enterSignatures(simdSignatures, 0xfd00, [
  '              GH', // 0xfd00
  'HHIJKLLMLLMLMNOP', // 0xfd10
  'QRSGGGGGGGGGGGGG', // 0xfd20
  'GGGGGGGGGGGGGGGG', // 0xfd30
  'GGGGGGGGGGGGGTGG', // 0xfd40
  'GGUL          TT', // 0xfd50
  'TTTLLGGTTTTMMMGG', // 0xfd60
  'GGGGTTGGGGTGTTTT', // 0xfd70
  'TTGLLGGTTTTMMMGG', // 0xfd80
  'GGGGTGGGGG GGGGG', // 0xfd90
  'TT LL  TTTTMMMG ', // 0xfda0
  ' G   GGGGGG GGGG', // 0xfdb0
  'TT LL  TTTTMMMG ', // 0xfdc0
  ' G   GGGGGGGGGGG', // 0xfdd0
  'TT TGGGGGGGGTT T', // 0xfde0
  'GGGGGGGGTTTTTTTT', // 0xfdf0
]);
// relaxed SIMD (0xFF00 + subop - 0x100)
enterSignatures(simdSignatures, 0xff00, [
  'GTTTTUUUUUUUUGGG', // 0xff00
  'GGGU', // 0xff10
]);

/** The SIMD memory instructions (shape: see MemOp). */
export const simdAccesses: (MemOp | undefined)[] = [];
// v128.load, load8x8_s … load32x2_u, load8/16/32/64_splat, store; *_lane; load32_zero, load64_zero
enterMemOps(simdAccesses, 0xfd00, '4v0' + '3v0'.repeat(6) + '0v01v02v03v04v1');
enterMemOps(simdAccesses, 0xfd54, '0v61v62v63v60v71v72v73v72v03v0');

/** Lane count of extract/replace_lane instructions (index into by op - 0xfd15). */
const LANES_OF_LANE_OP = [16, 16, 16, 8, 8, 8, 4, 4, 2, 2, 4, 4, 2, 2];

/** Validates SIMD instruction `op` (its immediates decoded into `imm`) on the walker's stacks. */
export function simdInstruction(w: BodyWalker, op: number, imm: Immediates): void {
  const sig = simdSignatures[op];
  if (sig !== undefined) {
    if (op >= 0xfd15 && op <= 0xfd22 && imm.lane >= LANES_OF_LANE_OP[op - 0xfd15]) w.err('invalid lane index');
    w.popAll(sig.params);
    w.pushAll(sig.results);
    return;
  }
  const mo = simdAccesses[op];
  if (mo !== undefined) return w.memoryAccess(imm, mo);
  if (op === 0xfd0c) return w.push(V128); // v128.const
  // i8x16.shuffle (the decoder reads no other 0xFD form)
  const b = w.r.bytes;
  for (let i = 0; i < 16; i++) if (b[imm.v128Pos + i] >= 32) w.err('invalid lane index');
  w.take(V128, V128);
  w.push(V128);
}
