// The `purewasm` command. Each subcommand lives in its own file; this one only dispatches.
import { readFileSync } from 'node:fs';

type Command = (args: string[]) => Promise<number> | number;

const commands: Record<string, () => Promise<{ default: Command }>> = {
  validate: () => import('./validate.js'),
  run: () => import('./run.js'),
  serve: () => import('./serve.js'),
  wit: () => import('./wit.js'),
  demo: () => import('./demo.js'),
  compile: () => import('./compile.js'),
  record: () => import('./record.js'),
  replay: () => import('./replay.js'),
  debug: () => import('./debug.js'),
};

const USAGE = `usage: purewasm <command> [options] [operands]

commands:
  run [OPTIONS] FILE [ARGS...]        run a WASI program (module or component), or --invoke an export
  serve [--addr HOST:PORT] FILE       serve HTTP with a wasi:http/incoming-handler component
  validate FILE                       check that FILE is a valid module or component (exit 1 if not)
  wit FILE                            print the WIT of a component
  debug [OPTIONS] FILE [ARGS...]      step-debug a program in a REPL; --dap / --dap-port N for editors
  compile --js FILE -o OUT.js         compile a core module's or component's functions to JavaScript ahead of time
  demo [SHARED_DIR]                   run purewasm on the project's real test binaries
  record --trace FILE [RUN OPTIONS] FILE [ARGS...]
                                      run a WASI program and record a trace of its inputs
  replay FILE [PROGRAM]               re-execute a recorded run from its trace alone

Every command takes --help. Exit status 2 means a usage error.
`;

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  if (name === undefined) {
    process.stderr.write(`purewasm: missing command\n\n${USAGE}`);
    return 2;
  }
  if (name === '--version' || name === '-V') {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    process.stdout.write(`purewasm ${pkg.version}\n`);
    return 0;
  }
  const load = commands[name];
  if (!load) {
    process.stderr.write(`purewasm: unknown command '${name}'\n\n${USAGE}`);
    return 2;
  }
  const command = (await load()).default;
  return command(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    // exitCode, not exit(): stdout may be a pipe that still has output to flush.
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`purewasm: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
