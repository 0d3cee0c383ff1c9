// Traps carry the spec's reason and a wasm backtrace; the instance stays usable afterwards.
import { describe, expect, it } from 'vitest';
import { Instance, Module, Trap } from '../../src/index.js';
import { buildModule, f64, i32, i64 } from './wasm-builder.js';

function trapOf(f: () => unknown): Trap {
  try {
    f();
  } catch (e) {
    if (e instanceof Trap) return e;
    throw e;
  }
  throw new Error('expected a trap');
}

const bytes = buildModule({
  memory: { min: 1 },
  table: { min: 3, elems: [0] },
  funcs: [
    { params: [], results: [], body: [0x00], export: 'unreachable' }, // 0
    { params: [i32, i32], results: [i32], body: [0x20, 0, 0x20, 1, 0x6d], export: 'div_s' }, // 1
    { params: [i64, i64], results: [i64], body: [0x20, 0, 0x20, 1, 0x80], export: 'div_u64' }, // 2
    { params: [f64], results: [i32], body: [0x20, 0, 0xaa], export: 'trunc' }, // 3
    { params: [i32], results: [i32], body: [0x20, 0, 0x28, 2, 0], export: 'load' }, // 4
    { params: [i32], results: [i32], body: [0x20, 0, 0x20, 0, 0x11, 4, 0], export: 'call_indirect' }, // 5: type 4 = (i32)->i32
    { params: [i32], results: [i32], body: [0x20, 0, 0x10, 6], export: 'recurse' }, // 6: infinite recursion
    { params: [], results: [], body: [0x10, 0], export: 'calls_unreachable' }, // 7
  ],
});

describe('traps', () => {
  const inst = new Instance(new Module(bytes), {});
  const x = inst.exports as Record<string, (...a: unknown[]) => unknown>;

  it('reasons', () => {
    expect(trapOf(() => x.unreachable()).reason).toBe('unreachable');
    expect(trapOf(() => x.div_s(1, 0)).reason).toBe('integer divide by zero');
    expect(trapOf(() => x.div_s(-2147483648, -1)).reason).toBe('integer overflow');
    expect(trapOf(() => x.div_u64(1n, 0n)).reason).toBe('integer divide by zero');
    expect(trapOf(() => x.trunc(NaN)).reason).toBe('invalid conversion to integer');
    expect(trapOf(() => x.trunc(3e10)).reason).toBe('integer overflow');
    expect(trapOf(() => x.load(65533)).reason).toBe('out of bounds memory access');
    expect(trapOf(() => x.load(-1)).reason).toBe('out of bounds memory access');
    expect(trapOf(() => x.call_indirect(5)).reason).toBe('undefined element');
    expect(trapOf(() => x.call_indirect(1)).reason).toBe('uninitialized element');
    expect(trapOf(() => x.call_indirect(0)).reason).toBe('indirect call type mismatch');
  });

  it('backtrace, innermost first', () => {
    const t = trapOf(() => x.calls_unreachable());
    expect(t.wasmStack.map((f) => f.funcIndex)).toEqual([0, 7]);
  });

  it('the stack names the wasm frames first, as V8 does for its own, then the JS frames', () => {
    const calls = new Instance(new Module(bytes), {}).exports as Record<string, (...a: unknown[]) => unknown>;
    const t = trapOf(function callerOfTheExport() {
      return calls.calls_unreachable();
    });
    const lines = t.stack!.split('\n');
    const offsets = t.wasmStack.map((f) => `0x${f.offset!.toString(16)}`);
    expect(lines.slice(0, 3)).toEqual(['Trap: unreachable', `    at wasm-function[0]:${offsets[0]}`, `    at wasm-function[7]:${offsets[1]}`]);
    expect(lines.slice(3).some((l) => l.includes('callerOfTheExport'))).toBe(true);
    // (one of a deep recursion, made from the RangeError of a JS stack overflow or from the depth limit, too)
    const deep = trapOf(() => x.recurse(1));
    expect(deep.stack!.split('\n').slice(1, 4)).toEqual(Array(3).fill(`    at wasm-function[6]:0x${deep.wasmStack[0].offset!.toString(16)}`));
  });

  it('call stack exhaustion is a trap, never a RangeError, and the instance stays usable', () => {
    const t = trapOf(() => x.recurse(1));
    expect(t.reason).toBe('call stack exhausted');
    expect(x.div_s(7, 2)).toBe(3);
    expect(x.load(0)).toBe(0);
  });

  it('maxCallDepth option', () => {
    const limited = new Instance(new Module(bytes), {}, { maxCallDepth: 50 }).exports as Record<string, (...a: unknown[]) => unknown>;
    const t = trapOf(() => limited.recurse(1));
    expect(t.reason).toBe('call stack exhausted');
    expect(t.wasmStack.length).toBe(51);
  });
});
