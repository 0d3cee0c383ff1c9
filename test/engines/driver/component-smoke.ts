// Engine side: real components built by jco's toolchain, linked with the host functions their jco tests
// provide (as test/component-runtime/jco-*.test.ts do), called with the steps and expected values of
// fixtures/components/jco/expectations.json. Imports not given here (WASI) get stubs returning defaults.
import type { Component, LinkerInstance } from '../../../src/index.js';
import type { ValueType } from '../../../src/component/value-types.js';
import type { ExternType } from '../../../src/component/types.js';
import { toLowerCamelCase } from '../../../src/abi/index.js';
import { fromJson, toJson } from '../../component-runtime/json-values.js';
import type { ComponentSmoke } from '../data-format.js';
import { type Api, api, componentPacks } from './api.js';
import { type Tally, describe } from './tally.js';

type HostFn = (...args: any[]) => unknown;
const echo = (...a: unknown[]): unknown => (a.length === 1 ? a[0] : a);

/** Throws (so the guest call traps and the step fails) when a host import sees an unexpected argument. */
function expectJson(got: unknown, want: unknown, what: string): void {
  const show = (v: unknown): string => JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? `${x}n` : x));
  if (show(got) !== show(want)) throw new Error(`${what}: host got ${show(got)}, expected ${show(want)}`);
}

interface Host {
  readonly impls: Record<string, HostFn>;
  /** Checked after the steps: what the host saw. */
  readonly after?: () => string | undefined;
}

/** Host functions per fixture, from the jco tests the fixtures come from. */
function hostFor(file: string): Host {
  switch (file) {
    case 'transpile/runtime/smoke.component.wasm': {
      let called = 0;
      return {
        impls: { 'test:smoke/imports#thunk': () => void called++ },
        after: () => (called === 1 ? undefined : `host thunk called ${called} times, expected once`),
      };
    }
    case 'transpile/runtime/numbers.component.wasm': {
      let scalar = 0;
      const impls: Record<string, HostFn> = {
        'test:numbers/test#set-scalar': (v: number) => void (scalar = v),
        'test:numbers/test#get-scalar': () => scalar,
      };
      for (const t of ['u8', 's8', 'u16', 's16', 'u32', 's32', 'u64', 's64', 'f32', 'f64', 'char']) impls[`test:numbers/test#roundtrip-${t}`] = echo;
      return { impls };
    }
    case 'transpile/runtime/strings.component.wasm': {
      const seen: string[] = [];
      return {
        impls: {
          'test:strings/imports#take-basic': (s: string) => {
            seen.push(s);
            expectJson(s, 'latin utf16', 'take-basic');
          },
          'test:strings/imports#return-unicode': () => '🚀🚀🚀 𠈄𓀀',
        },
        after: () => (seen.length === 1 ? undefined : `take-basic called ${seen.length} times, expected once`),
      };
    }
    case 'transpile/runtime/records.component.wasm':
      return {
        impls: {
          'test:records/test#multiple-results': () => [4, 5],
          'test:records/test#swap-tuple': ([a, b]: [number, number]) => [b, a],
          'test:records/test#roundtrip-flags1': echo,
          'test:records/test#roundtrip-flags2': echo,
          'test:records/test#roundtrip-flags3': echo,
          'test:records/test#roundtrip-record1': echo,
          'test:records/test#tuple1': echo,
        },
      };
    case 'transpile/runtime/variants.component.wasm':
      return {
        impls: {
          'test:variants/test#roundtrip-option': echo,
          'test:variants/test#roundtrip-result': (r: { tag: string; val: number }) => (r.tag === 'ok' ? r : { tag: 'err', val: Math.round(r.val) }),
          'test:variants/test#roundtrip-enum': echo,
          'test:variants/test#invert-bool': (b: boolean) => !b,
          'test:variants/test#variant-casts': echo,
          'test:variants/test#variant-zeros': echo,
          'test:variants/test#variant-typedefs': () => undefined,
          'test:variants/test#variant-enums': (a: boolean, b: { tag: string }, c: string) => {
            expectJson([a, b, c], [true, { tag: 'ok' }, 'success'], 'variant-enums');
            return [false, { tag: 'err' }, 'a'];
          },
        },
      };
  }
  throw new Error(`no host functions for ${file} (add them to component-smoke.ts)`);
}

