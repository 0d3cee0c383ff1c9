// Reading generated statements (src/vm/jstier/text.ts): what a statement assigns, as the passes ask it of
// every statement, and whether a name occurs as a word.
import { describe, expect, it } from 'vitest';
import { assignedNames, braceStatements, hasWord, loopDepths, matchesOf } from '../../src/vm/jstier/text.js';
import { inlinable, inlinableText } from '../../src/vm/jstier/codegen.js';

/** loopDepths as it read every statement before it took the statements with a brace. */
function depthsOfEveryStatement(lines: readonly string[]): number[] {
  const depth: number[] = [];
  const stack: boolean[] = [];
  let loops = 0;
  for (const line of lines) {
    depth.push(loops);
    for (let j = 0; j < line.length; j++) {
      if (line[j] === '{') {
        const loop = /\bfor \(|\bwhile \(|\bdo $/.test(line.slice(0, j));
        stack.push(loop);
        if (loop) loops++;
      } else if (line[j] === '}' && stack.pop() === true) loops--;
    }
  }
  return depth;
}

/** codegen's inlinable as the expressions it replaces read it. */
function inlinableByExpressions(e: string): boolean {
  if (e.indexOf('[') < 0) return /^[\w\s()+\-*/%&|^~<>=!?:.,$]*$/.test(e);
  const r = e.replace(/\b(?:IW|FD|IB|UB|IH|UH)\d+\[/g, '(');
  return r.indexOf('[') < 0 && /^[\w\s()+\-*/%&|^~<>=!?:.,$\]]*$/.test(r);
}

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

  it('finds the loop depths from the statements with a brace as a read of every statement does', () => {
    const lines = ['L1 = 0;', 'B1: for (;;) {', 'if (L1) { L2 = 1; } else { L2 = 2; }', 'B2: {', 'do {', 'x;', '} while (y);',
      'while (z) { w; }', 'break B2;', '}', 'B3: for (;;) { if (a) {', 'b;', '} }', 'c;', '}', 'F0: for (S0 = 0;;) { switch (S0) { case 0:', 'd;', '} break; }', 'e;'];
    expect(braceStatements(lines)).toEqual(lines.flatMap((l, i) => (/[{}]/.test(l) ? [i] : [])));
    expect(loopDepths(lines)).toEqual(depthsOfEveryStatement(lines));
    expect(loopDepths(lines).slice(0, 6)).toEqual([0, 0, 1, 1, 1, 2]);
    expect(loopDepths([])).toEqual([]);
  });

  it("takes codegen's expressions read in place as the expressions it replaces do", () => {
    const shapes = [
      '(L1 + 3) | 0', '(IW0[L1 / 4] ?? DV0.getInt32((L1 >>> 0), true))', 'UB12[3] + FD1[(L1 + 8) / 8]', 'IW0[x]', 'xIW0[x]', '$IW0[x]',
      '_IW0[1]', 'IW[1]', 'W0[1]', '(IW0[1])]', 'a]', 'I[3]', '0IW0[1]', 'IW0IW1[2]', ' IH3[4]', 'IW0[', '[', '', 'a\u00a0b', 'a\u2028', 'é',
      'G[GA1]', 'refs[N + 0]', 'X = 1', "rt.trap('x')", 'a ? b : c', '`t`', 'a; b', '{}', '"s"', '#',
    ];
    for (const e of shapes) {
      expect(inlinable(e), JSON.stringify(e)).toBe(inlinableByExpressions(e));
      expect(inlinableText(e), JSON.stringify(e)).toBe(/^[\w\s()+\-*/%&|^~<>=!?:.,$]*$/.test(e));
    }
  });
});
