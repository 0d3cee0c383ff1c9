// purewasm: the package root. Everything a user needs is exported from here; `dist/purewasm.mjs` bundles it.

// Core WebAssembly: everything of the core VM's entry point (`purewasm/core`): the JS-API-shaped classes
// (synchronous), their import/export types, errors, and bit-exact values.
export * from './vm/index.js';

// Component Model: compile once (Component), link (Linker), instantiate, call (Func / typed), resources.
// (Imported from their own files, not the runtime's index, which also carries the spec-test harness.)
export { Component } from './component/runtime/component.js';
export { Linker, LinkerInstance } from './component/runtime/linker.js';
export { ComponentInstance, Exports, Func } from './component/runtime/instance.js';
export type { TypedFunc } from './component/runtime/instance.js';
export { ResourceHandle, ResourceType, hostResource } from './component/runtime/resources.js';
// Feature switches of `new Component(bytes, options)` (component-model extensions; defaults documented there).
export type { ValidateOptions } from './component/validator/state.js';
// Validation alone (decode + type-check, no instantiation plan): throws CompileError naming section and offset.
export { validateComponent } from './component/validate.js';
export * as types from './component/value-types.js';
export type { ValueType, FuncType as ComponentFuncType } from './component/value-types.js';

/** @internal Not API: the VM internals that purewasm's separately built entries use (src/internals.ts). */
export * as __internals from './internals.js';
