// Store snapshots of component instances (issue #13): handle tables (entries, free list), instance flags
// (lockdown), backpressure, checked by component hash; host resources are refused.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Component, Linker, ResourceHandle, ResourceType, Store, hostResource } from '../../src/index.js';
import type { ComponentInstance, Exports } from '../../src/component/runtime/index.js';
import { restore, snapshot } from '../../src/snapshot/index.js';
import { COUNTED_RESOURCE, JCO, wat } from './helpers.js';
import { linkerWith } from './runner.js';

const RESOURCES = readFileSync(join(JCO, 'transpile/runtime/resources.component.wasm'));

/** The jco `resources` fixture, instantiated into `store` with host `y` resources. */
function resources(store: Store, bytes: Uint8Array = RESOURCES): { inst: ComponentInstance; ex: Exports; hostDrops: () => number } {
  const c = new Component(bytes);
  let drops = 0;
  const Y = new ResourceType('host', 'y', () => void drops++);
  const linker = linkerWith(c, {
    'imports#[constructor]y': (a: number) => hostResource(Y, { a }),
    'imports#[method]y.get-a': (self: ResourceHandle) => (self.rep as { a: number }).a,
    'imports#[method]y.set-a': (self: ResourceHandle, a: number) => void ((self.rep as { a: number }).a = a),
    'imports#[static]y.add': (y: ResourceHandle, a: number) => {
      const v = (y.rep as { a: number }).a + a;
      y.drop();
      return { a: v };
    },
  });
  linker.instance('imports').resource('y', Y);
  const inst = linker.instantiate(c, { store });
  return { inst, ex: inst.exports.instance('exports'), hostDrops: () => drops };
}

/** Calls that allocate and drop guest handles; returns everything observable (values, reps, counters). */
function workload(ex: Exports): unknown[] {
  const out: unknown[] = [];
  const x1 = ex.func('[constructor]x').call([5]) as ResourceHandle;
  out.push(x1.rep, ex.func('[method]x.get-a').call([x1]));
  ex.func('[method]x.set-a').call([x1, 10]);
  const z1 = ex.func('[constructor]z').call([10]) as ResourceHandle;
  const z2 = ex.func('[constructor]z').call([20]) as ResourceHandle;
  out.push(z1.rep, z2.rep);
  const x2 = ex.func('[static]x.add').call([x1, 5]) as ResourceHandle;
  out.push(x2.rep, ex.func('[method]x.get-a').call([x2]));
  const z3 = ex.func('add').call([z1, z2]) as ResourceHandle;
  out.push(z3.rep, ex.func('[method]z.get-a').call([z3]));
  z1.drop();
  out.push(ex.func('[static]z.num-dropped').call([]));
  ex.func('consume').call([x2]);
  out.push(ex.func('[static]z.num-dropped').call([]));
  out.push(ex.func('test-imports').call([]));
  return out;
}

describe('component snapshots: jco resources fixture', () => {
  it('restores handle tables and guest state: the same calls give the same results, in this store and a fresh one', () => {
    const store = new Store();
    const { inst, ex, hostDrops } = resources(store);
    // Some history before the snapshot point: handles allocated and dropped, guest counters moved.
    const before = workload(ex);
    expect(before.length).toBeGreaterThan(0);
    const snap = snapshot(store);
    const tableAt = inst.state.table.contents();
    const slotsAtSnap = tableAt.slots.map((e) => e?.rep);
    const freeAtSnap = [...tableAt.free];

    const first = workload(ex);
    const after = snapshot(store);
    // The guest's allocator moved on: running the same calls again without a restore differs.
    expect(workload(ex)).not.toEqual(first);

    const drops = hostDrops();
    expect(restore(store, snap)).toEqual([]);
    expect(inst.state.table.contents().slots.map((e) => e?.rep)).toEqual(slotsAtSnap);
    expect([...inst.state.table.contents().free]).toEqual(freeAtSnap);
    expect(workload(ex)).toEqual(first);
    expect(hostDrops()).toBeGreaterThan(drops);
    expect(snapshot(store)).toEqual(after);

    // Serialized, into a fresh store of another Linker instantiation of the same bytes.
    const copy = Uint8Array.from(snap);
    const store2 = new Store();
    const other = resources(store2, Uint8Array.from(RESOURCES));
    restore(store2, copy);
    expect(workload(other.ex)).toEqual(first);
    expect(snapshot(store2)).toEqual(after);
  });

  it('refuses a snapshot of another component, by hash, before changing anything', async () => {
    const store = new Store();
    resources(store);
    const snap = snapshot(store);
    const s2 = new Store();
    const inst = await keeper(s2);
    const e = inst.exports;
    expect(e.func('new').call([5])).toBe(1);
    expect(() => restore(s2, snap)).toThrow(/restore: component instance 0 is of another component \(hash mismatch: the snapshot's is 0x[0-9a-f]{8}, this store's 0x[0-9a-f]{8}\)/);
    expect(e.func('rep').call([1])).toBe(5); // untouched
    // A store without components refuses a snapshot with components.
    expect(() => restore(new Store(), snap)).toThrow(/the snapshot has 2 component instances, the store none/);
    // And a store with components refuses a core-only snapshot.
    expect(() => restore(s2, snapshot(new Store()))).toThrow(/the snapshot has 0 component instances, the store 1/);
  });
});

