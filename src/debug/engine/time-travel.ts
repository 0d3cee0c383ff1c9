// Time travel: reverse steps and reverse continue for a program running under the debugger, built from
// periodic snapshots of the store and deterministic re-execution (issue #16).
//
// CLOCK. The store meters fuel (1 per wasm instruction, charged per straight-line segment when control enters
// it: exec/fuel.ts), in quanta: running out suspends the call, and `run`'s pump adds a quantum after giving
// the event loop a turn (so a DAP `pause` reaches a busy guest). The instructions charged since the run
// began are the clock; a moment of the run is (clock, function, frame base, frame depth, code position) —
// unique, because coming back to a position in the same frame takes a branch or a call, which is charged.
//
// SNAPSHOTS. Before the first instruction (the store idle: the "genesis"), and at a fuel suspension once
// `interval` instructions have run since the last one (more for large memories: `spacing`): `snapshot(store)`
// of the debug store (purewasm/snapshot; a pause is a suspended call: src/snapshot/store.ts) with the host side's mark (HostHistory: the
// trace position, the WASI descriptor table; src/replay/timeline.ts). Bounded in count and bytes. A snapshot at clock t lies before every moment whose clock is
// greater than t (moments at t itself may be on either side of it), and the genesis before all.
//
// GOING BACK. A travel ends the paused call (its Promise rejects with TravelRestart, which `run` catches),
// then re-executes from snapshots with a BreakProbe that sees every BREAK in place of the debugger:
//   1. scan: restore the latest snapshot before now, patch the candidate stops (every instruction, the
//      statement rows, or the breakpoint locations) and the current position, run until the current moment
//      comes again, noting each candidate hit; if the decision needs more history, scan from an earlier one;
//   2. land: restore the latest snapshot before the chosen moment, patch its position, run until that very
//      moment and pause there as a stop of the debugger. The run goes on from there like any other: forward
//      steps, breakpoints, and — past the point the live run had reached — live host calls again.
// The host side answers from the recording meanwhile, so every re-execution computes exactly what the first
// one did: the state at a moment reached going back is the state forward execution had at that moment
// (test/debug/time-travel.test.ts compares full state digests through DAP).
import type { FuncInst } from '../../vm/runtime/func.js';
import { UNCATCHABLE } from '../../vm/errors.js';
import type { Store } from '../../vm/runtime/store.js';
import type { Debugger, ProbeStop, Stop } from './debugger.js';
import { restore, snapshot } from '../../snapshot/index.js';

/** The host side of a run that can go back: a mark between host calls, and rewinding to one. */
export interface HostHistory {
  mark(): unknown;
  rewind(mark: unknown): void;
}

export interface TimeTravelOptions {
  /** Wasm instructions between two snapshots (default 2,000,000); also the fuel quantum of the pump. */
  readonly interval?: number;
  /** Snapshots kept at most (default 64): beyond it every other one is dropped, the genesis always kept. */
  readonly maxSnapshots?: number;
  /** Bytes of snapshots kept at most (default 512 MiB), thinned out the same way. A snapshot holds the
   *  memories, so the larger they are, the further apart snapshots are taken: one per `interval` for
   *  every 4 MiB of snapshot. */
  readonly maxSnapshotBytes?: number;
  /** The host side (null: the program imports nothing a re-execution must answer). */
  readonly host?: HostHistory | null;
}

interface Snapshot {
  /** Clock at the snapshot; -1 for the genesis (before everything). */
  readonly time: number;
  readonly bytes: Uint8Array;
  readonly host: unknown;
}

interface Moment {
  readonly time: number;
  readonly fn: FuncInst;
  readonly fp: number;
  readonly depth: number;
  readonly pos: number;
}

/** The paused call is being ended to travel in time (`run` catches it). */
class TravelRestart extends Error {
  readonly [UNCATCHABLE] = true;
  constructor() {
    super('time travel');
  }
}

/** A scan reached the current moment again (thrown from the probe: ends the re-execution). */
class ScanDone extends Error {
  readonly [UNCATCHABLE] = true;
  constructor() {
    super('time travel scan done');
  }
}

/** What a reverse step or continue stops at, for the candidates a scan noted. */
type Decide = (hits: readonly Moment[], fromGenesis: boolean) => { target: Moment; stop: ProbeStop } | 'earlier' | null;

