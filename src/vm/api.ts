// The public, JS-API-shaped surface of the VM (synchronous): Module, Instance, Memory, Table, Global.
// Plus bit-exact access for embedders that must not lose NaN payloads: Instance#invoke / #getGlobal.
import { F32, F64, FUNCREF, EXTERNREF, I32, I64, V128, isRefType, refType } from '../decoder/module.js';
import type { ExternKind, GlobalType, ImportDesc, ValType } from '../decoder/module.js';
import { compile, toBytes } from '../validate/index.js';
import type { ValidatedModule } from '../validate/validated-module.js';
import type { CoreFeatures } from '../decoder/features.js';
import { execute, jsEntry } from './exec/interpreter.js';
import { driveAsync } from './exec/async-call.js';
import { callHost, outOfWasm } from './exec/host.js';
import { conversionError, funcOfJS, isExnRef, refuseAtBoundary, readJS, readResults, readValues, readWasm, refToJS, setFuncWrapper, toRef, writeJS, writeWasm } from './runtime/convert.js';
import { FuncInst, units, unitsOf } from './runtime/func.js';
import { GlobalInst } from './runtime/global.js';
import type { InstanceOptions } from './runtime/instance-state.js';
import { instantiate } from './runtime/instantiate.js';
import type { Machine } from './runtime/machine.js';
import { Store } from './runtime/store.js';
import { MemoryInst, PAGE_SIZE } from './runtime/memory.js';
import { TableInst } from './runtime/table.js';
import { TagInst, WasmException, jsTag, payloadCells } from './runtime/tag.js';
import { canonicalTagTypeId } from '../validate/canonical-types.js';
import type { WasmValue } from './values.js';

export type { InstanceOptions } from './runtime/instance-state.js';
export type { CoreFeatures, GcPack, InstructionPack, InstructionPacks, LegacyExceptionsPack, SimdPack, ThreadsPack, WideArithmeticPack } from '../decoder/features.js';

// ---------------------------------------------------------------------------------------------------------
// Public types (the shapes of lib.dom's WebAssembly namespace, made callable where lib.dom is not)

/** A value type of the JS API; `'anyfunc'` is the old name of `'funcref'`. */
export type ValueTypeName = 'i32' | 'i64' | 'f32' | 'f64' | 'v128' | RefTypeName;
/** A reference type of the JS API (table elements). */
export type RefTypeName = 'funcref' | 'anyfunc' | 'externref';
/** The kind of an import or export, as `Module.imports` / `Module.exports` name it. */
export type ExternKindName = 'function' | 'table' | 'memory' | 'global' | 'tag';

export interface MemoryDescriptor {
  /** Size in 64 KiB pages: a number, or for a 64-bit memory a bigint (as every size and index of it). */
  initial: number | bigint;
  maximum?: number | bigint;
  /** Needs `maximum`. */
  shared?: boolean;
  /** `'i64'`: a 64-bit memory (memory64). */
  address?: 'i32' | 'i64';
}
export interface TableDescriptor {
  element: RefTypeName;
  /** A number, or for a 64-bit table a bigint (as every size and index of it). */
  initial: number | bigint;
  maximum?: number | bigint;
  address?: 'i32' | 'i64';
}
export interface GlobalDescriptor {
  value: ValueTypeName;
  mutable?: boolean;
}
export interface ModuleExportDescriptor {
  name: string;
  kind: ExternKindName;
}
export interface ModuleImportDescriptor {
  module: string;
  name: string;
  kind: ExternKindName;
}

/**
 * An exported wasm function as JS sees it: i32, f32 and f64 are numbers, i64 is a bigint, references are
 * themselves; no result is `undefined`, several results come back as an array.
 */
