// The public face of an instantiated component: its exports as Func objects, nested export instances
// and exported resource types.
import type { FuncType, ResourceType } from '../value-types.js';
import type { Module } from '../../vm/api.js';
import { lookupVersioned } from './names.js';
import type { Component } from './component.js';
import type { InstanceState, RExtern, RFunc, RInstance } from './state.js';

/** A plain JS function calling a component function (no per-call type inspection beyond the ABI's). */
export type TypedFunc<Params extends unknown[], Result> = (...args: Params) => Result;

/** A component function: `call([args])` with JS values (GUIDE §3), result as a JS value. */
export class Func {
  constructor(private readonly f: RFunc) {}

  get type(): FuncType {
    return this.f.type;
  }

  call(args: readonly unknown[] = []): unknown {
    if (!Array.isArray(args)) throw new TypeError('Func.call expects an array of arguments');
    return this.f.call(args);
  }

  /**
   * Calls the function so that the guest can wait: a host function (Linker definition) it imports may
   * return a Promise; the call suspends until it settles (core `callAsync`; src/vm/exec/suspend.ts).
   */
  callAsync(args: readonly unknown[] = []): Promise<unknown> {
    if (!Array.isArray(args)) return Promise.reject(new TypeError('Func.callAsync expects an array of arguments'));
    const f = this.f;
    return f.callAsync !== undefined ? f.callAsync(args) : Promise.resolve().then(() => f.call(args));
  }

  typed<Params extends unknown[] = unknown[], Result = unknown>(): TypedFunc<Params, Result> {
    const f = this.f;
    return (...args: Params) => f.call(args) as Result;
  }

  /** The run-time function (for linking into another component). */
  get raw(): RFunc {
    return this.f;
  }
}

/** The exports of a component instance, or of one of its exported instances. */
export class Exports {
  constructor(readonly raw: RInstance) {}

  private get(name: string): RExtern | undefined {
    return lookupVersioned(this.raw.exports, name);
  }

  /** An exported function; `iface#func` reaches into an exported instance. */
  func(name: string): Func {
    const hash = name.lastIndexOf('#');
    if (hash > 0) return this.instance(name.slice(0, hash)).func(name.slice(hash + 1));
    const e = this.get(name);
    if (e === undefined || e.kind !== 'func') throw new TypeError(`no exported function \`${name}\``);
    return new Func(e.func);
  }

  instance(name: string): Exports {
    const e = this.get(name);
    if (e === undefined || e.kind !== 'instance') throw new TypeError(`no exported instance \`${name}\``);
    return new Exports(e.instance);
  }

  /** An exported resource type (identity for host checks). */
  resource(name: string): ResourceType {
    const e = this.get(name);
    if (e === undefined || e.kind !== 'type' || e.type === undefined) throw new TypeError(`no exported resource \`${name}\``);
    return e.type;
  }

  /** An exported core module (compiled once, instantiable with the vm's `Instance`). */
  module(name: string): Module {
    const e = this.get(name);
    if (e === undefined || e.kind !== 'module') throw new TypeError(`no exported core module \`${name}\``);
    return e.module;
  }

  has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  names(): string[] {
    return [...this.raw.exports.keys()];
  }
}

export class ComponentInstance {
  readonly exports: Exports;

  constructor(
    readonly state: InstanceState,
    readonly component: Component,
  ) {
    this.exports = new Exports(state);
  }

  /** Number of live handles in this instance's handle table (diagnostics, leak checks). */
  get handleCount(): number {
    return this.state.table.size;
  }
}
