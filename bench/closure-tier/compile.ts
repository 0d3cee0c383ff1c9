// A closure-compiled tier, as an experiment (issue #17): is a tree of JS closures, built once per wasm function
// without `new Function`, fast enough without a JIT (node --jitless, Hermes, QuickJS) to replace the
// interpreter there? Not a product: it covers the instructions the six benchmark kernels use and refuses the
// rest (`Unsupported`, naming the instruction); run.mjs measures it against the interpreter and the JS tier.
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
// - Locals and stack slots live in typed arrays indexed from a frame pointer `fp` (SI: Int32Array for i32 and
//   i64 halves, SF: Float64Array for f64, same slot numbering), as the interpreter keeps state (GUIDE §2.1).
//   Wasm calls are JS calls (recursion on the JS stack: a real tier needs the JS tier's depth budget).
// - Memory: loads read an element view when aligned and in bounds, else the DataView, whose RangeError is the
//   trap (exact bounds); stores are DataView calls (the JS tier's scheme).
// - Variant `fuse` (superinstructions): binary operations, compares and loads whose operands are a local or a
//   constant read them directly instead of calling a child closure, `local.set` of such an expression too.
// - Variant `unroll`: blocks of up to four statements run them without a loop.
import type { ValidatedModule } from '../../src/validate/validated-module.js';
import type { BodyContext, BodySink } from '../../src/validate/sink.js';
import { validateFunction } from '../../src/validate/index.js';
import { opName } from '../../src/decoder/opcodes.js';
import * as i64 from '../../src/vm/ops/i64.js';

export interface Variant {
  /** superinstructions: operands that are locals or constants read in place */
  readonly fuse: boolean;
  /** statement lists of 1–4 run without a loop */
  readonly unroll: boolean;
}

export class Unsupported extends Error {}

type E = () => number; // an expression: i32/f64 value, or an i64's low half (high half in H)
type St = () => number; // a statement: its branch signal

const I32 = 0x7f, I64 = 0x7e, F64 = 0x7c;

interface Val {
  readonly t: number;
  readonly e: E;
  /** 'l' local k, 'c' constant c (i32 only), 's' stack slot k (already evaluated), 'x' anything else */
  readonly kind: 'l' | 'c' | 's' | 'x';
  readonly k: number;
}

interface Frame {
  readonly op: number; // 0x02 block, 0x03 loop, 0x04 if, -1 body
  readonly base: number; // operand height of the frame's params/results
  readonly params: readonly number[];
  readonly results: readonly number[];
  stmts: St[];
  readonly live: boolean;
  cond: E | null;
  thenStmts: St[] | null;
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
  let fp = 0;
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
  const getI = (k: number): E => () => SI[fp + k];
  const getF = (k: number): E => () => SF[fp + k];
  const getJ = (k: number): E => () => { H = SI[fp + k + 1]; return SI[fp + k]; };
  const getter = (t: number, k: number): E => (t === I64 ? getJ(k) : t === F64 ? getF(k) : getI(k));

