// Import/export names and labels (Explainer.md "Import and Export Definitions"): kebab-case labels,
// annotated plain names (`[constructor]r`, `[method]r.m`, `[static]r.m`, `[async]…`), interface names
// (`ns:pkg/iface@1.2.3`), dependency, URL and integrity names, plus the strongly-unique comparison key.
// Errors are returned as strings so the caller can attach the section and offset.

export type ParsedName =
  | { readonly kind: 'label'; readonly label: string; readonly async: boolean }
  | { readonly kind: 'constructor'; readonly resource: string }
  | { readonly kind: 'method' | 'static'; readonly resource: string; readonly method: string; readonly async: boolean }
  | { readonly kind: 'interface'; readonly namespace: string; readonly pkg: string; readonly iface: string; readonly version: string | undefined }
  | { readonly kind: 'dep' | 'url' | 'hash' };

function isWord(w: string, first: boolean): boolean {
  if (w.length === 0) return false;
  const c = w.charCodeAt(0);
  const isDigit = c >= 48 && c <= 57;
  if (first && isDigit) return false;
  let lower = false;
  let upper = false;
  for (let i = 0; i < w.length; i++) {
    const ch = w.charCodeAt(i);
    if (ch >= 97 && ch <= 122) lower = true;
    else if (ch >= 65 && ch <= 90) upper = true;
    else if (!(ch >= 48 && ch <= 57)) return false;
  }
  return !(lower && upper);
}

/** A kebab-case label: words of all-lowercase or all-uppercase alphanumerics joined by `-`. */
export function isKebab(s: string): boolean {
  if (s.length === 0) return false;
  const words = s.split('-');
  return words.every((w, i) => isWord(w, i === 0));
}

/** Why `s` is not a valid label (callers have checked that it is not kebab case). */
function notKebab(s: string): string {
  return `\`${s}\` is not in kebab case`;
}

/** A read position in a name, for parsers that report what they expected where. */
class Cursor {
  pos = 0;
  constructor(readonly s: string) {}
  get rest(): string {
    return this.s.slice(this.pos);
  }
  get done(): boolean {
    return this.pos >= this.s.length;
  }
  peek(): string {
    return this.s[this.pos] ?? '';
  }
  eat(text: string): boolean {
    if (!this.s.startsWith(text, this.pos)) return false;
    this.pos += text.length;
    return true;
  }
  /** `text` must come next: "expected `<` at `rest`". */
  expect(text: string): string | undefined {
    return this.eat(text) ? undefined : `expected \`${text}\` at \`${this.rest}\``;
  }
  /** Everything up to (not including) the first of `stops`, or to the end. */
  until(stops: string): string {
    const from = this.pos;
    while (!this.done && !stops.includes(this.peek())) this.pos++;
    return this.s.slice(from, this.pos);
  }
}

/** Semantic version (semver.org): MAJOR.MINOR.PATCH with optional -prerelease and +build. */
export function semverError(v: string): string | undefined {
  if (v.length === 0) return 'empty string';
  const c = new Cursor(v);
  for (let part = 0; part < 3; part++) {
    if (part > 0) {
      if (c.done) return 'unexpected end of input';
      if (!c.eat('.')) return `unexpected character '${c.peek()}'`;
    }
    if (c.done) return 'unexpected end of input';
    const digits = c.until('.-+' + NON_DIGITS_STOP);
    if (digits.length === 0) return `unexpected character '${c.peek()}'`;
    if (digits.length > 1 && digits[0] === '0') return 'invalid leading zero';
  }
  if (!c.done && c.peek() !== '-' && c.peek() !== '+') return `unexpected character '${c.peek()}'`;
  const m = /^(?:-([^+]*))?(?:\+(.*))?$/.exec(c.rest);
  if (m === null) return `\`${v}\` is not a valid semver`;
  const idents = (s: string | undefined): string | undefined => {
    if (s === undefined) return undefined;
    for (const id of s.split('.')) {
      if (id.length === 0) return 'empty identifier segment';
      const bad = /[^0-9A-Za-z-]/.exec(id);
      if (bad) return `unexpected character '${bad[0]}'`;
    }
    return undefined;
  };
  return idents(m[1]) ?? idents(m[2]);
}
/** Every character that ends a run of digits: anything that is not 0-9. */
const NON_DIGITS_STOP = Array.from({ length: 128 }, (_, i) => String.fromCharCode(i)).filter((ch) => ch < '0' || ch > '9').join('');

/** A version inside a dependency name, where the reference names the whole text as not a semver. */
function depVersionError(v: string): string | undefined {
  const e = semverError(v);
  return e === undefined ? undefined : `\`${v}\` is not a valid semver: ${e}`;
}

