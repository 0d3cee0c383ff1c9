// The function-body walk (WebAssembly 3.0 validation algorithm, spec appendix "Validation Algorithm"):
// typed-array operand and control stacks, a polymorphic stack after unconditional branches, local
// initialization tracking for non-defaultable locals. The same walk validates constant expressions
// (constMode) and, given a BodySink, drives the interpreter's translator.
import {
  CONCRETE_BASE, HeapType as H, I32 as I32_, I64 as I64_, SHARED_HEAP, heapTypeOf, isRefType as isRefType_,
  type ValType,
} from '../decoder/module.js';
import { CompileError, END_OF_SECTION, UNEXPECTED_END, UNKNOWN_TYPE } from '../decoder/errors.js';
import { isPackInstruction, packFamily } from '../decoder/features.js';
import {
  Imm, growInt32, illegalOpcode, immKinds as immKinds_, newImmediates, opName, readImmediates as readImmediates_,
  readOpcode as readOpcode_, readMemarg as readMemarg_,
} from '../decoder/opcodes.js';
import { Reader } from '../decoder/reader.js';
import { valTypeName } from '../decoder/type-names.js';

/** The reference interpreter's wording for operands that do not match what an instruction needs. */
function mismatch(needed: readonly ValType[], have: readonly ValType[]): string {
  return `type mismatch: instruction requires [${needed.map(valTypeName).join(' ')}] but stack has [${have.map(valTypeName).join(' ')}]`;
}
import type { BodyContext, BodySink, Immediates } from './sink.js';
import {
  BOT as BOT_, KIND_FUNC as KIND_FUNC_, KIND_STRUCT, TYPE_MISMATCH, isDefaultable, refOf as refOf_, type TypeTable,
} from './type-table.js';
import { memOps as memOps_, signatures as signatures_ } from './signatures.js';
import type { MemOp } from './signature-tables.js';
import { packFor } from './pack.js';
import type { ValidatedModule } from './validated-module.js';
import { memoryAccess as memoryAccess_, memoryTableInstruction } from './memory-table-instructions.js';

// Imported bindings used on the hot path are captured in local constants: module transforms (vitest, tsx)
// compile every use of an import to a getter call, which would dominate the loop. (Those of rare
// instructions and of error paths are used as imported.)
const I32 = I32_;
const I64 = I64_;
const isRefType = isRefType_;
const immKinds = immKinds_;
const readImmediates = readImmediates_;
const readOpcode = readOpcode_;
const readMemarg = readMemarg_;
const BOT = BOT_;
const KIND_FUNC = KIND_FUNC_;
const refOf = refOf_;
const memOps = memOps_;
const signatures = signatures_;
const memoryAccess = memoryAccess_;

const IMM_BLOCK: number = Imm.Block;
const IMM_TRY_TABLE: number = Imm.TryTable;
const IMM_SELECT_T: number = Imm.SelectT;
const IMM_BR_ON_CAST: number = Imm.BrOnCast;
const EMPTY: readonly ValType[] = [];
const EXNREF_T = refOf(true, H.exn);
const FUNCREF_T = refOf(true, H.func);
const EXN_NONNULL = refOf(false, H.exn);

/** The instructions of constant expressions: end, the constants, ref.null, ref.func, global.get, i32/i64
 *  add/sub/mul (extended-const), struct.new(_default), array.new(_default/_fixed), the extern/any
 *  conversions and ref.i31. */
const CONSTANT_OPS = new Set([
  0x0b, 0x41, 0x42, 0x43, 0x44, 0xfd0c, 0xd0, 0xd2, 0x23, 0x6a, 0x6b, 0x6c, 0x7c, 0x7d, 0x7e,
  0xfb00, 0xfb01, 0xfb06, 0xfb07, 0xfb08, 0xfb1a, 0xfb1b, 0xfb1c,
]);

/** Implementation limit on locals per function (as in major engines); beyond it, "too many locals". */
export const MAX_LOCALS = 50_000;

