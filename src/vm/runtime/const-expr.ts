// A direct evaluator for constant expressions (global/table initializers, segment offsets and elements).
// They are short and already validated, so this walks the bytes once with a tiny value stack.
// Supports the 2.0 forms plus extended-const arithmetic (i32/i64 add, sub, mul).
import type { ConstExpr } from '../../decoder/module.js';
import { PACK_RUNTIME, vmPack } from '../pack.js';
import { Reader } from '../../decoder/reader.js';
import * as i64 from '../ops/i64.js';
import type { InstanceState } from './instance-state.js';
import { Unsupported } from '../errors.js';

/** Result of an evaluation: up to 4 int32 units (v128) and a reference. */
export interface ConstValue {
  readonly units: Int32Array;
  ref: unknown;
}

export function evalConst(inst: InstanceState, expr: ConstExpr): ConstValue {
  const r = new Reader(inst.module.bytes, expr.start, expr.end);
  const stack: ConstValue[] = [];
  const push = (a: number, b = 0, c = 0, d = 0, ref: unknown = null): void => {
    stack.push({ units: Int32Array.of(a, b, c, d), ref });
  };
  for (;;) {
    const op = r.u8();
    switch (op) {
      case 0x0b: // end
        return stack[stack.length - 1];
      case 0x41:
        push(r.s32());
        break;
      case 0x42:
        r.s64();
        push(r.lo, r.hi);
        break;
      case 0x43:
        push(r.fixed32());
        break;
      case 0x44:
        r.fixed64();
        push(r.lo, r.hi);
        break;
      case 0x23: {
        const g = inst.globalInsts[r.u32()];
        const addr = g.addr;
        const G = g.store.globals;
        push(G[addr], G[addr + 1], G[addr + 2], G[addr + 3], g.store.globalRefs[addr]);
        break;
      }
      case 0xd0: // ref.null ht (a `(shared ht)` is the prefix 0x65 and one more byte)
        if (r.s33() === -27) r.u8();
        push(0, 0, 0, 0, null);
        break;
      case 0xd2: // ref.func
        push(0, 0, 0, 0, inst.funcs[r.u32()]);
        break;
      case 0x6a: case 0x6b: case 0x6c: { // i32 add/sub/mul
        const b = stack.pop()!.units[0];
        const a = stack.pop()!.units[0];
        push(op === 0x6a ? (a + b) | 0 : op === 0x6b ? (a - b) | 0 : Math.imul(a, b));
        break;
      }
      case 0x7c: case 0x7d: case 0x7e: { // i64 add/sub/mul
        const b = stack.pop()!.units;
        const a = stack.pop()!.units;
        [i64.add, i64.sub, i64.mul][op - 0x7c](a[0], a[1], b[0], b[1]);
        push(i64.out[0], i64.out[1]);
        break;
      }
      case 0xfd: { // v128.const
        const sub = r.u32();
        if (sub !== 12) throw new Error(`constant expression: unsupported SIMD op ${sub}`);
        push(r.fixed32(), r.fixed32(), r.fixed32(), r.fixed32());
        break;
      }
      case 0xfb: // GC constant instructions: the GC pack's (the validator refused them without it)
        vmPack(inst.vm, 'gc').evalConst!(r.u32(), r, stack, inst, PACK_RUNTIME);
        break;
      default:
        throw new Unsupported(`constant expression opcode 0x${op.toString(16)}`);
    }
  }
}
