// printFunction: one line per instruction at its code offset (from the Code section's contents), checked
// against llvm-objdump's listing of the debugger fixtures (expected/*.objdump.txt): the same offsets and
// the same mnemonic for every instruction of every function listed there.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeModule } from '../../src/decoder/decode-module.js';
import { printFunction } from '../../src/text/index.js';
import { binaries, DEBUG_DIR, expectedLines, wasm } from '../debug/dwarf/fixtures.js';

/** code offset → mnemonic, from llvm-objdump -d. */
function objdump(name: string): Map<number, string> {
  const out = new Map<number, string>();
  for (const line of readFileSync(join(DEBUG_DIR, 'expected', `${name}.objdump.txt`), 'utf8').split('\n')) {
    const m = /^\s+([0-9a-f]+):(?: [0-9a-f]{2})+\s*\t(\S+)/.exec(line);
    // llvm-objdump 14 names the untyped `select` (0x1b) after one of LLVM's typed pseudo-instructions.
    if (m) out.set(parseInt(m[1], 16), /^(i32|i64|f32|f64)\.select$/.test(m[2]) ? 'select' : m[2]);
  }
  return out;
}

describe('printFunction offsets and mnemonics match llvm-objdump', () => {
  for (const name of binaries()) {
    it(name, () => {
      const module = decodeModule(wasm(name));
      const want = objdump(name);
      const expected = expectedLines(name);
      let compared = 0;
      for (const f of expected.functions) {
        const listed = [...want.keys()].filter((o) => o >= f.first_instr_code_offset && o < f.body_code_end);
        if (listed.length === 0) continue; // wasi_io: objdump lists only the program's own functions
        const lines = printFunction(module, f.index).lines;
        expect(lines.map((l) => l.codeOffset), f.name).toEqual(listed);
        expect(lines.map((l) => l.text.trim().split(' ')[0]), f.name).toEqual(listed.map((o) => want.get(o)));
        expect(lines[0].codeOffset).toBe(f.first_instr_code_offset);
        compared += lines.length;
      }
      expect(compared).toBeGreaterThan(10);
    });
  }

  it('an imported function has no listing', () => {
    const module = decodeModule(wasm('wasi_io.O0'));
    expect(module.importedFuncs).toBeGreaterThan(0);
    expect(() => printFunction(module, 0)).toThrow(RangeError);
  });
});
