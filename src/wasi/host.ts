// The backend interface: what a WASI host needs from its environment. Both the preview1 functions
// (`preview1.ts`) and the WASI 0.2 interfaces (`p2/`) are written against these objects only, so a
// program behaves the same as a module or a component, on Node (`node/`) or without it (`portable.ts`).
//
// Files, stdio and clocks are synchronous objects. The network (`network.ts`) and outgoing HTTP
// (`http-client.ts`) are asynchronous: their host functions return Promises and the guest suspends, so
// a program that reaches them must be called with callAsync (the CLI does so when they are granted).
import type { NetworkAccess } from './network.js';
import type { HttpClient } from './http-client.js';

/** File types, numbered as preview1's `filetype`. */
export const FileType = {
  UNKNOWN: 0, BLOCK_DEVICE: 1, CHARACTER_DEVICE: 2, DIRECTORY: 3, REGULAR_FILE: 4, SOCKET_DGRAM: 5,
  SOCKET_STREAM: 6, SYMBOLIC_LINK: 7,
} as const;

/** Metadata of a file system object (preview1's `filestat`); times in nanoseconds since the epoch. */
export interface Filestat {
  dev: bigint;
  ino: bigint;
  filetype: number;
  nlink: bigint;
  size: bigint;
  atim: bigint;
  mtim: bigint;
  ctim: bigint;
}

/** A time to set: nanoseconds since the epoch, 'now', or undefined to leave it unchanged. */
export type TimeSpec = bigint | 'now' | undefined;

export interface OpenFlags {
  read: boolean;
  write: boolean;
  create: boolean;
  exclusive: boolean;
  truncate: boolean;
}

/** An open regular file. Positions are explicit: the WASI layer keeps each descriptor's offset. */
export interface FileHandle {
  /** Reads into `buf` at `position`; returns the number of bytes read (0 at end of file). */
  read(buf: Uint8Array, position: number): number;
  /** Writes `buf` at `position`; returns the number of bytes written. */
  write(buf: Uint8Array, position: number): number;
  stat(): Filestat;
  truncate(size: number): void;
  /** Makes the file at least `size` bytes long (posix_fallocate without the space guarantee). */
  allocate(size: number): void;
  sync(): void;
  setTimes(atim: TimeSpec, mtim: TimeSpec): void;
  close(): void;
}

export interface DirEntry {
  name: string;
  filetype: number;
  ino: bigint;
}

/**
 * A file system, addressed by paths in its own namespace ('/'-separated, absolute). The WASI layer
 * resolves every guest path itself, one component at a time (symlinks included), and only ever hands
 * the backend paths that stay inside a preopen: the backend never sees `..` or a symlink in a
 * non-final position, so it needs no sandboxing of its own. Errors are `WasiError`s (or host errors
 * with a POSIX `code`, which are mapped).
 */
export interface Filesystem {
  /** Metadata without following a final symlink. */
  lstat(path: string): Filestat;
  readlink(path: string): string;
  /** Opens a regular file; must not follow a final symlink (the WASI layer resolved it). */
  open(path: string, flags: OpenFlags): FileHandle;
  readdir(path: string): DirEntry[];
  mkdir(path: string): void;
  rmdir(path: string): void;
  unlink(path: string): void;
  rename(from: string, to: string): void;
  link(existing: string, created: string): void;
  symlink(target: string, path: string): void;
  /** Sets times without following a final symlink. */
  setTimes(path: string, atim: TimeSpec, mtim: TimeSpec): void;
}

/** A directory granted to the guest: `guestPath` (e.g. "/" or "data") names `hostPath` of `fs`. */
export interface Preopen {
  guestPath: string;
  fs: Filesystem;
  hostPath: string;
}

/**
 * A byte source for stdin. `read` returns up to `max` bytes, or an empty array at end of input. A source
 * that fills asynchronously (an embedder's console, a browser's input) also has `ready` (whether `read`
 * returns without waiting) and `whenReady` (a Promise for that): `read` is then only called when ready,
 * poll reports it as it is, and a blocking read suspends the guest (which must run under callAsync).
 * Without them `read` may block synchronously and the stream is always ready (Node's stdin).
 */
export interface InputStream {
  read(max: number): Uint8Array;
  isTerminal?: boolean;
  ready?(): boolean;
  whenReady?(): Promise<void>;
}

/** A byte sink for stdout/stderr. */
export interface OutputStream {
  write(bytes: Uint8Array): void;
  flush?(): void;
  isTerminal?: boolean;
}

export interface Clocks {
  /** Nanoseconds since the epoch. */
  realtime(): bigint;
  /** Nanoseconds from an arbitrary fixed start, never decreasing. */
  monotonic(): bigint;
  /** Resolutions in nanoseconds. */
  realtimeResolution: bigint;
  monotonicResolution: bigint;
  /** CPU time of the process in nanoseconds (falls back to the monotonic clock). */
  cputime(): bigint;
  /**
   * Blocks the caller for `ns` nanoseconds. Throws `WasiError(NOTSUP)` where the engine cannot block
   * synchronously (e.g. a browser's main thread) — a real wait there needs guest suspension.
   */
  sleep(ns: bigint): void;
}

/** Everything a WASI guest can reach. Built by `nodeWasiHost` / `portableWasiHost` (or by hand). */
export interface WasiHost {
  /** argv, program name first. */
  args: string[];
  /** The whole environment the guest sees. */
  env: [string, string][];
  preopens: Preopen[];
  stdin: InputStream;
  stdout: OutputStream;
  stderr: OutputStream;
  clocks: Clocks;
  /** Fills `buf` with cryptographically secure random bytes. */
  random(buf: Uint8Array): void;
  /** Fast non-cryptographic random bytes (wasi:random/insecure). */
  insecureRandom(buf: Uint8Array): void;
  /** wasi:sockets: the network and what of it is granted (absent: every bind/connect is access-denied). */
  network?: NetworkAccess;
  /** wasi:http/outgoing-handler (absent: every request is HTTP-request-denied). */
  http?: HttpClient;
}
