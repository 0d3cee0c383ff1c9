// WASI preview1 (`wasi_snapshot_preview1`) for core modules: every function of the witx, written against
// a `WasiHost` (host.ts). Each function decodes its arguments from guest memory, does its work through
// the descriptor table (fd-table.ts) and the sandboxed path operations (fs-ops.ts, paths.ts), and returns
// an errno: a `WasiError` (or a host error with a POSIX code) becomes that errno, `WasiExit` and traps unwind.
import { Errno, WasiError, WasiExit, errnoOfHostError, exitCodeOf } from './errno.js';
import { FDFLAG, FdTable, type DirFd, type Fd, type FdTableState, type FileFd, type StreamFd } from './fd-table.js';
import { GuestMemory, utf8, type MemoryLike } from './guest-memory.js';
import { FileType, type Filestat, type InputStream, type TimeSpec, type WasiHost } from './host.js';
import { createDirectoryAt, linkAt, openAt, readlinkAt, removeDirectoryAt, renameAt, setTimesAt, statAt, symlinkAt, unlinkFileAt } from './fs-ops.js';
import { DIR_RIGHTS, FILE_RIGHTS, R, rightsOf } from './rights.js';
import { delay } from './timers.js';
import { callAsync } from '../index.js';

const OFLAG = { CREAT: 1, DIRECTORY: 2, EXCL: 4, TRUNC: 8 } as const;
const FST = { ATIM: 1, ATIM_NOW: 2, MTIM: 4, MTIM_NOW: 8 } as const;
const LOOKUP_SYMLINK_FOLLOW = 1;
const WHENCE_SET = 0;
const WHENCE_CUR = 1;
const WHENCE_END = 2;
const EVENT_CLOCK = 0;
const EVENT_FD_READ = 1;
const EVENT_FD_WRITE = 2;
const SUBCLOCK_ABSTIME = 1;
const CLOCK_REALTIME = 0;
const CLOCK_MONOTONIC = 1;
const CLOCK_PROCESS_CPUTIME = 2;
const CLOCK_THREAD_CPUTIME = 3;
const MAX_OFFSET = BigInt(Number.MAX_SAFE_INTEGER);

// A preview1 function: an errno (or nothing: success), or a Promise of one when it must wait (async stdin).
type HostFn = (...args: any[]) => number | void | Promise<number | void>;

/**
 * stdio's file type: a character device only when it is a terminal (libc's isatty() tests exactly this), so
 * a program whose output is piped does not take it for a terminal; otherwise unknown, as the preview1
 * adapter reports it.
 */
function streamType(e: StreamFd): number {
  return (e.input ?? e.output)?.isTerminal ? FileType.CHARACTER_DEVICE : FileType.UNKNOWN;
}

/** WasiP1.saveState's result. */
export interface WasiP1State {
  readonly fds: FdTableState;
}

/** What `start`/`initialize` need of an instance: its exports (`memory`, `_start`, `_initialize`). */
export interface WasiInstance {
  readonly exports: Record<string, unknown>;
}

/**
 * WASI preview1 for one core-module instance.
 *
 *     const wasi = new WasiP1(host);
 *     const instance = new Instance(module, wasi.imports);
 *     const code = wasi.start(instance);   // runs _start; proc_exit's code, or 0
 */
export class WasiP1 {
  /** The import object: `{ wasi_snapshot_preview1: { fd_write, … } }`. */
  readonly imports: { wasi_snapshot_preview1: Record<string, HostFn> };
  private readonly fds: FdTable;
  private readonly mem: GuestMemory;
  private memory: MemoryLike | undefined;

  constructor(readonly host: WasiHost) {
    this.fds = new FdTable(host);
    this.mem = new GuestMemory(() => {
      if (this.memory === undefined) throw new Error('WASI: no memory bound yet (call start(instance) or bindMemory)');
      return this.memory;
    });
    const fns: Record<string, HostFn> = {};
    const impl = this.functions();
    for (const name of Object.keys(impl)) fns[name] = this.guard(impl[name]);
    // proc_exit returns nothing and must not be turned into an errno.
    fns.proc_exit = (code: number) => {
      throw new WasiExit(code >>> 0);
    };
    this.imports = { wasi_snapshot_preview1: fns };
  }

