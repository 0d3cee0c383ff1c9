import { describe, expect, it } from 'vitest';
import { ResourceHandle, ResourceType, hostResource } from '../../src/component/runtime/index.js';
import { linkerWith, runEntry } from './runner.js';
import { expectationsFor, loadComponent } from './helpers.js';

describe('jco fixtures: more components', () => {
  it('many-arguments: 16 u64 params (MAX_FLAT_PARAMS) both ways', () => {
    let got: unknown[] = [];
    const { calls } = runEntry('transpile/runtime/many-arguments.component.wasm', {
      'imports#many-arguments': (...a: bigint[]) => void (got = a),
    });
    expect(calls).toBe(1);
    expect(got).toEqual(Array.from({ length: 16 }, (_, i) => BigInt(i + 1)));
  });

  for (const file of ['transpile/runtime/resource-borrow-simple.component.wasm', 'jco/components/resource_borrow_simple.component.wasm']) {
    it(`${file}: guest builds a host resource and lends it`, () => {
      const R = new ResourceType('host', 'r');
      const made: object[] = [];
      const seen: unknown[] = [];
      const c = loadComponent(file);
      const linker = linkerWith(c, {
        '[constructor]r': () => {
          const o = { n: made.length };
          made.push(o);
          return hostResource(R, o);
        },
        test: (b: ResourceHandle) => {
          expect(b.own).toBe(false);
          seen.push(b.rep);
        },
      });
      linker.resource('r', R);
      const inst = linker.instantiate(c);
      expect(inst.exports.func('test-imports').call([])).toBeUndefined();
      expect(made.length).toBe(1);
      expect(seen).toEqual([made[0]]);
      expect(seen[0]).toBe(made[0]);
    });
  }

  it('async_call: exports forwarding to string-returning imports (sync host)', () => {
    const { calls } = runEntry('jco/components/async_call.component.wasm', {
      'something:test/test-interface#call-sync': () => 'called sync',
      'something:test/test-interface#call-async': () => 'called async',
    });
    expect(calls).toBe(2);
  });

  for (const file of ['jco/components/simple-nested.component.wasm', 'jco/components/simple-nested-optimized.component.wasm']) {
    it(`${file}: import forwarded through a nested component`, () => {
      const { calls } = runEntry(file, { 'calvinrp:test-async-funcs/hello@0.1.0#hello-world': () => 'Hello from Async Function!' });
      expect(calls).toBe(1);
    });
  }

  it('list-adapter-fusion: typed lists through lower + lift with memory/realloc', () => {
    const impls: Record<string, (a: unknown) => unknown> = {};
    for (const t of ['u8', 's8', 'u16', 's16', 'u32', 's32', 'u64', 's64', 'float32', 'float64']) impls[`test#list-${t}`] = (a) => a;
    const { calls } = runEntry('transpile/runtime/list-adapter-fusion.wasm', impls, 'transpile/runtime/list-adapter-fusion.wat');
    expect(calls).toBe(expectationsFor('transpile/runtime/list-adapter-fusion.wat').steps.length);
  });

  for (const file of ['transpile/runtime/resources.2.component.wasm', 'transpile/runtime/resources.3.component.wasm']) {
    it(`${file}: instantiates`, () => {
      const c = loadComponent(file);
      const inst = linkerWith(c, {}).instantiate(c);
      expect(inst.exports.names().length).toBeGreaterThan(0);
    });
  }

  it('example_guest_export: exported resource with constructor/static/method and a borrow param', () => {
    const c = loadComponent('transpile/runtime/example_guest_export.wasm');
    const inst = linkerWith(c, {}).instantiate(c);
    const B = 'example:component/backend@0.1.0#';
    const s = inst.exports.func(`${B}[constructor]scalars`).call([]) as ResourceHandle;
    expect(s).toBeInstanceOf(ResourceHandle);
    expect(inst.exports.func(`${B}[static]scalars.get-a`).call([])).toBe(5);
    expect(inst.exports.func(`${B}[method]scalars.get-b`).call([s])).toBe(2);
    expect(inst.exports.func(`${B}scalar-arg`).call([s])).toBe(7);
    s.drop();
  });

  it('example_guest_import: host resource passed in as own, fetched through a borrow', () => {
    const c = loadComponent('transpile/runtime/example_guest_import.wasm');
    const S = new ResourceType('host', 'scalars');
    let next = 0;
    const fetched: unknown[] = [];
    const mk = () => hostResource(S, { n: next++ });
    const B = 'example2:component/backend@0.1.0';
    const linker = linkerWith(c, {
      [`${B}#[method]scalars.get-b`]: (self: ResourceHandle) => (self.rep as { n: number }).n,
      [`${B}#fetch`]: (x: ResourceHandle) => {
        fetched.push(x.rep);
        return mk();
      },
    });
    linker.instance(B).resource('scalars', S);
    const inst = linker.instantiate(c);
    const handle = inst.exports.func('example2:component/front@0.1.0#handle');
    const x = mk();
    const y = mk();
    const xr = x.rep;
    const yr = y.rep;
    expect(handle.call([x])).toBe(2); // 0 + fetch → #2
    expect(handle.call([y])).toBe(4); // 1 + #3
    expect(fetched).toEqual([xr, yr]);
    expect(fetched[0]).toBe(xr);
    expect(() => handle.call([x])).toThrow(/moved/); // strict: the own handle moved into the guest
  });

  it('env-allow.composed: environment virtualized inside the composition', () => {
    const { calls } = runEntry('jco/components/env-allow.composed.wasm', {});
    expect(calls).toBe(2);
  });
});