export type WasmFunction = (...args: any[]) => any;
/** Anything an instance can export. */
export type ExportValue = WasmFunction | Memory | Table | Global | TagInst;
/**
 * The exports of an instance whose shape was not stated: every export is `any`, so `exports.run(10)` and
 * `exports.memory.buffer` type-check as they are. (lib.dom types exports as a union of Function, Global,
 * Memory and Table, which cannot be called without narrowing first and gives `any` after it anyway.)
 * State the shape instead for checked calls: `new Instance<{ run(n: number): number; memory: Memory }>(…)`.
 */
export type UnknownExports = { readonly [name: string]: any };
/** What a stated exports shape must be: every member something an instance can export. */
export type ExportsShape<E> = { readonly [K in keyof E]: ExportValue };

/**
 * A host function a module imports: it receives numbers (i32, f32, f64), bigints (i64) and references,
 * and returns its result (an array for several results, nothing for none). A value it throws enters wasm as
 * an exception of `JSTag` (a `catch_all` catches it, as in V8) and, if nothing catches it, reaches the caller
 * of the wasm export unchanged.
 */
export type HostFunction = (...args: any[]) => unknown;
/** Anything an import object may provide: a number or bigint provides an immutable global. */
export type ImportValue = HostFunction | Memory | Table | Global | TagInst | number | bigint;
/** The imports of one module name: `{ log: (x: number) => … }`. */
export type ModuleImports = { readonly [name: string]: ImportValue };
/** An import object: module name → name → value, as `new Instance(module, { env: { log } })` takes it. */
export type Imports = { readonly [module: string]: ModuleImports };

export { Store };
export type { StoreOptions, StoreLimits } from './runtime/store.js';


// ---------------------------------------------------------------------------------------------------------
// Calling into the machine

/** Runs f with arguments written by `write` at the stack top; `read` reads the results at the same place. */
function call<R>(f: FuncInst, write: (m: Machine, base: number) => void, read: (m: Machine, base: number) => R): R {
  const m = f.store ?? f.home!; // a host function runs on the stack of the store that registered it
  const base = m.sp;
  const room = Math.max(f.paramSizes, f.resultSizes) + 8;
  m.growStack(base + room);
  write(m, base);
  try {
    if (f.host !== null) {
      m.sp = base + room;
      callHost(m, f, base, null, 0, -1);
    } else {
      const hook = m.callHook;
      if (hook !== null) hook('calling-wasm');
      try {
        execute(f, base, null, undefined);
      } finally {
        if (hook !== null) hook('returning-from-wasm');
      }
    }
    const r = read(m, base);
    // Give back a stack a deep recursion grew — after a successful call only: a call that exhausted the
    // stack is likely to be retried, and regrowing 256 MB each time would make every retry slow.
    m.sp = base;
    if (base === 0) m.trimStack();
    return r;
  } catch (e) {
    throw outOfWasm(e);
  } finally {
    m.sp = base;
  }
}

/** A JS argument that does not convert (an i64 given a Number, say): name the function and the argument. */
function argumentError(f: FuncInst, i: number, e: unknown): unknown {
  const name = f.exportName;
  return conversionError(`${name !== undefined ? `export ${JSON.stringify(name)}` : `wasm function ${f.name ?? f.index}`}, argument ${i}`, e);
}

/** Calls f with JS arguments through `call`: host functions, store-less functions, stores with call hooks. */
function callJSGeneric(f: FuncInst, args: ArrayLike<unknown>): unknown {
  return call(
    f,
    (m) => void writeArgs(m, f, args, 0),
    (m, base) => readResults(m, f, base),
  );
}

/**
 * Calls f so that the guest may wait: a host function it calls (directly, no JS frame in between) may
 * return a Promise; the call then suspends and resumes when it settles (exec/suspend.ts). Async calls in one
 * store run one after another; in different stores they interleave.
 */
async function callAsyncJS(f: FuncInst, args: ArrayLike<unknown>): Promise<unknown> {
  if (f.host !== null || f.store === null) return callJSGeneric(f, args); // nothing to suspend
  const m = f.store;
  return driveAsync(m, f, () => writeArgs(m, f, args, 0), (base) => readResults(m, f, base));
}

