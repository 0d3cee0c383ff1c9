// Component-model async where the callee completes at once: task context slots, backpressure counters,
// async-lifted exports (results through task.return, with or without a callback), async lowers whose
// callee completes at once (status RETURNED, results at the return pointer), and what a synchronous host
// call does when the guest waits for something nothing can deliver (a deadlock trap). Suspension itself
// is tested in async-suspension.test.ts.
import { describe, expect, it } from 'vitest';
import { Linker, Trap } from '../../src/component/runtime/index.js';
import { wat } from './helpers.js';

async function instantiate(text: string, linker = new Linker()) {
  return linker.instantiate(await wat(text)).exports;
}

function trapOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(Trap);
    return (e as Trap).message;
  }
  throw new Error('expected a trap');
}

const CONTEXT = `
(component
  (core func $get (canon context.get i32 0))
  (core func $set (canon context.set i32 0))
  (core module $m
    (import "" "get" (func $get (result i32)))
    (import "" "set" (func $set (param i32)))
    (global $seen (mut i32) (i32.const -1))
    (func (export "set-and-return") (param i32) (result i32)
      (local $before i32)
      (local.set $before (call $get))
      (call $set (local.get 0))
      (local.get $before))
    (func (export "post") (param i32) (global.set $seen (call $get)))
    (func (export "seen") (result i32) (global.get $seen)))
  (core instance $i (instantiate $m (with "" (instance (export "get" (func $get)) (export "set" (func $set))))))
  (func (export "set-and-return") (param "v" u32) (result u32)
    (canon lift (core func $i "set-and-return") (post-return (core func $i "post"))))
  (func (export "seen") (result u32) (canon lift (core func $i "seen")))
)`;

const CONTEXT64 = `
(component
  (core func $get (canon context.get i64 1))
  (core func $set (canon context.set i64 1))
  (core module $m
    (import "" "get" (func $get (result i64)))
    (import "" "set" (func $set (param i64)))
    (func (export "roundtrip") (param i64) (result i64) (call $set (local.get 0)) (call $get)))
  (core instance $i (instantiate $m (with "" (instance (export "get" (func $get)) (export "set" (func $set))))))
  (func (export "roundtrip") (param "v" s64) (result s64) (canon lift (core func $i "roundtrip")))
)`;

describe('task context slots', () => {
  it('a value set during the call is visible in post-return; every call starts with zeroed slots', async () => {
    const e = await instantiate(CONTEXT);
    expect(e.func('set-and-return').call([42])).toBe(0);
    expect(e.func('seen').call([])).toBe(42);
    // A new task: the slot starts at 0 again, not at the previous task's 42.
    expect(e.func('set-and-return').call([0xffffffff])).toBe(0);
    expect(e.func('seen').call([])).toBe(0xffffffff);
  });

  it('i64 slots keep all 64 bits', async () => {
    const e = await instantiate(CONTEXT64);
    expect(e.func('roundtrip').call([-2n])).toBe(-2n);
    expect(e.func('roundtrip').call([0x123456789abcdefn])).toBe(0x123456789abcdefn);
  });
});

const BACKPRESSURE = `
(component
  (core func $inc (canon backpressure.inc))
  (core func $dec (canon backpressure.dec))
  (core func $ret (canon task.return (result u32)))
  (core module $m
    (import "" "inc" (func $inc))
    (import "" "dec" (func $dec))
    (import "" "ret" (func $ret (param i32)))
    (func (export "inc") (call $inc))
    (func (export "dec") (call $dec))
    (func (export "inc-many") (param i32)
      (loop $l (call $inc) (local.set 0 (i32.sub (local.get 0) (i32.const 1))) (br_if $l (local.get 0))))
    (func (export "async-f") (call $ret (i32.const 5))))
  (core instance $i (instantiate $m (with "" (instance
    (export "inc" (func $inc)) (export "dec" (func $dec)) (export "ret" (func $ret))))))
  (func (export "inc") (canon lift (core func $i "inc")))
  (func (export "dec") (canon lift (core func $i "dec")))
  (func (export "inc-many") (param "n" u32) (canon lift (core func $i "inc-many")))
  (func (export "async-f") async (result u32) (canon lift (core func $i "async-f") async))
)`;

