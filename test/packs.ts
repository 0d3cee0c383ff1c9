// The packs from src/: the instruction packs (`purewasm/simd`, `purewasm/gc`, `purewasm/threads`,
// `purewasm/legacy-exceptions`, `purewasm/wide-arithmetic`), for tests that compile modules using SIMD, GC,
// atomic, legacy exception-handling or wide-arithmetic instructions — `compile(bytes, PACKS)`, `new Module(bytes, PACKS)` — and with them
// component-model async (`purewasm/async`) and the 64-bit canonical ABI (`purewasm/component-memory64`), for
// tests that compile components: `new Component(bytes, COMPONENT_PACKS)`.
import { componentAsync } from '../src/async/index.js';
import { componentMemory64 } from '../src/component-memory64/index.js';
import { gc } from '../src/gc/index.js';
import { legacyExceptions } from '../src/legacy-exceptions/index.js';
import { simd } from '../src/simd/index.js';
import { threads } from '../src/threads/index.js';
import { wideArithmetic } from '../src/wide-arithmetic/index.js';

export const PACKS = { simd, gc, threads, legacyExceptions, wideArithmetic } as const;
export const COMPONENT_PACKS = { simd, gc, threads, legacyExceptions, wideArithmetic, componentAsync, componentMemory64 } as const;
export { componentAsync, componentMemory64 };
