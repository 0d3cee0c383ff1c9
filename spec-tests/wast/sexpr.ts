// Reads .wast text into S-expressions. Every node keeps its source span, so a module form can be handed to
// the text→binary converter as exactly the slice of the original file it came from.
//
// Lexical rules follow the WebAssembly text format: `;;` line comments, nested `(; ... ;)` block comments,
// strings with `\n \t \r \\ \' \" \hh \u{...}` escapes (a string is a byte sequence, not necessarily UTF-8),
// and annotations `(@id ...)`, which are dropped from the tree.

export interface Atom {
  readonly kind: 'atom';
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

export interface Str {
  readonly kind: 'string';
  /** The decoded bytes; `\hh` escapes may make them invalid UTF-8. */
  readonly bytes: Uint8Array;
  readonly start: number;
  readonly end: number;
}

export interface List {
  readonly kind: 'list';
  readonly items: SExpr[];
  /** Offset of '(' and one past ')'. */
  readonly start: number;
  readonly end: number;
}

export type SExpr = Atom | Str | List;

export class WastSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
    this.name = 'WastSyntaxError';
  }
}

const utf8 = new TextEncoder();

/** Parses a whole .wast file into its top-level forms. */
export function parseSExprs(src: string): SExpr[] {
  const top: SExpr[] = [];
  const stack: { items: SExpr[]; start: number }[] = [];
  let items = top;
  const n = src.length;
  let i = 0;
  while (i < n) {
    const c = src.charCodeAt(i);
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) {
      i++;
    } else if (c === 0x3b /* ; */ && src.charCodeAt(i + 1) === 0x3b) {
      const nl = src.indexOf('\n', i);
      i = nl < 0 ? n : nl + 1;
    } else if (c === 0x28 /* ( */ && src.charCodeAt(i + 1) === 0x3b /* ; */) {
      i = skipBlockComment(src, i);
    } else if (c === 0x28) {
      stack.push({ items, start: i });
      items = [];
      i++;
    } else if (c === 0x29 /* ) */) {
      const open = stack.pop();
      if (!open) throw new WastSyntaxError('unbalanced ")"', i);
      const list: List = { kind: 'list', items, start: open.start, end: i + 1 };
      items = open.items;
      // Annotations `(@id ...)` carry no meaning for the script; they stay in the source spans (the
      // converter reads them) but are left out of the tree.
      const h = list.items[0];
      if (!(h !== undefined && h.kind === 'atom' && h.text.startsWith('@'))) items.push(list);
      i++;
    } else if (c === 0x22 /* " */) {
      const [bytes, end] = readString(src, i);
      items.push({ kind: 'string', bytes, start: i, end });
      i = end;
    } else {
      const start = i;
      while (i < n && !isDelimiter(src, i)) i++;
      items.push({ kind: 'atom', text: src.slice(start, i), start, end: i });
    }
  }
  if (stack.length > 0) throw new WastSyntaxError('unclosed "("', stack[stack.length - 1]!.start);
  return top;
}

function isDelimiter(src: string, i: number): boolean {
  const c = src.charCodeAt(i);
  if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x28 || c === 0x29 || c === 0x22) return true;
  return c === 0x3b && src.charCodeAt(i + 1) === 0x3b;
}

function skipBlockComment(src: string, start: number): number {
  let depth = 0;
  let i = start;
  while (i < src.length) {
    if (src.charCodeAt(i) === 0x28 && src.charCodeAt(i + 1) === 0x3b) {
      depth++;
      i += 2;
    } else if (src.charCodeAt(i) === 0x3b && src.charCodeAt(i + 1) === 0x29) {
      depth--;
      i += 2;
      if (depth === 0) return i;
    } else {
      i++;
    }
  }
  throw new WastSyntaxError('unclosed block comment', start);
}

function hexDigit(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  return -1;
}

/** Reads the string starting at the '"' at `start`; returns its bytes and the offset after the closing '"'. */
function readString(src: string, start: number): [Uint8Array, number] {
  const out: number[] = [];
  let i = start + 1;
  let run = i; // start of the pending run of plain characters
  const flush = (end: number) => {
    if (end > run) for (const b of utf8.encode(src.slice(run, end))) out.push(b);
  };
  while (i < src.length) {
    const c = src.charCodeAt(i);
    if (c === 0x22) {
      flush(i);
      return [Uint8Array.from(out), i + 1];
    }
    if (c !== 0x5c /* \ */) {
      i++;
      continue;
    }
    flush(i);
    const e = src[i + 1];
    i += 2;
    switch (e) {
      case 'n': out.push(0x0a); break;
      case 't': out.push(0x09); break;
      case 'r': out.push(0x0d); break;
      case '\\': out.push(0x5c); break;
      case "'": out.push(0x27); break;
      case '"': out.push(0x22); break;
      case 'u': {
        if (src[i] !== '{') throw new WastSyntaxError('bad \\u escape', i);
        const close = src.indexOf('}', i);
        const cp = parseInt(src.slice(i + 1, close).replace(/_/g, ''), 16);
        for (const b of utf8.encode(String.fromCodePoint(cp))) out.push(b);
        i = close + 1;
        break;
      }
      default: {
        const hi = hexDigit(src.charCodeAt(i - 1));
        const lo = hexDigit(src.charCodeAt(i));
        if (hi < 0 || lo < 0) throw new WastSyntaxError(`bad escape \\${e}`, i - 2);
        out.push(hi * 16 + lo);
        i++;
      }
    }
    run = i;
  }
  throw new WastSyntaxError('unclosed string', start);
}

/** 1-based line number of a source offset; `lineStarts` from `lineIndex`. */
export function lineIndex(src: string): number[] {
  const starts = [0];
  for (let i = 0; i < src.length; i++) if (src.charCodeAt(i) === 0x0a) starts.push(i + 1);
  return starts;
}

export function lineOf(starts: number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

// Small helpers for walking forms.
export const isAtom = (e: SExpr | undefined, text?: string): e is Atom =>
  e !== undefined && e.kind === 'atom' && (text === undefined || e.text === text);
export const isList = (e: SExpr | undefined, head?: string): e is List =>
  e !== undefined && e.kind === 'list' && (head === undefined || isAtom(e.items[0], head));
export const headOf = (e: SExpr | undefined): string | undefined =>
  e !== undefined && e.kind === 'list' && e.items[0]?.kind === 'atom' ? e.items[0].text : undefined;
