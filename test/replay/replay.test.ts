// Record and replay through the library: a program that reads random bytes, both clocks and stdin replayed
// with every clock and random source of the machine made to throw; wasi_all.wasm; fuel and timeouts;
// a generic host import that writes memory, a global and a table; async host calls completing out of order
// across two stores; and divergences (a changed module, a tampered trace) reported at the right call.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Instance, Module, Store, Trap, callAsync } from '../../src/index.js';
import { portableWasiHost } from '../../src/wasi/index.js';
import { restore, snapshot } from '../../src/snapshot/index.js';
import { threads } from '../../src/threads/index.js';
import { legacyExceptions } from '../../src/legacy-exceptions/index.js';
import { Recorder, ReplayDivergence, ReplayedHostObject, Replayer, TraceFormatError, hex, memoryHash, record, replay, sha256 } from '../../src/replay/index.js';
import { SHARED } from '../shared.js';

async function wat(text: string): Promise<Uint8Array> {
  const { parse } = await import('@bytecodealliance/jco-transpile/wasm-tools');
  return parse(text);
}

// stdout: 16 random bytes, the realtime clock (8 bytes), the monotonic clock (8 bytes), then what stdin gave.
const INPUTS = (first: number, second: number) => `(module
  (import "wasi_snapshot_preview1" "random_get" (func $random (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "clock_time_get" (func $clock (param i32 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_read" (func $read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    (drop (call $random (i32.const 0) (i32.const 16)))
    (drop (call $clock (i32.const ${first}) (i64.const 1) (i32.const ${16 + first * 8})))
    (drop (call $clock (i32.const ${second}) (i64.const 1) (i32.const ${16 + second * 8})))
    (i32.store (i32.const 200) (i32.const 64))
    (i32.store (i32.const 204) (i32.const 64))
    (drop (call $read (i32.const 0) (i32.const 200) (i32.const 1) (i32.const 208)))
    (i32.store (i32.const 220) (i32.const 0))
    (i32.store (i32.const 224) (i32.const 32))
    (i32.store (i32.const 228) (i32.const 64))
    (i32.store (i32.const 232) (i32.load (i32.const 208)))
    (drop (call $write (i32.const 1) (i32.const 220) (i32.const 2) (i32.const 216)))))`;

function capture() {
  const chunks: Uint8Array[] = [];
  return { stream: { write: (b: Uint8Array) => void chunks.push(b.slice()) }, bytes: () => Buffer.concat(chunks) };
}

/** Makes every source of time and randomness of the machine throw while `f` runs. */
function withoutHost<T>(f: () => T): T {
  const spies = [
    vi.spyOn(Date, 'now').mockImplementation(() => { throw new Error('replay read Date.now'); }),
    vi.spyOn(performance, 'now').mockImplementation(() => { throw new Error('replay read performance.now'); }),
    vi.spyOn(Math, 'random').mockImplementation(() => { throw new Error('replay read Math.random'); }),
    vi.spyOn(globalThis.crypto, 'getRandomValues').mockImplementation(() => { throw new Error('replay read crypto'); }),
  ];
  try {
    return f();
  } finally {
    for (const s of spies) s.mockRestore();
  }
}

afterEach(() => vi.restoreAllMocks());

