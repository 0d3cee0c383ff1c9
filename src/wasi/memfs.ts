// An in-memory file system for the portable backend: directories, regular files (growable byte arrays),
// symlinks and hard links, with inodes and nanosecond times. The embedder fills it before a run
// (`writeFile`, `mkdirp`, `symlink`) and reads results back after (`readFile`, `list`).
import { decodeUtf8 } from '../abi/text-codec.js';
import { Errno, WasiError } from './errno.js';
import { utf8 } from './guest-memory.js';
import { FileType, type DirEntry, type FileHandle, type Filestat, type Filesystem, type OpenFlags, type TimeSpec } from './host.js';

/** Largest in-memory file: 2 GiB - 1 (a Uint8Array's length limit on some engines is 2^31 - 1). */
const MAX_FILE_SIZE = 0x7fffffff;

interface Meta {
  ino: bigint;
  nlink: number;
  atim: bigint;
  mtim: bigint;
  ctim: bigint;
}
interface MemFileNode extends Meta {
  kind: 'file';
  data: Uint8Array;
  size: number;
}
interface MemDirNode extends Meta {
  kind: 'dir';
  entries: Map<string, MemNode>;
}
interface MemLinkNode extends Meta {
  kind: 'symlink';
  target: string;
}
type MemNode = MemFileNode | MemDirNode | MemLinkNode;

const now = () => BigInt(Date.now()) * 1_000_000n;

function components(path: string): string[] {
  return path.split('/').filter((c) => c !== '' && c !== '.');
}

export class MemoryFilesystem implements Filesystem {
  private nextIno = 1n;
  private readonly root: MemDirNode;

  constructor() {
    this.root = this.newDir();
  }

  private meta(): Meta {
    const t = now();
    return { ino: this.nextIno++, nlink: 1, atim: t, mtim: t, ctim: t };
  }
  private newDir(): MemDirNode {
    return { kind: 'dir', entries: new Map(), ...this.meta() };
  }

  /** The node at `path`, without following any symlink (the WASI layer resolved them already). */
  private lookup(path: string): MemNode {
    let node: MemNode = this.root;
    for (const c of components(path)) {
      if (node.kind !== 'dir') throw new WasiError(Errno.NOTDIR);
      if (c === '..') throw new WasiError(Errno.INVAL, 'unresolved ".." in a backend path');
      const next = node.entries.get(c);
      if (next === undefined) throw new WasiError(Errno.NOENT);
      node = next;
    }
    return node;
  }

  private parent(path: string): [MemDirNode, string] {
    const cs = components(path);
    const name = cs.pop();
    if (name === undefined) throw new WasiError(Errno.EXIST, 'the root directory');
    const dir = this.lookup(cs.join('/'));
    if (dir.kind !== 'dir') throw new WasiError(Errno.NOTDIR);
    return [dir, name];
  }

  private touch(dir: MemDirNode): void {
    dir.mtim = dir.ctim = now();
  }

  // ---- Filesystem (used by the WASI layer) ----

  lstat(path: string): Filestat {
    const n = this.lookup(path);
    const filetype = n.kind === 'dir' ? FileType.DIRECTORY : n.kind === 'file' ? FileType.REGULAR_FILE : FileType.SYMBOLIC_LINK;
    const size = n.kind === 'file' ? n.size : n.kind === 'symlink' ? utf8(n.target).length : n.entries.size;
    return { dev: 1n, ino: n.ino, filetype, nlink: BigInt(n.nlink), size: BigInt(size), atim: n.atim, mtim: n.mtim, ctim: n.ctim };
  }

  readlink(path: string): string {
    const n = this.lookup(path);
    if (n.kind !== 'symlink') throw new WasiError(Errno.INVAL);
    return n.target;
  }

