// Errors a host writer can act on: every value that does not fit names the export or host function, the
// argument or result, and the path into the value; a trap or a host exception locks the instance down and
// the next entry says why; Linker misuse names the definition.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Component, LinkError, Linker, ResourceHandle, ResourceType, Trap, hostResource, type Exports } from '../../src/index.js';
import { JCO, wat } from './helpers.js';

/** The error `f` throws (fails the test if it returns). */
function thrown(f: () => unknown): Error {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an exception');
}

const HOST = `
(component
  (import "test:guest/host" (instance $host
    (type $entry' (record (field "name" string) (field "items" (list u32))))
    (export "entry" (type $entry (eq $entry')))
    (export "get" (func (result $entry)))
    (export "log" (func (param "msg" string)))
    (export "count" (func (result u32)))
  ))
  (alias export $host "get" (func $get))
  (alias export $host "log" (func $log))
  (alias export $host "count" (func $count))
  (core module $libc
    (memory (export "mem") 1)
    (global $next (mut i32) (i32.const 1024))
    (func (export "realloc") (param i32 i32 i32 i32) (result i32) (local $p i32)
      (local.set $p (i32.and (i32.add (global.get $next) (i32.sub (local.get 2) (i32.const 1)))
                             (i32.sub (i32.const 0) (local.get 2))))
      (global.set $next (i32.add (local.get $p) (local.get 3)))
      (local.get $p)))
  (core instance $libc (instantiate $libc))
  (core func $get-core (canon lower (func $get) (memory $libc "mem") (realloc (func $libc "realloc"))))
  (core func $log-core (canon lower (func $log) (memory $libc "mem")))
  (core func $count-core (canon lower (func $count)))
  (core module $m
    (import "" "get" (func $get (param i32)))
    (import "" "log" (func $log (param i32 i32)))
    (import "" "count" (func $count (result i32)))
    (func (export "call-get") (call $get (i32.const 16)))
    (func (export "call-log") (call $log (i32.const 0) (i32.const 0)))
    (func (export "call-count") (result i32) (call $count))
    (func (export "boom") unreachable)
    (func (export "len") (param i32 i32) (result i32) (local.get 1)))
  (core instance $i (instantiate $m
    (with "" (instance (export "get" (func $get-core)) (export "log" (func $log-core)) (export "count" (func $count-core))))))
  (func (export "call-get") (canon lift (core func $i "call-get")))
  (func (export "call-log") (canon lift (core func $i "call-log")))
  (func (export "call-count") (result u32) (canon lift (core func $i "call-count")))
  (func (export "boom") (canon lift (core func $i "boom")))
  (func (export "len") (param "xs" (list u32)) (result u32)
    (canon lift (core func $i "len") (memory $libc "mem") (realloc (func $libc "realloc"))))
)`;

interface HostImpl {
  get?: () => unknown;
  log?: (msg: string) => void;
  count?: () => unknown;
}

async function hostGuest(impl: HostImpl): Promise<Exports> {
  const linker = new Linker();
  linker
    .instance('test:guest/host')
    .func('get', impl.get ?? (() => ({ name: 'n', items: [] })))
    .func('log', impl.log ?? (() => undefined))
    .func('count', impl.count ?? (() => 0));
  return linker.instantiate(await wat(HOST)).exports;
}

