// return_call / return_call_indirect (tail calls) replace the frame: deep tail recursion needs no stack.
import { describe, expect, it } from 'vitest';
import { Instance, Module } from '../../src/index.js';
import { buildModule, i64 } from './wasm-builder.js';

describe('tail calls', () => {
  it('counts down a million frames with return_call', () => {
    // count(n, acc) = n == 0 ? acc : return_call count(n - 1, acc + 1)
    const bytes = buildModule({
      funcs: [{
        params: [i64, i64], results: [i64],
        body: [0x20, 0, 0x50, 0x04, 0x7e, 0x20, 1, 0x05, 0x20, 0, 0x42, 1, 0x7d, 0x20, 1, 0x42, 1, 0x7c, 0x12, 0, 0x0b],
        export: 'count',
      }],
    });
    const count = new Instance(new Module(bytes), {}, { maxCallDepth: 100 }).exports.count as (n: bigint, a: bigint) => bigint;
    expect(count(1_000_000n, 0n)).toBe(1_000_000n);
  });
});
