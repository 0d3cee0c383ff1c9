// Host ↔ wasm re-entrancy: nested executions share the machine; deep JS recursion ends in a trap
// ('call stack exhausted'), never a RangeError, and the instance stays usable.
import { describe, expect, it } from 'vitest';
import { Instance, Module, Trap } from '../../src/index.js';
import { buildModule, i32 } from './wasm-builder.js';

// f(n) = n == 0 ? 0 : h(n - 1) + 1, where the host h calls f again.
const bytes = buildModule({
  imports: [{ module: 'env', name: 'h', params: [i32], results: [i32] }],
  funcs: [{
    params: [i32], results: [i32],
    body: [0x20, 0, 0x45, 0x04, 0x7f, 0x41, 0, 0x05, 0x20, 0, 0x41, 1, 0x6b, 0x10, 0, 0x41, 1, 0x6a, 0x0b],
    export: 'f',
  }],
});

describe('re-entrancy', () => {
  it('nests host and wasm calls', () => {
    let inst: Instance | undefined;
    inst = new Instance(new Module(bytes), { env: { h: (n: number) => (inst!.exports.f as (n: number) => number)(n) } });
    const f = inst.exports.f as (n: number) => number;
    expect(f(200)).toBe(200);
    let err: unknown;
    try {
      f(1_000_000);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(Trap);
    expect((err as Trap).reason).toBe('call stack exhausted');
    expect(f(10)).toBe(10);
  });

  // Host calls leave the dispatch loop (exec/interpreter.ts, execute), so a level costs only small JS
  // frames: ~2,700 levels in plain node's default stack (658 before; V8's own WebAssembly ~3,900; less under vitest).
  it('nests 2,500 host ↔ wasm levels', () => {
    let inst: Instance | undefined;
    inst = new Instance(new Module(bytes), { env: { h: (n: number) => (inst!.exports.f as (n: number) => number)(n) } });
    const f = inst.exports.f as (n: number) => number;
    expect(f(2500)).toBe(2500);
  });

  it('a host error thrown deep in a re-entrant chain reaches the caller unchanged', () => {
    const boom = new Error('boom');
    let armed = false;
    let inst: Instance | undefined;
    inst = new Instance(new Module(bytes), {
      env: { h: (n: number) => { if (armed && n === 5) throw boom; return (inst!.exports.f as (n: number) => number)(n); } },
    });
    const f = inst.exports.f as (n: number) => number;
    expect(f(3)).toBe(3); // h re-entered: now called through execute()
    armed = true;
    expect(() => f(500)).toThrow(boom);
    armed = false;
    expect(f(300)).toBe(300); // depth and sp were restored
  });
});
