// wasi:filesystem descriptors as WASI 0.2 and 0.3 share them: what a descriptor handle stands for, the
// permission rules of the *-at calls (a directory the guest may change, a file opened for writing), and
// how open-at and preopens make descriptors. The two versions differ only in their value types (0.2's
// enums and results, 0.3's variants and streams), which their own files convert.
import { Errno, WasiError } from './errno.js';
import type { ResourceHandle } from '../index.js';
import { timeSpec, type NewTimestamp } from './datetime.js';
import {
  createDirectoryAt, linkAt, openAt, readlinkAt, removeDirectoryAt, renameAt, setTimesAt, statAt, symlinkAt, unlinkFileAt,
} from './fs-ops.js';
import { FileType, type FileHandle, type Filestat, type Filesystem, type Preopen, type TimeSpec } from './host.js';
import { datetime } from './datetime.js';

export { datetime, timeSpec, type Datetime, type NewTimestamp } from './datetime.js';

/** descriptor-type's case names by file type (0.2's enum, 0.3's variant); a type missing here is unknown. */
export const FILE_TYPE_NAMES: Record<number, string> = {
  [FileType.BLOCK_DEVICE]: 'block-device', [FileType.CHARACTER_DEVICE]: 'character-device', [FileType.DIRECTORY]: 'directory',
  [FileType.REGULAR_FILE]: 'regular-file', [FileType.SOCKET_DGRAM]: 'socket', [FileType.SOCKET_STREAM]: 'socket',
  [FileType.SYMBOLIC_LINK]: 'symbolic-link',
};

/** A descriptor-stat record, its `type` already in the version's own descriptor-type shape. */
export function descriptorStatRecord<T>(st: Filestat, type: T) {
  return {
    type,
    linkCount: st.nlink,
    size: st.size,
    dataAccessTimestamp: datetime(st.atim),
    dataModificationTimestamp: datetime(st.mtim),
    statusChangeTimestamp: datetime(st.ctim),
  };
}

/** A wasi:filesystem descriptor: a directory (a sandbox root for *-at calls) or an open regular file. */
export interface DescriptorRep {
  kind: 'dir' | 'file';
  fs: Filesystem;
  /** The directory's backend path (for files: unused). */
  hostPath: string;
  handle: FileHandle | undefined;
  read: boolean;
  write: boolean;
  mutateDirectory: boolean;
  /**
   * A directory opened below another may mutate what its parent may (the permission), but get-flags
   * reports mutate-directory only when it was asked for (as wasmtime: open mode vs. permissions).
   */
  mutateRequested?: boolean;
  /** The *-sync flags it was opened with: reported back by get-flags (writes are synchronous anyway). */
  syncFlags?: { fileIntegritySync: boolean; dataIntegritySync: boolean; requestedWriteSync: boolean };
}

/** Closes a descriptor's file (its resource's destructor). */
export function closeDescriptor(d: DescriptorRep): void {
  if (d.handle !== undefined) {
    const h = d.handle;
    d.handle = undefined;
    h.close();
  }
}

export function dirOf(d: DescriptorRep): DescriptorRep {
  if (d.kind !== 'dir') throw new WasiError(Errno.NOTDIR);
  return d;
}

/** A directory the guest may change (create, remove, rename, link in). */
export function mutableDirOf(d: DescriptorRep): DescriptorRep {
  dirOf(d);
  if (!d.mutateDirectory) throw new WasiError(Errno.PERM, 'directory descriptor is read-only');
  return d;
}

/**
 * An open regular file; `need` checks the access it was opened with (bad-descriptor otherwise). A
 * directory is is-directory, or bad-descriptor where wasmtime answers so (`dirIs`: advise).
 */
