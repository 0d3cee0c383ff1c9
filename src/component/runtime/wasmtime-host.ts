// The host that wasmtime's component .wast runner links into every test (see
// fixtures/spec/component/wasmtime/host-instance.json): instance `host` and root `host-return-two`.
// Only the synchronous items are provided; the async ones need component-model async.
import { Module } from '../../vm/api.js';
import { Trap } from '../../vm/errors.js';
import { ResourceType } from '../value-types.js';
import { ResourceHandle, hostResource } from './resources.js';
import type { LinkerInstance } from './linker.js';
import { recordModuleType } from './module-types.js';

// (module (global (export "g") i32 (i32.const 100)) (func (export "f") (result i32) (i32.const 101)))
const SIMPLE_MODULE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
  0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7f,
  0x03, 0x02, 0x01, 0x00,
  0x06, 0x07, 0x01, 0x7f, 0x00, 0x41, 0xe4, 0x00, 0x0b,
  0x07, 0x09, 0x02, 0x01, 0x67, 0x03, 0x00, 0x01, 0x66, 0x00, 0x00,
  0x0a, 0x07, 0x01, 0x05, 0x00, 0x41, 0xe5, 0x00, 0x0b,
]);

export interface WasmtimeHostState {
  readonly resource1: ResourceType;
  readonly resource2: ResourceType;
  drops: number;
  lastDrop: number;
}

function fail(msg: string): never {
  throw new Trap(msg);
}

export function defineWasmtimeHost(linker: LinkerInstance): WasmtimeHostState {
  const state: WasmtimeHostState = {
    resource1: new ResourceType('host', 'resource1', (rep) => {
      state.drops++;
      state.lastDrop = rep as number;
    }),
    resource2: new ResourceType('host', 'resource2', () => undefined),
    drops: 0,
    lastDrop: 0,
  };
  const R1 = state.resource1;
  linker.func('host-return-two', () => 2);
  const host = linker.instance('host');
  host.func('return-three', () => 3);
  host.instance('nested').func('return-four', () => 4);
  host.module('simple-module', recordModuleType(new Module(SIMPLE_MODULE), SIMPLE_MODULE));
  host.resource('resource1', R1);
  host.resource('resource2', state.resource2);
  host.resource('resource1-again', R1);
  host.func('[constructor]resource1', (rep: number) => hostResource(R1, rep));
  host.func('[static]resource1.assert', (r: ResourceHandle, rep: number) => {
    if (r.rep !== rep) fail(`resource1.assert: rep ${String(r.rep)} != ${rep}`);
  });
  host.func('[static]resource1.last-drop', () => state.lastDrop);
  host.func('[static]resource1.drops', () => state.drops);
  host.func('[method]resource1.simple', (self: ResourceHandle, rep: number) => {
    if (self.own) fail('resource1.simple: expected a borrow');
    if (self.rep !== rep) fail(`resource1.simple: rep ${String(self.rep)} != ${rep}`);
  });
  host.func('[method]resource1.take-borrow', () => undefined);
  host.func('[method]resource1.take-own', () => undefined);
  host.func('return-hi', () => 'hi');
  return state;
}
