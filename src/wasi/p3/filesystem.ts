// wasi:filesystem@0.3 — types (descriptor) and preopens — over the same path operations, descriptors and
// backends as preview1 and 0.2 (../fs-ops.ts, ../descriptors.ts), so the sandbox and the errors are the
// same. What 0.3 changes is the shape: file contents and directory listings move as streams with a
// future for the outcome, error-code and descriptor-type are variants, and timestamps are optional.
import { hostResource, type LinkerInstance, type ResourceHandle } from '../../index.js';
import { HostFuture, type HostStreamReader } from '../../async/index.js';
import {
  FILE_TYPE_NAMES, PATH_METHODS, descOf as desc, descriptorStatRecord, dirOfHandle as dir, fileOf, fileSize, fileReader,
  fileWriter, openDescriptor, preopenDescriptor, sameObject, statOf,
  type DescriptorFlags, type OpenFlags,
} from '../descriptors.js';
import { statAt } from '../fs-ops.js';
import type { Filestat } from '../host.js';
import { drainStream, fsErrorCode, fsResult, sourceStream, type Chunk, type WasiP3Context } from './common.js';

type PathFlags = { symlinkFollow: boolean };
type DescriptorType = { tag: string; val?: string };

/** descriptor-type: a case per known file type, `other(none)` for one the backend could not tell. */
function descriptorType(filetype: number): DescriptorType {
  const name = FILE_TYPE_NAMES[filetype];
  return name === undefined ? { tag: 'other' } : { tag: name };
}

const descriptorStat = (st: Filestat) => descriptorStatRecord(st, descriptorType(st.filetype));

/**
 * A stream whose failure to even start (a descriptor opened without read access, a directory) is
 * reported through its future, as wasmtime does: the stream then ends at once.
 */
function failedSource(e: unknown): [AsyncIterable<Chunk>, unknown] {
  return sourceStream(() => {
    throw e;
  }, fsErrorCode);
}

export function defineFilesystem(linker: LinkerInstance, cx: WasiP3Context): void {
  const { host, resources: res, version } = cx;
  const types = linker.instance(`wasi:filesystem/types@${version}`).resource('descriptor', res.descriptor);
  const m = (name: string, fn: (self: ResourceHandle, ...args: any[]) => unknown) => types.func(`[method]descriptor.${name}`, fn);
  for (const [name, f] of Object.entries(PATH_METHODS)) m(name, (self, ...args) => fsResult(() => f(desc(self), ...args)));

  m('read-via-stream', (self, offset: bigint) => {
    let read: (max: number) => Uint8Array;
    try {
      read = fileReader(fileOf(desc(self), 'read'), fileSize(offset));
    } catch (e) {
      return failedSource(e);
    }
    return sourceStream((max) => {
      const b = read(max);
      return b.length === 0 ? null : b;
    }, fsErrorCode);
  });
  const writeVia = (self: ResourceHandle, data: HostStreamReader<number>, offset: bigint | 'append') => {
    let write: (b: Uint8Array) => void;
    try {
      write = fileWriter(fileOf(desc(self), 'write'), offset === 'append' ? offset : fileSize(offset));
    } catch (e) {
      // The future answers at once; dropping the stream's readable end tells the guest's writer.
      const code = fsErrorCode(e);
      data.cancel();
      return new HostFuture({ tag: 'err', val: code });
    }
    return drainStream(data, write, fsErrorCode);
  };
  m('write-via-stream', (self, data: HostStreamReader<number>, offset: bigint) => writeVia(self, data, offset));
  m('append-via-stream', (self, data: HostStreamReader<number>) => writeVia(self, data, 'append'));
  m('get-type', (self) => fsResult(() => descriptorType(statOf(desc(self)).filetype)));
  m('read-directory', (self) => {
    let entries: { name: string; filetype: number }[];
    try {
      const d = dir(self);
      entries = d.fs.readdir(d.hostPath);
    } catch (e) {
      return failedSource(e);
    }
    let next = 0;
    return sourceStream((max) => {
      if (next >= entries.length) return null;
      const chunk = entries.slice(next, next + max).map((e) => ({ type: descriptorType(e.filetype), name: e.name }));
      next += chunk.length;
      return chunk;
    }, fsErrorCode);
  });
  m('stat', (self) => fsResult(() => descriptorStat(statOf(desc(self)))));
  m('stat-at', (self, pf: PathFlags, path: string) => fsResult(() => descriptorStat(statAt(dir(self), path, pf.symlinkFollow))));
  m('open-at', (self, pf: PathFlags, path: string, of: OpenFlags, flags: DescriptorFlags) =>
    fsResult(() => hostResource(res.descriptor, openDescriptor(desc(self), pf.symlinkFollow, path, of, flags))));
  m('is-same-object', (self, other: ResourceHandle) => sameObject(desc(self), desc(other)));

  linker
    .instance(`wasi:filesystem/preopens@${version}`)
    .resource('descriptor', res.descriptor)
    .func('get-directories', () => host.preopens.map((p) => [hostResource(res.descriptor, preopenDescriptor(p)), p.guestPath]));
}
