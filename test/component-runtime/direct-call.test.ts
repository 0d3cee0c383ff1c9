// The direct path of a sync call (issues #17, #18): a sync-lifted export of an instance that cannot block
// runs on the caller's stack without a fiber. These tests check that it is taken exactly when it may be
// (no fiber is made for it; an instance with a blocking builtin or a host import still gets one) and that
// it keeps the fiber path's rules: fresh context slots per task, post-return in the task's thread,
// lockdown after a trap, call_might_be_recursive, and the same results under callAsync (the fiber path).
import { describe, expect, it } from 'vitest';
import { Linker, Trap } from '../../src/component/runtime/index.js';
import { HostLater } from '../../src/async/index.js';
import { Store } from '../../src/vm/api.js';
import { schedulerOf } from '../../src/component/runtime/threads.js';
import { wat } from './helpers.js';

const CONTEXT = `
(component
  (core func $get (canon context.get i32 0))
  (core func $set (canon context.set i32 0))
  (core module $m
    (import "" "get" (func $get (result i32)))
    (import "" "set" (func $set (param i32)))
    (global $seen (mut i32) (i32.const -1))
    (func (export "swap") (param i32) (result i32)
      (local $before i32)
      (local.set $before (call $get))
      (call $set (local.get 0))
      (local.get $before))
    (func (export "post") (param i32) (global.set $seen (call $get)))
    (func (export "seen") (result i32) (global.get $seen))
    (func (export "boom") (param i32) (result i32) (if (local.get 0) (then unreachable)) (i32.const 7)))
  (core instance $i (instantiate $m (with "" (instance (export "get" (func $get)) (export "set" (func $set))))))
  (func (export "swap") (param "v" u32) (result u32)
    (canon lift (core func $i "swap") (post-return (core func $i "post"))))
  (func (export "seen") (result u32) (canon lift (core func $i "seen")))
  (func (export "boom") (param "v" u32) (result u32) (canon lift (core func $i "boom")))
)`;

async function contextInstance() {
  const store = new Store();
  const inst = new Linker().instantiate(await wat(CONTEXT), { store });
  return { store, e: inst.exports };
}

