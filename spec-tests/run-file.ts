// Runs the commands of one .wast file against purewasm and tallies each directive as passed, failed or
// skipped (always with a reason).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WasmValue } from '../src/vm/values.js';
import { type CValue, componentValue, componentValueEquals } from './component-values.js';
import { ConversionCache } from './convert.js';
import { SUPERSEDED, assertedIn30 } from './superseded.js';
import type { ComponentScriptLike, Engines, VmApi, VmInstance } from './engines.js';
import { fileOptions, type FileOptions, type SpecFile } from './suites.js';
import { HostRefs, argValue, expectedMatcher, setSource, showValue } from './values.js';
import { type Action, type Command, type Layer, type ModuleForm, readCommands } from './wast/commands.js';
import { type SExpr, lineIndex, lineOf, parseSExprs } from './wast/sexpr.js';

export interface Tally {
  passed: number;
  failed: number;
  skipped: number;
}

export interface Note {
  readonly line: number;
  readonly kind: string;
  readonly message: string;
}

export interface FileResult {
  readonly suite: string;
  readonly file: string;
  readonly byKind: Record<string, Tally>;
  readonly failures: Note[];
  /** Distinct skip reasons with their count and first line. */
  readonly skips: { reason: string; count: number; line: number }[];
  ms: number;
}

const TEXT_TEST = 'text-format test, not applicable (we have no text parser)';

/** Why a directive did not run: 'skip' carries a reason, 'fail' an error that makes dependents fail. */
class Outcome {
  constructor(
    readonly result: 'skip' | 'fail',
    readonly message: string,
  ) {}
}

/** What an action or register refers to. */
type Target =
  | { readonly state: 'core'; readonly inst: VmInstance }
  | { readonly state: 'component'; readonly inst: unknown }
  | { readonly state: 'unavailable'; readonly outcome: Outcome };

/**
 * With PUREWASM_SPEC_STRICT=1 (`--strict-messages`), trap and CompileError reasons must also contain the
 * reference message (core suites quote a prefix of the reference interpreter's text, wasm-tools quotes a
 * fragment of wasmparser's); by default only the kind of failure is judged. Read per call, not at import:
 * `--strict-messages` sets it after this module may already be loaded.
 */
const strict = (): boolean => process.env.PUREWASM_SPEC_STRICT === '1';
const reasonOf = (e: unknown): string => String((e as { reason?: unknown }).reason ?? (e as Error).message);
const messageMatches = (e: unknown, expected: string): boolean => reasonOf(e).includes(expected) || expected.startsWith(reasonOf(e));

const describe = (e: unknown): string => (e instanceof Error ? `${e.name}: ${e.message}${process.env.SPEC_STACKS === "1" && (e as { wasmStack?: unknown }).wasmStack ? " " + JSON.stringify((e as { wasmStack?: unknown }).wasmStack) : ""}` : String(e));
const isNamed = (e: unknown, name: string): boolean =>
  e instanceof Error && (e.name === name || e.constructor.name === name);

export async function runFile(file: SpecFile, engines: Engines, shared: string, cacheDir: string): Promise<FileResult> {
  const t0 = performance.now();
  const src = readFileSync(file.path, 'utf8');
  const result: FileResult = { suite: file.suite, file: file.rel, byKind: {}, failures: [], skips: [], ms: 0 };
  const lines = lineIndex(src);
  const opts = fileOptions(file, src, shared);
  let commands: Command[];
  try {
    commands = readCommands(parseSExprs(src), src);
  } catch (e) {
    result.failures.push({ line: 0, kind: 'parse', message: `cannot read .wast: ${describe(e)}` });
    result.byKind.parse = { passed: 0, failed: 1, skipped: 0 };
    return result;
  }
  setSource(src);
  const cache = new ConversionCache(cacheDir, `${file.suite}/${file.rel}`);
  const ctx = new FileContext(file, engines, opts, cache, result, lines, shared);
  for (const c of commands) {
    if (opts.skipFile) ctx.skip(c, opts.skipFile);
    else await ctx.run(c);
  }
  cache.save();
  result.ms = performance.now() - t0;
  return result;
}

