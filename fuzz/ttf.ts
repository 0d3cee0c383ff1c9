// Differential fuzzing with binaryen's translate-to-fuzz: for each seed, a random valid module (loops bounded by
// hang limits, memory, tables, calls, calls back into exports) runs in Node's WebAssembly (the oracle) and in
// each purewasm tier under the same harness (ttf-shell.ts); every tier's log must equal Node's.
//
//   npm run fuzz -- --seeds 200 --from 1 --features base,simd [--tiers interpreter,js] [--save DIR] [--quiet]
//
// NaNs: every module goes through binaryen's --denan (ttf-gen.ts), which makes each float-producing
// operation turn a NaN into 0. Arithmetic NaNs are nondeterministic in the spec (sign and payload), and V8's
// differ from ours legitimately; they would reach memory (stores) and integers (reinterpret) and make nearly
// every module with float arithmetic "diverge". Comparing NaNs only as NaN would hide the memory, so --denan.
// (Bit-exact NaN handling is the spec suites' job, which assert payloads exactly.)
//
// Not compared (the harness stops the run, ttf-shell.ts): what happens after a stack overflow.
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Instance, Module, Store } from '../src/index.js';
import { compileToJs, jit } from '../src/jit/index.js';
import { jsRuntime } from '../src/js-runtime/index.js';
import type { JsCompiler } from '../src/vm/jstier/compiler.js';
import type { CompiledModule } from '../src/vm/jstier/runtime.js';
import { PACKS } from '../test/packs.js';
import { Binaryen, FEATURE_SETS } from './ttf-gen.js';
import { exposeState, runShell, shapeOf } from './ttf-shell.js';
import type { Engine, ModuleShape } from './ttf-shell.js';

interface NodeWasm {
  Module: { new (b: Uint8Array): object; exports(m: object): { name: string }[] };
  Instance: new (m: object, imports: object) => { exports: Record<string, unknown> };
  RuntimeError: new () => Error;
}
const node = (globalThis as unknown as { WebAssembly: NodeWasm }).WebAssembly;

/** A trap message of either engine (V8's wording, or the spec's that purewasm uses) as one word per kind.
 *  V8's words are coarser, so some of the spec's kinds are one here: "null function or function signature
 *  mismatch" is both a null entry and a wrong signature; "float unrepresentable in integer range" is both the
 *  spec's "invalid conversion to integer" (NaN) and its "integer overflow" of a truncation, so the spec's
 *  "integer overflow" (a truncation's or a division's, V8's "divide result unrepresentable") joins them.
 *  An unknown message stays itself (and shows as a divergence). */
export function trapKindOf(message: string): string {
  const kinds: [RegExp, string][] = [
    [/unreachable/, 'unreachable'],
    [/memory access out of bounds|out of bounds memory access|data segment/, 'memory'],
    [/divide by zero|remainder by zero/, 'divide by zero'],
    [/integer overflow|divide result unrepresentable|float unrepresentable|invalid conversion/, 'overflow or conversion'],
    [/null function or function signature mismatch|uninitialized element|indirect call type mismatch/, 'indirect call'],
    [/table index is out of bounds|undefined element|out of bounds table access|element segment|table/, 'table'],
    [/null/, 'null'],
    [/call stack/, 'stack'],
  ];
  for (const [re, kind] of kinds) if (re.test(message)) return kind;
  return message;
}

export const nodeEngine: Engine = {
  name: 'node',
  instantiate(bytes, imports) {
    const m = new node.Module(bytes);
    return { exports: new node.Instance(m, imports).exports, exportNames: node.Module.exports(m).map((e) => e.name) };
  },
  trapKind: (e) => (e instanceof node.RuntimeError ? trapKindOf(e.message) : undefined),
};

/** purewasm in a fresh store of `tier`; `compiled`: ahead-of-time code for the module. */
function purewasm(name: string, tier: 'interpreter' | 'auto' | 'js', compiler?: JsCompiler, compiled?: CompiledModule): Engine {
  return {
    name,
    instantiate(bytes, imports) {
      const m = new Module(bytes, PACKS);
      const store = new Store({ tier, compiler });
      return { exports: new Instance(m, imports as never, { store, compiled }).exports, exportNames: Module.exports(m).map((e) => e.name) };
    },
    trapKind: (e) => (e instanceof Error && e.name === 'Trap' ? trapKindOf((e as { reason?: string }).reason ?? e.message) : undefined),
  };
}

const f64BitsJit: JsCompiler = { ...jit, generate: (walk, o) => jit.generate(walk, { ...o, f64Bits: true }) };

/** The purewasm tiers the fuzzer compares with Node. */
export const TIERS = ['interpreter', 'auto', 'js', 'js-f64-bits', 'aot'] as const;
export type Tier = (typeof TIERS)[number];

/** The engine of a tier for `bytes` ('aot' compiles the module to JS source first and evaluates it). */
async function tierEngine(tier: Tier, bytes: Uint8Array): Promise<Engine> {
  switch (tier) {
    case 'interpreter': return purewasm(tier, 'interpreter');
    // the default: interpreted until hot, then compiled (calls cross between the tiers mid-run)
    case 'auto': return purewasm(tier, 'auto', jit);
    case 'js': return purewasm(tier, 'js', jit);
    case 'js-f64-bits': return purewasm(tier, 'js', f64BitsJit);
    case 'aot': {
      // (the script form, given the JS tier's run time as js-runtime.iife.js's global: the module form would
      // import 'purewasm/js-runtime', which a data: URL cannot resolve)
      const code = compileToJs(bytes, { compiler: jit, features: PACKS, format: 'iife', name: 'compiled' }).code;
      const compiled = new Function('purewasmJsRuntime', `${code}; return compiled;`)({ jsRuntime }) as CompiledModule;
      return purewasm(tier, 'js', undefined, compiled);
    }
  }
}

