// The `purewasm` command runs every instruction there is: it gives the instruction packs (`purewasm/simd`,
// `purewasm/gc`) to everything it compiles, as core features (`new Module(bytes, PACKS)`) and as component
// validate options (`new Component(bytes, PACKS)`).
import { gc } from '../gc/index.js';
import { simd } from '../simd/index.js';

export const PACKS = { simd, gc } as const;
