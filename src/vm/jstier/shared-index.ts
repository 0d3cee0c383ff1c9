// One division per base address instead of one per access: a pass over a compiled function's statements
// (codegen.ts, assemble). Loads and stores of 32-bit memories read the element view at `a / w` (viewLoad,
// viewStore), and wasm code addresses a record's fields off one base — nbody's bodies are seven f64 at
// `p`, `p + 8`, …, each `FD0[(L1 + 8) / 8]`: `Ldar`, `AddSmi`, `DivSmi`. Where three or more accesses of one
// width share a base in straight-line code, the first one keeps the quotient in a variable
// (`FD0[(Q8L1 = L1 / 8) + 1]`) and the others add a constant to it (`FD0[Q8L1 + 6]`): one bytecode fewer per
// access without a JIT.
//
// Exact: for an int32 base `b` and a multiple `k` of `w` below 2^31, `(b + k) / w` and `b / w + k / w` are the
// same double (division by a power of two is exact, and both are multiples of 1/w far below 2^53), so every
// element read or written is the one before, and every miss (a fraction, a negative index, beyond the view)
// is the same miss, which the DataView fallback — given the address as before — handles.
//
// Safe: the quotient is assigned where the first access is evaluated on every path through the statements
// that follow it. A run of statements is straight-line code: no brace (a block, a loop, an `if` with
// statements, an `else`) and no label (a case of flat mode's dispatch) inside it, so control enters a run only
// at its top. Within a statement the first access must be evaluated unconditionally: inside an `if`'s
// condition, not after `?`, `&&` or `||` (`??`'s right operand is a DataView call, never an element read:
// codegen's slowOnly). A statement assigning the base ends its share (the base changed); the quotient is
// recomputed by the next run of accesses.

/** An element read or write of a view with a computed index: view, `SX = ` (a store's index), the base
 *  (a variable or its unsigned value `(v >>> 0)`, alone or with a constant added or subtracted), the width, a
 *  constant added to the quotient (the high word of an i64 load). */
const BASE = String.raw`[A-Za-z_$][\w$]*|\([A-Za-z_$][\w$]* >>> 0\)`;
const ACCESS = new RegExp(String.raw`\b((?:IW|FD|IH|UH)\d+)\[(SX = )?(?:(${BASE})|\((${BASE}) ([+-]) (\d+)\)) \/ ([248])(?: \+ (\d+))?\]`, 'g');
/** Where a statement assigns an identifier (plain or compound assignment, `++`/`--`). */
const ASSIGNED = /([A-Za-z_$][\w$]*) (?:[-+*/%&|^]|<<|>>>?)?= (?!=)|(?:\+\+|--)([A-Za-z_$][\w$]*)|([A-Za-z_$][\w$]*)(?:\+\+|--)/g;
/** Statements that end a run: braces, labels and cases. */
const BREAKS_RUN = /[{}]|^\s*[A-Za-z_$][\w$]*(?: \d+)?:(?!:)/;

interface Access {
  line: number;
  /** the quotient's variable */
  q: string;
  /** the base's text, the width */
  base: string;
  width: number;
  start: number;
  end: number;
  view: string;
  sx: boolean;
  /** the index minus base / width */
  delta: number;
  first: boolean;
}

/** Rewrites `lines` (a function body's statements, in order) in place; returns the quotient variables to
 *  declare. */
export function shareElementIndexes(lines: string[]): string[] {
  const edits: Access[] = [];
  const vars = new Set<string>();
  // open shares by `base/width`: the accesses since the run's start or the base's last assignment
  let open = new Map<string, Access[]>();
  const close = (key: string): void => {
    const list = open.get(key);
    open.delete(key);
    // (two accesses gain nothing: the first one's assignment costs what the second saves)
    if (list === undefined || list.length < 3 || !list[0].first) return;
    for (const a of list) edits.push(a);
    vars.add(list[0].q);
  };
  const closeAll = (): void => {
    for (const key of [...open.keys()]) close(key);
    open = new Map();
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (BREAKS_RUN.test(line)) {
      closeAll();
      continue;
    }
    const assigned = new Map<string, number>();
    for (const m of line.matchAll(ASSIGNED)) {
      const name = m[1] ?? m[2] ?? m[3];
      assigned.set(name, (assigned.get(name) ?? 0) + 1);
    }
    // an access in `B = …;` (one statement, B assigned once, at its start) is evaluated before B changes
    const single = !line.slice(0, -1).includes(';');
    const conditionEnd = line.startsWith('if (') ? closingParen(line, 3) : line.length;
    for (const m of line.matchAll(ACCESS)) {
      const base = m[3] ?? m[4];
      const id = base.startsWith('(') ? base.slice(1, -7) : base;
      const width = Number(m[7]);
      const k = m[6] === undefined ? 0 : Number(m[6]);
      if (k % width !== 0) continue;
      if (assigned.has(id) && !(single && assigned.get(id) === 1 && line.startsWith(id + ' = '))) continue;
      const q = `Q${width}${base === id ? '' : 'u'}${id}`;
      const key = `${id}/${q}`;
      let list = open.get(key);
      if (list === undefined) open.set(key, (list = []));
      const before = line.slice(0, m.index);
      list.push({
        line: i, q, base, width, start: m.index, end: m.index + m[0].length, view: m[1], sx: m[2] !== undefined,
        delta: (m[5] === '-' ? -k : k) / width + (m[8] === undefined ? 0 : Number(m[8])),
        first: list.length === 0 && m.index < conditionEnd && !/&&|\|\||\?(?!\?)/.test(before.replace(/\?\?/g, '')),
      });
    }
    for (const name of assigned.keys()) for (const key of [...open.keys()]) if (key.startsWith(name + '/')) close(key);
  }
  closeAll();
  // apply, right to left within a line (positions stay valid)
  edits.sort((a, b) => a.line - b.line || b.start - a.start);
  for (const a of edits) {
    const line = lines[a.line];
    const quotient = !a.first ? a.q : a.delta === 0 ? `${a.q} = ${a.base} / ${a.width}` : `(${a.q} = ${a.base} / ${a.width})`;
    const index = a.delta === 0 ? quotient : `${quotient} ${a.delta < 0 ? '-' : '+'} ${Math.abs(a.delta)}`;
    lines[a.line] = `${line.slice(0, a.start)}${a.view}[${a.sx ? 'SX = ' : ''}${index}]${line.slice(a.end)}`;
  }
  return [...vars];
}

/** The index of the parenthesis closing the one at `open`. */
function closingParen(s: string, open: number): number {
  let depth = 0;
  for (let j = open; j < s.length; j++) {
    if (s[j] === '(') depth++;
    else if (s[j] === ')' && --depth === 0) return j;
  }
  return s.length;
}