class FileContext {
  private readonly instances = new Map<string, Target>();
  /** `module definition`s by id: the binary, or why it is unavailable. */
  private readonly definitions = new Map<string, Uint8Array | Outcome>();
  private current: Target | undefined;
  private readonly registered: Record<string, Record<string, unknown>> = {};
  private spectestExports: Record<string, unknown> | undefined;
  private script: ComponentScriptLike | undefined;
  private readonly refs = new HostRefs();
  private readonly skipIndex = new Map<string, { reason: string; count: number; line: number }>();

  constructor(
    readonly file: SpecFile,
    readonly engines: Engines,
    readonly opts: FileOptions,
    readonly cache: ConversionCache,
    readonly result: FileResult,
    readonly lines: number[],
    readonly shared: string,
  ) {}

  private kindOf(c: Command): string {
    if (c.type === 'module') return c.form.layer === 'component' ? 'component' : 'module';
    if (c.type === 'module instance') return c.layer === 'component' ? 'component' : 'module instance';
    if (c.type === 'unknown') return c.head;
    return c.type;
  }

  private tally(c: Command): Tally {
    const k = this.kindOf(c);
    return (this.result.byKind[k] ??= { passed: 0, failed: 0, skipped: 0 });
  }

  pass(c: Command): void {
    this.tally(c).passed++;
  }

  fail(c: Command, message: string): void {
    this.tally(c).failed++;
    this.result.failures.push({ line: lineOf(this.lines, c.start), kind: this.kindOf(c), message });
  }

  skip(c: Command, reason: string): void {
    this.tally(c).skipped++;
    const s = this.skipIndex.get(reason);
    if (s) s.count++;
    else {
      const entry = { reason, count: 1, line: lineOf(this.lines, c.start) };
      this.skipIndex.set(reason, entry);
      this.result.skips.push(entry);
    }
  }

  private settle(c: Command, o: Outcome): void {
    if (o.result === 'skip') this.skip(c, o.message);
    else this.fail(c, o.message);
  }

  async run(c: Command): Promise<void> {
    try {
      await this.dispatch(c);
    } catch (e) {
      if (e instanceof Outcome) this.settle(c, e);
      else this.fail(c, `runner error: ${describe(e)}`);
    }
  }

  // ---------------------------------------------------------------------------------------------------
  // Binaries and validation

  /** The form's binary; throws an Outcome 'skip' when the converter cannot produce it. */
  private async bytesOf(form: ModuleForm): Promise<Uint8Array> {
    if (form.shape === 'binary') return form.bytes!;
    const r = await this.cache.convert(form.text);
    if (r.ok) return r.bytes;
    throw new Outcome('skip', `converter failed: ${r.error}`);
  }

  /** Validates with the layer's validator; returns the error if rejected, undefined if accepted. */
  private check(form: ModuleForm, bytes: Uint8Array): unknown {
    const part = form.layer === 'component' ? this.engines.validateComponent : this.engines.compile;
    if (part.state !== 'ok') throw new Outcome(part.state === 'missing' ? 'skip' : 'fail', part.reason);
    try {
      // wasmtime's runner also refuses, at compile time, valid forms its embedder does not support: there the
      // script's compile (which validates with the same feature switches) is the check.
      if (form.layer === 'component' && this.file.suite === 'component-wasmtime' && this.engines.components.state === 'ok')
        this.components().compile(bytes);
      // A component validates with the file's feature switches (wasm-tools `-f`, wasmtime `;;!` lines).
      else part.api(bytes, form.layer === 'component' ? this.opts.componentFeatures : undefined);
      return undefined;
    } catch (e) {
      return e ?? new Error('threw undefined');
    }
  }

