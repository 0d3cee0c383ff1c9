// The dispatch loops use literal case labels (for V8's jump tables) with the opcode name in a comment:
// check every label against the opcode table, and that no opcode is handled twice.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COLD_START, OPERANDS, Op, PACKED_START, SLOT_OPERANDS } from '../../src/vm/translate/opcodes.js';

// `Op` is a TypeScript enum: at run time (unbundled) an object with name → number and number → name entries.
const opEntries = Object.entries(Op).filter(([, n]) => typeof n === 'number') as [string, number][];

function labels(file: string): [number, string][] {
  const src = readFileSync(new URL(`../../src/vm/exec/${file}`, import.meta.url), 'utf8');
  return Array.from(src.matchAll(/case (\d+): \/\* ([A-Z0-9_]+) \*\//g), (m) => [Number(m[1]), m[2]]);
}

describe('opcode labels', () => {
  it('interpreter.ts and cold.ts labels match opcodes.ts', () => {
    const hot = labels('interpreter.ts');
    const cold = labels('cold.ts');
    for (const [n, name] of [...hot, ...cold]) expect([name, n]).toEqual([name, (Op as unknown as Record<string, number>)[name]]);
    // the packed forms (translate/packed-operands.ts) come after the cold opcodes but run in the loop
    for (const [n] of hot) expect(n < COLD_START || n >= PACKED_START).toBe(true);
    for (const [n] of cold) expect(n >= COLD_START && n < PACKED_START).toBe(true);
    const all = [...hot, ...cold].map(([n]) => n);
    expect(new Set(all).size).toBe(all.length);
    // Every opcode is handled somewhere (SIMD in exec/simd.ts through cold's default).
    const handled = new Set(all);
    const missing = opEntries.filter(([name, n]) => !handled.has(n) && name !== 'SIMD').map(([name]) => name);
    expect(missing).toEqual([]);
  });
});

describe('opcode arithmetic', () => {
  // Adding a hot opcode renumbers the cold ones: a range written as numbers (`op - 233`) would silently
  // index the wrong entry, so cold.ts computes with names (`op - Op.I64_DIV_S`, inlined by the bundler).
  it('cold.ts and interpreter.ts compare or offset opcodes by name, never by a literal number', () => {
    for (const file of ['cold.ts', 'interpreter.ts']) {
      const src = readFileSync(new URL(`../../src/vm/exec/${file}`, import.meta.url), 'utf8');
      expect([file, src.match(/\bop\s*(?:-|<|>|<=|>=)\s*\d+/g)]).toEqual([file, null]);
    }
  });
});

describe('opcode table consistency', () => {
  it('operand counts agree with the documented operand lists', () => {
    const src = readFileSync(new URL('../../src/vm/translate/opcodes.ts', import.meta.url), 'utf8');
    const documented = Array.from(src.matchAll(/^  ([A-Z0-9_]+) = (\d+), \/\/ ([^(\n]*)/gm));
    // Opcodes are dense: one LAYOUT word per opcode, no gaps.
    expect(documented.map((m) => Number(m[2]))).toEqual(documented.map((_, i) => i));
    expect(OPERANDS.length).toBe(documented.length);
    expect(SLOT_OPERANDS.length).toBe(documented.length);
    for (const [, name, n, desc] of documented) {
      const op = Number(n);
      if (name === 'BR_TABLE') continue;
      expect([name, desc.trim().split(/\s+/).filter(Boolean).length]).toEqual([name, OPERANDS[op]]);
      for (const p of SLOT_OPERANDS[op]) expect(p).toBeLessThan(OPERANDS[op]);
    }
  });

  it('value-slot operands are the ones the operand lists name as slots', () => {
    // Operand names that always denote a frame offset (see the legend at the top of opcodes.ts); `off` is one
    // only for calls (the argument base). BR_TABLE's `n` is a count and GC's s0..s4 depend on the sub-opcode.
    const src = readFileSync(new URL('../../src/vm/translate/opcodes.ts', import.meta.url), 'utf8');
    const slotLetters = new Set(['d', 'a', 'b', 'c', 'v', 's', 'x', 'y', 'p', 'r', 'd2', 's2', 'i', 'n', 'idx']);
    for (const [, name, n, desc] of src.matchAll(/^  ([A-Z0-9_]+) = (\d+), \/\/ ([^(\n]*)/gm)) {
      const words = desc.trim().split(/\s+/).filter(Boolean);
      if (name === 'BR_TABLE' || name === 'GC') continue;
      const expected = words.flatMap((w, p) => (slotLetters.has(w) || (w === 'off' && name.includes('CALL')) ? [p] : []));
      expect([name, SLOT_OPERANDS[Number(n)]]).toEqual([name, expected]);
    }
  });
});