describe('component snapshots: host resources', () => {
  it('a guest table holding a host resource cannot be written: the error names the resource type', () => {
    const bytes = readFileSync(join(JCO, 'transpile/runtime/resource-import-and-export.component.wasm'));
    const c = new Component(bytes);
    const THING = new ResourceType('host', 'thing');
    const T = 'test:resource-import-and-export/test';
    const linker = linkerWith(c, {
      [`${T}#[constructor]thing`]: (v: number) => hostResource(THING, { v }),
      [`${T}#[method]thing.foo`]: (self: ResourceHandle) => (self.rep as { v: number }).v,
      [`${T}#[method]thing.bar`]: () => undefined,
      [`${T}#[static]thing.baz`]: (a: ResourceHandle) => hostResource(THING, a.rep),
      'toplevel-import': (a: unknown) => a,
    }, { [`${T}#thing`]: THING });
    const store = new Store();
    const ex = linker.instantiate(c, { store }).exports.instance(T);
    snapshot(store); // no host handle in any table yet
    const t1 = ex.func('[constructor]thing').call([42]) as ResourceHandle; // the guest keeps a host `thing`
    const foo = ex.func('[method]thing.foo').call([t1]);
    expect(() => snapshot(store)).toThrow(/snapshot: component instance 0 holds a handle \(index \d+\) to the host resource `thing`: its rep is a JS value/);
    // A refused snapshot changes nothing.
    expect(ex.func('[method]thing.foo').call([t1])).toBe(foo);
  });

  it("with hostValues, a host resource's rep is written by identity and restored from the list", () => {
    const bytes = readFileSync(join(JCO, 'transpile/runtime/resource-import-and-export.component.wasm'));
    const c = new Component(bytes);
    const T = 'test:resource-import-and-export/test';
    const instantiate = (store: Store) => {
      const THING = new ResourceType('host', 'thing');
      const linker = linkerWith(c, {
        [`${T}#[constructor]thing`]: (v: number) => hostResource(THING, { v }),
        [`${T}#[method]thing.foo`]: (self: ResourceHandle) => (self.rep as { v: number }).v,
        [`${T}#[method]thing.bar`]: (self: ResourceHandle, v: number) => void ((self.rep as { v: number }).v = v),
        [`${T}#[static]thing.baz`]: (a: ResourceHandle) => hostResource(THING, a.rep),
        'toplevel-import': (a: unknown) => a,
      }, { [`${T}#thing`]: THING });
      const inst = linker.instantiate(c, { store });
      return { inst, ex: inst.exports.instance(T) };
    };
    /** The reps of the host `thing` handles in the component instances' tables. */
    const hostReps = (i: ComponentInstance): unknown[] => i.state.table.contents().slots.filter((e) => e?.rt.canonical.state === 'host').map((e) => e!.rep);
    const store = new Store();
    const { inst, ex } = instantiate(store);
    const t1 = ex.func('[constructor]thing').call([42]) as ResourceHandle;
    const foo = ex.func('[method]thing.foo').call([t1]);
    const [rep] = hostReps(inst);
    expect(rep).toBeTypeOf('object');
    const hostValues: unknown[] = [];
    const snap = snapshot(store, { hostValues });
    expect(hostValues).toEqual([rep]);
    ex.func('[method]thing.bar').call([t1, 7]); // the host object changes: it is the host's, not the snapshot's
    const changed = ex.func('[method]thing.foo').call([t1]);
    expect(changed).not.toBe(foo);
    restore(store, snap, { hostValues });
    expect(hostReps(inst)).toEqual([rep]);
    expect(hostReps(inst)[0]).toBe(rep);
    expect(ex.func('[method]thing.foo').call([t1])).toBe(changed);
    // Without the list, or into another store with a rebuilt one
    expect(() => restore(store, snap)).toThrow(/restore: the snapshot refers to JS values by index in the `hostValues` list/);
    const store2 = new Store();
    const second = instantiate(store2);
    const rebuilt = { v: 42 };
    restore(store2, snap, { hostValues: [rebuilt] });
    expect(hostReps(second.inst)[0]).toBe(rebuilt);
  });
});