export class BodyWalker implements BodyContext {
  // ---- context for the sink
  pos = 0;
  nextPos = 0;
  funcIndex = -1;
  /** The function's type is shared (shared-everything-threads): it may only use shared module fields. */
  sharedFn = false;
  readonly imm: Immediates = newImmediates();
  localTypes: readonly ValType[] = EMPTY;
  module!: ValidatedModule;

  // ---- state
  tt!: TypeTable;
  r: Reader = new Reader(new Uint8Array(0));
  stack = new Int32Array(256);
  sp = 0;
  ctlKind = new Int32Array(64);
  ctlHeight = new Int32Array(64);
  ctlUnreach = new Uint8Array(64);
  ctlInit = new Int32Array(64);
  ctlParams: (readonly ValType[])[] = [];
  ctlResults: (readonly ValType[])[] = [];
  ctlCount = 0;
  locals = new Int32Array(64);
  localInit = new Uint8Array(64);
  localCount = 0;
  initStack = new Int32Array(64);
  initSp = 0;
  funcResults: readonly ValType[] = EMPTY;
  busy = false;
  section = 'code';

  // ---- constant expressions
  constMode = false;
  /** Globals below this index may be read by global.get in a constant expression. */
  constGlobalLimit = 0;

  private singleCache = new Map<ValType, readonly ValType[]>();

  // =========================================================================================== context API
  get height(): number {
    return this.sp;
  }
  get unreachable(): boolean {
    return this.ctlUnreach[this.ctlCount - 1] === 1;
  }
  get frameCount(): number {
    return this.ctlCount;
  }
  typeAt(index: number): ValType {
    return this.stack[index];
  }
  frameHeight(depth: number): number {
    return this.ctlHeight[this.ctlCount - 1 - depth];
  }
  labelTypes(depth: number): readonly ValType[] {
    const i = this.ctlCount - 1 - depth;
    return this.ctlKind[i] === 0x03 ? this.ctlParams[i] : this.ctlResults[i];
  }
  frameParams(depth: number): readonly ValType[] {
    return this.ctlParams[this.ctlCount - 1 - depth];
  }
  frameResults(depth: number): readonly ValType[] {
    return this.ctlResults[this.ctlCount - 1 - depth];
  }
  frameKind(depth: number): number {
    return this.ctlKind[this.ctlCount - 1 - depth];
  }

  // =========================================================================================== helpers
  err(reason: string): never {
    // Name the instruction (the opcode at this.pos) and the function, for humans.
    let detail: string | undefined;
    try {
      const r = new Reader(this.r.bytes, this.pos, this.r.end);
      const op = readOpcode(r);
      // (a pack's instruction by the pack's name: the core has none for them)
      const name = isPackInstruction(op) ? this.module.module.features?.[packFamily(op)]?.names[op] : undefined;
      detail = (name ?? opName(op)) + (this.funcIndex >= 0 ? ` in function ${this.funcIndex}` : '');
    } catch {
      detail = undefined;
    }
    throw new CompileError(reason, this.section, this.pos, 'invalid', detail);
  }

  single(t: ValType): readonly ValType[] {
    let a = this.singleCache.get(t);
    if (!a) this.singleCache.set(t, (a = [t]));
    return a;
  }

  push(t: ValType): void {
    if (this.sp === this.stack.length) this.stack = growInt32(this.stack, this.sp + 1);
    this.stack[this.sp++] = t;
  }

  /** Pops operands top first, each checked on its own (with its own mismatch message). */
  take(...topFirst: ValType[]): void {
    for (let i = 0; i < topFirst.length; i++) this.popExpect(topFirst[i]);
  }

  /** A memory access instruction of a pack (SIMD loads and stores), as the core's are checked. */
  memoryAccess(imm: Immediates, mo: MemOp): void {
    memoryAccess(this, imm, mo.align, mo.type, mo.shape);
  }

  pushAll(ts: readonly ValType[]): void {
    for (let i = 0; i < ts.length; i++) this.push(ts[i]);
  }

