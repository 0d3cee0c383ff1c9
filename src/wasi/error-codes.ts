// The wasi:filesystem `error-code` names (identical in WASI 0.2, where error-code is an enum, and 0.3, where
// it is a variant with the same cases plus `other`) for the preview1 errno the shared host code throws. One
// table, so a failure reads the same through preview1, 0.2 and 0.3.
import { Errno, errnoOfHostError } from './errno.js';
import { SocketError } from './network.js';
import { HttpError } from './http-client.js';

const ERROR_CODES: Record<number, string> = {
  [Errno.ACCES]: 'access', [Errno.AGAIN]: 'would-block', [Errno.ALREADY]: 'already', [Errno.BADF]: 'bad-descriptor',
  [Errno.BUSY]: 'busy', [Errno.DEADLK]: 'deadlock', [Errno.DQUOT]: 'quota', [Errno.EXIST]: 'exist',
  [Errno.FBIG]: 'file-too-large', [Errno.ILSEQ]: 'illegal-byte-sequence', [Errno.INPROGRESS]: 'in-progress',
  [Errno.INTR]: 'interrupted', [Errno.INVAL]: 'invalid', [Errno.IO]: 'io', [Errno.ISDIR]: 'is-directory',
  [Errno.LOOP]: 'loop', [Errno.MLINK]: 'too-many-links', [Errno.MSGSIZE]: 'message-size',
  [Errno.NAMETOOLONG]: 'name-too-long', [Errno.NODEV]: 'no-device', [Errno.NOENT]: 'no-entry',
  [Errno.NOLCK]: 'no-lock', [Errno.NOMEM]: 'insufficient-memory', [Errno.NOSPC]: 'insufficient-space',
  [Errno.NOTDIR]: 'not-directory', [Errno.NOTEMPTY]: 'not-empty', [Errno.NOTRECOVERABLE]: 'not-recoverable',
  [Errno.NOTSUP]: 'unsupported', [Errno.NOTTY]: 'no-tty', [Errno.NXIO]: 'no-such-device',
  [Errno.OVERFLOW]: 'overflow', [Errno.PERM]: 'not-permitted', [Errno.NOTCAPABLE]: 'not-permitted',
  [Errno.PIPE]: 'pipe', [Errno.ROFS]: 'read-only', [Errno.SPIPE]: 'invalid-seek', [Errno.TXTBSY]: 'text-file-busy',
  [Errno.XDEV]: 'cross-device',
};

/** The errno of a failure the host code raised, or undefined for anything that is not an I/O error. */
export function errnoOf(e: unknown): number | undefined {
  if (e instanceof SocketError || e instanceof HttpError) return Errno.IO;
  const errno = errnoOfHostError(e);
  if (errno !== undefined) return errno;
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^E[A-Z]+$/.test(code) ? Errno.IO : undefined;
}

/** The error-code case name of `errno` ('io' for one without its own case). */
export function errorCode(errno: number): string {
  return ERROR_CODES[errno] ?? 'io';
}
