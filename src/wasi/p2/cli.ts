// wasi:cli — environment, exit, stdin/stdout/stderr, terminal-* — over a WasiHost.
import type { LinkerInstance } from '../../index.js';
import { hostResource } from '../../index.js';
import { WasiExit } from '../errno.js';
import type { WasiHost } from '../host.js';
import type { InputRep, OutputRep, WasiResources } from './common.js';
import { streamInput, streamOutput } from './io.js';

export function defineCli(linker: LinkerInstance, res: WasiResources, host: WasiHost, version: string): void {
  linker
    .instance(`wasi:cli/environment@${version}`)
    .func('get-environment', () => host.env.map(([k, v]) => [k, v]))
    .func('get-arguments', () => host.args.slice())
    // No current directory is granted (wasmtime reports none either).
    .func('initial-cwd', () => undefined);

  linker
    .instance(`wasi:cli/exit@${version}`)
    .func('exit', (status: { tag: 'ok' | 'err' }) => {
      throw new WasiExit(status.tag === 'ok' ? 0 : 1);
    })
    .func('exit-with-code', (code: number) => {
      throw new WasiExit(code);
    });

  // One stream object per stdio stream: every get-stdout() handle writes through the same one.
  const stdin: InputRep = streamInput(host.stdin);
  const stdout: OutputRep = streamOutput(host.stdout);
  const stderr: OutputRep = streamOutput(host.stderr);
  linker
    .instance(`wasi:cli/stdin@${version}`)
    .resource('input-stream', res.inputStream)
    .func('get-stdin', () => hostResource(res.inputStream, stdin));
  linker
    .instance(`wasi:cli/stdout@${version}`)
    .resource('output-stream', res.outputStream)
    .func('get-stdout', () => hostResource(res.outputStream, stdout));
  linker
    .instance(`wasi:cli/stderr@${version}`)
    .resource('output-stream', res.outputStream)
    .func('get-stderr', () => hostResource(res.outputStream, stderr));

  linker.instance(`wasi:cli/terminal-input@${version}`).resource('terminal-input', res.terminalInput);
  linker.instance(`wasi:cli/terminal-output@${version}`).resource('terminal-output', res.terminalOutput);
  linker
    .instance(`wasi:cli/terminal-stdin@${version}`)
    .resource('terminal-input', res.terminalInput)
    .func('get-terminal-stdin', () => (host.stdin.isTerminal ? hostResource(res.terminalInput, {}) : undefined));
  linker
    .instance(`wasi:cli/terminal-stdout@${version}`)
    .resource('terminal-output', res.terminalOutput)
    .func('get-terminal-stdout', () => (host.stdout.isTerminal ? hostResource(res.terminalOutput, {}) : undefined));
  linker
    .instance(`wasi:cli/terminal-stderr@${version}`)
    .resource('terminal-output', res.terminalOutput)
    .func('get-terminal-stderr', () => (host.stderr.isTerminal ? hostResource(res.terminalOutput, {}) : undefined));
}
