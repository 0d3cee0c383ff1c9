// The preview1 descriptor table: what each guest fd refers to, its rights and flags. Descriptors 0-2 are
// stdio, then one per preopen, then whatever the guest opens (the lowest free number, as POSIX does).
import { Errno, WasiError } from './errno.js';
import type { FileHandle, Filesystem, InputStream, OutputStream, WasiHost } from './host.js';
import { DIR_RIGHTS, FILE_RIGHTS, STDIO_RIGHTS } from './rights.js';

interface Common {
  rightsBase: number;
  rightsInheriting: number;
  /** preview1 fdflags (APPEND, DSYNC, NONBLOCK, RSYNC, SYNC) as last set. */
  fdflags: number;
}

export interface StreamFd extends Common {
  kind: 'stream';
  input: InputStream | undefined;
  output: OutputStream | undefined;
}

export interface FileFd extends Common {
  kind: 'file';
  fs: Filesystem;
  handle: FileHandle;
  /** The descriptor's offset (the backend's handles are positionless). */
  pos: number;
  readable: boolean;
  writable: boolean;
}

export interface DirFd extends Common {
  kind: 'dir';
  fs: Filesystem;
  hostPath: string;
  /** The name a preopen is announced under (fd_prestat_get); undefined for directories opened later. */
  preopenName: string | undefined;
  /** fd_readdir's snapshot, reused while the guest pages through it with cookies. */
  listing: { name: string; filetype: number; ino: bigint }[] | undefined;
}

export type Fd = StreamFd | FileFd | DirFd;

export const FDFLAG = { APPEND: 1, DSYNC: 2, NONBLOCK: 4, RSYNC: 8, SYNC: 16 } as const;

/** A descriptor table's state at one moment (FdTable.save): opaque, for time travel. */
export interface FdTableState {
  readonly entries: readonly (Fd | undefined)[];
}

export class FdTable {
  private fds: (Fd | undefined)[] = [];

  constructor(host: WasiHost) {
    const stream = (input: InputStream | undefined, output: OutputStream | undefined): StreamFd => ({
      kind: 'stream', input, output, rightsBase: STDIO_RIGHTS, rightsInheriting: 0, fdflags: 0,
    });
    this.fds.push(stream(host.stdin, undefined), stream(undefined, host.stdout), stream(undefined, host.stderr));
    for (const p of host.preopens) {
      this.fds.push({
        kind: 'dir', fs: p.fs, hostPath: p.hostPath, preopenName: p.guestPath, listing: undefined,
        rightsBase: DIR_RIGHTS, rightsInheriting: DIR_RIGHTS | FILE_RIGHTS, fdflags: 0,
      });
    }
  }

  /** The descriptor `fd`, which must hold all of `rights` (else NOTCAPABLE); BADF if not open. */
  get(fd: number, rights = 0): Fd {
    const e = fd >= 0 ? this.fds[fd] : undefined;
    if (e === undefined) throw new WasiError(Errno.BADF, `bad file descriptor ${fd}`);
    if ((e.rightsBase & rights) !== rights) throw new WasiError(Errno.NOTCAPABLE, `descriptor ${fd} lacks a right`);
    return e;
  }

  add(e: Fd): number {
    let i = 3;
    while (i < this.fds.length && this.fds[i] !== undefined) i++;
    this.fds[i] = e;
    return i;
  }

  close(fd: number): void {
    const e = this.get(fd);
    this.fds[fd] = undefined;
    if (e.kind === 'file') e.handle.close();
  }

  /** fd_renumber: `to` is closed and takes over `from`'s description; `from` becomes free. */
  renumber(from: number, to: number): void {
    const e = this.get(from);
    this.get(to);
    if (from === to) return;
    this.close(to);
    this.fds[to] = e;
    this.fds[from] = undefined;
  }

  /**
   * The table as it is now: every descriptor's offset, flags, rights and directory listing (copied; the
   * backend objects they refer to are shared). A debugger going back in time restores it together with the
   * guest's store, while the backend's answers come from a recording (src/replay), so the same descriptors
   * are opened again under the same numbers.
   */
  save(): FdTableState {
    return { entries: this.fds.map(copyFd) };
  }

  /** Puts a saved table back (the entries are copied again: the state stays reusable). */
  restore(state: FdTableState): void {
    this.fds = state.entries.map(copyFd);
  }

  /** Closes every open file (end of the program). */
  closeAll(): void {
    for (let i = 0; i < this.fds.length; i++) {
      const e = this.fds[i];
      this.fds[i] = undefined;
      if (e?.kind === 'file') {
        try {
          e.handle.close();
        } catch {
          // Closing at exit: nothing left to report the error to.
        }
      }
    }
  }
}

function copyFd(e: Fd | undefined): Fd | undefined {
  if (e === undefined) return undefined;
  return e.kind === 'dir' ? { ...e, listing: e.listing?.slice() } : { ...e };
}
