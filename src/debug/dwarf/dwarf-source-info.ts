// SourceInfo over a module's DWARF: line lookup, breakpoints, frames (with inlined instances), variables
// and expressions. Line tables are read at load; DIE trees per unit on first use.
import type { FrameAccess, SourceFrame, SourceInfo, SourceLocation, VariableView } from '../source-info.js';
import { DW_AT, DW_TAG } from './constants.js';
import { LineIndex } from './line-index.js';
import type { Row } from './line-index.js';
import { readLineTable } from './line-table.js';
import type { LineTable } from './line-table.js';
import { Scopes } from './scopes.js';
import type { DwarfSections } from './sections.js';
import { DebugInfo } from './units.js';
import type { Die } from './units.js';
import { Values } from './values.js';

export class DwarfSourceInfo implements SourceInfo {
  readonly info: DebugInfo;
  readonly lines: LineIndex;
  readonly scopes: Scopes;
  /** Resolved file path by (unit, DWARF file index), for DW_AT_call_file / decl_file. */
  private readonly unitFiles = new Map<number, readonly (string | undefined)[]>();
  private readonly values: Values;

  constructor(sections: DwarfSections) {
    this.info = new DebugInfo(sections);
    const tables: LineTable[] = [];
    const line = sections.line;
    if (line) {
      for (const u of this.info.units) {
        const sl = u.root.attrs.get(DW_AT.stmt_list);
        if (!sl || (sl.k !== 'secoff' && sl.k !== 'data' && sl.k !== 'udata')) continue;
        const t = readLineTable(line, sl.v, u.compDir, this.info.strs);
        tables.push(t);
        this.unitFiles.set(u.unitOffset, t.files);
      }
    }
    this.lines = new LineIndex(tables);
    this.scopes = new Scopes(this.info);
    this.values = new Values(this.info, this.scopes);
  }

  files(): string[] {
    return this.lines.files.slice();
  }

  locationAt(pc: number): SourceLocation | undefined {
    const r = this.lines.rowAt(pc);
    return r ? toLocation(r) : undefined;
  }

  isStatementStart(pc: number): boolean {
    return this.lines.isStatementStart(pc);
  }

  breakpointAddresses(file: string, line: number): number[] {
    const files = this.lines.matchFiles(file);
    if (files.size === 0) return [];
    // Group the line's is_stmt rows by the innermost function instance (subprogram or inlined
    // subroutine) containing them; each group contributes its lowest address.
    const lowest = new Map<unknown, number>();
    for (const seq of this.lines.sequences) {
      for (const r of seq.rows) {
        if (r.endSequence || !r.isStmt || r.line !== line || !files.has(r.path)) continue;
        const key = this.instanceAt(r.address) ?? seq;
        const prev = lowest.get(key);
        if (prev === undefined || r.address < prev) lowest.set(key, r.address);
      }
    }
    return [...new Set(lowest.values())].sort((a, b) => a - b);
  }

  /** The innermost subprogram or inlined subroutine DIE containing pc. */
  private instanceAt(pc: number): Die | undefined {
    const chain = this.scopes.chainAt(pc);
    for (let i = chain.length - 1; i >= 0; i--) if (chain[i].tag !== DW_TAG.lexical_block) return chain[i];
    return undefined;
  }

  prologueEnd(pc: number): number | undefined {
    const f = this.scopes.functionAt(pc);
    let lo: number, hi: number;
    if (f) {
      const range = f.ranges.find(([a, b]) => pc >= a && pc < b) ?? f.ranges[0];
      [lo, hi] = range;
    } else {
      const seq = this.lines.sequenceAt(pc);
      if (!seq) return undefined;
      lo = seq.start;
      hi = seq.end;
    }
    let first: number | undefined;
    for (const seq of this.lines.sequences) {
      if (seq.end <= lo || seq.start >= hi) continue;
      for (const r of seq.rows) {
        if (r.endSequence || r.address < lo || r.address >= hi) continue;
        if (r.prologueEnd) return r.address;
        if (first === undefined || r.address < first) first = r.address;
      }
    }
    return first;
  }

  framesAt(pc: number): SourceFrame[] {
    const chain = this.scopes.chainAt(pc);
    const frames: SourceFrame[] = [];
    let callSite: SourceFrame['callSite'];
    for (let i = chain.length - 1; i >= 0; i--) {
      const d = chain[i];
      if (d.tag === DW_TAG.lexical_block) continue;
      const inlined = d.tag === DW_TAG.inlined_subroutine;
      const name = this.scopes.name(d) ?? '<unknown>';
      frames.push(callSite ? { name, inlined, callSite } : { name, inlined });
      callSite = inlined ? this.callSite(d) : undefined;
    }
    return frames;
  }

  private callSite(d: Die): SourceFrame['callSite'] {
    const num = (at: number): number => {
      const v = d.attrs.get(at);
      return v && (v.k === 'data' || v.k === 'udata' || v.k === 'sdata') ? v.v : 0;
    };
    return { file: this.fileName(d, num(DW_AT.call_file)), line: num(DW_AT.call_line), column: num(DW_AT.call_column) };
  }

  /** A unit's DWARF file index as a resolved path. */
  fileName(d: Die, index: number): string {
    return this.unitFiles.get(d.unit.unitOffset)?.[index] ?? `<file ${index}>`;
  }

  variablesAt(pc: number, depth: number, frame: FrameAccess): VariableView[] {
    return this.values.variablesAt(pc, depth, frame);
  }

  evaluate(expression: string, pc: number, frame: FrameAccess): VariableView {
    return this.values.evaluate(expression, pc, frame);
  }
}

function toLocation(r: Row): SourceLocation {
  return { file: r.path, line: r.line, column: r.column, isStmt: r.isStmt, address: r.address };
}
