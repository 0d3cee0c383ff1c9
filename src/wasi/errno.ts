// WASI preview1 error numbers (`errno` in wasi_snapshot_preview1.witx) and the two exceptions the host
// raises: `WasiError` (an operation failed with an errno: becomes the function's return value) and
// `WasiExit` (the guest called proc_exit / wasi:cli/exit: unwinds the guest to the embedder).
import { UNCATCHABLE } from '../vm/errors.js';

export const Errno = {
  SUCCESS: 0, TOOBIG: 1, ACCES: 2, ADDRINUSE: 3, ADDRNOTAVAIL: 4, AFNOSUPPORT: 5, AGAIN: 6,
  ALREADY: 7, BADF: 8, BADMSG: 9, BUSY: 10, CANCELED: 11, CHILD: 12, CONNABORTED: 13,
  CONNREFUSED: 14, CONNRESET: 15, DEADLK: 16, DESTADDRREQ: 17, DOM: 18, DQUOT: 19, EXIST: 20,
  FAULT: 21, FBIG: 22, HOSTUNREACH: 23, IDRM: 24, ILSEQ: 25, INPROGRESS: 26, INTR: 27, INVAL: 28,
  IO: 29, ISCONN: 30, ISDIR: 31, LOOP: 32, MFILE: 33, MLINK: 34, MSGSIZE: 35, MULTIHOP: 36,
  NAMETOOLONG: 37, NETDOWN: 38, NETRESET: 39, NETUNREACH: 40, NFILE: 41, NOBUFS: 42, NODEV: 43,
  NOENT: 44, NOEXEC: 45, NOLCK: 46, NOLINK: 47, NOMEM: 48, NOMSG: 49, NOPROTOOPT: 50, NOSPC: 51,
  NOSYS: 52, NOTCONN: 53, NOTDIR: 54, NOTEMPTY: 55, NOTRECOVERABLE: 56, NOTSOCK: 57, NOTSUP: 58,
  NOTTY: 59, NXIO: 60, OVERFLOW: 61, OWNERDEAD: 62, PERM: 63, PIPE: 64, PROTO: 65,
  PROTONOSUPPORT: 66, PROTOTYPE: 67, RANGE: 68, ROFS: 69, SPIPE: 70, SRCH: 71, STALE: 72,
  TIMEDOUT: 73, TXTBSY: 74, XDEV: 75, NOTCAPABLE: 76,
} as const;

/** The witx names, indexed by errno (for messages). */
export const ERRNO_NAMES = (
  'success 2big acces addrinuse addrnotavail afnosupport again already badf badmsg busy canceled child ' +
  'connaborted connrefused connreset deadlk destaddrreq dom dquot exist fault fbig hostunreach idrm ilseq ' +
  'inprogress intr inval io isconn isdir loop mfile mlink msgsize multihop nametoolong netdown netreset ' +
  'netunreach nfile nobufs nodev noent noexec nolck nolink nomem nomsg noprotoopt nospc nosys notconn ' +
  'notdir notempty notrecoverable notsock notsup notty nxio overflow ownerdead perm pipe proto ' +
  'protonosupport prototype range rofs spipe srch stale timedout txtbsy xdev notcapable'
).split(' ');

/** An operation failed with a WASI errno. Backends throw it; the preview1 layer returns `errno`. */
export class WasiError extends Error {
  readonly errno: number;
  constructor(errno: number, message?: string) {
    super(message ?? `WASI error ${ERRNO_NAMES[errno] ?? errno}`);
    this.name = 'WasiError';
    this.errno = errno;
  }
}

/**
 * The guest asked to exit (preview1 `proc_exit`, WASI 0.2 `wasi:cli/exit`). Thrown through the guest: no
 * wasm handler catches it (`UNCATCHABLE`, not even `catch_all`), so it unwinds every wasm frame and reaches
 * the embedder, which reads `code`.
 */
export class WasiExit extends Error {
  readonly [UNCATCHABLE] = true;
  readonly code: number;
  constructor(code: number) {
    super(`exit with code ${code}`);
    this.name = 'WasiExit';
    this.code = code;
  }
}

/** A command's exit code from what its entry threw: a WasiExit carries it; anything else propagates. */
export function exitCodeOf(e: unknown): number {
  if (e instanceof WasiExit) return e.code;
  throw e;
}

/** POSIX error codes as Node reports them (`err.code`) → WASI errno. Used by backends on real hosts. */
const POSIX: Record<string, number> = {
  E2BIG: Errno.TOOBIG, EACCES: Errno.ACCES, EADDRINUSE: Errno.ADDRINUSE, EADDRNOTAVAIL: Errno.ADDRNOTAVAIL,
  EAFNOSUPPORT: Errno.AFNOSUPPORT, EAGAIN: Errno.AGAIN, EWOULDBLOCK: Errno.AGAIN, EALREADY: Errno.ALREADY,
  EBADF: Errno.BADF, EBUSY: Errno.BUSY, ECANCELED: Errno.CANCELED, ECONNABORTED: Errno.CONNABORTED,
  ECONNREFUSED: Errno.CONNREFUSED, ECONNRESET: Errno.CONNRESET, EDQUOT: Errno.DQUOT, EEXIST: Errno.EXIST,
  EFAULT: Errno.FAULT, EFBIG: Errno.FBIG, EHOSTUNREACH: Errno.HOSTUNREACH, EILSEQ: Errno.ILSEQ,
  EINTR: Errno.INTR, EINVAL: Errno.INVAL, EIO: Errno.IO, EISDIR: Errno.ISDIR, ELOOP: Errno.LOOP,
  EMFILE: Errno.MFILE, EMLINK: Errno.MLINK, ENAMETOOLONG: Errno.NAMETOOLONG, ENFILE: Errno.NFILE,
  ENOBUFS: Errno.NOBUFS, ENODEV: Errno.NODEV, ENOENT: Errno.NOENT, ENOMEM: Errno.NOMEM, ENOSPC: Errno.NOSPC,
  ENOSYS: Errno.NOSYS, ENOTCONN: Errno.NOTCONN, ENOTDIR: Errno.NOTDIR, ENOTEMPTY: Errno.NOTEMPTY,
  ENOTSOCK: Errno.NOTSOCK, ENOTSUP: Errno.NOTSUP, EOPNOTSUPP: Errno.NOTSUP, ENOTTY: Errno.NOTTY,
  ENXIO: Errno.NXIO, EOVERFLOW: Errno.OVERFLOW, EPERM: Errno.PERM, EPIPE: Errno.PIPE, ERANGE: Errno.RANGE,
  EROFS: Errno.ROFS, ESPIPE: Errno.SPIPE, ETIMEDOUT: Errno.TIMEDOUT, ETXTBSY: Errno.TXTBSY, EXDEV: Errno.XDEV,
};

/** The errno for a host error carrying a POSIX `code` (Node's SystemError), or undefined. */
export function errnoOfHostError(e: unknown): number | undefined {
  if (e instanceof WasiError) return e.errno;
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? POSIX[code] : undefined;
}
