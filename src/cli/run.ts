// `purewasm run [OPTIONS] FILE [ARGS…]`: runs a WASI command (a core module's `_start`, or a component's
// `wasi:cli/run`, 0.3 before 0.2) with the sandbox flags of wasmtime, or calls one export with `--invoke`.
// Exit status: the program's (proc_exit / wasi:cli/exit; 0 when it returns), 134 on a trap (reason and
// backtrace on stderr), 1 when the file cannot be loaded or linked, 2 on a usage error.
//
// `runCommand(argv, io)` is the whole command with its I/O injected: the wasi-testsuite runner calls it
// in-process, so the tests exercise exactly what the binary runs.
import { readFileSync } from 'node:fs';
import { Component, Instance, Linker, Module, Store, Trap, type Exports, type Func, type StoreTier, type TraceFrame } from '../index.js';
import { WasiExit, WasiP1, WasiP3, addWasiToLinker, type InputStream, type OutputStream, type WasiHost } from '../wasi/index.js';
import { WaveError, formatWave, parseWaveArgs, splitCall } from './wave.js';
import { fdInput, fdOutput, nodeHttpClient, nodeNetwork, nodeWasiHost } from '../wasi/node/index.js';
import { formatFloat, formatValue, parseArg, parseInvoke } from './invoke-values.js';
import { jit } from '../jit/index.js';
import { COMPONENT_PACKS, PACKS } from './packs.js';
import { trapSources, type TrapSource } from '../debug/index.js';
import { demangle } from './demangle.js';

export { formatFloat, formatValue };

const USAGE = `usage: purewasm run [OPTIONS] FILE [ARGS...]

Runs a WASI command: a core module's _start, or a component's wasi:cli/run
(WASI 0.3's when the component exports it, else 0.2's).
Everything after FILE is passed to the program as its arguments.

options:
  --dir HOST[::GUEST]     grant the host directory HOST to the guest as GUEST (default: HOST)
  --env NAME=VALUE        set an environment variable for the guest
  --env NAME              pass the host's value of NAME to the guest
  --argv0 NAME            the program's argv[0] (default: FILE as given)
  -S inherit-env          pass the whole host environment to the guest
  -S inherit-network      let the guest open TCP/UDP sockets (wasi:sockets) on the host's network
  -S allow-ip-name-lookup let the guest resolve host names (wasi:sockets/ip-name-lookup)
  -S http                 let the guest send HTTP requests (wasi:http/outgoing-handler)
  --fuel N                trap ('all fuel consumed') after N wasm instructions
  --timeout SECONDS       trap ('interrupted') when the guest runs longer
  --tier auto|js|interpreter
                          auto (default): hot functions run compiled to JavaScript; js: every
                          function from its first call; interpreter: none (a component that
                          imports sockets or HTTP runs under callAsync, where only functions
                          that can reach no host function run compiled)
  --invoke 'NAME(A, B)'   call the export NAME instead and print its results; arguments in WAVE
                          (components: a bare NAME is looked up at the root, then in the exported
                          interfaces; 'ns:pkg/iface#NAME(…)' names one exactly); for core modules the
                          arguments may also follow FILE: --invoke NAME FILE A B
  -h, --help              print this help

Nothing is granted by default: no directory, no environment variable, no network.
Exit status: the program's exit code; 134 on a trap; 1 if FILE cannot be loaded; 2 on a usage error.
`;

/** The command's connection to the outside: the CLI passes the process's, tests pass captures. */
export interface RunIo {
  /** Text for the user (usage, --invoke results). */
  out(text: string): void;
  err(text: string): void;
  /** The guest's stdio. */
  stdin: InputStream;
  stdout: OutputStream;
  stderr: OutputStream;
  /** The host environment `--env NAME` and `-S inherit-env` read from. */
  env: Record<string, string | undefined>;
}

export function processIo(): RunIo {
  return {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
    stdin: fdInput(0),
    stdout: fdOutput(1),
    stderr: fdOutput(2),
    env: process.env,
  };
}