function checkPkgLabel(l: string): string | undefined {
  if (!isKebab(l)) return notKebab(l);
  for (const ch of l) if (ch >= 'A' && ch <= 'Z') return `character \`${ch}\` is not lowercase in package name/namespace`;
  return undefined;
}

/**
 * A package path `ns:pkg` (with the nested-names extension, `ns:ns2:pkg`), read up to one of `stops`.
 * Returns the namespace and package labels.
 */
function parsePackagePath(c: Cursor, stops: string, nested: boolean): string[] | string {
  const labels: string[] = [];
  for (;;) {
    const l = c.until(':' + stops);
    const e = checkPkgLabel(l);
    if (e) return e;
    labels.push(l);
    if (labels.length >= 2 && !nested) break;
    if (!c.eat(':')) break;
  }
  if (labels.length < 2) return `expected \`:\` at \`${c.rest}\``;
  return labels;
}

/**
 * `ns:pkg/iface@version`. Nested names (`a:b:c/d/e`, several namespace segments and interface path
 * segments) are accepted too (component-model nested-names extension).
 */
function parseInterface(name: string, nested: boolean): ParsedName | string {
  const c = new Cursor(name);
  const pkgPath = parsePackagePath(c, '/@', nested);
  if (typeof pkgPath === 'string') return pkgPath;
  if (!c.eat('/')) return 'expected `/` after package name';
  const segs: string[] = [];
  for (;;) {
    const seg = c.until('/@');
    if (!isKebab(seg)) return notKebab(seg);
    segs.push(seg);
    if (c.peek() !== '/') break;
    if (!nested) return `trailing characters found: \`${c.rest.split('@')[0]}\``;
    c.eat('/');
  }
  let version: string | undefined;
  if (c.eat('@')) {
    version = c.rest;
    const e = semverError(version);
    if (e) return e;
  }
  const pkg = pkgPath[pkgPath.length - 1];
  return { kind: 'interface', namespace: pkgPath.slice(0, -1).join(':'), pkg, iface: segs[segs.length - 1], version };
}

/** `*`, `{>=1.2.3}`, `{<1.2.3}` or `{>=1.2.3 <2.0.0}`, followed by the closing `>` of the name. */
function parseVersionRange(c: Cursor): string | undefined {
  if (c.eat('*')) return undefined;
  const e = c.expect('{');
  if (e) return e;
  const inner = c.until('}');
  if (!c.eat('}')) return 'expected `}`';
  if (inner.startsWith('>=')) {
    const space = inner.indexOf(' ');
    const lower = space < 0 ? inner.slice(2) : inner.slice(2, space);
    const le = depVersionError(lower);
    if (le) return le;
    if (space < 0) return undefined;
    const upper = inner.slice(space + 1);
    if (!upper.startsWith('<')) return `expected \`<\` at \`${upper}\``;
    return depVersionError(upper.slice(1));
  }
  // An upper bound alone: everything after `<` is its version.
  if (inner.startsWith('<')) return depVersionError(inner.slice(1));
  return 'expected `>=` or `<` at start of version range';
}

const HASH_ALGOS = ['sha256', 'sha384', 'sha512'];
function checkIntegrity(meta: string): string | undefined {
  if (meta.trim() === '') return 'integrity hash cannot be empty';
  for (const item of meta.split(/\s+/).filter((x) => x.length > 0)) {
    const dash = item.indexOf('-');
    if (dash < 0) return 'expected `-` after hash algorithm';
    if (!HASH_ALGOS.includes(item.slice(0, dash))) return 'unrecognized hash algorithm';
    const b64 = item.slice(dash + 1).split('?')[0];
    if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(b64)) return `\`${b64}\` is not valid base64`;
  }
  return undefined;
}

/** `integrity=<…>` (the whole name, or what follows `,` after a locked dependency or URL). */
function parseIntegrity(c: Cursor): string | undefined {
  const e = c.expect('integrity=<');
  if (e) return e;
  const meta = c.until('>');
  if (!c.eat('>')) return 'failed to find `>`';
  return checkIntegrity(meta) ?? trailing(c);
}

/** An optional `,integrity=<…>` suffix, then the end of the name. */
function parseHashSuffix(c: Cursor): string | undefined {
  if (c.eat(',')) return parseIntegrity(c);
  return trailing(c);
}

function trailing(c: Cursor): string | undefined {
  return c.done ? undefined : `trailing characters found: \`${c.rest}\``;
}

