// The immediates of one instruction, decoded by `readImmediates` (opcodes.ts) and handed by the validator's
// body walk to a BodySink (src/validate/sink.ts). One object is reused for every instruction.
import type { ValType } from './module.js';

/** Catch clause kinds of try_table (binary encoding). */
export const CATCH = 0x00;
export const CATCH_REF = 0x01;
export const CATCH_ALL = 0x02;
export const CATCH_ALL_REF = 0x03;

/**
 * Immediates of the current instruction. One mutable object is reused for every instruction: only the
 * fields the instruction has are meaningful (others keep stale values).
 */
export interface Immediates {
  /** The first index immediate: local, global, function, type, table, tag, label (br/br_if/br_on_*),
   *  data or element segment, memory (memory.size/grow/fill), struct/array type index (GC ops),
   *  rethrow/delegate depth. For call_indirect/return_call_indirect: the type index. call_ref /
   *  return_call_ref: the type index. `delegate l`: l counts frames outside the try, so in the sink's view
   *  (the try is still frame 0) the target is depth l + 1. */
  index: number;
  /** The second index: call_indirect's table, table.copy/memory.copy source, table.init's table (index is
   *  the element segment), memory.init's memory (index is the data segment), struct field index,
   *  array.copy source type, array.new_data/array.init_data segment; br_on_cast/br_on_cast_fail: the
   *  target heap type (normalized; the label is in `index`, the source heap type in `heapType`). */
  index2: number;
  /** Memory index of a load/store/atomic/SIMD memory op (memarg with flag bit 6, else 0). */
  memory: number;
  /** log2 of the alignment of a memarg. */
  align: number;
  /** Memarg offset as two 32-bit halves (memory64 offsets may exceed 2^32). */
  offsetLo: number;
  offsetHi: number;
  /** i32.const value. */
  i32: number;
  /** i64.const value as two 32-bit halves. */
  i64Lo: number;
  i64Hi: number;
  /** f32.const as raw bits. */
  f32Bits: number;
  /** f64.const as raw bits (two 32-bit halves). */
  f64Lo: number;
  f64Hi: number;
  /** Byte offset in Module.bytes of the 16 immediate bytes of v128.const / i8x16.shuffle (lanes). */
  v128Pos: number;
  /** Lane index of extract/replace_lane and load/store_lane. */
  lane: number;
  /** Raw block type: -1 for the empty type, -2 for a single result (`blockValType`), else a type index. */
  blockType: number;
  blockValType: ValType;
  /** Block type of block/loop/if/try/try_table: params and results (shared arrays, never mutate). */
  blockParams: readonly ValType[];
  blockResults: readonly ValType[];
  /** br_table: the `brCount` targets in brTargets[0..brCount), then the default in brTargets[brCount].
   *  try_table: catch clause labels. The array is reused (grows). */
  brTargets: Int32Array;
  brCount: number;
  /** try_table: catch clause kinds (CATCH …) and tag indices (for CATCH / CATCH_REF), `brCount` clauses. */
  catchKinds: Int32Array;
  catchTags: Int32Array;
  /** Heap type (ref.null, ref.test/ref.cast target, br_on_cast source) and full reference type (ref.test/
   *  ref.cast target, br_on_cast target, in `refType`), normalized: concrete types use the module's
   *  representative type index (ValidatedModule.representative). */
  heapType: number;
  refType: ValType;
  /** br_on_cast/br_on_cast_fail source reference type. */
  refType2: ValType;
  /** br_on_cast flags byte (bit 0: source nullable, bit 1: target nullable). */
  castFlags: number;
  /** Count immediate of array.new_fixed. */
  count: number;
  /** Typed select's operand type, or 0 for the untyped `select` (0x1b). */
  selectType: ValType;
}
