// The component layer's side of the GC canonical ABI (`canon lift/lower … gc`, the 🛸 gate of the component
// model's Explainer; wasmtime's `wasm_component_model_gc`), which `purewasm/gc` carries (issue #12): a
// component whose canon options say `gc` passes GC references to core modules that need the GC pack for
// their instructions anyway, so the check of such a signature (gc-abi.ts) travels in that pack, not in
// `purewasm`. The pack is the `gc` member of ValidateOptions, as for the component's core modules; without it
// a `gc` option is refused with a CompileError naming the definition, its offset and the fix. The pack stays
// usable with `purewasm/core`: gc-abi.ts imports nothing of the component layer but types.
import { refuseWithoutPack } from '../pack-refusal.js';
import type { GcPack } from '../../decoder/features.js';
import type { CoreFuncType, FuncType } from '../types.js';
import type { CoreTypeEntry } from './state.js';

/** What `purewasm/gc` adds to the GC pack for components. */
export interface ComponentGc {
  /** @internal Why core function type `core` does not carry component function `ft` under the GC ABI, or undefined. */
  readonly gcSignatureMismatch: (ft: FuncType, core: CoreFuncType, types: readonly CoreTypeEntry[], utf16: boolean) => string | undefined;
}

/** The GC ABI's signature check of canon `kind` at `offset`: the GC pack's, or a CompileError without it. */
export function gcAbiOf(pack: GcPack | undefined, kind: string, offset: number): ComponentGc['gcSignatureMismatch'] {
  const check = (pack as (GcPack & Partial<ComponentGc>) | undefined)?.gcSignatureMismatch;
  return check ?? refuseWithoutPack(`${kind} gc`, offset, 'needs the GC pack', 'gc', 'gc');
}
