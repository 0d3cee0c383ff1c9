// Runs the call steps of an expectations.json entry against an instance.
import { expect } from 'vitest';
import type { ComponentInstance } from '../../src/component/runtime/index.js';
import { Linker, LinkerInstance, ResourceHandle, ResourceType } from '../../src/component/runtime/index.js';
import type { ValueType } from '../../src/component/value-types.js';
import type { ExternType } from '../../src/component/types.js';
import { toLowerCamelCase } from '../../src/abi/index.js';
import type { Component } from '../../src/component/runtime/index.js';
import { JCO, expectationsFor, loadComponent } from './helpers.js';
import { coverage, setUp, type Tier } from '../tiers/tiers.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromJson, toJson } from './json-values.js';

type HostFns = Record<string, (...args: any[]) => unknown>;

/**
 * A linker with `impls` ('iface#func' or root 'func'), host `resources` ('iface#name') and stubs for everything
 * else (WASI). Stubbed resources that the component requires to be one of these (`(eq $r)`) reuse it.
 */
export function linkerWith(component: Component, impls: HostFns, resources: Record<string, ResourceType> = {}): Linker {
  const linker = new Linker();
  const at = (k: string): [LinkerInstance, string] => {
    const hash = k.indexOf('#');
    return hash < 0 ? [linker, k] : [linker.instance(k.slice(0, hash)), k.slice(hash + 1)];
  };
  for (const [k, fn] of Object.entries(impls)) {
    const [li, name] = at(k);
    li.func(name, fn);
  }
  for (const [k, r] of Object.entries(resources)) {
    const [li, name] = at(k);
    li.resource(name, r);
  }
  return defineStubs(linker, component);
}

/** A default value of a type (0, '', [], none, first case …): enough for WASI calls made during guest start-up. */
function defaultValue(t: ValueType | undefined): unknown {
  if (t === undefined) return undefined;
  switch (t.kind) {
    case 'bool': return false;
    case 'u64': case 's64': return 0n;
    case 'string': return '';
    case 'char': return 'a';
    case 'list': return [];
    case 'record': return Object.fromEntries(t.fields.map((f) => [toLowerCamelCase(f.name), defaultValue(f.type)]));
    case 'tuple': return t.elements.map(defaultValue);
    case 'flags': return {};
    case 'enum': return t.names[0];
    case 'variant': return t.cases[0].type === undefined ? { tag: t.cases[0].name } : { tag: t.cases[0].name, val: defaultValue(t.cases[0].type) };
    case 'option': return undefined;
    case 'result': return t.ok === undefined ? { tag: 'ok' } : { tag: 'ok', val: defaultValue(t.ok) };
    case 'own': return { stub: stubRep++ }; // a host resource's own value stands for itself
    default: return 0;
  }
}
let stubRep = 1;
export const stubCalls: string[] = [];

/** Imports not given by the test: WASI-like functions that record the call and return a default value. */
function defineStubs(li: LinkerInstance, component: Component): Linker {
  // One stub per static resource: an import re-exporting an earlier one (`(eq $r)`) must get the same type.
  const stubs = new Map<ResourceType, ResourceType>();
  for (const [name, it] of component.type.imports) stubInto(li, name, it, stubs);
  return li as Linker;
}
function stubInto(li: LinkerInstance, name: string, it: ExternType, stubs: Map<ResourceType, ResourceType>): void {
  const d = li.defs.get(name);
  if (d !== undefined && it.kind !== 'instance') {
    if (d.kind === 'resource' && it.kind === 'type' && it.type instanceof ResourceType && !stubs.has(it.type.canonical)) stubs.set(it.type.canonical, d.type);
    return;
  }
  if (it.kind === 'func') {
    const ft = it.type;
    li.func(name, () => {
      stubCalls.push(name);
      return defaultValue(ft.result);
    });
  } else if (it.kind === 'type' && it.type instanceof ResourceType) {
    const stub = stubs.get(it.type.canonical) ?? new ResourceType('host', name);
    stubs.set(it.type.canonical, stub);
    li.resource(name, stub);
  } else if (it.kind === 'instance') {
    const inner = li.instance(name);
    for (const [n, e] of it.type.exports) stubInto(inner, n, e, stubs);
  }
}

function specialArg(j: unknown): unknown {
  if (j === '<1000 x "blah">') return Array.from({ length: 1000 }, () => 'blah');
  return j;
}

export function runSteps(inst: ComponentInstance, steps: Record<string, unknown>[]): number {
  const saved = new Map<string, unknown>();
  let n = 0;
  for (const s of steps) {
    if (typeof s.call !== 'string') continue;
    const f = inst.exports.func(s.call);
    const ps = f.type.params;
    const args = ((s.args as unknown[]) ?? []).map((a, i) => fromJson(ps[i].type, specialArg(a)));
    if (s.trap === true || s.result === 'trap') {
      expect(() => f.call(args), s.call).toThrow();
      n++;
      continue;
    }
    let raw: unknown;
    try {
      raw = f.call(args);
    } catch (e) {
      throw new Error(`step ${s.call}(${JSON.stringify(s.args)}) failed: ${(e as Error).message}; WASI stubs called: ${stubCalls.join(', ')}`);
    }
    const r = toJson(f.type.result, raw);
    const want = s.result;
    if (typeof want === 'string' && want.startsWith('<record as ')) saved.set(want.slice(11, -1), r);
    else if (typeof want === 'string' && want.startsWith('<equals ')) expect(r, s.call).toEqual(saved.get(want.slice(8, -1)));
    else expect(r, `${s.call}(${JSON.stringify(s.args)})`).toEqual(want);
    n++;
  }
  return n;
}

/** Load an expectations entry, link it with `impls`, run its steps; returns the instance. With
 *  PUREWASM_TEST_TIER set (test/tiers/run-all.ts runs these tests so, by hand) it runs in that tier
 *  (test/tiers/tiers.ts), and in the tiers that compile at the first call every function it called must have
 *  run compiled. */
export function runEntry(file: string, impls: HostFns, entry = file): { inst: ComponentInstance; calls: number } {
  const c = loadComponent(file);
  const tier = process.env.PUREWASM_TEST_TIER as Tier | undefined;
  const setup = tier === undefined ? undefined : setUp(tier, file, new Uint8Array(readFileSync(join(JCO, file))));
  const inst = linkerWith(c, impls).instantiate(c, setup === undefined ? undefined : { store: setup.store, compiled: setup.compiled as never });
  const calls = runSteps(inst, expectationsFor(entry).steps);
  // ('auto' and 'osr' compile a function at its third call: some of these never get there)
  if (setup !== undefined && tier !== 'interpreter' && tier !== 'auto' && tier !== 'osr') {
    expect(coverage(setup.store).compiled, tier).toBeGreaterThan(0);
    expect(coverage(setup.store).interpreted, tier).toBe(0);
  }
  return { inst, calls };
}