  pop(): ValType {
    const c = this.ctlCount - 1;
    if (this.sp === this.ctlHeight[c]) {
      if (this.ctlUnreach[c]) return BOT;
      this.err('type mismatch: expected a value but nothing on stack');
    }
    return this.stack[--this.sp];
  }

  popExpect(t: ValType): ValType {
    // Fast path: the exact type is on top of the current frame's operands.
    const sp = this.sp;
    if (sp > this.ctlHeight[this.ctlCount - 1] && this.stack[sp - 1] === t) {
      this.sp = sp - 1;
      return t;
    }
    return this.popExpectSlow(t);
  }

  private popExpectSlow(t: ValType): ValType {
    const c = this.ctlCount - 1;
    if (this.sp === this.ctlHeight[c] && !this.ctlUnreach[c]) this.err(mismatch([t], []));
    const a = this.pop();
    if (a !== t && !this.tt.matches(a, t)) this.err(mismatch([t], [a]));
    return a;
  }

  popAll(ts: readonly ValType[]): void {
    // Fast path: exactly these types on top of the current frame's operands.
    const n = ts.length;
    const sp = this.sp;
    if (sp - this.ctlHeight[this.ctlCount - 1] >= n) {
      let exact = true;
      for (let i = 0; i < n; i++) {
        if (this.stack[sp - n + i] !== ts[i]) {
          exact = false;
          break;
        }
      }
      if (exact) {
        this.sp = sp - n;
        return;
      }
    }
    this.popAllSlow(ts);
  }

  private popAllSlow(ts: readonly ValType[]): void {
    const c = this.ctlCount - 1;
    if (!this.ctlUnreach[c]) {
      // Name every operand the instruction needs and what the stack holds instead.
      const n = ts.length;
      const have = Array.from(this.stack.subarray(Math.max(this.ctlHeight[c], this.sp - n), this.sp));
      const ok = have.length === n && ts.every((t, i) => have[i] === t || this.tt.matches(have[i], t));
      if (!ok) this.err(mismatch(ts, have));
    }
    for (let i = ts.length - 1; i >= 0; i--) this.popExpect(ts[i]);
  }

  /**
   * Pops a `(ref null abs)` or a `(ref null (shared abs))`: the instructions shared-everything-threads makes
   * polymorphic in sharedness (ref.eq, i31.get_*, array.len, the extern/any conversions). Returns the popped
   * type (BOT on an unreachable stack).
   */
  popShareable(abs: number): ValType {
    const unshared = refOf(true, abs);
    const sp = this.sp;
    if (sp > this.ctlHeight[this.ctlCount - 1] && this.stack[sp - 1] === unshared) {
      this.sp = sp - 1;
      return unshared;
    }
    const a = this.pop();
    if (a !== BOT && !this.tt.matches(a, unshared) && !this.tt.matches(a, refOf(true, abs | SHARED_HEAP))) {
      this.err(TYPE_MISMATCH);
    }
    return a;
  }

  /** SHARED_HEAP if reference type `t` is shared, else 0 (also for BOT). */
  shareOf(t: ValType): number {
    return t !== BOT && this.tt.isSharedHeap(heapTypeOf(t)) ? SHARED_HEAP : 0;
  }

  /** Pops a reference (or bottom); fails on a numeric value. */
  popRef(): ValType {
    const a = this.pop();
    if (a !== BOT && !isRefType(a)) this.err(TYPE_MISMATCH);
    return a;
  }

  pushCtl(kind: number, params: readonly ValType[], results: readonly ValType[]): void {
    const n = this.ctlCount;
    if (n === this.ctlKind.length) {
      const grow = <T extends Int32Array | Uint8Array>(a: T): T => {
        const b = new (a.constructor as { new (n: number): T })(n * 2);
        b.set(a);
        return b;
      };
      this.ctlKind = grow(this.ctlKind);
      this.ctlHeight = grow(this.ctlHeight);
      this.ctlUnreach = grow(this.ctlUnreach);
      this.ctlInit = grow(this.ctlInit);
    }
    this.ctlKind[n] = kind;
    this.ctlHeight[n] = this.sp;
    this.ctlUnreach[n] = 0;
    this.ctlInit[n] = this.initSp;
    this.ctlParams[n] = params;
    this.ctlResults[n] = results;
    this.ctlCount = n + 1;
    this.pushAll(params);
  }

