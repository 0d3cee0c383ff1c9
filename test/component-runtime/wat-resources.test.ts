// Hand-written components: resource builtins and their misuse traps, destructors, borrows.
import { describe, expect, it } from 'vitest';
import { Linker, ResourceHandle, ResourceType, Trap, hostResource } from '../../src/component/runtime/index.js';
import { COUNTED_RESOURCE, wat } from './helpers.js';

const OWNED = `
(component
${COUNTED_RESOURCE}
  (core module $m
    (import "" "new" (func $new (param i32) (result i32)))
    (import "" "drop" (func $drop (param i32)))
    (import "" "rep" (func $rep (param i32) (result i32)))
    (import "d" "n" (global $n (mut i32)))
    (func (export "double-drop") (local $h i32)
      (local.set $h (call $new (i32.const 42)))
      (call $drop (local.get $h))
      (call $drop (local.get $h)))
    (func (export "rep-bad") (result i32) (call $rep (i32.const 99)))
    (func (export "rep-zero") (result i32) (call $rep (i32.const 0)))
    (func (export "make") (param i32) (result i32) (call $new (local.get 0)))
    (func (export "make-drop") (param i32) (result i32) (local $h i32)
      (local.set $h (call $new (local.get 0)))
      (call $drop (local.get $h))
      (global.get $n))
    (func (export "get") (param i32) (result i32) (local.get 0))
    (func (export "drops") (result i32) (global.get $n)))
  (core instance $i (instantiate $m
    (with "" (instance (export "new" (func $new)) (export "drop" (func $drop)) (export "rep" (func $rep))))
    (with "d" (instance $d))))
  (export $r "r" (type $R))
  (func (export "double-drop") (canon lift (core func $i "double-drop")))
  (func (export "rep-bad") (result u32) (canon lift (core func $i "rep-bad")))
  (func (export "rep-zero") (result u32) (canon lift (core func $i "rep-zero")))
  (func (export "make") (param "v" u32) (result (own $r)) (canon lift (core func $i "make")))
  (func (export "make-drop") (param "v" u32) (result u32) (canon lift (core func $i "make-drop")))
  (func (export "get") (param "h" (borrow $r)) (result u32) (canon lift (core func $i "get")))
  (func (export "drops") (result u32) (canon lift (core func $i "drops")))
)`;

const BORROWS = `
(component
  (import "hr" (type $hr (sub resource)))
  (core func $drop (canon resource.drop $hr))
  (core module $m
    (import "" "drop" (func $drop (param i32)))
    (func (export "keep") (param i32))
    (func (export "drop-it") (param i32) (call $drop (local.get 0)))
    (func (export "drop-twice") (param i32) (call $drop (local.get 0)) (call $drop (local.get 0)))
    (func (export "drop-bogus") (call $drop (i32.const 7))))
  (core instance $i (instantiate $m (with "" (instance (export "drop" (func $drop))))))
  (func (export "keep") (param "h" (borrow $hr)) (canon lift (core func $i "keep")))
  (func (export "drop-borrow") (param "h" (borrow $hr)) (canon lift (core func $i "drop-it")))
  (func (export "take") (param "h" (own $hr)) (canon lift (core func $i "drop-it")))
  (func (export "keep-own") (param "h" (own $hr)) (canon lift (core func $i "keep")))
  (func (export "drop-twice") (param "h" (own $hr)) (canon lift (core func $i "drop-twice")))
  (func (export "drop-bogus") (canon lift (core func $i "drop-bogus")))
)`;

describe('guest-defined resources', () => {
  it('new / rep / drop and the destructor running exactly once', async () => {
    const c = await wat(OWNED);
    const inst = new Linker().instantiate(c);
    const f = (n: string) => inst.exports.func(n);
    expect(f('make-drop').call([5])).toBe(1); // drop in the defining instance runs the dtor
    const h = f('make').call([77]) as ResourceHandle;
    expect(h.type).toBe(inst.exports.resource('r'));
    expect(f('get').call([h])).toBe(77); // borrow into the defining instance: the rep itself
    expect(inst.handleCount).toBe(0); // the own handle left the table when lifted
    h.drop();
    h.drop();
    expect(f('drops').call([])).toBe(2);
    expect(() => f('get').call([h])).toThrow(/dropped/);
  });

  it('misuse traps: double drop, unknown handle, handle 0', async () => {
    const c = await wat(OWNED);
    const linker = new Linker();
    expect(() => linker.instantiate(c).exports.func('double-drop').call([])).toThrow(/unknown handle index/);
    const inst = linker.instantiate(c);
    expect(() => inst.exports.func('rep-bad').call([])).toThrow(Trap);
    expect(() => linker.instantiate(c).exports.func('rep-zero').call([])).toThrow(/unknown handle index 0/);
    // a trap poisons the instance
    expect(() => inst.exports.func('drops').call([])).toThrow(/cannot enter component instance/);
  });

  it('a handle from another instance of the same component is a different type', async () => {
    const c = await wat(OWNED);
    const a = new Linker().instantiate(c);
    const b = new Linker().instantiate(c);
    expect(a.exports.resource('r')).not.toBe(b.exports.resource('r'));
    const h = a.exports.func('make').call([1]);
    expect(() => b.exports.func('get').call([h])).toThrow(TypeError);
  });
});

describe('host resources lent and given to a guest', () => {
  async function setup() {
    const c = await wat(BORROWS);
    const dropped: unknown[] = [];
    const HR = new ResourceType('host', 'hr', (rep) => dropped.push(rep));
    const inst = new Linker().resource('hr', HR).instantiate(c);
    return { inst, HR, dropped };
  }

  it('borrows must be dropped before the call returns', async () => {
    const { inst, HR } = await setup();
    const h = hostResource(HR, 'a');
    expect(inst.exports.func('drop-borrow').call([h])).toBeUndefined();
    expect(inst.handleCount).toBe(0);
    expect(() => inst.exports.func('keep').call([h])).toThrow(/borrow handles still remain/);
  });

  it('owned handles: moved into the guest, dtor runs once on guest drop', async () => {
    const { inst, HR, dropped } = await setup();
    const h = hostResource(HR, 'b');
    inst.exports.func('take').call([h]);
    expect(dropped).toEqual(['b']);
    expect(h.alive).toBe(false);
    expect(() => inst.exports.func('take').call([h])).toThrow(/moved/);
    const k = hostResource(HR, 'c');
    inst.exports.func('keep-own').call([k]);
    expect(inst.handleCount).toBe(1);
    expect(dropped).toEqual(['b']);
  });

  it('dropping twice / a bogus index traps', async () => {
    const { inst, HR, dropped } = await setup();
    expect(() => inst.exports.func('drop-twice').call([hostResource(HR, 'd')])).toThrow(/unknown handle index/);
    expect(dropped).toEqual(['d']);
    const { inst: i2 } = await setup();
    expect(() => i2.exports.func('drop-bogus').call([])).toThrow(/unknown handle index 7/);
  });

  it('a missing resource definition is a LinkError naming it', async () => {
    const c = await wat(BORROWS);
    expect(() => new Linker().instantiate(c)).toThrow(/missing import `hr`/);
  });
});
