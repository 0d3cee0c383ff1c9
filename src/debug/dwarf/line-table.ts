// .debug_line: the line-number program of one compilation unit (DWARF 2–5 headers, every standard and
// extended opcode) run into rows grouped by sequence. Addresses are code offsets (see source-info.ts).
import { Cursor } from './cursor.js';
import type { StringSections } from './forms.js';
import { readFormString, readFormUnsigned, skipForm } from './forms.js';
import { joinPath } from './paths.js';

export interface LineRow {
  readonly address: number;
  /** Index into LineTable.files (already resolved to a path). */
  readonly file: number;
  readonly line: number;
  readonly column: number;
  readonly isStmt: boolean;
  readonly prologueEnd: boolean;
  readonly epilogueBegin: boolean;
  readonly endSequence: boolean;
  readonly discriminator: number;
}

export interface LineTable {
  readonly offset: number;
  readonly version: number;
  /** Resolved paths by DWARF file index (index 0 is unused before DWARF 5). */
  readonly files: readonly (string | undefined)[];
  /** Each sequence's rows in address order; the last row has endSequence. */
  readonly sequences: readonly (readonly LineRow[])[];
}

const DW_LNS_copy = 1, DW_LNS_advance_pc = 2, DW_LNS_advance_line = 3, DW_LNS_set_file = 4,
  DW_LNS_set_column = 5, DW_LNS_negate_stmt = 6, DW_LNS_set_basic_block = 7, DW_LNS_const_add_pc = 8,
  DW_LNS_fixed_advance_pc = 9, DW_LNS_set_prologue_end = 10, DW_LNS_set_epilogue_begin = 11, DW_LNS_set_isa = 12;
const DW_LNE_end_sequence = 1, DW_LNE_set_address = 2, DW_LNE_define_file = 3, DW_LNE_set_discriminator = 4;
const DW_LNCT_path = 1, DW_LNCT_directory_index = 2;

