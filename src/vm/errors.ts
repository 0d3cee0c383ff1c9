// Errors raised by the VM at link and run time. CompileError lives with the decoder (src/decoder/errors.ts).
export { CompileError } from '../decoder/errors.js';

/** One frame of a wasm backtrace. */
export interface TraceFrame {
  /** Function index in its module's function index space. */
  readonly funcIndex: number;
  /** Name from the name section, when present. */
  readonly name: string | undefined;
  /** Byte offset of the instruction in the module binary, when known. */
  readonly offset: number | undefined;
}

/**
 * A WebAssembly trap. `reason` is the spec's wording ("integer divide by zero", "out of bounds memory
 * access", "call stack exhausted", …); `wasmStack` is the guest backtrace, innermost frame first.
 * The JS API's equivalent is `WebAssembly.RuntimeError`.
 */
export class Trap extends Error {
  readonly reason: string;
  wasmStack: readonly TraceFrame[];

  constructor(reason: string, wasmStack: readonly TraceFrame[] = []) {
    super(reason);
    this.name = 'Trap';
    this.reason = reason;
    this.wasmStack = wasmStack;
  }
}

/** Instantiation failed: a missing import or one whose type does not match (names the import). */
export class LinkError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LinkError';
  }
}