  /** Checks the frame's results are exactly on the stack, restores locals' init state; keeps the frame. */
  endFrameBody(): void {
    const c = this.ctlCount - 1;
    this.popAll(this.ctlResults[c]);
    if (this.sp !== this.ctlHeight[c]) this.err('type mismatch: values remaining on stack at end of block');
    this.resetInits(this.ctlInit[c]);
  }

  resetInits(to: number): void {
    while (this.initSp > to) this.localInit[this.initStack[--this.initSp]] = 0;
  }

  setUnreachable(): void {
    const c = this.ctlCount - 1;
    this.sp = this.ctlHeight[c];
    this.ctlUnreach[c] = 1;
  }

  label(depth: number): readonly ValType[] {
    if (depth >= this.ctlCount) this.err('unknown label');
    return this.labelTypes(depth);
  }

  /** Checks the top of the stack matches `ts`, leaving values of types `ts` (br_if, br_on_*: the 3.0
   *  algorithm re-pushes the label types). */
  peekMatch(ts: readonly ValType[]): void {
    this.popAll(ts);
    this.pushAll(ts);
  }

  private keep = new Int32Array(16);

  /** Checks the top of the stack matches `ts` and leaves the operands as they were (br_table), with values
   *  conjured by a polymorphic stack materialized as bottom. */
  peekKeep(ts: readonly ValType[]): void {
    const sp0 = this.sp;
    this.popAll(ts);
    const real = sp0 - this.sp;
    if (real === ts.length) {
      this.sp = sp0;
      return;
    }
    if (this.keep.length < real) this.keep = new Int32Array(real * 2);
    for (let i = 0; i < real; i++) this.keep[i] = this.stack[this.sp + i];
    for (let i = real; i < ts.length; i++) this.push(BOT);
    for (let i = 0; i < real; i++) this.push(this.keep[i]);
  }

  funcTypeIndex(index: number): number {
    if (index >= this.tt.count) this.err(UNKNOWN_TYPE);
    const rep = this.tt.representative[index];
    if (this.sharedFn && !this.tt.shared[rep]) {
      const k = this.tt.kind[rep];
      this.unsharedAccess(k === KIND_FUNC ? 'functions' : k === KIND_STRUCT ? 'structs' : 'arrays');
    }
    return rep;
  }

  /** A shared function used an unshared function, type, global or table (shared-everything-threads). */
  unsharedAccess(what: string): never {
    return this.err(`shared functions cannot access unshared ${what}`);
  }

  /** A value type from an instruction immediate: check and normalize its type index. */
  normType(t: ValType): ValType {
    return this.tt.normalize(t, this.section, this.pos);
  }

  resolveBlockType(imm: Immediates): void {
    const bt = imm.blockType;
    if (bt === -1) {
      imm.blockParams = EMPTY;
      imm.blockResults = EMPTY;
    } else if (bt === -2) {
      imm.blockParams = EMPTY;
      imm.blockResults = this.single(this.normType(imm.blockValType));
    } else {
      if (bt >= this.tt.count || this.tt.kind[bt] !== KIND_FUNC) this.err(UNKNOWN_TYPE);
      if (this.sharedFn && !this.tt.shared[bt]) this.unsharedAccess('functions');
      imm.blockParams = this.tt.params[bt];
      imm.blockResults = this.tt.results[bt];
    }
  }

  /** Normalizes type immediates (select t, ref.null, ref.test/cast, br_on_cast) before the sink sees them. */
  resolveTypeImmediates(op: number, imm: Immediates): void {
    const tt = this.tt;
    if (op === 0x1c) {
      imm.selectType = this.normType(imm.selectType);
      return;
    }
    imm.heapType = tt.normalizeHeap(imm.heapType, this.section, this.pos);
    if (op >= 0xfb14 && op <= 0xfb17) imm.refType = refOf(op === 0xfb15 || op === 0xfb17, imm.heapType);
    else if (op === 0xfb18 || op === 0xfb19) {
      imm.index2 = tt.normalizeHeap(imm.index2, this.section, this.pos);
      imm.refType2 = refOf((imm.castFlags & 1) !== 0, imm.heapType);
      imm.refType = refOf((imm.castFlags & 2) !== 0, imm.index2);
    }
  }

