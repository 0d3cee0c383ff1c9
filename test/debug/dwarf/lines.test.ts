// The DWARF reader against LLVM's own reading of the fixtures (expected/*.lines.json, made from
// llvm-dwarfdump and wasm-objdump output): every line-table row, every function's subprogram and its
// inlined instances.
import { describe, expect, it } from 'vitest';
import { loadSourceInfo, DwarfSourceInfo } from '../../../src/debug/dwarf/index.js';
import { DW_AT, DW_TAG } from '../../../src/debug/dwarf/constants.js';
import type { Die } from '../../../src/debug/dwarf/units.js';
import { binaries, expectedLines, wasm } from './fixtures.js';

function load(name: string): DwarfSourceInfo {
  const si = loadSourceInfo(wasm(name));
  expect(si).toBeInstanceOf(DwarfSourceInfo);
  return si as DwarfSourceInfo;
}

describe('DWARF line tables and subprograms match llvm-dwarfdump', () => {
  for (const name of binaries()) {
    const expected = expectedLines(name);
    if (expected.line_tables.length === 0) {
      it(`${name}: no DWARF, loadSourceInfo is null`, () => {
        expect(loadSourceInfo(wasm(name))).toBeNull();
      });
      continue;
    }

    it(`${name}: every line-table row`, () => {
      const si = load(name);
      // Our tables in .debug_line order (units are read in .debug_info order, which is the same here).
      const ours = si.lines.sequences.slice().sort((a, b) => a.rows[0].address - b.rows[0].address);
      const want = expected.line_tables.flatMap((t) => t.rows);
      const got = ours.flatMap((s) => s.rows).map((r) => ({
        code_offset: r.address, file: r.path, line: r.line, column: r.column, is_stmt: r.isStmt,
        prologue_end: r.prologueEnd, end_sequence: r.endSequence,
        ...(r.discriminator ? { discriminator: r.discriminator } : {}),
        ...(r.epilogueBegin ? { epilogue_begin: true } : {}),
      }));
      const norm = (rows: object[]): string[] => rows.map((r) => JSON.stringify(r)).sort();
      const wantRows = want.map((r) => ({
        code_offset: r.code_offset, file: r.file, line: r.line, column: r.column, is_stmt: r.is_stmt,
        prologue_end: r.prologue_end, end_sequence: r.end_sequence,
        ...(r.discriminator ? { discriminator: r.discriminator } : {}),
        ...(r.epilogue_begin ? { epilogue_begin: true } : {}),
      }));
      expect(got.length).toBe(wantRows.length);
      expect(norm(got)).toEqual(norm(wantRows));
      // Each sequence keeps table order (addresses never decrease).
      for (const s of ours) for (let i = 1; i < s.rows.length; i++) expect(s.rows[i].address).toBeGreaterThanOrEqual(s.rows[i - 1].address);
    });

    it(`${name}: line lookup at every row address`, () => {
      const si = load(name);
      for (const t of expected.line_tables) {
        const rows = t.rows;
        for (let i = 0; i < rows.length; i++) {
          const r = rows[i];
          if (r.end_sequence) continue;
          // The last row at this address governs it.
          let j = i;
          while (j + 1 < rows.length && rows[j + 1].code_offset === r.code_offset && !rows[j + 1].end_sequence) j++;
          const loc = si.locationAt(r.code_offset);
          expect(loc, `pc ${r.code_offset}`).toBeDefined();
          expect([loc?.file, loc?.line, loc?.column]).toEqual([rows[j].file, rows[j].line, rows[j].column]);
          if (r.is_stmt && r.line !== 0) expect(si.isStatementStart(r.code_offset)).toBe(true);
        }
      }
    });

    it(`${name}: every function's subprogram and inlined subroutines`, () => {
      const si = load(name);
      for (const f of expected.functions) {
        const fn = si.scopes.functionAt(f.body_code_offset);
        if (f.dwarf === null) {
          // No subprogram starts at this body (libc without DWARF); nothing may claim its first instruction.
          expect(fn?.ranges.some(([lo]) => lo === f.body_code_offset) ?? false).toBe(false);
          continue;
        }
        expect(fn, f.name).toBeDefined();
        if (!fn) continue;
        expect(si.scopes.name(fn.die)).toBe(f.dwarf.name);
        expect(fn.ranges).toEqual([[f.dwarf.low_pc, f.dwarf.high_pc]]);
        // Inlined subroutines, in DIE (pre)order with their nesting depth.
        const found: object[] = [];
        const walk = (d: Die, nesting: number): void => {
          for (const c of d.children) {
            if (c.tag === DW_TAG.inlined_subroutine) {
              const num = (at: number): number => { const v = c.attrs.get(at); return v && 'v' in v ? Number(v.v) : 0; };
              found.push({
                die: `0x${c.offset.toString(16).padStart(8, '0')}`, name: si.scopes.name(c), ranges: si.info.ranges(c), call_file: si.fileName(c, num(DW_AT.call_file)),
                call_line: num(DW_AT.call_line), call_column: num(DW_AT.call_column), nesting,
              });
              walk(c, nesting + 1);
            } else walk(c, nesting);
          }
        };
        walk(fn.die, 0);
        // lines-json names an inlined instance as llvm-dwarfdump prints its abstract origin: by linkage name
        // when there is one (Rust). Frames use DW_AT_name (scenarios.json's conventions), so accept either.
        const linkage = (die: string): string | undefined => {
          const d = si.info.deref({ k: 'ref', v: parseInt(die, 16) });
          const l = d && si.scopes.attr(d, DW_AT.linkage_name);
          return l ? si.info.string(l.die.unit, l.value) : undefined;
        };
        expect(found).toEqual(f.dwarf.inlined.map((x) => ({
          ...x, call_file: x.call_file.replace(/^\.\//, ''),
          name: x.name === linkage(x.die) ? si.scopes.name(si.info.deref({ k: 'ref', v: parseInt(x.die, 16) }) as Die) : x.name,
        })));
      }
    });
  }
});

describe('loading cost', () => {
  // What keeps loading cheap, counted rather than timed (no timing assertions: CI machines are shared).
  it('wasi_io.O0: no DIE tree at load, one unit parsed on the first frame query', () => {
    const si = loadSourceInfo(wasm('wasi_io.O0')) as DwarfSourceInfo;
    const parsed = (): number => si.info.units.filter((u) => u.dies !== undefined).length;
    expect(si.info.units.length).toBe(6);
    expect(parsed()).toBe(0);
    expect(si.framesAt(1719).map((f) => f.name)).toEqual(['count_vowels']);
    // Only the unit containing the pc has its DIE tree built (the program's own is the first).
    expect(parsed()).toBe(1);
  });
});
