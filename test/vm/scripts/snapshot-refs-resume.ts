// `node --import tsx test/vm/scripts/snapshot-refs-resume.ts <snapshot file>`: a fresh process canonicalizes
// GC types unrelated to GC_MODULE's first (so that module's canonical type ids differ from those of the
// process that took the snapshot), restores the snapshot into a store of GC_MODULE and prints what that
// module's checks read and its canonical type ids (test/vm/snapshot-refs.test.ts compares them).
import { readFileSync } from 'node:fs';
import { Instance, Module, Store } from '../../../src/index.js';
import { restore } from '../../../src/snapshot/index.js';
import { PACKS } from '../../packs.js';
import { GC_MODULE, UNRELATED_TYPES, gcImports } from '../snapshot-refs-modules.js';

const { parse } = await import('@bytecodealliance/jco-transpile/wasm-tools');
new Module(await parse(UNRELATED_TYPES), PACKS);
const m = new Module(await parse(GC_MODULE), PACKS);
const store = new Store();
const e = new Instance(m, gcImports, { store }).exports as Record<string, (...a: unknown[]) => unknown>;
restore(store, new Uint8Array(readFileSync(process.argv[2])));
const checks = { packed: [e.b_s(), e.b_u(), e.h_s(), e.h_u(), e.w()], cycle: e.cycle(), shared: e.shared(), arrays: e.arrays(), i31: e.i31(), exn: e.exn() };
console.log(JSON.stringify({ typeIds: Array.from(m.validated.canonicalTypeIds), checks }, (_k, v) => (typeof v === 'bigint' ? String(v) : v)));