  /** Validation must accept: throws a failing Outcome otherwise. */
  private mustAccept(form: ModuleForm, bytes: Uint8Array): void {
    const err = this.check(form, bytes);
    if (err !== undefined) throw new Outcome('fail', `rejected a valid ${form.layer}: ${describe(err)}`);
  }

  private vm(): VmApi {
    const part = this.engines.vm;
    if (part.state !== 'ok') throw new Outcome(part.state === 'missing' ? 'skip' : 'fail', part.reason);
    return part.api;
  }

  private spectest(vm: VmApi): Record<string, unknown> {
    if (this.spectestExports) return this.spectestExports;
    const noop = (): void => {};
    const out: Record<string, unknown> = {
      print: noop, print_i32: noop, print_i64: noop, print_f32: noop, print_f64: noop, print_i32_f32: noop, print_f64_f64: noop,
    };
    const tryAdd = (name: string, make: () => unknown) => {
      try {
        out[name] = make();
      } catch {
        // Leave it out: a module importing it then fails to link, and says which import.
      }
    };
    tryAdd('global_i32', () => new vm.Global({ value: 'i32', mutable: false }, 666));
    tryAdd('global_i64', () => new vm.Global({ value: 'i64', mutable: false }, 666n));
    tryAdd('global_f32', () => new vm.Global({ value: 'f32', mutable: false }, 666.6));
    tryAdd('global_f64', () => new vm.Global({ value: 'f64', mutable: false }, 666.6));
    tryAdd('table', () => new vm.Table({ element: 'anyfunc', initial: 10, maximum: 20 }));
    tryAdd('table64', () => new vm.Table({ element: 'anyfunc', initial: 10n, maximum: 20n, address: 'i64' }));
    tryAdd('memory', () => new vm.Memory({ initial: 1, maximum: 2 }));
    tryAdd('shared_memory', () => new vm.Memory({ initial: 1, maximum: 1, shared: true }));
    this.spectestExports = out;
    return out;
  }

  private tierStore: unknown = undefined;

  private instantiate(bytes: Uint8Array): VmInstance {
    const vm = this.vm();
    const module = new vm.Module(bytes);
    // --tier: every core instance of the file in one store with that tier (PUREWASM_SPEC_TIER)
    const tier = process.env.PUREWASM_SPEC_TIER;
    // (--f64-bits: the JS tier's code keeps f64 values as halves, as on engines that canonicalize NaNs)
    const base = vm.jit as { generate(walk: unknown, o?: object): unknown } | undefined;
    const jit = process.env.PUREWASM_SPEC_F64BITS === '1' && base !== undefined ? { ...base, generate: (walk: unknown, o?: object) => base.generate(walk, { ...o, f64Bits: true }) } : base;
    if (tier !== undefined && this.tierStore === undefined && vm.Store !== undefined) {
      // (--tier osr: tier 'auto' with every loop entering compiled code at its header, the first time it is
      // reached: Machine.jsLoops, internal, set before anything is translated)
      this.tierStore = new vm.Store({ tier: tier === 'osr' ? 'auto' : tier, compiler: jit });
      if (tier === 'osr') (this.tierStore as { jsLoops: number }).jsLoops = 1;
    }
    return new vm.Instance(module, { spectest: this.spectest(vm), ...this.registered }, this.tierStore === undefined ? undefined : { store: this.tierStore });
  }

  /** The file's component script host (linker with wasmtime's test host and registered instances). */
  private components(): ComponentScriptLike {
    const part = this.engines.components;
    if (part.state !== 'ok') throw new Outcome(part.state === 'missing' ? 'skip' : 'fail', part.reason);
    this.script ??= new part.api.ComponentScript({ wasmtimeRestrictions: this.file.suite === 'component-wasmtime', validate: this.opts.componentFeatures });
    return this.script;
  }

