// Reading generated statements (src/vm/jstier/text.ts): what a statement assigns, as the passes ask it of
// every statement, and whether a name occurs as a word.
import { describe, expect, it } from 'vitest';
import { assignedNames, hasWord, matchesOf } from '../../src/vm/jstier/text.js';

/** The grammar assignedNames documents, as the expression the passes used before it. */
const ASSIGNED = /([A-Za-z_$][\w$]*) (?:[-+*/%&|^]|<<|>>>?)?= (?!=)|(?:\+\+|--)([A-Za-z_$][\w$]*)|([A-Za-z_$][\w$]*)(?:\+\+|--)/g;

describe('the statements read by the passes', () => {
  it('finds each assignment of a statement, compound ones and increments included, and nothing else', () => {
    expect(assignedNames('L1 = ((L1 + 1) | 0);')).toEqual(['L1']);
    expect(assignedNames('if ((L5 = IW0[3]) === undefined) L5 = 0;')).toEqual(['L5', 'L5']);
    expect(assignedNames('W = h1; i1 = l0; h1 = W;')).toEqual(['W', 'i1', 'h1']);
    expect(assignedNames('x >>>= 3; y >>= 1; z <<= 2; q ^= 1; r %= 7;')).toEqual(['x', 'y', 'z', 'q', 'r']);
    expect(assignedNames('--y; z++; ++$a;')).toEqual(['y', 'z', '$a']);
    // a property's name, not its object; an element, nothing
    expect(assignedNames('m.x = 1; I[fp] = R;')).toEqual(['x']);
    // compares are no assignments
    expect(assignedNames('if (a == b || a === c || a != d || a <= e || a >= f) break B1;')).toEqual([]);
    // a name that starts after digits, a space inside the operator
    expect(assignedNames('12ab = 1; x = = 2; a  = 3;')).toEqual(['ab']);
  });

  it('reads what the expression it replaces reads, on generated shapes and odd ones', () => {
    const shapes = [
      'i0 = inner(b, ((L0 - 1) | 0));', 'if (FD0[SX = (L1 - 8) / 8] === undefined) DV0.setFloat64(((L1 - 8) >>> 0), v, true); else FD0[SX] = v;',
      'U_L5 = (L5 ^ -2147483648);\nB2: for (;;) {', 'F0: for (S0 = 0;;) { switch (S0) { case 0:', 'S0 = 3; continue F0;',
      'X = (L1 = 5) + 1;', 'a+++b', 'a-- - --b', '+++a', '++1', 'x >>>> = 1', 'x >>= = 1', 'é = 1', '_ = 1', 'a=1', 'x = ==',
      'l3 = ((X = (l3 + l4) | 0) >>> 0) < (l3 >>> 0) ? 1 : 0; h3 = (h3 + h4 + Y) | 0;',
    ];
    for (const s of shapes) expect(assignedNames(s), s).toEqual([...s.matchAll(ASSIGNED)].map((m) => m[1] ?? m[2] ?? m[3]));
  });

  it('finds a word only between characters that are no part of one', () => {
    expect(hasWord('IW0[3] + I', 'I')).toBe(true);
    expect(hasWord('IW0[3] + II', 'I')).toBe(false);
    expect(hasWord('DI[0] = x;', 'D')).toBe(false);
    expect(hasWord('DI[0] = x;', 'DI')).toBe(true);
    // (`$` is no word character, as for `\b`)
    expect(hasWord('$X(1)', 'X')).toBe(true);
  });

  it('matches as matchAll does, the expression left reusable', () => {
    const re = /\bL(\d+)\b/g;
    expect(matchesOf(re, 'L1 + L22 - xL3').map((m) => [m[0], m.index])).toEqual([['L1', 0], ['L22', 5]]);
    expect(matchesOf(re, 'L7').map((m) => m[1])).toEqual(['7']);
  });
});
