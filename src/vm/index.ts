// The VM's public entry point: JS-API-shaped classes (synchronous), errors, and bit-exact values.
export { Module, Instance, Memory, Table, Global, Tag, Exception, JSTag, Store, callAsync } from './api.js';
export type {
  InstanceOptions,
  StoreOptions,
  StoreLimits,
  CoreFeatures,
  InstructionPacks,
  SimdPack,
  GcPack,
  ThreadsPack,
  LegacyExceptionsPack,
  WideArithmeticPack,
  InstructionPack,
  Imports,
  ModuleImports,
  ImportValue,
  HostFunction,
  ExportValue,
  ExportsShape,
  UnknownExports,
  WasmFunction,
  MemoryDescriptor,
  TableDescriptor,
  GlobalDescriptor,
  TagDescriptor,
  ModuleExportDescriptor,
  ModuleImportDescriptor,
  ValueTypeName,
  RefTypeName,
  ExternKindName,
} from './api.js';
// The JS tier's ahead-of-time form (`purewasm compile --js`): pass it to InstanceOptions.compiled. Making it
// is `compileToJs` of `purewasm/jit`, with the code generator; running it needs this entry and the tier's run
// time, `purewasm/js-runtime`, which the output imports. The same generator, given to a store, compiles hot
// functions at run time (it carries the run time).
export type { JsCompiler } from './jstier/compiler.js';
export type { CompiledModule, CompiledComponent } from './jstier/runtime.js';
export type { StoreTier } from './runtime/store.js';
export { Trap, LinkError, CompileError, Unsupported } from './errors.js';
export type { TraceFrame } from './errors.js';
// Exception handling: a tag export is a TagInst; an uncaught wasm exception is a WasmException (name "Exception");
// JS makes its own with Tag and Exception (the JS API's, above); a JS value a host function throws enters wasm as an
// exception of JSTag.
export { TagInst, WasmException } from './runtime/tag.js';
export { validate } from '../validate/index.js';
export type { WasmValue } from './values.js';
export { i32, i64, f32bits, f64bits, v128, ref } from './values.js';
