// Export section: name, kind and index. (Name uniqueness is a validation rule.)
import type { Export, ExternKind } from './module.js';
import type { Reader } from './reader.js';

const KINDS: readonly ExternKind[] = ['func', 'table', 'memory', 'global', 'tag'];

export function readExportSection(r: Reader, exports: Export[]): void {
  const n = r.vecLen(3);
  for (let i = 0; i < n; i++) {
    const name = r.name();
    const kstart = r.pos;
    const k = r.u8();
    if (k > 4) r.fail('malformed export kind', kstart);
    exports.push({ name, kind: KINDS[k], index: r.u32() });
  }
}
