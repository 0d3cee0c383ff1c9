// `purewasm/polyfill` against Node's own WebAssembly namespace: the same calls, the same outcomes (values,
// rejections and their classes, the order of events), and real glue (sql.js, Emscripten's; rollup,
// wasm-bindgen's) that finds it as the global `WebAssembly`.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WebAssembly as polyfill, createWebAssembly, type WebAssemblyNamespace } from '../../src/polyfill/index.js';
import { compileToJs, jit } from '../../src/jit/index.js';
import { jsRuntime } from '../../src/js-runtime/index.js';
import type { CompiledModule } from '../../src/index.js';
import { SHARED } from '../shared.js';
import { buildModule, i32, NodeWasm } from '../vm/wasm-builder.js';
import { projectRoot } from '../real-modules/corpus.js';

const require = createRequire(import.meta.url);

// (import "env" "log" (func (param i32)))  add(a, b) = a + b;  div(a, b) = a / b (traps on 0);
// start: log(7)
const bytes = buildModule({
  imports: [{ module: 'env', name: 'log', params: [i32], results: [] }],
  funcs: [
    { params: [i32, i32], results: [i32], body: [0x20, 0, 0x20, 1, 0x6a], export: 'add' },
    { params: [i32, i32], results: [i32], body: [0x20, 0, 0x20, 1, 0x6d], export: 'div' },
    { params: [], results: [], body: [0x41, 7, 0x10, 0] },
  ],
  start: 3,
});

const engines: Record<string, WebAssemblyNamespace> = { purewasm: polyfill, node: NodeWasm };

/** What a promise settles to: its value through `read`, or the name of the class it rejects with, as that
 *  engine's namespace names it. */
async function settled(ns: WebAssemblyNamespace, p: () => Promise<unknown>, read: (v: any) => unknown = (v) => v): Promise<unknown> {
  try {
    return read(await p());
  } catch (e) {
    for (const name of ['CompileError', 'LinkError', 'RuntimeError'] as const) if (e instanceof ns[name]) return `rejected ${name}`;
    return `rejected ${(e as Error).constructor.name}`;
  }
}

/** Runs `scenario` on both namespaces and expects the same outcome; returns it. */
async function agree(scenario: (ns: WebAssemblyNamespace) => Promise<unknown>): Promise<unknown> {
  const ours = await scenario(engines.purewasm);
  expect(ours).toEqual(await scenario(engines.node));
  return ours;
}

function wasmResponse(body: Uint8Array, init: ResponseInit = { headers: { 'content-type': 'application/wasm' } }): Response {
  return new Response(body, init);
}