  /** Instantiates a validated binary of either layer; Outcomes (skips) propagate, other errors are returned. */
  private instantiateAny(layer: Layer, bytes: Uint8Array): { target?: Target; error?: unknown } {
    try {
      if (layer === 'module') return { target: { state: 'core', inst: this.instantiate(bytes) } };
      const script = this.components();
      return { target: { state: 'component', inst: script.instantiate(script.compile(bytes)) } };
    } catch (e) {
      if (e instanceof Outcome) throw e;
      return { error: e ?? new Error('threw undefined') };
    }
  }

  // ---------------------------------------------------------------------------------------------------
  // Commands

  private async dispatch(c: Command): Promise<void> {
    switch (c.type) {
      case 'module':
        return this.moduleCommand(c, c.form);
      case 'module instance':
        return this.instanceCommand(c, c.id, c.def, c.layer);
      case 'register': {
        const t = this.target(c.module);
        if (t.state === 'unavailable') throw t.outcome;
        if (t.state === 'component') this.components().register(c.as, t.inst);
        else this.registered[c.as] = t.inst.exports;
        return this.pass(c);
      }
      case 'invoke':
      case 'get': {
        const r = this.act(c.action);
        if (r.error !== undefined) return this.fail(c, `${c.action.name}: ${describe(r.error)}`);
        return this.pass(c);
      }
      case 'assert_return':
        return this.assertReturn(c, c.action, c.expected);
      case 'assert_trap':
      case 'assert_exhaustion': {
        let error: unknown;
        if (c.type === 'assert_trap' && c.form) {
          const bytes = await this.bytesOf(c.form);
          this.mustAccept(c.form, bytes);
          error = this.instantiateAny(c.form.layer, bytes).error;
        } else {
          error = this.act(c.action!).error;
        }
        if (error === undefined) return this.fail(c, `expected trap "${c.message}", got no trap`);
        if (!isNamed(error, 'Trap')) return this.fail(c, `expected trap "${c.message}", got ${describe(error)}`);
        if (strict() && !messageMatches(error, c.message)) return this.fail(c, `trap message: expected "${c.message}", got "${reasonOf(error)}"`);
        if (c.type === 'assert_exhaustion' && (error as { reason?: string }).reason !== 'call stack exhausted')
          return this.fail(c, `expected "call stack exhausted", got trap "${(error as { reason?: string }).reason}"`);
        return this.pass(c);
      }
      case 'assert_exception': {
        const { error } = this.act(c.action);
        if (error === undefined) return this.fail(c, 'expected an exception, got a result');
        // An uncaught wasm exception reaches the host as an error whose class or name says Exception (the JS
        // API's WebAssembly.Exception); anything else (a trap, a JS error from a VM bug) is a failure.
        const named = (error as { name?: unknown })?.name;
        const ctor = (error as { constructor?: { name?: unknown } })?.constructor?.name;
        if (!/Exception/.test(`${String(named)} ${String(ctor)}`))
          return this.fail(c, `expected a wasm exception, got ${describe(error)}`);
        return this.pass(c);
      }
      case 'assert_invalid':
      case 'assert_malformed': {
        if (c.form.shape === 'quote') return this.skip(c, TEXT_TEST);
        let bytes: Uint8Array;
        if (c.form.shape === 'text') {
          const r = await this.cache.convert(c.form.text);
          if (!r.ok) return this.skip(c, c.type === 'assert_malformed' ? TEXT_TEST : `converter failed: ${r.error}`);
          if (c.type === 'assert_malformed') return this.skip(c, 'converter accepted malformed text');
          bytes = r.bytes;
        } else {
          bytes = c.form.bytes!;
        }
        const err = this.check(c.form, bytes);
        if (err === undefined) {
          if ((this.file.suite === 'core-2.0' || this.file.suite === 'threads') && !assertedIn30(c.form, this.shared))
            return this.skip(c, SUPERSEDED);
          return this.fail(c, `accepted; expected "${c.message}"`);
        }
        if (!isNamed(err, 'CompileError')) return this.fail(c, `expected CompileError "${c.message}", got ${describe(err)}`);
        if (strict() && !messageMatches(err, c.message)) return this.fail(c, `message: expected "${c.message}", got "${reasonOf(err)}"`);
        return this.pass(c);
      }
      case 'assert_malformed_custom':
      case 'assert_invalid_custom':
        return this.skip(c, 'custom-annotation text test, not applicable (we have no text parser)');
      case 'assert_unlinkable': {
        const bytes = await this.bytesOf(c.form);
        this.mustAccept(c.form, bytes);
        const { error } = this.instantiateAny(c.form.layer, bytes);
        if (error === undefined) return this.fail(c, `instantiated; expected LinkError "${c.message}"`);
        if (isNamed(error, 'LinkError')) return this.pass(c);
        return this.fail(c, `expected LinkError "${c.message}", got ${describe(error)}`);
      }
      case 'unknown':
        return this.skip(c, `unsupported command (${c.head})`);
    }
  }

