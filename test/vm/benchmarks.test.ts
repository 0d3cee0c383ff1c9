// The six benchmark modules give the same checksums as Node's WebAssembly at a small n.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Instance, Module } from '../../src/index.js';
import { NodeWasm } from './wasm-builder.js';
import { SHARED } from '../shared.js';

const names = ['fib', 'i64mix', 'nbody', 'sort', 'sha256', 'vm'];

describe('benchmark modules match Node', () => {
  for (const name of names) {
    it(name, () => {
      // A Buffer from readFileSync is often a view into a larger pool: exercises byteOffset handling.
      const bytes = readFileSync(`${SHARED}/bench/wasm/${name}.wasm`);
      const ours = new Instance(new Module(bytes), {}).exports as Record<string, (n?: number) => number>;
      const node = new NodeWasm.Instance(new NodeWasm.Module(bytes), {}).exports;
      expect(ours.default_n()).toBe(node.default_n());
      for (const n of [1, 2]) expect(ours.run(n)).toBe(node.run(n));
      // Memory contents agree too.
      const a = new Uint8Array((ours.memory as unknown as { buffer: ArrayBuffer }).buffer);
      const b = new Uint8Array(node.memory.buffer);
      expect(a.length).toBe(b.length);
      expect(Buffer.compare(Buffer.from(a), Buffer.from(b))).toBe(0);
    });
  }
});