describe('record and replay a WASI program', () => {
  it('random bytes, both clocks and stdin come back from the trace, with no clock or random source', async () => {
    const bytes = await wat(INPUTS(0, 1));
    const out = capture();
    const rec = record(bytes, { host: portableWasiHost({ args: ['inputs'], stdin: 'hello replay', stdout: out.stream }) });
    const recorded = out.bytes();
    expect(rec.exitCode).toBe(0);
    expect(recorded.length).toBe(32 + 12);
    expect(recorded.subarray(32).toString()).toBe('hello replay');
    expect(recorded.readBigUInt64LE(16)).toBeGreaterThan(1_600_000_000n * 1_000_000_000n); // realtime: after 2020
    const again = capture();
    const rep = withoutHost(() => replay(rec.trace, bytes, { stdout: again.stream }));
    expect(again.bytes().equals(recorded)).toBe(true);
    expect(rep.exitCode).toBe(0);
    expect(hex(rep.memoryHash)).toBe(hex(rec.memoryHash));
  });

  it('wasi_all.wasm replays to the same stdout, exit status and memory hash', () => {
    const bytes = new Uint8Array(readFileSync(`${SHARED}/bench/wasm/wasi_all.wasm`));
    const out = capture();
    const rec = record(bytes, { host: portableWasiHost({ args: ['wasi_all'], stdout: out.stream }) });
    expect(out.bytes().toString()).toMatch(/^fib +n=\d+ checksum=/);
    const again = capture();
    const rep = withoutHost(() => replay(rec.trace, bytes, { stdout: again.stream }));
    expect(again.bytes().equals(out.bytes())).toBe(true);
    expect(rep.exitCode).toBe(rec.exitCode);
    expect(hex(rep.memoryHash)).toBe(hex(rec.memoryHash));
  });

  it('records and replays a program using atomics with the threads pack, which both sides need', async () => {
    // random bytes, then an atomic add and a wait that times out (single-threaded) before writing them
    const bytes = await wat(`(module
      (import "wasi_snapshot_preview1" "random_get" (func $random (param i32 i32) (result i32)))
      (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
      (memory (export "memory") 1 1 shared)
      (func (export "_start")
        (drop (call $random (i32.const 0) (i32.const 4)))
        (drop (i32.atomic.rmw.add (i32.const 0) (i32.const 1)))
        (i32.atomic.store (i32.const 4) (memory.atomic.wait32 (i32.const 8) (i32.const 0) (i64.const 0)))
        (i32.store (i32.const 16) (i32.const 0))
        (i32.store (i32.const 20) (i32.const 8))
        (drop (call $write (i32.const 1) (i32.const 16) (i32.const 1) (i32.const 24)))))`);
    expect(() => record(bytes, { host: portableWasiHost({}) })).toThrow(/needs the threads pack/);
    const out = capture();
    const rec = record(bytes, { host: portableWasiHost({ stdout: out.stream }), packs: { threads } });
    expect(rec.exitCode).toBe(0);
    expect(Array.from(out.bytes().subarray(4, 8))).toEqual([2, 0, 0, 0]); // "timed-out"
    const again = capture();
    const rep = withoutHost(() => replay(rec.trace, bytes, { stdout: again.stream, packs: { threads } }));
    expect(again.bytes()).toEqual(out.bytes());
    expect(hex(rep.memoryHash)).toBe(hex(rec.memoryHash));
  });

  it('records and replays a program using legacy exception handling with its pack, which both sides need', async () => {
    // random bytes thrown as an exception's payload, caught by a legacy catch arm and written out
    const bytes = await wat(`(module
      (import "wasi_snapshot_preview1" "random_get" (func $random (param i32 i32) (result i32)))
      (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
      (memory (export "memory") 1)
      (tag $e (param i32))
      (func (export "_start") (local i32)
        (drop (call $random (i32.const 0) (i32.const 4)))
        try
          (throw $e (i32.load (i32.const 0)))
        catch $e
          local.set 0
        end
        (i32.store (i32.const 4) (i32.add (local.get 0) (i32.const 1)))
        (i32.store (i32.const 16) (i32.const 0))
        (i32.store (i32.const 20) (i32.const 8))
        (drop (call $write (i32.const 1) (i32.const 16) (i32.const 1) (i32.const 24)))))`);
    expect(() => record(bytes, { host: portableWasiHost({}) })).toThrow(/needs the legacy-exceptions pack/);
    const out = capture();
    const rec = record(bytes, { host: portableWasiHost({ stdout: out.stream }), packs: { legacyExceptions } });
    expect(rec.trap).toBeUndefined();
    expect(rec.exitCode).toBe(0);
    const written = out.bytes();
    expect(written.readUInt32LE(4)).toBe((written.readUInt32LE(0) + 1) >>> 0);
    const again = capture();
    const rep = withoutHost(() => replay(rec.trace, bytes, { stdout: again.stream, packs: { legacyExceptions } }));
    expect(again.bytes()).toEqual(out.bytes());
    expect(hex(rep.memoryHash)).toBe(hex(rec.memoryHash));
  });

  it('a changed module diverges at the first call it makes differently, naming it', async () => {
    const rec = record(await wat(INPUTS(0, 1)), { host: portableWasiHost({ stdin: 'x' }) });
    const changed = await wat(INPUTS(1, 0)); // reads the monotonic clock first
    expect(() => replay(rec.trace, changed)).toThrow(ReplayDivergence);
    expect(() => replay(rec.trace, changed)).toThrow(
      /^replay diverged at host call #1 \(wasi_snapshot_preview1\.clock_time_get\): expected host call wasi_snapshot_preview1\.clock_time_get\(0, 1n, 16\), got host call wasi_snapshot_preview1\.clock_time_get\(1, 1n, 24\)$/);
  });

  it('a tampered trace (one random byte flipped) diverges where the output differs', async () => {
    const bytes = await wat(INPUTS(0, 1));
    const out = capture();
    const rec = record(bytes, { host: portableWasiHost({ stdin: 'x', stdout: out.stream }) });
    const random = out.bytes().subarray(0, 16);
    const trace = rec.trace.slice();
    const at = Buffer.from(trace).indexOf(random);
    expect(at).toBeGreaterThan(0);
    trace[at] ^= 1;
    // the random bytes reach stdout at host call #4 (fd_write): its checksum no longer matches
    expect(() => replay(trace, bytes)).toThrow(/^replay diverged at host call #4 \(wasi_snapshot_preview1\.fd_write\): expected backend call stdout\.write\(33, \d+\), got backend call stdout\.write\(33, \d+\)$/);
  });

  it('a module that behaves the same but is not the recorded one is still reported', async () => {
    const rec = record(await wat(INPUTS(0, 1)), { host: portableWasiHost({ stdin: 'x' }) });
    const other = await wat(INPUTS(0, 1).replace('(memory (export "memory") 1)', '(memory (export "memory") 1) (global i32 (i32.const 5))'));
    expect(() => replay(rec.trace, other)).toThrow(/^replay diverged at the end .*: expected the program with SHA-256 [0-9a-f]{64}, got one with [0-9a-f]{64}/);
  });

  it('a truncated trace or another file is a clear format error', async () => {
    const bytes = await wat(INPUTS(0, 1));
    const rec = record(bytes, { host: portableWasiHost({ stdin: 'x' }) });
    expect(() => replay(rec.trace.subarray(0, rec.trace.length - 3), bytes)).toThrow(TraceFormatError);
    expect(() => replay(bytes, bytes)).toThrow(TraceFormatError);
  });

  const LOOP = `(module (memory (export "memory") 1)
    (func (export "_start") (loop $l (i32.store (i32.const 0) (i32.add (i32.load (i32.const 0)) (i32.const 1))) (br $l))))`;

  it('running out of fuel replays to the same trap and state', async () => {
    const bytes = await wat(LOOP);
    const rec = record(bytes, { host: portableWasiHost(), fuel: 10_000 });
    expect(rec.trap?.reason).toBe('all fuel consumed');
    const rep = replay(rec.trace, bytes);
    expect(rep.trap?.reason).toBe('all fuel consumed');
    expect(hex(rep.memoryHash)).toBe(hex(rec.memoryHash));
  });

  it('a timeout is replayed at exactly the instruction where it struck (no clock read)', async () => {
    const bytes = await wat(LOOP);
    const rec = record(bytes, { host: portableWasiHost(), timeout: 0.05 });
    expect(rec.trap?.reason).toBe('interrupted');
    const rep = withoutHost(() => replay(rec.trace, bytes));
    expect(rep.trap).toBeInstanceOf(Trap);
    expect(rep.trap?.reason).toBe('interrupted');
    expect(rep.trap?.wasmStack).toEqual(rec.trap?.wasmStack);
    // the counter in memory is where the interruption left it, so the hashes agree only at the same point
    expect(hex(rep.memoryHash)).toBe(hex(rec.memoryHash));
  });
});

describe('record and replay with the parts (Recorder, Replayer)', () => {
  const WRITER = `(module
    (import "env" "fill" (func $fill (param i32 i32) (result i32)))
    (type $t (func (result i32)))
    (memory (export "memory") 1)
    (global $g (export "g") (mut i32) (i32.const 0))
    (table (export "t") 2 funcref)
    (func $seven (export "seven") (result i32) (i32.const 7))
    (func (export "main") (result i32) (local $sum i32) (local $i i32)
      (local.set $sum (call $fill (i32.const 100) (i32.const 64)))
      (loop $l
        (local.set $sum (i32.add (local.get $sum) (i32.load8_u (i32.add (i32.const 100) (local.get $i)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $l (i32.lt_u (local.get $i) (i32.const 64))))
      (i32.add (i32.add (local.get $sum) (global.get $g)) (call_indirect (type $t) (i32.const 1)))))`;

  it('a host import that writes memory, a global and a table is replayed by writing the same', async () => {
    const module = new Module(await wat(WRITER));
    const header = { kind: 0, sha256: sha256(new Uint8Array(0)), meta: {} };
    const recorder = new Recorder(header);
    const store = new Store();
    let inst!: Instance;
    const host = {
      env: {
        fill: (ptr: number, len: number) => {
          const u8 = new Uint8Array((inst.exports.memory as { buffer: ArrayBuffer }).buffer);
          for (let i = 0; i < len; i++) u8[ptr + i] = (i * 37 + 11) & 255;
          (inst.exports.g as { value: number }).value = 1000;
          (inst.exports.t as { set(i: number, v: unknown): void }).set(1, inst.exports.seven);
          return 5;
        },
      },
    };
    inst = new Instance(module, recorder.wrapImports(module, host, () => false, store), { store });
    const result = (inst.exports.main as () => number)();
    const trace = recorder.finish({ memory: memoryHash(store) });

    const replayer = new Replayer(trace);
    const store2 = new Store();
    const inst2 = new Instance(module, replayer.imports(module, {}, () => false, store2), { store: store2 });
    expect((inst2.exports.main as () => number)()).toBe(result);
    replayer.finishEvents('returned');
    expect(hex(memoryHash(store2))).toBe(hex(replayer.end.memory));
    expect((inst2.exports.g as { value: number }).value).toBe(1000);
  });

  // wasm-bindgen's shape: host imports hand the guest JS objects as externrefs, which it keeps in a table and
  // passes back to other imports.
  const REFS = `(module
    (import "js" "make" (func $make (param i32) (result externref)))
    (import "js" "callback" (func $callback (result externref)))
    (import "js" "size" (func $size (param externref) (result i32)))
    (import "js" "same" (func $same (param externref externref) (result i32)))
    (import "js" "later" (func $later (result externref)))
    (table $keep 4 externref)
    (func (export "main") (result i32)
      (table.set $keep (i32.const 0) (call $make (i32.const 3)))
      (table.set $keep (i32.const 1) (call $make (i32.const 5)))
      (table.set $keep (i32.const 2) (call $callback))
      (i32.add
        (i32.add (call $size (table.get $keep (i32.const 0))) (i32.mul (i32.const 10) (call $size (table.get $keep (i32.const 1)))))
        (i32.add
          (i32.mul (i32.const 100) (call $same (table.get $keep (i32.const 0)) (table.get $keep (i32.const 0))))
          (i32.mul (i32.const 1000) (call $same (table.get $keep (i32.const 0)) (table.get $keep (i32.const 2)))))))
    (func (export "kept") (param i32) (result externref) (table.get $keep (local.get 0)))
    (func (export "awaited") (result i32)
      (table.set $keep (i32.const 3) (call $later))
      (call $size (table.get $keep (i32.const 3)))))`;

  it('JS objects host imports return (externrefs) are replayed as one stand-in each, identity kept', async () => {
    const module = new Module(await wat(REFS));
    class Shape {
      constructor(readonly n: number) {}
    }
    const host = {
      js: {
        make: (n: number) => new Shape(n),
        callback: () => () => 'a JS function as an externref',
        size: (s: Shape) => s.n,
        same: (a: unknown, b: unknown) => (a === b ? 1 : 0),
        later: () => Promise.resolve(new Shape(7)),
      },
    };
    const recorder = new Recorder({ kind: 0, sha256: sha256(new Uint8Array(0)), meta: {} });
    const store = new Store();
    const inst = new Instance(module, recorder.wrapImports(module, host, () => false, store), { store });
    const exports = inst.exports as { main(): number; kept(i: number): unknown; awaited(): number };
    expect(exports.main()).toBe(3 + 50 + 100 + 0);
    expect(await callAsync(exports.awaited)).toBe(7);
    const trace = recorder.finish({ memory: memoryHash(store) });

    // Replayed with no host at all: the guest gets stand-ins and passes them back where it passed the objects.
    const replayer = new Replayer(trace);
    const store2 = new Store();
    const inst2 = new Instance(module, replayer.imports(module, {}, () => false, store2), { store: store2 });
    const replayed = inst2.exports as typeof exports;
    expect(replayed.main()).toBe(153);
    expect(await callAsync(replayed.awaited)).toBe(7);
    replayer.finishEvents('returned');
    const [a, b, f] = [replayed.kept(0), replayed.kept(1), replayed.kept(2)];
    expect(a).not.toBe(b);
    expect(a).toBeInstanceOf(ReplayedHostObject);
    expect(typeof f).toBe('function'); // a function stays callable-shaped

    // A changed guest that passes the wrong object back diverges, naming both.
    const other = new Module(await wat(REFS.replace('(call $size (table.get $keep (i32.const 0)))', '(call $size (table.get $keep (i32.const 1)))')));
    const r3 = new Replayer(trace);
    const store3 = new Store();
    const inst3 = new Instance(other, r3.imports(other, {}, () => false, store3), { store: store3 });
    expect(() => (inst3.exports as typeof exports).main()).toThrow('replay diverged at host call #3 (js.size): expected host call js.size(host object #0), got host call js.size(host object #1)');
  });

  it('a host import returning a wasm function (a funcref) is still refused at recording, clearly', async () => {
    const module = new Module(await wat(`(module (import "js" "f" (func $f (result funcref)))
      (func $k (export "k") (result i32) (i32.const 1))
      (func (export "main") (drop (call $f))))`));
    const recorder = new Recorder({ kind: 0, sha256: sha256(new Uint8Array(0)), meta: {} });
    let inst!: Instance;
    inst = new Instance(module, recorder.wrapImports(module, { js: { f: () => inst.exports.k } }, () => false));
    expect(() => (inst.exports.main as () => void)()).toThrow(/a trace cannot reproduce/);
  });

  const SUM = `(module
    (import "h" "get" (func $get (param i32) (result i32)))
    (memory (export "memory") 1)
    (func (export "sum") (param $n i32) (result i32) (local $acc i32)
      (block $done (loop $l
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $acc (i32.add (i32.mul (local.get $acc) (i32.const 31)) (call $get (local.get $n))))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $l)))
      (local.get $acc)))`;

  it('async host calls completing out of order in two stores are replayed in the recorded order', async () => {
    const module = new Module(await wat(SUM));
    const recorder = new Recorder({ kind: 0, sha256: sha256(new Uint8Array(0)), meta: {} });
    // The host's answer is the order in which calls complete: the sums depend on the interleaving.
    let completed = 0;
    const delays = [3, 0, 5, 1, 4, 2, 0, 6];
    let call = 0;
    const host = { h: { get: () => new Promise<number>((r) => setTimeout(() => r(++completed), delays[call++ % delays.length])) } };
    const stores = [new Store(), new Store()];
    const recorded = stores.map((s) => new Instance(module, recorder.wrapImports(module, host, () => false, s), { store: s }));
    const results = await Promise.all(recorded.map((i) => i.callAsync('sum', 12)));
    const trace = recorder.finish({ memory: new Uint8Array(32) });

    const replayer = new Replayer(trace);
    const stores2 = [new Store(), new Store()];
    const replayed = stores2.map((s) => new Instance(module, replayer.imports(module, {}, () => false, s), { store: s }));
    const timers = vi.spyOn(globalThis, 'setTimeout');
    const again = await Promise.all(replayed.map((i) => i.callAsync('sum', 12)));
    expect(timers).not.toHaveBeenCalled();
    expect(again).toEqual(results);
    replayer.finishEvents('returned');
  });

  it('an async host call whose completion is tampered with diverges at the next call', async () => {
    const module = new Module(await wat(SUM));
    const recorder = new Recorder({ kind: 0, sha256: sha256(new Uint8Array(0)), meta: {} });
    const store = new Store();
    const inst = new Instance(module, recorder.wrapImports(module, { h: { get: async (n: number) => n * 2 } }, () => false, store), { store });
    await inst.callAsync('sum', 3);
    const trace = recorder.finish({ memory: new Uint8Array(32) });
    // sum(3) calls get(3), get(2), get(1); replaying sum(4) makes another first call
    const replayer = new Replayer(trace);
    const store2 = new Store();
    const inst2 = new Instance(module, replayer.imports(module, {}, () => false, store2), { store: store2 });
    await expect(inst2.callAsync('sum', 4)).rejects.toThrow(/^replay diverged at host call #0 \(h\.get\): expected host call h\.get\(3\), got host call h\.get\(4\)$/);
  });
});

describe('starting a replay from a snapshot (the base of time travel)', () => {
  const STEP = `(module
    (import "env" "tick" (func $tick (result i32)))
    (memory (export "memory") 1)
    (func (export "step") (result i32)
      (i32.store (i32.const 0) (i32.add (i32.mul (i32.load (i32.const 0)) (i32.const 31)) (call $tick)))
      (i32.load (i32.const 0))))`;

  it('a store snapshot at host call #k plus the trace position continues exactly like the full replay', async () => {
    const module = new Module(await wat(STEP));
    const recorder = new Recorder({ kind: 0, sha256: sha256(new Uint8Array(0)), meta: {} });
    const store = new Store();
    let t = 0;
    const inst = new Instance(module, recorder.wrapImports(module, { env: { tick: () => (t += 1 + (Date.now() & 7)) } }, () => false, store), { store });
    const recorded = Array.from({ length: 6 }, () => (inst.exports.step as () => number)());
    const trace = recorder.finish({ memory: memoryHash(store) });

    // replay three steps, then keep the store's snapshot and the trace position
    const first = new Replayer(trace);
    const s1 = new Store();
    const i1 = new Instance(module, first.imports(module, {}, () => false, s1), { store: s1 });
    expect(Array.from({ length: 3 }, () => (i1.exports.step as () => number)())).toEqual(recorded.slice(0, 3));
    const bytes = snapshot(s1);
    const [position, calls] = [first.position, first.calls];

    // a fresh replay starts there: restore, seek, and the remaining steps come out as recorded
    const second = new Replayer(trace);
    const s2 = new Store();
    const i2 = new Instance(module, second.imports(module, {}, () => false, s2), { store: s2 });
    restore(s2, bytes);
    second.seek(position, calls);
    expect(Array.from({ length: 3 }, () => (i2.exports.step as () => number)())).toEqual(recorded.slice(3));
    second.finishEvents('returned');
    expect(hex(memoryHash(s2))).toBe(hex(second.end.memory));
    expect(() => second.seek(1, 0)).toThrow(RangeError);
  });
});
