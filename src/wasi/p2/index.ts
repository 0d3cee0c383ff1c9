// WASI 0.2 for components, on the same WasiHost as preview1 (so a program behaves the same built as a
// module or as a component). Interfaces are defined at the newest 0.2 version implemented; the Linker
// matches every 0.2.x import to them semver-compatibly, as wasmtime's add_to_linker does.
//
//     const wasi = new WasiP2(nodeWasiHost({ args: ['app'], preopens: { '/': 'data' } }));
//     const linker = new Linker();
//     wasi.addToLinker(linker);
//     const code = wasi.run(linker.instantiate(component));   // wasi:cli/run, exit code
import type { ComponentInstance, Linker, LinkerInstance } from '../../index.js';
import { callRun, callRunAsync, type RunExport } from '../command.js';
import type { WasiHost } from '../host.js';
import { defineCli } from './cli.js';
import { defineClocksRandom } from './clocks-random.js';
import { WasiResources } from './common.js';
import { defineFilesystem } from './filesystem.js';
import { defineIo } from './io.js';
import { defineSockets } from './sockets.js';
import { HttpResources, callIncomingHandler, defineHttp, streamIncomingHandler, type IncomingRequest, type ResponseSink } from './http.js';

/** The WASI 0.2 version the host's interfaces are defined at (newer than every 0.2.x import it serves). */
export const WASI_P2_VERSION = '0.2.12';

/** The interfaces `addToLinker` defines (without version). */
export const WASI_P2_INTERFACES = [
  'wasi:io/error', 'wasi:io/poll', 'wasi:io/streams',
  'wasi:cli/environment', 'wasi:cli/exit', 'wasi:cli/stdin', 'wasi:cli/stdout', 'wasi:cli/stderr',
  'wasi:cli/terminal-input', 'wasi:cli/terminal-output', 'wasi:cli/terminal-stdin', 'wasi:cli/terminal-stdout', 'wasi:cli/terminal-stderr',
  'wasi:clocks/monotonic-clock', 'wasi:clocks/wall-clock',
  'wasi:random/random', 'wasi:random/insecure', 'wasi:random/insecure-seed',
  'wasi:filesystem/types', 'wasi:filesystem/preopens',
  // Sockets over host.network (bind/connect answer access-denied unless granted).
  'wasi:sockets/network', 'wasi:sockets/instance-network', 'wasi:sockets/tcp', 'wasi:sockets/tcp-create-socket',
  'wasi:sockets/udp', 'wasi:sockets/udp-create-socket', 'wasi:sockets/ip-name-lookup',
  // Incoming requests (purewasm serve); outgoing ones over host.http (denied unless granted).
  'wasi:http/types', 'wasi:http/outgoing-handler',
] as const;

export class WasiP2 {
  /** The host resource types (descriptor, input-stream, …) of this host. */
  readonly resources = new WasiResources();
  /** The wasi:http resource types of this host. */
  readonly http = new HttpResources();

  constructor(readonly host: WasiHost) {}

  /** Defines every WASI 0.2 interface this host implements in `linker`. Returns the linker. */
  addToLinker<L extends LinkerInstance>(linker: L): L {
    const v = WASI_P2_VERSION;
    defineIo(linker, this.resources, this.host.clocks, v);
    defineCli(linker, this.resources, this.host, v);
    defineClocksRandom(linker, this.resources, this.host, v);
    defineFilesystem(linker, this.resources, this.host, v);
    defineSockets(linker, this.resources, this.host, v);
    defineHttp(linker, this.resources, this.http, this.host, v);
    return linker;
  }

  /** Serves one HTTP request with a `wasi:http/incoming-handler` instance (see `purewasm serve`). */
  handleRequest(instance: ComponentInstance, request: IncomingRequest): { status: number; headers: [string, string][]; body: Uint8Array } {
    try {
      return callIncomingHandler(instance, this.http, request);
    } finally {
      this.host.stdout.flush?.();
      this.host.stderr.flush?.();
    }
  }

  /**
   * Serves one request with the response streamed to `sink` (see streamIncomingHandler): the guest runs
   * under callAsync, so it may wait for the request body, sockets and outgoing HTTP.
   */
  async streamRequest(instance: ComponentInstance, request: IncomingRequest, sink: ResponseSink): Promise<void> {
    try {
      await streamIncomingHandler(instance, this.http, request, sink);
    } finally {
      this.host.stdout.flush?.();
      this.host.stderr.flush?.();
    }
  }

  /**
   * Runs a command component's `wasi:cli/run` export: 0 when it returns ok, 1 when it returns err, the
   * code given to wasi:cli/exit otherwise. Traps propagate as `Trap`.
   */
  run(instance: ComponentInstance): number {
    return callRun(this.runExport(instance), this.host);
  }

  /**
   * `run` under callAsync: the guest may wait for asynchronous host objects (sockets, outgoing HTTP),
   * suspending instead of blocking. Resolves with the exit code.
   */
  runAsync(instance: ComponentInstance): Promise<number> {
    return callRunAsync(this.runExport(instance), this.host);
  }

  private runExport(instance: ComponentInstance): RunExport {
    const exports = instance.exports;
    if (!exports.has('wasi:cli/run@0.2.0')) {
      throw new TypeError('the component exports no wasi:cli/run@0.2.x interface: it is not a WASI command');
    }
    return exports.instance('wasi:cli/run@0.2.0').func<[], { tag: 'ok' | 'err' }>('run');
  }

}

export type { IncomingRequest, ResponseSink, SinkFlow } from './http.js';

/** Adds WASI 0.2 over `host` to `linker` (wasmtime's `add_to_linker`); returns the WasiP2 for `run`. */
export function addWasiToLinker(linker: Linker, host: WasiHost): WasiP2 {
  const wasi = new WasiP2(host);
  wasi.addToLinker(linker);
  return wasi;
}