  /**
   * The WASI state of this instance at this moment (the descriptor table), and putting it back: what a
   * debugger going back in time restores besides the store (`src/debug`'s time travel, through
   * `src/replay`'s Timeline). Opaque; valid for this WasiP1 only.
   */
  saveState(): WasiP1State {
    return { fds: this.fds.save() };
  }

  restoreState(state: WasiP1State): void {
    this.fds.restore(state.fds);
  }

  /** Uses this memory for the guest's pointers (done by `start`/`initialize` from the `memory` export). */
  bindMemory(memory: MemoryLike): void {
    this.memory = memory;
  }

  /**
   * Runs a command: binds the exported memory, calls `_start`, and returns the exit code (0 when
   * `_start` returns, the code given to proc_exit otherwise). Traps propagate as `Trap`.
   */
  start(instance: WasiInstance): number {
    this.bindFrom(instance);
    const start = instance.exports._start;
    if (typeof start !== 'function') throw new TypeError('WASI: the module exports no _start function (not a command)');
    try {
      start();
      return 0;
    } catch (e) {
      return exitCodeOf(e);
    } finally {
      this.host.stdout.flush?.();
      this.host.stderr.flush?.();
    }
  }

  /**
   * `start` under callAsync: the guest may wait for an asynchronous stdin (`pushInput`), suspending instead
   * of blocking. Resolves with the exit code.
   */
  async startAsync(instance: WasiInstance): Promise<number> {
    this.bindFrom(instance);
    const start = instance.exports._start;
    if (typeof start !== 'function') throw new TypeError('WASI: the module exports no _start function (not a command)');
    try {
      await callAsync(start);
      return 0;
    } catch (e) {
      return exitCodeOf(e);
    } finally {
      this.host.stdout.flush?.();
      this.host.stderr.flush?.();
    }
  }

  /** Prepares a reactor: binds the exported memory and calls `_initialize` if there is one. */
  initialize(instance: WasiInstance): void {
    // A module that imports no WASI function that touches memory may export none.
    if (instance.exports.memory !== undefined) this.bindFrom(instance);
    const init = instance.exports._initialize;
    if (typeof init === 'function') init();
  }

  private bindFrom(instance: WasiInstance): void {
    const memory = instance.exports.memory as MemoryLike | undefined;
    if (memory === undefined || !(memory.buffer instanceof ArrayBuffer)) {
      throw new TypeError('WASI: the module exports no memory named "memory"');
    }
    this.bindMemory(memory);
  }

