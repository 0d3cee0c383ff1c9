// One division per base address instead of one per access: a pass over a compiled function's statements
// (codegen.ts, assemble). Loads and stores of 32-bit memories read the element view at `a / w` (viewLoad,
// viewStore), and wasm code addresses a record's fields off one base — nbody's bodies are seven f64 at
// `p`, `p + 8`, …, each `FD0[(L1 + 8) / 8]`: `Ldar`, `AddSmi`, `DivSmi`. Two shapes, one idea:
// - runs: where three or more accesses of one width share a base in straight-line code, the first one keeps
//   the quotient in a variable (`FD0[(Q8L1 = L1 / 8) + 1]`) and the others add a constant to it
//   (`FD0[Q8L1 + 6]`): one bytecode fewer per access without a JIT;
// - anchored quotients (anchorQuotients): a base assigned outside the loop that indexes off it with a small
//   scaled value — a bytecode interpreter's register file, `IW0[(L2 + (r << 2)) / 4]` — keeps its quotient
//   beside it for the whole function (`IW0[Q4L2 + r]`: two bytecodes fewer per register read; vm 6–7 %), and
//   stores write through it too (`IW0[SX = Q4L2 + r]`; where the address went to a slot before the value,
//   the slot keeps r: four bytecodes fewer per register write, vm 3–4 %).
//
// Exact: for an int32 base `b` and a multiple `k` of `w` below 2^31, `(b + k) / w` and `b / w + k / w` are the
// same double (division by a power of two is exact, and both are multiples of 1/w far below 2^53), so every
// element read or written is the one before, and every miss (a fraction, a negative index, beyond the view)
// is the same miss, which the DataView fallback — given the address as before — handles.
//
// Safe (runs): the quotient is assigned where the first access is evaluated on every path through the
// statements that follow it. A run of statements is straight-line code: no brace (a block, a loop, an `if`
// with statements, an `else`) and no label (a case of flat mode's dispatch) inside it, so control enters a run
// only at its top. Within a statement the first access must be evaluated unconditionally: inside an `if`'s
// condition, not after `?`, `&&` or `||` (`??`'s right operand is a DataView call, never an element read:
// codegen's slowOnly). A statement assigning the base ends its share (the base changed); the quotient is
// recomputed by the next run of accesses.

import { assignedNames, braceStatements, closingParen, loopDepths, matchesOf } from './text.js';

/** An element read or write of a view with a computed index: view, `SX = ` (a store's index), the base
 *  (a variable or its unsigned value `(v >>> 0)`, alone or with a constant added or subtracted), the width, a
 *  constant added to the quotient (the high word of an i64 load). */
const BASE = String.raw`[A-Za-z_$][\w$]*|\([A-Za-z_$][\w$]* >>> 0\)`;
const ACCESS = new RegExp(String.raw`\b((?:IW|FD|IH|UH)\d+)\[(SX = )?(?:(${BASE})|\((${BASE}) ([+-]) (\d+)\)) \/ ([248])(?: \+ (\d+))?\]`, 'g');
/** Statements that end a run: braces, labels and cases. */
const BREAKS_RUN = /[{}]|^\s*[A-Za-z_$][\w$]*(?: \d+)?:(?!:)/;
/** BREAKS_RUN's labels and cases. */
const LABEL = /^\s*[A-Za-z_$][\w$]*(?: \d+)?:(?!:)/;

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
 *  declare. `params`: the function's parameters (they hold a value before any assignment); `depths`: the
 *  statements' loop depths (text.ts, loopDepths), asked only where there is a scaled access. */
