// Which conformance material every engine runs. Sized so that QuickJS (~100x slower than Node with its
// JIT) finishes in about a minute: the engine phase of `make test` must stay within ~5 minutes on 2 cores.
// Every engine runs the same set.

/** `suite/path` of .wast files (paths as in spec-tests' suites). */
export const SPEC_FILES: readonly string[] = [
  // core 2.0: integer and float semantics, control flow, memory, tables, linking
  'core-2.0/i32.wast',
  'core-2.0/i64.wast',
  'core-2.0/f32.wast',
  'core-2.0/f64_cmp.wast',
  'core-2.0/conversions.wast',
  'core-2.0/float_misc.wast',
  'core-2.0/int_exprs.wast',
  'core-2.0/br_table.wast',
  'core-2.0/call_indirect.wast',
  'core-2.0/endianness.wast',
  'core-2.0/memory_trap.wast',
  'core-2.0/left-to-right.wast',
  'core-2.0/linking.wast',
  'core-2.0/bulk.wast',
  'core-2.0/table_copy.wast',
  'core-2.0/fac.wast',
  'core-2.0/binary-leb128.wast',
  'core-2.0/f64.wast',
  'core-2.0/f32_cmp.wast',
  'core-2.0/float_exprs.wast',
  // (NaN payloads through loads, stores and sign operations: run compiled too, driver/run-scripts.ts)
  'core-2.0/float_memory.wast',
  'core-2.0/f64_bitwise.wast',
  'core-2.0/names.wast',
  'core-2.0/imports.wast',
  'core-2.0/exports.wast',
  'core-2.0/elem.wast',
  'core-2.0/data.wast',
  'core-2.0/global.wast',
  'core-2.0/memory_grow.wast',
  'core-2.0/memory_copy.wast',
  'core-2.0/memory_fill.wast',
  'core-2.0/table_init.wast',
  'core-2.0/select.wast',
  'core-2.0/traps.wast',
  'core-2.0/stack.wast',
  'core-2.0/br_if.wast',
  'core-2.0/loop.wast',
  'core-2.0/block.wast',
  'core-2.0/utf8-import-field.wast',
  // core 3.0: SIMD, tail calls, exceptions, GC, memory64, multi-memory, relaxed SIMD
  'core-3.0/simd/simd_lane.wast',
  'core-3.0/simd/simd_i64x2_arith.wast',
  'core-3.0/simd/simd_f64x2_arith.wast',
  'core-3.0/simd/simd_load.wast',
  'core-3.0/simd/simd_i8x16_arith.wast',
  'core-3.0/simd/simd_i16x8_arith.wast',
  'core-3.0/simd/simd_i32x4_arith.wast',
  'core-3.0/simd/simd_f32x4_arith.wast',
  'core-3.0/simd/simd_conversions.wast',
  'core-3.0/simd/simd_load8_lane.wast',
  'core-3.0/simd/simd_store.wast',
  'core-3.0/simd/simd_bitwise.wast',
  'core-3.0/simd/simd_boolean.wast',
  'core-3.0/simd/simd_splat.wast',
  // (return_call.wast is left out: its million-iteration loops take seconds under --jitless, minutes in QuickJS)
  'core-3.0/call_ref.wast',
  'core-3.0/exceptions/throw.wast',
  'core-3.0/exceptions/try_table.wast',
  'core-3.0/gc/struct.wast',
  'core-3.0/gc/array.wast',
  'core-3.0/gc/i31.wast',
  'core-3.0/gc/ref_cast.wast',
  'core-3.0/gc/array_copy.wast',
  'core-3.0/gc/br_on_cast.wast',
  'core-3.0/gc/extern.wast',
  'core-3.0/gc/ref_test.wast',
  'core-3.0/gc/type-subtyping.wast',
  'core-3.0/exceptions/throw_ref.wast',
  'core-3.0/type-rec.wast',
  'core-3.0/memory64/memory64.wast',
  'core-3.0/memory64/bulk64.wast',
  'core-3.0/multi-memory/load0.wast',
  'core-3.0/multi-memory/memory_grow.wast',
  'core-3.0/relaxed-simd/relaxed_min_max.wast',
  'core-3.0/relaxed-simd/i32x4_relaxed_trunc.wast',
  'core-3.0/memory64/memory_trap64.wast',
  'core-3.0/multi-memory/memory_copy1.wast',
  'core-3.0/relaxed-simd/relaxed_madd_nmadd.wast',
  // threads: every atomic instruction (the purewasm/threads pack) on shared and unshared memories
  'threads/atomic.wast',
  // the wide-arithmetic proposal (the purewasm/wide-arithmetic pack) and custom page sizes: their own suites
  'wide-arithmetic/wide-arithmetic.wast',
  'custom-page-sizes/custom-page-sizes.wast',
  // legacy exception handling (the purewasm/legacy-exceptions pack): what the converter reads of it
  'core-3.0/legacy/exceptions/try_catch.wast',
  // components: values and the canonical ABI, resources, linking, validation
  'component-model/values/numerics.wast',
  'component-model/values/strings.wast',
  'component-model/values/variants.wast',
  'component-model/values/post-return.wast',
  'component-model/resources/borrows.wast',
  'component-model/resources/handle-table.wast',
  'component-model/validation/abi.wast',
  'component-model/validation/resources.wast',
  'component-model/values/realloc.wast',
  'component-model/values/concat.wast',
  'component-model/values/alignment.wast',
  'component-model/values/transcode.wast',
  'component-model/linking/unit.wast',
  // component-model async (issue #18): tasks on fibers, streams, futures, cancellation, the thread builtins
  'component-model/async/big-interleaving-test.wast',
  'component-model/async/async-calls-sync.wast',
  'component-model/async/cancel-stream.wast',
  'component-model/async/partial-stream-copies.wast',
  'component-model/async/sync-streams.wast',
  'component-model/async/passing-resources.wast',
  'component-model/async/trap-if-block-and-sync.wast',
  'component-model/async/cross-abi-calls.wast',
  'component-wasmtime/strings.wast',
  'component-wasmtime/resources.wast',
  'component-wasmtime/types.wast',
  'component-wasmtime/linking.wast',
  'component-wasmtime/trap.wast',
  'component-wasmtime/enums.wast',
  'component-wasmtime/nested.wast',
  'component-wasmtime/simple.wast',
  'component-wasmtime/modules.wast',
  'component-wasmtime/import.wast',
  'component-wasmtime/instance.wast',
  'component-wasmtime/aliasing.wast',
  'component-wasmtime/adapter.wast',
  'component-wasmtime/string-transcode-invalid.wast',
  'component-wasmtime/restrictions.wast',
  'component-wasmtime/async/stackful.wast',
  'component-wasmtime/async/cancel-host.wast',
  'component-wasmtime/async/task-builtins.wast',
  'component-wasmtime/async/futures.wast',
  'component-wasmtime/async/streams.wast',
  'component-wasm-tools/resources.wast',
  'component-wasm-tools/func.wast',
  'component-wasm-tools/instantiate.wast',
  'component-wasm-tools/types.wast',
  'component-wasm-tools/alias.wast',
  'component-wasm-tools/import.wast',
  'component-wasm-tools/export.wast',
  'component-wasm-tools/adapt.wast',
  'component-wasm-tools/lower.wast',
  'component-wasm-tools/naming.wast',
  'component-wasm-tools/definedtypes.wast',
  // the component packs of session 10: the 64-bit canonical ABI (purewasm/component-memory64) and the GC ABI's check (purewasm/gc)
  'component-wasmtime/memory64.wast',
  'component-wasm-tools/memory64/string.wast',
  'component-wasm-tools/memory64/waitable-set.wast',
  'component-wasm-tools/gc/primitive-types.wast',
];

