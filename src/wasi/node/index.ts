// The Node backend: a `WasiHost` over real directories, the process's stdio, `crypto` random and
// hrtime clocks. The only part of src/wasi that imports `node:*`. Sandboxed by default: nothing is
// granted unless passed in the options.
import * as fs from 'node:fs';
import { randomFillSync } from 'node:crypto';
import { isatty } from 'node:tty';
import type { Clocks, InputStream, OutputStream, Preopen, WasiHost } from '../host.js';
import { insecureRandomFill, makeEnv } from '../portable.js';
import { NodeFilesystem } from './node-fs.js';

export { NodeFilesystem } from './node-fs.js';

export interface NodeWasiOptions {
  /** argv, program name first (default: none at all). */
  args?: string[];
  /** The whole environment the guest sees (default: empty). */
  env?: Record<string, string> | [string, string][];
  /** Granted directories: guest path → host directory (default: none). */
  preopens?: Record<string, string> | [string, string][];
  /** A host file descriptor or a stream (default: the process's 0, 1, 2). */
  stdin?: number | InputStream;
  stdout?: number | OutputStream;
  stderr?: number | OutputStream;
}

const sleepCell = new Int32Array(new SharedArrayBuffer(4));

/** Blocks the thread for `ms` milliseconds (Atomics.wait on a cell nobody notifies: no busy loop). */
function sleepMs(ms: number): void {
  if (ms > 0) Atomics.wait(sleepCell, 0, 0, ms);
}

function isAgain(e: unknown): boolean {
  const code = (e as { code?: string }).code;
  return code === 'EAGAIN' || code === 'EWOULDBLOCK';
}

/** Reads from a host fd synchronously; waits (without spinning) while a non-blocking fd has no data. */
export function fdInput(fd: number): InputStream {
  return {
    isTerminal: isatty(fd),
    read(max: number): Uint8Array {
      const buf = new Uint8Array(Math.min(max, 65536));
      for (;;) {
        try {
          const n = fs.readSync(fd, buf, 0, buf.length, null);
          return buf.subarray(0, n);
        } catch (e) {
          if (isAgain(e)) sleepMs(5);
          else if ((e as { code?: string }).code === 'EOF') return new Uint8Array(0);
          else throw e;
        }
      }
    },
  };
}

/** Writes to a host fd synchronously, all of it (retrying partial writes and EAGAIN on pipes). */
export function fdOutput(fd: number): OutputStream {
  return {
    isTerminal: isatty(fd),
    write(bytes: Uint8Array): void {
      let at = 0;
      while (at < bytes.length) {
        try {
          at += fs.writeSync(fd, bytes, at, bytes.length - at);
        } catch (e) {
          if (isAgain(e)) sleepMs(1);
          else throw e;
        }
      }
    },
  };
}

export function nodeClocks(): Clocks {
  // Realtime with nanosecond resolution: the wall clock at start plus the monotonic clock since then.
  const origin = BigInt(Date.now()) * 1_000_000n - process.hrtime.bigint();
  return {
    realtime: () => origin + process.hrtime.bigint(),
    monotonic: () => process.hrtime.bigint(),
    realtimeResolution: 1n,
    monotonicResolution: 1n,
    cputime: () => {
      const u = process.cpuUsage();
      return BigInt(u.user + u.system) * 1000n;
    },
    sleep: (ns: bigint) => {
      // Atomics.wait takes milliseconds as a double; long sleeps in chunks.
      let rest = ns;
      while (rest > 0n) {
        const chunk = rest > 1_000_000_000_000n ? 1_000_000_000_000n : rest;
        sleepMs(Number(chunk) / 1e6);
        rest -= chunk;
      }
    },
  };
}

function entries(x: Record<string, string> | [string, string][] | undefined): [string, string][] {
  if (x === undefined) return [];
  return Array.isArray(x) ? x : Object.entries(x);
}

/**
 * A WASI host on Node. Throws if a preopen's host directory is missing or not a directory (naming it).
 *
 *     const host = nodeWasiHost({ args: ['prog'], preopens: { '/': './sandbox' } });
 */
export function nodeWasiHost(options: NodeWasiOptions = {}): WasiHost {
  const filesystem = new NodeFilesystem();
  const preopens: Preopen[] = entries(options.preopens).map(([guestPath, hostDir]) => {
    let st: fs.Stats;
    try {
      st = fs.statSync(hostDir);
    } catch {
      throw new Error(`preopen ${JSON.stringify(guestPath)}: host directory ${JSON.stringify(hostDir)} does not exist`);
    }
    if (!st.isDirectory()) throw new Error(`preopen ${JSON.stringify(guestPath)}: ${JSON.stringify(hostDir)} is not a directory`);
    // Resolve host-side symlinks once: the guest's view starts at the real directory.
    return { guestPath, fs: filesystem, hostPath: fs.realpathSync(hostDir) };
  });
  const input = (s: number | InputStream | undefined, d: number) => (typeof s === 'object' ? s : fdInput(s ?? d));
  const output = (s: number | OutputStream | undefined, d: number) => (typeof s === 'object' ? s : fdOutput(s ?? d));
  return {
    args: options.args ?? [],
    env: makeEnv(entries(options.env)),
    preopens,
    stdin: input(options.stdin, 0),
    stdout: output(options.stdout, 1),
    stderr: output(options.stderr, 2),
    clocks: nodeClocks(),
    random: (buf) => {
      randomFillSync(buf);
    },
    insecureRandom: insecureRandomFill,
  };
}
export { nodeNetwork, socketError } from './net.js';
export { nodeHttpClient } from './http-client.js';
