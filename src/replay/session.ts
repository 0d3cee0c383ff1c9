// Record and replay of a whole WASI program (a core module's `_start` or a component's `wasi:cli/run`):
// what `purewasm record` / `purewasm replay` run, and the simplest way to use record/replay from a test.
//
//     const { trace, exitCode } = record(bytes, { host });          // host: any WasiHost (nodeWasiHost …)
//     const again = replay(trace, bytes, { stdout, stderr });       // no host: everything from the trace
//
// A run's outcome is its exit status or its trap, and the SHA-256 of the store's memories at the end;
// replay compares both with the trace's END event.
import { Component, Instance, Linker, Module, Store, Trap, type Imports, type InstructionPacks } from '../index.js';
import type { ComponentAsync } from '../async/index.js';
import type { ComponentMemory64 } from '../component-memory64/index.js';

/**
 * The packs a program is compiled with: the instruction packs, and for a component component-model async
 * (`purewasm/async`) and the 64-bit canonical ABI (`purewasm/component-memory64`).
 */
export type ProgramPacks = InstructionPacks & { readonly componentAsync?: ComponentAsync; readonly componentMemory64?: ComponentMemory64 };
import { WasiP1, WasiP3, addWasiToLinker, type OutputStream, type WasiHost } from '../wasi/index.js';
import { Recorder } from './recorder.js';
import { Replayer } from './replayer.js';
import { Sha256, hex, sha256 } from './sha256.js';
import { PROGRAM_KIND, ReplayDivergence, type TraceEnd } from './trace.js';
import { TraceFormatError, type TraceValue } from './trace-codec.js';
import { bridgeHost, shapeOf, type HostShape } from './wasi-bridge.js';
import { storeMemories } from './writes.js';

/** Fuel of a store that is metered only so that an interruption's position can be recorded. */
const UNMETERED = Number.MAX_SAFE_INTEGER;

export interface RecordOptions {
  /** The live WASI backend (nodeWasiHost, portableWasiHost, or your own). */
  host: WasiHost;
  /** Trap 'all fuel consumed' after this many wasm instructions (as `purewasm run --fuel`). */
  fuel?: number;
  /** Trap 'interrupted' after this many seconds (as `purewasm run --timeout`); the point is recorded. */
  timeout?: number;
  /** Core host imports besides WASI (modules only): recorded, and answered from the trace on replay. */
  imports?: Imports;
  /** Adds host definitions besides WASI to the linker (components only); recorded like `imports`. */
  define?: (linker: Linker) => void;
  /** The program's name, kept in the trace for `purewasm replay FILE` without PROGRAM. */
  name?: string;
  /** The packs the program needs (`{ simd, gc, threads, legacyExceptions, wideArithmetic }`: `purewasm/simd`, `purewasm/gc`, `purewasm/threads`, `purewasm/legacy-exceptions`, `purewasm/wide-arithmetic`, as for `new Module`; a component also `componentAsync`: `purewasm/async`, and `componentMemory64`: `purewasm/component-memory64`). */
  packs?: ProgramPacks;
}

export interface ReplayOptions {
  /** Where the guest's stdout/stderr go (default: discarded). Every write is checked against the trace. */
  stdout?: OutputStream;
  stderr?: OutputStream;
  /** Non-function imports the module needs besides WASI (functions are answered from the trace). */
  imports?: Imports;
  /** The same extra linker definitions as when recording (components); they are not called. */
  define?: (linker: Linker) => void;
  /** The instruction packs the program needs, as when recording. */
  packs?: ProgramPacks;
}

export interface RunOutcome {
  /** The exit status (proc_exit / wasi:cli/exit, 0 when the program returns); undefined after a trap. */
  exitCode: number | undefined;
  /** The trap that ended the run, if one did. */
  trap: Trap | undefined;
  /** SHA-256 of every memory of the store at the end, in instantiation order. */
  memoryHash: Uint8Array;
}

export interface Recording extends RunOutcome {
  trace: Uint8Array;
}

/** Bytes 6–7 of the header: 0 for a core module, non-zero for a component. */
export function isComponentBinary(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && bytes[0] === 0 && bytes[1] === 0x61 && bytes[2] === 0x73 && bytes[3] === 0x6d && (bytes[6] !== 0 || bytes[7] !== 0);
}

const isWasi = (name: string) => name === 'wasi_snapshot_preview1' || name.startsWith('wasi:');

type Ran = { exitCode: number | undefined; trap: Trap | undefined };