export class TimeTravel {
  private readonly dbg: Debugger;
  private readonly store: Store;
  private readonly host: HostHistory | null;
  private readonly interval: number;
  private readonly maxSnapshots: number;
  private readonly maxBytes: number;
  private snapshots: Snapshot[] = [];
  /** The clock from which the next snapshot is taken. */
  private nextSnapshot = 0;
  /** Clock bookkeeping: instructions charged before the fuel was last set, and what it was set to. */
  private charged = 0;
  private lastSet = 0;
  private begin: (() => Promise<unknown>) | null = null;
  private pending: (() => Promise<unknown>) | null = null;
  /** The JS objects the store refers to (externrefs of a JS host), listed once for every snapshot: they are
   *  restored in this process, so by identity (`purewasm/snapshot`'s `hostValues`). */
  private readonly hostValues: unknown[] = [];

  constructor(dbg: Debugger, options: TimeTravelOptions = {}) {
    const store = dbg.store;
    if (!store.instrumented || store.outOfFuel !== 'suspend') throw new Error('time travel: the store must meter fuel and suspend when it runs out ({ fuel, outOfFuel: "suspend" })');
    this.dbg = dbg;
    this.store = store;
    this.host = options.host ?? null;
    this.interval = Math.max(1000, options.interval ?? 2_000_000);
    this.maxSnapshots = Math.max(2, options.maxSnapshots ?? 64);
    this.maxBytes = options.maxSnapshotBytes ?? 512 * 1024 * 1024;
    dbg.clock = () => this.now();
    // Re-execution must meet the stops of the run it replays at the same code positions: functions translated
    // from now on stop at every instruction (no fused code that later turns exact, src/vm/exec/debug.ts).
    store.debug!.barrier = () => true;
    dbg.reverse = {
      stepBack: (granularity, over) => {
        const d = granularity === 'instruction' ? this.instructionStep(over) : this.lineStep(over);
        if (d !== null) this.travel(d);
      },
      reverseContinue: () => this.travel(this.breakpointHit()),
    };
  }

  /** Wasm instructions executed since the run began (the clock). */
  now(): number {
    return this.charged + (this.lastSet - this.store.fuel);
  }

  /** Snapshots held (the genesis included). */
  get snapshotCount(): number {
    return this.snapshots.length;
  }

  private setFuel(n: number): void {
    this.charged = this.now();
    this.store.fuel = n;
    this.lastSet = n;
  }

  /**
   * Runs the program: `begin` calls its entry with callAsync (in the debugger's store, idle now). Resolves
   * or rejects as the program does, whatever trips back in time happen meanwhile.
   */
  async run<T>(begin: () => Promise<T>): Promise<T> {
    if (this.begin !== null) throw new Error('time travel: the program is running already');
    this.begin = begin;
    this.snapshots = [{ time: -1, bytes: snapshot(this.store, { hostValues: this.hostValues }), host: this.host?.mark() }];
    this.nextSnapshot = this.spacing(this.snapshots[0]);
    this.charged = 0;
    this.lastSet = this.store.fuel;
    this.setFuel(this.interval);
    let running = true;
    const pump = () => {
      if (!running) return;
      if (this.store.fuelAdded !== null) {
        // suspended for fuel: between instructions and host calls, a place for a snapshot
        if (this.now() >= this.nextSnapshot) this.takeSnapshot();
        this.setFuel(this.interval);
      }
      later(pump);
    };
    later(pump);
    try {
      let leg: Promise<unknown> = begin();
      for (;;) {
        try {
          return (await leg) as T;
        } catch (e) {
          if (!(e instanceof TravelRestart)) throw e;
          const next = this.pending!;
          this.pending = null;
          leg = next();
        }
      }
    } finally {
      running = false;
      this.begin = null;
    }
  }

  private takeSnapshot(): void {
    const snap = { time: this.now(), bytes: snapshot(this.store, { hostValues: this.hostValues }), host: this.host?.mark() };
    this.snapshots.push(snap);
    this.nextSnapshot = snap.time + this.spacing(snap);
    const bytes = () => this.snapshots.reduce((n, s) => n + s.bytes.length, 0);
    while (this.snapshots.length > 2 && (this.snapshots.length > this.maxSnapshots || bytes() > this.maxBytes)) {
      // thin out the past: keep the genesis, every other one, and the latest
      const last = this.snapshots.length - 1;
      this.snapshots = this.snapshots.filter((_, i) => i === 0 || i === last || i % 2 === 0);
    }
  }

  /** Instructions until the snapshot after `s`: the interval per 4 MiB of snapshot (a suspension comes a
   *  little before a whole quantum has run, the remainder not paying a segment: half an interval's slack). */
  private spacing(s: Snapshot): number {
    return this.interval * Math.max(1, s.bytes.length / (4 * 1024 * 1024)) - this.interval / 2;
  }

  /** The latest snapshot strictly before `time` (the genesis at least). Snapshots are found by time, not
   *  index: the pump may take one and thin the list out while a travel waits for a re-execution. */
  private latestBefore(time: number): Snapshot {
    let i = this.snapshots.length - 1;
    while (i > 0 && this.snapshots[i].time >= time) i--;
    return this.snapshots[i];
  }

