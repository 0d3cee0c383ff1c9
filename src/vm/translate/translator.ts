// Translation of one function body into internal code (see opcodes.ts), as the sink of the validator's walk
// (validation and translation are one pass, GUIDE §2.5).
//
// The translator mirrors the wasm operand stack at compile time. Each entry has a fixed slot (its offset from
// the frame base, in int32 units), but its value may not be there yet: a `local.get` or a constant is kept
// *lazy* and its consumer reads the local's slot (or an immediate) directly, so `local.get a; local.get b;
// i32.add; local.set c` becomes the single instruction `I32_ADD c a b` (the result is retargeted to the
// local when the producing instruction is the last one emitted). Lazy entries are materialized into their
// slots at every control-flow boundary (so merging paths agree on where values live) and before a local
// they read is overwritten.
//
// Branches: a label's values must be at the label frame's entry slots; the translator emits the moves a
// branch needs (none when the values already are there) and resolves targets: backward ones (loop) at once,
// forward ones by patching when the frame ends. A branch to the function frame is a return. A compare that
// feeds br_if/if directly is fused into a compare-and-branch instruction. Code in unreachable regions is
// not emitted.
//
// Constants read as operands come from a per-function constant pool (frame slots between the locals and
// the operand stack, filled on entry; see poolSlot). Other fusions of an instruction with the one just
// emitted (its producer): i32 immediate forms, eqz-of-compare, add-immediate into loads, shift into add
// (I32_ADD_SHL), add chains (I32_ADD3), f64 multiply-add, pointer bump + load (I32_LOAD_UPD),
// add + br_if (ADD_I_BR_NZ/Z), xor with a constant shift/rotate, f64 triple products, f64 results stored
// straight to memory, indexed loads (I32_LOAD_IDX), i64 compare-and-branch, f64 loads read as numbers
// (F64_LOAD_N), MOV pairs (MOV2), results written straight to the return slot, and SHA-2 rotate chains
// (three adjacent producers). Each is only applied when nothing was emitted in between, so no value it reads
// can have changed. Every family can be switched off (options.ts) to measure what it gains. After
// translation, adjacent instructions of frequent pairs become one dispatch (pairs.ts).
import { F32, F64, FUNCREF, I32, I64, REF_NULLABLE, V128, isRefType, refType } from '../../decoder/module.js';
import type { FuncType, ValType } from '../../decoder/module.js';
import type { BodyContext, BodySink } from '../../validate/sink.js';
import type { FuncInst } from '../runtime/func.js';
import { units } from '../runtime/func.js';
import type { InstanceState } from '../runtime/instance-state.js';
import { validateFunction } from '../../validate/index.js';
import { CodeBuffer } from './code-buffer.js';
import { IMM_FORM, NUMERIC, RETYPE, SWAP_FORM, fusedBranch, negateBranch, negateCompare } from './numeric.js';
import { Op, SLOT_OPERANDS, instructionLength } from './opcodes.js';
import { isPackInstruction, packFamily } from '../../decoder/features.js';
import { vmPack } from '../pack.js';
import { enabled } from './options.js';
import { packOperands } from './packed-operands.js';
import { pairInstructions } from './pairs.js';
import type { DebugRegion, DebugRegionRequest } from '../exec/debug.js';
import { Unsupported } from '../errors.js';
import { opName } from '../../decoder/opcodes.js';
import { FREE_OPS, SEGMENT_STARTS } from './fuel-segments.js';
import { LocalReads } from './local-reads.js';

/** The proposal an unimplemented instruction belongs to, with its name (for `Unsupported`). */
export function featureOf(op: number): string {
  const name = opName(op);
  const fam = op >= 0xfb00 && op <= 0xfbff ? 'GC' :
    op === 0xd3 ? 'GC' : 'instruction';
  return `${fam}: ${name}`;
}

/** Marks constant-pool slot operands until finish() relocates them (far above any real frame offset). */
const POOL_MARK = 0x40000000;
/** Marks offsets that are absolute in the frame (a return's result slots) so relocation leaves them. */
const ABS_MARK = 0x20000000;

const MAT = 0; // value is in its slot
const LOCAL = 1; // value is the local at eVal (unit offset)
const CONST = 2; // value is the constant (eVal, eVal2)

const BLOCK = 0x02;
const LOOP = 0x03;
const IF = 0x04;
const FUNC = -1;
const TRY_TABLE = 0x1f;

export interface Ctl {
  kind: number;
  /** Stack entry count at entry, params excluded. */
  startEntry: number;
  /** Unit offset where the frame's label values live. */
  startSlot: number;
  params: readonly ValType[];
  results: readonly ValType[];
  /** Loop: pc of its start. */
  loopPc: number;
  /** Code positions to patch with the frame's end pc. */
  fixups: number[];
  /** if: code position of the branch to the else arm (-1 when patched/none). */
  elseFixup: number;
  dead: boolean;
  /** try_table / legacy try: pc where its body starts and its handlers (kind, tag, pad pc, payload slot) ×n. */
  tryStart?: number;
  tryHandlers?: number[];
  /** Index of this frame in the control stack (handler entries carry it for `delegate`). */
  tryLevel?: number;
  /** Legacy try (translate/legacy-exceptions.ts) after its first catch arm: the pc where that arm starts, so
   *  its handlers cover the try body only (a try_table's cover up to its end). */
  bodyEnd?: number;
  /** Legacy catch / catch_all arm: slot holding the caught exception (for rethrow), below the arm's values. */
  exnSlot?: number;
}

function sizeOf(t: ValType): number {
  return t === V128 ? 4 : 2;
}

export class Translator implements BodySink {
  readonly out = new CodeBuffer();
  private readonly inst: InstanceState;
  private readonly fn: FuncInst;
  private funcType!: FuncType;

  // Compile-time operand stack.
  private eKind: number[] = [];
  private eSlot: number[] = [];
  private eType: number[] = [];
  private eVal: number[] = [];
  private eVal2: number[] = [];
  topSlot = 0;
  private maxSlot = 0;

  private localOff: number[] = [];
  private readonly pool: number[] = [];
  private readonly poolIndex = new Map<string, number>();
  private localUnits = 0;
  private paramUnits = 0;
  /** Which declared locals need zeroing on entry (a function's own translation, not re-translations for
   *  offsets, probes or debug regions: a debugger shows every local, so a debug store zeroes them all). */
  private reads: LocalReads | null = null;
  ctls: Ctl[] = [];
  /** Exception handlers, 7 units each (see FuncInst.handlers); slots relocated in finish(). */
  readonly handlers: number[] = [];
  /** While the innermost frame is dead: nesting depth of skipped blocks. */
  skipDepth = 0;

  // The last emitted instruction, when it produced the top entry into its slot (for retargeting/fusion).
  private prodPos = -1; // position of its opcode
  private prodEnd = -1; // code length right after it
  private prodEntry = -1; // entry index of its result
  // The producer emitted just before that one, adjacent to it (for fusions of three instructions).
  private prevPos = -1;
  private prevEnd = -1;
  private prevEntry = -1;
  // A `local.tee` that retargeted an I32_ADD_I (see localSet).
  private addTeePos = -1;
  private addTeeEnd = -1;
  /** Code length right after the last MOV emitted, while it may still merge into a MOV2 (else -1). */
  private movEnd = -1;
  /** Operands (x, a, k) of the add fused into an ADD_I_BR_NZ/Z condition by popCondition. */
  private pendingAdd: [number, number, number] = [0, 0, 0];

  /** Fuel metering (exec/fuel.ts): the FUEL instruction's immediate of the current segment, and the cost
   *  counted into it so far; fuelAt is -1 when the store is not instrumented. */
  private fuelAt = -1;
  private fuelCount = 0;

  /** When set (offsetsOf), pairs (code position, module byte offset) per wasm instruction, in order. */
  private readonly offsets: number[] | null;

  /** A debug store's translation into a region of the function's code (exec/debug.ts), else null. */
  private readonly debug: DebugRegionRequest | null;
  /** Debug regions: per recorded instruction, 1 when a stop at its position is exactly before it (the
   *  position is that of the last stop barrier, and nothing was emitted since). */
  private readonly stops: number[] = [];
  /** Debug regions: the next instruction is a structural stop barrier (the first one, and every one after
   *  a control instruction or a call: labels and return addresses); where the last barrier's code starts. */
  private afterControl = true;
  private stopAt = -1;
  /** The region, once the walk is done (debug regions). */
  region: DebugRegion | null = null;

  constructor(fn: FuncInst, offsets: number[] | null = null, debug: DebugRegionRequest | null = null) {
    this.fn = fn;
    this.inst = fn.instance!;
    this.offsets = offsets;
    this.debug = debug;
    if (debug !== null) {
      // absolute branch targets and handler pcs: the region is translated where it will sit
      this.out.code = new Int32Array(debug.base + 256);
      this.out.length = debug.base;
      if (debug.pool !== null) {
        for (let i = 0; i < debug.pool.length; i += 2) this.poolSlot(debug.pool[i], debug.pool[i + 1]);
      }
    }
  }

  // ------------------------------------------------------------------------------------------------------
  // BodySink