/** Parses the line program at `offset`; `compDir` resolves relative directories. */
export function readLineTable(data: Uint8Array, offset: number, compDir: string, strs: StringSections): LineTable {
  const c = new Cursor(data, '.debug_line', offset);
  const [unitLength, offsetSize] = c.initialLength();
  const unitEnd = c.pos + unitLength;
  if (unitEnd > data.length) c.fail('line table runs past the end of the section', offset);
  c.end = unitEnd;
  const version = c.u16();
  if (version < 2 || version > 5) c.fail(`unsupported line table version ${version}`, offset);
  let addressSize = 4;
  if (version >= 5) {
    addressSize = c.u8();
    c.u8(); // segment selector size
  }
  const headerLength = c.uN(offsetSize);
  const programStart = c.pos + headerLength;
  const minInstLength = c.u8();
  if (version >= 4) c.u8(); // maximum_operations_per_instruction (VLIW only; wasm has 1)
  const defaultIsStmt = c.u8() !== 0;
  const lineBase = (c.u8() << 24) >> 24;
  const lineRange = c.u8();
  if (lineRange === 0) c.fail('line_range is 0', offset);
  const opcodeBase = c.u8();
  const standardLengths: number[] = [0];
  for (let i = 1; i < opcodeBase; i++) standardLengths.push(c.u8());

  const dirs: string[] = [];
  const files: (string | undefined)[] = [];
  // DWARF 2–4: directory 0 is the compilation directory; the listed ones are 1-based.
  const dirPath = (i: number): string => (i === 0 || dirs[i] === undefined ? joinPath('', compDir) : joinPath(compDir, dirs[i]));
  if (version >= 5) {
    const readEntries = (): { path: string; dir: number }[] => {
      const formatCount = c.u8();
      const format: [number, number][] = [];
      for (let i = 0; i < formatCount; i++) format.push([c.uleb(), c.uleb()]);
      const n = c.uleb();
      const out: { path: string; dir: number }[] = [];
      for (let i = 0; i < n; i++) {
        let path = '';
        let dir = 0;
        for (const [type, form] of format) {
          if (type === DW_LNCT_path) path = readFormString(c, form, offsetSize, strs);
          else if (type === DW_LNCT_directory_index) dir = readFormUnsigned(c, form, offsetSize);
          else skipForm(c, form, offsetSize, addressSize, strs);
        }
        out.push({ path, dir });
      }
      return out;
    };
    for (const d of readEntries()) dirs.push(d.path);
    // DWARF 5: directory 0 is the compilation directory itself.
    const base = dirs[0] ?? compDir;
    const dir5 = (i: number): string => (i === 0 ? joinPath('', base) : joinPath(base, dirs[i] ?? ''));
    for (const f of readEntries()) files.push(joinPath(dir5(f.dir), f.path));
  } else {
    dirs.push(''); // index 0 = the compilation directory (dirPath)
    for (;;) {
      const d = c.cstr();
      if (d === '') break;
      dirs.push(d);
    }
    files.push(undefined); // file indices start at 1
    for (;;) {
      const name = c.cstr();
      if (name === '') break;
      const dir = c.uleb();
      c.uleb(); // mtime
      c.uleb(); // length
      files.push(joinPath(dirPath(dir), name));
    }
  }
  if (programStart > unitEnd || programStart < c.pos) c.fail('bad header_length', offset);
  c.pos = programStart;

  const sequences: LineRow[][] = [];
  let rows: LineRow[] = [];
  let address = 0, file = 1, line = 1, column = 0, isStmt = defaultIsStmt;
  let prologueEnd = false, epilogueBegin = false, discriminator = 0;
  const reset = (): void => {
    address = 0; file = 1; line = 1; column = 0; isStmt = defaultIsStmt;
    prologueEnd = false; epilogueBegin = false; discriminator = 0;
  };
  const emit = (endSequence: boolean): void => {
    rows.push({ address, file, line, column, isStmt, prologueEnd, epilogueBegin, endSequence, discriminator });
    prologueEnd = false; epilogueBegin = false; discriminator = 0;
    if (endSequence) {
      sequences.push(rows);
      rows = [];
      reset();
    }
  };
  while (!c.atEnd()) {
    const op = c.u8();
    if (op >= opcodeBase) {
      const adj = op - opcodeBase;
      address += Math.floor(adj / lineRange) * minInstLength;
      line += lineBase + (adj % lineRange);
      emit(false);
      continue;
    }
    switch (op) {
      case 0: {
        const len = c.uleb();
        const start = c.pos;
        if (len === 0) break;
        const sub = c.u8();
        if (sub === DW_LNE_end_sequence) emit(true);
        else if (sub === DW_LNE_set_address) address = c.uN(len - 1);
        else if (sub === DW_LNE_define_file) {
          const name = c.cstr();
          const dir = c.uleb();
          files.push(joinPath(dirPath(dir), name));
        } else if (sub === DW_LNE_set_discriminator) discriminator = c.uleb();
        c.pos = start;
        c.skip(len); // unknown extended opcodes are skipped by their length
        break;
      }
      case DW_LNS_copy: emit(false); break;
      case DW_LNS_advance_pc: address += c.uleb() * minInstLength; break;
      case DW_LNS_advance_line: line += c.sleb(); break;
      case DW_LNS_set_file: file = c.uleb(); break;
      case DW_LNS_set_column: column = c.uleb(); break;
      case DW_LNS_negate_stmt: isStmt = !isStmt; break;
      case DW_LNS_set_basic_block: break;
      case DW_LNS_const_add_pc: address += Math.floor((255 - opcodeBase) / lineRange) * minInstLength; break;
      case DW_LNS_fixed_advance_pc: address += c.u16(); break;
      case DW_LNS_set_prologue_end: prologueEnd = true; break;
      case DW_LNS_set_epilogue_begin: epilogueBegin = true; break;
      case DW_LNS_set_isa: c.uleb(); break;
      default:
        // An opcode this version does not define: skip its ULEB operands as the header says.
        for (let i = 0; i < standardLengths[op]; i++) c.uleb();
    }
  }
  // A program that ends without end_sequence keeps its rows (a truncated table is still useful).
  if (rows.length > 0) sequences.push(rows);
  return { offset, version, files, sequences };
}