  /** Restores a snapshot into the store and the host, and continues from it (the patches are in place). */
  private restart(snap: Snapshot): Promise<unknown> {
    const calls = restore(this.store, snap.bytes, { hostValues: this.hostValues });
    if (snap.host !== undefined) this.host?.rewind(snap.host);
    this.charged = Math.max(0, snap.time);
    this.lastSet = this.store.fuel;
    this.setFuel(this.interval);
    if (snap.time < 0) return this.begin!();
    if (calls.length !== 1) throw new Error(`time travel: a snapshot holds ${calls.length} suspended calls, not one`);
    return calls[0].resume();
  }

  /** Ends the paused call and, once it is gone, goes where `decide` says (run's loop calls `pending`). */
  private travel(decide: Decide): void {
    const stop = this.dbg.stopped!;
    this.pending = () => this.goBack(stop, decide);
    this.dbg.abort(new TravelRestart());
  }

  /** The moment of a stop, its position looked up again from its instruction's address: patching the
   *  candidates may have changed where the instruction's code is (a debugger that retranslates code to stop
   *  at any instruction), and a moment names an instruction, not a place in one translation. */
  private momentOf(stop: Stop): Moment {
    const f = stop.frame;
    return { time: stop.time, fn: f.fn, fp: f.fp, depth: f.depth, pos: f.map.positionOf(f.fn, f.address) ?? f.pos };
  }

  private async goBack(stop: Stop, decide: Decide): Promise<unknown> {
    for (let snap = this.latestBefore(stop.time); ; snap = this.latestBefore(snap.time)) {
      const hits = await this.scan(snap, stop);
      const d = decide(hits, snap.time < 0);
      if (d === 'earlier' && snap.time >= 0) continue;
      if (d === null || d === 'earlier') {
        // nothing before this stop: stay here
        return this.land(this.momentOf(stop), { reason: 'step', address: stop.frame.address, breakpoints: [] });
      }
      return this.land(d.target, d.stop);
    }
  }

  /** Re-executes from a snapshot to the stop with the candidates patched, noting every BREAK hit on the way. */
  private async scan(snap: Snapshot, stop: Stop): Promise<Moment[]> {
    const hits: Moment[] = [];
    this.candidates();
    const now = this.momentOf(stop);
    this.dbg.addTemp(now.fn, now.pos, stop.frame.map.addressAt(now.fn, now.pos));
    this.dbg.probe = (fn, fp, pos, depth) => {
      const time = this.now();
      if (time === now.time && fn === now.fn && fp === now.fp && depth === now.depth && pos === now.pos) throw new ScanDone();
      if (time > now.time) throw new ScanDone(); // passed it (only if the run is not deterministic)
      hits.push({ time, fn, fp, depth, pos });
      return null;
    };
    try {
      await this.restart(snap);
      throw new Error('time travel: the re-execution ended before it came back to the current stop');
    } catch (e) {
      if (!(e instanceof ScanDone)) throw e;
    } finally {
      this.dbg.probe = null;
      this.dbg.clearTemp();
    }
    return hits;
  }

  /** The candidate patches of the travel in progress (set by the Decide builders). */
  private candidates: () => void = () => {};

  /** Re-executes to `target` and pauses there; resolves as the rest of the program does. */
  private land(target: Moment, stop: ProbeStop): Promise<unknown> {
    if (target === START) {
      this.dbg.patchEverything(true);
      this.dbg.probe = (fn, _fp, pos) => {
        this.dbg.probe = null;
        return { ...stop, address: this.dbg.mapOf(fn)!.addressAt(fn, pos) };
      };
      return this.restart(this.snapshots[0]);
    }
    const map = this.dbg.mapOf(target.fn)!;
    this.dbg.addTemp(target.fn, target.pos, map.addressAt(target.fn, target.pos));
    this.dbg.probe = (fn, fp, pos, depth) => {
      const time = this.now();
      if (time === target.time && fn === target.fn && fp === target.fp && depth === target.depth && pos === target.pos) {
        this.dbg.probe = null;
        return stop;
      }
      if (time > target.time) {
        this.dbg.probe = null;
        throw new Error('time travel: the re-execution did not come to the stop it went back to');
      }
      return null;
    };
    return this.restart(this.latestBefore(target.time));
  }

  // ---- what each kind of travel stops at

