// The component half of `purewasm demo`: real components built by real toolchains, instantiated through
// the Linker and called with JS values. Returns the number of failures.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Component, Linker } from '../index.js';
import { COMPONENT_PACKS, PACKS } from './packs.js';

interface Call {
  readonly file: string;
  readonly iface: string | undefined;
  readonly func: string;
  readonly args: unknown[];
  readonly expect: string;
}

const CALLS: readonly Call[] = [
  { file: 'transpile/runtime/adder.component.wasm', iface: 'docs:adder/add@0.1.0', func: 'add', args: [1, 2], expect: '3' },
  { file: 'transpile/runtime/adder.component.wasm', iface: 'docs:adder/add@0.1.0', func: 'add', args: [0xffffffff, 1], expect: '0' },
  {
    file: 'jco/components/flavorful.component.wasm',
    iface: 'test:flavorful/test',
    func: 'f-list-in-record3',
    args: [{ a: 'list_in_record3 input' }],
    expect: '{"a":"list_in_record3 output"}',
  },
  { file: 'jco/components/flavorful.component.wasm', iface: 'test:flavorful/test', func: 'errno-result', args: [], expect: '{"tag":"err","val":"b"}' },
];

export function runComponentDemo(shared: string, write: (s: string) => void): number {
  let failures = 0;
  write('\nreal components: instantiate through the Linker, call with JS values\n');
  const cache = new Map<string, ReturnType<Linker['instantiate']>>();
  for (const c of CALLS) {
    const label = `${c.file.split('/').pop()} ${c.func}(${c.args.map((a) => JSON.stringify(a)).join(', ')})`;
    try {
      let inst = cache.get(c.file);
      if (!inst) {
        const component = new Component(readFileSync(join(shared, 'fixtures/components/jco', c.file)), COMPONENT_PACKS);
        // These calls need none of the components' imports (WASI, test hosts): unused imports trap if called.
        inst = new Linker().defineUnknownImportsAsTraps(component).instantiate(component);
        cache.set(c.file, inst);
      }
      const exports = c.iface === undefined ? inst.exports : inst.exports.instance(c.iface);
      const got = JSON.stringify(exports.func(c.func).call(c.args));
      const ok = got === c.expect;
      if (!ok) failures++;
      write(`  ${label} = ${got}  ${ok ? 'ok' : `MISMATCH (expected ${c.expect})`}\n`);
    } catch (e) {
      failures++;
      write(`  ${label} FAILED: ${e instanceof Error ? e.message : String(e)}\n`);
    }
  }
  return failures;
}
