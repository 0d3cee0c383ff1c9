// wasi:filesystem — types (descriptor, directory-entry-stream) and preopens — over the same path
// operations and backends as preview1 (../fs-ops.ts), so the sandbox and the errors are the same.
import type { LinkerInstance, ResourceHandle } from '../../index.js';
import { hostResource } from '../../index.js';
import { WasiError } from '../errno.js';
import { statAt } from '../fs-ops.js';
import type { Filestat, WasiHost } from '../host.js';
import {
  FILE_TYPE_NAMES, PATH_METHODS, descOf as desc, descriptorStatRecord, dirOfHandle as dir, fileOf, openDescriptor,
  preopenDescriptor, sameObject, statOf,
  type DescriptorFlags, type OpenFlags,
} from '../descriptors.js';
import { fsResult, toCount, type DirStreamRep, type ErrorRep, type WasiResources } from './common.js';
import { fileInput, fileOutput } from './io.js';

type PathFlags = { symlinkFollow: boolean };

/** descriptor-type, an enum in 0.2: `unknown` for a type the backend could not tell. */
const typeName = (filetype: number): string => FILE_TYPE_NAMES[filetype] ?? 'unknown';

const descriptorStat = (st: Filestat) => descriptorStatRecord(st, typeName(st.filetype));

export function defineFilesystem(linker: LinkerInstance, res: WasiResources, host: WasiHost, version: string): void {
  const types = linker.instance(`wasi:filesystem/types@${version}`);
  types
    .resource('descriptor', res.descriptor)
    .resource('directory-entry-stream', res.directoryEntryStream)
    .resource('error', res.error)
    .resource('input-stream', res.inputStream)
    .resource('output-stream', res.outputStream);
  const m = (name: string, fn: (self: ResourceHandle, ...args: any[]) => unknown) => types.func(`[method]descriptor.${name}`, fn);
  for (const [name, f] of Object.entries(PATH_METHODS)) m(name, (self, ...args) => fsResult(() => f(desc(self), ...args)));

  m('read-via-stream', (self, offset: bigint) =>
    fsResult(() => hostResource(res.inputStream, fileInput(fileOf(desc(self), 'read'), toCount(offset)))));
  m('write-via-stream', (self, offset: bigint) =>
    fsResult(() => hostResource(res.outputStream, fileOutput(fileOf(desc(self), 'write'), toCount(offset)))));
  m('append-via-stream', (self) => fsResult(() => hostResource(res.outputStream, fileOutput(fileOf(desc(self), 'write'), 'append'))));
  m('get-type', (self) => fsResult(() => typeName(statOf(desc(self)).filetype)));
  m('read', (self, length: bigint, offset: bigint) =>
    fsResult(() => {
      const handle = fileOf(desc(self), 'read');
      const buf = new Uint8Array(toCount(length, 1 << 24));
      const n = buf.length === 0 ? 0 : handle.read(buf, toCount(offset));
      return [buf.subarray(0, n), n < buf.length];
    }));
  m('write', (self, buffer: Uint8Array, offset: bigint) =>
    fsResult(() => BigInt(fileOf(desc(self), 'write').write(buffer, toCount(offset)))));
  m('read-directory', (self) =>
    fsResult(() => {
      const d = dir(self);
      const rep: DirStreamRep = { entries: d.fs.readdir(d.hostPath), next: 0 };
      return hostResource(res.directoryEntryStream, rep);
    }));
  m('stat', (self) => fsResult(() => descriptorStat(statOf(desc(self)))));
  m('stat-at', (self, pf: PathFlags, path: string) => fsResult(() => descriptorStat(statAt(dir(self), path, pf.symlinkFollow))));
  m('open-at', (self, pf: PathFlags, path: string, of: OpenFlags, flags: DescriptorFlags) =>
    fsResult(() => hostResource(res.descriptor, openDescriptor(desc(self), pf.symlinkFollow, path, of, flags))));
  m('is-same-object', (self, other: ResourceHandle) => sameObject(desc(self), desc(other)));

  types.func('[method]directory-entry-stream.read-directory-entry', (self: ResourceHandle) =>
    fsResult(() => {
      const s = self.rep as DirStreamRep;
      const e = s.entries[s.next];
      if (e === undefined) return undefined;
      s.next++;
      return { type: typeName(e.filetype), name: e.name };
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
      host.preopens.map((p) => [hostResource(res.descriptor, preopenDescriptor(p)), p.guestPath]));
}
