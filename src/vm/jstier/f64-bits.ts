// The JS tier's f64 values on engines that canonicalize NaNs in numbers (Hermes, QuickJS): the "bits form".
//
// The interpreter keeps f64 values as bits in its register file and computes through JS numbers, so on such
// an engine its arithmetic results are the engine's canonical NaN too: only the operations that move bits
// (loads, stores, locals, globals, params, results, select, block values, reinterpret, neg/abs/copysign,
// constants) must keep payloads. In the bits form (codegen.ts, `JsCodegen` given an F64Demand) an f64 value
// is two int32 halves, as an i64 is, and becomes a number only inside arithmetic; arithmetic results are
// numbers, and become halves through the scratch Float64Array (`D[0] = x`) only where a bit-keeping consumer
// takes them — the bits the interpreter's own `F64[r] = x` gives. So the code is exactly the interpreter on
// every engine (tests force the form on V8: the generator's option `f64Bits`).
//
// Where the halves are never needed they cost conversions for nothing, so the generator walks a body twice:
// the first walk records who consumes what (F64Demand), the second keeps as numbers
// - an f64 local none of whose sets stores bits (all are arithmetic results: a number is exact), or none of
//   whose reads keeps bits (all feed arithmetic, which loses the payload anyway), params excepted (they come
//   as halves);
// - an f64.load whose value only arithmetic (or such a local) consumes: one Float64Array read.
// The walks see the same instructions in the same order, so the first walk's consumers are the second's.

/** What the first walk of a body in the bits form saw (producers are numbered by their instruction's
 *  position in the walk). */
export class F64Demand {
  /** The second walk: `numberLocals` and `bitsAt` are decided. */
  final = false;
  /** f64 loads some bit-keeping consumer takes. */
  private readonly bitsLoads = new Set<number>();
  /** f64 locals some read of which a bit-keeping consumer takes (a copy to another local counts). */
  private readonly bitsReads = new Set<number>();
  /** f64 locals some set of which stores a value that is not an arithmetic result, and the loads they store. */
  private readonly bitsSets = new Set<number>();
  private readonly loadsSet = new Map<number, number[]>();
  /** The f64 locals kept as numbers (final). */
  private readonly numbers = new Set<number>();

  /** A bit-keeping consumer takes a value: the load at instruction `src`, or a read of local `local`. */
  keepsBits(src: number | undefined, local: number | undefined): void {
    if (src !== undefined) this.bitsLoads.add(src);
    if (local !== undefined) this.bitsReads.add(local);
  }
  /** local.set/tee of f64 local n stores a value: an arithmetic result (`number`) or not; the load at
   *  `src` or a read of local `from`. */
  set(n: number, number: boolean, src: number | undefined, from: number | undefined): void {
    if (number) return;
    this.bitsSets.add(n);
    if (src !== undefined) {
      const list = this.loadsSet.get(n);
      if (list === undefined) this.loadsSet.set(n, [src]);
      else list.push(src);
    }
    if (from !== undefined) this.bitsReads.add(from);
  }
  /** After the first walk: which locals stay numbers (params never: `first` is the first non-param). */
  decide(localTypes: readonly number[], first: number): void {
    for (let n = first; n < localTypes.length; n++) {
      if (localTypes[n] !== 0x7c) continue;
      if (!this.bitsSets.has(n) || !this.bitsReads.has(n)) this.numbers.add(n);
      // (a bits local keeps the bits of what it is set to)
      else for (const src of this.loadsSet.get(n) ?? []) this.bitsLoads.add(src);
    }
    this.final = true;
  }
  numberLocal(n: number): boolean {
    return this.final && this.numbers.has(n);
  }
  /** The f64.load at instruction `src` gives halves (the first walk: every one). */
  bitsLoad(src: number): boolean {
    return !this.final || this.bitsLoads.has(src);
  }
}

/** Whether this engine keeps an f64 NaN's payload in a JS number (V8 does; QuickJS and Hermes canonicalize). */
export function f64NaNBitsSurvive(): boolean {
  const d = new Float64Array(1);
  const di = new Int32Array(d.buffer);
  di[0] = 1;
  di[1] = 0x7ff00000; // a signalling NaN
  // (through a call and a local, as generated code moves numbers; not through an array: V8's double
  // arrays canonicalize NaNs, and generated code keeps no numbers in arrays other than Float64Arrays)
  d[0] = passThrough(d[0]);
  return di[0] === 1 && di[1] === 0x7ff00000;
}

function passThrough(x: number): number {
  const y = x;
  return y;
}
