// Values rendered for display from their bytes (VariableView): integers in decimal, chars with their
// code, pointers as 0x…, enumerators by name, aggregates as "{…}" with lazily built children.
import type { FrameAccess, VariableView } from '../source-info.js';
import { DebugInfoError } from '../source-info.js';
import { DW_AT, DW_ATE, DW_TAG } from './constants.js';
import { bytesOf } from './location.js';
import type { Location } from './location.js';
import type { Types } from './types.js';
import { num, signedNum } from './types.js';
import type { DebugInfo, Die } from './units.js';

const MAX_CHILDREN = 1000;
const MAX_STRING = 4096;
const MAX_VALUE_BYTES = 1 << 20;

/** Where a value's bytes come from: memory at an address, or bytes already in hand. */
export interface Source {
  readonly address?: number;
  read(offset: number, length: number): Uint8Array;
}

export function memorySource(frame: FrameAccess, address: number): Source {
  return {
    address,
    read(off, len) {
      if (len > MAX_VALUE_BYTES) throw new DebugInfoError(`value of ${len} bytes is too large to show`);
      return frame.readMemory((address + off) >>> 0, len);
    },
  };
}

export function bytesSource(bytes: Uint8Array): Source {
  return {
    read(off, len) {
      if (len > MAX_VALUE_BYTES) throw new DebugInfoError(`value of ${len} bytes is too large to show`);
      const out = new Uint8Array(len);
      out.set(bytes.subarray(Math.min(off, bytes.length), Math.min(off + len, bytes.length)));
      return out;
    },
  };
}

/** A source for a location; undefined when there is no value (optimized out). */
export function sourceOf(loc: Location, frame: FrameAccess): Source | undefined {
  switch (loc.k) {
    case 'none': return undefined;
    case 'memory': return memorySource(frame, loc.address);
    case 'value': return bytesSource(loc.bytes);
    case 'pieces': {
      const total = loc.parts.reduce((n, p) => n + p.size, 0);
      const buf = new Uint8Array(total);
      let at = 0;
      for (const p of loc.parts) {
        // A piece without a location is an optimized-out part of the value; its bytes read as 0.
        const src = p.loc ? sourceOf(p.loc, frame) : undefined;
        if (src) buf.set(src.read(0, p.size), at);
        at += p.size;
      }
      return bytesSource(buf);
    }
  }
}

function leValue(b: Uint8Array): bigint {
  let v = 0n;
  for (let i = b.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]);
  return v;
}

function charText(code: number): string {
  if (code === 0) return `'\\0'`;
  if (code === 0x27) return `'\\''`;
  if (code === 0x5c) return `'\\\\'`;
  if (code === 10) return `'\\n'`;
  if (code === 9) return `'\\t'`;
  if (code === 13) return `'\\r'`;
  if (code < 0x20 || code === 0x7f) return `'\\x${code.toString(16).padStart(2, '0')}'`;
  return code > 0x10ffff || (code >= 0xd800 && code < 0xe000) ? `'\\u{${code.toString(16)}}'` : `'${String.fromCodePoint(code)}'`;
}

/** A C string's text escaped inside double quotes. */
export function quote(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\t/g, '\\t')}"`;
}

/** Reads a NUL-terminated string (bytes as Latin-1/ASCII, as a C debugger shows them). */
export function readCString(src: Source, limit = MAX_STRING): string {
  let s = '';
  for (let i = 0; i < limit; i++) {
    const b = src.read(i, 1)[0];
    if (b === 0) return s;
    s += String.fromCharCode(b);
  }
  return `${s}…`;
}

export function isCharType(types: Types, t: Die | undefined): boolean {
  const st = types.strip(t);
  if (!st || st.tag !== DW_TAG.base_type) return false;
  const enc = num(st.attrs.get(DW_AT.encoding));
  return (enc === DW_ATE.signed_char || enc === DW_ATE.unsigned_char) && types.size(st) === 1;
}

/** A member's byte offset: a constant, or (DWARF 2 style) an expression, in practice DW_OP_plus_uconst N. */
export function memberOffset(m: Die): number {
  const v = m.attrs.get(DW_AT.data_member_location);
  const n = num(v);
  if (n !== undefined) return n;
  if (v?.k === 'block' && v.v[0] === 0x23) {
    let r = 0, scale = 1;
    for (let i = 1; i < v.v.length; i++) {
      r += (v.v[i] & 0x7f) * scale;
      scale *= 128;
      if ((v.v[i] & 0x80) === 0) break;
    }
    return r;
  }
  return 0;
}

export class Renderer {
  readonly types: Types;
  private readonly info: DebugInfo;
  private readonly frame: FrameAccess;

