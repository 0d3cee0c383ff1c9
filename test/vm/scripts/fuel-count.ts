// Prints the fuel each benchmark kernel consumes for run(n) as JSON: `node [--jitless] --import tsx
// test/vm/scripts/fuel-count.ts <shared dir>`. test/vm/fuel.test.ts compares the figures across engines.
import { readFileSync } from 'node:fs';
import { Instance, Module, Store } from '../../../src/index.js';

const shared = process.argv[2] ?? '../shared';
const START = 1e15;
const out: Record<string, { checksum: number; fuel: number }> = {};
for (const [name, n] of [['fib', 15], ['sha256', 2], ['i64mix', 2], ['nbody', 2], ['sort', 2], ['vm', 2]] as const) {
  const store = new Store({ fuel: START });
  const inst = new Instance(new Module(readFileSync(`${shared}/bench/wasm/${name}.wasm`)), {}, { store });
  const checksum = (inst.exports.run as (n: number) => number)(n) >>> 0;
  out[name] = { checksum, fuel: START - store.fuel };
}
console.log(JSON.stringify(out));
