// Builds the scripts the engines run: the library artifact (dist/purewasm.iife.js; built here from
// src/index.ts with the same settings, property mangling included, when dist/ is stale), the JS tier's code
// generator (dist/jit.iife.js), store snapshots (dist/snapshot.iife.js, over the global `purewasm`), the packs,
// the polyfill (dist/polyfill.iife.js, over those) and the WASI hosts (dist/wasi.iife.js), then the data, then the driver (bundled with the artifacts' name map). The driver reaches the library only through the global `purewasm`: the few non-public helpers it
// bundles from src/ (spec-script values, wasmtime's test host, abi name helpers) have their imports of
// library classes redirected to that global, so no second copy of the runtime is tested by mistake.
import { transformAsync } from '@babel/core';
import { build, type Plugin } from 'esbuild';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runInNewContext } from 'node:vm';
import { projectRoot } from '../../spec-tests/suites.js';
import { ENGINES_CACHE } from './prepare.js';
import { ASYNC_MODULES, MODULE_TYPES_SHIM, PUBLIC_MODULES } from './public-modules.js';
import { newest } from '../newest.js';

const SRC = join(projectRoot, 'src');

export interface Artifact {
  readonly path: string;
  readonly code: string;
  /** Why it was built here instead of taken from dist/, or undefined when dist/purewasm.iife.js is used. */
  readonly builtHere: string | undefined;
}

/** Property mangling as esbuild options (scripts/build.mjs). */
interface Mangling {
  readonly mangleProps: RegExp;
  readonly mangleCache: Record<string, string>;
}
interface BuildScript {
  readonly MANGLE_FILE: string;
  mangling(): Promise<Mangling>;
  savedMangling(): Mangling;
  linkedPlugins(name: string, ext: string): Plugin[];
}
const buildScript = (): Promise<BuildScript> => import(pathToFileURL(join(projectRoot, 'scripts/build.mjs')).href) as Promise<BuildScript>;

let manglingInUse: Promise<Mangling> | undefined;
/**
 * The name map the artifacts were built with, which the driver's bundle must share (the src/ helpers it
 * bundles reach into library objects): the one the last build of dist/ left when `dist` is true, else the
 * one of src/ as it is now.
 */
function manglingOf(dist: boolean): Promise<Mangling> {
  manglingInUse ??= buildScript().then((b) => (dist ? b.savedMangling() : b.mangling()));
  return manglingInUse;
}

/** Why dist/ cannot be used as it is (missing, older than src/, or of another build than the name map), or undefined. */
async function distStale(files: readonly string[]): Promise<string | undefined> {
  const { MANGLE_FILE } = await buildScript();
  for (const file of files) {
    const dist = join(projectRoot, 'dist', file);
    if (!existsSync(dist)) return `dist/${file} is missing`;
    if (statSync(dist).mtimeMs < newest(SRC)) return `dist/${file} is older than src/ (run \`make build\`)`;
    if (!existsSync(MANGLE_FILE) || statSync(MANGLE_FILE).mtimeMs > statSync(dist).mtimeMs) return `dist/${file} is not of the build that left ${MANGLE_FILE} (run \`make build\`)`;
  }
  return undefined;
}

/**
 * A script build of dist/ (from `node scripts/build.mjs`) when it is there and newer than src/; otherwise the
 * same bundle built here, so that a stale dist/ never hides a change in src/. Both artifacts come from the
 * same place, so they share one name map.
 */
async function scriptArtifact(file: string, entry: string, globalName: string, linked?: string): Promise<Artifact> {
  const why = await distStale(['purewasm.iife.js', 'jit.iife.js', 'snapshot.iife.js', 'simd.iife.js', 'gc.iife.js', 'threads.iife.js', 'legacy-exceptions.iife.js', 'wide-arithmetic.iife.js', 'async.iife.js', 'component-memory64.iife.js', 'polyfill.iife.js', 'wasi.iife.js']);
  if (why === undefined) {
    await manglingOf(true);
    const dist = join(projectRoot, 'dist', file);
    return { path: dist, code: readFileSync(dist, 'utf8'), builtHere: undefined };
  }
  const path = join(ENGINES_CACHE, file);
  await build({
    ...(await manglingOf(false)),
    entryPoints: [join(SRC, entry)],
    outfile: path,
    bundle: true,
    format: 'iife',
    globalName,
    target: 'es2020',
    platform: 'neutral',
    legalComments: 'none',
    logLevel: 'error',
    // (an entry that uses the library's VM reads it from the global `purewasm`, as dist/'s script build does)
    plugins: linked === undefined ? [] : (await buildScript()).linkedPlugins(linked, 'global'),
  });
  return { path, code: readFileSync(path, 'utf8'), builtHere: why };
}