export function shareElementIndexes(lines: string[], params: ReadonlySet<string>, depths: () => readonly number[] = () => loopDepths(lines),
  braces: () => readonly number[] = () => braceStatements(lines)): string[] {
  const edits: Access[] = [];
  const vars = new Set<string>();
  const anchored = anchorQuotients(lines, params, depths);
  for (const q of anchored) vars.add(q);
  // open shares by `base/width`: the accesses since the run's start or the base's last assignment; their
  // keys by base (an assignment closes its base's shares without a walk over all of them)
  let open = new Map<string, Access[]>();
  let keysOf = new Map<string, string[]>();
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
    keysOf = new Map();
  };
  // (the statements with a brace, from their list: a search of the others for one would read them whole)
  const braced = new Uint8Array(lines.length);
  for (const i of braces()) braced[i] = 1;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    // (an access has a `[`; a statement without one only closes open shares, when there are some)
    const accesses = line.includes('[');
    if (!accesses && open.size === 0) continue;
    if (braced[i] === 1 || LABEL.test(line)) {
      closeAll();
      continue;
    }
    // (an access has ` / `: a statement without one, the expression need not read)
    const found = accesses && line.includes(' / ') ? matchesOf(ACCESS, line) : [];
    // (without an access, a statement matters only where it assigns a base with open shares, which it then
    // names: most name none)
    if (found.length === 0 && !namesAny(line, keysOf)) continue;
    const assigned = new Map<string, number>();
    for (const name of assignedNames(line)) assigned.set(name, (assigned.get(name) ?? 0) + 1);
    // an access in `B = …;` (one statement, B assigned once, at its start) is evaluated before B changes
    const single = !line.slice(0, -1).includes(';');
    const conditionEnd = line.startsWith('if (') ? closingParen(line, 3) : line.length;
    for (const m of found) {
      const base = m[3] ?? m[4];
      const id = base.startsWith('(') ? base.slice(1, -7) : base;
      const width = Number(m[7]);
      const k = m[6] === undefined ? 0 : Number(m[6]);
      if (k % width !== 0) continue;
      if (assigned.has(id) && !(single && assigned.get(id) === 1 && line.startsWith(id + ' = '))) continue;
      const q = `Q${width}${base === id ? '' : 'u'}${id}`;
      if (anchored.has(q)) continue;
      const key = `${id}/${q}`;
      let list = open.get(key);
      if (list === undefined) {
        open.set(key, (list = []));
        const keys = keysOf.get(id);
        if (keys === undefined) keysOf.set(id, [key]);
        else keys.push(key);
      }
      const before = line.slice(0, m.index);
      list.push({
        line: i, q, base, width, start: m.index, end: m.index + m[0].length, view: m[1], sx: m[2] !== undefined,
        delta: (m[5] === '-' ? -k : k) / width + (m[8] === undefined ? 0 : Number(m[8])),
        first: list.length === 0 && m.index < conditionEnd && !/&&|\|\||\?(?!\?)/.test(before.replace(/\?\?/g, '')),
      });
    }
    for (const name of assigned.keys()) {
      const keys = keysOf.get(name);
      if (keys === undefined) continue;
      keysOf.delete(name);
      for (const key of keys) close(key);
    }
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


/** Whether `line` has one of the bases in `keys` in its text (true where there are many: then the caller reads
 *  the statement's assignments anyway). */
function namesAny(line: string, keys: ReadonlyMap<string, unknown>): boolean {
  if (keys.size > 8) return true;
  for (const id of keys.keys()) if (line.includes(id)) return true;
  return false;
}

/** A base's index scaled by a small unsigned value: `(B + (X << s)) / 2^s` with X an 8- or 16-bit load (a
 *  bytecode interpreter's register number, a table index), which is `B / 2^s + X` exactly. */
