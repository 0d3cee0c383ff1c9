// Random structured programs (blocks, loops, ifs, br_if, select, local.tee, nested expressions) run on
// purewasm and on Node's WebAssembly must compute the same value. Exercises the translator's lazy
// local/constant operands, result retargeting, compare-branch fusion and branch value moves.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Instance, Module, Store, Trap } from '../../src/index.js';
import { jit } from '../../src/jit/index.js';
import { NodeWasm, buildModule, i32, sleb } from './wasm-builder.js';

const NLOCALS = 7; // 3 params + 4 locals, all i32
const BIN = [0x6a, 0x6b, 0x6c, 0x71, 0x72, 0x73, 0x74, 0x75, 0x76, 0x77, 0x46, 0x47, 0x48, 0x49, 0x4a, 0x4d, 0x4e];

function gen(seed: number): number[] {
  let s = seed >>> 0 || 1;
  const rnd = (n: number): number => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) % n;
  };
  let loopBudget = 3;
  let inLoop = false; // loops do not nest: they share the counter (local 6), which nothing else writes
  const expr = (depth: number): number[] => {
    const k = depth > 3 ? rnd(2) : rnd(11);
    switch (k) {
      case 8: // load from a masked address plus a constant (fuses into the load)
        return [...expr(depth + 1), 0x41, ...sleb(0x3ff0), 0x71, 0x41, ...sleb(rnd(16)), 0x6a, 0x28, 0, ...sleb(rnd(8))];
      case 9: { // pointer bump kept in a local, then loaded from (I32_LOAD_UPD); may trap out of bounds
        const x = rnd(NLOCALS - 1);
        return [0x20, x, 0x41, ...sleb(rnd(9) - 4), 0x6a, 0x22, x, 0x28, 2, 0];
      }
      case 10: // x = x + k; br_if on it (ADD_I_BR_NZ) inside a value block
        return [0x02, 0x7f, ...expr(depth + 1), 0x20, 0, 0x41, ...sleb(rnd(5) - 2), 0x6a, 0x22, 0, 0x0d, 0, 0x1a, ...expr(depth + 1), 0x0b];
      case 0: return [0x20, rnd(NLOCALS)];
      case 1: return [0x41, ...sleb(rnd(5) === 0 ? -rnd(100000) : rnd(40))];
      case 2: case 3: return [...expr(depth + 1), ...expr(depth + 1), BIN[rnd(BIN.length)]];
      case 4: return [...expr(depth + 1), 0x22, rnd(NLOCALS - 1)]; // local.tee (never the loop counter)
      case 5: return [...expr(depth + 1), ...expr(depth + 1), ...expr(depth + 1), 0x1b]; // select
      case 6: // block (result i32) with an early exit
        return [0x02, 0x7f, ...expr(depth + 1), ...expr(depth + 1), 0x0d, 0, 0x1a, ...expr(depth + 1), 0x0b];
      default: // if/else with a value
        return [...expr(depth + 1), 0x04, 0x7f, ...expr(depth + 1), 0x05, ...expr(depth + 1), 0x0b];
    }
  };
  const stmt = (depth: number): number[] => {
    const k = depth > 2 ? rnd(2) : rnd(5);
    switch (k) {
      case 0: return [...expr(depth), 0x21, rnd(NLOCALS - 1)];
      case 1: return [...expr(depth), 0x41, ...sleb(0x3ffc), 0x71, ...expr(depth), 0x36, 2, 0]; // store
      case 2: return [...expr(depth), 0x04, 0x40, ...stmt(depth + 1), 0x05, ...stmt(depth + 1), 0x0b];
      case 3: // block with br_if out of it
        return [0x02, 0x40, ...stmt(depth + 1), ...expr(depth), 0x0d, 0, ...stmt(depth + 1), 0x0b];
      default: {
        if (inLoop || loopBudget-- <= 0) return [...expr(depth), 0x21, rnd(NLOCALS - 1)];
        // counted loop on local 6: (local.set 6 N) loop body; local6 -= 1; br_if local6 != 0
        const n = 1 + rnd(5);
        const counter = 6;
        inLoop = true;
        const inner = stmt(depth + 1);
        inLoop = false;
        return [0x41, n, 0x21, counter, 0x03, 0x40, ...inner, 0x20, counter, 0x41, 1, 0x6b, 0x22, counter, 0x0d, 0, 0x0b];
      }
    }
  };
  const body: number[] = [];
  for (let i = 0; i < 4; i++) body.push(...stmt(0));
  // result: fold all locals
  body.push(0x20, 0);
  for (let i = 1; i < NLOCALS; i++) body.push(0x20, i, i % 2 ? 0x73 : 0x6a);
  return body;
}

// On both tiers: the interpreter alone, and every function compiled to JS on its first call (src/vm/jstier).
describe.each(['interpreter', 'js'] as const)('random programs vs Node WebAssembly (tier %s)', (tier) => {
  it('agree', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer(), fc.integer(), fc.integer(), (seed, a, b, c) => {
        const body = gen(seed);
        const bytes = buildModule({
          memory: { min: 1, export: 'mem' },
          funcs: [{ params: [i32, i32, i32], results: [i32], locals: [i32, i32, i32, i32], body, export: 'f' }],
        });
        const node = new NodeWasm.Instance(new NodeWasm.Module(bytes), {}).exports;
        const ours = new Instance(new Module(bytes), {}, { store: new Store({ tier, compiler: jit }) }).exports as Record<string, unknown>;
        const f = ours.f as (...x: number[]) => number;
        let expected: number | string;
        try {
          expected = node.f(a, b, c);
        } catch {
          expected = 'trap';
        }
        let got: number | string;
        try {
          got = f(a, b, c);
        } catch (e) {
          if (!(e instanceof Trap)) throw e;
          got = 'trap';
        }
        expect(got).toBe(expected);
        // same memory afterwards
        const m1 = new Uint8Array((ours.mem as { buffer: ArrayBuffer }).buffer);
        const m2 = new Uint8Array(node.mem.buffer);
        expect(Buffer.compare(Buffer.from(m1), Buffer.from(m2))).toBe(0);
      }),
      { numRuns: 400 },
    );
  });
});
