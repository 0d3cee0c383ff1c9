// Stack effects of the "simple" instructions: those with fixed operand and result types (numeric, SIMD
// arithmetic, conversions). The body validator handles every other instruction case by case.
import { F32, F64, I32, I64, V128, type ValType } from '../decoder/module.js';

export interface Signature {
  readonly params: readonly ValType[];
  readonly results: readonly ValType[];
}

/** Signature of each instruction number, or undefined when not simple. */
export const signatures: (Signature | undefined)[] = new Array(0x10000);

const cache = new Map<string, Signature>();
function sig(params: ValType[], results: ValType[]): Signature {
  const key = params.join(',') + '>' + results.join(',');
  let s = cache.get(key);
  if (!s) cache.set(key, (s = { params, results }));
  return s;
}
function range(from: number, to: number, params: ValType[], results: ValType[]): void {
  const s = sig(params, results);
  for (let op = from; op <= to; op++) signatures[op] = s;
}
function one(op: number, params: ValType[], results: ValType[]): void {
  signatures[op] = sig(params, results);
}

// ---- numeric (MVP + sign extension)
one(0x45, [I32], [I32]);
range(0x46, 0x4f, [I32, I32], [I32]);
one(0x50, [I64], [I32]);
range(0x51, 0x5a, [I64, I64], [I32]);
range(0x5b, 0x60, [F32, F32], [I32]);
range(0x61, 0x66, [F64, F64], [I32]);
range(0x67, 0x69, [I32], [I32]);
range(0x6a, 0x78, [I32, I32], [I32]);
range(0x79, 0x7b, [I64], [I64]);
range(0x7c, 0x8a, [I64, I64], [I64]);
range(0x8b, 0x91, [F32], [F32]);
range(0x92, 0x98, [F32, F32], [F32]);
range(0x99, 0x9f, [F64], [F64]);
range(0xa0, 0xa6, [F64, F64], [F64]);
one(0xa7, [I64], [I32]);
range(0xa8, 0xa9, [F32], [I32]);
range(0xaa, 0xab, [F64], [I32]);
range(0xac, 0xad, [I32], [I64]);
range(0xae, 0xaf, [F32], [I64]);
range(0xb0, 0xb1, [F64], [I64]);
range(0xb2, 0xb3, [I32], [F32]);
range(0xb4, 0xb5, [I64], [F32]);
one(0xb6, [F64], [F32]);
range(0xb7, 0xb8, [I32], [F64]);
range(0xb9, 0xba, [I64], [F64]);
one(0xbb, [F32], [F64]);
one(0xbc, [F32], [I32]);
one(0xbd, [F64], [I64]);
one(0xbe, [I32], [F32]);
one(0xbf, [I64], [F64]);
range(0xc0, 0xc1, [I32], [I32]);
range(0xc2, 0xc4, [I64], [I64]);
// ---- saturating truncation
range(0xfc00, 0xfc01, [F32], [I32]);
range(0xfc02, 0xfc03, [F64], [I32]);
range(0xfc04, 0xfc05, [F32], [I64]);
range(0xfc06, 0xfc07, [F64], [I64]);

// ---- SIMD
const V = V128;
const vv = [V, V];
one(0xfd0e, vv, [V]); // swizzle
one(0xfd0f, [I32], [V]);
one(0xfd10, [I32], [V]);
one(0xfd11, [I32], [V]);
one(0xfd12, [I64], [V]);
one(0xfd13, [F32], [V]);
one(0xfd14, [F64], [V]);
// extract / replace lanes (lane index checked separately)
range(0xfd15, 0xfd16, [V], [I32]);
one(0xfd17, [V, I32], [V]);
range(0xfd18, 0xfd19, [V], [I32]);
one(0xfd1a, [V, I32], [V]);
one(0xfd1b, [V], [I32]);
one(0xfd1c, [V, I32], [V]);
one(0xfd1d, [V], [I64]);
one(0xfd1e, [V, I64], [V]);
one(0xfd1f, [V], [F32]);
one(0xfd20, [V, F32], [V]);
one(0xfd21, [V], [F64]);
one(0xfd22, [V, F64], [V]);
range(0xfd23, 0xfd4c, vv, [V]); // comparisons
one(0xfd4d, [V], [V]); // not
range(0xfd4e, 0xfd51, vv, [V]);
one(0xfd52, [V, V, V], [V]); // bitselect
one(0xfd53, [V], [I32]); // any_true
range(0xfd5e, 0xfd5f, [V], [V]);
// 0x60 .. 0xff: by name shape
const unaryV = [0x60, 0x61, 0x62, 0x67, 0x68, 0x69, 0x6a, 0x74, 0x75, 0x7a, 0x7c, 0x7d, 0x7e, 0x7f, 0x80, 0x81,
  0x87, 0x88, 0x89, 0x8a, 0x94, 0xa0, 0xa1, 0xa7, 0xa8, 0xa9, 0xaa, 0xc0, 0xc1, 0xc7, 0xc8, 0xc9, 0xca, 0xe0,
  0xe1, 0xe3, 0xec, 0xed, 0xef, 0xf8, 0xf9, 0xfa, 0xfb, 0xfc, 0xfd, 0xfe, 0xff];
for (const o of unaryV) one(0xfd00 | o, [V], [V]);
for (const o of [0x63, 0x64, 0x83, 0x84, 0xa3, 0xa4, 0xc3, 0xc4]) one(0xfd00 | o, [V], [I32]); // all_true, bitmask
for (const o of [0x6b, 0x6c, 0x6d, 0x8b, 0x8c, 0x8d, 0xab, 0xac, 0xad, 0xcb, 0xcc, 0xcd]) one(0xfd00 | o, [V, I32], [V]);
const binaryV = [0x65, 0x66, 0x6e, 0x6f, 0x70, 0x71, 0x72, 0x73, 0x76, 0x77, 0x78, 0x79, 0x7b, 0x82, 0x85, 0x86,
  0x8e, 0x8f, 0x90, 0x91, 0x92, 0x93, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9b, 0x9c, 0x9d, 0x9e, 0x9f, 0xae, 0xb1,
  0xb5, 0xb6, 0xb7, 0xb8, 0xb9, 0xba, 0xbc, 0xbd, 0xbe, 0xbf, 0xce, 0xd1, 0xd5, 0xd6, 0xd7, 0xd8, 0xd9, 0xda,
  0xdb, 0xdc, 0xdd, 0xde, 0xdf, 0xe4, 0xe5, 0xe6, 0xe7, 0xe8, 0xe9, 0xea, 0xeb, 0xf0, 0xf1, 0xf2, 0xf3, 0xf4,
  0xf5, 0xf6, 0xf7];
for (const o of binaryV) one(0xfd00 | o, vv, [V]);
// relaxed SIMD (0xFF00 + subop - 0x100)
one(0xff00, vv, [V]);
range(0xff01, 0xff04, [V], [V]);
range(0xff05, 0xff0c, [V, V, V], [V]);
range(0xff0d, 0xff12, vv, [V]);
one(0xff13, [V, V, V], [V]);

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
