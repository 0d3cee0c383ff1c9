// `node --import tsx test/vm/scripts/snapshot-resume.ts <shared dir> <snapshot file>`: a fresh process
// instantiates sha256.wasm, restores the snapshot (a run(2) suspended by fuel), adds fuel, resumes the
// suspended call and prints its result (test/vm/snapshot.test.ts compares it with the uninterrupted run).
import { readFileSync } from 'node:fs';
import { Instance, Module, Store } from '../../../src/index.js';
import { restore } from '../../../src/snapshot/index.js';

const [shared, file] = process.argv.slice(2);
const store = new Store({ fuel: 0, outOfFuel: 'suspend' });
new Instance(new Module(readFileSync(`${shared}/bench/wasm/sha256.wasm`)), {}, { store });
const [call] = restore(store, new Uint8Array(readFileSync(file)));
store.addFuel(1e15);
console.log(JSON.stringify({ result: await call.resume() }));
