// The spec runner's --dist mode: the suites run against the BUILT library (dist/purewasm.mjs, dist/jit.mjs,
// property names mangled as shipped) instead of src/ through tsx, so a build-only bug (a renamed property
// that something reads by its source name) fails here. `node scripts/build.mjs` must have run.
//
// Core modules go through the public API only (`new Module(bytes)` validates, Instance, Memory…). Component
// scripts need the script host (src/component/runtime/script.ts: the spec's `component instance`,
// `register`, wasmtime's test host), which is not part of the package: it is bundled from src/ here with
// every public class taken from dist/purewasm.mjs (test/engines/public-modules.ts) and with the build's
// own name map (scripts/build.mjs MANGLE_FILE), so the internals it touches are renamed alike.
import { build, type Plugin } from 'esbuild';
import { existsSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ASYNC_MODULES, MODULE_TYPES_SHIM, PUBLIC_MODULES } from '../test/engines/public-modules.js';
import { newest } from '../test/newest.js';
import { withPacks, type Engines, type VmApi, type ComponentRuntimeApi } from './engines.js';
import type { ComponentFeatures } from './suites.js';
import { projectRoot } from './suites.js';

const SRC = join(projectRoot, 'src');
const DIST = join(projectRoot, 'dist');
/** The script host bundled against dist/ (written by prepareDistHarness, read by every worker). */
export const DIST_HARNESS = join(projectRoot, '.cache', 'spec-dist', 'harness.mjs');

/** Imports of public src/ modules become imports of dist/purewasm.mjs. */
function fromDist(typeNames: readonly string[]): Plugin {
  const lib = join(DIST, 'purewasm.mjs');
  return {
    name: 'purewasm-dist',
    setup(b) {
      b.onResolve({ filter: /^\.\.?\// }, (args) => {
        const rel = relative(SRC, resolve(dirname(args.importer), args.path).replace(/\.js$/, '.ts'));
        if (rel in PUBLIC_MODULES || rel === 'component/value-types.ts' || rel === 'component/runtime/module-types.ts' || rel in ASYNC_MODULES) return { path: rel, namespace: 'purewasm-dist' };
        return undefined;
      });
      b.onLoad({ filter: /.*/, namespace: 'purewasm-dist' }, (args) => {
        if (args.path === 'component/runtime/module-types.ts') return { contents: MODULE_TYPES_SHIM, loader: 'js' };
        const contents =
          args.path === 'component/value-types.ts'
            ? `import { types } from ${JSON.stringify(lib)};\nexport const { ${typeNames.join(', ')} } = types;\n`
            : args.path in ASYNC_MODULES
              ? `export { ${ASYNC_MODULES[args.path]!.join(', ')} } from ${JSON.stringify(join(DIST, 'async.mjs'))};\n`
              : `export { ${PUBLIC_MODULES[args.path]!.join(', ')} } from ${JSON.stringify(lib)};\n`;
        return { contents, loader: 'js', resolveDir: DIST };
      });
      b.onResolve({ filter: /(purewasm|async)\.mjs$/, namespace: 'purewasm-dist' }, (args) => ({ path: args.path, external: true }));
    },
  };
}

/** Builds DIST_HARNESS from src/component/runtime/script.ts against dist/. */
export async function prepareDistHarness(): Promise<void> {
  const lib = join(DIST, 'purewasm.mjs');
  const buildScript = join(projectRoot, 'scripts', 'build.mjs');
  const { MANGLE_FILE, savedMangling } = (await import(pathToFileURL(buildScript).href)) as {
    MANGLE_FILE: string;
    savedMangling: () => { mangleProps: RegExp; mangleCache: Record<string, string> };
  };
  if (!existsSync(lib) || !existsSync(MANGLE_FILE) || statSync(MANGLE_FILE).mtimeMs > statSync(lib).mtimeMs || statSync(lib).mtimeMs < newest(SRC)) {
    throw new Error('--engine dist needs a build of dist/ newer than src/, and its name map: run `node scripts/build.mjs` first');
  }
  const { types } = (await import(pathToFileURL(lib).href)) as { types: Record<string, unknown> };
  await build({
    stdin: { contents: "export { ComponentScript } from './component/runtime/script.js';\n", resolveDir: SRC, loader: 'ts' },
    outfile: DIST_HARNESS,
    bundle: true,
    format: 'esm',
    target: 'es2020',
    platform: 'neutral',
    logLevel: 'error',
    ...savedMangling(),
    plugins: [fromDist(Object.keys(types))],
  });
}

/** The engines of --dist mode: dist/ for the library and the code generator, DIST_HARNESS for scripts. */
export async function distEngines(): Promise<Engines> {
  const lib = (await import(pathToFileURL(join(DIST, 'purewasm.mjs')).href)) as Record<string, unknown> & VmApi & {
    validateComponent: (b: Uint8Array, features?: ComponentFeatures) => void;
  };
  const { jit } = (await import(pathToFileURL(join(DIST, 'jit.mjs')).href)) as { jit: unknown };
  const harness = (await import(pathToFileURL(DIST_HARNESS).href)) as ComponentRuntimeApi;
  const { simd } = (await import(pathToFileURL(join(DIST, 'simd.mjs')).href)) as { simd: unknown };
  const { gc } = (await import(pathToFileURL(join(DIST, 'gc.mjs')).href)) as { gc: unknown };
  const { threads } = (await import(pathToFileURL(join(DIST, 'threads.mjs')).href)) as { threads: unknown };
  const { legacyExceptions } = (await import(pathToFileURL(join(DIST, 'legacy-exceptions.mjs')).href)) as { legacyExceptions: unknown };
  const { wideArithmetic } = (await import(pathToFileURL(join(DIST, 'wide-arithmetic.mjs')).href)) as { wideArithmetic: unknown };
  const { componentAsync } = (await import(pathToFileURL(join(DIST, 'async.mjs')).href)) as { componentAsync: unknown };
  const { componentMemory64 } = (await import(pathToFileURL(join(DIST, 'component-memory64.mjs')).href)) as { componentMemory64: unknown };
  return withPacks({
    // Module's constructor decodes and validates: what `compile` checks, through the public API.
    compile: { state: 'ok', api: (bytes, features) => new (lib.Module as new (b: Uint8Array, f: unknown) => unknown)(bytes, features) },
    validateComponent: { state: 'ok', api: lib.validateComponent },
    vm: { state: 'ok', api: { ...lib, jit } },
    components: { state: 'ok', api: harness },
  }, { simd, gc, threads, legacyExceptions, wideArithmetic }, { componentAsync, componentMemory64 });
}
