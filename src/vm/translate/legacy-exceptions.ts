// Translation of the legacy exception-handling instructions (the legacy-exceptions pack's part,
// `purewasm/legacy-exceptions`, through the translator's hooks). They need no instruction of their own:
//   try        a block whose handlers (Ctl.tryHandlers) become entries of the function's handler table
//              when it ends, as a try_table's do, but covering only the body (Ctl.bodyEnd);
//   catch x /  a landing pad the unwinder enters with the exception at the frame's start slot (handler kind 4
//   catch_all  or 5: kept there for `rethrow`, Ctl.exnSlot) and catch's payload above it; the core's `end`
//              moves the arm's results down over that slot;
//   rethrow l  THROW_REF of arm l's exception slot;
//   delegate l a handler entry of kind 6: the unwinder goes on from the try's position with the handlers
//              of label l and outside it (interpreter.ts, catchException).
import { EXNREF, type ValType } from '../../decoder/module.js';
import type { BodyContext } from '../../validate/sink.js';
import { Op } from './opcodes.js';
import type { Translator } from './translator.js';

export function legacyExceptionsSink(t: Translator, op: number, ctx: BodyContext): void {
  const imm = ctx.imm;
  switch (op) {
    case 0x06: // try bt
      t.materializeAll();
      t.noProducer();
      t.enterTry(imm.blockParams, imm.blockResults, []);
      return;
    case 0x07: // catch x
    case 0x19: // catch_all
      return legacyCatch(t, op === 0x07 ? ctx.module.tagParams[imm.index] : null, imm.index);
    case 0x18: { // delegate l: the try body's exceptions go to label l's handlers
      const c = t.ctl;
      if (!c.dead) t.materializeAll();
      const end = t.out.length;
      const target = t.ctls.length - 2 - imm.index;
      t.handlers.push(c.tryStart!, end, 6, target, c.tryStart!, 0, c.tryLevel!);
      for (const p of c.fixups) t.patch(p, end);
      t.ctls.pop();
      t.resetTo(c, c.results);
      t.noProducer();
      return;
    }
    default: // rethrow l: the exception caught by catch arm l
      t.out.emit2(Op.THROW_REF, t.ctls[t.ctls.length - 1 - imm.index].exnSlot!);
      t.markDead();
  }
}

/**
 * `catch x` (payload: tag x's parameters) / `catch_all` (payload null): ends the try body (or the previous
 * arm) with a jump to the end, then opens the arm at a landing pad that receives the exception at the
 * frame's start slot (kept there for `rethrow`) and the payload above it.
 */
function legacyCatch(t: Translator, payload: readonly ValType[] | null, tag: number): void {
  const o = t.out;
  const c = t.ctl;
  if (c.bodyEnd === undefined) c.bodyEnd = o.length;
  if (!c.dead) {
    t.emitBranchMoves(c);
    o.emit2(Op.BR, -1);
    c.fixups.push(o.length - 1);
  }
  const pad = o.length;
  t.truncate(c.startEntry);
  t.topSlot = c.startSlot;
  c.exnSlot = t.push(EXNREF);
  if (payload !== null) for (const v of payload) t.push(v);
  c.tryHandlers!.push(payload !== null ? 4 : 5, payload !== null ? tag : -1, pad, c.startSlot);
  c.dead = false;
  t.skipDepth = 0;
  t.noProducer();
}
