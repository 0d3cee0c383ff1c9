// Which declared locals a function may read before writing them. wasm starts every local at zero, so a call
// must zero those; the others are written on every path before any read, and their frame slots may keep
// what an earlier frame left there (zeroing locals was ~8 % of a recursive call without a JIT).
//
// A forward pass over the structured control flow, fed every instruction (reachable or not) during
// translation: the set of locals written on every path to here, a bit per local. Where paths meet it is the
// intersection: a block's end meets its branches and its fallthrough (an `if` without `else` its entry too);
// a loop's head keeps its entry's set (a back edge comes from a path through the entry, so its set can only
// be larger). In unreachable code the set is every local, which meets nothing away. Branches whose targets
// this does not read (try_table's catch clauses, br_on_*) meet every enclosing label: safe, as a set only
// grows along a path; a legacy catch arm starts from its try's entry, which every throw point's set contains.

import type { Immediates } from '../../decoder/immediates.js';

const FUNC = -1;
const LOOP = 0x03;
const IF = 0x04;

interface Frame {
  /** The opcode that opened it (0x05 once an `if` has its `else`), FUNC for the body. */
  kind: number;
  /** The set on entry. */
  readonly entry: Int32Array;
  /** The intersection of the sets of the branches to its label so far (every local while none). */
  readonly merged: Int32Array;
}

export class LocalReads {
  private set: Int32Array;
  private readonly frames: Frame[];
  /** The locals (bit per local, params never) that some path reads before writing them. */
  readonly readFirst: Int32Array;

  constructor(nParams: number, nLocals: number) {
    const words = (nLocals + 31) >>> 5;
    this.set = new Int32Array(words);
    for (let i = 0; i < nParams; i++) this.set[i >>> 5] |= 1 << i;
    this.readFirst = new Int32Array(words);
    this.frames = [{ kind: FUNC, entry: this.set.slice(), merged: new Int32Array(words).fill(-1) }];
  }

  instr(op: number, imm: Immediates): void {
    const set = this.set, index = imm.index;
    switch (op) {
      case 0x20: // local.get
        if ((set[index >>> 5] & (1 << index)) === 0) this.readFirst[index >>> 5] |= 1 << index;
        return;
      case 0x21: // local.set, local.tee
      case 0x22:
        set[index >>> 5] |= 1 << index;
        return;
      case 0x02: // block, loop, if, try, try_table (whose catch clauses branch to enclosing labels from anywhere in it)
      case LOOP:
      case IF:
      case 0x06:
      case 0x1f:
        if (op === 0x1f) this.meetAll();
        this.frames.push({ kind: op, entry: set.slice(), merged: new Int32Array(set.length).fill(-1) });
        return;
      case 0x05: // else, catch, catch_all: the arm before it falls through to the end; this one starts afresh
      case 0x07:
      case 0x19: {
        const f = this.frames[this.frames.length - 1];
        meet(f.merged, set);
        this.set = f.entry.slice();
        if (op === 0x05) f.kind = 0x05;
        return;
      }
      case 0x0b: // end, delegate
      case 0x18: {
        const f = this.frames.pop()!;
        if (f.kind === IF) meet(set, f.entry); // the false path
        if (f.kind !== LOOP && f.kind !== FUNC) meet(set, f.merged);
        return;
      }
      case 0x0c: // br
        this.branch(index);
        this.set.fill(-1);
        return;
      case 0x0d: // br_if
        this.branch(index);
        return;
      case 0x0e: // br_table
        for (let i = 0; i <= imm.brCount; i++) this.branch(imm.brTargets[i]);
        this.set.fill(-1);
        return;
      case 0x00: // unreachable, return, throw, throw_ref, rethrow, return_call, return_call_indirect, return_call_ref
      case 0x0f:
      case 0x08:
      case 0x0a:
      case 0x09:
      case 0x12:
      case 0x13:
      case 0x15:
        this.set.fill(-1);
        return;
      case 0xd5: // br_on_null, br_on_non_null, br_on_cast, br_on_cast_fail
      case 0xd6:
      case 0xfb18:
      case 0xfb19:
        this.meetAll();
        return;
    }
  }

  private branch(depth: number): void {
    const f = this.frames[this.frames.length - 1 - depth];
    if (f.kind !== LOOP) meet(f.merged, this.set);
  }

  private meetAll(): void {
    for (const f of this.frames) meet(f.merged, this.set);
  }
}

/** a ∩= b */
function meet(a: Int32Array, b: Int32Array): void {
  for (let i = 0; i < a.length; i++) a[i] &= b[i];
}
