// The real binaries the robustness tests run over, and a loader for purewasm parts that may not exist yet.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = fileURLToPath(new URL('../..', import.meta.url));
export const sharedDir = process.env.PUREWASM_SHARED ?? join(projectRoot, '..', 'shared');

export interface Binary {
  readonly name: string;
  readonly path: string;
  readonly layer: 'module' | 'component';
}

/** Module or component, from the header's layer field (bytes 6–7). */
export function layerOf(bytes: Uint8Array): 'module' | 'component' {
  return bytes.length >= 8 && (bytes[6] !== 0 || bytes[7] !== 0) ? 'component' : 'module';
}

function walk(dir: string, out: string[]): void {
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (name.endsWith('.wasm')) out.push(p);
  }
}

function collect(dirs: string[], extra: string[]): Binary[] {
  const paths: string[] = [];
  for (const d of dirs) walk(d, paths);
  for (const p of extra) if (existsSync(p)) paths.push(p);
  return paths.map((p) => {
    const head = new Uint8Array(8);
    head.set(readFileSync(p).subarray(0, 8));
    const name = p.startsWith(sharedDir) ? relative(sharedDir, p) : relative(projectRoot, p);
    return { name, path: p, layer: layerOf(head) };
  });
}

/** Core modules: the bench modules, jco's modules and two big npm ones (esbuild 14 MB, sql.js 0.7 MB). */
export function coreModules(): Binary[] {
  return collect(
    [join(sharedDir, 'bench/wasm'), join(sharedDir, 'fixtures/components/jco/jco/modules')],
    [join(projectRoot, 'node_modules/esbuild-wasm/esbuild.wasm'), join(projectRoot, 'node_modules/sql.js/dist/sql-wasm.wasm')],
  ).filter((b) => b.layer === 'module');
}

/** Every component built by a real toolchain under fixtures/components. */
export function components(): Binary[] {
  return collect([join(sharedDir, 'fixtures/components')], []).filter((b) => b.layer === 'component');
}

/**
 * Imports `src/<rel>` if that file exists. Missing → undefined (the caller skips with a reason); a file that
 * exists but fails to load throws, so a broken part fails the tests instead of hiding.
 */
export async function importPart<T>(rel: string): Promise<T> {
  // Every part exists now: a missing one is a failure of the test run, never a silent skip.
  const url = new URL(`../../src/${rel}`, import.meta.url);
  return (await import(url.href)) as T;
}

/** Node's own WebAssembly, typed for the few calls the tests make (used as an oracle only, never in src/). */
export interface NodeWasm {
  Module: {
    new (bytes: Uint8Array): object;
    imports(m: object): { module: string; name: string; kind: string }[];
    exports(m: object): { name: string; kind: string }[];
  };
  validate(bytes: Uint8Array): boolean;
}
export const nodeWasm = (globalThis as unknown as { WebAssembly: NodeWasm }).WebAssembly;
