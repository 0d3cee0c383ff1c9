// Resource-type identity at link time: a resource bound by one import (`(sub resource)`) and required again
// by a later one (`(eq $r)`, or a function type mentioning it) must be supplied as the same run-time type.
import { describe, expect, it } from 'vitest';
import { LinkError, Linker, ResourceHandle, ResourceType, hostResource, types } from '../../src/index.js';
import { wat } from './helpers.js';

// "a" binds $r; "b" requires the same $r and takes/returns handles of it; the export passes them through
// the guest (lower b#echo, lift echo) so a working link is exercised end to end.
const TWO_IMPORTS = `
(component
  (import "a" (instance $a (export "r" (type (sub resource)))))
  (alias export $a "r" (type $r))
  (import "b" (instance $b
    (alias outer 1 $r (type $r))
    (export "r" (type (eq $r)))
    (export "echo" (func (param "x" (own $r)) (result (own $r))))))
  (alias export $b "echo" (func $echo))
  (core func $echo-core (canon lower (func $echo)))
  (core module $m
    (import "" "echo" (func $echo (param i32) (result i32)))
    (func (export "run") (param i32) (result i32) (call $echo (local.get 0))))
  (core instance $i (instantiate $m (with "" (instance (export "echo" (func $echo-core))))))
  (func (export "run") (param "x" (own $r)) (result (own $r)) (canon lift (core func $i "run")))
)`;

// Only "b#echo" mentions $r; "b" has no resource export of its own.
const FUNC_ONLY = `
(component
  (import "a" (instance $a (export "r" (type (sub resource)))))
  (alias export $a "r" (type $r))
  (import "b" (instance $b
    (alias outer 1 $r (type $r))
    (export "echo" (func (param "x" (own $r)) (result (own $r))))))
)`;

describe('Linker: resource-type identity across imports', () => {
  it('refuses two different host resource types where the component requires one', async () => {
    const c = await wat(TWO_IMPORTS);
    const linker = new Linker();
    linker.instance('a').resource('r', new ResourceType('host', 'r1'));
    linker.instance('b').resource('r', new ResourceType('host', 'r2')).func('echo', (x: unknown) => x);
    let err: unknown;
    try {
      linker.instantiate(c);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(LinkError);
    expect((err as Error).message).toContain('`b#r`');
    expect((err as Error).message).toContain('mismatched resource types');
  });

  it('links and runs when both imports supply the same host resource type', async () => {
    const c = await wat(TWO_IMPORTS);
    const R = new ResourceType('host', 'r');
    const seen: unknown[] = [];
    const linker = new Linker();
    linker.instance('a').resource('r', R);
    linker.instance('b').resource('r', R).func('echo', (x: ResourceHandle) => {
      seen.push(x.rep);
      return hostResource(R, (x.rep as number) + 1);
    });
    const out = linker.instantiate(c).exports.func('run').call([hostResource(R, 41)]) as ResourceHandle;
    expect(seen).toEqual([41]);
    expect(out).toBeInstanceOf(ResourceHandle);
    expect(out.type).toBe(R);
    expect(out.rep).toBe(42);
  });

  it('refuses a typed host function whose handle type is another resource than the bound one', async () => {
    const c = await wat(FUNC_ONLY);
    const R1 = new ResourceType('host', 'r1');
    const R2 = new ResourceType('host', 'r2');
    const echo = (r: ResourceType) => types.funcType([{ name: 'x', type: types.own(r) }], types.own(r));
    const bad = new Linker();
    bad.instance('a').resource('r', R1);
    bad.instance('b').func('echo', echo(R2), (x: unknown) => x);
    expect(() => bad.instantiate(c)).toThrow(LinkError);
    expect(() => bad.instantiate(c)).toThrow(/import `b#echo`.*mismatched resource types/);

    const good = new Linker();
    good.instance('a').resource('r', R1);
    good.instance('b').func('echo', echo(R1), (x: unknown) => x);
    expect(() => good.instantiate(c)).not.toThrow();
  });

  it('refuses two different instances of a component whose resource types are fresh per instance', async () => {
    const def = await wat('(component (type $r (resource (rep i32))) (export "r" (type $r)))');
    const user = await wat(`
      (component
        (import "i1" (instance $i1 (export "r" (type (sub resource)))))
        (alias export $i1 "r" (type $r))
        (import "i2" (instance $i2 (export "r" (type (eq $r))))))`);
    const linker = new Linker();
    const first = linker.instantiate(def);
    linker.define('i1', first);
    linker.define('i2', linker.instantiate(def));
    expect(() => linker.instantiate(user)).toThrow(/import `i2#r`: mismatched resource types/);
    linker.define('i2', first);
    expect(() => linker.instantiate(user)).not.toThrow();
  });

  it('defineUnknownImportsAsTraps gives a resource required twice one stub (or the one already defined)', async () => {
    const c = await wat(TWO_IMPORTS);
    const stubbed = new Linker().defineUnknownImportsAsTraps(c).instantiate(c);
    expect(stubbed.exports.func('run').type.params[0].type.kind).toBe('own');

    const R = new ResourceType('host', 'r');
    const linker = new Linker();
    linker.instance('a').resource('r', R);
    linker.defineUnknownImportsAsTraps(c);
    const run = linker.instantiate(c).exports.func('run');
    expect(() => run.call([hostResource(R, 1)])).toThrow(/unimplemented import `echo` was called/);
  });
});
