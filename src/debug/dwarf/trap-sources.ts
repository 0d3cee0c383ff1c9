// Source positions for a trap's backtrace (`purewasm run`, `record`, `replay`, `serve`): a frame's byte
// offset in the module (the trapping instruction, or a caller's call) as the source lines the module's DWARF
// gives for it, the functions inlined there first — what a crash report prints under each wasm frame.
import { decodeModule } from '../../decoder/decode-module.js';
import type { SourceInfo } from '../source-info.js';
import { loadSourceInfo } from './index.js';

/** One source frame at an offset: the function (an inlined one, or the one the offset is in) and where. */
export interface TrapSource {
  readonly name: string;
  readonly inlined: boolean;
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/**
 * A lookup of the source frames at a module byte offset, innermost first ([] where the DWARF says nothing),
 * for a core module's bytes; null when the module has no DWARF. Never throws: a backtrace is printed
 * whether the DWARF can be read or not (unreadable DWARF is null, a frame it fails on is []).
 */
export function trapSources(bytes: Uint8Array): ((offset: number) => TrapSource[]) | null {
  const read = debugInfoOf(bytes);
  if (read === null) return null;
  const { info, codeStart } = read;
  return (offset) => {
    // (DWARF addresses count from the Code section's contents)
    const pc = offset - codeStart;
    try {
      const at = info.locationAt(pc);
      const frames = info.framesAt(pc);
      if (frames.length === 0) return at === undefined || at.line === 0 ? [] : [{ name: '', inlined: false, file: at.file, line: at.line, column: at.column }];
      // the innermost frame is where the line table says; each one around an inlined call, at that call
      return frames.map((f, i) => {
        const where = i === 0 ? at : f.callSite;
        return { name: f.name, inlined: f.inlined, file: where?.file ?? '', line: where?.line ?? 0, column: where?.column ?? 0 };
      }).filter((s) => s.file !== '' && s.line !== 0);
    } catch {
      return [];
    }
  };
}

/** The module's DWARF and where its Code section's contents start; null without DWARF, or for bytes that do
 *  not decode (or DWARF that does not read). */
function debugInfoOf(bytes: Uint8Array): { info: SourceInfo; codeStart: number } | null {
  try {
    const module = decodeModule(bytes);
    const codeStart = module.sectionOffsets?.[10] ?? -1;
    const info = codeStart < 0 ? null : loadSourceInfo(module);
    return info === null ? null : { info, codeStart };
  } catch {
    return null;
  }
}