describe('purewasm/polyfill against Node', () => {
  it('compiles and instantiates in both forms, the start function after the call returned', async () => {
    expect(await agree(async (ns) => {
      const events: string[] = [];
      const log = (x: number) => void events.push(`log ${x}`);
      const pending = ns.instantiate(bytes, { env: { log } });
      events.push('returned');
      const { module, instance } = await pending;
      const again = await ns.instantiate(module, { env: { log } });
      return [events, module instanceof ns.Module, instance instanceof ns.Instance, again instanceof ns.Instance, (instance.exports as any).add(2, 3)];
    })).toEqual([['returned', 'log 7', 'log 7'], true, true, true, 5]);
    expect(await agree((ns) => settled(ns, () => ns.compile(bytes), (m) => [ns.Module.exports(m), ns.Module.imports(m)]))).toEqual([
      [{ name: 'add', kind: 'function' }, { name: 'div', kind: 'function' }],
      [{ module: 'env', name: 'log', kind: 'function' }],
    ]);
  });

  it('rejects with the JS API error classes', async () => {
    const garbage = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 99]);
    expect(await agree((ns) => settled(ns, () => ns.compile(garbage)))).toBe('rejected CompileError');
    expect(await agree((ns) => settled(ns, () => ns.instantiate(bytes, { env: {} })))).toBe('rejected LinkError');
    expect(await agree((ns) => settled(ns, () => ns.instantiate(bytes, {})))).toBe('rejected TypeError');
    expect(await agree((ns) => settled(ns, () => ns.instantiate(bytes)))).toBe('rejected TypeError');
    expect(await agree(async (ns) => [ns.validate(bytes), ns.validate(garbage)])).toEqual([true, false]);
    expect(await agree((ns) => settled(ns, async () => {
      const { instance } = await ns.instantiate(bytes, { env: { log: () => {} } });
      return (instance.exports as any).div(1, 0);
    }))).toBe('rejected RuntimeError');
  });

  it('streams from a Response, checking its status and MIME type', async () => {
    expect(await agree((ns) => settled(ns, () => ns.instantiateStreaming(wasmResponse(bytes), { env: { log: () => {} } }), (r) => r.instance.exports.add(20, 22)))).toBe(42);
    expect(await agree((ns) => settled(ns, () => ns.compileStreaming(Promise.resolve(wasmResponse(bytes))), (m) => m instanceof ns.Module))).toBe(true);
    expect(await agree((ns) => settled(ns, () => ns.compileStreaming(wasmResponse(bytes, { headers: { 'content-type': 'text/plain' } }))))).toBe('rejected TypeError');
    expect(await agree((ns) => settled(ns, () => ns.compileStreaming(wasmResponse(bytes, { status: 404, headers: { 'content-type': 'application/wasm' } }))))).toBe('rejected TypeError');
  });

  it('reads only the imported names of an import object (a Proxy works)', async () => {
    const seen: string[] = [];
    const env = new Proxy({}, { get: (_t, name) => (seen.push(String(name)), name === 'log' ? () => {} : undefined) });
    const r = await polyfill.instantiate(bytes, { env } as never);
    expect((r.instance.exports as any).add(1, 1)).toBe(2);
    expect(seen).toEqual(['log']);
  });

  it('gives every instruction pack to every module (glue cannot pass them)', async () => {
    // (func (export "lanes") (result i32) v128.const i32x4 1 2 3 4; i32x4.extract_lane 2)
    const simdModule = buildModule({
      funcs: [{ params: [], results: [i32], body: [0xfd, 0x0c, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 4, 0, 0, 0, 0xfd, 0x1b, 2], export: 'lanes' }],
    });
    expect(await agree(async (ns) => ((await ns.instantiate(simdModule)).instance.exports as any).lanes())).toBe(3);
  });

  it('runs JSPI: a promising export waits for a Suspending import', async () => {
    // (import "env" "fetch" (func (result i32)))  run() = fetch() + 1
    const m = buildModule({
      imports: [{ module: 'env', name: 'fetch', params: [], results: [i32] }],
      funcs: [{ params: [], results: [i32], body: [0x10, 0, 0x41, 1, 0x6a], export: 'run' }],
    });
    const { instance } = await polyfill.instantiate(m, { env: { fetch: new polyfill.Suspending(async () => 41) } } as never);
    const run = polyfill.promising((instance.exports as any).run);
    await expect(run()).resolves.toBe(42);
    expect(() => polyfill.promising(42 as never)).toThrow(TypeError);
  });
});

describe('purewasm/polyfill with the JS tier', () => {
  it('runs a module with the code compiled ahead of time from its bytes, and any other module without', async () => {
    const fib = readFileSync(`${SHARED}/bench/wasm/fib.wasm`);
    const { code } = compileToJs(fib, { compiler: jit, format: 'iife', name: 'compiled' });
    const compiled = new Function('purewasmJsRuntime', `${code}\nreturn compiled;`)({ jsRuntime }) as CompiledModule;
    const ns = createWebAssembly({ compiled: [compiled], tier: 'js' });
    const { instance } = await ns.instantiate(fib, {});
    expect((instance.exports as any).run(1)).toBe(711535756);
    expect(instance.store.funcs.filter((f) => f.body !== null).length).toBeGreaterThan(0);
    // (this module has no ahead-of-time code: it is interpreted, tier 'js' having no generator)
    const other = await ns.instantiate(bytes, { env: { log: () => {} } });
    expect((other.instance.exports as any).add(1, 2)).toBe(3);
    expect(other.instance.store.funcs.filter((f) => f.body !== null)).toEqual([]);
  });
});

