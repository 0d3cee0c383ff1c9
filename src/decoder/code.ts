// Code section: per function, its byte size, local declarations (runs of one type) and the body's bytes.
import { END_OF_SECTION } from './errors.js';
import type { FunctionBody, LocalRun } from './module.js';
import type { Reader } from './reader.js';
import { readValType } from './value-types.js';

const MAX_LOCALS = 0xffff_ffff;

export function readCodeSection(r: Reader, codes: FunctionBody[]): void {
  const n = r.vecLen(1);
  const sectionEnd = r.end;
  for (let i = 0; i < n; i++) {
    const sizeStart = r.pos;
    const size = r.u32();
    if (size > sectionEnd - r.pos) r.fail(END_OF_SECTION, sizeStart);
    const bodyEnd = r.pos + size;
    r.end = bodyEnd;
    const runCount = r.vecLen(2);
    const locals: LocalRun[] = new Array(runCount);
    let total = 0;
    for (let j = 0; j < runCount; j++) {
      const cstart = r.pos;
      const count = r.u32();
      total += count;
      if (total > MAX_LOCALS) r.fail('too many locals', cstart);
      locals[j] = { count, type: readValType(r) };
    }
    if (r.pos >= bodyEnd) r.failEnd();
    codes.push({ locals, localCount: total, codeStart: r.pos, codeEnd: bodyEnd });
    r.pos = bodyEnd;
    r.end = sectionEnd;
  }
}
