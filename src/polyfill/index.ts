// `purewasm/polyfill`: the JS API's `WebAssembly` namespace on purewasm, for code written against the host's
// WebAssembly — Emscripten's, wasm-bindgen's or Go's glue, a library that calls `WebAssembly.instantiate` —
// where the engine has none (Hermes, iOS Lockdown Mode, QuickJS, browsers with wasm off):
//
//   import { WebAssembly } from 'purewasm/polyfill';
//   globalThis.WebAssembly ??= WebAssembly;
//
// It adds what the synchronous classes of the root leave to it: the promise-returning `compile`,
// `instantiate` (both forms), `compileStreaming` and `instantiateStreaming`, `RuntimeError` (every Trap is one), the
// instruction packs given to every module (all five by default: glue cannot pass them), and JSPI's
// `Suspending`, `promising` and `SuspendError` (each promising call on a fiber of its own, so several can be
// suspended at once, as in V8). `createWebAssembly(options)` makes one with the JS tier (`{ compiler: jit }`
// from `purewasm/jit`, or code compiled ahead of time), other packs or a store tier.
import { CompileError, Exception as ExceptionOfJs, Global, Instance, JSTag, LinkError, Memory, Module, Store, Table, Tag, Trap, WasmException, __internals, validate } from '../index.js';
import type { TagInst } from '../index.js';
import type { CompiledModule, ImportValue, Imports, InstanceOptions, InstructionPacks, JsCompiler, StoreTier } from '../index.js';
import { gc } from '../gc/index.js';
import { legacyExceptions } from '../legacy-exceptions/index.js';
import { simd } from '../simd/index.js';
import { threads } from '../threads/index.js';
import { wideArithmetic } from '../wide-arithmetic/index.js';
import { UNCATCHABLE } from '../vm/errors.js';

export interface PolyfillOptions {
  /** The instruction packs every module gets (default: SIMD, GC, threads, legacy exceptions and wide arithmetic). */
  packs?: InstructionPacks;
  /** The JS tier's code generator (`import { jit } from 'purewasm/jit'`): each instance's store compiles hot
   *  functions to JS where the engine allows `new Function` (and interprets them where it does not). */
  compiler?: JsCompiler;
  /** When functions compile (`Store` option `tier`; default 'auto'). */
  tier?: StoreTier;
  /** Modules compiled to JS ahead of time (`purewasm compile --js`; the way on engines without
   *  `new Function`, such as Hermes release builds): a module whose bytes one of them was made from runs
   *  with it, any other module as without. */
  compiled?: readonly CompiledModule[];
}

/** What `WebAssembly.instantiate` of bytes resolves to. */
export interface WebAssemblyInstantiatedSource {
  module: Module;
  instance: Instance;
}

/** A Response, or what `fetch` returns: the streaming functions' source. */
export interface ResponseLike {
  readonly ok: boolean;
  readonly status: number;
  readonly headers: { get(name: string): string | null };
  arrayBuffer(): Promise<ArrayBuffer>;
}

/**
 * The JS API's `RuntimeError`: every trap is one (`instanceof`: its `prototype` is purewasm's `Trap`'s), and so is
 * what JS makes with it — a `Trap` marked as made by JS, which, unlike a trap, wasm's `catch_all` catches when a
 * host function throws it, as in V8. (A constructor sharing the prototype, not `Symbol.hasInstance`, which
 * Hermes ignores.)
 */
export const RuntimeError = sharingPrototype(Trap, function RuntimeError(message?: string): Trap {
  const t = new Trap(message === undefined ? '' : String(message));
  t.name = 'RuntimeError';
  (t as { [UNCATCHABLE]?: boolean })[UNCATCHABLE] = false; // not a trap: a JS value like any other (exec/host.ts intoWasm)
  return t;
});

