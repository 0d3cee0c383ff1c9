// The DWARF sections of a wasm module: custom sections named ".debug_*". (DWARF addresses are already
// offsets from the Code section's contents, so the reader never needs the section's position.)
import type { Module } from '../../decoder/module.js';

export interface DwarfSections {
  readonly info?: Uint8Array;
  readonly abbrev?: Uint8Array;
  readonly line?: Uint8Array;
  readonly str?: Uint8Array;
  readonly lineStr?: Uint8Array;
  readonly strOffsets?: Uint8Array;
  readonly addr?: Uint8Array;
  readonly ranges?: Uint8Array;
  readonly rnglists?: Uint8Array;
  readonly loc?: Uint8Array;
  readonly loclists?: Uint8Array;
}

const NAMES: Record<string, keyof DwarfSections> = {
  '.debug_info': 'info', '.debug_abbrev': 'abbrev', '.debug_line': 'line', '.debug_str': 'str',
  '.debug_line_str': 'lineStr', '.debug_str_offsets': 'strOffsets', '.debug_addr': 'addr',
  '.debug_ranges': 'ranges', '.debug_rnglists': 'rnglists', '.debug_loc': 'loc', '.debug_loclists': 'loclists',
};

export function dwarfSections(module: Module): DwarfSections {
  const out: { -readonly [K in keyof DwarfSections]?: Uint8Array } = {};
  for (const c of module.customs) {
    const key = NAMES[c.name];
    if (key !== undefined) out[key] = c.data;
  }
  return out;
}
