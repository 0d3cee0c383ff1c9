// Version-aware interface names (`ns:pkg/iface@1.2.3`): an import is satisfied by a definition of the
// same name whose version is semver-compatible (same major for >=1, same minor for 0.x, same patch for
// 0.0.x), as wasmtime's linker does.

export interface SplitName {
  readonly base: string;
  readonly version: string | undefined;
}

export function splitVersion(name: string): SplitName {
  const at = name.lastIndexOf('@');
  if (at <= 0) return { base: name, version: undefined };
  return { base: name.slice(0, at), version: name.slice(at + 1) };
}

/** The part of a version that must match for compatibility ("1", "0.2", "0.0.3"), or the full version when prerelease. */
export function compatKey(version: string): string {
  const m = /^(\d+)\.(\d+)\.(\d+)(.*)$/.exec(version);
  if (m === null || m[4] !== '' && !m[4].startsWith('+')) return version;
  if (m[1] !== '0') return m[1];
  if (m[2] !== '0') return `0.${m[2]}`;
  return `0.0.${m[3]}`;
}

function cmpVersion(a: string, b: string): number {
  const pa = a.split(/[.+-]/).map((x) => parseInt(x, 10) || 0);
  const pb = b.split(/[.+-]/).map((x) => parseInt(x, 10) || 0);
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pa[i] - pb[i];
  return 0;
}

/** Find the definition for `name` in `defs`: exact name first, else the newest compatible version. */
export function lookupVersioned<T>(defs: ReadonlyMap<string, T>, name: string): T | undefined {
  const exact = defs.get(name);
  if (exact !== undefined) return exact;
  const want = splitVersion(name);
  if (want.version === undefined) return undefined;
  const key = compatKey(want.version);
  let best: { v: string; d: T } | undefined;
  for (const [n, d] of defs) {
    const s = splitVersion(n);
    if (s.base !== want.base || s.version === undefined || compatKey(s.version) !== key) continue;
    if (best === undefined || cmpVersion(s.version, best.v) > 0) best = { v: s.version, d };
  }
  return best?.d;
}