const SCALED = /\b((?:IW|FD|IH|UH)\d+)\[(SX = )?\(([A-Za-z_$][\w$]*) \+ \(/g;

/** Quotients kept beside their base for the whole function (the base's index in a loop that does not assign
 *  it — vm's register file, `IW0[(L2 + (r << 2)) / 4]` for each register read): where every assignment of a
 *  base is a statement `B = …;` of its own, each is followed by `QwB = B / w;`, and every access of width w
 *  off B anywhere reads `QwB + …` — `Qw + r` for a scaled index, two bytecodes fewer (the shift and the
 *  division). Before the base's first assignment the quotient is undefined: the index is NaN, the read misses and
 *  the DataView, given the address, does the access. Only for a base with scaled accesses, where every assignment
 *  lies in fewer loops than every scaled access (an assignment costs a division, such an access saves two). Returns the quotient variables. */
function anchorQuotients(lines: string[], params: ReadonlySet<string>, depths: () => readonly number[]): Set<string> {
  // the scaled accesses (base/width, statement) and stores
  const scaled: [string, number][] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    // (a scaled access has `[` and ` + (`: most statements have neither)
    if (line.indexOf('[') >= 0 && line.includes(' + (')) for (const m of matchesOf(SCALED, line)) {
      const x = scaledOperand(line, m.index + m[0].length - 1);
      if (x !== null) scaled.push([`${m[3]}/${x.width}`, i]);
    }
  }
  const stores = scaledStores(lines);
  for (const st of stores) scaled.push([`${st.base}/${st.width}`, st.line]);
  // (most functions have none: no loop depths to find)
  if (scaled.length === 0) return new Set();
  // by base/width, the shallowest one's loop depth
  const depth = depths();
  const accessDepth = new Map<string, number>();
  for (const [key, i] of scaled) accessDepth.set(key, Math.min(accessDepth.get(key) ?? Infinity, depth[i]));
  const out = new Set<string>();
  // (the quotients' assignments are appended last: the tests below read the statements as generated)
  const after = new Map<number, string>();
  for (const [key, d] of accessDepth) {
    const [base, width] = key.split('/');
    if (params.has(base)) continue;
    const target = new RegExp(String.raw`(?:^|[^\w$.])${base.replace(/\$/g, '\\$')} (?:[-+*/%&|^]|<<|>>>?)?= (?!=)|(?:\+\+|--)${base}\b|\b${base}(?:\+\+|--)`, 'g');
    const assigns: number[] = [];
    let ok = true;
    for (let i = 0; i < lines.length && ok; i++) {
      // (an assignment of the base names it: most statements do not)
      const n = lines[i].includes(base) ? matchesOf(target, lines[i]).length : 0;
      if (n === 0) continue;
      ok = n === 1 && lines[i].startsWith(`${base} = `) && !lines[i].slice(0, -1).includes(';') && lines[i].endsWith(';') && depth[i] < d;
      assigns.push(i);
    }
    if (!ok || assigns.length === 0) continue;
    const q = `Q${width}${base}`;
    out.add(q);
    for (let i = 0; i < lines.length; i++) lines[i] = anchoredLine(lines[i], base, Number(width), q);
    for (const st of stores) {
      if (st.base !== base || st.width !== Number(width)) continue;
      // the slot keeps the register number; the store indexes off the quotient, its fallback recomputes the address
      lines[st.line] = `if ((${st.slot} = ${st.read}) === undefined) ${st.slot} = ${st.slow};`;
      lines[st.store] = lines[st.store].replace(`[SX = ${st.slot} / ${width}]`, `[SX = ${q} + ${st.slot}]`)
        .replace(`(${st.slot} >>> 0)`, `((${base} + (${st.slot} << ${Math.log2(st.width)})) >>> 0)`);
    }
    for (const i of assigns) after.set(i, `${after.get(i) ?? ''} ${q} = ${base} / ${width};`);
  }
  for (const [i, text] of after) lines[i] += text;
  return out;
}

/** A store's address computed into a slot before its value, `iN = (B + (X << s)) | 0;` (X an 8- or 16-bit
 *  load), and the store of width 2^s through it, `if (V[SX = iN / w] === undefined) DV….set…((iN >>> 0), …);
 *  else V[SX] = …;`, in the straight-line code that follows (no brace or label between; neither the slot nor B
 *  touched between). The store consumes the slot (wasm's operand stack), so nothing reads it after. */
interface ScaledStore {
  line: number;
  store: number;
  slot: string;
  base: string;
  width: number;
  /** X's element read and its DataView fallback */
  read: string;
  slow: string;
}

function scaledStores(lines: readonly string[]): ScaledStore[] {
  const out: ScaledStore[] = [];
  for (let i = 0; i < lines.length; i++) {
    // (a slot's assignment: most statements are none)
    if (lines[i].charCodeAt(0) !== 105 /* i */) continue;
    const m = /^(i\d+) = \(([A-Za-z_$][\w$]*) \+ \(/.exec(lines[i]);
    if (m === null) continue;
    const [, slot, base] = m;
    const x = scaledOperand(lines[i], m[0].length - 1, ') | 0;');
    if (x === null || x.end !== lines[i].length) continue;
    // X is `((V[i] ?? DV….getUint…(a)))`: its element read and its fallback
    const load = /^\(+((?:UB|UH)\d+\[[^[\]]*\]) \?\? (DV\d+\.getUint(?:8|16))\(/.exec(x.text);
    if (load === null) continue;
    const slowEnd = closingParen(x.text, load[0].length - 1) + 1;
    if (!/^\)+$/.test(x.text.slice(slowEnd))) continue;
    const slow = x.text.slice(load[0].length - load[2].length - 1, slowEnd);
    const slotWord = new RegExp(String.raw`\b${slot}\b`, 'g');
    const baseAssigned = new RegExp(String.raw`(?:^|[^\w$.])${base.replace(/\$/g, '\\$')} (?:[-+*/%&|^]|<<|>>>?)?= (?!=)|(?:\+\+|--)${base}\b|\b${base}(?:\+\+|--)`);
    for (let j = i + 1; j < lines.length; j++) {
      const line = lines[j];
      if (BREAKS_RUN.test(line) || baseAssigned.test(line)) break;
      const uses = (line.match(slotWord) ?? []).length;
      if (uses === 0) continue;
      const v = String.raw`((?:IW|FD|IH|UH)\d+)`;
      const store = new RegExp(String.raw`^if \(${v}\[SX = ${slot} / ${x.width}\] === undefined\) DV\d+\.set\w+\(\(${slot} >>> 0\), [^;]*\); else \1\[SX\] = [^;]*;$`);
      if (uses === 2 && store.test(line)) out.push({ line: i, store: j, slot, base, width: x.width, read: load[1], slow });
      break;
    }
  }
  return out;
}

/** `line` with the accesses of width `width` off `base` reading the quotient q. */
function anchoredLine(line: string, base: string, width: number, q: string): string {
  // (most statements name no such base: no regex over them)
  if (!line.includes(base)) return line;
  let out = '';
  let i = 0;
  for (const m of matchesOf(ACCESS, line)) {
    if ((m[3] ?? m[4]) !== base || Number(m[7]) !== width) continue;
    const k = m[6] === undefined ? 0 : Number(m[6]);
    if (k % width !== 0) continue;
    const delta = (m[5] === '-' ? -k : k) / width + (m[8] === undefined ? 0 : Number(m[8]));
    out += `${line.slice(i, m.index)}${m[1]}[${m[2] ?? ''}${delta === 0 ? q : `${q} ${delta < 0 ? '-' : '+'} ${Math.abs(delta)}`}]`;
    i = m.index + m[0].length;
  }
  line = out + line.slice(i);
  out = '';
  i = 0;
  for (const m of matchesOf(SCALED, line)) {
    if (m[3] !== base || m.index < i) continue;
    const x = scaledOperand(line, m.index + m[0].length - 1);
    if (x === null || x.width !== width) continue;
    out += `${line.slice(i, m.index)}${m[1]}[${m[2] ?? ''}${q} + ${x.text}]`;
    i = x.end;
  }
  return out + line.slice(i);
}

/** At `open` (the `(` after `[(B + `): `(X << s)) / w]` with X an 8- or 16-bit load and w = 2^s — X's text,
 *  the width and where the access ends; null for anything else. `after`: what follows the shift (`) / w]` in
 *  an access, `) | 0;` in a store's address). */
function scaledOperand(line: string, open: number, after = ') / w]'): { text: string; width: number; end: number } | null {
  const close = closingParen(line, open);
  const inner = line.slice(open + 1, close);
  const shift = / << ([123])$/.exec(inner);
  if (shift === null) return null;
  const x = inner.slice(0, shift.index);
  // one parenthesized load of an unsigned byte or half-word, through its view with the DataView as fallback
  if (!/^\(+(?:UB|UH)\d+\[[^[\]]*\] \?\? DV\d+\.getUint(?:8|16)\(/.test(x) || closingParen(x, 0) !== x.length - 1) return null;
  const width = 1 << Number(shift[1]);
  const tail = after.replace('w', String(width));
  if (!line.startsWith(tail, close + 1)) return null;
  return { text: x, width, end: close + 1 + tail.length };
}
