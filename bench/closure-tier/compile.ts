// A closure-compiled tier, as an experiment (issue #17): is a tree of JS closures, built once per wasm function
// without `new Function`, fast enough without a JIT (node --jitless, Hermes, QuickJS) to replace the
// interpreter there? Not a product: it covers the instructions the six benchmark kernels use and refuses the
// rest (`Unsupported`, naming the instruction); run.ts measures it against the interpreter and the JS tier.
//
// The design, each choice one a real tier would face:
// - Built from the core validator's walk (a BodySink, as the JS tier's code generator is), so types and
//   operand heights are static.
// - Expressions are closures returning their value: i32 an int32, f64 a number, i64 its low half with the
//   high half in the shared register `H` (int32 pairs, no BigInt; the interpreter's src/vm/ops/i64.ts does
//   mul/div/shifts). f32 is not covered (no kernel uses it).
// - The wasm operand stack disappears at compile time: an instruction pushes a *pending* expression; a
//   consumer nests it. Before anything with an effect (a local/global/memory write, a call, a branch, a block
//   boundary) pending expressions are evaluated into their stack slots in order (`flush`), so evaluation and
//   trap order are the wasm order.
// - Statements are closures returning a branch signal: 0 falls through, k > 0 leaves k enclosing constructs
//   (a `br d` returns d + 1; block/loop/if nodes consume one level; a loop restarts on 1).
// - Locals and stack slots live in typed arrays (SI: Int32Array for i32 and i64 halves, SF: Float64Array for
//   f64, same slot numbering), as the interpreter keeps state (GUIDE §2.1); closures read the current frame
//   through views `L`/`LF` made once per depth (commit b2df992 read `SI[fp + k]`: measured slower).
//   Wasm calls are JS calls (recursion on the JS stack: a real tier needs the JS tier's depth budget).
// - Memory: loads read an element view when aligned and in bounds, else the DataView, whose RangeError is the
//   trap (exact bounds); stores are DataView calls (the JS tier's scheme).
// - Variant `fuse` (superinstructions): i32 binary operations and compares whose operands are a local or a
//   constant read them directly instead of calling a child closure (gen-ops.mjs writes the forms), and their
//   consumer joins them: `local.set` of an operation or of an `i32.load` from a local, `br_if` and `if` on a
//   compare are one closure each; the hot i64 operations run inline.
// - Variant `unroll`: statement lists of up to eight run without a loop; `chains`: nested blocks (a C switch)
//   as one node that jumps to the segment a branch leaves to.
import type { ValidatedModule } from '../../src/validate/validated-module.js';
import type { BodyContext, BodySink } from '../../src/validate/sink.js';
import { validateFunction } from '../../src/validate/index.js';
import { opName } from '../../src/decoder/opcodes.js';
import * as i64 from '../../src/vm/ops/i64.js';

export interface Variant {
  /** superinstructions: operands that are locals or constants read in place */
  readonly fuse: boolean;
  /** statement lists of 1–8 run without a loop */
  readonly unroll: boolean;
  /** nested blocks as one node (chainNode) */
  readonly chains: boolean;
}

export class Unsupported extends Error {}

type E = () => number; // an expression: i32/f64 value, or an i64's low half (high half in H)
type St = () => number; // a statement: its branch signal

const I32 = 0x7f, I64 = 0x7e, F64 = 0x7c;

interface Val {
  readonly t: number;
  readonly e: E;
  /** 'l' local k, 'c' constant k (an i64's low half), 's' stack slot k (already evaluated), 'x' anything else */
  readonly kind: 'l' | 'c' | 's' | 'x';
  readonly k: number;
  /** an i32.load from a local's address (offset `k` of the Val is unused): fused into `local.set` */
  readonly loadFrom?: { readonly local: number; readonly off: number };
  /** an i32 binary operation's table entry and operands, for its consumer to fuse with (`local.set`, `br_if`) */
  readonly bin?: { readonly op: BinOpForms; readonly x: Val; readonly y: Val };
}

type Shape = 'nn' | 'lk' | 'll' | 'nk' | 'nl';
type Form<R> = (...args: never[]) => R;
/** what compile.ts's I32OPS entries offer, looked up by shape */
type BinOpForms = Record<string, Form<unknown> | undefined>;

interface Frame {
  readonly op: number; // 0x02 block, 0x03 loop, 0x04 if, -1 body
  readonly base: number; // operand height of the frame's params/results
  readonly params: readonly number[];
  readonly results: readonly number[];
  stmts: St[];
  readonly live: boolean;
  cond: E | null;
  thenStmts: St[] | null;
  /** an `if` on a compare: fused into one node */
  cbin?: { readonly op: BinOpForms; readonly x: Val; readonly y: Val };
}

interface FuncRec {
  run: St | null;
  size: number; // slots of a frame (locals and operand stack)
  readonly params: readonly number[];
  readonly results: readonly number[];
  readonly localSlots: readonly number[]; // slot of each local
  readonly localTypes: readonly number[];
  readonly nLocalSlots: number;
  readonly nParamSlots: number;
}

/** A compiled module's entry: `call(funcIndex, args)` runs an exported function (i32/f64 results). */
export interface ClosureModule {
  call(funcIndex: number, args: readonly number[]): number;
}

/**
 * Compiles every defined function of `vm` to closures over one machine: `memory` (the instance's buffer:
 * data segments already applied), globals from their constant initializers. One instance per compile: the
 * closures capture the machine's state (a real tier would build the trees per instance, or pass the state).
 */
