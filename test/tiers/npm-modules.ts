// Big real modules whose JS glue expects the host's `WebAssembly` (sql.js: emscripten; esbuild-wasm: Go's
// wasm_exec.js), run on purewasm in one tier through a WebAssembly-shaped object over its JS API, and on
// Node's WebAssembly as the oracle. Used by run-all.ts (by hand: they take longer than make test has).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Instance, Memory, Module, Table, Global, Trap, LinkError, CompileError } from '../../src/index.js';
import { setUp, coverage, type Coverage, type Tier } from './tiers.js';
import { PACKS } from '../packs.js';
import { projectRoot } from '../real-modules/corpus.js';

const require = createRequire(import.meta.url);

/** Where a glue's program runs: on purewasm in `tier` (with `fuel`: in a store metering that much), and who
 *  is told, once it is done, what ran compiled and the fuel left. Undefined: on Node's WebAssembly. */
export interface Where {
  readonly tier: Tier;
  readonly fuel?: number;
  readonly seen?: (c: Coverage, fuelLeft: number) => void;
}

/** What a glue's instantiate calls see: purewasm's classes, its instantiation in a store of `where`'s tier. */
function wasmApi(where: Where, key: string): object {
  let last: ReturnType<typeof setUp> | undefined;
  const instantiate = (bytes: Uint8Array, imports: object) => {
    last = setUp(where.tier, key, bytes, where.fuel);
    const module = new Module(bytes, PACKS);
    const instance = new Instance(module, imports as never, { store: last.store, compiled: last.compiled as never });
    return { module, instance };
  };
  return {
    Module: class extends Module {
      constructor(bytes: Uint8Array) {
        super(bytes, PACKS);
      }
    },
    Instance, Memory, Table, Global, RuntimeError: Trap, LinkError, CompileError,
    instantiate: async (bytes: Uint8Array, imports: object) => instantiate(new Uint8Array(bytes), imports),
    validate: () => true,
    /** the store's coverage once the workload ran */
    done: () => last !== undefined && where.seen?.(coverage(last.store), last.store.fuel),
  };
}

/**
 * Runs `body` with globalThis.WebAssembly replaced by `api` (the glue reads the global when it runs), and
 * with the host's clocks and random sources replaced by fixed sequences: each run then does exactly the same
 * (emscripten's file system draws on Math.random, Go's runtime on the clocks and crypto), so two runs may be
 * compared to the instruction (metered runs: the fuel they use).
 */
async function withWebAssembly<T>(api: object | undefined, body: () => Promise<T>): Promise<T> {
  const g = globalThis as { WebAssembly?: unknown; crypto: { getRandomValues<A extends ArrayBufferView>(a: A): A } };
  const crypto = require('node:crypto') as { randomFillSync<A extends ArrayBufferView>(a: A): A };
  const saved = { wasm: g.WebAssembly, random: Math.random, dateNow: Date.now, now: performance.now, fill: crypto.randomFillSync, get: g.crypto.getRandomValues };
  let x = 0x2545f491;
  const next = () => ((x ^= x << 13), (x ^= x >>> 17), (x ^= x << 5), x >>> 0);
  const fill = <A extends ArrayBufferView>(a: A): A => {
    const b = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
    for (let i = 0; i < b.length; i++) b[i] = next();
    return a;
  };
  let clock = 0;
  if (api !== undefined) g.WebAssembly = api;
  Math.random = () => next() / 2 ** 32;
  Date.now = () => 1.7e12 + (clock += 1);
  performance.now = () => (clock += 1);
  crypto.randomFillSync = fill;
  g.crypto.getRandomValues = fill;
  try {
    return await body();
  } finally {
    g.WebAssembly = saved.wasm;
    Math.random = saved.random;
    Date.now = saved.dateNow;
    performance.now = saved.now;
    crypto.randomFillSync = saved.fill;
    g.crypto.getRandomValues = saved.get;
  }
}

const SQL_WASM = join(projectRoot, 'node_modules/sql.js/dist/sql-wasm.wasm');

/** A SQL workload touching integer and float arithmetic, strings, sorting, grouping, JSON, printf and
 *  recursive CTEs; its results as JSON. */