  private async moduleCommand(c: Command, form: ModuleForm): Promise<void> {
    let bytes: Uint8Array;
    try {
      bytes = await this.bytesOf(form);
      this.mustAccept(form, bytes);
    } catch (e) {
      if (e instanceof Outcome) {
        const why = new Outcome(e.result, `${form.layer} at line ${lineOf(this.lines, form.start)} unavailable: ${e.message}`);
        if (!form.definition) this.setCurrent(form.id, { state: 'unavailable', outcome: why });
        else if (form.id !== undefined) this.definitions.set(form.id, why);
      }
      throw e;
    }
    if (form.definition) {
      if (form.id !== undefined) this.definitions.set(form.id, bytes);
      return this.pass(c);
    }
    let r: { target?: Target; error?: unknown };
    try {
      r = this.instantiateAny(form.layer, bytes);
    } catch (e) {
      // No engine to instantiate with (or execution of this file is skipped): validation passed, and that is
      // what this directive judges; the directives that use the instance skip with the reason.
      if (!(e instanceof Outcome)) throw e;
      this.setCurrent(form.id, { state: 'unavailable', outcome: e });
      return e.result === 'skip' ? this.pass(c) : this.fail(c, e.message);
    }
    if (r.target) {
      this.setCurrent(form.id, r.target);
      return this.pass(c);
    }
    const line = lineOf(this.lines, form.start);
    this.setCurrent(form.id, { state: 'unavailable', outcome: new Outcome('fail', `${form.layer} at line ${line} failed to instantiate: ${describe(r.error)}`) });
    // wasm-tools has no runtime: its scripts only validate top-level forms, many of which import things no
    // host provides. There the directive judges validation; only directives that use the instance fail.
    if (this.file.suite === 'component-wasm-tools') return this.pass(c);
    return this.fail(c, `instantiation failed: ${describe(r.error)}`);
  }

  private instanceCommand(c: Command, id: string | undefined, defId: string | undefined, layer: Layer): void {
    const def = defId !== undefined ? this.definitions.get(defId) : undefined;
    if (!def) {
      this.setCurrent(id, { state: 'unavailable', outcome: new Outcome('fail', `no ${layer} definition ${defId}`) });
      return this.fail(c, `no ${layer} definition ${defId}`);
    }
    if (def instanceof Outcome) {
      this.setCurrent(id, { state: 'unavailable', outcome: def });
      throw def;
    }
    let r: { target?: Target; error?: unknown };
    try {
      r = this.instantiateAny(layer, def);
    } catch (e) {
      if (e instanceof Outcome) this.setCurrent(id, { state: 'unavailable', outcome: e });
      throw e;
    }
    if (r.target) {
      this.setCurrent(id, r.target);
      return this.pass(c);
    }
    this.setCurrent(id, { state: 'unavailable', outcome: new Outcome('fail', `instance ${id} failed to instantiate`) });
    return this.fail(c, `instantiation failed: ${describe(r.error)}`);
  }

