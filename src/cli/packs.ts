// The `purewasm` command runs every instruction there is: it gives the instruction packs (`purewasm/simd`,
// `purewasm/gc`, `purewasm/threads`, `purewasm/legacy-exceptions`, `purewasm/wide-arithmetic`) to everything it
// compiles, as core features (`new Module(bytes, PACKS)`), and them with component-model async
// (`purewasm/async`) and the 64-bit canonical ABI (`purewasm/component-memory64`) as component validate options
// (`new Component(bytes, COMPONENT_PACKS)`).
import { componentAsync } from '../async/index.js';
import { componentMemory64 } from '../component-memory64/index.js';
import { gc } from '../gc/index.js';
import { legacyExceptions } from '../legacy-exceptions/index.js';
import { simd } from '../simd/index.js';
import { threads } from '../threads/index.js';
import { wideArithmetic } from '../wide-arithmetic/index.js';

export const PACKS = { simd, gc, threads, legacyExceptions, wideArithmetic } as const;
/** What it compiles components with: the instruction packs, component-model async and the 64-bit canonical ABI. */
export const COMPONENT_PACKS = { simd, gc, threads, legacyExceptions, wideArithmetic, componentAsync, componentMemory64 } as const;