  begin(ctx: BodyContext): void {
    this.funcType = this.inst.vm.funcTypes[ctx.funcIndex];
    let off = 0;
    const refLocals: number[] = [];
    const nParams = this.funcType.params.length;
    ctx.localTypes.forEach((t, i) => {
      this.localOff.push(off);
      if (i === nParams) this.paramUnits = off;
      if (i >= nParams && isRefType(t)) refLocals.push(off);
      off += sizeOf(t);
    });
    if (ctx.localTypes.length === nParams) this.paramUnits = off;
    this.localUnits = off;
    if (this.debug === null && this.offsets === null) this.reads = new LocalReads(nParams, ctx.localTypes.length);
    this.topSlot = this.maxSlot = off;
    this.fn.refLocals = Int32Array.from(refLocals);
    if (this.inst.store.instrumented) this.startSegment();
    this.ctls.push({
      kind: FUNC, startEntry: 0, startSlot: 0, params: [], results: this.funcType.results,
      loopPc: 0, fixups: [], elseFixup: -1, dead: false,
    });
  }

  finish(): void {
    if (this.debug !== null) return this.finishRegion(this.debug.base);
    if (this.offsets !== null) return; // a re-translation for offsetsOf: fn keeps the code it runs
    if (this.fuelAt >= 0) this.out.code[this.fuelAt] = this.fuelCount;
    const fn = this.fn;
    this.zeroRange(this.reads!.readFirst);
    fn.localUnits = this.localUnits;
    let code = this.out.finish();
    this.relocatePool(code);
    if (enabled('packed')) packOperands(code); // (not debug regions either: their code keeps the translator's form)
    if (enabled('pairs')) pairInstructions(code); // (not debug regions: finishRegion; a stop at B must stop before B)
    // (where an OSR instruction continues once the JS tier ran the rest of the call: a RETURN of its own, after
    // the pairs, so that nothing fuses with it)
    if (this.inst.store.jsLoops > 0) {
      const c = new Int32Array(code.length + 1);
      c.set(code);
      c[code.length] = Op.RETURN;
      code = c;
    }
    fn.poolBase = this.localUnits;
    fn.pool = Int32Array.from(this.pool);
    fn.poolUnits = this.pool.length;
    fn.frameSize = this.maxSlot + this.pool.length + 4;
    const h = this.handlers;
    for (let i = 5; i < h.length; i += 7) if (h[i] >= this.localUnits) h[i] += this.pool.length;
    fn.handlers = Int32Array.from(h);
    fn.code = code;
  }

  /** fn's zero range: the smallest span of declared locals that holds every one some path reads before writing
   *  (none: empty). */
  private zeroRange(readFirst: Uint8Array): void {
    const off = this.localOff;
    let from = this.localUnits, to = this.localUnits;
    for (let i = 0; i < off.length; i++) {
      if (readFirst[i] === 0) continue;
      if (from === this.localUnits) from = off[i];
      to = i + 1 < off.length ? off[i + 1] : this.localUnits;
    }
    this.fn.zeroFrom = from;
    this.fn.zeroTo = to;
  }

  /** A debug region's result (the function keeps the code it runs; exec/debug.ts installs regions). */
  private finishRegion(base: number): void {
    if (this.fuelAt >= 0) this.out.code[this.fuelAt] = this.fuelCount;
    const code = this.out.code.slice(0, this.out.length);
    this.relocatePool(code, base);
    const h = this.handlers;
    for (let i = 5; i < h.length; i += 7) if (h[i] >= this.localUnits) h[i] += this.pool.length;
    this.region = {
      code: code.subarray(base), offsets: Int32Array.from(this.offsets!), stops: Uint8Array.from(this.stops),
      handlers: Int32Array.from(h), pool: Int32Array.from(this.pool), paramUnits: this.paramUnits,
      localUnits: this.localUnits, maxSlot: this.maxSlot,
    };
  }

  /** Set by operandStackAt: the module offset whose compile-time operand stack is wanted, and the copy. */
  probeAt = -1;
  probed: OperandEntry[] | null = null;

  instr(op: number, ctx: BodyContext): void {
    if (this.reads !== null) this.reads.instr(op, ctx.imm.index, ctx.imm.brTargets, ctx.imm.brCount);
    if (this.debug !== null) this.stopBarrier(this.debug.barrier, ctx.pos);
    if (this.offsets !== null) this.offsets.push(this.out.length, ctx.pos);
    if (ctx.pos === this.probeAt && this.probed === null) {
      this.probed = this.eKind.map((kind, i) => ({ kind, type: this.eType[i], slot: this.eSlot[i], value: this.eVal[i], value2: this.eVal2[i] }));
    }
    const ctl = this.ctls[this.ctls.length - 1];
    if (ctl.dead) {
      // Unreachable code: only track nesting to find this frame's else/end.
      if (op === BLOCK || op === LOOP || op === IF || op === TRY_TABLE || op === 0x06) {
        this.skipDepth++;
        return;
      }
      if (op === 0x0b) {
        if (this.skipDepth > 0) {
          this.skipDepth--;
          return;
        }
      } else if (op === 0x18) { // delegate ends a (skipped or current) try like `end`
        if (this.skipDepth > 0) {
          this.skipDepth--;
          return;
        }
      } else if (op === 0x05 || op === 0x07 || op === 0x19) {
        if (this.skipDepth > 0) return;
      } else return;
    }
    if (this.fuelAt >= 0 && !ctl.dead && !FREE_OPS.has(op)) this.fuelCount++;
    this.translate(op, ctx);
    // Control instructions may put a label (branch target, handler pad) at the current end of the code:
    // a MOV after it must not merge with one before it.
    if (op <= 0x1f || op === 0xd5 || op === 0xd6 || op === 0xfb18 || op === 0xfb19) {
      this.movEnd = -1;
      this.afterControl = true;
    }
    if (this.fuelAt >= 0 && SEGMENT_STARTS.has(op)) this.startSegment();
  }

  /** A debug region (exec/debug.ts): at a stop barrier nothing emitted before the instruction merges with
   *  what it and the next ones emit, so a stop at its position is exactly before it. Barriers: the
   *  structural ones (labels, return addresses: free, no fusion crosses them anyway) and `barrier`'s (null:
   *  every instruction). */
  private stopBarrier(barrier: ((offset: number) => boolean) | null, offset: number): void {
    if (barrier === null || this.afterControl || barrier(offset)) {
      this.prodPos = -1;
      this.prevPos = -1;
      this.addTeePos = -1;
      this.movEnd = -1;
      this.stopAt = this.out.length;
    }
    this.afterControl = false;
    this.stops.push(this.out.length === this.stopAt ? 1 : 0);
  }

  /** Closes the current fuel segment (its FUEL gets the cost counted) and opens one here. */
  private startSegment(): void {
    if (this.fuelAt >= 0) this.out.code[this.fuelAt] = this.fuelCount;
    this.out.emit2(Op.FUEL, 0);
    this.fuelAt = this.out.length - 1;
    this.fuelCount = 0;
  }

  // ------------------------------------------------------------------------------------------------------
  // Operand stack

  private get height(): number {
    return this.eKind.length;
  }

  private pushEntry(kind: number, type: ValType, val: number, val2: number): number {
    const slot = this.topSlot;
    this.eKind.push(kind);
    this.eSlot.push(slot);
    this.eType.push(type);
    this.eVal.push(val);
    this.eVal2.push(val2);
    this.topSlot = slot + sizeOf(type);
    if (this.topSlot > this.maxSlot) this.maxSlot = this.topSlot;
    return slot;
  }

  /** Pushes a materialized result; returns its slot. */
  push(type: ValType): number {
    return this.pushEntry(MAT, type, 0, 0);
  }

  private pop(): void {
    this.eKind.pop();
    this.eSlot.pop();
    this.eType.pop();
    this.eVal.pop();
    this.eVal2.pop();
    const n = this.eKind.length;
    this.topSlot = n > 0 ? this.eSlot[n - 1] + sizeOf(this.eType[n - 1]) : this.localUnits;
  }

  private popN(n: number): void {
    for (let i = 0; i < n; i++) this.pop();
  }

  /** Truncates the stack to `n` entries. */
  truncate(n: number): void {
    while (this.eKind.length > n) this.pop();
    if (n === 0) this.topSlot = this.localUnits;
  }

  private emitMove(type: ValType, dst: number, src: number): void {
    const o = this.out;
    if (isRefType(type)) o.emit3(Op.MOV_REF, dst, src);
    else if (type === V128) {
      this.emitMov(dst, src);
      this.emitMov(dst + 2, src + 2);
    } else this.emitMov(dst, src);
  }

  /** A MOV, merged into a MOV2 with the MOV just emitted (movEnd) when no label lies between them (instr()
   *  forgets movEnd after every instruction that may define one). */
  private emitMov(dst: number, src: number): void {
    const o = this.out;
    if (this.movEnd === o.length && o.code[o.length - 3] === Op.MOV && enabled('mov-pairs')) {
      const d1 = o.code[o.length - 2], s1 = o.code[o.length - 1];
      o.length -= 3;
      o.emitN(Op.MOV2, d1, s1, dst, src);
      this.movEnd = -1;
      return;
    }
    o.emit3(Op.MOV, dst, src);
    this.movEnd = o.length;
  }

