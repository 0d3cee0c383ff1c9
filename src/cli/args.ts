// The one argument convention of every subcommand: `--help`/`-h` prints the usage on stdout and exits 0; an
// unknown option or a wrong number of operands prints the problem and the usage on stderr and exits 2.
// Options come before the operands; `--` ends the options.

export interface ParsedArgs {
  readonly positional: string[];
  /** Options that take no value and were given (without the leading dashes). */
  readonly flags: ReadonlySet<string>;
}

export interface ArgSpec {
  /** Allowed number of operands: [min, max]. */
  readonly positional: readonly [number, number];
  /** Options without a value that the command accepts (e.g. 'json'). */
  readonly flags?: readonly string[];
}

/** The parsed arguments, or the exit status when the command must stop here (help shown, usage error). */
export function parseArgs(command: string, usage: string, argv: readonly string[], spec: ArgSpec): ParsedArgs | number {
  const positional: string[] = [];
  const flags = new Set<string>();
  let optionsDone = false;
  for (const arg of argv) {
    if (!optionsDone && (arg === '--help' || arg === '-h')) {
      process.stdout.write(usage);
      return 0;
    }
    if (!optionsDone && arg === '--') {
      optionsDone = true;
    } else if (!optionsDone && arg.startsWith('-') && arg !== '-') {
      const name = arg.replace(/^--?/, '');
      if (!spec.flags?.includes(name)) return usageError(command, usage, `unknown option '${arg}'`);
      flags.add(name);
    } else {
      positional.push(arg);
    }
  }
  const [min, max] = spec.positional;
  if (positional.length < min) return usageError(command, usage, min === 1 ? 'missing FILE' : `expected at least ${min} operands`);
  if (positional.length > max) return usageError(command, usage, `unexpected operand '${positional[max]}'`);
  return { positional, flags };
}

export function usageError(command: string, usage: string, problem: string): number {
  process.stderr.write(`purewasm ${command}: ${problem}\n\n${usage}`);
  return 2;
}
