// `purewasm/legacy-exceptions`: the legacy exception-handling instructions — `try` (0x06), `catch` (0x07),
// `rethrow` (0x09), `delegate` (0x18), `catch_all` (0x19) — opt-in (issue #12). They are the proposal's first,
// deprecated version: WebAssembly 3.0 standardised `try_table`, `throw`, `throw_ref` and `exnref` instead
// (those, and tags, are in the core), and wasmtime does not run the legacy form at all; much existing
// Emscripten/LLVM output built with `-fwasm-exceptions` still uses it. Give it to what compiles a module:
//
//   import { Module } from 'purewasm';            // or 'purewasm/core': the pack works with either bundle
//   import { legacyExceptions } from 'purewasm/legacy-exceptions';
//   const module = new Module(bytes, { legacyExceptions });
//
// Without it a module using one is refused at compile time with a CompileError naming the instruction and this
// pack. The pack is a plain object of functions (src/vm/pack.ts, VmPack): validation and translation; what it
// translates to runs on the core's own instructions and exception handlers, so it has no execution part and
// shares no class or state with either bundle.
import type { LegacyExceptionsPack } from '../decoder/features.js';
import { legacyExceptionInstruction } from '../validate/legacy-exception-instructions.js';
import type { VmPack } from '../vm/pack.js';
import { legacyExceptionsSink } from '../vm/translate/legacy-exceptions.js';

const pack: VmPack & LegacyExceptionsPack = {
  family: 'legacyExceptions',
  // (the core names these five: its refusal without the pack says which instruction it met)
  names: [],
  validate: legacyExceptionInstruction,
  translate: legacyExceptionsSink,
};

/** The legacy exception-handling instructions: `new Module(bytes, { legacyExceptions })`. */
export const legacyExceptions: LegacyExceptionsPack = pack;
export type { LegacyExceptionsPack } from '../decoder/features.js';