// Keeps guest handles in its own table and returns their indices; waitable sets share the table.
const KEEPER = `
(component
${COUNTED_RESOURCE}
  (core func $ws (canon waitable-set.new))
  (core func $inc (canon backpressure.inc))
  (import "f" (func $f))
  (core func $f (canon lower (func $f)))
  (core module $m
    (import "" "new" (func $new (param i32) (result i32)))
    (import "" "drop" (func $drop (param i32)))
    (import "" "rep" (func $rep (param i32) (result i32)))
    (import "" "ws" (func $ws (result i32)))
    (import "" "inc" (func $inc))
    (import "" "f" (func $f))
    (import "d" "n" (global $n (mut i32)))
    (func (export "new") (param i32) (result i32) (call $new (local.get 0)))
    (func (export "drop") (param i32) (call $drop (local.get 0)))
    (func (export "rep") (param i32) (result i32) (call $rep (local.get 0)))
    (func (export "ws") (result i32) (call $ws))
    (func (export "inc") (call $inc))
    (func (export "call-f") (call $f))
    (func (export "boom") unreachable)
    (func (export "drops") (result i32) (global.get $n)))
  (core instance $i (instantiate $m
    (with "" (instance (export "new" (func $new)) (export "drop" (func $drop)) (export "rep" (func $rep))
      (export "ws" (func $ws)) (export "inc" (func $inc)) (export "f" (func $f))))
    (with "d" (instance $d))))
  (func (export "new") (param "v" u32) (result u32) (canon lift (core func $i "new")))
  (func (export "drop") (param "h" u32) (canon lift (core func $i "drop")))
  (func (export "rep") (param "h" u32) (result u32) (canon lift (core func $i "rep")))
  (func (export "ws") (result u32) (canon lift (core func $i "ws")))
  (func (export "inc") (canon lift (core func $i "inc")))
  (func (export "call-f") (canon lift (core func $i "call-f")))
  (func (export "boom") (canon lift (core func $i "boom")))
  (func (export "drops") (result u32) (canon lift (core func $i "drops")))
)`;

async function keeper(store: Store, f: () => unknown = () => undefined): Promise<ComponentInstance> {
  const c = await wat(KEEPER);
  const linker = new Linker();
  linker.func('f', f);
  return linker.instantiate(c, { store });
}

