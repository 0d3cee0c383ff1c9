// Runs the benchmark kernels (real C programs compiled to wasm) in our VM and in Node's WebAssembly (the
// oracle) at a small n: the checksum returned by run(n) and the final memory must be identical.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { WasmValue } from '../../src/vm/values.js';
import { importPart, sharedDir } from './corpus.js';

interface VmApi {
  Module: new (bytes: Uint8Array) => unknown;
  Instance: new (m: unknown, imports: object) => { invoke(name: string, args: WasmValue[]): WasmValue[]; exports: Record<string, unknown> };
}
interface NodeWasm {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (m: object, imports: object) => { exports: Record<string, unknown> };
}
const node = (globalThis as unknown as { WebAssembly: NodeWasm }).WebAssembly;
const vm = await importPart<VmApi>('vm/index.js');

const KERNELS: [string, number][] = [['fib', 1], ['i64mix', 10], ['nbody', 1], ['sort', 1], ['sha256', 1], ['vm', 10]];

describe('benchmark kernels: our VM vs Node', () => {
  for (const [name, n] of KERNELS) {
    it(`${name}: run(${n}) and memory match`, () => {
      const bytes = new Uint8Array(readFileSync(join(sharedDir, 'bench/wasm', `${name}.wasm`)));
      const theirs = new node.Instance(new node.Module(bytes), {});
      const want = ((theirs.exports.run as (n: number) => number)(n) >>> 0).toString(16);

      const ours = new vm!.Instance(new vm!.Module(bytes), {});
      const t0 = performance.now();
      const [r] = ours.invoke('run', [{ type: 'i32', value: n }]);
      console.log(`${name} run(${n}) in our VM: ${(performance.now() - t0).toFixed(0)} ms`);
      expect(r?.type).toBe('i32');
      expect(((r as { value: number }).value >>> 0).toString(16)).toBe(want);

      const a = new Uint8Array((theirs.exports.memory as { buffer: ArrayBuffer }).buffer);
      const b = new Uint8Array((ours.exports.memory as { buffer: ArrayBuffer }).buffer);
      expect(b.length).toBe(a.length);
      expect(b.findIndex((x, i) => a[i] !== x)).toBe(-1);
    });
  }
});