export interface RunOptions {
  file: string;
  programArgs: string[];
  /** `--argv0 NAME`: the program's argv[0] instead of FILE (as wasmtime's --argv0). */
  argv0?: string;
  dirs: [guest: string, host: string][];
  env: [string, string][];
  invoke: string | undefined;
  /** `--fuel N`: trap 'all fuel consumed' after N wasm instructions (cost model: src/vm/exec/fuel.ts). */
  fuel: number | undefined;
  /** `--timeout SECONDS`: trap 'interrupted' once the deadline passes. */
  timeout: number | undefined;
  /** `--tier`: the store's tier (StoreOptions.tier); default 'auto'. */
  tier?: StoreTier;
  /** `-S inherit-network`, `-S allow-ip-name-lookup`, `-S http`. */
  inheritNetwork: boolean;
  allowIpNameLookup: boolean;
  http: boolean;
}

/** `-S NAME`, `-S NAME=y|true`, `-S NAME=n|false`: the value of a boolean WASI option, or undefined if not NAME. */
function boolOption(spec: string, name: string): boolean | undefined {
  if (spec === name || spec === `${name}=y` || spec === `${name}=true`) return true;
  if (spec === `${name}=n` || spec === `${name}=false`) return false;
  return undefined;
}

/** A command-line mistake: reported with the usage, exit status 2. */
export class UsageError extends Error {}

/** Parses OPTIONS FILE ARGS…: options stop at FILE; help returns 'help'. */
export function parseRunArgs(argv: readonly string[], hostEnv: Record<string, string | undefined>): RunOptions | 'help' {
  const dirs: [string, string][] = [];
  const env: [string, string][] = [];
  let invoke: string | undefined;
  let argv0: string | undefined;
  let fuel: number | undefined;
  let timeout: number | undefined;
  let tier: StoreTier = 'auto';
  const flags = { inheritNetwork: false, allowIpNameLookup: false, http: false };
  let i = 0;
  const amount = (opt: string, inline: string | undefined): number => {
    const text = value(opt, inline);
    const n = Number(text);
    if (text.trim() === '' || !Number.isFinite(n) || n < 0) throw new UsageError(`${opt} expects a non-negative number, got ${JSON.stringify(text)}`);
    return n;
  };
  const value = (opt: string, inline: string | undefined): string => {
    if (inline !== undefined) return inline;
    if (i + 1 >= argv.length) throw new UsageError(`option ${opt} needs a value`);
    return argv[++i];
  };
  const setEnv = (name: string, v: string) => {
    const at = env.findIndex(([k]) => k === name);
    if (at >= 0) env.splice(at, 1);
    env.push([name, v]);
  };
  for (; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      i++;
      break;
    }
    if (!a.startsWith('-') || a === '-') break;
    const eq = a.startsWith('--') ? a.indexOf('=') : -1;
    const opt = eq >= 0 ? a.slice(0, eq) : a;
    const inline = eq >= 0 ? a.slice(eq + 1) : undefined;
    switch (opt) {
      case '-h':
      case '--help':
        return 'help';
      case '--invoke':
        invoke = value(opt, inline);
        break;
      case '--argv0':
        argv0 = value(opt, inline);
        break;
      case '--fuel':
        fuel = amount(opt, inline);
        if (!Number.isInteger(fuel)) throw new UsageError(`--fuel expects a whole number, got ${fuel}`);
        break;
      case '--timeout':
        timeout = amount(opt, inline);
        break;
      case '--tier': {
        const t = value(opt, inline);
        if (t !== 'auto' && t !== 'js' && t !== 'interpreter') throw new UsageError(`--tier expects auto, js or interpreter, got ${JSON.stringify(t)}`);
        tier = t;
        break;
      }
      case '--dir': {
        const spec = value(opt, inline);
        const sep = spec.indexOf('::');
        const host = sep >= 0 ? spec.slice(0, sep) : spec;
        const guest = sep >= 0 ? spec.slice(sep + 2) : spec;
        if (host === '' || guest === '') throw new UsageError(`--dir ${JSON.stringify(spec)}: expected HOST[::GUEST]`);
        dirs.push([guest, host]);
        break;
      }
      case '--env': {
        const spec = value(opt, inline);
        const e = spec.indexOf('=');
        if (e === 0) throw new UsageError(`--env ${JSON.stringify(spec)}: empty variable name`);
        if (e > 0) setEnv(spec.slice(0, e), spec.slice(e + 1));
        else {
          const v = hostEnv[spec];
          // wasmtime passes nothing for an unset inherited variable.
          if (v !== undefined) setEnv(spec, v);
        }
        break;
      }
      case '-S': {
        const spec = value(opt, undefined);
        const inheritEnv = boolOption(spec, 'inherit-env');
        const network = boolOption(spec, 'inherit-network');
        const lookup = boolOption(spec, 'allow-ip-name-lookup');
        const http = boolOption(spec, 'http');
        if (inheritEnv === true) {
          for (const [k, v] of Object.entries(hostEnv)) if (v !== undefined && !env.some(([n]) => n === k)) env.push([k, v]);
        } else if (network !== undefined) flags.inheritNetwork = network;
        else if (lookup !== undefined) flags.allowIpNameLookup = lookup;
        else if (http !== undefined) flags.http = http;
        else if (inheritEnv === undefined) {
          throw new UsageError(`unknown WASI option -S ${spec} (supported: inherit-env, inherit-network, allow-ip-name-lookup, http)`);
        }
        break;
      }
      default:
        throw new UsageError(`unknown option '${a}'`);
    }
  }
  if (i >= argv.length) throw new UsageError('missing FILE');
  return { file: argv[i], programArgs: argv.slice(i + 1), argv0, dirs, env, invoke, fuel, timeout, tier, ...flags };
}

