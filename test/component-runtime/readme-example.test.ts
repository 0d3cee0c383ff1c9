// The README's end-to-end Component Model example (docs/readme-component-example.md), run verbatim.
// Only two lines differ from the README: the import path (here the source tree instead of 'purewasm')
// and `jco` (here the shared dir from PUREWASM_SHARED, default ../shared, relative to the project root).
// The example prints its results; console.log is captured and compared with what the README shows.
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
// README: import { readFileSync } from 'node:fs';
//         import { Component, Linker, ResourceType, hostResource, type ResourceHandle } from 'purewasm';
import { readFileSync } from 'node:fs';
import { Component, Linker, ResourceType, hostResource, type ResourceHandle } from '../../src/component/runtime/index.js';

const root = join(__dirname, '../..');

describe('README component example', () => {
  afterEach(() => vi.restoreAllMocks());

  it('runs end to end and prints what the README shows', () => {
    const printed: unknown[][] = [];
    vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void printed.push(args));

    // ---- README code (after the imports) --------------------------------------------------------
    // README: const jco = '../shared/fixtures/components/jco';
    const jco = resolve(root, process.env.PUREWASM_SHARED ?? '../shared', 'fixtures/components/jco');

    // 1. A host interface with a resource and a function. The guest imports
    //      interface example2:component/backend@0.1.0 {
    //        resource scalars { get-b: func() -> u32; }
    //        fetch: func(x: borrow<scalars>) -> scalars;
    //      }
    //    and exports example2:component/front@0.1.0 { handle: func(x: scalars) -> u32; }
    //    which returns x.get-b() + fetch(x).get-b().
    const guest = new Component(readFileSync(`${jco}/transpile/runtime/example_guest_import.wasm`));

    type Scalars = { b: number }; // the host's representation of a `scalars`
    const dropped: number[] = [];
    const scalars = new ResourceType('host', 'scalars', (rep) => dropped.push((rep as Scalars).b)); // destructor

    const linker = new Linker();
    linker
      .instance('example2:component/backend@0.1.0')
      .resource('scalars', scalars)
      .func('[method]scalars.get-b', (self: ResourceHandle) => (self.rep as Scalars).b)
      .func('fetch', (x: ResourceHandle) => hostResource(scalars, { b: (x.rep as Scalars).b * 10 }));

    const front = linker.instantiate(guest).exports.instance('example2:component/front@0.1.0');
    const handle = front.func('handle').typed<[ResourceHandle], number>();

    const x = hostResource(scalars, { b: 4 }); // an owned handle to a host object
    console.log(handle(x)); // 44 = 4 + 40
    console.log(dropped); // [ 40, 4 ]: the guest dropped both handles, so the host destructor ran
    console.log(x.alive); // false: passing an owned handle moved it into the guest

    // 2. Records, lists, options and results. The guest exports
    //      interface test:flavorful/test {
    //        record list-in-record3 { a: string }
    //        f-list-in-record3: func(a: list-in-record3) -> list-in-record3;
    //        list-typedefs: func(a: string, c: list<string>) -> tuple<list<u8>, list<string>>;
    //        f-list-in-variant3: func(a: option<string>) -> option<string>;
    //        enum my-errno { success, a, b }
    //        errno-result: func() -> result<_, my-errno>;
    //        ...
    //      }
    const flavorful = new Component(readFileSync(`${jco}/jco/components/flavorful.component.wasm`));
    const test = new Linker()
      .defineUnknownImportsAsTraps(flavorful) // its imports (WASI, test:flavorful/test) are not called here
      .instantiate(flavorful)
      .exports.instance('test:flavorful/test');

    console.log(test.func('f-list-in-record3').call([{ a: 'list_in_record3 input' }]));
    // { a: 'list_in_record3 output' }

    const [bytes, strings] = test.func('list-typedefs').call(['typedef1', ['typedef2']]) as [Uint8Array, string[]];
    console.log(bytes.constructor.name, new TextDecoder().decode(bytes), strings);
    // Uint8Array typedef3 [ 'typedef4' ]

    console.log(test.func('f-list-in-variant3').call(['input3'])); // output3
    console.log(test.func('errno-result').call([])); // { tag: 'err', val: 'b' }
    // ---- end of README code --------------------------------------------------------------------

    expect(printed).toHaveLength(7);
    expect(printed[0]).toEqual([44]);
    expect(printed[1]).toEqual([[40, 4]]);
    expect(printed[2]).toEqual([false]);
    expect(printed[3]).toEqual([{ a: 'list_in_record3 output' }]);
    expect(printed[4]).toEqual(['Uint8Array', 'typedef3', ['typedef4']]);
    expect(printed[5]).toEqual(['output3']);
    expect(printed[6]).toEqual([{ tag: 'err', val: 'b' }]);
  });
});