/** Calls an exported wasm function (or an `exports` entry) asynchronously: see Instance#callAsync. */
export function callAsync(fn: unknown, ...args: unknown[]): Promise<unknown> {
  const f = typeof fn === 'function' ? funcOfJS.get(fn) : undefined;
  if (f === undefined) return Promise.reject(new TypeError('callAsync expects an exported WebAssembly function'));
  return callAsyncJS(f, args);
}

/** Writes f's JS arguments at the stack top of m (its room made); returns where. */
export function writeArgs(m: Machine, f: FuncInst, args: ArrayLike<unknown>, from: number): number {
  const params = f.type.params;
  const owner = f.owner;
  const base = m.sp;
  m.growStack(base + Math.max(f.paramSizes, f.resultSizes) + 8);
  let u = base;
  let i = 0;
  try {
    for (; i < params.length; i++) {
      writeJS(m, params[i], args[from + i], u, owner);
      u += units(params[i]);
    }
  } catch (e) {
    m.sp = base;
    throw argumentError(f, i, e);
  }
  return base;
}

function exportedFunction(f: FuncInst): (...args: unknown[]) => unknown {
  if (f.jsFunc !== undefined) return f.jsFunc;
  // A wasm function of a store is execute() itself, bound (see execute: no wrapper frame per host ↔ wasm
  // re-entrance level); a host function or a store-less one goes through call().
  // JS API: a function whose type has a v128 or an exnref throws TypeError when called, before it runs (not
  // when its result is read: the body's side effects must not happen). Its own function: it names f (funcOfJS).
  const fn = [...f.type.params, ...f.type.results].some((t) => t === V128 || isExnRef(t))
    ? (): never => refuseAtBoundary()
    : f.host === null && f.store !== null
    ? (execute.bind(null, f, -1, null, undefined) as (...args: unknown[]) => unknown)
    : (...args: unknown[]): unknown => callJSGeneric(f, args);
  Object.defineProperties(fn, { name: { value: String(f.index) }, length: { value: f.type.params.length } });
  funcOfJS.set(fn, f);
  f.jsFunc = fn;
  return fn;
}
setFuncWrapper(exportedFunction);
jsEntry.write = writeArgs;
jsEntry.read = readResults;
jsEntry.generic = callJSGeneric;

// ---------------------------------------------------------------------------------------------------------
// Type names of the JS API

const VALUE_TYPES: Record<string, ValType> = {
  i32: I32, i64: I64, f32: F32, f64: F64, v128: V128, anyfunc: FUNCREF, funcref: FUNCREF, externref: EXTERNREF,
  // the GC proposal's (the abstract nullable types of the any hierarchy)
  anyref: refType(true, 0x6e), eqref: refType(true, 0x6d), i31ref: refType(true, 0x6c), structref: refType(true, 0x6b), arrayref: refType(true, 0x6a),
};

function valTypeOf(name: string): ValType {
  const t = Object.prototype.hasOwnProperty.call(VALUE_TYPES, name) ? VALUE_TYPES[name] : undefined;
  if (t === undefined) throw new TypeError(`unknown value type ${JSON.stringify(name)}`);
  return t;
}

function defaultValue(t: ValType): unknown {
  if (t === I64) return 0n;
  if (isRefType(t)) return t === EXTERNREF ? undefined : null;
  return 0;
}

/** A table element from JS: `value`, or the type's default when left out (`given` false; an undefined
 *  given is a value: anyref and externref keep it, the other types refuse it). */
function elementOf(t: ValType, value: unknown, given: boolean, owner: ValidatedModule | null): unknown {
  return toRef(t, given ? value : defaultValue(t), owner);
}

/**
 * A size or index the JS API takes (`what` names it in the error): for a 32-bit memory or table WebIDL's
 * `[EnforceRange] unsigned long` — any value but a bigint, as a number, its fraction dropped, from 0 to
 * 2^32 - 1 — and for a 64-bit one a bigint from 0 to 2^64 - 1; else a TypeError.
 */
