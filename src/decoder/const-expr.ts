// Constant expressions: found by decoding instructions up to the `end` that closes the expression.
// Their validity (only constant instructions, types) is checked by the validator.
import type { ConstExpr } from './module.js';
import {
  newImmediates as newImmediates_, readImmediates as readImmediates_, readOpcode as readOpcode_,
} from './opcodes.js';
import type { Reader } from './reader.js';

// Imported bindings captured in local constants (module transforms compile imports to getter calls).
const newImmediates = newImmediates_;
const readImmediates = readImmediates_;
const readOpcode = readOpcode_;

const scratch = newImmediates();

export function readConstExpr(r: Reader): ConstExpr {
  const start = r.pos;
  return { start, end: skipConstExpr(r) };
}

/** Moves r past a constant expression (including its `end`); returns the position after it. */
export function skipConstExpr(r: Reader): number {
  const start = r.pos;
  // Fast path for the most common shape, `i32.const n end` / `global.get n end`.
  const first = r.bytes[start];
  if ((first === 0x41 || first === 0x23) && start < r.end) {
    r.pos = start + 1;
    if (first === 0x41) r.s32();
    else r.u32();
    if (r.pos < r.end && r.bytes[r.pos] === 0x0b) return ++r.pos;
    r.pos = start;
  }
  let depth = 0;
  for (;;) {
    const opStart = r.pos;
    const op = readOpcode(r);
    readImmediates(r, op, scratch, opStart);
    if (op === 0x0b) {
      if (depth === 0) return r.pos;
      depth--;
    } else if (op === 0x02 || op === 0x03 || op === 0x04 || op === 0x06 || op === 0x1f) depth++;
  }
}
