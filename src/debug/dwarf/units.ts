// .debug_info: unit headers (DWARF 2–5), abbreviation tables and the DIE tree of each unit, parsed lazily:
// loading reads only each unit's header and root DIE; a unit's whole tree is built the first time
// something asks for it (a pc inside it, a reference into it).
import { DW_AT, DW_TAG } from './constants.js';
import { Cursor, dwarfError } from './cursor.js';
import type { AttrValue, StringSections, UnitShape } from './forms.js';
import { readForm, DW_FORM } from './forms.js';
import type { DwarfSections } from './sections.js';

interface AbbrevAttr {
  readonly at: number;
  readonly form: number;
  readonly implicitConst: number;
}
interface Abbrev {
  readonly tag: number;
  readonly hasChildren: boolean;
  readonly attrs: readonly AbbrevAttr[];
}

export interface Die {
  readonly offset: number;
  readonly tag: number;
  readonly attrs: ReadonlyMap<number, AttrValue>;
  readonly children: Die[];
  readonly parent: Die | undefined;
  readonly unit: Unit;
}

export interface Unit extends UnitShape {
  readonly end: number;
  readonly dieStart: number;
  readonly abbrevs: ReadonlyMap<number, Abbrev>;
  readonly root: Die;
  /** DW_AT_low_pc of the unit: the base of .debug_ranges / .debug_loc entries. */
  readonly baseAddress: number;
  readonly compDir: string;
  readonly name: string;
  readonly strOffsetsBase: number;
  readonly addrBase: number;
  readonly rnglistsBase: number;
  readonly loclistsBase: number;
  /** All DIEs of the unit by offset, built on first use. */
  dies: Map<number, Die> | undefined;
}

/** Reads the abbreviation table at `offset` (units usually share one: `cache` is keyed by offset). */
function readAbbrevs(data: Uint8Array, offset: number, cache: Map<number, Map<number, Abbrev>>): Map<number, Abbrev> {
  const cached = cache.get(offset);
  if (cached) return cached;
  const c = new Cursor(data, '.debug_abbrev', offset);
  const table = new Map<number, Abbrev>();
  for (;;) {
    const code = c.uleb();
    if (code === 0) break;
    const tag = c.uleb();
    const hasChildren = c.u8() !== 0;
    const attrs: AbbrevAttr[] = [];
    for (;;) {
      const at = c.uleb();
      const form = c.uleb();
      if (at === 0 && form === 0) break;
      const implicitConst = form === DW_FORM.implicit_const ? c.sleb() : 0;
      attrs.push({ at, form, implicitConst });
    }
    table.set(code, { tag, hasChildren, attrs });
  }
  cache.set(offset, table);
  return table;
}

/** The DWARF of one module: its units (headers and roots read eagerly, trees on demand). */
export class DebugInfo {
  readonly sections: DwarfSections;
  readonly strs: StringSections;
  readonly units: Unit[] = [];
  private readonly abbrevTables = new Map<number, Map<number, Abbrev>>();

  constructor(sections: DwarfSections) {
    this.sections = sections;
    this.strs = { str: sections.str, lineStr: sections.lineStr };
    const info = sections.info;
    if (!info) return;
    let pos = 0;
    while (pos < info.length) {
      const unit = this.readUnitHeader(info, pos);
      this.units.push(unit);
      pos = unit.end;
    }
  }

