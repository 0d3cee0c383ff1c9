// Core-wasm proposals beyond WebAssembly 3.0 + threads that a caller switches on explicitly. With a feature
// off, the bytes it introduces are malformed exactly as before the feature existed.

export interface CoreFeatures {
  /**
   * shared-everything-threads: `shared` tables (limits flag bit 1) and globals (mutability bit 1), shared
   * abstract heap types `(shared func)` … (prefix 0x65) and shared composite types `(shared (func …))`
   * (prefix 0x65 in the type section), with their validation rules. Decoding and validation only: the VM
   * runs such a module single-threaded, like any other. Default off.
   */
  readonly sharedEverythingThreads?: boolean;
}
