// The contract between the core VM, the JS tier's run time (runtime.ts, shipped as `purewasm/js-runtime`) and
// its code generator (codegen.ts, shipped separately as `purewasm/jit`: src/jit/index.ts).
//
// Why apart: generating JS needs `new Function` at run time, which Hermes release bundles and pages under a
// CSP without 'unsafe-eval' do not have; there the generator is 26 KB of dead weight. The run time (tier-up
// counters, ahead-of-time factories, the helpers compiled code calls) is the smaller `purewasm/js-runtime`,
// which code made ahead of time (`purewasm compile --js`) imports, so it runs with the core and the run time
// alone. A store that should compile hot functions at run time is given the generator, which carries the run
// time: `new Store({ compiler: jit })`.
//
// The generator is a BodySink: the core walks the function body with its own validator and hands the sink
// over, so the generator's bundle carries no second copy of the decoder and validator.
import type { BodySink } from '../../validate/sink.js';
import type { JsRuntimePack } from './runtime.js';

/** The JS tier's code generator (`import { jit } from 'purewasm/jit'`). */
export interface JsCompiler {
  /**
   * The source of the factory of one function — `(rt, inst, self) => body | null`, the body of a
   * `new Function('rt', 'inst', 'self', source)` — or the feature that keeps the function interpreted.
   * `walk` runs the validator's walk of the function's body over the sink it is given. `metered`: for a
   * store with fuel or interruption (`fuel`/`interruptible`), the code charges fuel and checks for an
   * interruption where the interpreter's translation does (metered-codegen.ts).
   */
  /** @internal */
  generate(walk: (sink: BodySink) => void, options?: GenerateOptions): string | { readonly feature: string };
  /** The run time the generated code runs with (`purewasm/js-runtime`). */
  /** @internal */
  readonly runtime: JsRuntimePack;
}

export interface GenerateOptions {
  readonly metered?: boolean;
  /** f64 values as int32 halves except arithmetic results (f64-bits.ts): exact where numbers lose NaN
   *  payloads. Default: where this engine's do (Hermes, QuickJS). */
  readonly f64Bits?: boolean;
  /** An entry into a running loop instead (codegen.ts, OsrEntry): the module offset of the `loop` instruction
   *  where the interpreter hands its frame over; the code runs the function from there to its end. */
  readonly osrLoop?: number;
}