/** Bytes 6–7 of the header: 0 for a core module, non-zero (the layer) for a component. */
function isComponent(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && bytes[0] === 0 && bytes[1] === 0x61 && bytes[2] === 0x73 && bytes[3] === 0x6d && (bytes[6] !== 0 || bytes[7] !== 0);
}

function formatFrame(f: TraceFrame, sources: ((offset: number) => TrapSource[]) | null): string {
  const where = f.offset === undefined ? '' : ` @ 0x${f.offset.toString(16)}`;
  const frame = `    at ${f.name === undefined ? `<func ${f.funcIndex}>` : demangle(f.name)} (wasm function ${f.funcIndex}${where})`;
  if (sources === null || f.offset === undefined) return frame;
  // under it, where that is in the source (functions inlined there first)
  const lines = sources(f.offset).map((s) => `\n        at ${s.name === '' ? '' : `${s.name} `}${s.file}:${s.line}${s.column > 0 ? `:${s.column}` : ''}${s.inlined ? ' (inlined)' : ''}`);
  return frame + lines.join('');
}

/** A trap's report: reason, then the guest backtrace (innermost first), each frame with its source lines
 *  where its module's DWARF has them (each module's read once, here: only when a trap is reported). */
export function formatTrap(t: Trap): string {
  const read = new Map<Uint8Array, ((offset: number) => TrapSource[]) | null>();
  const sourcesOf = (module: Uint8Array): ((offset: number) => TrapSource[]) | null => {
    let sources = read.get(module);
    if (sources === undefined) read.set(module, (sources = trapSources(module)));
    return sources;
  };
  return `Error: wasm trap: ${t.reason}\nwasm backtrace:\n${t.wasmStack.map((f) => formatFrame(f, f.module === undefined ? null : sourcesOf(f.module))).join('\n')}\n`;
}

/** A WASI host with what the options grant. Exported for `serve`, which grants the same way. */
export function wasiHost(o: RunOptions, io: RunIo, args: string[] = [o.argv0 ?? o.file, ...o.programArgs]): WasiHost {
  // argv[0] is the program's name as given, as wasmtime passes it.
  const host = nodeWasiHost({ args, env: o.env, preopens: o.dirs, stdin: io.stdin, stdout: io.stdout, stderr: io.stderr });
  if (o.inheritNetwork || o.allowIpNameLookup) {
    host.network = { backend: nodeNetwork(), sockets: o.inheritNetwork, nameLookup: o.allowIpNameLookup };
  }
  if (o.http) host.http = nodeHttpClient();
  return host;
}

/** The store the guest runs in: with the JS tier's code generator (hot functions run compiled where they
 *  run synchronously: a core module's command or export, a component called with `call`; under callAsync
 *  only those that can reach no host function, see docs/ARCHITECTURE.md "JS tier"), and the limits. Compiled code charges
 *  fuel and sees the deadline exactly as the interpreter does (jstier/metered-codegen.ts). */