  memoryAddrType(index: number): ValType {
    const mems = this.module.memoryTypes;
    if (index >= mems.length) this.err('unknown memory');
    return mems[index].limits.index64 ? I64 : I32;
  }

  tableAddrType(index: number): ValType {
    const tabs = this.module.tableTypes;
    if (index >= tabs.length) this.err('unknown table');
    if (this.sharedFn && !tabs[index].limits.shared) this.unsharedAccess('tables');
    return tabs[index].limits.index64 ? I64 : I32;
  }

  tableElem(index: number): ValType {
    this.tableAddrType(index);
    return this.module.tableTypes[index].element;
  }

  checkData(index: number): void {
    if (this.module.module.dataCount === undefined) {
      throw new CompileError('data count section required', this.section, this.pos, 'malformed');
    }
    if (index >= this.module.dataSegmentCount) this.err('unknown data segment');
  }

  checkElem(index: number): ValType {
    if (index >= this.module.elementTypes.length) this.err('unknown elem segment');
    return this.module.elementTypes[index];
  }

  checkLocal(index: number): ValType {
    if (index >= this.localCount) this.err('unknown local');
    return this.locals[index];
  }

  checkFunc(index: number): number {
    if (index >= this.module.funcTypes.length) this.err('unknown function');
    const t = this.module.module.funcTypeIndices[index];
    if (this.sharedFn && !this.tt.shared[t]) this.unsharedAccess('functions');
    return t;
  }

  checkTag(index: number): readonly ValType[] {
    if (index >= this.module.tagParams.length) this.err('unknown tag');
    return this.module.tagParams[index];
  }

  // =========================================================================================== entry points
  /** Sets up locals and the function frame. */
  startFunction(vm: ValidatedModule, funcIndex: number, localTypes: readonly ValType[], paramCount: number,
    results: readonly ValType[]): void {
    this.module = vm;
    this.funcIndex = funcIndex;
    this.sharedFn = funcIndex >= 0 && vm.types.shared[vm.module.funcTypeIndices[funcIndex]] === 1;
    const n = localTypes.length;
    if (this.locals.length < n) {
      this.locals = new Int32Array(n);
      this.localInit = new Uint8Array(n);
      this.initStack = new Int32Array(n);
    }
    this.locals.set(localTypes);
    for (let i = 0; i < n; i++) this.localInit[i] = i < paramCount || isDefaultable(localTypes[i]) ? 1 : 0;
    this.localCount = n;
    this.localTypes = localTypes;
    this.initSp = 0;
    this.sp = 0;
    this.ctlCount = 0;
    this.funcResults = results;
    this.pushCtl(-1, EMPTY, results);
  }