/** The JS API's `Exception`: made by JS as the root's `Exception`, and every wasm exception is one (`instanceof`,
 *  as in V8, where glue tells a wasm exception from a JS error by it; the root's wasm-made ones are
 *  `WasmException`s, whose prototype this constructor shares). */
export const Exception = sharingPrototype(WasmException, function Exception(tag: TagInst, payload: Iterable<unknown>): WasmException {
  return new ExceptionOfJs(tag, payload);
}) as unknown as typeof ExceptionOfJs;

/** `make` as a constructor whose `prototype` is `of`'s, so that every instance of `of` is `instanceof` it. */
function sharingPrototype<C extends abstract new (...args: never[]) => object>(of: C, make: (...args: never[]) => object): C {
  (make as unknown as { prototype: unknown }).prototype = of.prototype;
  return make as unknown as C;
}

/**
 * JSPI's marker for an import the guest waits for: called under `promising`, its result is awaited (a Promise
 * or any thenable); called where the call cannot suspend — outside `promising`, or with a JS frame between —
 * it throws SuspendError without running. An import not given as `Suspending` never suspends: a Promise it
 * returns is a value like any other (an externref; 0 as an i32), as in V8.
 */
export class Suspending {
  /** @internal What the instance calls: the function, as its own object (the instance tells it apart). */
  readonly call: (...args: unknown[]) => unknown;
  constructor(fn: (...args: never[]) => unknown) {
    if (typeof fn !== 'function') throw new TypeError('Suspending expects a function');
    this.call = (...args) => (fn as (...args: unknown[]) => unknown)(...args);
  }
}

/** JSPI's error for a `Suspending` import called where the call cannot suspend (wasm's catch_all catches it). */
export class SuspendError extends Error {
  constructor(message?: string) {
    super(message);
    this.name = 'SuspendError';
  }
}

/** An import object as the polyfill takes it: the root's, where a function may also be given as `Suspending`. */
export type PolyfillImports = { readonly [module: string]: { readonly [name: string]: ImportValue | Suspending } };

/** The JS API's namespace object (`typeof WebAssembly`), as purewasm gives it. */
export interface WebAssemblyNamespace {
  Module: (new (bytes: ArrayBuffer | ArrayBufferView) => Module) & Pick<typeof Module, 'exports' | 'imports' | 'customSections'>;
  Instance: new (module: Module, importObject?: PolyfillImports) => Instance;
  Memory: typeof Memory;
  Table: typeof Table;
  Global: typeof Global;
  Tag: typeof Tag;
  Exception: typeof Exception;
  /** The tag of JS values thrown into wasm (non-enumerable, as the JS API's). */
  readonly JSTag: Tag;
  CompileError: typeof CompileError;
  LinkError: typeof LinkError;
  RuntimeError: typeof RuntimeError;
  Suspending: typeof Suspending;
  SuspendError: typeof SuspendError;
  validate(bytes: ArrayBuffer | ArrayBufferView): boolean;
  compile(bytes: ArrayBuffer | ArrayBufferView): Promise<Module>;
  instantiate(bytes: ArrayBuffer | ArrayBufferView, importObject?: PolyfillImports): Promise<WebAssemblyInstantiatedSource>;
  instantiate(module: Module, importObject?: PolyfillImports): Promise<Instance>;
  compileStreaming(source: ResponseLike | PromiseLike<ResponseLike>): Promise<Module>;
  instantiateStreaming(source: ResponseLike | PromiseLike<ResponseLike>, importObject?: PolyfillImports): Promise<WebAssemblyInstantiatedSource>;
  /** JSPI: `fn` (an exported wasm function) as a function returning a promise of its results, during which
   *  imports given as `Suspending` suspend the guest until what they return settles. It runs at once, until
   *  its first suspension, on a fiber of its own (its arguments convert at once: a TypeError is thrown). */
  promising(fn: (...args: never[]) => unknown): (...args: unknown[]) => Promise<unknown>;
}

