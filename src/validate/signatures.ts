// Stack effects of the "simple" instructions: those with fixed operand and result types (numeric, SIMD
// arithmetic, conversions). The body validator handles every other instruction case by case.
import { F32, F64, I32, I64, V128, type ValType } from '../decoder/module.js';

export interface Signature {
  readonly params: readonly ValType[];
  readonly results: readonly ValType[];
}

/** Signature of each instruction number, or undefined when not simple. */
export const signatures: (Signature | undefined)[] = new Array(0x10000);

// Each op's signature is one character: its index (from '0') into SIGS, whose entries spell the parameter
// types and then the one result (i i32, l i64, f f32, d f64, v v128); a space: not a simple instruction.
// test/validate/signatures.test.ts checks every entry against Node's validator.
const TYPE_OF: Record<string, ValType> = { i: I32, l: I64, f: F32, d: F64, v: V128 };
const SIGS: Signature[] = (
  'ii iii li lli ffi ddi ll lll ff fff dd ddd fi di il fl dl if lf df id ld fd ' +
  'vvv iv lv fv dv vi viv vl vlv vf vfv vd vdv vv vvvv'
).split(' ').map((k) => ({
  params: k.slice(0, -1).split('').map((c) => TYPE_OF[c]),
  results: [TYPE_OF[k[k.length - 1]]],
}));
/** Enters the signatures of consecutive opcodes from `from`, rows of the table joined. */
function table(from: number, rows: string[]): void {
  const codes = rows.join('');
  for (let i = 0; i < codes.length; i++) if (codes[i] !== ' ') signatures[from + i] = SIGS[codes.charCodeAt(i) - 48];
}

// numeric (MVP + sign extension), from i32.eqz
table(0x45, [
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
table(0xfc00, [
  '<<==??@@', // 0xfc00
]);
// SIMD
table(0xfd00, [
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
table(0xff00, [
  'GTTTTUUUUUUUUGGG', // 0xff00
  'GGGU', // 0xff10
]);

/** Lane count of extract/replace_lane instructions (index into by op - 0xfd15). */
export const LANES_OF_LANE_OP = [16, 16, 16, 8, 8, 8, 4, 4, 2, 2, 4, 4, 2, 2];

/**
 * Memory instructions: natural alignment (log2), value type moved, and shape.
 * shape: 0 load, 1 store, 2 atomic rmw, 3 atomic cmpxchg, 4 wait, 5 notify, 6 load lane, 7 store lane.
 */
export interface MemOp {
  readonly align: number;
  readonly type: ValType;
  readonly shape: number;
  readonly atomic: boolean;
}
export const memOps: (MemOp | undefined)[] = new Array(0x10000);
/**
 * Enters consecutive memory instructions from `from`: three characters per opcode — the natural alignment
 * (log2), the value type (a letter of TYPE_OF) and the shape.
 */
function memTable(from: number, codes: string, atomic = false): void {
  for (let i = 0; i < codes.length; i += 3) {
    memOps[from + i / 3] = { align: +codes[i], type: TYPE_OF[codes[i + 1]], shape: +codes[i + 2], atomic };
  }
}
// loads (i32 i64 f32 f64, then the narrow ones), stores
memTable(0x28, '2i03l02f03d00i00i01i01i00l00l01l01l02l02l0' + '2i13l12f13d10i11i10l11l12l1');
// v128.load, load8x8_s … load32x2_u, load8/16/32/64_splat, store; *_lane; load32_zero, load64_zero
memTable(0xfd00, '4v0' + '3v0'.repeat(6) + '0v01v02v03v04v1');
memTable(0xfd54, '0v61v62v63v60v71v72v73v72v03v0');
// atomics: notify, wait32, wait64; then loads, stores and the seven rmw groups (cmpxchg last) of the same
// seven accesses: i32, i64, i32 8/16-bit, i64 8/16/32-bit
const seven = (shape: number): string => '2i3l0i1i0l1l2l'.replace(/../g, (m) => m + shape);
memTable(0xfe00, '2i52i43l4', true);
memTable(0xfe10, seven(0) + seven(1) + seven(2).repeat(6) + seven(3), true);