  /** Walks instructions from r.pos until the frame stack empties; returns the position after the final end. */
  walk(sink: BodySink | undefined): void {
    const r = this.r;
    const imm = this.imm;
    const bytes = r.bytes;
    const fast = !this.constMode;
    for (;;) {
      const pos = (this.pos = r.pos);
      if (pos >= r.end) r.fail(this.constMode ? UNEXPECTED_END : END_OF_SECTION);
      if (fast) {
        // The most frequent instructions (locals and constants are ~40% of real code) skip the generic
        // immediate decoder and dispatch.
        const b0 = bytes[pos];
        if (b0 >= 0x20 && b0 <= 0x22) {
          r.pos = pos + 1;
          const i = (imm.index = r.u32());
          this.nextPos = r.pos;
          if (sink) sink.instr(b0, this);
          const t = this.checkLocal(i);
          if (b0 === 0x20) {
            if (!this.localInit[i]) this.err('uninitialized local');
            this.push(t);
          } else {
            this.popExpect(t);
            if (!this.localInit[i]) {
              this.localInit[i] = 1;
              this.initStack[this.initSp++] = i;
            }
            if (b0 === 0x22) this.push(t);
          }
          continue;
        }
        if (b0 >= 0x45 && b0 <= 0xc4) {
          // Numeric instructions without immediates: fixed signatures.
          r.pos = this.nextPos = pos + 1;
          if (sink) sink.instr(b0, this);
          const sig = signatures[b0]!;
          this.popAll(sig.params);
          this.push(sig.results[0]);
          continue;
        }
        if (b0 >= 0x28 && b0 <= 0x3e) {
          // Plain loads and stores.
          r.pos = pos + 1;
          readMemarg(r, imm, true);
          this.nextPos = r.pos;
          if (sink) sink.instr(b0, this);
          const mo = memOps[b0]!;
          memoryAccess(this, imm, mo.align, mo.type, mo.shape);
          continue;
        }
        if (b0 === 0x41 || b0 === 0x42) {
          r.pos = pos + 1;
          if (b0 === 0x41) imm.i32 = r.s32();
          else {
            r.s64();
            imm.i64Lo = r.lo;
            imm.i64Hi = r.hi;
          }
          this.nextPos = r.pos;
          if (sink) sink.instr(b0, this);
          this.push(b0 === 0x41 ? I32 : I64);
          continue;
        }
      }
      const op = readOpcode(r);
      readImmediates(r, op, imm, pos);
      this.nextPos = r.pos;
      // Resolve immediates the sink needs in normalized form.
      const kind = immKinds[op];
      if (kind === IMM_BLOCK || kind === IMM_TRY_TABLE) this.resolveBlockType(imm);
      else if (kind >= IMM_SELECT_T && kind <= IMM_BR_ON_CAST) this.resolveTypeImmediates(op, imm);
      if (this.constMode) this.checkConstant(op);
      if (sink) sink.instr(op, this);
      if (op === 0x0b) {
        if (this.end()) return;
      } else this.instruction(op, imm);
    }
  }

  /** `end`: returns true when the function's (or constant expression's) frame closed. */
  end(): boolean {
    const c = this.ctlCount - 1;
    const kind = this.ctlKind[c];
    if (kind === 0x04) {
      // `if` without else: the implicit else passes the params through, so they must match the results.
      const params = this.ctlParams[c];
      const results = this.ctlResults[c];
      this.endFrameBody();
      this.ctlUnreach[c] = 0;
      this.pushAll(params);
      this.popAll(results);
      if (this.sp !== this.ctlHeight[c]) this.err(TYPE_MISMATCH);
    } else this.endFrameBody();
    const results = this.ctlResults[c];
    this.ctlCount = c;
    if (c === 0) return true;
    this.pushAll(results);
    return false;
  }

  private checkConstant(op: number): void {
    if (!CONSTANT_OPS.has(op)) this.err('constant expression required');
  }