/** The library (dist/purewasm.iife.js: the global `purewasm`). */
export function libraryArtifact(): Promise<Artifact> {
  return scriptArtifact('purewasm.iife.js', 'index.ts', 'purewasm');
}

/** The JS tier's code generator (dist/jit.iife.js: the global `purewasmJit`), which the kernels run with. */
export function jitArtifact(): Promise<Artifact> {
  return scriptArtifact('jit.iife.js', 'jit/index.ts', 'purewasmJit');
}

/** Store snapshots (dist/snapshot.iife.js: the global `purewasmSnapshot`, over the global `purewasm`). */
export function snapshotArtifact(): Promise<Artifact> {
  return scriptArtifact('snapshot.iife.js', 'snapshot/index.ts', 'purewasmSnapshot', 'snapshot');
}

/** The WASI hosts (dist/wasi.iife.js: the global `purewasmWasi`, over `purewasm` and `purewasmAsync`). */
export function wasiArtifact(): Promise<Artifact> {
  return scriptArtifact('wasi.iife.js', 'wasi/index.ts', 'purewasmWasi', 'wasi');
}

/** The JS API's namespace (dist/polyfill.iife.js: the global `purewasmPolyfill`, over `purewasm` and the packs). */
export function polyfillArtifact(): Promise<Artifact> {
  return scriptArtifact('polyfill.iife.js', 'polyfill/index.ts', 'purewasmPolyfill', 'polyfill');
}

/**
 * The instruction packs (dist/simd.iife.js, dist/gc.iife.js, dist/threads.iife.js, dist/legacy-exceptions.iife.js,
 * dist/wide-arithmetic.iife.js: the globals `purewasmSimd`, `purewasmGc`, `purewasmThreads`,
 * `purewasmLegacyExceptions`, `purewasmWideArithmetic`), component-model
 * async (dist/async.iife.js: the global `purewasmAsync`, over the global `purewasm`) and the 64-bit canonical
 * ABI (dist/component-memory64.iife.js: `purewasmComponentMemory64`, the same way).
 */
export function packArtifacts(): Promise<Artifact[]> {
  return Promise.all([
    scriptArtifact('simd.iife.js', 'simd/index.ts', 'purewasmSimd'),
    scriptArtifact('gc.iife.js', 'gc/index.ts', 'purewasmGc'),
    scriptArtifact('threads.iife.js', 'threads/index.ts', 'purewasmThreads'),
    scriptArtifact('legacy-exceptions.iife.js', 'legacy-exceptions/index.ts', 'purewasmLegacyExceptions'),
    scriptArtifact('wide-arithmetic.iife.js', 'wide-arithmetic/index.ts', 'purewasmWideArithmetic'),
    scriptArtifact('async.iife.js', 'async/index.ts', 'purewasmAsync', 'async'),
    scriptArtifact('component-memory64.iife.js', 'component-memory64/index.ts', 'purewasmComponentMemory64', 'component-memory64'),
  ]);
}

/** The artifact's public names (top level and `types`), read by evaluating it in an empty context. */
function publicNames(code: string): { top: Set<string>; types: string[] } {
  const sandbox: Record<string, unknown> = {};
  runInNewContext(`${code}\n;globalThis.__api = purewasm;`, sandbox);
  const p = sandbox.__api as Record<string, unknown> & { types?: Record<string, unknown> };
  return { top: new Set(Object.keys(p)), types: Object.keys(p.types ?? {}) };
}