export function fileOf(d: DescriptorRep, need?: 'read' | 'write', dirIs: number = Errno.ISDIR): FileHandle {
  if (d.kind === 'dir') throw new WasiError(dirIs);
  if (d.handle === undefined) throw new WasiError(Errno.BADF);
  if (need !== undefined && !d[need]) throw new WasiError(Errno.BADF);
  return d.handle;
}

export function statOf(d: DescriptorRep): Filestat {
  if (d.handle !== undefined) return d.handle.stat();
  return d.fs.lstat(d.hostPath);
}

export function setDescriptorTimes(d: DescriptorRep, atim: TimeSpec, mtim: TimeSpec): void {
  if (d.handle !== undefined) d.handle.setTimes(atim, mtim);
  else d.fs.setTimes(d.hostPath, atim, mtim);
}

/** Whether two descriptors name the same object (dev and inode); false when either cannot be stat'ed. */
export function sameObject(a: DescriptorRep, b: DescriptorRep): boolean {
  try {
    const x = statOf(a);
    const y = statOf(b);
    return x.dev === y.dev && x.ino === y.ino;
  } catch {
    return false;
  }
}

/** metadata-hash: the same value for the same object (inode and device). */
export function metadataHash(st: Filestat): { lower: bigint; upper: bigint } {
  return { lower: st.ino, upper: st.dev };
}

export interface DescriptorFlags {
  read: boolean;
  write: boolean;
  fileIntegritySync: boolean;
  dataIntegritySync: boolean;
  requestedWriteSync: boolean;
  mutateDirectory: boolean;
}

export function descriptorFlags(d: DescriptorRep): DescriptorFlags {
  const sync = d.syncFlags ?? { fileIntegritySync: false, dataIntegritySync: false, requestedWriteSync: false };
  return { read: d.read, write: d.write, ...sync, mutateDirectory: d.mutateRequested ?? d.mutateDirectory };
}

export interface OpenFlags {
  create: boolean;
  directory: boolean;
  exclusive: boolean;
  truncate: boolean;
}

/** open-at below directory `d`: the new descriptor, with the permission rules wasmtime applies. */
export function openDescriptor(d: DescriptorRep, follow: boolean, path: string, of: OpenFlags, flags: DescriptorFlags): DescriptorRep {
  dirOf(d);
  // Creating, truncating or writing needs a directory the guest may change (wasmtime: not-permitted).
  if ((of.create || of.truncate || flags.write || flags.mutateDirectory) && !d.mutateDirectory) {
    throw new WasiError(Errno.PERM, 'directory descriptor is read-only');
  }
  // Without write asked for, read; creating implies write (wasmtime, and the 0.3 tests, say so).
  const read = flags.read || !flags.write;
  const write = flags.write || of.create;
  const opened = openAt(d, path, {
    follow, create: of.create, directory: of.directory, exclusive: of.exclusive, truncate: of.truncate, read, write,
  });
  // A directory opened below another gets its permissions (as in wasmtime).
  return opened.kind === 'dir'
    ? {
        kind: 'dir', fs: d.fs, hostPath: opened.hostPath, handle: undefined, read: true, write: false, mutateDirectory: d.mutateDirectory,
        mutateRequested: flags.mutateDirectory,
      }
    : {
        kind: 'file', fs: d.fs, hostPath: '', handle: opened.handle, read, write, mutateDirectory: false,
        syncFlags: { fileIntegritySync: flags.fileIntegritySync, dataIntegritySync: flags.dataIntegritySync, requestedWriteSync: flags.requestedWriteSync },
      };
}

/** The descriptor of a preopened directory (the guest may change what is below it). */
export function preopenDescriptor(p: Preopen): DescriptorRep {
  return { kind: 'dir', fs: p.fs, hostPath: p.hostPath, handle: undefined, read: true, write: false, mutateDirectory: true };
}

/** Reads a file from `offset` on, one call at a time (an empty result at end of file). */
export function fileReader(h: FileHandle, offset: number): (max: number) => Uint8Array {
  let pos = offset;
  return (max) => {
    const buf = new Uint8Array(Math.min(max, 1 << 20));
    const n = h.read(buf, pos);
    pos += n;
    return buf.subarray(0, n);
  };
}

