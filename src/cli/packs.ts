// The `purewasm` command runs every instruction there is: it gives the instruction packs (`purewasm/simd`,
// `purewasm/gc`) to everything it compiles, as core features (`new Module(bytes, PACKS)`), and them with
// component-model async (`purewasm/async`) as component validate options (`new Component(bytes, COMPONENT_PACKS)`).
import { componentAsync } from '../async/index.js';
import { gc } from '../gc/index.js';
import { simd } from '../simd/index.js';

export const PACKS = { simd, gc } as const;
/** What it compiles components with: the instruction packs and component-model async (`purewasm/async`). */
export const COMPONENT_PACKS = { simd, gc, componentAsync } as const;
