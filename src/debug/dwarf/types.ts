// DWARF types as a C/Rust debugger names and sizes them: base types, pointers and references, cv-qualifiers,
// typedefs, arrays with subranges, structs/unions/classes, enums, function types.
import { DW_AT, DW_TAG } from './constants.js';
import type { AttrValue } from './forms.js';
import type { DebugInfo, Die } from './units.js';

const MAX_DEPTH = 32; // type chains in bad DWARF may be cyclic

export function num(v: AttrValue | undefined): number | undefined {
  if (!v) return undefined;
  if (v.k === 'data' || v.k === 'udata' || v.k === 'sdata') return v.v;
  return undefined;
}

/** A signed constant: data1/2/4 forms are sign-extended by their size (their class is just "constant"). */
export function signedNum(v: AttrValue | undefined): number | undefined {
  if (!v) return undefined;
  if (v.k === 'data' && v.size < 8) return v.size === 4 ? v.v | 0 : (v.v << (32 - v.size * 8)) >> (32 - v.size * 8);
  return num(v);
}

export class Types {
  private readonly info: DebugInfo;

  constructor(info: DebugInfo) {
    this.info = info;
  }

  /** The DIE named by DW_AT_type (undefined = void). */
  target(d: Die): Die | undefined {
    return this.info.deref(d.attrs.get(DW_AT.type));
  }

  nameOf(d: Die): string | undefined {
    return this.info.string(d.unit, d.attrs.get(DW_AT.name));
  }

  /** Strips typedefs and cv-qualifiers: the type whose representation a value has. */
  strip(d: Die | undefined): Die | undefined {
    for (let i = 0; d && i < MAX_DEPTH; i++) {
      if (d.tag !== DW_TAG.typedef && d.tag !== DW_TAG.const_type && d.tag !== DW_TAG.volatile_type &&
        d.tag !== DW_TAG.restrict_type && d.tag !== DW_TAG.atomic_type) return d;
      d = this.target(d);
    }
    return d;
  }

  /** The type's name as a debugger prints it ("int", "const int *", "struct Point", "i32[8]"). */
  name(d: Die | undefined, depth = 0): string {
    if (!d) return 'void';
    if (depth > MAX_DEPTH) return '<cyclic type>';
    const own = this.nameOf(d);
    switch (d.tag) {
      case DW_TAG.base_type: case DW_TAG.typedef: case DW_TAG.unspecified_type:
        return own ?? '<unnamed>';
      case DW_TAG.pointer_type: case DW_TAG.reference_type: case DW_TAG.rvalue_reference_type: {
        if (own) return own; // Rust names its pointer types ("&str", "*const u8")
        const t = this.target(d);
        const sigil = d.tag === DW_TAG.pointer_type ? '*' : d.tag === DW_TAG.reference_type ? '&' : '&&';
        const st = this.strip(t);
        if (st?.tag === DW_TAG.subroutine_type) return this.functionName(st, `(${sigil})`, depth);
        const inner = this.name(t, depth + 1);
        return inner.endsWith('*') ? `${inner}${sigil}` : `${inner} ${sigil}`;
      }
      case DW_TAG.const_type: case DW_TAG.volatile_type: case DW_TAG.restrict_type: case DW_TAG.atomic_type: {
        const q = d.tag === DW_TAG.const_type ? 'const' : d.tag === DW_TAG.volatile_type ? 'volatile'
          : d.tag === DW_TAG.restrict_type ? 'restrict' : '_Atomic';
        const t = this.target(d);
        const inner = this.name(t, depth + 1);
        const st = this.strip(t);
        return st?.tag === DW_TAG.pointer_type && t?.tag === DW_TAG.pointer_type ? `${inner}${q}` : `${q} ${inner}`;
      }
      case DW_TAG.structure_type: return `struct ${own ?? '(anonymous)'}`;
      case DW_TAG.class_type: return `class ${own ?? '(anonymous)'}`;
      case DW_TAG.union_type: return `union ${own ?? '(anonymous)'}`;
      case DW_TAG.enumeration_type: return `enum ${own ?? '(anonymous)'}`;
      case DW_TAG.array_type: {
        const dims = this.dimensions(d).map((n) => (n === undefined ? '[]' : `[${n}]`)).join('');
        return `${this.name(this.target(d), depth + 1)}${dims}`;
      }
      case DW_TAG.subroutine_type: return this.functionName(d, '', depth);
      default: return own ?? `<type tag 0x${d.tag.toString(16)}>`;
    }
  }

  private functionName(d: Die, inner: string, depth: number): string {
    const params = d.children.filter((c) => c.tag === DW_TAG.formal_parameter).map((c) => this.name(this.target(c), depth + 1));
    return `${this.name(this.target(d), depth + 1)} ${inner}(${params.join(', ')})`.replace('  ', ' ');
  }

  /** Element counts of an array's subranges (undefined when unbounded). */
  dimensions(d: Die): (number | undefined)[] {
    const out: (number | undefined)[] = [];
    for (const c of d.children) {
      if (c.tag !== DW_TAG.subrange_type && c.tag !== DW_TAG.enumeration_type) continue;
      const count = num(c.attrs.get(DW_AT.count));
      if (count !== undefined) { out.push(count); continue; }
      const upper = signedNum(c.attrs.get(DW_AT.upper_bound));
      const lower = signedNum(c.attrs.get(DW_AT.lower_bound)) ?? 0;
      out.push(upper === undefined ? undefined : upper - lower + 1);
    }
    return out.length > 0 ? out : [undefined];
  }

  /** Byte size of a type (0 when unknown: void, unbounded arrays). */
  size(d: Die | undefined, depth = 0): number {
    if (!d || depth > MAX_DEPTH) return 0;
    const own = num(d.attrs.get(DW_AT.byte_size));
    if (own !== undefined) return own;
    switch (d.tag) {
      case DW_TAG.pointer_type: case DW_TAG.reference_type: case DW_TAG.rvalue_reference_type:
        return d.unit.addressSize;
      case DW_TAG.typedef: case DW_TAG.const_type: case DW_TAG.volatile_type: case DW_TAG.restrict_type:
      case DW_TAG.atomic_type:
        return this.size(this.target(d), depth + 1);
      case DW_TAG.array_type: {
        let n = this.size(this.target(d), depth + 1);
        for (const dim of this.dimensions(d)) n *= dim ?? 0;
        return n;
      }
      default: return 0;
    }
  }
}
