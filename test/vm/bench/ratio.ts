// Times run(n) of the six benchmark modules on purewasm and on Node's WebAssembly (the oracle) at the same n
// and prints the ratio. Usage: npx tsx test/vm/bench/ratio.ts [divisor=40] [names...]
import { readFileSync } from 'node:fs';
import { Instance, Module } from '../../../src/index.js';
import { SHARED } from '../../shared.js';

const W = (globalThis as { WebAssembly?: any }).WebAssembly;
const divisor = Number(process.argv[2] ?? 40);
const names = process.argv.length > 3 ? process.argv.slice(3) : ['fib', 'i64mix', 'nbody', 'sort', 'sha256', 'vm'];
const ratios: number[] = [];
for (const name of names) {
  const bytes = readFileSync(`${SHARED}/bench/wasm/${name}.wasm`);
  const ours = new Instance(new Module(bytes), {}).exports as Record<string, (n?: number) => number>;
  const node = new W.Instance(new W.Module(bytes), {}).exports;
  const n = Math.max(1, Math.round(node.default_n() / divisor));
  ours.run(1); // translate + warm up
  node.run(1);
  // The machine is shared and noisy: alternate engines for three rounds and keep each one's best time.
  let tOurs = Infinity;
  let tNode = Infinity;
  let r1 = 0;
  let r2 = 0;
  for (let round = 0; round < 3; round++) {
    let t = performance.now();
    r1 = ours.run(n);
    tOurs = Math.min(tOurs, performance.now() - t);
    for (let k = 0; k < 5; k++) {
      t = performance.now();
      r2 = node.run(n);
      tNode = Math.min(tNode, performance.now() - t);
    }
  }
  const ratio = tOurs / tNode;
  ratios.push(ratio);
  console.log(`${name.padEnd(8)} n=${String(n).padStart(6)} purewasm ${tOurs.toFixed(1).padStart(8)} ms  node ${tNode.toFixed(2).padStart(7)} ms  ratio ${ratio.toFixed(1).padStart(6)}x  ${r1 === r2 ? 'ok' : 'CHECKSUM MISMATCH'}`);
}
console.log(`geomean ratio ${Math.exp(ratios.reduce((a, b) => a + Math.log(b), 0) / ratios.length).toFixed(1)}x`);
