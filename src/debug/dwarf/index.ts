// The DWARF reader's entry: a module's debug information as a SourceInfo (src/debug/source-info.ts).
import { decodeModule } from '../../decoder/decode-module.js';
import type { Module } from '../../decoder/module.js';
import type { SourceInfo } from '../source-info.js';
import { DwarfSourceInfo } from './dwarf-source-info.js';
import { dwarfSections } from './sections.js';

/**
 * Reads the DWARF of a module (its bytes, or the module already decoded). Null when it has neither
 * `.debug_info` nor `.debug_line`. Throws DebugInfoError (naming the section and offset) for bad DWARF,
 * CompileError when given bytes that are not a module.
 */
export function loadSourceInfo(input: Uint8Array | Module): SourceInfo | null {
  const module = input instanceof Uint8Array ? decodeModule(input) : input;
  const sections = dwarfSections(module);
  if (!sections.info && !sections.line) return null;
  return new DwarfSourceInfo(sections);
}

export { DwarfSourceInfo };