const SQL = `
  CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT, x REAL, n INTEGER);
  WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 2000)
    INSERT INTO t(name, x, n) SELECT 'row' || (i * 7919 % 2000), i * 1.25 / 3.0, (i * 2654435761) % 1000003 FROM c;
  CREATE INDEX t_n ON t(n);
  SELECT count(*), sum(n), total(x), avg(x), min(name), max(name) FROM t;
  SELECT n % 7 AS k, count(*), sum(x), group_concat(id, ',') FROM (SELECT * FROM t ORDER BY n DESC LIMIT 50) GROUP BY k ORDER BY k;
  SELECT printf('%.6f %e %d %x %s', x, x * 1e10, n, n, upper(name)) FROM t WHERE id % 331 = 0;
  SELECT json_group_array(json_object('id', id, 'x', round(x, 3))) FROM t WHERE id < 6;
  SELECT sqrt(n), exp(x / 1000), ln(n + 1), sin(x), pow(2.5, id % 20), 9223372036854775807 / (id + 1), -9223372036854775807 - id FROM t WHERE id % 500 = 1;
  SELECT cast(x AS TEXT), cast(n * 1e300 AS TEXT), 1e308 * 10, -0.0, 0.1 + 0.2 FROM t WHERE id IN (3, 1999);
  SELECT substr(name, 2, 3), replace(name, 'ow', 'OW'), length(name || name), hex(x * 1000), quote(x) FROM t ORDER BY name LIMIT 5;
  SELECT id FROM t WHERE n BETWEEN 1000 AND 200000 ORDER BY n LIMIT 10;
  UPDATE t SET x = x * -2 WHERE id % 3 = 0;
  DELETE FROM t WHERE id % 5 = 0;
  SELECT count(*), total(x), max(x), min(x) FROM t;
  SELECT twice(n), twice(x), twice(name), twice(NULL) FROM t WHERE id % 401 = 1;
  CREATE TABLE b AS SELECT zeroblob(40000000) AS z;
  SELECT length(z), hex(substr(z, 39999999, 2)) FROM b;
  SELECT length(replace(printf('%.*c', 5000000, 'x'), 'x', 'yz')), substr(replace(printf('%.*c', 5000000, 'x'), 'x', 'yz'), 9999990);
`;

/** sql.js's results of the workload, where `where` says. */
export async function runSqlJs(where: Where | undefined): Promise<string> {
  const api = where === undefined ? undefined : wasmApi(where, SQL_WASM);
  // a fresh copy of the glue for each run: it keeps its module state
  delete require.cache[require.resolve('sql.js')];
  const initSqlJs = require('sql.js') as (o: object) => Promise<{ Database: new () => { exec(sql: string): unknown; close(): void; create_function(name: string, f: (v: unknown) => unknown): void } }>;
  return withWebAssembly(api, async () => {
    const SQL_ = await initSqlJs({ wasmBinary: readFileSync(SQL_WASM), useOldExtensionFunctions: false });
    const db = new SQL_.Database();
    // a JS function called from SQL: wasm → JS → wasm (sqlite3_value_*, sqlite3_result_*) through a table
    // entry that the glue fills with a wasm wrapper of its own (another store when on purewasm)
    db.create_function('twice', (v: unknown) => (typeof v === 'number' ? v * 2 : typeof v === 'string' ? v + v : v));
    const out = JSON.stringify(db.exec(SQL));
    db.close();
    (api as { done?: () => void } | undefined)?.done?.();
    return out;
  });
}

const ESBUILD_WASM = join(projectRoot, 'node_modules/esbuild-wasm/esbuild.wasm');

/** esbuild's command line (Go's wasm_exec.js) on `args`: its exit code and stdout, where `where` says.
 *  Files are the host's (Go's syscalls go to node:fs). */
export async function runEsbuild(where: Where | undefined, args: string[]): Promise<string> {
  const api = where === undefined ? undefined : wasmApi(where, ESBUILD_WASM);
  const fs = require('node:fs') as typeof import('node:fs');
  const out: Buffer[] = [];
  const g = globalThis as Record<string, unknown>;
  // Go's runtime writes stdout and stderr through fs.write(fd, …, callback): captured, the rest is node:fs
  g.fs = {
    ...fs,
    constants: fs.constants,
    write(fd: number, buf: Uint8Array, off: number, len: number, pos: number | null, cb: (e: Error | null, n?: number) => void) {
      if (fd === 1 || fd === 2) {
        out.push(Buffer.from(buf.subarray(off, off + len)));
        cb(null, len);
      } else fs.write(fd, buf, off, len, pos, cb);
    },
    writeSync(fd: number, buf: Uint8Array) {
      if (fd === 1 || fd === 2) {
        out.push(Buffer.from(buf));
        return buf.length;
      }
      return fs.writeSync(fd, buf);
    },
  };
  g.path ??= require('node:path');
  require('esbuild-wasm/wasm_exec.js');
  const Go = g.Go as new () => { argv: string[]; env: object; exit: (c: number) => void; importObject: object; run(i: unknown): Promise<void> };
  const go = new Go();
  go.argv = ['esbuild', ...args];
  go.env = {};
  let code = 0;
  go.exit = (c) => void (code = c);
  return withWebAssembly(api, async () => {
    const { instance } = await (g.WebAssembly as { instantiate(b: Uint8Array, i: object): Promise<{ instance: unknown }> }).instantiate(new Uint8Array(readFileSync(ESBUILD_WASM)), go.importObject);
    await go.run(instance);
    (api as { done?: () => void } | undefined)?.done?.();
    return `exit ${code}\n${Buffer.concat(out).toString('utf8')}`;
  });
}

