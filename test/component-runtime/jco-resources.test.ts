import { describe, expect, it } from 'vitest';
import { ResourceHandle, ResourceType, hostResource } from '../../src/component/runtime/index.js';
import { linkerWith } from './runner.js';
import { loadComponent } from './helpers.js';

describe('jco runtime fixtures: resources', () => {
  it('resources: exported and imported resources, own/borrow, destructors', () => {
    const c = loadComponent('transpile/runtime/resources.component.wasm');
    let hostDrops = 0;
    let lent: ResourceHandle | undefined;
    const Y = new ResourceType('host', 'y', () => void hostDrops++);
    const linker = linkerWith(c, {
      'imports#[constructor]y': (a: number) => hostResource(Y, { a }),
      'imports#[method]y.get-a': (self: ResourceHandle) => {
        lent = self;
        expect(self.own).toBe(false);
        return (self.rep as { a: number }).a;
      },
      'imports#[method]y.set-a': (self: ResourceHandle, a: number) => void ((self.rep as { a: number }).a = a),
      'imports#[static]y.add': (y: ResourceHandle, a: number) => {
        const v = (y.rep as { a: number }).a + a;
        y.drop();
        return { a: v }; // a raw host value stands for an own handle of a host resource
      },
    });
    linker.instance('imports').resource('y', Y);
    const inst = linker.instantiate(c);
    const ex = inst.exports.instance('exports');
    expect(ex.func('test-imports').call([])).toEqual({ tag: 'ok' });
    expect(hostDrops).toBeGreaterThan(0);
    // a borrow handed to the host is only valid during that host call
    expect(lent!.alive).toBe(false);
    expect(() => lent!.rep).toThrow(/expired/);
    expect(inst.handleCount).toBe(0);

    const x1 = ex.func('[constructor]x').call([5]) as ResourceHandle;
    expect(x1).toBeInstanceOf(ResourceHandle);
    expect(x1.type).toBe(ex.resource('x'));
    expect(ex.func('[method]x.get-a').call([x1])).toBe(5);
    expect(ex.func('[method]x.set-a').call([x1, 10])).toBeUndefined();
    expect(ex.func('[method]x.get-a').call([x1])).toBe(10);
    const z1 = ex.func('[constructor]z').call([10]) as ResourceHandle;
    expect(ex.func('[method]z.get-a').call([z1])).toBe(10);
    const z2 = ex.func('[constructor]z').call([20]) as ResourceHandle;
    expect(ex.func('[method]z.get-a').call([z2])).toBe(20);
    const x2 = ex.func('[static]x.add').call([x1, 5]) as ResourceHandle;
    expect(x1.alive).toBe(false); // moved into the guest
    expect(() => ex.func('[method]x.get-a').call([x1])).toThrow(/moved/);
    expect(ex.func('[method]x.get-a').call([x2])).toBe(15);
    const z3 = ex.func('add').call([z1, z2]) as ResourceHandle;
    expect(ex.func('[method]z.get-a').call([z3])).toBe(30);
    const d0 = ex.func('[static]z.num-dropped').call([]) as number;
    z1.drop();
    (z2 as unknown as Record<symbol, () => void>)[(Symbol as unknown as { dispose?: symbol }).dispose ?? Symbol.for('Symbol.dispose')]();
    z2.drop(); // second drop is a no-op: destructors run exactly once
    expect(ex.func('consume').call([x2])).toBeUndefined();
    expect(ex.func('[static]z.num-dropped').call([])).toBe(d0 + 2);
    // kebab-case: a resource passed back by value
    const k = ex.func('[constructor]kebab-case').call([7]) as ResourceHandle;
    expect(ex.func('[method]kebab-case.get-a').call([k])).toBe(7);
    expect(ex.func('[static]kebab-case.take-owned').call([k])).toBe(7);
    expect(() => ex.func('[static]kebab-case.take-owned').call([k])).toThrow();
  });

  it('resource-import-and-export: exported resource wraps the imported one', () => {
    const c = loadComponent('transpile/runtime/resource-import-and-export.component.wasm');
    const THING = new ResourceType('host', 'thing');
    const T = 'test:resource-import-and-export/test';
    const mk = (v: number) => hostResource(THING, { v });
    const linker = linkerWith(c, {
      [`${T}#[constructor]thing`]: (v: number) => mk(v + 1),
      [`${T}#[method]thing.foo`]: (self: ResourceHandle) => (self.rep as { v: number }).v + 2,
      [`${T}#[method]thing.bar`]: (self: ResourceHandle, v: number) => void ((self.rep as { v: number }).v = v + 3),
      [`${T}#[static]thing.baz`]: (a: ResourceHandle, b: ResourceHandle) =>
        mk((a.rep as { v: number }).v + 2 + (b.rep as { v: number }).v + 2 + 4 + 1), // new thing(x) stores x + 1
      'toplevel-import': (a: unknown) => a,
    }, { [`${T}#thing`]: THING });
    const inst = linker.instantiate(c);
    const ex = inst.exports.instance(T);
    const t1 = ex.func('[constructor]thing').call([42]);
    expect(ex.func('[method]thing.foo').call([t1])).toBe(48);
    expect(ex.func('[method]thing.bar').call([t1, 33])).toBeUndefined();
    expect(ex.func('[method]thing.foo').call([t1])).toBe(43);
    const t2 = ex.func('[constructor]thing').call([81]);
    const t3 = ex.func('[static]thing.baz').call([t1, t2]);
    expect(ex.func('[method]thing.foo').call([t3])).toBe(143);
  });
});
