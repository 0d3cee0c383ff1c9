// DWARF location expressions (DWARF 5 §2.5–2.6) over a paused wasm frame: the stack machine, the wasm
// extension DW_OP_WASM_location (0xED: kind 0 local, 1 global, 2 operand stack, 3 global with a fixed
// u32 index), composite locations (DW_OP_piece) and a printer in llvm-dwarfdump's style for the UI.
import type { FrameAccess } from '../source-info.js';
import { Cursor } from './cursor.js';

/** Where a value lives once its location expression has been run. */
export type Location =
  | { readonly k: 'memory'; readonly address: number }
  /** The value itself (DW_OP_stack_value, a wasm local/global/operand, DW_OP_implicit_value). */
  | { readonly k: 'value'; readonly bytes: Uint8Array }
  | { readonly k: 'pieces'; readonly parts: readonly { readonly loc: Location | undefined; readonly size: number }[] }
  /** No location (an empty expression): the value is optimized out. */
  | { readonly k: 'none' };

export interface ExprContext {
  readonly frame: FrameAccess;
  readonly addressSize: number;
  /** The frame base (DW_AT_frame_base of the enclosing subprogram, evaluated), for DW_OP_fbreg. */
  frameBase(): bigint;
  /** .debug_addr entry `index` of the unit (DW_OP_addrx, DW_OP_constx). */
  addrx(index: number): number;
}

const MAX_STEPS = 10_000; // DW_OP_bra/skip can loop: bad DWARF must not hang the debugger
const U64 = (v: bigint): bigint => BigInt.asUintN(64, v);
const S64 = (v: bigint): bigint => BigInt.asIntN(64, v);

/** A wasm value's bits (FrameAccess) as a 64-bit stack entry: i32 sign-extended as C would see an int. */
function toBig(v: number | bigint): bigint {
  return typeof v === 'bigint' ? U64(v) : U64(BigInt(v | 0));
}

/** Little-endian bytes of a value. */
export function bytesOf(v: bigint, size: number): Uint8Array {
  const out = new Uint8Array(size);
  let x = BigInt.asUintN(size * 8, v);
  for (let i = 0; i < size; i++) {
    out[i] = Number(x & 0xffn);
    x >>= 8n;
  }
  return out;
}

function wasmValue(ctx: ExprContext, kind: number, index: number, c: Cursor): bigint {
  switch (kind) {
    case 0: return toBig(ctx.frame.local(index));
    case 1: case 3: return toBig(ctx.frame.global(index));
    case 2: return toBig(ctx.frame.operand(index));
    default: return c.fail(`unknown DW_OP_WASM_location kind ${kind}`);
  }
}

