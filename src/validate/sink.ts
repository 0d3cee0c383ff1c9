// The listener interface of the function-body walk (GUIDE §2.5: validation and translation are one pass).
//
// `validateFunction(vm, definedIndex)` walks a body with no sink at compile time (fast); the interpreter's
// translator calls it again lazily with a sink and emits its own code from what the walk tells it.
import type { ValType } from '../decoder/module.js';
import type { Immediates } from '../decoder/immediates.js';
import type { ValidatedModule } from './validated-module.js';

export interface BodySink {
  /** Once, before the walk: all local types (params first) are in ctx.localTypes; the function's type is
   *  ctx.module.funcTypes[ctx.funcIndex]. */
  begin(ctx: BodyContext): void;
  /**
   * Every instruction, after its immediates are decoded (and type immediates normalized) and BEFORE its
   * stack effect is applied and checked, so `ctx` shows the operand types it will pop. (The sink only ever
   * runs on bodies that already validated at compile time, so it never sees an invalid instruction.) Also called for `else`, `end` (including the function's
   * final `end`, with frameCount === 1), `delegate`, `catch`, `catch_all`. Called in unreachable code too;
   * `ctx.unreachable` tells the sink. `op` is the single-byte opcode, or (prefix << 8 | subop) for the
   * prefixes 0xFB/0xFC/0xFD/0xFE (e.g. 0xFC08 = memory.init, 0xFD0C = v128.const). Relaxed SIMD's
   * sub-opcodes 0x100..0x113 would collide with 0xFE.., so they are encoded as 0xFF00 | (subop - 0x100)
   * (0xFF is not a prefix). See `src/decoder/opcodes.ts` (names, opName(), immKinds).
   */
  instr(op: number, ctx: BodyContext): void;
  /** Once, after the final `end` was validated. */
  finish(): void;
}

export interface BodyContext {
  /** Byte offset of the current instruction (its opcode's first byte) in Module.bytes. */
  readonly pos: number;
  /** Byte offset just after the instruction's immediates (the next instruction). */
  readonly nextPos: number;
  /** Operand stack height (values) of the whole function, before the instruction's effect. */
  readonly height: number;
  /** Operand type at absolute stack index (0 = bottom). 0 (bottom) for values conjured by a polymorphic stack. */
  typeAt(index: number): ValType;
  /** The current control frame is in unreachable code (after br, return, unreachable, throw, …). */
  readonly unreachable: boolean;
  /** Number of control frames; the function body is the outermost frame. */
  readonly frameCount: number;
  /** Operand height at entry of frame `depth` (0 = innermost), its params excluded. */
  frameHeight(depth: number): number;
  /** Types a branch to label `depth` carries (the params for a loop, the results otherwise). */
  labelTypes(depth: number): readonly ValType[];
  /** Param types of frame `depth`. */
  frameParams(depth: number): readonly ValType[];
  /** Result types of frame `depth`. */
  frameResults(depth: number): readonly ValType[];
  /** Opcode that opened frame `depth`: 0x02 block, 0x03 loop, 0x04 if (0x05 once in its else arm),
   *  0x06 try (0x07 after catch / 0x19 after catch_all), 0x1f try_table, or -1 for the function body. */
  frameKind(depth: number): number;
  /** Decoded immediates of the current instruction (one reused object; copy what you keep). */
  readonly imm: Immediates;
  /** All local types, parameters first. */
  readonly localTypes: readonly ValType[];
  /** Index of the function in the function index space. */
  readonly funcIndex: number;
  readonly module: ValidatedModule;
}

// The decoded immediates live with the decoder (which fills them); re-exported here for sinks.
export { CATCH, CATCH_REF, CATCH_ALL, CATCH_ALL_REF } from '../decoder/immediates.js';
export type { Immediates } from '../decoder/immediates.js';
