// `purewasm/threads`: the threads proposal's atomic instructions (0xFE: memory.atomic.notify/wait32/wait64,
// atomic.fence, the i32/i64 atomic loads, stores, read-modify-writes and cmpxchg), opt-in (issue #12: the
// proposal is not part of WebAssembly 3.0, wasmtime gates it behind `wasm_threads`, few modules use it).
// Give it to what compiles a module:
//
//   import { Module } from 'purewasm';            // or 'purewasm/core': the pack works with either bundle
//   import { threads } from 'purewasm/threads';
//   const module = new Module(bytes, { threads });
//
// The core keeps shared memories (the `shared` limits flag, its validation and type): only the instructions
// are here. Without the pack a module using one is refused at compile time with a CompileError naming the
// instruction and this pack. The pack is a plain object of functions (src/vm/pack.ts, VmPack) that uses the
// core's classes only through what the core passes in, so it shares no class or state with either bundle.
// It runs single-threaded, as the core does: exec/atomics.ts says what wait and notify do with one agent.
import type { ThreadsPack } from '../decoder/features.js';
import { threadsNames } from '../decoder/threads-names.js';
import { threadsInstruction } from '../validate/threads-instructions.js';
import { execAtomic } from '../vm/exec/atomics.js';
import type { VmPack } from '../vm/pack.js';
import { threadsSink } from '../vm/translate/threads.js';

const pack: VmPack & ThreadsPack = {
  family: 'threads',
  names: threadsNames,
  validate: threadsInstruction,
  translate: threadsSink,
  exec: execAtomic,
};

/** The threads proposal's atomic instructions: `new Module(bytes, { threads })`. */
export const threads: ThreadsPack = pack;
export type { ThreadsPack } from '../decoder/features.js';
