// The debugger fixtures (../shared/fixtures/debug): binaries, their lines.json ground truth, scenarios.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SHARED } from '../../shared.js';

export const DEBUG_DIR = join(SHARED, 'fixtures/debug');

export function binaries(): string[] {
  return readdirSync(join(DEBUG_DIR, 'expected'))
    .filter((f) => f.endsWith('.lines.json'))
    .map((f) => f.slice(0, -'.lines.json'.length));
}

export function wasm(name: string): Uint8Array {
  return new Uint8Array(readFileSync(join(DEBUG_DIR, name.endsWith('.wasm') ? name : `${name}.wasm`)));
}

export interface ExpectedRow {
  code_offset: number; file: string; line: number; column: number; is_stmt: boolean; prologue_end: boolean;
  end_sequence: boolean; discriminator?: number; epilogue_begin?: boolean;
}
export interface ExpectedInlined {
  die: string; name: string; ranges: [number, number][]; call_file: string; call_line: number; call_column: number; nesting: number;
}
export interface ExpectedLines {
  code_section: { contents_start: number };
  functions: {
    index: number; name: string; body_code_offset: number; first_instr_code_offset: number; body_code_end: number;
    dwarf: null | { name: string; low_pc: number; high_pc: number; frame_base: string; inlined: ExpectedInlined[] };
  }[];
  line_tables: { debug_line_offset: number; version: number; files: Record<string, { path: string }>; rows: ExpectedRow[] }[];
}

export function expectedLines(name: string): ExpectedLines {
  return JSON.parse(readFileSync(join(DEBUG_DIR, 'expected', `${name}.lines.json`), 'utf8')) as ExpectedLines;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;
export function scenarios(): Json[] {
  return (JSON.parse(readFileSync(join(DEBUG_DIR, 'scenarios.json'), 'utf8')) as Json).scenarios as Json[];
}