  constructor(info: DebugInfo, types: Types, frame: FrameAccess) {
    this.info = info;
    this.types = types;
    this.frame = frame;
  }

  view(name: string, type: Die | undefined, src: Source | undefined, location: string): VariableView {
    const typeName = this.types.name(type);
    const base = { name, type: typeName, location, ...(src?.address !== undefined ? { address: src.address } : {}) };
    if (!src) return { ...base, value: '<optimized out>' };
    try {
      return { ...base, ...this.value(type, src, name) };
    } catch (e) {
      if (e instanceof DebugInfoError) return { ...base, value: `<unavailable: ${e.message}>` };
      throw e;
    }
  }

  private value(type: Die | undefined, src: Source, name: string): Pick<VariableView, 'value' | 'raw' | 'children'> {
    const t = this.types.strip(type);
    if (!t) return { value: 'void' };
    const size = this.types.size(t);
    switch (t.tag) {
      case DW_TAG.base_type: return this.base(t, src.read(0, size));
      case DW_TAG.pointer_type: case DW_TAG.reference_type: case DW_TAG.rvalue_reference_type: {
        const addr = Number(leValue(src.read(0, size)) & 0xffff_ffffn);
        const target = this.types.target(t);
        const pointee = this.types.strip(target);
        const value = `0x${addr.toString(16).padStart(8, '0')}`;
        if (!pointee || pointee.tag === DW_TAG.subroutine_type || this.types.size(pointee) === 0) return { value, raw: addr };
        const label = t.tag === DW_TAG.pointer_type ? `*${name}` : name;
        return {
          value, raw: addr,
          children: () => [this.view(label, target, memorySource(this.frame, addr), `*${value}`)],
        };
      }
      case DW_TAG.enumeration_type: {
        const under = this.types.target(t);
        const signed = this.types.strip(under) ? num(this.types.strip(under)?.attrs.get(DW_AT.encoding)) === DW_ATE.signed : false;
        const b = src.read(0, size || 4);
        let v = leValue(b);
        if (signed) v = BigInt.asIntN(b.length * 8, v);
        const n = Number(v);
        for (const e of t.children) {
          if (e.tag !== DW_TAG.enumerator) continue;
          const c = e.attrs.get(DW_AT.const_value);
          const cv = signed ? signedNum(c) : num(c);
          if (cv === n || (cv !== undefined && (cv >>> 0) === (n >>> 0) && size <= 4)) return { value: this.types.nameOf(e) ?? `${n}`, raw: n };
        }
        return { value: `${n}`, raw: n };
      }
      case DW_TAG.structure_type: case DW_TAG.class_type: case DW_TAG.union_type:
        return this.aggregate(t, src);
      case DW_TAG.array_type: return this.array(t, this.types.dimensions(t), src);
      default:
        return { value: `<unsupported type ${this.types.name(t)}>` };
    }
  }

  private base(t: Die, b: Uint8Array): Pick<VariableView, 'value' | 'raw'> {
    const enc = num(t.attrs.get(DW_AT.encoding));
    const size = b.length;
    const u = leValue(b);
    switch (enc) {
      case DW_ATE.boolean: return { value: u === 0n ? 'false' : 'true', raw: Number(u) };
      case DW_ATE.float: {
        if (size !== 4 && size !== 8) return { value: `<float of ${size} bytes>` };
        const dv = new DataView(b.buffer, b.byteOffset, size);
        const f = size === 4 ? dv.getFloat32(0, true) : dv.getFloat64(0, true);
        return { value: `${f}`, raw: f };
      }
      case DW_ATE.signed_char: case DW_ATE.unsigned_char: case DW_ATE.UTF: {
        const code = enc === DW_ATE.signed_char && size === 1 ? Number(BigInt.asIntN(8, u)) : Number(u);
        return { value: `${code} ${charText(code < 0 ? code + 256 : code)}`, raw: code };
      }
      case DW_ATE.signed: {
        const v = BigInt.asIntN(size * 8, u);
        return { value: `${v}`, raw: size <= 4 ? Number(v) : v };
      }
      default: // unsigned, address and anything else integral
        return { value: `${u}`, raw: size <= 4 ? Number(u) : u };
    }
  }

  private sub(src: Source, offset: number): Source {
    return src.address !== undefined
      ? memorySource(this.frame, src.address + offset)
      : { read: (o, l) => src.read(offset + o, l) };
  }

  private aggregate(t: Die, src: Source): Pick<VariableView, 'value' | 'children'> {
    const variantPart = t.children.find((c) => c.tag === DW_TAG.variant_part);
    if (variantPart) return this.rustEnum(variantPart, src);
    return { value: '{…}', children: () => this.members(t, src) };
  }

