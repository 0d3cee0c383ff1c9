// WASI 0.3 for components, on the same WasiHost as preview1 and 0.2 (so a program behaves the same whichever
// it was built for). 0.3 replaces wasi:io's pollables and streams with the component model's own async:
// `async` functions, stream<T> and future<T> (src/component/runtime: tasks, host-streams.ts). Interfaces are
// defined at WASI_P3_VERSION; the Linker matches every 0.3.x import to them semver-compatibly, as for 0.2.
//
//     const host = nodeWasiHost({ args: ['app'], preopens: { '/': 'data' } });
//     const linker = new Linker();
//     new WasiP2(host).addToLinker(linker);      // programs built with Rust's std import both
//     const wasi = new WasiP3(host).addToLinker(linker);
//     const code = await wasi.runAsync(linker.instantiate(component));   // wasi:cli/run@0.3, exit code
//
// Each package has its own define* file taking (linker, WasiP3Context); sockets and HTTP add theirs the same
// way. The guest's run is an async export that waits for host streams, futures and timers, so it always runs
// under callAsync (`runAsync`): there is no synchronous `run` as for 0.2, since even writing to stdout
// completes through the event loop.
import type { ComponentInstance, LinkerInstance } from '../../index.js';
import { callRunAsync, type RunExport } from '../command.js';
import type { WasiHost } from '../host.js';
import { defineCli } from './cli.js';
import { defineClocks } from './clocks.js';
import { WasiP3Resources, type WasiP3Context } from './common.js';
import { defineFilesystem } from './filesystem.js';
import { defineRandom } from './random.js';
import { defineSockets } from './sockets.js';
import { HttpP3Resources, defineHttp, handleRequest, type ServedRequest, type ServedResponse } from './http.js';

/** The WASI 0.3 version the host's interfaces are defined at (0.3.x imports match it semver-compatibly). */
export const WASI_P3_VERSION = '0.3.0';

/** The name of a WASI 0.3 command's export; `exports.has` matches any 0.3.x version of it. */
export const WASI_P3_RUN = `wasi:cli/run@${WASI_P3_VERSION}`;

/** The interfaces `addToLinker` defines (without version). */
export const WASI_P3_INTERFACES = [
  'wasi:cli/environment', 'wasi:cli/exit', 'wasi:cli/stdin', 'wasi:cli/stdout', 'wasi:cli/stderr',
  'wasi:cli/terminal-input', 'wasi:cli/terminal-output', 'wasi:cli/terminal-stdin', 'wasi:cli/terminal-stdout', 'wasi:cli/terminal-stderr',
  'wasi:clocks/monotonic-clock', 'wasi:clocks/system-clock', 'wasi:clocks/timezone',
  'wasi:random/random', 'wasi:random/insecure', 'wasi:random/insecure-seed',
  'wasi:filesystem/types', 'wasi:filesystem/preopens',
  // Sockets over host.network (bind/connect/listen/send answer access-denied unless granted).
  'wasi:sockets/types', 'wasi:sockets/ip-name-lookup',
  // HTTP types, and requests out over host.http (HTTP-request-denied unless granted); serve calls a
  // component's wasi:http/handler export (handleRequest).
  'wasi:http/types', 'wasi:http/client',
] as const;

export class WasiP3 implements WasiP3Context {
  /** The host resource types (descriptor, terminal-*) of this host. */
  readonly resources = new WasiP3Resources();
  readonly version = WASI_P3_VERSION;
  /** The wasi:http resource types of this host. */
  readonly http = new HttpP3Resources();

  constructor(readonly host: WasiHost) {}

  /** Defines every WASI 0.3 interface this host implements in `linker`. Returns this (for `run`). */
  addToLinker(linker: LinkerInstance): this {
    defineCli(linker, this);
    defineClocks(linker, this);
    defineRandom(linker, this);
    defineFilesystem(linker, this);
    defineSockets(linker, this);
    defineHttp(linker, this, this.http);
    return this;
  }

  /**
   * Serves one HTTP request with a `wasi:http/handler@0.3.x` instance (see `purewasm serve`): the request
   * body streams in, the response streams out to `out` as the guest produces it. Rejects when the handler
   * answers with an error-code or traps, before anything was written.
   */
  async handleRequest(instance: ComponentInstance, request: ServedRequest, out: ServedResponse): Promise<void> {
    try {
      await handleRequest(instance, this.http, request, out);
    } finally {
      this.host.stdout.flush?.();
      this.host.stderr.flush?.();
    }
  }

  /** Whether `instance` is a WASI 0.3 command (it exports wasi:cli/run@0.3.x). */
  static isCommand(instance: ComponentInstance): boolean {
    return instance.exports.has(WASI_P3_RUN);
  }

  /**
   * Runs a command component's `wasi:cli/run@0.3.x` export under callAsync: 0 when it returns ok, 1 when
   * it returns err, the code given to wasi:cli/exit otherwise. Traps reject as `Trap`.
   */
  runAsync(instance: ComponentInstance): Promise<number> {
    return callRunAsync(this.runExport(instance), this.host);
  }

  private runExport(instance: ComponentInstance): RunExport {
    if (!WasiP3.isCommand(instance)) {
      throw new TypeError('the component exports no wasi:cli/run@0.3.x interface: it is not a WASI 0.3 command');
    }
    return instance.exports.instance(WASI_P3_RUN).func<[], { tag: 'ok' | 'err' }>('run');
  }
}

export { WasiP3Resources, sourceStream, drainStream, fsErrorCode, fsResult, cliErrorCode } from './common.js';
export type { WasiP3Context, Chunk, Pull, FsErrorCode, Result } from './common.js';
export { HttpP3Resources, WASI_HTTP_P3_HANDLER } from './http.js';
export type { ServedRequest, ServedResponse } from './http.js';
