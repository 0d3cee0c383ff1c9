// The debugger engine on its own (src/debug/engine over a debug store): breakpoints by code offset, wasm
// instruction stepping against llvm-objdump's listing, the operand stack, memory writes that change what the
// guest computes, hit conditions, pausing while the guest waits, traps and exception handlers running
// through breakpoint trampolines, and a debug store's absence everywhere else.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Global, Instance, Module, Store, Trap, callAsync } from '../../src/index.js';
import { Debugger, Inspector, TimeTravel, debug, loadSourceInfo, type Stop } from '../../src/debug/index.js';
import { restore, snapshot } from '../../src/snapshot/index.js';
import { DEBUG_DIR } from './dwarf/fixtures.js';
import { drive } from './drive.js';

async function wat(text: string): Promise<Uint8Array> {
  const { parse } = await import('@bytecodealliance/jco-transpile/wasm-tools');
  return parse(text);
}

function load(name: string, imports: ConstructorParameters<typeof Instance>[1] = {}, withDwarf = false) {
  const store = new Store({ debug });
  const instance = new Instance(new Module(readFileSync(join(DEBUG_DIR, name))), imports, { store });
  const dbg = new Debugger(store, withDwarf ? { sourceInfo: loadSourceInfo } : {});
  return { store, instance, dbg, exports: instance.exports as Record<string, (...a: unknown[]) => unknown> };
}


/** Instruction addresses of a function in an llvm-objdump listing (code offsets, hex). */
function objdumpAddresses(file: string, fn: string): number[] {
  const text = readFileSync(join(DEBUG_DIR, 'expected', file), 'utf8');
  const start = text.indexOf(`<${fn}>:`);
  const body = text.slice(start, text.indexOf('\n\n', start + 1));
  return Array.from(body.matchAll(/^\s+([0-9a-f]+): /gm), (m) => parseInt(m[1], 16));
}

