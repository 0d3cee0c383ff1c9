// What a command's environment and exit look like to WASI 0.2 and 0.3 alike (wasi:cli/environment and
// wasi:cli/exit keep their meaning across versions; 0.3 renames initial-cwd to get-initial-cwd), and the
// terminal-* interfaces, the same in both; and how a command's `run` export becomes an exit code.
import { hostResource, type Func, type LinkerInstance, type ResourceType } from '../index.js';
import { WasiExit, exitCodeOf } from './errno.js';
import type { WasiHost } from './host.js';

/** Defines wasi:cli/environment and wasi:cli/exit at `version`; `cwd` names the initial-cwd function. */
export function defineEnvironmentExit(linker: LinkerInstance, host: WasiHost, version: string, cwd: 'initial-cwd' | 'get-initial-cwd'): void {
  linker
    .instance(`wasi:cli/environment@${version}`)
    .func('get-environment', () => host.env.map(([k, v]) => [k, v]))
    .func('get-arguments', () => host.args.slice())
    // No current directory is granted (wasmtime reports none either).
    .func(cwd, () => undefined);
  linker
    .instance(`wasi:cli/exit@${version}`)
    // Both unwind the guest with WasiExit: exit(ok) is 0, exit(err) 1.
    .func('exit', (status: { tag: 'ok' | 'err' }) => {
      throw new WasiExit(status.tag === 'ok' ? 0 : 1);
    })
    .func('exit-with-code', (code: number) => {
      throw new WasiExit(code);
    });
}

/** Defines wasi:cli/terminal-* at `version`: a stdio stream that is a terminal gets a handle, else none. */
export function defineTerminals(linker: LinkerInstance, host: WasiHost, version: string, input: ResourceType, output: ResourceType): void {
  linker.instance(`wasi:cli/terminal-input@${version}`).resource('terminal-input', input);
  linker.instance(`wasi:cli/terminal-output@${version}`).resource('terminal-output', output);
  linker
    .instance(`wasi:cli/terminal-stdin@${version}`)
    .resource('terminal-input', input)
    .func('get-terminal-stdin', () => (host.stdin.isTerminal ? hostResource(input, {}) : undefined));
  for (const name of ['stdout', 'stderr'] as const) {
    linker
      .instance(`wasi:cli/terminal-${name}@${version}`)
      .resource('terminal-output', output)
      .func(`get-terminal-${name}`, () => (host[name].isTerminal ? hostResource(output, {}) : undefined));
  }
}

/** A command's `wasi:cli/run` export (0.2 and 0.3 alike: `run: func() -> result`). */
export type RunExport = Func<[], { tag: 'ok' | 'err' }>;

/** Calls a command's `run`: 0 when it returns ok, 1 for err, the code given to wasi:cli/exit otherwise
 *  (traps propagate as Trap); stdout and stderr are flushed either way. */
export function callRun(run: RunExport, host: WasiHost): number {
  try {
    return run.call([]).tag === 'ok' ? 0 : 1;
  } catch (e) {
    return exitCodeOf(e);
  } finally {
    host.stdout.flush?.();
    host.stderr.flush?.();
  }
}

/** callRun under callAsync: the guest may wait for the host (sockets, HTTP, WASI 0.3 streams). */
export async function callRunAsync(run: RunExport, host: WasiHost): Promise<number> {
  try {
    return (await run.callAsync([])).tag === 'ok' ? 0 : 1;
  } catch (e) {
    return exitCodeOf(e);
  } finally {
    host.stdout.flush?.();
    host.stderr.flush?.();
  }
}
