// Loads the parts of purewasm the runner drives. They are imported dynamically by a computed path so that
// the runner works (and type-checks) while a part does not exist yet: a missing part makes the directives
// that need it skip with a reason instead of failing.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { WasmValue } from '../src/vm/values.js';
import type { CValue } from './component-values.js';
import type { ComponentFeatures } from './suites.js';

export interface VmInstance {
  readonly exports: Record<string, unknown>;
  invoke(name: string, args: WasmValue[]): WasmValue[];
  getGlobal(name: string): WasmValue;
}

export interface VmApi {
  Module: new (bytes: Uint8Array) => unknown;
  Instance: new (module: unknown, importObject: Record<string, Record<string, unknown>>, options?: { store?: unknown }) => VmInstance;
  /** (only purewasm's: the --tier option, with the JS tier's code generator from src/jit) */
  Store?: new (options?: { tier?: string; compiler?: unknown }) => unknown;
  jit?: unknown;
  Memory: new (d: { initial: number | bigint; maximum?: number | bigint; shared?: boolean; address?: 'i64' }) => unknown;
  Table: new (d: { element: string; initial: number | bigint; maximum?: number | bigint; address?: 'i64' }) => unknown;
  Global: new (d: { value: string; mutable: boolean }, value: unknown) => unknown;
}

/** The spec-script surface of the component runtime (src/component/runtime/script.ts). */
export interface ComponentScriptLike {
  compile(bytes: Uint8Array): unknown;
  instantiate(component: unknown): unknown;
  register(name: string, instance: unknown): void;
  invoke(instance: unknown, name: string, args: readonly CValue[]): CValue | undefined;
}
export interface ComponentRuntimeApi {
  /** `validate`: the feature switches `compile` validates with (the file's component features). */
  ComponentScript: new (opts?: { wasmtimeRestrictions?: boolean; validate?: ComponentFeatures }) => ComponentScriptLike;
}

/** A part is either there, missing (skip with `reason`), or broken (every use fails with `reason`). */
export type Part<T> = { readonly state: 'ok'; readonly api: T } | { readonly state: 'missing' | 'broken'; readonly reason: string };

export interface Engines {
  /** `features`: CoreFeatures (the instruction packs: withPacks). */
  readonly compile: Part<(bytes: Uint8Array, features?: unknown) => unknown>;
  /** `features` undefined: the API defaults. */
  readonly validateComponent: Part<(bytes: Uint8Array, features?: ComponentFeatures) => void>;
  readonly vm: Part<VmApi>;
  readonly components: Part<ComponentRuntimeApi>;
}

const srcUrl = new URL('../src/', import.meta.url);

async function loadPart<T>(rel: string, pick: (m: Record<string, unknown>) => T | undefined, missing: string): Promise<Part<T>> {
  const url = new URL(rel, srcUrl);
  if (!existsSync(fileURLToPath(url).replace(/\.js$/, '.ts')) && !existsSync(fileURLToPath(url))) {
    return { state: 'missing', reason: missing };
  }
  try {
    const m = (await import(url.href)) as Record<string, unknown>;
    const api = pick(m);
    return api === undefined ? { state: 'missing', reason: missing } : { state: 'ok', api };
  } catch (e) {
    return { state: 'broken', reason: `src/${rel} failed to load: ${e instanceof Error ? e.message : String(e)}` };
  }
}

