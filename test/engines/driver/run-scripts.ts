// Engine side: runs the prepared .wast directives against the public API, judging each as
// spec-tests/run-file.ts does (the data holds only files that pass that runner on Node, so the rules for
// skips it applies there are not repeated here, except `Unsupported`, which it counts as a skip too).
import type { WasmValue } from '../../../src/vm/values.js';
import type { Instance } from '../../../src/index.js';
import { ComponentScript, type ScriptValue } from '../../../src/component/runtime/script.js';
import type { ComponentInstance } from '../../../src/component/runtime/instance.js';
import { type CValue, componentValueEquals } from '../../../spec-tests/component-values.js';
import type { Action, Command, CoreArg, CoreWant, Layer, Script } from '../data-format.js';
import { api, componentPacks, jit, packs } from './api.js';
import { evalWorks } from './kernels.js';
import { HostRefs, argValue, matches, showValue, showWant } from './core-values.js';
import { type Tally, describe, isNamed, unsupportedReason } from './tally.js';

type Target =
  | { readonly state: 'core'; readonly inst: Instance }
  | { readonly state: 'component'; readonly inst: ComponentInstance }
  | { readonly state: 'unavailable'; readonly why: string };

/** A directive's verdict other than "passed". */
class Verdict {
  constructor(
    readonly skip: boolean,
    readonly message: string,
  ) {}
}
const fail = (message: string): Verdict => new Verdict(false, message);

/** Component values from data: `{ $big }` back to bigint. */
export function reviveBig(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(reviveBig);
  if (v !== null && typeof v === 'object') {
    const big = (v as { $big?: string }).$big;
    if (big !== undefined) return BigInt(big);
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v)) out[k] = reviveBig((v as Record<string, unknown>)[k]);
    return out;
  }
  return v;
}

function showComponent(vs: readonly unknown[]): string {
  const text = JSON.stringify(vs, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));
  return text.length > 300 ? text.slice(0, 299) + '…' : text;
}

class ScriptRun {
  private readonly p = api();
  /** The instruction packs: every module and component compiles with them, as in the spec runner. */
  private readonly packs = packs();
  /** The file's component features with the packs and component-model async. */
  private get options() {
    return { ...this.s.features, ...componentPacks() };
  }
  private readonly instances: Record<string, Target> = {};
  private readonly definitions: Record<string, Uint8Array> = {};
  private current: Target | undefined;
  private readonly registered: Record<string, Record<string, unknown>> = {};
  private spectestExports: Record<string, unknown> | undefined;
  private componentScript: ComponentScript | undefined;
  private readonly refs = new HostRefs();

  constructor(
    private readonly s: Script,
    private readonly binary: (m: number) => Uint8Array,
    /** A store whose JS tier compiles every function (JS_TIER_FILES), or undefined. */
    private readonly store: unknown = undefined,
  ) {}

  run(c: Command): Verdict | undefined {
    try {
      return this.dispatch(c);
    } catch (e) {
      if (e instanceof Verdict) return e;
      const u = unsupportedReason(e);
      return u !== undefined ? new Verdict(true, u) : fail(`driver error: ${describe(e)}`);
    }
  }

  private script(): ComponentScript {
    return (this.componentScript ??= new ComponentScript({ wasmtimeRestrictions: this.s.wasmtimeRestrictions, validate: this.options }));
  }

  private spectest(): Record<string, unknown> {
    if (this.spectestExports) return this.spectestExports;
    const p = this.p;
    const noop = (): void => {};
    const out: Record<string, unknown> = {
      print: noop, print_i32: noop, print_i64: noop, print_f32: noop, print_f64: noop, print_i32_f32: noop, print_f64_f64: noop,
    };
    out.global_i32 = new p.Global({ value: 'i32', mutable: false }, 666);
    out.global_i64 = new p.Global({ value: 'i64', mutable: false }, 666n);
    out.global_f32 = new p.Global({ value: 'f32', mutable: false }, 666.6);
    out.global_f64 = new p.Global({ value: 'f64', mutable: false }, 666.6);
    out.table = new p.Table({ element: 'anyfunc', initial: 10, maximum: 20 });
    out.table64 = new p.Table({ element: 'anyfunc', initial: 10n, maximum: 20n, address: 'i64' } as never);
    out.memory = new p.Memory({ initial: 1, maximum: 2 });
    out.shared_memory = new p.Memory({ initial: 1, maximum: 1, shared: true } as never);
    return (this.spectestExports = out);
  }