describe('backpressure', () => {
  it('dec below zero traps', async () => {
    const e = await instantiate(BACKPRESSURE);
    expect(trapOf(() => e.func('dec').call([]))).toMatch(/backpressure counter underflow/);
  });

  it('an async-typed export under backpressure waits: nothing else can lower it, a deadlock; sync exports still run', async () => {
    const e = await instantiate(BACKPRESSURE);
    expect(e.func('async-f').call([])).toBe(5);
    e.func('inc').call([]);
    expect(trapOf(() => e.func('async-f').call([]))).toMatch(/deadlock detected: event loop cannot make further progress/);
    e.func('dec').call([]);
    expect(e.func('async-f').call([])).toBe(5);
  });

  it('the counter is 16 bits: the 65536th inc traps', async () => {
    const e = await instantiate(BACKPRESSURE);
    e.func('inc-many').call([0xffff]);
    expect(trapOf(() => e.func('inc').call([]))).toMatch(/backpressure counter overflow/);
  });
});

// An async-lifted callee (no callback, callback returning a code, misuse of task.return) and a caller
// reaching it through sync and async lowers.
const CALLEE = `
  (component $Callee
    (core module $mem (memory (export "mem") 1))
    (core instance $mem (instantiate $mem))
    (core func $ret-u32 (canon task.return (result u32)))
    (core func $ret-str (canon task.return (result string) (memory $mem "mem")))
    (core func $ret-none (canon task.return))
    (core module $m
      (import "" "mem" (memory 1))
      (import "" "ret-u32" (func $ret-u32 (param i32)))
      (import "" "ret-str" (func $ret-str (param i32 i32)))
      (import "" "ret-none" (func $ret-none))
      (data (i32.const 100) "hello")
      (func (export "add") (param i32 i32) (call $ret-u32 (i32.add (local.get 0) (local.get 1))))
      (func (export "sum6") (param i32 i32 i32 i32 i32 i32)
        (call $ret-u32 (i32.add (i32.add (i32.add (local.get 0) (local.get 1)) (i32.add (local.get 2) (local.get 3)))
                                (i32.add (local.get 4) (local.get 5)))))
      (func (export "hello") (call $ret-str (i32.const 100) (i32.const 5)))
      (func (export "exit") (result i32) (call $ret-u32 (i32.const 9)) (i32.const 0))
      (func (export "yield") (result i32) (i32.const 1))
      (func (export "wait") (result i32) (i32.const 0x12))
      (func (export "cb") (param i32 i32 i32) (result i32) unreachable)
      (func (export "twice") (call $ret-u32 (i32.const 1)) (call $ret-u32 (i32.const 2)))
      (func (export "never"))
      (func (export "wrong-type") (call $ret-none))
      (func (export "sync-returns") (result i32) (call $ret-u32 (i32.const 1)) (i32.const 1)))
    (core instance $i (instantiate $m (with "" (instance
      (export "mem" (memory $mem "mem")) (export "ret-u32" (func $ret-u32))
      (export "ret-str" (func $ret-str)) (export "ret-none" (func $ret-none))))))
    (func (export "add") async (param "a" u32) (param "b" u32) (result u32) (canon lift (core func $i "add") async))
    (func (export "sum6") async (param "a" u32) (param "b" u32) (param "c" u32) (param "d" u32) (param "e" u32) (param "f" u32) (result u32)
      (canon lift (core func $i "sum6") async))
    (func (export "hello") async (result string) (canon lift (core func $i "hello") async (memory $mem "mem")))
    (func (export "exit") async (result u32) (canon lift (core func $i "exit") async (callback (func $i "cb"))))
    (func (export "yield") async (result u32) (canon lift (core func $i "yield") async (callback (func $i "cb"))))
    (func (export "wait") async (result u32) (canon lift (core func $i "wait") async (callback (func $i "cb"))))
    (func (export "twice") async (result u32) (canon lift (core func $i "twice") async))
    (func (export "never") async (result u32) (canon lift (core func $i "never") async))
    (func (export "wrong-type") async (result u32) (canon lift (core func $i "wrong-type") async))
    (func (export "sync-returns") (result u32) (canon lift (core func $i "sync-returns")))
  )`;

