// A debug store runs fused code between its stop barriers and gives a function exact code (every instruction
// a stop) only when a stop needs it (src/vm/exec/debug.ts). These tests check that stops stay exact across
// that switch: an instruction breakpoint inside a fused group, a whole program stepped instruction by
// instruction while frames of the same function still run fused code (recursion), and breakpoints and hit
// counts after the switch. The reference for a step trace is a store whose every instruction is a barrier
// from the start (the translation before fused regions existed).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Instance, Module, Store, callAsync } from '../../src/index.js';
import { Debugger, Inspector, debug } from '../../src/debug/index.js';
import { DEBUG_DIR } from './dwarf/fixtures.js';
import { drive } from './drive.js';

function load(name: string, everyInstructionABarrier = false) {
  const store = new Store({ debug });
  const dbg = new Debugger(store);
  if (everyInstructionABarrier) store.debug!.barrier = () => true;
  const instance = new Instance(new Module(readFileSync(join(DEBUG_DIR, name))), {}, { store });
  return { store, dbg, exports: instance.exports as Record<string, (...a: unknown[]) => unknown> };
}


/** Every stop of `run_fib(n)` stepped one wasm instruction at a time from fib's first instruction: address,
 *  frame depth, and the frame's wasm locals 0–12. */
async function stepTrace(everyInstructionABarrier: boolean, n: number) {
  const { dbg, exports } = load('fib.O0.stripped.wasm', everyInstructionABarrier);
  const map = dbg.modules()[0];
  const fib = map.funcsNamed('fib')[0];
  dbg.setBreakpoint({ address: map.firstInstruction(fib) });
  const inspector = new Inspector(dbg);
  const trace: string[] = [];
  const result = await drive(dbg, () => callAsync(exports.run_fib, n), (s, i) => {
    if (i === 0) dbg.clearBreakpoints();
    const locals = inspector.wasmLocals(dbg.stack()[0]).slice(0, 13).map((v) => v.value).join(',');
    trace.push(`${s.frame.address.toString(16)} d${s.frame.depth} ${locals}`);
    dbg.stepIn('instruction');
  });
  return { result, trace, exact: map.debugOf(fib).exact !== null };
}

describe('exact stops in fused code', () => {
  it('an instruction breakpoint inside a fused group stops before that instruction, with its operand', async () => {
    const { dbg, exports } = load('fib.O0.stripped.wasm');
    const map = dbg.modules()[0];
    const fib = map.funcsNamed('fib')[0];
    // 0x19 i32.sub, 0x1a local.set 3: fused code writes the difference straight into local 3
    await drive(dbg, () => callAsync(exports.run_fib, 1), () => dbg.continue()); // translated, fused
    expect(map.positionOf(fib, 0x1a)).toBeUndefined();
    dbg.setBreakpoint({ address: 0x1a });
    expect(map.debugOf(fib).exact).not.toBeNull();
    const inspector = new Inspector(dbg);
    let seen: { address: number; local3: string; stack: string[]; sp: string } | undefined;
    await drive(dbg, () => callAsync(exports.run_fib, 1), (s) => {
      const frame = dbg.stack()[0];
      seen = {
        address: s.frame.address,
        local3: inspector.wasmLocals(frame)[3].value,
        stack: inspector.operands(frame).map((v) => v.value),
        sp: inspector.evaluate('local1', frame).value,
      };
      dbg.continue();
    });
    expect(seen).toBeDefined();
    expect(seen!.address).toBe(0x1a);
    expect(seen!.local3).toBe('0'); // not yet set
    expect(seen!.stack).toEqual([String(Number(seen!.sp) - 16)]);
  });

  it('stepping every instruction of a recursive run gives the trace of all-barrier code', async () => {
    const exactFromStart = await stepTrace(true, 4);
    const switched = await stepTrace(false, 4);
    expect(switched.result).toBe(2);
    expect(exactFromStart.result).toBe(2);
    expect(switched.exact).toBe(true);
    expect(switched.trace.length).toBeGreaterThan(500);
    expect(switched.trace).toEqual(exactFromStart.trace);
  });

  it('breakpoints count every call after the switch, frames still in fused code included', async () => {
    const { dbg, exports } = load('fib.O0.stripped.wasm');
    const map = dbg.modules()[0];
    const fib = map.funcsNamed('fib')[0];
    // stop in a deep fib frame, switch fib to exact code there (stepi), then count the entries of the rest
    const entry = dbg.setBreakpoint({ function: 'fib' }, '4');
    let hits = -1;
    const result = await drive(dbg, () => callAsync(exports.run_fib, 6), (s, n) => {
      if (n === 0) {
        expect(s.frame.depth).toBeGreaterThan(1);
        dbg.stepIn('instruction');
      } else if (n === 1) {
        expect(map.debugOf(fib).exact).not.toBeNull();
        dbg.removeBreakpoint(entry.id);
        const counter = dbg.setBreakpoint({ function: 'fib' }, '> 1000000');
        hits = counter.hits;
        dbg.continue();
      } else dbg.continue();
    });
    expect(result).toBe(5);
    expect(hits).toBe(0);
    const counter = dbg.breakpoints()[0];
    expect(counter.hits).toBe(34 - 4); // run_fib(6) calls fib 34 times; 4 were made before the counter
  });
});
