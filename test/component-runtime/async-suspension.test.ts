// Component-model async with real suspension (issue #18): stackful guests blocking on their fibers,
// subtasks waiting for host Promises, streams and futures crossing to JS (async iterables, Promises) with
// backpressure and cancellation, and the deterministic order in which completions are delivered.
import { describe, expect, it } from 'vitest';
import { Linker, Trap } from '../../src/component/runtime/index.js';
import { HostFuture, HostStreamReader } from '../../src/async/index.js';
import { wat } from './helpers.js';

const PRODUCER = `
(component
  (core module $mem (memory (export "mem") 1))
  (core instance $mem (instantiate $mem))
  (type $ST (stream u8))
  (core func $new (canon stream.new $ST))
  (core func $write (canon stream.write $ST (memory $mem "mem")))
  (core func $dropw (canon stream.drop-writable $ST))
  (core func $ret (canon task.return (result $ST)))
  (core module $m
    (import "" "mem" (memory 1))
    (import "" "new" (func $new (result i64)))
    (import "" "write" (func $write (param i32 i32 i32) (result i32)))
    (import "" "dropw" (func $dropw (param i32)))
    (import "" "ret" (func $ret (param i32)))
    (global $writes (mut i32) (i32.const 0))
    (global $last (mut i32) (i32.const 0))
    ;; returns the readable end at once, then writes 0, 1, 2 … n-1 in chunks of 3 with a *sync* write:
    ;; each write blocks this stackful task on its fiber until the reader took the chunk.
    (func (export "produce") (param $n i32)
      (local $s i64) (local $w i32) (local $i i32)
      (local.set $s (call $new))
      (local.set $w (i32.wrap_i64 (i64.shr_u (local.get $s) (i64.const 32))))
      (call $ret (i32.wrap_i64 (local.get $s)))
      (block $done (loop $l
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (i32.store8 (i32.const 0) (local.get $i))
        (i32.store8 (i32.const 1) (i32.add (local.get $i) (i32.const 1)))
        (i32.store8 (i32.const 2) (i32.add (local.get $i) (i32.const 2)))
        (global.set $last (call $write (local.get $w) (i32.const 0) (i32.const 3)))
        (global.set $writes (i32.add (global.get $writes) (i32.const 1)))
        ;; the reader dropped its end: stop
        (br_if $done (i32.eq (i32.and (global.get $last) (i32.const 0xf)) (i32.const 1)))
        (local.set $i (i32.add (local.get $i) (i32.const 3)))
        (br $l)))
      (call $dropw (local.get $w)))
    (func (export "writes") (result i32) (global.get $writes))
    (func (export "last") (result i32) (global.get $last)))
  (core instance $i (instantiate $m (with "" (instance
    (export "mem" (memory $mem "mem")) (export "new" (func $new)) (export "write" (func $write))
    (export "dropw" (func $dropw)) (export "ret" (func $ret))))))
  (func (export "produce") async (param "n" u32) (result (stream u8)) (canon lift (core func $i "produce") async))
  (func (export "writes") (result u32) (canon lift (core func $i "writes")))
  (func (export "last") (result u32) (canon lift (core func $i "last")))
)`;

const CONSUMER = `
(component
  (core module $mem (memory (export "mem") 1))
  (core instance $mem (instantiate $mem))
  (type $ST (stream u8))
  (type $FT (future u32))
  (core func $read (canon stream.read $ST (memory $mem "mem")))
  (core func $dropr (canon stream.drop-readable $ST))
  (core func $fread (canon future.read $FT (memory $mem "mem")))
  (core func $fdrop (canon future.drop-readable $FT))
  (core func $ret (canon task.return (result u32)))
  (core module $m
    (import "" "mem" (memory 1))
    (import "" "read" (func $read (param i32 i32 i32) (result i32)))
    (import "" "dropr" (func $dropr (param i32)))
    (import "" "fread" (func $fread (param i32 i32) (result i32)))
    (import "" "fdrop" (func $fdrop (param i32)))
    (import "" "ret" (func $ret (param i32)))
    ;; sums the bytes of the stream, reading at most 4 at a time (sync reads block on the fiber)
    (func (export "sum") (param $s i32)
      (local $r i32) (local $n i32) (local $k i32) (local $acc i32)
      (block $done (loop $l
        (local.set $r (call $read (local.get $s) (i32.const 16) (i32.const 4)))
        (local.set $n (i32.shr_u (local.get $r) (i32.const 4)))
        (local.set $k (i32.const 0))
        (block $b (loop $m
          (br_if $b (i32.ge_u (local.get $k) (local.get $n)))
          (local.set $acc (i32.add (local.get $acc) (i32.load8_u offset=16 (local.get $k))))
          (local.set $k (i32.add (local.get $k) (i32.const 1)))
          (br $m)))
        ;; DROPPED: the writer is done
        (br_if $done (i32.eq (i32.and (local.get $r) (i32.const 0xf)) (i32.const 1)))
        (br $l)))
      (call $dropr (local.get $s))
      (call $ret (local.get $acc)))
    ;; the future's value plus one
    (func (export "plus-one") (param $f i32)
      (drop (call $fread (local.get $f) (i32.const 32)))
      (call $fdrop (local.get $f))
      (call $ret (i32.add (i32.load (i32.const 32)) (i32.const 1)))))
  (core instance $i (instantiate $m (with "" (instance
    (export "mem" (memory $mem "mem")) (export "read" (func $read)) (export "dropr" (func $dropr))
    (export "fread" (func $fread)) (export "fdrop" (func $fdrop)) (export "ret" (func $ret))))))
  (func (export "sum") async (param "s" (stream u8)) (result u32) (canon lift (core func $i "sum") async))
  (func (export "plus-one") async (param "f" (future u32)) (result u32) (canon lift (core func $i "plus-one") async))
)`;

