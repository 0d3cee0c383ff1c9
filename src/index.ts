// purewasm: the package root. Other layers' APIs are added here by the lead.
export { Module, Instance, Memory, Table, Global, validate, Trap, LinkError, CompileError } from './vm/index.js';
export type { InstanceOptions, TraceFrame, WasmValue } from './vm/index.js';
export { i32, i64, f32bits, f64bits, v128, ref } from './vm/index.js';
