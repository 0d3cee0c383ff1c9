// The packs from src/: the instruction packs (`purewasm/simd`, `purewasm/gc`), for tests that compile modules
// using SIMD or GC instructions — `compile(bytes, PACKS)`, `new Module(bytes, PACKS)` — and with them
// component-model async (`purewasm/async`), for tests that compile components: `new Component(bytes, COMPONENT_PACKS)`.
import { componentAsync } from '../src/async/index.js';
import { gc } from '../src/gc/index.js';
import { simd } from '../src/simd/index.js';

export const PACKS = { simd, gc } as const;
export const COMPONENT_PACKS = { simd, gc, componentAsync } as const;
export { componentAsync };