export function compileModule(vm: ValidatedModule, memory: ArrayBuffer | null, globalsInit: readonly number[], variant: Variant): ClosureModule {
  const FUSE = variant.fuse;
  const SI = new Int32Array(1 << 20);
  const SF = new Float64Array(1 << 20);
  const GI = new Int32Array(globalsInit.length * 2 + 2);
  for (let g = 0; g < globalsInit.length; g++) GI[g * 2] = globalsInit[g];
  // Every frame has the same size (the largest function's) so frame d starts at d * FS and its views are made
  // once: locals are read as `L[k]` (the current frame's Int32Array view) and `LF[k]` (Float64Array).
  let FS = 0;
  let fp = 0;
  const IV: Int32Array[] = [];
  const FV: Float64Array[] = [];
  let L: Int32Array = SI;
  let LF: Float64Array = SF;
  let H = 0; // high half of the i64 an expression just returned
  let RV = 0; // a function's result (RH: an i64's high half)
  let RH = 0;
  const DV = memory ? new DataView(memory) : new DataView(new ArrayBuffer(0));
  const little = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
  const IW = memory && little ? new Int32Array(memory) : new Int32Array(0);
  const FW = memory && little ? new Float64Array(memory) : new Float64Array(0);
  const U8 = memory ? new Uint8Array(memory) : new Uint8Array(0);
  const trap = (msg: string): never => { throw new Error(`trap: ${msg}`); };
  const m = vm.module;
  const recs: FuncRec[] = [];
  for (let f = 0; f < m.importedFuncs; f++) recs.push(null as unknown as FuncRec);
  const o = i64.out;

  // ---- expression nodes
  const konst = (c: number): E => () => c;
  const k64 = (lo: number, hi: number): E => () => { H = hi; return lo; };
  const getI = (k: number): E => () => L[k];
  const getF = (k: number): E => () => LF[k];
  const getJ = (k: number): E => () => { H = L[k + 1]; return L[k]; };
  const getter = (t: number, k: number): E => (t === I64 ? getJ(k) : t === F64 ? getF(k) : getI(k));

  // i32 binary operations: one closure per operand shape and consumer (gen-ops.mjs writes them: no shared
  // `f(a, b)` call, which without a JIT is what fusing saves). `set_*` are `local.set d` of the operation,
  // `br_*` a `br_if` (signal s) on a compare, `if_*` an `if` on it (then/else lists t and f).
  type Bin = (a: number, b: number) => number;
  type Shaped<R> = { nn(x: E, y: E): R; lk(j: number, c: number): R; ll(j: number, k: number): R; nk(x: E, c: number): R; nl(x: E, k: number): R };
  type SetShaped = { set_nn(d: number, x: E, y: E): St; set_lk(d: number, j: number, c: number): St; set_ll(d: number, j: number, k: number): St; set_nk(d: number, x: E, c: number): St; set_nl(d: number, x: E, k: number): St };
  type BrShaped = { br_nn(s: number, x: E, y: E): St; br_lk(s: number, j: number, c: number): St; br_ll(s: number, j: number, k: number): St; br_nk(s: number, x: E, c: number): St; br_nl(s: number, x: E, k: number): St };
  type IfShaped = { if_nn(t: St, f: St, x: E, y: E): St; if_lk(t: St, f: St, j: number, c: number): St; if_ll(t: St, f: St, j: number, k: number): St; if_nk(t: St, f: St, x: E, c: number): St; if_nl(t: St, f: St, x: E, k: number): St };
  type BinOp = Shaped<E> & SetShaped & Partial<BrShaped & IfShaped>;
  const I32OPS: Record<string, BinOp> = {
    // BEGIN GENERATED by gen-ops.mjs
    'i32.add': {
      nn: (x: E, y: E): E => () => (x() + y()) | 0,
      set_nn: (d: number, x: E, y: E): St => () => { L[d] = (x() + y()) | 0; return 0; },
      lk: (j: number, c: number): E => () => (L[j] + c) | 0,
      set_lk: (d: number, j: number, c: number): St => () => { L[d] = (L[j] + c) | 0; return 0; },
      ll: (j: number, k: number): E => () => (L[j] + L[k]) | 0,
      set_ll: (d: number, j: number, k: number): St => () => { L[d] = (L[j] + L[k]) | 0; return 0; },
      nk: (x: E, c: number): E => () => (x() + c) | 0,
      set_nk: (d: number, x: E, c: number): St => () => { L[d] = (x() + c) | 0; return 0; },
      nl: (x: E, k: number): E => () => (x() + L[k]) | 0,
      set_nl: (d: number, x: E, k: number): St => () => { L[d] = (x() + L[k]) | 0; return 0; },
    },
    'i32.sub': {
      nn: (x: E, y: E): E => () => (x() - y()) | 0,
      set_nn: (d: number, x: E, y: E): St => () => { L[d] = (x() - y()) | 0; return 0; },
      lk: (j: number, c: number): E => () => (L[j] - c) | 0,
      set_lk: (d: number, j: number, c: number): St => () => { L[d] = (L[j] - c) | 0; return 0; },
      ll: (j: number, k: number): E => () => (L[j] - L[k]) | 0,
      set_ll: (d: number, j: number, k: number): St => () => { L[d] = (L[j] - L[k]) | 0; return 0; },
      nk: (x: E, c: number): E => () => (x() - c) | 0,
      set_nk: (d: number, x: E, c: number): St => () => { L[d] = (x() - c) | 0; return 0; },
      nl: (x: E, k: number): E => () => (x() - L[k]) | 0,
      set_nl: (d: number, x: E, k: number): St => () => { L[d] = (x() - L[k]) | 0; return 0; },
    },
    'i32.mul': {
      nn: (x: E, y: E): E => () => Math.imul(x(), y()),
      set_nn: (d: number, x: E, y: E): St => () => { L[d] = Math.imul(x(), y()); return 0; },
      lk: (j: number, c: number): E => () => Math.imul(L[j], c),
      set_lk: (d: number, j: number, c: number): St => () => { L[d] = Math.imul(L[j], c); return 0; },
      ll: (j: number, k: number): E => () => Math.imul(L[j], L[k]),
      set_ll: (d: number, j: number, k: number): St => () => { L[d] = Math.imul(L[j], L[k]); return 0; },
      nk: (x: E, c: number): E => () => Math.imul(x(), c),
      set_nk: (d: number, x: E, c: number): St => () => { L[d] = Math.imul(x(), c); return 0; },
      nl: (x: E, k: number): E => () => Math.imul(x(), L[k]),
      set_nl: (d: number, x: E, k: number): St => () => { L[d] = Math.imul(x(), L[k]); return 0; },
    },
    'i32.and': {
      nn: (x: E, y: E): E => () => x() & y(),
      set_nn: (d: number, x: E, y: E): St => () => { L[d] = x() & y(); return 0; },
      lk: (j: number, c: number): E => () => L[j] & c,
      set_lk: (d: number, j: number, c: number): St => () => { L[d] = L[j] & c; return 0; },
      ll: (j: number, k: number): E => () => L[j] & L[k],
      set_ll: (d: number, j: number, k: number): St => () => { L[d] = L[j] & L[k]; return 0; },
      nk: (x: E, c: number): E => () => x() & c,
      set_nk: (d: number, x: E, c: number): St => () => { L[d] = x() & c; return 0; },
      nl: (x: E, k: number): E => () => x() & L[k],
      set_nl: (d: number, x: E, k: number): St => () => { L[d] = x() & L[k]; return 0; },
    },
    'i32.or': {
      nn: (x: E, y: E): E => () => x() | y(),
      set_nn: (d: number, x: E, y: E): St => () => { L[d] = x() | y(); return 0; },
      lk: (j: number, c: number): E => () => L[j] | c,
      set_lk: (d: number, j: number, c: number): St => () => { L[d] = L[j] | c; return 0; },
      ll: (j: number, k: number): E => () => L[j] | L[k],
      set_ll: (d: number, j: number, k: number): St => () => { L[d] = L[j] | L[k]; return 0; },
      nk: (x: E, c: number): E => () => x() | c,
      set_nk: (d: number, x: E, c: number): St => () => { L[d] = x() | c; return 0; },
      nl: (x: E, k: number): E => () => x() | L[k],
      set_nl: (d: number, x: E, k: number): St => () => { L[d] = x() | L[k]; return 0; },
    },
    'i32.xor': {
      nn: (x: E, y: E): E => () => x() ^ y(),
      set_nn: (d: number, x: E, y: E): St => () => { L[d] = x() ^ y(); return 0; },
      lk: (j: number, c: number): E => () => L[j] ^ c,
      set_lk: (d: number, j: number, c: number): St => () => { L[d] = L[j] ^ c; return 0; },
      ll: (j: number, k: number): E => () => L[j] ^ L[k],
      set_ll: (d: number, j: number, k: number): St => () => { L[d] = L[j] ^ L[k]; return 0; },
      nk: (x: E, c: number): E => () => x() ^ c,
      set_nk: (d: number, x: E, c: number): St => () => { L[d] = x() ^ c; return 0; },
      nl: (x: E, k: number): E => () => x() ^ L[k],
      set_nl: (d: number, x: E, k: number): St => () => { L[d] = x() ^ L[k]; return 0; },
    },
    'i32.shl': {
      nn: (x: E, y: E): E => () => x() << y(),
      set_nn: (d: number, x: E, y: E): St => () => { L[d] = x() << y(); return 0; },
      lk: (j: number, c: number): E => () => L[j] << c,
      set_lk: (d: number, j: number, c: number): St => () => { L[d] = L[j] << c; return 0; },
      ll: (j: number, k: number): E => () => L[j] << L[k],
      set_ll: (d: number, j: number, k: number): St => () => { L[d] = L[j] << L[k]; return 0; },
      nk: (x: E, c: number): E => () => x() << c,
      set_nk: (d: number, x: E, c: number): St => () => { L[d] = x() << c; return 0; },
      nl: (x: E, k: number): E => () => x() << L[k],
      set_nl: (d: number, x: E, k: number): St => () => { L[d] = x() << L[k]; return 0; },
    },
    'i32.shr_u': {
      nn: (x: E, y: E): E => () => (x() >>> y()) | 0,
      set_nn: (d: number, x: E, y: E): St => () => { L[d] = (x() >>> y()) | 0; return 0; },
      lk: (j: number, c: number): E => () => (L[j] >>> c) | 0,
      set_lk: (d: number, j: number, c: number): St => () => { L[d] = (L[j] >>> c) | 0; return 0; },
      ll: (j: number, k: number): E => () => (L[j] >>> L[k]) | 0,
      set_ll: (d: number, j: number, k: number): St => () => { L[d] = (L[j] >>> L[k]) | 0; return 0; },
      nk: (x: E, c: number): E => () => (x() >>> c) | 0,
      set_nk: (d: number, x: E, c: number): St => () => { L[d] = (x() >>> c) | 0; return 0; },
      nl: (x: E, k: number): E => () => (x() >>> L[k]) | 0,
      set_nl: (d: number, x: E, k: number): St => () => { L[d] = (x() >>> L[k]) | 0; return 0; },
    },
    'i32.shr_s': {
      nn: (x: E, y: E): E => () => x() >> y(),
      set_nn: (d: number, x: E, y: E): St => () => { L[d] = x() >> y(); return 0; },
      lk: (j: number, c: number): E => () => L[j] >> c,
      set_lk: (d: number, j: number, c: number): St => () => { L[d] = L[j] >> c; return 0; },
      ll: (j: number, k: number): E => () => L[j] >> L[k],
      set_ll: (d: number, j: number, k: number): St => () => { L[d] = L[j] >> L[k]; return 0; },
      nk: (x: E, c: number): E => () => x() >> c,
      set_nk: (d: number, x: E, c: number): St => () => { L[d] = x() >> c; return 0; },
      nl: (x: E, k: number): E => () => x() >> L[k],
      set_nl: (d: number, x: E, k: number): St => () => { L[d] = x() >> L[k]; return 0; },
    },
    'i32.eq': {
      nn: (x: E, y: E): E => () => (x() === y() ? 1 : 0),
      set_nn: (d: number, x: E, y: E): St => () => { L[d] = (x() === y() ? 1 : 0); return 0; },
      br_nn: (s: number, x: E, y: E): St => () => (x() === y() ? s : 0),
      if_nn: (t: St, f: St, x: E, y: E): St => () => { const r = x() === y() ? t() : f(); return r > 0 ? r - 1 : 0; },
      lk: (j: number, c: number): E => () => (L[j] === c ? 1 : 0),
      set_lk: (d: number, j: number, c: number): St => () => { L[d] = (L[j] === c ? 1 : 0); return 0; },
      br_lk: (s: number, j: number, c: number): St => () => (L[j] === c ? s : 0),
      if_lk: (t: St, f: St, j: number, c: number): St => () => { const r = L[j] === c ? t() : f(); return r > 0 ? r - 1 : 0; },
      ll: (j: number, k: number): E => () => (L[j] === L[k] ? 1 : 0),
      set_ll: (d: number, j: number, k: number): St => () => { L[d] = (L[j] === L[k] ? 1 : 0); return 0; },
      br_ll: (s: number, j: number, k: number): St => () => (L[j] === L[k] ? s : 0),
      if_ll: (t: St, f: St, j: number, k: number): St => () => { const r = L[j] === L[k] ? t() : f(); return r > 0 ? r - 1 : 0; },
      nk: (x: E, c: number): E => () => (x() === c ? 1 : 0),
      set_nk: (d: number, x: E, c: number): St => () => { L[d] = (x() === c ? 1 : 0); return 0; },
      br_nk: (s: number, x: E, c: number): St => () => (x() === c ? s : 0),
      if_nk: (t: St, f: St, x: E, c: number): St => () => { const r = x() === c ? t() : f(); return r > 0 ? r - 1 : 0; },
      nl: (x: E, k: number): E => () => (x() === L[k] ? 1 : 0),
      set_nl: (d: number, x: E, k: number): St => () => { L[d] = (x() === L[k] ? 1 : 0); return 0; },
      br_nl: (s: number, x: E, k: number): St => () => (x() === L[k] ? s : 0),
      if_nl: (t: St, f: St, x: E, k: number): St => () => { const r = x() === L[k] ? t() : f(); return r > 0 ? r - 1 : 0; },
    },
    'i32.ne': {
      nn: (x: E, y: E): E => () => (x() !== y() ? 1 : 0),
      set_nn: (d: number, x: E, y: E): St => () => { L[d] = (x() !== y() ? 1 : 0); return 0; },
      br_nn: (s: number, x: E, y: E): St => () => (x() !== y() ? s : 0),
      if_nn: (t: St, f: St, x: E, y: E): St => () => { const r = x() !== y() ? t() : f(); return r > 0 ? r - 1 : 0; },
      lk: (j: number, c: number): E => () => (L[j] !== c ? 1 : 0),
      set_lk: (d: number, j: number, c: number): St => () => { L[d] = (L[j] !== c ? 1 : 0); return 0; },
      br_lk: (s: number, j: number, c: number): St => () => (L[j] !== c ? s : 0),
      if_lk: (t: St, f: St, j: number, c: number): St => () => { const r = L[j] !== c ? t() : f(); return r > 0 ? r - 1 : 0; },
      ll: (j: number, k: number): E => () => (L[j] !== L[k] ? 1 : 0),
      set_ll: (d: number, j: number, k: number): St => () => { L[d] = (L[j] !== L[k] ? 1 : 0); return 0; },
      br_ll: (s: number, j: number, k: number): St => () => (L[j] !== L[k] ? s : 0),
      if_ll: (t: St, f: St, j: number, k: number): St => () => { const r = L[j] !== L[k] ? t() : f(); return r > 0 ? r - 1 : 0; },
      nk: (x: E, c: number): E => () => (x() !== c ? 1 : 0),
      set_nk: (d: number, x: E, c: number): St => () => { L[d] = (x() !== c ? 1 : 0); return 0; },
      br_nk: (s: number, x: E, c: number): St => () => (x() !== c ? s : 0),
      if_nk: (t: St, f: St, x: E, c: number): St => () => { const r = x() !== c ? t() : f(); return r > 0 ? r - 1 : 0; },
      nl: (x: E, k: number): E => () => (x() !== L[k] ? 1 : 0),
      set_nl: (d: number, x: E, k: number): St => () => { L[d] = (x() !== L[k] ? 1 : 0); return 0; },
      br_nl: (s: number, x: E, k: number): St => () => (x() !== L[k] ? s : 0),
      if_nl: (t: St, f: St, x: E, k: number): St => () => { const r = x() !== L[k] ? t() : f(); return r > 0 ? r - 1 : 0; },
    },
    'i32.lt_s': {
      nn: (x: E, y: E): E => () => (x() < y() ? 1 : 0),
      set_nn: (d: number, x: E, y: E): St => () => { L[d] = (x() < y() ? 1 : 0); return 0; },
      br_nn: (s: number, x: E, y: E): St => () => (x() < y() ? s : 0),
      if_nn: (t: St, f: St, x: E, y: E): St => () => { const r = x() < y() ? t() : f(); return r > 0 ? r - 1 : 0; },
      lk: (j: number, c: number): E => () => (L[j] < c ? 1 : 0),
      set_lk: (d: number, j: number, c: number): St => () => { L[d] = (L[j] < c ? 1 : 0); return 0; },
      br_lk: (s: number, j: number, c: number): St => () => (L[j] < c ? s : 0),
      if_lk: (t: St, f: St, j: number, c: number): St => () => { const r = L[j] < c ? t() : f(); return r > 0 ? r - 1 : 0; },
      ll: (j: number, k: number): E => () => (L[j] < L[k] ? 1 : 0),
      set_ll: (d: number, j: number, k: number): St => () => { L[d] = (L[j] < L[k] ? 1 : 0); return 0; },
      br_ll: (s: number, j: number, k: number): St => () => (L[j] < L[k] ? s : 0),
      if_ll: (t: St, f: St, j: number, k: number): St => () => { const r = L[j] < L[k] ? t() : f(); return r > 0 ? r - 1 : 0; },
      nk: (x: E, c: number): E => () => (x() < c ? 1 : 0),
      set_nk: (d: number, x: E, c: number): St => () => { L[d] = (x() < c ? 1 : 0); return 0; },
      br_nk: (s: number, x: E, c: number): St => () => (x() < c ? s : 0),
      if_nk: (t: St, f: St, x: E, c: number): St => () => { const r = x() < c ? t() : f(); return r > 0 ? r - 1 : 0; },
      nl: (x: E, k: number): E => () => (x() < L[k] ? 1 : 0),
      set_nl: (d: number, x: E, k: number): St => () => { L[d] = (x() < L[k] ? 1 : 0); return 0; },
      br_nl: (s: number, x: E, k: number): St => () => (x() < L[k] ? s : 0),
      if_nl: (t: St, f: St, x: E, k: number): St => () => { const r = x() < L[k] ? t() : f(); return r > 0 ? r - 1 : 0; },
    },
    'i32.gt_s': {
      nn: (x: E, y: E): E => () => (x() > y() ? 1 : 0),
      set_nn: (d: number, x: E, y: E): St => () => { L[d] = (x() > y() ? 1 : 0); return 0; },
      br_nn: (s: number, x: E, y: E): St => () => (x() > y() ? s : 0),
      if_nn: (t: St, f: St, x: E, y: E): St => () => { const r = x() > y() ? t() : f(); return r > 0 ? r - 1 : 0; },
      lk: (j: number, c: number): E => () => (L[j] > c ? 1 : 0),
      set_lk: (d: number, j: number, c: number): St => () => { L[d] = (L[j] > c ? 1 : 0); return 0; },
      br_lk: (s: number, j: number, c: number): St => () => (L[j] > c ? s : 0),
      if_lk: (t: St, f: St, j: number, c: number): St => () => { const r = L[j] > c ? t() : f(); return r > 0 ? r - 1 : 0; },
      ll: (j: number, k: number): E => () => (L[j] > L[k] ? 1 : 0),
      set_ll: (d: number, j: number, k: number): St => () => { L[d] = (L[j] > L[k] ? 1 : 0); return 0; },
      br_ll: (s: number, j: number, k: number): St => () => (L[j] > L[k] ? s : 0),
      if_ll: (t: St, f: St, j: number, k: number): St => () => { const r = L[j] > L[k] ? t() : f(); return r > 0 ? r - 1 : 0; },
      nk: (x: E, c: number): E => () => (x() > c ? 1 : 0),
      set_nk: (d: number, x: E, c: number): St => () => { L[d] = (x() > c ? 1 : 0); return 0; },
      br_nk: (s: number, x: E, c: number): St => () => (x() > c ? s : 0),
      if_nk: (t: St, f: St, x: E, c: number): St => () => { const r = x() > c ? t() : f(); return r > 0 ? r - 1 : 0; },
      nl: (x: E, k: number): E => () => (x() > L[k] ? 1 : 0),
      set_nl: (d: number, x: E, k: number): St => () => { L[d] = (x() > L[k] ? 1 : 0); return 0; },
      br_nl: (s: number, x: E, k: number): St => () => (x() > L[k] ? s : 0),
      if_nl: (t: St, f: St, x: E, k: number): St => () => { const r = x() > L[k] ? t() : f(); return r > 0 ? r - 1 : 0; },
    },
    'i32.le_s': {
      nn: (x: E, y: E): E => () => (x() <= y() ? 1 : 0),
      set_nn: (d: number, x: E, y: E): St => () => { L[d] = (x() <= y() ? 1 : 0); return 0; },
      br_nn: (s: number, x: E, y: E): St => () => (x() <= y() ? s : 0),
      if_nn: (t: St, f: St, x: E, y: E): St => () => { const r = x() <= y() ? t() : f(); return r > 0 ? r - 1 : 0; },
      lk: (j: number, c: number): E => () => (L[j] <= c ? 1 : 0),
      set_lk: (d: number, j: number, c: number): St => () => { L[d] = (L[j] <= c ? 1 : 0); return 0; },
      br_lk: (s: number, j: number, c: number): St => () => (L[j] <= c ? s : 0),
      if_lk: (t: St, f: St, j: number, c: number): St => () => { const r = L[j] <= c ? t() : f(); return r > 0 ? r - 1 : 0; },
      ll: (j: number, k: number): E => () => (L[j] <= L[k] ? 1 : 0),
      set_ll: (d: number, j: number, k: number): St => () => { L[d] = (L[j] <= L[k] ? 1 : 0); return 0; },
      br_ll: (s: number, j: number, k: number): St => () => (L[j] <= L[k] ? s : 0),
      if_ll: (t: St, f: St, j: number, k: number): St => () => { const r = L[j] <= L[k] ? t() : f(); return r > 0 ? r - 1 : 0; },
      nk: (x: E, c: number): E => () => (x() <= c ? 1 : 0),
      set_nk: (d: number, x: E, c: number): St => () => { L[d] = (x() <= c ? 1 : 0); return 0; },
      br_nk: (s: number, x: E, c: number): St => () => (x() <= c ? s : 0),
      if_nk: (t: St, f: St, x: E, c: number): St => () => { const r = x() <= c ? t() : f(); return r > 0 ? r - 1 : 0; },
      nl: (x: E, k: number): E => () => (x() <= L[k] ? 1 : 0),
      set_nl: (d: number, x: E, k: number): St => () => { L[d] = (x() <= L[k] ? 1 : 0); return 0; },
      br_nl: (s: number, x: E, k: number): St => () => (x() <= L[k] ? s : 0),
      if_nl: (t: St, f: St, x: E, k: number): St => () => { const r = x() <= L[k] ? t() : f(); return r > 0 ? r - 1 : 0; },
    },
    'i32.ge_s': {
      nn: (x: E, y: E): E => () => (x() >= y() ? 1 : 0),
      set_nn: (d: number, x: E, y: E): St => () => { L[d] = (x() >= y() ? 1 : 0); return 0; },
      br_nn: (s: number, x: E, y: E): St => () => (x() >= y() ? s : 0),
      if_nn: (t: St, f: St, x: E, y: E): St => () => { const r = x() >= y() ? t() : f(); return r > 0 ? r - 1 : 0; },
      lk: (j: number, c: number): E => () => (L[j] >= c ? 1 : 0),
      set_lk: (d: number, j: number, c: number): St => () => { L[d] = (L[j] >= c ? 1 : 0); return 0; },
      br_lk: (s: number, j: number, c: number): St => () => (L[j] >= c ? s : 0),
      if_lk: (t: St, f: St, j: number, c: number): St => () => { const r = L[j] >= c ? t() : f(); return r > 0 ? r - 1 : 0; },
      ll: (j: number, k: number): E => () => (L[j] >= L[k] ? 1 : 0),
      set_ll: (d: number, j: number, k: number): St => () => { L[d] = (L[j] >= L[k] ? 1 : 0); return 0; },
      br_ll: (s: number, j: number, k: number): St => () => (L[j] >= L[k] ? s : 0),
      if_ll: (t: St, f: St, j: number, k: number): St => () => { const r = L[j] >= L[k] ? t() : f(); return r > 0 ? r - 1 : 0; },
      nk: (x: E, c: number): E => () => (x() >= c ? 1 : 0),
      set_nk: (d: number, x: E, c: number): St => () => { L[d] = (x() >= c ? 1 : 0); return 0; },
      br_nk: (s: number, x: E, c: number): St => () => (x() >= c ? s : 0),
      if_nk: (t: St, f: St, x: E, c: number): St => () => { const r = x() >= c ? t() : f(); return r > 0 ? r - 1 : 0; },
      nl: (x: E, k: number): E => () => (x() >= L[k] ? 1 : 0),
      set_nl: (d: number, x: E, k: number): St => () => { L[d] = (x() >= L[k] ? 1 : 0); return 0; },
      br_nl: (s: number, x: E, k: number): St => () => (x() >= L[k] ? s : 0),
      if_nl: (t: St, f: St, x: E, k: number): St => () => { const r = x() >= L[k] ? t() : f(); return r > 0 ? r - 1 : 0; },
    },
    'i32.lt_u': {
      nn: (x: E, y: E): E => () => ((x() ^ -2147483648) < (y() ^ -2147483648) ? 1 : 0),
      set_nn: (d: number, x: E, y: E): St => () => { L[d] = ((x() ^ -2147483648) < (y() ^ -2147483648) ? 1 : 0); return 0; },
      br_nn: (s: number, x: E, y: E): St => () => ((x() ^ -2147483648) < (y() ^ -2147483648) ? s : 0),
      if_nn: (t: St, f: St, x: E, y: E): St => () => { const r = (x() ^ -2147483648) < (y() ^ -2147483648) ? t() : f(); return r > 0 ? r - 1 : 0; },
      lk: (j: number, c: number): E => () => ((L[j] ^ -2147483648) < (c ^ -2147483648) ? 1 : 0),
      set_lk: (d: number, j: number, c: number): St => () => { L[d] = ((L[j] ^ -2147483648) < (c ^ -2147483648) ? 1 : 0); return 0; },
      br_lk: (s: number, j: number, c: number): St => () => ((L[j] ^ -2147483648) < (c ^ -2147483648) ? s : 0),
      if_lk: (t: St, f: St, j: number, c: number): St => () => { const r = (L[j] ^ -2147483648) < (c ^ -2147483648) ? t() : f(); return r > 0 ? r - 1 : 0; },
      ll: (j: number, k: number): E => () => ((L[j] ^ -2147483648) < (L[k] ^ -2147483648) ? 1 : 0),
      set_ll: (d: number, j: number, k: number): St => () => { L[d] = ((L[j] ^ -2147483648) < (L[k] ^ -2147483648) ? 1 : 0); return 0; },
      br_ll: (s: number, j: number, k: number): St => () => ((L[j] ^ -2147483648) < (L[k] ^ -2147483648) ? s : 0),
      if_ll: (t: St, f: St, j: number, k: number): St => () => { const r = (L[j] ^ -2147483648) < (L[k] ^ -2147483648) ? t() : f(); return r > 0 ? r - 1 : 0; },
      nk: (x: E, c: number): E => () => ((x() ^ -2147483648) < (c ^ -2147483648) ? 1 : 0),
      set_nk: (d: number, x: E, c: number): St => () => { L[d] = ((x() ^ -2147483648) < (c ^ -2147483648) ? 1 : 0); return 0; },
      br_nk: (s: number, x: E, c: number): St => () => ((x() ^ -2147483648) < (c ^ -2147483648) ? s : 0),
      if_nk: (t: St, f: St, x: E, c: number): St => () => { const r = (x() ^ -2147483648) < (c ^ -2147483648) ? t() : f(); return r > 0 ? r - 1 : 0; },
      nl: (x: E, k: number): E => () => ((x() ^ -2147483648) < (L[k] ^ -2147483648) ? 1 : 0),
      set_nl: (d: number, x: E, k: number): St => () => { L[d] = ((x() ^ -2147483648) < (L[k] ^ -2147483648) ? 1 : 0); return 0; },
      br_nl: (s: number, x: E, k: number): St => () => ((x() ^ -2147483648) < (L[k] ^ -2147483648) ? s : 0),
      if_nl: (t: St, f: St, x: E, k: number): St => () => { const r = (x() ^ -2147483648) < (L[k] ^ -2147483648) ? t() : f(); return r > 0 ? r - 1 : 0; },
    },
    'i32.gt_u': {
      nn: (x: E, y: E): E => () => ((x() ^ -2147483648) > (y() ^ -2147483648) ? 1 : 0),
      set_nn: (d: number, x: E, y: E): St => () => { L[d] = ((x() ^ -2147483648) > (y() ^ -2147483648) ? 1 : 0); return 0; },
      br_nn: (s: number, x: E, y: E): St => () => ((x() ^ -2147483648) > (y() ^ -2147483648) ? s : 0),
      if_nn: (t: St, f: St, x: E, y: E): St => () => { const r = (x() ^ -2147483648) > (y() ^ -2147483648) ? t() : f(); return r > 0 ? r - 1 : 0; },
      lk: (j: number, c: number): E => () => ((L[j] ^ -2147483648) > (c ^ -2147483648) ? 1 : 0),
      set_lk: (d: number, j: number, c: number): St => () => { L[d] = ((L[j] ^ -2147483648) > (c ^ -2147483648) ? 1 : 0); return 0; },
      br_lk: (s: number, j: number, c: number): St => () => ((L[j] ^ -2147483648) > (c ^ -2147483648) ? s : 0),
      if_lk: (t: St, f: St, j: number, c: number): St => () => { const r = (L[j] ^ -2147483648) > (c ^ -2147483648) ? t() : f(); return r > 0 ? r - 1 : 0; },
      ll: (j: number, k: number): E => () => ((L[j] ^ -2147483648) > (L[k] ^ -2147483648) ? 1 : 0),
      set_ll: (d: number, j: number, k: number): St => () => { L[d] = ((L[j] ^ -2147483648) > (L[k] ^ -2147483648) ? 1 : 0); return 0; },
      br_ll: (s: number, j: number, k: number): St => () => ((L[j] ^ -2147483648) > (L[k] ^ -2147483648) ? s : 0),
      if_ll: (t: St, f: St, j: number, k: number): St => () => { const r = (L[j] ^ -2147483648) > (L[k] ^ -2147483648) ? t() : f(); return r > 0 ? r - 1 : 0; },
      nk: (x: E, c: number): E => () => ((x() ^ -2147483648) > (c ^ -2147483648) ? 1 : 0),
      set_nk: (d: number, x: E, c: number): St => () => { L[d] = ((x() ^ -2147483648) > (c ^ -2147483648) ? 1 : 0); return 0; },
      br_nk: (s: number, x: E, c: number): St => () => ((x() ^ -2147483648) > (c ^ -2147483648) ? s : 0),
      if_nk: (t: St, f: St, x: E, c: number): St => () => { const r = (x() ^ -2147483648) > (c ^ -2147483648) ? t() : f(); return r > 0 ? r - 1 : 0; },
      nl: (x: E, k: number): E => () => ((x() ^ -2147483648) > (L[k] ^ -2147483648) ? 1 : 0),
      set_nl: (d: number, x: E, k: number): St => () => { L[d] = ((x() ^ -2147483648) > (L[k] ^ -2147483648) ? 1 : 0); return 0; },
      br_nl: (s: number, x: E, k: number): St => () => ((x() ^ -2147483648) > (L[k] ^ -2147483648) ? s : 0),
      if_nl: (t: St, f: St, x: E, k: number): St => () => { const r = (x() ^ -2147483648) > (L[k] ^ -2147483648) ? t() : f(); return r > 0 ? r - 1 : 0; },
    },
    'i32.le_u': {
      nn: (x: E, y: E): E => () => ((x() ^ -2147483648) <= (y() ^ -2147483648) ? 1 : 0),
      set_nn: (d: number, x: E, y: E): St => () => { L[d] = ((x() ^ -2147483648) <= (y() ^ -2147483648) ? 1 : 0); return 0; },
      br_nn: (s: number, x: E, y: E): St => () => ((x() ^ -2147483648) <= (y() ^ -2147483648) ? s : 0),
      if_nn: (t: St, f: St, x: E, y: E): St => () => { const r = (x() ^ -2147483648) <= (y() ^ -2147483648) ? t() : f(); return r > 0 ? r - 1 : 0; },
      lk: (j: number, c: number): E => () => ((L[j] ^ -2147483648) <= (c ^ -2147483648) ? 1 : 0),
      set_lk: (d: number, j: number, c: number): St => () => { L[d] = ((L[j] ^ -2147483648) <= (c ^ -2147483648) ? 1 : 0); return 0; },
      br_lk: (s: number, j: number, c: number): St => () => ((L[j] ^ -2147483648) <= (c ^ -2147483648) ? s : 0),
      if_lk: (t: St, f: St, j: number, c: number): St => () => { const r = (L[j] ^ -2147483648) <= (c ^ -2147483648) ? t() : f(); return r > 0 ? r - 1 : 0; },
      ll: (j: number, k: number): E => () => ((L[j] ^ -2147483648) <= (L[k] ^ -2147483648) ? 1 : 0),
      set_ll: (d: number, j: number, k: number): St => () => { L[d] = ((L[j] ^ -2147483648) <= (L[k] ^ -2147483648) ? 1 : 0); return 0; },
      br_ll: (s: number, j: number, k: number): St => () => ((L[j] ^ -2147483648) <= (L[k] ^ -2147483648) ? s : 0),
      if_ll: (t: St, f: St, j: number, k: number): St => () => { const r = (L[j] ^ -2147483648) <= (L[k] ^ -2147483648) ? t() : f(); return r > 0 ? r - 1 : 0; },
      nk: (x: E, c: number): E => () => ((x() ^ -2147483648) <= (c ^ -2147483648) ? 1 : 0),
      set_nk: (d: number, x: E, c: number): St => () => { L[d] = ((x() ^ -2147483648) <= (c ^ -2147483648) ? 1 : 0); return 0; },
      br_nk: (s: number, x: E, c: number): St => () => ((x() ^ -2147483648) <= (c ^ -2147483648) ? s : 0),
      if_nk: (t: St, f: St, x: E, c: number): St => () => { const r = (x() ^ -2147483648) <= (c ^ -2147483648) ? t() : f(); return r > 0 ? r - 1 : 0; },
      nl: (x: E, k: number): E => () => ((x() ^ -2147483648) <= (L[k] ^ -2147483648) ? 1 : 0),
      set_nl: (d: number, x: E, k: number): St => () => { L[d] = ((x() ^ -2147483648) <= (L[k] ^ -2147483648) ? 1 : 0); return 0; },
      br_nl: (s: number, x: E, k: number): St => () => ((x() ^ -2147483648) <= (L[k] ^ -2147483648) ? s : 0),
      if_nl: (t: St, f: St, x: E, k: number): St => () => { const r = (x() ^ -2147483648) <= (L[k] ^ -2147483648) ? t() : f(); return r > 0 ? r - 1 : 0; },
    },
    'i32.ge_u': {
      nn: (x: E, y: E): E => () => ((x() ^ -2147483648) >= (y() ^ -2147483648) ? 1 : 0),
      set_nn: (d: number, x: E, y: E): St => () => { L[d] = ((x() ^ -2147483648) >= (y() ^ -2147483648) ? 1 : 0); return 0; },
      br_nn: (s: number, x: E, y: E): St => () => ((x() ^ -2147483648) >= (y() ^ -2147483648) ? s : 0),
      if_nn: (t: St, f: St, x: E, y: E): St => () => { const r = (x() ^ -2147483648) >= (y() ^ -2147483648) ? t() : f(); return r > 0 ? r - 1 : 0; },
      lk: (j: number, c: number): E => () => ((L[j] ^ -2147483648) >= (c ^ -2147483648) ? 1 : 0),
      set_lk: (d: number, j: number, c: number): St => () => { L[d] = ((L[j] ^ -2147483648) >= (c ^ -2147483648) ? 1 : 0); return 0; },
      br_lk: (s: number, j: number, c: number): St => () => ((L[j] ^ -2147483648) >= (c ^ -2147483648) ? s : 0),
      if_lk: (t: St, f: St, j: number, c: number): St => () => { const r = (L[j] ^ -2147483648) >= (c ^ -2147483648) ? t() : f(); return r > 0 ? r - 1 : 0; },
      ll: (j: number, k: number): E => () => ((L[j] ^ -2147483648) >= (L[k] ^ -2147483648) ? 1 : 0),
      set_ll: (d: number, j: number, k: number): St => () => { L[d] = ((L[j] ^ -2147483648) >= (L[k] ^ -2147483648) ? 1 : 0); return 0; },
      br_ll: (s: number, j: number, k: number): St => () => ((L[j] ^ -2147483648) >= (L[k] ^ -2147483648) ? s : 0),
      if_ll: (t: St, f: St, j: number, k: number): St => () => { const r = (L[j] ^ -2147483648) >= (L[k] ^ -2147483648) ? t() : f(); return r > 0 ? r - 1 : 0; },
      nk: (x: E, c: number): E => () => ((x() ^ -2147483648) >= (c ^ -2147483648) ? 1 : 0),
      set_nk: (d: number, x: E, c: number): St => () => { L[d] = ((x() ^ -2147483648) >= (c ^ -2147483648) ? 1 : 0); return 0; },
      br_nk: (s: number, x: E, c: number): St => () => ((x() ^ -2147483648) >= (c ^ -2147483648) ? s : 0),
      if_nk: (t: St, f: St, x: E, c: number): St => () => { const r = (x() ^ -2147483648) >= (c ^ -2147483648) ? t() : f(); return r > 0 ? r - 1 : 0; },
      nl: (x: E, k: number): E => () => ((x() ^ -2147483648) >= (L[k] ^ -2147483648) ? 1 : 0),
      set_nl: (d: number, x: E, k: number): St => () => { L[d] = ((x() ^ -2147483648) >= (L[k] ^ -2147483648) ? 1 : 0); return 0; },
      br_nl: (s: number, x: E, k: number): St => () => ((x() ^ -2147483648) >= (L[k] ^ -2147483648) ? s : 0),
      if_nl: (t: St, f: St, x: E, k: number): St => () => { const r = (x() ^ -2147483648) >= (L[k] ^ -2147483648) ? t() : f(); return r > 0 ? r - 1 : 0; },
    },
  // END GENERATED
  };
  // Colder i32 binaries: node operands only, through the shared `f` (no fused forms).
  const I32SLOW: Record<string, Bin> = {
    'i32.rotl': (a, b) => (a << (b & 31)) | (a >>> (32 - (b & 31))),
    'i32.rotr': (a, b) => (a >>> (b & 31)) | (a << (32 - (b & 31))),
    'i32.div_s': (a, b) => (b === 0 ? trap('integer divide by zero') : a === -2147483648 && b === -1 ? trap('integer overflow') : (a / b) | 0),
    'i32.div_u': (a, b) => (b === 0 ? trap('integer divide by zero') : ((a >>> 0) / (b >>> 0)) | 0),
    'i32.rem_s': (a, b) => (b === 0 ? trap('integer divide by zero') : (a % b) | 0),
    'i32.rem_u': (a, b) => (b === 0 ? trap('integer divide by zero') : ((a >>> 0) % (b >>> 0)) | 0),
  };
  const F64OPS: Record<string, Bin> = {
    'f64.add': (a, b) => a + b, 'f64.sub': (a, b) => a - b, 'f64.mul': (a, b) => a * b, 'f64.div': (a, b) => a / b,
    'f64.lt': (a, b) => (a < b ? 1 : 0), 'f64.gt': (a, b) => (a > b ? 1 : 0), 'f64.le': (a, b) => (a <= b ? 1 : 0),
    'f64.ge': (a, b) => (a >= b ? 1 : 0), 'f64.eq': (a, b) => (a === b ? 1 : 0), 'f64.ne': (a, b) => (a !== b ? 1 : 0),
  };
  // f64 arithmetic is the kernels' nbody: the four hot ones get their own closures (no `f` call).
  const F64FAST: Record<string, (x: E, y: E) => E> = {
    'f64.add': (x, y) => () => x() + y(), 'f64.sub': (x, y) => () => x() - y(),
    'f64.mul': (x, y) => () => x() * y(), 'f64.div': (x, y) => () => x() / y(),
  };
  // i64 binaries on halves: (alo, ahi, blo, bhi) → result in i64.out (or a 0/1 predicate)
  type Bin64 = (al: number, ah: number, bl: number, bh: number) => number | void;
  const I64OPS: Record<string, Bin64> = {
    'i64.add': i64.add, 'i64.sub': i64.sub, 'i64.mul': i64.mul, 'i64.div_u': i64.div_u, 'i64.div_s': i64.div_s,
    'i64.rem_u': i64.rem_u, 'i64.rem_s': i64.rem_s,
    'i64.and': (al, ah, bl, bh) => { o[0] = al & bl; o[1] = ah & bh; },
    'i64.or': (al, ah, bl, bh) => { o[0] = al | bl; o[1] = ah | bh; },
    'i64.xor': (al, ah, bl, bh) => { o[0] = al ^ bl; o[1] = ah ^ bh; },
    'i64.shl': (al, ah, bl) => i64.shl(al, ah, bl & 63), 'i64.shr_u': (al, ah, bl) => i64.shr_u(al, ah, bl & 63),
    'i64.shr_s': (al, ah, bl) => i64.shr_s(al, ah, bl & 63), 'i64.rotl': (al, ah, bl) => i64.rotl(al, ah, bl & 63),
    'i64.rotr': (al, ah, bl) => i64.rotr(al, ah, bl & 63),
  };
  const I64CMP: Record<string, Bin64> = {
    'i64.eq': i64.eq, 'i64.ne': i64.ne, 'i64.lt_s': i64.lt_s, 'i64.lt_u': i64.lt_u, 'i64.gt_s': i64.gt_s, 'i64.gt_u': i64.gt_u,
    'i64.le_s': i64.le_s, 'i64.le_u': i64.le_u, 'i64.ge_s': i64.ge_s, 'i64.ge_u': i64.ge_u,
  };

  // The i64 operations the kernels use most, inline (no helper call, no `out` register); shifts and rotates by a
  // constant specialized on it.
  const I64FAST: Record<string, (x: E, y: Val) => E> = {
    'i64.xor': (x, v) => { const y = v.e; return () => { const al = x(), ah = H, bl = y(); H = ah ^ H; return al ^ bl; }; },
    'i64.and': (x, v) => { const y = v.e; return () => { const al = x(), ah = H, bl = y(); H = ah & H; return al & bl; }; },
    'i64.or': (x, v) => { const y = v.e; return () => { const al = x(), ah = H, bl = y(); H = ah | H; return al | bl; }; },
    'i64.add': (x, v) => {
      const y = v.e;
      // carry out of the low halves: the majority of their sign bits and the sum's inverted one
      return () => { const al = x(), ah = H, bl = y(), lo = (al + bl) | 0; H = (ah + H + (((al & bl) | ((al | bl) & ~lo)) >>> 31)) | 0; return lo; };
    },
    'i64.mul': (x, v) => {
      const y = v.e;
      return () => {
        const al = x(), ah = H, bl = y(), bh = H;
        // high half of the unsigned 32x32 low product in 16-bit limbs (every partial sum below 2^32)
        const a0 = al & 0xffff, a1 = al >>> 16, b0 = bl & 0xffff, b1 = bl >>> 16;
        let t = ((a0 * b0) >>> 16) + a1 * b0;
        let hi = t >>> 16;
        t = (t & 0xffff) + a0 * b1;
        hi += (t >>> 16) + a1 * b1;
        H = (hi + Math.imul(al, bh) + Math.imul(ah, bl)) | 0;
        return Math.imul(al, bl);
      };
    },
    'i64.shl': (x, v) => {
      if (v.kind !== 'c') { const y = v.e; return () => { const al = x(), ah = H; i64.shl(al, ah, y() & 63); H = o[1]; return o[0]; }; }
      const c = v.k & 63;
      if (c === 0) return x;
      if (c >= 32) { const d = c - 32; return () => { H = x() << d; return 0; }; }
      return () => { const al = x(); H = (H << c) | (al >>> (32 - c)); return al << c; };
    },
    'i64.shr_u': (x, v) => {
      if (v.kind !== 'c') { const y = v.e; return () => { const al = x(), ah = H; i64.shr_u(al, ah, y() & 63); H = o[1]; return o[0]; }; }
      const c = v.k & 63;
      if (c === 0) return x;
      if (c >= 32) { const d = c - 32; return () => { x(); const lo = H >>> d | 0; H = 0; return lo; }; }
      return () => { const al = x(), ah = H; H = ah >>> c | 0; return (al >>> c) | (ah << (32 - c)); };
    },
    'i64.rotl': (x, v) => {
      if (v.kind !== 'c') { const y = v.e; return () => { const al = x(), ah = H; i64.rotl(al, ah, y() & 63); H = o[1]; return o[0]; }; }
      let c = v.k & 63;
      if (c === 0) return x;
      const swap = c >= 32;
      if (swap) c -= 32;
      if (c === 0) return () => { const al = x(); const lo = H; H = al; return lo; };
      if (swap) return () => { const ah = x(), al = H; H = (ah << c) | (al >>> (32 - c)); return (al << c) | (ah >>> (32 - c)); };
      return () => { const al = x(), ah = H; H = (ah << c) | (al >>> (32 - c)); return (al << c) | (ah >>> (32 - c)); };
    },
  };

  // ---- memory
  const ea = (x: E, off: number): E => () => (x() >>> 0) + off;
  function load(name: string, x: Val, off: number): E {
    const a = ea(x.e, off);
    switch (name) {
      case 'i32.load': {
        if (FUSE && x.kind === 'l') {
          const k = x.k;
          return () => { const p = (L[k] >>> 0) + off; const v = IW[p / 4]; return v === undefined ? DV.getInt32(p, true) : v; };
        }
        const xe = x.e;
        return () => { const p = (xe() >>> 0) + off; const v = IW[p / 4]; return v === undefined ? DV.getInt32(p, true) : v; };
      }
      case 'i32.load8_u': return () => { const p = a(); const v = U8[p]; return v === undefined ? DV.getUint8(p) : v; };
      case 'i32.load8_s': return () => DV.getInt8(a());
      case 'i32.load16_u': return () => DV.getUint16(a(), true);
      case 'i32.load16_s': return () => DV.getInt16(a(), true);
      case 'f64.load': return () => { const p = a(); const v = FW[p / 8]; return v === undefined ? DV.getFloat64(p, true) : v; };
      case 'i64.load': return () => { const p = a(); const lo = DV.getInt32(p, true); H = DV.getInt32(p + 4, true); return lo; };
    }
    throw new Unsupported(name);
  }
  function store(name: string, addr: Val, off: number, v: E): St {
    const a = ea(addr.e, off);
    switch (name) {
      case 'i32.store': return () => { const p = a(); DV.setInt32(p, v(), true); return 0; };
      case 'i32.store8': return () => { const p = a(); DV.setInt8(p, v()); return 0; };
      case 'i32.store16': return () => { const p = a(); DV.setInt16(p, v(), true); return 0; };
      case 'f64.store': return () => { const p = a(); DV.setFloat64(p, v(), true); return 0; };
      // both halves checked before either is written: the high one is the last byte
      case 'i64.store': return () => { const p = a(); const lo = v(); const hi = H; DV.setInt32(p + 4, hi, true); DV.setInt32(p, lo, true); return 0; };
    }
    throw new Unsupported(name);
  }

  // ---- statements
  function shapeOf(x: Val, y: Val): Shape {
    if (!FUSE) return 'nn';
    if (x.kind === 'l' && y.kind === 'c') return 'lk';
    if (x.kind === 'l' && y.kind === 'l') return 'll';
    return y.kind === 'c' ? 'nk' : y.kind === 'l' ? 'nl' : 'nn';
  }
  // a fused form's operand: a local's slot or a constant, else the child closure
  const operand = (s: string, v: Val): unknown => (s === 'n' ? v.e : v.k);
  function setLocal(t: number, k: number, v: Val): St {
    if (t === I64) { const x = v.e; return () => { L[k] = x(); L[k + 1] = H; return 0; }; }
    if (t === F64) { const x = v.e; return () => { LF[k] = x(); return 0; }; }
    if (FUSE && v.bin !== undefined) {
      const shape = shapeOf(v.bin.x, v.bin.y);
      const set = v.bin.op['set_' + shape] as (d: number, a: unknown, b: unknown) => St;
      return set(k, operand(shape[0], v.bin.x), operand(shape[1], v.bin.y));
    }
    if (FUSE && v.loadFrom !== undefined) {
      const j = v.loadFrom.local, off = v.loadFrom.off;
      return () => { const p = (L[j] >>> 0) + off; const w = IW[p / 4]; L[k] = w === undefined ? DV.getInt32(p, true) : w; return 0; };
    }
    if (FUSE && v.kind === 'l') { const j = v.k; return () => { L[k] = L[j]; return 0; }; }
    if (FUSE && v.kind === 'c') { const c = v.k; return () => { L[k] = c; return 0; }; }
    const x = v.e;
    return () => { L[k] = x(); return 0; };
  }
  function seq(stmts: St[]): St {
    const n = stmts.length;
    if (variant.unroll) {
      if (n === 0) return () => 0;
      if (n === 1) return stmts[0];
      if (n === 2) { const [a, b] = stmts; return () => a() || b(); }
      if (n === 3) { const [a, b, c] = stmts; return () => a() || b() || c(); }
      if (n === 4) { const [a, b, c, d] = stmts; return () => a() || b() || c() || d(); }
      if (n === 5) { const [a, b, c, d, e] = stmts; return () => a() || b() || c() || d() || e(); }
      if (n === 6) { const [a, b, c, d, e, f] = stmts; return () => a() || b() || c() || d() || e() || f(); }
      if (n === 7) { const [a, b, c, d, e, f, g] = stmts; return () => a() || b() || c() || d() || e() || f() || g(); }
      if (n === 8) { const [a, b, c, d, e, f, g, h] = stmts; return () => a() || b() || c() || d() || e() || f() || g() || h(); }
    }
    return () => {
      for (let i = 0; i < n; i++) { const r = stmts[i](); if (r !== 0) return r; }
      return 0;
    };
  }
  function blockNode(stmts: St[]): St {
    const body = seq(stmts);
    return () => { const r = body(); return r > 0 ? r - 1 : 0; };
  }
  // Nested blocks `block(block(block(head) seg1) seg2)` (a C switch: br_table in the head) as one node that
  // goes straight to the segment a branch leaves to, instead of passing the signal through every block node.
  const chains = new WeakMap<St, { head: St[]; segs: St[][] }>();
  function chainNode(head: St[], segs: St[][]): St {
    const n = segs.length + 1;
    const h = seq(head), ss = [() => 0, ...segs.map(seq)];
    const node: St = () => {
      const r = h();
      let lvl = r === 0 ? 1 : r;
      while (lvl < n) { const q = ss[lvl](); lvl = q === 0 ? lvl + 1 : lvl + q; }
      return lvl - n;
    };
    chains.set(node, { head, segs });
    return node;
  }
  function loopNode(stmts: St[]): St {
    const body = seq(stmts);
    return () => { for (;;) { const r = body(); if (r !== 1) return r > 0 ? r - 1 : 0; } };
  }
  function ifNode(c: E, thenS: St[], elseS: St[] | null): St {
    const a = seq(thenS);
    if (elseS === null || elseS.length === 0) return () => { if (c() !== 0) { const r = a(); return r > 0 ? r - 1 : 0; } return 0; };
    const b = seq(elseS);
    return () => { const r = c() !== 0 ? a() : b(); return r > 0 ? r - 1 : 0; };
  }

  // ---- calls: arguments into the next frame (fp + FS), the frame views moved around the body
  function callNode(callee: FuncRec, args: Val[]): E {
    const n = args.length;
    const writes: ((nfp: number) => void)[] = args.map((a, i) => {
      const k = callee.localSlots[i], x = a.e;
      if (a.t === I64) return (nfp: number) => { SI[nfp + k] = x(); SI[nfp + k + 1] = H; };
      if (a.t === F64) return (nfp: number) => { SF[nfp + k] = x(); };
      return (nfp: number) => { SI[nfp + k] = x(); };
    });
    const p0 = callee.nParamSlots, p1 = callee.nLocalSlots;
    const hasF = callee.localTypes.slice(callee.params.length).some((t) => t === F64);
    const w0 = writes[0];
    const r64 = callee.results[0] === I64;
    return () => {
      const nfp = fp + FS;
      if (n === 1) w0(nfp); else for (let i = 0; i < n; i++) writes[i](nfp);
      if (p1 > p0) { SI.fill(0, nfp + p0, nfp + p1); if (hasF) SF.fill(0, nfp + p0, nfp + p1); }
      const save = fp, sL = L, sF = LF, d = nfp / FS;
      fp = nfp; L = IV[d]; LF = FV[d];
      (callee.run as St)();
      fp = save; L = sL; LF = sF;
      if (r64) H = RH;
      return RV;
    };
  }

  // ---- the sink: one function
  function compileFunction(definedIndex: number): void {
    const rec = recs[m.importedFuncs + definedIndex];
    const stack: Val[] = [];
    const frames: Frame[] = [];
    let cur: St[] = [];
    const slotOf = (h: number): number => rec.nLocalSlots + 2 * h;
    const valAt = (t: number, h: number): Val => ({ t, e: getter(t, slotOf(h)), kind: 's', k: slotOf(h) });
    const pop = (): Val => stack.pop() as Val;
    const push = (t: number, e: E): void => { stack.push({ t, e, kind: 'x', k: 0 }); };
    // Evaluate every pending expression into its slot, in stack order: constants too from height `all` (a
    // frame's params and results, which later code reads from their slots).
    function flush(all = Infinity): void {
      for (let h = 0; h < stack.length; h++) {
        const v = stack[h];
        if ((v.kind === 'c' && h < all) || (v.kind === 's' && v.k === slotOf(h))) continue;
        cur.push(setLocal(v.t, slotOf(h), v));
        stack[h] = valAt(v.t, h);
      }
    }
    // Moves the top `types.length` values into the slots from height `base` (a branch's values).
    function moves(types: readonly number[], base: number): St[] {
      const out: St[] = [];
      const from = stack.length - types.length;
      for (let i = 0; i < types.length; i++) {
        const v = stack[from + i];
        if (v.kind === 's' && v.k === slotOf(base + i)) continue;
        out.push(setLocal(types[i], slotOf(base + i), v));
      }
      return out;
    }
    function branch(depth: number): St {
      const f = frames[frames.length - 1 - depth];
      const sig = depth + 1;
      if (f.op === -1) {
        // a branch to the body is a return
        const ret = returnValue();
        return () => { ret(); return sig; };
      }
      const mv = moves(f.op === 0x03 ? f.params : f.results, f.base);
      if (mv.length === 0) return () => sig;
      const s = seq(mv);
      return () => { s(); return sig; };
    }
    function returnValue(): () => void {
      if (rec.results.length === 0) return () => undefined;
      const v = stack[stack.length - 1];
      const x = v.e;
      if (v.t === I64) return () => { RV = x(); RH = H; };
      return () => { RV = x(); };
    }

    const sink: BodySink = {
      begin(): void {
        frames.push({ op: -1, base: 0, params: [], results: rec.results, stmts: cur, live: true, cond: null, thenStmts: null });
      },
      instr(op: number, ctx: BodyContext): void {
        const name = opName(op);
        const top = frames[frames.length - 1];
        if (ctx.unreachable || !top.live) {
          // dead code: only the nesting is followed
          if (op === 0x02 || op === 0x03 || op === 0x04) {
            frames.push({ op, base: stack.length, params: [], results: [], stmts: [], live: false, cond: null, thenStmts: null });
            return;
          }
          if (op !== 0x0b && op !== 0x05) return;
        }
        const im = ctx.imm;
        switch (op) {
          case 0x00: cur.push(() => trap('unreachable')); return;
          case 0x01: return;
          case 0x02: case 0x03: case 0x04: {
            let c: E | null = null;
            let cbin: Val['bin'] = undefined;
            if (op === 0x04) { const cv = pop(); c = cv.e; cbin = cv.bin; }
            const np = im.blockParams.length;
            flush(stack.length - np);
            frames.push({ op, base: stack.length - np, params: im.blockParams, results: im.blockResults, stmts: cur, live: true, cond: c, thenStmts: null, cbin });
            cur = [];
            return;
          }
          case 0x05: { // else
            if (top.live) {
              if (!ctx.unreachable) flush(top.base);
              top.thenStmts = cur;
              cur = [];
              stack.length = top.base;
              for (let i = 0; i < top.params.length; i++) stack.push(valAt(top.params[i], top.base + i));
            }
            return;
          }
          case 0x0b: { // end
            frames.pop();
            if (!top.live) { if (top.op === 0x04) stack.length = top.base; return; }
            if (top.op === -1) {
              if (!ctx.unreachable) { const ret = returnValue(); cur.push(() => { ret(); return 1; }); }
              rec.run = seq(cur);
              return;
            }
            if (!ctx.unreachable) flush(top.base);
            const body = cur;
            cur = top.stmts;
            const inner = body.length > 0 ? chains.get(body[0]) : undefined;
            if (top.op === 0x02 && variant.chains && inner !== undefined) cur.push(chainNode(inner.head, [...inner.segs, body.slice(1)]));
            else if (top.op === 0x02 && variant.chains) cur.push(chainNode(body, []));
            else if (top.op === 0x02) cur.push(blockNode(body));
            else if (top.op === 0x03) cur.push(loopNode(body));
            else if (FUSE && top.cbin !== undefined && top.cbin.op['if_nn'] !== undefined) {
              const shape = shapeOf(top.cbin.x, top.cbin.y);
              const fi = top.cbin.op['if_' + shape] as (t: St, f: St, a: unknown, b: unknown) => St;
              const thenS = top.thenStmts === null ? body : top.thenStmts, elseS = top.thenStmts === null ? [] : body;
              cur.push(fi(seq(thenS), seq(elseS), operand(shape[0], top.cbin.x), operand(shape[1], top.cbin.y)));
            } else if (top.thenStmts === null) cur.push(ifNode(top.cond as E, body, null));
            else cur.push(ifNode(top.cond as E, top.thenStmts, body));
            stack.length = top.base;
            for (let i = 0; i < top.results.length; i++) stack.push(valAt(top.results[i], top.base + i));
            return;
          }
          case 0x0c: flush(); cur.push(branch(im.index)); return;
          case 0x0d: { // br_if
            const cv = pop();
            flush();
            const f = frames[frames.length - 1 - im.index];
            const plain = f.op !== -1 && moves(f.op === 0x03 ? f.params : f.results, f.base).length === 0;
            const sig = im.index + 1;
            if (plain && FUSE && cv.bin !== undefined && cv.bin.op['br_nn'] !== undefined) {
              // compare-and-branch in one closure
              const shape = shapeOf(cv.bin.x, cv.bin.y);
              const br = cv.bin.op['br_' + shape] as (s: number, a: unknown, b: unknown) => St;
              cur.push(br(sig, operand(shape[0], cv.bin.x), operand(shape[1], cv.bin.y)));
              return;
            }
            const c = cv.e;
            if (plain) { cur.push(() => (c() !== 0 ? sig : 0)); return; }
            const b = branch(im.index);
            cur.push(() => (c() !== 0 ? b() : 0));
            return;
          }
          case 0x0e: { // br_table
            const x = pop().e;
            flush();
            const targets: St[] = [];
            for (let i = 0; i <= im.brCount; i++) targets.push(branch(im.brTargets[i]));
            const n = im.brCount, dflt = targets[n];
            cur.push(() => { const i = x() >>> 0; return i < n ? targets[i]() : dflt(); });
            return;
          }
          case 0x0f: flush(); cur.push(branch(frames.length - 1)); return;
          case 0x10: { // call
            const callee = recs[im.index];
            if (callee === null) throw new Unsupported('call of an import');
            const args = stack.splice(stack.length - callee.params.length);
            flush();
            const e = callNode(callee, args);
            if (callee.results.length === 0) { cur.push(() => { e(); return 0; }); return; }
            // the result lands in a slot at once: a pending call would run after later reads of memory/globals
            stack.push({ t: callee.results[0], e, kind: 'x', k: 0 });
            flush();
            return;
          }
          case 0x1a: { const v = pop(); flush(); if (v.kind === 'x') { const x = v.e; cur.push(() => { x(); return 0; }); } return; }
          case 0x1b: case 0x1c: { // select
            const c = pop().e, b = pop().e, a = pop();
            const ae = a.e;
            if (a.t === I64) push(I64, () => { const al = ae(), ah = H, bl = b(), bh = H; if (c() !== 0) { H = ah; return al; } H = bh; return bl; });
            else push(a.t, () => { const av = ae(), bv = b(); return c() !== 0 ? av : bv; });
            return;
          }
          case 0x20: { // local.get
            const k = rec.localSlots[im.index], t = rec.localTypes[im.index];
            stack.push({ t, e: getter(t, k), kind: 'l', k });
            return;
          }
          case 0x21: case 0x22: { // local.set, local.tee
            const k = rec.localSlots[im.index], t = rec.localTypes[im.index];
            const v = pop();
            flush();
            cur.push(setLocal(t, k, v));
            if (op === 0x22) stack.push({ t, e: getter(t, k), kind: 'l', k });
            return;
          }
          case 0x23: { // global.get (i32/f64 as i32 pairs would need more: the kernels have i32 globals)
            const t = m.globals[im.index - m.importedGlobals]?.type.type;
            if (t !== I32) throw new Unsupported('global.get of a non-i32 global');
            const g = im.index * 2;
            push(I32, () => GI[g]);
            return;
          }
          case 0x24: {
            const v = pop().e;
            flush();
            const g = im.index * 2;
            cur.push(() => { GI[g] = v(); return 0; });
            return;
          }
          case 0x41: stack.push({ t: I32, e: konst(im.i32), kind: 'c', k: im.i32 }); return;
          case 0x42: { const lo = im.i64Lo, hi = im.i64Hi; stack.push({ t: I64, e: k64(lo, hi), kind: 'c', k: lo }); return; }
          case 0x44: {
            const b = new DataView(new ArrayBuffer(8));
            b.setInt32(0, im.f64Lo, true); b.setInt32(4, im.f64Hi, true);
            push(F64, konst(b.getFloat64(0, true)));
            return;
          }
          case 0x45: { const x = pop().e; push(I32, () => (x() === 0 ? 1 : 0)); return; }
          case 0x50: { const x = pop().e; push(I32, () => (x() === 0 && H === 0 ? 1 : 0)); return; }
          case 0xa7: { const x = pop().e; push(I32, x); return; } // i32.wrap_i64: the low half
          case 0xad: { const x = pop().e; push(I64, () => { const v = x(); H = 0; return v; }); return; } // i64.extend_i32_u
          case 0xac: { const x = pop().e; push(I64, () => { const v = x(); H = v >> 31; return v; }); return; } // i64.extend_i32_s
          case 0x99: { const x = pop().e; push(F64, () => Math.abs(x())); return; }
          case 0x9a: { const x = pop().e; push(F64, () => -x()); return; }
          case 0x9f: { const x = pop().e; push(F64, () => Math.sqrt(x())); return; }
          case 0xb7: { const x = pop().e; push(F64, () => x()); return; } // f64.convert_i32_s
          case 0xb8: { const x = pop().e; push(F64, () => x() >>> 0); return; } // f64.convert_i32_u
          case 0xaa: { // i32.trunc_f64_s
            const x = pop().e;
            push(I32, () => {
              const v = x();
              if (v !== v) return trap('invalid conversion to integer');
              if (v <= -2147483649 || v >= 2147483648) return trap('integer overflow');
              return v | 0;
            });
            return;
          }
          case 0x67: case 0x68: case 0x69: { // clz, ctz, popcnt
            const x = pop().e;
            if (op === 0x67) push(I32, () => Math.clz32(x()));
            else if (op === 0x68) push(I32, () => { const v = x(); return v === 0 ? 32 : 31 - Math.clz32(v & -v); });
            else push(I32, () => { let v = x(), c = 0; while (v !== 0) { v &= v - 1; c++; } return c; });
            return;
          }
        }
        const memarg = name.includes('.load') || name.includes('.store');
        if (memarg) {
          if (im.memory !== 0 || im.offsetHi !== 0) throw new Unsupported(name + ' (memory64 or a second memory)');
          const off = im.offsetLo >>> 0;
          if (name.includes('.load')) {
            const a = pop();
            const t = name.startsWith('i64') ? I64 : name.startsWith('f64') ? F64 : I32;
            stack.push({ t, e: load(name, a, off), kind: 'x', k: 0, loadFrom: name === 'i32.load' && a.kind === 'l' ? { local: a.k, off } : undefined });
          } else {
            const v = pop(), a = pop();
            flush();
            cur.push(store(name, a, off, v.e));
          }
          return;
        }
        const fast = I32OPS[name];
        if (fast !== undefined) {
          const y = pop(), x = pop();
          const forms = fast as unknown as BinOpForms;
          const shape = shapeOf(x, y);
          const e = (forms[shape] as (a: unknown, b: unknown) => E)(operand(shape[0], x), operand(shape[1], y));
          stack.push({ t: I32, e, kind: 'x', k: 0, bin: { op: forms, x, y } });
          return;
        }
        const slow = I32SLOW[name];
        if (slow !== undefined) { const y = pop().e, x = pop().e; push(I32, () => slow(x(), y())); return; }
        const ff = F64FAST[name];
        if (ff !== undefined) { const y = pop().e, x = pop().e; push(F64, ff(x, y)); return; }
        const f = F64OPS[name];
        if (f !== undefined) { const y = pop().e, x = pop().e; push(I32, () => f(x(), y())); return; }
        if (FUSE && name in I64FAST) {
          const y = pop(), x = pop();
          push(I64, I64FAST[name](x.e, y));
          return;
        }
        const g = I64OPS[name];
        if (g !== undefined) {
          const y = pop().e, x = pop().e;
          push(I64, () => { const al = x(), ah = H, bl = y(); g(al, ah, bl, H); H = o[1]; return o[0]; });
          return;
        }
        const c64 = I64CMP[name];
        if (c64 !== undefined) {
          const y = pop().e, x = pop().e;
          push(I32, () => { const al = x(), ah = H, bl = y(); return c64(al, ah, bl, H) as number; });
          return;
        }
        throw new Unsupported(name);
      },
      finish(): void {},
    };
    validateFunction(vm, definedIndex, sink);
  }

  // frame layout of every function first (callers need their callees' slots)
  for (let d = 0; d < m.codes.length; d++) {
    const fi = m.importedFuncs + d;
    const ft = vm.funcTypes[fi];
    const localTypes: number[] = [];
    validateFunction(vm, d, { begin(ctx) { for (const t of ctx.localTypes) localTypes.push(t); }, instr() {}, finish() {} });
    const localSlots: number[] = [];
    let s = 0;
    for (const t of localTypes) {
      if (t !== I32 && t !== I64 && t !== F64) throw new Unsupported(`function ${fi}: a local of type 0x${t.toString(16)}`);
      localSlots.push(s);
      s += t === I64 ? 2 : 1;
    }
    for (const t of [...ft.params, ...ft.results]) if (t !== I32 && t !== I64 && t !== F64) throw new Unsupported(`function ${fi}: type 0x${t.toString(16)}`);
    if (ft.results.length > 1) throw new Unsupported(`function ${fi}: several results`);
    const body = m.codes[d];
    let nParamSlots = 0;
    for (let i = 0; i < ft.params.length; i++) nParamSlots += ft.params[i] === I64 ? 2 : 1;
    // operand heights never exceed the body's byte length: 2 slots per height (an i64 takes two)
    recs.push({ run: null, size: s + 2 * (body.codeEnd - body.codeStart) + 2, params: ft.params, results: ft.results, localSlots, localTypes, nLocalSlots: s, nParamSlots });
  }
  for (let d = 0; d < m.codes.length; d++) FS = Math.max(FS, recs[m.importedFuncs + d].size);
  for (let d = 0; d * FS + FS <= SI.length; d++) {
    IV.push(SI.subarray(d * FS, d * FS + FS));
    FV.push(SF.subarray(d * FS, d * FS + FS));
  }
  for (let d = 0; d < m.codes.length; d++) compileFunction(d);

  return {
    call(funcIndex: number, args: readonly number[]): number {
      const rec = recs[funcIndex];
      fp = 0; L = IV[0]; LF = FV[0];
      SI.fill(0, 0, rec.nLocalSlots);
      SF.fill(0, 0, rec.nLocalSlots);
      for (let i = 0; i < args.length; i++) {
        if (rec.params[i] === F64) SF[rec.localSlots[i]] = args[i];
        else SI[rec.localSlots[i]] = args[i];
      }
      (rec.run as St)();
      return RV;
    },
  };
}