/** The `WebAssembly` namespace over purewasm with `options` (see PolyfillOptions). */
export function createWebAssembly(options: PolyfillOptions = {}): WebAssemblyNamespace {
  const packs = options.packs ?? { simd, gc, threads, legacyExceptions, wideArithmetic };
  const { compiler, tier, compiled = [] } = options;
  // (an instance that joins no store gets a new one; with a tier, that store is made here)
  const instanceOptions = (module: Module): InstanceOptions => ({
    ...(tier !== undefined ? { store: new Store({ compiler, tier }) } : { compiler }),
    compiled: module instanceof PolyfillModule ? module.compiled : undefined,
  });

  class PolyfillModule extends Module {
    /** @internal The ahead-of-time code made from this module's bytes, if given. */
    readonly compiled: CompiledModule | undefined;
    constructor(bytes: ArrayBuffer | ArrayBufferView) {
      super(bytes, packs);
      // (the hash the instantiation checks `compiled` against: of the bytes the module was decoded from)
      const hash = compiled.length === 0 ? 0 : __internals.moduleHash(this.validated.module.bytes);
      this.compiled = compiled.find((c) => c.hash === hash);
    }
  }
  class PolyfillInstance extends Instance {
    constructor(module: Module, importObject?: PolyfillImports) {
      const suspending = new Set<unknown>();
      const jspi = (fn: unknown, store: object): ((...args: unknown[]) => unknown) | null => {
        if (!suspending.has(fn)) return null;
        return (...args) => {
          if (!__internals.canSuspend(store as Store)) throw new SuspendError('a Suspending import was called where the call cannot suspend (not under promising, or below a JS frame)');
          return (fn as (...args: unknown[]) => unknown)(...args);
        };
      };
      super(module, importsOf(module, importObject, suspending), { ...instanceOptions(module), jspi });
    }
  }
  // Fibers that finished a promising call, by store, for the next (a new one allocates its stacks).
  const idleFibers = new WeakMap<object, Fiber[]>();
  // The promise-returning forms run the synchronous work after the caller's task, as the JS API's do, and
  // turn its errors into rejections.
  const compile = (bytes: ArrayBuffer | ArrayBufferView): Promise<Module> => later(() => new PolyfillModule(bytes));
  function instantiate(bytes: ArrayBuffer | ArrayBufferView, importObject?: PolyfillImports): Promise<WebAssemblyInstantiatedSource>;
  function instantiate(module: Module, importObject?: PolyfillImports): Promise<Instance>;
  function instantiate(source: Module | ArrayBuffer | ArrayBufferView, importObject?: PolyfillImports): Promise<Instance | WebAssemblyInstantiatedSource> {
    if (source instanceof Module) return later(() => new PolyfillInstance(source, importObject));
    return compile(source).then((module) => ({ module, instance: new PolyfillInstance(module, importObject) }));
  }
  const compileStreaming = (source: ResponseLike | PromiseLike<ResponseLike>): Promise<Module> =>
    Promise.resolve(source).then(wasmBytes).then(compile);
  const namespace: Omit<WebAssemblyNamespace, 'JSTag'> = {
    Module: PolyfillModule,
    Instance: PolyfillInstance,
    Memory, Table, Global, Tag, Exception, CompileError, LinkError, RuntimeError, Suspending, SuspendError,
    validate: (bytes) => validate(bytes, packs),
    compile,
    instantiate,
    compileStreaming,
    instantiateStreaming: (source, importObject) => compileStreaming(source).then((module) => ({ module, instance: new PolyfillInstance(module, importObject) })),
    promising: (fn) => {
      const f = __internals.funcInstOf(fn);
      if (f === undefined || f.host !== null || f.store === null) throw new TypeError('promising expects an exported WebAssembly function');
      return (...args) => promisingCall(f, args, idleFibers);
    },
  };
  // (as the JS API's: not enumerable, not writable)
  return Object.defineProperty(namespace, 'JSTag', { value: JSTag, configurable: true }) as WebAssemblyNamespace;
}

