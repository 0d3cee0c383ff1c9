// Differential fuzzing with binaryen's translate-to-fuzz: for each seed, a random valid module (loops bounded by
// hang limits, memory, tables, calls, calls back into exports) runs in Node's WebAssembly (the oracle) and in
// each purewasm tier under the same harness (ttf-shell.ts); every tier's log must equal Node's.
//
//   npm run fuzz -- --seeds 200 --from 1 --features base,simd [--tiers interpreter,js] [--save DIR] [--quiet]
//   npm run fuzz -- --record      (the newer oracle's logs of the fixed seeds of ttf.test.ts: ttf-recorded.ts)
//
// The oracle: the running Node for the sets its V8 knows; the sets with exception handling, GC, memory64,
// multi-memory and the real-code sets, a newer Node in a child process (oracle.ts; install it with
// `node scripts/install-oracle-node.mjs`). The feature sets: ttf-gen.ts.
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
import { Exception, Instance, JSTag, Module, Store, Tag } from '../src/index.js';
import { compileToJs, jit } from '../src/jit/index.js';
import { jsRuntime } from '../src/js-runtime/index.js';
import type { JsCompiler } from '../src/vm/jstier/compiler.js';
import type { CompiledModule } from '../src/vm/jstier/runtime.js';
import { PACKS } from '../test/packs.js';
import { NewerNode } from './oracle.js';
import type { Oracle } from './oracle.js';
import { record } from './ttf-recorded.js';
import { Binaryen, FEATURE_SETS } from './ttf-gen.js';
import { nodeEngine, trapKindOf } from './ttf-node.js';
import type { NodeWasm } from './ttf-node.js';
import { exposeState, runShell, shapeOf } from './ttf-shell.js';
import type { Engine, ModuleShape } from './ttf-shell.js';

const node = (globalThis as unknown as { WebAssembly: NodeWasm }).WebAssembly;

