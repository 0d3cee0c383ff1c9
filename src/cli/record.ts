// `purewasm record --trace FILE [RUN OPTIONS] PROGRAM [ARGS…]`: runs a WASI command exactly as `purewasm
// run` does (same options, same output, same exit status) and writes a trace of everything the program
// received from outside (src/replay), from which `purewasm replay` re-executes it without the host.
import { readFileSync, writeFileSync } from 'node:fs';
import { record } from '../replay/index.js';
import { formatTrap, parseRunArgs, processIo, UsageError, wasiHost, type RunIo } from './run.js';

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

export function recordCommand(argv: readonly string[], io: RunIo): number {
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
  try {
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(readFileSync(o.file));
    } catch (e) {
      throw new Error(`cannot read ${o.file}: ${(e as Error).message}`);
    }
    const rec = record(bytes, { host: wasiHost(o, io), fuel: o.fuel, timeout: o.timeout, name: o.file });
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
  } catch (e) {
    const msg = e instanceof Error ? `${e.name === 'Error' ? '' : `${e.name}: `}${e.message}` : String(e);
    io.err(`purewasm record: ${msg}\n`);
    return 1;
  } finally {
    io.stdout.flush?.();
    io.stderr.flush?.();
  }
}

export default function recordMain(args: string[]): number {
  return recordCommand(args, processIo());
}
