// The harness binaryen's translate-to-fuzz modules expect (after binaryen's scripts/fuzz_shell.js, written
// anew): the `fuzzing-support` imports (logging, calling exports back, table access, throwing), then every
// export called in order — a global is logged instead — and a log of what happened. One harness for every
// engine with the JS API's shape (Node's WebAssembly, purewasm's Module/Instance): two engines agree when
// their logs are equal, line for line.
import type { FuncType, Module, ValType } from '../src/decoder/module.js';
import { F32, F64, I32, I64 } from '../src/decoder/module.js';

/** An engine as the harness drives it: the JS API's Module and Instance, and how it says "trap". */
export interface Engine {
  readonly name: string;
  /** Compiles and instantiates; throws what the engine throws (CompileError, LinkError, a trap in start). */
  instantiate(bytes: Uint8Array, imports: Record<string, Record<string, unknown>>): { exports: Record<string, unknown>; exportNames: readonly string[] };
  /** The trap's kind (a word both engines' messages map to), or undefined when e is no trap. */
  trapKind(e: unknown): string | undefined;
  /** `fuzzing-support` imports the engine gives itself: the tags fuzz_shell.js gives, `wasmtag` (param i32)
   *  and the JS API's JSTag (`jstag`), and any import the engine plays differently (see ttf.ts). */
  readonly provided: Readonly<Record<string, unknown>>;
  /** A wasm exception of `wasmtag` with payload `which`, as the `throw` import throws it. */
  exception(which: number): unknown;
}

/** What the harness needs from a module that Node 20's JS API does not tell (no type reflection): its
 *  exports' parameter types and its imported globals. Read with purewasm's decoder, once for all engines. */
export interface ModuleShape {
  /** Parameter types of each exported function, by export name. */
  readonly params: ReadonlyMap<string, readonly ValType[]>;
  readonly importedGlobals: readonly { module: string; name: string }[];
  /** Payload types of each exported tag, by export name (to log a wasm exception's tag and payload). */
  readonly tags: ReadonlyMap<string, readonly ValType[]>;
}

export function shapeOf(m: Module, funcTypes: readonly FuncType[], tagParams: readonly (readonly ValType[])[]): ModuleShape {
  const params = new Map<string, readonly ValType[]>();
  const tags = new Map<string, readonly ValType[]>();
  for (const e of m.exports) {
    if (e.kind === 'func') params.set(e.name, funcTypes[e.index]!.params);
    if (e.kind === 'tag') tags.set(e.name, tagParams[e.index]!);
  }
  const importedGlobals = m.imports.filter((i) => i.desc.kind === 'global').map(({ module, name }) => ({ module, name }));
  return { params, importedGlobals, tags };
}

/** A tag the harness can name a wasm exception by: `wasmtag` (the `throw` import's) or an exported one. */
interface KnownTag {
  readonly name: string;
  readonly tag: unknown;
  readonly params: readonly ValType[];
}

/** A wasm exception as the log prints it: its tag, when it is one the harness knows, and its payload, read
 *  with the JS API's `is` and `getArg` (a value no JS value can be, a v128 or an exnref: `opaque`). */
function exceptionText(e: unknown, tags: readonly KnownTag[]): string {
  const x = e as { is?(tag: unknown): boolean; getArg?(tag: unknown, i: number): unknown };
  const known = typeof x.is === 'function' ? tags.find((t) => t.tag !== undefined && x.is!(t.tag)) : undefined;
  if (known === undefined) return 'wasm exception';
  const values = known.params.map((_, i) => {
    try {
      return printed(x.getArg!(known.tag, i));
    } catch {
      return 'opaque';
    }
  });
  return `wasm exception ${known.name}(${values.join(', ')})`;
}

/** A call's fixed arguments: by parameter type and position, values that reach sign, overflow and rounding
 *  paths; references get null. Unknown signatures (a funcref from wasm) get null everywhere, as
 *  fuzz_shell.js does (an i64 parameter then throws TypeError in both engines). */
function argsFor(types: readonly ValType[] | undefined, length: number): unknown[] {
  if (types === undefined) return new Array<null>(length).fill(null);
  return types.map((t, k) => {
    switch (t) {
      case I32: return [1, -2, 0x7fffffff][k % 3];
      case I64: return [1n, -2n, 1n << 40n][k % 3];
      case F32: return [1.5, -0, Number.POSITIVE_INFINITY][k % 3];
      case F64: return [0.5, -1e300, Number.NEGATIVE_INFINITY][k % 3];
      default: return null;
    }
  });
}

