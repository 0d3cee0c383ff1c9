// The component layer's side of the 64-bit canonical ABI pack (`purewasm/component-memory64`, issue #12): 64-bit
// memories as canonical `memory` options (the 🐘 gate of the component model, wasmparser's `cm64`). What
// only such a memory needs — i64 string fields, strings stored through a window, memories too large for a
// typed array (src/abi strings64.ts, string-window.ts, large-memory.ts) — is a plain object given to
// `new Component(bytes, { componentMemory64 })`; the compiled component keeps it (ValidateOptions, so nested
// components inherit it) and each of its instances reaches it as `InstanceState.memory64`. Validation does
// not depend on it (the `cm64` switch decides what is valid); the planner refuses a canon definition whose
// memory option is a 64-bit memory without it. The 64-bit layouts, plans and flat codecs stay in the core:
// they are the 32-bit ones with another pointer size.
import type { Canon } from '../../decoder/component/ast.js';
import { packGiven, refuseWithoutPack } from '../pack-refusal.js';
import type { AbiMemory } from '../../abi/index.js';
import type { MemoryInst } from '../../vm/runtime/memory.js';
import type { Scope } from '../validator/state.js';

/** The 64-bit canonical ABI pack (`import { componentMemory64 } from 'purewasm/component-memory64'`). */
export interface ComponentMemory64 {
  readonly family: 'component-memory64';
  /** @internal The ABI's view of a 64-bit memory (flat while it is, else byte ranges), with the 64-bit routines. */
  abiMemory(inst: MemoryInst): AbiMemory;
}

/** The memory a canon definition reads and writes: its `memory` option, or waitable-set.wait/poll's memory. */
function memoryIndex(c: Canon): number | undefined {
  if (c.memory !== undefined) return c.memory;
  for (const o of c.opts) if (o.kind === 'memory') return o.index;
  return undefined;
}

/** Refuses canon definition `c` at `offset` when its memory is a 64-bit memory and the component was compiled without the pack. */
export function checkMemory64Pack(c: Canon, scope: Scope, offset: number): void {
  if (packGiven(scope.options.componentMemory64, 'component-memory64', 'componentMemory64', 'component-memory64')) return;
  const m = memoryIndex(c);
  if (m !== undefined && scope.coreMemory(m, offset).limits.index64) {
    refuseWithoutPack(c.kind, offset, 'uses a 64-bit memory, which needs the 64-bit canonical ABI', 'componentMemory64', 'component-memory64');
  }
}