/**
 * Runs the command in `store`; WasiExit becomes the exit status, a trap is returned, anything else thrown.
 * `async`: a component runs under callAsync (a Promise) — a WASI 0.3 command always needs it.
 */
function runProgram(bytes: Uint8Array, host: WasiHost, store: Store, extra: Imports | undefined,
  wrapImports: (m: Module, i: Imports) => Imports, prepareLinker: (l: Linker) => void, async: boolean,
  packs: ProgramPacks = {}): Ran | Promise<Ran> {
  const trapped = (e: unknown): Ran => {
    if (e instanceof Trap) return { exitCode: undefined, trap: e };
    throw e;
  };
  try {
    if (isComponentBinary(bytes)) {
      const component = new Component(bytes, packs);
      const linker = new Linker();
      const wasi = addWasiToLinker(linker, host);
      const wasi3 = new WasiP3(host).addToLinker(linker);
      prepareLinker(linker);
      const instance = linker.instantiate(component, { store });
      const p3 = WasiP3.isCommand(instance);
      if (!async) {
        if (p3) throw new Error('a WASI 0.3 command is recorded and replayed asynchronously only (recordAsync / replayAsync)');
        return { exitCode: wasi.run(instance), trap: undefined };
      }
      return (p3 ? wasi3.runAsync(instance) : wasi.runAsync(instance)).then((exitCode): Ran => ({ exitCode, trap: undefined }), trapped);
    }
    const module = new Module(bytes, { simd: packs.simd, gc: packs.gc, threads: packs.threads, legacyExceptions: packs.legacyExceptions, wideArithmetic: packs.wideArithmetic });
    const wasi = new WasiP1(host);
    const imports = wrapImports(module, { ...extra, ...wasi.imports } as Imports);
    const instance = new Instance(module, imports, { store });
    return { exitCode: wasi.start(instance), trap: undefined };
  } catch (e) {
    return trapped(e);
  }
}

/** Runs a WASI program on `options.host` and records everything it received from outside. */
export function record(program: Uint8Array, options: RecordOptions): Recording {
  return recordWith(program, options, false) as Recording;
}

/** `record` for programs that wait for the host (WASI 0.3 commands, 0.2 ones using sockets or HTTP): under callAsync. */
export async function recordAsync(program: Uint8Array, options: RecordOptions): Promise<Recording> {
  return recordWith(program, options, true);
}

function recordWith(program: Uint8Array, options: RecordOptions, async: boolean): Recording | Promise<Recording> {
  const metered = options.fuel !== undefined || options.timeout !== undefined;
  const fuel = options.fuel ?? UNMETERED;
  const meta: { [key: string]: TraceValue } = { ...wasiMeta(options.host), name: options.name ?? options.host.args[0] ?? '' };
  if (metered) meta.fuel = fuel;
  const recorder = new Recorder({ kind: isComponentBinary(program) ? PROGRAM_KIND.COMPONENT : PROGRAM_KIND.MODULE, sha256: sha256(program), meta });
  // A timeout is recorded as the fuel consumed when it struck, so the store is metered (not only interruptible).
  const store = new Store(metered ? { fuel } : {});
  if (options.timeout !== undefined) store.setDeadline(options.timeout);
  const host = recordingHost(recorder, options.host);
  const ran = runProgram(program, host, store, options.imports,
    (m, i) => recorder.wrapImports(m, i, isWasi, store),
    (l) => {
      options.define?.(l);
      recorder.wrapLinker(l, isWasi, store);
    }, async, options.packs);
  const finish = (out: Ran): Recording => {
    const end: Omit<TraceEnd, 'calls'> = { memory: memoryHash(store), exit: out.exitCode, trap: out.trap?.reason };
    if (out.trap?.reason === 'interrupted') end.interruptedAt = fuel - store.fuel;
    return { ...out, memoryHash: end.memory, trace: recorder.finish(end) };
  };
  return ran instanceof Promise ? ran.then(finish) : finish(ran);
}

/**
 * Runs the program again from `trace` alone: no clock, file, random source or stdin of the host is used.
 * Throws ReplayDivergence ("replay diverged …") at the first difference from the recorded run.
 */
export function replay(trace: Uint8Array, program: Uint8Array, options: ReplayOptions = {}): RunOutcome {
  return replayWith(trace, program, options, false) as RunOutcome;
}

/** `replay` of a trace made by `recordAsync` (the program runs under callAsync again). */
export async function replayAsync(trace: Uint8Array, program: Uint8Array, options: ReplayOptions = {}): Promise<RunOutcome> {
  return replayWith(trace, program, options, true);
}

