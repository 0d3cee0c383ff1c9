// The JS tier's code generator: one wasm function body → the source text of a *factory*
// `(rt, inst, self) => body | null`, driven by the validator's body walk (a BodySink, like the translator),
// so every operand's type and every stack height is known statically.
//
// A factory defines two functions (docs/ARCHITECTURE.md, "JS tier"): `inner(b, ...args)`, what compiled
// callers call (arguments as JS values, one result as the return value), and `body(fp, b)`, the interpreter's
// convention (arguments at unit `fp` of the store's value stack, results back at `fp`). `b` is the depth
// budget: each compiled function spends one on entry, and with none left the call runs in the interpreter or
// traps (runtime.ts, rt.deep), so call sites pass it and test nothing. Inside, wasm locals and operand-stack
// slots are JS locals named by kind and height: i32 `iN`, i64 `lN`/`hN` (two int32 halves: no BigInt), f32 `fN` (the
// raw bits as int32: V8 quiets an f32 signalling NaN on its way into a number, so f32 values stay bits and
// become numbers only inside arithmetic), f64 `dN` (a number: V8 keeps f64 NaN payloads; on engines that do
// not, the bits form, f64-bits.ts, keeps f64 values as halves like an i64's but arithmetic results), references `rN`. Locals are `L…` (an
// i64's high half `H…`).
//
// Blocks and ifs become labelled JS blocks, loops labelled `for (;;)`, `br_table` a binary search of ifs (or a
// `switch`, see brTable); a branch moves its values into the target's slots, then `break`s or `continue`s.
// `local.get` and constants are read in place (lazy stack entries) until something would change them; every
// control instruction materializes the stack, so a value's variable is the same on every path into a join.
//
// What the tier does not cover throws `Unsupported` here, and that function stays interpreted (mixed
// freely with compiled ones in one instance): SIMD (v128), GC, exceptions, tail calls, atomics.
import type { BodyContext, BodySink } from '../../validate/sink.js';
import type { ValidatedModule } from '../../validate/validated-module.js';
import type { FuncType, ValType } from '../../decoder/module.js';
import { Unsupported } from '../errors.js';
import { shareElementIndexes } from './shared-index.js';
import { braceStatements, closingParen, hasWord, loopDepths, matchesOf } from './text.js';
import { callsInPlace } from './call-in-place.js';
import type { F64Demand } from './f64-bits.js';
import { bindingOf, callingStatements, hoistSignFlips, localizeLoopCalls } from './loop-locals.js';

/** Value kinds: i32, i64, f32 (bits), f64 (number), reference. */
type Kind = 'i' | 'l' | 'f' | 'd' | 'r';

/** Whether a function type has f64 params or results (their calls differ in the bits form). */
function hasF64(ft: FuncType): boolean {
  return ft.params.includes(0x7c) || ft.results.includes(0x7c);
}

function kindOf(t: ValType): Kind {
  switch (t) {
    case 0x7f: return 'i';
    case 0x7e: return 'l';
    case 0x7d: return 'f';
    case 0x7c: return 'd';
    case 0x7b: throw new Unsupported('JS tier: SIMD');
    default: return 'r';
  }
}

/** A stack entry: its kind and the expression(s) that give its value (a slot variable once materialized). */
interface Entry {
  k: Kind;
  v: string;
  /** the high half of an i64 (or of an f64 in the bits form) */
  h: string;
  /** bits form (f64-bits.ts): the f64.load (its instruction's number) or the local whose value this is */
  src?: number;
  local?: number;
}

interface Ctl {
  label: string;
  /** 0x02 block, 0x03 loop, 0x04 if, -1 function */
  kind: number;
  height: number;
  params: readonly ValType[];
  results: readonly ValType[];
  /** if with params: the variables that keep them for the else arm */
  saved: string[];
  /** where its opening statement is in the output, and whether a branch targets it (if not, the label and,
   *  for a block or loop, the braces and the loop are left out: less code to parse and run) */
  open: number;
  targeted: boolean;
  /** flat mode: the dispatch scope a block belongs to and its case there (see Scope) */
  scope?: Scope;
  caseId?: number;
  /** an if in its else arm: where the `} else {` statement is in the output */
  elseAt?: number;
}

/** An entry into a running loop (GenerateOptions.osrLoop): what the prologue loads from the interpreter's frame
 *  and how the code before the loop is skipped. The whole function is generated as usual, and entered at
 *  the loop's header: the code before the loop in each construct around it (blocks, if arms, loops, the
 *  function) runs only when ENTRY is 0 — `if (!ENTRY) { … }` —, an `if` around it takes the arm that holds
 *  the loop (`if (ENTRY || (c))`, `if (!ENTRY && (c))`), and the loop clears ENTRY as it starts. So a
 *  loop around it runs its whole body from its next iteration on, and the code after it runs as usual:
 *  the function runs compiled to its end. At a loop header the operand stack is materialized in slot
 *  variables, which the interpreter keeps at the same heights. */
interface OsrEntry {
  /** the statements skipped on entry: [from, to) pairs of indexes in the output */
  guards: number[];
  /** the ifs around the loop: their opening statement's index, and whether the loop is in the then arm */
  ifs: [number, boolean][];
  /** the operand stack at the loop header (materialized) */
  stack: Entry[];
}

/** Flat mode (functions whose blocks nest deeper than FLAT_DEPTH: JS parsers recurse per nesting level and
 *  overflow their stacks, V8's at a few thousand): a block is no JS block but a `case` of a dispatch loop
 *  `Fn: for (Sn = 0;;) { switch (Sn) { case 0: … case k: … } break; }` around the rest of the enclosing
 *  function body, loop body or if arm (the scope), opened at its first block. The code stays in order (a block's
 *  end is a case label, reached by falling through); a branch to the block sets Sn and re-enters the switch. */
interface Scope {
  id: number;
  open: boolean;
  cases: number;
}

/** Nesting depth of blocks above which a function is generated in flat mode. */
export const FLAT_DEPTH = 100;

/** Thrown by a walk not in flat mode that nests deeper than FLAT_DEPTH (jit.ts then walks again in flat mode). */
export class TooDeep {}

/** Where the views of memories and globals are re-read (after calls, memory.grow): filled in by assemble,
 *  which knows every memory the function uses. */
const RELOAD = '\u0000reload';

/** Which of the store objects and helpers a function uses (bound once in its factory's prologue). */
class Bindings {
  readonly lines: string[] = [];
  private readonly seen = new Set<string>();
  add(name: string, init: string): string {
    if (!this.seen.has(name)) {
      this.seen.add(name);
      // (`var`, not `const`: without a JIT, every read of a closure's `const` checks it is initialized)
      this.lines.push(`var ${name} = ${init};`);
    }
    return name;
  }
}

export class JsCodegen implements BodySink {
  /** `flat`: generate in flat mode (see Scope). `f64`: the bits form of f64 values (f64-bits.ts), for engines
   *  whose numbers lose NaN payloads; absent, f64 values are numbers. */
  constructor(private readonly flat = false, private readonly f64?: F64Demand, private readonly osrAt = -1) {}
  /** See OsrEntry (osrAt: the loop's module offset, GenerateOptions.osrLoop). */
  private osr: OsrEntry | null = null;
  /** The number of the instruction being walked (f64-bits.ts: both walks number alike). */
  private at = 0;
  /** Its byte offset in the module (a trap's position in the backtrace, see setP). */
  private pos = 0;
  /** The statements that set P before a call (index in `out`, position), and how many throws and checks set it:
   *  a function with one call needs no P for it (assemble). */
  private readonly callSets: [number, number][] = [];
  private otherSets = 0;
  /** The deepest nesting of control instructions seen (jit.ts regenerates in flat mode above
   *  FLAT_DEPTH). */
  maxNest = 0;
  private readonly scopes: Scope[] = [];
  private scopeIds = 0;
  /** The body's statements in order (MeteredJsCodegen puts its fuel checks between them). */
  protected readonly out: string[] = [];
  private readonly b = new Bindings();
  private stack: Entry[] = [];
  private readonly ctl: Ctl[] = [];
  private labels = 0;
  /** slot variables used, by name */
  private readonly slotVars = new Set<string>();
  private localKinds: Kind[] = [];
  private localTypes: readonly ValType[] = [];
  /** Locals written on every path to this point (a conservative definite assignment: a construct's writes
   *  are forgotten at its end), those saved at each open construct's start, and the locals some read may see
   *  unwritten: only those need a zero initializer. */
  private written = new Set<number>();
  private readonly writtenAt: Set<number>[] = [];
  private readonly readFirst = new Set<number>();
  private type!: FuncType;
  private vm!: ValidatedModule;
  /** memories whose views the body keeps in locals */
  private readonly memsUsed = new Set<number>();
  /** those of them that are 64-bit (their accesses compare with the length, LENk) */
  private readonly mem64 = new Set<number>();
  /** the element views its loads read (`IWk = Mk.i32`: viewLoad), re-read with the DataViews */
  private readonly viewsUsed = new Set<string>();
  private usesGlobals = false;
  /** f64 values pass through JS numbers: only exact on engines that keep NaN payloads in numbers */
  private usesF64 = false;
  private temps = 0;
  /** i32 locals some read of which is not a condition (see boolSets). */
  private readonly numericLocals = new Set<number>();
  /** `local.set` of a compare's 0/1: the statement, and the same storing the JS boolean instead (assemble
   *  takes it where every read of the local is a condition — `if`, `br_if`, `select`, `eqz` —, which treat
   *  `true`/`false` as 1/0: without a JIT `c ? 1 : 0` is three bytecodes more, two of them jumps). */
  private readonly boolSets: { index: number; text: string; bool: string; n: number }[] = [];
  /** The last statement assigned the top entry's slot (see pop). */
  private pending: { index: number; slot: string; expr: string; hexpr: string; height: number; load: boolean } | null = null;
  source = '';

  begin(ctx: BodyContext): void {
    this.vm = ctx.module;
    this.type = ctx.module.funcTypes[ctx.funcIndex];
    this.localTypes = ctx.localTypes;
    this.localKinds = ctx.localTypes.map((t, i) => (t === 0x7c && this.f64?.numberLocal(i) === true ? 'd' : this.valKind(t)));
    for (const t of this.type.results) kindOf(t);
    this.ctl.push({ label: 'F', kind: -1, height: 0, params: [], results: this.type.results, saved: [], open: -1, targeted: true });
    this.openScope();
  }

  // ------------------------------------------------------------------ stack helpers
  private slot(k: Kind, h: number): string {
    const n = k + h;
    this.slotVars.add(n);
    if (k === 'l') this.slotVars.add('h' + h);
    return n;
  }
  private hiSlot(h: number): string {
    this.slotVars.add('h' + h);
    return 'h' + h;
  }
  protected emit(s: string): void {
    this.out.push(s);
    this.pending = null;
  }
  /** Pops the top entry; if it was computed by the statement just emitted (and cannot trap or read a
   *  temporary), that statement is dropped and its expression used in place (no slot variable round trip). */
  private pop(i64InPlace = false, loads = true, cond = false): Entry {
    const e = this.popEntry(i64InPlace, loads, cond);
    return this.f64 === undefined ? e : this.bitsOf(e, this.stack.length);
  }
  /** pop, with an f64 arithmetic result left a number in the bits form. */
  private popEntry(i64InPlace = false, loads = true, cond = false): Entry {
    const e = this.stack.pop()!;
    if (!cond) this.noteRead(e);
    const p = this.pending;
    // (an i64's two expressions may read each other's slots: only local.set takes them, and orders them)
    if (p !== null && e.v === p.slot && this.stack.length === p.height && (e.k !== 'l' || i64InPlace) && (loads || !p.load)) {
      this.out[p.index] = '';
      this.pending = null;
      return { k: e.k, v: `(${p.expr})`, h: e.k === 'l' ? `(${p.hexpr})` : '', src: e.src, local: e.local };
    }
    return e;
  }
  /** The kind of a value of type t (the bits form keeps f64 values as halves, as i64). */
  private valKind(t: ValType): Kind {
    const k = kindOf(t);
    if (k !== 'd' || this.f64 === undefined) return k;
    this.usesF64 = true;
    return 'l';
  }
  /** Bits form: a consumer that keeps an f64 value's bits takes e (recorded for the second walk); an
   *  arithmetic result (a number) becomes halves in the slot at height h, through the scratch view. */
  private bitsOf(e: Entry, h: number): Entry {
    this.f64!.keepsBits(e.src, e.local);
    if (e.k !== 'd') return e;
    const s = this.slot('l', h);
    this.emit(`D[0] = ${e.v}; ${s} = DI[0]; h${h} = DI[1];`);
    return { k: 'l', v: s, h: 'h' + h };
  }
  /** An f64 operand of arithmetic as a number (bits form: from its halves — arithmetic loses a payload
   *  in the interpreter too). */
  private popNumber(): string {
    return this.numberOf(this.popEntry(true));
  }
  private numberOf(e: Entry): string {
    if (e.k === 'd') return e.v;
    const lo = constOf(e.v), hi = constOf(e.h);
    return lo !== null && hi !== null ? this.f64Literal(lo, hi) : `(DI[0] = ${e.v}, DI[1] = ${e.h}, D[0])`;
  }
  /** A constant's halves that are no NaN: a number keeps them (f64Literal), or null. */
  private plainConstant(e: Entry): string | null {
    const lo = constOf(e.v), hi = constOf(e.h);
    if (e.k !== 'l' || lo === null || hi === null) return null;
    DI[0] = lo;
    DI[1] = hi;
    return D[0] !== D[0] ? null : this.f64Literal(lo, hi);
  }
  /** Bits form: the value local.set/tee of f64 local n stores — a number into a local kept as one, else
   *  halves (recorded for the second walk). */
  private f64SetValue(n: number): Entry {
    const e = this.popEntry(true);
    if (this.localKinds[n] === 'd') return { k: 'd', v: this.numberOf(e), h: '' };
    this.f64!.set(n, e.k === 'd' || this.plainConstant(e) !== null, e.src, e.local);
    return e.k === 'd' ? this.bitsOf(e, this.stack.length) : e;
  }
  /** An i32 value is read as a number (not only as a condition): the locals it reads may not hold booleans. */
  private noteRead(e: Entry): void {
    if (e.k !== 'i' || e.v.indexOf('L') < 0) return;
    for (const m of matchesOf(LOCAL, e.v)) {
      // (`!Ln` — eqz of a local — and `(Ln ? a : b)` — a select on it — are a condition's reads)
      const before = m.index === 0 ? '' : e.v[m.index - 1], after = e.v.slice(m.index + m[0].length, m.index + m[0].length + 3);
      if (before === '!' || ((before === '' || before === '(') && /^ \?[^?]/.test(after))) continue;
      this.numericLocals.add(Number(m[1]));
    }
  }
  /** A condition: a 0/1 compare's expression becomes the JS boolean itself. */
  private cond(v: string): string {
    const m = /^\((.*) \? 1 : 0\)$/.exec(v);
    if (m === null) return v; // (an i32 is a number: truthy iff not 0 — one test, not a compare and a test)
    // (eqz of an atom: `!x`, again one test)
    const z = / === 0$/.test(m[1]) ? m[1].slice(0, -6) : null;
    return z !== null && isAtom(z) ? `!${z}` : `(${m[1]})`;
  }
  private top(n = 0): Entry {
    return this.stack[this.stack.length - 1 - n];
  }
  /** Pushes a computed value: assigns it to its slot variable (`hi` for i64). */
  /** `tempLo`: the low half is the temporary X, computed by the statement just before (an i64 add, sub or
   *  mul); it may still be read in place by local.set, which comes next. */
  private pushValue(k: Kind, v: string, hi = '0', tempLo = false): void {
    if (k === 'd') this.usesF64 = true;
    // (whether v may be read in place by its consumer: asked once, both tests below need it)
    const inPlace = k === 'i' || k === 'd' ? inlinable(v) && !UNSAFE.test(v) : undefined;
    if (inPlace === true && pure(v)) {
      // computed from locals and constants only: kept as an expression until consumed (flushLocal copies it
      // if one of its locals changes first), so a store's address, an argument or an operand below another
      // one needs no slot variable
      this.stack.push({ k, v: `(${v})`, h: '' });
      return;
    }
    const h = this.stack.length;
    const s = this.slot(k, h);
    if (k === 'l') {
      // the halves may read the slot variables being written: go through temporaries
      if (v === s && hi === 'h' + h) {
        /* unchanged */
      } else if (tempLo) {
        // (the high half first: it may read either slot's old value; the low half is in X)
        this.emit(`${this.hiSlot(h)} = ${hi}; ${s} = X;`);
        if (inlinableText(hi)) this.pending = { index: this.out.length - 1, slot: s, expr: v, hexpr: hi, height: h, load: false };
      } else {
        // (the halves may read the slot being written: then through W; either way a consumer that comes
        // next may take both expressions instead, reading the slot's old value)
        // (only where each half reads the other's old value: else the half that reads the other goes first)
        const hs = this.hiSlot(h);
        this.emit(!refersTo(hi, s) ? `${s} = ${v}; ${hs} = ${hi};` : !refersTo(v, hs) ? `${hs} = ${hi}; ${s} = ${v};` : `W = ${hi}; ${s} = ${v}; ${hs} = W;`);
        if (inlinable(v) && inlinable(hi) && !UNSAFE.test(v) && !UNSAFE.test(hi)) {
          this.pending = { index: this.out.length - 1, slot: s, expr: v, hexpr: hi, height: h, load: LOADS.test(v) };
        }
      }
    } else if (v !== s) {
      this.emit(assign(s, v));
      if (inPlace ?? (inlinable(v) && !UNSAFE.test(v))) this.pending = { index: this.out.length - 1, slot: s, expr: v, hexpr: '', height: h, load: LOADS.test(v) };
    }
    this.stack.push({ k, v: s, h: k === 'l' ? 'h' + h : '' });
  }
  /** Pushes an expression read in place (a local or a constant). */
  private pushLazy(k: Kind, v: string, hi = ''): void {
    if (k === 'd') this.usesF64 = true;
    this.stack.push({ k, v, h: hi });
  }
  private materialize(i: number): void {
    const e = this.stack[i];
    const s = this.slot(e.k, i);
    if (e.v === s) return;
    this.noteRead(e);
    if (e.k === 'l') this.emit(`${s} = ${e.v}; ${this.hiSlot(i)} = ${e.h};`);
    else this.emit(`${s} = ${e.v};`);
    this.stack[i] = { k: e.k, v: s, h: e.k === 'l' ? 'h' + i : '', src: e.src, local: e.local };
  }
  private materializeAll(): void {
    // (bits form: values at a join are halves, as their types say)
    for (let i = 0; i < this.stack.length; i++) {
      if (this.f64 !== undefined) this.stack[i] = this.bitsOf(this.stack[i], i);
      this.materialize(i);
    }
  }
  /** Before local n changes: entries that read it in place get their own copy. */
  private flushLocal(n: number): void {
    const lv = 'L' + n, hv = 'H' + n;
    for (let i = 0; i < this.stack.length; i++) {
      const e = this.stack[i];
      if (e.v === lv || e.h === hv || (e.v.length > 3 && (refersTo(e.v, lv) || refersTo(e.v, hv)))) this.materialize(i);
    }
  }

