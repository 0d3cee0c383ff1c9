// The contract between the DWARF reader (src/debug/dwarf) and the debugger engine (src/debug/engine):
// what a debugger asks of a module's debug information. Addresses are DWARF addresses: byte offsets from the
// start of the Code section's CONTENTS (the function-count LEB), as in `../shared/fixtures/debug/README.md`.
// The engine never parses DWARF; the reader never touches a running machine except through FrameAccess.

/** One row of a line table, as the line lookup sees it. */
export interface SourceLocation {
  /** The file as DWARF names it, resolved against the compilation directory ("./src/fib.c" → "src/fib.c"
   *  when comp_dir is "."; absolute stays absolute). */
  readonly file: string;
  /** 0 = compiler-generated code with no source line. */
  readonly line: number;
  readonly column: number;
  readonly isStmt: boolean;
  /** The address of the row this location comes from. */
  readonly address: number;
}

/** A function (or an inlined instance of one) containing an address, innermost first in `framesAt`. */
export interface SourceFrame {
  /** DW_AT_name of the subprogram or of the inlined instance's abstract origin. */
  readonly name: string;
  readonly inlined: boolean;
  /** For the frame OUTSIDE an inlined instance: the call site's location (DW_AT_call_file/line/column);
   *  the engine shows it instead of the line-table line. Undefined for the innermost frame. */
  readonly callSite?: { readonly file: string; readonly line: number; readonly column: number };
}

/** How the reader reaches the paused machine. Values are raw bits; i64 as BigInt for simplicity here (this
 *  is the debugger's cold path). Every method may throw DebugInfoError for an index out of range. */
export interface FrameAccess {
  /** wasm local N of the frame being inspected (params first), as bits: i32 → number (signed int32),
   *  i64 → bigint, f32 → number bits (int32), f64 → bigint bits. */
  local(index: number): number | bigint;
  global(index: number): number | bigint;
  /** Operand stack slot N of the frame (0 = bottom of the frame's operand stack). */
  operand(index: number): number | bigint;
  /** Reads linear memory 0 (throws DebugInfoError out of bounds). */
  readMemory(address: number, length: number): Uint8Array;
}

/** A variable rendered for display (DAP `variables`, REPL `info locals`/`print`). */
export interface VariableView {
  readonly name: string;
  /** The C/Rust type as a debugger prints it: "int", "const int *", "struct Point", "i32[8]". */
  readonly type: string;
  /** As lldb prints it: decimal integers, 'a' chars (with code), 0x… pointers, enumerator names,
   *  "{…}" for aggregates; "<optimized out>" / "<unavailable: reason>" when there is no value. */
  readonly value: string;
  /** The raw value when scalar (number/bigint; pointers as unsigned addresses), undefined otherwise. */
  readonly raw?: number | bigint;
  /** Where it lives, for the UI ("DW_OP_fbreg +12", "wasm local 3") and its memory address if any. */
  readonly location: string;
  readonly address?: number;
  /** Children of aggregates and the pointee of pointers (expanded lazily by the caller). */
  readonly children?: () => VariableView[];
}

export interface SourceInfo {
  /** All files the line tables name (resolved as in SourceLocation.file), for DAP `loadedSources`. */
  files(): string[];
  /** Line lookup: the row with the greatest address <= pc in the sequence containing pc. */
  locationAt(pc: number): SourceLocation | undefined;
  /** file:line → breakpoint addresses: per function (and per inlined instance) the lowest is_stmt row of
   *  that line. `file` matches exactly, or by any path ending in the same file name ("fib.c"). */
  breakpointAddresses(file: string, line: number): number[];
  /** Is there an is_stmt row with line != 0 starting exactly at pc? (step granularity; the engine uses it
   *  with `locationAt` to implement step over/into per the scenarios' conventions). */
  isStatementStart(pc: number): boolean;
  /** The address of the prologue_end row of the function whose body contains pc (else its first row). */
  prologueEnd(pc: number): number | undefined;
  /** Subprogram and inlined instances containing pc, innermost first; [] for code without DWARF. */
  framesAt(pc: number): SourceFrame[];
  /** Variables in scope at pc for source frame `depth` of framesAt(pc) (0 = innermost), in DIE order:
   *  params, variables, then those of every lexical block containing pc. */
  variablesAt(pc: number, depth: number, frame: FrameAccess): VariableView[];
  /** C-like expressions over the innermost frame and globals: x, p->m, s.m, *p, a[k], str(p), integer
   *  literals. Throws DebugInfoError with a clear message for an unknown name or a bad expression. */
  evaluate(expression: string, pc: number, frame: FrameAccess): VariableView;
}

export class DebugInfoError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DebugInfoError';
  }
}