/** Runs a location expression. `section` names where it came from for errors. */
export function evaluateLocation(expr: Uint8Array, ctx: ExprContext, section = 'location expression'): Location {
  if (expr.length === 0) return { k: 'none' };
  const c = new Cursor(expr, section);
  const stack: bigint[] = [];
  const pop = (): bigint => {
    const v = stack.pop();
    return v === undefined ? c.fail('DWARF expression stack underflow') : v;
  };
  const parts: { loc: Location | undefined; size: number }[] = [];
  // The location built since the last piece: a memory address (top of stack) unless an op said otherwise.
  let pending: Location | undefined;
  let isValue = false;
  let implicit: Uint8Array | undefined;
  const current = (): Location | undefined => {
    if (implicit) return { k: 'value', bytes: implicit };
    if (pending) return pending;
    if (stack.length === 0) return undefined;
    const top = stack[stack.length - 1];
    return isValue ? { k: 'value', bytes: bytesOf(top, 8) } : { k: 'memory', address: Number(top & 0xffff_ffffn) };
  };
  let steps = 0;
  while (!c.atEnd()) {
    if (++steps > MAX_STEPS) c.fail('DWARF expression does not terminate');
    const op = c.u8();
    if (op >= 0x30 && op <= 0x4f) { stack.push(BigInt(op - 0x30)); continue; } // DW_OP_lit0..31
    if (op >= 0x70 && op <= 0x8f) { c.sleb(); c.fail('DW_OP_breg: wasm has no registers'); }
    if (op >= 0x50 && op <= 0x6f) c.fail('DW_OP_reg: wasm has no registers');
    switch (op) {
      case 0x03: stack.push(BigInt(c.uN(ctx.addressSize))); break; // addr
      case 0x06: case 0x94: { // deref, deref_size
        const size = op === 0x94 ? c.u8() : ctx.addressSize;
        const addr = Number(pop() & 0xffff_ffffn);
        const b = ctx.frame.readMemory(addr, size);
        let v = 0n;
        for (let i = size - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]);
        stack.push(v);
        break;
      }
      case 0x08: stack.push(BigInt(c.u8())); break;
      case 0x09: stack.push(U64(BigInt((c.u8() << 24) >> 24))); break;
      case 0x0a: stack.push(BigInt(c.u16())); break;
      case 0x0b: stack.push(U64(BigInt((c.u16() << 16) >> 16))); break;
      case 0x0c: stack.push(BigInt(c.u32())); break;
      case 0x0d: stack.push(U64(BigInt(c.u32() | 0))); break;
      case 0x0e: case 0x0f: stack.push(c.u64big()); break;
      case 0x10: stack.push(BigInt(c.uleb())); break; // constu
      case 0x11: stack.push(U64(c.slebBig())); break; // consts
      case 0x12: { const v = pop(); stack.push(v, v); break; } // dup
      case 0x13: pop(); break; // drop
      case 0x14: { if (stack.length < 2) c.fail('DWARF expression stack underflow'); stack.push(stack[stack.length - 2]); break; }
      case 0x15: { const i = c.u8(); if (i >= stack.length) c.fail('DW_OP_pick out of range'); stack.push(stack[stack.length - 1 - i]); break; }
      case 0x16: { const a = pop(), b = pop(); stack.push(a, b); break; } // swap
      case 0x17: { const a = pop(), b = pop(), d = pop(); stack.push(a, d, b); break; } // rot
      case 0x19: { const v = S64(pop()); stack.push(U64(v < 0n ? -v : v)); break; }
      case 0x1a: { const b = pop(), a = pop(); stack.push(a & b); break; }
      case 0x1b: { const b = S64(pop()), a = S64(pop()); if (b === 0n) c.fail('DW_OP_div by zero'); stack.push(U64(a / b)); break; }
      case 0x1c: { const b = pop(), a = pop(); stack.push(U64(a - b)); break; } // minus
      case 0x1d: { const b = pop(), a = pop(); if (b === 0n) c.fail('DW_OP_mod by zero'); stack.push(a % b); break; }
      case 0x1e: { const b = pop(), a = pop(); stack.push(U64(a * b)); break; }
      case 0x1f: stack.push(U64(-pop())); break; // neg
      case 0x20: stack.push(U64(~pop())); break; // not
      case 0x21: { const b = pop(), a = pop(); stack.push(a | b); break; }
      case 0x22: { const b = pop(), a = pop(); stack.push(U64(a + b)); break; } // plus
      case 0x23: stack.push(U64(pop() + BigInt(c.uleb()))); break; // plus_uconst
      case 0x24: { const b = pop(), a = pop(); stack.push(b >= 64n ? 0n : U64(a << b)); break; }
      case 0x25: { const b = pop(), a = pop(); stack.push(b >= 64n ? 0n : a >> b); break; }
      case 0x26: { const b = pop(), a = S64(pop()); stack.push(U64(a >> (b >= 64n ? 63n : b))); break; }
      case 0x27: { const b = pop(), a = pop(); stack.push(a ^ b); break; }
      case 0x28: { const off = (c.u16() << 16) >> 16; if (pop() !== 0n) jump(c, off); break; } // bra
      case 0x29: case 0x2a: case 0x2b: case 0x2c: case 0x2d: case 0x2e: {
        const b = S64(pop()), a = S64(pop());
        const r = op === 0x29 ? a === b : op === 0x2a ? a >= b : op === 0x2b ? a > b : op === 0x2c ? a <= b : op === 0x2d ? a < b : a !== b;
        stack.push(r ? 1n : 0n);
        break;
      }
      case 0x2f: jump(c, (c.u16() << 16) >> 16); break; // skip
      case 0x91: stack.push(U64(ctx.frameBase() + BigInt(c.sleb()))); break; // fbreg
      case 0x93: { // piece
        const size = c.uleb();
        parts.push({ loc: current(), size });
        stack.length = 0; pending = undefined; isValue = false; implicit = undefined;
        break;
      }
      case 0x96: break; // nop
      case 0x9e: implicit = c.bytesOf(c.uleb()); break; // implicit_value
      case 0x9f: isValue = true; break; // stack_value
      case 0xa1: case 0xa2: stack.push(BigInt(ctx.addrx(c.uleb()))); break; // addrx, constx
      case 0xed: { // DW_OP_WASM_location
        const kind = c.u8();
        const index = kind === 3 ? c.u32() : c.uleb();
        stack.push(wasmValue(ctx, kind, index, c));
        // Without DW_OP_stack_value the wasm local/global/operand is the variable's storage itself.
        pending = undefined;
        if (c.atEnd() || expr[c.pos] === 0x93) isValue = true;
        break;
      }
      default:
        c.fail(`unsupported DWARF operation 0x${op.toString(16)}`, c.pos - 1);
    }
  }
  if (parts.length > 0) return { k: 'pieces', parts };
  return current() ?? { k: 'none' };
}

