// Loading a program for `purewasm debug` (REPL and DAP alike): a debug store, the module or component
// instantiated in it with WASI (the flags of `purewasm run`), a Debugger attached, and the call that runs it
// (`_start` / `wasi:cli/run`, or one export with --invoke) made under callAsync so it can pause.
//
// A core module runs under time travel (src/debug/engine/time-travel.ts): its WASI calls go through a
// Timeline (src/replay/timeline.ts) that records them live and answers them from the recording when the
// debugger goes back and re-executes; with `trace` (`purewasm replay --debug`) every answer comes from a
// recorded trace and nothing of this machine is used. Components run forward only (their WASI state is
// host resources, which snapshots refuse).
import { readFileSync } from 'node:fs';
import { Component, Instance, Linker, Module, Store, callAsync, type Func } from '../index.js';
import { WasiExit, WasiP1, addWasiToLinker, callbackOutput, type WasiHost } from '../wasi/index.js';
import { nodeWasiHost, fdInput } from '../wasi/node/index.js';
import { Debugger, TimeTravel, debug, loadSourceInfo } from '../debug/index.js';
import { Timeline } from '../replay/index.js';

type FuncInst = Parameters<Debugger['stopAtEntry']>[0];
import { WaveError, formatWave, parseWaveArgs, splitCall } from './wave.js';
import { parseInvoke } from './invoke-values.js';
import { COMPONENT_PACKS, PACKS } from './packs.js';

export interface LaunchOptions {
  readonly program: string;
  /** The guest's arguments (argv[1..]); with `invoke` on a core module, the export's arguments. */
  readonly args: readonly string[];
  /** The guest's argv[0] (default: `program`). */
  readonly argv0?: string;
  readonly env: readonly (readonly [string, string])[];
  /** [guest path, host directory]. */
  readonly preopens: readonly (readonly [string, string])[];
  /** An export to call instead of the command's entry: `NAME` or `NAME(A, B)` (WAVE, as `run --invoke`). */
  readonly invoke?: string;
  /** Where the guest's stdout/stderr go. */
  readonly stdout: (bytes: Uint8Array) => void;
  readonly stderr: (bytes: Uint8Array) => void;
  /** A trace of `purewasm record`: the program runs from it (args, env, preopens and every answer). */
  readonly trace?: Uint8Array;
  /** Wasm instructions between two time-travel snapshots (default 2,000,000). */
  readonly snapshotInterval?: number;
}

/** What a front-end drives. */
export interface Launched {
  readonly debugger: Debugger;
  /** The function the run starts in (for stop-on-entry); undefined for a component's lifted call. */
  readonly entry: FuncInst | undefined;
  /** For a component: the instance and export running, shown as the outermost frame. */
  readonly boundary: string | undefined;
  /** Runs the program under the debugger; resolves with its exit code and the export's results as text. */
  start(): Promise<{ exitCode: number; result: string | undefined }>;
}

function isComponent(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && bytes[0] === 0 && bytes[1] === 0x61 && (bytes[6] !== 0 || bytes[7] !== 0);
}

function host(o: LaunchOptions): WasiHost {
  return nodeWasiHost({
    args: [o.argv0 ?? o.program, ...o.args],
    env: o.env.map(([k, v]) => [k, v] as [string, string]),
    preopens: o.preopens.map(([g, h]) => [g, h] as [string, string]),
    stdin: fdInput(0),
    stdout: callbackOutput(o.stdout),
    stderr: callbackOutput(o.stderr),
  });
}

export function launch(o: LaunchOptions): Launched {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(o.program));
  } catch (e) {
    throw new Error(`cannot read ${o.program}: ${(e as Error).message}`);
  }
  // Fuel in quanta, suspending when a quantum is used up: the guest gives the event loop a turn every
  // FUEL_QUANTUM instructions, so a debugger's `pause` (and any request) is read even during a busy loop.
  // (Under time travel its pump does this, and the quantum is the snapshot interval.)
  const store = new Store({ debug, fuel: FUEL_QUANTUM, outOfFuel: 'suspend' });
  if (isComponent(bytes)) {
    if (o.trace !== undefined) throw new Error('debugging a replay works for core modules only (not yet for components)');
    const launched = launchComponent(o, bytes, store);
    return { ...launched, start: () => withFuelPump(store, launched.start) };
  }
  return launchModule(o, bytes, store);
}

const FUEL_QUANTUM = 20_000_000;

/** Runs `start`, refilling the store's fuel whenever it waits for more (after a turn of the event loop). */
async function withFuelPump<T>(store: Store, start: () => Promise<T>): Promise<T> {
  let running = true;
  const pump = () => {
    if (!running) return;
    if (store.fuel < FUEL_QUANTUM / 2) store.fuel = FUEL_QUANTUM;
    setTimeout(pump, 1);
  };
  setTimeout(pump, 1);
  try {
    return await start();
  } finally {
    running = false;
  }
}