function addressArg(v: unknown, index64: boolean, what: string): number {
  if (index64) {
    if (typeof v === 'bigint' && v >= 0 && v <= 0xffffffffffffffffn) return Number(v);
  } else if (typeof v !== 'bigint') {
    const x = Math.trunc(Number(v));
    if (x >= 0 && x <= 0xffffffff) return x;
  }
  throw new TypeError(`${what} must be ${index64 ? 'a bigint (an i64 address)' : 'a number'} from 0 to 2^${index64 ? 64 : 32} - 1, not ${typeof v === 'bigint' ? `${v}n` : String(v)}`);
}

/** The JS API's descriptor checks shared by Memory and Table: initial and maximum (each at most `limit`). */
function limitsOf(desc: { initial: unknown; maximum?: unknown; address?: unknown }, limit: number): { index64: boolean; initial: number; maximum: number | undefined } {
  const address = desc.address;
  if (address !== undefined && address !== 'i32' && address !== 'i64') throw new TypeError(`address must be 'i32' or 'i64', not ${String(address)}`);
  const index64 = address === 'i64';
  const initial = addressArg(desc.initial, index64, 'initial');
  const maximum = desc.maximum === undefined ? undefined : addressArg(desc.maximum, index64, 'maximum');
  if (initial > limit || (maximum ?? 0) > limit) throw new RangeError(`initial and maximum must be at most ${limit}`);
  if (maximum !== undefined && maximum < initial) throw new RangeError('maximum below initial');
  return { index64, initial, maximum };
}

/** A count the JS API returns: a bigint for a 64-bit memory or table. */
function addressResult(n: number, index64: boolean): number {
  return (index64 ? BigInt(n) : n) as number;
}

const KIND_NAMES: Record<ExternKind, ExternKindName> = { func: 'function', table: 'table', memory: 'memory', global: 'global', tag: 'tag' };

// ---------------------------------------------------------------------------------------------------------

/** A decoded and validated core module (JS API `WebAssembly.Module`, synchronous). */
export class Module {
  /** @internal The decoded and validated module. */
  readonly validated: ValidatedModule;

  /**
   * Decodes and validates `bytes`; throws CompileError naming the section and offset. `features`:
   * proposals beyond WebAssembly 3.0 and threads to accept (not in the JS API; default none), and the
   * instruction packs the module needs: `{ simd, gc, threads, legacyExceptions, wideArithmetic }` from
   * `purewasm/simd`, `purewasm/gc`, `purewasm/threads`, `purewasm/legacy-exceptions` and
   * `purewasm/wide-arithmetic` (without them a module using a SIMD, GC, atomic, legacy exception-handling or
   * wide-arithmetic instruction is refused with a CompileError that says so).
   */
  constructor(bytes: ArrayBuffer | ArrayBufferView, features?: CoreFeatures) {
    this.validated = compile(toBytes(bytes), features);
  }

  static exports(m: Module): ModuleExportDescriptor[] {
    return m.validated.module.exports.map((e) => ({ name: e.name, kind: KIND_NAMES[e.kind] }));
  }

  static imports(m: Module): ModuleImportDescriptor[] {
    return m.validated.module.imports.map((i) => ({ module: i.module, name: i.name, kind: KIND_NAMES[(i.desc as ImportDesc).kind] }));
  }

  static customSections(m: Module, name: string): ArrayBuffer[] {
    if (arguments.length < 2) throw new TypeError('customSections needs a section name');
    return m.validated.module.customs.filter((c) => c.name === name).map((c) => c.data.slice().buffer);
  }
}

/** A linear memory (JS API `WebAssembly.Memory`). */
export class Memory {
  /** @internal */
  readonly inst: MemoryInst;

