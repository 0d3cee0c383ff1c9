// The purewasm side: decode + plan each fixture once (Component), link the strings component's host
// imports (and trapping stubs for its unused WASI imports, as expectations.json allows), instantiate,
// and call the exports through `Func.typed()`. `js`: the instance's store has the JS tier's code
// generator (`purewasm/jit`, opt-in), else its core code is interpreted (the default). The runtime is imported dynamically so a missing or broken
// component layer is reported per case instead of failing the whole benchmark.
import { readFileSync } from 'node:fs';
import { ADD_EXPORT, ADDER, HOST_IFACE, ROUNDTRIP_EXPORT, STRINGS, TEST_IMPORTS_EXPORT, fixturePath, stringsHost, type AdderApi, type StringsApi } from './fixtures.js';

type Runtime = typeof import('../../src/component/runtime/index.js');
type Store = import('../../src/vm/api.js').Store;

let runtime: Promise<Runtime> | undefined;
function loadRuntime(): Promise<Runtime> {
  runtime ??= import('../../src/component/runtime/index.js');
  return runtime;
}

/** The store options of an instance: the JS tier's generator for `js`. */
async function storeFor(js: boolean): Promise<{ store?: Store }> {
  if (!js) return {};
  const [{ Store }, { jit }] = await Promise.all([import('../../src/vm/api.js'), import('../../src/jit/index.js')]);
  return { store: new Store({ compiler: jit }) };
}

export async function purewasmAdder(js = false): Promise<AdderApi> {
  const { Component, Linker } = await loadRuntime();
  const component = Component.decode(readFileSync(fixturePath(ADDER)));
  const inst = new Linker().instantiate(component, await storeFor(js));
  const add = inst.exports.func(ADD_EXPORT).typed<[number, number], number>();
  return { add };
}

export async function purewasmStrings(js = false): Promise<StringsApi> {
  const { Component, Linker } = await loadRuntime();
  const component = Component.decode(readFileSync(fixturePath(STRINGS)));
  const linker = new Linker();
  linker.instance(HOST_IFACE)
    .func('take-basic', (s: unknown) => stringsHost.takeBasic(s))
    .func('return-unicode', () => stringsHost.returnUnicode());
  linker.defineUnknownImportsAsTraps(component);
  const inst = linker.instantiate(component, await storeFor(js));
  const roundtrip = inst.exports.func(ROUNDTRIP_EXPORT).typed<[string], string>();
  const testImports = inst.exports.func(TEST_IMPORTS_EXPORT).typed<[], void>();
  return { roundtrip, testImports };
}
