// `purewasm/component-memory64`: the 64-bit canonical ABI (64-bit memories as a component's canonical `memory` option:
// the 🐘 gate of the component model, wasmparser's `cm64`) as an opt-in pack (issue #12). Give it to what
// compiles a component:
//
//   import { Component } from 'purewasm';
//   import { componentMemory64 } from 'purewasm/component-memory64';
//   const component = new Component(bytes, { componentMemory64 });
//
// Without it a component whose lift, lower or builtin names a 64-bit memory is refused by `new Component`
// with a CompileError naming the definition and this pack. The pack is a plain object
// (src/component/runtime/memory64-pack.ts, ComponentMemory64): the compiled component holds it and gives it
// to its instances, so there is no registry. It carries what only such memories need: strings with i64
// fields, string stores through a window (a 64-bit memory may be or become too large for a typed array) and
// byte-range access to such memories. Built apart, it imports `purewasm` (./purewasm.mjs) and uses the
// canonical ABI's own string routines and classes through its `__internals`, so every class exists once.
import type { AbiMemory, LargeMemory } from '../abi/interfaces.js';
import { MEMORY64_ABI } from '../abi/memory64-abi.js';
import type { ComponentMemory64 } from '../component/runtime/memory64-pack.js';
import type { MemoryInst } from '../vm/runtime/memory.js';

const NO_BYTES = new Uint8Array(0);

/** The 64-bit canonical ABI: `new Component(bytes, { componentMemory64 })`. */
export const componentMemory64: ComponentMemory64 = {
  family: 'component-memory64',
  // Its flat view while it has one, else (past 4 GiB, where the vm keeps it in segments) byte-range access
  // through the MemoryInst.
  abiMemory(inst: MemoryInst): AbiMemory {
    const large: LargeMemory = {
      get byteLength() {
        return inst.byteLength;
      },
      readBytes: (ptr, dst, at, n) => inst.readBytes(ptr, dst, at, n),
      writeBytes: (ptr, src, at, n) => inst.writeBytes(ptr, src, at, n),
    };
    return {
      index64: true,
      abi64: MEMORY64_ABI,
      bytes: () => (inst.segments === null ? inst.u8 : NO_BYTES),
      large: () => (inst.segments === null ? undefined : large),
    };
  },
};

export type { ComponentMemory64 };
