// `purewasm replay FILE [PROGRAM]`: re-executes a run recorded by `purewasm record` from the trace alone —
// no clock, file, random source or stdin of this machine is used — and checks it against the trace.
// `replay --debug` opens the debugger on the replay (src/cli/debug.ts, debugReplay): forwards and backwards.
import { readFileSync } from 'node:fs';
import { COMPONENT_PACKS } from './packs.js';
import { ReplayDivergence, TraceFormatError, TraceReader, readHeader, replay, replayAsync, type RunOutcome } from '../replay/index.js';
import { formatTrap, guestStatus, processIo, type RunIo } from './run.js';
import { parseArgs } from './args.js';

/** Exit status of a replay that diverged from its trace. */
export const DIVERGED = 3;

const USAGE = `usage: purewasm replay [--debug [--dap]] FILE [PROGRAM]

Re-executes the run recorded in the trace FILE (by 'purewasm record') from the trace alone: arguments,
environment, clocks, random bytes, stdin and file contents all come from FILE; nothing of this machine is
read. PROGRAM defaults to the path recorded in the trace. The program's stdout and stderr are written
again, bit for bit.

options:
  --debug                 debug the replay in the REPL of 'purewasm debug' (core modules): breakpoints,
                          steps, and reverse-step / reverse-next / reverse-continue; no host resource
                          is used, the program's outputs are written once
  --dap                   with --debug: serve the Debug Adapter Protocol on stdio instead
  -h, --help              print this help

Exit status: the recorded program's; 134 on a trap; ${DIVERGED} if the replay diverged from the trace (the
message starts 'replay diverged' and names the host call); 1 if FILE or PROGRAM cannot be read.
`;

/** `replay` with injected I/O: synchronous (a trace of a WASI 0.3 command needs replayCommandAsync). */
export function replayCommand(argv: readonly string[], io: RunIo): number {
  return replayWith(argv, io, false) as number;
}

/** `replay` as the CLI runs it: components under callAsync, as `record` ran them. */
export async function replayCommandAsync(argv: readonly string[], io: RunIo): Promise<number> {
  return replayWith(argv, io, true);
}

function replayWith(argv: readonly string[], io: RunIo, async: boolean): number | Promise<number> {
  const parsed = parseArgs('replay', USAGE, argv, { positional: [1, 2], flags: ['debug', 'dap'] });
  if (typeof parsed === 'number') return parsed;
  if (parsed.flags.has('debug') || parsed.flags.has('dap')) {
    io.err(`purewasm replay: ${parsed.flags.has('debug') ? '--debug runs interactively: through the purewasm command' : '--dap goes with --debug'}\n`);
    return 2;
  }
  const [traceFile, programArg] = parsed.positional;
  const failed = (e: unknown): number => {
    if (e instanceof ReplayDivergence) {
      io.err(`${e.message}\n`);
      return DIVERGED;
    }
    const msg = e instanceof TraceFormatError ? `${traceFile}: ${e.message}` : e instanceof Error ? `${e.name === 'Error' ? '' : `${e.name}: `}${e.message}` : String(e);
    io.err(`purewasm replay: ${msg}\n`);
    return 1;
  };
  const status = (out: RunOutcome): number => {
    if (out.trap !== undefined) {
      io.err(formatTrap(out.trap));
      return 134;
    }
    return out.exitCode!;
  };
  return guestStatus(io, () => {
    let trace: Uint8Array;
    try {
      trace = new Uint8Array(readFileSync(traceFile));
    } catch (e) {
      throw new Error(`cannot read ${traceFile}: ${(e as Error).message}`);
    }
    const header = readHeader(new TraceReader(trace));
    const programFile = programArg ?? (typeof header.meta.name === 'string' ? header.meta.name : '');
    if (programFile === '') throw new Error('the trace names no program: give PROGRAM');
    let program: Uint8Array;
    try {
      program = new Uint8Array(readFileSync(programFile));
    } catch (e) {
      throw new Error(`cannot read the program ${programFile}: ${(e as Error).message}`);
    }
    const outputs = { stdout: io.stdout, stderr: io.stderr, packs: COMPONENT_PACKS };
    return async ? replayAsync(trace, program, outputs).then(status) : status(replay(trace, program, outputs));
  }, failed);
}

export default function replayMain(args: string[]): Promise<number> {
  const parsed = parseArgs('replay', USAGE, args, { positional: [1, 2], flags: ['debug', 'dap'] });
  if (typeof parsed !== 'number' && parsed.flags.has('debug')) {
    const [traceFile, programArg] = parsed.positional;
    return import('./debug.js').then((d) => d.debugReplay(traceFile, programArg, parsed.flags.has('dap')));
  }
  return replayCommandAsync(args, processIo());
}