  open(path: string, flags: OpenFlags): FileHandle {
    let node: MemNode | undefined;
    try {
      node = this.lookup(path);
    } catch (e) {
      if (!(e instanceof WasiError && e.errno === Errno.NOENT)) throw e;
    }
    if (node === undefined) {
      if (!flags.create) throw new WasiError(Errno.NOENT);
      const [dir, name] = this.parent(path);
      node = { kind: 'file', data: new Uint8Array(0), size: 0, ...this.meta() };
      dir.entries.set(name, node);
      this.touch(dir);
    } else if (flags.create && flags.exclusive) throw new WasiError(Errno.EXIST);
    if (node.kind === 'dir') throw new WasiError(Errno.ISDIR);
    if (node.kind === 'symlink') throw new WasiError(Errno.LOOP);
    if (flags.truncate && node.size !== 0) {
      node.size = 0;
      node.mtim = node.ctim = now();
    }
    return new MemFileHandle(node, flags.read, flags.write);
  }

  readdir(path: string): DirEntry[] {
    const n = this.lookup(path);
    if (n.kind !== 'dir') throw new WasiError(Errno.NOTDIR);
    return [...n.entries].map(([name, e]) => ({
      name,
      ino: e.ino,
      filetype: e.kind === 'dir' ? FileType.DIRECTORY : e.kind === 'file' ? FileType.REGULAR_FILE : FileType.SYMBOLIC_LINK,
    }));
  }

  mkdir(path: string): void {
    const [dir, name] = this.parent(path);
    if (dir.entries.has(name)) throw new WasiError(Errno.EXIST);
    dir.entries.set(name, this.newDir());
    this.touch(dir);
  }

  rmdir(path: string): void {
    const [dir, name] = this.parent(path);
    const n = dir.entries.get(name);
    if (n === undefined) throw new WasiError(Errno.NOENT);
    if (n.kind !== 'dir') throw new WasiError(Errno.NOTDIR);
    if (n.entries.size > 0) throw new WasiError(Errno.NOTEMPTY);
    dir.entries.delete(name);
    this.touch(dir);
  }

  unlink(path: string): void {
    const [dir, name] = this.parent(path);
    const n = dir.entries.get(name);
    if (n === undefined) throw new WasiError(Errno.NOENT);
    if (n.kind === 'dir') throw new WasiError(Errno.ISDIR);
    dir.entries.delete(name);
    n.nlink--;
    n.ctim = now();
    this.touch(dir);
  }

  rename(from: string, to: string): void {
    const [fromDir, fromName] = this.parent(from);
    const [toDir, toName] = this.parent(to);
    const n = fromDir.entries.get(fromName);
    if (n === undefined) throw new WasiError(Errno.NOENT);
    const existing = toDir.entries.get(toName);
    if (existing === n) return;
    if (existing !== undefined) {
      if (n.kind === 'dir' && existing.kind !== 'dir') throw new WasiError(Errno.NOTDIR);
      if (n.kind !== 'dir' && existing.kind === 'dir') throw new WasiError(Errno.ISDIR);
      if (existing.kind === 'dir' && existing.entries.size > 0) throw new WasiError(Errno.NOTEMPTY);
      existing.nlink--;
    }
    fromDir.entries.delete(fromName);
    toDir.entries.set(toName, n);
    n.ctim = now();
    this.touch(fromDir);
    this.touch(toDir);
  }

  link(existing: string, created: string): void {
    const n = this.lookup(existing);
    if (n.kind === 'dir') throw new WasiError(Errno.PERM);
    const [dir, name] = this.parent(created);
    if (dir.entries.has(name)) throw new WasiError(Errno.EXIST);
    dir.entries.set(name, n);
    n.nlink++;
    n.ctim = now();
    this.touch(dir);
  }

  symlink(target: string, path: string): void {
    const [dir, name] = this.parent(path);
    if (dir.entries.has(name)) throw new WasiError(Errno.EXIST);
    dir.entries.set(name, { kind: 'symlink', target, ...this.meta() });
    this.touch(dir);
  }

  setTimes(path: string, atim: TimeSpec, mtim: TimeSpec): void {
    setNodeTimes(this.lookup(path), atim, mtim);
  }

  // ---- for the embedder ----

  /** Creates `path` and any missing parents. */
  mkdirp(path: string): void {
    let node: MemDirNode = this.root;
    for (const c of components(path)) {
      let next = node.entries.get(c);
      if (next === undefined) {
        next = this.newDir();
        node.entries.set(c, next);
      }
      if (next.kind !== 'dir') throw new Error(`mkdirp ${path}: ${c} is not a directory`);
      node = next;
    }
  }

