// The validator's part of an instruction pack (src/decoder/features.ts says what packs are): the body walk
// hands each 0xFB / 0xFD / 0xFE instruction, the legacy exception-handling ones and the wide-arithmetic ones
// (0xFC 19..22), to the pack the module was compiled with, or refuses it naming the pack.
import { CompileError } from '../decoder/errors.js';
import type { InstructionPack, PackFamily } from '../decoder/features.js';
import { packFamily } from '../decoder/features.js';
import { opName } from '../decoder/opcodes.js';
import type { Module } from '../decoder/module.js';
import type { BodyWalker } from './body-walker.js';
import type { Immediates } from './sink.js';

export interface ValidatorPack extends InstructionPack {
  /** Validates instruction `op` (immediates decoded into `imm`) on the walker's stacks. */
  validate(w: BodyWalker, op: number, imm: Immediates): void;
}

/**
 * The pack that validates instruction `op` (0xFB, 0xFD, 0xFE or relaxed SIMD's 0xFF numbering, a legacy
 * exception-handling opcode or a wide-arithmetic one) of `module`, or a CompileError naming the instruction,
 * where it is, and how to give the pack.
 */
export function packFor(module: Module, op: number, section: string, offset: number, funcIndex: number): ValidatorPack {
  const family = packFamily(op);
  const pack = module.features?.[family];
  if (pack !== undefined) {
    // (a plain JS caller can swap them: `{ gc: simd }` would run the wrong instructions' code)
    if (pack.family !== family) throw new TypeError(`the ${family} feature is given the ${pack.family} pack (purewasm/${entryOf(pack.family)})`);
    return pack as ValidatorPack;
  }
  const entry = entryOf(family);
  const hex = (n: number): string => n.toString(16).padStart(2, '0');
  let label = entry;
  let what: string;
  if (op < 0x100) {
    // a single-byte opcode: legacy exception handling, named by the core (opcodes.ts)
    what = `legacy exception instruction ${opName(op)} (0x${hex(op)})`;
  } else if (op >> 8 === 0xfc) {
    // wide arithmetic, named by the core too
    what = `${entry} instruction ${opName(op)} (0xfc 0x${hex(op & 0xff)})`;
  } else {
    const relaxed = op >> 8 === 0xff;
    if (family !== 'threads') label = family.toUpperCase();
    what = `${label} instruction 0x${(relaxed ? 0xfd : op >> 8).toString(16)} 0x${hex(relaxed ? 0x100 + (op & 0xff) : op & 0xff)}`;
  }
  const where = funcIndex >= 0 ? ` in function ${funcIndex}` : '';
  throw new CompileError(
    `${what}${where} at offset 0x${offset.toString(16)} needs the ${label} pack: ` +
      `new Module(bytes, { ${family} }) with import { ${family} } from 'purewasm/${entry}'`,
    section, offset, 'invalid',
  );
}

/** The package entry of pack `family` (`purewasm/legacy-exceptions` for `legacyExceptions`). */
function entryOf(family: PackFamily): string {
  return family.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());
}
