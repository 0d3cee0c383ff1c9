// preview1 `rights` bits and the sets each kind of descriptor starts with. Rights are enforced: an
// operation without its right fails with NOTCAPABLE, `fd_fdstat_set_rights` can only drop rights, and
// `path_open` gives a new descriptor at most its directory's inheriting rights.

export const R = {
  FD_DATASYNC: 1 << 0, FD_READ: 1 << 1, FD_SEEK: 1 << 2, FD_FDSTAT_SET_FLAGS: 1 << 3, FD_SYNC: 1 << 4,
  FD_TELL: 1 << 5, FD_WRITE: 1 << 6, FD_ADVISE: 1 << 7, FD_ALLOCATE: 1 << 8, PATH_CREATE_DIRECTORY: 1 << 9,
  PATH_CREATE_FILE: 1 << 10, PATH_LINK_SOURCE: 1 << 11, PATH_LINK_TARGET: 1 << 12, PATH_OPEN: 1 << 13,
  FD_READDIR: 1 << 14, PATH_READLINK: 1 << 15, PATH_RENAME_SOURCE: 1 << 16, PATH_RENAME_TARGET: 1 << 17,
  PATH_FILESTAT_GET: 1 << 18, PATH_FILESTAT_SET_SIZE: 1 << 19, PATH_FILESTAT_SET_TIMES: 1 << 20,
  FD_FILESTAT_GET: 1 << 21, FD_FILESTAT_SET_SIZE: 1 << 22, FD_FILESTAT_SET_TIMES: 1 << 23,
  PATH_SYMLINK: 1 << 24, PATH_REMOVE_DIRECTORY: 1 << 25, PATH_UNLINK_FILE: 1 << 26,
  POLL_FD_READWRITE: 1 << 27, SOCK_SHUTDOWN: 1 << 28, SOCK_ACCEPT: 1 << 29,
} as const;

/** Rights that make sense on a regular file. */
export const FILE_RIGHTS =
  R.FD_DATASYNC | R.FD_READ | R.FD_SEEK | R.FD_FDSTAT_SET_FLAGS | R.FD_SYNC | R.FD_TELL | R.FD_WRITE |
  R.FD_ADVISE | R.FD_ALLOCATE | R.FD_FILESTAT_GET | R.FD_FILESTAT_SET_SIZE | R.FD_FILESTAT_SET_TIMES |
  R.POLL_FD_READWRITE;

/** Rights that make sense on a directory. */
export const DIR_RIGHTS =
  R.FD_FDSTAT_SET_FLAGS | R.FD_SYNC | R.FD_ADVISE | R.PATH_CREATE_DIRECTORY | R.PATH_CREATE_FILE |
  R.PATH_LINK_SOURCE | R.PATH_LINK_TARGET | R.PATH_OPEN | R.FD_READDIR | R.PATH_READLINK |
  R.PATH_RENAME_SOURCE | R.PATH_RENAME_TARGET | R.PATH_FILESTAT_GET | R.PATH_FILESTAT_SET_SIZE |
  R.PATH_FILESTAT_SET_TIMES | R.FD_FILESTAT_GET | R.FD_FILESTAT_SET_TIMES | R.PATH_SYMLINK |
  R.PATH_REMOVE_DIRECTORY | R.PATH_UNLINK_FILE;

/** Rights of stdin/stdout/stderr (character devices). */
export const STDIO_RIGHTS =
  R.FD_READ | R.FD_WRITE | R.FD_FDSTAT_SET_FLAGS | R.FD_FILESTAT_GET | R.POLL_FD_READWRITE | R.FD_SYNC |
  R.FD_DATASYNC | R.FD_ADVISE;

/** The low 32 bits of a 64-bit rights value (all defined rights fit there). */
export function rightsOf(x: bigint): number {
  return Number(x & 0xffffffffn);
}