  /** Writes a whole file (UTF-8 for a string), creating parent directories. */
  writeFile(path: string, data: Uint8Array | string): void {
    const cs = components(path);
    if (cs.length === 0) throw new Error('writeFile: empty path');
    this.mkdirp(cs.slice(0, -1).join('/'));
    const h = this.open(path, { read: false, write: true, create: true, exclusive: false, truncate: true });
    const bytes = typeof data === 'string' ? utf8(data) : data;
    h.write(bytes, 0);
  }

  /** The bytes of a file (a copy). */
  readFile(path: string): Uint8Array {
    const n = this.lookup(path);
    if (n.kind !== 'file') throw new Error(`readFile ${path}: not a regular file`);
    return n.data.slice(0, n.size);
  }

  /** The text of a UTF-8 file. */
  readTextFile(path: string): string {
    const b = this.readFile(path);
    return decodeUtf8(b, 0, b.length);
  }

  symlinkAt(path: string, target: string): void {
    this.symlink(target, path);
  }

  /** Names in a directory. */
  list(path: string): string[] {
    return this.readdir(path).map((e) => e.name);
  }

  exists(path: string): boolean {
    try {
      this.lookup(path);
      return true;
    } catch {
      return false;
    }
  }

  isDirectory(path: string): boolean {
    try {
      return this.lookup(path).kind === 'dir';
    } catch {
      return false;
    }
  }
}

function setNodeTimes(n: Meta, atim: TimeSpec, mtim: TimeSpec): void {
  const t = now();
  if (atim !== undefined) n.atim = atim === 'now' ? t : atim;
  if (mtim !== undefined) n.mtim = mtim === 'now' ? t : mtim;
  n.ctim = t;
}

class MemFileHandle implements FileHandle {
  private closed = false;

  constructor(private readonly node: MemFileNode, private readonly readable: boolean, private readonly writable: boolean) {}

  private live(): MemFileNode {
    if (this.closed) throw new WasiError(Errno.BADF);
    return this.node;
  }

  read(buf: Uint8Array, position: number): number {
    const n = this.live();
    if (!this.readable) throw new WasiError(Errno.BADF);
    const count = Math.max(0, Math.min(buf.length, n.size - position));
    buf.set(n.data.subarray(position, position + count));
    n.atim = now();
    return count;
  }

  private ensure(size: number): void {
    const n = this.node;
    if (size > n.data.length) {
      // A file is one typed array: beyond what one can hold it is too large (never a host RangeError).
      if (size > MAX_FILE_SIZE) throw new WasiError(Errno.FBIG, `in-memory file of ${size} bytes (limit ${MAX_FILE_SIZE})`);
      const grown = new Uint8Array(Math.min(MAX_FILE_SIZE, Math.max(size, n.data.length * 2, 64)));
      grown.set(n.data.subarray(0, n.size));
      n.data = grown;
    }
  }

  write(buf: Uint8Array, position: number): number {
    const n = this.live();
    if (!this.writable) throw new WasiError(Errno.BADF);
    const end = position + buf.length;
    this.ensure(end);
    if (position > n.size) n.data.fill(0, n.size, position);
    n.data.set(buf, position);
    if (end > n.size) n.size = end;
    n.mtim = n.ctim = now();
    return buf.length;
  }

  stat(): Filestat {
    const n = this.live();
    return { dev: 1n, ino: n.ino, filetype: FileType.REGULAR_FILE, nlink: BigInt(n.nlink), size: BigInt(n.size), atim: n.atim, mtim: n.mtim, ctim: n.ctim };
  }

  truncate(size: number): void {
    const n = this.live();
    if (!this.writable) throw new WasiError(Errno.BADF);
    this.ensure(size);
    if (size > n.size) n.data.fill(0, n.size, size);
    n.size = size;
    n.mtim = n.ctim = now();
  }

  allocate(size: number): void {
    if (size > this.live().size) this.truncate(size);
  }

  sync(): void {
    this.live();
  }

  setTimes(atim: TimeSpec, mtim: TimeSpec): void {
    setNodeTimes(this.live(), atim, mtim);
  }

  close(): void {
    this.live();
    this.closed = true;
  }
}
