// Component runtime: plan once (Component), link (Linker), instantiate, call (Func / typed), resources.
export { Component } from './component.js';
export { Linker, LinkerInstance } from './linker.js';
export { ComponentInstance, Exports, Func, type TypedFunc } from './instance.js';
export { ResourceHandle, ResourceType, hostResource } from './resources.js';
export type { RExtern, RFunc, RInstance } from './state.js';
export { LinkError, Trap } from '../../vm/errors.js';
export { ComponentScript, runComponentScript, type ComponentScriptOptions, type ScriptValue } from './script.js';
export { scriptToJs, jsToScript } from './script-values.js';
export { defineWasmtimeHost, type WasmtimeHostState } from './wasmtime-host.js';
