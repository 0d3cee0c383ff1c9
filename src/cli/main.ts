// The `purewasm` command. Each subcommand lives in its own file; this one only dispatches.
import { readFileSync } from 'node:fs';

type Command = (args: string[]) => Promise<number> | number;

const commands: Record<string, () => Promise<{ default: Command }>> = {
  validate: () => import('./validate.js'),
  run: () => import('./run.js'),
  wit: () => import('./wit.js'),
  demo: () => import('./demo.js'),
};

const USAGE = `usage: purewasm <command> [options]

commands:
  validate FILE                       check that FILE is a valid module or component (exit 1 if not)
  run [--fuel N] [--timeout S] --invoke NAME FILE [ARGS...]
                                      call an export of a core module and print its results
                                      (a trap prints its backtrace and exits 134)
  wit FILE                            print the WIT of a component
  demo [SHARED_DIR]                   run purewasm on the real binaries under ../shared
`;

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(USAGE);
    return name === undefined ? 2 : 0;
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
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`purewasm: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
