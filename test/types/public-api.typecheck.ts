// Type-level tests of the public API: compiled by `tsc -p tsconfig.node.json` (strict), never run. Every
// `@ts-expect-error` line must fail to type-check; everything else must type-check without a cast.
import {
  Component,
  Exports,
  Func,
  Global,
  Instance,
  Linker,
  Memory,
  Module,
  ResourceHandle,
  ResourceType,
  Table,
  TagInst,
  hostResource,
  type ComponentInstance,
  type ExportValue,
  type HostFunction,
  type ImportValue,
  type Imports,
  type TypedFunc,
} from '../../src/index.js';
import { printWit } from '../../src/wit/index.js';

declare const bytes: Uint8Array;
declare function use(...values: unknown[]): void;

export function coreInstances(): void {
  const module = new Module(bytes);

  // The README's example, as written: exports are callable without a cast.
  const instance = new Instance(module, { env: { log: (x: number) => console.log(x) } }, { maxCallDepth: 10_000 });
  instance.exports.run(10);
  const n: number = instance.exports.run(10);
  use(n, instance.exports.memory.buffer);

  // A stated shape is checked.
  const typed = new Instance<{ run(n: number): number; fib(n: bigint): bigint; memory: Memory; table: Table; g: Global }>(module, {});
  const r: number = typed.exports.run(1);
  const b: bigint = typed.exports.fib(30n);
  const buf: ArrayBuffer = typed.exports.memory.buffer;
  use(r, b, buf, typed.exports.table.length, typed.exports.g.value);
  // @ts-expect-error run takes a number
  typed.exports.run('x');
  // @ts-expect-error run returns a number
  const s: string = typed.exports.run(1);
  // @ts-expect-error no such export in the stated shape
  typed.exports.nope();
  // @ts-expect-error exports are read-only
  typed.exports.run = () => 0;
  use(s);

  // An interface works as a shape too (no index signature needed).
  interface Fib {
    fib(n: number): number;
    memory: Memory;
  }
  const viaInterface = new Instance<Fib>(module);
  use(viaInterface.exports.fib(3));

  // @ts-expect-error an export can only be a function, Memory, Table, Global or TagInst
  new Instance<{ name: string }>(module);
}

export function importObjects(tag: TagInst, exported: Instance): void {
  const imports: Imports = {
    env: {
      log: (x: number) => console.log(x),
      add: (a: bigint, b: bigint) => a + b,
      pair: () => [1, 2],
      memory: new Memory({ initial: 1, maximum: 2 }),
      table: new Table({ element: 'anyfunc', initial: 1 }),
      g: new Global({ value: 'i64', mutable: true }, 5n),
      limit: 10,
      big: 10n,
      tag,
      reexported: exported.exports.run,
    },
  };
  new Instance(new Module(bytes), imports);
  const v: ImportValue = 1;
  const f: HostFunction = (a: number) => a;
  const e: ExportValue = new Memory({ initial: 1 });
  use(v, f, e);

  // @ts-expect-error a string is not an import value
  new Instance(new Module(bytes), { env: { name: 'x' } });
  // @ts-expect-error modules map to objects of imports
  new Instance(new Module(bytes), { env: 1 });
  // @ts-expect-error not a value type of the JS API
  new Global({ value: 'i8' }, 0);
  // @ts-expect-error table elements are references
  new Table({ element: 'i32', initial: 1 });
}

export function components(component: Component, instance: ComponentInstance): void {
  const ex: Exports = instance.exports;

  // Dynamic calls: arrays of JS values in, a JS value out.
  const anyResult: unknown = ex.func('f').call(['x']);
  ex.func('nothing').call();
  use(anyResult);

  // Stated JS types: checked at compile time.
  const greet = ex.func<[string], string>('greet');
  const greeting: string = greet.call(['world']);
  // @ts-expect-error greet takes one string
  greet.call([1]);
  // @ts-expect-error the argument array is required when there are arguments
  greet.call();
  const fn: TypedFunc<[string], string> = greet.typed();
  const g2: string = fn('world');
  const add = ex.instance('ns:pkg/iface').func('add').typed<[number, number], number>();
  const sum: number = add(1, 2);
  // @ts-expect-error two numbers
  add(1);
  use(greeting, g2, sum);

  // Host functions take and return JS values; resources are ResourceHandles.
  type Scalars = { b: number };
  const scalars = ResourceType.host('scalars', (rep) => use((rep as Scalars).b));
  const linker = new Linker();
  linker
    .instance('example2:component/backend@0.1.0')
    .resource('scalars', scalars)
    .func('[method]scalars.get-b', (self: ResourceHandle) => (self.rep as Scalars).b)
    .func('fetch', (x: ResourceHandle) => hostResource(scalars, { b: (x.rep as Scalars).b * 10 }));
  linker.define('other', instance).define('iface', ex.instance('ns:pkg/iface')).define('f', ex.func('f'));
  const inst2: ComponentInstance = linker.instantiate(component);
  use(inst2.handleCount, printWit(component));

  // Internal members are stripped from the published declarations (test/types/declarations.test.ts).
  // @ts-expect-error Funcs, Exports and ComponentInstances are made by the runtime
  new Func();
  // @ts-expect-error
  new Exports();
}