  /** Emits code that puts entry i's value into slot `dst`. */
  private emitValueTo(i: number, dst: number): void {
    const k = this.eKind[i];
    if (k === MAT) {
      if (this.eSlot[i] !== dst) this.emitMove(this.eType[i], dst, this.eSlot[i]);
    } else if (k === LOCAL) {
      if (this.eVal[i] !== dst) this.emitMove(this.eType[i], dst, this.eVal[i]);
    } else {
      this.out.emit4(Op.CONST, dst, this.eVal[i], this.eVal2[i]);
    }
  }

  private materialize(i: number): void {
    if (this.eKind[i] === MAT) return;
    this.emitValueTo(i, this.eSlot[i]);
    this.eKind[i] = MAT;
  }

  private materializeFrom(from: number): void {
    for (let i = from; i < this.height; i++) this.materialize(i);
  }

  materializeAll(): void {
    this.materializeFrom(0);
  }

  /** Slot to read entry i from: a local's slot, a constant's pool slot, or the entry's own slot. */
  private operand(i: number): number {
    const k = this.eKind[i];
    if (k === LOCAL) return this.eVal[i];
    if (k === CONST) {
      if (this.eType[i] === V128 || isRefType(this.eType[i]) || !enabled('const-pool')) this.materialize(i);
      else return this.poolSlot(this.eVal[i], this.eVal2[i]);
    }
    return this.eSlot[i];
  }

  /** Entry i can be read without emitting code (a fusion that removed its producer emits nothing before
   *  its own instruction, so no slot the removed producer read can be overwritten in between). */
  private readsInPlace(i: number): boolean {
    return this.eKind[i] !== CONST || enabled('const-pool');
  }

  /**
   * The constant pool: constants read as operands live in frame slots between the locals and the operand
   * stack, filled at function entry, so a loop does not re-materialize them. (Not above the operand stack:
   * a callee's frame starts inside it.) Until the pool size is known, pool slots are POOL_MARK + pool offset
   * and operand-stack slots assume an empty pool; finish() relocates both.
   */
  private poolSlot(lo: number, hi: number): number {
    const key = `${lo},${hi}`;
    let off = this.poolIndex.get(key);
    if (off === undefined) {
      off = this.pool.length;
      this.pool.push(lo, hi);
      this.poolIndex.set(key, off);
    }
    return POOL_MARK + off;
  }

  private relocatePool(code: Int32Array, pc = 0): void {
    const locals = this.localUnits;
    const shift = this.pool.length;
    while (pc < code.length) {
      const op = code[pc];
      for (const p of SLOT_OPERANDS[op]) {
        const v = code[pc + 1 + p];
        if (v >= POOL_MARK) code[pc + 1 + p] = locals + v - POOL_MARK;
        else if (v >= ABS_MARK) code[pc + 1 + p] = v - ABS_MARK;
        else if (v >= locals) code[pc + 1 + p] = v + shift;
      }
      pc += instructionLength(code, pc);
    }
  }

  noProducer(): void {
    this.prodPos = -1;
    this.prevPos = -1;
  }

  /** Records that the instruction just emitted at `pos` wrote the top entry through its operand 1. */
  private producer(pos: number): void {
    if (this.prodPos >= 0 && this.prodEnd === pos) {
      this.prevPos = this.prodPos;
      this.prevEnd = this.prodEnd;
      this.prevEntry = this.prodEntry;
    } else this.prevPos = -1;
    this.prodPos = pos;
    this.prodEnd = this.out.length;
    this.prodEntry = this.height - 1;
  }

  /** The top entry was produced by the last instruction emitted (nothing emitted since). */
  private topIsFresh(): boolean {
    return this.prodPos >= 0 && this.prodEnd === this.out.length && this.prodEntry === this.height - 1 &&
      this.eKind[this.height - 1] === MAT;
  }

  // ------------------------------------------------------------------------------------------------------
  // Control

  get ctl(): Ctl {
    return this.ctls[this.ctls.length - 1];
  }

  private labelTypes(c: Ctl): readonly ValType[] {
    return c.kind === LOOP ? c.params : c.results;
  }

  /** Whether a branch to frame c (from the current stack) needs value moves. */
  private branchNeedsMoves(c: Ctl): boolean {
    const types = this.labelTypes(c);
    let dst = c.startSlot;
    const base = this.height - types.length;
    for (let j = 0; j < types.length; j++) {
      const i = base + j;
      if (this.eKind[i] !== MAT || this.eSlot[i] !== dst) return true;
      dst += sizeOf(types[j]);
    }
    return false;
  }

  /** Moves the label values of frame c into place (ascending order is safe: destinations never exceed sources). */
  emitBranchMoves(c: Ctl): void {
    const types = this.labelTypes(c);
    let dst = c.startSlot;
    const base = this.height - types.length;
    for (let j = 0; j < types.length; j++) {
      this.emitValueTo(base + j, dst);
      dst += sizeOf(types[j]);
    }
  }

  /** Emits a jump to frame c (moves already done): backward to a loop, or a forward fixup. */
  private emitJump(c: Ctl): void {
    if (c.kind === LOOP) {
      this.out.emit2(Op.BR, c.loopPc);
    } else {
      this.out.emit2(Op.BR, -1);
      c.fixups.push(this.out.length - 1);
    }
  }

  /** Return: results (top of stack) to fp + 0.., then RETURN. Emits nothing that changes entry kinds, so
   *  it is also usable on the taken path of a conditional branch. */
  private emitReturn(): void {
    this.emitMovesToFrameBase(this.funcType.results);
    this.out.emit1(Op.RETURN);
  }

  /** `return` or the function's end: a single result just computed is written straight to fp + 0 (its
   *  producer retargeted, no MOV), else as emitReturn. */
  private emitFinalReturn(): void {
    const r = this.funcType.results;
    if (r.length === 1 && !isRefType(r[0]) && r[0] !== V128 && this.topIsFresh() && enabled('return-retarget')) {
      this.out.code[this.prodPos + 1] = ABS_MARK;
      this.out.emit1(Op.RETURN);
    } else this.emitReturn();
  }

  /** Moves the top `types.length` values to fp + 0.. (a return's results, a tail call's arguments). */
  private emitMovesToFrameBase(types: readonly ValType[]): void {
    const base = this.height - types.length;
    // A value read from a local that an earlier move overwrites is first copied to its own stack slot.
    const src: number[] = [];
    let dst = 0;
    for (let j = 0; j < types.length; j++) {
      const i = base + j;
      if (this.eKind[i] === LOCAL && this.eVal[i] < dst) {
        this.emitValueTo(i, this.eSlot[i]);
        src.push(this.eSlot[i]);
      } else src.push(-1);
      dst += sizeOf(types[j]);
    }
    dst = 0;
    for (let j = 0; j < types.length; j++) {
      if (src[j] >= 0) this.emitMove(types[j], ABS_MARK + dst, src[j]);
      else if (!(this.eKind[base + j] === LOCAL && this.eVal[base + j] === dst)) this.emitValueTo(base + j, ABS_MARK + dst);
      dst += sizeOf(types[j]);
    }
  }

  /** return_call / return_call_indirect: arguments to the frame base, then the callee replaces the frame. */
  private emitReturnCall(index: number, table: number): void {
    const indirect = table >= 0;
    const byRef = table === -2;
    const type = this.calleeType(index, indirect || byRef);
    let idx = 0;
    if (indirect || byRef) {
      // The index must survive the argument moves (which may overwrite locals): keep it in its stack slot,
      // which lies above every move destination.
      const top = this.height - 1;
      this.materialize(top);
      idx = this.eSlot[top];
      this.pop();
    }
    this.emitMovesToFrameBase(type.params);
    if (byRef) this.out.emit2(Op.RETURN_CALL_REF, idx);
    else if (indirect) this.out.emit4(Op.RETURN_CALL_INDIRECT, table, this.indirectTypeId(table, index), idx);
    else this.out.emit2(Op.RETURN_CALL, this.inst.store.idOf(this.inst.funcs[index]));
  }

  /** Unconditional branch to relative depth `depth` (moves, then jump or return). */
  private emitBr(depth: number): void {
    const c = this.ctls[this.ctls.length - 1 - depth];
    if (c.kind === FUNC) {
      this.emitReturn();
      return;
    }
    this.emitBranchMoves(c);
    this.emitJump(c);
  }

  markDead(): void {
    const c = this.ctl;
    c.dead = true;
    this.skipDepth = 0;
    this.truncate(c.startEntry);
    this.noProducer();
  }

  /**
   * Pops an i32 condition and returns the branch-if-true opcode plus its operands, fusing a compare that was
   * just emitted for it (the compare is removed from the code).
   */
  private popCondition(): [number, number, number] {
    const i = this.height - 1;
    if (this.topIsFresh() && enabled('cmp-branch')) {
      const c = this.out.code;
      const op = c[this.prodPos];
      const br = fusedBranch(op);
      if (br >= 0 && (enabled('i64-cmp-branch') || (br !== Op.BR_I64_EQ && br !== Op.BR_I64_NE))) {
        const a = c[this.prodPos + 2];
        const b = c[this.prodPos + 3];
        this.out.length = this.prodPos;
        this.pop();
        this.noProducer();
        return [br, a, b];
      }
      if (op === Op.I32_EQZ) {
        const a = c[this.prodPos + 2];
        this.out.length = this.prodPos;
        this.pop();
        this.noProducer();
        return [Op.BR_IFZ, a, 0];
      }
      if (op === Op.I64_EQZ && enabled('i64-cmp-branch')) {
        const a = c[this.prodPos + 2];
        this.out.length = this.prodPos;
        this.pop();
        this.noProducer();
        return [Op.BR_I64_EQZ, a, 0];
      }
    }
    const addPos = enabled('add-branch') ? this.topAddImmPos() : -1;
    if (addPos >= 0) {
      // x = a + k; br_if x → one ADD_I_BR_NZ (the add still writes x)
      const c = this.out.code;
      const x = c[addPos + 1], a = c[addPos + 2], k = c[addPos + 3];
      this.out.length = addPos;
      this.pop();
      this.noProducer();
      this.pendingAdd = [x, a, k];
      return [Op.ADD_I_BR_NZ, 0, 0];
    }
    const s = this.operand(i);
    this.pop();
    return [Op.BR_IF, s, 0];
  }

