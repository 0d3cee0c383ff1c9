// The compact lists that name instructions and give their immediate kinds (opcodes.ts for the core,
// simd-names.ts and gc-names.ts for the instruction packs), and the name runs they share.

/** Integer comparisons, in opcode order (i32, i64, and the SIMD integer shapes). */
export const ICMP = 'eq ne lt_s lt_u gt_s gt_u le_s le_u ge_s ge_u';
/** Float comparisons, in opcode order. */
export const FCMP = 'eq ne lt gt le ge';
/** Each word of space-separated `list` with prefix `p` (`-` stays a skip). */
export const pre = (p: string, list: string): string => list.split(' ').map((n) => (n === '-' ? n : p + n)).join(' ');

/**
 * Defines consecutive instructions from `base` into `names` (and `kinds`, when given). `list` is
 * space-separated: `-` skips an opcode, a word `@p` sets a prefix that the following dot-less words get as
 * `p.` (shortens the long SIMD lists), `#h` jumps to opcode h (hex), `:k` makes k (decimal) the immediate
 * kind of the words that follow (so one list holds runs of several kinds), any other word is a name.
 */
export function defineOpcodes(names: string[], kinds: Uint8Array | null, base: number, list: string, kind = 0): void {
  let prefix = '';
  let op = base;
  for (const w of list.split(' ')) {
    if (w[0] === '@') {
      prefix = w.slice(1) + '.';
      continue;
    }
    if (w[0] === '#') {
      op = parseInt(w.slice(1), 16);
      continue;
    }
    if (w[0] === ':') {
      kind = +w.slice(1);
      continue;
    }
    if (w !== '-') {
      names[op] = prefix && w.indexOf('.') < 0 ? prefix + w : w;
      if (kinds !== null) kinds[op] = kind;
    }
    op++;
  }
}

/**
 * Enters immediate kinds of consecutive opcodes from `base`: one letter per opcode, `a` + kind (`-` illegal,
 * kind 0), a decimal count after a letter repeating it.
 */
export function kindRunsInto(kinds: Uint8Array, base: number, runs: string): void {
  const run = /([-a-z])(\d*)/g;
  let op = base;
  for (let m = run.exec(runs); m !== null; m = run.exec(runs)) {
    const k = m[1] === '-' ? 0 : m[1].charCodeAt(0) - 96;
    for (let n = m[2] === '' ? 1 : +m[2]; n > 0; n--) kinds[op++] = k;
  }
}
