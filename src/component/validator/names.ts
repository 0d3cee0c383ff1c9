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

export function checkKebab(s: string, what: string): string | undefined {
  return isKebab(s) ? undefined : `${what}\`${s}\` is not in kebab case`;
}

function isNum(s: string): boolean {
  return /^(0|[1-9][0-9]*)$/.test(s);
}

/** Semantic version (semver.org): MAJOR.MINOR.PATCH with optional -prerelease and +build. */
export function semverError(v: string): string | undefined {
  if (v.length === 0) return 'empty string';
  const m = /^([^-+]*)(?:-([^+]*))?(?:\+(.*))?$/.exec(v);
  if (m === null) return `\`${v}\` is not a valid semver`;
  const core = m[1].split('.');
  if (core.length !== 3) return core.length < 3 ? 'unexpected end of input' : 'unexpected character \'.\'';
  for (const p of core) {
    if (p.length === 0) return "unexpected character '.'";
    const bad = /[^0-9]/.exec(p);
    if (bad) return `unexpected character '${bad[0]}'`;
    if (!isNum(p)) return 'invalid leading zero';
  }
  const idents = (s: string | undefined): string | undefined => {
    if (s === undefined) return undefined;
    for (const id of s.split('.')) {
      if (id.length === 0) return 'empty identifier segment';
      if (!/^[0-9A-Za-z-]+$/.test(id)) return `\`${v}\` is not a valid semver`;
    }
    return undefined;
  };
  return idents(m[2]) ?? idents(m[3]);
}

/** `ns:pkg` (one or more `label:` segments, then the package label), lowercase only. */
function checkPackagePath(s: string, allowNested: boolean): string | undefined {
  const colon = s.indexOf(':');
  if (colon < 0) return `\`${s}\` is not in kebab case`;
  const slash = s.indexOf('/');
  const pkgPath = (slash < 0 ? s : s.slice(0, slash)).split(':');
  if (!allowNested && pkgPath.length > 2) return 'expected `/` after package name';
  for (const seg of pkgPath) {
    const e = checkPkgLabel(seg);
    if (e) return e;
  }
  if (slash >= 0) {
    if (!allowNested) return `trailing characters found: \`${s.slice(slash)}\``;
    for (const seg of s.slice(slash + 1).split('/')) if (!isKebab(seg)) return `\`${seg}\` is not in kebab case`;
  }
  return undefined;
}
function checkPkgLabel(l: string): string | undefined {
  if (!isKebab(l)) return `\`${l}\` is not in kebab case`;
  for (const ch of l) if (ch >= 'A' && ch <= 'Z') return `character \`${ch}\` is not lowercase in package name/namespace`;
  return undefined;
}

/**
 * `ns:pkg/iface@version`. Nested names (`a:b:c/d/e`, several namespace segments and interface path
 * segments) are accepted too (component-model nested-names extension).
 */
function parseInterface(name: string, nested: boolean): ParsedName | string {
  const at = name.indexOf('@');
  const path = at < 0 ? name : name.slice(0, at);
  const version = at < 0 ? undefined : name.slice(at + 1);
  const slash = path.indexOf('/');
  if (slash < 0) return `\`${name}\` is not in kebab case`;
  const pkgPath = path.slice(0, slash).split(':');
  for (const seg of pkgPath) {
    const e = checkPkgLabel(seg);
    if (e) return e;
  }
  const segs = path.slice(slash + 1).split('/');
  if (!nested) {
    if (pkgPath.length > 2) return 'expected `/` after package name';
    if (segs.length > 1) return `trailing characters found: \`/${segs.slice(1).join('/')}\``;
  }
  for (const seg of segs) if (!isKebab(seg)) return `\`${seg}\` is not in kebab case`;
  if (version !== undefined) {
    const e = semverError(version);
    if (e) return e;
  }
  const pkg = pkgPath[pkgPath.length - 1];
  return { kind: 'interface', namespace: pkgPath.slice(0, -1).join(':'), pkg, iface: segs[segs.length - 1], version };
}

function parseVersionRange(s: string): string | undefined {
  if (s === '*') return undefined;
  if (!s.startsWith('{')) return 'expected `{` at `' + s + '`';
  if (!s.endsWith('}')) return 'expected `}`';
  const inner = s.slice(1, -1);
  const parts = inner.split(' ');
  if (parts.length > 2) return 'invalid version range';
  // A two-sided range is written lower bound first: `{>=1.2.3 <2.0.0}`.
  if (parts.length === 2 && !(parts[0].startsWith('>=') && parts[1].startsWith('<'))) return `\`${parts.slice(1).join(' ')}\` is not a valid semver`;
  for (const p of parts) {
    let v: string;
    if (p.startsWith('>=')) v = p.slice(2);
    else if (p.startsWith('<')) v = p.slice(1);
    else return 'expected `>=` or `<` at start of version range';
    const e = semverError(v);
    if (e) return e;
  }
  return undefined;
}