/** A value as the log prints it: numbers with sign of zero, i64 as decimal, references by kind (a function
 *  by its name, which both engines make the function index). */
export function printed(x: unknown): string {
  if (x === null) return 'null';
  if (x === undefined) return 'undefined';
  if (typeof x === 'bigint') return `${x}n`;
  if (typeof x === 'number') return Object.is(x, -0) ? '-0' : String(x);
  if (typeof x === 'function') return `function ${x.name}`;
  if (Array.isArray(x)) return `[${x.map(printed).join(', ')}]`;
  if (typeof x === 'object' && Object.prototype.hasOwnProperty.call(x, 'payload')) return `externref(${String((x as { payload: unknown }).payload)})`;
  return typeof x;
}

/** The outcome of a JS-side throw, as a word: a trap of some kind, a stack overflow, a wasm exception (with
 *  its tag and payload where `tags` has its tag), a JS error. */
function thrown(engine: Engine, e: unknown, tags: readonly KnownTag[] = []): string {
  const kind = engine.trapKind(e);
  if (kind !== undefined) return `trap ${kind}`;
  if (e instanceof RangeError && /call stack/i.test(e.message)) return 'trap stack';
  if (e instanceof Error && e.message === 'js exception') return 'js exception';
  if (e instanceof Error && (e.name === 'LinkError' || e.name === 'CompileError')) return e.name;
  // (a JS error's message is the engine's own wording: its class is what must agree)
  if (e instanceof TypeError) return 'TypeError';
  if (e instanceof RangeError) return 'RangeError';
  const name = (e as { name?: unknown } | null)?.name ?? (e as { constructor?: { name?: unknown } } | null)?.constructor?.name;
  if (typeof name === 'string' && /Exception/.test(name)) return exceptionText(e, tags);
  return `host error ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`;
}

/**
 * Runs a module as fuzz_shell.js does and returns the log. A call that overflows the stack ends the run
 * with a last line 'stop: stack' (and the memory is not compared after it): how deep a recursion gets
 * before it overflows is the engine's limit, not the module's meaning, so whatever it logged or stored
 * on the way differs legitimately.
 */
