// purewasm: the package root. Everything a user needs is exported from here; `dist/purewasm.mjs` bundles it.

// Core WebAssembly: the JS-API-shaped classes (synchronous), errors, and bit-exact values.
export { Module, Instance, Memory, Table, Global, validate, Trap, LinkError, CompileError, Unsupported } from './vm/index.js';
export { TagInst, WasmException } from './vm/index.js';
export { Store, callAsync } from './vm/index.js';
export type { StoreOptions, StoreLimits, SuspendedCall } from './vm/index.js';
export type { InstanceOptions, TraceFrame, WasmValue } from './vm/index.js';
export { i32, i64, f32bits, f64bits, v128, ref } from './vm/index.js';

// Component Model: compile once (Component), link (Linker), instantiate, call (Func / typed), resources.
export {
  Component,
  Linker,
  LinkerInstance,
  ComponentInstance,
  Exports,
  Func,
  ResourceHandle,
  ResourceType,
  hostResource,
} from './component/runtime/index.js';
export type { TypedFunc } from './component/runtime/index.js';
// Feature switches of `new Component(bytes, options)` (component-model extensions; defaults documented there).
export type { ValidateOptions } from './component/validator/state.js';
export * as types from './component/value-types.js';
export type { ValueType, FuncType as ComponentFuncType } from './component/value-types.js';
