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
// the outermost such loop (`UL5 = (L5 ^ -2147483648);`) and read from a local in it: three bytecodes fewer
// per compare (sort 5–9 %).

import { ASSIGNED, closingParen, loopDepths } from './text.js';

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

/** Rewrites `lines` in place; returns the locals to declare (`_Math_imul = $Math_imul`, `K5 = 5`, `Km5 =
 *  -5`) and calls `bind` with each helper the declarations read. */
export function localizeLoopCalls(lines: string[], bind: (name: string, init: string) => void): string[] {
  const depth = loopDepths(lines);
  const helpers = new Map<string, string>();
  const constants = new Map<string, string>();
  for (let i = 0; i < lines.length; i++) {
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
 *  before the outermost such loop, into `U<variable>`, which the loop reads. Returns the locals to declare. */
export function hoistSignFlips(lines: string[]): string[] {
  // the loops: opening statement, closing statement (where the brace depth falls back below the loop's)
  const after: number[] = [];
  let depth = 0;
  for (const line of lines) {
    for (const c of line) depth += c === '{' ? 1 : c === '}' ? -1 : 0;
    after.push(depth);
  }
  const loops: { start: number; end: number }[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!LOOP.test(lines[i])) continue;
    let e = i + 1;
    while (e < lines.length && after[e] >= after[i]) e++;
    loops.push({ start: i, end: e });
  }
  const assigns = (name: string, from: number, to: number): boolean => {
    for (let i = from; i <= to; i++) {
      for (const m of lines[i].matchAll(ASSIGNED)) if ((m[1] ?? m[2] ?? m[3]) === name) return true;
    }
    return false;
  };
  // (outermost loops first: loops are in order of their openings, an enclosing one before those inside it)
  const hoists: { start: number; end: number; name: string }[] = [];
  for (let i = 0; i < lines.length; i++) {
    for (const m of lines[i].matchAll(FLIP)) {
      const name = m[1];
      if (hoists.some((h) => h.name === name && h.start < i && i <= h.end)) continue;
      const loop = loops.find((l) => l.start < i && i <= l.end && !assigns(name, l.start + 1, l.end));
      if (loop !== undefined) hoists.push({ ...loop, name });
    }
  }
  const names = new Set<string>();
  for (const h of hoists) {
    const local = `U${h.name}`;
    names.add(local);
    for (let i = h.start + 1; i <= h.end; i++) lines[i] = lines[i].replace(FLIP, (all, v: string) => (v === h.name ? local : all));
  }
  // the flips, before their loops (last first: the indexes above stay valid)
  for (const h of [...hoists].sort((a, b) => b.start - a.start)) lines.splice(h.start, 0, `U${h.name} = (${h.name} ^ -2147483648);`);
  return [...names];
}
