// Translation of the 0xFB (GC) instructions into the generic GC instruction (the GC pack's part,
// `purewasm/gc`; layout in exec/gc.ts):
//   GC sub d x y s0 s1 s2 s3 s4
// through the translator's pack hooks (translator.ts). br_on_cast(_fail) is a GC test into a scratch slot
// and a branch, which the translator emits (brOnCast).
import { I8, I16, I32, concreteHeap, isNullable, refType } from '../../decoder/module.js';
import type { ArrayType, StructType, ValType } from '../../decoder/module.js';
import type { BodyContext } from '../../validate/sink.js';
import { Op } from './opcodes.js';
import type { Translator } from './translator.js';

const unpacked = (t: ValType): ValType => (t === I8 || t === I16 ? I32 : t);

export function gcSink(t: Translator, op: number, ctx: BodyContext): void {
  const imm = ctx.imm;
  const sub = op & 0xff;
  const types = ctx.module.module.types;
  const x = imm.index;
  let y = imm.index2;
  let nPop: number;
  let result: ValType | -1;
  const slots = [-1, -1, -1, -1, -1];
  let contiguous = -1; // struct.new / array.new_fixed: operand count taken contiguous from slots[0]
  switch (sub) {
    case 0x00: contiguous = (types[x].composite as StructType).fields.length; nPop = 0; result = refType(false, concreteHeap(x)); break;
    case 0x01: nPop = 0; result = refType(false, concreteHeap(x)); break;
    case 0x02: case 0x03: case 0x04:
      nPop = 1; result = unpacked((types[x].composite as StructType).fields[y].type); break;
    case 0x05: nPop = 2; result = -1; break;
    case 0x06: case 0x09: case 0x0a: nPop = 2; result = refType(false, concreteHeap(x)); break;
    case 0x07: nPop = 1; result = refType(false, concreteHeap(x)); break;
    case 0x08: contiguous = imm.count; y = imm.count; nPop = 0; result = refType(false, concreteHeap(x)); break;
    case 0x0b: case 0x0c: case 0x0d: nPop = 2; result = unpacked((types[x].composite as ArrayType).element.type); break;
    case 0x0e: nPop = 3; result = -1; break;
    case 0x0f: nPop = 1; result = I32; break;
    case 0x10: case 0x12: case 0x13: nPop = 4; result = -1; break;
    case 0x11: nPop = 5; result = -1; break;
    case 0x14: case 0x15: nPop = 1; result = I32; break;
    case 0x16: case 0x17: nPop = 1; result = refType(sub === 0x17, imm.heapType); break;
    case 0x18: case 0x19: t.brOnCast(sub === 0x19, imm.index, imm.index2, (imm.castFlags & 2) !== 0); return;
    case 0x1a: case 0x1b:
      nPop = 1;
      result = refType(isNullable(t.packTypeAt(0)), sub === 0x1a ? 0x6e : 0x6f);
      break;
    case 0x1c: nPop = 1; result = refType(false, 0x6c); break;
    default: nPop = 1; result = I32; break; // 0x1d, 0x1e: i31.get_s/_u
  }
  const xx = sub >= 0x14 && sub <= 0x17 ? imm.heapType : x;
  if (contiguous >= 0) slots[0] = t.packContiguous(contiguous);
  else {
    for (let k = 0; k < nPop; k++) slots[k] = t.packOperand(nPop - 1 - k);
    t.packPop(nPop);
  }
  const d = result === -1 ? -1 : t.packPush(result);
  t.packEmit(Op.GC, sub, d, xx, y, slots[0], slots[1], slots[2], slots[3], slots[4]);
}