function jump(c: Cursor, off: number): void {
  const to = c.pos + off;
  if (to < 0 || to > c.end) c.fail('DWARF branch out of range');
  c.pos = to;
}

const NAMES: Record<number, string> = {
  0x03: 'DW_OP_addr', 0x06: 'DW_OP_deref', 0x08: 'DW_OP_const1u', 0x09: 'DW_OP_const1s', 0x0a: 'DW_OP_const2u',
  0x0b: 'DW_OP_const2s', 0x0c: 'DW_OP_const4u', 0x0d: 'DW_OP_const4s', 0x0e: 'DW_OP_const8u',
  0x0f: 'DW_OP_const8s', 0x10: 'DW_OP_constu', 0x11: 'DW_OP_consts', 0x12: 'DW_OP_dup', 0x13: 'DW_OP_drop',
  0x14: 'DW_OP_over', 0x15: 'DW_OP_pick', 0x16: 'DW_OP_swap', 0x17: 'DW_OP_rot', 0x19: 'DW_OP_abs',
  0x1a: 'DW_OP_and', 0x1b: 'DW_OP_div', 0x1c: 'DW_OP_minus', 0x1d: 'DW_OP_mod', 0x1e: 'DW_OP_mul',
  0x1f: 'DW_OP_neg', 0x20: 'DW_OP_not', 0x21: 'DW_OP_or', 0x22: 'DW_OP_plus', 0x23: 'DW_OP_plus_uconst',
  0x24: 'DW_OP_shl', 0x25: 'DW_OP_shr', 0x26: 'DW_OP_shra', 0x27: 'DW_OP_xor', 0x28: 'DW_OP_bra',
  0x29: 'DW_OP_eq', 0x2a: 'DW_OP_ge', 0x2b: 'DW_OP_gt', 0x2c: 'DW_OP_le', 0x2d: 'DW_OP_lt', 0x2e: 'DW_OP_ne',
  0x2f: 'DW_OP_skip', 0x91: 'DW_OP_fbreg', 0x93: 'DW_OP_piece', 0x94: 'DW_OP_deref_size', 0x96: 'DW_OP_nop',
  0x9e: 'DW_OP_implicit_value', 0x9f: 'DW_OP_stack_value', 0xa1: 'DW_OP_addrx', 0xa2: 'DW_OP_constx',
  0xed: 'DW_OP_WASM_location',
};

const hex = (n: number | bigint): string => `0x${n.toString(16)}`;
const signed = (n: number): string => (n < 0 ? `${n}` : `+${n}`);

/** The expression as llvm-dwarfdump prints it ("DW_OP_fbreg +12", "DW_OP_WASM_location 0x0 0x1, DW_OP_stack_value"). */
export function describeLocation(expr: Uint8Array, addressSize = 4): string {
  const c = new Cursor(expr, 'location expression');
  const out: string[] = [];
  try {
    while (!c.atEnd()) {
      const op = c.u8();
      if (op >= 0x30 && op <= 0x4f) { out.push(`DW_OP_lit${op - 0x30}`); continue; }
      const name = NAMES[op] ?? `DW_OP_<0x${op.toString(16)}>`;
      switch (op) {
        case 0x03: out.push(`${name} ${hex(c.uN(addressSize))}`); break;
        case 0x08: case 0x15: case 0x94: out.push(`${name} ${hex(c.u8())}`); break;
        case 0x09: out.push(`${name} ${signed((c.u8() << 24) >> 24)}`); break;
        case 0x0a: out.push(`${name} ${hex(c.u16())}`); break;
        case 0x0b: case 0x28: case 0x2f: out.push(`${name} ${signed((c.u16() << 16) >> 16)}`); break;
        case 0x0c: out.push(`${name} ${hex(c.u32())}`); break;
        case 0x0d: out.push(`${name} ${signed(c.u32() | 0)}`); break;
        case 0x0e: case 0x0f: out.push(`${name} ${hex(c.u64big())}`); break;
        case 0x10: case 0x23: case 0x93: case 0xa1: case 0xa2: out.push(`${name} ${hex(c.uleb())}`); break;
        case 0x11: case 0x91: out.push(`${name} ${signed(c.sleb())}`); break;
        case 0x9e: { const n = c.uleb(); c.skip(n); out.push(`${name} ${hex(n)}`); break; }
        case 0xed: { const k = c.u8(); out.push(`${name} ${hex(k)} ${hex(k === 3 ? c.u32() : c.uleb())}`); break; }
        default:
          if (!(op in NAMES)) { out.push(name); return out.join(', '); }
          out.push(name);
      }
    }
  } catch {
    out.push('<truncated>');
  }
  return out.join(', ');
}