function replayWith(trace: Uint8Array, program: Uint8Array, options: ReplayOptions, async: boolean): RunOutcome | Promise<RunOutcome> {
  const replayer = new Replayer(trace);
  const { header, end } = replayer;
  const fuel = typeof header.meta.fuel === 'number' ? header.meta.fuel : undefined;
  // An interruption happened at a fuel position: stopping there is running out of exactly that fuel.
  const store = new Store(fuel !== undefined ? { fuel: end.interruptedAt ?? fuel } : {});
  const host = replayingHost(replayer, options);
  // A divergence that a layer in between caught may have turned into another failure: report the cause.
  const cause = (e: unknown): never => {
    throw replayer.diverged ?? e;
  };
  let ran: Ran | Promise<Ran>;
  try {
    ran = runProgram(program, host, store, options.imports,
      (m, i) => replayer.imports(m, { ...options.imports, ...i } as Imports, isWasi, store),
      (l) => {
        options.define?.(l);
        replayer.wrapLinker(l, isWasi, store);
      }, async, options.packs);
  } catch (e) {
    cause(e);
  }
  const finish = (ran: Ran): RunOutcome => {
    let out = ran;
    if (out.trap !== undefined && end.interruptedAt !== undefined && out.trap.reason === 'all fuel consumed') {
      out = { exitCode: undefined, trap: new Trap('interrupted', out.trap.wasmStack) };
    }
    const describe = (x: { exitCode?: number; exit?: number; trap?: string | Trap }) =>
      x.trap !== undefined ? `a trap (${typeof x.trap === 'string' ? x.trap : x.trap.reason})` : `exit ${x.exitCode ?? x.exit}`;
    replayer.finishEvents(describe(out));
    const hash = memoryHash(store);
    const atEnd = (what: string) => {
      throw new ReplayDivergence(`replay diverged at the end (after host call #${replayer.calls - 1}): ${what}`, replayer.calls, undefined);
    };
    if (out.exitCode !== end.exit || out.trap?.reason !== end.trap) atEnd(`expected ${describe(end)}, got ${describe(out)}`);
    if (hex(hash) !== hex(end.memory)) atEnd(`expected final memory SHA-256 ${hex(end.memory)}, got ${hex(hash)}`);
    const programHash = sha256(program);
    if (hex(programHash) !== hex(header.sha256)) atEnd(`expected the program with SHA-256 ${hex(header.sha256)}, got one with ${hex(programHash)} (it behaved the same)`);
    return { ...out, memoryHash: hash };
  };
  return ran! instanceof Promise ? ran.then(finish, cause) : finish(ran!);
}

/** The header entries that describe a WASI host (args, env, preopens, terminals, clock resolutions). */
export function wasiMeta(host: WasiHost): { [key: string]: TraceValue } {
  const s = shapeOf(host);
  return { args: s.args, env: s.env, preopens: s.preopens, terminals: s.terminals, resolutions: s.resolutions };
}

/** The host shape a trace's header describes (throws TraceFormatError when it was not recorded with WASI). */
export function shapeFromMeta(meta: { [key: string]: TraceValue }): HostShape {
  if (!Array.isArray(meta.args) || !Array.isArray(meta.env) || !Array.isArray(meta.preopens)) throw new TraceFormatError('the trace was not recorded with a WASI host (no args/env/preopens in its header)');
  return {
    args: meta.args as string[],
    env: meta.env as [string, string][],
    preopens: meta.preopens as [string, string, number][],
    terminals: meta.terminals as [boolean, boolean, boolean],
    resolutions: meta.resolutions as [bigint, bigint],
  };
}

/** The live `host`, recorded by `recorder` (whose header carries `wasiMeta(host)`): give it to WasiP1/addWasiToLinker. */
export function recordingHost(recorder: Recorder, host: WasiHost): WasiHost {
  return bridgeHost(shapeOf(host), host, recorder.port);
}

/** A WASI host answering from the trace (nothing of the machine is used); outputs go to `stdout`/`stderr`. */
export function replayingHost(replayer: Replayer, outputs: { stdout?: OutputStream; stderr?: OutputStream } = {}): WasiHost {
  const sink: OutputStream = { write: () => {} };
  const base = { stdout: outputs.stdout ?? sink, stderr: outputs.stderr ?? sink } as WasiHost;
  return bridgeHost(shapeFromMeta(replayer.header.meta), base, replayer.port);
}

/** SHA-256 of every memory of `store`, in instantiation order (what the trace's END event holds). */
export function memoryHash(store: Store): Uint8Array {
  const h = new Sha256();
  for (const m of storeMemories(store)) h.update(m);
  return h.digest();
}
