// Run with `node --expose-gc --max-semi-space-size=2 --import tsx test/vm/scripts/store-gc.ts <shared dir>`: instantiates fib.wasm
// 20,000 times (per pass) and the adder component 5,000 times, calling each instance once (a cheap export) and dropping it, and prints
// RSS / heap / ArrayBuffer growth after GC as JSON (test/vm/store.test.ts asserts on it).
import { readFileSync } from 'node:fs';
import { Component, Instance, Linker, Module } from '../../../src/index.js';

const shared = process.argv[2] ?? '../shared';
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with --expose-gc');

function settle(): NodeJS.MemoryUsage {
  for (let i = 0; i < 4; i++) gc!();
  return process.memoryUsage();
}

const fib = new Module(readFileSync(`${shared}/bench/wasm/fib.wasm`));
const adder = new Component(readFileSync(`${shared}/fixtures/components/jco/transpile/runtime/adder.component.wasm`));
const linker = new Linker();

// warm up (compiled code, caches, the young generation grown to its working size) before the baseline
// one cheap call per instance (`default_n`): the instance's frames are set up and used; `run(1)` is the
// benchmark's workload (~0.7 ms), which would be most of this script's time and say nothing more about GC
function oneFib(): void {
  const inst = new Instance(fib, {});
  if ((inst.exports.default_n as () => number)() !== 9000) throw new Error('fib: wrong default_n');
}
function oneAdder(): void {
  const inst = linker.instantiate(adder);
  if (inst.exports.func('docs:adder/add@0.1.0#add').call([2, 3]) !== 5) throw new Error('adder: wrong result');
}
for (let i = 0; i < 1000; i++) { oneFib(); oneAdder(); }
// The whole workload twice; the second pass is measured. The first sizes V8's heap spaces for this
// workload (memory V8 keeps committed, not objects we keep); what we retain grows again in the second.
function pass(): void {
  for (let i = 0; i < 20_000; i++) oneFib();
  for (let i = 0; i < 5_000; i++) oneAdder();
}
pass();
const before = settle();
pass();
const after = settle();
const mb = (x: number): number => Math.round((x / 1e6) * 10) / 10;
console.log(JSON.stringify({
  rssGrowthMB: mb(after.rss - before.rss),
  heapGrowthMB: mb(after.heapUsed - before.heapUsed),
  arrayBufferGrowthMB: mb(after.arrayBuffers - before.arrayBuffers),
  rssMB: mb(after.rss),
}));