  /** `P = <this instruction's offset>`, so that the function's catch knows where it left (rt.frame): an
   *  argument of whatever can trap — a throw's, a DataView access's (on a view's fallback path: nothing on the
   *  fast one), a division's or truncation's helper's —, evaluated just before it, or a statement before a
   *  call or a bulk operation. */
  private setP(): string {
    return this.positionP(this.pos);
  }
  /** `P = <pos>` for a check whose trap is at another instruction's position (metered-codegen.ts). */
  protected positionP(pos: number): string {
    this.otherSets++;
    return `P = ${pos}`;
  }

  private temp(): string {
    return 'T' + this.temps++;
  }

  // ------------------------------------------------------------------ the walk
  instr(op: number, ctx: BodyContext): void {
    this.at++;
    this.pos = ctx.pos;
    if (ctx.unreachable) {
      this.structural(op, ctx, true);
      return;
    }
    if (this.structural(op, ctx, false)) return;
    const imm = ctx.imm;
    if (op >= 0x45 && op <= 0xc4) {
      this.numeric(op);
      return;
    }
    if (op >= 0x28 && op <= 0x3e) {
      this.memoryAccess(op, imm.memory, imm.offsetLo, imm.offsetHi);
      return;
    }
    switch (op) {
      case 0x00:
        this.emit(`throw rt.trap('unreachable', ${this.setP()});`);
        return;
      case 0x01:
        return;
      case 0x0c:
        this.branch(imm.index);
        return;
      case 0x0d: {
        const c = this.pop(false, true, true);
        this.emit(`if (${this.cond(c.v)}) {`);
        this.branch(imm.index);
        this.emit('}');
        return;
      }
      case 0x0e:
        this.brTable(imm.brTargets, imm.brCount);
        return;
      case 0x0f:
        this.doReturn(true);
        return;
      case 0x10:
        // (a function calling itself calls its own inner function: nothing to look up)
        this.call(this.vm.funcTypes[imm.index], imm.index === ctx.funcIndex && this.osrAt < 0 ? 'self' : `${this.b.add('FN' + imm.index, `inst.funcs[${imm.index}]`)}`, null);
        return;
      case 0x11: {
        const ft = this.vm.module.types[imm.index].composite as FuncType;
        const idx = this.index(this.tableIs64(imm.index2));
        const tid = this.b.add('TY' + imm.index, `inst.vm.canonicalTypeIds[${imm.index}]`);
        const t = this.b.add('TB' + imm.index2, `inst.tables[${imm.index2}]`);
        this.call(ft, 'C', `C = rt.tableCallee(${t}.elements, ${idx}, ${tid});`);
        return;
      }
      case 0x14: {
        const ft = this.vm.module.types[imm.index].composite as FuncType;
        const r = this.pop().v;
        this.call(ft, 'C', `C = ${r}; if (C === null) throw rt.trap('null function reference', ${this.setP()});`);
        return;
      }
      case 0x1a: // (a load stays where it is: it may trap)
        this.popEntry(false, false);
        return;
      case 0x1b:
      case 0x1c: {
        const c = this.pop(false, true, true);
        const b = this.pop(false, false);
        const a = this.pop(false, false);
        if (a.k === 'l') {
          // straight into the result's slot (a's own: a is read first, b's slot is above it)
          const h = this.stack.length;
          const s = this.slot('l', h), hs = this.hiSlot(h);
          const mask = selectMask(c.v);
          if (mask !== null) {
            // branch-free, as a native select (cmov): with a JIT a branch on data is mispredicted half the
            // time, and a wasm select is what the producer chose where it expected that; without a JIT it costs
            // about what the branch and its moves do (a and b are variables or constants: read twice)
            this.emit(`Y = ${mask}; ${s} = ${b.v} ^ ((${a.v} ^ ${b.v}) & Y); ${hs} = ${b.h} ^ ((${a.h} ^ ${b.h}) & Y);`);
          } else {
            const into = (e: Entry): string => (e.v === s && e.h === hs ? '' : ` ${s} = ${e.v}; ${hs} = ${e.h};`);
            this.emit(`if (${this.cond(c.v)}) {${into(a)} } else {${into(b)} }`);
          }
          this.stack.push({ k: 'l', v: s, h: hs });
        } else this.pushValue(a.k, `${this.cond(c.v)} ? ${a.v} : ${b.v}`);
        return;
      }
      case 0x20: {
        const k = this.localKinds[imm.index];
        if (!this.written.has(imm.index)) this.readFirst.add(imm.index);
        this.pushLazy(k, 'L' + imm.index, k === 'l' ? 'H' + imm.index : '');
        if (this.f64 !== undefined && ctx.localTypes[imm.index] === 0x7c) this.top().local = imm.index;
        return;
      }
      case 0x21:
      case 0x22: {
        const n = imm.index;
        this.written.add(n);
        const e = this.f64 !== undefined && ctx.localTypes[n] === 0x7c ? this.f64SetValue(n) : this.pop(true);
        if (e.v !== 'L' + n) {
          // entries below that read the local in place get their copy before it changes
          this.flushLocal(n);
          if (e.k !== 'l') {
            this.emit(assign('L' + n, e.v));
            if (e.k === 'i' && /^\((.*) \? 1 : 0\)$/.test(e.v)) {
              const index = this.out.length - 1;
              this.boolSets.push({ index, text: this.out[index], bool: `L${n} = ${this.cond(e.v)};`, n });
            }
          }
          else if (refersTo(e.h, 'L' + n)) this.emit(refersTo(e.v, 'H' + n) ? `W = ${e.h}; L${n} = ${e.v}; H${n} = W;` : `H${n} = ${e.h}; L${n} = ${e.v};`);
          else this.emit(`L${n} = ${e.v}; H${n} = ${e.h};`);
        }
        if (op === 0x22) this.pushLazy(e.k, 'L' + n, e.k === 'l' ? 'H' + n : '');
        if (op === 0x22 && this.f64 !== undefined && ctx.localTypes[n] === 0x7c) this.top().local = n;
        return;
      }
      case 0x23:
        this.globalGet(imm.index);
        return;
      case 0x24:
        this.globalSet(imm.index);
        return;
      case 0x25: {
        const t = this.b.add('TB' + imm.index, `inst.tables[${imm.index}]`);
        const i = this.index(this.tableIs64(imm.index));
        this.emit(`X = ${i}; Y = ${t}.elements; if (X >= Y.length) throw rt.trap('out of bounds table access', ${this.setP()});`);
        this.pushValue('r', 'Y[X]');
        return;
      }
      case 0x26: {
        const t = this.b.add('TB' + imm.index, `inst.tables[${imm.index}]`);
        const v = this.pop(false, false).v;
        const i = this.index(this.tableIs64(imm.index));
        this.emit(`X = ${i}; Y = ${t}.elements; if (X >= Y.length) throw rt.trap('out of bounds table access', ${this.setP()}); Y[X] = ${v};`);
        return;
      }
      case 0x3f: {
        const mem = this.b.add('M' + imm.index, `inst.memories[${imm.index}]`);
        if (this.memIs64(imm.index)) this.pushValue('l', `${mem}.pages | 0`, `(${mem}.pages / 4294967296) | 0`);
        else this.pushValue('i', `${mem}.pages | 0`);
        return;
      }
      case 0x40: {
        const mem = this.b.add('M' + imm.index, `inst.memories[${imm.index}]`);
        const is64 = this.memIs64(imm.index);
        const n = this.index(is64);
        this.emit(`X = ${mem}.grow(${n});`);
        this.emit(RELOAD);
        if (is64) this.pushValue('l', 'X | 0', 'X < 0 ? -1 : (X / 4294967296) | 0');
        else this.pushValue('i', 'X | 0');
        return;
      }
      case 0x41:
        this.pushLazy('i', lit(imm.i32));
        return;
      case 0x42:
        this.pushLazy('l', lit(imm.i64Lo), lit(imm.i64Hi));
        return;
      case 0x43:
        this.pushLazy('f', lit(imm.f32Bits));
        return;
      case 0x44:
        if (this.f64 !== undefined) this.pushLazy(this.valKind(0x7c), lit(imm.f64Lo), lit(imm.f64Hi));
        else this.pushLazy('d', this.f64Literal(imm.f64Lo, imm.f64Hi));
        return;
      case 0xd0:
        this.pushLazy('r', 'null');
        return;
      case 0xd1:
        this.pushValue('i', `${this.pop().v} === null ? 1 : 0`);
        return;
      case 0xd2:
        this.pushValue('r', this.b.add('FN' + imm.index, `inst.funcs[${imm.index}]`));
        return;
      case 0xd4:
        this.emit(`if (${this.top().v} === null) throw rt.trap('null reference', ${this.setP()});`);
        return;
      case 0xd5: { // br_on_null
        const r = this.pop();
        this.emit(`if (${r.v} === null) {`);
        this.branch(imm.index);
        this.emit('}');
        this.pushValue('r', r.v);
        return;
      }
      case 0xd6: { // br_on_non_null
        this.materialize(this.stack.length - 1);
        this.emit(`if (${this.top().v} !== null) {`);
        this.branch(imm.index);
        this.emit('}');
        this.pop();
        return;
      }
    }
    if ((op >> 8) === 0xfc) {
      this.misc(op & 0xff, ctx);
      return;
    }
    throw new Unsupported(`JS tier: ${familyOf(op)}`);
  }

  /** Whether jit.ts walks the body again, and this walk's text is not wanted: a body too deep for JS parsers
   *  (regenerated in flat mode), or the bits form's first walk of a body with f64 values (regenerated knowing
   *  which stay numbers). */
  get walkAgain(): boolean {
    return (!this.flat && this.maxNest > FLAT_DEPTH) || (this.firstBitsWalk && this.usesF64);
  }
  /** The bits form's first walk (f64-bits.ts: it decides the second's numbers). */
  private firstBitsWalk = false;

  finish(): void {
    // (the bits form's first walk: what it saw decides the second's numbers, f64-bits.ts)
    if (this.f64 !== undefined && !this.f64.final) {
      this.firstBitsWalk = true;
      this.f64.decide(this.localTypes, this.type.params.length);
    }
    // (a text nobody reads is not assembled: the passes over a big function's statements cost more than its walk)
    if (!this.walkAgain) this.source = this.assemble();
  }

