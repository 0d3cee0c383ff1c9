// Validation of the 0xFB (GC) instructions: structs, arrays, casts, i31, extern/any conversion (the GC
// pack's part of the body walk, `purewasm/gc`; the core's walker hands these instructions over).
// (Imports used directly: each GC instruction is validated once, so the getter that module transforms
// make of an import costs nothing that matters here, unlike in the body walker's loop.)
import { CONCRETE_BASE, HeapType as H, I32, isNullable, isRefType, type ValType } from '../decoder/module.js';
import type { Immediates } from './sink.js';
import type { BodyWalker } from './body-walker.js';
import { BOT, KIND_ARRAY, KIND_STRUCT, TYPE_MISMATCH, isDefaultable, refOf, unpacked } from './type-table.js';

/** A type index that must name an array type. */
function arrayType(w: BodyWalker, index: number): number {
  const t = w.funcTypeIndex(index);
  if (w.tt.kind[t] !== KIND_ARRAY) w.err(TYPE_MISMATCH);
  return t;
}

/** struct.get / array.get (`plain`) read an unpacked storage type, the _s/_u forms a packed one. */
function packedMatches(w: BodyWalker, what: string, plain: boolean, t: ValType): void {
  const packed = t !== unpacked(t);
  if (plain === packed) w.err(`${what} is ${packed ? 'packed' : 'unpacked'}`);
}

/** array.new_data / array.init_data (`data`) and array.new_elem / array.init_elem: the segment exists and
 *  its contents fit element type `t`. */
function segmentMatches(w: BodyWalker, data: boolean, index: number, t: ValType): void {
  if (data) {
    if (isRefType(t)) w.err('array type is not numeric or vector');
    w.checkData(index);
  } else if (!w.tt.matches(w.checkElem(index), t)) w.err(TYPE_MISMATCH);
}

export function gcInstruction(w: BodyWalker, op: number, imm: Immediates): void {
  const tt = w.tt;
  const sub = op & 0xff;
  if (sub <= 0x13 && sub !== 0x0f) {
    // Structs (0x00–0x05) and arrays (0x06–0x13 but array.len): a type index first, of the right kind.
    const t = w.funcTypeIndex(imm.index);
    if (tt.kind[t] !== (sub <= 0x05 ? KIND_STRUCT : KIND_ARRAY)) w.err(TYPE_MISMATCH);
    const fields = tt.fields[t];
    const operand = refOf(true, CONCRETE_BASE + t);
    if (sub <= 0x05) {
      if (sub >= 0x02) {
        // struct.get(_s/_u) and struct.set name a field.
        if (imm.index2 >= fields.length) w.err('unknown field');
        const f = fields[imm.index2];
        const ft = unpacked(f.type);
        if (sub === 0x05) {
          if (!f.mutable) w.err('immutable field: struct.set needs a mutable field');
          return w.take(ft, operand);
        }
        packedMatches(w, 'field', sub === 0x02, f.type);
        w.popExpect(operand);
        return w.push(ft);
      }
      if (sub === 0x00) for (let i = fields.length - 1; i >= 0; i--) w.popExpect(unpacked(fields[i].type));
      else for (const f of fields) if (!isDefaultable(f.type)) w.err('field type is not defaultable');
      return w.push(refOf(false, CONCRETE_BASE + t));
    }
    const f = fields[0];
    const et = unpacked(f.type);
    switch (sub) {
      case 0x06: // array.new
        w.take(I32, et);
        break;
      case 0x07: // array.new_default
        if (!isDefaultable(f.type)) w.err('array type is not defaultable');
        w.take(I32);
        break;
      case 0x08: { // array.new_fixed
        // Pop at most the operands really there (+1 to fail or reach the polymorphic bottom): a count of
        // 2^32-1 in unreachable code must not loop 4 billion times.
        const avail = w.sp - w.frameHeight(0);
        const n = imm.count <= avail ? imm.count : avail + 1;
        for (let i = 0; i < n; i++) w.popExpect(et);
        break;
      }
      case 0x09: // array.new_data
      case 0x0a: // array.new_elem
        segmentMatches(w, sub === 0x09, imm.index2, f.type);
        w.take(I32, I32);
        break;
      case 0x0b: // array.get
      case 0x0c: // array.get_s
      case 0x0d: { // array.get_u
        packedMatches(w, 'array', sub === 0x0b, f.type);
        w.take(I32, operand);
        return w.push(et);
      }
      default: { // array.set, array.fill, array.copy, array.init_data, array.init_elem: writers
        const s = sub === 0x11 ? arrayType(w, imm.index2) : 0;
        if (!f.mutable) w.err('immutable array: the instruction writes array elements, which are not mutable');
        if (sub === 0x0e) return w.take(et, I32, operand);
        if (sub === 0x10) return w.take(I32, et, I32, operand);
        if (sub === 0x11) { // array.copy dst src
          const fs = tt.fields[s][0];
          if (!tt.matches(fs.type, f.type) && fs.type !== f.type) w.err('array types do not match');
          return w.take(I32, I32, refOf(true, CONCRETE_BASE + s), I32, operand);
        }
        segmentMatches(w, sub === 0x12, imm.index2, f.type);
        return w.take(I32, I32, I32, operand);
      }
    }
    return w.push(refOf(false, CONCRETE_BASE + t));
  }
  switch (op) {
    case 0xfb0f: // array.len
      w.popShareable(H.array);
      return w.push(I32);
    case 0xfb14: // ref.test (ref ht)
    case 0xfb15: // ref.test (ref null ht)
    case 0xfb16: // ref.cast (ref ht)
    case 0xfb17: // ref.cast (ref null ht)
      // (The walker normalized the heap types and made imm.refType before the sink saw them.)
      w.popExpect(refOf(true, tt.top(imm.heapType)));
      return w.push(op <= 0xfb15 ? I32 : imm.refType);
    case 0xfb18: // br_on_cast
    case 0xfb19: { // br_on_cast_fail
      const rt1 = imm.refType2;
      const rt2 = imm.refType;
      const types = w.label(imm.index);
      if (!tt.matches(rt2, rt1)) w.err(TYPE_MISMATCH);
      if (types.length === 0) w.err(TYPE_MISMATCH);
      // What remains when the cast fails: rt1 minus rt2's nullability.
      const diff = refOf(isNullable(rt1) && !isNullable(rt2), imm.heapType);
      const toLabel = op === 0xfb18 ? rt2 : diff;
      const fallThrough = op === 0xfb18 ? diff : rt2;
      if (!tt.matches(toLabel, types[types.length - 1])) w.err(TYPE_MISMATCH);
      w.popExpect(rt1);
      // The label's other values must be on the stack below.
      const rest = types.slice(0, types.length - 1);
      w.peekMatch(rest);
      return w.push(fallThrough);
    }
    case 0xfb1a: // any.convert_extern
    case 0xfb1b: { // extern.convert_any (both keep the operand's sharedness)
      const toAny = op === 0xfb1a;
      const t = w.popShareable(toAny ? H.extern : H.any);
      return w.push(refOf(t === BOT ? false : isNullable(t), (toAny ? H.any : H.extern) | w.shareOf(t)));
    }
    case 0xfb1c: // ref.i31
      w.popExpect(I32);
      return w.push(refOf(false, H.i31));
    case 0xfb1d: // i31.get_s
    case 0xfb1e: // i31.get_u
      w.popShareable(H.i31);
      return w.push(I32);
    default:
      throw new Error(`internal error: GC opcode 0x${op.toString(16)}`); // (the decoder reads no other)
  }
}