/** The namespace with every instruction pack and no JS tier: `globalThis.WebAssembly ??= WebAssembly`. */
export const WebAssembly: WebAssemblyNamespace = /* @__PURE__ */ createWebAssembly();

type Fiber = InstanceType<typeof __internals.Fiber>;
/** Idle fibers kept per store: as many as promising calls were at once in flight, up to this. */
const MAX_IDLE_FIBERS = 8;

/**
 * A call of `promising(f)`: on a fiber of its own (several can be suspended at once; one of `idle`, the store's
 * idle fibers, or a new one), at once until its first suspension; then each awaited value resumes it. Its
 * arguments convert before anything runs: an error there is thrown, any later one rejects the promise.
 */
function promisingCall(f: InstanceType<typeof __internals.FuncInst>, args: unknown[], idle: WeakMap<object, Fiber[]>): Promise<unknown> {
  const store = f.store!;
  const pool = idle.get(store) ?? [];
  idle.set(store, pool);
  const fiber = pool.pop() ?? new __internals.Fiber(store);
  // (a fiber whose call has ended, returned or failed, is ready for the next)
  const release = (): void => void (pool.length < MAX_IDLE_FIBERS && pool.push(fiber));
  let done: boolean;
  try {
    done = fiber.call(f, args);
  } catch (e) {
    release();
    if (!fiber.started) throw e;
    return Promise.reject(e);
  }
  if (done) {
    const value = fiber.value;
    release();
    return Promise.resolve(value);
  }
  const drive = async (): Promise<unknown> => {
    try {
      for (;;) {
        let outcome: unknown;
        let failed = false;
        try {
          outcome = await fiber.value;
        } catch (e) {
          outcome = e;
          failed = true;
        }
        if (fiber.resume(outcome, failed)) return fiber.value;
      }
    } finally {
      release();
    }
  };
  return drive();
}

/** `f`'s result as a promise settled after the current task's synchronous code. */
function later<T>(f: () => T): Promise<T> {
  return Promise.resolve().then(f);
}

/** The module's imports read from `importObject` (only the names it imports, so a Proxy works), with JSPI's
 *  `Suspending` markers replaced by their functions, which are added to `suspending`. */
function importsOf(module: Module, importObject: PolyfillImports | undefined, suspending: Set<unknown>): Imports | undefined {
  const imports = Module.imports(module);
  if (importObject === undefined && imports.length === 0) return undefined;
  if (typeof importObject !== 'object' || importObject === null) throw new TypeError('the module has imports: the import object must be an object');
  const out: Record<string, Record<string, unknown>> = {};
  for (const { module: from, name } of imports) {
    const namespace = (importObject as Record<string, unknown>)[from];
    if (typeof namespace !== 'object' && typeof namespace !== 'function') {
      throw new TypeError(`import ${from}.${name}: the import object has no namespace ${JSON.stringify(from)}`);
    }
    const value = (namespace as Record<string, unknown> | null)?.[name];
    if (value instanceof Suspending) suspending.add(value.call);
    (out[from] ??= {})[name] = value instanceof Suspending ? value.call : value;
  }
  return out as Imports;
}

/** The bytes of a streaming source: a successful Response of type application/wasm (the JS API's checks). */
function wasmBytes(response: ResponseLike): Promise<ArrayBuffer> {
  if (typeof response !== 'object' || response === null || typeof response.arrayBuffer !== 'function') {
    throw new TypeError('the streaming source must be a Response (or a promise of one)');
  }
  if (!response.ok) throw new TypeError(`the response failed: HTTP status ${response.status}`);
  const type = response.headers.get('content-type');
  if (type === null || type.split(';')[0].trim().toLowerCase() !== 'application/wasm') {
    throw new TypeError(`the response's MIME type is ${JSON.stringify(type)}, not application/wasm`);
  }
  return response.arrayBuffer();
}
