// Reading the generated statements (the passes over a compiled function's text: shared-index.ts,
// loop-locals.ts, codegen.ts): where a parenthesis closes, how deep in loops a statement is, what it assigns.

/** The identifiers a statement assigns, in order, once per assignment: `NAME = `, `NAME op= ` (op one of
 *  `- + * / % & | ^ << >> >>>`; not `==`, `<=`, …), `++NAME`, `--NAME`, `NAME++`, `NAME--`. NAME is a whole
 *  identifier (ASCII letters, digits, `_`, `$`; not starting with a digit) — `m.x = ` assigns `x`,
 *  `I[fp] = ` nothing. This is the expression
 *    /([A-Za-z_$][\w$]*) (?:[-+*\/%&|^]|<<|>>>?)?= (?!=)|(?:\+\+|--)([A-Za-z_$][\w$]*)|([A-Za-z_$][\w$]*)(?:\+\+|--)/g
 *  matched left to right, as a scan of the characters: the passes ask it of every statement (millions in a big
 *  module), and the expression retries each identifier from each of its characters. */
export function assignedNames(s: string): string[] {
  const out: string[] = [];
  const n = s.length;
  for (let p = 0; p < n; ) {
    const c = s.charCodeAt(p);
    if (isIdentifierStart(c)) {
      // (an identifier matches from its first letter or none of it does: what follows it is the same)
      let e = p + 1;
      while (e < n && isIdentifierPart(s.charCodeAt(e))) e++;
      const next = s.charCodeAt(e);
      if (next === 32) {
        // `NAME = ` or `NAME op= `, not followed by `=`
        const q = e + 1, o = s.charCodeAt(q);
        const eq = o === 61 ? q : OPERATOR.has(o) ? q + 1 : o === 60 && s.charCodeAt(q + 1) === 60 ? q + 2
          : o === 62 && s.charCodeAt(q + 1) === 62 ? (s.charCodeAt(q + 2) === 62 ? q + 3 : q + 2) : -1;
        if (eq >= 0 && s.charCodeAt(eq) === 61 && s.charCodeAt(eq + 1) === 32 && s.charCodeAt(eq + 2) !== 61) {
          out.push(s.slice(p, e));
          p = eq + 2;
          continue;
        }
      } else if ((next === 43 || next === 45) && s.charCodeAt(e + 1) === next) {
        // `NAME++`, `NAME--`
        out.push(s.slice(p, e));
        p = e + 2;
        continue;
      }
      p = e;
    } else if ((c === 43 || c === 45) && s.charCodeAt(p + 1) === c && isIdentifierStart(s.charCodeAt(p + 2))) {
      // `++NAME`, `--NAME`
      let e = p + 3;
      while (e < n && isIdentifierPart(s.charCodeAt(e))) e++;
      out.push(s.slice(p + 2, e));
      p = e;
    } else p++;
  }
  return out;
}

/** The one-character operators of a compound assignment: - + * / % & | ^ */
const OPERATOR = new Set([45, 43, 42, 47, 37, 38, 124, 94]);

/** `[A-Za-z_$]` */
function isIdentifierStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36;
}

/** `[\w$]` */
function isIdentifierPart(c: number): boolean {
  return isIdentifierStart(c) || (c >= 48 && c <= 57);
}

/** The matches of the global expression `re` in `s`, as `s.matchAll(re)` finds them, without matchAll's copy
 *  of the expression at each call: a cost per statement, and big functions have a million statements. */
export function matchesOf(re: RegExp, s: string): RegExpExecArray[] {
  const out: RegExpExecArray[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(s); m !== null; m = re.exec(s)) out.push(m);
  return out;
}

/** Whether `word` occurs in `s` as a word (`\bword\b`: no ASCII letter, digit or `_` on either side). */
export function hasWord(s: string, word: string): boolean {
  for (let i = s.indexOf(word); i >= 0; i = s.indexOf(word, i + 1)) {
    if ((i === 0 || !isWordChar(s.charCodeAt(i - 1))) && !isWordChar(s.charCodeAt(i + word.length))) return true;
  }
  return false;
}

/** `\w` (charCodeAt past the end is NaN: none). */
export function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
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

/** The statements with a brace (`{` or `}`), in order: what loopDepths and hoistSignFlips (loop-locals.ts)
 *  walk instead of every statement — most statements have none, and a function's passes ask both. */
export function braceStatements(lines: readonly string[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < lines.length; i++) if (lines[i].indexOf('{') >= 0 || lines[i].indexOf('}') >= 0) out.push(i);
  return out;
}

/** The loop depth of each statement: how many `for`/`while`/`do` bodies enclose it. `braces`: the statements
 *  with a brace (braceStatements). */
export function loopDepths(lines: readonly string[], braces: readonly number[] = braceStatements(lines)): number[] {
  const depth: number[] = [];
  const stack: boolean[] = [];
  let loops = 0;
  // (the depth changes only after a statement with a brace: the ones between take the depth before it)
  let from = 0;
  for (const i of braces) {
    for (; from <= i; from++) depth.push(loops);
    const line = lines[i];
    for (let j = 0; j < line.length; j++) {
      const c = line[j];
      if (c === '{') {
        const loop = /\bfor \(|\bwhile \(|\bdo $/.test(line.slice(0, j));
        stack.push(loop);
        if (loop) loops++;
      } else if (c === '}' && stack.pop() === true) loops--;
    }
  }
  for (; from < lines.length; from++) depth.push(loops);
  return depth;
}