describe('exports called from JS: the export, the argument and the path', () => {
  const flavorful = new Component(readFileSync(join(JCO, 'jco/components/flavorful.component.wasm')));
  const test = new Linker().defineUnknownImportsAsTraps(flavorful).instantiate(flavorful).exports.instance('test:flavorful/test');

  it('a record field', () => {
    const e = thrown(() => test.func('f-list-in-record3').call([{ a: 5 }]));
    expect(e).toBeInstanceOf(TypeError);
    expect(e.message).toBe('export test:flavorful/test#f-list-in-record3, argument 0 (.a): expected a string, got number');
    // The instance was not entered: it is still usable.
    expect(test.func('f-list-in-record3').call([{ a: 'list_in_record3 input' }])).toEqual({ a: 'list_in_record3 output' });
  });

  it('the value itself, a missing field, list elements, typed() and iface#func lookups', () => {
    expect(thrown(() => test.func('f-list-in-record3').call(['x'])).message).toBe(
      'export test:flavorful/test#f-list-in-record3, argument 0: expected a record (an object), got string',
    );
    expect(thrown(() => test.func('f-list-in-record3').call([{}])).message).toBe(
      'export test:flavorful/test#f-list-in-record3, argument 0 (.a): expected a string, got undefined',
    );
    expect(thrown(() => test.func('list-typedefs').call(['a', ['b', 7]])).message).toBe(
      'export test:flavorful/test#list-typedefs, argument 1 ([1]): expected a string, got number',
    );
    const typed = test.func('list-typedefs').typed<[string, string[]], unknown>();
    expect(thrown(() => typed('a', null as unknown as string[])).message).toBe(
      'export test:flavorful/test#list-typedefs, argument 1: expected a list (an array or typed array), got null',
    );
    const root = new Linker().defineUnknownImportsAsTraps(flavorful).instantiate(flavorful).exports;
    expect(thrown(() => root.func('test:flavorful/test#f-list-in-record3').call([{ a: [] }])).message).toBe(
      'export test:flavorful/test#f-list-in-record3, argument 0 (.a): expected a string, got array',
    );
  });

  it('variants, results and enums', () => {
    expect(thrown(() => test.func('f-list-in-variant1').call([undefined, { tag: 'err', val: 5 }])).message).toBe(
      'export test:flavorful/test#f-list-in-variant1, argument 1 (.val): expected a string, got number',
    );
    expect(thrown(() => test.func('list-of-variants').call([[true], [{ tag: 'ok' }, { tag: 'bad' }], []])).message).toBe(
      "export test:flavorful/test#list-of-variants, argument 1 ([1]): expected a result { tag: 'ok' | 'err', val }, got tag \"bad\"",
    );
    expect(thrown(() => test.func('list-of-variants').call([[], [], ['a', 'zz']])).message).toBe(
      "export test:flavorful/test#list-of-variants, argument 2 ([1]): expected one of 'success' | 'a' | 'b', got \"zz\"",
    );
    expect(thrown(() => test.func('list-of-variants').call([[true, 1], [], []])).message).toBe(
      'export test:flavorful/test#list-of-variants, argument 0 ([1]): expected a boolean, got number',
    );
  });

  it('wrong arity and a non-array argument list name the export', () => {
    const e = thrown(() => test.func('f-list-in-record3').call([]));
    expect(e).toBeInstanceOf(TypeError);
    expect(e.message).toBe('export test:flavorful/test#f-list-in-record3: expected 1 argument, got 0');
    expect(thrown(() => test.func('list-typedefs').typed()('a')).message).toBe('export test:flavorful/test#list-typedefs: expected 2 arguments, got 1');
    expect(thrown(() => test.func('errno-result').call('x' as unknown as [])).message).toBe(
      'export test:flavorful/test#errno-result: Func.call expects an array of arguments, got string',
    );
  });

  it('numbers out of range keep RangeError', async () => {
    const ex = await hostGuest({});
    const e = thrown(() => ex.func('len').call([[1, 2, -3]]));
    expect(e).toBeInstanceOf(RangeError);
    expect(e.message).toBe('export len, argument 0 ([2]): expected u32, got -3');
    expect(thrown(() => ex.func('len').call([[1.5]])).message).toBe('export len, argument 0 ([0]): expected u32, got 1.5');
    expect(thrown(() => ex.func('len').call([['1']])).message).toBe('export len, argument 0 ([0]): expected u32 (a number), got string');
    expect(ex.func('len').call([new Uint32Array([1, 2, 3])])).toBe(3);
  });

  it('unknown exports are named with their interface', () => {
    expect(thrown(() => test.func('nope')).message).toBe('no exported function `test:flavorful/test#nope`');
  });
});

describe('host functions: results name the function and the path', () => {
  it('a list element of a record result', async () => {
    const ex = await hostGuest({ get: () => ({ name: 'x', items: [1, 2, -1] }) });
    const e = thrown(() => ex.func('call-get').call());
    expect(e).toBeInstanceOf(RangeError);
    expect(e.message).toBe('host function test:guest/host#get, result (.items[2]): expected u32, got -1');
  });

  it('a field of the wrong type, a scalar result, a Promise outside callAsync', async () => {
    let ex = await hostGuest({ get: () => ({ name: 5, items: [] }) });
    expect(thrown(() => ex.func('call-get').call()).message).toBe('host function test:guest/host#get, result (.name): expected a string, got number');
    ex = await hostGuest({ count: () => '3' });
    expect(thrown(() => ex.func('call-count').call()).message).toBe('host function test:guest/host#count, result: expected u32 (a number), got string');
    ex = await hostGuest({ count: () => Promise.resolve(3) });
    expect(thrown(() => ex.func('call-count').call()).message).toBe(
      'host function test:guest/host#count returned a Promise: call the export with callAsync so the guest can wait for it',
    );
  });

  it('a bad result locks the instance down, and the next entry says why', async () => {
    const ex = await hostGuest({ get: () => ({ name: 'x', items: [1, 2, -1] }) });
    thrown(() => ex.func('call-get').call());
    const e = thrown(() => ex.func('call-count').call());
    expect(e).toBeInstanceOf(Trap);
    expect(e.message).toBe(
      'cannot enter component instance: it trapped earlier (host function test:guest/host#get, result (.items[2]): expected u32, got -1)',
    );
  });
});

