// The shape of `.cache/engines/data.json`: everything the engine-side driver runs, prepared in Node by
// prepare.ts. Plain JSON only (engines differ in what else they parse): binaries are base64, 64-bit values
// are strings, and component values carry bigints as `{ "$big": "123" }` (revived by the driver).
import type { WasiOutcome, WasiProgram } from './driver/wasi-programs.js';

/** A core-wasm argument, bit-exact. */
export type CoreArg =
  | { readonly t: 'i32'; readonly v: number }
  | { readonly t: 'i64'; readonly v: string } // signed decimal
  | { readonly t: 'f32'; readonly bits: number }
  | { readonly t: 'f64'; readonly bits: string } // unsigned hex
  | { readonly t: 'v128'; readonly hex: string } // 16 bytes, memory order
  | { readonly t: 'null' }
  | { readonly t: 'host'; readonly n: string }; // `(ref.extern N)` / `(ref.host N)`: one object per N

export type FloatWant = number | string; // f32: bits; f64: hex bits; or 'nan:canonical' / 'nan:arithmetic'

/** An expected core-wasm result (the runner's matcher kinds, as data). */
export type CoreWant =
  | { readonly t: 'i32'; readonly v: number }
  | { readonly t: 'i64'; readonly v: string }
  | { readonly t: 'f32'; readonly v: FloatWant }
  | { readonly t: 'f64'; readonly v: FloatWant }
  | { readonly t: 'v128'; readonly hex: string }
  | { readonly t: 'v128f'; readonly shape: 'f32x4' | 'f64x2'; readonly lanes: readonly FloatWant[] }
  | { readonly t: 'null' }
  | { readonly t: 'host'; readonly n: string }
  | { readonly t: 'nonnull' } // ref.func, ref.struct …: any non-null reference
  | { readonly t: 'either'; readonly alts: readonly CoreWant[] };

/** A component value in spec-tests' neutral CValue form (bigints revived by the driver). */
export type CompValue = unknown;

export interface Action {
  readonly kind: 'invoke' | 'get';
  readonly module?: string;
  readonly name: string;
  /** CoreArg[] for core modules, CompValue[] for components. */
  readonly args: readonly unknown[];
}

export type Layer = 'module' | 'component';

/** One directive of a .wast file, reduced to what an engine has to do. `m` indexes `EngineData.binaries`. */
export type Command =
  | { readonly k: 'module'; readonly line: number; readonly layer: Layer; readonly m: number; readonly id?: string }
  | { readonly k: 'definition'; readonly line: number; readonly layer: Layer; readonly m: number; readonly id?: string }
  | { readonly k: 'instance'; readonly line: number; readonly layer: Layer; readonly id?: string; readonly def?: string }
  | { readonly k: 'register'; readonly line: number; readonly as: string; readonly id?: string }
  | { readonly k: 'action'; readonly line: number; readonly a: Action }
  /** `want`: CoreWant[] for core modules, CompValue[] for components. */
  | { readonly k: 'return'; readonly line: number; readonly a: Action; readonly want: readonly unknown[] }
  | { readonly k: 'trap' | 'exhaustion' | 'exception'; readonly line: number; readonly a: Action }
  | { readonly k: 'invalid' | 'unlinkable' | 'trap-module'; readonly line: number; readonly layer: Layer; readonly m: number };

export interface Script {
  readonly suite: string;
  readonly file: string;
  /** Component feature switches of the file (undefined: the API defaults). */
  readonly features?: Record<string, boolean>;
  /** component-wasmtime: wasmtime's embedder restrictions apply at compile time. */
  readonly wasmtimeRestrictions: boolean;
  /** component-wasm-tools: a top-level form passes when it validates; only its users need an instance. */
  readonly validateOnly: boolean;
  readonly commands: readonly Command[];
}

