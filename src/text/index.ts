// The WebAssembly text format: a printer for core modules (used by the debugger's disassembly).
export { printModule, printFunction } from './print-module.js';
export type { FunctionListing } from './print-module.js';