  constructor(desc: MemoryDescriptor);
  /** @internal A wrapper for a memory the VM created. */
  constructor(desc: MemoryDescriptor | MemoryInst);
  constructor(desc: MemoryDescriptor | MemoryInst) {
    if (desc instanceof MemoryInst) this.inst = desc;
    else {
      const { index64, initial, maximum } = limitsOf(desc, desc.address === 'i64' ? 2 ** 48 : 65536);
      const shared = desc.shared === true;
      if (shared && maximum === undefined) throw new TypeError('a shared memory needs a maximum');
      this.inst = new MemoryInst(initial, maximum, shared, undefined, undefined, index64);
    }
    this.inst.wrapper = this;
  }

  /** The memory's bytes; a segmented 64-bit memory (above 4 GiB) has no single buffer to give. */
  get buffer(): ArrayBuffer {
    const m = this.inst;
    if (m.segments !== null) {
      throw new RangeError(`memory of ${m.byteLength} bytes is larger than one ArrayBuffer view can hold (2^32 bytes); it has no .buffer`);
    }
    return m.buffer;
  }

  /** Grows by `delta` pages (a bigint for a 64-bit memory, and so is the result): the old size in pages. */
  grow(delta: number): number;
  grow(delta: bigint): bigint;
  grow(delta: number | bigint): number | bigint {
    const index64 = this.inst.index64;
    const old = this.inst.grow(addressArg(delta, index64, 'delta'));
    if (old < 0) throw new RangeError('memory.grow failed');
    return addressResult(old, index64);
  }
}

/** A table of references (JS API `WebAssembly.Table`); functions come out as callable wasm functions. */
export class Table {
  /** @internal */
  readonly inst: TableInst;

  constructor(desc: TableDescriptor, value?: unknown);
  /** @internal A wrapper for a table the VM created. */
  constructor(desc: TableDescriptor | TableInst, value?: unknown);
  constructor(desc: TableDescriptor | TableInst, value?: unknown) {
    if (desc instanceof TableInst) this.inst = desc;
    else {
      const t = valTypeOf(desc.element);
      if (!isRefType(t)) throw new TypeError('table elements must be references');
      const { index64, initial, maximum } = limitsOf(desc, 10_000_000);
      // (V8 takes an undefined value here as left out, unlike in set and grow)
      this.inst = new TableInst(t, initial, maximum, elementOf(t, value, value !== undefined, null));
      this.inst.index64 = index64;
    }
    this.inst.wrapper = this;
  }

  /** The size (a bigint for a 64-bit table, typed as the common case). */
  get length(): number {
    return addressResult(this.inst.size, this.inst.index64);
  }

  /** Element `i` (a bigint for a 64-bit table). */
  get(i: number | bigint): unknown {
    if (isExnRef(this.inst.elemType)) refuseAtBoundary();
    return refToJS(this.inst.elements[this.index(i)]);
  }

  set(i: number | bigint, value?: unknown): void {
    const t = this.inst;
    t.elements[this.index(i)] = elementOf(t.elemType, value, arguments.length > 1, t.owner);
  }

  /** @internal */
  private index(i: unknown): number {
    const x = addressArg(i, this.inst.index64, 'table index');
    if (x >= this.inst.size) throw new RangeError('table index out of bounds');
    return x;
  }

  /** Grows by `delta` elements (a bigint for a 64-bit table, and so is the result): the old size. */
  grow(delta: number, value?: unknown): number;
  grow(delta: bigint, value?: unknown): bigint;
  grow(delta: number | bigint, value?: unknown): number | bigint {
    const t = this.inst;
    const n = addressArg(delta, t.index64, 'delta');
    const old = t.grow(n, elementOf(t.elemType, value, arguments.length > 1, t.owner));
    if (old < 0) throw new RangeError('table.grow failed');
    return addressResult(old, t.index64);
  }
}

/** A global (JS API `WebAssembly.Global`); i64 values are bigints. */
export class Global {
  /** @internal */
  readonly inst: GlobalInst;

