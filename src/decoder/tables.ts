// Table section: table types, and 3.0's form 0x40 0x00 tabletype expr with an explicit initializer.
import type { Table } from './module.js';
import type { Reader } from './reader.js';
import { readConstExpr } from './const-expr.js';
import { readTableType } from './imports.js';

export function readTableSection(r: Reader, tables: Table[]): void {
  const n = r.vecLen(1);
  for (let i = 0; i < n; i++) {
    if (r.peek() === 0x40) {
      const start = r.pos;
      r.pos++;
      if (r.u8() !== 0) r.fail('malformed table', start);
      const type = readTableType(r);
      tables.push({ type, init: readConstExpr(r) });
    } else {
      tables.push({ type: readTableType(r), init: undefined });
    }
  }
}