describe('direct path of sync calls', () => {
  it('makes no fiber for a sync call into an instance that cannot block, and keeps per-task context', async () => {
    const { store, e } = await contextInstance();
    const swap = e.func('swap');
    expect(swap.call([5])).toBe(0); // a new task's slot starts at 0 …
    expect(e.func('seen').call([])).toBe(5); // … post-return runs in the same thread (it sees 5)
    expect(swap.call([9])).toBe(0); // the next call is a new task again
    expect(schedulerOf(store).fibers.length).toBe(0);
  });

  it('gives the same results through callAsync, which takes the fiber path', async () => {
    const { store, e } = await contextInstance();
    expect(await e.func('swap').callAsync([5])).toBe(0);
    expect(e.func('seen').call([])).toBe(5);
    expect(schedulerOf(store).fibers.length).toBe(1); // the fiber went back to the pool
  });

  it('locks the instance down after a trap, as the fiber path does', async () => {
    const { e } = await contextInstance();
    expect(e.func('boom').call([0])).toBe(7);
    expect(() => e.func('boom').call([1])).toThrow(Trap);
    expect(() => e.func('seen').call([])).toThrow(/cannot enter component instance: it trapped earlier/);
  });

  it('takes the fiber path when the instance has a blocking builtin', async () => {
    const store = new Store();
    const inst = new Linker().instantiate(await wat(`
(component
  (core func $y (canon thread.yield))
  (core module $m
    (import "" "yield" (func $y (result i32)))
    (func (export "f") (param i32) (result i32) (local.get 0)))
  (core instance $i (instantiate $m (with "" (instance (export "yield" (func $y))))))
  (func (export "f") (param "v" u32) (result u32) (canon lift (core func $i "f")))
)`), { store });
    expect(inst.exports.func('f').call([3])).toBe(3);
    expect(schedulerOf(store).fibers.length).toBe(1);
  });

  // A sync-typed host function may return a Promise or HostLater only as a host stall, which the lowering
  // detects when it happens: the instance keeps the direct path, and only a stall needs the event loop.
  const HOST_IMPORT = `
(component
  (import "h" (func $h (result u32)))
  (core func $hl (canon lower (func $h)))
  (core module $m
    (import "" "h" (func $h (result i32)))
    (func (export "f") (result i32) (i32.add (call $h) (i32.const 1))))
  (core instance $i (instantiate $m (with "" (instance (export "h" (func $hl))))))
  (func (export "f") (result u32) (canon lift (core func $i "f")))
)`;

  async function hostImport(h: () => unknown) {
    const store = new Store();
    const linker = new Linker();
    linker.func('h', h);
    return { store, f: linker.instantiate(await wat(HOST_IMPORT), { store }).exports.func('f') };
  }

  it('keeps the direct path when the instance lowers a sync-typed host function', async () => {
    const { store, f } = await hostImport(() => 4);
    expect(f.call([])).toBe(5);
    expect(f.call([])).toBe(5);
    expect(schedulerOf(store).fibers.length).toBe(0);
  });

  it('traps when that host function returns a Promise to a synchronous call, and locks the instance down', async () => {
    const { store, f } = await hostImport(() => Promise.resolve(4));
    expect(() => f.call([])).toThrow(/^host function h returned a Promise: call the export with callAsync so the guest can wait for it$/);
    expect(() => f.call([])).toThrow(/cannot enter component instance: it trapped earlier/);
    expect(schedulerOf(store).fibers.length).toBe(0);
  });

  it('waits for the Promise under callAsync (the fiber path)', async () => {
    const { store, f } = await hostImport(() => new Promise((r) => setTimeout(() => r(4), 1)));
    expect(await f.callAsync([])).toBe(5);
    expect(await f.callAsync([])).toBe(5);
    expect(schedulerOf(store).fibers.length).toBe(1);
  });

  it('treats a HostLater like a Promise: a synchronous call traps, callAsync waits for it', async () => {
    const later = await hostImport(() => new HostLater(() => 6));
    expect(await later.f.callAsync([])).toBe(7);
    expect(() => later.f.call([])).toThrow(/^host function h returned a Promise: call the export with callAsync/);
  });

  it('reuses one task per function between calls, and sees memory grown by an earlier call', async () => {
    // realloc bumps a pointer and grows memory when it runs past the end: the strings of later calls
    // land in pages that did not exist when the first call's context was made.
    const store = new Store();
    const inst = new Linker().instantiate(await wat(`
(component
  (core module $m
    (memory (export "mem") 1)
    (global $next (mut i32) (i32.const 16))
    (func (export "realloc") (param i32 i32 i32 i32) (result i32)
      (local $p i32)
      (local.set $p (global.get $next))
      (global.set $next (i32.add (local.get $p) (local.get 3)))
      (block $done (loop $l
        (br_if $done (i32.le_u (global.get $next) (i32.mul (memory.size) (i32.const 65536))))
        (drop (memory.grow (i32.const 1)))
        (br $l)))
      (local.get $p))
    (func (export "echo") (param i32 i32) (result i32)
      (i32.store (i32.const 0) (local.get 0))
      (i32.store (i32.const 4) (local.get 1))
      (i32.const 0)))
  (core instance $i (instantiate $m))
  (func (export "echo") (param "s" string) (result string)
    (canon lift (core func $i "echo") (memory $i "mem") (realloc (func $i "realloc"))))
)`), { store });
    const echo = inst.exports.func('echo');
    for (let k = 0; k < 6; k++) {
      const s = String.fromCharCode(0x61 + k).repeat(40_000);
      expect(echo.call([s])).toBe(s);
    }
    expect(schedulerOf(store).fibers.length).toBe(0);
  });

  it('still traps a call between a component instance and its ancestor', async () => {
    // The inner component's export is called by the outer's core code through a lowered import of it:
    // call_might_be_recursive traps on the direct path too.
    const c = await wat(`
(component
  (component $inner
    (core module $m (func (export "f") (result i32) (i32.const 1)))
    (core instance $i (instantiate $m))
    (func (export "f") (result u32) (canon lift (core func $i "f"))))
  (instance $in (instantiate $inner))
  (core func $fl (canon lower (func $in "f")))
  (core module $n
    (import "" "f" (func $f (result i32)))
    (func (export "g") (result i32) (call $f)))
  (core instance $j (instantiate $n (with "" (instance (export "f" (func $fl))))))
  (func (export "g") (result u32) (canon lift (core func $j "g")))
)`);
    const e = new Linker().instantiate(c).exports;
    expect(() => e.func('g').call([])).toThrow(/cannot enter component instance \(a call between a component instance and its ancestor or itself\)/);
  });
});
