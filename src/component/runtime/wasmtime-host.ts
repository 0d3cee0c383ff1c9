// The host that wasmtime's component .wast runner links into every test (see
// fixtures/spec/component/wasmtime/host-instance.json): instance `host` and root `host-return-two`.
// The async items complete within the event loop (HostLater), so synchronous test invocations can wait.
import { Module } from '../../vm/api.js';
import { Trap } from '../../vm/errors.js';
import { ResourceType } from '../value-types.js';
import type { ExternType } from '../types.js';
import type { Definition } from '../../decoder/component/ast.js';
import { ResourceHandle, hostResource } from './resources.js';
import type { LinkerInstance } from './linker.js';
import type { Component } from './component.js';
import { recordModuleType } from './module-types.js';
import { HostLater } from './async-calls.js';

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
  linker.func('host-echo-u32', (v: number) => v);
  // wasmtime caps its store's table to make a leak trap; purewasm's handle tables have no such setting
  // (a table only holds what the guest holds), so the test's loop simply has to complete.
  linker.instance('wasmtime').func('set-max-table-capacity', () => undefined);
  const host = linker.instance('host');
  host.func('return-three', () => 3);
  host.func('never-return', () => new HostLater(null));
  host.func('return-two-slowly', () => new HostLater(() => 2));
  host.func('echo-slowly', (a: number) => new HostLater(() => a));
  host.func('[method]resource1.never-return', () => new HostLater(null));
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

// ---------------------------------------------------------------------------------------------------
// wasmtime's embedder restrictions. wasmtime refuses, when it compiles a component, some forms that the
// component model allows (and purewasm's Linker runs): a component imported at the root, a component
// exported from the root, and a root export that is an imported function passed through unlifted. Its
// .wast tests assert them with `assert_invalid`, so the test host applies them for that suite only.

export interface WasmtimeRestriction {
  /** wasmtime's message. */
  readonly reason: string;
  /** Byte offset of the offending import or export. */
  readonly offset: number;
}

/** The first wasmtime embedder restriction `component` breaks, or undefined. */
export function wasmtimeRestriction(component: Component): WasmtimeRestriction | undefined {
  const ast = component.plan.ast;
  for (const d of ast.definitions) {
    if (d.tag === 'import' && d.desc.kind === 'component') return { reason: 'root-level component imports are not supported', offset: d.offset };
  }
  for (const d of ast.definitions) {
    if (d.tag !== 'export') continue;
    const t = component.type.exports.get(d.name);
    if (t !== undefined && exportsComponent(t)) return { reason: 'exporting a component from the root component is not supported', offset: d.offset };
  }
  const name = reexportedImport(ast.definitions);
  if (name !== undefined) return { reason: `component export \`${name.name}\` is a reexport of an imported function which is not implemented`, offset: name.offset };
  return undefined;
}

function exportsComponent(t: ExternType): boolean {
  if (t.kind === 'component') return true;
  return t.kind === 'instance' && [...t.type.exports.values()].some(exportsComponent);
}

/** Where an instance's functions come from: imported wholesale, a bundle of named items, or anything else. */
interface InstanceOrigin {
  readonly imported: boolean;
  readonly funcs: ReadonlyMap<string, boolean>;
  readonly instances: ReadonlyMap<string, InstanceOrigin>;
}
const IMPORTED: InstanceOrigin = { imported: true, funcs: new Map(), instances: new Map() };
const OPAQUE: InstanceOrigin = { imported: false, funcs: new Map(), instances: new Map() };

/**
 * The first root export (directly, or inside an exported bundle of exports) that is an imported function
 * rather than one lifted here. Follows the root's func and instance index spaces in definition order;
 * functions coming out of nested component instances are not traced (wasmtime's inliner would).
 */
function reexportedImport(defs: readonly Definition[]): { name: string; offset: number } | undefined {
  const funcImported: boolean[] = [];
  const instances: InstanceOrigin[] = [];
  const fromBundle = (o: InstanceOrigin | undefined, name: string, sort: 'func' | 'instance'): boolean | InstanceOrigin => {
    if (o === undefined) return sort === 'func' ? false : OPAQUE;
    if (o.imported) return sort === 'func' ? true : IMPORTED;
    return sort === 'func' ? o.funcs.get(name) ?? false : o.instances.get(name) ?? OPAQUE;
  };
  const bundledImport = (o: InstanceOrigin): string | undefined => {
    for (const [n, imp] of o.funcs) if (imp) return n;
    for (const inner of o.instances.values()) {
      const n = inner.imported ? undefined : bundledImport(inner);
      if (n !== undefined) return n;
    }
    return undefined;
  };
  for (const d of defs) {
    switch (d.tag) {
      case 'import':
        if (d.desc.kind === 'func') funcImported.push(true);
        else if (d.desc.kind === 'instance') instances.push(IMPORTED);
        break;
      case 'alias': {
        const { sort, target } = d.alias;
        if (sort !== 'func' && sort !== 'instance') break;
        const item = target.kind === 'export' ? fromBundle(instances[target.instance], target.name, sort) : sort === 'func' ? false : OPAQUE;
        if (sort === 'func') funcImported.push(item === true);
        else instances.push(typeof item === 'object' ? item : OPAQUE);
        break;
      }
      case 'canon':
        if (d.canon.kind === 'lift') funcImported.push(false);
        break;
      case 'instance': {
        if (d.expr.kind === 'instantiate') {
          instances.push(OPAQUE);
          break;
        }
        const funcs = new Map<string, boolean>();
        const nested = new Map<string, InstanceOrigin>();
        for (const e of d.expr.exports) {
          if (e.sort === 'func') funcs.set(e.name, funcImported[e.index] ?? false);
          else if (e.sort === 'instance') nested.set(e.name, instances[e.index] ?? OPAQUE);
        }
        instances.push({ imported: false, funcs, instances: nested });
        break;
      }
      case 'export': {
        const { sort, index } = d.sortIndex;
        if (sort === 'func') {
          const imported = funcImported[index] ?? false;
          if (imported) return { name: d.name, offset: d.offset };
          funcImported.push(imported);
        } else if (sort === 'instance') {
          const o = instances[index] ?? OPAQUE;
          const inner = o.imported ? undefined : bundledImport(o);
          if (inner !== undefined) return { name: inner, offset: d.offset };
          instances.push(o);
        }
        break;
      }
      default:
        break;
    }
  }
  return undefined;
}
