// Reading the generated statements (the passes over a compiled function's text: shared-index.ts,
// loop-locals.ts, codegen.ts): where a parenthesis closes, how deep in loops a statement is, what it assigns.

/** Where a statement assigns an identifier (plain or compound assignment, `++`/`--`). */
export const ASSIGNED = /([A-Za-z_$][\w$]*) (?:[-+*/%&|^]|<<|>>>?)?= (?!=)|(?:\+\+|--)([A-Za-z_$][\w$]*)|([A-Za-z_$][\w$]*)(?:\+\+|--)/g;

/** The matches of the global expression `re` in `s`, as `s.matchAll(re)` finds them, without matchAll's copy
 *  of the expression at each call: a cost per statement, and big functions have a million statements. */
export function matchesOf(re: RegExp, s: string): RegExpExecArray[] {
  const out: RegExpExecArray[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(s); m !== null; m = re.exec(s)) out.push(m);
  return out;
}

/** The index of the parenthesis closing the one at `open`. */
export function closingParen(s: string, open: number): number {
  let depth = 0;
  for (let j = open; j < s.length; j++) {
    if (s[j] === '(') depth++;
    else if (s[j] === ')' && --depth === 0) return j;
  }
  return s.length;
}

/** The loop depth of each statement: how many `for`/`while`/`do` bodies enclose it. */
export function loopDepths(lines: readonly string[]): number[] {
  const depth: number[] = [];
  const stack: boolean[] = [];
  let loops = 0;
  for (const line of lines) {
    depth.push(loops);
    // (most statements have no brace)
    for (let j = line.indexOf('{') < 0 && line.indexOf('}') < 0 ? line.length : 0; j < line.length; j++) {
      const c = line[j];
      if (c === '{') {
        const loop = /\bfor \(|\bwhile \(|\bdo $/.test(line.slice(0, j));
        stack.push(loop);
        if (loop) loops++;
      } else if (c === '}' && stack.pop() === true) loops--;
    }
  }
  return depth;
}