/** The host side of a core module's run: live and recorded, or from a trace. */
function timelineOf(o: LaunchOptions, bytes: Uint8Array): Timeline {
  if (o.trace === undefined) return Timeline.recording(bytes, host(o), o.argv0 ?? o.program);
  const t = Timeline.replaying(o.trace, { stdout: callbackOutput(o.stdout), stderr: callbackOutput(o.stderr) });
  if (t.replayHeader?.meta.fuel !== undefined) throw new Error('the trace was recorded with --fuel or --timeout: debugging such a replay is not supported yet');
  return t;
}

function launchModule(o: LaunchOptions, bytes: Uint8Array, store: Store): Launched {
  const module = new Module(bytes, PACKS);
  const timeline = timelineOf(o, bytes);
  const wasi = new WasiP1(timeline.host);
  timeline.bindWasi(wasi);
  const imports = Module.imports(module).length > 0 ? timeline.imports(module, wasi.imports, store) : {};
  const instance = new Instance(module, imports, { store });
  const dbg = new Debugger(store, { sourceInfo: loadSourceInfo });
  const travel = new TimeTravel(dbg, { host: timeline, interval: o.snapshotInterval });
  const run = <T>(call: () => Promise<T>): Promise<T> => dbg.run(() => travel.run(call));
  const exports = instance.exports as Record<string, unknown>;
  if (exports.memory !== undefined) wasi.bindMemory(exports.memory as Parameters<WasiP1['bindMemory']>[0]);
  const funcOf = (name: string): FuncInst => {
    const exp = module.validated.module.exports.find((e) => e.name === name && e.kind === 'func');
    if (exp === undefined) throw new Error(`no exported function ${JSON.stringify(name)} in ${o.program}`);
    return store.instances[store.instances.length - 1].funcs[exp.index];
  };
  if (o.invoke === undefined) {
    const entry = funcOf('_start');
    return {
      debugger: dbg, entry, boundary: undefined,
      async start() {
        let exitCode = 0;
        try {
          await run(() => callAsync(exports._start));
        } catch (e) {
          if (!(e instanceof WasiExit)) throw e;
          exitCode = e.code;
        }
        timeline.finish(exitCode); // a replay: the whole trace replayed, and the recorded exit status
        return { exitCode, result: undefined };
      },
    };
  }
  const { name, args: inline } = parseInvoke(o.invoke);
  const entry = funcOf(name);
  const texts = inline ?? o.args;
  const params = entry.type.params;
  if (texts.length !== params.length) throw new Error(`${name} expects ${params.length} arguments, got ${texts.length}`);
  const values = texts.map((t, i) => jsArg(params[i], t, `argument ${i + 1} of ${name}`));
  return {
    debugger: dbg, entry, boundary: undefined,
    async start() {
      const r = await run(() => callAsync(exports[name], ...values));
      const list = Array.isArray(r) ? r : r === undefined ? [] : [r];
      return { exitCode: 0, result: list.map(String).join('\n') || undefined };
    },
  };
}

/** A core export's argument from text: i64 as BigInt, the rest as numbers. */
function jsArg(type: number, text: string, what: string): number | bigint {
  const t = text.trim();
  try {
    if (type === 0x7e) return BigInt(t);
  } catch {
    throw new Error(`${what}: ${JSON.stringify(text)} is not an integer`);
  }
  const n = t === 'nan' ? NaN : t === 'inf' ? Infinity : t === '-inf' ? -Infinity : Number(t);
  if (Number.isNaN(n) && t !== 'nan') throw new Error(`${what}: ${JSON.stringify(text)} is not a number`);
  return n;
}

function launchComponent(o: LaunchOptions, bytes: Uint8Array, store: Store): Launched {
  const component = new Component(bytes, COMPONENT_PACKS);
  const linker = new Linker();
  const wasi = addWasiToLinker(linker, host(o));
  const instance = linker.instantiate(component, { store });
  const dbg = new Debugger(store, { sourceInfo: loadSourceInfo });
  let f: Func;
  let label: string;
  let values: unknown[] = [];
  if (o.invoke === undefined) {
    if (!instance.exports.has('wasi:cli/run@0.2.0')) throw new Error(`${o.program} exports no wasi:cli/run@0.2.x: use --invoke NAME`);
    f = instance.exports.instance('wasi:cli/run@0.2.0').func('run');
    label = 'wasi:cli/run@0.2.0#run()';
  } else {
    const { name, args } = splitCall(o.invoke);
    f = instance.exports.func(name);
    try {
      values = parseWaveArgs(args ?? '', f.type.params.map((p) => p.type));
    } catch (e) {
      if (e instanceof WaveError) throw new Error(`bad arguments for ${name}: ${e.message}`);
      throw e;
    }
    label = `${name}(${values.map((v, i) => formatWave(v, f.type.params[i].type)).join(', ')})`;
  }
  return {
    debugger: dbg, entry: undefined, boundary: `component export ${label}`,
    async start() {
      try {
        const r = await dbg.run(() => f.callAsync(values as never));
        if (o.invoke === undefined) {
          return { exitCode: (r as { tag: string }).tag === 'ok' ? 0 : 1, result: undefined };
        }
        return { exitCode: 0, result: f.type.result === undefined ? undefined : formatWave(r, f.type.result) };
      } catch (e) {
        if (e instanceof WasiExit) return { exitCode: e.code, result: undefined };
        throw e;
      } finally {
        void wasi;
      }
    },
  };
}
