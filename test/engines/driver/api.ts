// Engine side: the library under test is the built artifact, loaded before the driver as a script that
// defines the global `purewasm` (dist/purewasm.iife.js). The driver uses only its public API.
import type * as Purewasm from '../../../src/index.js';
import type * as PurewasmSnapshot from '../../../src/snapshot/index.js';
import type * as PurewasmAsync from '../../../src/async/index.js';
import type * as PurewasmComponentMemory64 from '../../../src/component-memory64/index.js';

export type Api = typeof Purewasm;

export function api(): Api {
  const g = (globalThis as unknown as { purewasm?: Api }).purewasm;
  if (g === undefined) throw new Error('the global `purewasm` is missing: the bundle did not load');
  return g;
}

/** Store snapshots (dist/snapshot.iife.js, the global `purewasmSnapshot`: it uses the VM of the global `purewasm`). */
export function snapshots(): Snapshots {
  const g = (globalThis as unknown as { purewasmSnapshot?: Snapshots }).purewasmSnapshot;
  if (g === undefined) throw new Error('the global `purewasmSnapshot` is missing: the bundle did not load it');
  return g;
}
export type Snapshots = typeof PurewasmSnapshot;

/**
 * The instruction packs (dist/simd.iife.js, dist/gc.iife.js, dist/threads.iife.js,
 * dist/legacy-exceptions.iife.js and dist/wide-arithmetic.iife.js, the globals `purewasmSimd`, `purewasmGc`,
 * `purewasmThreads`, `purewasmLegacyExceptions` and `purewasmWideArithmetic`): every module the driver compiles gets them, as the spec runner's do.
 */
export function packs(): Purewasm.InstructionPacks {
  const g = globalThis as unknown as {
    purewasmSimd?: { simd: Purewasm.SimdPack }; purewasmGc?: { gc: Purewasm.GcPack }; purewasmThreads?: { threads: Purewasm.ThreadsPack };
    purewasmLegacyExceptions?: { legacyExceptions: Purewasm.LegacyExceptionsPack };
    purewasmWideArithmetic?: { wideArithmetic: Purewasm.WideArithmeticPack };
  };
  if (g.purewasmSimd === undefined || g.purewasmGc === undefined || g.purewasmThreads === undefined || g.purewasmLegacyExceptions === undefined ||
    g.purewasmWideArithmetic === undefined) {
    throw new Error('the globals `purewasmSimd` / `purewasmGc` / `purewasmThreads` / `purewasmLegacyExceptions` / `purewasmWideArithmetic` are missing: the bundle did not load them');
  }
  return {
    simd: g.purewasmSimd.simd, gc: g.purewasmGc.gc, threads: g.purewasmThreads.threads,
    legacyExceptions: g.purewasmLegacyExceptions.legacyExceptions, wideArithmetic: g.purewasmWideArithmetic.wideArithmetic,
  };
}

/**
 * What components compile with: the instruction packs, component-model async (dist/async.iife.js, the
 * global `purewasmAsync`, over the global `purewasm`) and the 64-bit canonical ABI (dist/component-memory64.iife.js,
 * the global `purewasmComponentMemory64`), as the spec runner's do.
 */
export function componentPacks(): Purewasm.InstructionPacks & { componentAsync: PurewasmAsync.ComponentAsync; componentMemory64: PurewasmComponentMemory64.ComponentMemory64 } {
  const globals = globalThis as unknown as { purewasmAsync?: typeof PurewasmAsync; purewasmComponentMemory64?: typeof PurewasmComponentMemory64 };
  const g = globals.purewasmAsync;
  const m64 = globals.purewasmComponentMemory64;
  if (g === undefined || m64 === undefined) throw new Error('the global `purewasmAsync` or `purewasmComponentMemory64` is missing: the bundle did not load it');
  return { ...packs(), componentAsync: g.componentAsync, componentMemory64: m64.componentMemory64 };
}

/** The JS tier's code generator (dist/jit.iife.js, the global `purewasmJit`), loaded after the library. */
export function jit(): Purewasm.JsCompiler {
  const g = (globalThis as unknown as { purewasmJit?: { jit: Purewasm.JsCompiler } }).purewasmJit;
  if (g === undefined) throw new Error('the global `purewasmJit` is missing: the bundle did not load it');
  return g.jit;
}
