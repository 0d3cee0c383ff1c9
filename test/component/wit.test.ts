// The WIT printer against wasm-tools (jco-transpile's componentWit, the test-only oracle) and against
// the wit-bindgen source WIT of the fixture components.
import { componentEmbed, componentNew, componentWit } from '@bytecodealliance/jco-transpile/wasm-tools';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Component } from '../../src/component/component.js';
import { printWit } from '../../src/wit/index.js';
import { FIXTURES, isComponent, normalizeWit, rootWorld, wasmFiles } from './helpers.js';
import { componentAsync } from '../packs.js';

const components = wasmFiles(FIXTURES).filter((f) => isComponent(readFileSync(f)));

describe('root world matches wasm-tools', () => {
  for (const f of components) {
    it(f.slice(FIXTURES.length + 1), async () => {
      const bytes = readFileSync(f);
      const mine = printWit(Component.decode(bytes, { componentAsync }));
      const ref = await componentWit(bytes);
      expect(normalizeWit(rootWorld(mine))).toEqual(normalizeWit(rootWorld(ref)));
    });
  }
});

// Round trip: the printed WIT (all packages) must be valid WIT that wasm-tools accepts, and a component
// built from it (a dummy module with the world embedded) must have the same root world. wasm-tools drops
// imports of interfaces that provide no functions from such dummies, so those may be missing.
describe('printed WIT round-trips through wasm-tools', () => {
  for (const f of components) {
    it(f.slice(FIXTURES.length + 1), async () => {
      const bytes = readFileSync(f);
      const mine = printWit(Component.decode(bytes, { componentAsync }));
      const rebuilt = await componentNew(await componentEmbed({ witSource: mine, dummy: true, world: 'root' }), []);
      const again = normalizeWit(rootWorld(await componentWit(rebuilt)));
      const ref = normalizeWit(rootWorld(await componentWit(bytes)));
      const refSet = new Set(ref);
      const againSet = new Set(again);
      expect(again.filter((l) => !refSet.has(l))).toEqual([]);
      expect(ref.filter((l) => !againSet.has(l)).filter((l) => !/^import [a-z0-9-]+:[a-z0-9/@.-]+;$/.test(l))).toEqual([]);
    });
  }
});

/** `name: func(...) -> ...;` items of an interface body, whitespace-normalized, one per entry. */
function funcItems(wit: string, iface: string | undefined): string[] {
  const start = iface === undefined ? 0 : wit.search(new RegExp(`interface ${iface} \\{`));
  if (start < 0) return [];
  let depth = 0;
  let end = iface === undefined ? wit.length : start;
  for (let i = start; iface !== undefined && i < wit.length; i++) {
    if (wit[i] === '{') depth++;
    else if (wit[i] === '}' && --depth === 0) {
      end = i;
      break;
    }
  }
  const body = (iface === undefined ? wit : wit.slice(wit.indexOf('{', start) + 1, end)).replace(/\/\/.*$/gm, '');
  // Join continuation lines, then split into statements.
  const flat = body.replace(/\s+/g, ' ').replace(/\s*,\s*/g, ', ').replace(/<\s*/g, '<').replace(/\s*>/g, '>').replace(/\(\s*/g, '(').replace(/\s*\)/g, ')');
  // Equivalent spellings: trailing commas, explicit `own<r>`, world-level `import`/`export` prefixes.
  const canon = flat.replace(/\b(import|export) /g, '').replace(/,\s*\)/g, ')').replace(/own<([^<>]+)>/g, '$1');
  const items: string[] = [];
  for (const m of canon.matchAll(/(?<=^|[;{}])\s*([a-z0-9%-]+: (?:static |async )*func\([^;]*?\)(?: -> [^;{}]+)?);/g)) items.push(m[1].trim());
  return items;
}

const WIT_DIR = `${FIXTURES}/jco/wit/wit-bindgen-0.40.0`;
const PAIRS: [string, string][] = [
  ['smoke', 'transpile/runtime/smoke.component.wasm'],
  ['numbers', 'transpile/runtime/numbers.component.wasm'],
  ['strings', 'transpile/runtime/strings.component.wasm'],
  ['lists', 'transpile/runtime/lists.component.wasm'],
  ['records', 'transpile/runtime/records.component.wasm'],
  ['variants', 'transpile/runtime/variants.component.wasm'],
  ['many_arguments', 'transpile/runtime/many-arguments.component.wasm'],
  ['flavorful', 'jco/components/flavorful.component.wasm'],
  ['resources', 'transpile/runtime/resources.component.wasm'],
  ['resource_borrow_simple', 'transpile/runtime/resource-borrow-simple.component.wasm'],
  ['resource_import_and_export', 'transpile/runtime/resource-import-and-export.component.wasm'],
];

describe('interfaces match the wit-bindgen sources', () => {
  for (const [test, bin] of PAIRS) {
    const src = `${WIT_DIR}/${test}/world.wit`;
    const path = `${FIXTURES}/jco/${bin}`;
    if (!existsSync(src) || !existsSync(path)) continue;
    it(test, () => {
      const ref = readFileSync(src, 'utf8');
      const mine = printWit(Component.decode(readFileSync(path), { componentAsync }));
      const ifaces: (string | undefined)[] = [...ref.matchAll(/^interface ([a-z0-9-]+) \{/gm)].map((m) => m[1]);
      // Worlds with inline interfaces only: compare the function items of the whole text.
      if (ifaces.length === 0) ifaces.push(undefined);
      let checked = 0;
      for (const iface of ifaces) {
        const want = funcItems(ref, iface);
        const got = new Set(funcItems(mine, iface));
        if (got.size === 0) continue; // interface not used by this component
        for (const w of want) {
          if (!got.has(w)) expect.soft(w, `${iface} in ${bin}`).toBe([...got].find((g) => g.startsWith(w.split(':')[0] + ':')) ?? '(missing)');
          checked++;
        }
      }
      expect(checked).toBeGreaterThan(0);
    });
  }
});

describe('async interfaces match the wasmtime async test WIT', () => {
  const ref = readFileSync(`${FIXTURES}/jco/wit/wasmtime-component-async-tests/test.wit`, 'utf8');
  const ifaces = [...ref.matchAll(/^interface ([a-z0-9-]+) \{/gm)].map((m) => m[1]);
  for (const f of wasmFiles(`${FIXTURES}/jco/transpile/p3/general`)) {
    it(f.slice(FIXTURES.length + 1), () => {
      const wit = printWit(Component.decode(readFileSync(f), { componentAsync }));
      // Only the `local:local` package (wasi has interfaces with the same short names).
      const at = wit.indexOf('package local:local {');
      const mine = at < 0 ? '' : wit.slice(at, wit.indexOf('\n}\n', at) + 3);
      let checked = 0;
      for (const iface of ifaces) {
        const got = funcItems(mine, iface);
        if (got.length === 0) continue;
        expect(new Set(got), iface).toEqual(new Set(funcItems(ref, iface)));
        checked++;
      }
      expect(checked).toBeGreaterThan(0);
    });
  }
});

describe('printed WIT is complete', () => {
  it('prints every imported interface in a package block', () => {
    const bytes = readFileSync(`${FIXTURES}/jco/transpile/runtime/resources.component.wasm`);
    const wit = printWit(Component.decode(bytes, { componentAsync }));
    expect(wit).toContain('package wasi:io@0.2.0 {');
    expect(wit).toContain('interface streams {');
    expect(wit).toContain('use error.{error};');
    expect(wit).toMatch(/resource x \{\n\s+constructor\(a: s32\);/);
  });
});
