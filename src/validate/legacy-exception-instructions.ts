// Validation of the legacy exception-handling instructions (try 0x06, catch 0x07, rethrow 0x09, delegate
// 0x18, catch_all 0x19): the legacy-exceptions pack's part of the body walk (`purewasm/legacy-exceptions`,
// src/legacy-exceptions; the core's walker hands these instructions over, body-walker.ts). A `try` is a
// control frame of kind 0x06, which becomes 0x07 or 0x19 at its first catch arm (so `rethrow` finds the
// arm it names); the walker's `end` closes any of them like a block.
import type { BodyWalker } from './body-walker.js';
import type { Immediates } from './sink.js';

const NO_VALUES: readonly never[] = [];

/** Validates legacy exception instruction `op` (its immediates decoded into `imm`) on the walker's stacks. */
export function legacyExceptionInstruction(w: BodyWalker, op: number, imm: Immediates): void {
  switch (op) {
    case 0x06: // try bt
      w.popAll(imm.blockParams);
      return w.pushCtl(op, imm.blockParams, imm.blockResults);
    case 0x07: // catch x
    case 0x19: { // catch_all
      const k = w.frameKind(0);
      if (k !== 0x06 && k !== 0x07) w.err(op === 0x07 ? 'catch without try' : 'catch_all without try');
      return w.nextClause(op, op === 0x07 ? w.checkTag(imm.index) : NO_VALUES);
    }
    case 0x18: // delegate l: closes the try like `end`; l is counted from outside it
      if (w.frameKind(0) !== 0x06) w.err('delegate without try');
      w.end();
      if (imm.index >= w.frameCount) w.err('unknown label');
      return;
    default: { // rethrow l: l must name a catch or catch_all arm
      if (imm.index >= w.frameCount) w.err('unknown label');
      const k = w.frameKind(imm.index);
      if (k !== 0x07 && k !== 0x19) w.err('invalid rethrow label');
      return w.setUnreachable();
    }
  }
}