  /** Whether a stack entry is the local at unit offset x, read in place (not yet in its own slot). */
  private readsLazily(x: number): boolean {
    for (let i = 0; i < this.height; i++) if (this.eKind[i] === LOCAL && this.eVal[i] === x) return true;
    return false;
  }

  /** Emits a conditional branch (from popCondition) with a target to patch; returns the target's position. */
  private emitCondBranch(br: number, a: number, b: number, target: number): number {
    if (br === Op.ADD_I_BR_NZ || br === Op.ADD_I_BR_Z) {
      const [x, aa, k] = this.pendingAdd;
      this.out.emitN(br, x, aa, k, target);
    } else if (br === Op.BR_IF || br === Op.BR_IFZ || br === Op.BR_I64_EQZ || br === Op.BR_I64_NEZ) {
      this.out.emit3(br, a, target);
    } else {
      this.out.emit4(br, a, b, target);
    }
    return this.out.length - 1;
  }

  private enterBlock(kind: number, params: readonly ValType[], results: readonly ValType[]): Ctl {
    const startEntry = this.height - params.length;
    const startSlot = params.length > 0 ? this.eSlot[startEntry] : this.topSlot;
    const c: Ctl = { kind, startEntry, startSlot, params, results, loopPc: -1, fixups: [], elseFixup: -1, dead: false };
    this.ctls.push(c);
    return c;
  }

  /** Resets the stack to frame c's entry and pushes `types` as materialized values at their slots. */
  resetTo(c: Ctl, types: readonly ValType[]): void {
    this.truncate(c.startEntry);
    this.topSlot = c.startSlot;
    for (const t of types) this.push(t);
  }

  patch(pos: number, target: number): void {
    this.out.code[pos] = target;
  }

  // ------------------------------------------------------------------------------------------------------
  // Instructions

  private translate(op: number, ctx: BodyContext): void {
    const o = this.out;
    const imm = ctx.imm;
    switch (op) {
      case 0x00: // unreachable
        o.emit1(Op.UNREACHABLE);
        this.markDead();
        return;
      case 0x01: // nop
        return;
      case 0x02: // block
      case 0x03: // loop
        this.materializeAll();
        this.noProducer();
        this.enterBlock(op, imm.blockParams, imm.blockResults);
        if (op === LOOP) {
          this.ctl.loopPc = o.length;
          // a store that compiles hot loops counts at the header (back edges come here), exec/cold.ts OSR
          const n = this.inst.store.jsLoops;
          if (n > 0) o.emit3(Op.OSR, n, ctx.pos);
        }
        return;
      case TRY_TABLE:
        this.tryTable(ctx);
        return;
      case 0x06: // try, catch, rethrow, delegate, catch_all: the legacy-exceptions pack
      case 0x07:
      case 0x09:
      case 0x18:
      case 0x19:
        vmPack(ctx.module, 'legacyExceptions').translate(this, op, ctx);
        return;
      case 0x08: { // throw x: payload values made contiguous on the stack
        const params = this.inst.vm.tagParams[imm.index];
        const base = this.height - params.length;
        this.materializeFrom(base);
        o.emit3(Op.THROW, imm.index, params.length > 0 ? this.eSlot[base] : this.topSlot);
        this.markDead();
        return;
      }
      case 0x0a: { // throw_ref
        const a = this.operand(this.height - 1);
        o.emit2(Op.THROW_REF, a);
        this.markDead();
        return;
      }
      case 0x04: {
        // if: branch to the else arm (or end) when the condition is false
        let [br, a, b] = this.popCondition();
        if (br === Op.ADD_I_BR_NZ && this.readsLazily(this.pendingAdd[0])) {
          // the stack below reads the add's local x (a `local.tee x` of it, say), and materializeAll runs
          // before the branch: the add goes first, as its own instruction, and the branch tests x
          const [x, xa, k] = this.pendingAdd;
          o.emit4(Op.I32_ADD_I, x, xa, k);
          [br, a, b] = [Op.BR_IF, x, 0];
        }
        this.materializeAll();
        const pos = this.emitCondBranch(negateBranch(br), a, b, -1);
        this.noProducer();
        this.enterBlock(IF, imm.blockParams, imm.blockResults).elseFixup = pos;
        return;
      }
      case 0x05: {
        // else
        const c = this.ctl;
        if (!c.dead) {
          this.materializeAll();
          o.emit2(Op.BR, -1);
          c.fixups.push(o.length - 1);
        }
        if (c.elseFixup >= 0) this.patch(c.elseFixup, o.length);
        c.elseFixup = -1;
        c.dead = false;
        c.kind = 0x05;
        this.resetTo(c, c.params);
        this.noProducer();
        return;
      }
      case 0x0b: {
        // end
        const c = this.ctl;
        if (c.kind === FUNC) {
          if (!c.dead) this.emitFinalReturn();
          this.ctls.pop();
          return;
        }
        // a legacy catch arm's values sit above its exception slot: move the results down
        if (!c.dead) {
          if (c.exnSlot !== undefined) this.emitBranchMoves(c);
          else this.materializeAll();
        }
        const end = o.length;
        if (c.tryHandlers !== undefined) {
          const th = c.tryHandlers;
          const rangeEnd = c.bodyEnd ?? end;
          for (let i = 0; i < th.length; i += 4) {
            this.handlers.push(c.tryStart!, rangeEnd, th[i], th[i + 1], th[i + 2], th[i + 3], c.tryLevel!);
          }
        }
        if (c.elseFixup >= 0) this.patch(c.elseFixup, end);
        for (const p of c.fixups) this.patch(p, end);
        this.ctls.pop();
        this.resetTo(c, c.results);
        this.noProducer();
        return;
      }
      case 0x0c: // br
        this.emitBr(imm.index);
        this.markDead();
        return;
      case 0x0d: {
        // br_if
        const [br, a, b] = this.popCondition();
        const c = this.ctls[this.ctls.length - 1 - imm.index];
        if (c.kind !== FUNC && !this.branchNeedsMoves(c)) {
          const pos = this.emitCondBranch(br, a, b, c.kind === LOOP ? c.loopPc : -1);
          if (c.kind !== LOOP) c.fixups.push(pos);
        } else {
          const skip = this.emitCondBranch(negateBranch(br), a, b, -1);
          this.emitBr(imm.index);
          this.patch(skip, o.length);
        }
        this.noProducer();
        return;
      }
      case 0x0e: {
        // br_table
        const idx = this.operand(this.height - 1);
        this.pop();
        const n = imm.brCount;
        const targets = Array.from(imm.brTargets.subarray(0, n + 1));
        o.emit3(Op.BR_TABLE, idx, n);
        const tablePos = o.length;
        for (let j = 0; j <= n; j++) o.emit1(-1);
        const stubs = new Map<number, number>(); // depth → stub pc (one stub per distinct target)
        for (let j = 0; j <= n; j++) {
          const depth = targets[j];
          const c = this.ctls[this.ctls.length - 1 - depth];
          if (c.kind !== FUNC && !this.branchNeedsMoves(c)) {
            if (c.kind === LOOP) this.patch(tablePos + j, c.loopPc);
            else c.fixups.push(tablePos + j);
            continue;
          }
          let stub = stubs.get(depth);
          if (stub === undefined) {
            stub = o.length;
            stubs.set(depth, stub);
            this.emitBr(depth);
          }
          this.patch(tablePos + j, stub);
        }
        this.markDead();
        return;
      }
      case 0x0f: // return
        this.emitFinalReturn();
        this.markDead();
        return;
      case 0x12: // return_call
        this.emitReturnCall(imm.index, -1);
        this.markDead();
        return;
      case 0x13: // return_call_indirect
        this.emitReturnCall(imm.index, imm.index2);
        this.markDead();
        return;
      case 0x14: // call_ref
        this.emitCall(imm.index, -2);
        return;
      case 0x15: // return_call_ref
        this.emitReturnCall(imm.index, -2);
        this.markDead();
        return;
      case 0xd4: { // ref.as_non_null
        const t = this.eType[this.height - 1];
        const a = this.operand(this.height - 1);
        this.pop();
        const d = this.push(t & ~REF_NULLABLE);
        o.emit3(Op.REF_AS_NON_NULL, d, a);
        this.noProducer();
        return;
      }
      case 0xd5: // br_on_null
      case 0xd6: // br_on_non_null
        this.brOnNull(op === 0xd5, imm.index);
        return;
      case 0x10: // call
        this.emitCall(imm.index, -1);
        return;
      case 0x11: // call_indirect
        this.emitCall(imm.index, imm.index2);
        return;
      case 0x1a: // drop
        this.pop();
        this.noProducer();
        return;
      case 0x1b: // select
      case 0x1c: {
        const t = this.eType[this.height - 2];
        const c = this.operand(this.height - 1);
        const b = this.operand(this.height - 2);
        const a = this.operand(this.height - 3);
        this.popN(3);
        const d = this.push(t);
        const sel = isRefType(t) ? Op.SELECT_REF : t === V128 ? Op.SELECT128 : Op.SELECT;
        o.emitN(sel, d, c, a, b);
        this.noProducer();
        return;
      }
      case 0x20: // local.get
        // Lazy entries emit nothing, so the last instruction stays a producer the consumer of both may
        // fuse with (`x * y * z`: the first product, then local.get z).
        this.pushEntry(LOCAL, ctx.localTypes[imm.index], this.localOff[imm.index], 0);
        if (!enabled('lazy-locals')) this.materialize(this.height - 1);
        return;
      case 0x21: // local.set
      case 0x22: // local.tee
        this.localSet(imm.index, ctx.localTypes[imm.index], op === 0x22);
        return;
      case 0x23: {
        // global.get
        const t = this.inst.vm.globalTypes[imm.index].type;
        const d = this.push(t);
        if (this.inst.globalInsts[imm.index].store !== this.inst.store) {
          o.emit4(Op.GLOBAL_GET_X, d, imm.index, units(t));
          this.noProducer();
          return;
        }
        const g = this.inst.globals[imm.index];
        o.emit3(isRefType(t) ? Op.GLOBAL_GET_REF : t === V128 ? Op.GLOBAL_GET128 : Op.GLOBAL_GET, d, g);
        if (!isRefType(t) && t !== V128) this.producer(o.length - 3);
        else this.noProducer();
        return;
      }
      case 0x24: {
        // global.set
        const t = this.eType[this.height - 1];
        const s = this.operand(this.height - 1);
        this.pop();
        if (this.inst.globalInsts[imm.index].store !== this.inst.store) {
          o.emit4(Op.GLOBAL_SET_X, imm.index, s, units(t));
          this.noProducer();
          return;
        }
        const g = this.inst.globals[imm.index];
        o.emit3(isRefType(t) ? Op.GLOBAL_SET_REF : t === V128 ? Op.GLOBAL_SET128 : Op.GLOBAL_SET, g, s);
        this.noProducer();
        return;
      }
      case 0x25: {
        // table.get
        const i = this.operand(this.height - 1);
        this.pop();
        const d = this.push(this.inst.vm.tableTypes[imm.index].element);
        o.emit4(Op.TABLE_GET, d, imm.index, i);
        this.noProducer();
        return;
      }
      case 0x26: {
        // table.set
        const v = this.operand(this.height - 1);
        const i = this.operand(this.height - 2);
        this.popN(2);
        o.emit4(Op.TABLE_SET, imm.index, i, v);
        this.noProducer();
        return;
      }
      case 0x41: // i32.const
        this.pushEntry(CONST, I32, imm.i32, 0);
        return;
      case 0x42:
        this.pushEntry(CONST, I64, imm.i64Lo, imm.i64Hi);
        return;
      case 0x43:
        this.pushEntry(CONST, F32, imm.f32Bits, 0);
        return;
      case 0x44:
        this.pushEntry(CONST, F64, imm.f64Lo, imm.f64Hi);
        return;
      case 0x3f: {
        // memory.size
        const d = this.push(this.inst.vm.memoryTypes[imm.index].limits.index64 ? I64 : I32);
        o.emit3(Op.MEMORY_SIZE, d, imm.index);
        this.noProducer();
        return;
      }
      case 0x40: {
        // memory.grow
        const a = this.operand(this.height - 1);
        this.pop();
        const d = this.push(this.inst.vm.memoryTypes[imm.index].limits.index64 ? I64 : I32);
        o.emit4(Op.MEMORY_GROW, d, imm.index, a);
        this.noProducer();
        return;
      }
      case 0xd0: {
        // ref.null
        const d = this.push(refType(true, imm.heapType));
        o.emit2(Op.REF_NULL, d);
        this.noProducer();
        return;
      }
      case 0xd1: {
        // ref.is_null
        const a = this.operand(this.height - 1);
        this.pop();
        const d = this.push(I32);
        o.emit3(Op.REF_IS_NULL, d, a);
        this.noProducer();
        return;
      }
      case 0xd2: {
        // ref.func
        const d = this.push(FUNCREF);
        o.emit3(Op.REF_FUNC, d, this.inst.store.idOf(this.inst.funcs[imm.index]));
        this.noProducer();
        return;
      }
    }
    if (op >= 0x28 && op <= 0x3e) {
      // memory 0 of 32 bits: the inline loads/stores; anything else (multi-memory, memory64): MEM_ACCESS
      const is64 = this.inst.vm.memoryTypes[imm.memory].limits.index64;
      if (imm.memory !== 0 || is64) {
        // 0x200: the offset's high half, clamped to 22 bits, rides in bits 10.. (exec/mem-access.ts)
        this.otherMemoryAccess(op | (is64 ? 0x100 : 0) | (imm.offsetHi !== 0 ? 0x200 | (Math.min(imm.offsetHi >>> 0, 0x3fffff) << 10) : 0), imm.memory, imm.offsetLo);
      } else this.memoryAccess(op, imm.offsetLo);
      return;
    }
    if (op >= 0xfc08 && op <= 0xfc11) {
      this.bulk(op, imm.index, imm.index2);
      return;
    }
    if (op === 0xd3) {
      this.refEq();
      return;
    }
    if (isPackInstruction(op)) {
      vmPack(ctx.module, packFamily(op)).translate(this, op, ctx);
      return;
    }
    const retype = RETYPE.get(op);
    if (retype !== undefined) {
      if (!enabled('free-retype')) {
        const a = this.operand(this.height - 1);
        this.pop();
        this.emitMove(retype, this.push(retype), a);
        this.noProducer();
        return;
      }
      this.eType[this.height - 1] = retype;
      return;
    }
    const num = NUMERIC.get(op);
    if (num !== undefined) {
      if (num.arity === 1) this.unary(num.op, num.result);
      else this.binary(num.op, num.result);
      return;
    }
    throw new Unsupported(featureOf(op));
  }