  /** The layer's validation; returns the error, or undefined when the binary is accepted. */
  private check(layer: Layer, bytes: Uint8Array): unknown {
    try {
      if (layer === 'module') new this.p.Module(bytes, this.packs);
      else if (this.s.wasmtimeRestrictions) this.script().compile(bytes);
      else if (typeof this.p.validateComponent === 'function') this.p.validateComponent(bytes, this.options);
      else new this.p.Component(bytes, this.options);
      return undefined;
    } catch (e) {
      return e ?? new Error('threw undefined');
    }
  }

  private mustAccept(layer: Layer, bytes: Uint8Array): void {
    const e = this.check(layer, bytes);
    if (e === undefined) return;
    const u = unsupportedReason(e);
    throw u !== undefined ? new Verdict(true, u) : fail(`rejected a valid ${layer}: ${describe(e)}`);
  }

  private instantiate(layer: Layer, bytes: Uint8Array): { target?: Target; error?: unknown } {
    try {
      if (layer === 'module') {
        const m = new this.p.Module(bytes, this.packs);
        return { target: { state: 'core', inst: new this.p.Instance(m, { spectest: this.spectest(), ...this.registered } as never, this.store === undefined ? undefined : { store: this.store } as never) } };
      }
      const s = this.script();
      return { target: { state: 'component', inst: s.instantiate(s.compile(bytes)) } };
    } catch (e) {
      return { error: e ?? new Error('threw undefined') };
    }
  }

  private setCurrent(id: string | undefined, t: Target): void {
    this.current = t;
    if (id === undefined) return;
    this.instances[id] = t;
    // As wasmtime's runner (and spec-tests): a named component instance is importable under its name.
    if (t.state === 'component') this.script().register(id.replace(/^\$/, ''), t.inst);
  }

  private target(id: string | undefined): Target {
    const t = id !== undefined ? this.instances[id] : this.current;
    return t ?? { state: 'unavailable', why: id !== undefined ? `unknown module ${id}` : 'no module' };
  }

  private act(a: Action): { results?: unknown[]; error?: unknown; component: boolean } {
    const t = this.target(a.module);
    if (t.state === 'unavailable') throw fail(t.why);
    if (t.state === 'component') {
      const args = reviveBig(a.args) as ScriptValue[];
      try {
        const r = this.script().invoke(t.inst, a.name, args);
        return { results: r === undefined ? [] : [r], component: true };
      } catch (e) {
        return { error: e ?? new Error('threw undefined'), component: true };
      }
    }
    const args = (a.args as CoreArg[]).map((x) => argValue(x, this.refs));
    try {
      if (a.kind === 'get') return { results: [t.inst.getGlobal(a.name)], component: false };
      return { results: t.inst.invoke(a.name, args), component: false };
    } catch (e) {
      return { error: e ?? new Error('threw undefined'), component: false };
    }
  }

  private errorVerdict(name: string, error: unknown): Verdict {
    const u = unsupportedReason(error);
    return u !== undefined ? new Verdict(true, u) : fail(`${name}: ${describe(error)}`);
  }

