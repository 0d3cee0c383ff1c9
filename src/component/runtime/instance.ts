// The public face of an instantiated component: its exports as Func objects, nested export instances
// and exported resource types.
import type { FuncType, ResourceType } from '../value-types.js';
import type { Module } from '../../vm/api.js';
import { lookupVersioned } from './names.js';
import type { Component } from './component.js';
import type { InstanceState, RExtern, RFunc, RInstance } from './state.js';

/** A plain JS function calling a component function (no per-call type inspection beyond the ABI's). */
export type TypedFunc<Params extends unknown[], Result> = (...args: Params) => Result;

/** `call`'s parameter list: the argument array may be left out only when no argument is required. */
export type CallArgs<Params extends unknown[]> = [] extends Params ? [args?: Params] : [args: Params];

/**
 * A component function. `call([args])` takes the arguments as an array of JS values and returns the
 * result as a JS value (u64/s64 bigint, records camelCase objects, variants `{ tag, val }`, options
 * `T | undefined`, lists of numbers typed arrays, resources ResourceHandle; see the README). `Params` and
 * `Result` state the JS types (unchecked: the ABI checks the values at run time), e.g.
 * `exports.func<[string], string>('greet').call(['world'])`. A value that does not fit the function's
 * type raises a TypeError or RangeError naming the export, the argument and the path into it.
 */
export class Func<Params extends unknown[] = unknown[], Result = unknown> {
  /** @internal */
  private readonly f: RFunc;
  /** @internal "export <name>", for messages. */
  private readonly who: string;

  private constructor(f: RFunc, name: string | undefined) {
    this.f = f;
    this.who = `export ${name ?? f.name ?? '(unnamed)'}`;
  }

  /** @internal Funcs are made by `Exports.func`. */
  static make<P extends unknown[], R>(f: RFunc, name?: string): Func<P, R> {
    return new Func<P, R>(f, name);
  }

  /** The component function type (parameter names and types, result). */
  get type(): FuncType {
    return this.f.type;
  }

  call(...[args]: CallArgs<Params>): Result {
    const a: readonly unknown[] = args ?? [];
    // (Checked here rather than by a shared helper: this is every host call's path.)
    if (!Array.isArray(a)) throw new TypeError(`${this.who}: Func.call expects an array of arguments, got ${a === null ? 'null' : typeof a}`);
    return this.f.call(a, this.who) as Result;
  }

  /**
   * Calls the function so that the guest can wait: a host function (Linker definition) it imports may
   * return a Promise; the call suspends until it settles (core `callAsync`).
   */
  callAsync(...[args]: CallArgs<Params>): Promise<Result> {
    const f = this.f;
    const who = this.who;
    let a: readonly unknown[];
    try {
      a = argumentArray(who, 'callAsync', args);
    } catch (e) {
      return Promise.reject(e);
    }
    return (f.callAsync !== undefined ? f.callAsync(a, who) : Promise.resolve().then(() => f.call(a, who))) as Promise<Result>;
  }

  /** This function as a plain JS function: `typed<[string], string>()('world')`. */
  typed<P extends unknown[] = Params, R = Result>(): TypedFunc<P, R> {
    const f = this.f;
    const who = this.who;
    return (...args: P) => f.call(args, who) as R;
  }

  /** @internal The run-time function (for linking into another component). */
  get raw(): RFunc {
    return this.f;
  }
}

/** The arguments given to `Func.<method>`: an array, or nothing when there are none. */
function argumentArray(who: string, method: string, args: unknown): readonly unknown[] {
  const a = args ?? [];
  if (!Array.isArray(a)) throw new TypeError(`${who}: Func.${method} expects an array of arguments, got ${a === null ? 'null' : typeof a}`);
  return a;
}

/** The exports of a component instance, or of one of its exported instances. */
export class Exports {
  /** @internal */
  readonly raw: RInstance;
  /** @internal The path of this instance from the component's root (`ns:pkg/iface`), for messages. */
  private readonly path: string | undefined;

  private constructor(raw: RInstance, path: string | undefined) {
    this.raw = raw;
    this.path = path;
  }

  /** @internal Exports are made by the runtime (`ComponentInstance.exports`, `Exports.instance`). */
  static make(raw: RInstance, path?: string): Exports {
    return new Exports(raw, path);
  }

  /** @internal */
  private get(name: string): RExtern | undefined {
    return lookupVersioned(this.raw.exports, name);
  }

  /**
   * An exported function; `iface#func` reaches into an exported instance. `Params` and `Result` state its
   * JS types (see Func).
   */
  func<Params extends unknown[] = unknown[], Result = unknown>(name: string): Func<Params, Result> {
    const hash = name.lastIndexOf('#');
    if (hash > 0) return this.instance(name.slice(0, hash)).func<Params, Result>(name.slice(hash + 1));
    const e = this.get(name);
    if (e === undefined || e.kind !== 'func') throw new TypeError(`no exported function \`${this.qualified(name)}\``);
    return Func.make<Params, Result>(e.func, this.qualified(name));
  }

  /** An exported instance (an interface): `exports.instance('ns:pkg/iface@1.0.0')`; versions match semver-compatibly. */
  instance(name: string): Exports {
    const e = this.get(name);
    if (e === undefined || e.kind !== 'instance') throw new TypeError(`no exported instance \`${this.qualified(name)}\``);
    return new Exports(e.instance, this.qualified(name));
  }

  /** An exported resource type (identity for host checks). */
  resource(name: string): ResourceType {
    const e = this.get(name);
    if (e === undefined || e.kind !== 'type' || e.type === undefined) throw new TypeError(`no exported resource \`${this.qualified(name)}\``);
    return e.type;
  }

  /** An exported core module (compiled once, instantiable with the core `Instance`). */
  module(name: string): Module {
    const e = this.get(name);
    if (e === undefined || e.kind !== 'module') throw new TypeError(`no exported core module \`${this.qualified(name)}\``);
    return e.module;
  }

  has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  names(): string[] {
    return [...this.raw.exports.keys()];
  }

  /** @internal */
  private qualified(name: string): string {
    return this.path === undefined ? name : `${this.path}#${name}`;
  }
}

/** An instantiated component (`linker.instantiate(component)`). */
export class ComponentInstance {
  /** Its exports: functions, exported instances (interfaces), resource types, core modules. */
  readonly exports: Exports;
  /** @internal */
  readonly state: InstanceState;
  /** The component it is an instance of. */
  readonly component: Component;

  private constructor(state: InstanceState, component: Component) {
    this.state = state;
    this.component = component;
    this.exports = Exports.make(state);
  }

  /** @internal Instances are made by `Linker.instantiate`. */
  static make(state: InstanceState, component: Component): ComponentInstance {
    return new ComponentInstance(state, component);
  }

  /** Number of live handles in this instance's handle table (diagnostics, leak checks). */
  get handleCount(): number {
    return this.state.table.size;
  }
}
