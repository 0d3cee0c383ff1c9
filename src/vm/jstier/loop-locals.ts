// Helpers called in loops, and their constant arguments, read from locals of the function: a pass over a
// compiled function's statements (codegen.ts, assemble). A factory binds each helper once (`var $Math_imul =
// Math.imul;`), so inside the function it is a context slot: without a JIT a call such as `$Math_imul(L1,
// 1332534557)` is `LdaImmutableCurrentContextSlot`, `Star`, `LdaSmi.ExtraWide`, `Star`, then the call — the
// call takes its callee and arguments from registers. With `var _Math_imul = $Math_imul, K1332534557 =
// 1332534557;` at the function's entry, the call is one bytecode (i64mix: nine such calls per iteration, 7–9 %
// faster). Only calls inside loops (the locals cost two bytecodes each per call of the function), and not the
// cold ones (traps, the interpreter's fallbacks, the catch).
//
// Likewise an unsigned compare's sign flip of a variable the loop does not assign (`(L5 ^ -2147483648)`,
// codegen's I32 table: sort's partition scans compare each element with the pivot) is computed once before
// the outermost such loop (`U_L5 = (L5 ^ -2147483648);`) and read from a local in it: three bytecodes fewer
// per compare (sort 5–9 %).

import { assignedNames, braceStatements, closingParen, loopDepths, matchesOf } from './text.js';

