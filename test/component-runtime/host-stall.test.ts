// Host stalls across components (issue #18): a sync-typed host function that returns a Promise is not a
// block in CanonicalABI.md's sense (a callee whose type lacks `async` must not block; the host's time is
// invisible to the guest), so a sync call of another component whose guest waits for one does not trap
// "cannot block a synchronous task before returning": the caller's task waits in turn and the store's
// event loop (Func.callAsync) finishes the chain when the Promise settles. A synchronous Func.call cannot
// wait for a Promise at all and traps, naming the host function.
import { describe, expect, it } from 'vitest';
import { Linker } from '../../src/component/runtime/index.js';
import { Store } from '../../src/vm/api.js';
import { schedulerOf } from '../../src/component/runtime/threads.js';
import { wat } from './helpers.js';

// $B lowers the host's sync-typed `h` and exports `f` (= h() + 1); $A, a sibling (not an ancestor, so the
// call may not be recursive), lowers B's `f` synchronously and exports `g` (= f() * 10), sync-typed, and
// `ga`, async-typed and stackful (its result through task.return).
const CHAIN = `
(component
  (import "h" (func $h (result u32)))
  (component $B
    (import "h" (func $h (result u32)))
    (core func $hl (canon lower (func $h)))
    (core module $m
      (import "" "h" (func $h (result i32)))
      (func (export "f") (result i32) (i32.add (call $h) (i32.const 1))))
    (core instance $i (instantiate $m (with "" (instance (export "h" (func $hl))))))
    (func (export "f") (result u32) (canon lift (core func $i "f"))))
  (component $A
    (import "f" (func $f (result u32)))
    (core func $fl (canon lower (func $f)))
    (core func $ret (canon task.return (result u32)))
    (core module $m
      (import "" "f" (func $f (result i32)))
      (import "" "ret" (func $ret (param i32)))
      (func (export "g") (result i32) (i32.mul (call $f) (i32.const 10)))
      (func (export "ga") (call $ret (i32.mul (call $f) (i32.const 100)))))
    (core instance $i (instantiate $m (with "" (instance (export "f" (func $fl)) (export "ret" (func $ret))))))
    (func (export "g") (result u32) (canon lift (core func $i "g")))
    (func (export "ga") async (result u32) (canon lift (core func $i "ga") async)))
  (instance $b (instantiate $B (with "h" (func $h))))
  (instance $a (instantiate $A (with "f" (func $b "f"))))
  (export "g" (func $a "g"))
  (export "ga" (func $a "ga"))
)`;

async function chain(h: () => unknown) {
  const store = new Store();
  const linker = new Linker();
  linker.func('h', h);
  return { store, e: linker.instantiate(await wat(CHAIN), { store }).exports };
}

const slow = (v: number) => () => new Promise((r) => setTimeout(() => r(v), 1));

describe('a sync call of another component whose guest waits for a host Promise', () => {
  it('completes under callAsync: the sync-typed caller waits, the event loop drives the callee', async () => {
    const { store, e } = await chain(slow(4));
    expect(await e.func('g').callAsync([])).toBe(50);
    expect(await e.func('g').callAsync([])).toBe(50); // nothing left behind: the next call works the same
    expect(schedulerOf(store).waiting.length).toBe(0);
    expect(schedulerOf(store).pendingHost).toBe(0);
  });

  it('completes under callAsync for an async-typed stackful caller', async () => {
    const { e } = await chain(slow(2));
    expect(await e.func('ga').callAsync([])).toBe(300);
  });

  it('completes two host calls that wait on the host at once (each async driver is woken)', async () => {
    let n = 0;
    const { e } = await chain(() => new Promise((r) => setTimeout(() => r(++n), 2)));
    const [x, y] = await Promise.all([e.func('g').callAsync([]), e.func('ga').callAsync([])]);
    expect(x).toBe(20); // g's host call settled first (h() = 1) …
    expect(y).toBe(300); // … then ga's (h() = 2)
  });

  it('gives the same result without a stall, through a synchronous call', async () => {
    const { e } = await chain(() => 4);
    expect(e.func('g').call([])).toBe(50);
    expect(e.func('ga').call([])).toBe(500);
  });

  it('traps a synchronous Func.call, naming the host function', async () => {
    const { e } = await chain(slow(4));
    expect(() => e.func('g').call([])).toThrow(/^host function h returned a Promise: call the export with callAsync so the guest can wait for it$/);
  });

  it('passes a rejected host Promise on as the failure of the whole chain', async () => {
    const { e } = await chain(() => Promise.reject(new Error('backend down')));
    await expect(e.func('g').callAsync([])).rejects.toThrow(/backend down/);
  });
});
