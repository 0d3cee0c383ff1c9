// DWARF 5 (the shared fixtures are all DWARF 4): a wasm object built by LLVM 14 from hand-written IR
// (dwarf5/README.md), read against llvm-dwarfdump's own dump of it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSourceInfo, DwarfSourceInfo } from '../../../src/debug/dwarf/index.js';
import type { FrameAccess } from '../../../src/debug/source-info.js';

const DIR = join(__dirname, 'dwarf5');
const si = loadSourceInfo(new Uint8Array(readFileSync(join(DIR, 'dwarf5.o.wasm')))) as DwarfSourceInfo;
const info = readFileSync(join(DIR, 'dwarf5.debug-info.txt'), 'utf8');
const lines = readFileSync(join(DIR, 'dwarf5.debug-line.txt'), 'utf8');

const hex = (s: string): number => parseInt(s, 16);

describe('DWARF 5 (strx, addrx, rnglistx, loclistx, line_strp, v5 line header)', () => {
  it('is DWARF 5', () => {
    expect(si.info.units.map((u) => u.version)).toEqual([5]);
  });

  it('line table rows and file path match llvm-dwarfdump', () => {
    const want = [...lines.matchAll(/^0x([0-9a-f]{16})[ ]+(\d+)[ ]+(\d+)[ ]+(\d+)[ ]+\d+[ ]+\d+[ ]*(.*)$/gm)].map((m) => ({
      address: hex(m[1]), line: Number(m[2]), column: Number(m[3]), isStmt: m[5].includes('is_stmt'),
      prologueEnd: m[5].includes('prologue_end'), endSequence: m[5].includes('end_sequence'),
    }));
    expect(want.length).toBeGreaterThan(5);
    const got = si.lines.sequences.flatMap((s) => s.rows).map((r) => ({
      address: r.address, line: r.line, column: r.column, isStmt: r.isStmt, prologueEnd: r.prologueEnd, endSequence: r.endSequence,
    }));
    expect(got).toEqual(want);
    // include_directories[0] = "/work/example", file 0 = "src/dwarf5.c" (dir 0): DWARF 5 indices are 0-based.
    expect(si.files()).toEqual(['/work/example/src/dwarf5.c']);
  });

  it("the unit's range list (rnglistx) and the subprograms (addrx, strx)", () => {
    const ranges = [...(/DW_AT_ranges\t\(indexed \(0x0\) rangelist = 0x[0-9a-f]+\s+((?:\[0x[0-9a-f]+, 0x[0-9a-f]+\)\s*)+)/.exec(info)?.[1] ?? '')
      .matchAll(/\[0x([0-9a-f]+), 0x([0-9a-f]+)\)/g)].map((m) => [hex(m[1]), hex(m[2])]);
    expect(ranges.length).toBe(2);
    expect(si.info.ranges(si.info.units[0].root)).toEqual(ranges);
    const subs = [...info.matchAll(/DW_TAG_subprogram\s+DW_AT_low_pc\t\(0x([0-9a-f]+)\)\s+DW_AT_high_pc\t\(0x([0-9a-f]+)\)[^]*?DW_AT_name\t\("(\w+)"\)/g)]
      .map((m) => [m[3], [[hex(m[1]), hex(m[2])]]]);
    expect(subs.length).toBe(2);
    expect(si.scopes.allFunctions().map((f) => [si.scopes.name(f.die), f.ranges])).toEqual(subs);
  });

  it('variables: fbreg on a wasm-local frame base, a location list (loclistx) and a global (addrx)', () => {
    // add's frame base is wasm local 2 (DW_OP_WASM_location 0x0 0x2); twice's v is in local 0, then on the
    // operand stack, then "operand - 3" (DW_OP_lit3, DW_OP_minus), per the dump.
    const frame: FrameAccess = {
      local: (i) => [41, 0, 1000][i] ?? 0,
      global: () => 0,
      operand: () => 10,
      readMemory: (a, n) => new Uint8Array(n).map((_, k) => (k === 0 ? (a & 0xff) : 0)),
    };
    const add = si.variablesAt(0x10, 0, frame);
    expect(add.map((v) => [v.name, v.type, v.location, v.address])).toEqual([
      ['a', 'int', 'DW_OP_fbreg +12', 1012], ['p', 'struct P *', 'DW_OP_fbreg +8', 1008], ['s', 'int', 'DW_OP_fbreg +4', 1004],
    ]);
    const list = [...info.matchAll(/\[0x([0-9a-f]+), 0x([0-9a-f]+)\): (DW_OP_WASM_location[^\n)]*(?:\)[^\n]*)?)$/gm)]
      .map((m) => ({ lo: hex(m[1]), hi: hex(m[2]), expr: m[3].replace(/\)$/, '') }));
    expect(list.length).toBe(3);
    const values = list.map(({ lo, hi, expr }) => {
      for (const pc of [lo, hi - 1]) expect(si.variablesAt(pc, 0, frame)[0].location).toBe(expr);
      return si.variablesAt(lo, 0, frame)[0].value;
    });
    expect(values).toEqual(['41', '10', '7']);
    const g = si.evaluate('g', 0x10, frame);
    expect([g.type, g.location, g.address]).toEqual(['int', 'DW_OP_addrx 0x0', 0]);
    expect(si.evaluate('p->y', 0x10, frame).type).toBe('short');
  });
});