const ASYNC = `
(component
  ${CALLEE}
  (instance $c (instantiate $Callee))
  (export "add" (func $c "add"))
  (export "hello" (func $c "hello"))
  (export "exit" (func $c "exit"))
  (export "yield" (func $c "yield"))
  (export "wait" (func $c "wait"))
  (export "twice" (func $c "twice"))
  (export "never" (func $c "never"))
  (export "wrong-type" (func $c "wrong-type"))
  (export "sync-returns" (func $c "sync-returns"))
)`;

describe('async-lifted exports called from the host', () => {
  it('the result is what the callee passed to task.return', async () => {
    const e = await instantiate(ASYNC);
    expect(e.func('add').call([2, 40])).toBe(42);
    expect(e.func('hello').call([])).toBe('hello');
    expect(e.func('exit').call([])).toBe(9);
  });

  it('a callback asking to yield is called back (this one traps); one waiting names a set it must have', async () => {
    const e1 = await instantiate(ASYNC);
    expect(trapOf(() => e1.func('yield').call([]))).toMatch(/unreachable/);
    const e2 = await instantiate(ASYNC);
    // WAIT | 1 << 4: waitable set 1, which this instance never made.
    expect(trapOf(() => e2.func('wait').call([]))).toMatch(/unknown handle index 1/);
  });

  it('task.return misuse traps', async () => {
    const e = async () => instantiate(ASYNC);
    const a = await e();
    expect(trapOf(() => a.func('twice').call([]))).toMatch(/`task.return` called more than once/);
    const b = await e();
    expect(trapOf(() => b.func('never').call([]))).toMatch(/exited without calling `task.return`/);
    const c = await e();
    expect(trapOf(() => c.func('wrong-type').call([]))).toMatch(/result type does not match/);
    const d = await e();
    expect(trapOf(() => d.func('sync-returns').call([]))).toMatch(/`task.return` called by a synchronously lifted function/);
  });
});

// The caller is a sibling of the callee: a call from a component into one it contains (or the reverse)
// traps (call_might_be_recursive).
const caller = (exports: string): string => `
(component
  ${CALLEE}
  (instance $callee (instantiate $Callee))
  (component $Caller
  (import "add" (func $add async (param "a" u32) (param "b" u32) (result u32)))
  (import "sum6" (func $sum6 async (param "a" u32) (param "b" u32) (param "c" u32) (param "d" u32) (param "e" u32) (param "f" u32) (result u32)))
  (import "hello" (func $hello async (result string)))
  (instance $c (export "add" (func $add)) (export "sum6" (func $sum6)) (export "hello" (func $hello)))
  (core module $mem
    (memory (export "mem") 1)
    (global $next (mut i32) (i32.const 1024))
    (func (export "realloc") (param i32 i32 i32 i32) (result i32)
      (global.get $next)
      (global.set $next (i32.add (global.get $next) (local.get 3)))))
  (core instance $mem (instantiate $mem))
  (core func $add-async (canon lower (func $c "add") async (memory $mem "mem")))
  (core func $sum6-async (canon lower (func $c "sum6") async (memory $mem "mem")))
  (core func $hello-async (canon lower (func $c "hello") async (memory $mem "mem") (realloc (func $mem "realloc"))))
  (core func $add-sync (canon lower (func $c "add")))
  (core module $m
    (import "" "mem" (memory 1))
    (import "" "add-async" (func $add-async (param i32 i32 i32) (result i32)))
    (import "" "sum6-async" (func $sum6-async (param i32 i32) (result i32)))
    (import "" "hello-async" (func $hello-async (param i32) (result i32)))
    (import "" "add-sync" (func $add-sync (param i32 i32) (result i32)))
    ;; status in the high half, result in the low half
    (func (export "add-async") (param i32 i32) (result i64)
      (local $status i32)
      (local.set $status (call $add-async (local.get 0) (local.get 1) (i32.const 16)))
      (i64.or (i64.shl (i64.extend_i32_u (local.get $status)) (i64.const 32)) (i64.load32_u (i32.const 16))))
    (func (export "sum6-async") (result i32)
      (i32.store (i32.const 32) (i32.const 1)) (i32.store (i32.const 36) (i32.const 2))
      (i32.store (i32.const 40) (i32.const 3)) (i32.store (i32.const 44) (i32.const 4))
      (i32.store (i32.const 48) (i32.const 5)) (i32.store (i32.const 52) (i32.const 6))
      (if (i32.ne (call $sum6-async (i32.const 32) (i32.const 64)) (i32.const 2)) (then unreachable))
      (i32.load (i32.const 64)))
    (func (export "hello-async") (result i32)
      (if (i32.ne (call $hello-async (i32.const 8)) (i32.const 2)) (then unreachable))
      (i32.load offset=4 (i32.const 8)))
    (func (export "add-sync") (param i32 i32) (result i32) (call $add-sync (local.get 0) (local.get 1))))
  (core instance $main (instantiate $m (with "" (instance
    (export "mem" (memory $mem "mem")) (export "add-async" (func $add-async))
    (export "sum6-async" (func $sum6-async)) (export "hello-async" (func $hello-async))
    (export "add-sync" (func $add-sync))))))
  ${exports}
  )
  (instance $k (instantiate $Caller (with "add" (func $callee "add")) (with "sum6" (func $callee "sum6")) (with "hello" (func $callee "hello"))))
  ${[...exports.matchAll(/\(export "([^"]+)"/g)].map((m) => `(export "${m[1]}" (func $k "${m[1]}"))`).join('\n  ')}
)`;

