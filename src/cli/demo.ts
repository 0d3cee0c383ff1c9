// `purewasm demo [SHARED_DIR]` (for `make demo`): decodes and validates the real core modules under the shared
// folder (benchmark kernels and jco's WASI modules), one line each; validates the real components; then runs each
// benchmark kernel's `run(n)` at a small n and checks the checksums; then calls real components through the
// Linker (demo-components.ts). Meant to finish in a few seconds.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Instance, Module, validateComponent } from '../index.js';
import { jit } from '../jit/index.js';
import { parseArgs } from './args.js';
import { runComponentDemo } from './demo-components.js';
import { runWasiDemo } from './demo-wasi.js';
import { COMPONENT_PACKS, PACKS } from './packs.js';

const USAGE = `usage: purewasm demo [SHARED_DIR]

Runs purewasm on real binaries: decodes and validates the benchmark kernels and real components, runs the
kernels, calls real components through the Linker, and runs real WASI programs (a component and a module). SHARED_DIR is the project's test material (the
shared/ folder beside a purewasm checkout); without it, ../shared from the current directory and from the
installed package are tried.
Exit status: 0 all checks passed, 1 a check failed or no material found, 2 usage error.
`;

/** The first candidate folder that holds the benchmark kernels. */
function findShared(explicit: string | undefined): string | undefined {
  if (explicit !== undefined) return explicit;
  const here = dirname(fileURLToPath(import.meta.url)); // dist/ (bundled) or src/cli/ (from source)
  const candidates = [resolve('../shared'), resolve(here, '../../shared'), resolve(here, '../../../shared')];
  return candidates.find((dir) => existsSync(join(dir, 'bench/wasm')));
}

// Small n per kernel (one unit of each is ~1 ms in Node's optimizing tier) and the checksum run(n) returns
// there, measured once with Node's own WebAssembly: every engine must return the same.
const KERNELS: Record<string, { n: number; checksum: number }> = {
  fib: { n: 1, checksum: 0x2a692c8c },
  i64mix: { n: 20, checksum: 0x44ff91eb },
  nbody: { n: 2, checksum: 0x0a13d3f6 },
  sort: { n: 1, checksum: 0x6f289103 },
  sha256: { n: 2, checksum: 0x15619952 },
  vm: { n: 20, checksum: 0x60aabc03 },
};

/** All .wasm files under dir, recursively. */
function walkWasm(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) => (e.isDirectory() ? walkWasm(join(dir, e.name)) : e.name.endsWith('.wasm') ? [join(dir, e.name)] : []));
}

function listWasm(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((n) => n.endsWith('.wasm'))
    .sort()
    .map((n) => join(dir, n));
}

const kb = (n: number): string => (n < 1e6 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1e6).toFixed(2)} MB`);

export default async function demo(argv: string[]): Promise<number> {
  const args = parseArgs('demo', USAGE, argv, { positional: [0, 1] });
  if (typeof args === 'number') return args;
  const shared = findShared(args.positional[0]);
  const benchDir = shared === undefined ? '' : join(shared, 'bench/wasm');
  const files = shared === undefined ? [] : [...listWasm(benchDir), ...listWasm(join(shared, 'fixtures/components/jco/jco/modules'))];
  if (shared === undefined || files.length === 0) {
    process.stderr.write(
      `purewasm demo: no benchmark modules found ${shared === undefined ? 'in ../shared' : `under ${shared}/bench/wasm`}.\n` +
        'The demo runs on the project\'s test material, the shared/ folder that sits beside a purewasm checkout:\n' +
        'run `make demo` in a clone of the repository, or pass that folder: purewasm demo PATH/TO/shared\n',
    );
    return 1;
  }
  let failures = 0;
  process.stdout.write(`decode + validate (${files.length} real core modules)\n`);
  for (const f of files) {
    const bytes = new Uint8Array(readFileSync(f));
    try {
      const mod = new Module(bytes, PACKS);
      // Best of three after a first (cold) run: tiny modules would otherwise time only the JIT warming up.
      let ms = Infinity;
      for (let i = 0; i < 3; i++) {
        const t0 = performance.now();
        new Module(bytes, PACKS);
        ms = Math.min(ms, performance.now() - t0);
      }
      const rate = bytes.length / 1e6 / (ms / 1000);
      process.stdout.write(
        `  ${basename(f).padEnd(18)} ${kb(bytes.length).padStart(9)}  ` +
          `${String(Module.imports(mod).length).padStart(2)} imports  ${String(Module.exports(mod).length).padStart(2)} exports  ${ms.toFixed(2).padStart(6)} ms  ${rate.toFixed(0).padStart(4)} MB/s\n`,
      );
    } catch (e) {
      failures++;
      process.stdout.write(`  ${basename(f).padEnd(18)} FAILED: ${e instanceof Error ? e.message : String(e)}\n`);
    }
  }

  // Components built by real toolchains (header layer field 1), validated as a group.
  const comps = walkWasm(join(shared, 'fixtures/components')).map((f) => ({ f, bytes: new Uint8Array(readFileSync(f)) }));
  const components = comps.filter(({ bytes }) => bytes.length >= 8 && bytes[6] === 1);
  let valid = 0;
  let total = 0;
  const t0 = performance.now();
  const invalid: string[] = [];
  for (const { f, bytes } of components) {
    total += bytes.length;
    try {
      validateComponent(bytes, COMPONENT_PACKS);
      valid++;
    } catch (e) {
      invalid.push(`${basename(f)}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  const ms = performance.now() - t0;
  process.stdout.write(
    `\nvalidateComponent: ${valid} of ${components.length} real components valid (${kb(total)} in ${ms.toFixed(0)} ms, ${(total / 1e6 / (ms / 1000)).toFixed(0)} MB/s)\n`,
  );
  for (const line of invalid) process.stdout.write(`  INVALID ${line}\n`);
  failures += invalid.length;

  process.stdout.write('\nrun(n) of each benchmark kernel\n');
  for (const f of listWasm(benchDir)) {
    const name = basename(f, '.wasm');
    const kernel = KERNELS[name];
    if (kernel === undefined) continue; // wasi_all needs WASI
    const n = kernel.n;
    try {
      const t0 = performance.now();
      const inst = new Instance(new Module(new Uint8Array(readFileSync(f)), PACKS), {}, { compiler: jit });
      const [r] = inst.invoke('run', [{ type: 'i32', value: n }]);
      const ms = performance.now() - t0;
      const got = r && r.type === 'i32' ? r.value >>> 0 : undefined;
      const ok = got === kernel.checksum;
      if (!ok) failures++;
      const shown = got === undefined ? JSON.stringify(r) : `0x${got.toString(16).padStart(8, '0')}`;
      const verdict = ok ? 'ok' : `MISMATCH (expected 0x${kernel.checksum.toString(16).padStart(8, '0')})`;
      process.stdout.write(`  ${name.padEnd(8)} run(${n}) = ${shown}  ${ms.toFixed(0).padStart(6)} ms  ${verdict}\n`);
    } catch (e) {
      failures++;
      process.stdout.write(`  ${name.padEnd(8)} run(${n}) FAILED: ${e instanceof Error ? e.message : String(e)}\n`);
    }
  }
  failures += runComponentDemo(shared, (s) => process.stdout.write(s));
  failures += runWasiDemo(shared, (s) => process.stdout.write(s));
  return failures === 0 ? 0 : 1;
}
