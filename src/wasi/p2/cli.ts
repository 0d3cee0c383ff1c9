// wasi:cli — environment, exit, stdin/stdout/stderr, terminal-* — over a WasiHost.
import type { LinkerInstance } from '../../index.js';
import { hostResource } from '../../index.js';
import { defineEnvironmentExit, defineTerminals } from '../command.js';
import type { WasiHost } from '../host.js';
import type { InputRep, OutputRep, WasiResources } from './common.js';
import { streamInput, streamOutput } from './io.js';

export function defineCli(linker: LinkerInstance, res: WasiResources, host: WasiHost, version: string): void {
  defineEnvironmentExit(linker, host, version, 'initial-cwd');

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

  defineTerminals(linker, host, version, res.terminalInput, res.terminalOutput);
}
