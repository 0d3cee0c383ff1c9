// `purewasm/gc`: the GC instructions (0xFB: struct, array, i31, ref.test, ref.cast, br_on_cast,
// any.convert_extern, extern.convert_any), opt-in (issue #12). Give it to what compiles a module:
//
//   import { Module } from 'purewasm';            // or 'purewasm/core': the pack works with either bundle
//   import { gc } from 'purewasm/gc';
//   const module = new Module(bytes, { gc });
//
// The core keeps what is not an instruction of this prefix: GC types (rec groups, subtyping, canonical
// types), references and function references (ref.eq, ref.null, ref.func, ref.as_non_null, br_on_null …),
// the GC objects and their conversions at the JS boundary and in snapshots. Without the pack a module using
// a 0xFB instruction is refused at compile time with a CompileError naming the instruction and this pack.
// The pack is a plain object of functions (src/vm/pack.ts, VmPack): the structs and arrays it makes are the
// core's classes, which it gets from the core it runs in, so it works with `purewasm` and `purewasm/core`.
//
// For components it also carries the GC canonical ABI's signature check (`canon lift/lower … gc`:
// src/component/validator/gc-abi.ts, which imports only types of the component layer): give it to
// `new Component(bytes, { gc })` as to a module; without it such a canon definition is refused.
import type { ComponentGc } from '../component/validator/gc-pack.js';
import { gcSignatureMismatch } from '../component/validator/gc-abi.js';
import type { GcPack } from '../decoder/features.js';
import { gcNames } from '../decoder/gc-names.js';
import { gcInstruction } from '../validate/gc-instructions.js';
import { evalGcConst, execGc } from '../vm/exec/gc.js';
import type { VmPack } from '../vm/pack.js';
import { gcSink } from '../vm/translate/gc.js';

const pack: VmPack & GcPack & ComponentGc = {
  family: 'gc',
  gcSignatureMismatch,
  names: gcNames,
  validate: gcInstruction,
  translate: gcSink,
  exec: execGc,
  evalConst: evalGcConst,
};

/** The GC instructions: `new Module(bytes, { gc })`. */
export const gc: GcPack = pack;
export type { GcPack } from '../decoder/features.js';
