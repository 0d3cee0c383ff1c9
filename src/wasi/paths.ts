// Guest path resolution: the sandbox. Every path a guest passes is resolved here, one component at a
// time, against the directory descriptor it came with. `..` may not climb above that directory,
// absolute paths are refused, and symlinks are expanded here (not by the host), so a symlink whose
// target leaves the directory is refused the same way. The backend is only handed the result: a path
// below the directory's host path with no `..` and no symlink before its last component.
import { Errno, WasiError } from './errno.js';
import { FileType, type Filestat, type Filesystem } from './host.js';

/** Symlink expansions allowed in one resolution before ELOOP (Linux's MAXSYMLINKS). */
const MAX_SYMLINKS = 40;

/** A directory that bounds resolution: paths resolve below `hostPath` of `fs`. */
export interface DirRef {
  fs: Filesystem;
  hostPath: string;
}

export interface Resolved {
  /** The backend path of the final object (it may not exist). */
  path: string;
  /** The last component's name, or undefined when the path names the starting directory itself. */
  name: string | undefined;
  /** The guest path ended in '/': the object must be a directory. */
  trailingSlash: boolean;
  /** lstat of the final object, or undefined if it does not exist. */
  stat: Filestat | undefined;
}

export function joinPath(base: string, name: string): string {
  return base.endsWith('/') ? base + name : `${base}/${name}`;
}

function lstatOrUndefined(fs: Filesystem, path: string): Filestat | undefined {
  try {
    return fs.lstat(path);
  } catch (e) {
    if (e instanceof WasiError && e.errno === Errno.NOENT) return undefined;
    if ((e as { code?: string }).code === 'ENOENT') return undefined;
    throw e;
  }
}

/**
 * Resolves `guestPath` below `dir`. Intermediate symlinks are always followed; the final one only if
 * `followFinal`. Errors: NOENT (empty path or a missing intermediate directory), ILSEQ (a NUL byte),
 * PERM (absolute path, or `..`/a symlink leaving `dir`), NOTDIR (an intermediate non-directory),
 * LOOP (too many symlinks).
 */
export function resolvePath(dir: DirRef, guestPath: string, followFinal: boolean): Resolved {
  if (guestPath === '') throw new WasiError(Errno.NOENT, 'empty path');
  if (guestPath.includes('\0')) throw new WasiError(Errno.ILSEQ, 'path contains a NUL byte');
  if (guestPath.startsWith('/')) throw new WasiError(Errno.PERM, `absolute path ${JSON.stringify(guestPath)} is outside the directory`);
  let trailingSlash = guestPath.endsWith('/');
  const pending = guestPath.split('/').filter((c) => c !== '' && c !== '.');
  const stack: string[] = []; // resolved components below dir.hostPath
  let links = 0;
  let stat: Filestat | undefined = dir.fs.lstat(dir.hostPath);
  let lastWasName = false;
  const here = () => stack.reduce(joinPath, dir.hostPath);
  while (pending.length > 0) {
    const c = pending.shift()!;
    if (c === '..') {
      if (stack.length === 0) throw new WasiError(Errno.PERM, `path ${JSON.stringify(guestPath)} leaves its directory`);
      stack.pop();
      stat = dir.fs.lstat(here());
      lastWasName = false;
      continue;
    }
    const isLast = pending.length === 0;
    const path = joinPath(here(), c);
    const st = lstatOrUndefined(dir.fs, path);
    if (st === undefined) {
      if (!isLast) throw new WasiError(Errno.NOENT, `no such directory: ${JSON.stringify(c)}`);
      stack.push(c);
      stat = undefined;
      lastWasName = true;
      break;
    }
    if (st.filetype === FileType.SYMBOLIC_LINK && (!isLast || followFinal || trailingSlash)) {
      if (++links > MAX_SYMLINKS) throw new WasiError(Errno.LOOP, `too many symlinks in ${JSON.stringify(guestPath)}`);
      const target = dir.fs.readlink(path);
      if (target.startsWith('/')) throw new WasiError(Errno.PERM, `symlink ${JSON.stringify(c)} points to an absolute path`);
      if (target === '') throw new WasiError(Errno.NOENT, `empty symlink ${JSON.stringify(c)}`);
      if (isLast && target.endsWith('/')) trailingSlash = true;
      pending.unshift(...target.split('/').filter((t) => t !== '' && t !== '.'));
      // A symlink to "." (or "./") names the directory that holds it.
      lastWasName = false;
      stat = dir.fs.lstat(here());
      continue;
    }
    if (!isLast && st.filetype !== FileType.DIRECTORY) throw new WasiError(Errno.NOTDIR, `not a directory: ${JSON.stringify(c)}`);
    stack.push(c);
    stat = st;
    lastWasName = true;
  }
  return {
    path: here(),
    name: lastWasName && stack.length > 0 ? stack[stack.length - 1] : undefined,
    trailingSlash,
    stat,
  };
}