/** `unlocked-dep=<ns:pkg@range>` or `locked-dep=<ns:pkg@version>` (then an optional integrity hash). */
function parseDep(c: Cursor, locked: boolean, nested: boolean): string | undefined {
  const e = c.expect('<');
  if (e) return e;
  const path = parsePackagePath(c, '/@>', nested);
  if (typeof path === 'string') return path;
  // Nested names may continue the package path with `/`-separated interface segments.
  while (nested && c.eat('/')) {
    const seg = c.until('/@>');
    if (!isKebab(seg)) return notKebab(seg);
  }
  if (c.eat('@')) {
    const ve = locked ? depVersionError(c.until('>')) : parseVersionRange(c);
    if (ve) return ve;
  }
  const ce = c.expect('>');
  if (ce) return ce;
  return locked ? parseHashSuffix(c) : trailing(c);
}

/** `url=<…>`, then an optional integrity hash. */
function parseUrl(c: Cursor): string | undefined {
  const e = c.expect('<');
  if (e) return e;
  const url = c.until('>');
  if (!c.eat('>')) return 'failed to find `>`';
  if (url.includes('<')) return 'url cannot contain `<`';
  return parseHashSuffix(c);
}

/** Name forms that only imports may use. */
const IMPORT_ONLY = ['unlocked-dep=', 'locked-dep=', 'url=', 'integrity='];

/**
 * The message for an invalid import or export name: the name, then `reason` (from parseExternName).
 * Dependency, URL and hash names are valid imports but never valid exports.
 */
export function externNameError(name: string, isImport: boolean, reason: string): string {
  const exportOnly = !isImport && IMPORT_ONLY.some((p) => name.startsWith(p));
  return `\`${name}\` is not a valid ${exportOnly ? 'export' : 'extern'} name: ${reason}`;
}

function parsePlain(name: string): ParsedName | string {
  const annotated = (prefix: string): string | undefined => (name.startsWith(prefix) ? name.slice(prefix.length) : undefined);
  let rest: string | undefined;
  if ((rest = annotated('[constructor]')) !== undefined) {
    return isKebab(rest) ? { kind: 'constructor', resource: rest } : notKebab(rest);
  }
  // (`[async]`, `[async method]` and `[async static]` were dropped from the spec: async is now part of
  // the function type, so those names are rejected like any other non-kebab name.)
  for (const [prefix, kind, async] of [
    ['[method]', 'method', false],
    ['[static]', 'static', false],
  ] as const) {
    if ((rest = annotated(prefix)) !== undefined) {
      const dot = rest.indexOf('.');
      if (dot < 0) return 'failed to find `.` character';
      const resource = rest.slice(0, dot);
      const method = rest.slice(dot + 1);
      if (!isKebab(resource)) return notKebab(resource);
      if (!isKebab(method)) return notKebab(method);
      return { kind, resource, method, async };
    }
  }
  return isKebab(name) ? { kind: 'label', label: name, async: false } : notKebab(name);
}

/**
 * Parse an import (`isImport`) or export name; returns an error message string when invalid.
 * `nested`: accept the nested-names extension (`a:b:c/d/e`, several namespaces and interface segments).
 */
export function parseExternName(name: string, isImport: boolean, nested = false): ParsedName | string {
  const prefix = IMPORT_ONLY.find((p) => name.startsWith(p));
  if (prefix !== undefined) {
    if (!isImport) return `\`${prefix}\` names may only be used by imports`;
    const c = new Cursor(name.slice(prefix.length));
    const e =
      prefix === 'unlocked-dep=' ? parseDep(c, false, nested)
        : prefix === 'locked-dep=' ? parseDep(c, true, nested)
          : prefix === 'url=' ? parseUrl(c)
            : parseIntegrity(new Cursor(name));
    if (e !== undefined) return e;
    return { kind: prefix === 'url=' ? 'url' : prefix === 'integrity=' ? 'hash' : 'dep' };
  }
  if (name.includes(':')) return parseInterface(name, nested);
  return parsePlain(name);
}

/**
 * The key under which names must be strongly unique (case-insensitive). Method and static names share a
 * key (`r.m`), and a method named like its resource collides with the resource's own name.
 */
export function uniquenessKey(name: string, parsed: ParsedName): string {
  switch (parsed.kind) {
    case 'label':
      return parsed.label.toLowerCase();
    case 'constructor':
      return `[constructor]${parsed.resource.toLowerCase()}`;
    case 'method':
    case 'static':
      return parsed.resource.toLowerCase() === parsed.method.toLowerCase()
        ? parsed.resource.toLowerCase()
        : `${parsed.resource}.${parsed.method}`.toLowerCase();
    case 'interface': {
      // Versions of the same interface are unique by their semver-compatible prefix only when identical.
      return name.toLowerCase();
    }
    default:
      // Dependency, URL and integrity names compare as raw strings (hashes are case-sensitive).
      return name;
  }
}