function runStore(o: RunOptions): Store {
  const limits = o.fuel !== undefined ? { fuel: o.fuel } : o.timeout !== undefined ? { interruptible: true } : {};
  const store = new Store({ ...limits, tier: o.tier ?? 'auto', compiler: jit });
  if (o.timeout !== undefined) store.setDeadline(o.timeout);
  return store;
}

function runModule(o: RunOptions, bytes: Uint8Array, io: RunIo): number {
  const module = new Module(bytes, PACKS);
  const wasi = new WasiP1(wasiHost(o, io));
  const store = runStore(o);
  if (o.invoke === undefined) {
    const hasStart = Module.exports(module).some((e) => e.name === '_start' && e.kind === 'function');
    if (!hasStart) throw new Error(`${o.file} exports no _start function: it is not a WASI command (use --invoke NAME to call an export)`);
    const instance = new Instance(module, wasi.imports, { store });
    return wasi.start(instance);
  }
  const { name, args: inline } = parseInvoke(o.invoke);
  const callArgs = inline ?? o.programArgs;
  const exp = module.validated.module.exports.find((e) => e.name === name && e.kind === 'func');
  if (!exp) throw new Error(`no exported function ${JSON.stringify(name)} in ${o.file}`);
  const type = module.validated.funcTypes[exp.index];
  if (callArgs.length !== type.params.length) {
    throw new Error(`${name} expects ${type.params.length} arguments, got ${callArgs.length}`);
  }
  const values = callArgs.map((s, i) => {
    try {
      return parseArg(type.params[i], s);
    } catch (e) {
      throw new Error(`argument ${i + 1} of ${name}: ${(e as Error).message}`);
    }
  });
  const instance = new Instance(module, wasi.imports, { store });
  wasi.initialize(instance);
  const results = instance.invoke(name, values);
  for (const r of results) io.out(formatValue(r) + '\n');
  return 0;
}

/**
 * The whole `run` command with injected I/O; returns the exit status. Synchronous: a component runs with
 * `call`, so it may not reach an asynchronous host function (sockets, outgoing HTTP); the CLI uses
 * runCommandAsync, which runs components under callAsync.
 */
export function runCommand(argv: readonly string[], io: RunIo): number {
  return runWith(argv, io, false) as number;
}

/** `run` as the CLI runs it: a component that imports sockets or HTTP under callAsync, so it can wait for them
 *  (waitsForHost); WASI 0.3 commands always. */
export async function runCommandAsync(argv: readonly string[], io: RunIo): Promise<number> {
  return runWith(argv, io, true);
}

function runWith(argv: readonly string[], io: RunIo, async: boolean): number | Promise<number> {
  let o: RunOptions | 'help';
  try {
    o = parseRunArgs(argv, io.env);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.err(`purewasm run: ${e.message}\n\n${USAGE}`);
    return 2;
  }
  if (o === 'help') {
    io.out(USAGE);
    return 0;
  }
  const file = o.file;
  const opts = o;
  return guestStatus(io, () => {
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(readFileSync(file));
    } catch (e) {
      throw new Error(`cannot read ${file}: ${(e as Error).message}`);
    }
    return isComponent(bytes) ? runComponentFile(opts, bytes, io, async) : runModule(opts, bytes, io);
  }, (e) => exitStatusOf(e, io));
}

/**
 * The exit status of a command that runs a guest (`body`: a status, or a Promise of one under callAsync):
 * a failure becomes `failed(e)`; the guest's stdout and stderr are flushed once it is all over.
 */
export function guestStatus(io: RunIo, body: () => number | Promise<number>, failed: (e: unknown) => number): number | Promise<number> {
  const done = () => {
    io.stdout.flush?.();
    io.stderr.flush?.();
  };
  let status: number | Promise<number>;
  try {
    status = body();
  } catch (e) {
    status = failed(e);
  }
  if (typeof status === 'number') {
    done();
    return status;
  }
  return status.then((c) => c, failed).finally(done);
}

/** How a failure ends the command: the guest's exit code, 134 for a trap, 1 otherwise (reported). */
function exitStatusOf(e: unknown, io: RunIo): number {
  if (e instanceof WasiExit) return e.code;
  if (e instanceof Trap) {
    io.err(formatTrap(e));
    return 134;
  }
  const msg = e instanceof Error ? `${e.name === 'Error' ? '' : `${e.name}: `}${e.message}` : String(e);
  io.err(`purewasm run: ${msg}\n`);
  return 1;
}

