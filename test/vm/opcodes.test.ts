// The dispatch loops use literal case labels (for V8's jump tables) with the opcode name in a comment:
// check every label against the opcode table, and that no opcode is handled twice.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COLD_START, Op } from '../../src/vm/translate/opcodes.js';

function labels(file: string): [number, string][] {
  const src = readFileSync(new URL(`../../src/vm/exec/${file}`, import.meta.url), 'utf8');
  return Array.from(src.matchAll(/case (\d+): \/\* ([A-Z0-9_]+) \*\//g), (m) => [Number(m[1]), m[2]]);
}

describe('opcode labels', () => {
  it('interpreter.ts and cold.ts labels match opcodes.ts', () => {
    const hot = labels('interpreter.ts');
    const cold = labels('cold.ts');
    for (const [n, name] of [...hot, ...cold]) expect([name, n]).toEqual([name, (Op as Record<string, number>)[name]]);
    for (const [n] of hot) expect(n).toBeLessThan(COLD_START);
    for (const [n] of cold) expect(n).toBeGreaterThanOrEqual(COLD_START);
    const all = [...hot, ...cold].map(([n]) => n);
    expect(new Set(all).size).toBe(all.length);
    // Every opcode is handled somewhere (SIMD in exec/simd.ts through cold's default).
    const handled = new Set(all);
    const missing = Object.entries(Op).filter(([name, n]) => !handled.has(n) && name !== 'SIMD').map(([name]) => name);
    expect(missing).toEqual([]);
  });
});

describe('opcode table consistency', () => {
  it('operand counts agree with the documented operand lists', async () => {
    const { OPERANDS, SLOT_OPERANDS } = await import('../../src/vm/translate/opcodes.js');
    const src = readFileSync(new URL('../../src/vm/translate/opcodes.ts', import.meta.url), 'utf8');
    for (const m of src.matchAll(/^  ([A-Z0-9_]+): \d+, \/\/ ([^(\n]*)/gm)) {
      const [, name, desc] = m;
      if (name === 'BR_TABLE') continue;
      expect([name, desc.trim().split(/\s+/).filter(Boolean).length]).toEqual([name, OPERANDS[name]]);
      for (const p of SLOT_OPERANDS[name]) expect(p).toBeLessThan(OPERANDS[name]);
    }
  });
});
