// Attribute forms (DW_FORM_*): reading a value of any form defined by DWARF 2–5 (plus the GNU index forms),
// so an unknown attribute never derails the walk. Values needing a unit's bases (strx, addrx, loclistx,
// rnglistx) stay indices here and are resolved by the unit (units.ts).
import type { Cursor } from './cursor.js';
import { stringAt } from './cursor.js';

export interface StringSections {
  readonly str?: Uint8Array;
  readonly lineStr?: Uint8Array;
}

export type AttrValue =
  | { readonly k: 'data'; readonly v: number; readonly size: number } // constant class, sign unknown
  | { readonly k: 'sdata'; readonly v: number }
  | { readonly k: 'udata'; readonly v: number } // udata, flags, sec_offset, addresses
  | { readonly k: 'addr'; readonly v: number }
  | { readonly k: 'ref'; readonly v: number } // absolute .debug_info offset
  | { readonly k: 'str'; readonly v: string }
  | { readonly k: 'strx'; readonly v: number }
  | { readonly k: 'addrx'; readonly v: number }
  | { readonly k: 'loclistx'; readonly v: number }
  | { readonly k: 'rnglistx'; readonly v: number }
  | { readonly k: 'secoff'; readonly v: number }
  | { readonly k: 'block'; readonly v: Uint8Array }
  | { readonly k: 'other' };

export const DW_FORM = {
  addr: 0x01, block2: 0x03, block4: 0x04, data2: 0x05, data4: 0x06, data8: 0x07, string: 0x08, block: 0x09,
  block1: 0x0a, data1: 0x0b, flag: 0x0c, sdata: 0x0d, strp: 0x0e, udata: 0x0f, ref_addr: 0x10, ref1: 0x11,
  ref2: 0x12, ref4: 0x13, ref8: 0x14, ref_udata: 0x15, indirect: 0x16, sec_offset: 0x17, exprloc: 0x18,
  flag_present: 0x19, strx: 0x1a, addrx: 0x1b, ref_sup4: 0x1c, strp_sup: 0x1d, data16: 0x1e, line_strp: 0x1f,
  ref_sig8: 0x20, implicit_const: 0x21, loclistx: 0x22, rnglistx: 0x23, ref_sup8: 0x24, strx1: 0x25,
  strx2: 0x26, strx3: 0x27, strx4: 0x28, addrx1: 0x29, addrx2: 0x2a, addrx3: 0x2b, addrx4: 0x2c,
  GNU_addr_index: 0x1f01, GNU_str_index: 0x1f02, GNU_ref_alt: 0x1f20, GNU_strp_alt: 0x1f21,
} as const;

export interface UnitShape {
  readonly offsetSize: 4 | 8;
  readonly addressSize: number;
  readonly version: number;
  /** Offset of the unit header in .debug_info (CU-relative references are added to it). */
  readonly unitOffset: number;
}

const OTHER: AttrValue = { k: 'other' };

