// Fibers (src/vm/fiber.ts): calls of one store on their own stacks, each suspended at a host call that
// returned a thenable and resumed in any order — what component-model async threads run on (issue #18).
import { describe, expect, it } from 'vitest';
import { Instance, Module } from '../../src/index.js';
import { Fiber, funcInstOf } from '../../src/vm/fiber.js';

async function wat(text: string): Promise<Module> {
  const { parse } = await import('@bytecodealliance/jco-transpile/wasm-tools');
  return new Module(await parse(text));
}

const M = `(module
  (import "h" "wait" (func $wait (param i32) (result i32)))
  ;; recursion on the fiber's frame stack, a suspension at the bottom, then work on the way back up
  (func $deep (export "deep") (param $n i32) (param $tag i32) (result i32)
    (if (result i32) (i32.eqz (local.get $n)) (then (call $wait (local.get $tag)))
      (else (i32.add (call $deep (i32.sub (local.get $n) (i32.const 1)) (local.get $tag)) (local.get $n)))))
  (func (export "plain") (param i32) (result i32) (i32.mul (local.get 0) (i32.const 3))))`;

/** A thenable nothing awaits: the fiber's caller decides when the call goes on. */
const pending = { then(): void {} };

describe('fibers', () => {
  it('two suspended calls of one store resume in the opposite order; the store stays usable meanwhile', async () => {
    const waits: number[] = [];
    const inst = new Instance(await wat(M), { h: { wait: (tag: number) => (waits.push(tag), pending) } });
    const deep = funcInstOf(inst.exports.deep)!;
    const store = deep.store!;
    const a = new Fiber(store);
    const b = new Fiber(store);
    expect(a.call(deep, [50, 1])).toBe(false);
    expect(b.call(deep, [10, 2])).toBe(false);
    expect(a.value).toBe(pending);
    expect(waits).toEqual([1, 2]);
    // a plain call on the store's own stack runs between them
    expect(inst.exports.plain(14)).toBe(42);
    // b first: its frames are its own, so a's (deeper) stay intact
    expect(b.resume(1000, false)).toBe(true);
    expect(b.value).toBe(1000 + 55);
    expect(a.resume(2000, false)).toBe(true);
    expect(a.value).toBe(2000 + 1275);
  });

  it('a failure passed to resume is thrown at the call site and leaves the fiber reusable', async () => {
    const inst = new Instance(await wat(M), { h: { wait: () => pending } });
    const deep = funcInstOf(inst.exports.deep)!;
    const f = new Fiber(deep.store!);
    expect(f.call(deep, [3, 0])).toBe(false);
    expect(() => f.resume(new Error('boom'), true)).toThrow('boom');
    expect(f.suspended).toBe(false);
    expect(f.call(funcInstOf(inst.exports.plain)!, [5])).toBe(true);
    expect(f.value).toBe(15);
  });
});
