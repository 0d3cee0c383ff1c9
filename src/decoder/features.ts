// Core-wasm proposals beyond WebAssembly 3.0 + threads that a caller switches on explicitly. With a feature
// off, the bytes it introduces are malformed exactly as before the feature existed.
//
// And the instruction packs: the 0xFD (SIMD, relaxed SIMD), 0xFB (GC) and 0xFE (threads' atomics)
// instructions are not in the core (`purewasm`, `purewasm/core`) but in `purewasm/simd`, `purewasm/gc` and
// `purewasm/threads`, as a wasmtime embedder switches them on in its config (issue #12: few modules use them,
// and they weigh ~28 KB). The core still decodes and types everything they touch (v128 values, GC types,
// function references, shared memories); a module using one of their instructions is refused at compile
// time, naming the pack, unless it is given:
//
//   new Module(bytes, { simd, gc, threads })   with   import { simd } from 'purewasm/simd'; (and so on)
//
// The legacy exception-handling instructions (`try` 0x06, `catch` 0x07, `rethrow` 0x09, `delegate` 0x18,
// `catch_all` 0x19: the proposal's first version, which WebAssembly 3.0 replaced by `try_table`/`throw_ref`
// and wasmtime does not run) are a pack the same way, `purewasm/legacy-exceptions` (`{ legacyExceptions }`);
// `throw`, `throw_ref`, `try_table`, tags and `exnref` are WebAssembly 3.0 and stay in the core. The
// wide-arithmetic proposal's four 0xFC instructions (`i64.add128` 0xFC 19, `i64.sub128` 20, `i64.mul_wide_s`
// 21, `i64.mul_wide_u` 22) are the pack `purewasm/wide-arithmetic` (`{ wideArithmetic }`), as wasmtime has
// them behind `Config::wasm_wide_arithmetic`.
//
// The packs travel with the compiled module (Module → ValidatedModule → the instances' translation and
// execution): there is no registry, each module runs with the packs it was compiled with.

/**
 * An instruction pack as the core holds it. Its parts (validation, translation, execution: the interfaces
 * `ValidatorPack` in src/validate/pack.ts and `VmPack` in src/vm/pack.ts) are internal.
 */
export interface InstructionPack {
  /** Which instructions: `simd` (0xFD, relaxed SIMD), `gc` (0xFB), `threads` (0xFE), `legacyExceptions` or `wideArithmetic`. */
  readonly family: PackFamily;
  /** @internal Names by instruction number (opcodes.ts numbering), for messages. */
  readonly names: readonly (string | undefined)[];
}

/** `purewasm/simd`: the SIMD and relaxed SIMD instructions. */
export interface SimdPack extends InstructionPack {
  readonly family: 'simd';
}

/** `purewasm/gc`: the GC instructions (struct, array, i31, ref.test, ref.cast, br_on_cast, any/extern conversions). */
export interface GcPack extends InstructionPack {
  readonly family: 'gc';
}

/** `purewasm/threads`: the threads proposal's atomic instructions (0xFE: wait, notify, fence, atomic accesses). */
export interface ThreadsPack extends InstructionPack {
  readonly family: 'threads';
}

/** `purewasm/legacy-exceptions`: the legacy exception-handling instructions (try, catch, catch_all, rethrow, delegate). */
export interface LegacyExceptionsPack extends InstructionPack {
  readonly family: 'legacyExceptions';
}

/** `purewasm/wide-arithmetic`: the wide-arithmetic proposal's instructions (i64.add128, i64.sub128, i64.mul_wide_s/_u). */
export interface WideArithmeticPack extends InstructionPack {
  readonly family: 'wideArithmetic';
}

/** The instruction packs' names, which are their features' keys. */
export type PackFamily = 'simd' | 'gc' | 'threads' | 'legacyExceptions' | 'wideArithmetic';

export interface CoreFeatures {
  /**
   * shared-everything-threads: `shared` tables (limits flag bit 1) and globals (mutability bit 1), shared
   * abstract heap types `(shared func)` … (prefix 0x65) and shared composite types `(shared (func …))`
   * (prefix 0x65 in the type section), with their validation rules. Decoding and validation only: the VM
   * runs such a module single-threaded, like any other. Default off.
   */
  readonly sharedEverythingThreads?: boolean;
  /** The SIMD instructions (`import { simd } from 'purewasm/simd'`). Without it a module using one is refused. */
  readonly simd?: SimdPack;
  /** The GC instructions (`import { gc } from 'purewasm/gc'`). Without it a module using one is refused. */
  readonly gc?: GcPack;
  /**
   * The threads proposal's atomic instructions (`import { threads } from 'purewasm/threads'`). Without it a
   * module using one is refused; shared memories need no pack.
   */
  readonly threads?: ThreadsPack;
  /**
   * The legacy exception-handling instructions (`import { legacyExceptions } from 'purewasm/legacy-exceptions'`).
   * Without it a module using one is refused; `try_table`, `throw`, `throw_ref` and tags need no pack.
   */
  readonly legacyExceptions?: LegacyExceptionsPack;
  /**
   * The wide-arithmetic instructions (`import { wideArithmetic } from 'purewasm/wide-arithmetic'`): i64.add128,
   * i64.sub128, i64.mul_wide_s, i64.mul_wide_u. Without it a module using one is refused.
   */
  readonly wideArithmetic?: WideArithmeticPack;
}

/** The instruction packs alone: what a helper that compiles a program for you takes (`{ simd, gc, threads, legacyExceptions, wideArithmetic }`). */
export type InstructionPacks = Pick<CoreFeatures, PackFamily>;

/**
 * The pack of a pack's instruction number: of the packs' prefixes (0xFB → gc; 0xFE → threads; 0xFD, relaxed
 * 0xFF → simd; 0xFC → wideArithmetic: its only pack instructions are 0xFC 19..22), or a single-byte one
 * (→ legacyExceptions: the only single-byte instructions in a pack).
 */
export function packFamily(op: number): PackFamily {
  const prefix = op >> 8;
  return prefix === 0xfb ? 'gc' : prefix === 0xfe ? 'threads' : prefix === 0 ? 'legacyExceptions' : prefix === 0xfc ? 'wideArithmetic' : 'simd';
}

/** Whether prefixed instruction number `op` belongs to a pack (0xFB, 0xFD, 0xFE, relaxed SIMD's 0xFF, 0xFC 19..22). */
export function isPackInstruction(op: number): boolean {
  const prefix = op >> 8;
  return prefix === 0xfb || prefix >= 0xfd || (op >= 0xfc13 && op <= 0xfc16);
}