function parseBracketed(rest: string): { inner: string; after: string } | string {
  if (!rest.startsWith('<')) return `expected \`<\` at \`${rest}\``;
  // The closing `>` is the one followed by the end or by `,integrity=` (version ranges contain `>=`).
  const hash = rest.indexOf('>,integrity=');
  const close = hash >= 0 ? hash : rest.lastIndexOf('>');
  if (close < 0) return `expected \`>\` at \`\``;
  return { inner: rest.slice(1, close), after: rest.slice(close + 1) };
}

const HASH_ALGOS = ['sha256', 'sha384', 'sha512'];
function checkIntegrity(meta: string): string | undefined {
  if (meta.trim() === '') return 'integrity hash cannot be empty';
  for (const item of meta.split(/\s+/).filter((x) => x.length > 0)) {
    const dash = item.indexOf('-');
    if (dash < 0) return 'expected `-` after hash algorithm';
    if (!HASH_ALGOS.includes(item.slice(0, dash))) return 'unrecognized hash algorithm';
    const b64 = item.slice(dash + 1).split('?')[0];
    if (b64.length === 0) return 'integrity hash cannot be empty';
    if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(b64)) return 'not valid base64';
  }
  return undefined;
}
function parseHashSuffix(after: string): string | undefined {
  if (after === '') return undefined;
  if (!after.startsWith(',integrity=')) return `trailing characters found: \`${after}\``;
  const b = parseBracketed(after.slice(',integrity='.length));
  if (typeof b === 'string') return b;
  if (b.after !== '') return `trailing characters found: \`${b.after}\``;
  return checkIntegrity(b.inner);
}

function parsePlain(name: string): ParsedName | string {
  const annotated = (prefix: string): string | undefined => (name.startsWith(prefix) ? name.slice(prefix.length) : undefined);
  let rest: string | undefined;
  if ((rest = annotated('[constructor]')) !== undefined) {
    return isKebab(rest) ? { kind: 'constructor', resource: rest } : `\`${rest}\` is not in kebab case`;
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
      if (!isKebab(resource)) return `\`${resource}\` is not in kebab case`;
      if (!isKebab(method)) return `\`${method}\` is not in kebab case`;
      return { kind, resource, method, async };
    }
  }
  if (name.startsWith('[')) return `\`${name}\` is not a valid extern name`;
  return isKebab(name) ? { kind: 'label', label: name, async: false } : `\`${name}\` is not in kebab case`;
}

/**
 * Parse an import (`isImport`) or export name; returns an error message string when invalid.
 * `nested`: accept the nested-names extension (`a:b:c/d/e`, several namespaces and interface segments).
 */
export function parseExternName(name: string, isImport: boolean, nested = false): ParsedName | string {
  if (name.includes(':') && !name.includes('=')) return parseInterface(name, nested);
  if (isImport) {
    if (name.startsWith('unlocked-dep=')) {
      const b = parseBracketed(name.slice('unlocked-dep='.length));
      if (typeof b === 'string') return b;
      if (b.after !== '') return `trailing characters found: \`${b.after}\``;
      const at = b.inner.indexOf('@');
      const err = checkPackagePath(at < 0 ? b.inner : b.inner.slice(0, at), nested);
      if (err) return err;
      if (at >= 0) return parseVersionRange(b.inner.slice(at + 1)) ?? { kind: 'dep' };
      return { kind: 'dep' };
    }
    if (name.startsWith('locked-dep=')) {
      const b = parseBracketed(name.slice('locked-dep='.length));
      if (typeof b === 'string') return b;
      const at = b.inner.indexOf('@');
      const err = checkPackagePath(at < 0 ? b.inner : b.inner.slice(0, at), nested) ?? (at >= 0 ? semverError(b.inner.slice(at + 1)) : undefined);
      if (err) return err;
      return parseHashSuffix(b.after) ?? { kind: 'dep' };
    }
    if (name.startsWith('url=')) {
      const b = parseBracketed(name.slice('url='.length));
      if (typeof b === 'string') return b;
      if (b.inner.includes('<')) return 'url cannot contain `<`';
      return parseHashSuffix(b.after) ?? { kind: 'url' };
    }
    if (name.startsWith('integrity=')) {
      const b = parseBracketed(name.slice('integrity='.length));
      if (typeof b === 'string') return b;
      if (b.after !== '') return `trailing characters found: \`${b.after}\``;
      return checkIntegrity(b.inner) ?? { kind: 'hash' };
    }
  }
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