  // i32 binary operations: one closure per operand shape when fusing (N node, L local, K constant).
  type Bin = (a: number, b: number) => number;
  interface BinOp { nn(x: E, y: E): E; lk(k: number, c: number): E; ll(j: number, k: number): E; nk(x: E, c: number): E; nl(x: E, k: number): E }
  // Written out per operation (no shared `f(a, b)` call: without a JIT that call is what fusing saves).
  const I32OPS: Record<string, BinOp> = {
    'i32.add': { nn: (x, y) => () => (x() + y()) | 0, lk: (k, c) => () => (SI[fp + k] + c) | 0, ll: (j, k) => () => (SI[fp + j] + SI[fp + k]) | 0, nk: (x, c) => () => (x() + c) | 0, nl: (x, k) => () => (x() + SI[fp + k]) | 0 },
    'i32.sub': { nn: (x, y) => () => (x() - y()) | 0, lk: (k, c) => () => (SI[fp + k] - c) | 0, ll: (j, k) => () => (SI[fp + j] - SI[fp + k]) | 0, nk: (x, c) => () => (x() - c) | 0, nl: (x, k) => () => (x() - SI[fp + k]) | 0 },
    'i32.mul': { nn: (x, y) => () => Math.imul(x(), y()), lk: (k, c) => () => Math.imul(SI[fp + k], c), ll: (j, k) => () => Math.imul(SI[fp + j], SI[fp + k]), nk: (x, c) => () => Math.imul(x(), c), nl: (x, k) => () => Math.imul(x(), SI[fp + k]) },
    'i32.and': { nn: (x, y) => () => x() & y(), lk: (k, c) => () => SI[fp + k] & c, ll: (j, k) => () => SI[fp + j] & SI[fp + k], nk: (x, c) => () => x() & c, nl: (x, k) => () => x() & SI[fp + k] },
    'i32.or': { nn: (x, y) => () => x() | y(), lk: (k, c) => () => SI[fp + k] | c, ll: (j, k) => () => SI[fp + j] | SI[fp + k], nk: (x, c) => () => x() | c, nl: (x, k) => () => x() | SI[fp + k] },
    'i32.xor': { nn: (x, y) => () => x() ^ y(), lk: (k, c) => () => SI[fp + k] ^ c, ll: (j, k) => () => SI[fp + j] ^ SI[fp + k], nk: (x, c) => () => x() ^ c, nl: (x, k) => () => x() ^ SI[fp + k] },
    'i32.shl': { nn: (x, y) => () => x() << y(), lk: (k, c) => () => SI[fp + k] << c, ll: (j, k) => () => SI[fp + j] << SI[fp + k], nk: (x, c) => () => x() << c, nl: (x, k) => () => x() << SI[fp + k] },
    'i32.shr_u': { nn: (x, y) => () => (x() >>> y()) | 0, lk: (k, c) => () => (SI[fp + k] >>> c) | 0, ll: (j, k) => () => (SI[fp + j] >>> SI[fp + k]) | 0, nk: (x, c) => () => (x() >>> c) | 0, nl: (x, k) => () => (x() >>> SI[fp + k]) | 0 },
    'i32.shr_s': { nn: (x, y) => () => x() >> y(), lk: (k, c) => () => SI[fp + k] >> c, ll: (j, k) => () => SI[fp + j] >> SI[fp + k], nk: (x, c) => () => x() >> c, nl: (x, k) => () => x() >> SI[fp + k] },
    'i32.eq': { nn: (x, y) => () => (x() === y() ? 1 : 0), lk: (k, c) => () => (SI[fp + k] === c ? 1 : 0), ll: (j, k) => () => (SI[fp + j] === SI[fp + k] ? 1 : 0), nk: (x, c) => () => (x() === c ? 1 : 0), nl: (x, k) => () => (x() === SI[fp + k] ? 1 : 0) },
    'i32.ne': { nn: (x, y) => () => (x() !== y() ? 1 : 0), lk: (k, c) => () => (SI[fp + k] !== c ? 1 : 0), ll: (j, k) => () => (SI[fp + j] !== SI[fp + k] ? 1 : 0), nk: (x, c) => () => (x() !== c ? 1 : 0), nl: (x, k) => () => (x() !== SI[fp + k] ? 1 : 0) },
    'i32.lt_s': { nn: (x, y) => () => (x() < y() ? 1 : 0), lk: (k, c) => () => (SI[fp + k] < c ? 1 : 0), ll: (j, k) => () => (SI[fp + j] < SI[fp + k] ? 1 : 0), nk: (x, c) => () => (x() < c ? 1 : 0), nl: (x, k) => () => (x() < SI[fp + k] ? 1 : 0) },
    'i32.gt_s': { nn: (x, y) => () => (x() > y() ? 1 : 0), lk: (k, c) => () => (SI[fp + k] > c ? 1 : 0), ll: (j, k) => () => (SI[fp + j] > SI[fp + k] ? 1 : 0), nk: (x, c) => () => (x() > c ? 1 : 0), nl: (x, k) => () => (x() > SI[fp + k] ? 1 : 0) },
    'i32.le_s': { nn: (x, y) => () => (x() <= y() ? 1 : 0), lk: (k, c) => () => (SI[fp + k] <= c ? 1 : 0), ll: (j, k) => () => (SI[fp + j] <= SI[fp + k] ? 1 : 0), nk: (x, c) => () => (x() <= c ? 1 : 0), nl: (x, k) => () => (x() <= SI[fp + k] ? 1 : 0) },
    'i32.ge_s': { nn: (x, y) => () => (x() >= y() ? 1 : 0), lk: (k, c) => () => (SI[fp + k] >= c ? 1 : 0), ll: (j, k) => () => (SI[fp + j] >= SI[fp + k] ? 1 : 0), nk: (x, c) => () => (x() >= c ? 1 : 0), nl: (x, k) => () => (x() >= SI[fp + k] ? 1 : 0) },
    // unsigned compares flip the sign bits and compare signed (no heap number for x >>> 0 >= 2^31 without a JIT)
    'i32.lt_u': { nn: (x, y) => () => ((x() ^ -2147483648) < (y() ^ -2147483648) ? 1 : 0), lk: (k, c) => () => ((SI[fp + k] ^ -2147483648) < (c ^ -2147483648) ? 1 : 0), ll: (j, k) => () => ((SI[fp + j] ^ -2147483648) < (SI[fp + k] ^ -2147483648) ? 1 : 0), nk: (x, c) => () => ((x() ^ -2147483648) < (c ^ -2147483648) ? 1 : 0), nl: (x, k) => () => ((x() ^ -2147483648) < (SI[fp + k] ^ -2147483648) ? 1 : 0) },
    'i32.gt_u': { nn: (x, y) => () => ((x() ^ -2147483648) > (y() ^ -2147483648) ? 1 : 0), lk: (k, c) => () => ((SI[fp + k] ^ -2147483648) > (c ^ -2147483648) ? 1 : 0), ll: (j, k) => () => ((SI[fp + j] ^ -2147483648) > (SI[fp + k] ^ -2147483648) ? 1 : 0), nk: (x, c) => () => ((x() ^ -2147483648) > (c ^ -2147483648) ? 1 : 0), nl: (x, k) => () => ((x() ^ -2147483648) > (SI[fp + k] ^ -2147483648) ? 1 : 0) },
    'i32.le_u': { nn: (x, y) => () => ((x() ^ -2147483648) <= (y() ^ -2147483648) ? 1 : 0), lk: (k, c) => () => ((SI[fp + k] ^ -2147483648) <= (c ^ -2147483648) ? 1 : 0), ll: (j, k) => () => ((SI[fp + j] ^ -2147483648) <= (SI[fp + k] ^ -2147483648) ? 1 : 0), nk: (x, c) => () => ((x() ^ -2147483648) <= (c ^ -2147483648) ? 1 : 0), nl: (x, k) => () => ((x() ^ -2147483648) <= (SI[fp + k] ^ -2147483648) ? 1 : 0) },
    'i32.ge_u': { nn: (x, y) => () => ((x() ^ -2147483648) >= (y() ^ -2147483648) ? 1 : 0), lk: (k, c) => () => ((SI[fp + k] ^ -2147483648) >= (c ^ -2147483648) ? 1 : 0), ll: (j, k) => () => ((SI[fp + j] ^ -2147483648) >= (SI[fp + k] ^ -2147483648) ? 1 : 0), nk: (x, c) => () => ((x() ^ -2147483648) >= (c ^ -2147483648) ? 1 : 0), nl: (x, k) => () => ((x() ^ -2147483648) >= (SI[fp + k] ^ -2147483648) ? 1 : 0) },
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

  // ---- memory
  const ea = (x: E, off: number): E => () => (x() >>> 0) + off;
  function load(name: string, x: Val, off: number): E {
    const a = ea(x.e, off);
    switch (name) {
      case 'i32.load': {
        if (FUSE && x.kind === 'l') {
          const k = x.k;
          return () => { const p = (SI[fp + k] >>> 0) + off; const v = IW[p / 4]; return v === undefined ? DV.getInt32(p, true) : v; };
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
  function setLocal(t: number, k: number, v: Val): St {
    if (t === I64) { const x = v.e; return () => { SI[fp + k] = x(); SI[fp + k + 1] = H; return 0; }; }
    if (t === F64) { const x = v.e; return () => { SF[fp + k] = x(); return 0; }; }
    if (FUSE && v.kind === 'l') { const j = v.k; return () => { SI[fp + k] = SI[fp + j]; return 0; }; }
    if (FUSE && v.kind === 'c') { const c = v.k; return () => { SI[fp + k] = c; return 0; }; }
    const x = v.e;
    return () => { SI[fp + k] = x(); return 0; };
  }
  function seq(stmts: St[]): St {
    const n = stmts.length;
    if (variant.unroll) {
      if (n === 0) return () => 0;
      if (n === 1) return stmts[0];
      if (n === 2) { const [a, b] = stmts; return () => a() || b(); }
      if (n === 3) { const [a, b, c] = stmts; return () => a() || b() || c(); }
      if (n === 4) { const [a, b, c, d] = stmts; return () => a() || b() || c() || d(); }
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

  // ---- calls: arguments into the callee's frame (at fp + the caller's frame size), fp moved around the body
  function callNode(caller: FuncRec, callee: FuncRec, args: Val[]): E {
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
      const nfp = fp + caller.size;
      if (n === 1) w0(nfp); else for (let i = 0; i < n; i++) writes[i](nfp);
      if (p1 > p0) { SI.fill(0, nfp + p0, nfp + p1); if (hasF) SF.fill(0, nfp + p0, nfp + p1); }
      const save = fp;
      fp = nfp;
      (callee.run as St)();
      fp = save;
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
    function cond(v: Val): E { return v.e; }

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
            if (op === 0x04) c = cond(pop());
            const np = im.blockParams.length;
            flush(stack.length - np);
            frames.push({ op, base: stack.length - np, params: im.blockParams, results: im.blockResults, stmts: cur, live: true, cond: c, thenStmts: null });
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
            if (top.op === 0x02) cur.push(blockNode(body));
            else if (top.op === 0x03) cur.push(loopNode(body));
            else if (top.thenStmts === null) cur.push(ifNode(top.cond as E, body, null));
            else cur.push(ifNode(top.cond as E, top.thenStmts, body));
            stack.length = top.base;
            for (let i = 0; i < top.results.length; i++) stack.push(valAt(top.results[i], top.base + i));
            return;
          }
          case 0x0c: flush(); cur.push(branch(im.index)); return;
          case 0x0d: { // br_if
            const c = cond(pop());
            flush();
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
            const e = callNode(rec, callee, args);
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
          case 0x42: { const lo = im.i64Lo, hi = im.i64Hi; push(I64, k64(lo, hi)); return; }
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
            push(name.startsWith('i64') ? I64 : name.startsWith('f64') ? F64 : I32, load(name, a, off));
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
          if (!FUSE) { push(I32, fast.nn(x.e, y.e)); return; }
          if (x.kind === 'l' && y.kind === 'c') push(I32, fast.lk(x.k, y.k));
          else if (x.kind === 'l' && y.kind === 'l') push(I32, fast.ll(x.k, y.k));
          else if (y.kind === 'c') push(I32, fast.nk(x.e, y.k));
          else if (y.kind === 'l') push(I32, fast.nl(x.e, y.k));
          else push(I32, fast.nn(x.e, y.e));
          return;
        }
        const slow = I32SLOW[name];
        if (slow !== undefined) { const y = pop().e, x = pop().e; push(I32, () => slow(x(), y())); return; }
        const ff = F64FAST[name];
        if (ff !== undefined) { const y = pop().e, x = pop().e; push(F64, ff(x, y)); return; }
        const f = F64OPS[name];
        if (f !== undefined) { const y = pop().e, x = pop().e; push(I32, () => f(x(), y())); return; }
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
  for (let d = 0; d < m.codes.length; d++) compileFunction(d);

  return {
    call(funcIndex: number, args: readonly number[]): number {
      const rec = recs[funcIndex];
      fp = 0;
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
