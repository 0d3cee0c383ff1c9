// Internal switches for the translator's optimizations (not part of the public API). Only the benchmark
// harness (`bench --ablation`, bench/ablation-preload.ts) and tests set them, to measure what each
// optimization family gains and to check that the plain, unfused code is still correct. Each family,
// when disabled, makes the translator emit the straightforward sequence instead (one internal instruction
// per wasm instruction, values materialized into their stack slots). Read at translation time only: the
// interpreter never looks here.

/** The optimization families, in the order the ablation table lists them. */
export const OPTIMIZATION_FAMILIES = [
  /** `local.get` is not copied: its consumer reads the local's slot in place. */
  'lazy-locals',
  /** Constants used as operands come from the per-function constant pool instead of a CONST each time. */
  'const-pool',
  /** A result feeding `local.set`/`local.tee` is written straight into the local (copy elision). */
  'retarget',
  /** i32 ops with a constant operand use their immediate forms (`I32_ADD_I` …). */
  'imm-forms',
  /** A compare (or `eqz`) feeding `br_if`/`if` becomes one compare-and-branch. */
  'cmp-branch',
  /** `eqz` of an integer compare becomes the negated compare. */
  'eqz-negate',
  /** `i32.add x, k` feeding a load becomes the load's extra offset operand. */
  'load-offset',
  /** `a + (x << k)` → `I32_ADD_SHL`. */
  'add-shl',
  /** `(x + y) + c` → `I32_ADD3`. */
  'add3',
  /** `x * y + c` (f64) → `F64_MUL_ADD`. */
  'mul-add',
  /** `local.tee x (a + k)` then `br_if x` → `ADD_I_BR_NZ/Z`. */
  'add-branch',
  /** `local.tee x (a + k)` then `i32.load x` → `I32_LOAD_UPD`. */
  'load-upd',
  /** `i32.wrap_i64` and reinterprets emit no code (only the type changes). */
  'free-retype',
  /** i64 shifts and i32 rotates by a constant use `I64_SHL_I`/`I64_SHR_S_I`/`I64_SHR_U_I`/`I32_ROTL_I`. */
  'shift-imm',
  /** `a ^ (x << k)`, `a ^ (x >>> k)` (i32, i64) and `a ^ rotl(x, k)` (i32), constant k → `I64_XOR_SHL_I` … */
  'xor-shift',
  /** `x * y * z` (f64) → `F64_MUL3`. */
  'mul3',
  /** `f64.store` of an f64 add/sub/mul just computed → `F64_ADD_STORE` … */
  'f64-store',
  /** `i32.load` of `a + (x << k)` just computed → `I32_LOAD_IDX` (array element). */
  'load-idx',
  /** Two MOVs in a row (no label between) → one `MOV2`. */
  'mov-pairs',
  /** `i64.eq`/`ne`/`eqz` feeding `br_if`/`if` → `BR_I64_EQ`/`NE`/`EQZ`/`NEZ`. */
  'i64-cmp-branch',
  /** An `f64.load` consumed at once by f64 add/sub/mul/div reads one float (`F64_LOAD_N`), not two halves. */
  'f64-load-num',
  /** A single result computed just before `return` (or the function's end) is written straight to fp + 0. */
  'return-retarget',
  /** `rotl(x, a) ^ rotl(x, b) [^ rotl(x, c) | ^ (x >>> c)]` (i32) → `I32_ROTL2_I`/`I32_ROTL3_I`/`I32_ROTL2_SHR_I`. */
  'rot-chain',
  /** The hottest instructions read their slot offsets (and a small immediate) from one packed code word (translate/packed-operands.ts). */
  'packed',
  /** Adjacent instructions of the most frequent pairs run in one dispatch (`A__B` opcodes, translate/pairs.ts). */
  'pairs',
] as const;

export type OptimizationFamily = (typeof OPTIMIZATION_FAMILIES)[number];

export const translateOptions: { disabled: Set<string> } = { disabled: new Set() };

/** Whether optimization family `f` is on (all are, unless a benchmark or test disabled it). */
export function enabled(f: OptimizationFamily): boolean {
  return translateOptions.disabled.size === 0 || !translateOptions.disabled.has(f);
}
