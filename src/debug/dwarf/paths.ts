// File paths as the debugger shows them: DWARF names joined with their directory and the compilation
// directory, with "." segments removed ("./src/fib.c" → "src/fib.c" when comp_dir is "."). No Node `path`.

export function isAbsolute(p: string): boolean {
  return p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p);
}

/** Joins `base` and `rel` (rel wins when absolute) and drops "." segments and duplicate slashes. */
export function joinPath(base: string, rel: string): string {
  const joined = isAbsolute(rel) || base === '' ? rel : `${base}/${rel}`;
  const abs = joined.startsWith('/');
  const parts = joined.split('/').filter((s) => s !== '' && s !== '.');
  const out = parts.join('/');
  return abs ? `/${out}` : out;
}

/** The last path segment ("src/fib.c" → "fib.c"). */
export function baseName(p: string): string {
  const i = Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\'));
  return i < 0 ? p : p.slice(i + 1);
}