describe('real glue on purewasm/polyfill', () => {
  /** sql.js's answer to a few statements with `ns` as the global WebAssembly (undefined: Node's own). */
  async function sqlJs(ns: WebAssemblyNamespace | undefined): Promise<string> {
    const g = globalThis as { WebAssembly?: unknown };
    const saved = g.WebAssembly;
    delete require.cache[require.resolve('sql.js')];
    if (ns !== undefined) g.WebAssembly = ns;
    try {
      const initSqlJs = require('sql.js') as (o: object) => Promise<{ Database: new () => { exec(sql: string): unknown; close(): void; create_function(name: string, f: (v: unknown) => unknown): void } }>;
      const SQL = await initSqlJs({ wasmBinary: readFileSync(join(projectRoot, 'node_modules/sql.js/dist/sql-wasm.wasm')) });
      const db = new SQL.Database();
      // a JS function called from SQL: the glue wraps it in a wasm module it makes with WebAssembly.Module
      db.create_function('twice', (v: unknown) => (typeof v === 'number' ? v * 2 : v));
      const out = JSON.stringify(db.exec(`CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, x REAL);
        WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200) INSERT INTO t SELECT i, 'row ' || i, i * 0.5 FROM n;
        SELECT count(*), total(x), max(name), twice(21) FROM t; SELECT sqlite_version();`));
      db.close();
      return out;
    } finally {
      g.WebAssembly = saved;
    }
  }

  it('runs sql.js (Emscripten) with the polyfill as the global WebAssembly, interpreted and with the JS tier', async () => {
    const expected = await sqlJs(undefined);
    expect(expected).toContain('"values":[[200,10050,"row 99",42]]');
    expect(await sqlJs(polyfill)).toBe(expected);
    expect(await sqlJs(createWebAssembly({ compiler: jit }))).toBe(expected);
  }, 120_000);

  /** Rollup's bundle of a few modules, parsed by its Rust parser (wasm-bindgen's glue, which passes strings and
   *  byte arrays as externrefs and checks the memory's buffer for detachment), with `ns` as the global
   *  WebAssembly while rollup loads (undefined: Node's own); and how many modules `ns` made. */
  async function rollupBundle(ns: WebAssemblyNamespace | undefined): Promise<{ code: string; modules: number }> {
    const g = globalThis as { WebAssembly?: unknown };
    const saved = g.WebAssembly;
    const dir = join(projectRoot, 'node_modules/@rollup/wasm-node/');
    for (const k of Object.keys(require.cache)) if (k.startsWith(dir)) delete require.cache[k];
    let modules = 0;
    if (ns !== undefined) {
      g.WebAssembly = { ...ns, Module: class extends ns.Module { constructor(b: ArrayBuffer | ArrayBufferView) { super(b); modules++; } } };
    }
    let rollup: (o: object) => Promise<{ generate(o: object): Promise<{ output: { code: string }[] }> }>;
    try {
      ({ rollup } = require('@rollup/wasm-node'));
    } finally {
      g.WebAssembly = saved;
    }
    const files: Record<string, string> = {
      'main.js': "import { add } from './lib.js'; import n from './def.js'; export const answer = add(20, 22) + n; console.log(answer, 'é ✓ 𝄞');",
      'lib.js': "export function add(a, b) { return a + b; } export function unused() { return 'shaken'; } export const big = 12345678901234567890n;",
      'def.js': 'const x = { a: [1, 2, 3].map((v) => v * 2), s: `t ${1 + 1}` }; export default x.a.length;',
    };
    const bundle = await rollup({ input: 'main.js', plugins: [{ name: 'virtual', resolveId: (id: string) => id.replace('./', ''), load: (id: string) => files[id] }] });
    return { code: (await bundle.generate({ format: 'es' })).output[0].code, modules };
  }

  it('runs rollup (wasm-bindgen glue: externrefs, detached buffers) with the polyfill as the global WebAssembly', async () => {
    const expected = await rollupBundle(undefined);
    expect(expected.code).toContain('function add(a, b)');
    expect(expected.code).not.toContain('shaken');
    expect(await rollupBundle(polyfill)).toEqual({ code: expected.code, modules: 1 });
    expect(await rollupBundle(createWebAssembly({ compiler: jit }))).toEqual({ code: expected.code, modules: 1 });
  }, 120_000);
});
