// Deepest host ↔ wasm re-entrance that completes: f(n) = n == 0 ? 0 : h(n - 1) + 1, h calls f again.
// Prints purewasm's depth and V8's own WebAssembly's (binary search on n). Usage: tsx bench/reentry-depth.ts
import { Instance, Module } from '../src/index.js';
import { buildModule, i32 } from '../test/vm/wasm-builder.js';

const bytes = buildModule({
  imports: [{ module: 'env', name: 'h', params: [i32], results: [i32] }],
  funcs: [{
    params: [i32], results: [i32],
    body: [0x20, 0, 0x45, 0x04, 0x7f, 0x41, 0, 0x05, 0x20, 0, 0x41, 1, 0x6b, 0x10, 0, 0x41, 1, 0x6a, 0x0b],
    export: 'f',
  }],
});

function deepest(f: (n: number) => number): number {
  let lo = 1, hi = 100_000;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    let ok = false;
    try { ok = f(mid) === mid; } catch { ok = false; }
    if (ok) lo = mid; else hi = mid - 1;
  }
  return lo;
}

let inst: Instance | undefined;
inst = new Instance(new Module(bytes), { env: { h: (n: number) => (inst!.exports.f as (n: number) => number)(n) } });
const ours = deepest(inst.exports.f as (n: number) => number);
let out = `purewasm ${ours}`;
interface HostWasm {
  Module: new (b: Uint8Array) => object;
  Instance: new (m: object, i: object) => { exports: Record<string, unknown> };
}
const W = (globalThis as unknown as { WebAssembly?: HostWasm }).WebAssembly;
if (W !== undefined) {
  let vi: { exports: Record<string, unknown> } | undefined;
  vi = new W.Instance(new W.Module(bytes), { env: { h: (n: number) => (vi!.exports.f as (n: number) => number)(n) } });
  out += `  v8 ${deepest(vi.exports.f as (n: number) => number)}`;
}
console.log(out);
