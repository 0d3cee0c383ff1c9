// Every real component and core module under the shared fixtures decodes and validates.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Component } from '../../src/component/component.js';
import { validateComponent } from '../../src/component/validate.js';
import { decodeComponent } from '../../src/decoder/component/decode-component.js';
import { compile } from '../../src/validate/index.js';
import { FIXTURES, isComponent, wasmFiles } from './helpers.js';
import { componentAsync } from '../packs.js';

const files = wasmFiles(FIXTURES);

describe('fixture binaries', () => {
  it('finds the fixtures', () => {
    expect(files.length).toBeGreaterThanOrEqual(39);
  });
  for (const f of files) {
    const rel = f.slice(FIXTURES.length + 1);
    it(`decodes and validates ${rel}`, () => {
      const bytes = readFileSync(f);
      if (isComponent(bytes)) {
        const ast = decodeComponent(bytes);
        expect(ast.definitions.length).toBeGreaterThan(0);
        expect(() => validateComponent(bytes)).not.toThrow();
        const c = Component.decode(bytes, { componentAsync });
        expect(c.type.kind).toBe('component');
      } else {
        expect(() => compile(bytes)).not.toThrow();
      }
    });
  }
});