  /**
   * try_table: a block whose catch clauses become entries of the function's handler table. Each clause
   * gets a landing pad (skipped by normal flow) that takes the payload (and exnref) where the unwinder
   * writes them, above the current stack, and branches to the clause's label like a `br`.
   */
  private tryTable(ctx: BodyContext): void {
    const o = this.out;
    const imm = ctx.imm;
    const n = imm.brCount;
    const kinds = Array.from(imm.catchKinds.subarray(0, n));
    const tags = Array.from(imm.catchTags.subarray(0, n));
    const targets = Array.from(imm.brTargets.subarray(0, n));
    const params = imm.blockParams;
    const results = imm.blockResults;
    this.materializeAll();
    this.noProducer();
    const th: number[] = [];
    if (n > 0) {
      o.emit2(Op.BR, -1);
      const skip = o.length - 1;
      for (let i = 0; i < n; i++) {
        const c = this.ctls[this.ctls.length - 1 - targets[i]];
        const types = c.kind === FUNC ? this.funcType.results : this.labelTypes(c);
        const h = this.height;
        const slot = this.topSlot;
        const pad = o.length;
        for (const t of types) this.push(t);
        this.emitBr(targets[i]);
        this.truncate(h);
        this.topSlot = slot;
        th.push(kinds[i], tags[i], pad, slot);
      }
      this.patch(skip, o.length);
      this.noProducer();
    }
    this.enterTry(params, results, th);
  }

  /** Opens a try_table's or a legacy try's block, whose body starts here, with its handlers (see Ctl). */
  enterTry(params: readonly ValType[], results: readonly ValType[], handlers: number[]): Ctl {
    const c = this.enterBlock(BLOCK, params, results);
    c.tryStart = this.out.length;
    c.tryHandlers = handlers;
    c.tryLevel = this.ctls.length - 1;
    return c;
  }

  /**
   * br_on_null (onNull) / br_on_non_null. The reference is read before any label moves; the branch that
   * needs moves jumps over them when not taken.
   */
  private brOnNull(onNull: boolean, depth: number): void {
    const top = this.height - 1;
    const t = this.eType[top];
    const r = this.operand(top);
    const c = this.ctls[this.ctls.length - 1 - depth];
    const o = this.out;
    if (onNull) {
      // taken: the values below the reference go to the label; not taken: the (non-null) reference stays
      const kind = this.eKind[top], val = this.eVal[top], val2 = this.eVal2[top];
      this.pop();
      if (c.kind !== FUNC && !this.branchNeedsMoves(c)) {
        o.emit3(Op.BR_ON_NULL, r, c.kind === LOOP ? c.loopPc : -1);
        if (c.kind !== LOOP) c.fixups.push(o.length - 1);
      } else {
        o.emit3(Op.BR_ON_NON_NULL, r, -1);
        const skip = o.length - 1;
        this.emitBr(depth);
        this.patch(skip, o.length);
      }
      this.pushEntry(kind, t & ~REF_NULLABLE, val, val2);
    } else {
      // taken: the values and the reference go to the label; not taken: the reference is dropped
      if (c.kind !== FUNC && !this.branchNeedsMoves(c)) {
        o.emit3(Op.BR_ON_NON_NULL, r, c.kind === LOOP ? c.loopPc : -1);
        if (c.kind !== LOOP) c.fixups.push(o.length - 1);
      } else {
        o.emit3(Op.BR_ON_NULL, r, -1);
        const skip = o.length - 1;
        this.eType[top] = t & ~REF_NULLABLE;
        this.emitBr(depth);
        this.patch(skip, o.length);
      }
      this.pop();
    }
    this.noProducer();
  }