  constructor(desc: GlobalDescriptor, value?: unknown);
  /** @internal A wrapper for a global the VM created. */
  constructor(desc: GlobalDescriptor | GlobalInst, value?: unknown);
  constructor(desc: GlobalDescriptor | GlobalInst, value?: unknown) {
    if (desc instanceof GlobalInst) this.inst = desc;
    else {
      const type: GlobalType = { type: valTypeOf(desc.value), mutable: desc.mutable ?? false };
      this.inst = new GlobalInst(type);
      // (V8 takes an undefined value as left out for numbers, as a value for references)
      this.write(arguments.length < 2 || (value === undefined && !isRefType(type.type)) ? defaultValue(type.type) : value);
    }
    this.inst.wrapper = this;
  }

  /** @internal */
  private write(v: unknown): void {
    // Through a scratch slot at the stack top, reusing the JS → wasm conversion.
    const m = this.inst.store;
    const u = m.sp;
    m.growStack(u + 4);
    writeJS(m, this.inst.type.type, v, u, this.inst.owner);
    const G = m.globals;
    const a = this.inst.addr;
    for (let i = 0; i < 4; i++) G[a + i] = m.I32[u + i];
    m.globalRefs[a] = m.refs[u];
  }

  /** @internal */
  private readSlot<R>(read: (m: Machine, t: ValType, u: number) => R): R {
    const m = this.inst.store;
    const u = m.sp;
    m.growStack(u + 4);
    const a = this.inst.addr;
    for (let i = 0; i < 4; i++) m.I32[u + i] = m.globals[a + i];
    m.refs[u] = m.globalRefs[a];
    return read(m, this.inst.type.type, u);
  }

  get value(): unknown {
    return this.readSlot(readJS);
  }

  set value(v: unknown) {
    if (!this.inst.type.mutable) throw new TypeError('cannot set an immutable global');
    this.write(v);
  }

  valueOf(): unknown {
    return this.value;
  }

  /** Bit-exact value. */
  getWasmValue(): WasmValue {
    return this.readSlot(readWasm);
  }
}

/** JS API `WebAssembly.Tag`'s descriptor: the payload's value types. */
export interface TagDescriptor {
  parameters: readonly ValueTypeName[];
}

/** A tag made in JS (JS API `WebAssembly.Tag`): imported by a module whose tag has the same payload types,
 *  it is that module's tag, and `new Exception(tag, payload)` makes exceptions of it. */
export class Tag extends TagInst {
  constructor(desc: TagDescriptor) {
    const params = Array.from(desc.parameters, valTypeOf);
    super(params, canonicalTagTypeId(params));
  }
}

/**
 * The JS API's `WebAssembly.JSTag`: a JS value a host function throws enters wasm as an exception of this tag
 * (payload: the value), which `catch_all` catches, and so does `catch` of this tag in a module that imports
 * it (`{ env: { jstag: JSTag } }`), with the value; it reaches JS as the value again, and so does a wasm
 * `throw` of this tag. Traps, a JS stack overflow and purewasm's own errors (a WASI exit …) are never caught.
 */
export const JSTag: Tag = Object.setPrototypeOf(jsTag(), Tag.prototype);

/** A wasm exception made in JS (JS API `WebAssembly.Exception`): a host function throws it into wasm, where
 *  `catch` of its tag catches it; wasm's own exceptions reach JS as WasmException, with the same `is` and
 *  `getArg`. */
export class Exception extends WasmException {
  constructor(tag: TagInst, payload: Iterable<unknown>) {
    if (!(tag instanceof TagInst)) throw new TypeError('Exception: the first argument must be a tag');
    if (tag === JSTag) throw new TypeError('Exception: the tag cannot be JSTag');
    const values = Array.from(payload);
    const params = tag.params;
    if (values.length !== params.length) throw new TypeError(`Exception: the tag takes ${params.length} payload values, got ${values.length}`);
    const n = unitsOf(params);
    const cells = payloadCells(new Int32Array(n), new Array<unknown>(n).fill(null));
    for (let j = 0, unit = 0; j < params.length; unit += units(params[j]), j++) writeJS(cells, params[j], values[j], unit, tag.owner);
    super(tag, cells.I32, cells.refs);
  }
}

