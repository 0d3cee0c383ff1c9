// A trap's backtrace is the same whichever tier ran each frame (src/vm/jstier/runtime.ts, rt.frame): every frame,
// innermost first, with the byte offset of the instruction it was at — the trapping one, or the call below it.
// Compiled code keeps no frame stack: whatever can trap or call sets `P` to its offset just before (a memory
// access on its DataView fallback only), and the catch reads it.
//
// Random chains of functions, each calling the next directly, through a table or from one of two call sites;
// some interpreted (a SIMD instruction the tier does not cover), some entering compiled code at a loop (OSR);
// the last one traps in one of twelve ways, maybe with a second instruction of the same kind before it (not run).
// Run interpreted, with every function compiled, and in tier 'auto' with every loop entered at once: the same
// frames and offsets.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Instance, Module, Store, Trap, type TraceFrame } from '../../src/index.js';
import { jit } from '../../src/jit/index.js';
import { simd } from '../../src/simd/index.js';
import { wat } from './oracle.js';
import { SHARED } from '../shared.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 40);

/** How the last function traps (x, its parameter, is 0 there). */
const TRAPS = {
  unreachable: '(unreachable)',
  divide: '(drop (i32.div_s (i32.const 7) (local.get 0)))',
  remainder64: '(drop (i64.rem_u (i64.const 7) (i64.extend_i32_u (local.get 0))))',
  load: '(drop (i32.load offset=65536 (local.get 0)))',
  load64: '(drop (i64.load offset=65533 (local.get 0)))',
  store: '(f64.store offset=65530 (local.get 0) (f64.const 1))',
  store64: '(i64.store offset=65535 (local.get 0) (i64.const 1))',
  truncate: '(drop (i32.trunc_f32_s (f32.div (f32.const 0) (f32.convert_i32_s (local.get 0)))))',
  fill: '(memory.fill (i32.const 65000) (local.get 0) (i32.const 1000))',
  table: '(drop (table.get $tab (i32.add (local.get 0) (i32.const 10))))',
  indirect: '(drop (call_indirect $tab (type $t) (local.get 0) (i32.add (local.get 0) (i32.const 8))))',
  host: '(call $host)',
} as const;
type TrapKind = keyof typeof TRAPS;

interface Link {
  /** how it calls the next function */
  call: 'direct' | 'indirect' | 'two-sites';
  /** a SIMD instruction: the JS tier leaves it to the interpreter */
  interpreted: boolean;
  /** its call inside a loop (entered compiled at its header in tier 'auto' with the loop threshold 1) */
  loop: boolean;
}

/** The chain as a module: `run` is function 1 (0 is the host import), the last function traps. With `spare`,
 *  the trapping function also holds a second instruction of its trap's kind (not run). */
function chain(links: Link[], trap: TrapKind, spare: boolean): string {
  const n = links.length + 1;
  const f = (i: number): string => `$f${i}`;
  const funcs: string[] = [];
  for (let i = 0; i < links.length; i++) {
    const { call, interpreted, loop } = links[i];
    const next = call === 'direct' ? `(call ${f(i + 1)} (local.get 0))`
      : call === 'indirect' ? `(call_indirect $tab (type $t) (local.get 0) (i32.const ${i + 1}))`
        : `(if (result i32) (i32.eqz (local.get 0)) (then (call ${f(i + 1)} (local.get 0))) (else (call ${f(i + 1)} (i32.const 0))))`;
    const body = loop ? `(loop $l (result i32) ${next} (br_if $l (i32.const 0)))` : next;
    funcs.push(`(func ${f(i)} ${i === 0 ? '(export "run") ' : ''}(type $t) ${interpreted ? '(drop (v128.const i64x2 0 0)) ' : ''}(i32.add (i32.const 1) ${body}))`);
  }
  const second = spare ? `(if (local.get 0) (then ${TRAPS[trap]}))` : '';
  funcs.push(`(func ${f(n - 1)} (type $t) ${second} ${TRAPS[trap]} (i32.const 0))`);
  return `(module
    (type $t (func (param i32) (result i32)))
    (import "h" "trap" (func $host))
    (memory 1)
    (table $tab 10 funcref)
    (elem (table $tab) (i32.const 0) func ${Array.from({ length: n }, (_, i) => f(i)).join(' ')})
    ${funcs.join('\n')})`;
}