describe('lowering async-lifted functions', () => {
  it('an async lower from a sync caller gets RETURNED with the result at the return pointer', async () => {
    const text = caller(`
      (func (export "add-async") (param "a" u32) (param "b" u32) (result u64) (canon lift (core func $main "add-async")))
      (func (export "sum6-async") (result u32) (canon lift (core func $main "sum6-async")))
      (func (export "hello-async") (result u32) (canon lift (core func $main "hello-async")))
      (func (export "add-sync") (param "a" u32) (param "b" u32) (result u32) (canon lift (core func $main "add-sync")))`);
    const e = await instantiate(text);
    // status 2 (RETURNED, no subtask index) in the high word, 7 stored at the return pointer.
    expect(e.func('add-async').call([3, 4])).toBe((2n << 32n) | 7n);
    // More than MAX_FLAT_ASYNC_PARAMS (4) flat params travel through memory.
    expect(e.func('sum6-async').call([])).toBe(21);
    // A string result is stored through the caller's realloc: its length is at retptr + 4.
    expect(e.func('hello-async').call([])).toBe(5);
  });

  it('a sync-typed task may not make a blocking sync call of an async function', async () => {
    const text = caller(`
      (func (export "add-sync") (param "a" u32) (param "b" u32) (result u32) (canon lift (core func $main "add-sync")))
      (func (export "add-sync-from-async") async (param "a" u32) (param "b" u32) (result u32) (canon lift (core func $main "add-sync")))`);
    const e = await instantiate(text);
    expect(trapOf(() => e.func('add-sync').call([1, 2]))).toMatch(/cannot block a synchronous task before returning/);
    const e2 = await instantiate(text);
    // An async-typed task may block, and the callee returns at once.
    expect(e2.func('add-sync-from-async').call([1, 2])).toBe(3);
  });
});

const WAIT = `
(component
  (core module $mem (memory (export "mem") 1))
  (core instance $mem (instantiate $mem))
  (core func $wait (canon waitable-set.wait (memory $mem "mem")))
  (core func $new (canon waitable-set.new))
  (core module $m
    (import "" "wait" (func $wait (param i32 i32) (result i32)))
    (import "" "new" (func $new (result i32)))
    (func (export "f") (drop (call $wait (call $new) (i32.const 0)))))
  (core instance $i (instantiate $m (with "" (instance (export "wait" (func $wait)) (export "new" (func $new))))))
  (func (export "sync") (canon lift (core func $i "f")))
  (func (export "async") async (canon lift (core func $i "f")))
)`;

describe('suspension points', () => {
  it('waitable-set.wait: sync tasks may not block; an async one waiting on an empty set deadlocks', async () => {
    const e = await instantiate(WAIT);
    expect(trapOf(() => e.func('sync').call([]))).toMatch(/cannot block a synchronous task before returning/);
    const e2 = await instantiate(WAIT);
    expect(trapOf(() => e2.func('async').call([]))).toMatch(/deadlock detected: event loop cannot make further progress/);
  });
});

