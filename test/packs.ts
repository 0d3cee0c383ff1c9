// The instruction packs (`purewasm/simd`, `purewasm/gc`) from src/, for tests that compile modules using
// SIMD or GC instructions: `compile(bytes, PACKS)`, `new Module(bytes, PACKS)`, `new Component(bytes, PACKS)`.
import { gc } from '../src/gc/index.js';
import { simd } from '../src/simd/index.js';

export const PACKS = { simd, gc } as const;