const resolver = {
  memory: (v: unknown) => (v instanceof Memory ? v.inst : undefined),
  table: (v: unknown) => (v instanceof Table ? v.inst : undefined),
  global: (v: unknown) => (v instanceof Global ? v.inst : undefined),
};

/**
 * An instance of a module (JS API `WebAssembly.Instance`, synchronous: the start function has run when the
 * constructor returns). `E` states the shape of the exports; left out, every export is `any`:
 *
 *     const { run } = new Instance<{ run(n: number): number }>(module, { env: { log } }).exports;
 */
export class Instance<E extends ExportsShape<E> = UnknownExports> {
  /** The exports, frozen: functions, Memory, Table, Global and TagInst objects by export name. */
  readonly exports: Readonly<E>;
  /** @internal */
  private readonly exportObjects: Map<string, FuncInst | TableInst | MemoryInst | GlobalInst | TagInst>;

  /** The store the instance lives in (see `InstanceOptions.store`). */
  readonly store: Store;

  /** Links `importObject` (a LinkError names a missing or mistyped import) and runs the start function. */
  constructor(module: Module, importObject?: Imports, options?: InstanceOptions) {
    const r = instantiate(module.validated, importObject, resolver, options);
    this.store = r.state.store as Store;
    const exports: Record<string, unknown> = Object.create(null);
    this.exportObjects = new Map();
    for (const e of r.exports) {
      this.exportObjects.set(e.name, e.value);
      exports[e.name] = wrap(e.value);
      if (e.value instanceof FuncInst && e.value.exportName === undefined) e.value.exportName = e.name;
    }
    this.exports = Object.freeze(exports) as unknown as Readonly<E>;
    r.start((f) => {
      call(f, () => undefined, () => undefined);
    });
  }

  /**
   * Calls an exported function so that the guest can wait for host functions that return Promises (the
   * synchronous `exports` keep their JS-API behaviour). Resolves with the result (an array for several).
   */
  callAsync(name: string, ...args: unknown[]): Promise<unknown> {
    const f = this.exportObjects.get(name);
    return f instanceof FuncInst ? callAsyncJS(f, args) : Promise.reject(noExport('function', name));
  }

  /** Calls an exported function with bit-exact arguments and results. */
  invoke(name: string, args: WasmValue[]): WasmValue[] {
    const f = this.exportObjects.get(name);
    if (!(f instanceof FuncInst)) throw noExport('function', name);
    const { params, results } = f.type;
    if (args.length !== params.length) throw new TypeError(`${name} expects ${params.length} arguments, got ${args.length}`);
    return call(
      f,
      (m, base) => {
        let u = base;
        for (let i = 0; i < params.length; i++) {
          writeWasm(m, params[i], args[i], u, f.owner);
          u += units(params[i]);
        }
      },
      (m, base) => readValues(m, results, base, readWasm),
    );
  }

  /** The bit-exact value of an exported global. */
  getGlobal(name: string): WasmValue {
    const g = this.exportObjects.get(name);
    if (!(g instanceof GlobalInst)) throw noExport('global', name);
    return (wrap(g) as Global).getWasmValue();
  }
}

function noExport(kind: string, name: string): TypeError {
  return new TypeError(`no exported ${kind} ${JSON.stringify(name)}`);
}

function wrap(v: FuncInst | TableInst | MemoryInst | GlobalInst | TagInst): unknown {
  if (v instanceof TagInst) return v;
  if (v instanceof FuncInst) return exportedFunction(v);
  if (v instanceof MemoryInst) return (v.wrapper as Memory | undefined) ?? new Memory(v);
  if (v instanceof TableInst) return (v.wrapper as Table | undefined) ?? new Table(v);
  return (v.wrapper as Global | undefined) ?? new Global(v);
}

export { PAGE_SIZE };
