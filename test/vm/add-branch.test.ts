// The add fused into a branch's condition (ADD_I_BR_NZ/Z: `x = a + k` tested by the branch, the add still
// writing x), against Node's WebAssembly, where code runs between the condition and the branch: an `if`
// materializes the stack below it first, and an entry there may read x in place (the value of the
// `local.tee x` itself). Found by test/vm/random-programs (seed -1005296789: a trap instead of -10930).
import { describe, expect, it } from 'vitest';
import { Instance, Module, Store } from '../../src/index.js';
import { jit } from '../../src/jit/index.js';
import { NodeWasm, buildModule, i32, sleb } from './wasm-builder.js';

const K = (k: number): number[] => [0x41, ...sleb(k)];
// f(p) = { x = 100; (x = p - 12) + (if x then 3 else 1) }: the tee's value is read after the if
const teeThenIf = [...K(100), 0x21, 1, 0x20, 0, ...K(-12), 0x6a, 0x22, 1, 0x20, 1, 0x04, 0x7f, ...K(3), 0x05, ...K(1), 0x0b, 0x6a];
// the same with the old x below (local.get x before the tee): it must read 100
const oldThenIf = [...K(100), 0x21, 1, 0x20, 1, 0x20, 0, ...K(-12), 0x6a, 0x22, 1, 0x04, 0x7f, ...K(3), 0x05, ...K(1), 0x0b, 0x6a];
const bytes = buildModule({
  funcs: [
    { params: [i32], results: [i32], locals: [i32], body: teeThenIf, export: 'teeThenIf' },
    { params: [i32], results: [i32], locals: [i32], body: oldThenIf, export: 'oldThenIf' },
  ],
});

describe.each(['interpreter', 'js'] as const)('an add fused into an if condition (tier %s)', (tier) => {
  it('runs before the stack below is materialized', () => {
    const node = new NodeWasm.Instance(new NodeWasm.Module(bytes), {}).exports;
    const ours = new Instance(new Module(bytes), {}, { store: new Store({ tier, compiler: jit }) }).exports as Record<string, (p: number) => number>;
    for (const name of ['teeThenIf', 'oldThenIf']) {
      for (const p of [12, 20, -5, 0]) expect([name, p, ours[name](p)]).toEqual([name, p, node[name](p)]);
    }
    expect(ours.teeThenIf(12)).toBe(1);
    expect(ours.teeThenIf(20)).toBe(11);
  });
});
