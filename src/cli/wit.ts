// `purewasm wit FILE`: print the WIT of a component (root world, then every interface it uses).
import { readFileSync } from 'node:fs';
import { CompileError, Component } from '../index.js';
import { printWit } from '../wit/index.js';
import { parseArgs } from './args.js';
import { COMPONENT_PACKS } from './packs.js';

const USAGE = `usage: purewasm wit FILE

Prints the world of the component in FILE, and every interface it uses, as WIT.
Exit status: 0 printed, 1 unreadable or invalid component, 2 usage error.
`;

export default function wit(argv: string[]): number {
  const args = parseArgs('wit', USAGE, argv, { positional: [1, 1] });
  if (typeof args === 'number') return args;
  const file = args.positional[0]!;
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    process.stderr.write(`purewasm wit: cannot read ${file}: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
  try {
    process.stdout.write(printWit(Component.decode(bytes, COMPONENT_PACKS)));
    return 0;
  } catch (e) {
    if (e instanceof CompileError) {
      process.stderr.write(`purewasm wit: ${file}: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}