  private unary(op: number, result: ValType): void {
    // eqz of an i32/i64 compare just computed: negate the compare instead (so a following br_if/if fuses).
    if (op === Op.I32_EQZ && this.topIsFresh() && enabled('eqz-negate')) {
      const neg = negateCompare(this.out.code[this.prodPos]);
      if (neg >= 0) {
        this.out.code[this.prodPos] = neg;
        return;
      }
    }
    const a = this.operand(this.height - 1);
    this.pop();
    const d = this.push(result);
    this.out.emit3(op, d, a);
    this.producer(this.out.length - 3);
  }

  private binary(op: number, result: ValType): void {
    const o = this.out;
    const ib = this.height - 1;
    const ia = this.height - 2;
    // i32 ops with a constant operand use the immediate forms.
    const imm = enabled('imm-forms');
    if (imm && this.eKind[ib] === CONST && this.eType[ib] === I32) {
      let k = this.eVal[ib];
      let form = IMM_FORM.get(op);
      if (op === Op.I32_SUB) {
        form = Op.I32_ADD_I;
        k = -k | 0;
      }
      if (form !== undefined) {
        const a = this.operand(ia);
        this.popN(2);
        const d = this.push(result);
        o.emit4(form, d, a, k);
        this.producer(o.length - 4);
        return;
      }
    }
    if (imm && this.eKind[ia] === CONST && this.eType[ia] === I32 && this.eKind[ib] !== CONST) {
      const swapped = SWAP_FORM.get(op);
      if (swapped !== undefined) {
        const form = IMM_FORM.get(swapped)!;
        const k = this.eVal[ia];
        const b = this.operand(ib);
        this.popN(2);
        const d = this.push(result);
        o.emit4(form, d, b, k);
        this.producer(o.length - 4);
        return;
      }
    }
    // i64 shifts by a constant: the immediate forms (a zero count stays the generic op, a copy).
    if ((op === Op.I64_SHL || op === Op.I64_SHR_S || op === Op.I64_SHR_U) && this.eKind[ib] === CONST &&
        (this.eVal[ib] & 63) !== 0 && enabled('shift-imm')) {
      const k = this.eVal[ib] & 63;
      const a = this.operand(ia);
      this.popN(2);
      const d = this.push(result);
      o.emit4(op === Op.I64_SHL ? Op.I64_SHL_I : op === Op.I64_SHR_S ? Op.I64_SHR_S_I : Op.I64_SHR_U_I, d, a, k);
      this.producer(o.length - 4);
      return;
    }
    // i32 rotates by a constant (rotr k = rotl 32 - k): I32_ROTL_I.
    if ((op === Op.I32_ROTL || op === Op.I32_ROTR) && this.eKind[ib] === CONST && (this.eVal[ib] & 31) !== 0 &&
        enabled('shift-imm')) {
      const k = op === Op.I32_ROTL ? this.eVal[ib] & 31 : 32 - (this.eVal[ib] & 31);
      const a = this.operand(ia);
      this.popN(2);
      const d = this.push(result);
      o.emit4(Op.I32_ROTL_I, d, a, k);
      this.producer(o.length - 4);
      return;
    }
    // An f64.load just emitted for this add/sub/mul/div reads the float at once (one getFloat64): only
    // arithmetic reads the value, and its result may be any NaN, so the load's NaN bits need not survive.
    if ((op === Op.F64_ADD || op === Op.F64_SUB || op === Op.F64_MUL || op === Op.F64_DIV) && this.prodPos >= 0 &&
        this.prodEnd === o.length && (this.prodEntry === ib || this.prodEntry === ia) && this.eKind[this.prodEntry] === MAT &&
        o.code[this.prodPos] === Op.I64_LOAD && this.eType[this.prodEntry] === F64 && enabled('f64-load-num')) {
      o.code[this.prodPos] = Op.F64_LOAD_N;
    }
    // Fusions with the instruction just emitted, which computed one operand (either one: these ops
    // commute) and whose result is read nowhere else: its operands go into one bigger instruction.
    const fresh = this.prodPos >= 0 && this.prodEnd === o.length && (this.prodEntry === ib || this.prodEntry === ia) &&
      this.eKind[this.prodEntry] === MAT && this.readsInPlace(this.prodEntry === ib ? ia : ib) ? o.code[this.prodPos] : -1;
    // a ^ (x << k) / a ^ (x >>> k) on i64 (xorshift generators, hash mixers): one I64_XOR_SHL_I / _SHR_U_I.
    if (op === Op.I64_XOR && (fresh === Op.I64_SHL_I || fresh === Op.I64_SHR_U_I) && enabled('xor-shift')) {
      this.fuseWithProducer(fresh === Op.I64_SHL_I ? Op.I64_XOR_SHL_I : Op.I64_XOR_SHR_U_I, ia, ib, result, true);
      return;
    }
    // a ^ (x << k), a ^ (x >>> k), a ^ rotl(x, k) on i32: one I32_XOR_SHL_I / _SHR_U_I / _ROTL_I.
    if (op === Op.I32_XOR && (fresh === Op.I32_SHL_I || fresh === Op.I32_SHR_U_I || fresh === Op.I32_ROTL_I) &&
        enabled('xor-shift')) {
      // the other operand computed by the instruction just before (adjacent): maybe a rotate of the same x
      const other = this.prodEntry === ib ? ia : ib;
      const before = this.prevPos >= 0 && this.prevEnd === this.prodPos && this.prevEntry === other &&
        this.eKind[other] === MAT && enabled('rot-chain') ? this.prevPos : -1;
      this.fuseWithProducer(fresh === Op.I32_SHL_I ? Op.I32_XOR_SHL_I : fresh === Op.I32_SHR_U_I ? Op.I32_XOR_SHR_U_I : Op.I32_XOR_ROTL_I,
        ia, ib, result, true);
      if (before >= 0) this.fuseRotateChain(before);
      return;
    }
    // x * y * z (f64): one F64_MUL3. Exact: IEEE multiplication commutes, and JS rounds each product.
    if (op === Op.F64_MUL && fresh === Op.F64_MUL && enabled('mul3')) {
      this.fuseWithProducer(Op.F64_MUL3, ia, ib, result, false);
      return;
    }
    // x * y + c with the product just computed for it (either operand): one F64_MUL_ADD. JS rounds the
    // product and the sum separately, exactly like the two wasm instructions.
    if (op === Op.F64_ADD && enabled('mul-add') && this.prodPos >= 0 && this.prodEnd === o.length && o.code[this.prodPos] === Op.F64_MUL &&
        (this.prodEntry === ib || this.prodEntry === ia) && this.eKind[this.prodEntry] === MAT &&
        this.readsInPlace(this.prodEntry === ib ? ia : ib)) {
      this.fuseWithProducer(Op.F64_MUL_ADD, ia, ib, result, false);
      return;
    }
    // (x + y) + c with the first sum just computed for it (either operand): one I32_ADD3. Exact: the
    // interpreter adds three int32s (< 2^33, exact in doubles) and wraps once, as two wrapping adds would.
    if (op === Op.I32_ADD && enabled('add3') && this.prodPos >= 0 && this.prodEnd === o.length && o.code[this.prodPos] === Op.I32_ADD &&
        (this.prodEntry === ib || this.prodEntry === ia) && this.eKind[this.prodEntry] === MAT &&
        this.readsInPlace(this.prodEntry === ib ? ia : ib)) {
      this.fuseWithProducer(Op.I32_ADD3, ia, ib, result, false);
      return;
    }
    // a + (x << k) with the shift just computed for it: one I32_ADD_SHL (array indexing).
    if (op === Op.I32_ADD && enabled('add-shl') && this.topIsFresh() && o.code[this.prodPos] === Op.I32_SHL_I) {
      const x = o.code[this.prodPos + 2];
      const k = o.code[this.prodPos + 3] & 31;
      o.length = this.prodPos;
      const a = this.operand(ia);
      this.popN(2);
      const d = this.push(result);
      o.emitN(Op.I32_ADD_SHL, d, a, x, k);
      this.producer(o.length - 5);
      return;
    }
    const b = this.operand(ib);
    const a = this.operand(ia);
    this.popN(2);
    const d = this.push(result);
    o.emit4(op, d, a, b);
    this.producer(o.length - 4);
  }