const SETS = `
(component
  (core module $mem (memory (export "mem") 1))
  (core instance $mem (instantiate $mem))
  (type $R (resource (rep i32)))
  (core func $new (canon waitable-set.new))
  (core func $drop (canon waitable-set.drop))
  (core func $poll (canon waitable-set.poll (memory $mem "mem")))
  (core func $join (canon waitable.join))
  (core func $rnew (canon resource.new $R))
  (core func $rrep (canon resource.rep $R))
  (core module $m
    (import "" "mem" (memory 1))
    (import "" "new" (func $new (result i32)))
    (import "" "drop" (func $drop (param i32)))
    (import "" "poll" (func $poll (param i32 i32) (result i32)))
    (import "" "join" (func $join (param i32 i32)))
    (import "" "rnew" (func $rnew (param i32) (result i32)))
    (import "" "rrep" (func $rrep (param i32) (result i32)))
    (global $ws (mut i32) (i32.const 0))
    ;; sets can be made while the instance is being instantiated
    (func $start (global.set $ws (call $new)))
    (start $start)
    (func (export "ws") (result i32) (global.get $ws))
    ;; a resource handle made next gets the next index of the same table
    (func (export "rnew") (result i32) (call $rnew (i32.const 7)))
    (func (export "poll") (result i32)
      (i32.store (i32.const 8) (i32.const -1)) (i32.store (i32.const 12) (i32.const -1))
      (i32.or (call $poll (global.get $ws) (i32.const 8))
              (i32.or (i32.load (i32.const 8)) (i32.load (i32.const 12)))))
    (func (export "drop") (call $drop (global.get $ws)))
    (func (export "rep-of-set") (result i32) (call $rrep (global.get $ws)))
    (func (export "join") (call $join (global.get $ws) (global.get $ws))))
  (core instance $i (instantiate $m (with "" (instance
    (export "mem" (memory $mem "mem")) (export "new" (func $new)) (export "drop" (func $drop))
    (export "poll" (func $poll)) (export "join" (func $join)) (export "rnew" (func $rnew)) (export "rrep" (func $rrep))))))
  (func (export "ws") (result u32) (canon lift (core func $i "ws")))
  (func (export "rnew") (result u32) (canon lift (core func $i "rnew")))
  (func (export "poll") (result u32) (canon lift (core func $i "poll")))
  (func (export "drop") (canon lift (core func $i "drop")))
  (func (export "rep-of-set") (result u32) (canon lift (core func $i "rep-of-set")))
  (func (export "join") (canon lift (core func $i "join")))
)`;

describe('waitable sets', () => {
  it('share the handle table with resources; polling an empty set reports no event', async () => {
    const e = await instantiate(SETS);
    expect(e.func('ws').call([])).toBe(1);
    expect(e.func('rnew').call([])).toBe(2);
    // EventCode.NONE with payload (0, 0) written over the -1s.
    expect(e.func('poll').call([])).toBe(0);
    e.func('drop').call([]);
    expect(trapOf(() => e.func('drop').call([]))).toMatch(/unknown handle index 1/);
  });

  it('a set is neither a resource nor a waitable', async () => {
    const e = await instantiate(SETS);
    expect(trapOf(() => e.func('rep-of-set').call([]))).toMatch(/resource type `waitable-set`/);
    const e2 = await instantiate(SETS);
    expect(trapOf(() => e2.func('join').call([]))).toMatch(/is not a waitable/);
  });
});

const YIELD = `
(component
  (core func $yield (canon thread.yield))
  (core module $m
    (import "" "yield" (func $yield (result i32)))
    (func (export "f") (result i32) (call $yield)))
  (core instance $i (instantiate $m (with "" (instance (export "yield" (func $yield))))))
  (func (export "sync") (result u32) (canon lift (core func $i "f")))
  (func (export "async") async (result u32) (canon lift (core func $i "f")))
)`;

describe('thread.yield', () => {
  it('lets the event loop run the other ready threads, then returns 0 (not cancelled)', async () => {
    const e = await instantiate(YIELD);
    expect(e.func('sync').call([])).toBe(0);
    expect(e.func('async').call([])).toBe(0);
  });
});
