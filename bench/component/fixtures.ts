// The two fixtures of the component-call benchmark and the host imports the strings component needs,
// as expectations.json describes them (components/jco/expectations.json, entries `adder` and `strings`).
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root (this file is bench/component/fixtures.ts). */
export const projectRoot = fileURLToPath(new URL('../..', import.meta.url));

/** `$PUREWASM_SHARED` or `../shared`, relative to the project root. */
export const sharedDir = resolve(projectRoot, process.env.PUREWASM_SHARED ?? '../shared');

export const jcoFixtureDir = join(sharedDir, 'fixtures', 'components', 'jco');

export interface Fixture {
  /** Short name: the cache folder and jco's `name` option. */
  readonly name: 'adder' | 'strings';
  /** Path relative to components/jco (the `file` of its expectations.json entry). */
  readonly file: string;
}

export const ADDER: Fixture = { name: 'adder', file: 'transpile/runtime/adder.component.wasm' };
export const STRINGS: Fixture = { name: 'strings', file: 'transpile/runtime/strings.component.wasm' };

/** Export paths (expectations.json `callNaming`). */
export const ADD_EXPORT = 'docs:adder/add@0.1.0#add';
export const ROUNDTRIP_EXPORT = 'roundtrip';
export const TEST_IMPORTS_EXPORT = 'test-imports';
export const HOST_IFACE = 'test:strings/imports';

export function fixturePath(f: Fixture): string {
  const p = join(jcoFixtureDir, f.file);
  if (!existsSync(p)) throw new Error(`fixture not found: ${p} (set PUREWASM_SHARED?)`);
  return p;
}

/** `test:strings/imports`, as expectations.json says (same functions for both engines). */
export const RETURN_UNICODE = '🚀🚀🚀 𠈄𓀀';
export const stringsHost = {
  takeBasic(s: unknown): void {
    if (s !== 'latin utf16') throw new Error(`take-basic: expected "latin utf16", got ${JSON.stringify(s)}`);
  },
  returnUnicode(): string {
    return RETURN_UNICODE;
  },
};

/**
 * A non-ASCII string of exactly `bytes` bytes in UTF-8 AND in UTF-16: it mixes two-byte characters
 * (U+0080..U+07FF: 2 bytes in both) and astral-plane ones (4 bytes in both, a surrogate pair in UTF-16),
 * so "16 B" means the same whichever encoding the guest uses (this component's is UTF-16).
 */
export function benchString(bytes: number): string {
  if (bytes % 2 !== 0) throw new Error('benchString: size must be even');
  const cycle = ['é', 'ж', '🚀', 'λ', 'ש', '𠈄', 'ß', 'ع', '𓀀', 'ñ'];
  const twoByte = 'ö';
  let s = '';
  let left = bytes;
  let i = 0;
  while (left > 0) {
    const c = cycle[i++ % cycle.length];
    const n = c.length * 2; // code units × 2 = UTF-16 bytes = UTF-8 bytes for these characters
    if (n <= left) {
      s += c;
      left -= n;
    } else {
      s += twoByte;
      left -= 2;
    }
  }
  return s;
}

/** The interface every engine's loaded fixtures present to the timing loop. */
export interface AdderApi {
  add(x: number, y: number): unknown;
}
export interface StringsApi {
  roundtrip(s: string): unknown;
  testImports(): unknown;
}
