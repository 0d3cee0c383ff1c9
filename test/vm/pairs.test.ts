// Pair instructions (translate/pairs.ts) run two adjacent instructions in one dispatch; their cases in the
// dispatch loop are the two instructions' own bodies, written out (JS has no macros and V8 inlines nothing
// without a JIT). This checks that every `A__B` case is exactly A's body then B's, so editing an
// instruction cannot leave a stale copy behind, and that the translator's table names the same pairs. One
// mechanical difference: a part does not advance pc (its `pc += n` is dropped); the parts after it read
// their operands n words further on (`code[pc + k + n]`, a trap at `pc + n`), so a fused case updates pc once.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { caseBodies } from './loop-cases.js';
import { Op } from '../../src/vm/translate/opcodes.js';

const indent = (ls: string[]): string[] => ls.map((l) => (l === '' ? l : '  ' + l));

/** A's body as the first half of a pair: its final `break` dropped; a conditional branch taken leaves the case. */
function firstHalf(a: string[]): string[] {
  expect(a[a.length - 1].trim()).toBe('break;');
  const body = a.slice(0, -1);
  const m = /^\s*pc = (.*) \? (code\[pc \+ \d+\]) : pc \+ (\d+);$/.exec(body[body.length - 1]);
  if (m !== null) return [...body.slice(0, -1), `          if (${m[1]}) {`, `            pc = ${m[2]};`, '            break;', '          }', `          pc += ${m[3]};`];
  return body;
}

/** A part's lines at `off` words after the fused instruction's pc (its pc advance, if any, by `off` more). */
function shifted(ls: string[], off: number): string[] {
  if (off === 0) return ls;
  return ls.map((l) =>
    l
      .replace(/\bpc \+= (\d+);/g, (_, n: string) => `pc += ${Number(n) + off};`)
      .replace(/\bpc \+ (\d+)\b/g, (_, n: string) => `pc + ${Number(n) + off}`)
      .replace(/\bpc\b(?! [+=])/g, `pc + ${off}`),
  );
}

/** The parts' bodies one after another, each but the last without its final pc advance, offsets shifted. */
function fusedBody(parts: string[], bodies: Map<string, string[]>): string[] {
  const out: string[] = [];
  let off = 0;
  parts.forEach((p, k) => {
    let body = bodies.get(p)!;
    let advance = 0;
    if (k < parts.length - 1) {
      body = firstHalf(body);
      const m = /^\s*pc \+= (\d+);$/.exec(body[body.length - 1]);
      expect(m).not.toBeNull();
      advance = Number(m![1]);
      body = body.slice(0, -1);
    }
    out.push('          {', ...indent(shifted(body, off)), '          }');
    off += advance;
  });
  return out;
}

describe('pair instructions', () => {
  const bodies = caseBodies();
  const pairs = [...bodies.keys()].filter((n) => n.includes('__'));

  it('each A__B case is A then B, verbatim but for the folded pc advances', () => {
    expect(pairs.length).toBeGreaterThan(20);
    for (const name of pairs) expect([name, bodies.get(name)]).toEqual([name, fusedBody(name.split('__'), bodies)]);
  });

  it('the translator pairs exactly the opcodes that have a case', () => {
    const table = readFileSync(new URL('../../src/vm/translate/pairs.ts', import.meta.url), 'utf8');
    const listed = Array.from(table.matchAll(/\[((?:Op\.\w+, )+)Op\.(\w+)\]/g), (m) => {
      expect(m[2]).toBe(m[1].slice(0, -2).replace(/Op\./g, '').split(', ').join('__'));
      return m[2];
    });
    expect(listed.sort()).toEqual(pairs.sort());
    for (const name of pairs) expect(typeof (Op as unknown as Record<string, number>)[name]).toBe('number');
  });
});
