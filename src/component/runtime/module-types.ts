// The core module type of each compiled core module the runtime hands around (a module passed as a
// component import is checked against the import's module type at link time).
import type { Module } from '../../vm/api.js';
import type { CoreModuleType } from '../types.js';
import { moduleTypeOf } from '../validator/core-module.js';
import { Scope } from '../validator/state.js';

const types = new WeakMap<Module, CoreModuleType>();

export function setModuleType(m: Module, t: CoreModuleType): void {
  types.set(m, t);
}

export function moduleType(m: Module): CoreModuleType | undefined {
  return types.get(m);
}

/** Record the type of a module compiled from `bytes` (for host-provided modules). */
export function recordModuleType(m: Module, bytes: Uint8Array): Module {
  types.set(m, moduleTypeOf(bytes, 0, new Scope('component', undefined)));
  return m;
}