/** jco fixtures (under fixtures/components/jco) with host functions in component-smoke.ts. */
export const COMPONENTS: readonly string[] = [
  'transpile/runtime/smoke.component.wasm',
  'transpile/runtime/numbers.component.wasm',
  'transpile/runtime/strings.component.wasm',
  'transpile/runtime/records.component.wasm',
  'transpile/runtime/variants.component.wasm',
];

/**
 * Benchmark kernels (fixtures under bench/wasm), at `run(max(1, default_n() / KERNEL_DIVISOR))`: well under
 * a millisecond in Node's WebAssembly, about a second in QuickJS. Left out: sort.wasm (its smallest n
 * already takes 5 s under --jitless) and wasi_all.wasm (it needs a WASI preview1 host).
 */
export const KERNELS: readonly string[] = ['fib', 'i64mix', 'nbody', 'sha256', 'vm'];
export const KERNEL_DIVISOR = 6000;

/**
 * Stores, fuel, async host functions and snapshots (driver/stores.ts): small, because QuickJS runs the
 * kernels ~100x slower than Node. `component.hostCalls`: how many imports numbers' test-imports calls.
 */
export const STORE_CHECKS = {
  spinFuel: 10_000,
  asyncCalls: 1000,
  fuelKernel: { file: 'fib.wasm', n: 1 },
  snapshotKernel: { file: 'sha256.wasm', n: 1 },
  component: { file: 'transpile/runtime/numbers.component.wasm', hostCalls: 39 },
} as const;

/**
 * Real WASI programs of the wasi-testsuite (fixtures/wasi-testsuite) through purewasm/wasi's portable host
 * (driver/wasi-programs.ts): each preview1 program here also as its WASI 0.2 component (p2-from-p1/) but those
 * whose outcome there is the preview1 adapter's (WASI_P2_LEFT_OUT, as in test/wasi/portable-testsuite.test.ts),
 * and WASI 0.3 commands (wasip3/, with component-model async). Arguments, environment and stdin come from the
 * program's .json; those with a `root` directory get an empty in-memory one (they create what they use).
 */
export const WASI_PREVIEW1: readonly string[] = [
  'assemblyscript/args_get-multiple-arguments', 'assemblyscript/environ_get-multiple-variables', 'assemblyscript/fd_write-to-stdout',
  'assemblyscript/proc_exit-failure', 'assemblyscript/random_get-non-zero-length', 'c/clock_gettime-monotonic', 'c/pwrite-with-append',
  'rust/big_random_buf', 'rust/file_seek_tell', 'rust/stdio',
];
export const WASI_P2_LEFT_OUT: readonly string[] = ['assemblyscript/args_get-multiple-arguments', 'assemblyscript/environ_get-multiple-variables', 'assemblyscript/proc_exit-failure'];
export const WASI_P3: readonly string[] = ['rust/cli-stdio-roundtrip', 'rust/cli-env', 'rust/cli-exit'];
