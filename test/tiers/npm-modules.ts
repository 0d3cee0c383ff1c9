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

/** What a glue's instantiate calls see: purewasm's classes, every instantiation in one store of `tier`. */
function wasmApi(tier: Tier, key: string, seen: (c: Coverage) => void): object {
  let last: ReturnType<typeof setUp> | undefined;
  const instantiate = (bytes: Uint8Array, imports: object) => {
    last = setUp(tier, key, bytes);
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
    done: () => last !== undefined && seen(coverage(last.store)),
  };
}

/** Runs `body` with globalThis.WebAssembly replaced by `api` (the glue reads the global when it runs). */
async function withWebAssembly<T>(api: object | undefined, body: () => Promise<T>): Promise<T> {
  const g = globalThis as { WebAssembly?: unknown };
  const saved = g.WebAssembly;
  if (api !== undefined) g.WebAssembly = api;
  try {
    return await body();
  } finally {
    g.WebAssembly = saved;
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

/** sql.js's results of the workload, on purewasm in `tier` (undefined: Node's WebAssembly). */
export async function runSqlJs(tier: Tier | undefined, seen: (c: Coverage) => void = () => {}): Promise<string> {
  const api = tier === undefined ? undefined : wasmApi(tier, SQL_WASM, seen);
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

/** esbuild's command line (Go's wasm_exec.js) on `args`: its exit code and stdout, on purewasm in `tier`
 *  (undefined: Node's WebAssembly). Files are the host's (Go's syscalls go to node:fs). */
export async function runEsbuild(tier: Tier | undefined, args: string[], seen: (c: Coverage) => void = () => {}): Promise<string> {
  const api = tier === undefined ? undefined : wasmApi(tier, ESBUILD_WASM, seen);
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
