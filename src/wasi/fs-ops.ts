// Path operations relative to a directory, shared by preview1 (`path_*`) and WASI 0.2
// (`descriptor.*-at`), so a program sees the same results, errors included, as a module or a component.
// Each takes a directory (`DirRef`) and a guest path, resolves it in the sandbox (paths.ts) and applies
// POSIX's rules for trailing slashes, existing targets and symlinks. Errors are `WasiError`s (errno).
import { Errno, WasiError } from './errno.js';
import { FileType, type FileHandle, type Filestat, type TimeSpec } from './host.js';
import { resolvePath, type DirRef } from './paths.js';

export function createDirectoryAt(d: DirRef, path: string): void {
  const r = resolvePath(d, path, false);
  if (r.stat !== undefined || r.name === undefined) throw new WasiError(Errno.EXIST);
  d.fs.mkdir(r.path);
}

export function statAt(d: DirRef, path: string, follow: boolean): Filestat {
  const r = resolvePath(d, path, follow);
  if (r.stat === undefined) throw new WasiError(Errno.NOENT);
  if (r.trailingSlash && r.stat.filetype !== FileType.DIRECTORY) throw new WasiError(Errno.NOTDIR);
  return r.stat;
}

export function setTimesAt(d: DirRef, path: string, follow: boolean, atim: TimeSpec, mtim: TimeSpec): void {
  const r = resolvePath(d, path, follow);
  if (r.stat === undefined) throw new WasiError(Errno.NOENT);
  if (r.trailingSlash && r.stat.filetype !== FileType.DIRECTORY) throw new WasiError(Errno.NOTDIR);
  d.fs.setTimes(r.path, atim, mtim);
}

export function linkAt(d: DirRef, oldPath: string, follow: boolean, d2: DirRef, newPath: string): void {
  const from = resolvePath(d, oldPath, follow);
  const to = resolvePath(d2, newPath, false);
  if (from.stat === undefined) throw new WasiError(Errno.NOENT);
  if (from.stat.filetype === FileType.DIRECTORY) throw new WasiError(Errno.PERM, 'cannot hard-link a directory');
  if (from.trailingSlash) throw new WasiError(Errno.NOTDIR);
  if (to.stat !== undefined || to.name === undefined) throw new WasiError(Errno.EXIST);
  if (to.trailingSlash) throw new WasiError(Errno.NOENT);
  if (d.fs !== d2.fs) throw new WasiError(Errno.XDEV);
  d.fs.link(from.path, to.path);
}

export function readlinkAt(d: DirRef, path: string): string {
  const r = resolvePath(d, path, false);
  if (r.stat === undefined) throw new WasiError(Errno.NOENT);
  if (r.stat.filetype !== FileType.SYMBOLIC_LINK) throw new WasiError(Errno.INVAL, 'not a symlink');
  return d.fs.readlink(r.path);
}

export function removeDirectoryAt(d: DirRef, path: string): void {
  const r = resolvePath(d, path, false);
  if (r.stat === undefined) throw new WasiError(Errno.NOENT);
  if (r.stat.filetype !== FileType.DIRECTORY) throw new WasiError(Errno.NOTDIR);
  if (r.name === undefined) throw new WasiError(Errno.INVAL, 'cannot remove the directory itself');
  d.fs.rmdir(r.path);
}

export function renameAt(d: DirRef, oldPath: string, d2: DirRef, newPath: string): void {
  const from = resolvePath(d, oldPath, false);
  const to = resolvePath(d2, newPath, false);
  if (from.stat === undefined) throw new WasiError(Errno.NOENT);
  if (from.name === undefined || to.name === undefined) throw new WasiError(Errno.BUSY);
  const fromDir = from.stat.filetype === FileType.DIRECTORY;
  if ((from.trailingSlash || to.trailingSlash) && !fromDir) throw new WasiError(Errno.NOTDIR);
  if (to.stat !== undefined) {
    const toDir = to.stat.filetype === FileType.DIRECTORY;
    if (fromDir && !toDir) throw new WasiError(Errno.NOTDIR);
    if (!fromDir && toDir) throw new WasiError(Errno.ISDIR);
  }
  if (fromDir && to.path.startsWith(from.path + '/')) throw new WasiError(Errno.INVAL, 'cannot move a directory into itself');
  if (d.fs !== d2.fs) throw new WasiError(Errno.XDEV);
  d.fs.rename(from.path, to.path);
}

export function symlinkAt(d: DirRef, target: string, path: string): void {
  const r = resolvePath(d, path, false);
  if (r.stat !== undefined || r.name === undefined) throw new WasiError(Errno.EXIST);
  if (r.trailingSlash) throw new WasiError(Errno.NOENT);
  if (target === '') throw new WasiError(Errno.NOENT);
  // A symlink to an absolute path could never be followed inside the sandbox: refuse it up front.
  if (target.startsWith('/')) throw new WasiError(Errno.PERM, 'symlink to an absolute path');
  d.fs.symlink(target, r.path);
}

export function unlinkFileAt(d: DirRef, path: string): void {
  const r = resolvePath(d, path, false);
  if (r.stat === undefined) throw new WasiError(Errno.NOENT);
  if (r.stat.filetype === FileType.DIRECTORY) throw new WasiError(Errno.ISDIR);
  if (r.trailingSlash) throw new WasiError(Errno.NOTDIR);
  d.fs.unlink(r.path);
}

export interface OpenRequest {
  follow: boolean;
  create: boolean;
  directory: boolean;
  exclusive: boolean;
  truncate: boolean;
  read: boolean;
  write: boolean;
}

export type Opened = { kind: 'dir'; hostPath: string } | { kind: 'file'; handle: FileHandle };

/** open(2) below `d`: a directory (read-only) or a regular file, with POSIX's errors. */
export function openAt(d: DirRef, path: string, o: OpenRequest): Opened {
  const r = resolvePath(d, path, o.follow);
  const st = r.stat;
  if (st !== undefined && o.create && o.exclusive) throw new WasiError(Errno.EXIST);
  if (st?.filetype === FileType.SYMBOLIC_LINK) throw new WasiError(Errno.LOOP, 'final component is a symlink and symlinks are not followed');
  if (st?.filetype === FileType.DIRECTORY) {
    // Directories open for reading only (POSIX: EISDIR for write access or O_TRUNC).
    if (o.truncate || o.write) throw new WasiError(Errno.ISDIR);
    return { kind: 'dir', hostPath: r.path };
  }
  if (o.directory) throw new WasiError(st === undefined ? Errno.NOENT : Errno.NOTDIR);
  if (r.trailingSlash) throw new WasiError(st === undefined ? (o.create ? Errno.ISDIR : Errno.NOENT) : Errno.NOTDIR);
  if (st === undefined && !o.create) throw new WasiError(Errno.NOENT);
  if (st !== undefined && st.filetype !== FileType.REGULAR_FILE) throw new WasiError(Errno.NOTSUP, 'only regular files and directories can be opened');
  const handle = d.fs.open(r.path, { read: o.read, write: o.write, create: o.create, exclusive: o.exclusive, truncate: o.truncate });
  return { kind: 'file', handle };
}