export async function loadEngines(): Promise<Engines> {
  const [compile, validateComponent, vm, components] = await Promise.all([
    loadPart('validate/index.js', (m) => m.compile as (b: Uint8Array, f?: unknown) => unknown, 'validator not implemented yet (src/validate/index.ts)'),
    loadPart(
      'component/validate.js',
      (m) => m.validateComponent as (b: Uint8Array, features?: ComponentFeatures) => void,
      'component validator not implemented yet (src/component/validate.ts)',
    ),
    loadPart(
      'vm/index.js',
      (m) => (typeof m.Instance === 'function' && typeof m.Module === 'function' ? (m as unknown as VmApi) : undefined),
      'execution not implemented yet (issue #3)',
    ).then(async (vm) => {
      // --tier auto|js compiles with the code generator (purewasm/jit), when there is one
      if (vm.state !== 'ok' || !existsSync(fileURLToPath(new URL('jit/index.ts', srcUrl)))) return vm;
      const jit = ((await import(new URL('jit/index.js', srcUrl).href)) as { jit?: unknown }).jit;
      return { state: 'ok' as const, api: { ...vm.api, jit } };
    }),
    loadPart(
      'component/runtime/index.js',
      (m) => (typeof m.ComponentScript === 'function' ? (m as unknown as ComponentRuntimeApi) : undefined),
      'component execution not implemented yet (src/component/runtime)',
    ),
  ]);
  const packs = {
    simd: ((await import(new URL('simd/index.js', srcUrl).href)) as { simd: unknown }).simd,
    gc: ((await import(new URL('gc/index.js', srcUrl).href)) as { gc: unknown }).gc,
    threads: ((await import(new URL('threads/index.js', srcUrl).href)) as { threads: unknown }).threads,
    legacyExceptions: ((await import(new URL('legacy-exceptions/index.js', srcUrl).href)) as { legacyExceptions: unknown }).legacyExceptions,
    wideArithmetic: ((await import(new URL('wide-arithmetic/index.js', srcUrl).href)) as { wideArithmetic: unknown }).wideArithmetic,
  };
  const { componentAsync } = (await import(new URL('async/index.js', srcUrl).href)) as { componentAsync: unknown };
  const { componentMemory64 } = (await import(new URL('component-memory64/index.js', srcUrl).href)) as { componentMemory64: unknown };
  return withPacks({ compile, validateComponent, vm, components }, packs, { componentAsync, componentMemory64 });
}

/**
 * The engines with the instruction packs (`purewasm/simd`, `purewasm/gc`, `purewasm/threads`,
 * `purewasm/legacy-exceptions`, `purewasm/wide-arithmetic`) given to everything that compiles, and component-model async
 * (`purewasm/async`) and the 64-bit canonical ABI (`purewasm/component-memory64`) to everything that compiles
 * components: the spec suites run with every instruction and component feature there is.
 */
export function withPacks(e: Engines, instructionPacks: { simd: unknown; gc: unknown; threads: unknown; legacyExceptions: unknown; wideArithmetic: unknown }, forComponents: { componentAsync: unknown; componentMemory64: unknown }): Engines {
  const packs = instructionPacks;
  const componentPacks = { ...packs, ...forComponents };
  const map = <T>(part: Part<T>, f: (api: T) => T): Part<T> => (part.state === 'ok' ? { state: 'ok', api: f(part.api) } : part);
  return {
    compile: map(e.compile, (compile) => (bytes: Uint8Array) => compile(bytes, packs)),
    validateComponent: map(e.validateComponent, (v) => (bytes, features) => v(bytes, { ...features, ...componentPacks } as ComponentFeatures)),
    vm: map(e.vm, (api) => {
      const Base = api.Module as new (bytes: Uint8Array, features: unknown) => object;
      return { ...api, Module: class extends Base { constructor(bytes: Uint8Array) { super(bytes, packs); } } };
    }),
    components: map(e.components, (api) => {
      const Base = api.ComponentScript as new (opts?: { wasmtimeRestrictions?: boolean; validate?: unknown }) => ComponentScriptLike;
      const ComponentScript = class extends Base {
        constructor(opts?: { wasmtimeRestrictions?: boolean; validate?: ComponentFeatures }) {
          super({ ...opts, validate: { ...opts?.validate, ...componentPacks } });
        }
      };
      return { ...api, ComponentScript };
    }),
  };
}

/**
 * `purewasm` (the default: src/), `dist` (the built library, dist.ts) or `node` (Node's own WebAssembly: a
 * self-check of the runner, see oracle-node.ts).
 */
export async function enginesByName(name: string): Promise<Engines> {
  if (name === 'node') return (await import('./oracle-node.js')).nodeEngines();
  if (name === 'dist') return (await import('./dist.js')).distEngines();
  if (name !== 'purewasm') throw new Error(`unknown engine ${name} (purewasm, node or dist)`);
  return loadEngines();
}
