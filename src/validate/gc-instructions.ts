// Validation of the 0xFB (GC) instructions: structs, arrays, casts, i31, extern/any conversion.
import {
  CONCRETE_BASE as CONCRETE_BASE_, HeapType as H_, I32 as I32_, isNullable as isNullable_,
  isRefType as isRefType_, type ValType,
} from '../decoder/module.js';
import type { Immediates } from './sink.js';
import type { BodyWalker } from './body-walker.js';
import {
  BOT as BOT_, KIND_ARRAY as KIND_ARRAY_, KIND_STRUCT as KIND_STRUCT_, isDefaultable as isDefaultable_,
  refOf as refOf_, unpacked as unpacked_,
} from './type-table.js';

// Imported bindings captured in local constants (module transforms compile imports to getter calls).
const CONCRETE_BASE = CONCRETE_BASE_;
const H = H_;
const I32 = I32_;
const isNullable = isNullable_;
const isRefType = isRefType_;
const BOT = BOT_;
const KIND_ARRAY = KIND_ARRAY_;
const KIND_STRUCT = KIND_STRUCT_;
const isDefaultable = isDefaultable_;
const refOf = refOf_;
const unpacked = unpacked_;
// Repeated messages are one constant so the bundle holds the text once.
const IMMUTABLE_ARRAY = 'immutable array: the instruction writes array elements, which are not mutable';

function structType(w: BodyWalker, index: number): number {
  const t = w.funcTypeIndex(index);
  if (w.tt.kind[t] !== KIND_STRUCT) w.err('type mismatch');
  return t;
}

function arrayType(w: BodyWalker, index: number): number {
  const t = w.funcTypeIndex(index);
  if (w.tt.kind[t] !== KIND_ARRAY) w.err('type mismatch');
  return t;
}

function isNumericOrVector(t: ValType): boolean {
  return !isRefType(t);
}