  private readUnitHeader(info: Uint8Array, offset: number): Unit {
    const c = new Cursor(info, '.debug_info', offset);
    const [length, offsetSize] = c.initialLength();
    const end = c.pos + length;
    if (end > info.length) c.fail('unit runs past the end of the section', offset);
    c.end = end;
    const version = c.u16();
    if (version < 2 || version > 5) c.fail(`unsupported DWARF version ${version}`, offset);
    let addressSize: number;
    let abbrevOffset: number;
    if (version >= 5) {
      const unitType = c.u8();
      addressSize = c.u8();
      abbrevOffset = c.uN(offsetSize);
      if (unitType === 0x04 || unitType === 0x05) c.skip(8); // skeleton/split_compile: dwo_id
      else if (unitType === 0x02 || unitType === 0x06) c.skip(8 + offsetSize); // type units: signature, type offset
    } else {
      abbrevOffset = c.uN(offsetSize);
      addressSize = c.u8();
    }
    if (addressSize !== 4 && addressSize !== 8) c.fail(`unsupported address size ${addressSize}`, offset);
    const abbrevData = this.sections.abbrev;
    if (!abbrevData) return c.fail('.debug_info without .debug_abbrev', offset);
    const abbrevs = readAbbrevs(abbrevData, abbrevOffset, this.abbrevTables);
    const shape: UnitShape = { offsetSize, addressSize, version, unitOffset: offset };
    const dieStart = c.pos;
    const unit = {
      ...shape, end, dieStart, abbrevs, baseAddress: 0, compDir: '', name: '', strOffsetsBase: 8,
      addrBase: 8, rnglistsBase: 0, loclistsBase: 0, dies: undefined,
    } as unknown as { -readonly [K in keyof Unit]: Unit[K] };
    const root = this.readDie(c, unit, undefined);
    if (!root) return c.fail('unit without a root DIE', dieStart);
    unit.root = root;
    const num = (at: number): number | undefined => {
      const v = root.attrs.get(at);
      return v && v.k !== 'other' && typeof v.v === 'number' ? v.v : undefined;
    };
    unit.strOffsetsBase = num(DW_AT.str_offsets_base) ?? 8;
    unit.addrBase = num(DW_AT.addr_base) ?? 8;
    unit.rnglistsBase = num(DW_AT.rnglists_base) ?? num(DW_AT.GNU_ranges_base) ?? 0;
    unit.loclistsBase = num(DW_AT.loclists_base) ?? 0;
    unit.baseAddress = this.address(unit, root.attrs.get(DW_AT.low_pc)) ?? 0;
    unit.compDir = this.string(unit, root.attrs.get(DW_AT.comp_dir)) ?? '';
    unit.name = this.string(unit, root.attrs.get(DW_AT.name)) ?? '';
    return unit;
  }

  /** Reads one DIE (without children) at c.pos; undefined for a null entry. */
  private readDie(c: Cursor, unit: Unit, parent: Die | undefined): (Die & { hasChildren: boolean }) | undefined {
    const offset = c.pos;
    const code = c.uleb();
    if (code === 0) return undefined;
    const ab = unit.abbrevs.get(code);
    if (!ab) return c.fail(`unknown abbreviation code ${code}`, offset);
    const attrs = new Map<number, AttrValue>();
    for (const a of ab.attrs) attrs.set(a.at, readForm(c, a.form, unit, this.strs, a.implicitConst));
    return { offset, tag: ab.tag, attrs, children: [], parent, unit, hasChildren: ab.hasChildren };
  }

  /** Builds (once) the whole DIE tree of a unit and its offset index. */
  tree(unit: Unit): Map<number, Die> {
    if (unit.dies) return unit.dies;
    const info = this.sections.info as Uint8Array;
    const c = new Cursor(info, '.debug_info', unit.dieStart, unit.end);
    const dies = new Map<number, Die>();
    // Re-read the root so its children list is filled.
    const root = this.readDie(c, unit, undefined);
    if (!root) return c.fail('unit without a root DIE', unit.dieStart);
    (unit as { root: Die }).root = root;
    dies.set(root.offset, root);
    const stack: Die[] = [];
    if (root.hasChildren) stack.push(root);
    while (stack.length > 0 && !c.atEnd()) {
      const parent = stack[stack.length - 1];
      const die = this.readDie(c, unit, parent);
      if (!die) {
        stack.pop();
        continue;
      }
      parent.children.push(die);
      dies.set(die.offset, die);
      if (die.hasChildren) stack.push(die);
    }
    unit.dies = dies;
    return dies;
  }

