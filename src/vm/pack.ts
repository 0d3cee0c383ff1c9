// The VM's part of an instruction pack (src/decoder/features.ts says what packs are; `purewasm/simd`,
// `purewasm/gc`, `purewasm/threads`, `purewasm/legacy-exceptions`, `purewasm/wide-arithmetic`): translation of
// the pack's instructions into the generic cold instruction it owns (`Op.SIMD`, `Op.GC`, `Op.ATOMIC`, `Op.WIDE`)
// and their execution, which the cold path (exec/cold.ts) hands over; legacy exception handling translates into
// the core's own instructions and handler entries, so it has no execution part. A pack is built as a bundle of
// its own that works with `purewasm` and `purewasm/core` alike, so it holds none of the core's classes or state:
// what it uses of them comes in `PACK_RUNTIME`, passed on every call (a trap it throws is the core's `Trap`, a
// struct it makes the core's `StructRef`, its casts the core's `refMatches`, which the JS boundary shares).
import type { Reader } from '../decoder/reader.js';
import type { PackFamily } from '../decoder/features.js';
import type { ValidatorPack } from '../validate/pack.js';
import type { BodyContext } from '../validate/sink.js';
import type { ValidatedModule } from '../validate/validated-module.js';
import { OOB_MEMORY, OOB_TABLE, Trap } from './errors.js';
import { effectiveAddress } from './exec/mem-access.js';
import { FuncInst } from './runtime/func.js';
import {
  ArrayRef, I31Ref, StructRef, anyConvertExtern, arrayLayout, externConvertAny, refMatches, storeField, structLayout,
} from './runtime/gc-objects.js';
import type { ConstValue } from './runtime/const-expr.js';
import type { InstanceState } from './runtime/instance-state.js';
import type { Translator } from './translate/translator.js';

/** What a pack's code uses of the core it runs in (see the header). */
export const PACK_RUNTIME = {
  Trap, FuncInst, StructRef, ArrayRef, I31Ref, OOB_MEMORY, OOB_TABLE, effectiveAddress,
  structLayout, arrayLayout, storeField, anyConvertExtern, externConvertAny, refMatches,
};
export type PackRuntime = typeof PACK_RUNTIME;

export interface VmPack extends ValidatorPack {
  /** Translates instruction `op` (the translator's hooks: translator.ts, "Hooks for instruction packs"). */
  translate(t: Translator, op: number, ctx: BodyContext): void;
  /** Runs the pack's generic instruction at code[pc]; returns the next pc (every pack but legacyExceptions). */
  exec?(code: Int32Array, pc: number, fp: number, inst: InstanceState, rt: PackRuntime): number;
  /**
   * Evaluates the pack's instruction `sub` (the number after its prefix byte) in a constant expression:
   * reads its immediates with `r`, pops its operands from `stack` and pushes its result (GC only).
   */
  evalConst?(sub: number, r: Reader, stack: ConstValue[], inst: InstanceState, rt: PackRuntime): void;
}

/** The pack of `family` that module `vm` was compiled with (validation refused the module without it). */
export function vmPack(vm: ValidatedModule, family: PackFamily): VmPack {
  return vm.module.features![family] as VmPack;
}
