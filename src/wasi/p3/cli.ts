// wasi:cli@0.3 — environment, exit, stdin/stdout/stderr as streams, terminal-* — over a WasiHost.
//
// stdin's read-via-stream hands the guest a stream<u8> pulled from host.stdin only while the guest waits
// to read (an embedder's asynchronous stdin is awaited through ready/whenReady); stdout and stderr drain the
// guest's stream<u8> into the host's sinks, each chunk written and flushed within the guest's write (0.3
// has no flush: written is written, and in order with what the guest prints through WASI 0.2).
import type { LinkerInstance } from '../../index.js';
import type { HostStreamReader } from '../../async/index.js';
import { defineEnvironmentExit, defineTerminals } from '../command.js';
import type { InputStream, OutputStream } from '../host.js';
import { cliErrorCode, drainStream, sourceStream, type Chunk, type WasiP3Context } from './common.js';

/** The next chunk of an InputStream: waits while an asynchronous one has nothing; null at its end. */
function pullInput(s: InputStream): (max: number) => Chunk | null | Promise<Chunk | null> {
  const readNow = (max: number): Chunk | null => {
    const b = s.read(max);
    return b.length === 0 ? null : b;
  };
  return (max) => {
    if (s.ready === undefined || s.whenReady === undefined || s.ready()) return readNow(max);
    const wait = async (): Promise<Chunk | null> => {
      while (!s.ready!()) await s.whenReady!();
      return readNow(max);
    };
    return wait();
  };
}

function writeOutput(s: OutputStream): (b: Uint8Array) => void {
  return (b) => {
    s.write(b);
    s.flush?.();
  };
}

export function defineCli(linker: LinkerInstance, cx: WasiP3Context): void {
  const { host, resources: res, version } = cx;
  defineEnvironmentExit(linker, host, version, 'get-initial-cwd');

  linker
    .instance(`wasi:cli/stdin@${version}`)
    .func('read-via-stream', () => sourceStream(pullInput(host.stdin), cliErrorCode));
  const sink = (name: 'stdout' | 'stderr') => {
    const write = writeOutput(host[name]);
    linker
      .instance(`wasi:cli/${name}@${version}`)
      .func('write-via-stream', (data: HostStreamReader<number>) => drainStream(data, write, cliErrorCode));
  };
  sink('stdout');
  sink('stderr');

  defineTerminals(linker, host, version, res.terminalInput, res.terminalOutput);
}