  // =========================================================================================== instructions
  instruction(op: number, imm: Immediates): void {
    const sig = signatures[op];
    if (sig !== undefined) {
      this.popAll(sig.params);
      this.pushAll(sig.results);
      return;
    }
    const mo = memOps[op];
    if (mo !== undefined) return memoryAccess(this, imm, mo.align, mo.type, mo.shape);
    // 0xFB (GC), 0xFD (SIMD), relaxed SIMD and 0xFE (threads): the instruction packs (decoder/features.ts)
    if (isPackInstruction(op)) return packFor(this.module.module, op, this.section, this.pos, this.funcIndex).validate(this, op, imm);
    if (op === 0x25 || op === 0x26 || op === 0x3f || op === 0x40 || (op >= 0xfc08 && op <= 0xfc11)) {
      return memoryTableInstruction(this, op, imm);
    }
    switch (op) {
      case 0x00: // unreachable
        return this.setUnreachable();
      case 0x01: // nop
        return;
      case 0x02: // block
      case 0x03: // loop
      case 0x04: // if
        if (op === 0x04) this.popExpect(I32);
        this.popAll(imm.blockParams);
        return this.pushCtl(op, imm.blockParams, imm.blockResults);
      case 0x05: // else
        if (this.frameKind(0) !== 0x04) this.err('else without if');
        return this.nextClause(op, this.ctlParams[this.ctlCount - 1]);
      case 0x06: // try, catch, rethrow, delegate, catch_all: the legacy-exceptions pack (decoder/features.ts)
      case 0x07:
      case 0x09:
      case 0x18:
      case 0x19:
        return packFor(this.module.module, op, this.section, this.pos, this.funcIndex).validate(this, op, imm);
      case 0x08: // throw x
        this.popAll(this.checkTag(imm.index));
        return this.setUnreachable();
      case 0x0a: // throw_ref
        this.popExpect(EXNREF_T);
        return this.setUnreachable();
      case 0x1f: // try_table
        return this.tryTable(imm);
      case 0x0c: // br
        this.popAll(this.label(imm.index));
        return this.setUnreachable();
      case 0x0d: { // br_if
        const types = this.label(imm.index);
        this.popExpect(I32);
        return this.peekMatch(types);
      }
      case 0x0e: // br_table
        return this.brTable(imm);
      case 0x0f: // return
        this.popAll(this.funcResults);
        return this.setUnreachable();
      case 0x10: // call
      case 0x12: // return_call
        return this.call(op, this.tt.representative[this.checkFunc(imm.index)]);
      case 0x11: // call_indirect
      case 0x13: // return_call_indirect
        return this.call(op, this.callIndirectType(imm));
      case 0x14: // call_ref
      case 0x15: { // return_call_ref
        const t = this.funcTypeIndex(imm.index);
        if (this.tt.kind[t] !== KIND_FUNC) this.err(TYPE_MISMATCH);
        this.popExpect(refOf(true, CONCRETE_BASE + t));
        return this.call(op, t);
      }
      case 0x1a: // drop
        this.pop();
        return;
      case 0x1b: { // select
        this.popExpect(I32);
        const a = this.pop();
        const b = this.pop();
        if (isRefType(a) || isRefType(b)) this.err(TYPE_MISMATCH);
        if (a !== b && a !== BOT && b !== BOT) this.err(TYPE_MISMATCH);
        return this.push(a === BOT ? b : a);
      }
      case 0x1c: { // select t (normalized by resolveTypeImmediates)
        const t = imm.selectType;
        this.take(I32, t, t);
        return this.push(t);
      }
      // (local.get/set/tee: walk's fast path, always taken outside constant expressions, where they are not
      // allowed.)
      case 0x23: // global.get
      case 0x24: { // global.set (never in constant mode: checkConstant refused it)
        const gs = this.module.globalTypes;
        if (imm.index >= gs.length || (this.constMode && imm.index >= this.constGlobalLimit)) this.err('unknown global');
        const g = gs[imm.index];
        if (this.constMode && g.mutable) this.err('constant expression required');
        if (this.sharedFn && !g.shared) this.unsharedAccess('globals');
        if (op === 0x23) return this.push(g.type);
        if (!g.mutable) this.err('immutable global: global.set needs a mutable global');
        this.popExpect(g.type);
        return;
      }
      case 0x41: // i32.const … f64.const: I32 = 0x7f … F64 = 0x7c
      case 0x42:
      case 0x43:
      case 0x44:
        return this.push(0xc0 - op);
      case 0xd0: // ref.null ht (normalized by resolveTypeImmediates)
        return this.push(refOf(true, imm.heapType));
      case 0xd1: // ref.is_null
        this.popRef();
        return this.push(I32);
      case 0xd2: { // ref.func x
        const t = this.checkFunc(imm.index);
        if (this.constMode) this.module.declaredFuncRefs[imm.index] = 1;
        else if (!this.module.declaredFuncRefs[imm.index]) this.err('undeclared function reference');
        return this.push(refOf(false, CONCRETE_BASE + this.tt.representative[t]));
      }
      case 0xd3: { // ref.eq (both operands shared or both unshared)
        const b = this.popShareable(H.eq);
        const a = this.popShareable(H.eq);
        if (a !== BOT && b !== BOT && this.shareOf(a) !== this.shareOf(b)) this.err(TYPE_MISMATCH);
        return this.push(I32);
      }
      case 0xd4: // ref.as_non_null
      case 0xd5: // br_on_null l
      case 0xd6: { // br_on_non_null l
        const types = op === 0xd4 ? EMPTY : this.label(imm.index);
        // br_on_non_null passes the non-null reference: the label ends with a reference type.
        if (op === 0xd6 && (types.length === 0 || !isRefType(types[types.length - 1]))) this.err(TYPE_MISMATCH);
        const t = this.popRef();
        const nonNull = t === BOT ? BOT : refOf(false, heapTypeOf(t));
        if (op === 0xd6) this.push(nonNull);
        this.peekMatch(types);
        if (op === 0xd6) this.pop();
        else this.push(nonNull);
        return;
      }
      default:
        throw new CompileError(illegalOpcode(op >> 8, op & 0xff), this.section, this.pos, 'malformed');
    }
  }