/** Reads one attribute value of `form`; `implicitConst` is the abbreviation's value for implicit_const. */
export function readForm(c: Cursor, form: number, u: UnitShape, strs: StringSections, implicitConst = 0): AttrValue {
  switch (form) {
    case DW_FORM.addr: return { k: 'addr', v: c.uN(u.addressSize) };
    case DW_FORM.block2: return { k: 'block', v: c.bytesOf(c.u16()) };
    case DW_FORM.block4: return { k: 'block', v: c.bytesOf(c.u32()) };
    case DW_FORM.block: case DW_FORM.exprloc: return { k: 'block', v: c.bytesOf(c.uleb()) };
    case DW_FORM.block1: return { k: 'block', v: c.bytesOf(c.u8()) };
    case DW_FORM.data1: return { k: 'data', v: c.u8(), size: 1 };
    case DW_FORM.data2: return { k: 'data', v: c.u16(), size: 2 };
    case DW_FORM.data4: return { k: 'data', v: c.u32(), size: 4 };
    case DW_FORM.data8: return { k: 'data', v: c.u64(), size: 8 };
    case DW_FORM.data16: c.skip(16); return OTHER;
    case DW_FORM.string: return { k: 'str', v: c.cstr() };
    case DW_FORM.flag: return { k: 'udata', v: c.u8() };
    case DW_FORM.flag_present: return { k: 'udata', v: 1 };
    case DW_FORM.sdata: return { k: 'sdata', v: c.sleb() };
    case DW_FORM.udata: return { k: 'udata', v: c.uleb() };
    case DW_FORM.implicit_const: return { k: 'sdata', v: implicitConst };
    case DW_FORM.strp: {
      const off = c.uN(u.offsetSize);
      if (!strs.str) return c.fail('DW_FORM_strp without a .debug_str section');
      return { k: 'str', v: stringAt(strs.str, '.debug_str', off) };
    }
    case DW_FORM.line_strp: {
      const off = c.uN(u.offsetSize);
      if (!strs.lineStr) return c.fail('DW_FORM_line_strp without a .debug_line_str section');
      return { k: 'str', v: stringAt(strs.lineStr, '.debug_line_str', off) };
    }
    case DW_FORM.strp_sup: case DW_FORM.GNU_strp_alt: c.uN(u.offsetSize); return OTHER;
    case DW_FORM.ref_addr: return { k: 'ref', v: c.uN(u.version <= 2 ? u.addressSize : u.offsetSize) };
    case DW_FORM.ref1: return { k: 'ref', v: u.unitOffset + c.u8() };
    case DW_FORM.ref2: return { k: 'ref', v: u.unitOffset + c.u16() };
    case DW_FORM.ref4: return { k: 'ref', v: u.unitOffset + c.u32() };
    case DW_FORM.ref8: return { k: 'ref', v: u.unitOffset + c.u64() };
    case DW_FORM.ref_udata: return { k: 'ref', v: u.unitOffset + c.uleb() };
    case DW_FORM.ref_sup4: c.u32(); return OTHER;
    case DW_FORM.ref_sup8: case DW_FORM.ref_sig8: c.skip(8); return OTHER;
    case DW_FORM.GNU_ref_alt: c.uN(u.offsetSize); return OTHER;
    case DW_FORM.sec_offset: return { k: 'secoff', v: c.uN(u.offsetSize) };
    case DW_FORM.indirect: {
      const f = c.uleb();
      if (f === DW_FORM.indirect) return c.fail('DW_FORM_indirect naming itself');
      return readForm(c, f, u, strs, implicitConst);
    }
    case DW_FORM.strx: case DW_FORM.GNU_str_index: return { k: 'strx', v: c.uleb() };
    case DW_FORM.strx1: return { k: 'strx', v: c.u8() };
    case DW_FORM.strx2: return { k: 'strx', v: c.u16() };
    case DW_FORM.strx3: return { k: 'strx', v: c.u24() };
    case DW_FORM.strx4: return { k: 'strx', v: c.u32() };
    case DW_FORM.addrx: case DW_FORM.GNU_addr_index: return { k: 'addrx', v: c.uleb() };
    case DW_FORM.addrx1: return { k: 'addrx', v: c.u8() };
    case DW_FORM.addrx2: return { k: 'addrx', v: c.u16() };
    case DW_FORM.addrx3: return { k: 'addrx', v: c.u24() };
    case DW_FORM.addrx4: return { k: 'addrx', v: c.u32() };
    case DW_FORM.loclistx: return { k: 'loclistx', v: c.uleb() };
    case DW_FORM.rnglistx: return { k: 'rnglistx', v: c.uleb() };
    default: return c.fail(`unknown attribute form 0x${form.toString(16)}`);
  }
}

/** Skips a value (line-table entry formats). */
export function skipForm(c: Cursor, form: number, offsetSize: 4 | 8, addressSize: number, strs: StringSections): void {
  readForm(c, form, { offsetSize, addressSize, version: 5, unitOffset: 0 }, strs);
}

/** A string-class value in a line-table header (string, strp, line_strp). */
export function readFormString(c: Cursor, form: number, offsetSize: 4 | 8, strs: StringSections): string {
  const v = readForm(c, form, { offsetSize, addressSize: 4, version: 5, unitOffset: 0 }, strs);
  return v.k === 'str' ? v.v : '';
}

/** An unsigned constant in a line-table header (directory index). */
export function readFormUnsigned(c: Cursor, form: number, offsetSize: 4 | 8): number {
  const v = readForm(c, form, { offsetSize, addressSize: 4, version: 5, unitOffset: 0 }, {});
  return v.k === 'data' || v.k === 'udata' || v.k === 'sdata' ? v.v : 0;
}