  /**
   * Replaces the instruction just emitted (`P d x y`, the fresh producer of one of the binary op's operands)
   * and the binary op itself with one `fused d' …`: the producer's operands x, y and the other operand c,
   * as `fused d' c x y` (otherFirst) or `fused d' x y c`. The other operand reads in place (callers check
   * `readsInPlace`), so fetching it emits nothing.
   */
  private fuseWithProducer(fused: number, ia: number, ib: number, result: ValType, otherFirst: boolean): void {
    const o = this.out;
    const x = o.code[this.prodPos + 2];
    const y = o.code[this.prodPos + 3];
    const other = this.prodEntry === ib ? ia : ib;
    o.length = this.prodPos;
    const c = this.operand(other);
    if (o.length !== this.prodPos) throw new Error('translator: unexpected emission while fusing with a producer');
    this.popN(2);
    const d = this.push(result);
    if (otherFirst) o.emitN(fused, d, c, x, y);
    else o.emitN(fused, d, x, y, c);
    this.producer(o.length - 5);
  }

  /**
   * The SHA-2 sigma functions, `rotl(x, a) ^ rotl(x, b) ^ rotl(x, c)` and `rotl(x, a) ^ rotl(x, b) ^ (x >>> c)`:
   * the instruction just emitted is `I32_XOR_ROTL_I d t x k` or `I32_XOR_SHR_U_I d t x k`, and the one at `p`
   * (adjacent, its result t read only here) computed t from the same x without overwriting it; both become one.
   */
  private fuseRotateChain(p: number): void {
    const o = this.out;
    const c = o.code;
    const q = this.prodPos;
    const prev = c[p], op = c[q];
    const t = c[p + 1], x = c[p + 2];
    if (c[q + 2] !== t || c[q + 3] !== x || t === x) return;
    const k = c[q + 4];
    let fused: number[];
    if (prev === Op.I32_ROTL_I && op === Op.I32_XOR_ROTL_I) fused = [Op.I32_ROTL2_I, c[q + 1], x, c[p + 3], k];
    else if (prev === Op.I32_ROTL2_I && op === Op.I32_XOR_ROTL_I) fused = [Op.I32_ROTL3_I, c[q + 1], x, c[p + 3], c[p + 4], k];
    else if (prev === Op.I32_ROTL2_I && op === Op.I32_XOR_SHR_U_I) fused = [Op.I32_ROTL2_SHR_I, c[q + 1], x, c[p + 3], c[p + 4], k];
    else return;
    o.length = p;
    o.emitN(...fused);
    this.producer(p);
  }

  private localSet(index: number, type: ValType, tee: boolean): void {
    const dst = this.localOff[index];
    const top = this.height - 1;
    // Entries still reading the old value of the local get it copied to their slots first.
    for (let i = 0; i < top; i++) {
      if (this.eKind[i] === LOCAL && this.eVal[i] === dst) this.materialize(i);
    }
    if (this.eKind[top] === LOCAL && this.eVal[top] === dst) {
      // local.set x (local.get x): nothing to do
    } else if (this.topIsFresh() && !isRefType(type) && type !== V128 && enabled('retarget')) {
      this.out.code[this.prodPos + 1] = dst; // retarget the producer to write the local
      if (tee && this.out.code[this.prodPos] === Op.I32_ADD_I) {
        // `x = a + k` left on the stack as local x: a following br_if or load may fuse with it
        this.addTeePos = this.prodPos;
        this.addTeeEnd = this.out.length;
      }
    } else {
      this.emitValueTo(top, dst);
    }
    this.noProducer();
    if (tee) {
      this.eKind[top] = LOCAL;
      this.eVal[top] = dst;
      if (!enabled('lazy-locals')) this.materialize(top);
    } else this.pop();
  }

  /** Position of an `I32_ADD_I x a k` that is the last instruction and whose result x (a local or a fresh
   *  temporary) is the top entry; -1 otherwise. */
  private topAddImmPos(): number {
    const top = this.height - 1;
    const c = this.out.code;
    if (this.topIsFresh() && c[this.prodPos] === Op.I32_ADD_I) return this.prodPos;
    if (this.addTeePos >= 0 && this.addTeeEnd === this.out.length && this.eKind[top] === LOCAL &&
        c[this.addTeePos] === Op.I32_ADD_I && c[this.addTeePos + 1] === this.eVal[top]) return this.addTeePos;
    return -1;
  }

  /** The signature of a call's callee: `index` is a type index for indirect/by-ref calls, else a function index. */
  private calleeType(index: number, byType: boolean): FuncType {
    return byType ? (this.inst.module.types[index].composite as FuncType) : this.inst.vm.funcTypes[index];
  }

  /** A call_indirect's operand for the expected type (type index `index`): its canonical id, or for a 64-bit
   *  table the id's complement, which no function has: the call then takes tableCallee, which reads the
   *  index's high half (the fast path reads the low half only). */
  private indirectTypeId(table: number, index: number): number {
    const id = this.inst.vm.canonicalTypeIds[index];
    return this.inst.vm.tableTypes[table].limits.index64 ? ~id : id;
  }

  /** call (table -1), call_indirect (table >= 0), call_ref (table -2: index is the type index). */
  private emitCall(index: number, table: number): void {
    const indirect = table >= 0;
    const byRef = table === -2;
    const type = this.calleeType(index, indirect || byRef);
    let idx = 0;
    if (indirect || byRef) {
      idx = this.operand(this.height - 1);
      this.pop();
    }
    const n = type.params.length;
    const first = this.height - n;
    this.materializeFrom(first);
    const argOff = n > 0 ? this.eSlot[first] : this.topSlot;
    // The callee's frame starts at argOff: keep lazy entries below from being clobbered? They live below argOff.
    if (byRef) {
      this.out.emit4(Op.CALL_REF, -1, argOff, idx);
    } else if (indirect) {
      this.out.emitN(Op.CALL_INDIRECT, -2 - table, this.indirectTypeId(table, index), argOff, idx);
    } else {
      this.out.emit3(Op.CALL, this.inst.store.idOf(this.inst.funcs[index]), argOff);
    }
    this.popN(n);
    this.topSlot = argOff;
    for (const t of type.results) this.push(t);
    this.noProducer();
  }

  private memoryAccess(op: number, offset: number): void {
    const o = this.out;
    if (op <= 0x35) {
      // loads; an address computed by `i32.add x, const` just before is fused into the load (operand k)
      let a: number;
      let k = 0;
      if (this.topIsFresh() && o.code[this.prodPos] === Op.I32_ADD_I && enabled('load-offset')) {
        a = o.code[this.prodPos + 2];
        k = o.code[this.prodPos + 3];
        o.length = this.prodPos;
      } else if (op === 0x28 && this.topIsFresh() && o.code[this.prodPos] === Op.I32_ADD_SHL && enabled('load-idx')) {
        // a[x] with a + (x << k) just computed for it: one I32_LOAD_IDX
        const aa = o.code[this.prodPos + 2], x = o.code[this.prodPos + 3], kk = o.code[this.prodPos + 4];
        o.length = this.prodPos;
        this.pop();
        const d = this.push(I32);
        o.emitN(Op.I32_LOAD_IDX, d, aa, x, kk, offset);
        this.producer(o.length - 6);
        return;
      } else if (op === 0x28 && enabled('load-upd') && this.topAddImmPos() >= 0) {
        // x = a + k kept in local x (local.tee) and loaded from: one I32_LOAD_UPD
        const p = this.topAddImmPos();
        const x = o.code[p + 1], aa = o.code[p + 2], kk = o.code[p + 3];
        o.length = p;
        this.pop();
        const d = this.push(I32);
        o.emitN(Op.I32_LOAD_UPD, d, aa, offset, x, kk);
        this.producer(o.length - 6);
        return;
      } else a = this.operand(this.height - 1);
      this.pop();
      let code: number;
      let t: ValType;
      switch (op) {
        case 0x28: code = Op.I32_LOAD; t = I32; break;
        case 0x29: code = Op.I64_LOAD; t = I64; break;
        case 0x2a: code = Op.I32_LOAD; t = F32; break;
        case 0x2b: code = Op.I64_LOAD; t = F64; break;
        case 0x2c: code = Op.I32_LOAD8_S; t = I32; break;
        case 0x2d: code = Op.I32_LOAD8_U; t = I32; break;
        case 0x2e: code = Op.I32_LOAD16_S; t = I32; break;
        case 0x2f: code = Op.I32_LOAD16_U; t = I32; break;
        case 0x30: code = Op.I64_LOAD8_S; t = I64; break;
        case 0x31: code = Op.I64_LOAD8_U; t = I64; break;
        case 0x32: code = Op.I64_LOAD16_S; t = I64; break;
        case 0x33: code = Op.I64_LOAD16_U; t = I64; break;
        case 0x34: code = Op.I64_LOAD32_S; t = I64; break;
        default: code = Op.I64_LOAD32_U; t = I64; break;
      }
      const d = this.push(t);
      o.emitN(code, d, a, offset, k);
      this.producer(o.length - 5);
      return;
    }
    // f64.store of an f64 add/sub/mul just computed for it: one F64_*_STORE (the sum never needs a slot)
    const fop = op === 0x39 && this.topIsFresh() && this.readsInPlace(this.height - 2) && enabled('f64-store') ? o.code[this.prodPos] : -1;
    if (fop === Op.F64_ADD || fop === Op.F64_SUB || fop === Op.F64_MUL) {
      const x = o.code[this.prodPos + 2];
      const y = o.code[this.prodPos + 3];
      o.length = this.prodPos;
      const p = this.operand(this.height - 2);
      this.popN(2);
      o.emitN(fop === Op.F64_ADD ? Op.F64_ADD_STORE : fop === Op.F64_SUB ? Op.F64_SUB_STORE : Op.F64_MUL_STORE, p, x, y, offset);
      this.noProducer();
      return;
    }
    const v = this.operand(this.height - 1);
    const a = this.operand(this.height - 2);
    this.popN(2);
    let code: number;
    switch (op) {
      case 0x36: case 0x38: case 0x3e: code = Op.I32_STORE; break;
      case 0x37: case 0x39: code = Op.I64_STORE; break;
      case 0x3a: case 0x3c: code = Op.I32_STORE8; break;
      default: code = Op.I32_STORE16; break; // 0x3b, 0x3d
    }
    o.emit4(code, a, v, offset);
    this.noProducer();
  }

