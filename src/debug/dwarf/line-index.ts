// All line tables of a module as one lookup structure: sequences sorted by start address, rows by address.
import type { LineRow, LineTable } from './line-table.js';
import { baseName } from './paths.js';

export interface Row extends LineRow {
  /** The resolved file path. */
  readonly path: string;
}

export interface Sequence {
  readonly start: number;
  /** The end_sequence row's address (exclusive). */
  readonly end: number;
  readonly rows: readonly Row[];
}

const TOMBSTONE = 0xffff_fffe;

export class LineIndex {
  readonly sequences: Sequence[] = [];
  readonly files: string[] = [];
  /** Addresses where an is_stmt row with line != 0 starts. */
  private readonly stmtStarts = new Set<number>();

  constructor(tables: readonly LineTable[]) {
    const seen = new Set<string>();
    for (const t of tables) {
      for (const f of t.files) {
        if (f !== undefined && !seen.has(f)) {
          seen.add(f);
          this.files.push(f);
        }
      }
      for (const seqRows of t.sequences) {
        // A sequence at a tombstone address (0xffffffff / 0xfffffffe, what wasm-ld writes for code it
        // discarded) describes no code; llvm-dwarfdump drops it too.
        if (seqRows.length === 0 || seqRows[0].address >= TOMBSTONE) continue;
        const rows: Row[] = seqRows.map((r) => ({ ...r, path: t.files[r.file] ?? `<file ${r.file}>` }));
        const last = rows[rows.length - 1];
        const end = last.endSequence ? last.address : last.address + 1;
        this.sequences.push({ start: rows[0].address, end, rows });
        for (const r of rows) if (r.isStmt && r.line !== 0 && !r.endSequence) this.stmtStarts.add(r.address);
      }
    }
    this.sequences.sort((a, b) => a.start - b.start);
  }

  sequenceAt(pc: number): Sequence | undefined {
    // Sequences of discarded code may overlap live ones at low addresses (wasm-ld's tombstones); the
    // first (lowest-starting) sequence that contains pc wins.
    for (const s of this.sequences) {
      if (s.start > pc) break;
      if (pc < s.end) return s;
    }
    return undefined;
  }

  /** The index in seq.rows of the row governing pc: the last row with the greatest address <= pc. */
  rowIndexAt(seq: Sequence, pc: number): number {
    const rows = seq.rows;
    let lo = 0, hi = rows.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (rows[mid].address <= pc) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  rowAt(pc: number): Row | undefined {
    const seq = this.sequenceAt(pc);
    if (!seq) return undefined;
    const row = seq.rows[this.rowIndexAt(seq, pc)];
    return row.endSequence ? undefined : row;
  }

  isStatementStart(pc: number): boolean {
    return this.stmtStarts.has(pc);
  }

  /** The files a user's path names: the exact path if a table has it, else those sharing the longest
   *  trailing run of path segments with it (at least the file name). */
  matchFiles(file: string): Set<string> {
    if (this.files.includes(file)) return new Set([file]);
    const want = file.split(/[\\/]/).filter((s) => s !== '' && s !== '.');
    if (want.length === 0) return new Set();
    let best = 0;
    let out = new Set<string>();
    for (const f of this.files) {
      if (baseName(f) !== want[want.length - 1]) continue;
      const have = f.split('/').filter((s) => s !== '' && s !== '.');
      let n = 0;
      while (n < have.length && n < want.length && have[have.length - 1 - n] === want[want.length - 1 - n]) n++;
      if (n > best) { best = n; out = new Set([f]); } else if (n === best) out.add(f);
    }
    return out;
  }
}
