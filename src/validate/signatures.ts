// Stack effects of the core's "simple" instructions: those with fixed operand and result types (numeric,
// conversions), and its memory instructions. The body validator handles every other instruction case by
// case. (The SIMD and threads packs' are in simd-instructions.ts and threads-instructions.ts; the packed
// forms: signature-tables.ts.)
import { enterMemOps, enterSignatures, type MemOp, type Signature } from './signature-tables.js';

export type { MemOp, Signature } from './signature-tables.js';

/** Signature of each instruction number, or undefined when not simple. */
export const signatures: (Signature | undefined)[] = new Array(0x10000);

// numeric (MVP + sign extension), from i32.eqz
enterSignatures(signatures, 0x45, [
  '01111111111', // 0x45
  '2333333333344444', // 0x50
  '4555555000111111', // 0x60
  '1111111116667777', // 0x70
  '7777777777788888', // 0x80
  '889999999:::::::', // 0x90
  ';;;;;;;2<<==>>??', // 0xa0
  '@@AABBCDDEEF<@AE', // 0xb0
  '00666', // 0xc0
]);
// saturating truncation
enterSignatures(signatures, 0xfc00, [
  '<<==??@@', // 0xfc00
]);

export const memOps: (MemOp | undefined)[] = new Array(0x10000);
// loads (i32 i64 f32 f64, then the narrow ones), stores
enterMemOps(memOps, 0x28, '2i03l02f03d00i00i01i01i00l00l01l01l02l02l0' + '2i13l12f13d10i11i10l11l12l1');
