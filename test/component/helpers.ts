// Shared helpers for the component tests: fixture discovery and WIT normalization.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { SHARED } from '../shared.js';

export const FIXTURES = `${SHARED}/fixtures/components`;

/** Every `.wasm` file under `dir`, recursively, sorted. */
export function wasmFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.wasm')) out.push(p);
    }
  };
  walk(dir);
  return out;
}

/** True when the binary is a component (layer 1), false for a core module. */
export function isComponent(bytes: Uint8Array): boolean {
  return bytes[6] === 1 && bytes[7] === 0;
}

/** The root world block (`package root:component; world root { … }`) of printed WIT. */
export function rootWorld(wit: string): string {
  const start = wit.indexOf('world root {');
  let depth = 0;
  for (let i = start; i < wit.length; i++) {
    if (wit[i] === '{') depth++;
    else if (wit[i] === '}' && --depth === 0) return wit.slice(start, i + 1);
  }
  return wit.slice(start);
}

/** Lines without indentation, comments or blank lines, sorted: equal for the same items in any order. */
export function normalizeWit(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.replace(/\/\/.*$/, '').trim().replace(/\s+/g, ' '))
    .filter((l) => l.length > 0)
    .sort();
}
