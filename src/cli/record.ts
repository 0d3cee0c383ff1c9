// `purewasm record --trace FILE [RUN OPTIONS] PROGRAM [ARGS…]`: runs a WASI command exactly as `purewasm
// run` does (same options, same output, same exit status) and writes a trace of everything the program
// received from outside (src/replay), from which `purewasm replay` re-executes it without the host.
import { readFileSync, writeFileSync } from 'node:fs';
import { COMPONENT_PACKS } from './packs.js';
import { record, recordAsync, type Recording } from '../replay/index.js';
import { formatTrap, guestStatus, parseRunArgs, processIo, UsageError, wasiHost, type RunIo } from './run.js';

const USAGE = `usage: purewasm record --trace FILE [RUN OPTIONS] PROGRAM [ARGS...]

Runs PROGRAM as 'purewasm run' does and records everything it receives from outside (arguments,
environment, clocks, random bytes, stdin, file contents, interruption points) into the trace FILE.
'purewasm replay FILE' re-executes the run from the trace alone.

options:
  --trace FILE            where to write the trace (required)
  RUN OPTIONS             --dir, --env, -S inherit-env, --fuel, --timeout: see 'purewasm run --help'
                          (--invoke is not recorded yet)
  -h, --help              print this help

Exit status: the program's, as 'purewasm run'; 1 if PROGRAM cannot be loaded or the trace not written.
`;

/** Splits `--trace FILE` (anywhere among the options, before PROGRAM) from the run options. */
function takeTrace(argv: readonly string[]): { trace: string | undefined; rest: string[] } {
  const rest: string[] = [];
  let trace: string | undefined;
  let i = 0;
  for (; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--' || !a.startsWith('-') || a === '-') break;
    if (a === '--trace') {
      if (i + 1 >= argv.length) throw new UsageError('option --trace needs a value');
      trace = argv[++i];
    } else if (a.startsWith('--trace=')) trace = a.slice('--trace='.length);
    else {
      rest.push(a);
      // options with a separate value: keep the value with its option
      if ((a === '--dir' || a === '--env' || a === '--fuel' || a === '--timeout' || a === '--invoke' || a === '-S') && i + 1 < argv.length) rest.push(argv[++i]);
    }
  }
  return { trace, rest: [...rest, ...argv.slice(i)] };
}

/** `record` with injected I/O: synchronous, so a WASI 0.3 command is refused (recordCommandAsync runs it). */
export function recordCommand(argv: readonly string[], io: RunIo): number {
  return recordWith(argv, io, false) as number;
}

/** `record` as the CLI runs it: components under callAsync (WASI 0.3 commands included). */
export async function recordCommandAsync(argv: readonly string[], io: RunIo): Promise<number> {
  return recordWith(argv, io, true);
}

function recordWith(argv: readonly string[], io: RunIo, async: boolean): number | Promise<number> {
  let o;
  let tracePath: string | undefined;
  try {
    const { trace, rest } = takeTrace(argv);
    o = parseRunArgs(rest, io.env);
    if (o !== 'help') {
      if (trace === undefined || trace === '') throw new UsageError('missing --trace FILE');
      if (o.invoke !== undefined) throw new UsageError('--invoke cannot be recorded yet: record runs WASI commands');
    }
    tracePath = trace;
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.err(`purewasm record: ${e.message}\n\n${USAGE}`);
    return 2;
  }
  if (o === 'help') {
    io.out(USAGE);
    return 0;
  }
  const failed = (e: unknown): number => {
    const msg = e instanceof Error ? `${e.name === 'Error' ? '' : `${e.name}: `}${e.message}` : String(e);
    io.err(`purewasm record: ${msg}\n`);
    return 1;
  };
  const written = (rec: Recording): number => {
    try {
      writeFileSync(tracePath!, rec.trace);
    } catch (e) {
      throw new Error(`cannot write the trace ${tracePath}: ${(e as Error).message}`);
    }
    if (rec.trap !== undefined) {
      io.err(formatTrap(rec.trap));
      return 134;
    }
    return rec.exitCode!;
  };
  const opts = o;
  return guestStatus(io, () => {
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(readFileSync(opts.file));
    } catch (e) {
      throw new Error(`cannot read ${opts.file}: ${(e as Error).message}`);
    }
    const options = { host: wasiHost(opts, io), fuel: opts.fuel, timeout: opts.timeout, name: opts.file, packs: COMPONENT_PACKS };
    return async ? recordAsync(bytes, options).then(written) : written(record(bytes, options));
  }, failed);
}

export default function recordMain(args: string[]): Promise<number> {
  return recordCommandAsync(args, processIo());
}
