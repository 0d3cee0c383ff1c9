// Translation of the 0xFD (SIMD) instructions into the generic SIMD instruction (the SIMD pack's part,
// `purewasm/simd`, through the translator's pack hooks)
//   SIMD sub d a b c lane w0 w1 w2 w3
// Operand slots a, b, c are the instruction's operands in order (vector or scalar); d the result slot
// (-1 when none). For memory ops a is the address, b the vector (stores, *_lane) and w0 the offset; for
// i8x16.shuffle w0..w3 are the 16 lane indices packed little-endian. v128.const becomes CONST128.
// Stack effects come from the validator's signature table, so this file lists no per-op types.
import { V128 } from '../../decoder/module.js';
import { simdAccesses as memOps, simdSignatures as signatures } from '../../validate/simd-instructions.js';
import type { BodyContext } from '../../validate/sink.js';
import { Op } from './opcodes.js';
import type { Translator } from './translator.js';

/** i8x16.shuffle's stack effect (the validator decodes its lane immediates itself). */
const SHUFFLE = { params: [V128, V128], results: [V128] };

function word(bytes: Uint8Array, p: number): number {
  return bytes[p] | (bytes[p + 1] << 8) | (bytes[p + 2] << 16) | (bytes[p + 3] << 24);
}

export function simdSink(t: Translator, op: number, ctx: BodyContext): void {
  // relaxed SIMD (validator numbering 0xFF00 | (sub - 0x100)) runs as sub-opcodes 0x100..0x113
  const sub = op >= 0xff00 ? 0x100 + (op & 0xff) : op - 0xfd00;
  const imm = ctx.imm;
  const bytes = ctx.module.module.bytes;
  if (sub === 0x0c) {
    const p = imm.v128Pos;
    t.packPushConst128(Int32Array.of(word(bytes, p), word(bytes, p + 4), word(bytes, p + 8), word(bytes, p + 12)));
    return;
  }
  const mo = memOps[op];
  if (mo !== undefined) {
    // w1: memory index, w2: high half of the offset, w3: 1 for a 64-bit memory (address is an i64)
    const is64 = ctx.module.memoryTypes[imm.memory].limits.index64 ? 1 : 0;
    // loads: [addr] → v; store: [addr, v]; load_lane: [addr, v] → v; store_lane: [addr, v]
    const hasVec = mo.shape === 1 || mo.shape === 6 || mo.shape === 7;
    const b = hasVec ? t.packOperand(0) : -1;
    const a = t.packOperand(hasVec ? 1 : 0);
    t.packPop(hasVec ? 2 : 1);
    const d = mo.shape === 0 || mo.shape === 6 ? t.packPush(V128) : -1;
    t.packEmit(Op.SIMD, sub, d, a, b, -1, imm.lane, imm.offsetLo, imm.memory, imm.offsetHi, is64);
    return;
  }
  const sig = sub === 0x0d ? SHUFFLE : signatures[op];
  if (sig === undefined) throw new Error(`translator: unknown SIMD opcode 0x${op.toString(16)}`);
  const n = sig.params.length;
  const slots = [-1, -1, -1];
  for (let k = 0; k < n; k++) slots[k] = t.packOperand(n - 1 - k);
  t.packPop(n);
  const d = sig.results.length > 0 ? t.packPush(sig.results[0]) : -1;
  let w0 = 0, w1 = 0, w2 = 0, w3 = 0;
  if (sub === 0x0d) {
    const p = imm.v128Pos;
    w0 = word(bytes, p);
    w1 = word(bytes, p + 4);
    w2 = word(bytes, p + 8);
    w3 = word(bytes, p + 12);
  }
  t.packEmit(Op.SIMD, sub, d, slots[0], slots[1], slots[2], imm.lane, w0, w1, w2, w3);
}