describe('component snapshots: handle indices, free list, flags (hand-written component)', () => {

  it('handle indices allocated after a restore are those allocated after the snapshot the first time', async () => {
    const store = new Store();
    const inst = await keeper(store);
    const e = inst.exports;
    const call = (name: string, ...args: unknown[]) => e.func(name).call(args);
    expect([call('new', 10), call('new', 20), call('new', 30)]).toEqual([1, 2, 3]);
    call('drop', 2);
    expect(call('ws')).toBe(2); // a waitable set takes the freed slot
    call('drop', 1);
    call('inc');
    expect(inst.handleCount).toBe(2);
    const snap = snapshot(store);

    const run = () => [call('new', 7), call('new', 8), call('rep', 3), call('drops'), (call('drop', 3), call('new', 9)), call('drops')];
    const first = run();
    expect(first).toEqual([1, 4, 30, 2, 3, 3]);
    call('drop', 1);
    call('drop', 4);
    expect(inst.state.backpressure).toBe(1);
    call('inc');

    restore(store, snap);
    expect(inst.handleCount).toBe(2);
    expect(inst.state.backpressure).toBe(1);
    expect(run()).toEqual(first);

    // A fresh instantiation in a fresh store, from the serialized bytes.
    const s2 = new Store();
    const other = await keeper(s2);
    restore(s2, Uint8Array.from(snap));
    const o = (name: string, ...args: unknown[]) => other.exports.func(name).call(args);
    expect([o('new', 7), o('new', 8), o('rep', 3), o('drops'), (o('drop', 3), o('new', 9)), o('drops')]).toEqual(first);
    expect(other.state.backpressure).toBe(1);
    // The waitable set is still one: dropping it as a resource is a type mismatch.
    expect(() => o('drop', 2)).toThrow(/has resource type `waitable-set`/);
  });

  it('lockdown state is restored: a trapped instance stays locked with its cause, an earlier snapshot unlocks it', async () => {
    const store = new Store();
    const inst = await keeper(store);
    const call = (name: string, ...args: unknown[]) => inst.exports.func(name).call(args);
    expect(call('new', 1)).toBe(1);
    const healthy = snapshot(store);
    expect(() => call('boom')).toThrow(/unreachable/);
    let locked = '';
    try {
      call('rep', 1);
    } catch (err) {
      locked = (err as Error).message;
    }
    expect(locked).toMatch(/^cannot enter component instance: it trapped earlier \(.*unreachable.*\)$/);
    const trapped = snapshot(store);

    restore(store, healthy);
    expect(call('rep', 1)).toBe(1);
    restore(store, trapped);
    expect(() => call('rep', 1)).toThrow(locked);

    // Into a fresh store: the same refusal, the same message.
    const s2 = new Store();
    const other = await keeper(s2);
    restore(s2, trapped);
    expect(() => other.exports.func('rep').call([1])).toThrow(locked);
    restore(s2, healthy);
    expect(other.exports.func('rep').call([1])).toBe(1);
  });

  it('a lockdown caused by a host function keeps the host function and error in its message', async () => {
    const store = new Store();
    const inst = await keeper(store, () => {
      throw new TypeError('boom');
    });
    expect(() => inst.exports.func('call-f').call([])).toThrow(TypeError);
    const msg = 'cannot enter component instance: it trapped earlier (host function f threw: TypeError: boom)';
    expect(() => inst.exports.func('drops').call([])).toThrow(msg);
    const snap = snapshot(store);
    const s2 = new Store();
    const other = await keeper(s2);
    restore(s2, snap);
    expect(() => other.exports.func('drops').call([])).toThrow(msg);
  });

  it('refuses a snapshot while a component call is suspended', async () => {
    const store = new Store();
    let release: (v?: unknown) => void = () => undefined;
    const inst = await keeper(store, () => new Promise((r) => (release = r)));
    const pending = inst.exports.func('call-f').callAsync([]);
    await new Promise((r) => setTimeout(r, 0));
    expect(() => snapshot(store)).toThrow(/component instance 0 is inside a call/);
    release();
    await pending;
    expect(() => snapshot(store)).not.toThrow();
  });
});

describe('snapshot format', () => {
  it('a PWS1 snapshot (before component sections) is refused by a store with components: it says nothing about their state', async () => {
    // (recorded by the PWS2 writer, less its component section: test/vm/snapshot-refs.test.ts restores it)
    const v1 = new Uint8Array(readFileSync('test/vm/snapshot-fixtures/old.pws1'));
    expect(String.fromCharCode(...v1.subarray(0, 4))).toBe('PWS1');
    const s = new Store();
    await keeper(s);
    expect(() => restore(s, v1)).toThrow(/the snapshot has 0 component instances, the store 1/);
  });
});