/** A helper call: `Math.f(`, `rt.f(`, `rt.ns.f(` (the names codegen's bindings give them). */
const CALL = /(\bthrow )?\b(?:rt\.(?:(i32|i64|cv|fl)\.)?|Math\.)(\w+)\(/g;
/** Helpers on cold paths: traps, the interpreter's fallbacks. */
const COLD = new Set(['trap', 'slow', 'deep', 'frame', 'fuel']);
/** At most this many constants in locals (each takes a register; past ~120 registers V8 widens operands). */
const MAX_CONSTANTS = 24;

/** The binding of a helper call's text (`Math.imul(`, `rt.i64.div(`): its variable in the factory and what
 *  it is bound to. */
export function bindingOf(call: string): [string, string] {
  const m = /^(?:rt\.(?:(i32|i64|cv|fl)\.)?|Math\.)(\w+)\($/.exec(call)!;
  const [, ns, fn] = m;
  if (call.startsWith('Math.')) return [`$Math_${fn}`, `Math.${fn}`];
  return ns === undefined ? [`$rt_${fn}`, `rt.${fn}`] : [`$${ns}_${fn}`, `rt.${ns}.${fn}`];
}

/** The statements that may call a helper (they name `Math.` or `rt.`), in order. */
export function callingStatements(lines: readonly string[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < lines.length; i++) if (lines[i].includes('Math.') || lines[i].includes('rt.')) out.push(i);
  return out;
}

/** Rewrites `lines` in place; returns the locals to declare (`_Math_imul = $Math_imul`, `K5 = 5`, `Km5 =
 *  -5`) and calls `bind` with each helper the declarations read. `depths`: the statements' loop depths
 *  (text.ts, loopDepths), asked only where a statement calls a helper; `calling`: callingStatements(lines). */
export function localizeLoopCalls(lines: string[], bind: (name: string, init: string) => void, depths: () => readonly number[] = () => loopDepths(lines),
  calling: readonly number[] = callingStatements(lines)): string[] {
  // (most functions of a big module call no helper: nothing more to read)
  if (calling.length === 0) return [];
  const depth = depths();
  const helpers = new Map<string, string>();
  const constants = new Map<string, string>();
  for (const i of calling) {
    if (depth[i] === 0) continue;
    const line = lines[i].replace(CALL, (call: string, thrown: string | undefined, _ns: string | undefined, fn: string) => {
      if (thrown !== undefined || COLD.has(fn)) return call;
      const [name, init] = bindingOf(call);
      bind(name, init);
      const local = '_' + name.slice(1);
      helpers.set(local, name);
      return local + '(';
    });
    if (line === lines[i]) continue;
    // the localized calls' integer-literal arguments (nested calls included), right to left
    const edits: [number, number, string][] = [];
    for (const m of line.matchAll(/\b_\w+\(/g)) {
      if (!helpers.has(m[0].slice(0, -1))) continue;
      const open = m.index! + m[0].length - 1;
      let start = open + 1;
      for (const arg of splitArgs(line.slice(start, closingParen(line, open)))) {
        const c = /^\s*\(?(-?\d+)\)?\s*$/.exec(arg);
        if (c !== null && (constants.has(c[1]) || constants.size < MAX_CONSTANTS)) {
          const k = constants.get(c[1]) ?? `K${c[1].replace('-', 'm')}`;
          constants.set(c[1], k);
          edits.push([start, start + arg.length, k]);
        }
        start += arg.length + 1;
      }
    }
    let out = line;
    for (const [from, to, k] of edits.sort((a, b) => b[0] - a[0])) out = out.slice(0, from) + (out[from] === ' ' ? ' ' : '') + k + out.slice(to);
    lines[i] = out;
  }
  return [...[...helpers].map(([local, name]) => `${local} = ${name}`), ...[...constants].map(([c, k]) => `${k} = ${c}`)];
}

/** A call's argument list split at its top-level commas (as written: the pieces' lengths add up). */
function splitArgs(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let j = 0; j < s.length; j++) {
    const c = s[j];
    if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (c === ',' && depth === 0) {
      out.push(s.slice(start, j));
      start = j + 1;
    }
  }
  if (s.trim() !== '') out.push(s.slice(start));
  return out;
}

/** The sign flip of an unsigned compare's operand (codegen's I32 and I64 tables). */
const FLIP = /\(([A-Za-z_$][\w$]*) \^ -2147483648\)/g;
/** A loop's opening statement as codegen writes it (flat mode's dispatch loops are not, and are left alone). */
const LOOP = /^B\d+: for \(;;\) \{$/;

/** Rewrites `lines` in place: each sign flip of a variable that an enclosing loop does not assign is computed
 *  before the outermost such loop (a statement put in front of the loop's opening one), into `U_<variable>` (not `UH0`: a view's name),
 *  which the loop reads. Returns the locals to declare. `braces`: the statements with a brace (text.ts,
 *  braceStatements), asked only where there is a flip. */
export function hoistSignFlips(lines: string[], braces: () => readonly number[] = () => braceStatements(lines)): string[] {
  // the statements with a flip, and the variables flipped (most functions have none)
  const flips: number[] = [];
  const flipped = new Set<string>();
  for (let i = 0; i < lines.length; i++) {
    // (a character test first: a search for the whole text costs more per statement)
    if (lines[i].indexOf('^') < 0 || !lines[i].includes(' ^ -2147483648)')) continue;
    flips.push(i);
    for (const m of matchesOf(FLIP, lines[i])) flipped.add(m[1]);
  }
  if (flipped.size === 0) return [];
  // the loops: opening and closing statements (where the brace depth falls back below the depth inside it;
  // only a statement with a brace opens or closes one)
  const loops: Loop[] = [];
  const unclosed: { loop: Loop; depth: number }[] = [];
  let depth = 0;
  for (const i of braces()) {
    const line = lines[i];
    const before = depth;
    for (let j = 0; j < line.length; j++) {
      const c = line.charCodeAt(j);
      depth += c === 123 ? 1 : c === 125 ? -1 : 0;
    }
    while (unclosed.length > 0 && depth < unclosed[unclosed.length - 1].depth) unclosed.pop()!.loop.end = i;
    if (LOOP.test(line)) {
      const loop = { start: i, end: lines.length - 1 };
      loops.push(loop);
      unclosed.push({ loop, depth: before + 1 });
    }
  }
  // the loops open at each statement with a flip (outermost first; the loops nest, so one that ends before
  // another opens is closed when that one opens)
  const openAt: Loop[][] = [];
  const open: Loop[] = [];
  for (let k = 0, next = 0; k < flips.length; k++) {
    const i = flips[k];
    for (; next < loops.length && loops[next].start <= i; next++) {
      while (open.length > 0 && open[open.length - 1].end < loops[next].start) open.pop();
      open.push(loops[next]);
    }
    while (open.length > 0 && open[open.length - 1].end < i) open.pop();
    openAt.push(open.slice());
  }
  // (no flip in a loop: nothing to hoist)
  if (!openAt.some((at) => at.length > 0)) return [];
  // whether a loop assigns a flipped variable, asked of its statements when the question comes and
  // remembered: the search stops at the first assignment (most flipped variables are assigned early in their
  // loops), the outermost loop that assigns none is searched once, and a statement is read only where it names the
  // variable — a function's outermost loop may hold most of its statements
  const assigned = new Map<string, boolean>();
  const assigns = (name: string, loop: Loop): boolean => {
    const key = `${name}/${loop.start}`;
    let found = assigned.get(key);
    if (found === undefined) {
      found = false;
      for (let i = loop.start + 1; i <= loop.end && !found; i++) found = lines[i].includes(name) && assignedNames(lines[i]).includes(name);
      assigned.set(key, found);
    }
    return found;
  };
  const hoists: { loop: Loop; name: string }[] = [];
  const latest = new Map<string, Loop>();
  for (let k = 0; k < flips.length; k++) {
    const i = flips[k];
    for (const m of matchesOf(FLIP, lines[i])) {
      const name = m[1];
      const last = latest.get(name);
      if (last !== undefined && last.start < i && i <= last.end) continue;
      const loop = openAt[k].find((l) => !assigns(name, l));
      if (loop !== undefined) {
        hoists.push({ loop, name });
        latest.set(name, loop);
      }
    }
  }
  // each name's loops (disjoint, in order), read in one pass
  const byName = new Map<string, Loop[]>();
  for (const { loop, name } of hoists) {
    const list = byName.get(name);
    if (list === undefined) byName.set(name, [loop]);
    else list.push(loop);
  }
  const reached = new Map<string, number>();
  for (const i of flips) {
    lines[i] = lines[i].replace(FLIP, (all, v: string) => {
      const list = byName.get(v);
      if (list === undefined) return all;
      let k = reached.get(v) ?? 0;
      while (k < list.length && list[k].end < i) k++;
      reached.set(v, k);
      return k < list.length && list[k].start < i ? `U_${v}` : all;
    });
  }
  // the flips, before their loops (in the loop's opening statement's text: the statements keep their indexes)
  for (const { loop, name } of hoists) lines[loop.start] = `U_${name} = (${name} ^ -2147483648);\n${lines[loop.start]}`;
  return [...byName.keys()].map((name) => `U_${name}`);
}

/** A loop of hoistSignFlips: its opening and closing statements. */
interface Loop {
  start: number;
  end: number;
}