/** A default value of a type: enough for the WASI calls a guest makes while starting. */
function defaultValue(t: ValueType | undefined): unknown {
  if (t === undefined) return undefined;
  switch (t.kind) {
    case 'bool': return false;
    case 'u64': case 's64': return 0n;
    case 'string': return '';
    case 'char': return 'a';
    case 'list': return [];
    case 'record': {
      const o: Record<string, unknown> = {};
      for (const f of t.fields) o[toLowerCamelCase(f.name)] = defaultValue(f.type);
      return o;
    }
    case 'tuple': return t.elements.map(defaultValue);
    case 'flags': return {};
    case 'enum': return t.names[0];
    case 'variant': return t.cases[0]!.type === undefined ? { tag: t.cases[0]!.name } : { tag: t.cases[0]!.name, val: defaultValue(t.cases[0]!.type) };
    case 'option': return undefined;
    case 'result': return t.ok === undefined ? { tag: 'ok' } : { tag: 'ok', val: defaultValue(t.ok) };
    default: return 0;
  }
}

/**
 * Stubs for every import the host functions leave open. One stub type per static resource: an import that
 * re-exports an earlier one (`(eq $r)`) must get the very same run-time type.
 */
export function stubInto(li: LinkerInstance, name: string, it: ExternType, stubs: Map<unknown, InstanceType<Api['ResourceType']>>): void {
  const p = api();
  if (li.defs.get(name) !== undefined && it.kind !== 'instance') return;
  if (it.kind === 'func') {
    const ft = it.type;
    li.func(name, () => defaultValue(ft.result));
  } else if (it.kind === 'type' && it.type instanceof p.ResourceType) {
    const stub = stubs.get(it.type.canonical) ?? new p.ResourceType('host', name);
    stubs.set(it.type.canonical, stub);
    li.resource(name, stub);
  } else if (it.kind === 'instance') {
    const inner = li.instance(name);
    for (const [n, e] of it.type.exports) stubInto(inner, n, e, stubs);
  }
}

/** Deep equality of expectations.json values (objects compare by keys, not key order). */
function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => jsonEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

export function runComponents(list: readonly ComponentSmoke[], binary: (m: number) => Uint8Array, tally: Tally): void {
  const p = api();
  for (const smoke of list) {
    const where = `components/jco/${smoke.file}`;
    const t0 = Date.now();
    let component: Component;
    let inst;
    const host = hostFor(smoke.file);
    try {
      component = new p.Component(binary(smoke.m), componentPacks());
      const linker = new p.Linker();
      for (const key of Object.keys(host.impls)) {
        const hash = key.indexOf('#');
        const li = hash < 0 ? linker : linker.instance(key.slice(0, hash));
        li.func(hash < 0 ? key : key.slice(hash + 1), host.impls[key]!);
      }
      const stubs = new Map<unknown, InstanceType<Api['ResourceType']>>();
      for (const [name, it] of component.type.imports) stubInto(linker, name, it, stubs);
      inst = linker.instantiate(component);
      tally.pass();
    } catch (e) {
      tally.fail(where, `compile/link/instantiate: ${describe(e)}`);
      continue;
    }
    for (const step of smoke.steps) {
      const label = `${where} ${step.call}(${JSON.stringify(step.args)})`;
      try {
        const f = inst.exports.func(step.call);
        const params = f.type.params;
        const got = toJson(f.type.result, f.call(step.args.map((a, i) => fromJson(params[i]!.type, a))));
        if (jsonEqual(got, step.result)) tally.pass();
        else tally.fail(label, `expected ${JSON.stringify(step.result)}, got ${JSON.stringify(got)}`);
      } catch (e) {
        tally.fail(label, describe(e));
      }
    }
    tally.time(where, Date.now() - t0);
    if (host.after === undefined) continue;
    const problem = host.after();
    if (problem === undefined) tally.pass();
    else tally.fail(where, problem);
  }
}
