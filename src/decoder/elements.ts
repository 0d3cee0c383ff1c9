// Element section: the eight segment forms selected by a flags field.
//   bit 0: passive/declarative (else active)   bit 1: explicit table index (active) or declarative (bit 0 set)
//   bit 2: elements are expressions with a reference type (else function indices with an elemkind)
import { FUNCREF, HeapType, refType, type ConstExpr, type ElementSegment, type SegmentMode, type ValType } from './module.js';
import type { Reader } from './reader.js';
import { readConstExpr } from './const-expr.js';
import { readRefType } from './value-types.js';

export function readElementSection(r: Reader, elements: ElementSegment[]): void {
  const n = r.vecLen(1);
  for (let i = 0; i < n; i++) {
    const offsetInBinary = r.pos;
    const flags = r.u32();
    if (flags > 7) r.fail('malformed elements segment kind', offsetInBinary);
    const mode: SegmentMode = (flags & 1) === 0 ? 'active' : flags & 2 ? 'declarative' : 'passive';
    let table = 0;
    let offset: ConstExpr | undefined;
    if (mode === 'active') {
      if (flags & 2) table = r.u32();
      offset = readConstExpr(r);
    }
    const usesExprs = (flags & 4) !== 0;
    // Function-index forms hold non-null (ref func); form 4 (expressions, type implied) is funcref.
    let type: ValType = usesExprs ? FUNCREF : refType(false, HeapType.func);
    // Forms 0 and 4 have neither elemkind nor reftype (funcref implied).
    if (flags & 3) {
      if (usesExprs) type = readRefType(r);
      else {
        const kstart = r.pos;
        if (r.u8() !== 0) r.fail('malformed element kind', kstart);
      }
    }
    // the items: constant expressions (flag bit 2) or function indices
    const count = r.vecLen(1);
    const items: (ConstExpr | number)[] = new Array(count);
    for (let j = 0; j < count; j++) items[j] = usesExprs ? readConstExpr(r) : r.u32();
    elements.push({
      mode, table, offset, type, offsetInBinary,
      funcIndices: usesExprs ? undefined : (items as number[]), exprs: usesExprs ? (items as ConstExpr[]) : undefined,
    });
  }
}
