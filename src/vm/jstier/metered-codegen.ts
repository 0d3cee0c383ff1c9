// The JS tier's code generator for stores that meter fuel or can be interrupted (Store options `fuel`,
// `interruptible`): the plain generator's code plus a fuel check at the start of every straight-line segment,
// exactly where the interpreter's translation puts its FUEL instructions (vm/translate/translator.ts:
// function entry, and after every block-structured control instruction — loop headers, if/else arms, block
// ends, the fall-through of br_if). Each check charges the segment's whole cost in the interpreter's units
// (vm/exec/fuel.ts: 1 per instruction, structural ones free), with the interpreter's fast path and its slow
// path (rt.fuel → fuelCheck: refill, interrupt(), deadline, 'all fuel consumed'). So a compiled run consumes
// exactly the fuel an interpreted one does, traps at the same segment with the same message and leaves the
// same remainder in the store, and the tiers mix freely in one metered store.
//
// A separate class, not a flag in JsCodegen: stores without fuel get the plain generator's code unchanged
// (no check, no test of a flag while generating), and a metered store's code is cached apart from it
// (runtime.ts bind).
import type { BodyContext } from '../../validate/sink.js';
import { JsCodegen } from './codegen.js';
// (the translator's own sets: free instructions, and those after which a segment starts)
import { FREE_OPS, SEGMENT_STARTS } from '../translate/fuel-segments.js';

/** Marks where a segment's check goes until its cost is known (replaced in finish). */
const MARK = '\u0000fuel';

/** Instructions that open a block (the translator skips blocks opened in unreachable code whole). */
const OPENERS = new Set([0x02, 0x03, 0x04, 0x06, 0x1f]);

export class MeteredJsCodegen extends JsCodegen {
  /** Index in `out` of each segment's mark, the segment's cost, and where the interpreter's FUEL instruction
   *  traps: the offset of the instruction after which the segment starts (-1, none, at the function's entry). */
  private readonly marks: number[] = [];
  private readonly costs: number[] = [];
  private readonly starts: number[] = [];
  /** Blocks opened in unreachable code still open: the translator emits and counts nothing inside them
   *  (the validator calls their insides reachable; the translator's `ctl.dead` does not). */
  private deadNest = 0;

  override begin(ctx: BodyContext): void {
    super.begin(ctx);
    this.openSegment(-1);
  }

  override instr(op: number, ctx: BodyContext): void {
    // as Translator.instr: count before the instruction, open the next segment after it
    let starts = SEGMENT_STARTS.has(op);
    if (ctx.unreachable || this.deadNest > 0) {
      if (OPENERS.has(op)) {
        this.deadNest++;
        starts = false;
      } else if (op === 0x0b || op === 0x18) {
        if (this.deadNest > 0) {
          this.deadNest--;
          starts = false;
        }
      } else if (op === 0x05 || op === 0x07 || op === 0x19) {
        if (this.deadNest > 0) starts = false;
      } else starts = false;
    } else if (!FREE_OPS.has(op)) this.costs[this.costs.length - 1]++;
    super.instr(op, ctx);
    if (starts) this.openSegment(ctx.pos);
  }

  override finish(): void {
    for (let i = 0; i < this.marks.length; i++) {
      const n = this.costs[i];
      // (a segment that costs nothing is no check in the interpreter either: budget >= 0 always holds)
      // (its trap is at the segment's start, P: rt.frame)
      this.out[this.marks[i]] = n === 0 ? '' : `if ((m.budget -= ${n}) < 0) rt.fuel(m, ${n}, ${this.positionP(this.starts[i])});`;
    }
    super.finish();
  }

  private openSegment(at: number): void {
    this.emit(MARK);
    this.marks.push(this.out.length - 1);
    this.costs.push(0);
    this.starts.push(at);
  }
}