  unitAt(infoOffset: number): Unit | undefined {
    for (const u of this.units) if (infoOffset >= u.unitOffset && infoOffset < u.end) return u;
    return undefined;
  }

  /** The DIE a reference attribute points at (any unit). */
  deref(v: AttrValue | undefined): Die | undefined {
    if (!v || v.k !== 'ref') return undefined;
    const u = this.unitAt(v.v);
    return u ? this.tree(u).get(v.v) : undefined;
  }

  string(unit: Unit, v: AttrValue | undefined): string | undefined {
    if (!v) return undefined;
    if (v.k === 'str') return v.v;
    if (v.k === 'strx') {
      const so = this.sections.strOffsets;
      const str = this.sections.str;
      if (!so || !str) dwarfError('.debug_str_offsets', 0, 'DW_FORM_strx without .debug_str_offsets');
      const c = new Cursor(so, '.debug_str_offsets', unit.strOffsetsBase + v.v * unit.offsetSize);
      const off = c.uN(unit.offsetSize);
      return new Cursor(str, '.debug_str', off).cstr();
    }
    return undefined;
  }

  address(unit: Unit, v: AttrValue | undefined): number | undefined {
    if (!v) return undefined;
    if (v.k === 'addr') return v.v;
    if (v.k === 'addrx') return this.addrx(unit, v.v);
    return undefined;
  }

  addrx(unit: Unit, index: number): number {
    const a = this.sections.addr;
    if (!a) return dwarfError('.debug_addr', 0, 'DW_FORM_addrx without .debug_addr');
    return new Cursor(a, '.debug_addr', unit.addrBase + index * unit.addressSize).uN(unit.addressSize);
  }

  /** The [low, high) ranges of a DIE: low_pc/high_pc or DW_AT_ranges; [] when it has none. */
  ranges(die: Die): [number, number][] {
    const u = die.unit;
    const low = this.address(u, die.attrs.get(DW_AT.low_pc));
    const highV = die.attrs.get(DW_AT.high_pc);
    if (low !== undefined && highV !== undefined) {
      if (highV.k === 'addr' || highV.k === 'addrx') return [[low, this.address(u, highV) ?? low]];
      if (highV.k === 'data' || highV.k === 'udata' || highV.k === 'sdata') return [[low, low + highV.v]];
    }
    const r = die.attrs.get(DW_AT.ranges);
    if (r && (r.k === 'secoff' || r.k === 'data' || r.k === 'udata' || r.k === 'rnglistx')) {
      return u.version >= 5 ? this.rnglist(u, r) : this.debugRanges(u, r.v, die.tag === DW_TAG.compile_unit ? 0 : u.baseAddress);
    }
    if (low !== undefined) return [[low, low + 1]];
    return [];
  }

  private debugRanges(u: Unit, offset: number, base: number): [number, number][] {
    const data = this.sections.ranges;
    if (!data) return dwarfError('.debug_ranges', 0, 'DW_AT_ranges without .debug_ranges');
    const c = new Cursor(data, '.debug_ranges', offset);
    const max = u.addressSize === 4 ? 0xffff_ffff : 2 ** 64 - 1;
    const out: [number, number][] = [];
    for (;;) {
      const a = c.uN(u.addressSize);
      const b = c.uN(u.addressSize);
      if (a === 0 && b === 0) break;
      if (a === max) { base = b; continue; }
      out.push([base + a, base + b]);
    }
    return out;
  }

