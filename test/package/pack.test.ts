// The package as a user gets it: build into a scratch copy of the package, `npm pack` it, install the
// tarball into a fresh project and use it from ES modules, CommonJS, a script tag's global, the CLI, and
// strict TypeScript under both `node16` and `bundler` module resolution.
import { execFile, execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { SHARED } from '../shared.js';

const repo = resolve(__dirname, '../..');
const fib = `${SHARED}/bench/wasm/fib.wasm`;
const adder = `${SHARED}/fixtures/components/jco/transpile/runtime/adder.component.wasm`;
const hello = `${SHARED}/fixtures/components/jco/jco/components/hello_stdout.component.wasm`;
const fibC = `${SHARED}/fixtures/debug/fib.O0.wasm`;
const contextSync = `${SHARED}/fixtures/components/jco/transpile/p3/context-sync/component.wasm`;
const tsc = join(repo, 'node_modules/typescript/bin/tsc');
// Modules using an instruction of each pack: f() is 3 (SIMD: an i32x4 lane) and 7 (GC: a struct's field).
/** `(func $id (param f64) (result f64) (local.get 0))` and `f(i64) -> i64`, the i64's bits through $id as an f64. */
const F64_CALL_BYTES = [0, 97, 115, 109, 1, 0, 0, 0, 1, 11, 2, 96, 1, 124, 1, 124, 96, 1, 126, 1, 126, 3, 3, 2, 0, 1, 7, 5, 1, 1, 102, 0, 1, 10, 15,
  2, 4, 0, 32, 0, 11, 8, 0, 32, 0, 191, 16, 0, 189, 11];
const SIMD_BYTES = [0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 127, 3, 2, 1, 0, 7, 5, 1, 1, 102, 0, 0, 10, 25, 1, 23, 0, 0xfd, 12,
  1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 4, 0, 0, 0, 0xfd, 27, 2, 0x0b];
// (module (type $s (struct (field i32))) (global $g (mut anyref) (ref.null any))
//   (func (export "mk") (global.set $g (struct.new $s (i32.const 9))))
//   (func (export "get") (result i32) (struct.get $s 0 (ref.cast (ref $s) (global.get $g)))))
const SNAPSHOT_GC_BYTES = [0, 97, 115, 109, 1, 0, 0, 0, 1, 12, 3, 95, 1, 127, 0, 96, 0, 0, 96, 0, 1, 127, 3, 3, 2, 1, 2, 6, 6, 1, 110, 1, 208, 110, 11, 7, 12, 2, 2, 109, 107, 0, 0, 3, 103, 101, 116, 0, 1, 10, 23, 2, 9, 0, 65, 9, 251, 0, 0, 36, 0, 11, 11, 0, 35, 0, 251, 22, 0, 251, 2, 0, 0, 11];
const GC_BYTES = [0, 97, 115, 109, 1, 0, 0, 0, 1, 9, 2, 0x5f, 1, 0x7f, 0, 0x60, 0, 1, 0x7f, 3, 2, 1, 1, 7, 5, 1, 1, 102, 0, 0, 10, 13, 1,
  11, 0, 0x41, 7, 0xfb, 0, 0, 0xfb, 2, 0, 0, 0x0b];
/** `f(a: i32, b: i32) -> i32`: a / b (i32.div_s), a call of the JS tier's own division helper when compiled. */
const DIV_BYTES = [0, 97, 115, 109, 1, 0, 0, 0, 1, 7, 1, 96, 2, 127, 127, 1, 127, 3, 2, 1, 0, 7, 5, 1, 1, 102, 0, 0, 10, 9, 1, 7, 0, 32, 0, 32, 1, 109, 11];
// (memory 1 1 shared) f: i32.atomic.rmw.add(0, 5) dropped, then i32.atomic.load(0): 5
const THREADS_BYTES = [0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 127, 3, 2, 1, 0, 5, 4, 1, 3, 1, 1, 7, 5, 1, 1, 102, 0, 0, 10, 19, 1,
  17, 0, 0x41, 0, 0x41, 5, 0xfe, 0x1e, 2, 0, 0x1a, 0x41, 0, 0xfe, 0x10, 2, 0, 0x0b];
// (tag) f: try (result i32) throw 0 catch_all i32.const 9 end: 9
const LEGACY_BYTES = [0, 97, 115, 109, 1, 0, 0, 0, 1, 8, 2, 96, 0, 0, 96, 0, 1, 127, 3, 2, 1, 1, 13, 3, 1, 0, 0, 7, 5, 1, 1, 102, 0, 0, 10,
  12, 1, 10, 0, 0x06, 0x7f, 0x08, 0, 0x19, 0x41, 9, 0x0b, 0x0b];
// f: i64.add128(3, 5, -1, 0) = (2, 6) (the low halves' carry into the high), then lo + hi wrapped to i32: 8
const WIDE_BYTES = [0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 127, 3, 2, 1, 0, 7, 5, 1, 1, 102, 0, 0, 10, 16, 1,
  14, 0, 0x42, 3, 0x42, 5, 0x42, 0x7f, 0x42, 0, 0xfc, 0x13, 0x7c, 0xa7, 0x0b];
// A component whose export len(s: string) -> u32 is lifted over a 64-bit memory (the 64-bit canonical ABI).
const MEMORY64_BYTES = [0, 97, 115, 109, 13, 0, 1, 0, 1, 85, 0, 97, 115, 109, 1, 0, 0, 0, 1, 15, 2, 96, 4, 126, 126, 126, 126, 1, 126, 96, 2, 126, 126, 1, 127, 3, 3, 2, 0, 1,
  5, 3, 1, 4, 1, 7, 23, 3, 3, 109, 101, 109, 2, 0, 7, 114, 101, 97, 108, 108, 111, 99, 0, 0, 3, 108, 101, 110, 0, 1, 10, 12, 2, 4, 0, 66, 16, 11, 5, 0,
  32, 1, 167, 11, 0, 9, 4, 110, 97, 109, 101, 0, 2, 1, 109, 2, 4, 1, 0, 0, 0, 7, 8, 1, 64, 1, 1, 115, 115, 0, 121, 6, 29, 3, 0, 0, 1, 0, 3, 108,
  101, 110, 0, 2, 1, 0, 3, 109, 101, 109, 0, 0, 1, 0, 7, 114, 101, 97, 108, 108, 111, 99, 8, 10, 1, 0, 0, 0, 2, 3, 0, 4, 1, 0, 11, 9, 1, 0, 3, 108,
  101, 110, 1, 0, 0, 0, 31, 14, 99, 111, 109, 112, 111, 110, 101, 110, 116, 45, 110, 97, 109, 101, 1, 6, 0, 17, 1, 0, 1, 109, 1, 6, 0, 18, 1, 0, 1, 105];

let work: string;
let tarball: string;
let files: string[];
let app: string;

/** Runs a command; a failure throws with the command's own output, so the test says what went wrong. */
function run(cmd: string, args: string[], cwd: string): string {
  try {
    return execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    const { stdout, stderr } = e as { stdout?: string; stderr?: string };
    throw new Error(`${cmd} ${args.join(' ')} failed:\n${stdout ?? ''}${stderr ?? ''}`);
  }
}

/**
 * `run` without blocking: the build takes most of a minute (declarations, then the property-mangling
 * analysis), too long for the test runner's worker to stay unresponsive.
 */
async function runAsync(cmd: string, args: string[], cwd: string): Promise<string> {
  try {
    return (await promisify(execFile)(cmd, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })).stdout;
  } catch (e) {
    const { stdout, stderr } = e as { stdout?: string; stderr?: string };
    throw new Error(`${cmd} ${args.join(' ')} failed:\n${stdout ?? ''}${stderr ?? ''}`);
  }
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'purewasm-pack-'));
  // A scratch copy of the package folder, so the repository's own dist/ is never touched by this test.
  const pkg = join(work, 'pkg');
  mkdirSync(pkg);
  for (const f of ['package.json', 'README.md', 'LICENSE']) copyFileSync(join(repo, f), join(pkg, f));
  await runAsync(process.execPath, [join(repo, 'scripts/build.mjs'), '--outdir', join(pkg, 'dist')], repo);
  const packed = JSON.parse(run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], pkg)) as { filename: string; files: { path: string }[] }[];
  tarball = join(work, packed[0]!.filename);
  files = packed[0]!.files.map((f) => f.path).sort();

  app = join(work, 'app');
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', private: true }));
  run('npm', ['install', '--no-audit', '--no-fund', '--offline', tarball], app);
}, 240_000);