describe('streams to and from the host', () => {
  it('a stackful guest streams to JS: chunks arrive as the host asks, the guest blocks between them', async () => {
    const inst = new Linker().instantiate(await wat(PRODUCER));
    const reader = inst.exports.func('produce').call([9]) as HostStreamReader<number>;
    expect(reader).toBeInstanceOf(HostStreamReader);
    // Backpressure: nothing was taken yet, so the first sync write still blocks the guest.
    expect(inst.exports.func('writes').call([])).toBe(0);
    const chunks: number[][] = [];
    for await (const chunk of reader) chunks.push(chunk);
    expect(chunks).toEqual([[0, 1, 2], [3, 4, 5], [6, 7, 8]]);
    expect(inst.exports.func('writes').call([])).toBe(3);
  });

  it('a host that reads less than a chunk copies part of it: the guest learns how much (partial copies)', async () => {
    const inst = new Linker().instantiate(await wat(PRODUCER));
    const reader = inst.exports.func('produce').call([3]) as HostStreamReader<number>;
    expect(await reader.read(2)).toEqual([0, 1]);
    // The guest's write returned COMPLETED with 2 elements copied (0x20); this guest does not resend the
    // rest, it drops its end after its one chunk.
    expect(inst.exports.func('last').call([])).toBe(0x20);
    expect(await reader.read(2)).toBeNull();
  });

  it('cancelling the host reader drops its end: the guest writer sees DROPPED and stops', async () => {
    const inst = new Linker().instantiate(await wat(PRODUCER));
    const reader = inst.exports.func('produce').call([300]) as HostStreamReader<number>;
    expect(await reader.read()).toEqual([0, 1, 2]);
    reader.cancel();
    // The guest's second write was pending when the end dropped: DROPPED (1) with nothing copied.
    expect(inst.exports.func('last').call([])).toBe(1);
    expect(inst.exports.func('writes').call([])).toBe(2);
  });

  it('JS passes an async iterable as a stream; the guest reads it in pieces of 4 (callAsync waits for the host)', async () => {
    const inst = new Linker().instantiate(await wat(CONSUMER));
    async function* bytes(): AsyncGenerator<number[]> {
      yield [1, 2, 3];
      await new Promise((r) => setTimeout(r, 1));
      yield [4, 5, 6, 7, 8, 9, 10];
    }
    expect(await inst.exports.func('sum').callAsync([bytes()])).toBe(55);
    // A plain array is a stream too (one element per item).
    expect(await inst.exports.func('sum').callAsync([[10, 20, 30]])).toBe(60);
  });

  it('a synchronous call cannot wait for the host to offer a stream\'s chunks: it traps', async () => {
    const inst = new Linker().instantiate(await wat(CONSUMER));
    // The host writer offers its first chunk only after a microtask: a sync call cannot wait for that.
    expect(() => inst.exports.func('sum').call([[1, 2]])).toThrow(Trap);
  });
});

describe('futures to and from the host', () => {
  it('a Promise (or HostFuture) becomes a future the guest reads when it settles', async () => {
    const inst = new Linker().instantiate(await wat(CONSUMER));
    const later = new Promise<number>((r) => setTimeout(() => r(41), 2));
    expect(await inst.exports.func('plus-one').callAsync([later])).toBe(42);
    expect(await inst.exports.func('plus-one').callAsync([new HostFuture(Promise.resolve(99))])).toBe(100);
  });
});

