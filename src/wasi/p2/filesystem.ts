// wasi:filesystem — types (descriptor, directory-entry-stream) and preopens — over the same path
// operations and backends as preview1 (../fs-ops.ts), so the sandbox and the errors are the same.
import type { LinkerInstance, ResourceHandle } from '../../index.js';
import { hostResource } from '../../index.js';
import { Errno, WasiError } from '../errno.js';
import {
  createDirectoryAt, linkAt, openAt, readlinkAt, removeDirectoryAt, renameAt, setTimesAt, statAt, symlinkAt, unlinkFileAt,
} from '../fs-ops.js';
import { FileType, type Filestat, type TimeSpec, type WasiHost } from '../host.js';
import { fsResult, toCount, type DescriptorRep, type DirStreamRep, type ErrorRep, type WasiResources } from './common.js';
import { fileInput, fileOutput } from './io.js';

const TYPE_NAMES = ['unknown', 'block-device', 'character-device', 'directory', 'regular-file', 'socket', 'socket', 'symbolic-link'];

type Datetime = { seconds: bigint; nanoseconds: number };
type NewTimestamp = { tag: 'no-change' } | { tag: 'now' } | { tag: 'timestamp'; val: Datetime };
type PathFlags = { symlinkFollow: boolean };
type OpenFlags = { create: boolean; directory: boolean; exclusive: boolean; truncate: boolean };
type DescriptorFlags = {
  read: boolean; write: boolean; fileIntegritySync: boolean; dataIntegritySync: boolean; requestedWriteSync: boolean; mutateDirectory: boolean;
};

function datetime(ns: bigint): Datetime {
  return { seconds: ns / 1_000_000_000n, nanoseconds: Number(ns % 1_000_000_000n) };
}

function timeSpec(t: NewTimestamp): TimeSpec {
  if (t.tag === 'no-change') return undefined;
  if (t.tag === 'now') return 'now';
  return t.val.seconds * 1_000_000_000n + BigInt(t.val.nanoseconds);
}

function descriptorStat(st: Filestat) {
  return {
    type: TYPE_NAMES[st.filetype] ?? 'unknown',
    linkCount: st.nlink,
    size: st.size,
    dataAccessTimestamp: datetime(st.atim),
    dataModificationTimestamp: datetime(st.mtim),
    statusChangeTimestamp: datetime(st.ctim),
  };
}

function desc(h: ResourceHandle): DescriptorRep {
  return h.rep as DescriptorRep;
}

function dir(h: ResourceHandle): DescriptorRep {
  const d = desc(h);
  if (d.kind !== 'dir') throw new WasiError(Errno.NOTDIR);
  return d;
}

/** A directory the guest may change (create, remove, rename, link in). */
function mutableDir(h: ResourceHandle): DescriptorRep {
  const d = dir(h);
  if (!d.mutateDirectory) throw new WasiError(Errno.PERM, 'directory descriptor is read-only');
  return d;
}

function file(h: ResourceHandle) {
  const d = desc(h);
  if (d.kind === 'dir') throw new WasiError(Errno.ISDIR);
  if (d.handle === undefined) throw new WasiError(Errno.BADF);
  return { d, handle: d.handle };
}

function stat(d: DescriptorRep): Filestat {
  if (d.handle !== undefined) return d.handle.stat();
  return d.fs.lstat(d.hostPath);
}