  // ------------------------------------------------------------------ control
  /** block/loop/if/else/end; returns true when handled. In unreachable code only the structure is kept. */
  private structural(op: number, ctx: BodyContext, dead: boolean): boolean {
    const imm = ctx.imm;
    switch (op) {
      case 0x02:
      case 0x03:
      case 0x04: {
        for (const t of imm.blockParams) kindOf(t);
        for (const t of imm.blockResults) kindOf(t);
        const label = 'B' + this.labels++;
        let cond = 'false';
        if (!dead) {
          if (op === 0x04) cond = this.cond(this.pop(false, true, true).v);
          this.materializeAll();
        }
        // (in dead code the stack stays as it was when the code became dead: a block there keeps it, or its
        // end would cut the enclosing block's values, which that block's own end then finds missing)
        const height = dead ? this.stack.length : this.stack.length - imm.blockParams.length;
        const c: Ctl = { label, kind: op, height, params: imm.blockParams, results: imm.blockResults, saved: [], open: -1, targeted: false };
        if (op === 0x04 && !dead && imm.blockParams.length > 0) {
          // the then-arm may overwrite the param slots; keep them for the else arm
          for (let i = 0; i < imm.blockParams.length; i++) {
            const e = this.stack[height + i];
            const t = this.temp();
            c.saved.push(t);
            this.emit(e.k === 'l' ? `${t} = ${e.v}; ${t}h = ${e.h};` : `${t} = ${e.v};`);
          }
        }
        this.ctl.push(c);
        this.writtenAt.push(new Set(this.written));
        if (this.ctl.length > this.maxNest) {
          this.maxNest = this.ctl.length;
          // (jit.ts walks the body again in flat mode: the rest of this walk is not wanted — unless the bits
          // form's first walk must see all of it)
          if (this.maxNest > FLAT_DEPTH && !this.flat && this.f64 === undefined) throw new TooDeep();
        }
        if (op === 0x02 && this.flat) {
          const sc = this.scopes[this.scopes.length - 1];
          if (!sc.open) {
            this.emit(`F${sc.id}: for (S${sc.id} = 0;;) { switch (S${sc.id}) { case 0:`);
            sc.open = true;
          }
          c.scope = sc;
          c.caseId = ++sc.cases;
          return true;
        }
        if (op === 0x03 && !dead && ctx.pos === this.osrAt) this.enterAt();
        c.open = this.out.length;
        if (op === 0x02) this.emit(`${label}: {`);
        else if (op === 0x03) this.emit(`${label}: for (;;) {`);
        else this.emit(`${label}: if (${cond}) {`);
        if (op !== 0x02) this.openScope();
        return true;
      }
      case 0x05: { // else
        const c = this.ctl[this.ctl.length - 1];
        this.written = new Set(this.writtenAt[this.writtenAt.length - 1]);
        if (!dead) this.settle(c);
        this.closeScope();
        c.elseAt = this.out.length;
        this.emit('} else {');
        this.openScope();
        c.kind = 0x05;
        this.stack.length = c.height;
        for (let i = 0; i < c.params.length; i++) {
          const k = this.valKind(c.params[i]);
          const s = this.slot(k, c.height + i);
          if (c.saved.length > 0) this.emit(k === 'l' ? `${s} = ${c.saved[i]}; ${this.hiSlot(c.height + i)} = ${c.saved[i]}h;` : `${s} = ${c.saved[i]};`);
          this.stack.push({ k, v: s, h: k === 'l' ? 'h' + (c.height + i) : '' });
        }
        return true;
      }
      case 0x0b: { // end
        const c = this.ctl.pop()!;
        // (what the construct wrote may have been skipped: after it, only what was written before it counts)
        if (c.kind !== -1) this.written = this.writtenAt.pop()!;
        if (c.kind === -1) {
          if (!dead) this.doReturn(true);
          this.closeScope();
          return true;
        }
        if (!dead) this.settle(c);
        if (c.scope !== undefined) {
          // flat mode: the block's end is where its branches land
          if (c.targeted) this.emit(`case ${c.caseId}:`);
        } else if (!c.targeted && c.kind === 0x02) this.out[c.open] = '';
        else {
          if (c.kind !== 0x02) this.closeScope();
          if (!c.targeted && c.kind === 0x03) this.out[c.open] = '';
          else {
            if (!c.targeted) this.out[c.open] = this.out[c.open].slice(c.label.length + 2);
            if (c.kind === 0x03 && !dead && !this.loopTail(c.label)) this.emit(`break ${c.label};`);
            this.emit('}');
          }
        }
        this.stack.length = c.height;
        for (let i = 0; i < c.results.length; i++) {
          const k = this.valKind(c.results[i]);
          const s = this.slot(k, c.height + i);
          this.stack.push({ k, v: s, h: k === 'l' ? this.hiSlot(c.height + i) : '' });
        }
        return true;
      }
      default:
        if (dead && (op === 0x06 || op === 0x1f || op === 0x07 || op === 0x18 || op === 0x19)) {
          throw new Unsupported('JS tier: exceptions');
        }
        return dead;
    }
  }

  /** The loop just opened (last on the control stack) is where the code is entered (OsrEntry). */
  private enterAt(): void {
    if (this.flat) throw new Unsupported('JS tier: a loop entered in flat mode');
    const guards: number[] = [];
    const ifs: [number, boolean][] = [];
    const n = this.ctl.length - 1;
    for (let i = 0; i < n; i++) {
      const c = this.ctl[i];
      guards.push(c.kind === -1 ? 0 : c.kind === 0x05 ? c.elseAt! + 1 : c.open + 1, i + 1 < n ? this.ctl[i + 1].open : this.out.length);
      if (c.kind === 0x04 || c.kind === 0x05) ifs.push([c.open, c.kind === 0x04]);
    }
    this.osr = { guards, ifs, stack: this.stack.slice() };
    this.emit('ENTRY = 0;');
  }

  /** The output with the code before the entered loop skipped on entry (OsrEntry). */
  private osrStatements(osr: OsrEntry): string[] {
    const out = this.out;
    for (const [at, then] of osr.ifs) {
      // (`label: if (c) {` or, untargeted, `if (c) {`)
      const s = out[at];
      const k = s.indexOf('if (') + 4;
      out[at] = `${s.slice(0, k)}${then ? 'ENTRY || ' : '!ENTRY && '}(${s.slice(k, -3)})) {`;
    }
    const opens = new Set<number>();
    const closes = new Set<number>();
    const g = osr.guards;
    for (let i = 0; i < g.length; i += 2) {
      if (g[i] >= g[i + 1]) continue;
      opens.add(g[i]);
      closes.add(g[i + 1] - 1);
    }
    const lines: string[] = [];
    for (let i = 0; i < out.length; i++) {
      if (opens.has(i)) lines.push('if (!ENTRY) {');
      lines.push(out[i]);
      if (closes.has(i)) lines.push('}');
    }
    return lines;
  }

  /** The entry's prologue: the locals from the interpreter's frame at fp, the operand stack from sp. */
  private osrLoads(osr: OsrEntry, quotients: readonly string[]): string[] {
    const load = (k: Kind, v: string, h: string, base: string, u: number): string => {
      switch (k) {
        case 'l': return `${v} = OI[${base} + ${u}]; ${h} = OI[${base} + ${u + 1}];`;
        case 'd': return `${v} = OF[(${base} + ${u}) >> 1];`;
        case 'r': return `${v} = OR[${base} + ${u}];`;
        default: return `${v} = OI[${base} + ${u}];`;
      }
    };
    const lines = ['var ENTRY = 1, OI = m.I32, OF = m.F64, OR = m.refs;'];
    for (let i = 0; i < this.localKinds.length; i++) lines.push(load(this.localKinds[i], `L${i}`, `H${i}`, 'fp', 2 * i));
    osr.stack.forEach((e, i) => {
      if (e.v !== e.k + i) throw new Unsupported('JS tier: a loop entered with values not in their slots');
      lines.push(load(e.k, e.v, e.h, 'sp', 2 * i));
    });
    // (a quotient kept beside its base, shared-index.ts: the base has its value from the frame)
    for (const q of quotients) {
      const m = /^Q([248])((?:L|i)\d+)$/.exec(q);
      if (m !== null) lines.push(`${q} = ${m[2]} / ${m[1]};`);
    }
    return lines;
  }