function publicShim(names: { top: Set<string>; types: string[] }): Plugin {
  return {
    name: 'purewasm-public-api',
    setup(b) {
      b.onResolve({ filter: /^\.\.?\// }, (args) => {
        const abs = resolve(dirname(args.importer), args.path).replace(/\.js$/, '.ts');
        const rel = relative(SRC, abs);
        if (rel.startsWith('..')) return undefined;
        if (rel in PUBLIC_MODULES || rel === 'component/value-types.ts' || rel === 'component/runtime/module-types.ts')
          return { path: rel, namespace: 'purewasm-public' };
        if (rel in ASYNC_MODULES) return { path: rel, namespace: 'purewasm-async' };
        return undefined;
      });
      b.onLoad({ filter: /.*/, namespace: 'purewasm-async' }, (args) => {
        const lines = ['const api = globalThis.purewasmAsync;', ...ASYNC_MODULES[args.path]!.map((n) => `export const ${n} = api.${n};`)];
        return { contents: lines.join('\n'), loader: 'js' };
      });
      b.onLoad({ filter: /.*/, namespace: 'purewasm-public' }, (args) => {
        if (args.path === 'component/runtime/module-types.ts') return { contents: MODULE_TYPES_SHIM, loader: 'js' };
        const fromTypes = args.path === 'component/value-types.ts';
        const wanted = fromTypes ? names.types : PUBLIC_MODULES[args.path]!;
        const missing = fromTypes ? [] : wanted.filter((n) => !names.top.has(n));
        if (missing.length > 0) throw new Error(`the driver needs ${missing.join(', ')} from the public API (src/index.ts), which does not export it`);
        const lines = ['const api = globalThis.purewasm;', ...wanted.map((n) => `export const ${n} = api${fromTypes ? '.types' : ''}.${n};`)];
        return { contents: lines.join('\n'), loader: 'js' };
      });
    },
  };
}

async function bundleDriver(names: { top: Set<string>; types: string[] }): Promise<string> {
  const r = await build({
    entryPoints: [join(projectRoot, 'test/engines/driver/main.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    target: 'es2020',
    platform: 'neutral',
    legalComments: 'none',
    logLevel: 'error',
    plugins: [publicShim(names)],
    ...(await manglingInUse!),
  });
  const code = r.outputFiles[0]!.text;
  // A runtime class that slipped past the shim would be tested as a second copy instead of the artifact.
  for (const marker of ['var Component = class', 'var Linker = class', 'var Instance = class', 'var JsCodegen = class', 'TextDecoder', 'TextEncoder']) {
    if (code.includes(marker)) throw new Error(`the driver bundle contains "${marker}": a src/ module it imports is not redirected to the public API`);
  }
  return code;
}

/**
 * Hermes 0.12 has no `class` and no `async` functions, and gives `let` in loops one binding for all
 * iterations (closures then see the last value), so its bundle is lowered as React Native's Babel preset
 * does: async functions to generators (which Hermes has), block scoping and classes.
 */
async function lowerForHermes(code: string): Promise<string> {
  const r = await transformAsync(code, {
    babelrc: false,
    configFile: false,
    compact: true,
    sourceType: 'script',
    plugins: ['@babel/plugin-transform-async-to-generator', '@babel/plugin-transform-block-scoping', '@babel/plugin-transform-classes'],
  });
  if (!r?.code) throw new Error('Babel produced no code');
  return r.code;
}

export interface Bundles {
  /** For engines with ES2020 (node --jitless, QuickJS, Chromium). */
  readonly standard: string;
  /** Lowered for Hermes 0.12. */
  readonly hermes: string;
  readonly artifact: Artifact;
  readonly jit: Artifact;
  readonly snapshot: Artifact;
  /** The SIMD, GC and threads instruction packs (every module of the subset compiles with them) and component-model async. */
  readonly packs: Artifact[];
  /** purewasm/polyfill (after the packs, whose globals it reads). */
  readonly polyfill: Artifact;
  /** purewasm/wasi (after the library and component-model async). */
  readonly wasi: Artifact;
}

export async function writeBundles(dataPath: string): Promise<Bundles> {
  const artifact = await libraryArtifact();
  const jit = await jitArtifact();
  const snapshot = await snapshotArtifact();
  const packs = await packArtifacts();
  const polyfill = await polyfillArtifact();
  const wasi = await wasiArtifact();
  const driver = await bundleDriver(publicNames(artifact.code));
  const data = `var PUREWASM_ENGINE_DATA = ${JSON.stringify(readFileSync(dataPath, 'utf8'))};\n`;
  mkdirSync(ENGINES_CACHE, { recursive: true });
  const standard = join(ENGINES_CACHE, 'engine-test.js');
  const hermes = join(ENGINES_CACHE, 'engine-test.hermes.js');
  // The library, the code generator, snapshots, the packs, the polyfill, the WASI hosts and the driver are
  // separate scripts in one file: the library's top level runs first (the others read its global).
  const scripts = [artifact, jit, snapshot, ...packs, polyfill, wasi].map((a) => a.code);
  writeFileSync(standard, `${scripts.join('\n')}\n${data}${driver}`);
  const lowered = await Promise.all(scripts.map(lowerForHermes));
  writeFileSync(hermes, `${lowered.join('\n')}\n${data}${await lowerForHermes(driver)}`);
  return { standard, hermes, artifact, jit, snapshot, packs, polyfill, wasi };
}