  private callIndirectType(imm: Immediates): number {
    const e = this.tableElem(imm.index2);
    const t = this.funcTypeIndex(imm.index);
    if (this.tt.kind[t] !== KIND_FUNC) this.err(UNKNOWN_TYPE);
    if (!this.tt.matches(e, FUNCREF_T)) this.err(TYPE_MISMATCH);
    this.popExpect(this.tableAddrType(imm.index2));
    return t;
  }

  /** call, call_indirect, call_ref (the callee's type index t) and their return_call forms (op 0x12, 0x13, 0x15). */
  private call(op: number, t: number): void {
    if (op === 0x10 || op === 0x11 || op === 0x14) {
      this.popAll(this.tt.params[t]);
      return this.pushAll(this.tt.results[t]);
    }
    const results = this.tt.results[t];
    const mine = this.funcResults;
    if (results.length !== mine.length) this.err(TYPE_MISMATCH);
    for (let i = 0; i < results.length; i++) if (!this.tt.matches(results[i], mine[i])) this.err(TYPE_MISMATCH);
    this.popAll(this.tt.params[t]);
    this.setUnreachable();
  }

  /** else, catch, catch_all: the frame's previous clause ends, the next starts with `params`. */
  nextClause(kind: number, params: readonly ValType[]): void {
    const c = this.ctlCount - 1;
    this.endFrameBody();
    this.ctlKind[c] = kind;
    this.ctlUnreach[c] = 0;
    this.pushAll(params);
  }

  private brTable(imm: Immediates): void {
    this.popExpect(I32);
    const n = imm.brCount;
    const targets = imm.brTargets;
    const def = this.label(targets[n]);
    const arity = def.length;
    for (let i = 0; i < n; i++) {
      const types = this.label(targets[i]);
      if (types.length !== arity) this.err(TYPE_MISMATCH);
      this.peekKeep(types);
    }
    this.popAll(def);
    this.setUnreachable();
  }

  private tryTable(imm: Immediates): void {
    for (let i = 0; i < imm.brCount; i++) {
      const kind = imm.catchKinds[i];
      const types = this.label(imm.brTargets[i]);
      let given: readonly ValType[] = EMPTY;
      if (kind === 0 || kind === 1) given = this.checkTag(imm.catchTags[i]);
      const withRef = kind === 1 || kind === 3;
      const n = given.length + (withRef ? 1 : 0);
      if (types.length !== n) this.err(TYPE_MISMATCH);
      for (let j = 0; j < given.length; j++) if (!this.tt.matches(given[j], types[j])) this.err(TYPE_MISMATCH);
      if (withRef && !this.tt.matches(EXN_NONNULL, types[n - 1])) this.err(TYPE_MISMATCH);
    }
    this.popAll(imm.blockParams);
    this.pushCtl(0x1f, imm.blockParams, imm.blockResults);
  }
}