describe('npm pack', () => {
  it('ships the builds, declarations, LICENSE and README, and nothing else', () => {
    for (const f of [
      'LICENSE', 'README.md', 'package.json', 'dist/purewasm.mjs', 'dist/purewasm.cjs', 'dist/purewasm.iife.js',
      'dist/core.mjs', 'dist/core.cjs', 'dist/jit.mjs', 'dist/jit.cjs', 'dist/jit.iife.js', 'dist/types/jit/index.d.ts', 'dist/types-cjs/jit/index.d.cts',
      'dist/js-runtime.mjs', 'dist/js-runtime.cjs', 'dist/js-runtime.iife.js', 'dist/types/js-runtime/index.d.ts', 'dist/types-cjs/js-runtime/index.d.cts',
      'dist/cli.mjs', 'dist/types/index.d.ts', 'dist/types/vm/index.d.ts',
      'dist/types-cjs/index.d.cts', 'dist/types-cjs/vm/index.d.cts', 'dist/wasi.mjs', 'dist/wasi.cjs', 'dist/wasi.iife.js',
      'dist/wasi-node.mjs', 'dist/wasi-node.cjs', 'dist/types/wasi/index.d.ts', 'dist/types-cjs/wasi/node/index.d.cts',
      'dist/replay.mjs', 'dist/replay.cjs', 'dist/types/replay/index.d.ts', 'dist/types-cjs/replay/index.d.cts',
      'dist/debug.mjs', 'dist/debug.cjs', 'dist/types/debug/index.d.ts', 'dist/types-cjs/debug/index.d.cts',
      'dist/snapshot.mjs', 'dist/snapshot.cjs', 'dist/snapshot.iife.js', 'dist/types/snapshot/index.d.ts', 'dist/types-cjs/snapshot/index.d.cts',
      'dist/wit.mjs', 'dist/wit.cjs', 'dist/types/wit/index.d.ts', 'dist/types-cjs/wit/index.d.cts',
      'dist/simd.mjs', 'dist/simd.cjs', 'dist/simd.iife.js', 'dist/types/simd/index.d.ts', 'dist/types-cjs/simd/index.d.cts',
      'dist/gc.mjs', 'dist/gc.cjs', 'dist/gc.iife.js', 'dist/types/gc/index.d.ts', 'dist/types-cjs/gc/index.d.cts',
      'dist/threads.mjs', 'dist/threads.cjs', 'dist/threads.iife.js', 'dist/types/threads/index.d.ts', 'dist/types-cjs/threads/index.d.cts',
      'dist/legacy-exceptions.mjs', 'dist/legacy-exceptions.cjs', 'dist/legacy-exceptions.iife.js',
      'dist/types/legacy-exceptions/index.d.ts', 'dist/types-cjs/legacy-exceptions/index.d.cts',
      'dist/wide-arithmetic.mjs', 'dist/wide-arithmetic.cjs', 'dist/wide-arithmetic.iife.js',
      'dist/types/wide-arithmetic/index.d.ts', 'dist/types-cjs/wide-arithmetic/index.d.cts',
      'dist/async.mjs', 'dist/async.cjs', 'dist/async.iife.js', 'dist/types/async/index.d.ts', 'dist/types-cjs/async/index.d.cts',
      'dist/component-memory64.mjs', 'dist/component-memory64.cjs', 'dist/component-memory64.iife.js', 'dist/types/component-memory64/index.d.ts', 'dist/types-cjs/component-memory64/index.d.cts',
      'dist/polyfill.mjs', 'dist/polyfill.cjs', 'dist/polyfill.iife.js', 'dist/types/polyfill/index.d.ts', 'dist/types-cjs/polyfill/index.d.cts',
    ]) {
      expect(files).toContain(f);
    }
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
    expect(files.filter((f) => !f.startsWith('dist/') && !['LICENSE', 'README.md', 'package.json'].includes(f))).toEqual([]);
  });

  it('has no test harness code in the bundles or declarations', () => {
    const root = join(app, 'node_modules/purewasm');
    for (const f of files.filter((f) => f.startsWith('dist/'))) {
      const text = readFileSync(join(root, f), 'utf8');
      for (const harness of ['wasmtimeRestriction', 'ComponentScript', 'scriptToJs', 'defineWasmtimeHost']) {
        expect(text.includes(harness), `${f} contains ${harness}`).toBe(false);
      }
    }
  });

  it('keeps the JS tier\'s code generator out of everything but purewasm/jit', () => {
    const root = join(app, 'node_modules/purewasm');
    for (const f of files.filter((f) => /^dist\/[\w-]+\.(mjs|cjs|js)$/.test(f))) {
      const text = readFileSync(join(root, f), 'utf8');
      expect(text.includes('JsCodegen'), f).toBe(/^dist\/jit\./.test(f));
    }
  });

  it('keeps the JS tier\'s run time out of the core, in purewasm/js-runtime (which jit imports, and jit.iife.js carries)', () => {
    const root = join(app, 'node_modules/purewasm');
    // (a message only the run time raises: minification keeps strings)
    for (const f of files.filter((f) => /^dist\/[\w-]+\.(mjs|cjs|js)$/.test(f))) {
      const text = readFileSync(join(root, f), 'utf8');
      expect(text.includes('JS tier: a global of another store'), f).toBe(/^dist\/(js-runtime\.|jit\.iife)/.test(f));
    }
    expect(readFileSync(join(root, 'dist/jit.mjs'), 'utf8')).toContain('from "./js-runtime.mjs"');
    // (its own copy of the numeric operations has the only class it holds: their Trap, made the core's on the way out)
    for (const f of ['dist/js-runtime.mjs', 'dist/js-runtime.cjs']) {
      expect(readFileSync(join(root, f), 'utf8'), f).not.toMatch(/Store = class|Machine = class|FuncInst = class|class Translator|CompileError = class/);
    }
  });

  it('keeps the snapshot serializer, the WIT printer and the ahead-of-time writer in their own entries', () => {
    const root = join(app, 'node_modules/purewasm');
    // (strings of each part's own messages: minification keeps them)
    const parts = { snapshot: 'not a purewasm store snapshot', wit: 'package root:component', aot: 'Generated by purewasm compile --js' };
    const home = { snapshot: /^dist\/snapshot\./, wit: /^dist\/wit\./, aot: /^dist\/jit\.(mjs|cjs)$/ };
    for (const f of files.filter((f) => /^dist\/[\w-]+\.(mjs|cjs|js)$/.test(f))) {
      const text = readFileSync(join(root, f), 'utf8');
      for (const [part, marker] of Object.entries(parts)) expect(text.includes(marker), `${f}: ${part}`).toBe(home[part as keyof typeof home].test(f));
    }
    // the entries that import purewasm carry no copy of the VM or the component layer
    for (const f of ['dist/snapshot.mjs', 'dist/wit.mjs']) {
      const built = readFileSync(join(root, f), 'utf8');
      expect(built).toContain('from "./purewasm.mjs"');
      expect(built, f).not.toMatch(/class Translator|function translateFunction|Store = class|CompileError = class|ResourceType = class/);
    }
  });

  it('keeps the SIMD, GC, atomic, legacy exception and wide-arithmetic instructions in their packs, which hold no class of the core', () => {
    const root = join(app, 'node_modules/purewasm');
    // (names only the packs carry: minification keeps strings)
    const parts = { simd: 'relaxed_dot_i8x16_i7x16_add_s', gc: 'extern.convert_any', threads: 'memory.atomic.wait64' };
    for (const f of files.filter((f) => /^dist\/[\w-]+\.(mjs|cjs|js)$/.test(f))) {
      const text = readFileSync(join(root, f), 'utf8');
      // (the debugger's and the CLI's disassembly name every instruction: they carry the names too)
      for (const [pack, marker] of Object.entries(parts)) expect(text.includes(marker), `${f}: ${pack}`).toBe(new RegExp(`^dist/(${pack}|debug)\\.`).test(f));
      // (the legacy pack's validation messages; the core names the instructions, for its refusal)
      expect(text.includes('invalid rethrow label'), f).toBe(/^dist\/legacy-exceptions\./.test(f));
    }
    // the GC canonical ABI's signature check (`canon … gc`) travels in the GC pack too
    for (const f of files.filter((f) => /^dist\/[\w-]+\.(mjs|cjs|js)$/.test(f))) {
      expect(readFileSync(join(root, f), 'utf8').includes('has no GC lowering'), f).toBe(/^dist\/gc\./.test(f));
    }
    for (const f of ['simd', 'gc', 'threads', 'legacy-exceptions', 'wide-arithmetic'].flatMap((p) => [`dist/${p}.mjs`, `dist/${p}.cjs`, `dist/${p}.iife.js`])) {
      expect(readFileSync(join(root, f), 'utf8'), f).not.toMatch(/\bclass\b/);
    }
  });

  it('keeps component-model async in purewasm/async, which holds no class of the component layer', () => {
    const root = join(app, 'node_modules/purewasm');
    // (a message only the pack raises; the CLI and WASI import the pack instead of bundling it)
    for (const f of files.filter((f) => /^dist\/[\w-]+\.(mjs|cjs|js)$/.test(f))) {
      const text = readFileSync(join(root, f), 'utf8');
      expect(text.includes('cannot drop waitable set with waiters'), f).toBe(/^dist\/async\./.test(f));
    }
    for (const f of ['dist/async.mjs', 'dist/async.cjs']) {
      const built = readFileSync(join(root, f), 'utf8');
      expect(built).toMatch(/from "\.\/purewasm\.mjs"|require\("\.\/purewasm\.cjs"\)/);
      expect(built, f).not.toMatch(/Store = class|CompileError = class|ResourceType = class|Thread = class|CallScope = class|AbiContext = class|Task = class/);
    }
    expect(readFileSync(join(root, 'dist/wasi.mjs'), 'utf8')).toContain('from "./async.mjs"');
  });

  it('keeps the 64-bit canonical ABI in purewasm/component-memory64, which holds no class of the component layer', () => {
    const root = join(app, 'node_modules/purewasm');
    // (a class only the pack has: the ESM and CommonJS builds are not minified; the CLI imports the pack)
    for (const f of files.filter((f) => /^dist\/[\w-]+\.(mjs|cjs)$/.test(f))) {
      expect(readFileSync(join(root, f), 'utf8').includes('LargeView = class'), f).toBe(/^dist\/component-memory64\./.test(f));
    }
    for (const f of ['dist/component-memory64.mjs', 'dist/component-memory64.cjs']) {
      const built = readFileSync(join(root, f), 'utf8');
      expect(built).toMatch(/from "\.\/purewasm\.mjs"|require\("\.\/purewasm\.cjs"\)/);
      expect(built, f).not.toMatch(/Store = class|CompileError = class|GuestString = class|AbiContext = class|Trap = class/);
    }
  });

  it('builds the tarball from a clean checkout through prepack', () => {
    const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.prepack).toBe('node scripts/build.mjs');
  });
});