  /** Turns WASI errors into errnos; lets exits, traps and host bugs through. */
  /**
   * A preview1 function as an import: its errno (SUCCESS when it returns nothing), a WasiError's errno.
   * A function that must wait for an asynchronous source (an embedder's async stdin) returns a Promise of
   * the same; the guest then suspends (it must run under callAsync).
   */
  private guard(f: HostFn): HostFn {
    const errnoOf = (e: unknown): number => {
      const errno = errnoOfHostError(e);
      if (errno !== undefined) return errno;
      // A host error with an unknown POSIX code is still an I/O failure of the guest's request.
      const code = (e as { code?: unknown } | null)?.code;
      if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) return Errno.IO;
      throw e;
    };
    const result = (r: unknown) => (typeof r === 'number' ? r : Errno.SUCCESS);
    return (...args: unknown[]) => {
      try {
        this.mem.refresh();
        const r = f(...args);
        if (r instanceof Promise) return r.then(result, errnoOf);
        return result(r);
      } catch (e) {
        return errnoOf(e);
      }
    };
  }

  private file(fd: number, rights: number): FileFd {
    const e = this.fds.get(fd, rights);
    if (e.kind === 'dir') throw new WasiError(Errno.ISDIR);
    if (e.kind !== 'file') throw new WasiError(Errno.BADF);
    return e;
  }

  private dir(fd: number, rights: number): DirFd {
    const e = this.fds.get(fd);
    if (e.kind !== 'dir') throw new WasiError(Errno.NOTDIR, `descriptor ${fd} is not a directory`);
    if ((e.rightsBase & rights) !== rights) throw new WasiError(Errno.NOTCAPABLE, `descriptor ${fd} lacks a right`);
    return e;
  }

  private path(ptr: number, len: number): string {
    return this.mem.string(ptr, len);
  }

  private writeFilestat(ptr: number, st: Filestat): void {
    const m = this.mem;
    m.check(ptr >>> 0, 64);
    m.setU64(ptr, st.dev);
    m.setU64(ptr + 8, st.ino);
    m.setU8(ptr + 16, st.filetype);
    for (let i = 17; i < 24; i++) m.setU8(ptr + i, 0);
    m.setU64(ptr + 24, st.nlink);
    m.setU64(ptr + 32, st.size);
    m.setU64(ptr + 40, st.atim);
    m.setU64(ptr + 48, st.mtim);
    m.setU64(ptr + 56, st.ctim);
  }

  private fdStat(e: Fd): Filestat {
    if (e.kind === 'file') return e.handle.stat();
    if (e.kind === 'dir') return e.fs.lstat(e.hostPath);
    return { dev: 0n, ino: 0n, filetype: streamType(e), nlink: 1n, size: 0n, atim: 0n, mtim: 0n, ctim: 0n };
  }

  private clockNow(id: number): bigint {
    const c = this.host.clocks;
    switch (id) {
      case CLOCK_REALTIME: return c.realtime();
      case CLOCK_MONOTONIC: return c.monotonic();
      case CLOCK_PROCESS_CPUTIME:
      case CLOCK_THREAD_CPUTIME: return c.cputime();
    }
    throw new WasiError(Errno.INVAL, `unknown clock ${id}`);
  }

  /** Writes NUL-terminated strings and their pointers (args_get / environ_get). */
  private writeStrings(list: string[], ptrs: number, buf: number): void {
    let p = buf >>> 0;
    for (let i = 0; i < list.length; i++) {
      const b = utf8(list[i]);
      this.mem.setU32(ptrs + i * 4, p);
      this.mem.bytes(p, b.length + 1).set(b);
      this.mem.setU8(p + b.length, 0);
      p += b.length + 1;
    }
  }

  private sizeStrings(list: string[], countPtr: number, sizePtr: number): void {
    let size = 0;
    for (const s of list) size += utf8(s).length + 1;
    this.mem.setU32(countPtr, list.length);
    this.mem.setU32(sizePtr, size);
  }

  private times(atim: bigint, mtim: bigint, fst: number): [TimeSpec, TimeSpec] {
    if ((fst & FST.ATIM && fst & FST.ATIM_NOW) || (fst & FST.MTIM && fst & FST.MTIM_NOW) || fst & ~15) {
      throw new WasiError(Errno.INVAL, 'conflicting fstflags');
    }
    const a: TimeSpec = fst & FST.ATIM_NOW ? 'now' : fst & FST.ATIM ? BigInt.asUintN(64, atim) : undefined;
    const m: TimeSpec = fst & FST.MTIM_NOW ? 'now' : fst & FST.MTIM ? BigInt.asUintN(64, mtim) : undefined;
    return [a, m];
  }

  /** Reads a stream into the iovecs (up to the first short read) and stores the count. */
  private readStream(input: InputStream, bufs: Uint8Array[], nreadPtr: number): void {
    let total = 0;
    for (const b of bufs) {
      if (b.length === 0) continue;
      const got = input.read(b.length);
      b.set(got);
      total += got.length;
      if (got.length < b.length) break;
    }
    this.mem.setU32(nreadPtr, total);
  }

  private readFile(e: FileFd, bufs: Uint8Array[], position: number | undefined): number {
    if (!e.readable) throw new WasiError(Errno.BADF, 'descriptor not open for reading');
    let pos = position ?? e.pos;
    let total = 0;
    for (const b of bufs) {
      if (b.length === 0) continue;
      const n = e.handle.read(b, pos);
      pos += n;
      total += n;
      if (n < b.length) break;
    }
    if (position === undefined) e.pos = pos;
    return total;
  }

  private writeFile(e: FileFd, bufs: Uint8Array[], position: number | undefined): number {
    if (!e.writable) throw new WasiError(Errno.BADF, 'descriptor not open for writing');
    const append = e.fdflags & FDFLAG.APPEND;
    let pos = position ?? (append ? Number(e.handle.stat().size) : e.pos);
    let total = 0;
    for (const b of bufs) {
      if (b.length === 0) continue;
      const n = e.handle.write(b, pos);
      pos += n;
      total += n;
      if (n < b.length) break;
    }
    if (position === undefined) e.pos = pos;
    return total;
  }

  private offset(x: bigint): number {
    if (x < 0n) throw new WasiError(Errno.INVAL, 'negative offset');
    if (x > MAX_OFFSET) throw new WasiError(Errno.FBIG, 'offset too large');
    return Number(x);
  }

  private functions(): Record<string, HostFn> {
    const m = this.mem;
    const fds = this.fds;
    const host = this.host;
    return {
      args_get: (argv: number, buf: number) => this.writeStrings(host.args, argv, buf),
      args_sizes_get: (countPtr: number, sizePtr: number) => this.sizeStrings(host.args, countPtr, sizePtr),
      environ_get: (envp: number, buf: number) => this.writeStrings(host.env.map(([k, v]) => `${k}=${v}`), envp, buf),
      environ_sizes_get: (countPtr: number, sizePtr: number) =>
        this.sizeStrings(host.env.map(([k, v]) => `${k}=${v}`), countPtr, sizePtr),

      clock_res_get: (id: number, ptr: number) => {
        const c = host.clocks;
        this.clockNow(id); // validates the id
        m.setU64(ptr, id === CLOCK_REALTIME ? c.realtimeResolution : c.monotonicResolution);
      },
      clock_time_get: (id: number, _precision: bigint, ptr: number) => m.setU64(ptr, this.clockNow(id)),

      fd_advise: (fd: number, offset: bigint, len: bigint, advice: number) => {
        this.file(fd, R.FD_ADVISE);
        if (advice < 0 || advice > 5) throw new WasiError(Errno.INVAL, 'unknown advice');
        if (BigInt.asIntN(64, offset) < 0n || BigInt.asIntN(64, len) < 0n) throw new WasiError(Errno.INVAL);
        // Advice is a hint: nothing to do on either backend.
      },
      fd_allocate: (fd: number, offset: bigint, len: bigint) => {
        const e = this.file(fd, R.FD_ALLOCATE);
        const end = this.offset(BigInt.asIntN(64, offset)) + this.offset(BigInt.asIntN(64, len));
        if (end > Number.MAX_SAFE_INTEGER) throw new WasiError(Errno.FBIG);
        e.handle.allocate(end);
      },
      fd_close: (fd: number) => fds.close(fd),
      fd_datasync: (fd: number) => {
        const e = fds.get(fd, R.FD_DATASYNC);
        if (e.kind === 'file') e.handle.sync();
        else if (e.kind === 'stream') e.output?.flush?.();
      },
      fd_sync: (fd: number) => {
        const e = fds.get(fd, R.FD_SYNC);
        if (e.kind === 'file') e.handle.sync();
        else if (e.kind === 'stream') e.output?.flush?.();
      },
      fd_fdstat_get: (fd: number, ptr: number) => {
        const e = fds.get(fd);
        const type = e.kind === 'dir' ? FileType.DIRECTORY : e.kind === 'file' ? FileType.REGULAR_FILE : streamType(e);
        m.check(ptr >>> 0, 24);
        m.setU8(ptr, type);
        m.setU8(ptr + 1, 0);
        m.setU16(ptr + 2, e.fdflags);
        m.setU32(ptr + 4, 0);
        m.setU64(ptr + 8, e.rightsBase);
        m.setU64(ptr + 16, e.rightsInheriting);
      },
      fd_fdstat_set_flags: (fd: number, flags: number) => {
        const e = fds.get(fd, R.FD_FDSTAT_SET_FLAGS);
        if (flags & ~31) throw new WasiError(Errno.INVAL, 'unknown fdflags');
        // Only APPEND and NONBLOCK can change on an open descriptor (as on Linux's fcntl F_SETFL).
        if ((flags ^ e.fdflags) & (FDFLAG.DSYNC | FDFLAG.RSYNC | FDFLAG.SYNC)) throw new WasiError(Errno.NOTSUP);
        e.fdflags = flags;
      },
      fd_fdstat_set_rights: (fd: number, base: bigint, inheriting: bigint) => {
        const e = fds.get(fd);
        const b = rightsOf(base);
        const i = rightsOf(inheriting);
        if ((b & ~e.rightsBase) !== 0 || (i & ~e.rightsInheriting) !== 0) {
          throw new WasiError(Errno.NOTCAPABLE, 'rights can only be dropped');
        }
        e.rightsBase = b;
        e.rightsInheriting = i;
      },
      fd_filestat_get: (fd: number, ptr: number) => this.writeFilestat(ptr, this.fdStat(fds.get(fd, R.FD_FILESTAT_GET))),
      fd_filestat_set_size: (fd: number, size: bigint) => {
        const e = this.file(fd, R.FD_FILESTAT_SET_SIZE);
        if (!e.writable) throw new WasiError(Errno.BADF);
        e.handle.truncate(this.offset(BigInt.asIntN(64, size)));
      },
      fd_filestat_set_times: (fd: number, atim: bigint, mtim: bigint, fst: number) => {
        const e = fds.get(fd, R.FD_FILESTAT_SET_TIMES);
        const [a, mt] = this.times(atim, mtim, fst);
        if (e.kind === 'file') e.handle.setTimes(a, mt);
        else if (e.kind === 'dir') e.fs.setTimes(e.hostPath, a, mt);
        else throw new WasiError(Errno.BADF);
      },
      fd_pread: (fd: number, iovs: number, count: number, offset: bigint, nreadPtr: number) => {
        const e = this.file(fd, R.FD_READ | R.FD_SEEK);
        m.setU32(nreadPtr, this.readFile(e, m.iovecs(iovs, count), this.offset(BigInt.asIntN(64, offset))));
      },
      fd_pwrite: (fd: number, iovs: number, count: number, offset: bigint, nwrittenPtr: number) => {
        const e = this.file(fd, R.FD_WRITE | R.FD_SEEK);
        m.setU32(nwrittenPtr, this.writeFile(e, m.iovecs(iovs, count), this.offset(BigInt.asIntN(64, offset))));
      },
      fd_read: (fd: number, iovs: number, count: number, nreadPtr: number): void | Promise<void> => {
        const e = fds.get(fd, R.FD_READ);
        if (e.kind === 'file') return m.setU32(nreadPtr, this.readFile(e, m.iovecs(iovs, count), undefined));
        if (e.kind === 'dir') throw new WasiError(Errno.ISDIR);
        const input = e.input;
        if (input === undefined) throw new WasiError(Errno.BADF, 'not an input stream');
        if (input.ready !== undefined && input.whenReady !== undefined && !input.ready()) {
          // An asynchronous stdin with nothing yet: wait for it, then read (memory may have moved meanwhile).
          return input.whenReady().then(() => {
            m.refresh();
            this.readStream(input, m.iovecs(iovs, count), nreadPtr);
          });
        }
        this.readStream(input, m.iovecs(iovs, count), nreadPtr);
      },
      fd_write: (fd: number, iovs: number, count: number, nwrittenPtr: number) => {
        const e = fds.get(fd, R.FD_WRITE);
        const bufs = m.iovecs(iovs, count);
        if (e.kind === 'file') return m.setU32(nwrittenPtr, this.writeFile(e, bufs, undefined));
        if (e.kind === 'dir') throw new WasiError(Errno.ISDIR);
        if (e.output === undefined) throw new WasiError(Errno.BADF, 'not an output stream');
        let total = 0;
        for (const b of bufs) total += b.length;
        const all = new Uint8Array(total);
        let at = 0;
        for (const b of bufs) {
          all.set(b, at);
          at += b.length;
        }
        e.output.write(all);
        m.setU32(nwrittenPtr, total);
      },
      fd_prestat_get: (fd: number, ptr: number) => {
        const e = fds.get(fd);
        if (e.kind !== 'dir' || e.preopenName === undefined) throw new WasiError(Errno.BADF, `descriptor ${fd} is not a preopen`);
        m.setU32(ptr, 0);
        m.setU32(ptr + 4, utf8(e.preopenName).length);
      },
      fd_prestat_dir_name: (fd: number, ptr: number, len: number) => {
        const e = fds.get(fd);
        if (e.kind !== 'dir' || e.preopenName === undefined) throw new WasiError(Errno.BADF, `descriptor ${fd} is not a preopen`);
        const name = utf8(e.preopenName);
        if (len >>> 0 < name.length) throw new WasiError(Errno.NAMETOOLONG, 'buffer too small for the preopen name');
        m.bytes(ptr, name.length).set(name);
      },
      fd_readdir: (fd: number, buf: number, bufLen: number, cookie: bigint, usedPtr: number) => {
        const e = fds.get(fd, R.FD_READDIR);
        if (e.kind !== 'dir') throw new WasiError(Errno.NOTDIR);
        if (cookie === 0n || e.listing === undefined) {
          const self = e.fs.lstat(e.hostPath);
          const parentPath = e.hostPath.replace(/\/[^/]*\/?$/, '') || '/';
          let parentIno = self.ino;
          try {
            if (e.preopenName === undefined) parentIno = e.fs.lstat(parentPath).ino;
          } catch {
            // The parent is outside what the backend can see: report the directory's own inode.
          }
          e.listing = [
            { name: '.', filetype: FileType.DIRECTORY, ino: self.ino },
            { name: '..', filetype: FileType.DIRECTORY, ino: parentIno },
            ...e.fs.readdir(e.hostPath),
          ];
        }
        const out = m.bytes(buf, bufLen);
        let used = 0;
        for (let i = Number(BigInt.asUintN(64, cookie)); i < e.listing.length && used < out.length; i++) {
          const ent = e.listing[i];
          const name = utf8(ent.name);
          const rec = new Uint8Array(24 + name.length);
          const dv = new DataView(rec.buffer);
          dv.setBigUint64(0, BigInt(i + 1), true);
          dv.setBigUint64(8, ent.ino, true);
          dv.setUint32(16, name.length, true);
          dv.setUint8(20, ent.filetype);
          rec.set(name, 24);
          const n = Math.min(rec.length, out.length - used);
          out.set(rec.subarray(0, n), used);
          used += n;
        }
        m.setU32(usedPtr, used);
      },
      fd_renumber: (from: number, to: number) => fds.renumber(from, to),
      fd_seek: (fd: number, offset: bigint, whence: number, newOffsetPtr: number) => {
        const off = BigInt.asIntN(64, offset);
        const e = fds.get(fd, whence === WHENCE_CUR && off === 0n ? R.FD_TELL : R.FD_SEEK);
        if (e.kind === 'dir') throw new WasiError(Errno.ISDIR);
        if (e.kind !== 'file') throw new WasiError(Errno.SPIPE);
        let base: bigint;
        if (whence === WHENCE_SET) base = 0n;
        else if (whence === WHENCE_CUR) base = BigInt(e.pos);
        else if (whence === WHENCE_END) base = e.handle.stat().size;
        else throw new WasiError(Errno.INVAL, 'unknown whence');
        e.pos = this.offset(base + off);
        m.setU64(newOffsetPtr, e.pos);
      },
      fd_tell: (fd: number, ptr: number) => {
        const e = fds.get(fd, R.FD_TELL);
        if (e.kind === 'dir') throw new WasiError(Errno.ISDIR);
        if (e.kind !== 'file') throw new WasiError(Errno.SPIPE);
        m.setU64(ptr, e.pos);
      },

      path_create_directory: (fd: number, p: number, len: number) =>
        createDirectoryAt(this.dir(fd, R.PATH_CREATE_DIRECTORY), this.path(p, len)),
      path_filestat_get: (fd: number, flags: number, p: number, len: number, ptr: number) =>
        this.writeFilestat(ptr, statAt(this.dir(fd, R.PATH_FILESTAT_GET), this.path(p, len), (flags & LOOKUP_SYMLINK_FOLLOW) !== 0)),
      path_filestat_set_times: (fd: number, flags: number, p: number, len: number, atim: bigint, mtim: bigint, fst: number) => {
        const d = this.dir(fd, R.PATH_FILESTAT_SET_TIMES);
        const path = this.path(p, len);
        const [a, mt] = this.times(atim, mtim, fst);
        setTimesAt(d, path, (flags & LOOKUP_SYMLINK_FOLLOW) !== 0, a, mt);
      },
      path_link: (oldFd: number, oldFlags: number, oldP: number, oldLen: number, newFd: number, newP: number, newLen: number) =>
        linkAt(
          this.dir(oldFd, R.PATH_LINK_SOURCE), this.path(oldP, oldLen), (oldFlags & LOOKUP_SYMLINK_FOLLOW) !== 0,
          this.dir(newFd, R.PATH_LINK_TARGET), this.path(newP, newLen),
        ),
      path_open: (fd: number, dirflags: number, p: number, len: number, oflags: number, base: bigint, inheriting: bigint, fdflags: number, fdPtr: number) => {
        const d = this.dir(fd, R.PATH_OPEN);
        const need = (oflags & OFLAG.CREAT ? R.PATH_CREATE_FILE : 0) | (oflags & OFLAG.TRUNC ? R.PATH_FILESTAT_SET_SIZE : 0);
        if ((d.rightsBase & need) !== need) throw new WasiError(Errno.NOTCAPABLE, 'directory lacks the right to create or truncate');
        const wantBase = rightsOf(base) & d.rightsInheriting;
        const wantInheriting = rightsOf(inheriting) & d.rightsInheriting;
        // The access mode follows the requested rights, as in wasmtime; no rights at all means read.
        let read = (wantBase & (R.FD_READ | R.FD_READDIR)) !== 0;
        const write = (wantBase & (R.FD_WRITE | R.FD_ALLOCATE | R.FD_FILESTAT_SET_SIZE)) !== 0 || (fdflags & FDFLAG.APPEND) !== 0;
        if (!read && !write) read = true;
        const opened = openAt(d, this.path(p, len), {
          follow: (dirflags & LOOKUP_SYMLINK_FOLLOW) !== 0,
          create: (oflags & OFLAG.CREAT) !== 0, directory: (oflags & OFLAG.DIRECTORY) !== 0,
          exclusive: (oflags & OFLAG.EXCL) !== 0, truncate: (oflags & OFLAG.TRUNC) !== 0,
          read, write: write || (rightsOf(base) & R.FD_WRITE) !== 0,
        });
        if (opened.kind === 'dir') {
          const dirEntry: DirFd = {
            kind: 'dir', fs: d.fs, hostPath: opened.hostPath, preopenName: undefined, listing: undefined,
            rightsBase: wantBase & DIR_RIGHTS, rightsInheriting: wantInheriting, fdflags: fdflags & 0xffff,
          };
          return m.setU32(fdPtr, fds.add(dirEntry));
        }
        let rightsBase = wantBase & FILE_RIGHTS;
        if (!read) rightsBase &= ~R.FD_READ;
        if (!write) rightsBase &= ~R.FD_WRITE;
        const fileEntry: FileFd = {
          kind: 'file', fs: d.fs, handle: opened.handle, pos: 0, readable: read, writable: write,
          rightsBase, rightsInheriting: wantInheriting & FILE_RIGHTS, fdflags: fdflags & 0xffff,
        };
        m.setU32(fdPtr, fds.add(fileEntry));
      },
      path_readlink: (fd: number, p: number, len: number, buf: number, bufLen: number, usedPtr: number) => {
        const target = utf8(readlinkAt(this.dir(fd, R.PATH_READLINK), this.path(p, len)));
        // A short buffer gets the start of the target, as readlink(2) does.
        const n = Math.min(target.length, bufLen >>> 0);
        m.bytes(buf, n).set(target.subarray(0, n));
        m.setU32(usedPtr, n);
      },
      path_remove_directory: (fd: number, p: number, len: number) =>
        removeDirectoryAt(this.dir(fd, R.PATH_REMOVE_DIRECTORY), this.path(p, len)),
      path_rename: (fd: number, oldP: number, oldLen: number, newFd: number, newP: number, newLen: number) =>
        renameAt(this.dir(fd, R.PATH_RENAME_SOURCE), this.path(oldP, oldLen), this.dir(newFd, R.PATH_RENAME_TARGET), this.path(newP, newLen)),
      path_symlink: (oldP: number, oldLen: number, fd: number, newP: number, newLen: number) => {
        const target = this.path(oldP, oldLen);
        symlinkAt(this.dir(fd, R.PATH_SYMLINK), target, this.path(newP, newLen));
      },
      path_unlink_file: (fd: number, p: number, len: number) =>
        unlinkFileAt(this.dir(fd, R.PATH_UNLINK_FILE), this.path(p, len)),

      poll_oneoff: (inPtr: number, outPtr: number, nsubs: number, neventsPtr: number) => this.poll(inPtr, outPtr, nsubs >>> 0, neventsPtr),
      proc_raise: () => Errno.NOSYS,
      sched_yield: () => Errno.SUCCESS,
      random_get: (buf: number, len: number) => {
        const b = m.bytes(buf, len);
        if (b.length > 0) host.random(b);
      },
      // No sockets are ever granted: a valid descriptor is never a socket.
      sock_accept: (fd: number) => this.notSocket(fd),
      sock_recv: (fd: number) => this.notSocket(fd),
      sock_send: (fd: number) => this.notSocket(fd),
      sock_shutdown: (fd: number) => this.notSocket(fd),
    };
  }

  private notSocket(fd: number): number {
    this.fds.get(fd);
    return Errno.NOTSOCK;
  }

  /**
   * poll_oneoff. Asynchronous stdin (InputStream.ready) is reported as it is; when nothing is ready and
   * such a stream is pending, the call waits for it or for the first clock (a Promise: the guest suspends)
   * and polls again, relative timeouts still counted from the first call (`firstNow`, per clock id).
   */
  private poll(inPtr: number, outPtr: number, nsubs: number, neventsPtr: number, firstNow = new Map<number, bigint>()): void | Promise<void> {
    const m = this.mem;
    const pending: InputStream[] = [];
    if (nsubs === 0) throw new WasiError(Errno.INVAL, 'poll_oneoff with no subscriptions');
    m.check(inPtr >>> 0, nsubs * 48);
    m.check(outPtr >>> 0, nsubs * 32);
    type Ev = { userdata: bigint; error: number; type: number; nbytes: bigint };
    const ready: Ev[] = [];
    const clocks: { userdata: bigint; deadline: bigint; id: number }[] = [];
    for (let i = 0; i < nsubs; i++) {
      const s = inPtr + i * 48;
      const userdata = m.u64(s);
      const tag = m.u8at(s + 8);
      if (tag === EVENT_CLOCK) {
        const id = m.u32(s + 16);
        const timeout = m.u64(s + 24);
        const flags = m.dv.getUint16((s + 40) >>> 0, true);
        let now: bigint;
        try {
          now = firstNow.get(id) ?? this.clockNow(id);
          firstNow.set(id, now);
        } catch (e) {
          ready.push({ userdata, error: errnoOfHostError(e) ?? Errno.INVAL, type: EVENT_CLOCK, nbytes: 0n });
          continue;
        }
        clocks.push({ userdata, id, deadline: flags & SUBCLOCK_ABSTIME ? timeout : now + timeout });
      } else if (tag === EVENT_FD_READ || tag === EVENT_FD_WRITE) {
        const fd = m.u32(s + 16);
        let error: number = Errno.SUCCESS;
        let nbytes = 0n;
        try {
          const e = this.fds.get(fd, R.POLL_FD_READWRITE);
          if (e.kind === 'file' && tag === EVENT_FD_READ) {
            const size = e.handle.stat().size;
            nbytes = size > BigInt(e.pos) ? size - BigInt(e.pos) : 0n;
          } else if (e.kind === 'dir') error = Errno.BADF;
          else if (e.kind === 'stream' && tag === EVENT_FD_READ && e.input?.ready !== undefined && e.input.whenReady !== undefined && !e.input.ready()) {
            // An asynchronous stdin with nothing to read yet: not an event (yet).
            pending.push(e.input);
            continue;
          }
          // Other streams (Node's stdin, stdout, stderr) are reported ready; a read may block synchronously.
        } catch (e) {
          error = errnoOfHostError(e) ?? Errno.BADF;
        }
        ready.push({ userdata, error, type: tag, nbytes });
      } else {
        throw new WasiError(Errno.INVAL, `unknown subscription type ${tag}`);
      }
    }
    if (ready.length === 0 && pending.length > 0) {
      const waits = pending.map((p) => p.whenReady!());
      if (clocks.length > 0) {
        let wait = clocks[0].deadline - this.clockNow(clocks[0].id);
        for (const c of clocks) wait = c.deadline - this.clockNow(c.id) < wait ? c.deadline - this.clockNow(c.id) : wait;
        waits.push(delay(Number(wait) / 1e6, 'poll_oneoff'));
      }
      return Promise.race(waits).then(() => {
        m.refresh();
        return this.poll(inPtr, outPtr, nsubs, neventsPtr, firstNow);
      });
    }
    if (ready.length === 0 && clocks.length > 0) {
      // Nothing else can become ready while we wait (no asynchronous sources): sleep until the first deadline.
      let first = clocks[0];
      let wait = first.deadline - this.clockNow(first.id);
      for (const c of clocks) {
        const w = c.deadline - this.clockNow(c.id);
        if (w < wait) {
          wait = w;
          first = c;
        }
      }
      if (wait > 0n) this.host.clocks.sleep(wait);
      for (const c of clocks) {
        if (c === first || this.clockNow(c.id) >= c.deadline) ready.push({ userdata: c.userdata, error: 0, type: EVENT_CLOCK, nbytes: 0n });
      }
    }
    ready.forEach((ev, i) => {
      const o = outPtr + i * 32;
      m.bytes(o, 32).fill(0);
      m.setU64(o, ev.userdata);
      m.setU16(o + 8, ev.error);
      m.setU8(o + 10, ev.type);
      m.setU64(o + 16, ev.nbytes);
    });
    m.setU32(neventsPtr, ready.length);
  }
}

