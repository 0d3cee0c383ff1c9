// A call's i32 result read in place by the statement that consumes it: a pass over a compiled function's
// statements (codegen.ts, assemble). A call's result goes to a slot variable (`i0 = inner(b, x);`, codegen's
// call: nothing may move across a call), and the next statement reads it (`L1 = ((i0 + L1) | 0);`). Where
// that statement reads nothing but variables before the slot — calls change no variable of the caller — the
// call moves into it, the variable first: `L1 = ((L1 + inner(b, x)) | 0);`. Without a JIT the call's result
// stays in the accumulator and the add reads L1's register: a `Star` and a `Ldar` fewer per call (fib: the
// recursive call of every iteration).
//
// Conditions, each what makes the move invisible: the slot appears in no other statement of the function (so
// nothing else reads it); the statement consuming it follows the call directly (or after the memories'
// reload, then it touches no memory, global or property: the reload moves after it); the text before the slot
// in that statement reads only variables and constants (no element, property or call: nothing that a call
// could change or that could run before it); i32 slots only (f64 sums keep their operand order: NaN bits).

import { isWordChar } from './text.js';

/** Rewrites `lines` (a function body's statements, `reload` the sentinel of the memories' reload after a
 *  call) in place. */
export function callsInPlace(lines: string[], reload: string): void {
  // whether each slot appears exactly twice in the whole function (the call and its use), counted once per
  // slot (a count per call would make the pass quadratic in huge functions: esbuild.wasm's largest have
  // thousands of calls). A count made after earlier moves is the one before them: a move takes out both
  // appearances of its own slot, which then appears nowhere else, and moves the text of the others.
  const twice = new Map<string, boolean>();
  for (let i = 0; i < lines.length - 1; i++) {
    // (most statements assign no slot: a character test before the expression; a statement a move rewrote is
    // tested when reached, as any other)
    if (lines[i].charCodeAt(0) !== 105 /* i */) continue;
    const m = CALL_TO_SLOT.exec(lines[i]);
    if (m === null) continue;
    const [, slot, call] = m;
    // (a slot read elsewhere too: the common case in big functions, decided before any other work)
    let only = twice.get(slot);
    if (only === undefined) twice.set(slot, (only = appearsTwice(lines, slot)));
    if (!only) continue;
    // the call's own text is one call (its arguments balanced, nothing after them)
    if (!oneCall(call)) continue;
    // (codegen leaves empty statements: skipped)
    let j = i + 1;
    while (lines[j] === '') j++;
    const r = lines[j] === reload ? j : -1;
    const moveReload = r >= 0;
    if (moveReload) for (j++; lines[j] === ''; ) j++;
    if (j >= lines.length) continue;
    const use = lines[j];
    const word = new RegExp(String.raw`\b${slot}\b`, 'g');
    if ((use.match(word) ?? []).length !== 1) continue;
    if (moveReload && /[[.$]/.test(use)) continue;
    const at = use.search(word);
    const before = use.slice(0, at);
    if (!inPlace(use, before)) continue;
    // `(slot OP v)` with a commutative OP and a variable v: the variable first
    const after = use.slice(at + slot.length);
    const swap = before.endsWith('(') ? /^ ([+^&|]) ([A-Za-z_]\w*)\)/.exec(after) : null;
    lines[j] = swap !== null
      ? `${before}${swap[2]} ${swap[1]} ${call}${after.slice(swap[0].length - 1)}`
      : `${before}${call}${after}`;
    lines[i] = '';
    if (moveReload) {
      lines[r] = lines[j];
      lines[j] = reload;
    }
  }
}

/** A call's i32 result assigned to a slot: the slot, the call. */
const CALL_TO_SLOT = /^(i\d+) = ((?:inner\(b|\(\(FI = [\w$]+\.inner\) !== null \? FI : rt\.slow\([\w$]+, self\)\)\(b)[^;]*);$/;

/** Whether the slot `iN` appears exactly twice in `lines` as a word (no ASCII letter, digit or `_` on either
 *  side): a search for its name, which stops at a third appearance — in a big function the slots of the
 *  lowest heights appear in most statements, and a scan of every statement's every `i` cost a second on
 *  esbuild.wasm. */
function appearsTwice(lines: readonly string[], slot: string): boolean {
  let n = 0;
  for (const line of lines) {
    for (let k = line.indexOf(slot); k >= 0; k = line.indexOf(slot, k + 1)) {
      if ((k > 0 && isWordChar(line.charCodeAt(k - 1))) || isWordChar(line.charCodeAt(k + slot.length))) continue;
      if (++n > 2) return false;
    }
  }
  return n === 2;
}

/** Whether `call` is `callee(args)` with nothing after the argument list. */
function oneCall(call: string): boolean {
  const open = call.indexOf('(b');
  let depth = 0;
  for (let k = open; k < call.length; k++) {
    if (call[k] === '(') depth++;
    else if (call[k] === ')' && --depth === 0) return k === call.length - 1;
  }
  return false;
}

/** Whether `before`, the text of statement `use` up to a slot, reads only variables and constants, and the
 *  statement evaluates the slot on every path: no call, element or property before it, no `&&`, `||` or `?`
 *  before it, and an `if`'s slot inside its condition. */
function inPlace(use: string, before: string): boolean {
  if (!/^[\w\s=()+\-*&|^<>!~]*$/.test(before) || /&&|\|\|/.test(before)) return false;
  for (const w of before.match(/[A-Za-z_]\w*/g) ?? []) if (!/^(?:[LH]\d+|[ilfdh]\d+|b|if|return)$/.test(w)) return false;
  // (a word followed by `(` is a call, or an `if`)
  for (const c of before.matchAll(/(\w+)\s*\(/g)) if (c[1] !== 'if') return false;
  if (before.startsWith('if (')) {
    let depth = 0;
    for (let k = 3; k < use.length; k++) {
      if (use[k] === '(') depth++;
      else if (use[k] === ')' && --depth === 0) return k > before.length;
    }
    return false;
  }
  return !/\bif\b/.test(before);
}