type Frame = [number, number | undefined];
interface Outcome { reason: string; frames: Frame[] }

/** The trap of `run(0)` interpreted, and twice in each other store: on the first call a function called from
 *  compiled code before it was compiled itself runs interpreted, on the second every function the tier
 *  covers is compiled. */
async function backtraces(text: string): Promise<{ interpreter: Outcome; js: Outcome[]; osr: Outcome[] }> {
  const module = new Module(await wat(text), { simd });
  const imports = { h: { trap: () => { throw new Trap('the host says no'); } } };
  const run = (store: Store, times = 1): Outcome[] => {
    const exports = new Instance(module, imports, { store }).exports as { run: (x: number) => number };
    const outcomes: Outcome[] = [];
    for (let i = 0; i < times; i++) {
      try {
        exports.run(0);
        throw new Error('no trap');
      } catch (e) {
        if (!(e instanceof Trap)) throw e;
        outcomes.push({ reason: e.reason, frames: e.wasmStack.map((t: TraceFrame): Frame => [t.funcIndex, t.offset]) });
        // (its stack names the same frames, once each, before the JS ones)
        expect(e.stack!.split('\n').filter((l) => l.includes('wasm-function[')))
          .toEqual(e.wasmStack.map((t) => `    at ${t.name === undefined ? '' : `${t.name} (`}wasm-function[${t.funcIndex}]:0x${t.offset!.toString(16)}${t.name === undefined ? '' : ')'}`));
      }
    }
    return outcomes;
  };
  const osr = new Store({ tier: 'auto', compiler: jit });
  (osr as unknown as { jsLoops: number }).jsLoops = 1;
  return {
    interpreter: run(new Store({ tier: 'interpreter' }))[0],
    js: run(new Store({ tier: 'js', compiler: jit }), 2),
    osr: run(osr, 2),
  };
}

const links = fc.array(fc.record({
  call: fc.constantFrom('direct', 'indirect', 'two-sites'),
  interpreted: fc.boolean(),
  loop: fc.boolean(),
}), { minLength: 1, maxLength: 5 }) as fc.Arbitrary<Link[]>;
const kinds = fc.constantFrom(...(Object.keys(TRAPS) as TrapKind[]));

describe('trap backtraces across the tiers', () => {
  it('are the interpreter\'s, frame for frame and offset for offset', async () => {
    await fc.assert(fc.asyncProperty(links, kinds, fc.boolean(), async (chainLinks, kind, spare) => {
      const { interpreter, js, osr } = await backtraces(chain(chainLinks, kind, spare));
      expect(interpreter.frames.length).toBe(chainLinks.length + 1);
      expect(interpreter.frames.every(([, offset]) => offset !== undefined)).toBe(true);
      expect(js).toEqual([interpreter, interpreter]);
      expect(osr).toEqual([interpreter, interpreter]);
    }), { numRuns: RUNS });
  });
});

describe('trap backtraces of metered code', () => {
  // Fuel runs out at a segment's check (metered-codegen.ts): the interpreter's FUEL instruction has the
  // offset of the control instruction that starts the segment (none at a function's entry), and so has the
  // compiled check. C programs with DWARF from the debugger's fixtures, every 13th budget up to the end.
  for (const [file, entry] of [['fib.O1.wasm', 'run_fib'], ['sort.O0.wasm', 'run_sort']]) {
    it(`${file}: where fuel runs out, frame for frame`, () => {
      const module = new Module(readFileSync(join(SHARED, 'fixtures/debug', file)));
      const run = (tier: 'interpreter' | 'js', fuel: number): string => {
        const exports = new Instance(module, {}, { store: new Store({ tier, compiler: jit, fuel }) }).exports as Record<string, (n: number) => number>;
        try {
          return String(exports[entry](6));
        } catch (e) {
          if (!(e instanceof Trap)) throw e;
          return `${e.reason} ${JSON.stringify(e.wasmStack.map((t) => [t.funcIndex, t.offset ?? null]))}`;
        }
      };
      let traps = 0;
      for (let fuel = 1; fuel < 4000; fuel += 13) {
        const interpreted = run('interpreter', fuel);
        if (interpreted.startsWith('all fuel consumed')) traps++;
        expect(run('js', fuel), `fuel ${fuel}`).toBe(interpreted);
      }
      expect(traps).toBeGreaterThan(20);
    });
  }
});
