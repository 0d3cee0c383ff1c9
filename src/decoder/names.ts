// The "name" custom section: module name, function names, local names. A malformed name section does not
// make the module invalid (custom sections never affect validity), so errors here are swallowed and the
// names read so far are kept.
import type { NameSection } from './module.js';
import { Reader } from './reader.js';

export function emptyNames(): NameSection {
  return { module: undefined, functions: new Map(), locals: new Map() };
}

function readNameMap(r: Reader, into: Map<number, string>): void {
  const n = r.vecLen(2);
  for (let i = 0; i < n; i++) {
    const index = r.u32();
    into.set(index, r.name());
  }
}

export function readNameSection(bytes: Uint8Array, start: number, end: number): NameSection {
  let module: string | undefined;
  const functions = new Map<number, string>();
  const locals = new Map<number, Map<number, string>>();
  const r = new Reader(bytes, start, end);
  r.section = 'name';
  try {
    while (r.pos < end) {
      const id = r.u8();
      const size = r.u32();
      const subEnd = r.pos + size;
      if (subEnd > end) break;
      r.end = subEnd;
      if (id === 0) module = r.name();
      else if (id === 1) readNameMap(r, functions);
      else if (id === 2) {
        const n = r.vecLen(2);
        for (let i = 0; i < n; i++) {
          const fn = r.u32();
          const m = new Map<number, string>();
          readNameMap(r, m);
          locals.set(fn, m);
        }
      }
      r.pos = subEnd;
      r.end = end;
    }
  } catch {
    // Tolerated: keep what was read.
  }
  return { module, functions, locals };
}
