// Rust's legacy symbol names as a backtrace shows them: `_ZN3std2io5stdio6_print17hc2e3947cf7dcaf6eE` is
// `std::io::stdio::_print`. The scheme (rustc's `legacy` mangling, the default of stable rustc) is the Itanium
// C++ ABI's nested name restricted to plain identifiers: `_ZN`, then each path segment as its length in decimal
// and its bytes, then `E`; the last segment is a hash (`17h` and 16 hex digits), which is left out; inside a
// segment `$…$` escapes stand for punctuation and `..` for `::`. Anything else — C names, C++ names with
// templates or parameters, Rust's `v0` scheme (`_R…`) — is returned as it is.

/** The punctuation a segment's `$NAME$` escapes stand for. */
const ESCAPES = new Map([['SP', '@'], ['BP', '*'], ['RF', '&'], ['LT', '<'], ['GT', '>'], ['LP', '('], ['RP', ')'], ['C', ',']]);

/** The demangled form of a Rust legacy symbol name, or the name itself. */
export function demangle(name: string): string {
  const start = name.startsWith('_ZN') ? 3 : name.startsWith('__ZN') ? 4 : -1;
  if (start < 0 || !name.endsWith('E')) return name;
  const segments: string[] = [];
  let i = start;
  while (i < name.length - 1) {
    let n = 0;
    const digits = i;
    while (i < name.length && name.charCodeAt(i) >= 48 && name.charCodeAt(i) <= 57) n = n * 10 + name.charCodeAt(i++) - 48;
    if (i === digits || n === 0 || i + n > name.length - 1) return name;
    segments.push(name.slice(i, i + n));
    i += n;
  }
  if (segments.length === 0) return name;
  // (the hash segment: h and 16 hex digits)
  if (segments.length > 1 && /^h[0-9a-f]{16}$/.test(segments[segments.length - 1])) segments.pop();
  const out: string[] = [];
  for (const s of segments) {
    const text = unescape(s);
    if (text === null) return name;
    out.push(text);
  }
  return out.join('::');
}

/** A segment's text: `$LT$` → `<`, `$u7b$` → `{`, `..` → `::`, a leading `_$` → `$`; null if malformed. */
function unescape(segment: string): string | null {
  let s = segment.startsWith('_$') ? segment.slice(1) : segment;
  let out = '';
  while (s.length > 0) {
    if (s.startsWith('..')) {
      out += '::';
      s = s.slice(2);
    } else if (s[0] === '$') {
      const end = s.indexOf('$', 1);
      if (end < 0) return null;
      const code = s.slice(1, end);
      const char = code[0] === 'u' && /^u[0-9a-f]{1,6}$/.test(code) ? String.fromCodePoint(parseInt(code.slice(1), 16)) : ESCAPES.get(code);
      if (char === undefined) return null;
      out += char;
      s = s.slice(end + 1);
    } else {
      const next = s.search(/\$|\.\./);
      const plain = next < 0 ? s : s.slice(0, next);
      out += plain;
      s = s.slice(plain.length);
    }
  }
  return out;
}
