// The tiers a real program is run in (test/tiers): the interpreter, the JS tier compiling every function at
// its first call (numbers and bits form of f64), ahead-of-time output (both forms), and the default 'auto'
// (hot functions compiled on their third call: the tiers mixed in one run) and 'osr' ('auto' with every loop
// entering compiled code at once: docs/ARCHITECTURE.md "JS tier"), each as a Store plus
// the `compiled` table an instantiation takes. Each public way there is used as an application would:
// `tier: 'js'` with the generator, compileToJs's output loaded and handed to the instantiation; the bits form
// on V8 is the generator's test-only option (GenerateOptions.f64Bits, as the spec runner's --f64-bits).
import { Store } from '../../src/index.js';
import type { CompiledComponent, CompiledModule } from '../../src/vm/jstier/runtime.js';
import type { JsCompiler } from '../../src/vm/jstier/compiler.js';
import type { FuncInst } from '../../src/vm/runtime/func.js';
import { compileToJs, jit } from '../../src/jit/index.js';
import { jsRuntime } from '../../src/js-runtime/index.js';
import { PACKS } from '../packs.js';

export const TIERS = ['interpreter', 'js', 'js-bits', 'aot', 'aot-bits', 'auto', 'osr'] as const;
export type Tier = (typeof TIERS)[number];

/** The generator writing the bits form of f64 on every engine (on V8 it would write numbers). */
const bitsJit: JsCompiler = { ...jit, generate: (walk, options) => jit.generate(walk, { ...options, f64Bits: true }) };

/** Ahead-of-time output by file and form: one compileToJs per program and form in a process. */
const aotCache = new Map<string, CompiledModule | CompiledComponent>();

/** compileToJs's output for `bytes` (a core module or a component), loaded as a script defines it. */
export function aheadOfTime(key: string, bytes: Uint8Array, f64: 'numbers' | 'bits'): CompiledModule | CompiledComponent {
  const cacheKey = `${f64}:${key}`;
  let compiled = aotCache.get(cacheKey);
  if (compiled === undefined) {
    const { code } = compileToJs(bytes, { compiler: jit, format: 'iife', name: 'compiled', f64, features: PACKS });
    // (the iife form: a script defining a global, what an engine without modules loads, after the run time's
    // script, which defines purewasmJsRuntime; tests may eval)
    compiled = new Function('purewasmJsRuntime', `${code}\nreturn compiled;`)({ jsRuntime }) as CompiledModule | CompiledComponent;
    aotCache.set(cacheKey, compiled);
  }
  return compiled;
}

export interface TierSetup {
  readonly store: Store;
  /** For the instantiation (`new Instance(…, { compiled })`, `linker.instantiate(…, { compiled })`). */
  readonly compiled: CompiledModule | CompiledComponent | undefined;
}

/** A fresh store for `tier` and, ahead of time, the output for `bytes` (`key` names them for the cache).
 *  With `fuel` the store meters it (metered compiled code; ahead-of-time code, which has no fuel checks,
 *  would run interpreted: not a tier then). */
export function setUp(tier: Tier, key: string, bytes: Uint8Array, fuel?: number): TierSetup {
  if (fuel !== undefined && tier.startsWith('aot')) throw new Error('ahead-of-time code has no fuel checks: a metered store interprets it');
  switch (tier) {
    case 'interpreter': return { store: new Store({ tier: 'interpreter', fuel }), compiled: undefined };
    case 'js': return { store: new Store({ tier: 'js', compiler: jit, fuel }), compiled: undefined };
    case 'js-bits': return { store: new Store({ tier: 'js', compiler: bitsJit, fuel }), compiled: undefined };
    // (no generator: what runs compiled is the ahead-of-time code, from a function's first call)
    case 'aot': return { store: new Store({ tier: 'js' }), compiled: aheadOfTime(key, bytes, 'numbers') };
    case 'aot-bits': return { store: new Store({ tier: 'js' }), compiled: aheadOfTime(key, bytes, 'bits') };
    case 'auto': return { store: new Store({ tier: 'auto', compiler: jit, fuel }), compiled: undefined };
    // 'auto' with every loop of an interpreted call entering compiled code the first time its header is
    // reached (Machine.jsLoops, internal; a metered store's loops stay interpreted: then it is 'auto')
    case 'osr': {
      const store = new Store({ tier: 'auto', compiler: jit, fuel });
      if (fuel === undefined) (store as unknown as { jsLoops: number }).jsLoops = 1;
      return { store, compiled: undefined };
    }
  }
}

/** Of the store's wasm functions that were called: how many ran compiled and how many stayed interpreted. */
export interface Coverage {
  compiled: number;
  interpreted: number;
}

/** The store's coverage so far (internal state, read for the test only). Under tier 'js' a called function
 *  has used up its single warm-up call (`hot` 0) and then either has a compiled body or declined (under
 *  'auto' `interpreted` counts only functions that reached their third call and declined). */
export function coverage(store: Store): Coverage {
  const funcs = (store as unknown as { funcs: FuncInst[] }).funcs;
  const loops = (store as unknown as { jsRt: { loops: Map<FuncInst, Map<number, unknown>> } | null }).jsRt?.loops;
  let compiled = 0;
  let interpreted = 0;
  for (const f of funcs) {
    if (f.instance === null || f.store !== store) continue;
    // (or one of its loops entered compiled code: 'auto', 'osr')
    if (f.body !== null || [...(loops?.get(f)?.values() ?? [])].some((b) => b !== null)) compiled++;
    else if (f.hot === 0) interpreted++;
  }
  return { compiled, interpreted };
}