export function gcInstruction(w: BodyWalker, op: number, imm: Immediates): void {
  const tt = w.tt;
  switch (op) {
    case 0xfb00: { // struct.new
      const t = structType(w, imm.index);
      const fs = tt.fields[t];
      for (let i = fs.length - 1; i >= 0; i--) w.popExpect(unpacked(fs[i].type));
      return w.push(refOf(false, CONCRETE_BASE + t));
    }
    case 0xfb01: { // struct.new_default
      const t = structType(w, imm.index);
      for (const f of tt.fields[t]) if (!isDefaultable(f.type)) w.err('field type is not defaultable');
      return w.push(refOf(false, CONCRETE_BASE + t));
    }
    case 0xfb02: // struct.get
    case 0xfb03: // struct.get_s
    case 0xfb04: { // struct.get_u
      const t = structType(w, imm.index);
      const fs = tt.fields[t];
      if (imm.index2 >= fs.length) w.err('unknown field');
      const ft = fs[imm.index2].type;
      const packed = ft !== unpacked(ft);
      if ((op === 0xfb02) === packed) w.err(packed ? 'field is packed' : 'field is unpacked');
      w.popExpect(refOf(true, CONCRETE_BASE + t));
      return w.push(unpacked(ft));
    }
    case 0xfb05: { // struct.set
      const t = structType(w, imm.index);
      const fs = tt.fields[t];
      if (imm.index2 >= fs.length) w.err('unknown field');
      const f = fs[imm.index2];
      if (!f.mutable) w.err('immutable field: struct.set needs a mutable field');
      w.popExpect(unpacked(f.type));
      w.popExpect(refOf(true, CONCRETE_BASE + t));
      return;
    }
    case 0xfb06: { // array.new
      const t = arrayType(w, imm.index);
      w.popExpect(I32);
      w.popExpect(unpacked(tt.fields[t][0].type));
      return w.push(refOf(false, CONCRETE_BASE + t));
    }
    case 0xfb07: { // array.new_default
      const t = arrayType(w, imm.index);
      if (!isDefaultable(tt.fields[t][0].type)) w.err('array type is not defaultable');
      w.popExpect(I32);
      return w.push(refOf(false, CONCRETE_BASE + t));
    }
    case 0xfb08: { // array.new_fixed
      const t = arrayType(w, imm.index);
      const et = unpacked(tt.fields[t][0].type);
      // Pop at most the operands really there (+1 to fail or reach the polymorphic bottom): a count of
      // 2^32-1 in unreachable code must not loop 4 billion times.
      const avail = w.sp - w.frameHeight(0);
      const n = imm.count <= avail ? imm.count : avail + 1;
      for (let i = 0; i < n; i++) w.popExpect(et);
      return w.push(refOf(false, CONCRETE_BASE + t));
    }
    case 0xfb09: { // array.new_data
      const t = arrayType(w, imm.index);
      if (!isNumericOrVector(tt.fields[t][0].type)) w.err('array type is not numeric or vector');
      w.checkData(imm.index2);
      w.popExpect(I32);
      w.popExpect(I32);
      return w.push(refOf(false, CONCRETE_BASE + t));
    }
    case 0xfb0a: { // array.new_elem
      const t = arrayType(w, imm.index);
      const e = w.checkElem(imm.index2);
      if (!tt.matches(e, tt.fields[t][0].type)) w.err('type mismatch');
      w.popExpect(I32);
      w.popExpect(I32);
      return w.push(refOf(false, CONCRETE_BASE + t));
    }
    case 0xfb0b: // array.get
    case 0xfb0c: // array.get_s
    case 0xfb0d: { // array.get_u
      const t = arrayType(w, imm.index);
      const ft = tt.fields[t][0].type;
      const packed = ft !== unpacked(ft);
      if ((op === 0xfb0b) === packed) w.err(packed ? 'array is packed' : 'array is unpacked');
      w.popExpect(I32);
      w.popExpect(refOf(true, CONCRETE_BASE + t));
      return w.push(unpacked(ft));
    }
    case 0xfb0e: { // array.set
      const t = arrayType(w, imm.index);
      const f = tt.fields[t][0];
      if (!f.mutable) w.err(IMMUTABLE_ARRAY);
      w.popExpect(unpacked(f.type));
      w.popExpect(I32);
      w.popExpect(refOf(true, CONCRETE_BASE + t));
      return;
    }
    case 0xfb0f: // array.len
      w.popShareable(H.array);
      return w.push(I32);
    case 0xfb10: { // array.fill
      const t = arrayType(w, imm.index);
      const f = tt.fields[t][0];
      if (!f.mutable) w.err(IMMUTABLE_ARRAY);
      w.popExpect(I32);
      w.popExpect(unpacked(f.type));
      w.popExpect(I32);
      w.popExpect(refOf(true, CONCRETE_BASE + t));
      return;
    }
    case 0xfb11: { // array.copy dst src
      const d = arrayType(w, imm.index);
      const s = arrayType(w, imm.index2);
      const fd = tt.fields[d][0];
      if (!fd.mutable) w.err(IMMUTABLE_ARRAY);
      const fs = tt.fields[s][0];
      if (!tt.matches(fs.type, fd.type) && fs.type !== fd.type) w.err('array types do not match');
      w.popExpect(I32);
      w.popExpect(I32);
      w.popExpect(refOf(true, CONCRETE_BASE + s));
      w.popExpect(I32);
      w.popExpect(refOf(true, CONCRETE_BASE + d));
      return;
    }
    case 0xfb12: // array.init_data
    case 0xfb13: { // array.init_elem
      const t = arrayType(w, imm.index);
      const f = tt.fields[t][0];
      if (!f.mutable) w.err(IMMUTABLE_ARRAY);
      if (op === 0xfb12) {
        if (!isNumericOrVector(f.type)) w.err('array type is not numeric or vector');
        w.checkData(imm.index2);
      } else {
        const e = w.checkElem(imm.index2);
        if (!tt.matches(e, f.type)) w.err('type mismatch');
      }
      w.popExpect(I32);
      w.popExpect(I32);
      w.popExpect(I32);
      w.popExpect(refOf(true, CONCRETE_BASE + t));
      return;
    }
    case 0xfb14: // ref.test (ref ht)
    case 0xfb15: // ref.test (ref null ht)
    case 0xfb16: // ref.cast (ref ht)
    case 0xfb17: { // ref.cast (ref null ht)
      const ht = (imm.heapType = tt.normalizeHeap(imm.heapType, w.section, w.pos));
      const target = (imm.refType = refOf(op === 0xfb15 || op === 0xfb17, ht));
      w.popExpect(refOf(true, tt.top(ht)));
      return w.push(op <= 0xfb15 ? I32 : target);
    }
    case 0xfb18: // br_on_cast
    case 0xfb19: { // br_on_cast_fail
      const h1 = (imm.heapType = tt.normalizeHeap(imm.heapType, w.section, w.pos));
      const h2 = (imm.index2 = tt.normalizeHeap(imm.index2, w.section, w.pos));
      const rt1 = (imm.refType2 = refOf((imm.castFlags & 1) !== 0, h1));
      const rt2 = (imm.refType = refOf((imm.castFlags & 2) !== 0, h2));
      const types = w.label(imm.index);
      if (!tt.matches(rt2, rt1)) w.err('type mismatch');
      if (types.length === 0) w.err('type mismatch');
      // What remains when the cast fails: rt1 minus rt2's nullability.
      const diff = refOf(isNullable(rt1) && !isNullable(rt2), h1);
      const toLabel = op === 0xfb18 ? rt2 : diff;
      const fallThrough = op === 0xfb18 ? diff : rt2;
      if (!tt.matches(toLabel, types[types.length - 1])) w.err('type mismatch');
      w.popExpect(rt1);
      // The label's other values must be on the stack below.
      const rest = types.slice(0, types.length - 1);
      w.peekMatch(rest);
      return w.push(fallThrough);
    }
    case 0xfb1a: { // any.convert_extern (keeps the operand's sharedness)
      const t = w.popShareable(H.extern);
      return w.push(refOf(t === BOT ? false : isNullable(t), H.any | w.shareOf(t)));
    }
    case 0xfb1b: { // extern.convert_any (keeps the operand's sharedness)
      const t = w.popShareable(H.any);
      return w.push(refOf(t === BOT ? false : isNullable(t), H.extern | w.shareOf(t)));
    }
    case 0xfb1c: // ref.i31
      w.popExpect(I32);
      return w.push(refOf(false, H.i31));
    case 0xfb1d: // i31.get_s
    case 0xfb1e: // i31.get_u
      w.popShareable(H.i31);
      return w.push(I32);
    default:
      return w.err(`illegal opcode fb ${(op & 0xff).toString(16)}`);
  }
}

