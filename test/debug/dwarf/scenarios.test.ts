// The DWARF reader against scenarios.json (checked on an instrumented run by the fixtures' author):
// breakpoint resolution for every breakpoint, and the source frames of every stop's call stack.
import { describe, expect, it } from 'vitest';
import { loadSourceInfo } from '../../../src/debug/dwarf/index.js';
import type { SourceInfo } from '../../../src/debug/source-info.js';
import { scenarios, wasm } from './fixtures.js';
import type { Json } from './fixtures.js';

const cache = new Map<string, SourceInfo | null>();
function info(binary: string): SourceInfo | null {
  if (!cache.has(binary)) cache.set(binary, loadSourceInfo(wasm(binary)));
  return cache.get(binary) ?? null;
}

describe('scenarios.json: breakpoints and call stacks', () => {
  for (const s of scenarios()) {
    it(`${s.id}: breakpoint addresses`, () => {
      const si = info(s.binary);
      for (const bp of s.breakpoints as Json[]) {
        const spec = bp.spec as string;
        if (spec.startsWith('function:')) {
          expect(si).toBeNull(); // the DWARF-less binary: the engine resolves names from the name section
          continue;
        }
        const colon = spec.lastIndexOf(':');
        const file = spec.slice(0, colon);
        const line = Number(spec.slice(colon + 1));
        const want = (bp.addresses as Json[]).map((a) => a.pc as number).sort((a, b) => a - b);
        expect(si?.breakpointAddresses(file, line), spec).toEqual(want);
        // Any path ending in the same file name resolves the same.
        expect(si?.breakpointAddresses(`/elsewhere/${file.split('/').pop()}`, line)).toEqual(want);
      }
    });

    it(`${s.id}: frames, lines and locations of every stop`, () => {
      const si = info(s.binary);
      for (const [n, stop] of (s.stops as Json[]).entries()) {
        const stack = stop.stack as Json[];
        if (!si) {
          expect(stack.every((f) => f.has_dwarf === false)).toBe(true);
          continue;
        }
        const where = `stop ${n} (${stop.command} at pc ${stop.pc})`;
        const loc = si.locationAt(stop.pc);
        expect([loc?.file, loc?.line, loc?.column], where).toEqual([stop.file, stop.line, stop.column]);
        // Steps over/into stop at the start of an is_stmt row; a step into a new function at its prologue_end.
        if (stop.command === 'step_over' || stop.command === 'step_into') {
          if (stop.reason === 'step') expect(si.isStatementStart(stop.pc), where).toBe(true);
          const prev = (s.stops as Json[])[n - 1];
          if (stop.command === 'step_into' && prev && stack.length > (prev.stack as Json[]).length) {
            expect(si.prologueEnd(stop.pc), where).toBe(stop.pc);
          }
        }
        let i = 0;
        while (i < stack.length) {
          const pc = stack[i].pc as number;
          const frames = si.framesAt(pc);
          if (frames.length === 0) {
            expect(stack[i].has_dwarf, `${where} frame ${i}`).toBe(false);
            i++;
            continue;
          }
          for (let k = 0; k < frames.length; k++) {
            const want = stack[i + k];
            expect(want?.pc, `${where} frame ${i + k}: inlined frames share the pc`).toBe(pc);
            expect(frames[k].name, `${where} frame ${i + k}`).toBe(want.function);
            expect(frames[k].inlined, `${where} frame ${i + k}`).toBe(want.inlined === true);
            expect(want.has_dwarf).toBe(true);
            // The innermost frame shows the line table's line, the others their inlined callee's call site.
            const line = k === 0 ? si.locationAt(pc)?.line : frames[k].callSite?.line;
            expect(line, `${where} frame ${i + k} line`).toBe(want.line);
            if (k > 0) expect(frames[k].callSite?.file).toBe(want.file);
          }
          i += frames.length;
        }
      }
    });
  }
});