export interface Divergence {
  readonly tier: Tier;
  /** Where the logs part, with the lines around it. */
  readonly detail: string;
}

/** The first difference between two logs, with context; undefined when equal. */
function firstDifference(expected: readonly string[], got: readonly string[]): string | undefined {
  const n = Math.max(expected.length, got.length);
  for (let i = 0; i < n; i++) {
    if (expected[i] === got[i]) continue;
    const context = expected.slice(Math.max(0, i - 3), i).map((l) => `    ${l}`);
    return [`line ${i + 1}:`, ...context, `  node: ${expected[i] ?? '(end)'}`, `  ours: ${got[i] ?? '(end)'}`].join('\n');
  }
  return undefined;
}

/** Runs `bytes` in Node and in `tiers`; returns Node's log and every tier's divergence. */
export async function differential(generated: Uint8Array, tiers: readonly Tier[]): Promise<{ log: string[]; divergences: Divergence[]; skipped?: string }> {
  const bytes = exposeState(generated);
  try {
    new node.Module(bytes);
  } catch (e) {
    // Binaryen writes an instruction now and then that Node 20's V8 does not know though the feature set has
    // it (ref.as_non_null, typed function references, with reference types on): the oracle cannot run
    // the module, so it is skipped (whether we validate it is not this runner's question but the spec's).
    return { log: [], divergences: [], skipped: `Node cannot compile it: ${e instanceof Error ? e.message.replace(/.*failed: /, '').replace(/ @\+\d+$/, '') : String(e)}` };
  }
  let shape: ModuleShape;
  try {
    const m = new Module(bytes, PACKS);
    shape = shapeOf(m.validated.module, m.validated.funcTypes);
  } catch (e) {
    // Our validator refuses what binaryen made (and Node runs, or the log says otherwise): that alone is news.
    const detail = `our Module() threw ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`;
    return { log: [], divergences: tiers.map((tier) => ({ tier, detail })) };
  }
  const log = runShell(nodeEngine, bytes, shape);
  const divergences: Divergence[] = [];
  for (const tier of tiers) {
    let ours: string[];
    try {
      ours = runShell(await tierEngine(tier, bytes), bytes, shape);
    } catch (e) {
      divergences.push({ tier, detail: `the harness threw ${e instanceof Error ? (e.stack ?? e.message) : String(e)}` });
      continue;
    }
    const detail = firstDifference(log, ours);
    if (detail !== undefined) divergences.push({ tier, detail });
  }
  return { log, divergences };
}

// ---------------------------------------------------------------------------------------------------------
// The command line

function parseArgs(argv: readonly string[]): { seeds: number; from: number; sets: string[]; tiers: Tier[]; save?: string; quiet: boolean } {
  const opts = { seeds: 100, from: 1, sets: Object.keys(FEATURE_SETS), tiers: [...TIERS] as Tier[], save: undefined as string | undefined, quiet: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--seeds') opts.seeds = Number(val());
    else if (a === '--from') opts.from = Number(val());
    else if (a === '--features') opts.sets = val().split(',');
    else if (a === '--tiers') opts.tiers = val().split(',') as Tier[];
    else if (a === '--save') opts.save = val();
    else if (a === '--quiet') opts.quiet = true;
    else throw new Error(`unknown option ${a}; usage: --seeds N --from S --features ${Object.keys(FEATURE_SETS).join(',')} --tiers ${TIERS.join(',')} --save DIR --quiet`);
  }
  for (const s of opts.sets) if (!(s in FEATURE_SETS)) throw new Error(`unknown feature set ${s}`);
  for (const t of opts.tiers) if (!TIERS.includes(t)) throw new Error(`unknown tier ${t}`);
  return opts;
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  const binaryen = new Binaryen();
  let failed = 0;
  let runs = 0;
  const skips = new Map<string, number>();
  try {
    for (let seed = opts.from; seed < opts.from + opts.seeds; seed++) {
      for (const set of opts.sets) {
        // The seed goes to stdout before the run: a hang (or crash) then names its seed.
        if (!opts.quiet) process.stdout.write(`seed ${seed} ${set} `);
        const bytes = await binaryen.generate(seed, set);
        const t0 = Date.now();
        const { log, divergences, skipped } = await differential(bytes, opts.tiers);
        if (skipped !== undefined) {
          skips.set(skipped, (skips.get(skipped) ?? 0) + 1);
          if (!opts.quiet) process.stdout.write(`skipped: ${skipped}\n`);
          continue;
        }
        runs++;
        const calls = log.filter((l) => l.startsWith('call ')).length;
        if (!opts.quiet) process.stdout.write(`${bytes.length} B, ${calls} calls, ${Date.now() - t0} ms${divergences.length === 0 ? '' : ' DIVERGES'}\n`);
        if (divergences.length === 0) continue;
        failed++;
        if (opts.quiet) process.stdout.write(`seed ${seed} ${set} DIVERGES\n`);
        for (const d of divergences) process.stdout.write(`  ${d.tier}: ${d.detail.replaceAll('\n', '\n  ')}\n`);
        if (opts.save !== undefined) {
          mkdirSync(opts.save, { recursive: true });
          writeFileSync(join(opts.save, `${set}-${seed}.wasm`), bytes);
        }
      }
    }
  } finally {
    binaryen.dispose();
  }
  process.stdout.write(`${runs} modules, ${failed} diverging${[...skips].map(([why, n]) => `; ${n} skipped (${why})`).join('')}\n`);
  process.exitCode = failed === 0 ? 0 : 1;
}

if (process.argv[1] !== undefined && /ttf\.[tj]s$/.test(process.argv[1])) await main();
