// Component host functions that are not WASI (Linker functions the embedder defines) are recorded with
// their lifted arguments and results; the replay answers from the trace and never calls them: here the
// replay's host functions throw if called. jco's numbers and strings fixtures (every scalar width both
// ways, astral strings), driven by their expectation steps, which check every result; and async host
// functions of two instances completing out of order, replayed in the recorded order.
import { describe, expect, it } from 'vitest';
import { Linker, Store } from '../../src/index.js';
import { Recorder, Replayer, hex, memoryHash, sha256 } from '../../src/replay/index.js';
import { expectationsFor, loadComponent, wat } from '../component-runtime/helpers.js';
import { linkerWith, runSteps } from '../component-runtime/runner.js';

type HostFns = Record<string, (...args: any[]) => unknown>;

function roundTrip(file: string, impls: HostFns): { recorded: number; replayed: number } {
  const component = loadComponent(file);
  const steps = expectationsFor(file).steps;
  const recorder = new Recorder({ kind: 1, sha256: sha256(new Uint8Array(0)), meta: {} });
  const store = new Store();
  const linker = linkerWith(component, impls);
  recorder.wrapLinker(linker, () => false, store);
  const recorded = runSteps(linker.instantiate(component, { store }), steps);
  const trace = recorder.finish({ memory: memoryHash(store) });

  const untouchable: HostFns = {};
  for (const k of Object.keys(impls)) untouchable[k] = () => { throw new Error(`replay called the host function ${k}`); };
  const replayer = new Replayer(trace);
  const store2 = new Store();
  const linker2 = linkerWith(component, untouchable);
  replayer.wrapLinker(linker2, () => false, store2);
  const replayed = runSteps(linker2.instantiate(component, { store: store2 }), steps);
  replayer.finishEvents('returned');
  expect(hex(memoryHash(store2))).toBe(hex(replayer.end.memory));
  return { recorded, replayed };
}

describe('record and replay: component host functions', () => {
  it('numbers: every scalar width through host functions, answered from the trace', () => {
    let scalar = 0;
    const echo = (v: unknown) => v;
    const impls: HostFns = {
      'test:numbers/test#set-scalar': (v: number) => void (scalar = v),
      'test:numbers/test#get-scalar': () => scalar,
    };
    for (const t of ['u8', 's8', 'u16', 's16', 'u32', 's32', 'u64', 's64', 'f32', 'f64', 'char']) impls[`test:numbers/test#roundtrip-${t}`] = echo;
    expect(roundTrip('transpile/runtime/numbers.component.wasm', impls)).toEqual({ recorded: 36, replayed: 36 });
  });

  it('strings: string arguments are checked and string results come back from the trace', () => {
    const impls: HostFns = {
      'test:strings/imports#take-basic': (s: string) => {
        if (s !== 'latin utf16') throw new Error(`take-basic got ${s}`);
      },
      'test:strings/imports#return-unicode': () => '🚀🚀🚀 𠈄𓀀',
    };
    expect(roundTrip('transpile/runtime/strings.component.wasm', impls)).toEqual({ recorded: 4, replayed: 4 });
  });
});

describe('record and replay: async component host functions', () => {
  const SUM = `
  (component
    (import "get" (func $get (param "x" u32) (result u32)))
    (core func $get-core (canon lower (func $get)))
    (core module $m
      (import "" "get" (func $get (param i32) (result i32)))
      (func (export "sum") (param $n i32) (result i32) (local $acc i32)
        (block $done (loop $l
          (br_if $done (i32.eqz (local.get $n)))
          (local.set $acc (i32.add (i32.mul (local.get $acc) (i32.const 31)) (call $get (local.get $n))))
          (local.set $n (i32.sub (local.get $n) (i32.const 1)))
          (br $l)))
        (local.get $acc)))
    (core instance $i (instantiate $m (with "" (instance (export "get" (func $get-core))))))
    (func (export "sum") (param "n" u32) (result u32) (canon lift (core func $i "sum")))
  )`;

  it('two instances whose async host calls complete out of order replay to the same sums, host untouched', async () => {
    const component = await wat(SUM);
    const recorder = new Recorder({ kind: 1, sha256: sha256(new Uint8Array(0)), meta: {} });
    let completed = 0;
    let call = 0;
    const delays = [2, 0, 4, 1, 3];
    const instances = [0, 1].map(() => {
      const store = new Store();
      const linker = new Linker();
      linker.func('get', () => new Promise((r) => setTimeout(() => r(++completed), delays[call++ % delays.length])));
      recorder.wrapLinker(linker, () => false, store);
      return linker.instantiate(component, { store });
    });
    const sums = await Promise.all(instances.map((i) => i.exports.func('sum').callAsync([8])));
    const trace = recorder.finish({ memory: new Uint8Array(32) });

    const replayer = new Replayer(trace);
    const again = [0, 1].map(() => {
      const store = new Store();
      const linker = new Linker();
      linker.func('get', () => { throw new Error('replay called the host'); });
      replayer.wrapLinker(linker, () => false, store);
      return linker.instantiate(component, { store });
    });
    expect(await Promise.all(again.map((i) => i.exports.func('sum').callAsync([8])))).toEqual(sums);
    replayer.finishEvents('returned');
  });
});
