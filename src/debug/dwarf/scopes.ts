// Which DIEs contain a pc: the unit, its subprogram, and the chain of lexical blocks and inlined
// subroutines inside it. Each unit's subprograms are indexed the first time a pc falls in the unit.
import { DW_AT, DW_TAG } from './constants.js';
import type { DebugInfo, Die, Unit } from './units.js';

interface FunctionEntry {
  readonly die: Die;
  readonly ranges: readonly [number, number][];
}

const MAX_ORIGIN_HOPS = 16;

export class Scopes {
  private readonly info: DebugInfo;
  private readonly unitRanges: ([number, number][] | undefined)[];
  private readonly functions = new Map<Unit, FunctionEntry[]>();

  constructor(info: DebugInfo) {
    this.info = info;
    this.unitRanges = info.units.map((u) => {
      const r = info.ranges(u.root);
      return r.length > 0 ? r : undefined; // a unit without ranges is searched by its functions
    });
  }

  /** Subprograms with code, of every unit (builds every unit's tree: for whole-module queries). */
  allFunctions(): FunctionEntry[] {
    const out: FunctionEntry[] = [];
    for (const u of this.info.units) out.push(...this.functionsOf(u));
    return out;
  }

  functionsOf(unit: Unit): FunctionEntry[] {
    let list = this.functions.get(unit);
    if (list) return list;
    list = [];
    const root = this.info.tree(unit).get(unit.root.offset) as Die;
    const walk = (d: Die): void => {
      for (const c of d.children) {
        if (c.tag === DW_TAG.subprogram) {
          // low_pc 0 and 0xfffffffe/f are tombstones (discarded code): offset 0 of the Code contents is
          // the function count, never a body.
          const ranges = this.info.ranges(c).filter(([lo, hi]) => lo !== 0 && lo < 0xffff_fffe && hi > lo);
          if (ranges.length > 0) list?.push({ die: c, ranges });
        }
        if (c.children.length > 0 && c.tag !== DW_TAG.subprogram) walk(c);
      }
    };
    walk(root);
    this.functions.set(unit, list);
    return list;
  }

  /** The subprogram whose ranges contain pc. */
  functionAt(pc: number): FunctionEntry | undefined {
    const units = this.info.units;
    for (let i = 0; i < units.length; i++) {
      const r = this.unitRanges[i];
      if (r && !r.some(([lo, hi]) => pc >= lo && pc < hi)) continue;
      for (const f of this.functionsOf(units[i])) {
        if (f.ranges.some(([lo, hi]) => pc >= lo && pc < hi)) return f;
      }
    }
    return undefined;
  }

  /** The subprogram and every lexical block / inlined subroutine containing pc, outermost first. */
  chainAt(pc: number): Die[] {
    const f = this.functionAt(pc);
    if (!f) return [];
    const chain: Die[] = [f.die];
    let cur = f.die;
    for (;;) {
      let next: Die | undefined;
      for (const c of cur.children) {
        if (c.tag !== DW_TAG.lexical_block && c.tag !== DW_TAG.inlined_subroutine) continue;
        if (this.contains(c, pc)) { next = c; break; }
      }
      if (!next) return chain;
      chain.push(next);
      cur = next;
    }
  }

  /** Does a block or inlined instance contain pc? A lexical block without any range attribute covers
   *  its parent (DWARF allows blocks that only group declarations). */
  contains(d: Die, pc: number): boolean {
    const a = d.attrs;
    if (d.tag === DW_TAG.lexical_block && !a.has(DW_AT.low_pc) && !a.has(DW_AT.ranges)) return true;
    return this.info.ranges(d).some(([lo, hi]) => pc >= lo && pc < hi);
  }

  /** DW_AT_name, following abstract_origin / specification. */
  name(d: Die): string | undefined {
    let cur: Die | undefined = d;
    for (let i = 0; cur && i < MAX_ORIGIN_HOPS; i++) {
      const n = this.info.string(cur.unit, cur.attrs.get(DW_AT.name));
      if (n !== undefined) return n;
      cur = this.info.deref(cur.attrs.get(DW_AT.abstract_origin)) ?? this.info.deref(cur.attrs.get(DW_AT.specification));
    }
    return undefined;
  }

  /** An attribute of d or of its abstract origin / specification (types of inlined variables). */
  attr(d: Die, at: number): { die: Die; value: NonNullable<ReturnType<Die['attrs']['get']>> } | undefined {
    let cur: Die | undefined = d;
    for (let i = 0; cur && i < MAX_ORIGIN_HOPS; i++) {
      const v = cur.attrs.get(at);
      if (v) return { die: cur, value: v };
      cur = this.info.deref(cur.attrs.get(DW_AT.abstract_origin)) ?? this.info.deref(cur.attrs.get(DW_AT.specification));
    }
    return undefined;
  }
}
