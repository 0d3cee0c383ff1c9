// The host side of a run that a debugger can take back in time (src/debug/engine/time-travel.ts): a WASI
// command (core module) whose every input is recorded as it runs live, and answered from that recording
// when the debugger restores an earlier snapshot of the store and re-executes forward. Re-execution is then
// deterministic (docs/ARCHITECTURE.md, "Record and replay"): the guest gets the same answers, in the same
// order, and nothing of the host is touched twice — no file is read or written again, no output printed
// again. When re-execution reaches the frontier (the point where the live run had got to), calls go live
// again and are recorded, so the run continues exactly where the live one was.
//
// The same class replays a finished trace (`purewasm replay --debug`): then there is no live side, every
// answer comes from the trace, and each output is written once, the first time the run gets there.
//
// What is restored with a mark besides the store snapshot (which the debugger takes): the trace position
// and host-call count (Replayer.seek), the WASI layer's descriptor table (WasiP1.saveState: offsets, flags,
// listings) and the backend's file-handle counter (BridgeHandles), so files are opened again under the
// numbers the recording has.
import { Module, type Imports, type Store } from '../index.js';
import type { OutputStream, WasiHost, WasiP1, WasiP1State } from '../wasi/index.js';
import { Recorder } from './recorder.js';
import { Replayer } from './replayer.js';
import { shapeFromMeta, wasiMeta } from './session.js';
import { sha256 } from './sha256.js';
import { PROGRAM_KIND, ReplayDivergence } from './trace.js';
import { BridgeHandles, OUTPUT_OPS, bridgeHost, shapeOf, type Port } from './wasi-bridge.js';

/** A restart point of the host side, taken between host calls. */
export interface TimelineMark {
  readonly position: number;
  readonly calls: number;
  readonly handles: number;
  readonly wasi: WasiP1State | undefined;
}

type AnyFn = (...args: unknown[]) => unknown;
const isWasi = (name: string) => name === 'wasi_snapshot_preview1';

export class Timeline {
  /** The WASI host to build the guest's WasiP1 on. */
  readonly host: WasiHost;
  private readonly recorder: Recorder | null;
  private replayer: Replayer | null;
  /** Where the replayer's trace ends (the live run's frontier when it was made); Infinity: a finished trace. */
  private frontier: number;
  private replaying: boolean;
  /** Outputs at trace positions below this were written already. */
  private printedUpTo = 0;
  private readonly handles = new BridgeHandles();
  private wasi: WasiP1 | null = null;
  private wiring: { module: Module; provided: Imports; store: Store; recorded: Imports; replayed: Imports | null } | null = null;

  private constructor(recorder: Recorder | null, replayer: Replayer | null, makeHost: (port: Port, handles: BridgeHandles) => WasiHost) {
    this.recorder = recorder;
    this.replayer = replayer;
    this.frontier = replayer === null ? 0 : Infinity;
    this.replaying = replayer !== null;
    this.host = makeHost(this.port, this.handles);
  }

  /** A live run of `program` on `host`, recorded as it goes. */
  static recording(program: Uint8Array, host: WasiHost, name: string): Timeline {
    const recorder = new Recorder({ kind: PROGRAM_KIND.MODULE, sha256: sha256(program), meta: { ...wasiMeta(host), name } });
    return new Timeline(recorder, null, (port, handles) => bridgeHost(shapeOf(host), host, port, handles));
  }

  /** A recorded run (a trace of `purewasm record`), answered from the trace alone; outputs go to `outputs`. */
  static replaying(trace: Uint8Array, outputs: { stdout: OutputStream; stderr: OutputStream }): Timeline {
    const replayer = new Replayer(trace);
    const base = { stdout: outputs.stdout, stderr: outputs.stderr } as WasiHost;
    return new Timeline(null, replayer, (port, handles) => bridgeHost(shapeFromMeta(replayer.header.meta), base, port, handles));
  }

  /** The trace's header (replaying) or the one being recorded. */
  get replayHeader(): Replayer['header'] | undefined {
    return this.replayer?.header;
  }

  /** The first divergence from the trace a re-execution met (the guest or the host changed since). */
  get diverged(): Error | undefined {
    return this.replayer?.diverged;
  }

  /**
   * After a replaying run's program ended with `exitCode` (undefined: a trap): checks that every recorded
   * event was replayed and the exit status is the recorded one; throws the ReplayDivergence otherwise. A
   * live timeline has nothing to check.
   */
  finish(exitCode: number | undefined): void {
    const r = this.replayer;
    if (this.recorder !== null || r === null) return;
    const describe = (code: number | undefined) => (code === undefined ? 'a trap' : `exit ${code}`);
    r.finishEvents(describe(exitCode));
    if (r.end.exit !== exitCode) {
      throw new ReplayDivergence(`replay diverged at the end (after host call #${r.calls - 1}): expected ${describe(r.end.exit)}, got ${describe(exitCode)}`, r.calls, undefined);
    }
  }

  /** The import object for `module` from `provided` (WASI's): each function import recorded live, or
   *  answered from the recording while re-executing; WASI runs for real over `host` either way. */
  imports(module: Module, provided: Imports, store: Store): Imports {
    const recorded = this.recorder === null ? provided : this.recorder.wrapImports(module, provided, isWasi, store);
    this.wiring = { module, provided, store, recorded, replayed: null };
    const out: Record<string, Record<string, unknown>> = {};
    for (const d of Module.imports(module)) {
      const ns = (out[d.module] ??= {});
      const given = recorded[d.module]?.[d.name];
      ns[d.name] = d.kind !== 'function' ? given : (...args: unknown[]) => (this.current()[d.module][d.name] as AnyFn)(...args);
    }
    return out as Imports;
  }

  /** The WasiP1 built on `host`: its descriptor table is part of every mark. */
  bindWasi(wasi: WasiP1): void {
    this.wasi = wasi;
  }

  /** The host side now (between host calls). */
  mark(): TimelineMark {
    const live = !this.replaying;
    return {
      position: live ? this.recorder!.size : this.replayer!.position,
      calls: live ? this.recorder!.calls : this.replayer!.calls,
      handles: this.handles.next,
      wasi: this.wasi?.saveState(),
    };
  }

  /** Back to a mark: the calls from there on are answered from the recording until the frontier. */
  rewind(mark: TimelineMark): void {
    const rec = this.recorder;
    if (rec !== null && (this.replayer === null || this.frontier !== rec.size)) {
      this.replayer = new Replayer(rec.soFar());
      this.frontier = rec.size;
      if (this.wiring !== null) this.wiring.replayed = null;
    }
    this.replayer!.seek(mark.position, mark.calls);
    this.replaying = true;
    this.handles.next = mark.handles;
    if (mark.wasi !== undefined) this.wasi?.restoreState(mark.wasi);
  }

  /** The wrapped imports to answer the next host call with (switching to live at the frontier). */
  private current(): Imports {
    const w = this.wiring!;
    if (this.replaying && this.replayer!.position >= this.frontier) this.replaying = false;
    if (!this.replaying) return w.recorded;
    w.replayed ??= this.replayer!.imports(w.module, w.provided, isWasi, w.store);
    return w.replayed;
  }

  private readonly port: Port = (op, args, live) => {
    if (!this.replaying) {
      const v = this.recorder!.port(op, args, live);
      if (OUTPUT_OPS.has(op)) this.printedUpTo = this.recorder!.size;
      return v;
    }
    const at = this.replayer!.position;
    return this.replayer!.port(op, args, () => {
      if (at < this.printedUpTo) return;
      this.printedUpTo = at + 1;
      live();
    });
  };
}
