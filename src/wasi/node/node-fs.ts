// The Node backend's file system: real files through synchronous `node:fs` calls. Paths arrive already
// resolved by the WASI layer (src/wasi/paths.ts: no `..`, no symlink before the last component, always
// below a granted directory), so this file only translates calls and metadata.
//
// Timestamps: Node's utimes/futimes take seconds as a double, which loses up to ~120 ns at today's dates,
// while WASI sets and reads nanoseconds. So the times this backend sets are remembered per inode together
// with what the host actually stored; as long as the host still reports those stored values (nothing
// touched the file since), stat reports the exact nanoseconds the guest asked for.
import * as fs from 'node:fs';
import { Errno, WasiError } from '../index.js';
import { FileType, type DirEntry, type FileHandle, type Filestat, type Filesystem, type OpenFlags, type TimeSpec } from '../index.js';

type BigStats = fs.BigIntStats;

function fileType(s: BigStats | fs.Dirent): number {
  if (s.isFile()) return FileType.REGULAR_FILE;
  if (s.isDirectory()) return FileType.DIRECTORY;
  if (s.isSymbolicLink()) return FileType.SYMBOLIC_LINK;
  if (s.isCharacterDevice()) return FileType.CHARACTER_DEVICE;
  if (s.isBlockDevice()) return FileType.BLOCK_DEVICE;
  if (s.isSocket()) return FileType.SOCKET_STREAM;
  return FileType.UNKNOWN;
}

interface ExactTimes {
  hostAtim: bigint;
  hostMtim: bigint;
  atim: bigint;
  mtim: bigint;
}

function nowNs(): bigint {
  return BigInt(Date.now()) * 1_000_000n;
}

export class NodeFilesystem implements Filesystem {
  private readonly exact = new Map<string, ExactTimes>();

  /** Metadata with the exact times this backend set, if the host still holds them. */
  toFilestat(s: BigStats): Filestat {
    const st: Filestat = {
      dev: s.dev, ino: s.ino, filetype: fileType(s), nlink: s.nlink, size: s.size,
      atim: s.atimeNs, mtim: s.mtimeNs, ctim: s.ctimeNs,
    };
    const x = this.exact.get(`${s.dev}:${s.ino}`);
    if (x !== undefined) {
      if (x.hostAtim === s.atimeNs && x.hostMtim === s.mtimeNs) {
        st.atim = x.atim;
        st.mtim = x.mtim;
      } else this.exact.delete(`${s.dev}:${s.ino}`);
    }
    return st;
  }

  /** Sets times through `apply` (seconds as doubles) and remembers the exact values. */
  setTimesWith(current: BigStats, atim: TimeSpec, mtim: TimeSpec, apply: (a: number, m: number) => void, restat: () => BigStats): void {
    const before = this.toFilestat(current);
    const now = nowNs();
    const a = atim === 'now' ? now : atim ?? before.atim;
    const m = mtim === 'now' ? now : mtim ?? before.mtim;
    apply(Number(a) / 1e9, Number(m) / 1e9);
    const after = restat();
    this.exact.set(`${after.dev}:${after.ino}`, { hostAtim: after.atimeNs, hostMtim: after.mtimeNs, atim: a, mtim: m });
  }

  lstat(path: string): Filestat {
    return this.toFilestat(fs.lstatSync(path, { bigint: true }));
  }

  readlink(path: string): string {
    return fs.readlinkSync(path, 'utf8');
  }

  open(path: string, flags: OpenFlags): FileHandle {
    const c = fs.constants;
    let f = flags.read && flags.write ? c.O_RDWR : flags.write ? c.O_WRONLY : c.O_RDONLY;
    if (flags.create) f |= c.O_CREAT;
    if (flags.exclusive) f |= c.O_EXCL;
    if (flags.truncate) f |= c.O_TRUNC;
    // The WASI layer resolved the last component; never let the host follow a symlink swapped in since.
    f |= c.O_NOFOLLOW ?? 0;
    const fd = fs.openSync(path, f, 0o666);
    return new NodeFile(this, fd);
  }

  readdir(path: string): DirEntry[] {
    return fs.readdirSync(path, { withFileTypes: true }).map((d) => {
      let ino = 0n;
      try {
        ino = fs.lstatSync(`${path}/${d.name}`, { bigint: true }).ino;
      } catch {
        // Removed between the listing and the stat: report it without an inode.
      }
      return { name: d.name, filetype: fileType(d), ino };
    });
  }

  mkdir(path: string): void {
    fs.mkdirSync(path, 0o777);
  }

  rmdir(path: string): void {
    fs.rmdirSync(path);
  }

  unlink(path: string): void {
    fs.unlinkSync(path);
  }

  rename(from: string, to: string): void {
    fs.renameSync(from, to);
  }

  link(existing: string, created: string): void {
    fs.linkSync(existing, created);
  }

  symlink(target: string, path: string): void {
    fs.symlinkSync(target, path);
  }

  setTimes(path: string, atim: TimeSpec, mtim: TimeSpec): void {
    this.setTimesWith(
      fs.lstatSync(path, { bigint: true }), atim, mtim,
      (a, m) => fs.lutimesSync(path, a, m),
      () => fs.lstatSync(path, { bigint: true }),
    );
  }
}

class NodeFile implements FileHandle {
  constructor(private readonly owner: NodeFilesystem, private fd: number) {}

  read(buf: Uint8Array, position: number): number {
    return fs.readSync(this.fd, buf, 0, buf.length, position);
  }

  write(buf: Uint8Array, position: number): number {
    return fs.writeSync(this.fd, buf, 0, buf.length, position);
  }

  stat(): Filestat {
    return this.owner.toFilestat(fs.fstatSync(this.fd, { bigint: true }));
  }

  truncate(size: number): void {
    fs.ftruncateSync(this.fd, size);
  }

  allocate(size: number): void {
    if (Number(fs.fstatSync(this.fd, { bigint: true }).size) < size) fs.ftruncateSync(this.fd, size);
  }

  sync(): void {
    fs.fsyncSync(this.fd);
  }

  setTimes(atim: TimeSpec, mtim: TimeSpec): void {
    this.owner.setTimesWith(
      fs.fstatSync(this.fd, { bigint: true }), atim, mtim,
      (a, m) => fs.futimesSync(this.fd, a, m),
      () => fs.fstatSync(this.fd, { bigint: true }),
    );
  }

  close(): void {
    if (this.fd < 0) throw new WasiError(Errno.BADF);
    const fd = this.fd;
    this.fd = -1;
    fs.closeSync(fd);
  }
}
