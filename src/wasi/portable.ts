// The portable backend: a `WasiHost` without any Node built-in, for browsers, React Native and QuickJS.
// Files live in a `MemoryFilesystem` the embedder fills and reads back; stdout/stderr go to callbacks,
// stdin comes from bytes; clocks from `performance`/`Date`; random from `crypto.getRandomValues`, or a
// source the embedder passes (never a silent weak default).
import { Errno, WasiError } from './errno.js';
import { utf8 } from './guest-memory.js';
import type { Clocks, InputStream, OutputStream, Preopen, WasiHost } from './host.js';
import { MemoryFilesystem } from './memfs.js';
import { ByteQueue } from './byte-queue.js';

export { MemoryFilesystem } from './memfs.js';

export interface PortableWasiOptions {
  /** argv, program name first (default: none). */
  args?: string[];
  /** The whole environment the guest sees (default: empty). */
  env?: Record<string, string> | [string, string][];
  /** The in-memory file system the preopens point into (default: a new empty one). */
  fs?: MemoryFilesystem;
  /** Granted directories: guest path → directory of `fs` (default: none). */
  preopens?: Record<string, string> | [string, string][];
  /** stdin: all its bytes, a string (UTF-8), or a stream (default: empty). */
  stdin?: Uint8Array | string | InputStream;
  /** stdout/stderr: a callback receiving each write, or a stream (default: discarded). */
  stdout?: ((bytes: Uint8Array) => void) | OutputStream;
  stderr?: ((bytes: Uint8Array) => void) | OutputStream;
  /** Secure random bytes. Required where `crypto.getRandomValues` does not exist. */
  random?: (buf: Uint8Array) => void;
  /** Replaces some or all of the clocks (default: `performance.now()` and `Date.now()`). */
  clocks?: Partial<Clocks>;
}

/** Checks environment entries: a name may not contain '=' or NUL, a value no NUL. */
export function makeEnv(list: [string, string][]): [string, string][] {
  for (const [k, v] of list) {
    if (k === '' || k.includes('=') || k.includes('\0')) throw new Error(`invalid environment variable name ${JSON.stringify(k)}`);
    if (v.includes('\0')) throw new Error(`environment variable ${k} contains a NUL byte`);
  }
  return list;
}

/** wasi:random/insecure: fast, not for secrets. */
export function insecureRandomFill(buf: Uint8Array): void {
  for (let i = 0; i < buf.length; i++) buf[i] = (Math.random() * 256) | 0;
}

interface CryptoLike {
  getRandomValues(a: Uint8Array): Uint8Array;
}

/** `crypto.getRandomValues` in chunks of 64 KiB (its per-call limit), or undefined where missing. */
export function webCryptoRandom(): ((buf: Uint8Array) => void) | undefined {
  const c = (globalThis as { crypto?: CryptoLike }).crypto;
  if (c === undefined || typeof c.getRandomValues !== 'function') return undefined;
  return (buf) => {
    for (let i = 0; i < buf.length; i += 65536) c.getRandomValues(buf.subarray(i, Math.min(buf.length, i + 65536)));
  };
}

interface PerformanceLike {
  now(): number;
  timeOrigin?: number;
}

/** Clocks from `performance.now()` (monotonic, µs or coarser) and `Date.now()` (wall, ms). */
export function portableClocks(): Clocks {
  const perf = (globalThis as { performance?: PerformanceLike }).performance;
  const mono = perf !== undefined ? () => BigInt(Math.round(perf.now() * 1e6)) : () => BigInt(Date.now()) * 1_000_000n;
  let last = 0n;
  const monotonic = () => {
    // Date.now() may step backwards; a monotonic clock may not.
    const t = mono();
    if (t > last) last = t;
    return last;
  };
  return {
    realtime: () => BigInt(Date.now()) * 1_000_000n,
    monotonic,
    realtimeResolution: 1_000_000n,
    monotonicResolution: perf !== undefined ? 1_000n : 1_000_000n,
    cputime: monotonic,
    sleep: (ns: bigint) => {
      // Atomics.wait blocks without spinning where the engine allows it (workers, Node, QuickJS); a
      // browser's main thread refuses, and a real wait there needs guest suspension (issue 13).
      try {
        const cell = new Int32Array(new SharedArrayBuffer(4));
        Atomics.wait(cell, 0, 0, Number(ns) / 1e6);
      } catch {
        throw new WasiError(Errno.NOTSUP, 'this engine cannot block synchronously (sleeping needs guest suspension)');
      }
    },
  };
}

/** An InputStream over fixed bytes. */
export function bytesInput(data: Uint8Array | string): InputStream {
  const bytes = typeof data === 'string' ? utf8(data) : data;
  let at = 0;
  return {
    read(max: number): Uint8Array {
      const out = bytes.slice(at, Math.min(bytes.length, at + max));
      at += out.length;
      return out;
    },
  };
}

/**
 * An asynchronous stdin the embedder feeds as input arrives: `push` bytes (or UTF-8 text), then `end`.
 * The guest's reads and polls wait for it (run the guest with callAsync).
 */
export function pushInput(): { stream: InputStream; push(data: Uint8Array | string): void; end(): void } {
  const q = new ByteQueue();
  const stream: InputStream = {
    read(max) {
      const r = q.read(max);
      return r === 'end' || r === null ? new Uint8Array(0) : r;
    },
    ready: () => q.canRead(),
    whenReady: () => q.whenReadable(),
  };
  return { stream, push: (data) => q.push(typeof data === 'string' ? utf8(data) : data.slice()), end: () => q.end() };
}

/** An OutputStream that hands each write (a copy) to `fn`. */
export function callbackOutput(fn: (bytes: Uint8Array) => void): OutputStream {
  return { write: (b) => fn(b.slice()) };
}

function entries(x: Record<string, string> | [string, string][] | undefined): [string, string][] {
  if (x === undefined) return [];
  return Array.isArray(x) ? x : Object.entries(x);
}

/**
 * A WASI host with no Node built-in. Throws if no secure random source exists and none is given, or if a
 * preopen names no directory of `fs`.
 *
 *     const files = new MemoryFilesystem();
 *     files.writeFile('/data/in.txt', 'hello');
 *     const host = portableWasiHost({ fs: files, preopens: { '/': '/data' }, stdout: (b) => out.push(b) });
 */
export function portableWasiHost(options: PortableWasiOptions = {}): WasiHost {
  const random = options.random ?? webCryptoRandom();
  if (random === undefined) {
    throw new Error('WASI: no secure random source (crypto.getRandomValues is missing): pass options.random');
  }
  const files = options.fs ?? new MemoryFilesystem();
  const preopens: Preopen[] = entries(options.preopens).map(([guestPath, dir]) => {
    if (!files.isDirectory(dir)) throw new Error(`preopen ${JSON.stringify(guestPath)}: ${JSON.stringify(dir)} is not a directory of the in-memory file system`);
    return { guestPath, fs: files, hostPath: dir };
  });
  const output = (o: PortableWasiOptions['stdout']): OutputStream =>
    o === undefined ? { write: () => undefined } : typeof o === 'function' ? callbackOutput(o) : o;
  const stdin = options.stdin;
  return {
    args: options.args ?? [],
    env: makeEnv(entries(options.env)),
    preopens,
    stdin: stdin === undefined ? bytesInput(new Uint8Array(0)) : typeof stdin === 'string' || stdin instanceof Uint8Array ? bytesInput(stdin) : stdin,
    stdout: output(options.stdout),
    stderr: output(options.stderr),
    clocks: { ...portableClocks(), ...options.clocks },
    random,
    insecureRandom: insecureRandomFill,
  };
}