  private rnglist(u: Unit, v: AttrValue): [number, number][] {
    const data = this.sections.rnglists;
    if (!data) return dwarfError('.debug_rnglists', 0, 'DW_AT_ranges without .debug_rnglists');
    let offset: number;
    if (v.k === 'rnglistx') {
      const c = new Cursor(data, '.debug_rnglists', u.rnglistsBase + v.v * u.offsetSize);
      offset = u.rnglistsBase + c.uN(u.offsetSize);
    } else offset = (v as { v: number }).v;
    const c = new Cursor(data, '.debug_rnglists', offset);
    let base = u.baseAddress;
    const out: [number, number][] = [];
    for (;;) {
      const kind = c.u8();
      switch (kind) {
        case 0: return out; // end_of_list
        case 1: base = this.addrx(u, c.uleb()); break; // base_addressx
        case 2: { const a = this.addrx(u, c.uleb()); const b = this.addrx(u, c.uleb()); out.push([a, b]); break; }
        case 3: { const a = this.addrx(u, c.uleb()); out.push([a, a + c.uleb()]); break; }
        case 4: { const a = c.uleb(); const b = c.uleb(); out.push([base + a, base + b]); break; }
        case 5: base = c.uN(u.addressSize); break;
        case 6: { const a = c.uN(u.addressSize); const b = c.uN(u.addressSize); out.push([a, b]); break; }
        case 7: { const a = c.uN(u.addressSize); out.push([a, a + c.uleb()]); break; }
        default: c.fail(`unknown range list entry kind ${kind}`, c.pos - 1);
      }
    }
  }

  /** The location description at `pc` from a location attribute: an expression, or undefined when a
   *  location list has no entry for pc. */
  locationAt(die: Die, v: AttrValue, pc: number): Uint8Array | undefined {
    if (v.k === 'block') return v.v;
    const u = die.unit;
    if (u.version >= 5) return this.loclistAt(u, v, pc);
    if (v.k !== 'secoff' && v.k !== 'data' && v.k !== 'udata') return undefined;
    const data = this.sections.loc;
    if (!data) return dwarfError('.debug_loc', 0, 'location list without .debug_loc');
    const c = new Cursor(data, '.debug_loc', v.v);
    const max = u.addressSize === 4 ? 0xffff_ffff : 2 ** 64 - 1;
    let base = u.baseAddress;
    for (;;) {
      const a = c.uN(u.addressSize);
      const b = c.uN(u.addressSize);
      if (a === 0 && b === 0) return undefined;
      if (a === max) { base = b; continue; }
      const len = c.u16();
      const expr = c.bytesOf(len);
      if (pc >= base + a && pc < base + b) return expr;
    }
  }

  private loclistAt(u: Unit, v: AttrValue, pc: number): Uint8Array | undefined {
    const data = this.sections.loclists;
    if (!data) return dwarfError('.debug_loclists', 0, 'location list without .debug_loclists');
    let offset: number;
    if (v.k === 'loclistx') {
      const c = new Cursor(data, '.debug_loclists', u.loclistsBase + v.v * u.offsetSize);
      offset = u.loclistsBase + c.uN(u.offsetSize);
    } else if (v.k === 'secoff' || v.k === 'data' || v.k === 'udata') offset = v.v;
    else return undefined;
    const c = new Cursor(data, '.debug_loclists', offset);
    let base = u.baseAddress;
    for (;;) {
      const kind = c.u8();
      let lo = 0, hi = 0;
      switch (kind) {
        case 0: return undefined; // end_of_list
        case 1: base = this.addrx(u, c.uleb()); continue;
        case 2: lo = this.addrx(u, c.uleb()); hi = this.addrx(u, c.uleb()); break;
        case 3: lo = this.addrx(u, c.uleb()); hi = lo + c.uleb(); break;
        case 4: lo = base + c.uleb(); hi = base + c.uleb(); break;
        case 5: { const e = c.bytesOf(c.uleb()); return e; } // default_location
        case 6: base = c.uN(u.addressSize); continue;
        case 7: lo = c.uN(u.addressSize); hi = c.uN(u.addressSize); break;
        case 8: lo = c.uN(u.addressSize); hi = lo + c.uleb(); break;
        default: return c.fail(`unknown location list entry kind ${kind}`, c.pos - 1);
      }
      const expr = c.bytesOf(c.uleb());
      if (pc >= lo && pc < hi) return expr;
    }
  }
}