describe('debugger engine', () => {
  it('stops at a code offset and steps one wasm instruction at a time, as llvm-objdump lists them', async () => {
    const { dbg, exports } = load('fib.O0.stripped.wasm');
    const fibAt = objdumpAddresses('fib.O0.stripped.objdump.txt', 'fib');
    dbg.setBreakpoint({ address: fibAt[0] });
    const seen: number[] = [];
    const result = await drive(dbg, () => callAsync(exports.run_fib, 6), (s, n) => {
      seen.push(s.frame.address);
      if (n === 0) dbg.clearBreakpoints();
      if (n < 30) dbg.stepIn('instruction');
      else dbg.continue();
    });
    expect(result).toBe(5);
    expect(seen).toEqual(fibAt.slice(0, 31));
  });

  it('shows the operand stack: a global.get result before the local.set that takes it', async () => {
    const { dbg, exports, store } = load('fib.O0.stripped.wasm');
    const fibAt = objdumpAddresses('fib.O0.stripped.objdump.txt', 'fib');
    dbg.setBreakpoint({ address: fibAt[1] }); // local.set 1, right after global.get 0 (__stack_pointer)
    const inspector = new Inspector(dbg);
    let stack: { value: string; type: string }[] = [];
    let sp = '';
    await drive(dbg, () => callAsync(exports.run_fib, 1), () => {
      const frame = dbg.stack()[0];
      stack = inspector.operands(frame);
      sp = inspector.evaluate('global0', frame).value;
      dbg.continue();
    });
    expect(store.debug).not.toBeNull();
    expect(stack).toEqual([{ name: 'stack0', value: sp, type: 'i32' }]);
    expect(Number(sp)).toBeGreaterThan(1024);
  });

  it('a memory write at a stop changes what the guest computes', async () => {
    const { dbg, exports, store } = load('fib.O0.wasm', {}, true);
    dbg.setBreakpoint({ file: 'fib.c', line: 27 }); // result = n; (base case)
    const inspector = new Inspector(dbg);
    const result = await drive(dbg, () => callAsync(exports.run_fib, 1), (s, n) => {
      if (n === 0) {
        const frame = dbg.stack()[0];
        const v = inspector.evaluate('n', frame);
        expect(v.value).toBe('0'); // run_fib(1) runs fib(0) only
        store.instances[0].memories[0].dv.setInt32(v.address!, 40, true);
        dbg.clearBreakpoints();
      }
      dbg.continue();
    });
    // run_fib(1) returns fib(0), which now returned 40
    expect(result).toBe(40);
  });

  it('hit conditions count every arrival', async () => {
    const { dbg, exports } = load('fib.O0.stripped.wasm');
    const bp = dbg.setBreakpoint({ function: 'fib' }, '% 5');
    const stopsAt: number[] = [];
    await drive(dbg, () => callAsync(exports.run_fib, 6), () => {
      stopsAt.push(bp.hits);
      dbg.continue();
    });
    expect(bp.hits).toBe(34); // run_fib(6) calls fib(0) … fib(5): 1 + 1 + 3 + 5 + 9 + 15 calls
    expect(stopsAt).toEqual([5, 10, 15, 20, 25, 30]);
  });

  it('pauses while the guest waits for an async host call, and resumes it', async () => {
    const bytes = await wat('(module (import "env" "wait" (func)) (func (export "f") (result i32) call 0 i32.const 7))');
    const store = new Store({ debug });
    let release!: () => void;
    const instance = new Instance(new Module(bytes), { env: { wait: () => new Promise<void>((r) => (release = r)) } }, { store });
    const dbg = new Debugger(store);
    const stops: Stop[] = [];
    const run = drive(dbg, () => callAsync(instance.exports.f), (s) => {
      stops.push(s);
      dbg.continue();
    });
    await new Promise((r) => setTimeout(r, 10));
    dbg.pause(); // the guest is suspended in `wait`
    release();
    expect(await run).toBe(7);
    const map = dbg.modules()[0];
    expect(stops.map((s) => [s.reason, s.frame.address])).toEqual([['pause', map.firstInstruction(map.definedFuncs()[0]) + 2]]); // i32.const 7
  });

  it('a trap at a breakpoint location reports the wasm offset of the trapping instruction', async () => {
    const bytes = await wat('(module (func (export "f") (param i32) (result i32) local.get 0 i32.const 0 i32.div_s))');
    const store = new Store({ debug });
    const instance = new Instance(new Module(bytes), {}, { store });
    const dbg = new Debugger(store);
    const map = dbg.modules()[0];
    dbg.setBreakpoint({ address: map.firstInstruction(map.definedFuncs()[0]) + 4 }); // i32.div_s
    let stops = 0;
    const err = await drive(dbg, () => callAsync(instance.exports.f, 3), () => {
      stops++;
      dbg.continue();
    }).catch((e: unknown) => e);
    expect(stops).toBe(1);
    expect(err).toBeInstanceOf(Trap);
    const plain = (() => {
      try {
        (new Instance(new Module(bytes), {}).exports.f as (x: number) => number)(3);
      } catch (e) {
        return e as Trap;
      }
      throw new Error('no trap');
    })();
    expect((err as Trap).reason).toBe('integer divide by zero');
    expect((err as Trap).wasmStack).toEqual(plain.wasmStack);
  });

  it('an exception thrown by an instruction run from a breakpoint trampoline is still caught', async () => {
    const bytes = await wat(`(module (tag $t (param i32)) (func $thrower (param i32) local.get 0 throw $t)
      (func (export "f") (result i32) (block $h (result i32) (try_table (catch $t $h) i32.const 9 call $thrower) i32.const 0)))`);
    const store = new Store({ debug });
    const instance = new Instance(new Module(bytes), {}, { store });
    const dbg = new Debugger(store);
    const map = dbg.modules()[0];
    const f = map.definedFuncs()[1];
    const call = map.firstInstruction(f) + 2 + 6 + 2; // block, try_table (catch), i32.const 9, then call $thrower
    dbg.setBreakpoint({ address: call });
    let stops = 0;
    const r = await drive(dbg, () => callAsync(instance.exports.f), () => {
      stops++;
      dbg.continue();
    });
    expect(stops).toBe(1);
    expect(r).toBe(9);
  });

  it('stores without { debug } have no debug state and refuse a debugger; debug: true says what to import', () => {
    const store = new Store();
    expect(store.debug).toBeNull();
    expect(() => new Debugger(store)).toThrow(/not created with \{ debug \} \(import \{ debug \} from 'purewasm\/debug'\)/);
    expect(() => new Store({ debug: true as never })).toThrow(new TypeError("debug must be the debug-store support: import { debug } from 'purewasm/debug', then new Store({ debug })"));
    expect(new Store({ debug: false as never }).debug).toBeNull();
    const debugStore = new Store({ debug });
    new Debugger(debugStore);
    expect(() => new Debugger(debugStore)).toThrow(/already attached/);
  });

  it('a debug store snapshots at a pause (a suspended call) and resumes the restored call, here and in another debug store', async () => {
    const { dbg, exports, store } = load('fib.O0.wasm', {}, true);
    const bp = dbg.setBreakpoint({ file: 'fib.c', line: 27 });
    let snap: Uint8Array | null = null;
    const memory = () => store.instances[0].memories[0].u8.slice();
    const result = await drive(dbg, () => callAsync(exports.run_fib, 6), (_s, n) => {
      if (n === 2) snap = snapshot(store); // paused at the 3rd hit: frames, locals and the pause itself
      dbg.continue();
    });
    expect(result).toBe(5);
    const finalMemory = memory();
    expect(bp.hits).toBe(20); // the base cases of fib(0) … fib(5): 1 + 1 + 2 + 3 + 5 + 8

    // here: the breakpoint is still set; the resumed call runs past the BREAK it paused at, then hits the rest
    const [call] = restore(store, snap!);
    let stops = 0;
    const off = dbg.on((e) => {
      if (e.kind === 'stopped') {
        stops++;
        dbg.continue();
      }
    });
    expect(await dbg.run(() => call.resume())).toBe(5);
    off();
    expect(stops).toBe(17); // hits 4 … 20
    expect(memory()).toEqual(finalMemory);

    // another debug store of the same module, with a debugger translating alike (DWARF statement barriers)
    const other = load('fib.O0.wasm', {}, true);
    const [again] = restore(other.store, snap!);
    expect(await other.dbg.run(() => again.resume())).toBe(5);
    expect(other.store.instances[0].memories[0].u8).toEqual(finalMemory);

    // stores whose code positions differ are refused, before anything changes
    const plain = new Store();
    new Instance(new Module(readFileSync(join(DEBUG_DIR, 'fib.O0.wasm'))), {}, { store: plain });
    expect(() => restore(plain, snap!)).toThrow(/debug store/);
    const noDwarf = load('fib.O0.wasm'); // every instruction a barrier: other code lengths
    expect(() => restore(noDwarf.store, snap!)).toThrow(/other debug stop barriers/);
    expect(noDwarf.store.suspended.length).toBe(0);
  });

  it('time travel over a store holding a JS object (an imported externref): steps back, and the object is the same', async () => {
    // a loop counting in a global; the result says whether the imported externref is still the object given
    const bytes = await wat(`(module (import "env" "obj" (global $o externref)) (import "env" "same" (func $same (param externref) (result i32)))
      (global $n (mut i32) (i32.const 0))
      (func (export "f") (result i32) (local i32)
        (loop $l
          (global.set $n (i32.add (global.get $n) (i32.const 1)))
          (local.set 0 (i32.add (local.get 0) (i32.const 1)))
          (br_if $l (i32.lt_u (local.get 0) (i32.const 50))))
        (i32.add (global.get $n) (call $same (global.get $o)))))`);
    const store = new Store({ debug, fuel: 1e9, outOfFuel: 'suspend' });
    const obj = { mine: true };
    const global = new Global({ value: 'externref' }, obj);
    const instance = new Instance(new Module(bytes), { env: { obj: global, same: (v: unknown) => (v === obj ? 1000 : 0) } }, { store });
    const dbg = new Debugger(store);
    const travel = new TimeTravel(dbg, { interval: 1000 });
    const map = dbg.modules()[0];
    dbg.setBreakpoint({ address: map.firstInstruction(map.definedFuncs()[0]) });
    const seen: [number, number][] = [];
    const result = await drive(dbg, () => travel.run(() => callAsync(instance.exports.f)), (s, n) => {
      seen.push([s.frame.address, s.time]);
      if (n < 20) dbg.stepIn('instruction'); // forward into the loop
      else if (n === 20) dbg.stepBack('instruction'); // back one, through a snapshot and re-execution
      else {
        dbg.clearBreakpoints();
        dbg.continue();
      }
    });
    expect(travel.snapshotCount).toBeGreaterThan(0);
    // one instruction back: where the 19th step stopped, at its clock (the clock counts straight-line segments)
    expect(seen[21]).toEqual(seen[19]);
    expect(seen[20][0]).not.toBe(seen[19][0]);
    expect(result).toBe(1050); // the object restored by identity: `same` still sees it
  });
});