export function runShell(engine: Engine, bytes: Uint8Array, shape: ModuleShape): string[] {
  const log: string[] = [];
  const exportList: { name: string; value: unknown }[] = [];
  let exports: Record<string, unknown> = {};
  let tempRet0 = 0;
  const tags: KnownTag[] = [{ name: 'wasmtag', tag: engine.provided.wasmtag, params: [I32] }];

  const call = (name: string | undefined, f: (...a: unknown[]) => unknown): unknown => f(...argsFor(name === undefined ? undefined : shape.params.get(name), f.length));
  /** Calls back into wasm from an import; catches what fuzz_shell.js's tryCall catches (not traps). */
  const tryCall = (run: () => unknown, rethrow: boolean): number => {
    try {
      run();
      return 0;
    } catch (e) {
      const what = thrown(engine, e, tags);
      if (what.startsWith('trap') || what.startsWith('host error') || rethrow) throw e;
      return 1;
    }
  };
  const show = (x: unknown): string => (Array.isArray(x) ? `[${x.map(show).join(', ')}]` : printed(x));
  const logValue = (x: unknown): void => void log.push(`log ${show(x)}`);
  const table = (): { length: number | bigint; get(i: number | bigint): unknown; set(i: number | bigint, v: unknown): void } => exports.table as never;
  // a table64 takes BigInt indices (as fuzz_shell.js's toAddressType)
  const tableIndex = (i: number): number | bigint => (typeof table().length === 'bigint' ? BigInt(i >>> 0) : i >>> 0);
  const support: Record<string, unknown> = {
    'log-i32': logValue, 'log-i64': logValue, 'log-f32': logValue, 'log-f64': logValue, 'log-v128': logValue,
    'log-anyref': logValue, 'log-funcref': logValue, 'log-externref': logValue,
    throw: (which: number) => {
      throw which === 0 ? new Error('js exception') : engine.exception(which);
    },
    'table-get': (i: number) => table().get(tableIndex(i)),
    'table-set': (i: number, v: unknown) => table().set(tableIndex(i), v),
    'call-export': (index: number, flags: number) => {
      const e = exportList[index >>> 0];
      if (e === undefined || typeof e.value !== 'function') throw new TypeError('no such export');
      const f = e.value as (...a: unknown[]) => unknown;
      if ((flags & 1) === 0) call(e.name, f);
      else tryCall(() => call(e.name, f), true);
    },
    'call-export-catch': (index: number) => {
      const e = exportList[index >>> 0];
      return tryCall(() => {
        if (e === undefined || typeof e.value !== 'function') throw new TypeError('no such export');
        return call(e.name, e.value as (...a: unknown[]) => unknown);
      }, false);
    },
    'call-ref': (ref: unknown, flags: number) => {
      if (typeof ref !== 'function') throw new TypeError('not a function');
      if ((flags & 1) === 0) call(undefined, ref as (...a: unknown[]) => unknown);
      else tryCall(() => call(undefined, ref as (...a: unknown[]) => unknown), true);
    },
    'call-ref-catch': (ref: unknown) => tryCall(() => {
      if (typeof ref !== 'function') throw new TypeError('not a function');
      return call(undefined, ref as (...a: unknown[]) => unknown);
    }, false),
    sleep: (_ms: number, id: number) => id,
    'log-branch': (actual: number, expected: number, id: number) => {
      log.push(`log-branch ${actual} ${expected} ${id}`);
      return actual;
    },
  };
  // --instrument-locals: get_T / set_T (call id, local index, value) return the value; the values go into a
  // hash logged after each export call (a line per access would make logs of millions of lines).
  let locals = 0x811c9dc5;
  const mix = (x: number): void => void (locals = Math.imul(locals ^ x, 0x01000193));
  const instrumented = (_id: number, index: number, value: unknown): unknown => {
    mix(index);
    for (const c of show(value)) mix(c.charCodeAt(0));
    return value;
  };
  const env: Record<string, unknown> = { setTempRet0: (x: number) => void (tempRet0 = x), getTempRet0: () => tempRet0 };
  for (const t of ['i32', 'i64', 'f32', 'f64']) env[`get_${t}`] = env[`set_${t}`] = instrumented;
  const imports: Record<string, Record<string, unknown>> = {
    'fuzzing-support': { ...support, ...engine.provided },
    env,
  };
  // Imported externref globals get an object with a payload from their names, as fuzz_shell.js gives them.
  for (const { module, name } of shape.importedGlobals) {
    let payload = 0;
    for (const c of module + name) payload = (payload + c.charCodeAt(0)) % 251;
    (imports[module] ??= {})[name] = { payload };
  }

  let instance: ReturnType<Engine['instantiate']>;
  try {
    instance = engine.instantiate(bytes, imports);
  } catch (e) {
    log.push(`instantiate failed: ${thrown(engine, e, tags)}`);
    return log;
  }
  exports = instance.exports;
  for (const name of instance.exportNames) exportList.push({ name, value: exports[name] });
  for (const [name, params] of shape.tags) tags.push({ name, tag: exports[name], params });

  for (const { name, value } of exportList) {
    if (typeof value === 'function') {
      log.push(`call ${name}`);
      const before = locals;
      try {
        const r = call(name, value as (...a: unknown[]) => unknown);
        if (r !== undefined) log.push(`result ${show(r)}`);
      } catch (e) {
        const what = thrown(engine, e, tags);
        log.push(`threw ${what}`);
        if (what === 'trap stack') {
          log.push('stop: stack');
          return log;
        }
      }
      if (locals !== before) log.push(`locals ${(locals >>> 0).toString(16)}`);
    } else if (isGlobal(value)) {
      try {
        log.push(`global ${name} ${show(value.value)}`);
      } catch (e) {
        log.push(`global ${name} ${thrown(engine, e)}`); // a v128 global: TypeError
      }
    }
  }
  // The state at the end: exported memories (as a hash) and tables (each element printed).
  for (const { name, value } of exportList) {
    const b = (value as { buffer?: unknown } | null)?.buffer;
    // (a shared memory's buffer: a SharedArrayBuffer in V8)
    const buffer = b instanceof ArrayBuffer || (typeof SharedArrayBuffer === 'function' && b instanceof SharedArrayBuffer) ? b : undefined;
    if (buffer !== undefined) log.push(`memory ${name} ${buffer.byteLength} bytes, hash ${hash(new Uint8Array(buffer))}`);
    const t = value as { length?: unknown; get?: unknown } | null;
    if (t !== null && typeof t === 'object' && (typeof t.length === 'number' || typeof t.length === 'bigint') && typeof t.get === 'function' && buffer === undefined) {
      const items: string[] = [];
      const index = typeof t.length === 'bigint' ? BigInt : Number;
      for (let i = 0; i < Number(t.length); i++) items.push(show((t.get as (i: number | bigint) => unknown).call(t, index(i))));
      log.push(`table ${name} [${items.join(', ')}]`);
    }
  }
  return log;
}

