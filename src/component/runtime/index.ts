// Component runtime: plan once (Component), link (Linker), instantiate, call (Func / typed), resources.
//
//   const component = new Component(bytes);                  // decode + validate + plan (once)
//   const linker = new Linker();
//   linker.instance('test:guest/host@0.2.0').func('log', (msg: string) => console.log(msg));
//   linker.instance('test:guest/host@0.2.0').resource('r', ResourceType.host('r', dtor));
//   const inst = linker.instantiate(component);              // runs the plan on fresh state
//   inst.exports.func('add').call([1, 2]);                   // JS values (the mapping in src/abi/index.ts)
//   inst.exports.instance('ns:pkg/iface').func('f').typed<[string], string>()('x');
//
// Test scripts (.wast): ComponentScript (compile / instantiate / register / invoke with ScriptValues).
export { Component } from './component.js';
export { Linker, LinkerInstance } from './linker.js';
export { ComponentInstance, Exports, Func, type TypedFunc, type CallArgs } from './instance.js';
export { ResourceHandle, ResourceType, hostResource } from './resources.js';
export type { RExtern, RFunc, RInstance } from './state.js';
export { LinkError, Trap } from '../../vm/errors.js';
export { ComponentScript, runComponentScript, type ComponentScriptOptions, type ScriptValue } from './script.js';
export { scriptToJs, jsToScript } from './script-values.js';
export { defineWasmtimeHost, type WasmtimeHostState } from './wasmtime-host.js';