/** A real component and the calls of its expectations.json entry. */
export interface ComponentSmoke {
  /** Path under fixtures/components/jco; selects the host functions in component-smoke.ts. */
  readonly file: string;
  readonly m: number;
  readonly steps: readonly { readonly call: string; readonly args: readonly unknown[]; readonly result: unknown }[];
}

/** A benchmark kernel: `run(n)` and a hash of the final memory, as Node's WebAssembly computed them. */
export interface CoreSmoke {
  readonly file: string;
  readonly m: number;
  readonly n: number;
  readonly result: number;
  readonly memoryBytes: number;
  readonly memoryHash: number;
}

/**
 * Stores, fuel, async host functions and snapshots (driver/stores.ts). Fuel counts and results were computed
 * in Node at preparation time (fuel with purewasm itself, checksums with Node's WebAssembly): fuel is
 * deterministic, so every engine must arrive at the same numbers.
 */
export interface StoreChecks {
  /** `(func (export "spin") (loop (br 0)))`: given `fuel`, it traps with `left` fuel remaining. */
  readonly spin: { readonly m: number; readonly fuel: number; readonly left: number };
  /** Imports `h.get: (i32) -> i32`; `sum(n)` is the sum of get(i) for i = n … 1. */
  readonly sum: { readonly m: number; readonly n: number; readonly result: number };
  /** A kernel's run(n) in a store with fuel: the fuel it consumes. */
  readonly fuelKernel: { readonly file: string; readonly m: number; readonly n: number; readonly result: number; readonly consumed: number };
  /**
   * A kernel's run(n) under callAsync in a store with `fuel` and outOfFuel 'suspend': it suspends, is
   * snapshotted (`snapshotBytes` bytes, FNV-1a `snapshotHash`), resumed, restored and resumed again.
   * `total`: the fuel of the whole run; `result`: Node's WebAssembly checksum.
   */
  readonly snapshot: {
    readonly file: string; readonly m: number; readonly n: number; readonly result: number;
    readonly fuel: number; readonly total: number; readonly snapshotBytes: number; readonly snapshotHash: number;
  };
  /** A jco component whose export `test-imports` calls all its imports (made async by the driver). */
  readonly component: { readonly file: string; readonly m: number; readonly hostCalls: number };
}

/** A cases file of the JS API as glue meets it (test/vm/*-cases.ts), run on purewasm/polyfill: V8's recorded
 *  outcomes and the differences purewasm keeps (case → reason). */
export interface RecordedCases {
  readonly m: number;
  readonly expected: Readonly<Record<string, string>>;
  readonly kept: Readonly<Record<string, string>>;
}

export interface PolyfillChecks {
  /** test/vm/jspi-cases.ts. */
  readonly jspiCases: RecordedCases;
  /** test/vm/js-errors-cases.ts; `legacy`: its legacy-exceptions module. */
  readonly jsErrorCases: RecordedCases & { readonly legacy: number };
}

export interface EngineData {
  /** Real WASI programs (driver/wasi-programs.ts) and what they did on Node. */
  readonly wasi: readonly { readonly program: WasiProgram; readonly expected: WasiOutcome }[];
  readonly binaries: readonly string[];
  readonly scripts: readonly Script[];
  readonly components: readonly ComponentSmoke[];
  readonly kernels: readonly CoreSmoke[];
  readonly stores: StoreChecks;
  readonly polyfill: PolyfillChecks;
}

/** FNV-1a over the memory as int32 words (little-endian), shared by prepare.ts and the driver. */
export function memoryHash(words: Int32Array): number {
  let h = 0x811c9dc5 | 0;
  for (let i = 0; i < words.length; i++) {
    h = Math.imul(h ^ words[i]!, 0x01000193);
  }
  return h >>> 0;
}

/** FNV-1a over bytes (a snapshot), shared by prepare.ts and the driver. */
export function bytesHash(bytes: Uint8Array): number {
  let h = 0x811c9dc5 | 0;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  return h >>> 0;
}
