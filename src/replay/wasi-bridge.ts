// The cut between the WASI layer and its backend (src/wasi/host.ts). Every WASI call — preview1 for modules,
// 0.2 for components — ends in calls of a `WasiHost`; the layer above (descriptor table, path resolution,
// stream and pollable bookkeeping, guest-memory writes) is deterministic given what those calls return.
// So a trace records the backend's answers, once each, and a replay runs the real WASI layer over a
// backend that answers from the trace: nothing of the host is touched, and the guest-memory writes need
// no recording at all (the layer redoes them). Why this cut and not the core import boundary:
// docs/ARCHITECTURE.md, "Record and replay".
//
// `bridgeHost` builds the backend object once for both directions; a `Port` decides what a call does:
// the recorder's runs the live call and writes its outcome, the replayer's reads the outcome and checks
// that the call and its arguments are the recorded ones.
import type { DirEntry, FileHandle, Filestat, Filesystem, InputStream, OpenFlags, OutputStream, Preopen, TimeSpec, WasiHost } from '../wasi/index.js';
import type { TraceValue } from './trace-codec.js';

/** Backend operations, numbered in the trace by their index here (append only: the trace format uses it). */
export const BACKEND_OPS = [
  'clocks.realtime', 'clocks.monotonic', 'clocks.cputime', 'clocks.sleep',
  'random', 'insecureRandom', 'stdin.read', 'stdout.write', 'stderr.write',
  'fs.lstat', 'fs.readlink', 'fs.open', 'fs.readdir', 'fs.mkdir', 'fs.rmdir', 'fs.unlink', 'fs.rename',
  'fs.link', 'fs.symlink', 'fs.setTimes',
  'file.read', 'file.write', 'file.stat', 'file.truncate', 'file.allocate', 'file.sync', 'file.setTimes', 'file.close',
] as const;
export type BackendOp = (typeof BACKEND_OPS)[number];
const OP_INDEX = new Map<string, number>(BACKEND_OPS.map((n, i) => [n, i]));
export function opIndex(op: BackendOp): number {
  return OP_INDEX.get(op)!;
}

/** Outputs: a replay checks them (length and checksum) and then writes them for real. */
export const OUTPUT_OPS: ReadonlySet<string> = new Set(['stdout.write', 'stderr.write']);

/**
 * One backend call: `op` with `args` (what a replay compares). `live` performs it on the real backend and
 * returns its result as a trace value; the replayer never calls it, except for outputs.
 */
export type Port = (op: BackendOp, args: TraceValue[], live: () => TraceValue | void) => TraceValue;

/** What a run's backend is, besides its calls: recorded in the trace's header. */
export interface HostShape {
  args: string[];
  env: [string, string][];
  /** Per preopen: [guest path, host path, file system number] (preopens sharing one file system share it). */
  preopens: [string, string, number][];
  terminals: [stdin: boolean, stdout: boolean, stderr: boolean];
  resolutions: [realtime: bigint, monotonic: bigint];
}

export function shapeOf(host: WasiHost): HostShape {
  const fss: Filesystem[] = [];
  return {
    args: host.args.slice(),
    env: host.env.map(([k, v]) => [k, v]),
    preopens: host.preopens.map((p) => {
      let i = fss.indexOf(p.fs);
      if (i < 0) i = fss.push(p.fs) - 1;
      return [p.guestPath, p.hostPath, i];
    }),
    terminals: [host.stdin.isTerminal === true, host.stdout.isTerminal === true, host.stderr.isTerminal === true],
    resolutions: [host.clocks.realtimeResolution, host.clocks.monotonicResolution],
  };
}

/** FNV-1a over bytes: an output's fingerprint in the trace (its bytes are the guest's, not an input). */
export function checksum(b: Uint8Array): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < b.length; i++) h = Math.imul(h ^ b[i], 0x01000193);
  return h >>> 0;
}

const STAT_KEYS = ['dev', 'ino', 'filetype', 'nlink', 'size', 'atim', 'mtim', 'ctim'] as const;

function statValue(s: Filestat): TraceValue {
  return [s.dev, s.ino, s.filetype, s.nlink, s.size, s.atim, s.mtim, s.ctim];
}

function statOf(v: TraceValue): Filestat {
  const a = v as (bigint | number)[];
  const out: Record<string, bigint | number> = {};
  STAT_KEYS.forEach((k, i) => (out[k] = a[i]));
  return out as unknown as Filestat;
}

function bytesOf(v: TraceValue): Uint8Array {
  return v as Uint8Array;
}

/**
 * The backend's open files, by handle number (numbered in opening order, in both directions). A handle
 * object finds its live file here when it is used, not when it is made: after a debugger went back in
 * time (src/debug time travel, timeline.ts), a file opened again while replaying gets the number, and so the
 * live file, it had the first time — which is the one a run going on live must use.
 */
export class BridgeHandles {
  /** The next handle number. */
  next = 0;
  readonly live: (FileHandle | null)[] = [];
}

/**
 * A WasiHost whose every call goes through `port`. `base` is the live backend (recording), or, when
 * replaying, one whose only used parts are stdout/stderr. `shape` supplies args, env, preopens and the
 * constant properties.
 */