const WAITER = `
(component
  (import "fetch" (func $fetch async (param "id" u32) (result u32)))
  (core module $mem (memory (export "mem") 1))
  (core instance $mem (instantiate $mem))
  (core func $fetch (canon lower (func $fetch) async (memory $mem "mem")))
  (core func $new (canon waitable-set.new))
  (core func $join (canon waitable.join))
  (core func $wait (canon waitable-set.wait (memory $mem "mem")))
  (core func $drop (canon subtask.drop))
  (core func $ret (canon task.return (result u32)))
  (core module $m
    (import "" "mem" (memory 1))
    (import "" "fetch" (func $fetch (param i32 i32) (result i32)))
    (import "" "new" (func $new (result i32)))
    (import "" "join" (func $join (param i32 i32)))
    (import "" "wait" (func $wait (param i32 i32) (result i32)))
    (import "" "drop" (func $drop (param i32)))
    (import "" "ret" (func $ret (param i32)))
    ;; starts fetch(1) and fetch(2) concurrently, waits for both; returns 10 * first-id + second-id
    ;; where ids are in completion order (subtask 1 stored its result at 100, subtask 2 at 104).
    (func (export "both") (result i32)
      (local $ws i32) (local $a i32) (local $b i32) (local $order i32) (local $k i32) (local $st i32)
      (local.set $ws (call $new))
      (local.set $a (i32.shr_u (call $fetch (i32.const 1) (i32.const 100)) (i32.const 4)))
      (local.set $b (i32.shr_u (call $fetch (i32.const 2) (i32.const 104)) (i32.const 4)))
      (call $join (local.get $a) (local.get $ws))
      (call $join (local.get $b) (local.get $ws))
      (block $done (loop $l
        (br_if $done (i32.eq (local.get $k) (i32.const 2)))
        (drop (call $wait (local.get $ws) (i32.const 0)))
        (local.set $st (i32.load (i32.const 0)))
        ;; RETURNED: count it, in order
        (if (i32.eq (i32.load (i32.const 4)) (i32.const 2)) (then
          (local.set $order (i32.add (i32.mul (local.get $order) (i32.const 10))
            (if (result i32) (i32.eq (local.get $st) (local.get $a)) (then (i32.const 1)) (else (i32.const 2)))))
          (call $drop (local.get $st))
          (local.set $k (i32.add (local.get $k) (i32.const 1)))))
        (br $l)))
      (i32.add (i32.mul (local.get $order) (i32.const 1000))
        (i32.add (i32.load (i32.const 100)) (i32.load (i32.const 104))))))
  (core instance $i (instantiate $m (with "" (instance
    (export "mem" (memory $mem "mem")) (export "fetch" (func $fetch)) (export "new" (func $new))
    (export "join" (func $join)) (export "wait" (func $wait)) (export "drop" (func $drop)) (export "ret" (func $ret))))))
  (func (export "both") async (result u32) (canon lift (core func $i "both")))
)`;

describe('subtasks waiting for host Promises', () => {
  it('completions are delivered in the order the Promises settle (deterministic), on the guest fiber', async () => {
    const c = await wat(WAITER);
    // The test settles the two Promises itself, in a chosen order and a macrotask apart, once the guest has
    // started both calls (timers of different lengths would race on a loaded machine).
    for (const [settleFirst, order] of [[2, 21], [1, 12]] as const) {
      const linker = new Linker();
      const settle = new Map<number, () => void>();
      linker.func('fetch', (id: unknown) => new Promise((r) => {
        settle.set(id as number, () => r((id as number) * 100));
        if (settle.size === 2) {
          setTimeout(() => {
            settle.get(settleFirst)!();
            setTimeout(() => settle.get(3 - settleFirst)!(), 0);
          }, 0);
        }
      }));
      const inst = linker.instantiate(c);
      expect(await inst.exports.func('both').callAsync([])).toBe(order * 1000 + 300);
    }
  });

  it('a synchronous call cannot wait for a host Promise: it traps and names the host function', async () => {
    const linker = new Linker();
    linker.func('fetch', async (id: unknown) => id);
    const inst = linker.instantiate(await wat(WAITER));
    expect(() => inst.exports.func('both').call([])).toThrow(/host function fetch returned a Promise: call the export with callAsync/);
  });
});
