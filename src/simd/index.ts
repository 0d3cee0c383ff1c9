// `purewasm/simd`: the SIMD and relaxed SIMD instructions (0xFD), opt-in (issue #12: the core VM without
// them is ~20 KB smaller, and few modules use them). Give it to what compiles a module:
//
//   import { Module } from 'purewasm';            // or 'purewasm/core': the pack works with either bundle
//   import { simd } from 'purewasm/simd';
//   const module = new Module(bytes, { simd });
//
// Without it such a module is refused at compile time with a CompileError naming the instruction and this
// pack. The pack is a plain object of functions (src/vm/pack.ts, VmPack): the module holds it, the core's
// validator, translator and cold path hand it the SIMD instructions, and it uses the core's classes only
// through what the core passes in, so it shares no class or state with either bundle.
import type { SimdPack } from '../decoder/features.js';
import { simdNames } from '../decoder/simd-names.js';
import { simdInstruction } from '../validate/simd-instructions.js';
import { execSimd } from '../vm/exec/simd.js';
import type { VmPack } from '../vm/pack.js';
import { simdSink } from '../vm/translate/simd.js';

const pack: VmPack & SimdPack = {
  family: 'simd',
  names: simdNames,
  validate: simdInstruction,
  translate: simdSink,
  exec: execSimd,
};

/** The SIMD instructions: `new Module(bytes, { simd })`. */
export const simd: SimdPack = pack;
export type { SimdPack } from '../decoder/features.js';