function isGlobal(v: unknown): v is { value: unknown } {
  if (v === null || typeof v !== 'object') return false;
  const proto = Object.getPrototypeOf(v) as object | null;
  return proto !== null && Object.prototype.hasOwnProperty.call(proto, 'value') && !('buffer' in v) && !('grow' in v && 'get' in v);
}

/** FNV-1a over the bytes: equal memories give equal hashes; a difference is then found by the runner. */
export function hash(b: Uint8Array): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < b.length; i++) h = Math.imul(h ^ b[i]!, 0x01000193);
  return (h >>> 0).toString(16);
}

/**
 * `bytes` with every memory and global exported too (as "__memory0", "__global0", … after the module's own
 * exports, so the call order stays): binaryen's modules export few of them, and the harness logs every
 * exported memory and global at the end — where most of what a wrong instruction does shows.
 */
export function exposeState(bytes: Uint8Array): Uint8Array {
  const sections: { id: number; body: Uint8Array }[] = [];
  let p = 8;
  const u32 = (b: Uint8Array, at: { p: number }): number => {
    let r = 0;
    for (let shift = 0; ; shift += 7) {
      const x = b[at.p++]!;
      r += (x & 0x7f) * 2 ** shift;
      if ((x & 0x80) === 0) return r;
    }
  };
  while (p < bytes.length) {
    const id = bytes[p++]!;
    const at = { p };
    const size = u32(bytes, at);
    sections.push({ id, body: bytes.subarray(at.p, at.p + size) });
    p = at.p + size;
  }
  const count = (id: number): number => {
    const s = sections.find((x) => x.id === id);
    return s === undefined ? 0 : u32(s.body, { p: 0 });
  };
  const m = importCounts(sections.find((s) => s.id === 2)?.body, u32);
  const memories = m.memories + count(5);
  const globals = m.globals + count(6);
  const leb = (n: number): number[] => {
    const out: number[] = [];
    do {
      const b = n & 0x7f;
      n >>>= 7;
      out.push(n === 0 ? b : b | 0x80);
    } while (n !== 0);
    return out;
  };
  const entries: number[] = [];
  const add = (name: string, kind: number, index: number): void => {
    entries.push(...leb(name.length), ...[...name].map((c) => c.charCodeAt(0)), kind, ...leb(index));
  };
  for (let i = 0; i < memories; i++) add(`__memory${i}`, 2, i);
  for (let i = 0; i < globals; i++) add(`__global${i}`, 3, i);
  const old = sections.find((s) => s.id === 7);
  const oldEntries = old === undefined ? new Uint8Array(0) : old.body.subarray(leb(count(7)).length);
  const body = new Uint8Array([...leb(count(7) + memories + globals), ...oldEntries, ...entries]);
  if (old !== undefined) old.body = body;
  else {
    // The export section goes after the global section: before the first of start, element, data count, code, data.
    const at = sections.findIndex((s) => [8, 9, 12, 10, 11].includes(s.id));
    sections.splice(at < 0 ? sections.length : at, 0, { id: 7, body });
  }
  const out: number[] = [...bytes.subarray(0, 8)];
  for (const s of sections) out.push(s.id, ...leb(s.body.length), ...s.body);
  return new Uint8Array(out);
}

/** The imported memories and globals of an import section. */
function importCounts(body: Uint8Array | undefined, u32: (b: Uint8Array, at: { p: number }) => number): { memories: number; globals: number } {
  const r = { memories: 0, globals: 0 };
  if (body === undefined) return r;
  const at = { p: 0 };
  const limits = (): void => {
    const flags = u32(body, at);
    u32(body, at);
    if (flags & 1) u32(body, at);
  };
  const refType = (): void => {
    const t = body[at.p++]!;
    if (t === 0x63 || t === 0x64) u32(body, at); // (ref null? ht): a heap type (binaryen's here are abstract: one byte)
  };
  for (let n = u32(body, at); n > 0; n--) {
    for (let name = 0; name < 2; name++) {
      const length = u32(body, at); // (read before `at.p +=` reads at.p)
      at.p += length; // the module name, then the field name
    }
    const kind = body[at.p++]!;
    if (kind === 0) u32(body, at);
    else if (kind === 1) { refType(); limits(); }
    else if (kind === 2) { r.memories++; limits(); }
    else if (kind === 3) { r.globals++; refType(); at.p++; }
    else { at.p++; u32(body, at); } // a tag
  }
  return r;
}