/** The export `--invoke` names: `iface#f` exactly, else a root function, else the one interface that has it. */
function findExport(exports: Exports, name: string): Func {
  const hash = name.lastIndexOf('#');
  if (hash > 0) return exports.func(name);
  const rootFuncs = exports.names().filter((n) => n === name && isFunc(() => exports.func(n)));
  if (rootFuncs.length === 1) return exports.func(name);
  const candidates: string[] = [];
  for (const n of exports.names()) {
    let inner: Exports;
    try {
      inner = exports.instance(n);
    } catch {
      continue;
    }
    if (inner.has(name) && isFunc(() => inner.func(name))) candidates.push(`${n}#${name}`);
  }
  if (candidates.length === 1) return exports.func(candidates[0]);
  if (candidates.length === 0) throw new Error(`no exported function ${JSON.stringify(name)} at the root or in an exported interface`);
  throw new Error(`${JSON.stringify(name)} is ambiguous: ${candidates.join(', ')} (name one as 'iface#${name}(…)')`);
}

function isFunc(get: () => unknown): boolean {
  try {
    get();
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether a WASI 0.2 component may wait for the host here: only sockets and HTTP are asynchronous sources on
 * Node (stdio and files are read and written synchronously, a clock's sleep blocks in place: src/wasi/p2/io.ts),
 * so a component that imports neither runs as a synchronous call, where every function may run compiled;
 * under callAsync only those that can reach no host function may (src/vm/jstier/suspend-free.ts).
 */
export function waitsForHost(component: Component): boolean {
  // (WASI 0.3's functions are async: they wait on the event loop)
  for (const name of component.imports.interfaces.keys()) if (/^wasi:(sockets|http)\/|^wasi:.*@0\.3\./.test(name)) return true;
  return false;
}

function runComponentFile(o: RunOptions, bytes: Uint8Array, io: RunIo, mayWait: boolean): number | Promise<number> {
  const component = new Component(bytes, COMPONENT_PACKS);
  const async = mayWait && waitsForHost(component);
  const linker = new Linker();
  const host = wasiHost(o, io);
  // WASI 0.2 and 0.3 side by side: programs built for 0.3 with Rust's std import both.
  const wasi = addWasiToLinker(linker, host);
  const wasi3 = new WasiP3(host).addToLinker(linker);
  const store = runStore(o);
  // The program ended: sockets it left open must not keep the process alive.
  const closeNetwork = <T>(p: Promise<T>) => p.finally(() => host.network?.backend.close?.());
  if (o.invoke === undefined) {
    const instance = linker.instantiate(component, { store });
    // A 0.3 command's run (preferred, as wasmtime does when both are exported) is async: it needs the event loop.
    if (WasiP3.isCommand(instance)) {
      if (!mayWait) throw new Error(`${o.file} is a WASI 0.3 command: it runs only asynchronously (runCommandAsync)`);
      return closeNetwork(wasi3.runAsync(instance));
    }
    return async ? closeNetwork(wasi.runAsync(instance)) : wasi.run(instance);
  }
  const { name, args } = splitCall(o.invoke);
  if (args === undefined && o.programArgs.length > 0) {
    throw new Error(`component functions take their arguments inline: --invoke '${name}(${o.programArgs.join(', ')})'`);
  }
  const instance = linker.instantiate(component, { store });
  const f = findExport(instance.exports, name);
  let values: unknown[];
  try {
    values = parseWaveArgs(args ?? '', f.type.params.map((p) => p.type));
  } catch (e) {
    if (e instanceof WaveError) throw new Error(`bad arguments for ${name}: ${e.message}`);
    throw e;
  }
  const print = (result: unknown) => {
    if (f.type.result !== undefined) io.out(formatWave(result, f.type.result) + '\n');
    return 0;
  };
  return async || (mayWait && f.type.async === true) ? closeNetwork(f.callAsync(values).then(print)) : print(f.call(values));
}

export default function run(args: string[]): Promise<number> {
  return runCommandAsync(args, processIo());
}
