// `purewasm validate FILE`: exit 0 when FILE is a valid core module or component, 1 (with the reason, section
// and byte offset) when it is not. Module vs component is decided by the header's layer field.
import { readFileSync } from 'node:fs';
import { CompileError, Module, validateComponent } from '../index.js';
import { parseArgs } from './args.js';
import { COMPONENT_PACKS, PACKS } from './packs.js';

const USAGE = `usage: purewasm validate FILE

Checks that FILE is a valid WebAssembly core module or component.
Exit status: 0 valid, 1 invalid or unreadable (the reason names section and byte offset), 2 usage error.
`;

/** Bytes 6–7 of the header: 0 for a core module, 1 for a component. */
function isComponent(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && bytes[0] === 0 && bytes[1] === 0x61 && bytes[2] === 0x73 && bytes[3] === 0x6d && (bytes[6] !== 0 || bytes[7] !== 0);
}

export default function validateCommand(argv: string[]): number {
  const args = parseArgs('validate', USAGE, argv, { positional: [1, 1] });
  if (typeof args === 'number') return args;
  const file = args.positional[0]!;
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(file));
  } catch (e) {
    process.stderr.write(`purewasm validate: cannot read ${file}: ${(e as Error).message}\n`);
    return 1;
  }
  const component = isComponent(bytes);
  try {
    if (component) validateComponent(bytes, COMPONENT_PACKS);
    else new Module(bytes, PACKS);
  } catch (e) {
    if (e instanceof CompileError) {
      process.stderr.write(`${file}: invalid ${component ? 'component' : 'module'}: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
  process.stdout.write(`${file}: valid ${component ? 'component' : 'core module'}\n`);
  return 0;
}
