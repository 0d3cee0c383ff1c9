// Which declared locals a function may read before writing them. wasm starts every local at zero, so a call
// must zero those; the others are written on every path before any read, and their frame slots may keep
// what an earlier frame left there (calls 2-6 % faster on fib, sort and fib.O1 without a JIT).
//
// Fed every instruction during translation (reachable or not), it keeps the locals written on every path to
// here. Where paths meet it takes the intersection: a block's end meets the branches to it and its
// fallthrough (an `if` without `else` its entry too); a loop's head keeps its entry's set (a back edge comes
// from a path through the entry, so its set can only be larger). In unreachable code the set is every local,
// which meets nothing away. Branches whose targets this does not read (try_table's catch clauses, br_on_*)
// meet every enclosing label: safe, as a set only grows along a path; a catch arm starts from its try's entry.

export class LocalReads {
  private set: Uint8Array;
  // per enclosing block, innermost last: the opcode that opened it (0x05 once an `if` is in its `else`), the
  // set it started with, and the intersection of the sets branching to its end
  private readonly kinds: number[] = [];
  private readonly entries: Uint8Array[] = [];
  private readonly merged: Uint8Array[] = [];
  /** 1 for each local some path reads before writing it (never a param). */
  readonly readFirst: Uint8Array;

  constructor(nParams: number, nLocals: number) {
    this.set = new Uint8Array(nLocals).fill(1, 0, nParams);
    this.readFirst = new Uint8Array(nLocals);
  }

  instr(op: number, index: number, targets: Int32Array, count: number): void {
    const set = this.set, n = this.kinds.length;
    if (op === 0x20) this.readFirst[index] |= set[index] ^ 1; // local.get
    else if (op === 0x21 || op === 0x22) set[index] = 1; // local.set, local.tee
    else if (op === 0x02 || op === 0x03 || op === 0x04 || op === 0x06 || op === 0x1f) { // block, loop, if, try, try_table
      if (op === 0x1f) this.branch(-1);
      this.kinds.push(op);
      this.entries.push(set.slice());
      this.merged.push(new Uint8Array(set.length).fill(1));
    } else if (op === 0x05 || op === 0x07 || op === 0x19) { // else, catch, catch_all
      meet(this.merged[n - 1], set);
      this.set = this.entries[n - 1].slice();
      if (op === 0x05) this.kinds[n - 1] = op;
    } else if ((op === 0x0b || op === 0x18) && n > 0) { // end, delegate (not the function's end: nothing follows it)
      const kind = this.kinds.pop(), entry = this.entries.pop()!, merged = this.merged.pop()!;
      if (kind === 0x04) meet(set, entry); // the false path
      if (kind !== 0x03) meet(set, merged);
    } else if (op === 0x0c || op === 0x0d) this.branch(index); // br, br_if
    else if (op === 0x0e) for (let i = 0; i <= count; i++) this.branch(targets[i]); // br_table
    else if (op === 0xd5 || op === 0xd6 || op === 0xfb18 || op === 0xfb19) this.branch(-1); // br_on_*
    // br, br_table, unreachable, return, throw, throw_ref, rethrow, return_call*: nothing follows
    if (op === 0x0c || op === 0x0e || op === 0x00 || op === 0x0f || op === 0x08 || op === 0x0a || op === 0x09 ||
        op === 0x12 || op === 0x13 || op === 0x15) this.set.fill(1);
  }

  /** The current set meets the end of the block `depth` levels out (a loop's: nothing), or of every block (-1). */
  private branch(depth: number): void {
    for (let d = 0, n = this.kinds.length; d < n; d++) {
      if ((depth < 0 || d === depth) && this.kinds[n - 1 - d] !== 0x03) meet(this.merged[n - 1 - d], this.set);
    }
  }
}

/** a ∩= b */
function meet(a: Uint8Array, b: Uint8Array): void {
  for (let i = 0; i < a.length; i++) a[i] &= b[i];
}
