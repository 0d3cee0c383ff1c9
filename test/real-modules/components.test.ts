// Every component built by a real toolchain (jco's fixtures: wit-bindgen, componentize-js, wasm-tools …)
// must pass validateComponent; a core module handed to it must be rejected.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CompileError } from '../../src/decoder/errors.js';
import { components, coreModules, importPart } from './corpus.js';

interface ComponentApi {
  validateComponent(bytes: Uint8Array): void;
}

const api = await importPart<ComponentApi>('component/validate.js');
const list = components();

describe('real components', () => {
  it('finds the corpus', () => {
    expect(list.length).toBeGreaterThanOrEqual(30);
  });

  describe('validateComponent', () => {
    for (const c of list) {
      it(`validates ${c.name}`, () => {
        const bytes = new Uint8Array(readFileSync(c.path));
        const t0 = performance.now();
        api!.validateComponent(bytes);
        const ms = performance.now() - t0;
        console.log(`validateComponent ${c.name}: ${(bytes.length / 1e6).toFixed(2)} MB, ${(bytes.length / 1e3 / ms).toFixed(0)} MB/s`);
      });
    }

    it('rejects a core module with CompileError', () => {
      const core = coreModules()[0]!;
      expect(() => api!.validateComponent(new Uint8Array(readFileSync(core.path)))).toThrow(CompileError);
    });

    it('rejects a truncated component with CompileError', () => {
      const bytes = new Uint8Array(readFileSync(list[0]!.path));
      expect(() => api!.validateComponent(bytes.subarray(0, Math.floor(bytes.length / 2)))).toThrow(CompileError);
    });
  });
});