  /** A loop whose body ends with `br_if` to itself (`if (C) { continue L; }` and the exit `break L;`):
   *  `if (!C) break L;` instead, and the loop's own end jumps back — one jump per iteration fewer. */
  private loopTail(label: string): boolean {
    const at: number[] = [];
    for (let i = this.out.length - 1; i >= 0 && at.length < 3; i--) if (this.out[i] !== '') at.unshift(i);
    if (at.length < 3 || this.out[at[1]] !== `continue ${label};` || this.out[at[2]] !== '}') return false;
    const m = /^if \((.*)\) \{$/.exec(this.out[at[0]]);
    if (m === null) return false;
    this.out[at[0]] = `if (${m[1].startsWith('!') && isAtom(m[1].slice(1)) ? m[1].slice(1) : `!${isAtom(m[1]) ? m[1] : `(${m[1]})`}`}) break ${label};`;
    this.out[at[1]] = this.out[at[2]] = '';
    this.pending = null;
    return true;
  }

  /** A function body, loop body or if arm begins (flat mode: blocks in it become cases of its dispatch). */
  private openScope(): void {
    if (this.flat) this.scopes.push({ id: this.scopeIds++, open: false, cases: 0 });
  }
  private closeScope(): void {
    if (!this.flat) return;
    const sc = this.scopes.pop()!;
    if (sc.open) this.emit('} break; }');
  }

  /** Fall-through at the end of a block arm: its results into the block's result slots. */
  private settle(c: Ctl): void {
    const n = c.results.length;
    const from = this.stack.length - n;
    for (let i = 0; i < n; i++) this.moveTo(this.stack[from + i], c.height + i);
  }

  private moveTo(e: Entry, h: number): void {
    this.noteRead(e);
    // (bits form: a number straight into the target's halves)
    if (this.f64 !== undefined) e = this.bitsOf(e, h);
    const s = this.slot(e.k, h);
    if (e.k === 'l') {
      const hs = this.hiSlot(h);
      if (e.v !== s || e.h !== hs) this.emit(`${s} = ${e.v}; ${hs} = ${e.h};`);
    } else if (e.v !== s) this.emit(`${s} = ${e.v};`);
  }

  /** The moves and jump of a branch to label `depth` (the operand stack is left as it is). */
  private branch(depth: number): void {
    const c = this.ctl[this.ctl.length - 1 - depth];
    c.targeted = true;
    if (c.kind === -1) {
      this.doReturn();
      return;
    }
    const types = c.kind === 0x03 ? c.params : c.results;
    const n = types.length;
    const from = this.stack.length - n;
    for (let i = 0; i < n; i++) this.moveTo(this.stack[from + i], c.height + i);
    if (c.scope !== undefined) this.emit(`S${c.scope.id} = ${c.caseId}; continue F${c.scope.id};`);
    else this.emit(c.kind === 0x03 ? `continue ${c.label};` : `break ${c.label};`);
  }

  /** `br_table`: a binary search over the index's runs of equal targets where there are few (see BR_TREE_RUNS),
   *  else a `switch`. Without a JIT V8 guards every `switch` with a jump table by fifteen bytecodes (typeof,
   *  two range tests, `x | 0 === x`) before its jump; four levels of `if (T < k)` cost twelve and jump to the
   *  target directly (vm: 7–12 % faster without a JIT, measured). */
  private brTable(targets: Int32Array, count: number): void {
    const idx = this.pop().v;
    const k = constOf(idx);
    if (k !== null) {
      this.branch(targets[(k >>> 0) < count ? k >>> 0 : count]);
      return;
    }
    // runs over the index as a signed int32: negative (2^31 and above unsigned) and >= count are the default
    const dflt = targets[count];
    const runs: { from: number; target: number }[] = [{ from: -2147483648, target: dflt }];
    for (let i = 0; i <= count && runs.length <= BR_TREE_RUNS; i++) {
      const t = i < count ? targets[i] : dflt;
      if (t !== runs[runs.length - 1].target) runs.push({ from: i, target: t });
    }
    if (runs.length <= BR_TREE_RUNS) {
      let x = idx;
      if (!/^[\w$]+$/.test(idx)) {
        x = this.temp();
        this.emit(assign(x, idx));
      }
      const tree = (lo: number, hi: number): void => {
        if (lo === hi) {
          this.branch(runs[lo].target);
          return;
        }
        const mid = (lo + hi + 1) >> 1;
        this.emit(`if (${x} < ${runs[mid].from}) {`);
        tree(lo, mid - 1);
        this.emit('} else {');
        tree(mid, hi);
        this.emit('}');
      };
      tree(0, runs.length - 1);
      return;
    }
    const byTarget = new Map<number, number[]>();
    for (let i = 0; i < count; i++) {
      const t = targets[i];
      if (t === targets[count]) continue;
      let list = byTarget.get(t);
      if (list === undefined) byTarget.set(t, (list = []));
      list.push(i);
    }
    this.emit(`switch (${idx}) {`);
    for (const [t, cases] of byTarget) {
      this.emit(cases.map((i) => `case ${i}:`).join(' ') + ' {');
      this.branch(t);
      this.emit('}');
    }
    this.emit('default: {');
    this.branch(targets[count]);
    this.emit('}}');
  }

  /** `consume`: the code after is unreachable, so the results may be popped (the last one read in place). */
  private doReturn(consume = false): void {
    const rs = this.type.results;
    const vals = this.stack.slice(this.stack.length - rs.length);
    for (const v of vals) this.noteRead(v);
    if (consume && rs.length > 0) vals[vals.length - 1] = this.pop();
    // (bits form: f64 results go back as halves, each through a free slot above them all)
    if (this.f64 !== undefined) for (let i = 0; i < vals.length; i++) vals[i] = this.bitsOf(vals[i], this.stack.length + vals.length + i);
    if (rs.length === 0) this.emit('return;');
    else if (rs.length === 1) {
      const v = vals[0];
      this.emit(v.k === 'l' ? `OUT[1] = ${v.h}; return ${v.v};` : `return ${v.v};`);
    } else {
      // several results: on the value stack at the chain's base (the caller reads them there)
      this.emit(`I = m.I32; N = m.jsFp; if (N + ${units(rs)} > I.length) { m.growStack(N + ${units(rs)}); I = m.I32; }`);
      let u = 0;
      for (const v of vals) u = this.store(v, 'N', u);
      this.emit('return;');
    }
  }

  /** Writes a value at unit `u` above `base` on the value stack (the calling convention); returns the next unit. */
  private store(e: Entry, base: string, u: number): number {
    switch (e.k) {
      case 'i': case 'f': this.emit(`I[${base} + ${u}] = ${e.v};`); break;
      case 'l': this.emit(`I[${base} + ${u}] = ${e.v}; I[${base} + ${u + 1}] = ${e.h};`); break;
      case 'd': this.emit(`m.F64[(${base} + ${u}) >> 1] = ${e.v};`); break;
      case 'r': this.emit(`refs[${base} + ${u}] = ${e.v};`); break;
    }
    return u + 2;
  }

  /** A call: the callee's compiled `inner` with the arguments as JS values when it has one, else the
   *  interpreter through rt.slow (which writes them to the value stack); then its results. The callee checks
   *  the depth budget `b` itself (runtime.ts, deep): one argument and no test per call site. */
  private call(ft: FuncType, callee: string, prelude: string | null): void {
    for (const t of ft.params) kindOf(t);
    for (const t of ft.results) kindOf(t);
    const n = ft.params.length;
    const args: Entry[] = [];
    // (a load read in place would trap after call_indirect's checks instead of before)
    for (let i = 0; i < n; i++) args.unshift(this.pop(false, prelude === null));
    // the entries left below are read after the call: calls change no locals, so they stay valid
    // (where the call is, for a trap's backtrace: set after the arguments, whose loads do not set it)
    this.emit(`P = ${this.pos};`);
    // (a table's or reference's callee is checked before the call, which traps here: then P stays)
    this.callSets.push([this.out.length - 1, prelude === null ? this.pos : -1]);
    if (prelude !== null) this.emit(prelude);
    const jsArgs = args.map((a) => (a.k === 'l' ? `${a.v}, ${a.h}` : a.v)).join(', ');
    // (a function calling itself calls its own inner function: always compiled; not an entry into a loop, whose
    // inner is no call's)
    // (bits form: a callee with f64 in its signature takes and gives them as halves, its innerBits; the names
    // are whole string literals: the build's property mangling keeps those, scripts/mangle.mjs)
    const [entry, slow] = this.f64 !== undefined && hasF64(ft) ? ['innerBits', 'slowBits'] : ['inner', 'slow'];
    const fn = callee === 'self' ? 'inner' : `((FI = ${callee}.${entry}) !== null ? FI : rt.${slow}(${callee}, self))`;
    const expr = `${fn}(b${jsArgs === '' ? '' : ', ' + jsArgs})`;
    const h = this.stack.length;
    if (ft.results.length === 1) {
      const rk = this.valKind(ft.results[0]);
      const rs = this.slot(rk, h);
      this.emit(rk === 'l' ? `${rs} = ${expr}; ${this.hiSlot(h)} = OUT[1];` : `${rs} = ${expr};`);
      if (rk === 'd') this.usesF64 = true;
      this.emit(RELOAD);
      this.stack.push({ k: rk, v: rs, h: rk === 'l' ? 'h' + h : '' });
      return;
    }
    this.emit(`${expr};`);
    this.emit(RELOAD);
    if (ft.results.length === 0) return;
    // several results: on the value stack at the chain's base (m.jsFp), where the callee left them
    this.emit('I = m.I32; N = m.jsFp;');
    let u = 0;
    for (const t of ft.results) {
      const k = this.valKind(t);
      switch (k) {
        case 'i': case 'f': this.pushValue(k, `I[N + ${u}]`); break;
        case 'l': this.pushValue(k, `I[N + ${u}]`, `I[N + ${u + 1}]`); break;
        case 'd': this.pushValue(k, `m.F64[(N + ${u}) >> 1]`); break;
        case 'r': this.pushValue(k, `refs[N + ${u}]`); break;
      }
      u += 2;
    }
  }

  // ------------------------------------------------------------------ globals
  private globalGet(i: number): void {
    const k = this.valKind(this.vm.globalTypes[i].type);
    const a = this.b.add('GA' + i, `rt.globalAddr(inst, ${i})`);
    this.usesGlobals = true;
    switch (k) {
      case 'i': case 'f': this.pushValue(k, `G[${a}]`); break;
      case 'l': this.pushValue(k, `G[${a}]`, `G[${a} + 1]`); break;
      case 'd': this.pushValue(k, `(DI[0] = G[${a}], DI[1] = G[${a} + 1], D[0])`); break;
      case 'r': this.pushValue(k, `GR[${a}]`); break;
    }
  }
  private globalSet(i: number): void {
    const k = this.valKind(this.vm.globalTypes[i].type);
    const a = this.b.add('GA' + i, `rt.globalAddr(inst, ${i})`);
    this.usesGlobals = true;
    const e = this.pop();
    switch (k) {
      case 'i': case 'f': this.emit(`G[${a}] = ${e.v};`); break;
      case 'l': this.emit(`G[${a}] = ${e.v}; G[${a} + 1] = ${e.h};`); break;
      case 'd': this.emit(`D[0] = ${e.v}; G[${a}] = DI[0]; G[${a} + 1] = DI[1];`); break;
      case 'r': this.emit(`GR[${a}] = ${e.v};`); break;
    }
  }

  // ------------------------------------------------------------------ memory
  private memIs64(k: number): boolean {
    return this.vm.memoryTypes[k].limits.index64;
  }
  private tableIs64(k: number): boolean {
    return this.vm.tableTypes[k].limits.index64;
  }
  /** Pops an address / length / table index as an unsigned number (an i64 exactly up to 2^53). */
  private index(is64: boolean): string {
    return this.address(this.pop(), is64)[0];
  }
  /** An address / length / table index as an unsigned number (an i64 exactly up to 2^53), and (32-bit) a
   *  cheaper expression equal to it wherever it is below 2^31 and negative or at least 2^32 elsewhere (no
   *  `>>> 0`: where the two differ, a typed array read with it misses, see memoryAccess). */
  private address(e: Entry, is64: boolean): [string, string] {
    const lo = constOf(e.v);
    if (lo !== null && (!is64 || constOf(e.h) !== null)) {
      const k = String((lo >>> 0) + (is64 ? (constOf(e.h)! >>> 0) * 4294967296 : 0));
      return [k, k];
    }
    if (is64) return [`((${e.v} >>> 0) + (${e.h} >>> 0) * 4294967296)`, ''];
    // (ToUint32 of a sum of int32s is that of its int32 wrap: no `| 0` needed first; the sum itself is the
    // address where it lies in [0, 2^32), and negative or beyond 2^32 where not)
    const sum = /^\(\((.*)\) \| 0\)$/.exec(e.v);
    return sum !== null && !sum[1].replace(/\?\?/g, '').includes('?') ? [`((${sum[1]}) >>> 0)`, `(${sum[1]})`] : [`(${e.v} >>> 0)`, e.v];
  }
  private useMemory(k: number): void {
    // (asked at every access: after the first, nothing to add)
    if (this.memsUsed.has(k)) return;
    this.b.add('M' + k, `inst.memories[${k}]`);
    this.memsUsed.add(k);
    if (this.memIs64(k)) this.mem64.add(k);
  }

  private memoryAccess(op: number, k: number, offLo: number, offHi: number): void {
    this.useMemory(k);
    const is64 = this.memIs64(k);
    const load = op <= 0x35;
    const width = WIDTH[op - 0x28];
    let value = load ? null : op === 0x39 ? this.popEntry() : this.pop();
    // Bits form: an f64 load some bit-keeping consumer takes reads halves (i64.load's code), as does the store
    // of halves; a number is stored as one (the bits the interpreter's `F64[r] = x` gives).
    const src = this.at;
    const f64Load = this.f64 !== undefined && op === 0x2b;
    if (f64Load) {
      this.usesF64 = true;
      if (this.f64.bitsLoad(src)) op = 0x29;
    }
    if (this.f64 !== undefined && op === 0x39 && value!.k !== 'd') {
      const x = this.plainConstant(value!);
      if (x !== null) value = { k: 'd', v: x, h: '' };
      else {
        value = this.bitsOf(value!, this.stack.length);
        op = 0x37;
      }
    }
    const off = (offLo >>> 0) + (offHi >>> 0) * 4294967296;
    const [a, raw] = this.address(this.pop(), is64);
    const ka = constOf(a);
    const addr = ka !== null ? String(ka + off) : `${a}${off !== 0 ? ' + ' + off : ''}`;
    if (load && !is64) {
      this.viewLoad(op, k, addr, off === 0 ? raw : addr);
      if (f64Load) this.top().src = src;
      return;
    }
    if (!load && !is64 && op !== 0x37 && this.viewStore(op, k, addr, off === 0 ? raw : addr, value!.v)) return;
    let dv = `DV${k}`;
    let at = 'EA';
    // (the DataView's bounds check is the trap: its position on the way, as an argument of the call, see setP;
    // a 64-bit memory's access sets it before its segment check)
    const here = is64 ? '' : `, ${this.setP()}`;
    if (is64) {
      // a segmented memory (above 4 GiB) has empty views: its accesses go through a scratch view
      this.emit(`EA = ${addr}; ${this.setP()};`);
      this.emit(`if (EA > LEN${k} - ${width}) { Y = rt.segment(M${k}, EA, ${width}, ${load}); Z = 0; } else { Y = DV${k}; Z = EA; }`);
      dv = 'Y';
      at = 'Z';
    } else if (op === 0x29 || op === 0x37) {
      this.emit(`EA = ${addr};`);
    } else {
      // The bounds check is the DataView's own (its view is exactly the memory): an access beyond throws a
      // RangeError before reading or writing anything, which the function's catch turns into the trap
      // (rt.frame). One check fewer per access, which is what costs without a JIT.
      at = addr;
    }
    if (load) {
      // (64-bit memories only: `dv` is the scratch view Y, `at` its offset Z)
      switch (op) {
        case 0x28: case 0x2a: this.pushValue(op === 0x28 ? 'i' : 'f', `${dv}.getInt32(${at}, true${here})`); break;
        case 0x29: this.pushValue('l', `${dv}.getInt32(${at}, true${here})`, `${dv}.getInt32(${at} + 4, true${here})`); break;
        case 0x2b: this.pushValue('d', `${dv}.getFloat64(${at}, true${here})`); break;
        case 0x2c: this.pushValue('i', `${dv}.getInt8(${at}${here})`); break;
        case 0x2d: this.pushValue('i', `${dv}.getUint8(${at}${here})`); break;
        case 0x2e: this.pushValue('i', `${dv}.getInt16(${at}, true${here})`); break;
        case 0x2f: this.pushValue('i', `${dv}.getUint16(${at}, true${here})`); break;
        case 0x30: this.pushValue('l', `(X = ${dv}.getInt8(${at}${here}))`, 'X >> 31'); break;
        case 0x31: this.pushValue('l', `${dv}.getUint8(${at}${here})`, '0'); break;
        case 0x32: this.pushValue('l', `(X = ${dv}.getInt16(${at}, true${here}))`, 'X >> 31'); break;
        case 0x33: this.pushValue('l', `${dv}.getUint16(${at}, true${here})`, '0'); break;
        case 0x34: this.pushValue('l', `(X = ${dv}.getInt32(${at}, true${here}))`, 'X >> 31'); break;
        case 0x35: this.pushValue('l', `${dv}.getInt32(${at}, true${here})`, '0'); break;
      }
      if (f64Load) this.top().src = src;
      return;
    }
    const v = value!;
    switch (op) {
      case 0x36: case 0x38: case 0x3e: this.emit(`${dv}.setInt32(${at}, ${v.v}, true${here});`); break;
      // (the high half first: if it is out of bounds, nothing is written — and the low half cannot trap)
      case 0x37: this.emit(`${dv}.setInt32(${at} + 4, ${v.h}, true${here}); ${dv}.setInt32(${at}, ${v.v}, true);`); break;
      case 0x39: this.emit(`${dv}.setFloat64(${at}, ${v.v}, true${here});`); break;
      case 0x3a: case 0x3c: this.emit(`${dv}.setInt8(${at}, ${v.v}${here});`); break;
      case 0x3b: case 0x3d: this.emit(`${dv}.setInt16(${at}, ${v.v}, true${here});`); break;
    }
    if (is64) this.emit(`if (Y !== DV${k}) rt.flushSegment(M${k}, EA, ${width});`);
  }

  /** A load of 32-bit memory k at `addr` (its unsigned value; `fast`: the same where that is below 2^31, see
   *  address). Without a JIT a DataView call (a property load, a call, the builtin and the return) costs about
   *  twice an element read, so loads read the memory's element view of their width (`IWk[a / 4]`, MemoryInst
   *  `i32`): where the address is misaligned the index is a fraction, where it is out of bounds (or `fast`
   *  differs) it is beyond the view, and either way the read gives undefined and the DataView does the access
   *  — its RangeError is the trap (rt.frame). Stores write the same views behind the same read (viewStore). */
  private viewLoad(op: number, k: number, addr: string, fast: string): void {
    const [view, width, getter] = VIEW_LOADS[op - 0x28];
    if (assigns(addr)) {
      // (the address is read twice, fast and slow path: once into EA when it assigns a temporary)
      this.emit(`EA = ${addr};`);
      addr = fast = 'EA';
    }
    this.viewsUsed.add(`${view}${k} = M${k}.${VIEW_FIELDS[view]}`);
    const dv = (at: string): string => `DV${k}.${getter}(${slowOnly(at)}${width > 1 ? ', true' : ''}, ${this.setP()})`;
    const ka = constOf(fast);
    const idx = (d: number): string => {
      const i = ka !== null ? String(ka / width + d) : width === 1 ? fast : `${isAtom(fast) ? fast : `(${fast})`} / ${width}${d !== 0 ? ` + ${d}` : ''}`;
      return `${view}${k}[${i}]`;
    };
    // (a constant misaligned address: the DataView alone)
    const read = (d: number): string => (ka !== null && ka % width !== 0 ? dv(d === 0 ? addr : `${addr} + 4`) : `(${idx(d)} ?? ${dv(d === 0 ? addr : `${addr} + 4`)})`);
    switch (op) {
      case 0x28: case 0x2c: case 0x2d: case 0x2e: case 0x2f: this.pushValue('i', read(0)); break;
      case 0x2a: this.pushValue('f', read(0)); break;
      case 0x2b: this.pushValue('d', read(0)); break;
      case 0x29: {
        // both halves from one address (read four times): through EA unless it is a variable or a constant
        if (addr !== 'EA' && ka === null && !/^[\w$]+$/.test(fast)) {
          this.emit(`EA = ${addr};`);
          addr = fast = 'EA';
        }
        this.pushValue('l', read(0), read(1));
        break;
      }
      case 0x30: case 0x32: case 0x34: this.pushValue('l', `(X = ${read(0)})`, 'X >> 31'); break;
      case 0x31: case 0x33: case 0x35: this.pushValue('l', read(0), '0'); break;
    }
  }

  /** A store to 32-bit memory k through its element view (i64.store, two words, stays a DataView call):
   *  `if (V[SX = a / w] === undefined) DV.set…(a, v, true); else V[SX] = v;`. A typed-array store at a fraction
   *  or out of range is silently dropped, so the element read decides (undefined exactly where viewLoad's read
   *  misses: misaligned, out of bounds, big-endian) and the DataView does those stores, its RangeError being
   *  the trap. Without a JIT the keyed read and store cost less than the DataView's property load, call and
   *  builtin (nbody, sort, vm 3–5 % faster, measured). The value is evaluated first (into SV unless it is a
   *  variable or a constant): where the value or the address assigns a temporary, which the other might read,
   *  the order matters and the DataView call keeps it (false). */
  private viewStore(op: number, k: number, addr: string, fast: string, v: string): boolean {
    if (assigns(addr) || assigns(v)) return false;
    const [view, width, setter] = VIEW_STORES[op - 0x36];
    const ka = constOf(fast);
    if (ka !== null && ka % width !== 0) return false;
    this.viewsUsed.add(`${view}${k} = M${k}.${VIEW_FIELDS[view]}`);
    const v8 = `${view}${k}`;
    const val = /^[\w$]+$/.test(v) || constOf(v) !== null ? v : 'SV';
    const idx = width === 1 ? fast : `${isAtom(fast) ? fast : `(${fast})`} / ${width}`;
    let [test, at] = ka !== null ? [String(ka / width), String(ka / width)] : width === 1 && /^[\w$]+$/.test(fast) ? [fast, fast] : [`SX = ${idx}`, 'SX'];
    // A read-modify-write (`x[i] = x[i] - d`): the value's read of the same element computes the index into
    // SX for the store (one division fewer), where that read is evaluated unconditionally — no `?:`, `&&` or
    // `||` in the value (its fallbacks hold no view reads: slowOnly).
    const read = `(${v8}[${idx}] ?? `;
    const from = v.indexOf(read);
    if (val === 'SV' && test !== at && from >= 0 && !/\?|&&|\|\|/.test(v.replace(/ \?\? /g, ' '))) {
      // That read decides for the store too: where it hits, the store hits (the same element; nothing in the
      // value can replace the views), so the element goes to SV first and its test is not repeated —
      // `if ((SV = V[SX = i]) === undefined) DV.set…(a, <the value, reading through the DataView>); else
      // V[SX] = <the value, SV for the read>;` (a keyed load and four bytecodes fewer per store; nbody). Reading
      // the element first changes nothing observable: a hit cannot trap, and a miss computes the value as written.
      const to = closingParen(v, from);
      const around = (x: string): string => `${v.slice(0, from)}${x}${v.slice(to + 1)}`;
      this.emit(`if ((SV = ${v8}[SX = ${idx}]) === undefined) DV${k}.${setter}(${slowOnly(addr)}, ${slowOnly(around(`(${v.slice(from + read.length, to)})`))}${width > 1 ? ', true' : ''}, ${this.setP()}); else ${v8}[SX] = ${around('SV')};`);
      return true;
    }
    if (val === 'SV') this.emit(assign('SV', v));
    this.emit(`if (${v8}[${test}] === undefined) DV${k}.${setter}(${slowOnly(addr)}, ${val}${width > 1 ? ', true' : ''}, ${this.setP()}); else ${v8}[${at}] = ${val};`);
    return true;
  }

  // ------------------------------------------------------------------ 0xFC: saturating truncation, bulk memory and tables
  private misc(sub: number, ctx: BodyContext): void {
    const imm = ctx.imm;
    if (sub <= 7) {
      const a = (sub & 2) !== 0 ? { v: this.popNumber() } : this.pop();
      const x = sub === 0 || sub === 1 || sub === 4 || sub === 5 ? `rt.b2f(${a.v})` : a.v;
      const fn = ['i32_trunc_sat_s', 'i32_trunc_sat_u', 'i32_trunc_sat_s', 'i32_trunc_sat_u',
        'i64_trunc_sat_s', 'i64_trunc_sat_u', 'i64_trunc_sat_s', 'i64_trunc_sat_u'][sub];
      if (sub < 4) this.pushValue('i', `rt.cv.${fn}(${x})`);
      else {
        this.emit(`rt.cv.${fn}(${x});`);
        this.pushValue('l', 'OUT[0]', 'OUT[1]');
      }
      return;
    }
    switch (sub) {
      case 0x08: { // memory.init data mem
        this.useMemory(imm.index2);
        const n = this.pop().v, s = this.pop().v;
        const d = this.index(this.memIs64(imm.index2));
        this.emit(`${this.setP()}; rt.memoryInit(M${imm.index2}, inst.datas[${imm.index}], ${d}, ${s} >>> 0, ${n} >>> 0);`);
        return;
      }
      case 0x09:
        this.emit(`inst.datas[${imm.index}] = null;`);
        return;
      case 0x0a: { // memory.copy dst src
        this.useMemory(imm.index);
        this.useMemory(imm.index2);
        const d64 = this.memIs64(imm.index), s64 = this.memIs64(imm.index2);
        const n = this.index(d64 && s64);
        const s = this.index(s64);
        const d = this.index(d64);
        this.emit(`${this.setP()}; rt.memoryCopy(M${imm.index}, M${imm.index2}, ${d}, ${s}, ${n});`);
        return;
      }
      case 0x0b: { // memory.fill
        this.useMemory(imm.index);
        const is64 = this.memIs64(imm.index);
        const n = this.index(is64);
        const v = this.pop().v;
        const d = this.index(is64);
        this.emit(`${this.setP()}; rt.memoryFill(M${imm.index}, ${d}, ${v}, ${n});`);
        return;
      }
      case 0x0c: { // table.init elem table
        const t = this.b.add('TB' + imm.index2, `inst.tables[${imm.index2}]`);
        const n = this.pop().v, s = this.pop().v;
        const d = this.index(this.tableIs64(imm.index2));
        this.emit(`${this.setP()}; rt.tableInit(${t}, inst.elems[${imm.index}], ${d}, ${s} >>> 0, ${n} >>> 0);`);
        return;
      }
      case 0x0d:
        this.emit(`inst.elems[${imm.index}] = null;`);
        return;
      case 0x0e: { // table.copy dst src
        const dt = this.b.add('TB' + imm.index, `inst.tables[${imm.index}]`);
        const st = this.b.add('TB' + imm.index2, `inst.tables[${imm.index2}]`);
        const d64 = this.tableIs64(imm.index), s64 = this.tableIs64(imm.index2);
        const n = this.index(d64 && s64);
        const s = this.index(s64);
        const d = this.index(d64);
        this.emit(`${this.setP()}; rt.tableCopy(${dt}, ${st}, ${d}, ${s}, ${n});`);
        return;
      }
      case 0x0f: { // table.grow
        const t = this.b.add('TB' + imm.index, `inst.tables[${imm.index}]`);
        const is64 = this.tableIs64(imm.index);
        const n = this.pop();
        const v = this.pop().v;
        this.emit(`X = ${is64 ? `${n.h} !== 0 ? -1 : ` : ''}${t}.grow(${n.v}, ${v});`);
        if (is64) this.pushValue('l', 'X', 'X < 0 ? -1 : 0');
        else this.pushValue('i', 'X');
        return;
      }
      case 0x10: { // table.size
        const t = this.b.add('TB' + imm.index, `inst.tables[${imm.index}]`);
        if (this.tableIs64(imm.index)) this.pushValue('l', `${t}.elements.length`, '0');
        else this.pushValue('i', `${t}.elements.length`);
        return;
      }
      case 0x11: { // table.fill
        const t = this.b.add('TB' + imm.index, `inst.tables[${imm.index}]`);
        const is64 = this.tableIs64(imm.index);
        const n = this.index(is64);
        const v = this.pop().v;
        const i = this.index(is64);
        this.emit(`${this.setP()}; rt.tableFill(${t}, ${i}, ${v}, ${n});`);
        return;
      }
    }
    if (sub >= 0x13 && sub <= 0x16) {
      // the wide-arithmetic pack's i64.add128, i64.sub128, i64.mul_wide_s/_u: the run time's helper (ops/wide.ts,
      // the interpreter's arithmetic) with the operands' halves, the result's two i64s in OUT[0..3]
      const args: string[] = [];
      for (let k = sub <= 0x14 ? 4 : 2; k > 0; k--) {
        const e = this.pop();
        args.unshift(e.v, e.h);
      }
      this.emit(`rt.wide(${sub}, ${args.join(', ')});`);
      this.pushValue('l', 'OUT[0]', 'OUT[1]');
      this.pushValue('l', 'OUT[2]', 'OUT[3]');
      return;
    }
    throw new Unsupported(`JS tier: opcode 0xfc ${sub}`);
  }

  // ------------------------------------------------------------------ numeric 0x45..0xc4
  private numeric(op: number): void {
    const i32bin = I32_BIN[op];
    if (i32bin !== undefined) {
      let b = this.pop().v, a = this.pop().v;
      if (WRAPS.has(op)) {
        // the operation takes its operands modulo 2^32 itself: an operand's own `| 0` is redundant
        b = unwrapped(b);
        a = unwrapped(a);
      }
      const k = constOf(b);
      if (op === 0x76 && k !== null && (k & 31) !== 0) {
        // (shr_u by 1 and more gives an int32 already: no `| 0`)
        this.pushValue('i', `${a} >>> ${k & 31}`);
        return;
      }
      if ((op === 0x77 || op === 0x78) && k !== null) {
        // rotate by a constant: no temporary for a variable (so the value can be used in place), the
        // complementary count folded
        const l = (op === 0x77 ? k : 32 - k) & 31;
        const x = /^[\w$]+$/.test(a) ? a : null;
        this.pushValue('i', l === 0 ? a : x !== null ? `(${x} << ${l}) | (${x} >>> ${32 - l})` : `(X = ${a}, (X << ${l}) | (X >>> ${32 - l}))`);
        return;
      }
      const byShift = unsignedByShift(op, a, b);
      if (byShift !== null) {
        this.pushValue('i', byShift);
        return;
      }
      if (COMMUTES.has(op)) [a, b] = commuted(a, b);
      else if (MIRROR[op] !== undefined && commuted(a, b)[0] === b) {
        this.pushValue('i', fill(I32_BIN[MIRROR[op]], { a: b, b: a }));
        return;
      }
      // (a division's helper: its position, for its trap)
      this.pushValue('i', fill(i32bin, op >= 0x6d && op <= 0x70 ? { a, b, p: this.setP() } : { a, b }));
      return;
    }
    const i64cmp = I64_CMP[op];
    if (i64cmp !== undefined) {
      // (eq and ne read each half once: an operand computed just before is used in place)
      const b = this.pop(op <= 0x52), a = this.pop(op <= 0x52);
      const ah = constOf(a.h), bh = constOf(b.h);
      if (ah !== null && ah === bh) {
        // the same known high halves (zero-extended values): the low halves decide
        this.pushValue('i', unsignedByShift(LOW_CMP[op - 0x51], a.v, b.v) ?? fill(I32_BIN[LOW_CMP[op - 0x51]], { a: a.v, b: b.v }));
        return;
      }
      // against zero, the signed order is the high half's sign
      if (constOf(b.v) === 0 && constOf(b.h) === 0 && (op === 0x53 || op === 0x59)) {
        this.pushValue('i', `${a.h} ${op === 0x53 ? '<' : '>='} 0 ? 1 : 0`);
        return;
      }
      this.pushValue('i', fill(i64cmp, { al: a.v, ah: a.h, bl: b.v, bh: b.h }));
      return;
    }
    const f32cmp = FCMP[op - 0x5b];
    if (op >= 0x5b && op <= 0x60) {
      const b = this.pop().v, a = this.pop().v;
      this.pushValue('i', `rt.b2f(${a}) ${f32cmp} rt.b2f(${b}) ? 1 : 0`);
      return;
    }
    if (op >= 0x61 && op <= 0x66) {
      const b = this.popNumber(), a = this.popNumber();
      this.pushValue('i', `${a} ${FCMP[op - 0x61]} ${b} ? 1 : 0`);
      return;
    }
    if (op >= 0x79 && op <= 0x8a) {
      this.i64op(op);
      return;
    }
    if (op >= 0x8b && op <= 0xa6) {
      this.floatOp(op);
      return;
    }
    // (eqz and wrap read each half at most once: an i64 computed just before is used in place)
    // (eqz of a local is `!L`: a condition's read, true for 0 and for false, see boolSets)
    const a = F64_OPERAND.has(op) ? { k: 'd', v: this.popNumber(), h: '' } : this.pop(op === 0x50 || op === 0xa7, true, op === 0x45 && /^L\d+$/.test(this.top().v));
    switch (op) {
      case 0x45: {
        // eqz of a compare: the inverted compare
        const c = /^\((.*) \? 1 : 0\)$/.exec(a.v);
        this.pushValue('i', c !== null ? `!(${c[1]}) ? 1 : 0` : /^L\d+$/.test(a.v) ? `!${a.v} ? 1 : 0` : `${a.v} === 0 ? 1 : 0`);
        return;
      }
      case 0x50: this.pushValue('i', constOf(a.h) === 0 ? `${a.v} === 0 ? 1 : 0` : `(${a.v} | ${a.h}) === 0 ? 1 : 0`); return;
      case 0x67: this.pushValue('i', `Math.clz32(${a.v})`); return;
      case 0x68: this.pushValue('i', `rt.i32.ctz(${a.v})`); return;
      case 0x69: this.pushValue('i', `rt.i32.popcnt(${a.v})`); return;
      case 0xa7: this.pushValue('i', a.v); return; // (a computed operand's high half is not computed at all: pop)
      case 0xa8: this.pushValue('i', `rt.cv.i32_trunc_s(rt.b2f(${a.v}), ${this.setP()})`); return;
      case 0xa9: this.pushValue('i', `rt.cv.i32_trunc_u(rt.b2f(${a.v}), ${this.setP()})`); return;
      case 0xaa: this.pushValue('i', `rt.cv.i32_trunc_s(${a.v}, ${this.setP()})`); return;
      case 0xab: this.pushValue('i', `rt.cv.i32_trunc_u(${a.v}, ${this.setP()})`); return;
      case 0xac: this.pushValue('l', `(X = ${a.v})`, 'X >> 31'); return;
      case 0xad: this.pushValue('l', a.v, '0'); return;
      case 0xae: case 0xaf: case 0xb0: case 0xb1: {
        const fn = op === 0xae || op === 0xb0 ? 'i64_trunc_s' : 'i64_trunc_u';
        this.emit(`rt.cv.${fn}(${op <= 0xaf ? `rt.b2f(${a.v})` : a.v}, ${this.setP()});`);
        this.pushValue('l', 'OUT[0]', 'OUT[1]');
        return;
      }
      case 0xb2: this.pushValue('f', `rt.f2b(${a.v})`); return;
      case 0xb3: this.pushValue('f', `rt.f2b(${a.v} >>> 0)`); return;
      case 0xb4: this.pushValue('f', `rt.f2b(rt.cv.f32_convert_i64_s(${a.v}, ${a.h}))`); return;
      case 0xb5: this.pushValue('f', `rt.f2b(rt.cv.f32_convert_i64_u(${a.v}, ${a.h}))`); return;
      case 0xb6: this.pushValue('f', `rt.f2b(${a.v})`); return;
      case 0xb7: this.pushValue('d', `${a.v}`); return;
      case 0xb8: this.pushValue('d', `${a.v} >>> 0`); return;
      case 0xb9: this.pushValue('d', `rt.cv.f64_convert_i64_s(${a.v}, ${a.h})`); return;
      case 0xba: this.pushValue('d', `rt.cv.f64_convert_i64_u(${a.v}, ${a.h})`); return;
      case 0xbb: this.pushValue('d', `rt.b2f(${a.v})`); return;
      case 0xbc: this.pushValue('i', a.v); return;
      // (bits form: the halves already)
      case 0xbd: if (a.k === 'l') this.stack.push({ k: 'l', v: a.v, h: a.h });
        else this.pushValue('l', `(D[0] = ${a.v}, DI[0])`, 'DI[1]');
        return;
      case 0xbe: this.pushValue('f', a.v); return;
      case 0xbf: if (this.f64 !== undefined) this.stack.push({ k: 'l', v: a.v, h: a.h });
        else this.pushValue('d', `(DI[0] = ${a.v}, DI[1] = ${a.h}, D[0])`);
        return;
      case 0xc0: this.pushValue('i', `(${a.v} << 24) >> 24`); return;
      case 0xc1: this.pushValue('i', `(${a.v} << 16) >> 16`); return;
      case 0xc2: this.pushValue('l', `(X = (${a.v} << 24) >> 24)`, 'X >> 31'); return;
      case 0xc3: this.pushValue('l', `(X = (${a.v} << 16) >> 16)`, 'X >> 31'); return;
      case 0xc4: this.pushValue('l', `(X = ${a.v})`, 'X >> 31'); return;
    }
    throw new Unsupported(`JS tier: opcode 0x${op.toString(16)}`);
  }

  private i64op(op: number): void {
    if (op <= 0x7b) { // clz ctz popcnt
      const a = this.pop();
      const fn = ['clz', 'ctz', 'popcnt'][op - 0x79];
      this.pushValue('l', `rt.i64.${fn}(${a.v}, ${a.h})`, '0');
      return;
    }
    if (op >= 0x83 && op <= 0x85) {
      // (operands computed just before are used in place: each half is read once, and pushValue orders
      // the two assignments)
      const b = this.pop(true), a = this.pop(true);
      this.pushValue('l', bitwise(op, a.v, b.v), bitwise(op, a.h, b.h));
      return;
    }
    // (a divisor computed just before is used in place: both halves are read once, and its high half may be a
    // known zero — a zero-extended value — which makes the division inline)
    const b = this.pop(op >= 0x7f && op <= 0x82), a = this.pop();
    const al = a.v, ah = a.h, bl = b.v, bh = b.h;
    if ((op === 0x80 || op === 0x82) && constOf(bh) === 0) {
      this.divU32(al, ah, bl, op === 0x82);
      return;
    }
    switch (op) {
      case 0x7c: { // add: the carry out of bit 31, from both operands and the low sum, without a compare
        const k = constOf(bl);
        this.emit(k === 0 ? `X = ${al};` : `X = (${commuted(al, bl).join(' + ')}) | 0;`);
        // (a variable b: the unsigned compare `X < a` as a number — `| 0`, not `? 1 : 0`: with a JIT a boolean
        // made a number is a flag set, a conditional one a branch, mispredicted half the time on random data;
        // 4 instructions where the bitwise majority of a, b and X takes 7, i64mix 5 % faster, neutral without a
        // JIT. The high half is assigned before the low one (pushValue, local.set through W), so a is still
        // readable.)
        const carry = k === 0 ? '' : ` + ${k !== null ? carryConst(al, k, false) : `((X >>> 0) < (${al} >>> 0) | 0)`}`;
        this.pushValue('l', 'X', `(${ah}${constOf(bh) === 0 ? '' : ` + ${bh}`}${carry}) | 0`, true);
        return;
      }
      case 0x7d: { // sub: the borrow out of bit 31, likewise
        const k = constOf(bl);
        this.emit(k === 0 ? `X = ${al};` : `X = (${al} - ${bl}) | 0;`);
        const borrow = k === 0 ? '' : ` - ${k !== null ? carryConst(al, k, true) : `((${al} >>> 0) < (${bl} >>> 0) | 0)`}`;
        this.pushValue('l', 'X', `(${ah}${constOf(bh) === 0 ? '' : ` - ${bh}`}${borrow}) | 0`, true);
        return;
      }
      case 0x7e: { // mul: the low halves' full product, plus the cross terms' low halves
        const high = mulHigh(al, bl);
        const hi = [high ?? '0', imul(al, bh), imul(ah, bl)].filter((t) => t !== '0');
        const hiSum = hi.length === 0 ? '0' : `(${hi.join(' + ')}) | 0`;
        // (a high product that needs the low one reads it in X: computed once, before either half is assigned)
        if (high !== null && /\bX\b/.test(high)) {
          this.emit(`X = ${imul(al, bl)};`);
          this.pushValue('l', 'X', hiSum, true);
        } else {
          this.pushValue('l', imul(al, bl), hiSum);
        }
        return;
      }
    }
    if (op >= 0x86 && /^\(?-?\d+\)?$/.test(bl)) {
      const r = shiftConst(op, Number(bl.replace(/[()]/g, '')) & 63, al, ah);
      this.pushValue('l', r[0], r[1]);
      return;
    }
    const fn = { 0x7f: 'div_s', 0x80: 'div_u', 0x81: 'rem_s', 0x82: 'rem_u', 0x86: 'shl', 0x87: 'shr_s', 0x88: 'shr_u', 0x89: 'rotl', 0x8a: 'rotr' }[op]!;
    if (op >= 0x86) this.emit(`rt.i64.${fn}(${al}, ${ah}, ${bl} & 63);`);
    else this.emit(`rt.i64.${fn}(${al}, ${ah}, ${bl}, ${bh}, ${this.setP()});`);
    this.pushValue('l', 'OUT[0]', 'OUT[1]');
  }

  /** i64.div_u / rem_u by a divisor below 2^32 (its high half a known 0), inline: long division of the
   *  dividend's high half and two 16-bit digits of its low half, each step exact in doubles (every partial
   *  dividend is below 2^48, so `x / d` rounds to no integer above its floor). No helper call, no OUT. */
  private divU32(al: string, ah: string, bl: string, rem: boolean): void {
    this.emit(`Y = ${bl} >>> 0; if (Y === 0) throw rt.trap('integer divide by zero', ${this.setP()});`);
    if (constOf(ah) === 0) {
      // a 32-bit dividend too: one division
      this.pushValue('l', rem ? `(${al} >>> 0) % Y | 0` : `((${al} >>> 0) / Y) >>> 0 | 0`, '0');
      return;
    }
    // W: the high quotient digit; Z: the running remainder with the next digit; X: the middle quotient digit
    this.emit(`W = ((${ah} >>> 0) / Y) >>> 0; Z = ((${ah} >>> 0) - W * Y) * 65536 + (${al} >>> 16); X = (Z / Y) >>> 0; ` +
      `Z = (Z - X * Y) * 65536 + (${al} & 65535);`);
    if (rem) this.pushValue('l', '(Z - ((Z / Y) >>> 0) * Y) | 0', '0');
    else this.pushValue('l', '(X * 65536 + ((Z / Y) >>> 0)) | 0', 'W | 0');
  }

  private floatOp(op: number): void {
    const f32 = op <= 0x98;
    const o = op - (f32 ? 0x8b : 0x99);
    // 0 abs 1 neg 2 ceil 3 floor 4 trunc 5 nearest 6 sqrt 7 add 8 sub 9 mul 10 div 11 min 12 max 13 copysign
    if (!f32 && this.f64 !== undefined && (o <= 1 || o === 13)) {
      this.f64Sign(o);
      return;
    }
    if (o <= 6) {
      const a = f32 ? this.pop().v : this.popNumber();
      if (f32) {
        switch (o) {
          case 0: this.pushValue('f', `${a} & 2147483647`); return;
          case 1: this.pushValue('f', `${a} ^ -2147483648`); return;
          case 6: this.pushValue('f', `rt.f2b(Math.sqrt(rt.b2f(${a})))`); return;
          // (as the interpreter: Math's own rounding for f32, whose NaNs are already quiet numbers, so a
          // NaN keeps the engine's sign; copysign can observe it)
          default: this.pushValue('f', `rt.f2b(${['', '', 'Math.ceil', 'Math.floor', 'Math.trunc', 'rt.fl.nearest'][o]}(rt.b2f(${a})))`); return;
        }
      }
      switch (o) {
        case 0: this.pushValue('d', `rt.fabs(${a})`); return;
        case 1: this.pushValue('d', `rt.fneg(${a})`); return;
        case 6: this.pushValue('d', `Math.sqrt(${a})`); return;
        default: this.pushValue('d', `rt.fl.${['', '', 'ceil', 'floor', 'trunc', 'nearest'][o]}(${a})`); return;
      }
    }
    const b = f32 ? this.pop().v : this.popNumber(), a = f32 ? this.pop().v : this.popNumber();
    if (o <= 10) {
      const sym = ['+', '-', '*', '/'][o - 7];
      this.pushValue(f32 ? 'f' : 'd', f32 ? `rt.f2b(rt.b2f(${a}) ${sym} rt.b2f(${b}))` : `${a} ${sym} ${b}`);
      return;
    }
    if (o === 13) {
      this.pushValue(f32 ? 'f' : 'd', f32 ? `(${a} & 2147483647) | (${b} & -2147483648)` : `rt.fcopysign(${a}, ${b})`);
      return;
    }
    const fn = o === 11 ? 'min' : 'max';
    this.pushValue(f32 ? 'f' : 'd', f32 ? `rt.f2b(Math.${fn}(rt.b2f(${a}), rt.b2f(${b})))` : `rt.fl.${fn}(${a}, ${b})`);
  }

  /** Bits form: f64 abs, neg and copysign on the high half, as f32's on its bits. */
  private f64Sign(o: number): void {
    const b = o === 13 ? this.pop() : null;
    const a = this.pop();
    this.pushValue('l', a.v, o === 0 ? `${a.h} & 2147483647` : o === 1 ? `${a.h} ^ -2147483648` : `(${a.h} & 2147483647) | (${b!.h} & -2147483648)`);
  }

  private f64Literal(lo: number, hi: number): string {
    DI[0] = lo;
    DI[1] = hi;
    const x = D[0];
    if (x !== x) return this.b.add(`K${hi >>> 0}_${lo >>> 0}`, `rt.bitsToF64(${lo}, ${hi})`);
    if (x === 0 && 1 / x < 0) return '(-0)';
    if (x === Infinity) return 'Infinity';
    if (x === -Infinity) return '(-Infinity)';
    const s = String(x);
    return x < 0 ? `(${s})` : s;
  }

  // ------------------------------------------------------------------ output
  private assemble(): string {
    const params = this.type.params;
    const osr = this.osr;
    // (the loop is in unreachable code: never entered)
    if (this.osrAt >= 0 && osr === null) throw new Unsupported('JS tier: no such loop');
    const locals: string[] = [];
    const formals: string[] = [];
    const actuals: string[] = [];
    let u = 0;
    for (let i = 0; i < this.localKinds.length; i++) {
      const k = this.localKinds[i];
      if (osr !== null) locals.push(k === 'l' ? `L${i}, H${i}` : `L${i}`); // (read from the frame: osrLoads)
      else if (i < params.length) {
        formals.push(k === 'l' ? `L${i}, H${i}` : `L${i}`);
        switch (k) {
          case 'i': case 'f': actuals.push(`I[fp + ${u}]`); break;
          case 'l': actuals.push(`I[fp + ${u}], I[fp + ${u + 1}]`); break;
          case 'd': actuals.push(`m.F64[(fp + ${u}) >> 1]`); break;
          case 'r': actuals.push(`refs[fp + ${u}]`); break;
        }
        u += 2;
      } else {
        // (wasm locals start at zero; a local written before any read on every path needs no initializer,
        // nor does anything else, which is written before it is read: an initializer costs an instruction per
        // call without a JIT)
        if (this.readFirst.has(i)) locals.push(k === 'r' ? `L${i} = null` : k === 'l' ? `L${i} = 0, H${i} = 0` : `L${i} = 0`);
        else locals.push(k === 'l' ? `L${i}, H${i}` : `L${i}`);
      }
    }
    const scratch = [...this.slotVars];
    for (let i = 0; i < this.scopeIds; i++) scratch.push(`S${i}`);
    for (let i = 0; i < this.temps; i++) scratch.push(`T${i}`, `T${i}h`);
    for (const b of this.boolSets) if (!this.numericLocals.has(b.n) && this.out[b.index] === b.text) this.out[b.index] = b.bool;
    const reloadOf = (k: number): string => `DV${k} = M${k}.dv;${this.mem64.has(k) ? ` LEN${k} = M${k}.u8.length;` : ''}`;
    const reload = [...this.memsUsed].map(reloadOf).concat([...this.viewsUsed].map((v) => `${v};`), this.usesGlobals ? ['G = m.globals;'] : []).join(' ');
    // (a function's only call: its position is a constant of the catch, no statement sets P for it — fib's
    // recursion, the most calls per instruction of the kernels)
    const oneCall = this.callSets.length === 1 ? this.callSets[0][1] : -1;
    if (oneCall >= 0) this.out[this.callSets[0][0]] = '';
    const usesP = this.otherSets > 0 || this.callSets.length > (oneCall >= 0 ? 1 : 0);
    callsInPlace(this.out, RELOAD);
    // (one loop: a big function has a million statements)
    const lines: string[] = [];
    for (const l of osr === null ? this.out : this.osrStatements(osr)) {
      const line = l === RELOAD ? reload : l;
      if (line !== '') lines.push(line);
    }
    // (the statements with a brace and the statements' loop depths, found once for the passes that need them:
    // none moves a brace)
    let braces: readonly number[] | undefined, depths: readonly number[] | undefined;
    const bracesOnce = (): readonly number[] => (braces ??= braceStatements(lines));
    const depthsOnce = (): readonly number[] => (depths ??= loopDepths(lines, bracesOnce()));
    const quotients = shareElementIndexes(lines, new Set(params.map((_, i) => `L${i}`)), depthsOnce, bracesOnce);
    scratch.push(...quotients);
    // (the statements that may call a helper, found once for both passes that rewrite calls: no pass in between
    // adds a call — after localizeLoopCalls, the others among them still call one)
    const calling = callingStatements(lines);
    const loopLocals = localizeLoopCalls(lines, (name, init) => this.b.add(name, init), depthsOnce, calling);
    scratch.push(...hoistSignFlips(lines, bracesOnce));
    // helpers bound once per function (a call through a module namespace object each time is slower), in the
    // order the text calls them: the entry's depth check first, then the statements', the catch's last; each
    // statement that names one rewritten alone (a replace over the whole text would copy it once more)
    const bound = new Map<string, string>();
    const bindCalls = (line: string): string => line.replace(HELPER_CALL, (call) => {
      let local = bound.get(call);
      if (local === undefined) bound.set(call, (local = this.b.add(...bindingOf(call)) + '('));
      return local;
    });
    const formalList = formals.length > 0 ? ', ' + formals.join(', ') : '';
    // the depth budget: none left, the interpreter runs this call (or it traps: runtime.ts, deep)
    // (an entry into a loop continues a call the interpreter counted: enter's budget, no check)
    const depthCheck = osr !== null ? '--b;' : bindCalls(`if (!--b) return rt.deep(self, b${formalList});`);
    for (const i of calling) if (lines[i].includes('rt.') || lines[i].includes('Math.')) lines[i] = bindCalls(lines[i]);
    // (a trap's backtrace needs this frame: compiled frames are on no frame stack)
    // (an entry into a loop: the interpreter's frame is the function's)
    // (and where it left: P, the position of whatever trapped or was called last)
    if (usesP) scratch.push('P');
    const catchFrame = bindCalls(`} catch (e) { throw rt.frame(e, ${osr === null ? 'self' : 'null'}, m, ${usesP ? 'P' : '-1'}${oneCall >= 0 ? `, ${oneCall}` : ''}); }`);
    const text = lines.join('\n');
    // only the temporaries and bindings the code uses (a search for each: a match for each use would cost an
    // allocation per use, and a big function has millions)
    const used = new Set(['X', 'W', 'Y', 'Z', 'EA', 'SV', 'SX', 'N', 'C', 'FI', 'I', 'refs', 'OUT', 'D', 'DI'].filter((t) => hasWord(text, t)));
    for (const t of ['X', 'W', 'Y', 'Z', 'EA', 'SV', 'SX', 'N', 'C', 'FI', 'I']) if (used.has(t)) scratch.push(t);
    const rs = this.type.results;
    const single = rs.length === 1 ? this.valKind(rs[0]) : null;
    const write = single === null ? '' : single === 'l' ? 'I[fp] = R; I[fp + 1] = OUT[1];'
      : single === 'd' ? 'm.F64[fp >> 1] = R;' : single === 'r' ? 'refs[fp] = R;' : 'I[fp] = R;';
    // (bits form: f64 params and results as halves — a convention of its own, see call)
    const entry = this.f64 !== undefined && hasF64(this.type) ? 'innerBits' : 'inner';
    const bodyRefs = /\brefs\[/.test(actuals.join(' ') + write);
    // (the parts joined around the body's text, not with it: the body is the most of a function, and a join
    // would copy it once more)
    const head = [
      `function inner(b${osr === null ? formalList : ', fp, sp'}) {`,
      depthCheck,
      // (read from the store at each entry: a fiber swaps the store's stacks, references included)
      used.has('refs') ? 'var refs = m.refs;' : '',
      this.usesGlobals ? 'var G = m.globals;' : '',
      locals.length > 0 ? `var ${locals.join(', ')};` : '',
      scratch.length > 0 ? `var ${scratch.join(', ')};` : '',
      loopLocals.length > 0 ? `var ${loopLocals.join(', ')};` : '',
      ...[...this.memsUsed].map((k) => `var DV${k} = M${k}.dv${this.mem64.has(k) ? `, LEN${k} = M${k}.u8.length` : ''};`),
      this.viewsUsed.size > 0 ? `var ${[...this.viewsUsed].join(', ')};` : '',
      ...(osr === null ? [] : this.osrLoads(osr, quotients)),
      'try {',
    ].filter((l) => l !== '').join('\n');
    const tail = osr !== null ? [
      catchFrame,
      '}',
      // (results at fp, as the function's return leaves them: the interpreter returns from its frame)
      'return function body(fp, b, sp) {',
      'var I, refs = m.refs;',
      `${single === null ? '' : 'var R = '}inner(b, fp, sp);`,
      'I = m.I32;',
      write,
      '};',
    ].filter((l) => l !== '').join('\n') : [
      catchFrame,
      '}',
      // the interpreter's convention: arguments at fp, results back at fp (runtime.ts, enter)
      'function body(fp, b) {',
      actuals.length > 0 || single !== null ? 'var I = m.I32;' : '',
      bodyRefs ? 'var refs = m.refs;' : '',
      `${single === null ? '' : 'var R = '}inner(b${actuals.length > 0 ? ', ' + actuals.join(', ') : ''});`,
      single === 'i' || single === 'f' || single === 'l' ? 'I = m.I32;' : '',
      write,
      '}',
      `body.${entry} = inner;`,
      'return body;',
    ].filter((l) => l !== '').join('\n');
    if (this.localKinds.includes('d')) this.usesF64 = true;
    const prologue = [
      // an f64 NaN's payload would be lost in a number on this engine (QuickJS, Hermes): stay interpreted
      this.usesF64 && this.f64 === undefined ? 'if (!rt.f64Exact) return null;' : '',
      'var m = inst.store;',
      used.has('OUT') || single === 'l' ? 'var OUT = rt.out;' : '',
      used.has('D') || used.has('DI') ? 'var D = rt.D, DI = rt.DI;' : '',
      this.usesGlobals ? 'var GR = m.globalRefs;' : '',
      ...this.b.lines,
    ];
    return `${prologue.filter((l) => l !== '').join('\n')}\n${head}\n${text === '' ? '' : text + '\n'}${tail}`;
  }
}

const D = new Float64Array(1);
const DI = new Int32Array(D.buffer);

function units(ts: readonly ValType[]): number {
  return ts.length * 2;
}

/** Operations whose operand is an f64 (a number: bits form, popNumber): truncations and demotion. */
const F64_OPERAND = new Set([0xaa, 0xab, 0xb0, 0xb1, 0xb6]);

/** i32 operations that apply ToInt32/ToUint32 to both operands (or wrap their exact result with `| 0`). */
const WRAPS = new Set([0x6a, 0x6b, 0x6c, 0x71, 0x72, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78]);

/** `((x + y) | 0)` → `(x + y)`: for a consumer that wraps modulo 2^32 anyway (WRAPS). The value without
 *  its `| 0` is an integer of magnitude < 2^53 (sums and differences of int32/uint32 values, nested a few
 *  deep), so its ToInt32 is the same. Not where the top level has `?:`, `&&` or `||` (the `| 0` would bind
 *  to their last operand only). */
function unwrapped(e: string): string {
  const m = /^\((.*) \| 0\)$/.exec(e);
  if (m === null || /\?|&&|\|\|/.test(m[1]) || !isAtom(`(${m[1]})`)) return e;
  return `(${m[1]})`;
}

/** `t = v;`, where v may be a load through an element view (viewLoad: `(IWk[i] ?? DVk.getInt32(a, true))`):
 *  then `if ((t = IWk[i]) === undefined) t = DVk.getInt32(a, true);` — without a JIT `??` costs two jumps
 *  on the path taken (a test that falls through and a jump over the fallback), this one. */
function assign(t: string, v: string): string {
  let e = v;
  while (e.charCodeAt(0) === 40 && isAtom(e)) e = e.slice(1, -1);
  const q = topLevel(e, ' ?? ');
  if (q < 0) return `${t} = ${v};`;
  const read = e.slice(0, q), slow = e.slice(q + 4);
  const m = /^(?:IW|FD|IB|UB|IH|UH)\d+\[/.exec(read);
  // (not where the fallback reads t itself — a load from the address in the local it is stored to: t is
  // already undefined when the fallback runs)
  if (m === null || topLevel(read.slice(m[0].length), ']') !== read.length - m[0].length - 1 || !/^DV\d+\.get\w+\(/.test(slow) || refersTo(slow, t)) return `${t} = ${v};`;
  return `if ((${t} = ${read}) === undefined) ${t} = ${slow};`;
}

/** Where `token` first occurs in e outside any brackets, or -1. */
function topLevel(e: string, token: string): number {
  let depth = 0;
  for (let i = 0; i < e.length; i++) {
    const c = e.charCodeAt(i);
    if (depth === 0 && e.startsWith(token, i)) return i;
    if (c === 40 || c === 91) depth++;
    else if (c === 41 || c === 93) depth--;
  }
  return -1;
}

/** The value of an integer literal expression (`5`, `(-3)`), or null: `/^\(?-?\d+\)?$/`, as a scan of the
 *  characters (asked of most operands: most are no literal, and many start with `(`). */
function constOf(e: string): number | null {
  const n = e.length;
  const open = e.charCodeAt(0) === 40 ? 1 : 0;
  let i = open;
  if (e.charCodeAt(i) === 45) i++;
  const digits = i;
  for (let c = e.charCodeAt(i); c >= 48 && c <= 57; c = e.charCodeAt(++i));
  if (i === digits) return null;
  const close = e.charCodeAt(i) === 41 ? 1 : 0;
  return i + close === n ? Number(e.slice(open, i)) : null;
}

/** The low 32 bits of the product of two int32s (variables or constants), folded where one is 0 or 1. */
function imul(a: string, b: string): string {
  const x = constOf(a), y = constOf(b);
  if (x === 0 || y === 0) return '0';
  if (x === 1 || y === 1) return x === 1 ? b : a;
  return `Math.imul(${a}, ${b})`;
}

/** The high 32 bits of the unsigned product of two int32s (variables or constants), or null where it is 0 — inline
 *  in doubles: a helper call costs more than the arithmetic without a JIT, and 16-bit pieces of the operands
 *  in integer arithmetic take 34 bytecodes without a JIT and, with one, are slower than doubles (session 8).
 *  - a constant whose odd part m (k = m * 2^s) is below 2^21: u * m is below 2^53, exact, and its quotient by
 *    2^(32 - s) floors with `>>> 0`;
 *  - else, with the exact low half in X (imul): the double product P of u and v is within 2^10 of u * v (below
 *    2^64), and P - (X - 2^31) — `X ^ -2^31` is the int32 whose value is X's unsigned value less 2^31 — within
 *    2^11 of high * 2^32 + 2^31; divided by 2^32 that is high + 0.5 within 2^-21, which `>>> 0` floors to high.
 *    One product, one subtraction and one truncation, where two 16-bit halves of a constant took three products
 *    and two truncations: with a JIT i64mix 5.0 → 4.1x native, without one 4 % faster. */
function mulHigh(a: string, b: string): string | null {
  if (constOf(a) !== null && constOf(b) === null) return mulHigh(b, a);
  const k = constOf(b);
  if (k === 0 || constOf(a) === 0) return null;
  // (an operand that is no name or literal, or is X itself, is read once: by the helper)
  if (!/^[\w()-]+$/.test(a) || !/^[\w()-]+$/.test(b) || /\bX\b/.test(`${a} ${b}`)) return `rt.i64.mulHighU32(${a}, ${b})`;
  if (k !== null) {
    const u = k >>> 0, s = 31 - Math.clz32(u & -u), m = u / 2 ** s; // u = m * 2^s, m odd
    if (u === 1) return null;
    if (m < 2 ** 21) return `((${a} >>> 0) * ${m} / ${2 ** (32 - s)} >>> 0)`;
  }
  return `(((${a} >>> 0) * ${k !== null ? k >>> 0 : `(${b} >>> 0)`} - (X ^ -2147483648)) / 4294967296 >>> 0)`;
}

/** The carry (or, `sub`, the borrow) out of bit 31 of `a + k` (`a - k`) for a constant k, whose low sum or
 *  difference is in X: with b's bit 31 known, the majority of (a, b, carry in) needs only a and X. */
function carryConst(a: string, k: number, sub: boolean): string {
  const na = sub ? `~${a}` : a;
  return k < 0 ? `((${na} | ${sub ? 'X' : '~X'}) >>> 31)` : `((${na} & ${sub ? 'X' : '~X'}) >>> 31)`;
}

/** For an i64 select: an expression that is -1 where the i32 condition c holds and 0 where not, without a
 *  branch — the sign of a variable (`x < 0`, `x >= 0`: what compares of an i64 with zero become) or a plain
 *  i32 value (`(c | -c) >> 31`) — or null for other compares (they stay a branch). */
function selectMask(c: string): string | null {
  const sign = /^\(([\w$]+) (<|>=) 0 \? 1 : 0\)$/.exec(c);
  if (sign !== null) return sign[2] === '<' ? `${sign[1]} >> 31` : `~${sign[1]} >> 31`;
  if (/\?/.test(c)) return null;
  return /^[\w$]+$/.test(c) ? `(${c} | -${c}) >> 31` : `(Y = ${c}, (Y | -Y) >> 31)`;
}

/** One half of i64.and/or/xor, folded where a side is a constant. */
function bitwise(op: number, a: string, b: string): string {
  const sym = op === 0x83 ? '&' : op === 0x84 ? '|' : '^';
  const x = constOf(a), y = constOf(b);
  if (x !== null && y !== null) return lit(op === 0x83 ? x & y : op === 0x84 ? x | y : x ^ y);
  if (y !== null || x !== null) {
    const k = (y ?? x)!, e = y !== null ? a : b;
    if (k === 0) return op === 0x83 ? '0' : e;
    if (k === -1 && op !== 0x85) return op === 0x83 ? e : '(-1)';
  }
  // (the operation takes its operands modulo 2^32: an operand's own `| 0` — a shr_u's high half — is redundant)
  const [x1, y1] = commuted(unwrapped(a), unwrapped(b));
  return `${x1} ${sym} ${y1}`;
}

/** An address for a DataView fallback (the rare path): its own loads read by their DataView alone,
 *  `(UB0[i] ?? DV0.getUint8(a))` → `(DV0.getUint8(a))`. Half the code, and half the feedback slots: V8
 *  numbers them in source order, and past 255 every bytecode that uses one takes a `Wide` prefix, one more
 *  dispatch without a JIT (vm: 2 % faster, measured). */
function slowOnly(e: string): string {
  const read = /\((?:IW|FD|IB|UB|IH|UH)\d+\[/g;
  let out = '', i = 0;
  for (let m = read.exec(e); m !== null; m = read.exec(e)) {
    // the element read's closing bracket
    let j = read.lastIndex, depth = 1;
    for (; depth > 0; j++) depth += e[j] === '[' ? 1 : e[j] === ']' ? -1 : 0;
    if (e.startsWith(' ?? ', j)) {
      out += e.slice(i, m.index) + '(';
      i = read.lastIndex = j + 4;
    }
  }
  return out + e.slice(i);
}

/** An unsigned i32 compare with a constant that is a power of two (or one less) as a shift: `x >u 3` is
 *  `x >>> 2` being non-zero, `x <u 16` its being zero (`(x >>> 4) ? 1 : 0`, `!(x >>> 4) ? 1 : 0`). As a
 *  condition (cond, a local read only as one) that is a shift and a jump, where `(x >>> 0) > 3` is a shift,
 *  a register move, a constant and a compare before it (fib's loop test: three bytecodes instead of six); the
 *  shifted value is below 2^31, never a heap number. Null for other compares and constants. */
function unsignedByShift(op: number, a: string, b: string): string | null {
  if (op !== 0x49 && op !== 0x4b && op !== 0x4d && op !== 0x4f) return null;
  let k = constOf(b), x = a;
  if (k === null) {
    // (a constant on the left: the mirrored compare)
    k = constOf(a);
    if (k === null) return null;
    x = b;
    op = op === 0x49 ? 0x4b : op === 0x4b ? 0x49 : op === 0x4d ? 0x4f : 0x4d;
  }
  // x >u c and x <=u c with c = 2^s - 1; x >=u c and x <u c with c = 2^s
  const c = (k >>> 0) + (op === 0x4b || op === 0x4d ? 1 : 0);
  if (c < 1 || c > 2 ** 31 || (c & (c - 1)) !== 0) return null;
  const s = Math.round(Math.log2(c));
  const nonzero = s === 0 ? (isAtom(x) ? x : `(${x})`) : `(${x} >>> ${s})`;
  return op === 0x4b || op === 0x4f ? `${nonzero} ? 1 : 0` : `!${nonzero} ? 1 : 0`;
}

/** Operands of a commutative operation in the order V8's bytecode serves best: with a variable on the left
 *  and a computed operand on the right, the operand is computed into the accumulator and the operation
 *  reads the variable's register (`Op rVar`); the other way round, the operand is first saved to a
 *  register and the variable loaded — two bytecodes more, which without a JIT are two dispatches (i64mix,
 *  sha256: a few % fewer bytecodes). A constant stays on the right (the `OpSmi` form). Not where the computed
 *  operand assigns a temporary, which the variable might be (the order of evaluation would change what it
 *  reads). */
function commuted(a: string, b: string): [string, string] {
  return VARIABLE.test(b) && !VARIABLE.test(a) && !assigns(a) ? [b, a] : [a, b];
}
const VARIABLE = /^[A-Za-z_$][\w$]*$/;
/** The commutative i32 operations (eq, ne, add, and, or, xor), and the signed compares with their mirrors. */
const COMMUTES = new Set([0x46, 0x47, 0x6a, 0x71, 0x72, 0x73]);
const MIRROR: Readonly<Record<number, number>> = { 0x48: 0x4a, 0x4a: 0x48, 0x4c: 0x4e, 0x4e: 0x4c };

/** A template of I32_BIN / I64_CMP with its operands (`$a`, `$bh`, …) put in. Where an operand is a constant,
 *  unsigned compares take the `>>> 0` form instead of the sign flip: the constant folds to a small number
 *  (the flipped one needs a wide operand, two more prefix bytecodes), and the other side is mostly a small
 *  count or bound, for which `>>> 0` makes no heap number. */
function fill(template: string, operands: Record<string, string>): string {
  let constant = false;
  for (const k in operands) if (constOf(operands[k]) !== null) constant = true;
  const pieces = (TEMPLATE_PIECES.get(template) ?? templatePieces(template))[constant ? 1 : 0];
  let e = pieces[0];
  for (let i = 1; i < pieces.length; i += 2) e += operands[pieces[i]] + pieces[i + 1];
  // (foldUnsigned changes only a `(k >>> 0)` or `(k ^ -2147483648)`: most expressions have neither)
  return e.includes(' >>> 0)') || e.includes(' ^ -2147483648)') ? foldUnsigned(e) : e;
}

/** A template of fill split at its operands — text, operand name, text, … —, as it is and with its sign flips
 *  as `>>> 0` (where an operand is a constant). */
function templatePieces(template: string): readonly [readonly string[], readonly string[]] {
  const split = (t: string): string[] => t.split(/\$(\w+)/);
  return [split(template), split(template.replace(/\((\$\w+) \^ -2147483648\)/g, '($1 >>> 0)'))];
}

/** `(5 >>> 0)` is `5`, `((-1) >>> 0)` is `4294967295`, and `(5 ^ -2147483648)` (an unsigned compare's operand)
 *  is `-2147483643`: constants need no conversion at run time. */
function foldUnsigned(e: string): string {
  return e.replace(/(^|[^\w.)])\((\d+|\(-\d+\)) (>>> 0|\^ -2147483648)\)/g, (_all, pre: string, n: string, how: string) => {
    const k = Number(n.replace(/[()]/g, ''));
    return pre + (how === '>>> 0' ? String(k >>> 0) : lit(k ^ -2147483648));
  });
}

/** An identifier, a literal or one parenthesized expression: may take a prefix operator as it is. */
function isAtom(e: string): boolean {
  if (/^[\w$]+$/.test(e)) return true;
  if (e.charCodeAt(0) !== 40) return false;
  let depth = 0;
  for (let i = 0; i < e.length; i++) {
    const c = e.charCodeAt(i);
    if (c === 40) depth++;
    else if (c === 41 && --depth === 0) return i === e.length - 1;
  }
  return false;
}

function lit(x: number): string {
  return x < 0 ? `(${x})` : String(x);
}

function refersTo(expr: string, name: string): boolean {
  for (let i = expr.indexOf(name); i >= 0; i = expr.indexOf(name, i + 1)) {
    if ((i === 0 || !isWordChar(expr.charCodeAt(i - 1))) && !isWordChar(expr.charCodeAt(i + name.length))) return true;
  }
  return false;
}

function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36;
}

/** The family of an instruction the tier leaves to the interpreter, for messages. */
function familyOf(op: number): string {
  switch (op >> 8) {
    case 0xfd: case 0xff: return 'SIMD';
    case 0xfb: return 'GC';
    case 0xfe: return 'atomics';
  }
  if (op === 0x12 || op === 0x13 || op === 0x15) return 'tail calls';
  if ((op >= 0x06 && op <= 0x0a) || op === 0x18 || op === 0x19 || op === 0x1f) return 'exceptions';
  if (op === 0xd3) return 'GC';
  return `opcode 0x${op.toString(16)}`;
}

/** Expressions that may be evaluated later, inside their consumer's statement: no temporaries (the consumer
 *  may set them first) and nothing that traps (the consumer may trap first: a store's bounds check) or reads
 *  memory (a store may come between). */
const INLINABLE = /^[\w\s()+\-*/%&|^~<>=!?:.,$]*$/;
/** An expression that may wait on the operand stack until its consumer (pushValue): it reads only locals
 *  (`Ln`, `Hn`: flushLocal copies it before one changes) and constants — no slot variable or temporary (they
 *  are reused), no memory, global, table or helper (they may change or trap) — and stays short (a chain of
 *  them nests: parsers recurse per level). */
function pure(e: string): boolean {
  // (of an expression that is inlinable and has no UNSAFE part: pushValue asks that first)
  return e.length <= 160 && e.indexOf('[') < 0 && !LOADS.test(e) && !/\b[ilfdrhST]\d+\b|\brt\.|\$|\bG\b|Math\.random/.test(e);
}

/** INLINABLE, where the only brackets are reads of a memory's element views (`IWk[a / 4]`, viewLoad): with a
 *  `[`, every `[` the end of a view's name (`\b(?:IW|FD|IB|UB|IH|UH)\d+\[`), and INLINABLE's characters or `]`
 *  between. A scan of the characters: asked of every value pushed, and a value's text is in each that holds it
 *  (a replace of the view reads and an expression's test cost twice as much). */
export function inlinable(e: string): boolean {
  if (e.indexOf('[') < 0) return inlinableText(e);
  for (let i = 0; i < e.length; i++) {
    const c = e.charCodeAt(i);
    if (c < 128 ? INLINABLE_ASCII[c] === 1 : /\s/.test(e[i])) continue;
    if (c === 93 || (c === 91 && endsViewName(e, i))) continue;
    return false;
  }
  return true;
}
/** `INLINABLE.test(e)`, as a scan of the characters. */
export function inlinableText(e: string): boolean {
  for (let i = 0; i < e.length; i++) {
    const c = e.charCodeAt(i);
    if (!(c < 128 ? INLINABLE_ASCII[c] === 1 : /\s/.test(e[i]))) return false;
  }
  return true;
}
/** INLINABLE's ASCII characters (\w, \s, and the operators and punctuation it lists), by code. */
const INLINABLE_ASCII = new Uint8Array(128).map((_, c) => (INLINABLE.test(String.fromCharCode(c)) ? 1 : 0));
/** Whether the text of e before `[` at `at` ends with a view's name, `\b(?:IW|FD|IB|UB|IH|UH)\d+`. */
function endsViewName(e: string, at: number): boolean {
  let j = at - 1;
  while (j >= 0 && e.charCodeAt(j) >= 48 && e.charCodeAt(j) <= 57) j--;
  if (j === at - 1 || j < 1 || !VIEW_NAMES.has(e.slice(j - 1, j + 1))) return false;
  return j < 2 || !isWordChar(e.charCodeAt(j - 2)) || e.charCodeAt(j - 2) === 36;
}
const VIEW_NAMES = new Set(['IW', 'FD', 'IB', 'UB', 'IH', 'UH']);
/** A local's name. */
const LOCAL = /\bL(\d+)\b/g;
/** A call of a helper that a factory binds once (loop-locals.ts, bindingOf). */
const HELPER_CALL = /\b(?:rt\.(?:(?:i32|i64|cv|fl)\.)?|Math\.)\w+\(/g;
const UNSAFE = /\b(X|W|Y|Z|EA|N|C|OUT|I|F64|refs|U\d+|Math\.random)\b|div|rem|_trunc_[su]\(|\.(grow|pages|elements)|\.get(?!(Int|Uint|Float)\d+\()|\b(?!DV\d+\.)\w+\.get/;
/** An expression that reads memory (a 32-bit memory's DataView): read in place only by consumers that evaluate it
 *  before any other effect — then nothing comes between (any statement ends it), and if it traps, the only
 *  trap the consumer could have raised first is the same one (a store's bounds). Not by select (one arm is
 *  skipped), table.set or call_indirect/call_ref (their own checks come first). */
const LOADS = /\bDV\d+\.get|\b(?:IW|FD|IB|UB|IH|UH)\d+\[/;

/** Loads of 32-bit memories through element views (viewLoad), by opcode - 0x28: the view's name in generated
 *  code, its element width, the DataView getter of the fallback. */
const VIEW_LOADS: readonly (readonly [string, number, string])[] = [
  ['IW', 4, 'getInt32'], ['IW', 4, 'getInt32'], ['IW', 4, 'getInt32'], ['FD', 8, 'getFloat64'],
  ['IB', 1, 'getInt8'], ['UB', 1, 'getUint8'], ['IH', 2, 'getInt16'], ['UH', 2, 'getUint16'],
  ['IB', 1, 'getInt8'], ['UB', 1, 'getUint8'], ['IH', 2, 'getInt16'], ['UH', 2, 'getUint16'],
  ['IW', 4, 'getInt32'], ['IW', 4, 'getInt32'],
];
/** The element view, width and DataView setter of the stores 0x36..0x3e (0x37, i64.store, unused). */
const VIEW_STORES: readonly (readonly [string, number, string])[] = [
  ['IW', 4, 'setInt32'], ['IW', 4, 'setInt32'], ['IW', 4, 'setInt32'], ['FD', 8, 'setFloat64'],
  ['UB', 1, 'setInt8'], ['UH', 2, 'setInt16'], ['UB', 1, 'setInt8'], ['UH', 2, 'setInt16'], ['IW', 4, 'setInt32'],
];
/** The MemoryInst field of each element view. */
const VIEW_FIELDS: Readonly<Record<string, string>> = { IW: 'i32', FD: 'f64', IB: 'i8', UB: 'u8', IH: 'i16', UH: 'u16' };
/** An expression that assigns (a temporary): not to be evaluated twice. */
const ASSIGN = /(^|[^=!<>])=(?!=)/;
const POSITION = /\bP = \d+/g;
/** Whether an expression assigns a temporary (not to be evaluated twice, nor moved across what reads it). A
 *  trap's position (`P = k`, setP) does not count: every evaluation sets the same, and P is read only by the
 *  catch. */
function assigns(e: string): boolean {
  return ASSIGN.test(e.includes('P = ') ? e.replace(POSITION, '') : e);
}
/** `br_table` with at most this many runs of equal targets is a binary search (four levels: twelve bytecodes,
 *  against the fifteen of a `switch`'s guard and its jump); more runs keep the `switch`. */
const BR_TREE_RUNS = 16;

/** Access width of the loads and stores 0x28..0x3e. */
const WIDTH = [4, 8, 4, 8, 1, 1, 2, 2, 1, 1, 2, 2, 4, 4, 4, 8, 4, 8, 1, 2, 1, 2, 4];

const FCMP = ['===', '!==', '<', '>', '<=', '>='];

/** i32 operations. Unsigned compares flip the sign bits and compare signed (`(a ^ -2147483648) < (b ^
 *  -2147483648)`), not `(a >>> 0) < (b >>> 0)`: without a JIT, V8 makes a heap number of every `>>> 0` at or
 *  above 2^31 (half of all random values; measured: 7 ns more per compare), and the xor stays a small integer. */
const I32_BIN: Record<number, string> = {
  0x46: '$a === $b ? 1 : 0',
  0x47: '$a !== $b ? 1 : 0',
  0x48: '$a < $b ? 1 : 0',
  0x49: '($a ^ -2147483648) < ($b ^ -2147483648) ? 1 : 0',
  0x4a: '$a > $b ? 1 : 0',
  0x4b: '($a ^ -2147483648) > ($b ^ -2147483648) ? 1 : 0',
  0x4c: '$a <= $b ? 1 : 0',
  0x4d: '($a ^ -2147483648) <= ($b ^ -2147483648) ? 1 : 0',
  0x4e: '$a >= $b ? 1 : 0',
  0x4f: '($a ^ -2147483648) >= ($b ^ -2147483648) ? 1 : 0',
  0x6a: '($a + $b) | 0',
  0x6b: '($a - $b) | 0',
  0x6c: 'Math.imul($a, $b)',
  0x6d: 'rt.i32.div_s($a, $b, $p)',
  0x6e: 'rt.i32.div_u($a, $b, $p)',
  0x6f: 'rt.i32.rem_s($a, $b, $p)',
  0x70: 'rt.i32.rem_u($a, $b, $p)',
  0x71: '$a & $b',
  0x72: '$a | $b',
  0x73: '$a ^ $b',
  0x74: '$a << $b',
  0x75: '$a >> $b',
  0x76: '($a >>> $b) | 0',
  0x77: '(X = $a, (X << $b) | (X >>> (32 - $b)))',
  0x78: '(X = $a, (X >>> $b) | (X << (32 - $b)))',
};

/** The i32 compare of the low halves that decides i64 compare 0x51 + i when the high halves are equal. */
const LOW_CMP = [0x46, 0x47, 0x49, 0x49, 0x4b, 0x4b, 0x4d, 0x4d, 0x4f, 0x4f];

const I64_CMP: Record<number, string> = {
  0x51: '$al === $bl && $ah === $bh ? 1 : 0',
  0x52: '$al !== $bl || $ah !== $bh ? 1 : 0',
  0x53: '$ah < $bh || ($ah === $bh && ($al ^ -2147483648) < ($bl ^ -2147483648)) ? 1 : 0',
  0x54: '($ah ^ -2147483648) < ($bh ^ -2147483648) || ($ah === $bh && ($al ^ -2147483648) < ($bl ^ -2147483648)) ? 1 : 0',
  0x55: '$ah > $bh || ($ah === $bh && ($al ^ -2147483648) > ($bl ^ -2147483648)) ? 1 : 0',
  0x56: '($ah ^ -2147483648) > ($bh ^ -2147483648) || ($ah === $bh && ($al ^ -2147483648) > ($bl ^ -2147483648)) ? 1 : 0',
  0x57: '$ah < $bh || ($ah === $bh && ($al ^ -2147483648) <= ($bl ^ -2147483648)) ? 1 : 0',
  0x58: '($ah ^ -2147483648) < ($bh ^ -2147483648) || ($ah === $bh && ($al ^ -2147483648) <= ($bl ^ -2147483648)) ? 1 : 0',
  0x59: '$ah > $bh || ($ah === $bh && ($al ^ -2147483648) >= ($bl ^ -2147483648)) ? 1 : 0',
  0x5a: '($ah ^ -2147483648) > ($bh ^ -2147483648) || ($ah === $bh && ($al ^ -2147483648) >= ($bl ^ -2147483648)) ? 1 : 0',
};

/** The templates of I32_BIN and I64_CMP split once (fill: a split per use cost more than the operation's code). */
const TEMPLATE_PIECES: ReadonlyMap<string, readonly [readonly string[], readonly string[]]> = new Map(
  [...Object.values(I32_BIN), ...Object.values(I64_CMP)].map((t) => [t, templatePieces(t)]));

/** [lo, hi] expressions of an i64 shift or rotate by the constant k (0..63). */
function shiftConst(op: number, k: number, lo: string, hi: string): [string, string] {
  if (op === 0x8a) return shiftConst(0x89, (64 - k) & 63, lo, hi); // rotr k = rotl (64 - k)
  if (k === 0) return [lo, hi];
  switch (op) {
    case 0x86: // shl
      if (k < 32) return [`${lo} << ${k}`, `(${hi} << ${k}) | (${lo} >>> ${32 - k})`];
      return ['0', `${lo} << ${k - 32}`];
    case 0x87: // shr_s
      if (k < 32) return [`(${lo} >>> ${k}) | (${hi} << ${32 - k})`, `${hi} >> ${k}`];
      return [`${hi} >> ${k - 32}`, `${hi} >> 31`];
    case 0x88: // shr_u
      // (by 1 and more, `>>>` gives an int32 already: no `| 0`)
      if (k < 32) return [`(${lo} >>> ${k}) | (${hi} << ${32 - k})`, `${hi} >>> ${k}`];
      return [k === 32 ? hi : `${hi} >>> ${k - 32}`, '0'];
    default: { // rotl
      if (k === 32) return [hi, lo];
      if (k < 32) return [`(${lo} << ${k}) | (${hi} >>> ${32 - k})`, `(${hi} << ${k}) | (${lo} >>> ${32 - k})`];
      const j = k - 32;
      return [`(${hi} << ${j}) | (${lo} >>> ${32 - j})`, `(${lo} << ${j}) | (${hi} >>> ${32 - j})`];
    }
  }
}
