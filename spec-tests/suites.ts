// The suites the runner knows, where their files are, and the per-file facts that decide skips
// (nyi.txt entries, feature lines of wasmtime and wasm-tools files).
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Suite {
  readonly name: string;
  readonly dir: string; // relative to the shared dir
}

export const SUITES: readonly Suite[] = [
  { name: 'core-2.0', dir: 'fixtures/spec/core/2.0' },
  { name: 'core-3.0', dir: 'fixtures/spec/core/3.0' },
  { name: 'threads', dir: 'fixtures/spec/core/proposals/threads' },
  { name: 'custom-page-sizes', dir: 'fixtures/spec/core/proposals/custom-page-sizes' },
  { name: 'wide-arithmetic', dir: 'fixtures/spec/core/proposals/wide-arithmetic' },
  { name: 'component-model', dir: 'fixtures/spec/component/component-model' },
  { name: 'component-wasmtime', dir: 'fixtures/spec/component/wasmtime' },
  { name: 'component-wasm-tools', dir: 'fixtures/spec/component/wasm-tools' },
];

export const projectRoot = fileURLToPath(new URL('..', import.meta.url));

export function sharedDir(): string {
  return process.env.PUREWASM_SHARED ?? join(projectRoot, '..', 'shared');
}

export interface SpecFile {
  readonly suite: string;
  /** Path relative to the suite folder, e.g. "simd/simd_lane.wast". */
  readonly rel: string;
  readonly path: string;
  readonly size: number;
}

function walk(dir: string, out: string[]): void {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (name.endsWith('.wast')) out.push(p);
  }
}

export function listFiles(suite: Suite, shared: string): SpecFile[] {
  const dir = join(shared, suite.dir);
  if (!existsSync(dir)) return [];
  const paths: string[] = [];
  walk(dir, paths);
  return paths.map((p) => ({ suite: suite.name, rel: relative(dir, p), path: p, size: statSync(p).size }));
}

/**
 * Component-model feature switches a file runs with (the `ValidateOptions` of src/component/validator/state.ts;
 * declared here too so the runner type-checks without src/).
 */
export interface ComponentFeatures {
  nestedNames?: boolean;
  cm64?: boolean;
  moreAsyncBuiltins?: boolean;
  threading?: boolean;
  implements?: boolean;
  sharedEverythingThreads?: boolean;
}

/** Facts about one file that change how its directives are judged. */
export interface FileOptions {
  /** The whole file is skipped with this reason. */
  readonly skipFile: string | undefined;
  /**
   * The component feature switches of a wasm-tools or wasmtime file (off unless its feature lines switch
   * them on, as in those tools); undefined (the API defaults) for component-model files.
   */
  readonly componentFeatures: ComponentFeatures | undefined;
}

const nyiCache = new Map<string, Set<string>>();

function nyiList(suiteDir: string): Set<string> {
  let s = nyiCache.get(suiteDir);
  if (!s) {
    s = new Set();
    const p = join(suiteDir, 'nyi.txt');
    if (existsSync(p)) {
      for (const line of readFileSync(p, 'utf8').split('\n')) {
        const t = line.trim();
        if (t && !t.startsWith('#')) s.add(t.replace(/^\.\//, ''));
      }
    }
    nyiCache.set(suiteDir, s);
  }
  return s;
}

/**
 * The gated component features by their wasm-tools `-f` name and wasmtime `;;!` name. wasmparser and
 * wasmtime leave all of them off unless asked; the ones not listed here (cm-async, cm-error-context,
 * cm-gc, cm-fixed-length-lists, cm-map …) purewasm always accepts.
 */
const GATED: readonly { readonly key: keyof ComponentFeatures; readonly wasmTools: string; readonly wasmtime: string }[] = [
  { key: 'nestedNames', wasmTools: 'cm-nested-names', wasmtime: 'component_model_nested_names' },
  { key: 'cm64', wasmTools: 'cm64', wasmtime: 'component_model_memory64' },
  { key: 'moreAsyncBuiltins', wasmTools: 'cm-more-async-builtins', wasmtime: 'component_model_more_async_builtins' },
  { key: 'threading', wasmTools: 'cm-threading', wasmtime: 'component_model_threading' },
  { key: 'implements', wasmTools: 'cm-implements', wasmtime: 'component_model_implements' },
  { key: 'sharedEverythingThreads', wasmTools: 'shared-everything-threads', wasmtime: 'shared_everything_threads' },
];

function allOff(): ComponentFeatures {
  const f: ComponentFeatures = {};
  for (const g of GATED) f[g.key] = false;
  return f;
}

export function fileOptions(file: SpecFile, src: string, shared: string): FileOptions {
  const suite = SUITES.find((s) => s.name === file.suite)!;
  let skipFile: string | undefined;
  if (nyiList(join(shared, suite.dir)).has(file.rel)) skipFile = 'listed in nyi.txt (not yet implemented anywhere)';
  const componentFeatures = file.suite === 'component-wasm-tools' || file.suite === 'component-wasmtime' ? allOff() : undefined;
  const head = src.slice(0, 2000).split('\n');
  for (const line of head) {
    // wasmtime: ";;! component_model_async = true"
    const w = /^;;!\s*(\w+)\s*=\s*(true|false)/.exec(line);
    if (w) {
      const g = GATED.find((x) => x.wasmtime === w[1]);
      if (g && componentFeatures) componentFeatures[g.key] = w[2] === 'true';
    }
    // wasm-tools: ";; RUN: wast ... -f cm-async,gc" / "-f=cm-async,-cm-async-builtins" (a leading - switches off)
    if (/^;; RUN/.test(line)) {
      const f = /-f[\s=]+([\w,-]+)/.exec(line);
      const feats = f ? f[1]!.split(',') : [];
      for (const x of feats) {
        const g = GATED.find((y) => y.wasmTools === x.replace(/^-/, ''));
        if (g && componentFeatures) componentFeatures[g.key] = !x.startsWith('-');
      }
    }
  }
  return { skipFile, componentFeatures };
}