/** JavaScript that QuickJS (C, built with emscripten) runs inside wasm: numbers (f64 formatting and Math),
 *  strings, regular expressions, JSON, sorting, closures, exceptions, BigInt, typed arrays, recursion `depth`
 *  deep. */
const jsWorkload = (depth: number) => `
  const out = [];
  let h = 0;
  for (let i = 0; i < 20000; i++) h = (Math.imul(h, 31) + i * i) | 0;
  out.push(h);
  const xs = Array.from({ length: 3000 }, (_, i) => ((i * 2654435761) % 1000003) / 7);
  xs.sort((a, b) => a - b);
  out.push(xs[0], xs[1500], xs[2999], xs.reduce((a, b) => a + b, 0));
  out.push(Math.sin(1e10), Math.exp(-745.1), Math.pow(2, -1074), 0.1 + 0.2, (1e21).toString(), (123.456).toFixed(10), (5e-324).toExponential(), -0 === 0, Object.is(-0, 0));
  out.push(Number.parseFloat('1.7976931348623157e308') * 10, Math.fround(1.1), Math.hypot(3, 4), Math.cbrt(-27), Math.atan2(-0, -1));
  out.push(JSON.stringify({ a: [1, 'two', { three: 3.5 }], b: null, c: 'ünïcödé ✓ 🚀' }));
  out.push('The quick brown fox'.replace(/(\\w)(\\w*)/g, (m, a, b) => b + a + 'ay'), /(\\d+)-(\\d+)/.exec('tel 555-1234')?.slice(1).join(':'));
  out.push((2n ** 200n).toString(36), String((-(3n ** 99n)) / 7n), String(BigInt.asIntN(64, 2n ** 63n)));
  const f64 = new Float64Array([NaN, Infinity, -0, 1 / 3]);
  const u8 = new Uint8Array(f64.buffer);
  out.push(Array.from(u8).join(','));
  try { null.x; } catch (e) { out.push(e instanceof TypeError, String(e.message).length > 0); }
  function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
  out.push(fib(${Math.min(depth, 22)}));
  function deep(n) { return n === 0 ? 0 : 1 + deep(n - 1); }
  out.push(deep(${depth * 10}));
  const m = new Map(); for (let i = 0; i < 5000; i++) m.set('k' + (i % 977), i); out.push(m.size, m.get('k5'));
  out.push([3, 1, 2].toString(), String(Symbol('s').description), [..."héllo"].reverse().join(''), 'abc'.localeCompare('abd'));
  out.push(parseInt('z', 36), (255).toString(2), Number('0x1f'), Number.MAX_SAFE_INTEGER + 2);
  JSON.stringify(out);
`;

/** QuickJS's result of jsWorkload (quickjs-emscripten, `variant` one of its wasm builds), where `where` says. */
export async function runQuickJs(where: Where | undefined, variant: string): Promise<string> {
  const wasm = join(projectRoot, 'node_modules', variant, 'dist/emscripten-module.wasm');
  const api = where === undefined ? undefined : wasmApi(where, wasm);
  const core = require('quickjs-emscripten-core') as {
    newQuickJSWASMModuleFromVariant(v: unknown): Promise<{ newContext(): { evalCode(s: string): { value?: { dispose(): void }; error?: { dispose(): void } }; dump(h: unknown): unknown; dispose(): void } }>;
    newQuickJSAsyncWASMModuleFromVariant(v: unknown): Promise<unknown>;
  };
  return withWebAssembly(api, async () => {
    const v = require(variant) as { default?: unknown };
    const load = variant.includes('asyncify') ? core.newQuickJSAsyncWASMModuleFromVariant : core.newQuickJSWASMModuleFromVariant;
    const mod = (await load(v.default ?? v)) as Awaited<ReturnType<typeof core.newQuickJSWASMModuleFromVariant>>;
    const ctx = mod.newContext();
    const r = ctx.evalCode(jsWorkload(200));
    const out = r.error !== undefined ? `error ${JSON.stringify(ctx.dump(r.error))}` : String(ctx.dump(r.value));
    (r.error ?? r.value)?.dispose();
    ctx.dispose();
    (api as { done?: () => void } | undefined)?.done?.();
    return out;
  });
}
