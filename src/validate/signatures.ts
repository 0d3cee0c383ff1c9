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
// The table replaces ~130 per-range calls; test/validate checks it against the instructions' types.
const TYPE_OF: Record<string, ValType> = { i: I32, l: I64, f: F32, d: F64, v: V128 };
const SIGS: Signature[] = 'ii iii li lli ffi ddi ll lll ff fff dd ddd fi di il fl dl if lf df id ld fd vvv iv lv fv dv vi viv vl vlv vf vfv vd vdv vv vvvv'.split(' ').map((k) => ({
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
const V = V128;
function mem(op: number, align: number, type: ValType, shape: number, atomic = false): void {
  memOps[op] = { align, type, shape, atomic };
}
[[2, I32], [3, I64], [2, F32], [3, F64], [0, I32], [0, I32], [1, I32], [1, I32], [0, I64], [0, I64], [1, I64], [1, I64], [2, I64], [2, I64]]
  .forEach(([a, t], i) => mem(0x28 + i, a, t, 0));
[[2, I32], [3, I64], [2, F32], [3, F64], [0, I32], [1, I32], [0, I64], [1, I64], [2, I64]]
  .forEach(([a, t], i) => mem(0x36 + i, a, t, 1));
mem(0xfd00, 4, V, 0);
for (let i = 1; i <= 6; i++) mem(0xfd00 + i, 3, V, 0);
mem(0xfd07, 0, V, 0);
mem(0xfd08, 1, V, 0);
mem(0xfd09, 2, V, 0);
mem(0xfd0a, 3, V, 0);
mem(0xfd0b, 4, V, 1);
for (let i = 0; i < 4; i++) mem(0xfd54 + i, i, V, 6);
for (let i = 0; i < 4; i++) mem(0xfd58 + i, i, V, 7);
mem(0xfd5c, 2, V, 0);
mem(0xfd5d, 3, V, 0);
// atomics
mem(0xfe00, 2, I32, 5, true);
mem(0xfe01, 2, I32, 4, true);
mem(0xfe02, 3, I64, 4, true);
[[2, I32], [3, I64], [0, I32], [1, I32], [0, I64], [1, I64], [2, I64]].forEach(([a, t], i) => mem(0xfe10 + i, a, t, 0, true));
[[2, I32], [3, I64], [0, I32], [1, I32], [0, I64], [1, I64], [2, I64]].forEach(([a, t], i) => mem(0xfe17 + i, a, t, 1, true));
for (let g = 0; g < 7; g++) {
  [[2, I32], [3, I64], [0, I32], [1, I32], [0, I64], [1, I64], [2, I64]].forEach(([a, t], i) =>
    mem(0xfe1e + g * 7 + i, a, t, g === 6 ? 3 : 2, true),
  );
}