describe('lockdown after a trap or a host exception (Component Model invariant: a trap locks the instance down)', () => {
  it('a host exception propagates unchanged; the next entry names the host function and the error', async () => {
    const boom = new Error('boom');
    const ex = await hostGuest({
      log: () => {
        throw boom;
      },
    });
    expect(thrown(() => ex.func('call-log').call())).toBe(boom);
    const e = thrown(() => ex.func('call-count').call());
    expect(e).toBeInstanceOf(Trap);
    expect(e.message).toBe('cannot enter component instance: it trapped earlier (host function test:guest/host#log threw: Error: boom)');
    // It stays locked down, with the first cause.
    expect(thrown(() => ex.func('call-log').call()).message).toBe(e.message);
  });

  it('a guest trap', async () => {
    const ex = await hostGuest({});
    expect(thrown(() => ex.func('boom').call()).message).toBe('unreachable');
    expect(thrown(() => ex.func('call-count').call()).message).toBe('cannot enter component instance: it trapped earlier (unreachable)');
  });

  it('calling back into the running instance is refused, with the reason', async () => {
    let ex: Exports | undefined;
    let inner: Error | undefined;
    ex = await hostGuest({
      count: () => {
        inner = thrown(() => ex!.func('len').call([[]]));
        return 1;
      },
    });
    expect(ex.func('call-count').call()).toBe(1);
    expect(inner).toBeInstanceOf(Trap);
    expect(inner!.message).toBe('cannot enter component instance: it is already running (a host function it called may not call back into it)');
  });

  it('bad arguments do not lock the instance down', async () => {
    const ex = await hostGuest({ count: () => 7 });
    thrown(() => ex.func('len').call([[-1]]));
    thrown(() => ex.func('len').call([]));
    expect(ex.func('call-count').call()).toBe(7);
  });
});

describe('resources', () => {
  const guest = new Component(readFileSync(join(JCO, 'transpile/runtime/example_guest_import.wasm')));
  function front(scalars: ResourceType): Exports {
    const linker = new Linker();
    linker
      .instance('example2:component/backend@0.1.0')
      .resource('scalars', scalars)
      .func('[method]scalars.get-b', (self: ResourceHandle) => (self.rep as { b: number }).b)
      .func('fetch', (x: ResourceHandle) => hostResource(scalars, { b: (x.rep as { b: number }).b * 10 }));
    return linker.instantiate(guest).exports.instance('example2:component/front@0.1.0');
  }

  it('ResourceType.host makes a host resource type', () => {
    const dtor = (): void => undefined;
    const t = ResourceType.host('scalars', dtor);
    expect(t.state).toBe('host');
    expect(t.name).toBe('scalars');
    expect(t.destructor).toBe(dtor);
    expect(ResourceType.host('r').destructor).toBeUndefined();
  });

  it('a moved handle and a handle of another resource type are named with the argument', () => {
    const scalars = ResourceType.host('scalars');
    const handle = front(scalars).func<[ResourceHandle], number>('handle');
    const x = hostResource(scalars, { b: 4 });
    expect(handle.call([x])).toBe(44);
    const moved = thrown(() => handle.call([x]));
    expect(moved).toBeInstanceOf(Trap);
    expect(moved.message).toBe('export example2:component/front@0.1.0#handle, argument 0: cannot move a resource handle that was moved');
    const other = hostResource(ResourceType.host('other'), {});
    const wrong = thrown(() => handle.call([other]));
    expect(wrong).toBeInstanceOf(TypeError);
    expect(wrong.message).toBe('export example2:component/front@0.1.0#handle, argument 0: expected a handle of resource `scalars`, got one of `other`');
    expect(other.alive).toBe(true);
    // Neither locked the instance down.
    expect(handle.call([hostResource(scalars, { b: 1 })])).toBe(11);
  });
});

describe('Linker misuse names the definition', () => {
  it('a missing host function', async () => {
    const linker = new Linker();
    linker.instance('test:guest/host').func('get', () => undefined).func('count', () => 0);
    const c = await wat(HOST);
    const missing = thrown(() => linker.instantiate(c));
    expect(missing).toBeInstanceOf(LinkError);
    expect(missing.message).toBe('missing import `test:guest/host#log`: no definition was found in the linker');
  });

  it('something that is not a function, or not a host resource type', () => {
    const li = new Linker().instance('test:guest/host');
    expect(thrown(() => li.func('log', undefined as never)).message).toBe('Linker.func(`log`): expected a host function, got undefined');
    expect(thrown(() => li.func('log', { kind: 'func', params: [], result: undefined, async: false }, 'x' as never)).message).toBe(
      'Linker.func(`log`): expected a host function after the type, got string',
    );
    expect(thrown(() => li.resource('r', new ResourceType('abstract', 'r'))).message).toBe(
      'Linker.resource(`r`): expected a host resource type (ResourceType.host(name, destructor)), got the abstract resource `r`',
    );
    expect(thrown(() => hostResource(new ResourceType('instantiated', 'x'), 1)).message).toBe(
      'hostResource: `x` is not a host resource type (make one with ResourceType.host)',
    );
  });

  it('a typed host function of the wrong arity', async () => {
    const linker = new Linker();
    linker
      .instance('test:guest/host')
      .func('get', () => undefined)
      .func('count', () => 0)
      .func('log', { kind: 'func', params: [], result: undefined, async: false }, () => undefined);
    const c = await wat(HOST);
    const e = thrown(() => linker.instantiate(c));
    expect(e).toBeInstanceOf(LinkError);
    expect(e.message).toBe('import `test:guest/host#log` has the wrong type: expected 1 parameters, found 0');
  });
});