/** purewasm in a fresh store of `tier`; `compiled`: ahead-of-time code for the module. */
function purewasm(name: string, tier: 'interpreter' | 'auto' | 'js', compiler?: JsCompiler, compiled?: CompiledModule): Engine {
  // (fresh tags per run, as fuzz_shell.js makes them; JS errors enter wasm as exceptions of JSTag, as in V8)
  const wasmtag = new Tag({ parameters: ['i32'] });
  return {
    name,
    instantiate(bytes, imports) {
      const m = new Module(bytes, PACKS);
      const store = new Store({ tier, compiler });
      return { exports: new Instance(m, imports as never, { store, compiled }).exports, exportNames: Module.exports(m).map((e) => e.name) };
    },
    trapKind: (e) => (e instanceof Error && e.name === 'Trap' ? trapKindOf((e as { reason?: string }).reason ?? e.message) : undefined),
    provided: { wasmtag, jstag: JSTag },
    exception: (which) => new Exception(wasmtag, [which]),
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

/** Runs `bytes` in the oracle (the running Node, or `newer`: the newer Node or its recorded logs) and in
 *  `tiers`; returns the oracle's log and every tier's divergence. */
export async function differential(generated: Uint8Array, tiers: readonly Tier[], newer?: Oracle): Promise<{ log: string[]; divergences: Divergence[]; skipped?: string }> {
  const bytes = exposeState(generated);
  let shape: ModuleShape | undefined;
  let refused: string | undefined;
  try {
    const m = new Module(bytes, PACKS);
    shape = shapeOf(m.validated.module, m.validated.funcTypes, m.validated.tagParams);
  } catch (e) {
    refused = `our Module() threw ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`;
  }
  let log: string[];
  // Binaryen writes an instruction now and then that the oracle's V8 does not know though the feature set
  // has it (Node 20: ref.as_non_null, typed function references, with reference types on), and now and then
  // an invalid module (Node 26 and purewasm: "uninitialized non-defaultable local"): the oracle cannot run
  // the module, so it is skipped (whether we validate it is not this runner's question but the spec's; the
  // reason says whether purewasm compiles it).
  const skip = (message: string): { log: string[]; divergences: Divergence[]; skipped: string } =>
    ({ log: [], divergences: [], skipped: `the oracle cannot compile it (${refused === undefined ? 'purewasm can' : 'nor can purewasm'}): ${message.replace(/.*failed: /, '').replace(/ @\+\d+$/, '')}` });
  if (newer !== undefined) {
    const r = newer.run(bytes, shape ?? { params: new Map(), importedGlobals: [], tags: new Map() });
    if ('compileError' in r) return skip(r.compileError);
    log = r.log;
  } else {
    try {
      new node.Module(bytes);
    } catch (e) {
      return skip(e instanceof Error ? e.message : String(e));
    }
    log = shape === undefined ? [] : runShell(nodeEngine(node), bytes, shape);
  }
  // Our validator refuses what binaryen made and the oracle runs: that alone is news.
  if (refused !== undefined || shape === undefined) return { log: [], divergences: tiers.map((tier) => ({ tier, detail: refused ?? '' })) };
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

function parseArgs(argv: readonly string[]): { seeds: number; from: number; sets: string[]; tiers: Tier[]; save?: string; quiet: boolean; record: boolean } {
  const opts = { seeds: 100, from: 1, sets: Object.keys(FEATURE_SETS), tiers: [...TIERS] as Tier[], save: undefined as string | undefined, quiet: false, record: false };
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
    else if (a === '--record') opts.record = true;
    else throw new Error(`unknown option ${a}; usage: --seeds N --from S --features ${Object.keys(FEATURE_SETS).join(',')} --tiers ${TIERS.join(',')} --save DIR --quiet | --record (ttf-recorded.ts)`);
  }
  for (const s of opts.sets) if (!(s in FEATURE_SETS)) throw new Error(`unknown feature set ${s}`);
  for (const t of opts.tiers) if (!TIERS.includes(t)) throw new Error(`unknown tier ${t}`);
  return opts;
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  const binaryen = new Binaryen();
  if (opts.record) {
    const oracle = NewerNode.find();
    if (oracle === undefined) throw new Error('--record needs the newer oracle: node scripts/install-oracle-node.mjs');
    try {
      await record(binaryen, oracle, (bytes) => {
        const m = new Module(bytes, PACKS);
        return shapeOf(m.validated.module, m.validated.funcTypes, m.validated.tagParams);
      });
    } finally {
      binaryen.dispose();
    }
    return;
  }
  const newer = opts.sets.some((set) => FEATURE_SETS[set]!.newer === true) ? NewerNode.find() : undefined;
  if (newer === undefined && opts.sets.some((set) => FEATURE_SETS[set]!.newer === true)) {
    throw new Error(`the sets ${opts.sets.filter((set) => FEATURE_SETS[set]!.newer === true).join(', ')} need the newer oracle: node scripts/install-oracle-node.mjs`);
  }
  let failed = 0;
  const runs = new Map<string, number>();
  const skips = new Map<string, number>();
  const count = (m: Map<string, number>, key: string): void => void m.set(key, (m.get(key) ?? 0) + 1);
  const summary = (): string => {
    const total = [...runs.values()].reduce((a, b) => a + b, 0);
    return `${total} modules (${[...runs].map(([set, n]) => `${set} ${n}`).join(', ')}), ${failed} diverging${[...skips].map(([why, n]) => `; ${n} skipped (${why})`).join('')}\n`;
  };
  try {
    for (let seed = opts.from; seed < opts.from + opts.seeds; seed++) {
      if (opts.quiet && seed > opts.from && (seed - opts.from) % 10 === 0) process.stdout.write(`before seed ${seed}: ${summary()}`);
      for (const set of opts.sets) {
        // The seed goes to stdout before the run: a hang (or crash) then names its seed.
        if (!opts.quiet) process.stdout.write(`seed ${seed} ${set} `);
        let bytes: Uint8Array;
        try {
          bytes = await binaryen.generate(seed, set);
        } catch (e) {
          // (binaryen refuses some initial content: a spec module using a feature the set lacks)
          const why = `binaryen failed: ${(e instanceof Error ? e.message : String(e)).split('\n').find((l) => /Fatal|error/i.test(l)) ?? 'no message'}`;
          count(skips, why.slice(0, 160));
          if (!opts.quiet) process.stdout.write(`skipped: ${why}\n`);
          continue;
        }
        const t0 = Date.now();
        let outcome: Awaited<ReturnType<typeof differential>>;
        try {
          outcome = await differential(bytes, opts.tiers, FEATURE_SETS[set]!.newer === true ? newer : undefined);
        } catch (e) {
          outcome = { log: [], divergences: [{ tier: opts.tiers[0]!, detail: `the runner threw ${e instanceof Error ? (e.stack ?? e.message) : String(e)}` }] };
        }
        const { log, divergences, skipped } = outcome;
        if (skipped !== undefined) {
          count(skips, skipped);
          if (!opts.quiet) process.stdout.write(`skipped: ${skipped}\n`);
          continue;
        }
        count(runs, set);
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
  process.stdout.write(summary());
  process.exitCode = failed === 0 ? 0 : 1;
}

if (process.argv[1] !== undefined && /ttf\.[tj]s$/.test(process.argv[1])) await main();
