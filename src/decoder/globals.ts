// Global section: global type and initializer expression.
import type { Global } from './module.js';
import type { Reader } from './reader.js';
import { readConstExpr } from './const-expr.js';
import { readGlobalType } from './imports.js';

export function readGlobalSection(r: Reader, globals: Global[]): void {
  const n = r.vecLen(3);
  for (let i = 0; i < n; i++) {
    const type = readGlobalType(r);
    globals.push({ type, init: readConstExpr(r) });
  }
}