  private setCurrent(id: string | undefined, t: Target): void {
    this.current = t;
    if (id === undefined) return;
    this.instances.set(id, t);
    // wasmtime's runner makes a named component instance importable under its name without the `$`
    // (wasmtime/linking.wast: `(component $i)` then `(import "i" (instance))`).
    if (t.state === 'component') this.components().register(id.replace(/^\$/, ''), t.inst);
  }

  private target(id: string | undefined): Target {
    if (id !== undefined) {
      const t = this.instances.get(id);
      if (!t) return { state: 'unavailable', outcome: new Outcome('fail', `unknown module ${id}`) };
      return t;
    }
    return this.current ?? { state: 'unavailable', outcome: new Outcome('fail', 'no module') };
  }

  /** Runs an action: results (WasmValues for core, CValues for components), or the error it threw. */
  private act(a: Action): { layer: Layer; results?: unknown[]; error?: unknown } {
    const t = this.target(a.module);
    if (t.state === 'unavailable') throw t.outcome;
    if (t.state === 'component') {
      let args: CValue[];
      try {
        args = a.args.map(componentValue);
      } catch (e) {
        throw new Outcome('fail', `cannot read component arguments: ${describe(e)}`);
      }
      if (a.kind === 'get') throw new Outcome('fail', '`get` is not defined for components');
      try {
        const r = this.components().invoke(t.inst, a.name, args);
        return { layer: 'component', results: r === undefined ? [] : [r] };
      } catch (e) {
        if (e instanceof Outcome) throw e;
        return { layer: 'component', error: e ?? new Error('threw undefined') };
      }
    }
    let args: WasmValue[];
    try {
      args = a.args.map((e) => argValue(e, this.refs));
    } catch (e) {
      throw new Outcome('fail', `cannot read arguments: ${describe(e)}`);
    }
    try {
      if (a.kind === 'get') return { layer: 'module', results: [t.inst.getGlobal(a.name)] };
      return { layer: 'module', results: t.inst.invoke(a.name, args) };
    } catch (e) {
      return { layer: 'module', error: e ?? new Error('threw undefined') };
    }
  }

  private assertReturn(c: Command, a: Action, expected: readonly SExpr[]): void {
    const target = this.target(a.module);
    if (target.state === 'component') {
      let want: CValue[];
      try {
        want = expected.map(componentValue);
      } catch (e) {
        return this.fail(c, `cannot read expected component values: ${describe(e)}`);
      }
      const { results, error } = this.act(a);
      if (error !== undefined) return this.fail(c, `${a.name}: ${describe(error)}`);
      const got = (results ?? []) as CValue[];
      if (got.length !== want.length || !want.every((w, i) => componentValueEquals(w, got[i])))
        return this.fail(c, `${a.name}: expected ${showComponent(want)}, got ${showComponent(got)}`);
      return this.pass(c);
    }
    const { results, error } = this.act(a);
    if (error !== undefined) return this.fail(c, `${a.name}: ${describe(error)}`);
    let matchers;
    try {
      matchers = expected.map((e) => expectedMatcher(e, this.refs));
    } catch (e) {
      return this.fail(c, `cannot read expected results: ${describe(e)}`);
    }
    const got = (results ?? []) as WasmValue[];
    if (got.length !== matchers.length)
      return this.fail(c, `${a.name}: expected ${matchers.length} results, got ${got.length} [${got.map(showValue).join(' ')}]`);
    for (let i = 0; i < matchers.length; i++) {
      const want = matchers[i]!(got[i]);
      if (want !== undefined) return this.fail(c, `${a.name}: result ${i}: expected ${want}, got ${showValue(got[i])}`);
    }
    return this.pass(c);
  }
}

/** Component values for failure messages (bigints printed with an n, like the source would read). */
function showComponent(vs: readonly CValue[]): string {
  const text = JSON.stringify(vs, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));
  return text.length > 300 ? text.slice(0, 299) + '…' : text;
}

export function cacheDirOf(root: string): string {
  return join(root, '.cache', 'spec');
}
