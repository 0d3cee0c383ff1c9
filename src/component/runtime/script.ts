// What a .wast runner needs to execute component scripts: compile, instantiate (with the wasmtime test
// host and previously registered instances), invoke with script values. Errors: CompileError (invalid),
// LinkError (unlinkable), Trap (assert_trap).
import { CompileError } from '../../decoder/errors.js';
import { Component, type ValidateOptions } from './component.js';
import type { ComponentInstance } from './instance.js';
import { Linker } from './linker.js';
import { jsToScript, scriptToJs, type ScriptValue } from './script-values.js';
import { defineWasmtimeHost, wasmtimeRestriction } from './wasmtime-host.js';

export type { ScriptValue };

export interface ComponentScriptOptions {
  /** Provide the `host` instance and root functions of wasmtime's component test runner (default true). */
  readonly wasmtimeHost?: boolean;
  /** Refuse at compile time what wasmtime's embedder refuses (its .wast suite asserts it; default false). */
  readonly wasmtimeRestrictions?: boolean;
  /** Feature switches `compile` validates with (default: the API defaults, see ValidateOptions). */
  readonly validate?: ValidateOptions;
}

export class ComponentScript {
  readonly linker = new Linker();
  private readonly restrict: boolean;
  private readonly validate: ValidateOptions | undefined;

  constructor(opts: ComponentScriptOptions = {}) {
    if (opts.wasmtimeHost !== false) defineWasmtimeHost(this.linker);
    this.restrict = opts.wasmtimeRestrictions === true;
    this.validate = opts.validate;
  }

  compile(bytes: Uint8Array): Component {
    const c = new Component(bytes, this.validate);
    const r = this.restrict ? wasmtimeRestriction(c) : undefined;
    if (r !== undefined) throw new CompileError(r.reason, 'component', r.offset, 'invalid', 'wasmtime embedder restriction');
    return c;
  }

  instantiate(c: Component): ComponentInstance {
    return this.linker.instantiate(c);
  }

  /** Make `inst` importable as an instance named `name` by later components. */
  register(name: string, inst: ComponentInstance): void {
    this.linker.define(name, inst);
  }

  /** Call export `name` (a root function, or `iface#func`); returns the result (undefined without one). */
  invoke(inst: ComponentInstance, name: string, args: readonly ScriptValue[]): ScriptValue | undefined {
    const f = inst.exports.func(name);
    const ps = f.type.params;
    if (args.length !== ps.length) throw new TypeError(`${name} expects ${ps.length} arguments, got ${args.length}`);
    const r = f.call(args.map((a, i) => scriptToJs(ps[i].type, a)));
    return f.type.result === undefined ? undefined : jsToScript(f.type.result, r);
  }
}

/** One-shot helper: compile + instantiate + invoke. */
export function runComponentScript(bytes: Uint8Array, name: string, args: readonly ScriptValue[]): ScriptValue | undefined {
  const s = new ComponentScript();
  return s.invoke(s.instantiate(s.compile(bytes)), name, args);
}