  members(t: Die, src: Source): VariableView[] {
    const out: VariableView[] = [];
    for (const m of t.children) {
      if (m.tag !== DW_TAG.member || m.attrs.has(DW_AT.declaration)) continue; // static members have no offset
      out.push(this.member(m, src));
    }
    return out;
  }

  private member(m: Die, src: Source): VariableView {
    const name = this.types.nameOf(m) ?? '<anonymous>';
    const type = this.types.target(m);
    const off = memberOffset(m);
    const bitSize = num(m.attrs.get(DW_AT.bit_size));
    if (bitSize !== undefined) {
      // A bit field: data_bit_offset counts from the start of the containing struct (little-endian).
      const bitOff = num(m.attrs.get(DW_AT.data_bit_offset)) ?? off * 8;
      const first = Math.floor(bitOff / 8);
      const b = src.read(first, Math.ceil((bitOff % 8 + bitSize) / 8));
      const v = (leValue(b) >> BigInt(bitOff % 8)) & ((1n << BigInt(bitSize)) - 1n);
      const st = this.types.strip(type);
      const signed = st && num(st.attrs.get(DW_AT.encoding)) === DW_ATE.signed;
      const val = signed ? BigInt.asIntN(bitSize, v) : v;
      return { name, type: this.types.name(type), value: `${val}`, raw: Number(val), location: `bits ${bitOff}+${bitSize}` };
    }
    return this.view(name, type, this.sub(src, off), `+${off}`);
  }

  /** A Rust enum with data: the discriminant member selects the DW_TAG_variant whose member is shown. */
  private rustEnum(part: Die, src: Source): Pick<VariableView, 'value' | 'children'> {
    const discr = this.info.deref(part.attrs.get(DW_AT.discr));
    let active: Die | undefined;
    if (discr) {
      const size = this.types.size(this.types.target(discr)) || 4;
      const d = Number(leValue(src.read(memberOffset(discr), size)));
      let fallback: Die | undefined;
      for (const v of part.children) {
        if (v.tag !== DW_TAG.variant) continue;
        const dv = v.attrs.get(DW_AT.discr_value);
        if (dv === undefined) fallback = v;
        else if (num(dv) === d || signedNum(dv) === d) { active = v; break; }
      }
      active ??= fallback;
    }
    const field = active?.children.find((c) => c.tag === DW_TAG.member);
    if (!field) return { value: '{…}', children: () => [] };
    const fieldType = this.types.strip(this.types.target(field));
    const variantName = this.types.nameOf(field) ?? '?';
    const fsrc = this.sub(src, memberOffset(field));
    return {
      value: `${variantName} {…}`,
      children: () => (fieldType ? this.members(fieldType, fsrc) : []),
    };
  }

  private array(t: Die, dims: (number | undefined)[], src: Source): Pick<VariableView, 'value' | 'children'> {
    const elem = this.types.target(t);
    const [count, ...rest] = dims;
    let stride = this.types.size(elem);
    for (const d of rest) stride *= d ?? 0;
    if (rest.length === 0 && isCharType(this.types, elem) && count !== undefined) {
      const s = readCString({ read: (o, l) => src.read(o, l) }, count);
      return { value: quote(s.endsWith('…') ? s.slice(0, -1) : s), children: () => this.elements(t, elem, rest, src, count, stride) };
    }
    return { value: '{…}', children: () => this.elements(t, elem, rest, src, count ?? 0, stride) };
  }

  private elements(t: Die, elem: Die | undefined, rest: (number | undefined)[], src: Source, count: number, stride: number): VariableView[] {
    const out: VariableView[] = [];
    const n = Math.min(count, MAX_CHILDREN);
    for (let i = 0; i < n; i++) {
      const s = this.sub(src, i * stride);
      if (rest.length > 0) {
        const typeName = `${this.types.name(elem)}${rest.map((d) => `[${d ?? ''}]`).join('')}`;
        out.push({ name: `[${i}]`, type: typeName, location: `+${i * stride}`, ...this.array(t, rest, s),
          ...(s.address !== undefined ? { address: s.address } : {}) });
      } else out.push(this.view(`[${i}]`, elem, s, `+${i * stride}`));
    }
    return out;
  }

  /** A value held as a number (integer literal, array index). */
  static literal(v: bigint): VariableView {
    return { name: `${v}`, type: 'int', value: `${v}`, raw: BigInt.asIntN(32, v) === v ? Number(v) : v, location: 'literal' };
  }
}

export { bytesOf };