export function defineFilesystem(linker: LinkerInstance, res: WasiResources, host: WasiHost, version: string): void {
  const types = linker.instance(`wasi:filesystem/types@${version}`);
  types
    .resource('descriptor', res.descriptor)
    .resource('directory-entry-stream', res.directoryEntryStream)
    .resource('error', res.error)
    .resource('input-stream', res.inputStream)
    .resource('output-stream', res.outputStream);
  const m = (name: string, fn: (self: ResourceHandle, ...args: any[]) => unknown) => types.func(`[method]descriptor.${name}`, fn);

  m('read-via-stream', (self, offset: bigint) =>
    fsResult(() => {
      const { d, handle } = file(self);
      if (!d.read) throw new WasiError(Errno.BADF);
      return hostResource(res.inputStream, fileInput(handle, toCount(offset)));
    }));
  m('write-via-stream', (self, offset: bigint) =>
    fsResult(() => {
      const { d, handle } = file(self);
      if (!d.write) throw new WasiError(Errno.BADF);
      return hostResource(res.outputStream, fileOutput(handle, toCount(offset)));
    }));
  m('append-via-stream', (self) =>
    fsResult(() => {
      const { d, handle } = file(self);
      if (!d.write) throw new WasiError(Errno.BADF);
      return hostResource(res.outputStream, fileOutput(handle, 'append'));
    }));
  // Advice is a hint: accepted and ignored by both backends.
  m('advise', (self) => fsResult(() => void file(self)));
  const sync = (self: ResourceHandle) =>
    fsResult(() => {
      const d = desc(self);
      d.handle?.sync();
    });
  m('sync-data', sync);
  m('sync', sync);
  m('get-flags', (self) =>
    fsResult((): DescriptorFlags => {
      const d = desc(self);
      const sync = d.syncFlags ?? { fileIntegritySync: false, dataIntegritySync: false, requestedWriteSync: false };
      return { read: d.read, write: d.write, ...sync, mutateDirectory: d.mutateDirectory };
    }));
  m('get-type', (self) => fsResult(() => TYPE_NAMES[stat(desc(self)).filetype] ?? 'unknown'));
  m('set-size', (self, size: bigint) =>
    fsResult(() => {
      const { d, handle } = file(self);
      if (!d.write) throw new WasiError(Errno.BADF);
      handle.truncate(toCount(size));
    }));
  m('set-times', (self, atim: NewTimestamp, mtim: NewTimestamp) =>
    fsResult(() => {
      const d = desc(self);
      if (d.handle !== undefined) d.handle.setTimes(timeSpec(atim), timeSpec(mtim));
      else d.fs.setTimes(d.hostPath, timeSpec(atim), timeSpec(mtim));
    }));
  m('read', (self, length: bigint, offset: bigint) =>
    fsResult(() => {
      const { d, handle } = file(self);
      if (!d.read) throw new WasiError(Errno.BADF);
      const buf = new Uint8Array(toCount(length, 1 << 24));
      const n = buf.length === 0 ? 0 : handle.read(buf, toCount(offset));
      return [buf.subarray(0, n), n < buf.length];
    }));
  m('write', (self, buffer: Uint8Array, offset: bigint) =>
    fsResult(() => {
      const { d, handle } = file(self);
      if (!d.write) throw new WasiError(Errno.BADF);
      return BigInt(handle.write(buffer, toCount(offset)));
    }));
  m('read-directory', (self) =>
    fsResult(() => {
      const d = dir(self);
      const rep: DirStreamRep = { entries: d.fs.readdir(d.hostPath), next: 0 };
      return hostResource(res.directoryEntryStream, rep);
    }));
  m('create-directory-at', (self, path: string) => fsResult(() => createDirectoryAt(mutableDir(self), path)));
  m('stat', (self) => fsResult(() => descriptorStat(stat(desc(self)))));
  m('stat-at', (self, pf: PathFlags, path: string) => fsResult(() => descriptorStat(statAt(dir(self), path, pf.symlinkFollow))));
  m('set-times-at', (self, pf: PathFlags, path: string, atim: NewTimestamp, mtim: NewTimestamp) =>
    fsResult(() => setTimesAt(dir(self), path, pf.symlinkFollow, timeSpec(atim), timeSpec(mtim))));
  m('link-at', (self, pf: PathFlags, oldPath: string, newDesc: ResourceHandle, newPath: string) =>
    fsResult(() => linkAt(mutableDir(self), oldPath, pf.symlinkFollow, mutableDir(newDesc), newPath)));
  m('open-at', (self, pf: PathFlags, path: string, of: OpenFlags, flags: DescriptorFlags) =>
    fsResult(() => {
      const d = dir(self);
      // Creating, truncating or writing needs a directory the guest may change (wasmtime: not-permitted).
      if ((of.create || of.truncate || flags.write || flags.mutateDirectory) && !d.mutateDirectory) {
        throw new WasiError(Errno.PERM, 'directory descriptor is read-only');
      }
      const read = flags.read || !flags.write;
      const opened = openAt(d, path, {
        follow: pf.symlinkFollow, create: of.create, directory: of.directory, exclusive: of.exclusive, truncate: of.truncate,
        read, write: flags.write,
      });
      // A directory opened below another gets its permissions (as in wasmtime).
      const rep: DescriptorRep =
        opened.kind === 'dir'
          ? { kind: 'dir', fs: d.fs, hostPath: opened.hostPath, handle: undefined, read: true, write: false, mutateDirectory: d.mutateDirectory }
          : { kind: 'file', fs: d.fs, hostPath: '', handle: opened.handle, read, write: flags.write, mutateDirectory: false,
              syncFlags: { fileIntegritySync: flags.fileIntegritySync, dataIntegritySync: flags.dataIntegritySync, requestedWriteSync: flags.requestedWriteSync } };
      return hostResource(res.descriptor, rep);
    }));
  m('readlink-at', (self, path: string) => fsResult(() => readlinkAt(dir(self), path)));
  m('remove-directory-at', (self, path: string) => fsResult(() => removeDirectoryAt(mutableDir(self), path)));
  m('rename-at', (self, oldPath: string, newDesc: ResourceHandle, newPath: string) =>
    fsResult(() => renameAt(mutableDir(self), oldPath, mutableDir(newDesc), newPath)));
  m('symlink-at', (self, oldPath: string, newPath: string) => fsResult(() => symlinkAt(mutableDir(self), oldPath, newPath)));
  m('unlink-file-at', (self, path: string) => fsResult(() => unlinkFileAt(mutableDir(self), path)));
  m('is-same-object', (self, other: ResourceHandle) => {
    try {
      const a = stat(desc(self));
      const b = stat(desc(other));
      return a.dev === b.dev && a.ino === b.ino;
    } catch {
      return false;
    }
  });
  const hash = (st: Filestat) => ({ lower: st.ino, upper: st.dev });
  m('metadata-hash', (self) => fsResult(() => hash(stat(desc(self)))));
  m('metadata-hash-at', (self, pf: PathFlags, path: string) => fsResult(() => hash(statAt(dir(self), path, pf.symlinkFollow))));

  types.func('[method]directory-entry-stream.read-directory-entry', (self: ResourceHandle) =>
    fsResult(() => {
      const s = self.rep as DirStreamRep;
      const e = s.entries[s.next];
      if (e === undefined) return undefined;
      s.next++;
      return { type: TYPE_NAMES[e.filetype] ?? 'unknown', name: e.name };
    }));
  types.func('filesystem-error-code', (err: ResourceHandle) => {
    const rep = err.rep as ErrorRep;
    return rep.errno === undefined ? undefined : fsResult(() => {
      throw new WasiError(rep.errno);
    }).val;
  });

  linker
    .instance(`wasi:filesystem/preopens@${version}`)
    .resource('descriptor', res.descriptor)
    .func('get-directories', () =>
      host.preopens.map((p) => {
        const rep: DescriptorRep = { kind: 'dir', fs: p.fs, hostPath: p.hostPath, handle: undefined, read: true, write: false, mutateDirectory: true };
        return [hostResource(res.descriptor, rep), p.guestPath];
      }));
}
