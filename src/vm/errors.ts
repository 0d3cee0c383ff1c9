// Errors raised by the VM at link and run time. CompileError lives with the decoder (src/decoder/errors.ts).
export { CompileError } from '../decoder/errors.js';

// Trap reasons raised from several files, held once in the bundle.
export const OOB_MEMORY = 'out of bounds memory access';
export const OOB_TABLE = 'out of bounds table access';
export const INVALID_CONVERSION = 'invalid conversion to integer';
export const INTEGER_OVERFLOW = 'integer overflow';
export const DIVIDE_BY_ZERO = 'integer divide by zero';
export const STACK_EXHAUSTED = 'call stack exhausted';

/**
 * The mark of an error of purewasm's own machinery that may pass through wasm frames — a WASI exit, a
 * replay's divergence, the debugger's restarts — as `readonly [UNCATCHABLE] = true`: wasm's exception
 * handlers never catch it, as V8's never catch a trap (exec/host.ts intoWasm). A registered symbol, so every
 * bundle carrying a copy of this file agrees on it.
 */
export const UNCATCHABLE: unique symbol = Symbol.for('purewasm.uncatchable') as never;

/** One frame of a wasm backtrace. */
export interface TraceFrame {
  /** Function index in its module's function index space. */
  readonly funcIndex: number;
  /** Name from the name section, when present. */
  readonly name: string | undefined;
  /** Byte offset of the instruction in the module binary, when known. */
  readonly offset: number | undefined;
  /** That module binary (in a component, the core module the function is in): where `offset` counts, and
   *  what its DWARF, if any, describes. */
  readonly module?: Uint8Array;
}

/**
 * A WebAssembly trap. `reason` is the spec's wording ("integer divide by zero", "out of bounds memory
 * access", "call stack exhausted", …); `wasmStack` is the guest backtrace, innermost frame first.
 * The JS API's equivalent is `WebAssembly.RuntimeError`.
 */
export class Trap extends Error {
  readonly reason: string;
  wasmStack: readonly TraceFrame[];
  /** @internal Frames of JS-tier code (src/vm/jstier) the trap left, innermost first: they are on no frame
   *  stack, so the backtrace gets them from here. */
  compiledFrames: TraceFrame[] | null = null;
  /** @internal Where compiled code left the function of the interpreter's innermost frame (a call entered
   *  from JS, a loop entered while running: that frame's pc says neither), -1 where unknown. */
  declare topOffset?: number;
  /** @internal The `stack` the engine gave it, before showWasmFrames put the wasm frames in. */
  declare jsStack?: string;

  constructor(reason: string, wasmStack: readonly TraceFrame[] = []) {
    super(reason);
    this.name = 'Trap';
    this.reason = reason;
    this.wasmStack = wasmStack;
  }
}

/**
 * Puts a trap's wasm frames (innermost first, in V8's notation: `at NAME (wasm-function[INDEX]:0xOFFSET)`) into
 * its `stack`, before the JS frames the engine recorded there — what a console, a debugger or React Native's
 * error screen shows. (Engines whose `stack` has no "Trap: reason" line first get the frames first.)
 */
export function showWasmFrames(t: Trap): void {
  // (again from the engine's own: a backtrace completed by an outer execution, below compiled code, replaces
  // the one an inner one made)
  const js = (t.jsStack ??= String(t.stack ?? ''));
  let frames = '';
  for (const f of t.wasmStack) {
    const at = `wasm-function[${f.funcIndex}]${f.offset === undefined ? '' : `:0x${f.offset.toString(16)}`}`;
    frames += `\n    at ${f.name === undefined ? at : `${f.name} (${at})`}`;
  }
  const head = js.indexOf(t.name) === 0 ? js.indexOf('\n') : 0;
  try {
    t.stack = head < 0 ? js + frames : head === 0 ? frames.slice(1) + '\n' + js : js.slice(0, head) + frames + js.slice(head);
  } catch {
    // (a `stack` the engine keeps read-only: the frames are in wasmStack)
  }
}

/** Instantiation failed: a missing import or one whose type does not match (names the import). */
export class LinkError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LinkError';
  }
}

/**
 * The VM met a feature it does not implement yet (a valid module that uses it still decodes and validates).
 * Distinct from `Trap` and `LinkError` so embedders and the spec runner can tell "not supported here"
 * from "wrong". `feature` names the proposal or instruction family, e.g. "GC: struct.new".
 */
export class Unsupported extends Error {
  readonly feature: string;

  constructor(feature: string) {
    super(`not implemented: ${feature}`);
    this.name = 'Unsupported';
    this.feature = feature;
  }
}