  /** ref.eq (the core's, cold: a REF_EQ of its own, not the GC pack's generic instruction). */
  private refEq(): void {
    const a = this.operand(this.height - 2);
    const b = this.operand(this.height - 1);
    this.popN(2);
    this.out.emit4(Op.REF_EQ, this.push(I32), a, b);
    this.noProducer();
  }

  /** br_on_cast / br_on_cast_fail: a GC test into a scratch slot, then a conditional branch carrying the ref. */
  brOnCast(onFail: boolean, depth: number, heap: number, nullable: boolean): void {
    const o = this.out;
    const top = this.height - 1;
    const r = this.operand(top);
    const tmp = this.push(I32);
    o.emitN(Op.GC, 0x18, tmp, heap, nullable ? 1 : 0, r, -1, -1, -1, -1);
    this.pop();
    const c = this.ctls[this.ctls.length - 1 - depth];
    const taken = onFail ? Op.BR_IFZ : Op.BR_IF;
    if (c.kind !== FUNC && !this.branchNeedsMoves(c)) {
      o.emit3(taken, tmp, c.kind === LOOP ? c.loopPc : -1);
      if (c.kind !== LOOP) c.fixups.push(o.length - 1);
    } else {
      o.emit3(onFail ? Op.BR_IF : Op.BR_IFZ, tmp, -1);
      const skip = o.length - 1;
      this.emitBr(depth);
      this.patch(skip, o.length);
    }
    this.noProducer();
  }

  /** A load/store on memory `mem` ≠ 0 (multi-memory): the generic MEM_ACCESS (cold). */
  private otherMemoryAccess(wop: number, mem: number, offset: number): void {
    const o = this.out;
    const op = wop & 0xff;
    if (op <= 0x35) {
      const a = this.operand(this.height - 1);
      this.pop();
      const t = op === 0x2a ? F32 : op === 0x2b ? F64 : op === 0x28 || (op >= 0x2c && op <= 0x2f) ? I32 : I64;
      const d = this.push(t);
      o.emitN(Op.MEM_ACCESS, wop, mem, d, a, offset);
    } else {
      const v = this.operand(this.height - 1);
      const a = this.operand(this.height - 2);
      this.popN(2);
      o.emitN(Op.MEM_ACCESS, wop, mem, a, v, offset);
    }
    this.noProducer();
  }

  private bulk(op: number, index: number, index2: number): void {
    const o = this.out;
    const h = this.height;
    switch (op) {
      case 0xfc08: // memory.init seg mem
      case 0xfc0a: // memory.copy dst src
      case 0xfc0c: // table.init seg table
      case 0xfc0e: { // table.copy dst src
        // (d s n) operands; the inits name the segment first, the code takes the memory or table first
        const n = this.operand(h - 1), s = this.operand(h - 2), d = this.operand(h - 3);
        const init = (op & 2) === 0;
        const code = op === 0xfc08 ? Op.MEMORY_INIT : op === 0xfc0a ? Op.MEMORY_COPY : op === 0xfc0c ? Op.TABLE_INIT : Op.TABLE_COPY;
        o.emitN(code, init ? index2 : index, init ? index : index2, d, s, n);
        this.popN(3);
        break;
      }
      case 0xfc09:
        o.emit2(Op.DATA_DROP, index);
        break;
      case 0xfc0b: { // memory.fill
        const n = this.operand(h - 1), v = this.operand(h - 2), d = this.operand(h - 3);
        o.emitN(Op.MEMORY_FILL, index, d, v, n);
        this.popN(3);
        break;
      }
      case 0xfc0d:
        o.emit2(Op.ELEM_DROP, index);
        break;
      case 0xfc0f: { // table.grow
        const n = this.operand(h - 1), v = this.operand(h - 2);
        this.popN(2);
        const d = this.push(I32);
        o.emitN(Op.TABLE_GROW, d, index, v, n);
        break;
      }
      case 0xfc10: {
        const d = this.push(I32);
        o.emit3(Op.TABLE_SIZE, d, index);
        break;
      }
      case 0xfc11: { // table.fill
        const n = this.operand(h - 1), v = this.operand(h - 2), i = this.operand(h - 3);
        o.emitN(Op.TABLE_FILL, index, i, v, n);
        this.popN(3);
        break;
      }
    }
    this.noProducer();
  }

  // ------------------------------------------------------------------------------------------------------
  // Hooks for the instruction packs (vm/pack.ts: translate/simd.ts, translate/gc.ts, translate/threads.ts),
  // with brOnCast above.

  /** Operand slot of the entry `fromTop` below the top (0 = top). */
  packOperand(fromTop: number): number {
    return this.operand(this.height - 1 - fromTop);
  }
  /** Type of the entry `fromTop` below the top. */
  packTypeAt(fromTop: number): ValType {
    return this.eType[this.height - 1 - fromTop];
  }
  /** The top n entries made contiguous slots and popped: the first one's slot (-1 for none). */
  packContiguous(n: number): number {
    const base = this.height - n;
    this.materializeFrom(base);
    const slot = n > 0 ? this.eSlot[base] : -1;
    this.popN(n);
    return slot;
  }
  packPop(n: number): void {
    this.popN(n);
  }
  packPush(t: ValType): number {
    return this.push(t);
  }
  packPushConst128(w: Int32Array): void {
    const d = this.push(V128);
    this.out.emitN(Op.CONST128, d, w[0], w[1], w[2], w[3]);
    this.noProducer();
  }
  packEmit(...xs: number[]): void {
    this.out.emitN(...xs);
    this.noProducer();
  }
}

/** An entry of the compile-time operand stack (operandStackAt): kind 0 = in its slot (fp + slot, before
 *  the constant pool's relocation), 1 = the local at unit offset `value`, 2 = the constant (value, value2). */
export interface OperandEntry {
  readonly kind: number;
  readonly type: ValType;
  readonly slot: number;
  readonly value: number;
  readonly value2: number;
}

/** A debug store's function (exec/debug.ts): its wasm operand stack just before the instruction at module
 *  offset `at`, by translating it again (deterministic) and looking at that instruction; a debugger's
 *  cold path. undefined when no instruction starts there. */
export function operandStackAt(fn: FuncInst, at: number): OperandEntry[] | undefined {
  const inst = fn.instance!;
  const t = new Translator(fn, []);
  t.probeAt = at;
  const saved = fn.refLocals;
  validateFunction(inst.vm, fn.index - inst.module.importedFuncs, t);
  fn.refLocals = saved;
  return t.probed ?? undefined;
}

/** Translates a wasm function of an instance (lazily, on its first call). */

export function translateFunction(fn: FuncInst): void {
  const inst = fn.instance!;
  // (a debug store's: exec/debug.ts, of purewasm/debug, decides which regions, with which stop barriers)
  if (inst.store.debug !== null) return inst.store.debug.prepare(inst.store, fn, (req) => translateDebugRegion(fn, req));
  validateFunction(inst.vm, fn.index - inst.module.importedFuncs, new Translator(fn));
}

/** One region of a debug store's function: translated at `req.base`, not installed. */
function translateDebugRegion(fn: FuncInst, req: DebugRegionRequest): DebugRegion {
  const inst = fn.instance!;
  const t = new Translator(fn, [], req);
  validateFunction(inst.vm, fn.index - inst.module.importedFuncs, t);
  return t.region!;
}

/**
 * The module byte offset of the wasm instruction whose code holds position `pc` of fn's translated code.
 * The map is built on first use by translating fn again (deterministic: the same code) while recording
 * where each wasm instruction's code starts, so translation and execution pay nothing for it. Instructions
 * that emit nothing (a `local.get` read in place) share a position with the next one; the later one wins,
 * so a trap names the instruction that executes. In a fused instruction (e.g. `i32.add` + `i32.load`) the
 * position is that of the first wasm instruction of the group.
 */
export function wasmOffsetOf(fn: FuncInst, pc: number): number | undefined {
  if (fn.instance === null || fn.code === null) return undefined;
  const debug = fn.instance.store.debug;
  if (debug !== null) pc = debug.position(fn, pc);
  let map = fn.offsets;
  if (map === null) {
    const pairs: number[] = [];
    const inst = fn.instance;
    const saved = fn.refLocals;
    validateFunction(inst.vm, fn.index - inst.module.importedFuncs, new Translator(fn, pairs));
    fn.refLocals = saved;
    map = fn.offsets = Int32Array.from(pairs);
  }
  // last pair whose code position is <= pc (binary search over the positions, which never decrease)
  let lo = 0, hi = (map.length >> 1) - 1, best = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (map[mid * 2] <= pc) {
      best = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return best < 0 ? undefined : map[best * 2 + 1];
}
