// Decodes and validates real core modules (bench kernels, jco's WASI modules, esbuild 14 MB, sql.js) and
// checks the decoded imports/exports against Node's WebAssembly, used here only as an oracle.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Module } from '../../src/decoder/module.js';
import { coreModules, importPart, nodeWasm } from './corpus.js';

interface DecodeApi {
  decodeModule(bytes: Uint8Array): Module;
}
interface ValidateApi {
  compile(bytes: Uint8Array): { readonly module: Module; readonly funcTypes: readonly unknown[] };
  validate(bytes: Uint8Array): boolean;
}

const decoder = await importPart<DecodeApi>('decoder/decode-module.js');
const validator = await importPart<ValidateApi>('validate/index.js');
const modules = coreModules();

const NODE_KIND: Record<string, string> = { func: 'function', table: 'table', memory: 'memory', global: 'global', tag: 'tag' };

function mbps(bytes: number, ms: number): string {
  return `${(bytes / 1e6 / (ms / 1000)).toFixed(0)} MB/s`;
}

/** A copy of `bytes` at a non-zero offset inside a larger buffer, as Node's pooled Buffers often are. */
function offsetView(bytes: Uint8Array): Uint8Array {
  const big = new Uint8Array(bytes.length + 7);
  big.set(bytes, 3);
  return big.subarray(3, 3 + bytes.length);
}

describe('real core modules', () => {
  it('finds the corpus', () => {
    expect(modules.length).toBeGreaterThanOrEqual(9);
  });

  describe('decodeModule', () => {
    for (const m of modules) {
      it(`decodes ${m.name}`, () => {
        const bytes = new Uint8Array(readFileSync(m.path));
        const t0 = performance.now();
        const mod = decoder!.decodeModule(bytes);
        const ms = performance.now() - t0;
        console.log(`decode ${m.name}: ${(bytes.length / 1e6).toFixed(2)} MB in ${ms.toFixed(1)} ms, ${mbps(bytes.length, ms)}`);

        const oracle = new nodeWasm.Module(bytes);
        expect(mod.imports.map((i) => [i.module, i.name, NODE_KIND[i.desc.kind]])).toEqual(
          nodeWasm.Module.imports(oracle).map((i) => [i.module, i.name, i.kind]),
        );
        expect(mod.exports.map((e) => [e.name, NODE_KIND[e.kind]])).toEqual(
          nodeWasm.Module.exports(oracle).map((e) => [e.name, e.kind]),
        );
        expect(mod.codes.length).toBe(mod.functions.length);
        expect(mod.funcTypeIndices.length).toBe(mod.importedFuncs + mod.functions.length);

        // Same result from a view that does not start at its buffer's offset 0.
        const again = decoder!.decodeModule(offsetView(bytes));
        expect(again.exports.map((e) => e.name)).toEqual(mod.exports.map((e) => e.name));
        expect(again.codes.length).toBe(mod.codes.length);
      });
    }
  });

  describe('compile', () => {
    for (const m of modules) {
      it(`validates ${m.name}`, () => {
        const bytes = new Uint8Array(readFileSync(m.path));
        const t0 = performance.now();
        const vm = validator!.compile(bytes);
        const ms = performance.now() - t0;
        console.log(`compile ${m.name}: ${(bytes.length / 1e6).toFixed(2)} MB in ${ms.toFixed(1)} ms, ${mbps(bytes.length, ms)}`);
        expect(vm.funcTypes.length).toBe(vm.module.importedFuncs + vm.module.functions.length);
        expect(validator!.validate(offsetView(bytes))).toBe(true);
      });
    }
  });
});
