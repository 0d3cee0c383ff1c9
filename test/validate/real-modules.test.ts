// Every real core module we have must decode and validate; prints the throughput (no timing assertion).
import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { compile } from '../../src/validate/index.js';

/** Node's WebAssembly, used only as an oracle (not typed in this project's lib settings). */
const NodeWasm = (globalThis as unknown as {
  WebAssembly: { validate(b: Uint8Array): boolean; Module: new (b: Uint8Array) => unknown };
}).WebAssembly;
import { decodeModule } from '../../src/decoder/decode-module.js';

const root = join(__dirname, '../..');
const shared = join(root, '../shared');
function wasmFiles(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.wasm')).map((f) => join(dir, f)) : [];
}
const files = [
  join(root, 'node_modules/esbuild-wasm/esbuild.wasm'),
  join(root, 'node_modules/sql.js/dist/sql-wasm.wasm'),
  ...wasmFiles(join(shared, 'bench/wasm')),
  ...wasmFiles(join(shared, 'fixtures/components/jco/jco/modules')),
].filter((f) => existsSync(f));

/** Core modules inside a component binary (core module sections, recursively through nested components). */
function coreModulesOf(b: Uint8Array, out: Uint8Array[]): void {
  if (b.length < 8) return;
  if (b[4] === 1 && b[6] === 0) {
    out.push(b);
    return;
  }
  let p = 8;
  const uleb = (): number => {
    let r = 0;
    for (let s = 0; ; s += 7) {
      const x = b[p++];
      r += (x & 0x7f) * 2 ** s;
      if (!(x & 0x80)) return r;
    }
  };
  while (p < b.length) {
    const id = b[p++];
    const size = uleb();
    if (id === 1 || id === 4) coreModulesOf(b.subarray(p, p + size), out);
    p += size;
  }
}

describe('real modules', () => {
  for (const f of files) {
    it(`validates ${f.slice(f.lastIndexOf('/') + 1)}`, () => {
      const bytes = new Uint8Array(readFileSync(f));
      const vm = compile(bytes);
      expect(vm.module.codes.length).toBe(vm.module.functions.length);
      // Node's own validator agrees.
      expect(NodeWasm.validate(bytes)).toBe(true);
    });
  }

  it('validates every core module embedded in the component fixtures', () => {
    const dirs = [join(shared, 'fixtures/components')];
    const found: string[] = [];
    while (dirs.length) {
      const d = dirs.pop()!;
      for (const f of readdirSync(d, { withFileTypes: true })) {
        if (f.isDirectory()) dirs.push(join(d, f.name));
        else if (f.name.endsWith('.wasm')) found.push(join(d, f.name));
      }
    }
    let count = 0;
    for (const f of found) {
      const mods: Uint8Array[] = [];
      coreModulesOf(new Uint8Array(readFileSync(f)), mods);
      for (const m of mods) {
        count++;
        expect(() => compile(m), f).not.toThrow();
        expect(NodeWasm.validate(m)).toBe(true);
      }
    }
    console.log(`validated ${count} core modules from ${found.length} component/module files`);
    expect(count).toBeGreaterThan(0);
  });

  it('measures decode + validate throughput on esbuild.wasm', () => {
    const f = join(root, 'node_modules/esbuild-wasm/esbuild.wasm');
    if (!existsSync(f)) return;
    const bytes = new Uint8Array(readFileSync(f));
    let best = Infinity;
    let bestDecode = Infinity;
    for (let i = 0; i < 5; i++) {
      let t = performance.now();
      decodeModule(bytes);
      bestDecode = Math.min(bestDecode, performance.now() - t);
      t = performance.now();
      compile(bytes);
      best = Math.min(best, performance.now() - t);
    }
    const mb = bytes.length / 1e6;
    console.log(
      `esbuild.wasm ${mb.toFixed(1)} MB: decode ${bestDecode.toFixed(0)} ms (${(mb / (bestDecode / 1000)).toFixed(0)} MB/s), ` +
        `decode+validate ${best.toFixed(0)} ms (${(mb / (best / 1000)).toFixed(0)} MB/s)`,
    );
    expect(best).toBeGreaterThan(0);
  });
});