describe('the installed package', () => {
  it('runs from an ES module, with the core VM as its own entry point', () => {
    writeFileSync(
      join(app, 'esm.mjs'),
      `import { readFileSync } from 'node:fs';
import { Module, Instance, Component, Linker, Store, Trap } from 'purewasm';
import * as core from 'purewasm/core';
import { jit, compileToJs } from 'purewasm/jit';
import { jsRuntime } from 'purewasm/js-runtime';
import { addWasiToLinker, portableWasiHost } from 'purewasm/wasi';
import { nodeWasiHost } from 'purewasm/wasi/node';
import { snapshot, restore } from 'purewasm/snapshot';
import { printWit } from 'purewasm/wit';
import { simd } from 'purewasm/simd';
import { gc } from 'purewasm/gc';
import { threads } from 'purewasm/threads';
import { legacyExceptions } from 'purewasm/legacy-exceptions';
import { wideArithmetic } from 'purewasm/wide-arithmetic';
import { componentAsync, HostFuture } from 'purewasm/async';
import { componentMemory64 } from 'purewasm/component-memory64';
const out = [];
const linker = new Linker();
const wasi = addWasiToLinker(linker, portableWasiHost({ stdout: (b) => out.push(...b) }));
const code = wasi.run(linker.instantiate(new Component(readFileSync(${JSON.stringify(hello)}))));
if (code !== 0 || String.fromCharCode(...out) !== 'writing to stdout: hello, world\\n' || typeof nodeWasiHost !== 'function') throw new Error('WASI: ' + code);
const fib = new Instance(new Module(readFileSync(${JSON.stringify(fib)})), {});
const viaCore = new core.Instance(new core.Module(readFileSync(${JSON.stringify(fib)})), {});
const adder = new Linker().instantiate(new Component(readFileSync(${JSON.stringify(adder)})));
console.log(fib.exports.run(1), viaCore.exports.run(1), adder.exports.instance('docs:adder/add@0.1.0').func('add').call([2, 3]), 'Component' in core);
// the code generator works with either entry: every function compiled on its first call
for (const P of [{ Module, Instance, Store }, core]) {
  const store = new P.Store({ tier: 'js', compiler: jit });
  const x = new P.Instance(new P.Module(readFileSync(${JSON.stringify(fib)})), {}, { store });
  console.log(x.exports.run(1), store.funcs.filter((f) => f.body !== null).length > 0);
}
// a snapshot of a store with a component instance, restored into a fresh instantiation; its world as WIT
const s1 = new Store();
new Linker().instantiate(new Component(readFileSync(${JSON.stringify(adder)})), { store: s1 });
const s2 = new Store();
new Linker().instantiate(new Component(readFileSync(${JSON.stringify(adder)})), { store: s2 });
console.log(restore(s2, snapshot(s1)).length, printWit(new Component(readFileSync(${JSON.stringify(adder)}))).includes('export docs:adder/add@0.1.0;'));
// a struct in a global: the snapshot entry knows the GC objects of the VM it uses (not a copy's classes)
const gcBytes = new Uint8Array(${JSON.stringify(SNAPSHOT_GC_BYTES)});
const gc1 = new Instance(new Module(gcBytes, { gc }), {});
gc1.exports.mk();
const gc2 = new Instance(new Module(gcBytes, { gc }), {});
console.log(restore(gc2.store, snapshot(gc1.store)).length, gc2.exports.get());
// the compileToJs of purewasm/jit writes what the core entry runs with purewasm/js-runtime, which the output
// imports (from a data: URL, which cannot resolve the package's name: runtimeFrom) and carries
const runtimeFrom = import.meta.resolve('purewasm/js-runtime');
const { default: compiled } = await import('data:text/javascript,' + encodeURIComponent(compileToJs(readFileSync(${JSON.stringify(fib)}), { compiler: jit, runtimeFrom }).code));
const aot = new core.Store({ tier: 'js' });
console.log(new core.Instance(new core.Module(readFileSync(${JSON.stringify(fib)})), {}, { store: aot, compiled }).exports.run(1), aot.funcs.some((f) => f.body !== null), compiled.runtime === jsRuntime, jit.runtime === jsRuntime);
// a trap of the run time's own helpers (a division by zero) is the Trap of the core that ran it
for (const P of [{ Module, Instance, Store, Trap }, core]) {
  const div = new P.Instance(new P.Module(new Uint8Array(${JSON.stringify(DIV_BYTES)})), {}, { store: new P.Store({ tier: 'js', compiler: jit }) }).exports.f;
  let trap;
  try { div(7, 0); } catch (e) { trap = e; }
  console.log(div(7, 2), trap instanceof P.Trap, trap.reason);
}
// and its bits form of f64 (the property names its code calls survive the build's mangling): a NaN's payload
// through a call from compiled code to a function not compiled yet, then to its compiled entry
const f64Bytes = new Uint8Array(${JSON.stringify(F64_CALL_BYTES)});
const { default: bitsForm } = await import('data:text/javascript,' + encodeURIComponent(compileToJs(f64Bytes, { compiler: jit, f64: 'bits', runtimeFrom }).code));
const viaBits = new core.Instance(new core.Module(f64Bytes), {}, { store: new core.Store({ tier: 'js' }), compiled: bitsForm }).exports;
console.log(viaBits.f(0x7ff0000000000001n) === 0x7ff0000000000001n, viaBits.f(-2n) === -2n);
// the instruction packs work with either entry; without them such a module is refused, naming the pack
for (const P of [{ Module, Instance }, core]) {
  let refused;
  try { new P.Module(new Uint8Array(${JSON.stringify(SIMD_BYTES)})); } catch (e) { refused = e.name + ' ' + e.message.includes("from 'purewasm/simd'"); }
  try { new P.Module(new Uint8Array(${JSON.stringify(THREADS_BYTES)}), { simd, gc }); } catch (e) { refused += ' ' + e.message.includes("from 'purewasm/threads'"); }
  try { new P.Module(new Uint8Array(${JSON.stringify(LEGACY_BYTES)}), { simd, gc, threads }); } catch (e) { refused += ' ' + e.message.includes("from 'purewasm/legacy-exceptions'"); }
  try { new P.Module(new Uint8Array(${JSON.stringify(WIDE_BYTES)}), { simd, gc, threads, legacyExceptions }); } catch (e) { refused += ' ' + e.message.includes("from 'purewasm/wide-arithmetic'"); }
  const f = (bytes, features) => new P.Instance(new P.Module(new Uint8Array(bytes), features), {}).exports.f();
  console.log(refused, f(${JSON.stringify(SIMD_BYTES)}, { simd }), f(${JSON.stringify(GC_BYTES)}, { simd, gc }), f(${JSON.stringify(THREADS_BYTES)}, { threads }), f(${JSON.stringify(LEGACY_BYTES)}, { legacyExceptions }), f(${JSON.stringify(WIDE_BYTES)}, { wideArithmetic }));
}
// component-model async: refused without the pack, naming it; with it, a task per call (fresh context slots)
let refusedAsync;
try { new Component(readFileSync(${JSON.stringify(contextSync)})); } catch (e) { refusedAsync = e.name + ' ' + e.message.includes("from 'purewasm/async'"); }
const ctx = new Linker().instantiate(new Component(readFileSync(${JSON.stringify(contextSync)}), { componentAsync })).exports;
console.log(refusedAsync, ctx.func('push-context').call([7]), ctx.func('pull-context').call([]), typeof HostFuture);
// the 64-bit canonical ABI: refused without the pack, naming it; with it, a string lowered into a 64-bit memory
let refused64;
const bytes64 = new Uint8Array(${JSON.stringify(MEMORY64_BYTES)});
try { new Component(bytes64); } catch (e) { refused64 = e.name + ' ' + e.message.includes("from 'purewasm/component-memory64'"); }
console.log(refused64, new Linker().instantiate(new Component(bytes64, { componentMemory64 })).exports.func('len').call(['hello']));
`,
    );
    expect(run(process.execPath, ['esm.mjs'], app).trim().split('\n')).toEqual([
      '711535756 711535756 5 false', '711535756 true', '711535756 true', '0 true', '0 9', '711535756 true true true',
      '3 true integer divide by zero', '3 true integer divide by zero', 'true true', 'CompileError true true true true 3 7 5 9 8', 'CompileError true true true true 3 7 5 9 8',
      'CompileError true 7 0 function', 'CompileError true 5',
    ]);
  });

  it('runs from CommonJS, and exports ./package.json', () => {
    writeFileSync(
      join(app, 'cjs.cjs'),
      `const { readFileSync } = require('node:fs');
const { Module, Instance } = require('purewasm');
const core = require('purewasm/core');
const { version } = require('purewasm/package.json');
const { WasiP1 } = require('purewasm/wasi');
const { jit, compileToJs } = require('purewasm/jit');
const { jsRuntime } = require('purewasm/js-runtime');
const { nodeWasiHost } = require('purewasm/wasi/node');
const { snapshot, restore } = require('purewasm/snapshot');
const { printWit } = require('purewasm/wit');
const { simd } = require('purewasm/simd');
const { gc } = require('purewasm/gc');
const { threads } = require('purewasm/threads');
const { legacyExceptions } = require('purewasm/legacy-exceptions');
const { wideArithmetic } = require('purewasm/wide-arithmetic');
const { componentAsync } = require('purewasm/async');
if (componentAsync.family !== 'component-async') throw new Error('purewasm/async from CommonJS');
if (require('purewasm/component-memory64').componentMemory64.family !== 'component-memory64') throw new Error('purewasm/component-memory64 from CommonJS');
const packed = [${JSON.stringify(SIMD_BYTES)}, ${JSON.stringify(GC_BYTES)}, ${JSON.stringify(THREADS_BYTES)}, ${JSON.stringify(LEGACY_BYTES)}, ${JSON.stringify(WIDE_BYTES)}].map((b) => new Instance(new core.Module(new Uint8Array(b), { simd, gc, threads, legacyExceptions, wideArithmetic }), {}).exports.f());
if (packed.join() !== '3,7,5,9,8') throw new Error('packs from CommonJS: ' + packed);
if (typeof new WasiP1(nodeWasiHost()).start !== 'function') throw new Error('WASI from CommonJS');
const fib = new Instance(new Module(readFileSync(${JSON.stringify(fib)})), {}, { compiler: jit });
const globals = new Instance(new Module(readFileSync(${JSON.stringify(fib)})), {});
// ahead-of-time output in the script form, given the run time as js-runtime.iife.js's global would be
const script = compileToJs(readFileSync(${JSON.stringify(fib)}), { compiler: jit, format: 'iife', name: 'fibJs' }).code;
const compiled = new Function('purewasmJsRuntime', script + '; return fibJs;')({ jsRuntime });
const aot = new Instance(new core.Module(readFileSync(${JSON.stringify(fib)})), {}, { store: new core.Store({ tier: 'js' }), compiled });
if (aot.exports.run(1) !== 711535756 || !aot.store.funcs.some((f) => f.body !== null) || jit.runtime !== jsRuntime) throw new Error('purewasm/js-runtime from CommonJS');
console.log(fib.exports.run(1), typeof core.Module, version, restore(globals.store, snapshot(globals.store)).length, typeof printWit);
`,
    );
    const version = (JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { version: string }).version;
    expect(run(process.execPath, ['cjs.cjs'], app).trim()).toBe(`711535756 function ${version} 0 function`);
  });

  // The debugger patches the code the VM translated: it must use the VM of `purewasm`, not a copy of its own.
  const debugScript = (load: string) => `${load}
const stops = [];
const store = new Store({ debug });
const dbg = new Debugger(store, { sourceInfo: loadSourceInfo });
const instance = new Instance(new Module(readFileSync(${JSON.stringify(fibC)})), {}, { store });
const bp = dbg.setBreakpoint({ function: 'fib' });
dbg.on((e) => {
  if (e.kind !== 'stopped') return;
  const stack = dbg.stack();
  stops.push(stack.map((f) => f.name).join('<') + ' ' + stack[0].file.split('/').pop() + ':' + stack[0].line);
  if (stops.length === 2) dbg.removeBreakpoint(bp.id);
  dbg.continue();
});
dbg.run(() => callAsync(instance.exports.run_fib, 6)).then((r) => console.log(r, bp.hits, stops.join(' | ')));
`;
  // run_fib(6) returns 5; the first two calls of fib stop after its prologue (fib.c:23), called by run
  const debugged = '5 2 fib<run<run_fib fib.c:23 | fib<run<run_fib fib.c:23';

  it('debugs a module through purewasm/debug (ESM), which imports the VM from purewasm', () => {
    writeFileSync(join(app, 'debug.mjs'), debugScript(`import { readFileSync } from 'node:fs';
import { Store, Instance, Module, callAsync } from 'purewasm';
import { Debugger, debug, loadSourceInfo } from 'purewasm/debug';`));
    expect(run(process.execPath, ['debug.mjs'], app).trim()).toBe(debugged);
    const built = readFileSync(join(app, 'node_modules/purewasm/dist/debug.mjs'), 'utf8');
    expect(built).toContain('from "./purewasm.mjs"');
    expect(built).not.toMatch(/class Translator|function translateFunction|Store = class|CompileError = class/);
  });

  it('debugs a module through purewasm/debug (CommonJS)', () => {
    writeFileSync(join(app, 'debug.cjs'), debugScript(`const { readFileSync } = require('node:fs');
const { Store, Instance, Module, callAsync } = require('purewasm');
const { Debugger, debug, loadSourceInfo } = require('purewasm/debug');`));
    expect(run(process.execPath, ['debug.cjs'], app).trim()).toBe(debugged);
  });

  it('defines the globals purewasm, purewasmJit, purewasmJsRuntime, purewasmSnapshot, purewasmSimd, purewasmGc, purewasmThreads, purewasmLegacyExceptions, purewasmWideArithmetic, purewasmAsync and purewasmComponentMemory64 from the script builds', () => {
    writeFileSync(
      join(app, 'script.cjs'),
      `const { readFileSync } = require('node:fs');
const vm = require('node:vm');
const context = vm.createContext({});
vm.runInContext(readFileSync(require.resolve('purewasm/purewasm.iife.js'), 'utf8'), context);
vm.runInContext(readFileSync(require.resolve('purewasm/jit.iife.js'), 'utf8'), context);
vm.runInContext(readFileSync(require.resolve('purewasm/js-runtime.iife.js'), 'utf8'), context);
vm.runInContext(readFileSync(require.resolve('purewasm/snapshot.iife.js'), 'utf8'), context);
vm.runInContext(readFileSync(require.resolve('purewasm/simd.iife.js'), 'utf8'), context);
vm.runInContext(readFileSync(require.resolve('purewasm/gc.iife.js'), 'utf8'), context);
vm.runInContext(readFileSync(require.resolve('purewasm/threads.iife.js'), 'utf8'), context);
vm.runInContext(readFileSync(require.resolve('purewasm/legacy-exceptions.iife.js'), 'utf8'), context);
vm.runInContext(readFileSync(require.resolve('purewasm/wide-arithmetic.iife.js'), 'utf8'), context);
vm.runInContext(readFileSync(require.resolve('purewasm/async.iife.js'), 'utf8'), context);
vm.runInContext(readFileSync(require.resolve('purewasm/component-memory64.iife.js'), 'utf8'), context);
context.simdBytes = new Uint8Array(${JSON.stringify(SIMD_BYTES)});
context.gcBytes = new Uint8Array(${JSON.stringify(GC_BYTES)});
context.threadsBytes = new Uint8Array(${JSON.stringify(THREADS_BYTES)});
context.legacyBytes = new Uint8Array(${JSON.stringify(LEGACY_BYTES)});
context.wideBytes = new Uint8Array(${JSON.stringify(WIDE_BYTES)});
console.log(vm.runInContext(\`
  const packs = { simd: purewasmSimd.simd, gc: purewasmGc.gc, threads: purewasmThreads.threads, legacyExceptions: purewasmLegacyExceptions.legacyExceptions, wideArithmetic: purewasmWideArithmetic.wideArithmetic };
  [simdBytes, gcBytes, threadsBytes, legacyBytes, wideBytes].map((b) => new purewasm.Instance(new purewasm.Module(b, packs), {}).exports.f()).join(' ')\`, context));
context.bytes = new Uint8Array(readFileSync(${JSON.stringify(fib)}));
console.log(vm.runInContext('new purewasm.Instance(new purewasm.Module(bytes), {}).exports.run(1)', context));
console.log(vm.runInContext(\`
  const store = new purewasm.Store({ tier: 'js', compiler: purewasmJit.jit });
  [new purewasm.Instance(new purewasm.Module(bytes), {}, { store }).exports.run(1), store.funcs.some((f) => f.body !== null)].join(' ')\`, context));
// (ahead-of-time output in the script form, loaded after js-runtime.iife.js: it reads purewasmJsRuntime)
vm.runInContext(require('purewasm/jit').compileToJs(context.bytes, { compiler: require('purewasm/jit').jit, format: 'iife' }).code, context);
console.log(vm.runInContext(\`
  const aot = new purewasm.Store({ tier: 'js' });
  [new purewasm.Instance(new purewasm.Module(bytes), {}, { store: aot, compiled: purewasmCompiled }).exports.run(1), aot.funcs.some((f) => f.body !== null)].join(' ')\`, context));
// (the snapshot script uses the VM of the global purewasm: a store of it round-trips)
console.log(vm.runInContext(\`
  const s = new purewasm.Instance(new purewasm.Module(bytes), {}).store;
  [purewasmSnapshot.restore(s, purewasmSnapshot.snapshot(s)).length, typeof purewasmJit.compileToJs].join(' ')\`, context));
// (the async script extends the component layer of the global purewasm)
context.contextSync = new Uint8Array(readFileSync(${JSON.stringify(contextSync)}));
console.log(vm.runInContext(\`
  const ctx = new purewasm.Linker().instantiate(new purewasm.Component(contextSync, { componentAsync: purewasmAsync.componentAsync })).exports;
  [ctx.func('push-context').call([7]), ctx.func('pull-context').call([])].join(' ')\`, context));
// (the 64-bit ABI script gives the global purewasm's component layer its string routines)
context.bytes64 = new Uint8Array(${JSON.stringify(MEMORY64_BYTES)});
console.log(vm.runInContext(\`
  new purewasm.Linker().instantiate(new purewasm.Component(bytes64, { componentMemory64: purewasmComponentMemory64.componentMemory64 })).exports.func('len').call(['hello, world'])\`, context));
`,
    );
    expect(run(process.execPath, ['script.cjs'], app).trim().split('\n')).toEqual(['3 7 5 9 8', '711535756', '711535756 true', '711535756 true', '0 undefined', '7 0', '12']);
  });

  it('stands in for the global WebAssembly through purewasm/polyfill, from ESM, CommonJS and the script builds', () => {
    // glue-style code: it knows only the global WebAssembly (a SIMD module: the polyfill gives every pack)
    const glue = `const { instance } = await WebAssembly.instantiate(fibBytes, {});
  const simd = await WebAssembly.instantiate(simdBytes);
  console.log(instance.exports.run(1), simd.instance.exports.f(), instance instanceof WebAssembly.Instance);`;
    writeFileSync(join(app, 'polyfill.mjs'), `import { readFileSync } from 'node:fs';
import { WebAssembly } from 'purewasm/polyfill';
const fibBytes = readFileSync(${JSON.stringify(fib)});
const simdBytes = new Uint8Array(${JSON.stringify(SIMD_BYTES)});
${glue}
`);
    writeFileSync(join(app, 'polyfill.cjs'), `const { readFileSync } = require('node:fs');
const { createWebAssembly } = require('purewasm/polyfill');
const { jit } = require('purewasm/jit');
const WebAssembly = createWebAssembly({ compiler: jit });
const fibBytes = readFileSync(${JSON.stringify(fib)});
const simdBytes = new Uint8Array(${JSON.stringify(SIMD_BYTES)});
(async () => {
  ${glue}
})();
`);
    writeFileSync(join(app, 'polyfill-script.cjs'), `const { readFileSync } = require('node:fs');
const vm = require('node:vm');
// a context without WebAssembly, as in Lockdown Mode: the scripts, then the polyfill as the global
const context = vm.createContext({ console });
vm.runInContext('delete globalThis.WebAssembly', context);
for (const f of ['purewasm.iife.js', 'simd.iife.js', 'gc.iife.js', 'threads.iife.js', 'legacy-exceptions.iife.js', 'wide-arithmetic.iife.js', 'polyfill.iife.js']) {
  vm.runInContext(readFileSync(require.resolve('purewasm/' + f), 'utf8'), context);
}
context.fibBytes = new Uint8Array(readFileSync(${JSON.stringify(fib)}));
context.simdBytes = new Uint8Array(${JSON.stringify(SIMD_BYTES)});
vm.runInContext('globalThis.WebAssembly = purewasmPolyfill.WebAssembly', context);
vm.runInContext(\`(async () => {
  ${glue}
})()\`, context);
`);
    for (const script of ['polyfill.mjs', 'polyfill.cjs', 'polyfill-script.cjs']) {
      expect(run(process.execPath, [script], app).trim()).toBe('711535756 3 true');
    }
  });

  it('installs the purewasm command', () => {
    const bin = join(app, 'node_modules/.bin/purewasm');
    expect(run(bin, ['validate', fib], app)).toBe(`${fib}: valid core module\n`);
    expect(run(bin, ['--help'], app)).toMatch(/^usage: purewasm <command>/);
  });

  for (const moduleResolution of ['node16', 'bundler'] as const) {
    it(`type-checks strictly with moduleResolution ${moduleResolution}, from ESM and CommonJS`, () => {
      const dir = join(app, `ts-${moduleResolution}`);
      mkdirSync(dir, { recursive: true });
      const source = (ext: string) => `import { Module, Instance, Linker, Component, Store, type WasmValue } from 'purewasm';
import { Module as CoreModule, Store as CoreStore } from 'purewasm/core';
import { jit, type JsCompiler } from 'purewasm/jit';
import { WasiP1, portableWasiHost } from 'purewasm/wasi';
import { nodeWasiHost } from 'purewasm/wasi/node';
import { Debugger, debug, loadSourceInfo, type Stop } from 'purewasm/debug';
import { snapshot, restore, type SuspendedCall } from 'purewasm/snapshot';
import { printWit } from 'purewasm/wit';
import { compileToJs, type CompileToJsResult } from 'purewasm/jit';
import { jsRuntime, type JsRuntimePack } from 'purewasm/js-runtime';
import { simd, type SimdPack } from 'purewasm/simd';
import { gc } from 'purewasm/gc';
import { threads, type ThreadsPack } from 'purewasm/threads';
import { legacyExceptions, type LegacyExceptionsPack } from 'purewasm/legacy-exceptions';
import { wideArithmetic, type WideArithmeticPack } from 'purewasm/wide-arithmetic';
import { componentAsync, hostStream, HostFuture, type ComponentAsync, type HostStreamReader } from 'purewasm/async';
import { WebAssembly as polyfill, createWebAssembly, Suspending, type WebAssemblyNamespace } from 'purewasm/polyfill';
declare const bytes: Uint8Array;
const ns: WebAssemblyNamespace = createWebAssembly({ compiler: jit, tier: 'auto' });
const instantiated: Promise<Instance> = polyfill.instantiate(new polyfill.Module(bytes), { env: { wait: new Suspending(async () => 1) } });
const pack: SimdPack = simd;
const atomics: ThreadsPack = threads;
const legacy: LegacyExceptionsPack = legacyExceptions;
const wide: WideArithmeticPack = wideArithmetic;
const packed = [
  new Module(bytes, { simd: pack, gc, threads: atomics, legacyExceptions: legacy, wideArithmetic: wide }),
  new CoreModule(bytes, { gc, threads, legacyExceptions, wideArithmetic }), new Component(bytes, { simd, gc, threads, legacyExceptions, wideArithmetic }),
];
const cma: ComponentAsync = componentAsync;
const asyncComponent = new Component(bytes, { componentAsync: cma });
declare const reader: HostStreamReader<number>;
const streams = [hostStream([1, 2]), new HostFuture(Promise.resolve(1)), reader.read(4)];
const wasi = new WasiP1(portableWasiHost({ args: ['x'] }));
const code: number = wasi.start(new Instance(new Module(bytes), wasi.imports));
nodeWasiHost({ preopens: { '/': '.' } });
const instance = new Instance(new Module(bytes), {});
const n: number = instance.exports.run(10);
const bits: WasmValue[] = instance.invoke('run', [{ type: 'i32', value: 1 }]);
const linker = new Linker();
linker.instance('docs:adder/add@0.1.0').func('add', (a: number, b: number) => a + b);
const component = new Component(bytes);
const dbg = new Debugger(new Store({ debug }), { sourceInfo: loadSourceInfo });
const stop: Stop | null = dbg.stopped;
const compiler: JsCompiler = jit;
const calls: SuspendedCall[] = restore(instance.store, snapshot(instance.store));
const wit: string = printWit(component);
const aot: CompileToJsResult = compileToJs(bytes, { compiler: jit, format: 'iife' });
const runtime: JsRuntimePack = jsRuntime;
const aotEsm: CompileToJsResult = compileToJs(bytes, { compiler: jit, runtimeFrom: './js-runtime.mjs' });
export const results = [n, bits, code, component, new CoreModule(bytes), new CoreStore({ compiler }), stop, calls, wit, aot.code, runtime, aotEsm, packed, asyncComponent, streams, ns, instantiated, ${JSON.stringify(ext)}];
`;
      writeFileSync(join(dir, 'esm.mts'), source('mts'));
      writeFileSync(join(dir, 'cjs.cts'), source('cts'));
      writeFileSync(
        join(dir, 'tsconfig.json'),
        JSON.stringify({
          compilerOptions: {
            strict: true,
            noEmit: true,
            skipLibCheck: false,
            target: 'ES2020',
            lib: ['ES2020'],
            types: ['node'],
            typeRoots: [join(repo, 'node_modules/@types')],
            module: moduleResolution === 'node16' ? 'node16' : 'esnext',
            moduleResolution,
          },
          files: moduleResolution === 'node16' ? ['esm.mts', 'cjs.cts'] : ['esm.mts'],
        }),
      );
      expect(run(process.execPath, [tsc, '-p', dir], dir)).toBe('');
    });
  }
});