  private dispatch(c: Command): Verdict | undefined {
    switch (c.k) {
      case 'module': {
        const bytes = this.binary(c.m);
        this.mustAccept(c.layer, bytes);
        const r = this.instantiate(c.layer, bytes);
        if (r.target) {
          this.setCurrent(c.id, r.target);
          return undefined;
        }
        this.setCurrent(c.id, { state: 'unavailable', why: `${c.layer} at line ${c.line} failed to instantiate: ${describe(r.error)}` });
        return this.s.validateOnly ? undefined : this.errorVerdict('instantiation failed', r.error);
      }
      case 'definition': {
        const bytes = this.binary(c.m);
        this.mustAccept(c.layer, bytes);
        if (c.id !== undefined) this.definitions[c.id] = bytes;
        return undefined;
      }
      case 'instance': {
        const def = c.def !== undefined ? this.definitions[c.def] : undefined;
        if (def === undefined) {
          this.setCurrent(c.id, { state: 'unavailable', why: `no ${c.layer} definition ${c.def}` });
          return fail(`no ${c.layer} definition ${c.def}`);
        }
        const r = this.instantiate(c.layer, def);
        if (r.target) {
          this.setCurrent(c.id, r.target);
          return undefined;
        }
        this.setCurrent(c.id, { state: 'unavailable', why: `instance ${c.id} failed to instantiate` });
        return this.errorVerdict('instantiation failed', r.error);
      }
      case 'register': {
        const t = this.target(c.id);
        if (t.state === 'unavailable') return fail(t.why);
        if (t.state === 'component') this.script().register(c.as, t.inst);
        else this.registered[c.as] = t.inst.exports as Record<string, unknown>;
        return undefined;
      }
      case 'action': {
        const r = this.act(c.a);
        return r.error !== undefined ? this.errorVerdict(c.a.name, r.error) : undefined;
      }
      case 'return':
        return this.assertReturn(c.a, c.want);
      case 'trap':
      case 'exhaustion': {
        const { error } = this.act(c.a);
        if (error === undefined) return fail(`${c.a.name}: expected a trap, got none`);
        if (!isNamed(error, 'Trap')) return this.errorVerdict(`${c.a.name}: expected a trap, got`, error);
        const reason = (error as { reason?: string }).reason;
        if (c.k === 'exhaustion' && reason !== 'call stack exhausted') return fail(`${c.a.name}: expected "call stack exhausted", got trap "${reason}"`);
        return undefined;
      }
      case 'exception': {
        const { error } = this.act(c.a);
        if (error === undefined) return fail(`${c.a.name}: expected an exception, got a result`);
        const named = (error as { name?: unknown }).name;
        const ctor = (error as { constructor?: { name?: unknown } }).constructor?.name;
        return /Exception/.test(`${String(named)} ${String(ctor)}`) ? undefined : this.errorVerdict(`${c.a.name}: expected a wasm exception, got`, error);
      }
      case 'invalid': {
        const e = this.check(c.layer, this.binary(c.m));
        if (e === undefined) return fail(`accepted an invalid ${c.layer}`);
        return isNamed(e, 'CompileError') ? undefined : this.errorVerdict('expected CompileError, got', e);
      }
      case 'unlinkable':
      case 'trap-module': {
        const bytes = this.binary(c.m);
        this.mustAccept(c.layer, bytes);
        const { error } = this.instantiate(c.layer, bytes);
        const want = c.k === 'unlinkable' ? 'LinkError' : 'Trap';
        if (error === undefined) return fail(`instantiated; expected ${want}`);
        return isNamed(error, want) ? undefined : this.errorVerdict(`expected ${want}, got`, error);
      }
    }
  }

  private assertReturn(a: Action, want: readonly unknown[]): Verdict | undefined {
    const { results, error, component } = this.act(a);
    if (error !== undefined) return this.errorVerdict(a.name, error);
    const got = results ?? [];
    if (component) {
      const w = reviveBig(want) as CValue[];
      if (got.length !== w.length || !w.every((x, i) => componentValueEquals(x, got[i] as CValue)))
        return fail(`${a.name}: expected ${showComponent(w)}, got ${showComponent(got)}`);
      return undefined;
    }
    const ws = want as CoreWant[];
    const vs = got as WasmValue[];
    if (vs.length !== ws.length) return fail(`${a.name}: expected ${ws.length} results, got ${vs.length} [${vs.map(showValue).join(' ')}]`);
    for (let i = 0; i < ws.length; i++) {
      if (!matches(vs[i], ws[i]!, this.refs)) return fail(`${a.name}: result ${i}: expected ${showWant(ws[i]!)}, got ${showValue(vs[i])}`);
    }
    return undefined;
  }
}

/** Files run a second time with the JS tier compiling every function, where the engine has `new Function`:
 *  f64 NaN payloads through compiled code — on Hermes and QuickJS, whose numbers canonicalize NaNs, the
 *  tier's bits form of f64 (src/vm/jstier/f64-bits.ts). */
const JS_TIER_FILES = /^core-2\.0\/(f64|f64_bitwise|f64_cmp|float_memory|float_misc|float_exprs|conversions)\.wast$/;

export function runScripts(scripts: readonly Script[], binary: (m: number) => Uint8Array, tally: Tally): void {
  for (const s of scripts) {
    runScript(s, binary, tally, undefined);
    if (JS_TIER_FILES.test(`${s.suite}/${s.file}`) && evalWorks()) runScript(s, binary, tally, new (api().Store)({ tier: 'js', compiler: jit() }));
  }
}

function runScript(s: Script, binary: (m: number) => Uint8Array, tally: Tally, store: unknown): void {
  const t0 = Date.now();
  const run = new ScriptRun(s, binary, store);
  const where = `${s.suite}/${s.file}${store === undefined ? '' : ' with purewasm/jit'}`;
  for (const c of s.commands) {
    const v = run.run(c);
    if (v === undefined) tally.pass();
    else if (v.skip) tally.skip(v.message);
    else tally.fail(`${where}:${c.line}`, v.message);
  }
  tally.time(`${where} (${s.commands.length} directives)`, Date.now() - t0);
}
