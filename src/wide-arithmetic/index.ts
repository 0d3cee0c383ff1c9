// `purewasm/wide-arithmetic`: the wide-arithmetic proposal's instructions — `i64.add128` (0xFC 19),
// `i64.sub128` (0xFC 20), `i64.mul_wide_s` (0xFC 21), `i64.mul_wide_u` (0xFC 22): 128-bit sums and
// differences of two (low, high) i64 pairs, and the full 128-bit product of two i64s — opt-in, as wasmtime has
// them behind `Config::wasm_wide_arithmetic` (LLVM emits them with `-mwide-arithmetic` for 128-bit integer
// arithmetic). Give it to what compiles a module:
//
//   import { Module } from 'purewasm';            // or 'purewasm/core': the pack works with either bundle
//   import { wideArithmetic } from 'purewasm/wide-arithmetic';
//   const module = new Module(bytes, { wideArithmetic });
//
// Without it a module using one is refused at compile time with a CompileError naming the instruction and this
// pack. The pack is a plain object of functions (src/vm/pack.ts, VmPack): validation, translation into the
// core's generic WIDE instruction and its execution (on the int32 halves of the i64s, no BigInt), so it shares
// no class or state with either bundle. The JS tier (`purewasm/jit`) compiles them into calls of its run
// time's `rt.wide`, the same arithmetic (src/vm/ops/wide.ts).
import type { WideArithmeticPack } from '../decoder/features.js';
import { wideArithmeticInstruction } from '../validate/wide-arithmetic-instructions.js';
import { execWide } from '../vm/exec/wide-arithmetic.js';
import type { VmPack } from '../vm/pack.js';
import { wideArithmeticSink } from '../vm/translate/wide-arithmetic.js';

const pack: VmPack & WideArithmeticPack = {
  family: 'wideArithmetic',
  // (the core names these four: its refusal without the pack says which instruction it met)
  names: [],
  validate: wideArithmeticInstruction,
  translate: wideArithmeticSink,
  exec: execWide,
};

/** The wide-arithmetic instructions: `new Module(bytes, { wideArithmetic })`. */
export const wideArithmetic: WideArithmeticPack = pack;
export type { WideArithmeticPack } from '../decoder/features.js';