/** Writes a file from `offset` on, or at its end each time ('append'); every byte or a throw. */
export function fileWriter(h: FileHandle, offset: number | 'append'): (bytes: Uint8Array) => void {
  let pos = offset === 'append' ? 0 : offset;
  return (b) => {
    if (offset === 'append') pos = Number(h.stat().size);
    let at = 0;
    while (at < b.length) {
      const n = h.write(b.subarray(at), pos);
      pos += n;
      at += n;
    }
  };
}

type PathFlags = { symlinkFollow: boolean };

/**
 * A file size or offset from the guest: beyond i64 it is invalid (an off_t cannot hold it; wasmtime says
 * invalid too); up to there a JS number (past 2^53 nothing is addressable anyway).
 */
export function fileSize(x: bigint): number {
  if (x > 0x7fff_ffff_ffff_ffffn) throw new WasiError(Errno.INVAL, `file size or offset ${x} is beyond i64`);
  return x > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(x);
}

const rep = (h: ResourceHandle): DescriptorRep => h.rep as DescriptorRep;

/**
 * The descriptor methods whose arguments and results have the same form in 0.2 and 0.3 (paths in, nothing,
 * a string or a hash out): each version wraps them in its own result conversion. They throw WasiError.
 */
export const PATH_METHODS: Record<string, (self: DescriptorRep, ...args: any[]) => unknown> = {
  'create-directory-at': (d, path: string) => createDirectoryAt(mutableDirOf(d), path),
  'set-times-at': (d, pf: PathFlags, path: string, atim: NewTimestamp, mtim: NewTimestamp) =>
    setTimesAt(dirOf(d), path, pf.symlinkFollow, timeSpec(atim), timeSpec(mtim)),
  'link-at': (d, pf: PathFlags, oldPath: string, newDesc: ResourceHandle, newPath: string) =>
    linkAt(mutableDirOf(d), oldPath, pf.symlinkFollow, mutableDirOf(rep(newDesc)), newPath),
  'readlink-at': (d, path: string) => readlinkAt(dirOf(d), path),
  'remove-directory-at': (d, path: string) => removeDirectoryAt(mutableDirOf(d), path),
  'rename-at': (d, oldPath: string, newDesc: ResourceHandle, newPath: string) => renameAt(mutableDirOf(d), oldPath, mutableDirOf(rep(newDesc)), newPath),
  'symlink-at': (d, oldPath: string, newPath: string) => symlinkAt(mutableDirOf(d), oldPath, newPath),
  'unlink-file-at': (d, path: string) => unlinkFileAt(mutableDirOf(d), path),
  'set-times': (d, atim: NewTimestamp, mtim: NewTimestamp) => setDescriptorTimes(d, timeSpec(atim), timeSpec(mtim)),
  'set-size': (d, size: bigint) => fileOf(d, 'write').truncate(fileSize(size)),
  // Advice is a hint: accepted and ignored by both backends (a directory takes none: bad-descriptor).
  advise: (d) => void fileOf(d, undefined, Errno.BADF),
  sync: (d) => d.handle?.sync(),
  'sync-data': (d) => d.handle?.sync(),
  'get-flags': (d) => descriptorFlags(d),
  'metadata-hash': (d) => metadataHash(statOf(d)),
  'metadata-hash-at': (d, pf: PathFlags, path: string) => metadataHash(statAt(dirOf(d), path, pf.symlinkFollow)),
};

/** The descriptor a resource handle stands for. */
export const descOf = (h: ResourceHandle): DescriptorRep => h.rep as DescriptorRep;
/** The directory a handle must stand for in the *-at calls. */
export const dirOfHandle = (h: ResourceHandle): DescriptorRep => dirOf(descOf(h));