export function bridgeHost(shape: HostShape, base: WasiHost | null, port: Port, handles = new BridgeHandles()): WasiHost {
  const live = <T>(f: (h: WasiHost) => T): (() => T) => () => f(base!);

  const fileHandle = (h: number): FileHandle => {
    const real = () => handles.live[h]!;
    return {
      read(buf: Uint8Array, position: number): number {
        const got = bytesOf(port('file.read', [h, buf.length, position], () => {
          const n = real().read(buf, position);
          return buf.slice(0, n);
        }));
        buf.set(got);
        return got.length;
      },
      write: (buf, position) => port('file.write', [h, buf.length, checksum(buf), position], () => real().write(buf, position)) as number,
      stat: () => statOf(port('file.stat', [h], () => statValue(real().stat()))),
      truncate: (size) => void port('file.truncate', [h, size], () => real().truncate(size)),
      allocate: (size) => void port('file.allocate', [h, size], () => real().allocate(size)),
      sync: () => void port('file.sync', [h], () => real().sync()),
      setTimes: (atim: TimeSpec, mtim: TimeSpec) => void port('file.setTimes', [h, atim, mtim], () => real().setTimes(atim, mtim)),
      close: () => void port('file.close', [h], () => real().close()),
    };
  };

  const filesystem = (id: number, real: Filesystem | null): Filesystem => ({
    lstat: (path) => statOf(port('fs.lstat', [id, path], () => statValue(real!.lstat(path)))),
    readlink: (path) => port('fs.readlink', [id, path], () => real!.readlink(path)) as string,
    open(path: string, flags: OpenFlags): FileHandle {
      const f = [flags.read, flags.write, flags.create, flags.exclusive, flags.truncate];
      const h = handles.next;
      port('fs.open', [id, path, f], () => {
        handles.live[h] = real!.open(path, flags);
        return undefined;
      });
      // Handles are numbered in opening order, in both directions: the number is not in the trace.
      handles.next = h + 1;
      return fileHandle(h);
    },
    readdir: (path) => (port('fs.readdir', [id, path], () => real!.readdir(path).map((e) => [e.name, e.filetype, e.ino])) as [string, number, bigint][])
      .map(([name, filetype, ino]): DirEntry => ({ name, filetype, ino })),
    mkdir: (path) => void port('fs.mkdir', [id, path], () => real!.mkdir(path)),
    rmdir: (path) => void port('fs.rmdir', [id, path], () => real!.rmdir(path)),
    unlink: (path) => void port('fs.unlink', [id, path], () => real!.unlink(path)),
    rename: (from, to) => void port('fs.rename', [id, from, to], () => real!.rename(from, to)),
    link: (existing, created) => void port('fs.link', [id, existing, created], () => real!.link(existing, created)),
    symlink: (target, path) => void port('fs.symlink', [id, target, path], () => real!.symlink(target, path)),
    setTimes: (path, atim, mtim) => void port('fs.setTimes', [id, path, atim, mtim], () => real!.setTimes(path, atim, mtim)),
  });

  const fss: Filesystem[] = [];
  const preopens: Preopen[] = shape.preopens.map(([guestPath, hostPath, id], i) => {
    if (fss[id] === undefined) fss[id] = filesystem(id, base?.preopens?.[i]?.fs ?? null);
    return { guestPath, hostPath, fs: fss[id] };
  });

  const fill = (op: 'random' | 'insecureRandom') => (buf: Uint8Array): void => {
    buf.set(bytesOf(port(op, [buf.length], () => {
      base![op](buf);
      return buf.slice();
    })));
  };
  const output = (op: 'stdout.write' | 'stderr.write', which: 'stdout' | 'stderr', isTerminal: boolean): OutputStream => ({
    write: (bytes) => void port(op, [bytes.length, checksum(bytes)], () => base![which].write(bytes)),
    // Flushing changes nothing the guest can observe: not a traced call.
    flush: () => base?.[which].flush?.(),
    isTerminal,
  });
  const stdin: InputStream = {
    read: (max) => bytesOf(port('stdin.read', [max], live((h) => h.stdin.read(max).slice()))),
    isTerminal: shape.terminals[0],
  };

  return {
    args: shape.args.slice(),
    env: shape.env.map(([k, v]): [string, string] => [k, v]),
    preopens,
    stdin,
    stdout: output('stdout.write', 'stdout', shape.terminals[1]),
    stderr: output('stderr.write', 'stderr', shape.terminals[2]),
    clocks: {
      realtime: () => port('clocks.realtime', [], live((h) => h.clocks.realtime())) as bigint,
      monotonic: () => port('clocks.monotonic', [], live((h) => h.clocks.monotonic())) as bigint,
      cputime: () => port('clocks.cputime', [], live((h) => h.clocks.cputime())) as bigint,
      sleep: (ns) => void port('clocks.sleep', [ns], live((h) => h.clocks.sleep(ns))),
      realtimeResolution: shape.resolutions[0],
      monotonicResolution: shape.resolutions[1],
    },
    random: fill('random'),
    insecureRandom: fill('insecureRandom'),
  };
}