  /** Previous instruction (over: not inside calls made since); null when the stop just moved. */
  private instructionStep(over: boolean): Decide | null {
    const now = this.dbg.stopped!;
    const f = now.frame;
    // an earlier instruction at the paused position (one that emits no code of its own): nothing runs
    const before = f.map.addressesAt(f.fn, f.pos).filter((a) => a < f.address);
    if (before.length > 0) {
      this.dbg.moveStop({ ...now, reason: 'step', frame: { ...f, address: before[before.length - 1] }, breakpoints: [] });
      return null;
    }
    // (what re-executes up to now only runs code that ran before: translated already)
    this.candidates = () => this.dbg.patchEverything(true);
    return (hits) => {
      for (let k = hits.length - 1; k >= 0; k--) {
        const h = hits[k];
        if (over && h.depth > f.depth) continue;
        const map = this.dbg.mapOf(h.fn)!;
        const all = map.addressesAt(h.fn, h.pos);
        return { target: h, stop: { reason: 'step', address: all[all.length - 1], breakpoints: [] } };
      }
      return 'earlier';
    };
  }

  /** The start of the previous source line executed (over: not inside calls made since). */
  private lineStep(over: boolean): Decide {
    const now = this.dbg.stopped!;
    const f = now.frame;
    const lineOf = (fn: FuncInst, pos: number): { line: number; address: number } | undefined => {
      const map = this.dbg.mapOf(fn);
      const addr = map?.statements(fn).get(pos);
      if (map === undefined || addr === undefined || map.source === null) return undefined;
      const pe = map.source.prologueEnd(addr);
      if (pe !== undefined && addr < pe) return undefined; // prologue rows: forward steps skip them too
      const line = map.source.locationAt(addr)?.line ?? 0;
      return line === 0 ? undefined : { line, address: addr };
    };
    const nowLine = f.map.source?.locationAt(f.address)?.line ?? 0;
    this.candidates = () => {
      for (const map of this.dbg.modules()) {
        if (map.source === null) continue;
        for (const fn of map.definedFuncs()) {
          if (fn.code !== null) for (const [pos, addr] of map.statements(fn)) this.dbg.addTemp(fn, pos, addr);
        }
      }
    };
    return (hits, fromGenesis) => {
      const rows = hits.filter((h) => !over || h.depth <= f.depth)
        .map((h) => ({ h, l: lineOf(h.fn, h.pos) }))
        .filter((x): x is { h: Moment; l: { line: number; address: number } } => x.l !== undefined);
      const same = (a: { h: Moment; l: { line: number } }, fn: FuncInst, fp: number, depth: number, line: number) =>
        a.h.fn === fn && a.h.fp === fp && a.h.depth === depth && a.l.line === line;
      let k = rows.length - 1;
      while (k >= 0 && same(rows[k], f.fn, f.fp, f.depth, nowLine)) k--;
      if (k < 0) return fromGenesis ? null : 'earlier';
      const t = rows[k];
      while (k > 0 && same(rows[k - 1], t.h.fn, t.h.fp, t.h.depth, t.l.line)) k--;
      if (k === 0 && !fromGenesis) return 'earlier'; // the line may have started before this window
      return { target: rows[k].h, stop: { reason: 'step', address: rows[k].l.address, breakpoints: [] } };
    };
  }

  /** The last breakpoint hit before now, else the program's first instruction. */
  private breakpointHit(): Decide {
    const locations = this.dbg.breakpoints().flatMap((bp) => bp.locations.map((l) => ({ bp, l })));
    this.candidates = () => {
      for (const { l } of locations) this.dbg.addTemp(l.fn, l.pos, l.address);
    };
    return (hits, fromGenesis) => {
      for (let k = hits.length - 1; k >= 0; k--) {
        const h = hits[k];
        const at = locations.filter(({ l }) => l.fn === h.fn && l.pos === h.pos);
        if (at.length === 0) continue;
        return { target: h, stop: { reason: 'breakpoint', address: at[0].l.address, breakpoints: [...new Set(at.map(({ bp }) => bp.id))] } };
      }
      if (!fromGenesis) return 'earlier';
      return this.firstInstruction();
    };
  }

  /** The program's first instruction, where a reverse continue that meets no breakpoint ends. */
  private firstInstruction(): ReturnType<Decide> {
    return { target: START, stop: { reason: 'entry', address: -1, breakpoints: [] } };
  }
}

/** Calls f after a turn of the event loop (the engine's setTimeout: the pump must let requests in). */
function later(f: () => void): void {
  const g = globalThis as { setTimeout?: (f: () => void, ms: number) => unknown };
  if (g.setTimeout === undefined) throw new Error('time travel: this JS engine has no setTimeout to run the fuel pump with');
  g.setTimeout(f, 1);
}

/** The moment of the program's first instruction (land: the first BREAK of a run with every instruction
 *  patched, from the genesis). */
const START: Moment = { time: -1, fn: null as unknown as FuncInst, fp: 0, depth: 0, pos: -1 };
